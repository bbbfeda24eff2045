"""Cues several rules share: citations, quotations, mentions, reference lists.

Computed at most once per document (memoised in ``CheckContext.cache``) and
configured by the top-level ``cues:`` section of ``rules.yaml``.
"""
from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from .scan import AnchoredScan, Needles, match_starts, matches_from

if TYPE_CHECKING:
    from .rules.base import CheckContext

# "'(?<!\w')" is "(?<!\w)'" written quote first: every alternative then starts
# with a quote character, so the engine skips straight to quotes (6x faster).
_QUOTE_ALTERNATIVES = (
    r"“[^”\n]{1,400}”", r"\"[^\"\n]{1,400}\"", r"‘[^’\n]{1,200}’", r"'(?<!\w')[^'\n]{1,120}'(?!\w)",
)
_QUOTED = re.compile("|".join(_QUOTE_ALTERNATIVES))
# The alternatives one by one: each opens with its own quote character, which re searches
# for as a literal, about twice as fast as for the alternation's class of four.
_QUOTED_EACH = tuple(re.compile(alt) for alt in _QUOTE_ALTERNATIVES)


def _compiled(ctx: "CheckContext") -> dict:
    """Regexes built from the cue lists, cached per configuration."""
    key = "_cues_compiled"
    cached = ctx.cache.get(key)
    if cached is not None:
        return cached
    store = _COMPILED.get(id(ctx.config.cues))
    if store is None or store[0] is not ctx.config.cues:
        cues = ctx.config.cues

        def words(items, flags=re.IGNORECASE):
            items = sorted({i for i in items if i}, key=len, reverse=True)
            if not items:
                return re.compile(r"(?!x)x")
            return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(i) for i in items) + r")(?!\w)", flags)

        patterns = list(cues.get("citation_patterns", []))
        scans = [AnchoredScan(p) for p in patterns]
        # The anchors of the patterns ("study", "survey", ...) are looked for in the lower-cased
        # text anyway: phrases holding one ("a study") are grouped under it, and one scan of
        # the lower-cased text per string serves both (see Needles).
        anchors = [n for scan in scans for n in scan.lower_needles()]
        phrases_lower = _keyed(sorted({p.lower() for p in cues.get("citation_phrases", []) if p}), anchors)
        compiled = {
            "phrases": words(cues.get("citation_phrases", [])),
            # Source names are case-sensitive: "WHO" the agency, not "who".
            "sources": _words_first_char(cues.get("citation_sources", [])),
            # One regex each: a pattern that starts with literal text is then
            # scanned for that text (fast); an alternation of all is tried at every character.
            "patterns": scans,
            "phrases_lower": phrases_lower,
            "needles": Needles([key for key, _ in phrases_lower] + anchors),
            "mention": words(cues.get("mention_cues", [])),
            "ref_heading": re.compile(
                r"^[ \t#*]*(?:" + "|".join(re.escape(h) for h in cues.get("reference_headings", [])) + r")[ \t]*:?[ \t*]*$",
                re.IGNORECASE | re.MULTILINE,
            ) if cues.get("reference_headings") else re.compile(r"(?!x)x"),
        }
        # The same heading after a newline instead of "^": a pattern that starts
        # with a literal is scanned for it (fast); "^" is tried at every character.
        # Only when no heading spans lines, so that matches still stay within one.
        headings = cues.get("reference_headings") or []
        compiled["ref_heading_nl"] = re.compile(
            "\n" + compiled["ref_heading"].pattern[1:], re.IGNORECASE | re.MULTILINE
        ) if headings and not any("\n" in h for h in headings) else None
        # The same, case-sensitive with lower-cased headings, for ctx.lower (same offsets):
        # IGNORECASE compares each character case-blind, which costs twice the scan.
        # Only for ASCII headings (see _CASE_ODD for the text).
        compiled["ref_heading_nl_lower"] = re.compile(
            "\n" + r"[ \t#*]*(?:" + "|".join(re.escape(h.lower()) for h in headings) + r")[ \t]*:?[ \t*]*$",
            re.MULTILINE,
        ) if compiled["ref_heading_nl"] is not None and all(h.isascii() for h in headings) else None
        store = (ctx.config.cues, compiled)
        _COMPILED[id(ctx.config.cues)] = store
    ctx.cache[key] = store[1]
    return store[1]


