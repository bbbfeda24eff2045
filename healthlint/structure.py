"""Line structure of an article: which lines are prose, headings, list items,
bylines, reference entries, or page residue scraped along with the article.

Used by ``page-boilerplate`` (it reports the residue runs) and ``readability``
(it scores prose lines only), so both see the same classification.  Computed
once per document and memoised in ``ctx.cache["structure"]``.

Kinds of line:

* ``blank``;
* ``prose``: a sentence, or part of a paragraph (enough words, function words,
  sentence-final punctuation);
* ``heading``: a short line that is not a sentence, followed by prose or a list
  (or a heading range from the Markdown/HTML parser);
* ``list_item``: starts with a bullet (``-``, ``*``, ``•``, ``1.``) or is a
  list item range from the parser;
* ``meta``: a byline or date line ("By Jane Doe, RN", "Last reviewed: ...");
* ``reference``: at or after the references heading (``cues.reference_section_start``);
* ``code`` (and other parser kinds): markup the parser marked as not prose;
* ``residue``: page residue (share widgets, related posts, comment notices,
  breadcrumbs, cookie banners...);
* ``other``: a short non-sentence line that is none of the above.

Residue is found by features, not only a phrase list.  Each line gets a
*shape* score (no sentence-final punctuation, short, no function words, mostly
capitalised words) and a *widget* score (separators such as ``|`` ``>`` ``•``,
emoji, bare counters like "12", widget words like Share/Tweet/Like, known
template phrases).  A line is residue when

1. it carries a known template phrase ("Leave a reply", "Posted in",
   "Your email address will not be published"), or
2. its widget score is high and its shape says it is not a sentence, or
3. it sits after the article's last prose line and its shape score is high
   (and it is not a heading, a list item, a byline or a reference),

and runs of short non-sentence lines next to residue join the run.  The word
lists and thresholds are the ``page-boilerplate`` options in ``rules.yaml``.
"""
from __future__ import annotations

import bisect
import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from operator import itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .rules.base import CheckContext

CACHE_KEY = "structure"
RULE_ID = "page-boilerplate"  # whose rules.yaml section holds the residue word lists

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_BULLET = re.compile(r"^\s*(?:[-*+•·–—▪◦]|\d{1,3}[.)])\s+")
_COUNTER = re.compile(r"(?<![\w.,/:-])\d{1,3}(?:[.,]\d)?[kKmM]?(?![\w.,/:-]|\.\d)")
_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764\uFE0F]")
# Contact details: a phone number, a web address or an email (a resource list, not page furniture).
_CONTACT = re.compile(
    r"(?<!\d)(?:1[-. ]?)?\(?\d{3}\)?[-. ]\d{3}[-. ]?(?:\d{4}|[A-Z]{4})(?!\d)"
    r"|\b(?:call|text|dial)\s+\d{3,}"
    r"|https?://|\bwww\.|\b[\w-]+\.(?:gov|org|com|net|edu|info|uk|ca|au|nz|ie)\b|\S+@\S+\.\w+",
    re.IGNORECASE,
)
_FINAL = re.compile(r"[.!?…][\"'”’)\]*]*\s*$")
_DIGIT = re.compile(r"\d")
# Prefilters (cheap necessary conditions, so the costly patterns run on few lines):
# every _CONTACT match holds three digits, "@", "://", "www." or "." + a domain ending.
_DIGITS3 = re.compile(r"\d{3}")
_CONTACT_NEEDLES = ("@", "://", "www.", ".gov", ".org", ".com", ".net", ".edu", ".info", ".uk", ".ca", ".au",
                    ".nz", ".ie")
_FIRST_CHAR = itemgetter(0)

DEFAULTS: dict[str, Any] = {
    "residue_phrases": ["your email address will not be published", "we use cookies", "all rights reserved"],
    "widget_phrases": ["leave a reply", "related posts", "read more", "posted in"],
    "widget_words": ["share", "tweet", "like", "email", "print"],
    "keep_line_starts": ["by", "written by", "reviewed by", "last reviewed", "updated", "published"],
    "credentials": ["MD", "RN", "PhD"],
    "separators": ["|", ">", "»", "›", "•", "·"],
    "short_line_words": 12,
    "residue_score": 4,
    "run_score": 2,
    "max_phrase_line_words": 40,
}


