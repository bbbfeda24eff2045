"""Numbers with units, converted to one base unit per measure.

"three hours" and "180 minutes" are both 180 (duration, in minutes);
"$10,000" and "ten thousand dollars" are both 10000 (cost, in dollars);
"1 in 10" and "10%" are both 10 (percent).  A range ("8 to 12 weeks") keeps
both ends; a bound ("up to", "more than") is marked so it is never compared
as a value; "about" widens the tolerance.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..scan import Later, LaterRegexes

if TYPE_CHECKING:
    from .lexicon import Lexicon


@dataclass(slots=True)
class Quantity:
    measure: str  # duration, cost, dose, volume, percent, frequency, age
    lo: float
    hi: float
    start: int  # offsets in the sentence
    end: int
    per: str = ""  # the rate's denominator: "week", "day", "session"...
    approx: bool = False
    bound: bool = False

    def as_tuple(self) -> tuple:
        """The fields in order (``Quantity(*q.as_tuple())`` is an equal quantity)."""
        return (self.measure, self.lo, self.hi, self.start, self.end, self.per, self.approx, self.bound)


_DIGIT = re.compile(r"\d")


def _literal_trie(words: list[str]) -> str:
    """A regex for ``"|".join(map(re.escape, words))`` with ``words`` sorted longest first,
    factored by shared prefixes: the same matches, tried in the same order."""
    from .lexicon import _trie

    return _trie(words, flexible_spaces=False)


_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Words allowed between a measure verb and its quantity ("lasts for about 3 hours").
AMOUNT = r"(?:\s+(?:for|about|around|roughly|approximately|nearly|almost|usually|typically|only|just))*\s*"


class QuantityParser(LaterRegexes):
    """Quantities in a sentence.  The patterns ~4 in 5 articles never search (on the bench
    corpus: money with "dollars", "percent", "1 in 10" alone, frequencies, "every day", ages,
    units, the plain verb gate) are compiled on first use (``LaterRegexes``)."""

    money = Later()
    percent = Later()
    percent_sign = Later()
    one_in = Later()
    unit = Later()
    freq = Later()
    every = Later()
    age = Later()
    _verb_gate = Later()

    def __init__(self, lex: "Lexicon"):
        self.lex = lex
        words = sorted(lex.number_words, key=len, reverse=True)
        # (the same alternatives as "|".join of the words longest first, factored by shared
        # prefixes: _literal_trie)
        nw = _literal_trie(words)
        num = rf"(?:{_DIGITS}|(?:{nw})(?:[\s-](?:{nw}))*)"
        self.num = num
        units = sorted((u for u in lex.units if u not in ("%", "dollar", "dollars", "usd", "percent")), key=len, reverse=True)
        ul = _literal_trie(units)
        per = r"(?:\s+(?:a|an|per|each|every)\s+(?:day|week|month|year|session|dose|visit|meeting))?"
        self.later("money", (
            rf"\$\s?(?P<a>{_DIGITS})(?:\s?(?P<am>k|thousand|million))?(?:\s?(?:to|-|–|or)\s?\$?(?P<b>{_DIGITS})(?:\s?(?P<bm>k|thousand|million))?)?{per}"
            rf"|(?<![\w$])(?P<w>{num})\s+(?:us\s+)?dollars{per}"
        ))
        # Without "dollars" only the first pattern can match: the same matches from a pattern
        # that opens with "$", which the regex engine finds by a fast scan for that character
        # (the "w" group, never set then, kept in a part that fails at once).
        self.money_sign = re.compile(
            rf"\$\s?(?P<a>{_DIGITS})(?:\s?(?P<am>k|thousand|million))?(?:\s?(?:to|-|–|or)\s?\$?(?P<b>{_DIGITS})(?:\s?(?P<bm>k|thousand|million))?)?{per}"
            r"(?:(?!)(?P<w>))?"
        )
        self.later("percent", rf"(?<![\w.])(?P<a>{_DIGITS})(?:\s?(?:to|-|–)\s?(?P<b>{_DIGITS}))?\s?(?:%|percent\b)"
                              rf"|(?<![\w.])(?P<w>{num})\s+percent\b"
                              rf"|(?<![\w.])(?P<n>{_DIGITS}|one)\s+(?:in|out\s+of)\s+(?P<d>{_DIGITS})(?!\s*(?:{ul}))\b")
        # Without "percent" the second pattern cannot match: the same matches without it
        # (its group kept as an alternative that fails at once).
        self.later("percent_sign", rf"(?<![\w.])(?P<a>{_DIGITS})(?:\s?(?:to|-|–)\s?(?P<b>{_DIGITS}))?\s?(?:%|percent\b)"
                                   rf"|(?<![\w.])(?P<n>{_DIGITS}|one)\s+(?:in|out\s+of)\s+(?P<d>{_DIGITS})(?!\s*(?:{ul}))\b"
                                   r"|(?!)(?P<w>)")
        # Without "percent" and without a "1 in 10" (_IN_DIGIT finds none) only the "%" pattern
        # can match: the same matches from a pattern that opens with the number's first digit
        # (the look-behind moved after it), which the regex engine finds by a fast scan for
        # digits instead of trying every position (the other groups, never set then, kept in a
        # part that fails at once).
        first = r"\d(?<![\w.]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)"  # = (?<![\w.])(?:_DIGITS)
        self.percent_only = re.compile(rf"(?P<a>{first})(?:\s?(?:to|-|–)\s?(?P<b>{_DIGITS}))?\s?(?:%|percent\b)"
                                       r"(?:(?!)(?P<n>)(?P<d>)(?P<w>))?")
        # Without "%" or "percent" only the third pattern can match: the same matches, and the
        # other groups (never set then) kept as an alternative that fails at once.
        self.later("one_in", rf"(?<![\w.])(?P<n>{_DIGITS}|one)\s+(?:in|out\s+of)\s+(?P<d>{_DIGITS})(?!\s*(?:{ul}))\b"
                             r"|(?!)(?P<a>)(?P<b>)(?P<w>)")
        self.later("unit", (
            rf"(?<![\w$.])(?P<a>{num})(?:\s?(?:to|-|–|or)\s?(?P<b>{num}))?(?P<half>\s+and\s+a\s+half)?[\s-]?(?P<u>{ul})\b(?P<half2>\s+and\s+a\s+half)?{per}"
            rf"|(?P<ha>half\s+an?\s+(?P<hu>hour|day|year))"
        ))
        self.later("freq", (
            rf"(?<![\w$.])(?:(?P<once>once|twice)|(?P<a>{num})(?:\s?(?:to|-|–|or)\s?(?P<b>{num}))?\s+(?:times|days|evenings|mornings|nights|sessions|visits))"
            rf"\s+(?:a|per|each|every)\s+(?P<per>day|week|month)\b"
        ))
        self.unit_word = re.compile(r"(?<![\w-])(?:" + ul + r"|half)(?![\w-])")
        # a unit_word match is a whole run of letters and digits (lexicon.RUN) when every unit is
        # one: parse() with the text's runs skips the scan when none of them is there
        from .lexicon import RUN

        unit_runs = frozenset(units) | {"half"}
        self._unit_runs = unit_runs if all(RUN.fullmatch(u) for u in unit_runs) else None
        self.later("every", r"\b(?:(?P<ev>every|each)\s+(?P<other>other\s+)?(?P<u>day|week|month)|(?P<ly>daily|weekly|monthly))\b")
        self.later("age", r"\b(?:at|from|by)\s+(?:the\s+)?ages?\s+(?:of\s+)?(?P<a>\d{1,3})(?:\s?(?:to|-|–|and)\s?(?P<b>\d{1,3}))?\b"
                          r"|\b(?:at|from)\s+(?P<c>\d{1,3})\s+years?\s+(?:old|of\s+age)\b")

        # A claim gate (Extractor.quantity): a sentence can make a quantity claim only if a
        # measure verb, then AMOUNT words, comes right before the start of a quantity
        # ("lasts about 3 hours"), or if it has a share ("10%", "percent", "1 in 10").  The
        # gate is a superset of what the claim's own tests accept (verbs without their
        # right boundary, any start a quantity pattern above can have), so a sentence it
        # rejects would have given no claim: it is simply not parsed.
        from .lexicon import phrases

        suffix = r"(?![\w-])"
        verbs = phrases([v for vs in lex.o["measure_verbs"].values() for v in vs])
        verbs = verbs[:-len(suffix)] if verbs.endswith(suffix) else verbs
        nw_all = _literal_trie(words) or r"(?!x)x"
        ul_all = _literal_trie(sorted(lex.units, key=len, reverse=True)) or r"(?!x)x"
        follow = (rf"[\s\-–]*(?:to|or|and|us|dollars|times|days|evenings|mornings|nights|sessions|visits|\d|"
                  rf"{nw_all}|{ul_all})")
        qstart = rf"[\d$]|every|each|daily|weekly|monthly|at|from|by|once|twice|half|(?:{nw_all})(?={follow})"
        self.later("_verb_gate", rf"{verbs}{AMOUNT}(?={qstart})")
        # The same gate searched in " " + text: the look-behind before the verb becomes a
        # character that is not [\w-] (the added space at the start), which the regex
        # engine finds by a fast scan instead of trying the whole pattern at every position
        # (a match in " " + text starts one character before the verb; only its presence is
        # used).  None when the verb pattern has no such look-behind (no verbs).
        lookbehind = r"(?<![\w-])"
        self._verb_gate_sep = (re.compile(rf"[^\w-]{verbs[len(lookbehind):]}{AMOUNT}(?={qstart})")
                               if verbs.startswith(lookbehind) else None)
        shares = [re.escape(u) for u, (m, _f) in lex.units.items() if m == "percent" and u not in ("%", "percent")]
        self._share_gate = re.compile("|".join([r"(?:\d|one)\s+(?:in|out\s+of)\s+\d"] + shares))
        self._share_words = tuple(u for u, (m, _f) in lex.units.items() if m == "percent" and u not in ("%", "percent"))

        # Every Quantity parse() returns needs a digit or one of these words ("$", "dollars",
        # "once", a unit...).  Dose and volume units are left out: a volume is never compared
        # and a dose only in a sentence that says "dose", so "dose" stands for them.
        words = {"$", "dollar", "once", "twice", "day", "week", "month", "daily", "%", "percent"}
        words |= {u for u, (m, _f) in lex.units.items() if m not in ("dose", "volume")}
        if any(m == "dose" for m, _f in lex.units.values()):
            words.add("dose")
        # substrings, not whole words ("10mg", "onehour"): drop a word that holds another
        self._parse_words = tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))

    def may_parse(self, low: str) -> bool:
        """False only when ``low`` holds no quantity that can make a claim (see above)."""
        return bool(any(map(low.__contains__, self._parse_words)) or _DIGIT.search(low))

    def may_claim(self, low: str, percent_tail: "re.Pattern | None" = None, runs: frozenset | None = None) -> bool:
        """False only when no quantity in ``low`` can make a claim (see the gate above).

        ``percent_tail``: what must follow a "%" or "percent" share for the caller to use it
        (Extractor.quantity: "of ..." or "people"...); a text whose "%" and "percent" are
        never followed by it is then admitted only by the other gates.  (Ignored when a unit
        other than "%" and "percent" is a share: its quantities end in other words.)
        ``runs``: the runs of letters and digits of ``low`` (SentView.words), if known: an
        _IN_DIGIT match holds "in" or "of" between whitespace, a whole run, so without either
        run it is not searched.
        """
        # (a "1 in 10" / "one out of 10" match holds _IN_DIGIT's whitespace, "in" or "of",
        # whitespace, digit, which a scan that skips to the spaces finds: the share gate, a
        # scan tried at every position, runs only when that or a share word is in the text)
        if "%" in low or "percent" in low:
            if percent_tail is None or self._share_words or percent_tail.search(low):
                return True
        sep = self._verb_gate_sep
        return bool((sep.search(" " + low) if sep is not None else self._verb_gate.search(low))
                    or ((runs is None or "in" in runs or "of" in runs) and _IN_DIGIT.search(low)
                        or any(map(low.__contains__, self._share_words)))
                    and self._share_gate.search(low))

    # -- numbers -----------------------------------------------------------
    def value(self, s: str | None) -> float | None:
        if s is None:
            return None
        s = s.strip().lower()
        if not s:
            return None
        if s[0].isdigit():
            try:
                return float(s.replace(",", ""))
            except ValueError:
                return None
        total, current = 0.0, 0.0
        for w in _QX1.split(s):
            v = self.lex.number_words.get(w)
            if v is None:
                return None
            if v in (100.0, 1000.0):
                current = (current or 1.0) * v
                if v == 1000.0:
                    total += current
                    current = 0.0
            else:
                current += v
        return total + current

    def _flags(self, low: str, start: int, end: int) -> tuple[bool, bool]:
        before = low[max(0, start - 25):start]
        after = low[end:end + 12]
        bound = bool(self.lex.bound.search(before[-16:])) or bool(_QX2.match(after))
        approx = bool(self.lex.approx.search(before)) or bool(_QX3.match(after))
        return approx, bound

    def parse(self, low: str, runs: frozenset | None = None) -> list[Quantity]:
        """The quantities in ``low`` (``runs``: its runs of letters and digits, SentView.words,
        if known: a cheaper first test for units)."""
        out: list[Quantity] = []
        taken: list[tuple[int, int]] = []

        def add(q: Quantity):
            if any(q.start < e and s < q.end for s, e in taken):
                return
            q.approx, q.bound = self._flags(low, q.start, q.end)
            taken.append((q.start, q.end))
            out.append(q)

        mult = _MULT
        has_money = "$" in low or "dollar" in low
        unit_runs = self._unit_runs
        has_unit = ((runs is None or unit_runs is None or not unit_runs.isdisjoint(runs))
                    and self.unit_word.search(low) is not None)
        money = self.money if "dollars" in low else self.money_sign
        for m in (money.finditer(low) if has_money else ()):
            if m.group("a"):
                a = self.value(m.group("a")) * mult[m.group("am")]
                b = self.value(m.group("b"))
                b = b * mult[m.group("bm") or m.group("am")] if b is not None else a
            else:
                a = b = self.value(m.group("w"))
            if a is None:
                continue
            add(Quantity("cost", min(a, b), max(a, b), m.start(), m.end(), per=_per(m.group(0))))
        # (self.freq ends in "a/per/each/every day|week|month")
        dwm = "day" in low or "week" in low or "month" in low
        # (every self.freq match ends in whitespace, "a/per/each/every", whitespace, day/week/month:
        # _PER_DWM is that tail alone, a scan that skips to the spaces)
        for m in (self.freq.finditer(low) if dwm and (has_unit or "once" in low or "twice" in low or "times" in low)
                  and _PER_DWM.search(low) else ()):
            if m.group("once"):
                a = b = 1.0 if m.group("once") == "once" else 2.0
            else:
                a = self.value(m.group("a"))
                b = self.value(m.group("b")) if m.group("b") else a
            if a is None or b is None:
                continue
            factor = {"day": 7.0, "week": 1.0, "month": 12 / 52.18}[m.group("per")]
            add(Quantity("frequency", a * factor, b * factor, m.start(), m.end()))
        every = (("every" in low or "each" in low) and dwm) or "daily" in low or "weekly" in low or "monthly" in low
        for m in (self.every.finditer(low) if every else ()):
            unit = m.group("u") or {"daily": "day", "weekly": "week", "monthly": "month"}[m.group("ly")]
            per_week = {"day": 7.0, "week": 1.0, "month": 12 / 52.18}[unit] / (2.0 if m.group("other") else 1.0)
            add(Quantity("frequency", per_week, per_week, m.start(), m.end()))
        # ("1 in 10", the third pattern, needs a digit)
        # (without "%" or "percent" only "1 in 10" / "one out of 10" can match: whitespace, "in" or
        # "of", whitespace, a digit, which _IN_DIGIT finds with a scan that skips to the spaces)
        shares = "%" in low or "percent" in low or (" in " in low and _DIGIT.search(low) is not None
                                                    and _IN_DIGIT.search(low) is not None)
        percent = (self.percent if "percent" in low else
                   (self.percent_sign if _IN_DIGIT.search(low) else self.percent_only) if "%" in low else self.one_in)
        for m in (percent.finditer(low) if shares else ()):
            if m.group("n"):
                n, d = self.value(m.group("n")), self.value(m.group("d"))
                if not n or not d:
                    continue
                a = b = 100.0 * n / d
            elif m.group("w"):
                a = b = self.value(m.group("w"))
            else:
                a = self.value(m.group("a"))
                b = self.value(m.group("b")) if m.group("b") else a
            if a is None or b is None:
                continue
            add(Quantity("percent", a, b, m.start(), m.end()))
        # the words self.every and self.age need ("at 5 years old" has no "age")
        for m in (self.age.finditer(low) if "age" in low or "year" in low else ()):
            a = self.value(m.group("a") or m.group("c"))
            b = self.value(m.group("b")) if m.group("b") else a
            add(Quantity("age", a, b, m.start(), m.end()))
        for m in (self.unit.finditer(low) if has_unit else ()):
            if m.group("ha"):
                measure, factor = self.lex.units[m.group("hu")]
                add(Quantity(measure, 0.5 * factor, 0.5 * factor, m.start(), m.end()))
                continue
            measure, factor = self.lex.units[m.group("u")]
            a = self.value(m.group("a"))
            b = self.value(m.group("b")) if m.group("b") else a
            if a is None or b is None:
                continue
            if m.group("half") or m.group("half2"):
                a += 0.5
                b += 0.5
            per = ""
            tail = _QX0.search(m.group(0))
            if tail:
                per = tail.group(1)
            add(Quantity(measure, a * factor, b * factor, m.start(), m.end(), per=per))
        out.sort(key=lambda q: q.start)
        return out


_MULT = {"k": 1000.0, "thousand": 1000.0, "million": 1e6, None: 1.0}
_PER_DWM = re.compile(r"\s(?:a|per|each|every)\s+(?:day|week|month)")
_IN_DIGIT = re.compile(r"\s(?:in|of)\s+\d")


def _per(s: str) -> str:
    m = _QX0.search(s)
    return m.group(1) if m else ""


def conflict(a: Quantity, b: Quantity, tol: float, approx_tol: float) -> bool:
    """Do two values of the same measure disagree beyond the tolerance?"""
    if a.measure != b.measure or a.per != b.per or a.bound or b.bound:
        return False
    t = approx_tol if (a.approx or b.approx) else tol
    a_lo, a_hi = a.lo * (1 - t), a.hi * (1 + t)
    b_lo, b_hi = b.lo * (1 - t), b.hi * (1 + t)
    return a_hi < b_lo or b_hi < a_lo


# Patterns of the re.* calls above, compiled once (the same patterns).
_QX0 = re.compile(r"\s(?:a|an|per|each|every)\s+(day|week|month|year|session|dose|visit|meeting)$")
_QX1 = re.compile(r"[\s-]+")
_QX2 = re.compile(r"\s*(?:or\s+(?:more|less|longer|fewer)|\+)")
_QX3 = re.compile(r"\s*(?:or\s+so)")
