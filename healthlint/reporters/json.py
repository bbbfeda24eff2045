"""The versioned JSON contract (``"version": 1``; see README, "JSON output")."""
from __future__ import annotations

import json

from . import Report

JSON_VERSION = 1


def as_dict(report: Report) -> dict:
    s = report.summary()
    return {
        "version": JSON_VERSION,
        "files": [r.to_dict() for r in report.results],
        "summary": {
            "files": s["files"],
            "findings": s["findings"],
            "by_rule": s["by_rule"],
            "by_severity": s["by_severity"],
        },
    }


def render(report: Report) -> str:
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n"
