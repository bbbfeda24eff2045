"""Reporters: one module per ``--format``, each with ``render(report) -> str``.

A :class:`Report` carries the file results plus what every format needs
(rule metadata, the tool version).  Modules are discovered by name, so a new
format is a new file here.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..findings import SEVERITIES, FileResult


@dataclass
class Report:
    results: list[FileResult]
    version: str = ""
    # Rule metadata by id: summary, category, guideline, severity, documentation.
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    color: bool = False

    def summary(self) -> dict[str, Any]:
        by_rule: Counter[str] = Counter()
        by_severity: Counter[str] = Counter()
        for r in self.results:
            for f in r.findings:
                by_rule[f.rule] += 1
                by_severity[f.severity] += 1
        return {
            "files": len(self.results),
            "findings": sum(by_rule.values()),
            "errors": sum(1 for r in self.results if r.error),
            "by_rule": dict(sorted(by_rule.items())),
            "by_severity": {s: by_severity[s] for s in SEVERITIES if by_severity[s]},
        }


def formats() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def render(fmt: str, report: Report) -> str:
    module = importlib.import_module(f"{__name__}.{fmt}")
    return module.render(report)
