"""Case-insensitive regexes run as case-sensitive ones over ``ctx.lower``.

``re.IGNORECASE`` folds the case of every character it compares and keeps
``re`` from scanning for literal text, so it is about 3x slower than the same
pattern in lower case searched case-sensitively in the lower-cased text
(``ctx.lower`` has the text's length, so offsets carry over).  The two find
exactly the same matches when

* the pattern's letters are lower-case ASCII once lowered (its other non-ASCII
  literals are caseless punctuation or spaces: "•", "—"), and lowering the
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

from ..scan import _sre_k as _c, _sre_p as _p  # the regex parser (one import, in scan)
from ..scan import Later, LaterRegexes, match_starts, matches_from, required_texts

# Found by comparing, for every code point, re.IGNORECASE against str.lower().
_UNSAFE = re.compile("[\u0130\u0131\u017f\u212a]")

_OK_OPS = {
    _c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN, _c.RANGE, _c.NEGATE, _c.CATEGORY, _c.AT, _c.BRANCH,
    _c.SUBPATTERN, _c.MAX_REPEAT, _c.MIN_REPEAT, _c.ASSERT, _c.ASSERT_NOT,
}
for _name in ("POSSESSIVE_REPEAT", "ATOMIC_GROUP"):
    if hasattr(_c, _name):
        _OK_OPS.add(getattr(_c, _name))


def _caseless_char(code: int) -> bool:
    """A punctuation or space character ("•", "—", "·"): no case, and no other character folds to it."""
    import unicodedata

    ch = chr(code)
    return unicodedata.category(ch)[0] in "PZ" and ch.lower() == ch == ch.upper() == ch.casefold()


def _low(code: int) -> int:
    low = chr(code).lower()
    return ord(low) if len(low) == 1 else code


def _shape(sub, lower: bool, changed: list | None = None) -> tuple:
    """A parsed pattern as nested tuples (literals lowered if ``lower``); ValueError if not supported.

    With ``lower``, a literal or range bound that lowering changes appends to
    ``changed`` (when given): the shape lowered equals the shape as written
    exactly when nothing was appended.
    """
    out = []
    for op, av in sub.data if isinstance(sub, _p.SubPattern) else sub:
        if op not in _OK_OPS:
            raise ValueError(f"unsupported {op}")
        if op is _c.LITERAL or op is _c.NOT_LITERAL:
            if av > 127 and not _caseless_char(av):
                raise ValueError("non-ASCII literal with case")
            if lower:
                v = _low(av)
                if changed is not None and v != av:
                    changed.append(av)
                out.append((str(op), v))
            else:
                out.append((str(op), av))
        elif op is _c.RANGE:
            lo, hi = av
            has_letters = any(chr(ch).isalpha() for ch in range(lo, hi + 1))
            if hi > 127 or (has_letters and not (65 <= lo <= hi <= 90 or 97 <= lo <= hi <= 122)):
                raise ValueError("range with mixed-case or non-ASCII letters")
            if lower:
                v = (_low(lo), _low(hi))
                if changed is not None and v != (lo, hi):
                    changed.append(av)
                out.append((str(op), v))
            else:
                out.append((str(op), av))
        elif op is _c.ANY or op is _c.NEGATE:
            out.append((str(op),))
        elif op is _c.CATEGORY or op is _c.AT:
            out.append((str(op), str(av)))
        elif op is _c.IN:
            out.append((str(op), _shape(av, lower, changed)))
        elif op is _c.BRANCH:
            out.append((str(op), tuple(_shape(b, lower, changed) for b in av[1])))
        elif op is _c.SUBPATTERN:
            group, add, delete, body = av
            if add or delete:
                raise ValueError("inline flags")
            out.append((str(op), group, _shape(body, lower, changed)))
        elif op is _c.ASSERT or op is _c.ASSERT_NOT:
            out.append((str(op), av[0], _shape(av[1], lower, changed)))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or str(op) == "POSSESSIVE_REPEAT":
            lo, hi, body = av
            out.append((str(op), int(lo), int(hi), _shape(body, lower, changed)))
        else:  # ATOMIC_GROUP
            out.append((str(op), _shape(av, lower, changed)))
    return tuple(out)


def lowered_pattern(pattern: str) -> str | None:
    """``pattern`` in lower case if that is safe to search case-sensitively in lowered text, else None.

    A pattern whose literals are already lower case is returned as it is (its
    syntax may need capitals: ``(?P<name>...)``); otherwise the pattern text is
    lowered and must parse to the same pattern with lowered literals.
    """
    return _lowering(pattern)[0]


def _lowering(pattern: str) -> tuple[str | None, str | None, bool]:
    """``(lowered_pattern(pattern), how, plain)``: how is "as written" (literals already lower
    case) or "lowered" (the lowered text parses to the pattern with lowered literals), None
    with None; plain: no inline flag and no named group (in the lowered text either).

    The pattern is walked once to tell whether its literals are already lower case
    (``_shape`` notes a change), where comparing its lowered and written shapes walked it twice.
    """
    try:
        a = _p.parse(pattern, 0)
        shape_low = None
        if not a.state.flags & ~(re.IGNORECASE | re.UNICODE):
            changed: list = []
            shape_low = _shape(a, True, changed)
            if not changed:  # _shape(a, True) == _shape(a, False)
                return pattern, "as written", a.state.flags == re.UNICODE and not a.state.groupdict
    except (re.error, ValueError, TypeError, AttributeError):
        return None, None, False
    low = pattern.lower()
    try:
        b = _p.parse(low, 0)
        if (a.state.flags | b.state.flags) & ~(re.IGNORECASE | re.UNICODE):
            return None, None, False
        if a.state.groupdict != b.state.groupdict:
            return None, None, False
        if shape_low is None:
            shape_low = _shape(a, True)
        if shape_low != _shape(b, False):
            return None, None, False
    except (re.error, ValueError, TypeError, AttributeError):
        return None, None, False
    plain = a.state.flags == re.UNICODE and b.state.flags == re.UNICODE and not a.state.groupdict
    return low, "lowered", plain


def joined_lowering(patterns: list[str], lowerings: list[tuple]) -> str | None:
    """``lowered_pattern("|".join(f"(?:{p})" for p in patterns))``, from each pattern's ``_lowering``
    when that settles it (else by parsing the alternation).

    When every pattern is plain (no inline flags, no named groups) and its literals are
    lower case as written, the alternation parses (each pattern parses alone, and none
    has a flag or a name another could clash with), and its tree holds the patterns'
    own items (the parser may merge equal leading items of branches, or one-character
    branches into a set, but keeps their values), so none of its literals changes when
    lowered either: it is returned as written.  Otherwise it is parsed (lowering can
    make leading items of two branches equal, so their lowered shapes need the parse).
    """
    joined = "|".join(f"(?:{p})" for p in patterns)
    if patterns and all(how == "as written" and plain for _, how, plain in lowerings):
        return joined
    return lowered_pattern(joined)


_UNKNOWN = object()


class Caseless(LaterRegexes):
    """A case-insensitive regex; ``pick(ctx)`` gives the cheapest exact (regex, text) pair to search.

    ``fast`` is the lowered pattern (``low``) compiled case-sensitively, or None when
    lowering is not exact; ``slow`` the pattern compiled with ``re.IGNORECASE``.  When
    ``fast`` exists, ``slow`` is compiled on first use only: only texts holding one of
    the characters of ``_UNSAFE`` need it (and ``re.IGNORECASE`` costs a compile of its
    own).  Without ``fast`` it is compiled at once, so an invalid pattern raises here.
    With ``lazy`` (for patterns whose ``fast`` most documents never search, e.g. ones
    searched only where some word occurs), ``fast`` too is compiled on first use; a
    pattern that cannot be compiled then raises there, so ``lazy`` is for patterns built
    from escaped words and fixed regexes.  Both are plain attributes once compiled
    (``scan.Later``).
    """

    fast = Later()
    slow = Later()

    def __init__(self, pattern: str, flags: int = 0, lazy: bool = False, low=_UNKNOWN):
        self.pattern = pattern
        self.flags = flags
        # (``low``: lowered_pattern(pattern) when the caller knows it already)
        self.low = lowered_pattern(pattern) if low is _UNKNOWN else low
        if self.low is None:
            self.fast = None
            self.slow = re.compile(pattern, flags | re.IGNORECASE)
            return
        self.later("slow", pattern, flags | re.IGNORECASE)
        if lazy:
            self.later("fast", self.low, flags & ~re.IGNORECASE)
        else:
            self.fast = re.compile(self.low, flags & ~re.IGNORECASE)

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
    """``lower_is_exact`` for a bare string (its lower-cased form must also keep its length).

    ``not _UNSAFE.search(text)``, asked as four ``in`` tests: each is a memchr (or
    nothing at all when the text has no character that wide), where the regex
    reads the text a character at a time (~10x slower on a non-ASCII article).
    """
    return text.isascii() or not ("\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text)


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


# -- literal text a match needs, and patterns that start with it ------------------------------

_LEAD_WORD = re.compile(r"\\b(?:([a-z0-9]+)|\(\?:([a-z0-9'|?]+)\))")
_ALT_WORD = re.compile(r"([a-z0-9][a-z0-9']*)((?:[a-z0-9']\?)*)")


def literal_first_parts(pattern: str, check: bool = True) -> list[str]:
    r"""Patterns that open with literal text and together match where ``pattern`` matches.

    An opening ``\b`` before a word moves after it: ``\bnot\s+...`` becomes
    ``not(?<!\wnot)\s+...`` (before a word character ``\b`` means "no word
    character before"; a pattern that opens with literal text lets ``re`` scan
    for that text, where an opening ``\b`` is tried at every character, 20x
    slower).  An opening ``\b(?:is|are|gives?)`` gives one pattern per word:
    ``is(?<!\wis)...``, ``are(?<!\ware)...``, ``give(?<!\wgive)s?...``; a match of
    ``pattern`` at some place is a match of one of them there, and each of their
    matches is a match of ``pattern``.  Other patterns: ``[pattern]``, and so
    are those whose parts do not all compile (with ``check``; without it, the
    parts as built, none compiled).  For patterns searched case-sensitively
    (lower-case literals only).
    """
    m = _LEAD_WORD.match(pattern)
    if not m:
        return [pattern]
    rest = pattern[m.end():]
    if m.group(1):
        run = m.group(1)
        if rest[:1] in ("?", "*", "+", "{"):  # the last letter is quantified: it stays with its quantifier
            run, rest = run[:-1], run[-1] + rest
        if not run:
            return [pattern]
        parts = [f"{run}(?<!\\w{run})" + rest]
    else:
        parts = []
        for alt in m.group(2).split("|"):
            w = _ALT_WORD.fullmatch(alt)
            if not w:
                return [pattern]
            run, tail = w.groups()
            parts.append(f"{run}(?<!\\w{re.escape(run)}){tail}" + rest)
    if not check:
        return parts
    try:
        for part in parts:
            re.compile(part)
    except re.error:
        return [pattern]
    return parts


def literal_first(pattern: str) -> str:
    r"""``pattern`` with an opening ``\b`` moved after the literal word(s) it guards (same matches).

    ``\bnot\s+...`` becomes ``not(?<!\wnot)\s+...`` and ``\b(?:is|are)...`` becomes
    ``(?:is(?<!\wis)|are(?<!\ware))...`` (see ``literal_first_parts``).
    """
    m = _LEAD_WORD.match(pattern)
    parts = literal_first_parts(pattern)
    if not m or parts == [pattern]:
        return pattern
    rest = pattern[m.end():]
    if len(parts) == 1 and m.group(1):
        return parts[0]
    heads = [part[: len(part) - len(rest)] if rest else part for part in parts]
    out = "(?:" + "|".join(heads) + ")" + rest
    try:
        re.compile(out)
    except re.error:
        return pattern
    return out


class AnyOf:
    """Case-insensitive patterns, tried as one alternation ``(?:p1)|(?:p2)|...``.

    ``search_any(ctx)`` (does any match?) and ``starts(ctx)`` (the starts of the
    alternation's ``finditer``) scan ``ctx.lower`` for each pattern's parts
    (``literal_first_parts``: each opens with literal text, which ``re`` scans
    for; an alternation of patterns that open with different words is tried at
    every character), and skip the patterns that cannot match this text: a pattern
    whose required texts (``required_texts``, the ``GATE`` most telling ones) are
    not in ``ctx.lower`` matches nowhere, and an alternative that matches nowhere
    changes no match of the alternation.  Patterns that cannot be lowered
    exactly, and texts where lowering is not exact, use the plain
    case-insensitive alternation.
    """

    GATE = 2
    # Compile each one-part pattern alone before merging (False: only within its merged
    # regex, see _build_parts; the tests compare both).
    CHECK_EACH_PART = False

    def __init__(self, patterns: list[str]):
        self.patterns = [p for p in patterns if p]
        # The alternation itself is searched only when ``parts`` is None (then its ``fast`` is
        # compiled below) or in a text where lowering is not exact (``slow``): compiled on use.
        lowerings = [_lowering(p) for p in self.patterns]
        lowered = [low for low, _, _ in lowerings]
        self.all = Caseless("|".join(f"(?:{p})" for p in self.patterns), lazy=True,
                            low=joined_lowering(self.patterns, lowerings)) if self.patterns else None
        self.lowered = lowered
        # Per pattern: (its index, its required texts, its parts), in the order they are tried.
        self.parts: list[tuple[int, list[tuple[str, ...]], list[str]]] | None = None
        # literal_first of each pattern, made when starts() first compiles an alternation holding it.
        self._heads: dict[int, str] = {}
        if self.all is not None and self.all.low is not None and all(lp is not None for lp in lowered):
            try:
                self._build_parts(lowered, checked=self.CHECK_EACH_PART)
            except re.error:
                self._build_parts(lowered, checked=True)
        elif self.all is not None:
            self.all.fast  # noqa: B018 - compiled now: the alternation is what search_any and starts run
        self._subsets: dict[tuple[int, ...], re.Pattern] = {}

    def _build_parts(self, lowered: list[str], checked: bool) -> None:
        """``parts`` (per pattern: its index, its required texts, its parts' texts, in the
        order they are tried), ``gated`` (the same, parts compiled), ``free`` and ``free_owners``.

        ``checked``: every part compiled alone first, as ``literal_first_parts`` does (a
        pattern whose parts do not all compile is one part, itself).  Unchecked, a pattern
        of one part, which is tried in ``free`` either way, is compiled only within its
        regex of ``free``: a regex there that compiles is alternatives that each compile
        alone (the patterns hold no group reference and no scoped flag: ``_shape``), so
        they are the parts a check keeps; on any re.error the caller builds them checked.
        """
        self.parts = []
        gated = []
        for i, lp in enumerate(lowered):
            parts = literal_first_parts(lp, check=checked)
            if len(parts) > 1 and not checked:
                parts = literal_first_parts(lp)  # several: each compiled (searched alone when gated)
            # A scan for a part costs about what an ``in`` test costs: only a pattern of
            # several parts is worth testing first.
            reqs = (required_texts(lp) or [])[: self.GATE] if len(parts) > 1 else []
            if checked or len(parts) > 1:
                compiled = [re.compile(part) for part in parts]
                if reqs:
                    gated.append((i, reqs, compiled))
            self.parts.append((i, reqs, parts))
        # For "any match?": patterns with fewer parts first (each part is one scan of the
        # text); the answer does not depend on the order.
        self.parts.sort(key=lambda p: len(p[2]))
        gated.sort(key=lambda p: len(p[2]))
        # The parts of the ungated patterns (always tried) that open with the same two
        # letters, as one regex each: "not ...", "no ...", "nothing ..." are one scan for
        # "no" instead of three (see _merged_parts).
        free = [part for _, reqs, parts in self.parts if not reqs for part in parts]
        self.free = [re.compile(m) for m in _merged_parts(free)]
        self.gated = gated
        self.free_owners = {i for i, reqs, _ in self.parts if not reqs}

    def head(self, i: int) -> str:
        """``literal_first`` of pattern ``i`` (lowered), made once."""
        got = self._heads.get(i)
        if got is None:
            got = self._heads[i] = literal_first(self.lowered[i])
        return got

    @staticmethod
    def _may_match(reqs, low: str, seen: dict[str, bool]) -> bool:
        """Are all of ``reqs`` (each: one of these texts) in ``low``?  ``seen`` memoises ``in``."""
        for req in reqs:
            for t in req:
                got = seen.get(t)
                if got is None:
                    got = seen[t] = t in low
                if got:
                    break
            else:
                return False
        return True

    def search_any(self, ctx) -> bool:
        if self.all is None:
            return False
        if self.parts is None:
            rx, text = self.all.pick(ctx)
            return rx.search(text) is not None
        if not lower_is_exact(ctx):
            return self.all.slow.search(ctx.text) is not None
        low = ctx.lower
        for rx in self.free:
            if rx.search(low) is not None:
                return True
        seen: dict[str, bool] = {}
        may_match = self._may_match
        for _, reqs, parts in self.gated:
            if may_match(reqs, low, seen):
                for rx in parts:
                    if rx.search(low) is not None:
                        return True
        return False

    def starts(self, ctx) -> list[int]:
        """``[m.start() for m in alternation.finditer(text)]``."""
        if self.all is None:
            return []
        if self.parts is None:
            rx, text = self.all.pick(ctx)
            return [m.start() for m in rx.finditer(text)]
        if not lower_is_exact(ctx):
            return [m.start() for m in self.all.slow.finditer(ctx.text)]
        low = ctx.lower
        seen: dict[str, bool] = {}
        # Every match of the alternation starts where one of its parts matches: each part's
        # scan gives those places, and the alternation (of the patterns that can match here) is
        # tried there only.
        cands: set[int] = set()
        for rx in self.free:
            cands.update(match_starts(rx, low))
        live: set[int] = set(self.free_owners)
        for owner, reqs, parts in self.gated:
            if not self._may_match(reqs, low, seen):
                continue
            live.add(owner)
            for rx in parts:
                cands.update(match_starts(rx, low))
        if not cands:
            return []
        key = tuple(sorted(live))
        rx = self._subsets.get(key)
        if rx is None:
            rx = self._subsets[key] = re.compile("|".join(f"(?:{self.head(i)})" for i in key))
        return [m.start() for m in matches_from(rx, low, sorted(cands))]


_WORD_RUN = re.compile(r"[a-z0-9']+")


def _merged_parts(parts: list[str]) -> list[str]:
    """``parts`` (regexes) with those that open with the same two literal letters joined into one:
    ``"no" + "(?:t...|...|thing...)"`` for ``"not..."``, ``"no..."``, ``"nothing..."``, in order.

    The joined regex matches at a place exactly where one of its parts does (an
    alternation that ends the pattern), so a search finds a match exactly when one
    of them would, and ``match_starts`` gives the places of all of them; ``re``
    scans for the shared opening letters once instead of once per part.  A part
    is joined only when its source opens with its literal text as written (plain
    letters, digits, apostrophes) of two letters or more; others stay alone.
    """
    groups: dict[str, list[str]] = {}
    alone: list[str] = []
    for part in parts:
        m = _WORD_RUN.match(part)
        run = m.group() if m else ""
        if len(run) >= 2 and _literal_prefix(part).startswith(run):
            groups.setdefault(run[:2], []).append(part)
        else:
            alone.append(part)
    out = []
    for head, members in groups.items():
        if len(members) == 1:
            out.append(members[0])
            continue
        joined = head + "(?:" + "|".join(p[len(head):] for p in members) + ")"
        try:
            re.compile(joined)
        except re.error:
            out.extend(members)
            continue
        out.append(joined)
    return out + alone


def _literal_prefix(pattern: str) -> str:
    """The literal text every match of ``pattern`` (case-sensitive) opens with ("" if none is known)."""
    try:
        tree = _p.parse(pattern, 0)
    except (re.error, TypeError, ValueError):
        return ""
    if tree.state.flags & re.IGNORECASE:
        return ""
    out = []
    for op, av in tree.data:
        if op is not _c.LITERAL:
            break
        out.append(chr(av))
    return "".join(out)
