"""Safe fixes: apply the deterministic edits rules attach to findings.

Only meaning-preserving replacements carry a fix (a doubled word, "a"/"an",
stigmatizing or unsafe wording with one preferred replacement, spelling made
consistent with the locale).  Fixing runs to a fixed point, like ruff: apply
the edits, lint the result again, and repeat while new edits appear (at most
``MAX_PASSES`` times), so a second ``--fix`` changes nothing.  Files are
written atomically in their original encoding, line endings and permissions.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass

from .documents import decode, format_for, parse_document
from .findings import Edit, Finding

MAX_PASSES = 4


def apply_edits(source: str, edits: list[Edit]) -> tuple[str, int]:
    """Apply non-overlapping edits (the first of overlapping ones wins).

    Returns the new text and how many edits were applied.
    """
    out = []
    pos = 0
    applied = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos or e.end < e.start or e.end > len(source):
            continue  # overlaps an edit already taken
        if source[e.start:e.end] == e.replacement:
            continue
        out.append(source[pos:e.start])
        out.append(e.replacement)
        pos = e.end
        applied += 1
    out.append(source[pos:])
    return "".join(out), applied


def match_case(template: str, replacement: str) -> str:
    """``replacement`` written in the case of ``template`` (UPPER, Capitalised, lower)."""
    letters = [c for c in template if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if template[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def edits_of(findings: list[Finding]) -> list[Edit]:
    return [e for f in findings if f.fix for e in f.fix]


def encode_like(text: str, original: bytes) -> bytes:
    """Encode ``text`` the way ``original`` was encoded (UTF-8, UTF-8 BOM, UTF-16 LE/BE BOM)."""

    if original.startswith(codecs.BOM_UTF8):
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if original.startswith(codecs.BOM_UTF16_LE):
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if original.startswith(codecs.BOM_UTF16_BE):
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode("utf-8")


@dataclass
class FixOutcome:
    path: str
    original: str
    fixed: str
    applied: int
    findings: list[Finding]  # what remains after fixing

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self) -> str:
        import difflib  # (only for --diff: `healthlint rules` never loads it)

        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                self.fixed.splitlines(keepends=True),
                fromfile=f"a/{self.path}",
                tofile=f"b/{self.path}",
            )
        )


def fix_source(linter, path: str, source: str, findings: list[Finding], config) -> FixOutcome:
    """Apply fixes to ``source`` until no fixable finding is left."""
    fixed = source
    total = 0
    fmt = format_for(path)
    for _ in range(MAX_PASSES):
        edits = edits_of(findings)
        if not edits:
            break
        fixed, applied = apply_edits(fixed, edits)
        if not applied:
            break
        total += applied
        findings = linter.check_document(parse_document(path, fixed, fmt), config)
    return FixOutcome(path, source, fixed, total, findings)


def fix_file(linter, path: str, findings: list[Finding], *, write: bool) -> FixOutcome:
    """Fix one file on disk; write it back atomically when ``write``."""
    from pathlib import Path

    from .fileutil import atomic_write_bytes

    data = Path(path).read_bytes()
    source = decode(data, path)
    config = linter.resolver.for_file(path)
    outcome = fix_source(linter, path, source, findings, config)
    if write and outcome.changed:
        atomic_write_bytes(path, encode_like(outcome.fixed, data))
    return outcome
