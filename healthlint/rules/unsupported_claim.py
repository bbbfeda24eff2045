"""## unsupported-claim

**What it does.** Finds efficacy and safety claims stated as certain with no
evidence:

* red-flag phrases: *miracle*, *breakthrough*, *guaranteed*, *100% effective*,
  *works for everyone*, *cure-all* (option `red_flags`);
* claims of proof: *clinically proven*, *proven to work* (`proof_claims`);
* claims of total safety: *no side effects*, *risk-free*, *completely safe*
  (`safety_claims`);
* promises of a cure: *cure*, *cures*, *cured* (`cure_words`);
* boosted efficacy: an intensifier or certainty word right before an efficacy
  word: *remarkably effective*, *incredibly successful*, *always works*
  (`boosters`, `efficacy_words`, `booster_gap`).

It stays silent when the claim is negated ("there is no cure", "is not a
miracle", "no single treatment works for everyone"), asked ("Can it be
cured?"), talked about ("avoid words like 'miracle'"), reported as dubious
("beware of products sold as a cure"), quoted from someone else in a short
quoted phrase ("some websites say copper is "guaranteed to cure" arthritis";
but "our detox is "guaranteed to work"" and testimonials are reported), in a
reference list, or is a clinical term (`exceptions`: *breakthrough bleeding*,
*breakthrough pain*, *breakthrough therapy designation*, *cured meats*).

What else excuses a claim depends on its kind:

| kind | citation nearby | qualifier (`qualifiers`) | hedge (`cues.hedges`) |
|---|---|---|---|
| red flag | no | no | no |
| proof, safety | yes | safety only | no |
| cure | yes | yes | no |
| boosted efficacy | yes | yes | yes |

A citation is any cue of `cues:` (a named agency or journal, `[1]`,
`(Smith, 2021)`, a URL, DOI, "according to"...) in the same sentence or
within `citation_window` sentences. A hedge is not evidence: "this could lead
to a cure" and "may be a miracle drug" are still reported. "Cure" is also an
honest clinical word, so a qualifier of frequency, probability, difficulty or
purpose in the same clause excuses it ("testicular cancer can usually be
cured", "antibiotics cure most cases", "hard to cure", "the goal is to cure");
a bare "can cure" or "cures" is reported.

**Why it matters.** Health claims need competent and reliable scientific
evidence (FTC); "cure" is a disease claim the FDA forbids for supplements;
HealthNewsReview.org and QUEST (tone) mark unqualified certainty and hype
words as the signs of unreliable health information. Readers make treatment
decisions on such promises.

**Example.**

    Our program is remarkably effective at keeping people sober, and our
    clinically proven detox has no side effects.

**Use instead.**

    In a 2022 follow-up of 300 clients, 58% were sober after a year [1].
    Detox can cause nausea and trouble sleeping; staff watch for them.

**Options.** `red_flags`, `proof_claims`, `safety_claims`, `cure_words`,
`qualifiers`, `exceptions`, `doubt_cues`, `boosters`, `efficacy_words`,
`efficacy_not_before` ("always work *with* your doctor" is advice)
(word lists, matched on lowercase tokens), `booster_gap` (words allowed
between booster and efficacy word), `negation_window` (words looked back
for a negator from `cues.negators`), `citation_window` (sentences),
`max_quoted_words` and `quote_attribution` (a claim inside a quoted phrase of
at most that many words, after one of those words earlier in its sentence, is
quoted, not made).

**Default severity.** warning: whether a sentence overclaims is a judgment an
editor confirms (a qualified clinical "cure" can slip through or be caught),
unlike a broken sentence, which is simply wrong.

**References.** FTC Health Products Compliance Guidance (2022); FDA
21 CFR 101.93; HealthNewsReview.org criteria and red-flag words; QUEST
(Robillard et al., 2018), tone item; HONcode principle 6 (justifiability).
"""
from __future__ import annotations

import bisect
import re

from .base import Rule
from ..cues import has_citation_near, in_reference_list, is_mention, quoted_range
from ..scan import PhraseGroup

_CLAUSE_BREAKS = {";", ":", "—", "–", "but", "however", "although", "though", "whereas", "while", "unlike"}
_MAX_CLAUSE = 40  # tokens walked each way from a match to find its clause

