"""SARIF 2.1.0 (``--format sarif``): for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` carries every rule's metadata (id, short and
full description, help text, default level); each result has its region
(1-based lines and columns, columns in Unicode code points, end column
exclusive, as SARIF specifies), ``relatedLocations`` for the other side of a
contradiction, and a ``partialFingerprints`` hash of the rule, the finding's
normalised text and its occurrence index among equal findings in the file,
so the fingerprint does not change when unrelated lines move.  Files that
could not be checked are reported as tool execution notifications.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import PurePath
from urllib.parse import quote

from . import Report, Tally, collect
from ._json_text import indented

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/healthlint/"
FINGERPRINT_KEY = "healthlintFinding/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A relative (or absolute ``file://``) URI reference for a checked path."""
    p = PurePath(path)
    posix = p.as_posix()
    if p.is_absolute():
        return "file://" + quote(posix)
    return quote(posix)


def _first_paragraph(doc: str) -> str:
    body = re.sub(r"^##[^\n]*\n+", "", doc.strip())
    para = body.split("\n\n", 1)[0]
    para = re.sub(r"^\*\*What it does\.?\*\*\.?\s*", "", para)
    return " ".join(para.replace("**", "").split())


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


def fingerprint(rule: str, text: str, index: int) -> str:
    payload = f"{rule}\0{_normalise(text)}\0{index}".encode("utf-8")
    return hashlib.sha256(payload).hexdigest()[:32]


def _region(loc) -> dict:
    region = {
        "startLine": loc.line,
        "startColumn": loc.column,
        "endLine": loc.end_line,
        "endColumn": loc.end_column,
        "charOffset": loc.start,
        "charLength": loc.end - loc.start,
    }
    if loc.text:
        region["snippet"] = {"text": loc.text}
    return region


def _rule_descriptor(rid: str, meta: dict) -> dict:
    doc = meta.get("documentation") or meta.get("summary") or rid
    summary = meta.get("summary") or rid
    props = {"tags": [t for t in (meta.get("category"), "health-content") if t]}
    if meta.get("guideline"):
        props["guideline"] = meta["guideline"]
    return {
        "id": rid,
        "name": "".join(w.capitalize() for w in rid.split("-")),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": _first_paragraph(doc) or summary},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {
            "enabled": bool(meta.get("enabled", True)),
            "level": LEVELS.get(meta.get("severity", "warning"), "warning"),
        },
        "properties": props,
    }


def _results_of(r, uri: str, index: dict[str, int], rule_ids: list[str]) -> list[dict]:
    """The SARIF results of one file; a rule first seen here is appended to ``rule_ids``."""
    out = []
    seen: dict[tuple[str, str], int] = {}
    for f in r.findings:
        if f.rule not in index:  # a finding from a rule without metadata still gets a descriptor
            index[f.rule] = len(rule_ids)
            rule_ids.append(f.rule)
        key = (f.rule, _normalise(f.text or f.message))
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        message = f.message + (f"\nSuggestion: {f.suggestion}" if f.suggestion else "")
        result = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVELS.get(f.severity, "warning"),
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(f)}}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f.rule, f.text or f.message, occurrence)},
        }
        if f.fix:
            result["fixes"] = [{
                "description": {"text": f.suggestion or f.message},
                "artifactChanges": [{
                    "artifactLocation": {"uri": uri},
                    "replacements": [
                        {"deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                         "insertedContent": {"text": e.replacement}}
                        for e in f.fix
                    ],
                }],
            }]
        if f.related:
            result["relatedLocations"] = [
                {
                    "id": i,
                    "physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(loc)},
                    "message": {"text": f"related: {loc.text}" if loc.text else "related"},
                }
                for i, loc in enumerate(f.related)
            ]
        out.append(result)
    return out


def _notification(r, uri: str) -> dict:
    """A file that could not be checked, as a tool execution notification."""
    return {
        "level": "error",
        "message": {"text": r.error},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
    }


def _tool(rules: dict, rule_ids: list[str], version: str) -> dict:
    return {"driver": {
        "name": "healthlint",
        "version": version or "0",
        "informationUri": INFORMATION_URI,
        "rules": [_rule_descriptor(rid, rules.get(rid, {})) for rid in rule_ids],
    }}


def _invocations(notifications: list[dict]) -> list[dict]:
    return [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}]


def as_dict(report: Report) -> dict:
    """The whole log as one object (the reference ``stream`` is tested against)."""
    rule_ids = list(report.rules)
    index = {rid: i for i, rid in enumerate(rule_ids)}
    results: list[dict] = []
    notifications = []
    for r in report.results:
        uri = artifact_uri(r.path)
        if r.error:
            notifications.append(_notification(r, uri))
        else:
            results.extend(_results_of(r, uri, index, rule_ids))
    run = {
        "columnKind": "unicodeCodePoints",
        "results": results,
        "tool": _tool(report.rules, rule_ids, report.version),
        "invocations": _invocations(notifications),
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def stream(results, write, *, color: bool = False, rules: dict | None = None, version: str = "") -> Tally:
    """Write the log file by file as results arrive; return the counts.

    The results come first and the tool's rule list after them, so a rule
    first seen in a finding can still be described; the bytes are those of
    ``json.dumps(as_dict(...), indent=2)``.  Only the notifications for
    unreadable files are kept until the end.
    """
    rules = rules or {}
    rule_ids = list(rules)
    index = {rid: i for i, rid in enumerate(rule_ids)}
    notifications: list[dict] = []
    tally = Tally()
    write('{\n  "$schema": ' + indented(SARIF_SCHEMA, 0) + ',\n  "version": "2.1.0",\n  "runs": [\n    {\n'
          '      "columnKind": "unicodeCodePoints",\n      "results": ')
    first = True
    for r in results:
        tally.add(r)
        uri = artifact_uri(r.path)
        if r.error:
            notifications.append(_notification(r, uri))
            continue
        for result in _results_of(r, uri, index, rule_ids):
            write(("[\n        " if first else ",\n        ") + indented(result, 4))
            first = False
    write("[]" if first else "\n      ]")
    write(',\n      "tool": ' + indented(_tool(rules, rule_ids, version), 3)
          + ',\n      "invocations": ' + indented(_invocations(notifications), 3) + "\n    }\n  ]\n}\n")
    return tally


def render(report: Report) -> str:
    return collect(stream, report)
