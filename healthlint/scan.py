"""Regex scans that start from literal text: the same matches, far fewer attempts.

``rx.finditer(text)`` tries a pattern at every character.  When every match
must start at one of a few known places (where some literal text stands),
trying only there gives the same matches in the same order.  Used by the
citation cues, unsourced-statistic and broken-phrase.

The places are found from the pattern itself when it can be read: the regex
parser's tree (``re._parser``; ``sre_parse`` on Python 3.10) gives the
literal text every match needs (``required_literal``, ``required_chars``: a
scan is skipped when its rarest such character is absent; ``required_texts``:
the texts, one of each group, a match must hold), or a literal part
after an opening character class to scan from (``AnchoredScan``).  A pattern
that cannot be read is scanned as written.
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


class Needles:
    """Every occurrence (overlapping ones too) of several strings, with one ``str.find`` scan
    per string that holds none of the others: a string that holds another (``"meta-analysis"``
    holds ``"analysis"``) is read off that one's occurrences (``startswith`` at each)."""

    def __init__(self, needles: Iterable[str]):
        needles = sorted({n for n in needles if n}, key=lambda n: (len(n), n))
        self.base: list[str] = []
        self.derived: list[tuple[str, str, int]] = []  # (needle, base needle in it, its offset)
        for n in needles:
            inner = next((b for b in self.base if b in n), None)
            if inner is None:
                self.base.append(n)
            else:
                self.derived.append((n, inner, n.find(inner)))

    def find(self, text: str) -> dict[str, list[int]]:
        """``{needle: sorted start offsets of its occurrences in text}``."""
        out: dict[str, list[int]] = {}
        find = text.find
        for n in self.base:
            found = []
            i = find(n)
            while i != -1:
                found.append(i)
                i = find(n, i + 1)
            out[n] = found
        startswith = text.startswith
        for n, inner, off in self.derived:
            out[n] = [i - off for i in out[inner] if i >= off and startswith(n, i - off)]
        return out


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


# -- a character first ------------------------------------------------------------
#
# ``c in text`` for one character is a memchr: about 0.1 us on a 4,000-character
# article, where looking for a two- or three-letter string (``"{{" in text``, or a
# regex scanning for its literal prefix) takes 2-5 us.  A scan whose every match
# needs some character is skipped when that character is absent; the rarest one
# is asked (when present, ``in`` stops at its first occurrence).

_LOWER_BY_USE = "etaoinsrhldcumfpgwybvkxjqz"  # English letters, most used first


def rarity(c: str) -> int:
    """A guess at how common ``c`` is in English prose (smaller is rarer); only speed depends on it."""
    if c.isspace() or c in ".,-'":
        return 100
    if c.isascii() and c.islower():
        return 50 + 25 - _LOWER_BY_USE.index(c)
    if c.isascii() and c.isupper():
        return 25 + 25 - _LOWER_BY_USE.index(c.lower())
    if c.isdigit():
        return 20
    if c in '()%:;/!?"':
        return 10
    return 0


def rarest(chars: str) -> str:
    """The character of ``chars`` rarest in prose ("" for none)."""
    return min(chars, key=lambda c: (rarity(c), c)) if chars else ""


def required_chars(pattern: str) -> str:
    """Characters every match of ``pattern`` consumes (its top-level literals; "" if unknown).

    Under IGNORECASE only ASCII characters without case count (they match only themselves).
    """
    try:
        tree = _sre_p.parse(pattern, 0)
    except re.error:
        return ""
    ignore = tree.state.flags & re.IGNORECASE
    out = []
    for op, av in tree.data:
        if op is _sre_k.LITERAL:
            c = chr(av)
            if not ignore or (c.isascii() and not c.isalpha()):
                out.append(c)
    return "".join(out)


# -- reading a pattern's parts (the regex parser's tree) --------------------------

try:  # the regex parser
    from re import _compiler as _sre_c, _constants as _sre_k, _parser as _sre_p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _sre_c, sre_constants as _sre_k, sre_parse as _sre_p


class _Unsupported(Exception):
    pass


_CATS = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
         "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def _class_items(items) -> list[str]:
    out = []
    for op, av in items:
        if op is _sre_k.LITERAL:
            out.append("\\U%08x" % av)
        elif op is _sre_k.RANGE:
            out.append("\\U%08x-\\U%08x" % av)
        elif op is _sre_k.CATEGORY and str(av) in _CATS:
            out.append(_CATS[str(av)])
        else:
            raise _Unsupported(op)
    return out