_COMPILED: dict[int, tuple] = {}

# The characters that IGNORECASE matches to an ASCII letter, or that lower() turns into
# one ("İ" into two characters): on text without them, a case-sensitive search of ASCII
# lower-case words in ctx.lower finds what the IGNORECASE search of the text finds.
_CASE_ODD = "\u0130\u0131\u017f\u212a"


def _words_first_char(items) -> "re.Pattern":
    r"""``(?<!\w)(?:A|B)(?!\w)`` (case-sensitive) with each look-behind after the word's first character.

    Same matches; as every alternative then starts with a literal, the engine
    jumps to the few (capital) letters that can start a word instead of
    trying the look-behind at every character (4x faster for source names).
    """
    items = sorted(set(items), key=len, reverse=True)
    if not items:
        return re.compile(r"(?!x)x")
    if "" in items:  # an empty name matches between non-word characters: keep the plain form
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(i) for i in items) + r")(?!\w)")
    # Grouped by first character (in their order within a group): at each place only that
    # character's group is tried, and in it the same names in the same order, so the same
    # match; far fewer alternatives are tried at each capital letter.
    groups: dict[str, list[str]] = {}
    for i in items:
        groups.setdefault(i[0], []).append(re.escape(i[1:]))
    alts = (re.escape(c) + r"(?<!\w" + re.escape(c) + ")(?:" + "|".join(rests) + ")" for c, rests in groups.items())
    return re.compile(r"(?:" + "|".join(alts) + r")(?!\w)")


_WORD_CHAR = re.compile(r"\w")


def _keyed(phrases: list[str], preferred=()) -> list[tuple[str, list[tuple[str, int]]]]:
    """Phrases grouped under shared parts of 4 characters or more (``scan.keyed_by_shared_part``),
    so ``_find_words_keyed`` scans the text once per key instead of once per phrase."""
    from .scan import keyed_by_shared_part

    return keyed_by_shared_part(phrases, 4, preferred)


def _find_words_keyed(text: str, groups, occ: dict[str, list[int]] | None = None) -> list[tuple[int, int]]:
    r"""The matches of ``(?<!\w)(?:p1|p2|...)(?!\w)`` (case-sensitive) for the phrases of ``_keyed(phrases)``.

    Same spans as that regex's ``finditer`` (the longest phrase at each start,
    no overlaps), found with ``str.find``: the regex tries its look-behind at
    every character.  Each occurrence of a phrase holds its group's key at its
    offset, and every occurrence of the key is visited (``find`` from the next
    character), so every occurrence of every phrase is seen.  ``occ``: those
    occurrences of each key, found before (``Needles.find`` of ``text``).
    """
    ends: dict[int, int] = {}
    is_word = _WORD_CHAR.match
    find = text.find
    startswith = text.startswith
    for key, members in groups:
        if occ is not None:
            places = occ[key]
        else:
            places = []
            i = find(key)
            while i != -1:
                places.append(i)
                i = find(key, i + 1)
        for i in places:
            for w, off in members:
                b = i - off
                if b >= 0 and startswith(w, b):
                    e = b + len(w)
                    if (b == 0 or not is_word(text, b - 1)) and not is_word(text, e) and ends.get(b, -1) < e:
                        ends[b] = e
    spans = []
    last = 0
    for b in sorted(ends):
        if b >= last:
            spans.append((b, ends[b]))
            last = ends[b]
    return spans


def citation_sentences(ctx: "CheckContext") -> list[bool]:
    """For each sentence in ``ctx.sentences``: does it carry a citation cue?"""
    got = ctx.cache.get("citation_sentences")
    if got is not None:
        return got
    c = _compiled(ctx)
    text = ctx.text
    hits: list[int] = []
    # "İ" is the one character whose lower() is longer; without it ctx.lower == text.lower().
    occ = None
    if "\u0130" not in text:  # case-sensitive search of lowercased text: 2x faster
        low = ctx.lower
        occ = c["needles"].find(low)  # phrase keys and pattern anchors, one scan each
        hits.extend(s for s, _ in _find_words_keyed(low, c["phrases_lower"], occ))
    else:  # lower() would change some lengths (rare Unicode): keep offsets exact
        hits.extend(m.start() for m in c["phrases"].finditer(text))
    hits.extend(m.start() for m in c["sources"].finditer(text))
    for scan in c["patterns"]:
        hits.extend(scan.starts(text, occ))
    ref = reference_section_start(ctx)
    if ref is not None:
        hits.append(ref)  # a references list backs the article, weakly: see has_citation_near
    hits.sort()
    starts = ctx.sentence_starts  # no Spans: ctx.sentences would build one per sentence
    flags = [False] * len(starts)
    for h in hits:
        k = bisect.bisect_right(starts, h) - 1
        if 0 <= k < len(flags):
            flags[k] = True
    ctx.cache["citation_sentences"] = flags
    return flags


