"""The Python API: lint text or files without the command line.

Findings come back as plain dicts with the same fields as the JSON output, so
they pickle and serialise anywhere (an ETL job, a Dask or Spark worker).
One pipeline is built per process and reused.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from .config import ConfigResolver
from .discovery import expand_paths


@lru_cache(maxsize=8)
def _linter(config: str | None, model: str | None):
    from .engine import Linter

    return Linter(ConfigResolver(config), model=model)


def check_text(text: str, path: str | None = None, config: str | None = None, model: str | None = None) -> list[dict[str, Any]]:
    """Findings for one article given as a string.

    ``path`` names the article in findings and picks the format by suffix
    (``.md``, ``.html``; plain text otherwise).  ``config`` is a path to a
    ``.healthlint.yaml`` (default: built-in rules).
    """
    result = _linter(config, model).check_text(text, path or "<text>")
    if result.error:
        raise ValueError(result.error)
    return [f.to_dict() for f in result.findings]


def check_paths(paths, config: str | None = None, model: str | None = None) -> list[dict[str, Any]]:
    """File results (``{"path", "error", "findings"}``) for files and folders."""
    if isinstance(paths, str):
        paths = [paths]
    linter = _linter(config, model)
    targets = expand_paths([str(p) for p in paths], linter.resolver.base_for(None).is_excluded)
    out = []
    ok = [(t.path, None) for t in targets if not t.error]
    results = {r.path: r for r in linter.check_files(ok)}
    for t in targets:
        if t.error:
            out.append({"path": t.path, "error": t.error, "findings": []})
        else:
            out.append(results[t.path].to_dict())
    return out