def _chars(seq) -> list[str]:
    """Class items covering every character ``seq`` can consume (zero-width items consume none)."""
    out = []
    for op, av in seq:
        if op is _sre_k.LITERAL:
            out.append("\\U%08x" % av)
        elif op is _sre_k.IN:
            out.extend(_class_items(av))
        elif op in (_sre_k.MAX_REPEAT, _sre_k.MIN_REPEAT) or op is getattr(_sre_k, "POSSESSIVE_REPEAT", None):
            out.extend(_chars(av[2]))
        elif op is _sre_k.SUBPATTERN:
            if av[1] or av[2]:
                raise _Unsupported("scoped flags")
            out.extend(_chars(av[3]))
        elif op is _sre_k.BRANCH:
            for alt in av[1]:
                out.extend(_chars(alt))
        elif op is _sre_k.AT or op in (_sre_k.ASSERT, _sre_k.ASSERT_NOT):
            pass  # consumes nothing
        else:
            raise _Unsupported(op)
    return out


def _first(seq) -> tuple[list[str], bool]:
    """Class items covering the first character of a match of ``seq``, and whether it can match empty."""
    out = []
    for op, av in seq:
        if op is _sre_k.LITERAL:
            return out + ["\\U%08x" % av], False
        if op is _sre_k.IN:
            return out + _class_items(av), False
        if op in (_sre_k.MAX_REPEAT, _sre_k.MIN_REPEAT) or op is getattr(_sre_k, "POSSESSIVE_REPEAT", None):
            f, empty = _first(av[2])
            out += f
            if av[0] > 0 and not empty:
                return out, False
        elif op is _sre_k.SUBPATTERN:
            f, empty = _first(av[3])
            out += f
            if not empty:
                return out, False
        elif op is _sre_k.BRANCH:
            empty = False
            for alt in av[1]:
                f, e = _first(alt)
                out += f
                empty = empty or e
            if not empty:
                return out, False
        elif op is _sre_k.AT or op in (_sre_k.ASSERT, _sre_k.ASSERT_NOT):
            pass
        else:
            raise _Unsupported(op)
    return out, True


def _literals(node) -> list[str] | None:
    """The strings a top-level element matches when they are few literals (else None)."""
    op, av = node
    if op is _sre_k.LITERAL:
        return [chr(av)]
    if op is _sre_k.BRANCH:
        out = []
        for alt in av[1]:
            if not alt or any(o is not _sre_k.LITERAL for o, _ in alt):
                return None
            out.append("".join(chr(a) for _, a in alt))
        return out
    return None


