"""## contradiction

**What it does**

Finds two statements in the same article that cannot both be true, and
reports the later one (the clause that makes the claim), with the earlier
one as a related location.  It
compares *claims*, not sentences: each sentence is read into small typed
records (subject, predicate, polarity, modality, share of cases, quantity
with unit), and only claims of the same frame about the same subject are
compared.  The frames:

- suitability: "lets you keep working / living at home" vs "not suitable
  for people who need to keep working / live at home"; "recommended for X"
  vs "not recommended for X";
- requirement: "you must / need to X" vs "you do not need to X", "a
  prescription is required" vs "without a prescription";
- affordability and coverage: "affordable" vs "expensive"; "most plans
  cover it" vs "insurance rarely covers it"; "free" vs a price;
- effectiveness and safety: "effective" vs "does not work", "safe" vs
  "dangerous" / "risky";
- frequency and universality: always / never, everyone / no one, most / few,
  common / rare;
- quantities: the same measure of the same thing (duration, frequency, cost,
  dose, percentage, age) with numbers that disagree after unit conversion
  ("three hours" vs "45 minutes"; "$10,000" and "ten thousand dollars" agree).

Subjects are resolved within the article: acronyms it defines ("intensive
outpatient programs (IOPs)"), synonyms from the configuration ("rehab"),
definite descriptions ("the program", "this type of treatment") and
pronouns ("it").  It stays silent when either statement states an exception
or condition ("except", "unless", "if", "for some people"), when the two
name different time frames ("at first", "in 2010", "now"), on quoted
sources, reported beliefs and myths ("many people believe", "Myth:"),
questions, and on negation that sits in a relative or purpose clause
("people who cannot stop working", "so that it does not upset your
stomach").  A negation alone is never a contradiction: "Do not stop taking
your medicine" and "Take your medicine every day" agree.

Each candidate pair gets a confidence: the frame's base value minus
penalties (a hedged claim, "may" / "can be" / "some people"; a subject
found through a pronoun or description; a narrower scope on one side;
claims far apart).  Pairs at or above `threshold` are reported, one
finding per later sentence.

With `--model` naming an installed trained spaCy pipeline, its dependency
parse decides the subject (the verb's nominal subject) and the reach of a
negation; the default, model-free pipeline uses the words before the verb
and clause boundaries.

**Why it matters**

A reader who meets "most clients keep working" and then "not suitable for
anyone who needs to keep working" cannot act on either; contradictions are
the mark of pasted or outdated text (HONcode's "justifiability", DISCERN's
"is it clear?" and "is it balanced?").

**Example**

    Sessions last about three hours. ... Each session lasts 45 minutes.

**Use instead**

Make the two statements agree, or say for whom and when each one holds:

    Sessions last about three hours in the first week and 45 minutes after that.

**Options** (`rules.yaml`, section `contradiction`)

- `threshold`: the confidence a pair needs to be reported (0.6);
  `frame_confidence`: each frame's base; `penalties`: what each weakness costs;
  `far_apart_sentences`: the distance after which `far_apart` applies;
  `max_compare`: how many earlier claims of a bucket each claim is compared with;
  `max_sentence_chars`: longer "sentences" (tables, run-together lists) are not read.
- Subjects: `synonyms`, `treatment_heads` (nouns that "the program" or
  "this treatment" can refer back to), `person_words`, `unit_nouns`,
  `stopwords`, `common_verbs`.
- Scope: `reported_cues`, `exception_cues`, `time_cues`, `hedge_words`, `clause_breaks`.
- Frames: `continue_verbs`, `stop_verbs`, `activities`, `suitable_words`,
  `unsuitable_words`, `need_words`, `needless_nouns`, `polar_words` (antonym
  lists per frame), `free_words`, `coverage_verbs`, `payers`, `quantifiers`
  (the share of cases each word claims, "low high").
- Quantities: `units` (word -> measure and factor to the base unit),
  `number_words`, `bound_words`, `approx_words`, `measure_verbs`, `tolerance`,
  `approx_tolerance`, `measure_tolerance` (per measure, e.g. age).
- `implicit_subject_window`: claims with an implicit subject ("it", "you
  need to...", "anesthesia is not needed") are compared only this close.

**Default severity**: warning.  A contradiction misleads readers, but the
rule cannot know which of the two statements is right, and some pairs that
look incompatible are both true in context the rule cannot see (two
different programs on one page); an editor must read both.

**References**

HONcode principle 4 (justifiability) and DISCERN questions 2-3 (clear aims,
relevance) and 6 (balanced and unbiased); the claim frames follow the
contradiction types of de Marneffe, Rafferty and Manning, "Finding
contradictions in text" (ACL 2008): antonymy, negation, numeric mismatch,
factive and modal mismatch.
"""
from __future__ import annotations

import bisect
import re

from .base import Rule


def _closed_class_words() -> set[str]:
    """The pipeline's closed-class words (one parse of the data file per process)."""
    from ..nlp import closed_class_table

    return set(closed_class_table())


def _lemma_table() -> dict[str, str]:
    """The pipeline's lemma table (loaded once per process, shared with the pipeline)."""
    from ..nlp import lemma_table

    return lemma_table()


