"""## unsafe-suicide-language

**What it does**
Finds wording about suicide that safe-messaging guidelines ask writers to
avoid: "committed suicide" / "commit suicide" (suggests a crime or a sin),
"successful", "failed", "unsuccessful" or "completed" suicide (attempt)
(presents death as success and survival as failure), "suicide epidemic"
(sensationalises), "suicide victim".  The suggestion gives the preferred
wording; when exactly one wording fits in place ("committed suicide" ->
"died by suicide", "failed suicide attempt" -> "suicide attempt") the finding
carries a safe fix.

"Failed attempt", "unsuccessful attempt" and "successful attempt" without the
word suicide are flagged only in a sentence about suicide, and not when "to"
plus another verb follows: "a failed attempt to log in" and "the attempt
failed" are left alone.  Quotations and mentions ("avoid saying 'committed
suicide'", "instead of committed suicide") and reference lists are skipped.

**Why it matters**
Language that links suicide to crime, success or failure adds stigma and
can discourage people from seeking help; sensational words raise the risk of
imitation.  Neutral wording ("died by suicide", "suicide attempt") is what
editors and the guidelines below ask for.

**Example**
```text
Her brother committed suicide after a failed suicide attempt the year before.
```

**Use instead**
```text
Her brother died by suicide after a suicide attempt the year before.
```

**Options** (`rules.yaml`, section `unsafe-suicide-language`)
- `terms`: phrase (whole words, any case) -> what to write instead.  One
  wording is applied as a safe fix; several (`"a / b"`) or advice in
  parentheses (`"(say the person died by suicide)"`) are a suggestion only.
- `context_terms`: the same, flagged only in a sentence with one of
  `context_cues`, and not before "to" + a verb outside `life_verbs`.
- `reasons`: a word of the phrase -> why it is a problem (for the message).

**Default severity** warning: the wording hurts and stigmatises, but it is
an editorial fix, not missing safety information.

**References**
Recommendations for Reporting on Suicide (reportingonsuicide.org); WHO/IASP
"Preventing suicide: a resource for media professionals" (2023 update);
Samaritans media guidelines (2020); AP Stylebook, suicide entry (2015).
"""
from __future__ import annotations

from ..cues import in_quotes, in_reference_list, is_mention
from ..scan import PhraseGroup
from ..findings import Edit
from ._caseless import may_match, phrase_gate
from .base import Rule


def _suggestion(phrase: str, advice: str) -> tuple[str, str | None]:
    """(suggestion text, single in-place replacement or None)."""
    advice = advice.strip()
    if advice.startswith("(") and advice.endswith(")"):
        text = advice[1:-1].strip()
        return text[:1].upper() + text[1:] + ".", None
    options = [a.strip() for a in advice.split(" / ") if a.strip()]
    if len(options) == 1:
        return f"Write '{options[0]}' instead of '{phrase}'.", options[0]
    quoted = [f"'{o}'" for o in options]
    return "Write " + ", ".join(quoted[:-1]) + " or " + quoted[-1] + f" instead of '{phrase}'.", None


class UnsafeSuicideLanguage(Rule):
    id = "unsafe-suicide-language"
    summary = "Wording about suicide that safe-messaging guidelines ask writers to avoid."
    category = "language"
    guideline = "Recommendations for Reporting on Suicide; WHO/IASP 2023"
    fixable = True

    def setup(self, nlp) -> None:
        from spacy.matcher import PhraseMatcher

        o = self.options
        self.terms = {k.lower(): v for k, v in o.get("terms", {}).items()}
        self.context_terms = {k.lower(): v for k, v in o.get("context_terms", {}).items()}
        lists = [(key, list(nlp.tokenizer.pipe(table)))
                 for key, table in (("term", self.terms), ("context", self.context_terms)) if table]
        words = [{tuple(t.lower_ for t in d) for d in docs} for _, docs in lists]
        # The phrases are found in the PhraseMatcher pass shared with other rules (one per
        # document), unless a phrase is in both tables: then the label kept for its span
        # depends on the order of a matcher's hash table, and the rule keeps a matcher of its own.
        self.shared = len(words) < 2 or not (words[0] & words[1])
        self.matcher = PhraseGroup(nlp) if self.shared else PhraseMatcher(nlp.vocab, attr="LOWER")
        patterns = []
        for key, docs in lists:
            self.matcher.add(key, docs)
            patterns += docs
        # Words one of which an article must hold for any phrase to match (checked before its own matcher).
        self.gate = phrase_gate(patterns)
        self.cue_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        cues = o.get("context_cues", [])
        if cues:
            self.cue_matcher.add("cue", list(nlp.tokenizer.pipe(cues)))
        self.life_verbs = {w.lower() for w in o.get("life_verbs", [])}
        self.reasons = {k.lower(): v for k, v in o.get("reasons", {}).items()}

    def _reason(self, phrase: str) -> str:
        for word in phrase.split():
            for key, reason in self.reasons.items():
                if word.startswith(key):
                    return reason
        return "safe-messaging guidelines ask for other wording"

    def check(self, ctx):
        from spacy.util import filter_spans

        doc, text = ctx.doc, ctx.text
        if self.shared:
            matches = self.matcher(ctx)
            label = self.matcher.labels
        else:
            if not may_match(ctx, self.gate):
                return
            matches = self.matcher(doc)
            label = self.nlp.vocab.strings
        if not matches:
            return
        kinds = {(s, e): label[mid] for mid, s, e in matches}
        spans = filter_spans([doc[s:e] for _, s, e in matches])
        cue_sents = None
        for span in spans:
            start, end = span.start_char, span.end_char
            phrase = " ".join(t.lower_ for t in span)
            if kinds.get((span.start, span.end)) == "context":
                if cue_sents is None:
                    cue_sents = {ctx.sentence_index(s) for _, s, _ in self.cue_matcher(doc)}
                if ctx.sentence_index(span.start) not in cue_sents:
                    continue
                nxt = doc[span.end:span.end + 2]
                if len(nxt) == 2 and nxt[0].lower_ == "to" and nxt[1].lower_ not in self.life_verbs:
                    continue  # "a failed attempt to log in"
                advice = self.context_terms.get(phrase)
            else:
                advice = self.terms.get(phrase)
            if advice is None:  # the phrase as written differs from the key (spacing, hyphens)
                advice = (self.terms.get(span.text.lower()) or self.context_terms.get(span.text.lower()))
                if advice is None:
                    continue
            if in_quotes(ctx, start, end) or is_mention(ctx, start, end) or in_reference_list(ctx, start):
                continue
            suggestion, replacement = _suggestion(text[start:end], advice)
            fix = None
            if replacement is not None:
                if text[start].isupper():
                    replacement = replacement[:1].upper() + replacement[1:]
                fix = [Edit(start, end, replacement)]
            yield self.finding(
                start, end,
                f"'{text[start:end]}': {self._reason(phrase)}",
                suggestion=suggestion,
                fix=fix,
            )


RULE = UnsafeSuicideLanguage