class AnchoredScan:
    r"""The start offsets of ``re.compile(pattern).finditer(text)``, found from inside the pattern.

    A pattern that opens with a character class ("(?:[Aa]|[Tt]he) ... study")
    is tried at every character it could start with: hundreds of thousands of
    positions per 1,000 articles.  When a later top-level part of the pattern
    is literal text or starts with it (an "anchor": "study|survey|...",
    "[.,;]"), the scan looks for the anchor instead, and only then goes back:

    1. anchors: each place the pattern from the anchor on matches (``suffix``);
    2. every match that uses an anchor at ``k`` starts at some ``c <= k`` with
       ``text[c:k]`` made of characters the parts before the anchor can take
       (``back``, walked on the reversed text) and ``text[c]`` one that can
       open them (``first``); ``k`` itself too when those parts can match empty;
    3. the full pattern is matched at those candidates in order, skipping the
       ones inside the previous match, as ``finditer`` does.

    Every start of a ``finditer`` match is a candidate, and a candidate is kept
    exactly when ``finditer`` would reach it and match there, so the starts
    are the same.  Patterns this cannot read (flags, back references, ``.``,
    negated classes) are scanned with ``finditer`` as written.
    """

    def __init__(self, pattern: str):
        self.rx = re.compile(pattern)
        self.split: list[re.Pattern] | None = None  # the suffix as one regex per opening character
        self.prefix: re.Pattern | None = None  # the parts before the anchor (see _plan)
        # A character every match needs: without it in the text, no match (see rarity).
        self.gate = rarest(required_chars(pattern))
        try:
            self.plan = self._plan(pattern)
        except (_Unsupported, re.error, TypeError, ValueError, AttributeError):
            self.plan = self.split = None

    def _plan(self, pattern: str):
        tree = _sre_p.parse(pattern, 0)
        if tree.state.flags & (re.IGNORECASE | re.LOCALE | re.ASCII):
            return None
        if _has_groupref(tree.data):
            return None
        data = list(tree.data)
        if not data or data[0][0] is _sre_k.LITERAL:
            return None  # already scanned for its first literal text
        for i in range(1, len(data)):
            op, av = data[i]
            if op is _sre_k.LITERAL or op is _sre_k.IN:
                break
            if op is _sre_k.BRANCH and all(alt and alt[0][0] in (_sre_k.LITERAL, _sre_k.IN) for alt in av[1]):
                break
        else:
            return None
        prefix = data[:i]
        chars = _chars(prefix)
        back = re.compile("[" + "".join(chars) + "]*") if chars else None
        first, empty = _first(prefix)
        first = re.compile("[" + "".join(first) + "]") if first else None
        # The parts before the anchor as a regex of their own: every start of a match is a
        # place where they match (ending at its anchor), and far fewer places are that than
        # hold a character ``first`` takes (each word-final "a" before a "study", not every
        # "a", "t" and "o"). Only when they cannot match empty (then the anchor is a start)
        # and hold no assertion (a search stopped at the last anchor must not change them).
        self.prefix = None
        if not empty and not _has_assertion(prefix):
            self.prefix = _sre_c.compile(_sre_p.SubPattern(tree.state, prefix), 0)
        suffix = _sre_c.compile(_sre_p.SubPattern(tree.state, data[i:]), 0)
        lits = _literals(data[i])
        if not lits or min(map(len, lits)) < 3:
            lits = None  # short anchors are found by the suffix's own scan
        # A suffix opening with a few literal characters ("[.,;]\d..."): one scan per character
        # (".\d...", ",\d...", ";\d..."), each a search for a literal, which re does about twice
        # as fast as a search for a class.  Together they match exactly where the suffix does.
        self.split = None
        op, av = data[i]
        if lits is None and op is _sre_k.IN and 1 < len(av) <= 4 and all(o is _sre_k.LITERAL for o, _ in av):
            self.split = [_sre_c.compile(_sre_p.SubPattern(tree.state, [(_sre_k.LITERAL, c)] + data[i + 1:]), 0)
                          for c in sorted({c for _, c in av})]
        return suffix, lits, back, first, empty

    def lower_needles(self) -> list[str]:
        """The anchors ``starts`` can take from ``lower_occ`` (lower-cased; none unless all are ASCII)."""
        lits = self.plan[1] if self.plan is not None else None
        return [lit.lower() for lit in lits] if lits and all(lit.isascii() for lit in lits) else []

    def starts(self, text: str, lower_occ: dict[str, list[int]] | None = None) -> list[int]:
        """``lower_occ``: ``Needles.find`` of the lower-cased text (same offsets) holding
        ``lower_needles()``; an ASCII anchor in ``text`` is then one of its lower-cased
        occurrences where ``text`` holds it as written (no scan of its own)."""
        if self.gate and self.gate not in text:
            return []
        if self.plan is None:
            return [m.start() for m in self.rx.finditer(text)]
        suffix, lits, back, first, empty = self.plan
        if lits is not None:
            match = suffix.match
            if lower_occ is not None and self.lower_needles():
                startswith = text.startswith
                places = sorted({k for lit in lits for k in lower_occ[lit.lower()] if startswith(lit, k)})
            else:
                places = occurrences(text, lits)
            anchors = [k for k in places if match(text, k)]
        elif self.split is not None:
            anchors = sorted(k for rx in self.split for k in match_starts(rx, text))
        else:
            anchors = match_starts(suffix, text)
        if not anchors:
            return []
        cands: list[int] = list(anchors) if empty else []
        if first is not None:
            lo_hi: list[list[int]] = []
            for k in anchors:
                # The run of ``back`` characters ending at k, walked back no further than
                # the previous anchor (a run reaching it joins that anchor's range anyway).
                lo = _run_start(back.match, text, k, lo_hi[-1][1] if lo_hi else 0) if back is not None else k
                if lo_hi and lo <= lo_hi[-1][1]:
                    lo_hi[-1][1] = k
                else:
                    lo_hi.append([lo, k])
            for lo, hi in lo_hi:
                if self.prefix is not None:
                    cands.extend(_match_starts_within(self.prefix, text, lo, hi))
                else:
                    cands.extend(m.start() for m in first.finditer(text, lo, hi))
        return [m.start() for m in matches_from(self.rx, text, sorted(set(cands)))]


