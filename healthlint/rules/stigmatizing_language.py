"""## stigmatizing-language

**What it does**
Finds labels that reduce a person to a substance use or mental health
condition, and wording that casts a condition as a moral failing: "substance
abuse", "addict", "junkie", "an alcoholic" (as a noun), "clean" and "dirty"
for drug tests or sobriety, "the mentally ill", and "suffers from" a mental
health or substance use condition.  Each finding suggests the person-first
wording to use instead.

It skips quotations, organisation names ("National Institute on Drug Abuse",
"Alcoholics Anonymous", or any other capitalised name mid-sentence),
reference lists, and mentions ("avoid words like 'addict'").  "alcoholic" and
"schizophrenic" count only as nouns after an article ("an alcoholic may...",
not "an alcoholic drink" or "alcoholic liver disease"); "clean"/"dirty" count
only in a drug-test phrase ("clean
drug test", "dirty urine") or after "stay", "get", "been", "test", "come
back"... in a sentence about drugs, alcohol or recovery ("stayed clean for
two years", not "keep the wound clean", "get clean needles" or "her cancer
screening test came back clean").

**Why it matters**
Stigmatizing labels make readers, and clinicians, see the condition as a
choice or a character flaw; people who meet them are less likely to seek
treatment.  Person-first language is the standard of the US National
Institute on Drug Abuse, the AP Stylebook and the addiction medicine
societies.

**Example**
    Every addict in the program suffers from cravings.

**Use instead**
    Every person with a substance use disorder in the program has cravings.

A fix (`healthlint check --fix`) is offered only where one replacement reads
grammatically in place: "the mentally ill" -> "people with mental illness",
"suffers from" -> "has", "an addict" -> "a person with a substance use
disorder", "clean drug test" -> "negative drug test".  Capitalisation is kept.

**Options**
- `terms`: phrase -> preferred wording (matched on lowercase whole tokens).
- `fixes`: phrase -> in-place replacement, for the phrases that have a single one.
- `noun_only`: words flagged only when used as a noun (followed by punctuation,
  a function word, or nothing).
- `sobriety_words`: word -> preferred wording, flagged only in a sobriety context.
- `sobriety_verbs`: lemmas before a sobriety word ("stay clean", "tested dirty").
- `sobriety_fillers`: words allowed between them ("came back clean").
- `sobriety_cues`: words that make a sentence about substance use.
- `topic_only`: phrases flagged only in a sentence that names a mental health
  or substance use condition ("suffers from depression", not "suffers from
  angina"); empty it to flag them everywhere.
- `topic_cues`: the words that name such a condition.
- `names`: organisation and programme names to leave alone.

**Default severity**
warning: the wording harms readers but does not make the article unsafe.

**References**
NIDA, "Words Matter: Terms to Use and Avoid When Talking About Addiction"
(2021); ONDCP memo on changing federal terminology (2017); AP Stylebook
entries "addiction" (2017) and "mental illness" (2013); ASAM Definition of
Addiction and terminology (2021); AAP policy statement on language in
substance use care (2022).
"""
from __future__ import annotations

import re

from ._caseless import Caseless
from .base import Rule
from ..cues import in_quotes, in_reference_list, is_mention
from ..scan import PhraseGroup
from ..findings import Edit
from ..fixes import match_case



