"""GitHub Actions workflow commands (``--format github``): findings inline on pull requests.

One ``::error``, ``::warning`` or ``::notice`` (for info) line per finding,
with ``file``, ``line``, ``col``, ``endLine``, ``endColumn`` and a ``title``
of ``healthlint RULE``.  Values are escaped as the runner expects: ``%``,
CR and LF everywhere, and also ``:`` and ``,`` in properties.  A file that
could not be checked gives an ``::error file=...::`` line.
"""
from __future__ import annotations

from . import Report, Tally, collect

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props) -> str:
    parts = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind}{' ' + parts if parts else ''}::{escape_data(message)}"


def lines_of(r) -> list[str]:
    """The workflow commands for one file's result."""
    if r.error:
        return [command("error", r.error, file=r.path, title="healthlint")]
    lines = []
    for f in r.findings:
        message = f.message + (f"\nSuggestion: {f.suggestion}" if f.suggestion else "")
        lines.append(command(
            COMMANDS.get(f.severity, "warning"), message,
            file=r.path, line=f.line, col=f.column, endLine=f.end_line, endColumn=f.end_column,
            title=f"healthlint {f.rule}",
        ))
    return lines


def stream(results, write, *, color: bool = False, rules: dict | None = None, version: str = "") -> Tally:
    """Write each file's commands as its result arrives; return the counts."""
    tally = Tally()
    for r in results:
        tally.add(r)
        for line in lines_of(r):
            write(line + "\n")
    return tally


def render(report: Report) -> str:
    return collect(stream, report)