def _run_start(match, text: str, k: int, floor: int) -> int:
    """Start of the run of characters ``match`` (a ``[...]*`` pattern's ``match``) takes,
    read backwards from ``k``, not before ``floor``: ``max(floor, k - L)`` for the
    length ``L`` of that run.

    The text before ``k`` is reversed a window at a time (64 characters, then 4 times
    more while the run fills the window), not the whole text per document.
    """
    width = 64
    while True:
        a = k - width
        if a <= floor:
            seg = text[floor:k][::-1]
            return k - match(seg).end()
        seg = text[a:k][::-1]
        run = match(seg).end()
        if run < width:
            return k - run
        width *= 4


def _match_starts_within(rx: re.Pattern, text: str, lo: int, hi: int) -> list[int]:
    """Every place in ``[lo, hi)`` where ``rx`` matches inside ``text[:hi]`` (overlapping
    matches included): ``rx.search`` from each place found plus one."""
    out = []
    search = rx.search
    m = search(text, lo, hi)
    while m is not None:
        k = m.start()
        out.append(k)
        m = search(text, k + 1, hi)
    return out


def _subsequences(op, av) -> list:
    """The parsed sub-sequences of one regex-tree node (groups, repeats, branches, look-arounds)."""
    if op in (_sre_k.MAX_REPEAT, _sre_k.MIN_REPEAT) or op is getattr(_sre_k, "POSSESSIVE_REPEAT", None):
        return [av[2]]
    if op is _sre_k.SUBPATTERN:
        return [av[3]]
    if op is _sre_k.BRANCH:
        return av[1]
    if op in (_sre_k.ASSERT, _sre_k.ASSERT_NOT):
        return [av[1]]
    if op is getattr(_sre_k, "ATOMIC_GROUP", None):
        return [av]
    return []


def _has_assertion(seq) -> bool:
    """Does the parsed sequence hold a look-around or an ``AT`` (``^``, ``$``, ``\\b``...) anywhere?"""
    for op, av in seq:
        if op in (_sre_k.ASSERT, _sre_k.ASSERT_NOT, _sre_k.AT) or op is getattr(_sre_k, "GROUPREF_EXISTS", None):
            return True
        if any(_has_assertion(sub) for sub in _subsequences(op, av)):
            return True
    return False


def _has_groupref(seq) -> bool:
    for op, av in seq:
        if op in (_sre_k.GROUPREF, _sre_k.GROUPREF_EXISTS) or op is getattr(_sre_k, "GROUPREF_IGNORE", None):
            return True
        if any(_has_groupref(sub) for sub in _subsequences(op, av)):
            return True
    return False


def required_literal(pattern: str) -> str:
    """The longest literal text every match of a case-sensitive ``pattern`` holds ("" if none found)."""
    try:
        tree = _sre_p.parse(pattern, 0)
    except re.error:
        return ""
    if tree.state.flags & re.IGNORECASE:
        return ""
    best = cur = ""
    for op, av in tree.data:
        cur = cur + chr(av) if op is _sre_k.LITERAL else ""
        best = max(best, cur, key=len)
    return best


def required_texts(pattern: str) -> list[tuple[str, ...]] | None:
    """Texts a match of a case-sensitive ``pattern`` must hold: every match holds one string of each tuple.

    Read from the regex parser's tree: runs of literal characters in the pattern's
    top-level sequence, and groups or alternations whose every branch needs one.
    Longest first.  None if the pattern cannot be read (then nothing is known).
    """
    try:
        tree = _sre_p.parse(pattern, 0)
    except (re.error, TypeError):
        return None
    if tree.state.flags & re.IGNORECASE:
        return None
    try:
        reqs = _needs(tree.data)
    except (ValueError, TypeError):
        return None
    return sorted(reqs, key=lambda r: -min(map(len, r)))


