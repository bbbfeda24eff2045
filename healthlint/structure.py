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
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, repeat
from operator import and_, ge, itemgetter, rshift, sub
from typing import TYPE_CHECKING, Any

from .cues import reference_section_start

if TYPE_CHECKING:
    from .rules.base import CheckContext

CACHE_KEY = "structure"
RULE_ID = "page-boilerplate"  # whose rules.yaml section holds the residue word lists

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_BULLET = re.compile(r"^\s*(?:[-*+•·–—▪◦]|\d{1,3}[.)])\s+")
_COUNTER = re.compile(r"(?<![\w.,/:-])\d{1,3}(?:[.,]\d)?[kKmM]?(?![\w.,/:-]|\.\d)")
_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764\uFE0F]")
# Contact details: a phone number, a web address or an email (a resource list, not page furniture).
_CONTACT_ALTERNATIVES = [
    r"(?<!\d)(?:1[-. ]?)?\(?\d{3}\)?[-. ]\d{3}[-. ]?(?:\d{4}|[A-Z]{4})(?!\d)",
    r"\b(?:call|text|dial)\s+\d{3,}",
    r"https?://", r"\bwww\.", r"\b[\w-]+\.(?:gov|org|com|net|edu|info|uk|ca|au|nz|ie)\b", r"\S+@\S+\.\w+",
]
_CONTACT = re.compile("|".join(_CONTACT_ALTERNATIVES), re.IGNORECASE)
# _CONTACT's alternatives one by one (a text holds a match of an alternation when it holds
# a match of one of its alternatives), each tried only when the lowercased line holds a
# string its matches hold (_is_contact): the last two scan slowly.
_PHONE, _CALL, _URL_START, _WWW, _DOMAIN, _EMAIL = (re.compile(a, re.IGNORECASE) for a in _CONTACT_ALTERNATIVES)
_DIGITS3 = re.compile(r"\d{3}")
_DOMAIN_END = re.compile(r"\.(?:gov|org|com|net|edu|info|uk|ca|au|nz|ie)\b")
_FINAL = re.compile(r"[.!?…][\"'”’)\]*]*\s*$")
# _FINAL's sentence-final characters, and the closers it allows after them.
_FINAL_CHARS = (".", "!", "?", "…")
_CLOSERS = "\"'”’)]*"
_DIGIT = re.compile(r"\d")
_ASCII_BYTES = bytes(range(128))
# Bytes to runs of ASCII letters: letters kept, the rest -> space.
_RUN_TABLE = bytes(b if b < 128 and chr(b).isalpha() else 32 for b in range(256))
# Bytes to words: ASCII letters and newlines kept, the rest -> space (for text without apostrophes).
_LINE_TABLE = bytes(b if (b < 128 and chr(b).isalpha()) or b == 10 else 32 for b in range(256))
# Bytes to tokens holding words: also the bytes of apostrophes (straight, and curly in UTF-8) kept.
_TOKEN_TABLE = bytes(b if (b < 128 and chr(b).isalpha()) or b in b"\n'\xe2\x80\x99" else 32 for b in range(256))
_LETTERS = re.compile(r"[^\W\d_]+")
_APOSTROPHE = re.compile("['’]")
# What a _BULLET match can start with after the leading space (or a decimal digit).
_BULLET_FIRST = "-*+•·–—▪◦"
# Prefilter (a cheap necessary condition, so the costly pattern runs on few lines): every
# _CONTACT match holds three digits, "@", "://", "www." or "." + a domain ending.
_CONTACT_HINT = re.compile(r"\d{3}|@|://|www\.|\.(?:gov|org|com|net|edu|info|uk|ca|au|nz|ie)")
# Default shift of the per-word codes (_WordCodes): function word + widget word << shift +
# capitalised << 2 * shift.
_WIDGET = 32

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


@dataclass(slots=True)
class Line:
    start: int  # offset in ctx.text of the first character of the line
    end: int  # offset of the end of the line (before the newline)
    kind: str
    words: int = 0
    shape: int = 0  # not-a-sentence evidence
    widget: int = 0  # page-widget evidence
    phrase: int = 0  # template phrase: 2 = residue anywhere, 1 = residue outside the article's prose


class Structure:
    """The lines of a text as columns (start, end, kind, words, shape, widget, phrase: one
    list each, aligned), and the residue runs.  ``lines`` builds a ``Line`` per line on
    first use (the rules read the columns)."""

    __slots__ = ("starts", "ends", "kinds", "words", "shapes", "widgets", "phrases", "residue_runs", "_lines")

    def __init__(self, starts: list[int], ends: list[int], kinds: list[str], words: list[int], shapes: list[int],
                 widgets: list[int], phrases: list[int], residue_runs: list[tuple[int, int, list[int]]]):
        self.starts, self.ends, self.kinds, self.words = starts, ends, kinds, words
        self.shapes, self.widgets, self.phrases = shapes, widgets, phrases
        # Runs of residue: (start offset, end offset, [line indexes]).
        self.residue_runs = residue_runs
        self._lines: list[Line] | None = None

    @property
    def lines(self) -> list[Line]:
        if self._lines is None:
            self._lines = list(map(Line, self.starts, self.ends, self.kinds, self.words, self.shapes,
                                   self.widgets, self.phrases))
        return self._lines

    def line_at(self, offset: int) -> Line:
        return self.lines[self.line_number(offset)]

    def kind_at(self, offset: int) -> str:
        return self.kinds[self.line_number(offset)]

    def line_number(self, offset: int) -> int:
        """0-based index of the line holding ``offset``."""
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def line_starts(self) -> list[int]:
        """Start offset of each line (for bisecting many offsets without ``line_at`` calls)."""
        return self.starts

    def prose_flags(self) -> list[bool]:
        """Whether each line is prose (aligned with ``lines``)."""
        return list(map("prose".__eq__, self.kinds))