def has_citation_near(ctx: "CheckContext", sent_index: int, window: int = 1) -> bool:
    """Is there a citation cue in sentence ``sent_index`` or within ``window`` sentences of it?"""
    flags = citation_sentences(ctx)
    lo, hi = max(0, sent_index - window), min(len(flags), sent_index + window + 1)
    return any(flags[lo:hi])


def quoted_ranges(ctx: "CheckContext") -> list[tuple[int, int]]:
    """Character ranges of quotations ("...", “...”, '...') in the text."""
    got = ctx.cache.get("quoted_ranges")
    if got is None:
        text = ctx.text
        # Every quotation starts with one of these: without them, no scan (str.find is cheap).
        has_quote = any(q in text for q in "\"'“‘")
        got = []
        if has_quote:
            # Every match of the alternation starts where one of its alternatives matches:
            # finditer tried at those places only (scan.matches_from) gives the same matches.
            starts = sorted({k for rx in _QUOTED_EACH for k in match_starts(rx, text)})
            got = [(m.start(), m.end()) for m in matches_from(_QUOTED, text, starts)]
        ctx.cache["quoted_ranges"] = got
    return got


def quoted_range(ctx: "CheckContext", start: int, end: int) -> tuple[int, int] | None:
    """The quotation (its range, quote marks included) that holds [start, end), if any."""
    ranges = quoted_ranges(ctx)
    k = bisect.bisect_right(ranges, (start, float("inf"))) - 1
    if k >= 0 and ranges[k][0] <= start and end <= ranges[k][1]:
        return ranges[k]
    return None


def in_quotes(ctx: "CheckContext", start: int, end: int) -> bool:
    return quoted_range(ctx, start, end) is not None


def is_mention(ctx: "CheckContext", start: int, end: int, lookback: int = 60) -> bool:
    """Is the phrase at [start, end) talked about rather than used?

    True when it is in quotation marks right after a mention cue, or a mention
    cue ("avoid", "the term", "instead of", "words like") stands shortly
    before it in the same sentence.
    """
    text = ctx.text
    lo = max(0, start - lookback)
    nl = text.rfind("\n", lo, start)
    if nl != -1:
        lo = nl + 1
    before = text[lo:start]
    # Stop at the sentence boundary before the phrase.
    cut = max(before.rfind(". "), before.rfind("! "), before.rfind("? "))
    if cut != -1:
        before = before[cut + 2:]
    return bool(_compiled(ctx)["mention"].search(before))


def reference_section_start(ctx: "CheckContext") -> int | None:
    """Offset of a "References" / "Sources" heading line, if the article has one."""
    if "ref_start" in ctx.cache:
        return ctx.cache["ref_start"]
    c = _compiled(ctx)
    text = ctx.text
    m = None
    if c["ref_heading_nl"] is None:
        for m in c["ref_heading"].finditer(text):
            pass  # the last such heading starts the reference list
        start = m.start() if m else None
    else:
        scan, where = c["ref_heading_nl"], text
        if c["ref_heading_nl_lower"] is not None and not any(ch in text for ch in _CASE_ODD):
            scan, where = c["ref_heading_nl_lower"], ctx.lower
        for m in scan.finditer(where):
            pass  # the last heading after a newline, else one on the first line
        start = m.start() + 1 if m else (0 if c["ref_heading"].match(text) else None)
    ctx.cache["ref_start"] = start
    return start


def in_reference_list(ctx: "CheckContext", offset: int) -> bool:
    start = reference_section_start(ctx)
    return start is not None and offset >= start