def _needs(seq) -> list[tuple[str, ...]]:
    """Requirements of a sequence (see ``required_texts``)."""
    out: list[tuple[str, ...]] = []
    run = ""
    for op, av in seq:
        if op is _sre_k.LITERAL:
            run += chr(av)
            continue
        if run:
            out.append((run,))
            run = ""
        if op in (_sre_k.AT, _sre_k.ASSERT, _sre_k.ASSERT_NOT):
            continue  # zero-width: a look-behind may read text before the match, so it adds nothing
        if op is _sre_k.SUBPATTERN:
            if av[1] or av[2]:
                raise ValueError("inline flags")
            out.extend(_needs(av[3].data if isinstance(av[3], _sre_p.SubPattern) else av[3]))
        elif op is _sre_k.BRANCH:
            alts = []
            for alt in av[1]:
                best = _best(_needs(alt.data if isinstance(alt, _sre_p.SubPattern) else alt))
                if best is None:
                    break
                alts.append(best)
            else:
                out.append(tuple(sorted({t for a in alts for t in a})))
        elif op in (_sre_k.MAX_REPEAT, _sre_k.MIN_REPEAT) or str(op) == "POSSESSIVE_REPEAT":
            if av[0] >= 1:
                body = av[2]
                out.extend(_needs(body.data if isinstance(body, _sre_p.SubPattern) else body))
        # character classes, ANY, atomic groups...: nothing known
    if run:
        out.append((run,))
    return out


