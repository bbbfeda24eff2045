"""JUnit XML (``--format junit``): for CI test-report views (GitLab, Jenkins, Azure).

One ``<testsuite>`` per file and one ``<testcase>`` per file and rule
(``classname`` = the file, ``name`` = the rule id): every rule enabled by
default, plus any other rule that reported in that file.  A rule with error
or warning findings fails, with one line per finding (``line:col severity
message [evidence]``) in the ``<failure>``; info findings are listed in the
test case's ``<system-out>`` without failing it.  A file that could not be
checked has one test case with an ``<error>``.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from . import Report, Tally, collect

_INVALID_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(s: str) -> str:
    """Drop characters XML 1.0 cannot carry (control characters, lone surrogates)."""
    return _INVALID_XML.sub("\ufffd", s)


def _line(f) -> str:
    out = f"{f.line}:{f.column} {f.severity} {f.message}"
    if f.text:
        out += f" [{' '.join(f.text.split())}]"
    if f.suggestion:
        out += f" (suggestion: {f.suggestion})"
    return out


def _suite(r, default_rules: list[str]) -> tuple[ET.Element, dict[str, int]]:
    """One file's ``<testsuite>`` and its counts."""
    suite = ET.Element("testsuite", name=_clean(r.path))
    counts = {"tests": 0, "failures": 0, "errors": 0}
    if r.error:
        case = ET.SubElement(suite, "testcase", classname=_clean(r.path), name="read")
        err = ET.SubElement(case, "error", message=_clean(r.error), type="InputError")
        err.text = _clean(r.error)
        counts["tests"] += 1
        counts["errors"] += 1
    else:
        by_rule: dict[str, list] = {rid: [] for rid in default_rules}
        for f in r.findings:
            by_rule.setdefault(f.rule, []).append(f)
        for rid, findings in by_rule.items():
            case = ET.SubElement(suite, "testcase", classname=_clean(r.path), name=rid)
            counts["tests"] += 1
            failing = [f for f in findings if f.severity in ("error", "warning")]
            notes = [f for f in findings if f not in failing]
            if failing:
                counts["failures"] += 1
                n = len(failing)
                fail = ET.SubElement(
                    case, "failure", type=rid,
                    message=_clean(f"{n} finding{'s' if n != 1 else ''}: {failing[0].message}"),
                )
                fail.text = _clean("\n".join(_line(f) for f in failing))
            if notes:
                out = ET.SubElement(case, "system-out")
                out.text = _clean("\n".join(_line(f) for f in notes))
    for k, v in counts.items():
        suite.set(k, str(v))
    return suite, counts


def stream(results, write, *, color: bool = False, rules: dict | None = None, version: str = "") -> Tally:
    """Write the report; return the counts.

    The totals go in the opening ``<testsuites>`` tag, before every suite, so
    each file's suite is written to a temporary file as its result arrives and
    copied out after the last one: memory stays flat, and nothing is written
    through ``write`` until every file is checked.  Without a usable temporary
    folder the suites are kept in memory.
    """
    import io
    import tempfile

    try:
        spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
    except OSError:  # no usable temporary folder: keep the suites in memory instead
        spool = io.StringIO()
    default_rules = [rid for rid, m in (rules or {}).items() if m.get("enabled", True)]
    totals = {"tests": 0, "failures": 0, "errors": 0}
    tally = Tally()
    with spool:
        for r in results:
            tally.add(r)
            suite, counts = _suite(r, default_rules)
            for k, v in counts.items():
                totals[k] += v
            ET.indent(suite, level=1)
            spool.write("\n  " + ET.tostring(suite, encoding="unicode"))
        head = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="healthlint"' + "".join(
            f' {k}="{v}"' for k, v in totals.items())
        if not tally.files:
            write(head + " />\n")
            return tally
        write(head + ">")
        spool.seek(0)
        for chunk in iter(lambda: spool.read(1 << 16), ""):
            write(chunk)
    write("\n</testsuites>\n")
    return tally


def render(report: Report) -> str:
    return collect(stream, report)