@dataclass
class Line:
    start: int  # offset in ctx.text of the first character of the line
    end: int  # offset of the end of the line (before the newline)
    kind: str
    words: int = 0
    shape: int = 0  # not-a-sentence evidence
    widget: int = 0  # page-widget evidence
    phrase: int = 0  # template phrase: 2 = residue anywhere, 1 = residue outside the article's prose


@dataclass
class Structure:
    lines: list[Line]
    # Runs of residue: (start offset, end offset, [line indexes]).
    residue_runs: list[tuple[int, int, list[int]]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)

    def line_at(self, offset: int) -> Line:
        if not self._starts:
            self._starts = [ln.start for ln in self.lines]
        k = max(bisect.bisect_right(self._starts, offset) - 1, 0)
        return self.lines[k]

    def kind_at(self, offset: int) -> str:
        return self.line_at(offset).kind

    def line_number(self, offset: int) -> int:
        """0-based index of the line holding ``offset``."""
        if not self._starts:
            self._starts = [ln.start for ln in self.lines]
        return max(bisect.bisect_right(self._starts, offset) - 1, 0)

    def line_starts(self) -> list[int]:
        """Start offset of each line (for bisecting many offsets without ``line_at`` calls)."""
        if not self._starts:
            self._starts = [ln.start for ln in self.lines]
        return self._starts

    def prose_flags(self) -> list[bool]:
        """Whether each line is prose (aligned with ``lines``)."""
        return [ln.kind == "prose" for ln in self.lines]


@lru_cache(maxsize=1)
def _closed_class() -> dict[str, list]:
    import yaml

    with (resources.files("healthlint") / "data" / "closed_class.yaml").open("r", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Closed-class words (determiners, auxiliaries, pronouns...) from the pipeline's data."""
    return frozenset(str(w).lower() for words in _closed_class().values() for w in words)


@lru_cache(maxsize=1)
def continuing_words() -> frozenset[str]:
    """Words a sentence does not end on (prepositions, articles, conjunctions): a line ending
    with one continues on the next line."""
    table = _closed_class()
    return frozenset(str(w).lower() for pos in ("ADP", "DET", "CCONJ", "SCONJ") for w in table.get(pos, ()))


_SETTINGS: dict[int, tuple] = {}


def _settings(ctx: "CheckContext") -> tuple[dict[str, Any], dict]:
    """``_options(ctx)`` and its compiled patterns, memoised by the rule's options object."""
    rc = ctx.config.rules.get(RULE_ID)
    raw = rc.options if rc is not None else None
    got = _SETTINGS.get(id(raw))
    if got is not None and got[0] is raw and got[1] == raw:
        return got[2], got[3]
    opts = _options(ctx)
    c = _compiled(opts)
    if len(_SETTINGS) >= 64:
        _SETTINGS.clear()
    _SETTINGS[id(raw)] = (raw, copy.deepcopy(raw), opts, c)
    return opts, c


def _options(ctx: "CheckContext") -> dict[str, Any]:
    rc = ctx.config.rules.get(RULE_ID)
    opts = dict(DEFAULTS)
    if rc is not None:
        opts.update({k: v for k, v in rc.options.items() if k in DEFAULTS})
    return opts


def _phrase_regex(items: list[str]) -> re.Pattern:
    items = sorted({i.strip() for i in items if i.strip()}, key=len, reverse=True)
    if not items:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(i) for i in items) + r")(?!\w)", re.IGNORECASE)


