"""The rule registry: one module per rule in this package, each defining ``RULE``.

Modules are discovered by name, so adding a rule is adding a file (and its
section in ``rules.yaml``).  Importing a rule module never imports spaCy.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from .base import CheckContext, Rule

__all__ = ["CheckContext", "Rule", "rule_classes", "get_rule_class", "rule_ids"]

_NOT_RULES = {"base"}


@lru_cache(maxsize=1)
def rule_classes() -> dict[str, type[Rule]]:
    """Every rule class by id, in a stable order (by module name)."""
    found: dict[str, type[Rule]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name in _NOT_RULES or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        cls = getattr(module, "RULE", None)
        if cls is not None:
            found[cls.id] = cls
    return found


def rule_ids() -> list[str]:
    return list(rule_classes())


def get_rule_class(rule_id: str) -> type[Rule] | None:
    return rule_classes().get(rule_id)
