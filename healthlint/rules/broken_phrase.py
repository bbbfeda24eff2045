"""## broken-phrase

**What it does.** Finds text left broken by templates, article spinners and
careless edits:

* a dropped name: a preposition followed directly by a verb or by punctuation
  ("Our clinics in are open on weekends", "treatment at is covered",
  "located in , Texas");
* a doubled word ("the the"), within a line of prose;
* "a" / "an" before the wrong sound ("a hour", "an program", "a MRI",
  "an one-time"), judged by sound, not spelling: "a university", "a
  one-time", "an hour", "an honest", "an MRI", "an FDA", "a European";
  two articles in a row ("a an assessment") or an article before a function
  word ("creates a of the lungs");
* an unfilled placeholder (`[City]`, `{{clinic_name}}`, `%s`, `Lorem ipsum`);
* unresolved spintax (`{best|top|leading}`).

It leaves alone grammatical stranded prepositions: "what they are looking
for.", "the program they signed up for is", "which clinic it is in.", "stop
by." (a clause with a relative or subject pronoun, an auxiliary or an
infinitive before the preposition, or an adverbial particle at the end of a
sentence). Doubled words are only reported when the second one is lowercase
and on the same line, so a heading run into its first sentence ("Surgery
Surgery is used to...") or a list flattened into a line is not a doubled
word; grammatical doubles ("had had", "that that") and names ("Loa loa",
"ylang ylang") are listed in `allowed_doubles`. Acronyms take the article of
their letters ("an MRI", "an FDA", "a UTI") unless they can be read as a word
("a NICU", "a HEPA filter"), when either article is accepted.

**Why it matters.** Broken sentences are what scaled, templated and spun
pages leave behind (Google spam policies). A reader who meets "our clinics
in are open" stops trusting the page, and a clinic name, city or phone
number left blank is information the reader needed.

**Example.**

    Our {best|top} clinics in are open on weekends. Call [Phone] for a
    appointment with the the team.

**Use instead.**

    Our clinics in Austin are open on weekends. Call 512-555-0100 for an
    appointment with the team.

**Fixes.** Doubled words (the second copy is removed), a/an (the article
is replaced) and two articles in a row (the first is removed when the second
fits the next word) carry a safe fix. A dropped name, a placeholder or spintax has
none: only the author knows what belongs there.

**Options.** `prepositions`, `dropped_name_before` (words that may not follow
a preposition), `dropped_name_punct`, `particles` (prepositions that may end
a sentence as adverbs), `stranding_cues` and `stranding_window` (tokens
looked back for them), `allowed_doubles`, `consonant_sound` /
`consonant_sound_not` / `vowel_sound` (word prefixes whose spelling misleads
the a/an choice), `either_article`, `placeholder_patterns` and
`spintax_pattern` (Python regular expressions).

**Default severity.** error: a broken sentence is not a matter of style or
judgment; it is visibly wrong, and it must not be published.

**References.** Google Search spam policies (scaled content abuse,
scraped and spun content); Cabanac et al. (2021), "tortured phrases" in
generated text; standard English usage of a/an (by sound).
"""
from __future__ import annotations

import bisect
import re
from functools import cached_property

from ..scan import PhraseGroup, rarest, rarity, required_chars, required_literal
from .base import Rule
from ..findings import Edit

# Checked at each pair of identical adjacent tokens: same line, spaces or tabs between.
_DOUBLED = re.compile(r"\b([A-Za-z]+)([ \t]+)(\1)\b", re.IGNORECASE)
_CLAUSE_STOPS = {",", ";", ":", "(", ")", ".", "!", "?", "—", "–"}
_LETTER_VOWEL = set("AEFHILMNORSX")  # letters whose name starts with a vowel sound: "an F"
_VOWELS = set("AEIOU")
_CLUSTERS = {"BL", "BR", "CL", "CR", "DR", "FL", "FR", "GL", "GR", "PL", "PR", "SC", "SK", "SL", "SM", "SN",
             "SP", "ST", "SW", "TR", "TW", "CH", "SH", "TH", "PH", "WH"}
