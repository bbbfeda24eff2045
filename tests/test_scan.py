"""healthlint.scan: scans started from literal text find what finditer finds."""
from __future__ import annotations

import random
import re

from healthlint.scan import matches_from, occurrences


def test_occurrences_are_sorted_and_include_overlaps():
    assert occurrences("aaaa per Per", ["aa", "per", "Per"]) == [0, 1, 2, 5, 9]
    assert occurrences("", ["x"]) == [] and occurrences("abc", []) == []


def test_matches_from_the_openers_equal_finditer():
    rng = random.Random(4)
    rx = re.compile(r"(?:\$|per)\s?\d+(?:\.\d+)?(?:\s?(?:per|a)\s\w+)?")
    pieces = ["$", "per", " ", "5", "12.5", "a", "day", "per", "x", "$$"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        got = [m.span() for m in matches_from(rx, text, occurrences(text, ["$", "per"]))]
        assert got == [m.span() for m in rx.finditer(text)], text