def _phrase_needles(items: list[str]) -> tuple[str, ...] | None:
    """Lowercase strings, one of which every case-insensitive phrase match contains, or None.

    A phrase pattern can only match on a line whose lowercased text contains the lowercased
    phrase; a phrase that contains another listed phrase needs no search of its own.  Only
    for ASCII phrases (for ASCII letters, ``re.IGNORECASE`` equals ``str.lower`` but for
    "ı", "ſ" and "İ", which ``_lowered`` handles).
    """
    low = {i.strip().lower() for i in items if i.strip()}
    if not all(p.isascii() and "\n" not in p for p in low):
        return None
    return tuple(sorted(p for p in low if not any(q != p and q in p for q in low)))


def _lowered(text: str) -> str | None:
    """``text`` lowercased with the same offsets, for ASCII needle search; None if offsets would move."""
    low = text.lower()
    if len(low) != len(text):  # "İ" lowercases to two characters
        return None
    if "ı" in low:  # re.IGNORECASE matches "i" to dotless i and "s" to long s
        low = low.replace("ı", "i")
    if "ſ" in low:
        low = low.replace("ſ", "s")
    return low


def _lines_holding(haystack: str, starts: list[int], needles, hits: set[int]) -> None:
    """Add to ``hits`` the index of each line (by start offsets) holding one of ``needles``."""
    last = len(starts) - 1
    bisect_right = bisect.bisect_right
    for needle in needles:
        i = haystack.find(needle)
        while i >= 0:
            k = bisect_right(starts, i) - 1
            hits.add(k)
            if k >= last:
                break
            i = haystack.find(needle, starts[k + 1])


def _candidate_lines(text: str, starts: list[int], c: dict) -> tuple[set[int] | None, set[int] | None]:
    """Lines where a template phrase, and lines where contact details, may be (None: any line)."""
    low = _lowered(text)
    if low is None:
        return None, None
    phrase_lines: set[int] | None = None
    if c["needles"] is not None:
        phrase_lines = set()
        _lines_holding(low, starts, c["needles"], phrase_lines)
    contact_lines: set[int] = set()
    _lines_holding(low, starts, _CONTACT_NEEDLES, contact_lines)
    last = len(starts) - 1
    m = _DIGITS3.search(text)
    while m is not None:
        k = bisect.bisect_right(starts, m.start()) - 1
        contact_lines.add(k)
        if k >= last:
            break
        m = _DIGITS3.search(text, starts[k + 1])
    return phrase_lines, contact_lines


_COMPILED: dict[str, dict] = {}


def _compiled(opts: dict[str, Any]) -> dict:
    key = repr(sorted((k, repr(v)) for k, v in opts.items()))
    got = _COMPILED.get(key)
    if got is None:
        seps = [s for s in opts["separators"] if s]
        got = {
            "residue": _phrase_regex(opts["residue_phrases"]),
            "widget": _phrase_regex(opts["widget_phrases"]),
            "words": frozenset(w.lower() for w in opts["widget_words"]),
            "keep": re.compile(
                r"^\s*(?:[-*•]\s*)?(?:" + "|".join(re.escape(k) for k in sorted(opts["keep_line_starts"], key=len, reverse=True))
                + r")(?![\w])",
                re.IGNORECASE,
            ) if opts["keep_line_starts"] else re.compile(r"(?!x)x"),
            "credential": re.compile(
                r"^[^\W\d][\w.'’-]*(?:\s+[^\W\d][\w.'’-]*){1,3},\s*(?:"
                + "|".join(re.escape(x) for x in sorted(opts["credentials"], key=len, reverse=True))
                + r")\b"
            ) if opts["credentials"] else re.compile(r"(?!x)x"),
            "sep": re.compile(r"(?:^|\s)(?:" + "|".join(re.escape(s) for s in seps) + r")(?=\s|$)") if seps else re.compile(r"(?!x)x"),
            # A line holds a separator match only if it holds one of these strings.
            "sep_any": re.compile("|".join(re.escape(s) for s in seps)) if seps else re.compile(r"(?!x)x"),
            "needles": _phrase_needles(opts["residue_phrases"] + opts["widget_phrases"]),
        }
        _COMPILED[key] = got
    return got


_MARKUP_KINDS = {"heading": "heading", "list_item": "list_item", "code": "code", "table": "table",
                 "front_matter": "code", "html": "code"}