# kind -> (message template, suggestion)
_TEXTS = {
    "red_flags": (
        "red-flag claim '{t}' stated as certain, with nothing to back it",
        "Say what the treatment does, for whom and how often, with a source "
        "(e.g. 'In a 2021 trial, 6 in 10 participants improved [1]'); drop the hype word.",
    ),
    "proof_claims": (
        "'{t}' with no study cited",
        "Cite the trial or review (author and year, or a link), or write what the evidence shows: "
        "'studies suggest it helps some people'.",
    ),
    "safety_claims": (
        "'{t}' claims total safety with no evidence",
        "Every treatment can have side effects: name the common ones and how often they happen, with a source.",
    ),
    "cure_words": (
        "cure promised without a qualifier or source: '{t}'",
        "Say for whom and how often, with a source ('antiviral medicines cure hepatitis C in most people "
        "(CDC)'), or promise less: 'can help control symptoms'.",
    ),
    "boosted": (
        "boosted efficacy '{t}' with no evidence",
        "Drop the intensifier and quantify with a source: 'In a 2022 study, 58% of participants "
        "were sober a year later [1]'.",
    ),
}

# What excuses each kind (besides negation, questions, mentions, doubt cues).
_CITATION_OK = {"proof_claims", "safety_claims", "cure_words", "boosted"}
_QUALIFIER_OK = {"safety_claims", "cure_words", "boosted"}
_HEDGE_OK = {"boosted"}
_PHRASE_KINDS = ("red_flags", "proof_claims", "safety_claims", "cure_words")


def _filter_spans(spans):
    """``spacy.util.filter_spans`` for ``(start, end, label)`` tuples: the longest (then the
    first) of overlapping spans is kept; the kept ones in order of their start."""
    result = []
    seen: set[int] = set()
    for sp in sorted(spans, key=lambda sp: (sp[1] - sp[0], -sp[0]), reverse=True):
        if sp[0] not in seen and sp[1] - 1 not in seen:
            result.append(sp)
            seen.update(range(sp[0], sp[1]))
    result.sort(key=lambda sp: sp[0])
    return result