def _closed_class() -> dict[str, list]:
    from .nlp import closed_class_lists  # the pipeline's own word lists, parsed once

    return closed_class_lists()


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


def _is_contact(body: str, line_low: str | None) -> bool:
    """``bool(_CONTACT.search(body))``, for ``body`` (a stripped line) and ``line_low`` (the
    line lowercased as ``_lowered`` does, or None): each alternative of ``_CONTACT`` is tried
    only when ``line_low`` holds a string its matches hold (for ASCII letters, IGNORECASE
    matches what ``_lowered`` maps to them)."""
    if line_low is None:
        return _CONTACT.search(body) is not None
    if "://" in line_low and _URL_START.search(body):
        return True
    if "www." in line_low and _WWW.search(body):
        return True
    if _DIGITS3.search(line_low):
        if _PHONE.search(body):
            return True
        if ("call" in line_low or "text" in line_low or "dial" in line_low) and _CALL.search(body):
            return True
    if _DOMAIN_END.search(line_low) and _DOMAIN.search(body):
        return True
    return "@" in line_low and _EMAIL.search(body) is not None


def _lowered_of(ctx: "CheckContext", text: str) -> str | None:
    """``_lowered(text)`` for ``text = ctx.text``, from ``ctx.lower`` (often computed already,
    by ``cues.reference_section_start``): ``str.lower`` lengthens only "İ" (U+0130), so
    without it ``ctx.lower`` is ``text.lower()``."""
    if "\u0130" in text:
        return None
    low = ctx.lower
    if "ı" in low:
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


def _lines_matching(rx: re.Pattern, haystack: str, starts: list[int], hits: set[int] | None = None) -> set[int]:
    """The index of each line (by start offsets) where ``rx`` finds a match: one search per such line."""
    hits = set() if hits is None else hits
    last = len(starts) - 1
    bisect_right = bisect.bisect_right
    m = rx.search(haystack)
    while m is not None:
        k = bisect_right(starts, m.start()) - 1
        hits.add(k)
        if k >= last:
            break
        m = rx.search(haystack, starts[k + 1])
    return hits


def _phrase_lines(low: str | None, starts: list[int], packed: list[int], key_bits: int, c: dict) -> set[int] | None:
    """Lines where a template phrase may be (None: any line).

    A phrase can only match on a line where each run of letters in it is a run of letters
    of the line's words (lowercased, split at apostrophes), so only the lines holding a
    word with a phrase's key run (_WordCodes' fourth field, summed in ``packed``) can hold
    one: the phrases whose key runs those lines hold as runs of letters, and whose text
    (lowercased, ``low``) they hold, are searched for in the whole text (one ``str.find`` per
    occurrence), as is a phrase with no key run (_key_runs).
    """
    needles = c["needles"]
    if low is None or needles is None:
        return None
    phrase_lines: set[int] = set()
    lines = list(compress(range(len(packed)), map(and_, packed, repeat(key_bits))))
    if lines:
        # The phrases those lines hold ("more" is common, "more from" rare), then every line
        # holding one of them.
        held = "\n".join([low[starts[i]:starts[i + 1]] for i in lines])
        # The key runs among the runs of ASCII letters of those lines (a superset of their
        # runs of letters that are ASCII), then the needles of those keys that they hold.
        key_needles = c["key_needles"]
        keys = key_needles.keys() & held.encode("utf-8").translate(_RUN_TABLE).split()
        present = {q for k in keys for q in key_needles[k] if q in held}
        if present:
            _lines_holding(low, starts, present, phrase_lines)
    if c["runless"]:
        _lines_holding(low, starts, c["runless"], phrase_lines)
    return phrase_lines


# A run of ASCII letters, joined by apostrophes (straight or curly, in UTF-8): _WORD over
# bytes whose only letters are ASCII letters.
_WORD_BYTES = re.compile(rb"[A-Za-z]+(?:(?:'|\xe2\x80\x99)[A-Za-z]+)*")


