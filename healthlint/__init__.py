"""healthlint: a content-quality linter for health articles.

The Python API (``check_text``, ``check_paths``) lives in :mod:`healthlint.api`
and is imported lazily, so ``healthlint --version`` never loads spaCy.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "check_text", "check_paths"]


def __getattr__(name: str):
    if name in ("check_text", "check_paths"):
        from . import api

        return getattr(api, name)
    raise AttributeError(name)
