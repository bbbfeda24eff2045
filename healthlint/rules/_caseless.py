"""Case-insensitive regexes run as case-sensitive ones over ``ctx.lower``.

``re.IGNORECASE`` folds the case of every character it compares and keeps
``re`` from scanning for literal text, so it is about 3x slower than the same
pattern in lower case searched case-sensitively in the lower-cased text
(``ctx.lower`` has the text's length, so offsets carry over).  The two find
exactly the same matches when

* the pattern's letters are lower-case ASCII once lowered, and lowering the
  pattern changed nothing but the case of its literals (``\\S``, ``\\B``,
  ``[A-z]``, inline flags and back-references are refused: the slow regex is
  kept), and
* the text holds none of the four characters that ``re`` case-folds to an
  ASCII letter other than their ``str.lower()`` (İ, ı, ſ and the Kelvin sign):
  such a text is searched with the slow regex.

Not a rule (the registry skips modules whose name starts with "_").
"""
from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as _c, _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

# Found by comparing, for every code point, re.IGNORECASE against str.lower().
_UNSAFE = re.compile("[\u0130\u0131\u017f\u212a]")

_OK_OPS = {
    _c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN, _c.RANGE, _c.NEGATE, _c.CATEGORY, _c.AT, _c.BRANCH,
    _c.SUBPATTERN, _c.MAX_REPEAT, _c.MIN_REPEAT, _c.ASSERT, _c.ASSERT_NOT,
}
for _name in ("POSSESSIVE_REPEAT", "ATOMIC_GROUP"):
    if hasattr(_c, _name):
        _OK_OPS.add(getattr(_c, _name))


def _low(code: int) -> int:
    low = chr(code).lower()
    return ord(low) if len(low) == 1 else code


def _shape(sub, lower: bool) -> tuple:
    """A parsed pattern as nested tuples (literals lowered if ``lower``); ValueError if not supported."""
    out = []
    for op, av in sub.data if isinstance(sub, _p.SubPattern) else sub:
        if op not in _OK_OPS:
            raise ValueError(f"unsupported {op}")
        if op is _c.LITERAL or op is _c.NOT_LITERAL:
            if av > 127:
                raise ValueError("non-ASCII literal")
            out.append((str(op), _low(av) if lower else av))
        elif op is _c.RANGE:
            lo, hi = av
            has_letters = any(chr(ch).isalpha() for ch in range(lo, hi + 1))
            if hi > 127 or (has_letters and not (65 <= lo <= hi <= 90 or 97 <= lo <= hi <= 122)):
                raise ValueError("range with mixed-case or non-ASCII letters")
            out.append((str(op), (_low(lo), _low(hi)) if lower else av))
        elif op is _c.ANY or op is _c.NEGATE:
            out.append((str(op),))
        elif op is _c.CATEGORY or op is _c.AT:
            out.append((str(op), str(av)))
        elif op is _c.IN:
            out.append((str(op), _shape(av, lower)))
        elif op is _c.BRANCH:
            out.append((str(op), tuple(_shape(b, lower) for b in av[1])))
        elif op is _c.SUBPATTERN:
            group, add, delete, body = av
            if add or delete:
                raise ValueError("inline flags")
            out.append((str(op), group, _shape(body, lower)))
        elif op is _c.ASSERT or op is _c.ASSERT_NOT:
            out.append((str(op), av[0], _shape(av[1], lower)))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or str(op) == "POSSESSIVE_REPEAT":
            lo, hi, body = av
            out.append((str(op), int(lo), int(hi), _shape(body, lower)))
        else:  # ATOMIC_GROUP
            out.append((str(op), _shape(av, lower)))
    return tuple(out)


def lowered_pattern(pattern: str) -> str | None:
    """``pattern`` in lower case if that is safe to search case-sensitively in lowered text, else None."""
    low = pattern.lower()
    try:
        a = _p.parse(pattern, 0)
        b = _p.parse(low, 0)
        if (a.state.flags | b.state.flags) & ~(re.IGNORECASE | re.UNICODE):
            return None
        if a.state.groupdict != b.state.groupdict:
            return None
        if _shape(a, True) != _shape(b, False):
            return None
    except (re.error, ValueError, TypeError, AttributeError):
        return None
    return low


class Caseless:
    """A case-insensitive regex; ``pick(ctx)`` gives the cheapest exact (regex, text) pair to search."""

    def __init__(self, pattern: str, flags: int = 0):
        self.slow = re.compile(pattern, flags | re.IGNORECASE)
        low = lowered_pattern(pattern)
        self.fast = re.compile(low, flags & ~re.IGNORECASE) if low is not None else None

    def pick(self, ctx) -> tuple[re.Pattern, str]:
        if self.fast is not None and lower_is_exact(ctx):
            return self.fast, ctx.lower
        return self.slow, ctx.text


def lower_is_exact(ctx) -> bool:
    """Can case-insensitive matching over ``ctx.text`` be done case-sensitively over ``ctx.lower``?"""
    ok = ctx.cache.get("_lower_is_exact")
    if ok is None:
        ok = lower_is_exact_text(ctx.text)
        ctx.cache["_lower_is_exact"] = ok
    return ok


def lower_is_exact_text(text: str) -> bool:
    """``lower_is_exact`` for a bare string (its lower-cased form must also keep its length)."""
    return text.isascii() or not _UNSAFE.search(text)


def phrase_gate(pattern_docs) -> tuple[str, ...] | None:
    """Few words, one of which ``ctx.lower`` must hold for a LOWER PhraseMatcher of these phrases to match.

    Every token of a phrase must be matched, and a token whose ``lower_`` is ASCII
    text appears as that text in ``ctx.lower``; so a word contained in some token
    of each phrase is a necessary condition.  Words are picked greedily: long
    ones first, each covering as many phrases as it can.  None if a phrase has no ASCII token.
    """
    phrases = []
    for pdoc in pattern_docs:
        toks = {t.lower_ for t in pdoc if t.lower_.isascii() and not t.lower_.isspace()}
        if not toks:
            return None
        phrases.append(toks)
    candidates = sorted({t for toks in phrases for t in toks})
    chosen: list[str] = []
    left = list(range(len(phrases)))
    while left:
        # Longer words first (rarer: "myself" rather than "kill"), then the most phrases covered.
        def score(c):
            n = sum(any(c in t for t in phrases[i]) for i in left)
            return (n > 0, c.isalpha(), len(c) >= 5, n, len(c))

        best = max(candidates, key=score)
        chosen.append(best)
        left = [i for i in left if not any(best in t for t in phrases[i])]
    return tuple(chosen)


def may_match(ctx, gate: tuple[str, ...] | None) -> bool:
    """False when no phrase behind ``gate`` (see ``phrase_gate``) can match in this article."""
    if gate is None:
        return True
    low = ctx.lower
    return any(w in low for w in gate)