class StigmatizingLanguage(Rule):
    id = "stigmatizing-language"
    summary = "Stigmatizing labels for substance use and mental health; use person-first wording."
    category = "language"
    guideline = "NIDA Words Matter; AP Stylebook; ASAM; AAP"
    fixable = True

    def setup(self, nlp):
        from spacy.matcher import Matcher, PhraseMatcher

        opts = self.options
        self.terms = {k.lower(): v for k, v in (opts.get("terms") or {}).items()}
        self.fixes = {k.lower(): v for k, v in (opts.get("fixes") or {}).items()}
        self.noun_only = {w.lower() for w in opts.get("noun_only") or ()}
        self.sobriety = {k.lower(): v for k, v in (opts.get("sobriety_words") or {}).items()}
        self.cues = {w.lower() for w in opts.get("sobriety_cues") or ()}
        self.topic_only = {t.lower() for t in opts.get("topic_only") or ()}
        self.topic_cues = {w.lower() for w in opts.get("topic_cues") or ()}

        # Found in the PhraseMatcher pass shared with other rules (one per document).
        self.phrases = PhraseGroup(nlp)
        if self.terms:
            self.phrases.add("TERM", [nlp.make_doc(t) for t in self.terms])
        self.names = PhraseMatcher(nlp.vocab, attr="LOWER")
        names = list(opts.get("names") or ())
        if names:
            self.names.add("NAME", [nlp.make_doc(n) for n in names])
        self.sober = Matcher(nlp.vocab)
        self.sobriety_rx = None
        if self.sobriety:
            alts = "|".join(re.escape(w) for w in sorted(self.sobriety, key=len, reverse=True))
            # (?<!\w) is checked by hand: a pattern starting with it is tried at every character,
            # one starting with the words lets re scan for their first letters.
            self.sobriety_rx = Caseless(rf"(?:{alts})(?!\w)")
            self._sobriety_order = sorted(self.sobriety, key=len, reverse=True)
            if "" in self.sobriety:  # an empty word matches empty text: keep finditer's handling of that
                self.sobriety_rx = re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)
        if self.sobriety and opts.get("sobriety_verbs"):
            verbs = [v.lower() for v in opts["sobriety_verbs"]]
            fillers = [f.lower() for f in opts.get("sobriety_fillers") or ()] or ["\x00"]
            words = list(self.sobriety)
            # Verbs match by lemma ("stayed", "got") or form ("been").
            self.sober.add("SOBER", [
                [{attr: {"IN": verbs}}, {"LOWER": {"IN": fillers}, "OP": "?"}, {"LOWER": {"IN": words}}]
                for attr in ("LEMMA", "LOWER")
            ])

    # -- helpers ----------------------------------------------------------
    @staticmethod
    def _used_as_noun(doc, end: int) -> bool:
        """The word before ``end`` stands as a noun: nothing, punctuation or a function word follows."""
        if end >= len(doc) or doc[end].is_sent_start:
            return True
        nxt = doc[end]
        return nxt.is_punct or nxt.is_space or bool(nxt.pos_)

    def _on_topic(self, ctx, token_i: int) -> bool:
        """Does the sentence holding ``token_i`` name a mental health or substance use condition?"""
        sent = ctx.sentence(ctx.sentence_index(token_i))  # one Span, not one per sentence
        return any(t.lower_ in self.topic_cues for t in sent)

    @staticmethod
    def _is_name(ctx, span) -> bool:
        """Every word capitalised, mid-sentence: part of a name ("Office of Substance Abuse Services")."""
        words = [t for t in span if t.is_alpha]
        if not words or not all(t.text[:1].isupper() for t in words):
            return False
        first = span[0]
        return not first.is_sent_start and first.i > 0 and not ctx.doc[first.i - 1].is_punct

    def _skip(self, ctx, span, name_ranges) -> bool:
        s, e = span.start_char, span.end_char
        if any(ns <= s and e <= ne for ns, ne in name_ranges):
            return True
        if span.start > 0 and ctx.doc[span.start - 1].text == "-" and not ctx.doc[span.start - 1].whitespace_:
            return True  # part of a compound: "non-alcoholic"
        return (
            self._is_name(ctx, span)
            or in_reference_list(ctx, s)
            or in_quotes(ctx, s, e)
            or is_mention(ctx, s, e)
        )

    def _sobriety_matches(self, ctx):
        """(start, end) token ranges of "stay clean", "came back dirty"...

        The words are rare, so a regex finds them and the Matcher runs only on
        the few tokens before each one, not on the whole document.
        """
        if not self.sobriety_rx:
            return
        doc = ctx.doc
        for m in self._sobriety_words(ctx):
            span = doc.char_span(m.start(), m.end())
            if span is None:
                continue
            lo = max(span.start - 3, 0)
            for _, s, e in self.sober(doc[lo:span.end]):
                if lo + e == span.end:
                    yield lo + s, lo + e
                    break

    def _sobriety_words(self, ctx):
        r"""``finditer`` of ``(?<!\w)(?:words)(?!\w)``, case-insensitive, with the lookbehind checked here."""
        if isinstance(self.sobriety_rx, re.Pattern):
            yield from self.sobriety_rx.finditer(ctx.text)
            return
        rx, text = self.sobriety_rx.pick(ctx)
        search = rx.search
        if rx is self.sobriety_rx.fast:
            # In ctx.lower every match is one of the words as written: without any, no search;
            # else the next match starts at the first of the words' next occurrences that
            # (?!\w) allows, found with str.find (the regex is tried at every "c" and "d").
            present = [w for w in self._sobriety_order if w in text]
            if not present:
                return
            search = self._finder(rx, text, present)
        pos = 0
        while True:
            m = search(text, pos)
            if m is None:
                return
            a = m.start()
            if a > 0 and (text[a - 1].isalnum() or text[a - 1] == "_"):  # (?<!\w) fails at a
                pos = a + 1
                continue
            pos = m.end()
            yield m

    @staticmethod
    def _finder(rx, text: str, words: list[str]):
        r"""``rx.search`` for ``rx`` = ``(?:w1|w2...)(?!\w)`` over ``text``, from ``str.find`` of ``words``.

        Each word's next occurrence is kept and looked for again only once passed
        (positions only grow), so the whole text is read once per word.
        """
        n = len(text)

        def word_char(i: int) -> bool:
            return i < n and (text[i].isalnum() or text[i] == "_")

        nxt = {w: -2 for w in words}  # next occurrence (?!\w) allows; -2: not looked for yet

        def search(_text: str, pos: int):
            best = -1
            for w in words:
                i = nxt[w]
                if i == -1:
                    continue
                if i < pos:
                    i = text.find(w, pos)
                    while i != -1 and word_char(i + len(w)):
                        i = text.find(w, i + 1)
                    nxt[w] = i
                if i != -1 and (best == -1 or i < best):
                    best = i
            return None if best == -1 else rx.match(text, best)

        return search

    # -- the check --------------------------------------------------------
    def check(self, ctx):
        doc = ctx.doc
        candidates = []  # (span, preferred wording, fix replacement or None)
        for _, s, e in self.phrases(ctx):
            span = doc[s:e]
            key = span.text.lower()
            if key not in self.terms:
                key = " ".join(t.lower_ for t in span)
            if span[-1].lower_ in self.noun_only and not self._used_as_noun(doc, e):
                continue
            if key in self.topic_only and not self._on_topic(ctx, s):
                continue  # "suffer from angina": outside substance use and mental health
            candidates.append((span, self.terms.get(key, ""), self.fixes.get(key)))
        for s, e in self._sobriety_matches(ctx):
            word = doc[e - 1]
            if not self._used_as_noun(doc, e):
                continue  # "get clean needles"
            sent = ctx.sentence(ctx.sentence_index(word.i))
            if not any(t.lower_ in self.cues for t in sent):
                continue  # "stay clean" about hygiene
            candidates.append((doc[e - 1:e], self.sobriety.get(word.lower_, ""), None))
        if not candidates:
            return
        from spacy.util import filter_spans

        # Names ("National Institute on Drug Abuse") only matter once there is a candidate.
        name_ranges = [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for _, s, e in self.names(doc)]

        by_span = {(sp.start, sp.end): (pref, fix) for sp, pref, fix in candidates}
        for span in filter_spans([sp for sp, _, _ in candidates]):
            if self._skip(ctx, span, name_ranges):
                continue
            pref, fix = by_span[(span.start, span.end)]
            edits = None
            if fix:
                edits = [Edit(span.start_char, span.end_char, match_case(span.text, fix))]
            yield self.finding(
                span.start_char,
                span.end_char,
                f"stigmatizing wording '{span.text}'",
                suggestion=f"Use person-first wording: {pref}" if pref else None,
                fix=edits,
            )


RULE = StigmatizingLanguage