def _markup_kinds(ctx: "CheckContext"):
    """A lookup: the parser's kind (heading, list item, code...) of a text offset, if any."""
    ranges = sorted(r for r in (ctx.document.non_prose or ()) if r[2] in _MARKUP_KINDS)
    if not ranges:
        return None
    starts = [r[0] for r in ranges]
    # The furthest end among the ranges a look-up at index k looks at (k - 7 .. k).
    reach = [max(r[1] for r in ranges[max(k - 7, 0):k + 1]) for k in range(len(ranges))]
    bisect_right = bisect.bisect_right

    def kind_of(pos: int) -> str | None:
        k = bisect_right(starts, pos) - 1
        if k < 0 or reach[k] <= pos:
            return None  # no range looked at reaches pos
        for j in range(k, max(k - 8, -1), -1):  # ranges may nest: look back a little
            s, e, kind = ranges[j]
            if s <= pos < e:
                return _MARKUP_KINDS[kind]
        return None

    return kind_of


def structure(ctx: "CheckContext") -> Structure:
    """The memoised line structure of ``ctx``'s text."""
    got = ctx.cache.get(CACHE_KEY)
    if got is None:
        got = classify(ctx)
        ctx.cache[CACHE_KEY] = got
    return got


def classify(ctx: "CheckContext") -> Structure:
    from .cues import reference_section_start

    opts, c = _settings(ctx)
    fwords = function_words()
    short = opts["short_line_words"]
    text = ctx.text
    ref_start = reference_section_start(ctx)
    markup_kind = _markup_kinds(ctx)

    raws = text.split("\n")
    starts = [0] * len(raws)
    pos = 0
    for k, raw in enumerate(raws):
        starts[k] = pos
        pos += len(raw) + 1
    # Lines that may hold a template phrase or contact details (None: any line may); the
    # patterns below then run on those lines only.
    phrase_lines, contact_lines = _candidate_lines(text, starts, c)
    max_words = opts["max_phrase_line_words"]
    widget_words = c["words"]
    keep_rx, credential_rx, sep_rx, sep_any = c["keep"], c["credential"], c["sep"], c["sep_any"]
    residue_rx, widget_rx = c["residue"], c["widget"]
    is_fword, is_wword = fwords.__contains__, widget_words.__contains__
    lower, isupper = str.lower, str.isupper

    lines: list[Line] = []
    append = lines.append
    for i, raw in enumerate(raws):
        start = starts[i]
        end = start + len(raw)
        body = raw.strip()
        if not body:
            append(Line(start, end, "blank"))
            continue
        mk = markup_kind(start + (len(raw) - len(raw.lstrip()))) if markup_kind else None
        bullet = _BULLET.match(raw)
        words = _WORD.findall(body)
        n = len(words)
        final = bool(_FINAL.search(body))
        lwords = None
        if final and n > 2 * short:
            # A long sentence line (most paragraphs): prose, whatever its words.
            fw, caps, prose_like = 1, 0, True
        else:
            lwords = list(map(lower, words))
            fw = sum(map(is_fword, lwords))
            caps = sum(map(isupper, map(_FIRST_CHAR, words)))
            title_case = n >= 3 and caps >= 0.6 * n
            prose_like = (n >= 3 and (fw >= 1 or n >= 8) and final and not (title_case and n <= short)) or (
                n >= 10 and fw >= 2)
        if ref_start is not None and start >= ref_start:
            kind = "reference"
        elif mk is not None:
            kind = mk
        elif bullet:
            kind = "list_item"
        elif n <= 25 and (keep_rx.match(body) or ("," in body and credential_rx.search(body))):
            kind = "meta"  # a byline, date line or signature ("Jane Doe, RN")
        elif not prose_like and (contact_lines is None or i in contact_lines) and _CONTACT.search(body):
            kind = "contact"  # "SAMHSA National Helpline: 1-800-662-4357"
        elif prose_like:
            kind = "prose"
        else:
            kind = "other"
        line = Line(start, end, kind, words=n)
        if kind in ("code", "meta", "contact"):
            append(line)
            continue
        if n > max_words:
            append(line)  # too long to be page furniture
            continue
        # Shape: evidence that the line is not a sentence.
        line.shape = (not final) + (n <= short) + (fw == 0 and n > 0) + (n >= 2 and caps >= 0.6 * n)
        # Widget: evidence of page furniture (only short lines carry any).
        if n <= short:
            sep_text = raw[bullet.end():] if bullet else body
            seps = len(sep_rx.findall(sep_text)) if sep_any.search(sep_text) else 0
            emoji = 0 if body.isascii() else len(_EMOJI.findall(body))
            counters = len(_COUNTER.findall(body)) if _DIGIT.search(body) else 0
            wwords = sum(map(is_wword, lwords))
            widget = (3 if seps >= 2 else seps) + (2 if emoji else 0)
            if counters and (wwords >= 0.5 * n or emoji):
                widget += 2
            elif counters >= 2 and n <= 3:
                widget += 1
            if n and wwords >= 0.6 * n and (n >= 2 or counters or emoji):
                widget += 3
            line.widget = widget
        # Template phrases.
        if phrase_lines is not None and i not in phrase_lines:
            pass
        elif residue_rx.search(body):
            line.phrase = 2
        else:
            m = widget_rx.search(body)
            if m:
                anchored = not _WORD.search(body[: m.start()])
                covered = len(_WORD.findall(m.group(0)))
                rest = body[m.end():]
                # A one-word phrase ("Tags", "Reply") must stand alone or open a list ("Tags: a, b").
                alone = not _WORD.search(rest) or rest.lstrip().startswith(":")
                if anchored and alone or (covered >= 2 and covered >= 0.5 * n):
                    line.phrase = 2
                elif anchored and covered >= 2 and (not prose_like or n <= short):
                    line.phrase = 1  # "Posted in Addiction", "Read more about ...": residue outside the prose
        append(line)

    # A short line that continues a hard-wrapped paragraph ("...while they are\ntreated.") is prose.
    for i in range(1, len(lines)):
        ln, prev = lines[i], lines[i - 1]
        if ln.kind == "other" and prev.kind == "prose" and not _FINAL.search(text[prev.start:prev.end]) \
                and not ln.phrase and ln.widget < 2:
            ln.kind = "prose"
    # The first lines of a hard-wrapped paragraph ("...offer structured treatment for\nsubstance use...")
    # are prose: the next line continues the sentence (starts lowercase, or this one ends with a comma...).
    # In Markdown and HTML the parser marks headings, so any unmarked line that runs into prose is prose.
    markup = markup_kind is not None or ctx.document.format in ("markdown", "html")
    cont = continuing_words()
    for i in range(len(lines) - 2, -1, -1):
        ln, nxt = lines[i], lines[i + 1]
        if ln.kind != "other" or ln.phrase or ln.widget >= 2 or nxt.kind != "prose":
            continue
        tail = text[ln.start:ln.end].rstrip()
        head = text[nxt.start:nxt.end].lstrip()
        if markup or head[:1].islower() or tail[-1:] in ",;(-–—/" or tail.rsplit(None, 1)[-1].lower() in cont:
            ln.kind = "prose"
    _mark_headings(lines)
    threshold = opts["residue_score"]
    prose_idx = [i for i, ln in enumerate(lines) if ln.kind == "prose" and not ln.phrase]
    block, protected = _blocks(lines)
    first_prose, last_prose = (prose_idx[0], prose_idx[-1]) if prose_idx else (len(lines), -1)
    for i, ln in enumerate(lines):
        if ln.kind in ("blank", "code", "meta", "contact"):
            continue
        outside = i > last_prose or i < first_prose
        if ln.phrase == 2 or (ln.phrase == 1 and outside):
            ln.kind = "residue"
        elif ln.kind != "prose" and ln.shape >= 2 and ln.shape + ln.widget >= threshold and (
            ln.widget >= 3 or (ln.widget >= 2 and ln.kind != "heading")
        ):
            ln.kind = "residue"
        elif ln.kind == "other" and i > last_prose >= 0 and ln.shape >= threshold and not protected[block[i]]:
            # After the last paragraph, shaped like page furniture, in a block with no byline,
            # contact details or list (a signature or a resource list is the article's).
            ln.kind = "residue"
    _absorb(lines, opts["run_score"], short)
    runs = _runs(lines)
    return Structure(lines=lines, residue_runs=runs)


