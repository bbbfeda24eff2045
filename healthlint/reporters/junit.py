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

from . import Report

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


def render(report: Report) -> str:
    default_rules = [rid for rid, m in report.rules.items() if m.get("enabled", True)]
    root = ET.Element("testsuites", name="healthlint")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for r in report.results:
        suite = ET.SubElement(root, "testsuite", name=_clean(r.path))
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
            totals[k] += v
    for k, v in totals.items():
        root.set(k, str(v))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
