"""Regex scans that start from literal text: the same matches, far fewer attempts.

``rx.finditer(text)`` tries a pattern at every character.  When every match
must start at one of a few known places (where some literal text stands),
trying only there gives the same matches in the same order.  Used by the
citation cues and by unsourced-statistic.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator


def occurrences(text: str, needles: Iterable[str]) -> list[int]:
    """Sorted start offsets of every occurrence of any of ``needles`` (overlapping ones too)."""
    found: set[int] = set()
    find = text.find
    for needle in needles:
        i = find(needle)
        while i != -1:
            found.add(i)
            i = find(needle, i + 1)
    return sorted(found)


def matches_from(rx: re.Pattern, text: str, starts: Iterable[int]) -> Iterator[re.Match]:
    """``rx.finditer(text)`` for a pattern whose every match starts at one of ``starts`` (sorted).

    The pattern is tried at those offsets only, in order, skipping the ones
    inside the previous match as ``finditer`` does; after an empty match the
    next offset tried is the following character.
    """
    pos = 0
    match = rx.match
    for c in starts:
        if c < pos:
            continue
        m = match(text, c)
        if m is not None:
            yield m
            pos = m.end() if m.end() > c else c + 1
