"""## missing-review-date

**What it does**
Reports an article with no published, updated or last-reviewed date, and one
whose newest such date is older than a review cycle (default 3 years; the
message says how old).  Dates are read from labelled lines in the text
("Last reviewed: 3 March 2025", "Updated 2024-05-01", "Published on March 3,
2025", "Medically reviewed by Dr. Ana Ruiz, MD on May 1, 2024", "Written by
Omar Haddad on 14 January 2026", a date alone on one of the first lines or
closing one after a separator: "By Dana Reyes, RN · 2 March 2026"; a bare
year there is no date) and from the ``published`` and ``last_reviewed``
fields of the front matter or HTML meta tags.  A past "Next review due" date
is reported as overdue.  A review or publication date in the future is
reported as a probable typo and does not count as current.

Numeric dates like 05/01/2024 are read month first for en-US and day first
for other locales (unless one part is over 12).  A year or month alone counts
as its last day, so a page is never called stale early.  A front-matter date
the rule cannot read still counts as a date (it is not reported as missing).

**Why it matters**
Currency is one of the four JAMA benchmarks: health advice changes (crisis
line numbers, drug guidance, screening ages), and readers need to know when a
page was last checked.  The NHS Standard for creating health content asks for
a review at least every 3 years.

**Example**
```
Last reviewed: 12 January 2019
```

**Use instead**
```
Last reviewed: 3 March 2025. Next review due: March 2028.
```

**Options**
- ``date_labels``: labels before a published / updated / reviewed date.
- ``next_review_labels``: labels before a next-review date.
- ``max_age_years``: a newest date older than this many years is stale.
- ``top_lines``: a date alone on one of this many first non-blank lines, or
  closing one of them after a separator (``|``, ``·``, ``•``, a dash), counts.
- ``metadata_keys``: front-matter / meta fields holding dates.
- ``as_of``: the date to measure age from (YYYY-MM-DD); empty means today.

**Default severity**
info: an undated or old page is a maintenance task for the editor, not an
error in what the page says.

**References**
JAMA benchmarks (Silberg et al., JAMA 1997): currency; DISCERN question 5;
NHS Standard for creating health content (2022): review dates.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re

from ._caseless import Caseless, lower_is_exact
from ..scan import required_texts
from .base import LazyPattern, Rule
from .missing_author import first_line_span

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MON = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
# One alternation, most specific first; named groups say which form matched.
DATE = (
    rf"(?:(?P<iy>\d{{4}})[-/.](?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}})(?![\d])"
    rf"|(?P<dd>\d{{1,2}}){_ORD}\s+(?P<dm>{_MON}),?\s+(?P<dy>\d{{4}})"
    rf"|(?P<mm>{_MON})\s+(?P<md>\d{{1,2}}){_ORD},?\s+(?P<my>\d{{4}})"
    rf"|(?P<na>\d{{1,2}})[/.](?P<nb>\d{{1,2}})[/.](?P<ny>\d{{4}})"
    rf"|(?P<om>{_MON}),?\s+(?P<oy>\d{{4}})"
    rf"|(?P<yy>(?:19|20)\d{{2}})(?![\d/.-]\d))"
)
# Compiled on first use (the date pattern is large; `healthlint rules` never needs it).
_DATE_RX = LazyPattern(DATE, re.IGNORECASE)
# A 4-digit number not inside a longer one, written digit-first so re scans for digits.
_YEAR = re.compile(r"\d(?<!\d\d)\d{3}(?!\d)")
_LINE = re.compile(r"[^\n]*\S[^\n]*")  # a line that is not blank
_FOUR_DIGITS = re.compile(r"\d\d\d\d")
_DATE_LINE = LazyPattern(rf"^[ \t>*_#|•-]*(?:{DATE})[ \t.]*$", re.IGNORECASE | re.MULTILINE)
# A date closing a top line after a separator: "By Dana Reyes, RN · 2 March 2026".
_TAIL_DATE = LazyPattern(rf"[|•·—–][ \t]*(?P<date>{DATE})[ \t.]*$", re.IGNORECASE)


def _covering_words(labels: list[list[str]], avoid: set[str]) -> tuple[str, ...] | None:
    """Few words such that every label (its words) holds one, preferring words not in ``avoid``
    (greedy: the word in most labels left, then not avoided, then longest).  None if a label has no words."""
    if not labels or any(not words for words in labels):
        return None
    left = [set(words) for words in labels]
    chosen: list[str] = []
    while left:
        counts: dict[str, int] = {}
        for words in left:
            for w in words:
                counts[w] = counts.get(w, 0) + 1
        best = max(counts, key=lambda w: (w not in avoid, counts[w], len(w), w))
        chosen.append(best)
        left = [words for words in left if best not in words]
    return tuple(sorted(chosen))


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def parse_date(m: re.Match, day_first: bool) -> _dt.date | None:
    """The date a DATE match stands for (None if impossible, e.g. 31/02/2024)."""
    g = m.groupdict()
    try:
        if g["iy"]:
            return _dt.date(int(g["iy"]), int(g["im"]), int(g["id"]))
        if g["dd"]:
            return _dt.date(int(g["dy"]), _MONTHS[g["dm"].lower().rstrip(".")], int(g["dd"]))
        if g["mm"]:
            return _dt.date(int(g["my"]), _MONTHS[g["mm"].lower().rstrip(".")], int(g["md"]))
        if g["na"]:
            a, b, y = int(g["na"]), int(g["nb"]), int(g["ny"])
            if a > 12:
                day_first = True
            elif b > 12:
                day_first = False
            d, mo = (a, b) if day_first else (b, a)
            return _dt.date(y, mo, d)
        if g["om"]:
            y, mo = int(g["oy"]), _MONTHS[g["om"].lower().rstrip(".")]
            return _dt.date(y, mo, _last_day(y, mo))
        if g["yy"]:
            return _dt.date(int(g["yy"]), 12, 31)
    except (ValueError, KeyError):
        return None
    return None


def parse_date_string(value: str, day_first: bool = False) -> _dt.date | None:
    """A front-matter date ("2024-05-01", "2024-05-01T10:00:00Z", "March 3, 2025")."""
    m = _DATE_RX.search(str(value))
    return parse_date(m, day_first) if m else None


def _ago(today: _dt.date, then: _dt.date) -> str:
    months = (today.year - then.year) * 12 + today.month - then.month - (today.day < then.day)
    years, rest = divmod(max(months, 0), 12)
    if years == 0:
        return f"{rest} month{'s' * (rest != 1)} ago"
    return f"{years} year{'s' * (years != 1)}" + (f" {rest} month{'s' * (rest != 1)}" if rest else "") + " ago"


def _years_before(today: _dt.date, years: int) -> _dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


class MissingReviewDate(Rule):
    id = "missing-review-date"
    summary = "No published or last-reviewed date, or one older than the review cycle (JAMA currency)."
    category = "provenance"
    guideline = "JAMA benchmarks (currency)"
    fixable = False
    document_level = True

    # Injectable for tests: the rule measures age from this (unless `as_of` is set).
    today = staticmethod(_dt.date.today)

    def setup(self, nlp):
        o = self.options

        def alt(items):
            # Lower-cased (the patterns are case-insensitive): the patterns then have lower-case
            # literals only, and are searched case-sensitively in ctx.lower when that is exact.
            items = [i.lower() for i in items]
            return "|".join(re.escape(i).replace(r"\ ", r"[ \t]+") for i in sorted(items, key=len, reverse=True))

        lead = r"(?:^|(?<=[|•·—–])|(?<=\s-\s)|(?<=[.;]\s))[ \t>*_#]*"
        gap = r"[ \t]*(?:on|:|-|–|—|,)?[ \t]*(?:on[ \t]+)?"
        # (lazy: compiled when a text first has a line with a label word and a year; escaped
        # words and fixed regexes, so they compile)
        self._labelled = Caseless(rf"{lead}(?P<label>{alt(o['date_labels'])})\b{gap}(?P<date>{DATE})",
                                  re.MULTILINE, lazy=True)
        # "Medically reviewed by Dr. Ana Ruiz, MD on May 1, 2024" / "Updated by J. Doe | 2024-05-01"
        self._by = Caseless(
            rf"(?P<label>{alt(o['date_labels'])})[ \t]+by[ \t]+[^\n\d]{{1,80}}?(?:[ \t]on|[|•·—–,(])[ \t]*(?P<date>{DATE})",
            lazy=True,
        )
        self._next = Caseless(rf"{lead}(?P<label>{alt(o['next_review_labels'])})\b{gap}(?P<date>{DATE})",
                              re.MULTILINE, lazy=True)
        # Every label match holds each word of its label: a line with none of these cannot match.
        # Shortest labels first: a label holding a word already chosen adds none ("last reviewed"
        # holds "review", from "next review"; "updated" holds "date").
        labels = sorted({lab.lower() for lab in [*o["date_labels"], *o["next_review_labels"]] if lab.strip()},
                        key=lambda lab: (len(lab), lab))
        words: set[str] = set()
        for label in labels:
            if not any(w in label for w in words):
                words.add(max(label.split(), key=len))
        self._label_words = tuple(sorted(w for w in words if not any(v != w and v in w for v in words)))
        # Texts each regex's matches hold (one of them): a label line without any is not searched
        # with it (see dates).  A next-review match holds every word of its label; words of no
        # date label ("next", "due") tell those lines apart.  A "<label> by" match holds "by".
        date_words = {w for lab in o["date_labels"] for w in lab.lower().split()}
        self._next_need = _covering_words([lab.lower().split() for lab in o["next_review_labels"]], date_words)
        by_needs = required_texts(self._by.low) if self._by.low is not None else None  # (low: fast's pattern)
        self._by_need = min(by_needs, key=len) if by_needs else None
        as_of = str(o.get("as_of") or "").strip()
        try:
            self._as_of = _dt.date.fromisoformat(as_of) if as_of else None
        except ValueError:
            from ..errors import ConfigError

            raise ConfigError(f"rules.missing-review-date.as_of: expected a date YYYY-MM-DD or \"\", got {as_of!r}") from None

    def _today(self) -> _dt.date:
        return self._as_of or type(self).today()

    def _label_lines(self, text: str, low: str) -> list[tuple[int, int]]:
        """(start, end) of each line holding a label word (in ``low``) and a 4-digit year, in order."""
        starts: set[int] = set()
        find, rfind = low.find, low.rfind
        for w in self._label_words:
            i = find(w)
            while i != -1:
                ls = rfind("\n", 0, i) + 1
                starts.add(ls)
                le = find("\n", i)
                if le == -1:
                    break
                i = find(w, le)  # the rest of this line is already taken
        spans = []
        n = len(text)
        for ls in sorted(starts):
            le = text.find("\n", ls)
            le = n if le == -1 else le
            if _YEAR.search(text, ls, le):
                spans.append((ls, le))
        return spans

    def dates(self, ctx) -> tuple[list[tuple[_dt.date, str, int, int]], list[tuple[_dt.date, str, int, int]], bool]:
        """(dated labels, next-review dates, has an unreadable metadata date)."""
        text = ctx.text
        day_first = not ctx.locale.endswith("US")
        found: list[tuple[_dt.date, str, int, int]] = []
        seen: set[int] = set()
        nxt = []
        # Every labelled date has a label word and a 4-digit year on its line: only those lines are
        # searched.  The label words are rarer than 4-digit numbers, so they are found first
        # (str.find in ctx.lower), then each of their lines is asked for a year.
        spans: list[tuple[int, int]]
        if lower_is_exact(ctx):
            spans = self._label_lines(text, ctx.lower)
        else:
            spans = []
            for y in _YEAR.finditer(text):
                if spans and y.start() < spans[-1][1]:
                    continue
                ls = text.rfind("\n", 0, y.start()) + 1
                le = text.find("\n", y.end())
                spans.append((ls, len(text) if le == -1 else le))

        def search(caseless, need=None):
            rx, target = caseless.pick(ctx)  # the same offsets in ctx.lower
            if rx is not caseless.fast:
                need = None  # the texts are in lower case: for the lower-cased text only
            for ls, le in spans:
                if need is not None and not any(target.find(t, ls, le) != -1 for t in need):
                    continue  # a match in this line would hold one of them
                yield from rx.finditer(target, ls, le)

        if spans:  # else no labelled date anywhere: no regex to pick or run
            for m in search(self._next, self._next_need):
                dm = _DATE_RX.fullmatch(m.group("date"))
                d = parse_date(dm, day_first) if dm else None
                if d:
                    nxt.append((d, m.group("label"), m.start("date"), m.end("date")))
                    seen.add(m.start("date"))
            for rx, need in ((self._labelled, None), (self._by, self._by_need)):
                for m in search(rx, need):
                    if m.start("date") in seen:
                        continue
                    dm = _DATE_RX.fullmatch(m.group("date"))
                    d = parse_date(dm, day_first) if dm else None
                    if d:
                        seen.add(m.start("date"))
                        found.append((d, " ".join(m.group("label").lower().split()), m.start("date"), m.end("date")))
        # A date alone on one of the first lines (a dateline under the title).
        top = self.options["top_lines"]
        lines = []
        for line in _LINE.finditer(text):
            if len(lines) >= top:
                break
            lines.append(line)
        # Every date form holds four digits in a row: without them no line is read.
        if lines and not _FOUR_DIGITS.search(text, 0, lines[-1].end()):
            lines = []
        for line in lines:
            if not _FOUR_DIGITS.search(text, line.start(), line.end()):
                continue  # no date form in this line (each holds four digits in a row)
            m = _DATE_LINE.fullmatch(line.group(0))
            if m and not m.group("yy"):
                d = parse_date(m, day_first)
                dm = _DATE_RX.search(line.group(0))
                if d and dm and line.start() + dm.start() not in seen:
                    found.append((d, "dated", line.start() + dm.start(), line.start() + dm.end()))
                continue
            tail = _TAIL_DATE.search(line.group(0))
            if tail and not tail.group("yy"):  # (a bare year after a separator is no date: "| 2024")
                dm = _DATE_RX.fullmatch(tail.group("date"))
                d = parse_date(dm, day_first) if dm else None
                start = line.start() + tail.start("date")
                if d and start not in seen:
                    found.append((d, "dated", start, line.start() + tail.end("date")))
        unreadable = False
        meta = ctx.document.metadata or {}
        for key in self.options["metadata_keys"]:
            value = str(meta.get(key) or "").strip()
            if not value:
                continue
            d = parse_date_string(value, day_first)
            if d:
                found.append((d, key.replace("_", " "), -1, -1))
            else:
                unreadable = True
        return found, nxt, unreadable

    def check(self, ctx):
        found, nxt, unreadable = self.dates(ctx)
        if not found:  # nothing dated: no age to measure
            if not unreadable:
                yield self.finding(
                    *first_line_span(ctx.text),
                    "no published or last-reviewed date (a date belongs at the top, under the title)",
                    suggestion="Add 'Last reviewed: <date>' (and who reviewed it), or set last_reviewed: "
                    "in the front matter.",
                )
            return
        today = self._today()
        first = first_line_span(ctx.text)

        def at(s, e):
            return (s, e) if s >= 0 else first

        future = [f for f in found if f[0] > today + _dt.timedelta(days=1)]
        current = [f for f in found if f not in future]
        for d, label, s, e in future:
            yield self.finding(
                *at(s, e),
                f"'{label}' date {d.isoformat()} is in the future: a typo?",
                suggestion="Write the date the page was actually published or last reviewed.",
            )
        if not current:
            if not future and not unreadable:
                yield self.finding(
                    *first,
                    "no published or last-reviewed date (a date belongs at the top, under the title)",
                    suggestion="Add 'Last reviewed: <date>' (and who reviewed it), or set last_reviewed: "
                    "in the front matter.",
                )
            return
        newest = max(current, key=lambda f: f[0])
        d, label, s, e = newest
        max_age = self.options["max_age_years"]
        if d < _years_before(today, max_age):
            where = "" if s >= 0 else f" (front matter {label})"
            yield self.finding(
                *at(s, e),
                f"{label} {_ago(today, d)} ({d.isoformat()}){where}: "
                f"older than the {max_age}-year review cycle",
                suggestion="Review the page against current guidance and update its 'Last reviewed' date.",
            )
            return
        for nd, nlabel, ns, ne in nxt:
            if nd < today and nd >= d:
                yield self.finding(
                    ns, ne,
                    f"next review was due {_ago(today, nd)} ({nd.isoformat()})",
                    suggestion="Review the page, then update its 'Last reviewed' and 'Next review' dates.",
                )


RULE = MissingReviewDate
