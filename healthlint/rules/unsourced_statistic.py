"""## unsourced-statistic

**What it does**
Finds figures that need a source and have none in the same sentence or the
sentences next to it:

- costs: "$5,000", "2,000 dollars", "£3 million";
- percentages: "40%", "forty percent", "12 per cent";
- rates: "1 in 5", "3 out of 10", "per 100,000";
- counts of people: "2 million Americans", "15,000 deaths", "thousands of
  people" (a bare count needs a scale word or at least `min_people_count`);
- majority claims: "most people ...", "the majority of patients".

A sentence is sourced when it, or one within `window_sentences`, has a
citation cue (the shared `cues:` lists in `rules.yaml`): "according to", a
named agency, study or journal, "[1]", "(Author, 2021)", a URL, DOI or PMID.

Numbers that are not statistics are never candidates, because only the
shapes above are: phone numbers (1-800-662-4357, 988), years, ages ("adults
over 65"), doses ("500 mg"), list numbers, times ("3 p.m.", "24/7"),
durations ("a 12-week program": a fact about the programme, not a
statistic), measurements ("120/80").  Percentages that describe a
measurement rather than how many people ("an A1C of 6.5 percent", "1%
hydrocortisone cream", "lose 5 percent of your body weight", "each child
has a 50% chance of inheriting it") are skipped when a `measurement_cues`
word stands within a few words of the figure; "100 percent" not followed by
"of" ("100 percent preventable") is an absolute claim, left to the claims
rules.
One finding per sentence; the other figures in it are related locations.
Quotations and reference lists are skipped.

**Why it matters**
Figures persuade.  Readers cannot check, and editors cannot update, a
number with no source; a stale or invented statistic is a common way health
pages mislead.

**Example**
    About 1 in 5 adults will have depression, and treatment costs $5,000 a year.

**Use instead**
    About 1 in 5 adults will have depression, according to the National
    Institute of Mental Health (2023).

On government pages the publisher is the source, so such sentences are true
findings for an article by design; disable the rule per file or folder with
`overrides:` if the publisher's name is the attribution.

**Options**
- `window_sentences`: sentences on each side searched for a citation (1).
- `currency_symbols`, `currency_words`, `scale_words`, `percent_words`.
- `people_nouns`: nouns a count of people ends with; `count_modifiers`: words
  allowed between the number and the noun ("new", "U.S.").
- `crowd_words`: "thousands" in "thousands of people".
- `min_people_count`: a count without a scale word must be at least this.
- `rate_not_before`: words after "1 in 5" that make it not a rate ("weeks").
- `per_not_before`: units after "per 100" that make it a measurement ("mL").
- `majority_phrases`: majority claims.
- `measurement_cues`: words near a percentage that make it a measurement.

**Default severity**
warning.  On 2,790 US government pages (MedQuAD) it fires on 29% of pages
(about 540 findings per 1,000 pages), and 19 of a random 20 were real
figures with no inline source: those pages rely on the agency as publisher.
In an article under review each finding is a sentence an editor should
source, so it stays a warning; lower it with `severity: info` for a
publisher whose own name is the attribution.

**References**
JAMA benchmarks (Silberg et al., 1997): attribution; DISCERN question 4
(sources named); QUEST attribution item (Robillard et al., 2018);
HealthNewsReview.org criteria 1 and 2 (costs and benefits quantified, with
their source); Wikipedia Verifiability policy.
"""
from __future__ import annotations

import bisect
import re

from .base import Rule
from ..cues import citation_sentences, quoted_ranges, reference_section_start
from ..scan import PhraseGroup, matches_from, occurrences

_WORD_NUMS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM = rf"(?:{_DIGITS}|(?:{_WORD_NUMS})(?:-(?:{_WORD_NUMS}))?)"
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_OF = re.compile(r"\s+of\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.;:!?]\s")
_INF = float("inf")


def _word_start(text: str, lo: int, end: int) -> int:
    """Start of the run of non-space characters ending at ``end`` (``lo`` at the earliest).

    A regex for a number with no space in it, anchored at ``end``, can only
    start there: searching from it gives the same match as searching from
    ``lo`` without trying every position in between.
    """
    k = end
    while k > lo and not text[k - 1].isspace():
        k -= 1
    return k


def _finditer_at(rx, text: str, openers):
    """``rx.finditer(text)`` for a regex whose every match starts with one of ``openers``.

    The regex is tried only where an opener stands: the same matches as the
    scan, which tries every character.
    """
    return matches_from(rx, text, occurrences(text, openers))