def _blocks(lines: list[Line]) -> tuple[list[int], list[bool]]:
    """Block number of each line (blocks are separated by blank lines), and whether each
    block holds a line that makes it the article's own (byline, contact details, list, heading)."""
    block, protected = [], [False]
    for ln in lines:
        if ln.kind == "blank":
            if protected[-1] is not None:
                protected.append(False)
            block.append(len(protected) - 1)
            continue
        block.append(len(protected) - 1)
        if ln.kind in ("meta", "contact", "list_item", "heading", "reference", "prose", "code", "table"):
            protected[-1] = True
    return block, protected


def _mark_headings(lines: list[Line]) -> None:
    """A short non-sentence line followed by prose or a list is a heading."""
    nxt_kind = None
    for ln in reversed(lines):
        if ln.kind == "blank":
            continue
        if ln.kind == "other" and nxt_kind in ("prose", "list_item", "heading", "contact") and ln.widget < 3 and ln.phrase < 2:
            ln.kind = "heading"
        nxt_kind = ln.kind


def _absorbable(ln: Line, run_score: int, short: int, tail: bool, down: bool) -> bool:
    if ln.kind == "list_item" and not ((tail and down) or ln.widget):
        # A list under "Related posts" is residue; a list before a share strip is the article's.
        return False
    return ln.kind in ("other", "list_item", "prose") and ln.words <= short and (ln.shape + ln.widget) >= run_score and (
        ln.kind != "prose" or ln.shape >= 2
    )


