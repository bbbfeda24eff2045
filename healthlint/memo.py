"""A bounded memo: ``f(key)`` computed once per key, for per-word look-ups in rules.

Rules look words up millions of times over an archive (syllables, word
classes).  A ``dict`` subclass with ``__missing__`` makes a hit one C-level
``__getitem__`` (usable in ``map``), and the bound keeps a pathological
vocabulary from growing memory without end: past ``limit`` keys, new keys
are computed but not kept.  Values should be plain (ints, strings, tuples):
a memo of objects makes every garbage collection walk them.
"""
from __future__ import annotations

from typing import Callable


class BoundedMemo(dict):
    """``memo[key]`` is ``f(key)``, computed on first look-up; at most ``limit`` keys are kept."""

    __slots__ = ("_f", "_limit")

    def __init__(self, f: Callable, limit: int = 200_000):
        super().__init__()
        self._f = f
        self._limit = limit

    def __missing__(self, key):
        got = self._f(key)
        if len(self) < self._limit:
            self[key] = got
        return got
