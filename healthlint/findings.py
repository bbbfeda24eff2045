"""Findings: what a rule reports, in plain picklable, JSON-ready objects.

A rule creates a :class:`Finding` with character offsets into the *linted text*
(``Document.text``).  The engine then maps those offsets back to the original
file (``Document.source``) and fills in line and column numbers, so that
``source[start:end] == text`` holds for every finding the user sees.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}


@dataclass
class Location:
    """A range in the original file: 1-based line/column, 0-based code-point offsets."""

    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "end_line": self.end_line,
                "end_column": self.end_column, "start": self.start, "end": self.end, "text": self.text}


@dataclass
class Edit:
    """A safe, deterministic replacement of ``source[start:end]`` by ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass
class Finding:
    """One problem found by one rule.

    ``start``/``end`` are offsets into the linted text while the rule runs and
    offsets into the original file once the engine has located the finding.
    """

    rule: str
    severity: str
    message: str
    start: int
    end: int
    suggestion: str | None = None
    related: list[Location] = field(default_factory=list)
    # Offsets (into the linted text) of related ranges, resolved by the engine.
    related_spans: list[tuple[int, int]] = field(default_factory=list)
    fix: list[Edit] | None = None
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (see README, "JSON output")."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "suggestion": self.suggestion,
            "related": [loc.to_dict() for loc in self.related],
        }

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.rule)


@dataclass
class FileResult:
    """Everything healthlint has to say about one input file."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "error": self.error,
            "findings": [f.to_dict() for f in self.findings],
        }