_NUMBER = re.compile(r"\d[\d,]*")
_LETTERS = re.compile(r"[A-Za-z]+")
_ONE_LETTER = re.compile(r"[A-Za-z](?![A-Za-z])")  # _expected then looks at the next token
# "a of", "an the": a word was dropped after the article (no a/an advice then).
_FUNCTION_AFTER_ARTICLE = {"of", "to", "for", "with", "from", "at", "in", "on", "by", "and", "or", "the", "is", "are"}


def _token_columns(doc, *tokens):
    """(char offset, length, sentence-start flag) of the given tokens, by index, as
    ``_article_is_fine`` reads them: built only for the few articles the word test
    cannot clear (see ``_article_words``)."""
    toks = [doc[i] for i in tokens]
    return ({t.i: t.idx for t in toks}, {t.i: len(t) for t in toks},
            {t.i: t.is_sent_start is True for t in toks})


def _repeated(doc, lower=None) -> list[int]:
    """Indices of alphabetic tokens whose next token is the same word (ignoring case): one
    ``to_array`` of LOWER (``lower``, when read before), no Token objects (IS_ALPHA is asked
    of the few repeated tokens)."""
    import numpy
    from spacy.attrs import LOWER

    if len(doc) < 2:
        return []
    if lower is None:
        lower = doc.to_array(LOWER)
    if len(lower) < _SMALL:  # a few numpy calls cost more than a Python pass over a short list
        low = lower.tolist()
        pairs = [i for i in range(len(low) - 1) if low[i] == low[i + 1]]
    else:
        pairs = numpy.flatnonzero(lower[1:] == lower[:-1]).tolist()
    return [i for i in pairs if doc[i].is_alpha]


# Token columns shorter than this are read as Python lists (numpy's per-call cost dominates there).
_SMALL = 128


def _articles(lower, a: int, an: int) -> list[tuple[int, str]]:
    """``(token, "a" or "an")`` for each token whose LOWER (the column ``lower``) is ``a`` or ``an``
    (the ids of "a" and "an"), in order: what a PhraseMatcher (attr LOWER) with the one-token
    phrases "a" and "an" finds, without a match (and its handling) for each of ~27 per article."""
    if len(lower) < _SMALL:
        return [(i, "a" if v == a else "an") for i, v in enumerate(lower.tolist()) if v == a or v == an]
    import numpy

    hits = numpy.flatnonzero((lower == a) | (lower == an))
    return [(i, "a" if v == a else "an") for i, v in zip(hits.tolist(), lower[hits].tolist())]


def _non_overlapping(findings):
    """Findings sorted by position, each dropped if it overlaps one kept before it (linear)."""
    out = []
    last_end = -1
    for f in sorted(findings, key=lambda f: (f.start, f.end)):
        if f.start >= last_end:
            out.append(f)
            last_end = f.end
    return out


def _one_regex(patterns: list[str]):
    """All patterns as one alternation (a leading (?i) stays local), searched pattern by pattern."""
    parts = []
    for p in patterns:
        if p.startswith("(?i)"):
            parts.append(f"(?i:{p[4:]})")
        else:
            parts.append(f"(?:{p})")
    return _LeftmostOf(parts, [(required_literal(p), _gate_chars(p)) for p in patterns]) if parts else None


def _gate_chars(pattern: str) -> str:
    """Characters every match of ``pattern`` needs, for memchr tests before its scan: those
    ``rarity`` deems uncommon in prose (not lower-case letters, spaces, ".,-'"), rarest
    first, at most three ("${...}": "$" and "{", the second absent from nearly every
    article, where "$" is in most); else the rarest one ("" for none)."""
    chars = required_chars(pattern)
    rare = sorted({c for c in chars if rarity(c) < 50}, key=lambda c: (rarity(c), c))[:3]
    return "".join(rare) or rarest(chars)