class Contradiction(Rule):
    id = "contradiction"
    summary = "Two statements in the article that cannot both be true."
    category = "integrity"
    guideline = "HONcode 4 (justifiability), DISCERN"
    fixable = False

    def setup(self, nlp):
        from ..claims.compare import conflicts
        from ..claims.extraction import Extractor
        from ..claims.lexicon import Lexicon, phrases
        from ..claims.model import Claim
        from ..claims.quantities import QuantityParser
        from ..claims.scope import SentView, runs_of, sentence_low
        from ..claims.subjects import Resolver

        self._classes = (Extractor, Claim, SentView, Resolver)  # (claims() imports nothing per document)
        self._conflicts = conflicts
        self._low_runs = (sentence_low, runs_of)

        lemmas = _lemma_table()
        # Keep nouns' and verbs' lemmas but never map a word to a stopword-ish form ("data" -> "datum" is fine).
        self.lex = Lexicon(self.options, self.config.cues, _closed_class_words(), lemmas)
        self.qp = QuantityParser(self.lex)
        o = self.options
        # One trigger regex (a prefix trie of every frame's words, plus digits): a sentence
        # without any of them is never read.
        words = [p for v in o["activities"].values() for p in v]
        words += ["recommend", "recommends", "recommended", "must", "need", "needs", "needed", "have to", "has to",
                  "require", "required", "requires", "necessary", "should", "without", "percent", "free", "no cost",
                  "once", "twice", "daily", "weekly", "monthly", "every"]
        words += list(o["coverage_verbs"]) + list(o["quantifiers"]) + list(o["units"])
        words += [w for lists in o["polar_words"].values() for v in lists.values() for w in v]
        self.trigger = re.compile(phrases(words) + r"|\d|\$")  # run on lower-cased text
        self._quiet_texts: set[str] = set()  # check(): sentence texts no frame reads (Extractor.reads)
        self._entries: dict[str, tuple] = {}  # check(): sentence text -> SentView.entry()
        # claims(): sentence text -> (heads its extraction wrote, its claims as templates), for
        # texts whose extraction read nothing but the text (Resolver.record)
        self._claim_memo: dict[str, tuple] = {}

    # Replay a sentence's claims from _claim_memo (False: extract every sentence; the tests
    # compare both ways).
    memo_claims = True
    # Rule out a new text no frame's guard passes before building its view (False: build every
    # view first, as before; the tests compare both ways).
    guards_before_view = True

    def check(self, ctx):
        got = self.claims(ctx)
        if got is None:
            return
        claims, bounds = got
        conflicts = self._conflicts
        text = ctx.text
        doc = ctx.document
        for conf, a, b in conflicts(claims, self.options):
            line_a = _line(doc, a.start)
            line_b = _line(doc, b.start)
            message = (f"says {_summary(text, a)} (line {line_a}), then that {_summary(text, b)} (line {line_b}); "
                       f"both cannot be true ({_FRAME_NAMES.get(a.frame, a.frame)}, confidence {conf:.2f})")
            yield self.finding(
                *_span(text, b, bounds[b.sent]),
                message,
                suggestion="Make the two statements agree, or say for whom or when each one holds.",
                related=[_span(text, a, bounds[a.sent])],
            )

    def claims(self, ctx):
        """The article's claims in sentence order and its sentence bounds, or None when fewer
        than two claims (then nothing can conflict)."""
        bounds = ctx.sentence_bounds  # (start, end) only: a Span is built for a parsed sentence alone
        if len(bounds) < 2:
            return None
        text = ctx.text
        # ctx.lower is text.lower() but where that would lengthen "İ" (then keep the old offsets)
        low = ctx.lower if "\u0130" not in text else text.lower()
        starts = ctx.sentence_starts
        candidates: list[int] = []
        append = candidates.append
        search = self.trigger.search
        bisect_right = bisect.bisect_right
        last = -1
        pos = 0
        while (m := search(low, pos)) is not None:
            hit, pos = m.span()
            k = bisect_right(starts, hit) - 1
            if k >= 0:
                if k != last:
                    append(k)
                    last = k
                # skip to the next sentence: one trigger is enough to read a sentence
                end = bounds[k][1]
                if end > pos:
                    pos = end
        if len(candidates) < 2:
            return None
        Extractor, Claim, SentView, Resolver = self._classes
        views: dict = {}
        parsed = ctx.doc.has_annotation("DEP")  # once per document: it scans every token

        # What a sentence's text alone decides, kept across documents (boilerplate, headings,
        # repeated sentences): the texts no frame reads (a set of strings), and for the texts
        # some frame reads, SentView.entry() (tuples of strings and numbers).  Neither holds
        # an object the garbage collector walks into: keeping views or claims alive instead
        # made it walk tens of thousands of them over and over.
        quiet = self._quiet_texts
        entries = self._entries
        if len(quiet) > 100_000:  # (a few tens of MB at most)
            quiet.clear()
        if len(entries) > 20_000:
            entries.clear()
        lex = self.lex

        def view_of(i: int, a: int, t: str):
            if parsed:
                # the span is read only with a parse (scope.parsed_token_at)
                return SentView(i, a, t, lex, span=ctx.sentence(i), parsed=True)
            e = entries.get(t)
            return SentView(i, a, t, lex) if e is None else SentView.from_entry(i, a, t, lex, e)

        def get_view(i: int):
            if i < 0 or i >= len(bounds):
                return None
            v = views.get(i)
            if v is None:
                a, b = bounds[i]
                v = views[i] = view_of(i, a, text[a:b])
            return v

        resolver = Resolver(self.lex, text, views, get_view)
        extractor = Extractor(self.lex, self.qp, resolver)
        claims = []
        longest = self.options["max_sentence_chars"]
        reads, extract, names_of = extractor.reads, extractor.extract, extractor.names_of
        from_entry, read_view = SentView.from_entry, SentView.read
        sentence_low, runs_of = self._low_runs
        before_view = self.guards_before_view
        # The claims of a sentence whose extraction read nothing but its text (no pronoun or
        # definite description resolved through other sentences, no head another sentence
        # wrote; Resolver.record) are the same for every sentence with that text, but for
        # their offsets: kept as templates (plain tuples) with the heads the extraction wrote
        # (replayed: later sentences read them).  Not with a parse, nor in an article that
        # defines acronyms (they change what a subject's words are).
        memo = self._claim_memo if self.memo_claims and not parsed and not resolver.acronyms else None
        if memo is not None and len(memo) > 20_000:
            memo.clear()
        from_template = Claim.from_template
        for i in candidates:
            a, b = bounds[i]
            if b - a > longest:
                continue  # a table or list run together is not a sentence (and would cost quadratic time)
            t = text[a:b]
            if t in quiet:
                continue  # the same text read before: no frame reads it, or it asserts nothing
            if memo is not None:
                got = memo.get(t)
                if got is not None:
                    heads, templates = got
                    if heads:
                        resolver.replay_heads(heads)
                    if templates:
                        v = views.get(i)
                        if v is None:
                            v = views[i] = view_of(i, a, t)
                        claims.extend([from_template(c, v) for c in templates])
                    continue
            v = views.get(i)
            if v is None:
                if parsed:
                    v = views[i] = view_of(i, a, t)
                else:
                    e = entries.get(t)
                    if e is not None:
                        v = views[i] = from_entry(i, a, t, lex, e)
                    elif not before_view:
                        v = views[i] = SentView(i, a, t, lex)
                    else:
                        # A text seen for the first time: the frames' guards read only its low
                        # and its runs, so a text no guard passes (most of them: a number and
                        # no frame's words) is ruled out without building its view (a view is
                        # built from the text when another sentence asks for it: get_view).
                        low_t = sentence_low(t)
                        words = runs_of(low_t)
                        names, ok = names_of(low_t, words)
                        if not names:
                            quiet.add(t)
                            continue
                        v = views[i] = read_view(i, a, t, lex, low_t, words, names, ok)
            # (a sentence that asserts nothing, sv.asserts, gives no claim: tested only when
            # some frame's guard passes)
            if not reads(v):
                quiet.add(t)
                continue
            if memo is None:
                claims.extend(extract(v))
            else:
                resolver.record()
                got = extract(v)
                context, heads = resolver.recorded()
                claims.extend(got)
                if not context:
                    start = v.start
                    memo[t] = (tuple([(tuple(w), h) for w, h in heads.items()]),
                               tuple([c.template(start) for c in got]))
                    continue  # (its view is not needed again: no entry)
            if not parsed and t not in entries:
                entries[t] = v.entry()
        if len(claims) < 2:
            return None
        claims.sort(key=lambda c: c.sent)
        return claims, bounds


