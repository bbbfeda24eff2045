"""Cues several rules share: citations, quotations, mentions, reference lists.

Computed at most once per document (memoised in ``CheckContext.cache``) and
configured by the top-level ``cues:`` section of ``rules.yaml``.
"""
from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rules.base import CheckContext

_QUOTED = re.compile(r"“[^”\n]{1,400}”|\"[^\"\n]{1,400}\"|‘[^’\n]{1,200}’|(?<!\w)'[^'\n]{1,120}'(?!\w)")


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
        compiled = {
            "phrases": words(cues.get("citation_phrases", [])),
            # Source names are case-sensitive: "WHO" the agency, not "who".
            "sources": re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(s) for s in sorted(cues.get("citation_sources", []), key=len, reverse=True)) + r")(?!\w)"
            ) if cues.get("citation_sources") else re.compile(r"(?!x)x"),
            # One regex each: a pattern that starts with literal text is then
            # scanned for that text (fast); an alternation of all is tried at every character.
            "patterns": [re.compile(p) for p in patterns],
            "phrases_lower": words([p.lower() for p in cues.get("citation_phrases", [])], 0),
            "mention": words(cues.get("mention_cues", [])),
            "ref_heading": re.compile(
                r"^[ \t#*]*(?:" + "|".join(re.escape(h) for h in cues.get("reference_headings", [])) + r")[ \t]*:?[ \t*]*$",
                re.IGNORECASE | re.MULTILINE,
            ) if cues.get("reference_headings") else re.compile(r"(?!x)x"),
        }
        store = (ctx.config.cues, compiled)
        _COMPILED[id(ctx.config.cues)] = store
    ctx.cache[key] = store[1]
    return store[1]


_COMPILED: dict[int, tuple] = {}


def citation_sentences(ctx: "CheckContext") -> list[bool]:
    """For each sentence in ``ctx.sentences``: does it carry a citation cue?"""
    got = ctx.cache.get("citation_sentences")
    if got is not None:
        return got
    c = _compiled(ctx)
    text = ctx.text
    hits: list[int] = []
    lowered = text.lower()
    if len(lowered) == len(text):  # case-sensitive search of lowercased text: 2x faster
        hits.extend(m.start() for m in c["phrases_lower"].finditer(lowered))
    else:  # lower() changed some lengths (rare Unicode): keep offsets exact
        hits.extend(m.start() for m in c["phrases"].finditer(text))
    hits.extend(m.start() for m in c["sources"].finditer(text))
    for rx in c["patterns"]:
        hits.extend(m.start() for m in rx.finditer(text))
    ref = reference_section_start(ctx)
    if ref is not None:
        hits.append(ref)  # a references list backs the article, weakly: see has_citation_near
    hits.sort()
    starts = [s.start_char for s in ctx.sentences]
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
        got = [(m.start(), m.end()) for m in _QUOTED.finditer(ctx.text)]
        ctx.cache["quoted_ranges"] = got
    return got


def in_quotes(ctx: "CheckContext", start: int, end: int) -> bool:
    ranges = quoted_ranges(ctx)
    k = bisect.bisect_right(ranges, (start, float("inf"))) - 1
    return k >= 0 and ranges[k][0] <= start and end <= ranges[k][1]


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
    m = None
    for m in _compiled(ctx)["ref_heading"].finditer(ctx.text):
        pass  # the last such heading starts the reference list
    start = m.start() if m else None
    ctx.cache["ref_start"] = start
    return start


def in_reference_list(ctx: "CheckContext", offset: int) -> bool:
    start = reference_section_start(ctx)
    return start is not None and offset >= start