class _LeftmostOf:
    """``finditer`` of the alternation of ``patterns``, run as one regex per pattern.

    Each pattern starting with literal text is then scanned for that text (fast),
    where the alternation is tried at every character.  Same matches: at each
    step the leftmost start wins, and at equal starts the earlier pattern, as in
    the alternation.  A pattern whose required literal text is not in the text
    is skipped, and so is one missing one of the uncommon characters every match
    needs (``_gate_chars``: a memchr each, where looking for a two-letter string
    reads the whole text more slowly).  Patterns with groups or that can match
    empty text keep the alternation.
    """

    def __init__(self, parts: list[str], required: list[tuple[str, str]]):
        self._source = "|".join(parts)
        try:
            self.each = [re.compile(p) for p in parts]
        except re.error:
            re.compile(self._source)  # (the alternation was compiled first: its error, when it has one)
            raise
        self.required = required
        if any(rx.groups or sre_width(p) == 0 for rx, p in zip(self.each, parts)):
            self.each = None
            self.union = re.compile(self._source)

    @cached_property
    def union(self) -> re.Pattern:
        """The alternation: searched only when ``each`` is None (then compiled at once)."""
        return re.compile(self._source)

    def finditer(self, text: str):
        if self.each is None:
            yield from self.union.finditer(text)
            return
        each = self.each
        nxt = []
        for rx, (lit, gates) in zip(each, self.required):
            m = None
            for c in gates:
                if c not in text:
                    break
            else:
                if not lit or lit in text:
                    m = rx.search(text)
            nxt.append(m)
        while True:
            best = None
            for m in nxt:
                if m is not None and (best is None or m.start() < best.start()):
                    best = m
            if best is None:
                return
            yield best
            pos = best.end()
            for i, m in enumerate(nxt):
                if m is not None and m.start() < pos:
                    nxt[i] = each[i].search(text, pos)


def sre_width(pattern: str) -> int:
    """The least number of characters a match of ``pattern`` spans."""
    try:
        from re import _parser as sre_p
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse as sre_p
    return sre_p.parse(pattern, 0).getwidth()[0]


