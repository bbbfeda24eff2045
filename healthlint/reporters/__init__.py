"""Reporters: one module per ``--format``.

Each module has ``stream(results, write, *, color, rules, version) -> Tally``,
which writes the report through ``write`` as the file results arrive (so
memory stays flat however many files are checked) and returns the counts,
and ``render(report) -> str`` for a whole :class:`Report` at once.  A
:class:`Report` carries the file results plus what every format needs (rule
metadata, the tool version).  Modules are discovered by name, so a new format
is a new file here.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..findings import SEVERITIES, FileResult


class Tally:
    """Counts by rule and by severity, kept as results stream past."""

    def __init__(self) -> None:
        self.files = 0
        self.errors = 0
        self.by_rule: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.errors += bool(result.error)
        for f in result.findings:
            self.by_rule[f.rule] += 1
            self.by_severity[f.severity] += 1

    def summary(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "findings": sum(self.by_rule.values()),
            "errors": self.errors,
            "by_rule": dict(sorted(self.by_rule.items())),
            "by_severity": {s: self.by_severity[s] for s in SEVERITIES if self.by_severity[s]},
        }


@dataclass
class Report:
    results: list[FileResult]
    version: str = ""
    # Rule metadata by id: summary, category, guideline, severity, documentation.
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    color: bool = False

    def summary(self) -> dict[str, Any]:
        tally = Tally()
        for r in self.results:
            tally.add(r)
        return tally.summary()


def formats() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def stream(fmt: str, results, write, *, color: bool = False, rules: dict[str, dict[str, Any]] | None = None,
           version: str = "") -> Tally:
    """Write ``results`` (an iterator) in ``fmt`` through ``write``; return the counts."""
    module = importlib.import_module(f"{__name__}.{fmt}")
    return module.stream(results, write, color=color, rules=rules or {}, version=version)


def render(fmt: str, report: Report) -> str:
    module = importlib.import_module(f"{__name__}.{fmt}")
    return module.render(report)


def collect(stream_fn, report: Report) -> str:
    """A format's whole report as one string: what its ``stream`` writes for ``report``."""
    out: list[str] = []
    stream_fn(iter(report.results), out.append, color=report.color, rules=report.rules, version=report.version)
    return "".join(out)
