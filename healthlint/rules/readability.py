"""## readability

**What it does**
Scores the article's prose with SMOG (primary) and Flesch-Kincaid grade and
reports when it reads above the target grade (default 8).  The finding names
the hardest sentences (by length and syllables, with their line numbers) and
their longest words, so the editor knows where to start, and points at the
hardest one.

Only prose is scored: headings, list items (also lists flattened into a line
as " - Item"), bylines, page residue, URLs and the references list are left
out (the line classification is shared with ``page-boilerplate``, see
``healthlint/structure.py``).  Articles with fewer than ``min_sentences``
prose sentences are not scored: the formulas are meaningless on a few lines.

Formulas:

- SMOG (McLaughlin 1969): ``1.0430 * sqrt(polysyllables * 30 / sentences) +
  3.1291``, counting words of 3 or more syllables.  With 30 or more sentences it
  samples 10 sentences from the start, 10 from the middle and 10 from the end,
  as McLaughlin prescribed; with fewer it uses all of them, scaled to 30.
- Flesch-Kincaid grade (Kincaid et al. 1975): ``0.39 * words / sentences +
  11.8 * syllables / words - 15.59``.

Syllables are counted by a compact rule-based counter (vowel groups, silent
final e, -es/-ed endings, common vowel splits such as di-a, vi-de-o), with a
``syllable_exceptions`` list for words it gets wrong.  It matches dictionary
counts on the ~100 common health words of its test list, and on 55 of 58
health words it was not tuned on; SMOG only asks whether a word has 3 or more syllables, where
the errors matter less.

**Why it matters**
Many adults read health material with difficulty.  The AMA and NIH advise
writing patient material at grade 6 to 8; SMOG is the formula health
literacy work usually uses (Flesch-Kincaid reads about two to three grades
lower on the same text).

**Example**
"Pharmacological interventions demonstrate considerable effectiveness in
ameliorating withdrawal symptomatology." (SMOG well above grade 8.)

**Use instead**
"Medicines can ease withdrawal symptoms."  Split long sentences; use short
everyday words.

**Options**
- ``target_grade``: report when the primary grade is above this.
- ``formula``: the primary formula, ``smog`` or ``flesch-kincaid``.
- ``min_sentences``: do not score articles with fewer prose sentences.
- ``hardest_sentences``: how many of the hardest sentences to name.
- ``hard_words``: how many long words of the hardest sentence to name.
- ``syllable_exceptions``: words and their syllable counts, for words the
  counter gets wrong.

**Default severity**
info: reading level is advice for the editor; it depends on the audience.

**References**
NIH "Clear & Simple" and the AMA (Weiss 2007): patient material at grade 6 to
8; CDC Clear Communication Index; McLaughlin, "SMOG grading" (1969); Kincaid
et al. (1975).
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from functools import lru_cache
from itertools import compress, repeat
from operator import add, lshift, lt, rshift, sub, truediv

from .base import Rule

_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+")
# _URL without its email branch, which scans slowly and cannot match a text without "@": on
# such a text the alternation behaves as this one.
_URL_NO_EMAIL = re.compile(r"https?://\S+|www\.\S+")
_LEADING_BULLET = re.compile(r"\s*(?:[-•*]|\d{1,2}[.)])\s+")
_BULLET_BEFORE = re.compile(r"(?:^|\s)[-•*]\s*$")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*\s*$")
# _SENTENCE_END as string tests: its sentence-final characters and the closers it allows after them.
_END_CHARS = (".", "!", "?", "…", ":", ";")
_CLOSERS = "\"'”’)]"
_DASH_ITEM = re.compile(r"\s[-•]\s+")

_INLINE_BULLET = re.compile(r"\s[-•*]\s+(?=[A-Z0-9])")
_SILENT_E_SUFFIX = re.compile(r"(?<=[^aeiouy])e(?=(?:ly|ment|ments|ful|ness|less)$)")
_SPLITS = [
    re.compile(r"(?<![tcsgx])i[ao]|iu"),  # di-a, bi-o, calci-um (not -tion, -cial, -gion)
    re.compile(r"ie(?=t)|(?<![cts])ie(?=n[ct])"),  # di-et, anxi-e-ty, experi-ence, cli-ent
    re.compile(r"(?<![qg])u[ao]"),  # usu-al, flu-o-ride (not qua-, lan-gua-)
    re.compile(r"eo"),  # vid-e-o, oste-o
    re.compile(r"ea$"),  # are-a, ide-a, nause-a
]
_NOT_LETTER = re.compile(r"[^a-z]")
_GUE_QUE = re.compile(r"(?<=[gq])ue$")
_ES_SYLLABLE = re.compile(r"(?:[sxz]|[cs]h|[cg])es$")
_ED_SYLLABLE = re.compile(r"[td]ed$")
_E_SOUNDED = re.compile(r"(?:[^aeiouy]le|ee|ie|ye)$")
_VOWELS = re.compile(r"[aeiouy]+")
_PART_SEP = re.compile(r"[-'’]")
# The marker put between sentence texts (see Readability._scored).
_JOIN = "\n\x00\n"
# Bytes for _word_bytes: ASCII letters, "-" and the marker kept, the rest -> space.
_KEEP_TABLE = bytes(b if (b < 128 and chr(b).isalpha()) or b in (0, 45) else 32 for b in range(256))
_POLY = 32  # syllable codes: syllables + (a polysyllable) << _POLY
_HALF = 1 << (_POLY - 1)  # (decoding stays exact for a sum of syllables in (-2**31, 2**31))


_ONE_POLY = 1 << _POLY


def _MINUS_SYL(wc: tuple) -> int:
    return -wc[1]


@lru_cache(maxsize=65536)
def count_syllables(word: str) -> int:
    """Syllables of one English word, by rule (vowel groups and common exceptions)."""
    w = _NOT_LETTER.sub("", word.lower())
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    if w.endswith("ism"):
        return count_syllables(w[:-3]) + 2 if len(w) > 4 else 2
    w = _SILENT_E_SUFFIX.sub("", w)
    w = _GUE_QUE.sub("", w)  # fatigue, technique
    if w.endswith("es") and not _ES_SYLLABLE.search(w):
        w = w[:-2]
    elif w.endswith("ed") and not _ED_SYLLABLE.search(w):
        w = w[:-2]
    elif w.endswith("e") and not _E_SOUNDED.search(w):
        w = w[:-1]
    if w.startswith("y"):
        w = w[1:]
    n = len(_VOWELS.findall(w))
    n += sum(len(rx.findall(w)) for rx in _SPLITS)
    return max(n, 1)


def words_of(text: str) -> list[str]:
    if "http" in text or "www." in text or "@" in text:
        text = (_URL if "@" in text else _URL_NO_EMAIL).sub(" ", text)
    return _WORD.findall(text)


def _word_bytes(joined: str) -> bytes:
    """For text without an apostrophe: its ``_WORD`` words (and "\\x00" markers) as ASCII
    bytes separated by spaces.  The words are the runs of ASCII letters and hyphens once
    every hyphen not between two letters is blanked: the bytes with letters, hyphens and the
    marker kept (the rest -> space)."""
    k = b" " + joined.encode("utf-8").translate(_KEEP_TABLE) + b" "
    while b"--" in k:
        k = k.replace(b"--", b"  ")
    return k.replace(b" -", b"  ").replace(b"- ", b"  ")


def smog_grade(polysyllables: int, sentences: int) -> float:
    """SMOG grade for ``polysyllables`` words of 3+ syllables in ``sentences`` sentences."""
    return 1.0430 * math.sqrt(polysyllables * 30 / sentences) + 3.1291


def fk_grade(words: int, sentences: int, syllables: int) -> float:
    """Flesch-Kincaid grade level."""
    return 0.39 * words / sentences + 11.8 * syllables / words - 15.59


class _ByteCodes(dict):
    """``Readability._code`` of each word given as ASCII bytes: a word
    seen for the first time costs one Python call here (its syllables as
    ``Readability._count`` gives them); at most 200,000 words kept."""

    __slots__ = ("_exceptions", "_count")

    def __init__(self, exceptions: dict[str, int], count):
        super().__init__()
        self._exceptions, self._count = exceptions, count

    def __missing__(self, word: bytes) -> int:
        text = word.decode("ascii")
        if b"-" in word or b"'" in word or not text:
            syl = self._count(text)
        else:  # one part (as Readability._count)
            syl = self._exceptions.get(text.lower()) or count_syllables(text) or 1
        code = syl + ((syl != 1 and syl != 2) << _POLY)  # (as Readability._code)
        if len(self) < 200_000:
            self[word] = code
        return code


class _Sentence:
    __slots__ = ("start", "end", "words", "syllables", "poly", "_words", "_syl")

    def __init__(self, start: int, end: int, counts: list[tuple[str, int]] | None = None, *,
                 words: list[str] | None = None, syl: list[int] | None = None):
        """From ``counts`` (word, syllables) pairs, or from parallel lists ``words`` and ``syl``."""
        self.start, self.end = start, end
        if counts is not None:
            words = [w for w, _ in counts]
            syl = [c for _, c in counts]
        self._words, self._syl = words, syl
        self.words = len(syl)
        self.syllables = sum(syl)
        self.poly = len(syl) - syl.count(1) - syl.count(2)

    @property
    def long_words(self) -> list[str]:
        """Words of 3+ syllables, longest first (each once)."""
        seen: dict[str, None] = {}
        for w, c in sorted(zip(self._words, self._syl), key=lambda wc: -wc[1]):
            if c >= 3:
                seen.setdefault(w.lower(), None)
        return list(seen)

    @property
    def difficulty(self) -> float:
        """What the sentence adds to both formulas: long words (SMOG) and length (Flesch-Kincaid)."""
        return self.poly + self.words / 10


class _Scored:
    """The scored sentences of a document as columns: start offset, text, words (a list per
    sentence: strings, or ASCII bytes when ``as_bytes``), word count, syllables and
    polysyllables."""

    __slots__ = ("s0s", "texts", "per", "as_bytes", "nwords", "nsyl", "polys", "_count")

    def __init__(self, s0s, texts, per, as_bytes, nwords, nsyl, polys, count):
        self.s0s, self.texts, self.per, self.as_bytes = s0s, texts, per, as_bytes
        self.nwords, self.nsyl, self.polys, self._count = nwords, nsyl, polys, count

    def sentence(self, j: int) -> _Sentence:
        s0, words = self.s0s[j], self.per[j]
        if self.as_bytes:
            words = [w.decode("ascii") for w in words]
        return _Sentence(s0, s0 + len(self.texts[j].rstrip()), words=words, syl=list(map(self._count, words)))


class Readability(Rule):
    id = "readability"
    summary = "Prose that reads above the target grade (SMOG, Flesch-Kincaid)."
    category = "readability"
    guideline = "NIH / AMA health literacy (grade 8 or lower; SMOG)"
    fixable = False
    document_level = True

    def setup(self, nlp):
        if self.options["formula"] not in ("smog", "flesch-kincaid"):
            from ..errors import ConfigError

            raise ConfigError(
                f"rules.readability.formula: expected smog or flesch-kincaid, got {self.options['formula']!r}"
            )
        self._exceptions = {k.lower(): int(v) for k, v in self.options["syllable_exceptions"].items()}
        from ..memo import BoundedMemo

        self._memo = BoundedMemo(self._count)  # syllables by word (as written)
        self._codes = BoundedMemo(self._code)
        self._bcodes = _ByteCodes(self._exceptions, self._count)  # the codes by ASCII bytes
        from ..structure import structure

        self._structure = structure

    def _count(self, word: str) -> int:
        if "-" not in word and "'" not in word and "’" not in word and word:  # one part (as below)
            return self._exceptions.get(word.lower()) or count_syllables(word) or 1
        parts = [p for p in _PART_SEP.split(word) if p]
        return sum(self._exceptions.get(p.lower()) or count_syllables(p) for p in parts) or 1

    def _code(self, word: str) -> int:
        syl = self._memo[word]
        return syl + ((syl != 1 and syl != 2) << _POLY)  # (as _Sentence.poly)

    def syllables(self, word: str) -> int:
        return self._memo[word]

    def _kept(self, ctx) -> tuple[list[int], list[str]]:
        """Start offset and text (list lead only) of each sentence starting on a prose line that
        reads as a sentence.

        Reads ``ctx.sentence_bounds`` (offsets only: building a Span per sentence cost more
        than the scoring) by list-wide passes (the line of each sentence start by one
        ``bisect`` each, called from C; the sentence-end test by chained ``str`` methods), and
        runs the list-item patterns only on the sentences holding a character they need.
        """
        st = self._structure(ctx)
        full = ctx.text
        bounds = ctx.sentence_bounds
        if not bounds:
            return [], []
        s0s, e0s = map(list, zip(*bounds))
        # The line holding each sentence start (Structure.kind_at): prose[k - 1] for
        # k = bisect_right(starts, s0) >= 1.
        prose = [False] + st.prose_flags()
        keep = list(map(prose.__getitem__, map(bisect_right, repeat(st.line_starts()), s0s)))
        if not all(keep):
            s0s, e0s = list(compress(s0s, keep)), list(compress(e0s, keep))
        texts = list(map(full.__getitem__, map(slice, s0s, e0s)))
        # A heading, label or table row run into the text, not a sentence (_SENTENCE_END).
        keep = list(map(str.endswith, map(str.rstrip, map(str.rstrip, map(str.rstrip, texts, repeat(" \t\r\n-•*"))),
                                          repeat(_CLOSERS)), repeat(_END_CHARS)))
        # An item of a list flattened into the line ("... include: - Fever. - Rash."): a
        # sentence opening with a bullet, or with one in the 4 characters before it.  (A letter
        # can start neither pattern's match; only "-", "•", "*" can end _BULLET_BEFORE's.)
        for j in compress(range(len(texts)), keep):
            text, s0 = texts[j], s0s[j]
            if not text[:1].isalpha() and _LEADING_BULLET.match(text):
                keep[j] = False
                continue
            before = full[s0 - 4 if s0 > 4 else 0:s0]
            if ("-" in before or "•" in before or "*" in before) and _BULLET_BEFORE.search(full, max(0, s0 - 4), s0):
                keep[j] = False
                continue
            # A list flattened into the line ("... include: - Fever - Rash"): score the lead only.
            # (Both patterns need a "-", "•" or "*".)
            if "-" in text or "•" in text or "*" in text:
                cut = _INLINE_BULLET.search(text)
                if cut is None and len(_DASH_ITEM.findall(text)) >= 3:
                    cut = _DASH_ITEM.search(text)
                if cut:
                    text = texts[j] = text[: cut.start()]
                    if not _SENTENCE_END.search(text):
                        keep[j] = False  # a table row or label run into the list, not a sentence
        return list(compress(s0s, keep)), list(compress(texts, keep))

    def _scored(self, ctx) -> _Scored:
        """The scored sentences as parallel columns (no object per sentence).

        The words of each kept sentence come from its text (URLs blanked, as ``words_of``):
        without an apostrophe, from the texts joined by ``_JOIN`` as bytes (``_word_bytes``),
        split at the markers and then at spaces; else one ``findall`` per text.  Both calls per
        sentence are made from C, as are the per-sentence sums of syllables (+ polysyllable
        << _POLY) over its words.  A sentence without words is dropped.
        """
        s0s, texts = self._kept(ctx)
        as_bytes = False
        if "\x00" in ctx.text:  # (cannot happen in parsed text; keep the marker unambiguous)
            per = list(map(words_of, texts))
        else:
            joined = _JOIN.join(texts)
            if "http" in joined or "www." in joined or "@" in joined:  # (as words_of, sentence by sentence)
                texts_w = [(_URL if "@" in t else _URL_NO_EMAIL).sub(" ", t) if "http" in t or "www." in t or "@" in t
                           else t for t in texts]
                joined = _JOIN.join(texts_w)
            else:
                texts_w = texts
            if "'" in joined or "’" in joined:
                per = list(map(_WORD.findall, texts_w))
            else:
                per = list(map(bytes.split, _word_bytes(joined).split(b"\x00"))) if texts else []
                as_bytes = True
        keep = list(map(bool, per))
        if not all(keep):
            s0s, texts, per = list(compress(s0s, keep)), list(compress(texts, keep)), list(compress(per, keep))
        # Sums of syllables + (polysyllable << _POLY) over each sentence's words: both counts
        # of a sentence at once.
        codes = self._bcodes if as_bytes else self._codes
        sums = list(map(sum, map(map, repeat(codes.__getitem__), per)))
        polys = list(map(rshift, map(add, sums, repeat(_HALF)), repeat(_POLY)))
        nsyl = list(map(sub, sums, map(lshift, polys, repeat(_POLY))))
        return _Scored(s0s, texts, per, as_bytes, list(map(len, per)), nsyl, polys, self._memo.__getitem__)

    def _long_words(self, sc: _Scored, j: int) -> list[str]:
        """``sc.sentence(j).long_words`` from the per-word codes (the syllables the sums were
        made of): words of 3+ syllables, most syllables first (ties in text order), lowercased,
        each once.  Only those words are decoded and sorted (filtering before a stable sort
        keeps their order)."""
        codes = self._bcodes if sc.as_bytes else self._codes
        words = sc.per[j]
        # A word's code is syl + (syl not in (1, 2)) << _POLY: above _HALF exactly when the
        # flag is set (as for every word of 3+ syllables), and then syl = code - (1 << _POLY).
        code = list(map(codes.__getitem__, words))
        long = sorted(((words[i], code[i] - _ONE_POLY) for i in compress(range(len(code)), map(lt, repeat(_HALF), code))
                       if code[i] - _ONE_POLY >= 3), key=_MINUS_SYL)
        seen: dict[str, None] = {}
        for w, _ in long:
            seen.setdefault((w.decode("ascii") if sc.as_bytes else w).lower(), None)
        return list(seen)

    def prose_sentences(self, ctx) -> list[_Sentence]:
        """The scored sentences: those starting on a prose line that read as sentences."""
        sc = self._scored(ctx)
        return [sc.sentence(j) for j in range(len(sc.s0s))]

    def grades(self, sents: list[_Sentence]) -> tuple[float, float]:
        """(SMOG, Flesch-Kincaid) of the sentences."""
        n = len(sents)
        sample = sents
        if n >= 30:
            mid = n // 2 - 5
            sample = sents[:10] + sents[mid:mid + 10] + sents[-10:]
        smog = smog_grade(sum(s.poly for s in sample), len(sample))
        words = sum(s.words for s in sents)
        fk = fk_grade(words, n, sum(s.syllables for s in sents))
        return smog, fk

    def check(self, ctx):
        if len(ctx.sentence_bounds) < self.options["min_sentences"]:
            return  # (the scored sentences are some of these: too few to score)
        sc = self._scored(ctx)
        n = len(sc.s0s)
        if n < self.options["min_sentences"]:
            return
        # (As grades(), from the columns.)
        polys = sc.polys
        if n >= 30:
            mid = n // 2 - 5
            smog = smog_grade(sum(polys[:10]) + sum(polys[mid:mid + 10]) + sum(polys[-10:]),
                              len(polys[:10]) + len(polys[mid:mid + 10]) + len(polys[-10:]))
        else:
            smog = smog_grade(sum(polys), n)
        fk = fk_grade(sum(sc.nwords), n, sum(sc.nsyl))
        primary = fk if self.options["formula"] == "flesch-kincaid" else smog
        target = self.options["target_grade"]
        if primary <= target:
            return
        # _Sentence.difficulty of each sentence; hardest first, ties in text order (as a stable sort).
        difficulty = list(map(add, polys, map(truediv, sc.nwords, repeat(10))))
        order = sorted(range(n), key=difficulty.__getitem__, reverse=True)
        # (start, end, words) of the hardest sentences (as _Sentence's); only the hardest one
        # is built as a _Sentence (its long words).
        picked = order[: self.options["hardest_sentences"]]
        s0s, texts = sc.s0s, sc.texts
        hardest = [(s0s[j], s0s[j] + len(texts[j].rstrip()), sc.nwords[j]) for j in picked]
        doc = ctx.document

        def line_of(start: int) -> int:
            return doc.line_col(doc.to_source(start))[0]

        names = ", ".join(f"line {line_of(start)} ({nwords} words)" for start, _, nwords in hardest)
        label = "Flesch-Kincaid" if self.options["formula"] == "flesch-kincaid" else "SMOG"
        other = f"Flesch-Kincaid {fk:.1f}" if label == "SMOG" else f"SMOG {smog:.1f}"
        top_start, top_end, _ = hardest[0]
        words = ", ".join(self._long_words(sc, picked[0])[: self.options["hard_words"]])
        yield self.finding(
            top_start,
            top_end,
            f"prose reads at grade {primary:.1f} ({label}; {other}), above the target of grade {target}; "
            f"hardest sentences: {names}",
            suggestion="Start with the hardest sentences: split them and use shorter everyday words"
            + (f" (here: {words})." if words else "."),
            related=[(start, end) for start, end, _ in hardest[1:]],
        )


RULE = Readability