class BrokenPhrase(Rule):
    id = "broken-phrase"
    summary = "Text left broken by templates, spinners or edits (dropped names, doubled words, a/an, placeholders)."
    category = "integrity"
    guideline = "Google spam policies (scaled content)"
    fixable = True

    def setup(self, nlp):
        o = self.options
        low = lambda key: [str(w).lower() for w in o.get(key, [])]  # noqa: E731
        preps = low("prepositions")
        self.particles = set(low("particles"))
        self.punct = set(o.get("dropped_name_punct", []))
        # Every candidate is a fixed pair of tokens ("in are", "at ,") or a single
        # "a"/"an", so a PhraseMatcher finds them all: far cheaper than a Matcher
        # with IN sets, which builds a Token for every word of the article.
        # (In the PhraseMatcher pass shared with other rules: one per document.)
        self.matcher = PhraseGroup(nlp)
        pairs = {
            # Also across one line break of a hard-wrapped paragraph ("treatment at\nis").
            "verb": [f"{p}{sep}{v}" for p in preps for v in low("dropped_name_before") for sep in (" ", "\n")],
            "punct": [f"{p} {c}" for p in preps for c in sorted(self.punct)],
        }
        for label, phrases in pairs.items():
            if phrases:
                self.matcher.add(label, list(nlp.tokenizer.pipe(phrases)))
        # The articles "a" and "an" (~27 per article) are read off the LOWER column that the
        # doubled-word test reads anyway (_articles), not matched as phrases.
        self.a_id, self.an_id = (nlp.vocab.strings.add(w) for w in ("a", "an"))
        from spacy.attrs import LOWER

        self.lower_attr = LOWER
        self._word_code: dict[int, str] = {}  # _article_words' verdict by ORTH hash
        self._want: dict[str, str | None] = {}  # _expected by word, for words it judges alone
        self.cues = set(low("stranding_cues"))
        self.window = int(o.get("stranding_window", 8))
        self.adverbial = set(low("adverbial_phrases"))
        self.allowed_doubles = set(low("allowed_doubles"))
        self.consonant_sound = tuple(low("consonant_sound"))
        self.consonant_not = tuple(low("consonant_sound_not"))
        self.vowel_sound = tuple(low("vowel_sound"))
        self.either = set(low("either_article"))
        self.placeholders = _one_regex(o.get("placeholder_patterns", []))
        spin = o.get("spintax_pattern", "")
        self.spintax = re.compile(spin) if spin else None
        self.spintax_gate = rarest(required_chars(spin)) if spin else ""  # a character every match needs

    # -- check --------------------------------------------------------------
    def check(self, ctx):
        doc = ctx.doc
        text = ctx.text
        # Placeholders and spintax first: they explain any odd grammar around
        # them, so a grammar finding that overlaps one is dropped.
        marks = []
        if self.spintax is not None and (not self.spintax_gate or self.spintax_gate in text):
            for m in self.spintax.finditer(text):
                options = " / ".join(o.strip() for o in m.group()[1:-1].split("|"))
                marks.append(self.finding(
                    m.start(), m.end(), f"unresolved spintax '{m.group()}'",
                    suggestion=f"Choose one wording ({options}) and remove the braces.",
                ))
        if self.placeholders is not None:
            for m in self.placeholders.finditer(text):
                marks.append(self.finding(
                    m.start(), m.end(), f"unfilled placeholder '{m.group()}'",
                    suggestion="Replace the placeholder with the real text, or delete it.",
                ))
        grammar = []
        strings = doc.vocab.strings
        labels = self.matcher.labels
        for key, s, e in self.matcher(ctx):
            f = self._dropped(ctx, doc, s, e, labels[key])
            if f is not None:
                grammar.append(f)
        lower = None
        arts = []
        if len(doc):
            lower = doc.to_array(self.lower_attr)
            arts = _articles(lower, self.a_id, self.an_id)
        for s, nxt in self._article_words(doc, arts, strings):
            # The word test could not clear it: the full test on the two tokens, then _article.
            if self._article_is_fine(ctx, _token_columns(doc, s, nxt), s, nxt):
                continue
            f = self._article(ctx, doc[s], doc[nxt])
            if f is not None:
                grammar.append(f)
        for i in _repeated(doc, lower):
            m = _DOUBLED.match(text, doc[i].idx)
            if m is not None:
                f = self._doubled(ctx, m)
                if f is not None:
                    grammar.append(f)
        kept = _non_overlapping(marks)
        starts = [f.start for f in kept]
        ends = [f.end for f in kept]
        for f in _non_overlapping(grammar):
            k = bisect.bisect_left(starts, f.end) - 1
            if k < 0 or ends[k] <= f.start:
                kept.append(f)
        kept.sort(key=lambda f: (f.start, f.end))
        return kept

    # -- dropped names --------------------------------------------------------
    def _dropped(self, ctx, doc, s, e, label):
        prep, nxt = doc[s], doc[e - 1]
        if label == "verb" and not nxt.text[0].islower():
            return None  # "In May 2006": a name, not the verb
        if len(prep.text) > 1 and prep.text.isupper():
            return None  # "type VIA)": a Roman numeral or acronym, not "via"
        if not prep.is_sent_start and nxt.is_sent_start:
            return None
        if s > 0 and f"{doc[s - 1].lower_} {prep.lower_}" in self.adverbial:
            return None  # "early on may", "and so on."
        if any(t.is_sent_start for t in doc[s + 1:e]):
            return None
        gap = ctx.text[prep.idx + len(prep.text):nxt.idx]
        if gap.count("\n") > 1:
            return None
        # "located in , Texas": a space before the punctuation is where a template
        # field was left empty; the sentence around it does not matter.
        spaced = label == "punct" and gap != "" and "\n" not in gap
        if not spaced:
            if label == "punct" and prep.lower_ in self.particles:
                return None  # "log in.", "come on,": an adverb, not a lost object
            if self._stranded_ok(doc, s):
                return None
            if nxt.text == "," and any(t.pos_ == "CCONJ" for t in doc[max(doc[s].sent.start, s - 5):e + 4]):
                return None  # "screen for, diagnose, or treat": the object is shared
        if label == "punct":
            what = f"'{prep.text}' followed by '{nxt.text}'"
        else:
            what = f"'{prep.text}' followed by the verb '{nxt.text}'"
        return self.finding(
            prep.idx, nxt.idx + len(nxt.text),
            f"missing word after a preposition: {what} (a name left out?)",
            suggestion=f"Add what belongs after '{prep.text}' (a place, clinic or service name), "
            f"or rewrite the sentence.",
        )

    def _stranded_ok(self, doc, s) -> bool:
        """A grammatical stranded preposition: a pronoun, wh-word, auxiliary or 'to' before it in its clause."""
        sent_start = doc[s].sent.start
        for i in range(s - 1, max(sent_start, s - self.window) - 1, -1):
            t = doc[i]
            if t.text in _CLAUSE_STOPS:
                break
            if t.lower_ in self.cues or t.pos_ == "AUX":
                return True
        return False

    # -- doubled words ----------------------------------------------------------
    def _doubled(self, ctx, m):
        first, second = m.group(1), m.group(3)
        if not second[0].islower():
            return None  # "Surgery Surgery is...": a heading run into its sentence
        if first.lower() in self.allowed_doubles:
            return None
        return self.finding(
            m.start(1), m.end(3), f"doubled word '{first} {second}'",
            suggestion=f"Delete the second '{second}'.",
            fix=[Edit(m.end(1), m.end(3), "")],
        )

    # -- a / an -------------------------------------------------------------------
    def _article_words(self, doc, arts, strings):
        """Of the articles ``(token, 'a' or 'an')``, the ``(article, word)`` token pairs that
        need ``_article_is_fine``; the others are fine.

        The word after an article (after one line break in a hard-wrapped paragraph) is
        judged by its text alone, once per distinct word (``_word_code``): no alphanumeric
        first character: skipped, as in ``check``; an article, a function word or a single
        letter (judged with the next token): asked; otherwise ``_expected``'s article.  A
        word whose expected article is None or the one written is fine whatever the
        token table says (every other exit of ``_article_is_fine`` is "fine" too), so
        only the rest are asked.
        """
        n = len(doc)
        codes = self._word_code
        code_of = self._code
        out = []
        for s, art in arts:
            w = s + 1
            if w >= n:
                continue
            h = doc[w].orth
            code = codes.get(h) or code_of(h, strings)
            if code == "newline":  # "a\nhour": the word after the line break
                w += 1
                if w >= n:
                    continue
                h = doc[w].orth
                code = codes.get(h) or code_of(h, strings)
                if code == "newline":
                    continue  # not alphanumeric
            if code == "skip" or code == "fine" or code == art:
                continue
            out.append((s, w))
        return out

    def _code(self, h, strings):
        """The verdict on a word token (ORTH hash ``h``) after an article, for ``_article_words``."""
        word = strings[h]
        if word.count("\n") == 1 and word.isspace():
            code = "newline"
        elif not word[:1].isalnum():
            code = "skip"
        elif word.lower() in ("a", "an", "the") or word.lower() in _FUNCTION_AFTER_ARTICLE:
            code = "ask"
        elif not word[0].isdigit() and _ONE_LETTER.match(word):
            code = "ask"  # judged with the next token
        else:
            code = self._expected(word, None, None) or "fine"
        if len(self._word_code) > 100_000:
            self._word_code.clear()
        self._word_code[h] = code
        return code

    def _article_is_fine(self, ctx, cols, a, w) -> bool:
        """``_article`` returns None for article token ``a`` and word token ``w``, judged from the
        token table (no Token objects) for the common cases; False means "ask ``_article``"."""
        idx, length, sent_start = cols
        text = ctx.text
        a0, w0 = idx[a], idx[w]
        art = text[a0:a0 + length[a]]
        if art == "AN" or (art == "A" and not sent_start[a]):
            return True
        if a0 > 0 and text[a0 - 1] in "-/":
            return True
        if text.count("\n", a0 + len(art), w0) > 1 or sent_start[w]:
            return True
        word = text[w0:w0 + length[w]]
        low = word.lower()
        if low in ("a", "an", "the") or low in _FUNCTION_AFTER_ARTICLE:
            return False
        want = self._want.get(word, self)
        if want is self:
            want = self._expected(word, w, ctx.doc)
            if word[0].isdigit() or not _ONE_LETTER.match(word):  # depends on the word alone
                if len(self._want) > 100_000:
                    self._want.clear()
                self._want[word] = want
        return want is None or want == art.lower()

    def _article(self, ctx, art, word):
        if art.text == "AN" or (art.text == "A" and not art.is_sent_start):
            return None  # "hepatitis A is", "Plan A or B", "HAIR-AN": a letter or acronym
        if art.idx > 0 and ctx.text[art.idx - 1] in "-/":
            return None
        gap = ctx.text[art.idx + len(art.text):word.idx]
        if gap.count("\n") > 1 or word.is_sent_start:
            return None
        if word.lower_ in ("a", "an", "the"):
            return self._two_articles(ctx, art, word)
        if word.lower_ in _FUNCTION_AFTER_ARTICLE:
            after = ctx.doc[word.i + 1] if word.i + 1 < len(ctx.doc) else None
            if after is not None and after.text == "-" and not word.whitespace_:
                return None  # "an in-depth review", "an at-home test"
            return self.finding(
                art.idx, word.idx + len(word.text),
                f"missing word between '{art.text}' and '{word.text}'",
                suggestion=f"Add the word that belongs after '{art.text}', or delete '{art.text}'.",
            )
        want = self._expected(word.text, word.i, ctx.doc)
        have = art.lower_
        if want is None or want == have:
            return None
        repl = want
        if art.text[0].isupper():
            repl = want.capitalize() if not art.text.isupper() or len(art.text) == 1 else want.upper()
        sound = "a vowel" if want == "an" else "a consonant"
        return self.finding(
            art.idx, word.idx + len(word.text),
            f"'{art.text} {word.text}': use '{want}' before {sound} sound",
            suggestion=f"Write '{repl} {word.text}'.",
            fix=[Edit(art.idx, art.idx + len(art.text), repl)],
        )

    def _two_articles(self, ctx, art, second):
        """'a an assessment': drop the first article when the second one fits the next word."""
        doc = ctx.doc
        after = doc[second.i + 1] if second.i + 1 < len(doc) else None
        fix = None
        if after is not None and after.text[:1].isalnum() and (
            second.lower_ == "the" or self._expected(after.text, after.i, doc) == second.lower_
        ):
            fix = [Edit(art.idx, second.idx, "")]
        return self.finding(
            art.idx, second.idx + len(second.text),
            f"two articles in a row: '{art.text} {second.text}'",
            suggestion=f"Delete '{art.text}'." if fix else "Keep one article.",
            fix=fix,
        )

    def _expected(self, t, i, doc):
        """'a' or 'an' for the sound token ``i`` (text ``t``) starts with; None when unsure or either will do."""
        lowt = t.lower()
        if lowt in self.either:
            return None
        if t[0].isdigit():
            number = _NUMBER.match(t)
            if number is None:
                return None  # a digit outside 0-9 ("²", "١٢"): no reading to go by
            run = number.group().replace(",", "")
            if run[0] == "8":
                return "an"
            if run[:2] in ("11", "18"):
                return "an" if len(run) in (2, 5) else None  # eleven, eighteen thousand; 1100 is unclear
            return "a"
        m = _LETTERS.match(t)
        if m is None:
            return None  # starts with a letter outside A-Z ("élan", "Ångström"): no rule of thumb
        letters = m.group()
        if len(letters) == 1:
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            # "an X-ray", "an e-cigarette", "an E. coli": the letter's name.
            if t.isupper() or (nxt is not None and nxt.text == "-" and not nxt.whitespace_):
                return "an" if letters.upper() in _LETTER_VOWEL else "a"
            return None
        if letters.isupper():
            by_letter = "an" if letters[0] in _LETTER_VOWEL else "a"
            if letters[0] in _VOWELS:
                return by_letter  # "an ICU", "a UTI": word and letters agree
            readable = len(letters) >= 3 and (
                letters[1] in _VOWELS or (letters[:2] in _CLUSTERS and letters[2] in _VOWELS | {"Y"})
            )
            if readable and by_letter == "an":
                return None  # "a NICU" or "an NICU"
            return by_letter
        if not (letters.islower() or letters[1:].islower()):
            return None  # mixed case (HbA1c, iPhone): unclear
        w = letters.lower()
        if w.startswith(self.vowel_sound):
            return "an"
        if w.startswith(self.consonant_sound) and not w.startswith(self.consonant_not):
            return "a"
        return "an" if w[0] in "aeiou" else "a"


RULE = BrokenPhrase