def _best(reqs: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The most telling requirement: the one whose shortest text is longest."""
    reqs = [r for r in reqs if r and all(r)]
    return max(reqs, key=lambda r: min(map(len, r))) if reqs else None


# -- one PhraseMatcher pass for several rules ------------------------------------

class SharedPhrases:
    """Phrase lists of several rules matched by ONE ``PhraseMatcher`` call per document.

    Most of a PhraseMatcher call is a look-up per token, whatever the number of
    phrases, so the rules that each ran their own over the whole document
    (unsourced-statistic, unsupported-claim, broken-phrase) share one per
    vocabulary and attribute.  Each rule adds its lists through a
    ``PhraseGroup``; a list already added (same label and phrases, from another
    instance of the rule) is reused, so building many linters adds nothing, and
    the lists of a group whose rule is gone leave the matcher.
    The matches of a document are computed once (kept in ``ctx.cache``) and
    dealt out to the groups in the matcher's order: the matches of a phrase
    list do not depend on the other lists in the matcher.  One exception: a
    span that several lists of a group hold comes out once per list, in an
    order the matcher takes from its keys, and those keys depend on what was
    added before; such ties are put in the order the group added its lists,
    so a rule that keeps the first one always keeps the same.  Lists with many
    matches that few documents need (unsupported-claim's cue words, read only
    in the sentences of its claims) are better left out.
    """

    _all: dict[tuple[int, str], "SharedPhrases"] = {}

    def __init__(self, vocab, attr: str):
        from spacy.matcher import PhraseMatcher

        self.vocab = vocab
        self.matcher = PhraseMatcher(vocab, attr=attr)
        self.keys: dict[tuple, int] = {}  # (label, phrase texts) -> match key
        self.names: dict[int, str] = {}  # match key -> its name in the matcher
        self.groups: dict[int, list[int]] = {}  # match key -> numbers of the live groups using it
        self.ranks: dict[int, dict[int, int]] = {}  # group -> {match key: the order the group added it in}
        self.n_groups = 0  # groups ever made (numbers are not reused)
        self.serial = 0  # lists ever added (names are not reused)
        self.version = 0  # changes with every group or list added or dropped: matches dealt before are stale
        self.cache_key = f"_shared_phrases_{attr}_{id(self)}"
        # match key -> the phrases of its list as tuples of attribute values (None: not known), for
        # telling which groups can get one span from several of their lists (see _plan)
        self.values: dict[int, frozenset | None] = {}
        self._attr = attr.upper()
        self._plan_for: tuple[int, tuple] = (-1, ())

    @classmethod
    def of(cls, nlp, attr: str = "LOWER") -> "SharedPhrases":
        got = cls._all.get((id(nlp.vocab), attr))
        if got is None or got.vocab is not nlp.vocab:
            got = cls._all[(id(nlp.vocab), attr)] = cls(nlp.vocab, attr)
        return got

    def new_group(self) -> int:
        self.n_groups += 1
        self.version += 1
        return self.n_groups - 1

    def drop_group(self, group: int) -> None:
        """Forget a group (its rule is gone): lists no live group uses leave the matcher."""
        for key in list(self.groups):
            users = self.groups[key]
            if group in users:
                users.remove(group)
                if not users:
                    self.matcher.remove(self.names.pop(key))
                    del self.groups[key]
                    self.values.pop(key, None)
                    self.keys = {c: k for c, k in self.keys.items() if k != key}
        self.ranks.pop(group, None)
        self.version += 1

    def add(self, group: int, label: str, docs) -> int:
        docs = list(docs)
        content = (label, tuple(d.text for d in docs))
        key = self.keys.get(content)
        if key is None:
            self.serial += 1
            name = f"{label}\x1f{self.serial}"
            self.matcher.add(name, docs)
            key = self.keys[content] = self.vocab.strings[name]
            self.names[key] = name
            self.values[key] = self._phrase_values(docs)
        users = self.groups.setdefault(key, [])
        if group not in users:
            users.append(group)
            self.version += 1
        ranks = self.ranks.setdefault(group, {})
        ranks.setdefault(key, len(ranks))
        return key

    def _phrase_values(self, docs) -> frozenset | None:
        """The phrases as the matcher compares them (a tuple of attribute values each; None when
        the attribute is not one of LOWER, ORTH, NORM, read from the tokens as they are)."""
        name = {"LOWER": "lower", "ORTH": "orth", "TEXT": "orth", "NORM": "norm"}.get(self._attr)
        if name is None:
            return None
        return frozenset(tuple(getattr(t, name) for t in d) for d in docs)

    def _plan(self) -> tuple:
        """How to deal out one document's matches, for the current lists (recomputed when they change).

        ``(groups, slot, shared, ties)``: the live groups in a fixed order; the slot (index in
        that order) of the one group of each list only one group uses; the slots of each list
        several groups use; the groups that can get one span from two of their lists (two
        lists holding the same phrase): only their matches need ``_order_ties``.
        """
        if self._plan_for[0] == self.version:
            return self._plan_for[1]
        live = sorted({g for users in self.groups.values() for g in users})
        index = {g: i for i, g in enumerate(live)}
        slot: dict[int, int] = {}
        shared: dict[int, tuple[int, ...]] = {}
        for key, users in self.groups.items():
            if len(users) == 1:
                slot[key] = index[users[0]]
            else:
                shared[key] = tuple(index[g] for g in users)
        ties = set()
        for g in live:
            keys = [k for k, users in self.groups.items() if g in users]
            seen: set = set()
            for k in keys:
                vals = self.values.get(k)
                if vals is None or not seen.isdisjoint(vals):
                    ties.add(g)
                    break
                seen |= vals
        plan = (tuple(live), slot, shared, frozenset(ties))
        self._plan_for = (self.version, plan)
        return plan

    def matches(self, ctx, group: int) -> list[tuple[int, int, int]]:
        """The matches of ``group``'s lists in ``ctx.doc`` (one matcher call per document; do not modify)."""
        got = ctx.cache.get(self.cache_key)
        if got is None or got[0] != self.version:  # a list added or dropped since: match again
            live, slot, shared, ties = self._plan()
            found: list[list] = [[] for _ in live]
            where = slot.get
            for m in self.matcher(ctx.doc):
                i = where(m[0])
                if i is not None:
                    found[i].append(m)
                else:
                    for i in shared[m[0]]:
                        found[i].append(m)
            dealt: dict[int, list] = {}
            for g, ms in zip(live, found):
                if ms:
                    if g in ties:
                        _order_ties(ms, self.ranks.get(g, {}))
                    dealt[g] = ms
            got = ctx.cache[self.cache_key] = (self.version, dealt)
        return got[1].get(group) or []


def _order_ties(found: list, rank: dict[int, int]) -> None:
    """Put matches of one span (the matcher gives them next to each other) in ``rank`` order."""
    i, n = 0, len(found)
    while i < n - 1:
        s, e = found[i][1], found[i][2]
        j = i + 1
        while j < n and found[j][1] == s and found[j][2] == e:
            j += 1
        if j - i > 1:
            found[i:j] = sorted(found[i:j], key=lambda m: rank.get(m[0], 0))
        i = j


class PhraseGroup:
    """One rule's labelled phrase lists in a ``SharedPhrases`` matcher (``attr`` "LOWER" by default)."""

    def __init__(self, nlp, attr: str = "LOWER"):
        import weakref

        self.shared = SharedPhrases.of(nlp, attr)
        self.number = self.shared.new_group()
        self.labels: dict[int, str] = {}  # match key -> the rule's label
        # When the rule goes (a linter dropped), so do its lists: none is matched for nothing.
        weakref.finalize(self, self.shared.drop_group, self.number).atexit = False  # nothing to do at exit

    def add(self, label: str, docs) -> int:
        """Add phrases (Docs) under ``label``; returns the match key of the list."""
        key = self.shared.add(self.number, label, docs)
        self.labels[key] = label
        return key

    def __call__(self, ctx) -> list[tuple[int, int, int]]:
        """``(key, start, end)`` of this group's phrases in ``ctx.doc``, as its own PhraseMatcher would give them."""
        return self.shared.matches(ctx, self.number)


def keyed_by_shared_part(items, min_len: int, preferred=()) -> list[tuple[str, list[tuple[str, int]]]]:
    """Strings grouped under a part they share ("a study", "the study" under " study").

    A text is then scanned once per key instead of once per string, and each
    string is tried only where its key occurs.  Each group is ``(key, [(string,
    offset of the key in it)])``; every non-empty string is in one group.  A
    string holding one of ``preferred`` (parts looked for anyway) goes under the
    longest such; the other keys are picked greedily: the part held by the most
    strings left (at least ``min_len`` characters, or the whole string when
    shorter), then the longest.
    """
    left = [s for s in items if s]
    groups = []
    for key in sorted(set(preferred), key=lambda k: (-len(k), k)):
        members = [s for s in left if key and key in s]
        if members:
            groups.append((key, [(s, s.find(key)) for s in members]))
            left = [s for s in left if s not in members]
    while left:
        parts: dict[str, list[str]] = {}
        for s in left:
            n = len(s)
            for sub in {s[a:b] for a in range(n) for b in range(a + min(min_len, n), n + 1)}:
                parts.setdefault(sub, []).append(s)
        key = max(parts, key=lambda k: (len(parts[k]), len(k), k))
        members = parts[key]
        groups.append((key, [(s, s.find(key)) for s in members]))
        left = [s for s in left if s not in members]
    return groups


def match_starts(rx: re.Pattern, text: str) -> list[int]:
    """Every place where ``rx`` matches ``text``, overlapping matches included
    (``finditer`` would skip the places inside a match)."""
    out = []
    search = rx.search
    m = search(text)
    while m is not None:
        k = m.start()
        out.append(k)
        m = search(text, k + 1)
    return out


class Later:
    """A class attribute whose value is made on first read, from ``obj._later[name]``: a
    ``(pattern, flags)`` pair (compiled) or a function (called).  The value then sits in the
    instance's ``__dict__``, which a non-data descriptor like this one gives way to: later reads
    are plain attribute reads.  (A ``__getattr__`` on the class instead would keep Python from
    specialising every attribute read of its instances: far slower for the lexicon.)"""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        spec = obj.__dict__.get("_later", {}).get(self.name)
        if spec is None:
            raise AttributeError(f"{type(obj).__name__!r} object has no attribute {self.name!r}")
        value = obj.__dict__[self.name] = spec() if callable(spec) else re.compile(*spec)
        return value


class LaterRegexes:
    """Regexes most documents never search, compiled on first use.

    A subclass declares each such attribute as ``name = Later()``; ``later(name,
    pattern)`` keeps the pattern's text, and the first read of ``self.name``
    compiles it (``later_value(name, make)``: a value built by ``make()``, a dict
    of regexes).  ``source(name)`` is the pattern's text, compiled or not.  For
    patterns that always compile (escaped words and fixed regexes): a bad one
    would raise at its first use, not when the object is made.
    """

    def later(self, name: str, pattern: str, flags: int = 0) -> None:
        self.__dict__.setdefault("_later", {})[name] = (pattern, flags)

    def later_value(self, name: str, make) -> None:
        self.__dict__.setdefault("_later", {})[name] = make

    def source(self, name: str) -> str:
        got = self.__dict__.get(name)
        return got.pattern if got is not None else self.__dict__["_later"][name][0]