def _absorb(lines: list[Line], run_score: int, short: int) -> None:
    """Short non-sentence lines next to residue join it.

    After the article's last prose line, blank lines may sit between them;
    elsewhere only directly adjacent lines join, and a line right above prose
    or a byline (a title, a heading) never does.
    """
    n = len(lines)
    last_prose = max((i for i, ln in enumerate(lines) if ln.kind == "prose"), default=n)
    seeds = [i for i, ln in enumerate(lines) if ln.kind == "residue"]
    for step in (1, -1):
        reached = -1 if step == 1 else n  # each line is scanned once per direction
        for i in (seeds if step == 1 else reversed(seeds)):
            if (step == 1 and i <= reached) or (step == -1 and i >= reached):
                continue
            j = i + step
            while 0 <= j < n:
                ln = lines[j]
                if ln.kind == "residue" or (ln.kind == "blank" and j > last_prose):
                    j += step
                    continue
                if ln.kind == "blank" or not _absorbable(ln, run_score, short, j > last_prose, step == 1) or _before_prose(lines, j):
                    break
                ln.kind = "residue"
                j += step
            reached = j


def _before_prose(lines: list[Line], j: int) -> bool:
    for ln in lines[j + 1:]:
        if ln.kind != "blank":
            return ln.kind in ("prose", "meta", "heading")
    return False


def _runs(lines: list[Line]) -> list[tuple[int, int, list[int]]]:
    runs: list[tuple[int, int, list[int]]] = []
    current: list[int] = []
    for i, ln in enumerate(lines):
        if ln.kind == "residue":
            current.append(i)
        elif ln.kind != "blank" and current:
            runs.append((lines[current[0]].start, lines[current[-1]].end, current))
            current = []
    if current:
        runs.append((lines[current[0]].start, lines[current[-1]].end, current))
    return runs


def prose_line(ctx: "CheckContext", offset: int) -> bool:
    """Is the line holding ``offset`` a prose line?"""
    return structure(ctx).kind_at(offset) == "prose"