class UnsupportedClaim(Rule):
    id = "unsupported-claim"
    summary = "Efficacy or safety claim stated as certain with no evidence (cure, miracle, guaranteed...)."
    category = "claims"
    guideline = "FTC health claims / HealthNewsReview red flags"

    def setup(self, nlp):
        from spacy.matcher import PhraseMatcher

        o = self.options
        # Claim phrases and booster anchors are found in the PhraseMatcher pass shared
        # with other rules (one per document), each as its own group.
        self.phrases = PhraseGroup(nlp)
        for kind in (*_PHRASE_KINDS, "exceptions"):
            items = [p for p in o.get(kind, []) if p.strip()]
            if items:
                self.phrases.add(kind, list(nlp.tokenizer.pipe(items)))
        # Cue words are many (every "may", "can", "most"): matched only in the sentences of claims.
        self.cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cue_label: dict[int, str] = {}  # match key -> label
        for label, items in (
            ("qualifier", o.get("qualifiers", [])),
            ("hedge", self.config.cues.get("hedges", [])),
            ("doubt", o.get("doubt_cues", [])),
        ):
            items = [p for p in items if p.strip()]
            if items:
                self.cues.add(label, list(nlp.tokenizer.pipe(items)))
                self.cue_label[nlp.vocab.strings[label]] = label
        # Boosted efficacy: a booster, up to `booster_gap` words, an efficacy word (the
        # Matcher pattern [LOWER IN boosters] + n * [not IS_PUNCT, IS_SPACE, IS_SENT_START]
        # + [LOWER IN efficacy, not IS_SENT_START], n <= gap), read by _boosted_ends at the
        # few boosters the PhraseMatcher found: a Matcher with IN over every token of a long
        # article costs as much as the rest of the rule many times over, and even a Matcher
        # call per booster window cost more than the token reads it stands for.
        boosters = [b.lower() for b in o.get("boosters", []) if b.strip()]
        efficacy = [w.lower() for w in o.get("efficacy_words", [])]
        self.gap = max(0, int(o.get("booster_gap", 1)))
        self.booster_anchor = PhraseGroup(nlp)
        self.booster_words = frozenset(boosters)
        self.efficacy_words = frozenset(efficacy)
        if boosters and efficacy:
            self.booster_anchor.add("booster", list(nlp.tokenizer.pipe(boosters)))
        self.not_before = {w.lower() for w in o.get("efficacy_not_before", [])}
        self.negators = {n.lower() for n in self.config.cues.get("negators", [])}
        self.neg_window = int(o.get("negation_window", 5))
        self.cite_window = int(o.get("citation_window", 1))
        self.max_quoted_words = int(o.get("max_quoted_words", 6))
        words = sorted({w.lower() for w in o.get("quote_attribution", []) if w.strip()}, key=len, reverse=True)
        self.attribution = (re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])")
                            if words else None)

    # -- candidates -----------------------------------------------------------
    def _candidates(self, ctx):
        """The claims ``(start token, end token, kind)``, sorted, none overlapping another.

        Token offsets and a kind, no Span per match: ``_filter_spans`` keeps what
        ``spacy.util.filter_spans`` keeps of the same spans.
        """
        doc = ctx.doc
        labels = self.phrases.labels
        exceptions = []
        spans = []
        for key, s, e in self.phrases(ctx):
            label = labels[key]
            if label == "exceptions":
                exceptions.append((s, e))
            else:
                spans.append((s, e, label))
        n = len(doc)
        for _, a_start, a_end in self.booster_anchor(ctx):
            if a_start == 0 or doc[a_start].is_sent_start:
                continue  # "Always work with your doctor.": advice, not a claim
            for end in self._boosted_ends(doc, a_start, min(n, a_end + self.gap + 1)):
                if end < n and doc[end].lower_ in self.not_before:
                    continue  # "always work with your doctor"
                spans.append((a_start, end, "boosted"))
        if exceptions:
            spans = [sp for sp in spans if not any(s < sp[1] and sp[0] < e for s, e in exceptions)]
        return _filter_spans(spans)

    def _boosted_ends(self, doc, start: int, stop: int) -> list[int]:
        """Ends of the boosted-efficacy Matcher matches (see ``setup``) that start at token
        ``start`` in ``doc[start:stop]``, in order.

        The Matcher's patterns read token by token (no Span, no Matcher call per
        booster): a booster, then up to ``gap`` tokens that are not punctuation,
        space or a sentence start, then an efficacy word that does not start a
        sentence.  ``IS_SENT_START: False`` in a pattern is ``sent_start != 1``,
        i.e. ``is_sent_start is not True``.
        """
        if not self.efficacy_words or doc[start].lower_ not in self.booster_words:
            return []
        ends = []
        for k in range(start + 1, min(stop, start + self.gap + 2)):
            t = doc[k]
            starts_sentence = t.is_sent_start is True
            if t.lower_ in self.efficacy_words and not starts_sentence:
                ends.append(k + 1)
            if starts_sentence or t.is_punct or t.is_space:
                break  # no gap token: no longer match goes through it
        return ends

    # -- context --------------------------------------------------------------
    def _clause(self, doc, sent, s, e, low=None):
        """Tokens ``[lo, hi)`` of the clause around the claim ``[s, e)`` in the sentence
        whose tokens are ``sent`` = ``(start, end)``.

        ``low``: the sentence's text lower-cased (``ctx.lower``'s slice); when no
        clause break is in it, no token is one, and the walk stops at the limits.
        """
        sent_start, sent_end = sent
        if low is not None and not any(b in low for b in _CLAUSE_BREAKS):
            return max(sent_start, s - _MAX_CLAUSE), min(sent_end, e + _MAX_CLAUSE)
        lo = s
        stop = max(sent_start, s - _MAX_CLAUSE)
        while lo > stop and doc[lo - 1].lower_ not in _CLAUSE_BREAKS:
            lo -= 1
        hi = e
        stop = min(sent_end, e + _MAX_CLAUSE)
        while hi < stop and doc[hi].lower_ not in _CLAUSE_BREAKS:
            hi += 1
        return lo, hi

    def _is_neg(self, tok) -> bool:
        return tok.lower_ in self.negators or tok.norm_ in self.negators

    def _negated(self, doc, s, e, lo, hi) -> bool:
        # "No drug has been found to be completely effective": a clause that
        # opens with a negator ("No", "None", "Neither") denies what follows.
        first = lo
        while first < s and (doc[first].is_punct or doc[first].is_space):
            first += 1
        if first < s and self._is_neg(doc[first]):
            return True
        for i in range(s - 1, max(lo, s - self.neg_window) - 1, -1):
            if self._is_neg(doc[i]):
                return True
        # "A cure has not been found", "Miracle cures don't exist": the claim is
        # the subject of a negated verb.
        if s == lo or doc[s - 1].pos_ == "DET" or (s - 2 >= lo and doc[s - 2].pos_ == "DET"):
            for i in range(e, min(hi, e + 8)):
                t = doc[i]
                if (t.norm_ == "not" or t.lower_ == "never") and i > e and doc[i - 1].pos_ == "AUX":
                    return True
        return False

    def _purpose(self, doc, s, lo) -> bool:
        """'given to cure', 'used to diagnose, cure, or treat', 'despite cure': an aim or event, not a promise."""
        if s > lo and doc[s - 1].pos_ == "ADP":
            return True
        # An infinitive "to" shortly before (not "lead to a cure").
        return any(
            doc[i].lower_ == "to" and doc[i + 1].pos_ not in ("DET", "PRON")
            for i in range(max(lo, s - 4), s)
        )

    def _cue_labels(self, ctx, sent_i, sent):
        """Cue matches (label, start, end) in the sentence whose tokens are ``sent`` =
        ``(start, end)``, computed once per sentence."""
        cache = ctx.cache.setdefault("_unsupported_claim_cues", {})
        got = cache.get(sent_i)
        if got is None:
            # Offsets in the Doc (spaCy 3 matches a Span's tokens in place); no Span per match.
            label = self.cue_label
            got = [(label[key], s, e) for key, s, e in self.cues(ctx.doc[sent[0]:sent[1]])]
            cache[sent_i] = got
        return got

    def _short_quote(self, ctx, start, end, sent_start) -> bool:
        """The claim is quoted, not made: 'cure' or "miracle" in quotation marks on its own, or
        inside a short quoted phrase (at most ``max_quoted_words`` words) that the sentence
        attributes to someone else before it (``quote_attribution``: sites that *call* a pill
        "guaranteed to cure" arthritis).  "Our detox is "guaranteed to work"" and a longer
        quotation, such as a testimonial ("This program cured my addiction," says John), are
        the article's claims all the same."""
        quoted = quoted_range(ctx, start, end)
        if quoted is None:
            return False
        text = ctx.text
        lo = max(0, start - 2)
        hi = min(len(text), end + 2)
        if any(c in "\"'“”‘’" for c in text[lo:start]) and any(c in "\"'“”‘’" for c in text[end:hi]):
            return True
        if self.attribution is None or len(text[quoted[0] + 1:quoted[1] - 1].split()) > self.max_quoted_words:
            return False
        return self.attribution.search(ctx.lower, min(sent_start, quoted[0]), quoted[0]) is not None

    # -- check ------------------------------------------------------------------
    def check(self, ctx):
        doc = ctx.doc
        spans = self._candidates(ctx)
        if not spans:
            return
        sent_tokens = ctx._sentence_table[0]  # (start, end) tokens of each sentence: no Span
        sent_chars = ctx.sentence_bounds
        n_sents = len(sent_chars)
        claims = sorted((s, e) for s, e, _ in spans)
        claim_starts = [c[0] for c in claims]
        for span_start, span_end, kind in spans:
            first, last = doc[span_start], doc[span_end - 1]
            start, end = first.idx, last.idx + len(last)  # the Span's start_char and end_char
            si = ctx.sentence_at(start)  # = sentence_index(span_start): token and char starts rise together
            # Every test below only excuses the claim, so their order changes no finding: the
            # cheap ones first (a cited claim, ~10% on the bench: flags other rules read
            # anyway; a reference list; a question; a doubt cue, ~33%, whose sentence's cues
            # every reported claim needs anyway), then the text and token walks.
            if kind in _CITATION_OK and has_citation_near(ctx, si, self.cite_window):
                continue
            if in_reference_list(ctx, start):
                continue
            # The claim's sentence (tokens and characters) from the sentence table; a Span's
            # .sent only for a claim outside the listed sentences (none in practice).
            sent = sent_tokens[si] if si < n_sents else None
            if sent is not None and sent[0] <= span_start < sent[1]:
                sent_start, sent_end = sent_chars[si]
            else:
                span = doc[span_start:span_end].sent
                sent = (span.start, span.end)
                sent_start, sent_end = span.start_char, span.end_char
            if ctx.text[sent_start:sent_end].rstrip().endswith("?"):
                continue
            if is_mention(ctx, start, end) or self._short_quote(ctx, start, end, sent_start):
                continue
            cues = self._cue_labels(ctx, si, sent)
            if any(label == "doubt" for label, _, _ in cues):
                continue
            lo, hi = self._clause(doc, sent, span_start, span_end, ctx.lower[sent_start:sent_end])
            if self._negated(doc, span_start, span_end, lo, hi):
                continue
            # Cues inside a claim do not count: the "%" of "100% safe" is no qualifier.
            near = claims[bisect.bisect_left(claim_starts, lo):bisect.bisect_left(claim_starts, hi)]
            in_clause = {
                label for label, s, e in cues
                if s >= lo and e <= hi and not any(s < ce and cs < e for cs, ce in near)
            }
            if kind == "cure_words" and self._purpose(doc, span_start, lo):
                continue
            if kind in _QUALIFIER_OK and "qualifier" in in_clause:
                continue
            if kind in _HEDGE_OK and "hedge" in in_clause:
                continue
            message, suggestion = _TEXTS[kind]
            yield self.finding(start, end, message.format(t=ctx.text[start:end]), suggestion=suggestion)


RULE = UnsupportedClaim
