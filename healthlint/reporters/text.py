"""The default human format: ``path:line:col: severity rule-id message``.

One line per finding, grouped by file, then counts by rule and by severity.
Editors, reviewdog and problem matchers parse the ``path:line:col:`` prefix.
"""
from __future__ import annotations

from . import Report

_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_RESET = "\x1b[0m"
_DIM = "\x1b[2m"


def render(report: Report) -> str:
    lines: list[str] = []
    for result in report.results:
        if result.error:
            continue  # file errors go to standard error (see cli)
        for f in result.findings:
            sev = f.severity
            if report.color:
                sev = f"{_COLORS.get(sev, '')}{sev}{_RESET}"
            line = f"{result.path}:{f.line}:{f.column}: {sev} {f.rule} {f.message}"
            if f.suggestion:
                hint = f"  [suggestion: {f.suggestion}]"
                line += f"{_DIM}{hint}{_RESET}" if report.color else hint
            lines.append(line)
    s = report.summary()
    if s["findings"]:
        by_sev = ", ".join(f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in s["by_severity"].items())
        lines.append("")
        lines.append(
            f"Found {s['findings']} finding{'s' if s['findings'] != 1 else ''} "
            f"in {s['files']} file{'s' if s['files'] != 1 else ''} ({by_sev})."
        )
        width = max(len(r) for r in s["by_rule"])
        for rule, n in sorted(s["by_rule"].items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {rule:<{width}}  {n}")
    else:
        checked = s["files"] - s["errors"]
        lines.append(f"No findings in {checked} file{'s' if checked != 1 else ''}.")
    return "\n".join(lines) + "\n"