_FRAME_NAMES = {
    "suitability": "suitability",
    "recommendation": "recommendation",
    "requirement": "requirement",
    "coverage": "insurance coverage",
    "affordability": "cost",
    "effectiveness": "effectiveness",
    "safety": "safety",
    "frequency": "how often",
    "quantity": "quantity",
}


def _span(text: str, claim, sent: tuple[int, int]) -> tuple[int, int]:
    """The claim's clause, or its whole sentence (``(start, end)``) when the clause is empty."""
    if claim.end > claim.start:
        return claim.start, claim.end
    return _trim(text, *sent)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    seg = text[start:end]
    left = len(seg) - len(seg.lstrip())
    right = len(seg.rstrip())
    return start + left, start + max(right, left)


def _line(doc, offset: int) -> int:
    try:
        s, _ = doc.source_range(offset, offset + 1)
        return doc.line_col(s)[0]
    except Exception:  # pragma: no cover - defensive: a message must not break the run
        return 0


def _summary(text: str, claim, max_words: int = 16) -> str:
    """The claim's clause, in a few words."""
    words = text[claim.start:claim.end].split()
    short = " ".join(words[:max_words]).strip().rstrip(".;:,")
    if len(words) > max_words:
        short += " ..."
    if short and short[0].isupper() and not (len(short) > 1 and short[1].isupper()):
        short = short[0].lower() + short[1:]
    return f'"{short}"'


RULE = Contradiction
