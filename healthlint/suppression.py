"""Inline suppression directives, applied after the rules have run.

Directives (``healthlint-disable``, ``healthlint-enable``,
``healthlint-disable-next-line``) are found by the document parsers: in HTML
comments for Markdown and HTML, on a line of their own in plain text.  A
directive that names an unknown rule, or that suppressed nothing in this run,
is itself reported as ``unused-suppression`` (as ruff reports unused
``noqa`` comments), so stale suppressions do not pile up.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .documents import Directive, Document
from .findings import Finding

UNUSED_RULE_ID = "unused-suppression"


@dataclass
class _Region:
    directive: Directive
    rules: set[str]  # empty = every rule
    first_line: int
    last_line: float  # inclusive; inf = to the end of the file
    used: bool = False
    open_ended: bool = False
    names_used: set[str] = field(default_factory=set)

    def covers(self, rule: str, line: int) -> bool:
        return (not self.rules or rule in self.rules) and self.first_line <= line <= self.last_line


def _next_content_line(document: Document, line: int) -> int:
    """The first line after ``line`` that has text (skipping blank lines)."""
    lines = document.source.splitlines()
    for n in range(line + 1, len(lines) + 1):
        if lines[n - 1].strip():
            return n
    return line + 1


def build_regions(document: Document) -> list[_Region]:
    regions: list[_Region] = []
    open_regions: list[_Region] = []
    for d in sorted(document.directives, key=lambda d: d.start):
        if d.kind == "disable-next-line":
            target = _next_content_line(document, d.line)
            regions.append(_Region(d, set(d.rules), target, target))
        elif d.kind == "disable":
            region = _Region(d, set(d.rules), d.line, float("inf"), open_ended=True)
            regions.append(region)
            open_regions.append(region)
        elif d.kind == "enable":
            for region in list(open_regions):
                if not d.rules or not region.rules or region.rules & set(d.rules):
                    if d.rules and region.rules and not region.rules <= set(d.rules):
                        # Re-enabling some of the rules: split the region.
                        rest = region.rules - set(d.rules)
                        regions.append(_Region(region.directive, rest, d.line, float("inf"), open_ended=True))
                        open_regions.append(regions[-1])
                        region.rules = region.rules & set(d.rules)
                    region.last_line = d.line
                    region.open_ended = False
                    open_regions.remove(region)
    return regions


def apply_suppressions(
    document: Document,
    findings: list[Finding],
    *,
    known_rules: set[str],
    enabled_rules: set[str],
    document_level_rules: set[str] = frozenset(),
) -> list[Finding]:
    """Drop suppressed findings; add ``unused-suppression`` findings where due."""
    if not document.directives:
        return findings
    regions = build_regions(document)
    kept = []
    for f in findings:
        suppressed = False
        for region in regions:
            if region.covers(f.rule, f.line) or (
                f.rule in document_level_rules
                and region.open_ended
                and f.rule in region.rules
            ):
                region.used = True
                region.names_used.add(f.rule)
                suppressed = True
        if not suppressed:
            kept.append(f)
    if UNUSED_RULE_ID not in enabled_rules:
        return kept
    reported: set[int] = set()
    for region in regions:
        d = region.directive
        if id(d) in reported:
            continue
        unknown = [r for r in d.rules if r not in known_rules]
        if unknown:
            reported.add(id(d))
            kept.append(_unused(d, f"suppression names unknown rule(s): {', '.join(unknown)}"))
            continue
        relevant = not d.rules or any(r in enabled_rules for r in d.rules)
        siblings = [r for r in regions if r.directive is d]
        if relevant and not any(r.used for r in siblings):
            reported.add(id(d))
            what = ", ".join(d.rules) if d.rules else "all rules"
            kept.append(_unused(d, f"suppression of {what} suppressed nothing; remove it"))
    for d in document.directives:
        if d.kind == "enable":
            unknown = [r for r in d.rules if r not in known_rules]
            if unknown and UNUSED_RULE_ID in enabled_rules:
                kept.append(_unused(d, f"directive names unknown rule(s): {', '.join(unknown)}"))
    return kept


def _unused(d: Directive, message: str) -> Finding:
    # Directive offsets are already source offsets; the engine marks them located.
    f = Finding(rule=UNUSED_RULE_ID, severity="info", message=message, start=d.start, end=d.end)
    f.line = -1  # tells the engine: offsets are source offsets
    return f