def _per_starts(text: str, low: str) -> list[int]:
    """``occurrences(text, ("per", "Per"))`` from one scan of ``low`` (``text`` lower-cased, same
    offsets): each of them is a "per" there, kept where ``text`` has "per" or "Per"."""
    out = []
    find, startswith = low.find, text.startswith
    i = find("per")
    while i != -1:
        if startswith("per", i) or startswith("Per", i):
            out.append(i)
        i = find("per", i + 1)
    return out


def _alt(words) -> str:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) or r"(?!x)x"


class UnsourcedStatistic(Rule):
    id = "unsourced-statistic"
    summary = "A cost, percentage, rate, count of people or majority claim with no source nearby."
    category = "claims"
    guideline = "JAMA benchmarks (attribution); DISCERN Q4; QUEST; HealthNewsReview"

    def setup(self, nlp):
        o = self.options
        scale = _alt(o.get("scale_words") or ())
        cur_sym = "".join(re.escape(s) for s in o.get("currency_symbols") or ()) or r"\$"
        mods = _alt(o.get("count_modifiers") or ())
        crowd = _alt(o.get("crowd_words") or ())
        not_rate = _alt(o.get("rate_not_before") or ())
        not_per = _alt(o.get("per_not_before") or ())
        self.min_people = int(o.get("min_people_count", 1000))
        self.window = int(o.get("window_sentences", 1))
        flags = re.IGNORECASE
        # Keyword first, number second: a regex that starts at every word looking
        # for a number is several times slower than one that finds the rare
        # keyword ("%", "dollars", "people") and then reads the few characters
        # before it.
        self.num_before = re.compile(rf"(?<![\w.,-])(?:{_NUM})\s?\Z", flags)
        self.cost_sym = re.compile(rf"[{cur_sym}]\s?(?:{_DIGITS})(?:\s?(?:{scale})\b)?", flags)
        # Articles with none of the symbols skip that scan; only for symbols without case
        # (a letter would also match its other case under IGNORECASE).
        symbols = set("".join(o.get("currency_symbols") or ()) or "$")
        self.cost_symbols = symbols if all(c.lower() == c == c.upper() for c in symbols) else None
        self.cost_before = re.compile(rf"(?<![\w.,-])(?:{_NUM})\s+(?:(?:{scale})\s+)?\Z", flags)
        self.rate_kw = re.compile(
            rf"\s(?:in|out\s+of)\s+(?:every\s+)?(?=\d|(?:{_WORD_NUMS})\b|a\s+(?:{scale})\b)", flags)
        # Every rate_kw match is a space then "in" or "out" (any case): in the lower-cased text,
        # these literal-led scans find each such place fast (rate_kw starts at every space).
        self.rate_anchors = (re.compile(r"in(?<=\sin)\s"), re.compile(r"out(?<=\sout)\s"))
        # The same places, narrowed by the rest of rate_kw (case-sensitive, lower-cased words):
        # on text where IGNORECASE and str.lower() agree (see _rate_keywords) an "in" they
        # skip is one where rate_kw cannot match.
        scale_lower = [w.lower() for w in o.get("scale_words") or ()]
        if all(w.isascii() for w in scale_lower):
            rest = rf"\s+(?:every\s+)?(?=\d|(?:{_WORD_NUMS})\b|a\s+(?:{_alt(scale_lower)})\b)"
            self.rate_anchors = (re.compile(r"in(?<=\sin)" + rest), re.compile(r"out(?<=\sout)\s+of" + rest))
        self.rate_num_before = re.compile(rf"(?<![\w.,-])(?:{_NUM})\Z", flags)
        self.rate_after = re.compile(
            rf"(?:(?:{_NUM})(?:\s+(?:{scale}))?|a\s+(?:{scale}))\b(?![\d,])(?!\s+(?:{not_rate})\b)", flags)
        # "per 100,000", "per million": a denominator of at least 100, not a unit ("per 100 mL").
        self.per = re.compile(
            rf"[Pp]er\s+(?:\d{{1,3}}(?:,\d{{3}})+|[1-9]\d{{2,}}|(?:a\s+)?(?:{scale}))(?![\d,])\b"
            rf"(?!\s*(?:{not_per})\b)")
        count_words = [*(o.get("scale_words") or ()), *(o.get("count_modifiers") or ()), *(o.get("crowd_words") or ())]

        def count_before(scale, crowd, mods, flags):
            return re.compile(
                rf"(?:(?<![\w.,-])(?P<n>{_DIGITS}|{_WORD_NUMS})(?:\s+(?P<scale>{scale}))?"
                rf"|\b(?:{crowd})\s+of)\s+(?:(?:{mods})\s+)?\Z", flags)

        self.count_before = count_before(scale, crowd, mods, flags)
        # A count_before match is at most this many runs of non-space characters (the number
        # or crowd words and "of", a scale word, a modifier: \s+ between all of them), so it
        # starts in the last `runs` runs before the noun; searching from there finds the same
        # match without trying the positions before (read backwards on the reversed text).
        n_words = lambda key: max([len(w.split()) for w in o.get(key) or () if w.strip()] or [0])  # noqa: E731
        runs = max(1 + n_words("scale_words"), n_words("crowd_words") + 1) + n_words("count_modifiers")
        self.runs_back = re.compile(r"(?:\s+\S+){0,%d}" % runs)
        # The same regex, case-sensitive with lower-cased words, for ASCII stretches of
        # ctx.lower (same offsets): on ASCII text it finds the same match, 3-4x faster.
        self.count_before_lower = count_before(
            _alt(w.lower() for w in o.get("scale_words") or ()), _alt(w.lower() for w in o.get("crowd_words") or ()),
            _alt(w.lower() for w in o.get("count_modifiers") or ()), 0,
        ) if all(w.isascii() for w in count_words) else None
        # count_before ends in "<number, scale word, 'of' or modifier><spaces>": the lower-cased
        # ends of those words let most "people" hits (no number before them) skip its search.
        words = [*_WORD_NUMS.split("|"), "of", *(o.get("scale_words") or ()), *(o.get("count_modifiers") or ())]
        tails = {w.split()[-1].lower() for w in words if w.strip()}
        # Only ASCII words (IGNORECASE and str.lower() agree on ASCII, not on every
        # Unicode letter), and no all-space word (it would match the spaces).
        usable = all(t.isascii() for t in tails) and all(w.strip() for w in words if w)
        self.count_tails = tuple(sorted(tails)) if usable else None
        self.count_tail_len = max(map(len, tails))
        # The same tails by their last character: a text ends with a tail only if it ends
        # with that tail's last character, so one dict look-up leaves the few to try.
        by_last: dict[str, list[str]] = {}
        for t in sorted(tails):
            by_last.setdefault(t[-1], []).append(t)
        self.count_tails_by_last = {c: tuple(ts) for c, ts in by_last.items()}
        cues = o.get("measurement_cues") or ()
        self.measure = re.compile(rf"\b(?:{_alt(cues)})\b", flags) if cues else None
        # The same search, case-sensitive, for lower-cased ASCII text (4x faster than IGNORECASE);
        # on ASCII text and ASCII cues both find the same words.
        self.measure_lower = (re.compile(rf"\b(?:{_alt([c.lower() for c in cues])})\b")
                              if cues and all(c.isascii() for c in cues) else None)
        # Keywords are found on tokens (in the PhraseMatcher pass shared with other rules),
        # numbers in the text before them.
        self.keywords = PhraseGroup(nlp)
        for label, key in (("percentage", "percent_words"), ("cost", "currency_words"),
                           ("count", "people_nouns"), ("majority claim", "majority_phrases")):
            phrases = [p for p in o.get(key) or () if p.strip()]
            if label == "percentage":
                phrases.append("%")
            if phrases:
                self.keywords.add(label, [nlp.make_doc(p) for p in phrases])
        self.keyword_labels = self.keywords.labels

    # -- candidates ---------------------------------------------------------
    def _is_count(self, m) -> bool:
        n = m.group("n")
        if n is None:
            return True  # "thousands of people"
        if m.group("scale"):
            return True
        digits = n.replace(",", "")
        if not digits.replace(".", "").isdigit():
            return False  # "two children"
        if "," not in n and _YEAR.fullmatch(n):
            return False  # "In 2020 Americans..."
        return float(digits) >= self.min_people

    def _count_before(self, ctx, ks: int):
        """``count_before.search`` over the 60 characters before a people noun at ``ks``.

        The same result, but a noun whose previous word cannot end that regex
        (no trailing space, no digit, no number/scale/modifier word or "of")
        is answered without trying the regex at each of those 60 positions.
        """
        text = ctx.text
        lo = max(0, ks - 60)
        if self.count_tails is not None:
            j = ks
            while j > lo and text[j - 1].isspace():
                j -= 1
            if j == ks:
                return None  # the regex ends in \s+
            before = ctx.lower[max(lo, j - self.count_tail_len):j]
            if before.isascii() and not before[-1:].isdigit() and not before.endswith(self.count_tails):
                return None
        return self.count_before.search(text, lo, ks)

    def _is_measurement(self, text: str, start: int, end: int) -> bool:
        if self.measure is None:
            return False
        lo = max(0, start - 60)
        before = text[lo:start]
        after = text[end:end + 40]
        # Stay in the clause: cut at sentence punctuation and semicolons.
        before = _CLAUSE_END.split(before)[-1]
        fast = self.measure_lower
        if fast is not None:
            if before.isascii() and after.isascii():
                return bool(fast.search(before.lower()) or fast.search(after.lower()))
        return bool(self.measure.search(before) or self.measure.search(after))

    def _rate_keywords(self, ctx):
        """``rate_kw.finditer(ctx.text)``, tried only where a space and "in"/"out" stand.

        Same matches: each one starts at a space before "in"/"out" in some case, so at a
        space before "in"/"out" in ``ctx.lower`` ("İ" and "ı", the other letters that
        match "i" ignoring case, are not lower-cased to it, nor is "ſ" (an "s"); the Kelvin
        sign (a "k") is, but to keep it simple texts with any of them take the plain
        scan); the regex is tried there in order, skipping places inside the previous
        match, as ``finditer`` does.
        """
        text = ctx.text
        if "\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text:
            return list(self.rate_kw.finditer(text))
        low = ctx.lower
        starts = sorted(m.start() - 1 for rx in self.rate_anchors for m in rx.finditer(low))
        match = self.rate_kw.match
        out = []
        pos = 0
        for c in starts:
            if c >= pos:
                m = match(text, c)
                if m is not None:
                    out.append(m)
                    pos = m.end()
        return out

    def _candidates(self, ctx):
        text = ctx.text
        doc = ctx.doc
        labels = self.keyword_labels
        tails = self.count_tails
        by_last = self.count_tails_by_last
        for match_id, s, e in self.keywords(ctx):
            label = labels[match_id]
            ks = doc[s].idx
            if label == "count" and tails is not None:
                # _count_before's own test, inline: most people nouns have no number before them.
                if ks == 0 or not text[ks - 1].isspace():
                    continue
                lo = ks - 60 if ks > 60 else 0
                j = ks - 1
                while j > lo and text[j - 1].isspace():
                    j -= 1
                a = j - self.count_tail_len
                if a < lo:
                    a = lo
                low = ctx.lower
                # = low.endswith(tails, a, j), trying only the tails that end with low[j - 1]
                ends = by_last.get(low[j - 1]) if j > a else None
                if not ((ends is not None and low.endswith(ends, a, j)) or (j > a and low[j - 1].isdigit())
                        or not low[a:j].isascii()):
                    continue
                if self._cited(ctx, lo, ks):
                    continue  # its sentence has a source next to it: check() drops it
                rev = ctx.cache.get("_reversed_text")
                if rev is None:
                    rev = ctx.cache["_reversed_text"] = text[::-1]
                n = len(text)
                first = n - self.runs_back.match(rev, n - ks).end()  # start of the earliest run a match can use
                if self.count_before_lower is not None and low[lo - 1 if lo else 0:ks].isascii():
                    b = self.count_before_lower.search(low, first if first > lo else lo, ks)
                else:
                    b = self.count_before.search(text, first if first > lo else lo, ks)
                if b and self._is_count(b):
                    yield b.start(), doc[e - 1].idx + len(doc[e - 1]), label
                continue
            if label == "percentage" and self._cited(ctx, ks - 30, ks):
                continue  # its number starts at most 30 characters before the keyword
            ke = doc[e - 1].idx + len(doc[e - 1])
            if label == "percentage":
                # num_before is a number, then at most one space: it starts in the word before that.
                j = ks - 1 if ks > 0 and text[ks - 1].isspace() else ks
                b = self.num_before.search(text, _word_start(text, max(0, ks - 30), j), ks)
                if not b or self._is_measurement(text, b.start(), ke):
                    continue
                if b.group().strip().lower() in ("100", "one hundred") and not _OF.match(text, ke):
                    continue  # "100 percent preventable": an absolute claim, not a share of people
                yield b.start(), ke, label
            elif label == "cost":
                b = self.cost_before.search(text, max(0, ks - 40), ks)
                if b:
                    yield b.start(), ke, label
            elif label == "count":
                b = self._count_before(ctx, ks)
                if b and self._is_count(b):
                    yield b.start(), ke, label
            else:
                if s > 0 and doc[s - 1].lower_ in ("for", "in"):
                    continue  # "for most people, ..." / "in most patients, ..." state a norm, not a share
                yield ks, ke, label
        if self.cost_symbols is None:
            for m in self.cost_sym.finditer(text):
                yield m.start(), m.end(), "cost"
        else:  # each match starts with a symbol: tried at the symbols only
            for m in _finditer_at(self.cost_sym, text, self.cost_symbols):
                yield m.start(), m.end(), "cost"
        for m in self._rate_keywords(ctx):
            if self._cited(ctx, m.start() - 20, m.start()):
                continue
            b = self.rate_num_before.search(text, _word_start(text, max(0, m.start() - 20), m.start()), m.start())
            a = self.rate_after.match(text, m.end()) if b else None
            if a and not self._is_measurement(text, b.start(), a.end()):
                yield b.start(), a.end(), "rate"
        # self.per starts with "[Pp]er": tried where those stand (_per_starts).
        for m in matches_from(self.per, text, _per_starts(text, ctx.lower)):
            if m.start() == 0 or not text[m.start() - 1].isalnum():
                yield m.start(), m.end(), "rate"

    def _cited(self, ctx, lo: int, hi: int) -> bool:
        """Is every sentence a candidate starting in ``[lo, hi]`` can be in next to a citation?

        Then ``check`` drops the candidate whatever it is (it keeps candidates by the
        sentence of their start, and drops a sentence with a citation within
        ``window_sentences``; one before the first sentence too), so the tests
        that would make it one are skipped.  The citation flags are the shared
        ones ``check`` reads anyway.
        """
        flags = ctx.cache.get("citation_sentences")
        if flags is None:
            flags = citation_sentences(ctx)
        starts = ctx.sentence_starts
        k = bisect.bisect_right(starts, lo) - 1
        last = bisect.bisect_right(starts, hi) - 1
        n, w = len(flags), self.window
        while k <= last:
            if k >= 0 and not any(flags[max(0, k - w):min(n, k + w + 1)]):
                return False
            k += 1
        return True

    # -- the check ----------------------------------------------------------
    def check(self, ctx):
        cands = sorted(set(self._candidates(ctx)))
        if not cands:
            return
        starts = ctx.sentence_starts  # offsets only: no Span per sentence
        # The shared cues once per document (what in_reference_list, in_quotes and
        # has_citation_near read), then asked inline for each candidate.
        ref = reference_section_start(ctx)
        quotes = None
        by_sentence: dict[int, list] = {}
        for start, end, kind in cands:
            if ref is not None and start >= ref:
                continue  # in_reference_list
            if quotes is None:
                quotes = quoted_ranges(ctx)
            if quotes:  # in_quotes
                q = bisect.bisect_right(quotes, (start, _INF)) - 1
                if q >= 0 and quotes[q][0] <= start and end <= quotes[q][1]:
                    continue
            k = bisect.bisect_right(starts, start) - 1
            if k < 0:
                continue
            got = by_sentence.get(k)
            if got is None:
                by_sentence[k] = [(start, end, kind)]
            else:
                got.append((start, end, kind))
        if not by_sentence:
            return
        flags = citation_sentences(ctx)
        n, w = len(flags), self.window
        for k, items in sorted(by_sentence.items()):
            if any(flags[max(0, k - w):min(n, k + w + 1)]):  # has_citation_near(ctx, k, w)
                continue
            # Drop candidates inside another ("$5 million" and "5 million dollars" overlap).
            items.sort(key=lambda c: (c[0], -c[1]))
            kept = []
            for c in items:
                if kept and c[0] < kept[-1][1]:
                    continue
                kept.append(c)
            start, end, kind = kept[0]
            figure = ctx.text[start:end]
            yield self.finding(
                start,
                end,
                f"{kind} '{figure}' with no source in or next to its sentence",
                suggestion="Name the source beside the figure (\"according to ...\", the study, agency or "
                "journal, or a reference like [1]), or remove the figure.",
                related=[(s, e) for s, e, _ in kept[1:]],
            )


RULE = UnsourcedStatistic
