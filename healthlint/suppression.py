"""Inline suppression directives, applied after the rules have run.

Directives (``healthlint-disable``, ``healthlint-enable``,
``healthlint-disable-next-line``) are found by the document parsers: in HTML
comments for Markdown and HTML, on a line of their own in plain text.

* ``healthlint-disable a, b -- reason`` silences rules ``a`` and ``b`` (every
  rule when none is named) for findings that start after the directive, up to
  a ``healthlint-enable`` that names them (or names nothing), else to the end
  of the file.  ``healthlint-enable a`` after a bare ``healthlint-disable``
  turns ``a`` back on and leaves the others off.
* ``healthlint-disable-next-line a -- reason`` silences ``a`` on the next line
  that holds prose (blank lines, markup-only lines and other directives are
  passed over), so it works above a paragraph in HTML too.
* A document-level finding (something missing from the whole article) is also
  silenced by a ``healthlint-disable`` that names its rule and is never
  re-enabled, wherever it stands: that is how a file opts out of a rule.

A directive that names an unknown rule, that suppressed nothing in this run,
or a ``healthlint-enable`` with nothing to enable, is itself reported as
``unused-suppression`` (as ruff reports unused ``noqa`` comments), so stale
suppressions do not pile up.  A directive whose rules were all switched off
for this run (``--select``, configuration) is not reported: it could not
have been used.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .documents import Directive, Document
from .findings import Finding

UNUSED_RULE_ID = "unused-suppression"


@dataclass
class _Region:
    directive: Directive
    rules: set[str]  # empty = every rule ...
    excluded: set[str] = field(default_factory=set)  # ... except these
    start: int = 0  # source offsets: findings starting in [start, end) are covered
    end: float = float("inf")
    line: int | None = None  # for disable-next-line: the covered line
    used: bool = False

    def names(self, rule: str) -> bool:
        return (not self.rules or rule in self.rules) and rule not in self.excluded

    def covers(self, f: Finding) -> bool:
        if not self.names(f.rule):
            return False
        if self.line is not None:
            return f.line == self.line
        return self.start <= f.start < self.end

    @property
    def open_ended(self) -> bool:
        return self.line is None and self.end == float("inf")


def next_prose_line(document: Document, offset: int) -> int:
    """The source line of the first prose character at or after source ``offset``."""
    text = document.text
    i = document.to_text(offset)
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    if i >= n:
        return document.line_col(offset)[0] + 1
    return document.line_col(document.to_source(i))[0]


def build_regions(document: Document) -> tuple[list[_Region], list[Directive]]:
    """The regions the directives cover, and the ``enable`` directives that closed nothing."""
    regions: list[_Region] = []
    open_regions: list[_Region] = []
    idle_enables: list[Directive] = []
    for d in sorted(document.directives, key=lambda d: d.start):
        named = set(d.rules)
        if d.kind == "disable-next-line":
            regions.append(_Region(d, named, line=next_prose_line(document, d.end)))
        elif d.kind == "disable":
            region = _Region(d, named, start=d.end)
            regions.append(region)
            open_regions.append(region)
        elif d.kind == "enable":
            closed = False
            for region in list(open_regions):
                if named and not any(region.names(r) for r in named):
                    continue
                closed = True
                region.end = d.start
                open_regions.remove(region)
                if named:
                    # Re-enable only the named rules; the others stay off.
                    if region.rules:
                        rest = region.rules - named
                        rest_excluded = set(region.excluded)
                    else:
                        rest, rest_excluded = set(), region.excluded | named
                    if rest or not region.rules:
                        tail = _Region(region.directive, rest, rest_excluded, start=d.end)
                        regions.append(tail)
                        open_regions.append(tail)
            if not closed:
                idle_enables.append(d)
    return regions, idle_enables


def apply_suppressions(
    document: Document,
    findings: list[Finding],
    *,
    known_rules: set[str],
    enabled_rules: set[str],
    document_level_rules: set[str] = frozenset(),
    unused_severity: str = "info",
) -> list[Finding]:
    """Drop suppressed findings; add ``unused-suppression`` findings where due.

    ``findings`` must be located (source offsets and lines filled in);
    ``unused_severity`` is the configured severity of ``unused-suppression``.
    """
    if not document.directives:
        return findings
    regions, idle_enables = build_regions(document)
    kept = []
    for f in findings:
        suppressed = False
        for region in regions:
            if region.covers(f) or (
                f.rule in document_level_rules and region.open_ended and f.rule in region.rules
            ):
                region.used = True
                suppressed = True
        if not suppressed:
            kept.append(f)
    if UNUSED_RULE_ID not in enabled_rules:
        return kept
    by_directive: dict[int, list[_Region]] = {}
    for region in regions:
        by_directive.setdefault(id(region.directive), []).append(region)
    idle = {id(d) for d in idle_enables}
    for d in sorted(document.directives, key=lambda d: d.start):
        unknown = [r for r in d.rules if r not in known_rules]
        if unknown:
            kept.append(_unused(d, unused_severity, f"healthlint-{d.kind} names unknown rule(s): "
                                f"{', '.join(unknown)} (see `healthlint rules`)"))
            continue
        if d.kind == "enable":
            if id(d) in idle:
                kept.append(_unused(d, unused_severity, "healthlint-enable has no healthlint-disable to end; remove it"))
            continue
        relevant = not d.rules or any(r in enabled_rules for r in d.rules)
        if relevant and not any(r.used for r in by_directive.get(id(d), ())):
            what = ", ".join(d.rules) if d.rules else "all rules"
            where = "on the next line" if d.kind == "disable-next-line" else "after it"
            kept.append(_unused(d, unused_severity, f"healthlint-{d.kind} {what} suppressed nothing {where}; remove it"))
    return kept


def _unused(d: Directive, severity: str, message: str) -> Finding:
    # Directive offsets are already source offsets; the engine marks them located.
    f = Finding(rule=UNUSED_RULE_ID, severity=severity, message=message, start=d.start, end=d.end)
    f.line = -1  # tells the engine: offsets are source offsets
    return f
