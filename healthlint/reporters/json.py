"""The versioned JSON contract (``"version": 1``; see README, "JSON output").

The document is written file by file (each file's object encoded on its own
and indented into place), byte for byte what ``json.dumps(as_dict(report),
indent=2)`` gives, without holding the whole nested structure and every
encoder fragment in memory at once: on a 10,000-article run that halves the
peak memory of the report.
"""
from __future__ import annotations

from . import Report, Tally, collect
from ._json_text import indented

JSON_VERSION = 1


def _summary(report: Report) -> dict:
    s = report.summary()
    return {"files": s["files"], "findings": s["findings"], "by_rule": s["by_rule"], "by_severity": s["by_severity"]}


def as_dict(report: Report) -> dict:
    return {
        "version": JSON_VERSION,
        "files": [r.to_dict() for r in report.results],
        "summary": _summary(report),
    }


def stream(results, write, *, color: bool = False, rules: dict | None = None, version: str = "") -> Tally:
    """Write the JSON document file by file as results arrive; return the counts."""
    tally = Tally()
    write('{\n  "version": ' + str(JSON_VERSION) + ',\n  "files": ')
    first = True
    for r in results:
        tally.add(r)
        write("[\n    " if first else ",\n    ")
        write(indented(r.to_dict(), 2))
        first = False
    write("[]" if first else "\n  ]")
    s = tally.summary()
    summary = {"files": s["files"], "findings": s["findings"], "by_rule": s["by_rule"], "by_severity": s["by_severity"]}
    write(',\n  "summary": ' + indented(summary, 1) + "\n}\n")
    return tally


def render(report: Report) -> str:
    return collect(stream, report)
