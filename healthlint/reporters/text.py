"""The default human format: ``path:line:col: severity rule-id message``.

One line per finding, grouped by file, then counts by rule and by severity.
Editors, reviewdog and problem matchers parse the ``path:line:col:`` prefix.
Lines are written as each file's results arrive (``stream``), so a run over
a whole archive does not keep its findings in memory.
"""
from __future__ import annotations

from . import Report, Tally, collect

_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_RESET = "\x1b[0m"
_DIM = "\x1b[2m"


def file_lines(result, color: bool = False) -> list[str]:
    """One line per finding of one file (file errors go to standard error, see cli)."""
    if result.error:
        return []
    lines = []
    for f in result.findings:
        sev = f.severity
        if color:
            sev = f"{_COLORS.get(sev, '')}{sev}{_RESET}"
        line = f"{result.path}:{f.line}:{f.column}: {sev} {f.rule} {f.message}"
        if f.suggestion:
            hint = f"  [suggestion: {f.suggestion}]"
            line += f"{_DIM}{hint}{_RESET}" if color else hint
        lines.append(line)
    return lines


def _files(n: int) -> str:
    return f"{n} file{'s' if n != 1 else ''}"


def summary_lines(s: dict) -> list[str]:
    """The closing counts: findings in the files checked, and the files that could not be."""
    checked = s["files"] - s["errors"]
    unchecked = f" {_files(s['errors'])} could not be checked (see the errors)." if s["errors"] else ""
    if not s["findings"]:
        return [f"No findings in {_files(checked)}.{unchecked}"]
    by_sev = ", ".join(f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in s["by_severity"].items())
    lines = [
        "",
        f"Found {s['findings']} finding{'s' if s['findings'] != 1 else ''} "
        f"in {_files(checked)} ({by_sev}).{unchecked}",
    ]
    width = max(len(r) for r in s["by_rule"])
    for rule, n in sorted(s["by_rule"].items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {rule:<{width}}  {n}")
    return lines


def stream(results, write, *, color: bool = False, rules: dict | None = None, version: str = "") -> Tally:
    tally = Tally()
    for result in results:
        tally.add(result)
        for line in file_lines(result, color):
            write(line + "\n")
    write("\n".join(summary_lines(tally.summary())) + "\n")
    return tally


def render(report: Report) -> str:
    return collect(stream, report)