def _line_items(text: str, lines: list[str]) -> tuple[Any, list, int, set[str]]:
    """How to find the ``_WORD`` words of each of ``lines`` (``text.split("\n")``): a
    function and one item per line, the function of an item giving the line's words (or
    tokens holding them); what it gives (0: words as strings, 1: words as bytes, ASCII; 2:
    tokens as bytes, each holding the ``_WORD_BYTES`` words found in it, see _lookups); and
    the set of the text's characters outside ASCII.

    When no letter is outside ASCII, the words are runs of ASCII letters (joined by
    apostrophes): each line of the bytes with letters and newlines kept (the rest -> space)
    split once; with an apostrophe in the text, the bytes of apostrophes are kept too, and
    each token holds the words ``_WORD_BYTES`` finds in it (every byte of a word is kept,
    so no word spans two tokens).  Otherwise ``_WORD.findall`` per line.  (All calls from
    C: no Python work per line or per word.)
    """
    if text.isascii():
        data, wide = text.encode("ascii"), set()
    else:
        data = text.encode("utf-8")
        # (A character outside ASCII is all bytes >= 0x80 in UTF-8: delete the others.)
        wide = set(data.translate(None, _ASCII_BYTES).decode("utf-8"))
        if any(ch.isalnum() and not ch.isdecimal() for ch in wide):
            return _WORD.findall, lines, 0, wide
    if b"'" not in data and "’" not in wide:
        return bytes.split, data.translate(_LINE_TABLE).split(b"\n"), 1, wide
    return bytes.split, data.translate(_TOKEN_TABLE).split(b"\n"), 2, wide


def _line_words(text: str, lines: list[str]) -> tuple[list[list], bool, set[str]]:
    """The ``_WORD`` words of each of ``lines`` (``text.split("\n")``), whether they are
    bytes rather than strings, and the set of the text's characters outside ASCII
    (``_line_items``, the words listed)."""
    words_of, items, kind, wide = _line_items(text, lines)
    got = list(map(words_of, items))
    if kind == 2:
        got = [[w for t in ws for w in _WORD_BYTES.findall(t)] for ws in got]
    return got, kind > 0, wide


class _WordCodes(dict):
    """Code of each word (as written): 1 if a function word, + 1 << shift if a widget word,
    + 1 << (2 * shift) if capitalised, + 1 << (3 * shift) if one of its runs of letters
    (lowercased as ``_lowered`` does, split at apostrophes) is a template phrase's key run,
    + 1 << (4 * shift) (a word).  A sum over a line's words then gives all five counts of the
    line (exact while a line has fewer than 2 ** shift words: the last field has no bound).
    Computed on first look-up; at most 200,000 words."""

    __slots__ = ("_fwords", "_wwords", "_keys", "_shift")

    def __init__(self, fwords: frozenset[str], wwords: frozenset[str], keys: frozenset[str], shift: int = _WIDGET):
        super().__init__()
        self._fwords, self._wwords, self._keys, self._shift = fwords, wwords, keys, shift

    def __missing__(self, word: str) -> int:
        low = word.lower()
        runs = low.replace("ı", "i").replace("ſ", "s")
        key = any(map(self._keys.__contains__, _APOSTROPHE.split(runs))) if "'" in runs or "’" in runs else runs in self._keys
        code = ((low in self._fwords) + ((low in self._wwords) << self._shift) + (word[0].isupper() << (2 * self._shift))
                + (key << (3 * self._shift)) + (1 << (4 * self._shift)))
        if len(self) < 200_000:
            self[word] = code
        return code


def _by_bytes(codes: "_WordCodes") -> "BoundedMemo":
    """``_WordCodes`` by word as UTF-8 bytes."""
    from .memo import BoundedMemo

    return BoundedMemo(lambda word: codes[word.decode("utf-8")])


def _lookups(codes: "_WordCodes") -> tuple:
    """The code look-ups for each kind of item ``_line_items`` gives (0, 1, 2): ``codes``
    by word, by word as bytes, and by token as bytes (the sum of the codes of the words
    ``_WORD_BYTES`` finds in the token: 0 for a token holding none)."""
    from .memo import BoundedMemo

    by_bytes = _by_bytes(codes)
    return codes, by_bytes, BoundedMemo(lambda token: sum(map(by_bytes.__getitem__, _WORD_BYTES.findall(token))))


class _LineClass(dict):
    """(kind, shape, prose-like) of a line by (words, code, ends a sentence, not blank), where
    code is the sum of its words' _WordCodes at ``shift``: the kind a line has unless the
    decision chain in ``classify`` says otherwise (blank, prose if it reads as a sentence,
    else other) and its shape score (evidence that it is not a sentence; 0 for blank lines
    and lines too long to be page furniture).  Computed on first look-up; at most 100,000 keys."""

    __slots__ = ("_shift", "_short", "_max_words")

    def __init__(self, shift: int, short: int, max_words: int):
        super().__init__()
        self._shift, self._short, self._max_words = shift, short, max_words

    def __missing__(self, key: tuple[int, int, bool, bool]) -> tuple[str, int, bool]:
        n, code, final, nonblank = key
        short = self._short
        if final and n > 2 * short:
            # A long sentence line (most paragraphs): prose, whatever its words.
            fw, caps, prose_like = 1, 0, True
        else:
            fw, caps = code & ((1 << self._shift) - 1), (code >> (2 * self._shift)) & ((1 << self._shift) - 1)
            title_case = n >= 3 and caps >= 0.6 * n
            prose_like = (n >= 3 and (fw >= 1 or n >= 8) and final and not (title_case and n <= short)) or (
                n >= 10 and fw >= 2)
        shape = (not final) + (n <= short) + (fw == 0 and n > 0) + (n >= 2 and caps >= 0.6 * n)
        got = ("prose" if prose_like else "other" if nonblank else "blank",
               shape if nonblank and n <= self._max_words else 0, prose_like)
        if len(self) < 100_000:
            self[key] = got
        return got


_COMPILED: dict[str, dict] = {}


def _key_runs(phrases: list[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """One run of letters of each phrase (lowercased), its key run: a phrase can only be on
    a line holding its key run as a run of a word; and the phrases with no key run (no run
    of letters, or one too common to be worth it: searched for directly, see _phrase_lines).
    The key run is a rare run (_key_of), so that few lines hold it."""
    keys, runless = set(), []
    for p in sorted({i.strip().lower() for i in phrases if i.strip()}):
        key = _key_of(p)
        if key is not None:
            keys.add(key)
        else:
            runless.append(p)
    return frozenset(keys), tuple(runless)


# Very common English words outside the function words (and common in health articles), most
# common first.  A key run may be any run of letters of the phrase: one of these only when all
# its runs are (then the least common of them), since a rarer one leaves fewer lines to test.
_COMMON_RUNS = ("more", "also", "like", "up", "new", "first", "just", "now", "back", "next", "well", "even",
                "only", "other", "very", "use", "get", "make", "see", "time", "people", "help", "health",
                "care", "article", "published", "read", "content", "page", "top", "main", "name")
_COMMON_RANK = {w: i for i, w in enumerate(_COMMON_RUNS)}
# Runs on so many lines (in most articles) that one search of the whole text for a phrase
# whose key run this would be costs less than testing those lines: such a phrase has no key
# run and is searched for directly ("more from").
_NO_KEY = frozenset(("more",))


def _key_of(phrase: str) -> str | None:
    """The key run of a lowercased phrase (see _key_runs), or None if it has no run of letters
    or the best is in _NO_KEY.  Best: a run that is not a function word before one that is, a
    run not in _COMMON_RUNS before one that is (the less common of two that are), then the
    longest (the first of equals)."""
    fw = function_words()
    runs = _LETTERS.findall(phrase)
    rank = _COMMON_RANK.get
    never = len(_COMMON_RUNS)
    key = max(runs, key=lambda r: (r not in fw, rank(r, never), len(r))) if runs else None
    return None if key in _NO_KEY else key


def _key_needles(phrases: list[str], needles: tuple[str, ...] | None) -> dict[bytes, tuple[str, ...]]:
    """For each ASCII key run (as bytes), the needles (``_phrase_needles``) contained in a
    phrase with that key: a line where such a phrase matches holds one of them."""
    out: dict[bytes, set[str]] = {}
    for p in {i.strip().lower() for i in phrases if i.strip()}:
        key = _key_of(p)
        if key is not None and needles is not None and key.isascii():
            out.setdefault(key.encode("ascii"), set()).update(q for q in needles if q in p)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _heads_pattern(starts: list[str]) -> str:
    """A newline, spaces, then a bullet character, a digit or one of ``starts`` (lowercased):
    the alternatives grouped by first character ("a(?:uthor|uthors)"), so that at most lines
    re only compares a few characters (the same lines match as with one alternative each)."""
    groups: dict[str, list[str]] = {}
    for k in starts:
        k = k.lower()
        if k:
            groups.setdefault(k[0], []).append(k[1:])
    return (r"\n[^\S\n]*(?:[" + re.escape(_BULLET_FIRST) + r"]|\d"
            + "".join("|" + re.escape(first) + "(?:" + "|".join(map(re.escape, rests)) + ")"
                      for first, rests in groups.items())
            + ("|" if "" in starts else "") + ")")


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
            "seps": seps,
            # Each separator with its characters outside ASCII (a text without them holds none).
            "sep_needs": [(x, frozenset(ch for ch in x if not ch.isascii())) for x in seps],
            "needles": _phrase_needles(opts["residue_phrases"] + opts["widget_phrases"]),
            # The phrases (lowercased) with no key run, searched for directly (_phrase_lines).
            "runless": _key_runs(opts["residue_phrases"] + opts["widget_phrases"])[1],
            # The needles to look for on lines holding a key run, by key run.
            "key_needles": _key_needles(opts["residue_phrases"] + opts["widget_phrases"],
                                        _phrase_needles(opts["residue_phrases"] + opts["widget_phrases"])),
            # Lowercased line starts a keep_rx match needs (None: non-ASCII, always run keep_rx).
            "keep_heads": tuple(k.lower() for k in opts["keep_line_starts"])
            if all(k.isascii() for k in opts["keep_line_starts"]) else None,
            # A line a bullet or a keep_line_starts entry may open (in "\n" + the lowercased
            # text: each match starts at the newline before such a line); None: any line may.
            "heads_rx": re.compile(_heads_pattern(opts["keep_line_starts"]))
            if all(k.isascii() and "\n" not in k for k in opts["keep_line_starts"]) else None,
            # A line a credential_rx match may start: it holds "," + spaces + a credential's
            # first character.
            "credential_hint": re.compile(
                r",\s*[" + "".join(sorted({re.escape(x[0]) for x in opts["credentials"] if x})) + "]"
            ) if any(opts["credentials"]) else re.compile(r"(?!x)x"),
            "codes": _WordCodes(function_words(), frozenset(w.lower() for w in opts["widget_words"]),
                                _key_runs(opts["residue_phrases"] + opts["widget_phrases"])[0]),
            # (_WordCodes, _ByteCodes) by shift (a few bits when lines are short: small sums).
            "codes_by_shift": {},
            "line_class": {},  # _LineClass by shift
        }
        _COMPILED[key] = got
    return got


_THIRD = itemgetter(2)
_MARKUP_KINDS = {"heading": "heading", "list_item": "list_item", "code": "code", "table": "table",
                 "front_matter": "code", "html": "code"}


def _markup_lines(ctx: "CheckContext", starts: list[int], raws: list[str], bodies: list[str]
                  ) -> tuple[dict[int, str], bool]:
    """The parser's kind (heading, list item, code...) of each line whose first non-space
    character lies in one of its ranges, and whether there are any such ranges.

    The lines each non-empty range overlaps (one ``bisect`` per end; a range on one line, as
    headings and list items are, gives one line), then for each such line with text the
    ranges starting at or before its first non-space character, the last first: the kind of
    the first that holds it (looking back at most 8 ranges, as ranges may nest).  (A Python
    loop over the ranges: cheaper than list-wide passes for the few ranges of an article.)
    """
    got = ctx.document.non_prose
    if not got:
        return {}, False
    ranges = sorted([r for r in got if r[2] in _MARKUP_KINDS])
    if not ranges:
        return {}, False
    bisect_right = bisect.bisect_right
    nl = len(raws)
    lines: set[int] = set()
    # The line holding offset x is bisect_right(starts, x) - 1 (at least 0, below nl; ``starts``
    # may end with the end of the text).
    for s, e, _ in ranges:
        if e > s:
            a, b = bisect_right(starts, s), bisect_right(starts, e - 1)
            if a == b:
                if 0 < a <= nl:
                    lines.add(a - 1)
            else:
                lines.update(range(max(a, 1) - 1, min(b, nl)))
    if not lines:
        return {}, True
    rstarts = [r[0] for r in ranges]
    out: dict[int, str] = {}
    for i in sorted(lines):
        if not bodies[i]:
            continue
        raw = raws[i]
        pos = starts[i] + len(raw) - len(raw.lstrip())
        k = bisect_right(rstarts, pos)
        for j in range(k - 1, max(k - 9, -1), -1):
            r = ranges[j]
            if r[0] <= pos < r[1]:
                out[i] = _MARKUP_KINDS[r[2]]
                break
    return out, True


def structure(ctx: "CheckContext") -> Structure:
    """The memoised line structure of ``ctx``'s text."""
    got = ctx.cache.get(CACHE_KEY)
    if got is None:
        got = classify(ctx)
        ctx.cache[CACHE_KEY] = got
    return got


def _continues(i: int, kinds: list[str], finals: list[bool]) -> bool:
    """Line ``i`` carries on the sentence of a hard-wrapped prose line above it.

    ("...over a few months, mostly" / "by eating less salt": a lowercase "by",
    "published" or "updated" opening such a line is the sentence going on, not a
    byline.)"""
    return i > 0 and kinds[i - 1] == "prose" and not finals[i - 1]


def classify(ctx: "CheckContext", _every_line: bool = False) -> Structure:
    """Classify every line, then find the residue runs.

    Per-line features come from whole-text passes (one ``str.split``, the words of each line
    and the sum of their per-word codes for the counts per line), and most lines are
    settled by list-wide rules: a non-blank line is prose if it reads as a sentence (enough
    words and function words, final punctuation), else "other"; its shape score comes
    from its counts (_LineClass).  The decision chain (bullet, byline, contact details)
    runs only on the lines those rules cannot settle: a possible bullet, byline or
    signature (found by whole-text scans) and a line that does not read as a sentence;
    the widget score only on lines with a widget word, a separator, an emoji or (with at
    most 3 words) a digit, and the phrase tests only on lines holding a template phrase's
    text.  ``_every_line=True`` runs all of them on every line (the reference the tests
    compare the shortcut with).  The passes after the first visit only the lines that
    can change.
    """
    opts, c = _settings(ctx)
    short = opts["short_line_words"]
    max_words = opts["max_phrase_line_words"]
    text = ctx.text
    ref_start = reference_section_start(ctx)

    raws = text.split("\n")
    nl = len(raws)
    # starts[k]: offset of line k; ends[k]: offset of its end (starts[k + 1] - 1).
    bounds = list(accumulate(map((1).__add__, map(len, raws)), initial=0))  # (bounds[nl]: past the end)
    starts = bounds[:nl]
    ends = list(map(sub, bounds[1:], repeat(1)))
    bodies = list(map(str.strip, raws))
    # Words of each line, and per line the number of function words, widget words,
    # capitalised words and key runs of template phrases: the sum of its words' codes (_WordCodes).
    # One pass from C (the words of a line are found, looked up and dropped in turn); the
    # word count is the code's last field.  (A line of L characters holds at most (L + 1) // 2
    # words, so each count of a line is below 2 ** shift: the fields do not overlap.)
    words_of, items, item_kind, wide = _line_items(text, raws)
    shift = max(((max(map(len, raws)) + 1) // 2).bit_length(), 1)
    codes = c["codes_by_shift"].get(shift)
    if codes is None:
        base = c["codes"]
        codes = _WordCodes(base._fwords, base._wwords, base._keys, shift)
        codes = c["codes_by_shift"][shift] = _lookups(codes)
    mask, widget_bits, key_bits = (1 << shift) - 1, ((1 << shift) - 1) << shift, ((1 << shift) - 1) << (3 * shift)
    packed = list(map(sum, map(map, repeat(codes[item_kind].__getitem__), map(words_of, items))))
    counts = list(map(rshift, packed, repeat(4 * shift)))
    # Whether each line ends a sentence (as bool(_FINAL.search(raw)): strip the trailing
    # whitespace and closing quotes and brackets, then look at the last character).
    finals = list(map(str.endswith, map(str.rstrip, bodies, repeat(_CLOSERS)), repeat(_FINAL_CHARS)))
    markup_lines, has_markup = _markup_lines(ctx, bounds, raws, bodies)
    low = _lowered_of(ctx, text)
    # Lines that may hold a template phrase (None: any line may).
    phrase_lines = _phrase_lines(low, bounds, packed, key_bits, c)

    # Function words and capitals of each line; a long sentence line (most paragraphs) is
    # prose whatever its words, and counts as one function word and no capitals.
    # (kind, shape, prose-like) of each line from its counts (_LineClass: few distinct keys).
    line_class = c["line_class"].get(shift)
    if line_class is None:
        line_class = c["line_class"][shift] = _LineClass(shift, short, max_words)
    classes = list(map(line_class.__getitem__, zip(counts, packed, finals, map(bool, bodies))))
    kinds, shapes, prose_like = map(list, zip(*classes)) if classes else ([], [], [])
    widgets = [0] * nl
    phrases = [0] * nl
    # Lines from the references heading on are references; else lines the parser marked keep its kind.
    first_ref = nl if ref_start is None else bisect.bisect_left(starts, ref_start)
    for i in range(first_ref, nl):
        if bodies[i]:
            kinds[i] = "reference"
    for i, kind in markup_lines.items():
        if i < first_ref:
            kinds[i] = kind
    # The rest go through the decision chain when it may give another kind than the rule
    # above: a line that is not prose-like (contact details?), and the lines a whole-text
    # scan finds that may open with a bullet or a byline start, or hold a signature.
    if _every_line or low is None or c["heads_rx"] is None:
        chain = [i for i in range(first_ref) if i not in markup_lines and bodies[i]]
    else:
        chain = set(compress(range(nl), map("other".__eq__, kinds)))
        _lines_matching(c["credential_hint"], text, bounds, chain)
        # (Each match starts at the offset, in the text, of the line it opens.)
        chain.update(map((-1).__add__, map(bisect.bisect_right, repeat(starts),
                                            map(re.Match.start, c["heads_rx"].finditer("\n" + low)))))
        chain = sorted(i for i in chain if i < first_ref and i not in markup_lines)
    keep_heads = c["keep_heads"] if low is not None else None
    keep_rx, credential_rx = c["keep"], c["credential"]
    for i in chain:
        raw, body, n = raws[i], bodies[i], counts[i]
        c0 = body[0]
        if (c0 in _BULLET_FIRST or c0.isdecimal()) and _BULLET.match(raw):
            kind = "list_item"
        elif n <= 25 and (
            ((keep_heads is None or c0 in "-*•" or low.startswith(keep_heads, ends[i] - len(raw.lstrip())))
             and keep_rx.match(body) and not (c0.islower() and _continues(i, kinds, finals)))
            or ("," in body and credential_rx.search(body))
        ):
            kind = "meta"  # a byline, date line or signature ("Jane Doe, RN")
        elif (not prose_like[i] and (low is None or _CONTACT_HINT.search(low, starts[i], ends[i]))
              and _is_contact(body, None if low is None else low[starts[i]:ends[i]])):
            kind = "contact"  # "SAMHSA National Helpline: 1-800-662-4357"
        elif prose_like[i]:
            kind = "prose"
        else:
            kind = "other"
        kinds[i] = kind
        if kind in ("meta", "contact"):
            shapes[i] = 0
    for i, kind in markup_lines.items():
        if kind == "code" and i < first_ref:
            shapes[i] = 0
    others = list(compress(range(nl), map("other".__eq__, kinds)))

    # Widget: evidence of page furniture (only short lines carry any).  A short line with
    # no widget word, no separator, no emoji, and (unless it has at most 3 words) no digit
    # scores 0: only separators, emoji, widget words, and counters with them or on a line of
    # at most 3 words add to the score.
    sep_any, sep_rx = c["sep_any"], c["sep"]
    # (Whether an emoji may be in the text: one of its characters outside ASCII is.)
    emoji_text = any(map(_EMOJI.match, wide))
    flagged: list[int] = []  # lines with a template phrase or widget evidence
    if _every_line:
        wlines = range(nl)
    else:
        wset = set(compress(range(nl), map(and_, packed, repeat(widget_bits))))
        # (the lines sep_any matches on)
        _lines_holding(text, bounds, [x for x, need in c["sep_needs"] if need <= wide], wset)
        if emoji_text:
            _lines_matching(_EMOJI, text, bounds, wset)
        short_lines = list(compress(range(nl), map(ge, repeat(3), counts)))
        wset.update(compress(short_lines, map(_DIGIT.search, map(raws.__getitem__, short_lines))))
        wlines = sorted(wset)
    for i in wlines:
        n = counts[i]
        if n > short or n > max_words or kinds[i] in ("blank", "code", "meta", "contact"):
            continue
        raw, body, code = raws[i], bodies[i], packed[i]
        c0 = body[0]
        bullet = _BULLET.match(raw) if c0 in _BULLET_FIRST or c0.isdecimal() else None
        sep_text = raw[bullet.end():] if bullet else body
        seps = len(sep_rx.findall(sep_text)) if sep_any.search(sep_text) else 0
        emoji = 0 if body.isascii() else len(_EMOJI.findall(body))
        counters = len(_COUNTER.findall(body))
        wwords = (code >> shift) & mask
        widget = (3 if seps >= 2 else seps) + (2 if emoji else 0)
        if counters and (wwords >= 0.5 * n or emoji):
            widget += 2
        elif counters >= 2 and n <= 3:
            widget += 1
        if n and wwords >= 0.6 * n and (n >= 2 or counters or emoji):
            widget += 3
        widgets[i] = widget
        if widget >= 2:
            flagged.append(i)
    # Template phrases.
    residue_rx, widget_rx = c["residue"], c["widget"]
    for i in (range(nl) if phrase_lines is None or _every_line else sorted(phrase_lines)):
        n = counts[i]
        if n > max_words or kinds[i] in ("blank", "code", "meta", "contact"):
            continue
        body = bodies[i]
        if residue_rx.search(body):
            phrases[i] = 2
        else:
            m = widget_rx.search(body)
            if m:
                anchored = not _WORD.search(body[: m.start()])
                covered = len(_WORD.findall(m.group(0)))
                rest = body[m.end():]
                # A one-word phrase ("Tags", "Reply") must stand alone or open a list ("Tags: a, b").
                alone = not _WORD.search(rest) or rest.lstrip().startswith(":")
                if anchored and alone or (covered >= 2 and covered >= 0.5 * n):
                    phrases[i] = 2
                elif anchored and covered >= 2 and (not prose_like[i] or n <= short):
                    phrases[i] = 1  # "Posted in Addiction", "Read more about ...": residue outside the prose
        if phrases[i]:
            flagged.append(i)

    # A short line that continues a hard-wrapped paragraph ("...while they are\ntreated.") is prose.
    for i in others:
        if i and kinds[i - 1] == "prose" and not finals[i - 1] and not phrases[i] and widgets[i] < 2:
            kinds[i] = "prose"
    # The first lines of a hard-wrapped paragraph ("...offer structured treatment for\nsubstance use...")
    # are prose: the next line continues the sentence (starts lowercase, or this one ends with a comma...).
    # In Markdown and HTML the parser marks headings, so any unmarked line that runs into prose is prose.
    markup = has_markup or ctx.document.format in ("markdown", "html")
    cont = continuing_words()
    for i in reversed(others):
        if i > nl - 2:
            continue
        if kinds[i] != "other" or phrases[i] or widgets[i] >= 2 or kinds[i + 1] != "prose":
            continue
        tail = raws[i].rstrip()
        head = raws[i + 1].lstrip()
        if markup or head[:1].islower() or tail[-1:] in ",;(-–—/" or tail.rsplit(None, 1)[-1].lower() in cont:
            kinds[i] = "prose"
    _mark_headings(kinds, widgets, phrases, others)
    threshold = opts["residue_score"]
    first_prose = _prose_index(kinds, phrases, False, nl)
    last_prose = _prose_index(kinds, phrases, True, -1)
    # Only a flagged line, or a line after the last paragraph, can turn out to be residue.
    tail_lines = range(last_prose + 1, nl) if last_prose >= 0 else range(0)
    if any(kinds[i] == "other" and shapes[i] >= threshold for i in tail_lines):
        block, protected = _blocks(kinds)
    for i in sorted(set(flagged).union(tail_lines)):
        kind = kinds[i]
        if kind in ("blank", "code", "meta", "contact"):
            continue
        outside = i > last_prose or i < first_prose
        shape, widget, phrase = shapes[i], widgets[i], phrases[i]
        if phrase == 2 or (phrase == 1 and outside):
            kinds[i] = "residue"
        elif kind != "prose" and shape >= 2 and shape + widget >= threshold and (
            widget >= 3 or (widget >= 2 and kind != "heading")
        ):
            kinds[i] = "residue"
        elif kind == "other" and i > last_prose >= 0 and shape >= threshold and not protected[block[i]]:
            # After the last paragraph, shaped like page furniture, in a block with no byline,
            # contact details or list (a signature or a resource list is the article's).
            kinds[i] = "residue"
    st = Structure(starts, ends, kinds, counts, shapes, widgets, phrases, [])
    if any(kinds[i] == "residue" for i in flagged) or any(kinds[i] == "residue" for i in tail_lines):
        _absorb(st, opts["run_score"], short)
        st.residue_runs = _runs(st)
    return st


def _prose_index(kinds: list[str], phrases: list[int], last: bool, default: int) -> int:
    """The first (``last``: the last) line that is prose with no template phrase, else ``default``."""
    seq = kinds[::-1] if last else kinds
    at = -1
    try:
        while True:
            at = seq.index("prose", at + 1)
            i = len(kinds) - 1 - at if last else at
            if not phrases[i]:
                return i
    except ValueError:
        return default


def _blocks(kinds: list[str]) -> tuple[list[int], list[bool]]:
    """Block number of each line (blocks are separated by blank lines), and whether each
    block holds a line that makes it the article's own (byline, contact details, list, heading)."""
    block, protected = [], [False]
    for kind in kinds:
        if kind == "blank":
            if protected[-1] is not None:
                protected.append(False)
            block.append(len(protected) - 1)
            continue
        block.append(len(protected) - 1)
        if kind in ("meta", "contact", "list_item", "heading", "reference", "prose", "code", "table"):
            protected[-1] = True
    return block, protected


def _mark_headings(kinds: list[str], widgets: list[int], phrases: list[int], others: list[int]) -> None:
    """A short non-sentence line followed by prose or a list is a heading.

    Only "other" lines can change (``others``, their indexes); bottom-up, so a heading
    below counts as the next line of the one above."""
    n = len(kinds)
    for i in reversed(others):
        if kinds[i] != "other" or widgets[i] >= 3 or phrases[i] >= 2:
            continue
        j = i + 1
        while j < n and kinds[j] == "blank":
            j += 1
        if j < n and kinds[j] in ("prose", "list_item", "heading", "contact"):
            kinds[i] = "heading"


def _absorbable(st: Structure, j: int, run_score: int, short: int, tail: bool, down: bool) -> bool:
    kind, widget, shape = st.kinds[j], st.widgets[j], st.shapes[j]
    if kind == "list_item" and not ((tail and down) or widget):
        # A list under "Related posts" is residue; a list before a share strip is the article's.
        return False
    return kind in ("other", "list_item", "prose") and st.words[j] <= short and (shape + widget) >= run_score and (
        kind != "prose" or shape >= 2
    )


def _absorb(st: Structure, run_score: int, short: int) -> None:
    """Short non-sentence lines next to residue join it.

    After the article's last prose line, blank lines may sit between them;
    elsewhere only directly adjacent lines join, and a line right above prose
    or a byline (a title, a heading) never does.
    """
    kinds = st.kinds
    n = len(kinds)
    last_prose = max((i for i, kind in enumerate(kinds) if kind == "prose"), default=n)
    seeds = [i for i, kind in enumerate(kinds) if kind == "residue"]
    for step in (1, -1):
        reached = -1 if step == 1 else n  # each line is scanned once per direction
        for i in (seeds if step == 1 else reversed(seeds)):
            if (step == 1 and i <= reached) or (step == -1 and i >= reached):
                continue
            j = i + step
            while 0 <= j < n:
                kind = kinds[j]
                if kind == "residue" or (kind == "blank" and j > last_prose):
                    j += step
                    continue
                if kind == "blank" or not _absorbable(st, j, run_score, short, j > last_prose, step == 1) or _before_prose(kinds, j):
                    break
                kinds[j] = "residue"
                j += step
            reached = j


def _before_prose(kinds: list[str], j: int) -> bool:
    for kind in kinds[j + 1:]:
        if kind != "blank":
            return kind in ("prose", "meta", "heading")
    return False


def _runs(st: Structure) -> list[tuple[int, int, list[int]]]:
    runs: list[tuple[int, int, list[int]]] = []
    current: list[int] = []
    for i, kind in enumerate(st.kinds):
        if kind == "residue":
            current.append(i)
        elif kind != "blank" and current:
            runs.append((st.starts[current[0]], st.ends[current[-1]], current))
            current = []
    if current:
        runs.append((st.starts[current[0]], st.ends[current[-1]], current))
    return runs


def prose_line(ctx: "CheckContext", offset: int) -> bool:
    """Is the line holding ``offset`` a prose line?"""
    return structure(ctx).kind_at(offset) == "prose"
