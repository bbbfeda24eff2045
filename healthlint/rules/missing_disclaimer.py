"""## missing-disclaimer

**What it does**
Finds articles that never say they are information rather than a substitute
for professional medical advice.  The finding is about the whole article: it
points at the last sentence, where a disclaimer usually goes.

A disclaimer counts when the article has

* a phrase that is a disclaimer on its own: "for informational purposes
  only", "not a substitute for professional medical advice", "does not
  constitute medical advice", "Nothing here is medical advice"; or
* a limitation ("for general information", "does not replace advice from...",
  "not medical advice", "no doctor-patient relationship") with a professional
  ("your doctor", "a qualified health professional", "pharmacist") in the same
  or the next or previous sentence: "This guide is for general information and
  does not replace advice from your doctor."

"Talk to your doctor" alone is good advice, not a disclaimer.

**Why it matters**
Readers act on health articles.  Saying plainly that the article cannot
replace a professional who knows the reader's situation is HONcode's
"complementarity" principle and a QUEST criterion, and publishers expect it.

**Example**
```text
Most people with mild hay fever manage it with antihistamines.
```

**Use instead**
```text
Most people with mild hay fever manage it with antihistamines.

This article is for general information and is not a substitute for
professional medical advice. Talk to your doctor or pharmacist about your
own situation.
```

**Options** (`rules.yaml`, section `missing-disclaimer`)
- `site_disclaimer`: `true` when the site's template prints the disclaimer on
  every page; the rule then reports nothing.  Per article, Markdown front
  matter `disclaimer: site` (or an HTML `<meta name="disclaimer"
  content="site">`) does the same; `site_values` lists the values that mean it.
- `strong_patterns`: regular expressions (Python, case-insensitive) that are a
  disclaimer on their own.
- `limitation_patterns`: regular expressions for a limitation, which count with
  one of `professional_cues` in the same or an adjacent sentence.
- `professional_cues`: words for a qualified professional (whole words, any case).

**Default severity** warning: a missing disclaimer is a gap publishers are
expected to close, but not a direct danger to the reader.

**References**
HONcode principle 2, complementarity (Health On the Net, 1996 to 2022);
QUEST (Robillard et al., 2018), complementarity item.
"""
from __future__ import annotations

import bisect
import re

from ._caseless import AnyOf
from .base import Rule


class MissingDisclaimer(Rule):
    id = "missing-disclaimer"
    summary = "The article never says it is information, not a substitute for professional medical advice."
    category = "provenance"
    guideline = "HONcode complementarity"
    fixable = False
    document_level = True
    MAX_SPAN = 160

    def setup(self, nlp) -> None:
        o = self.options
        self.strong = AnyOf(o.get("strong_patterns", []))
        self.limitation = AnyOf(o.get("limitation_patterns", []))
        words = sorted({w for w in o.get("professional_cues", []) if w}, key=len, reverse=True)
        # One pattern per word: (?<!\w)(?:w1|w2...)(?!\w) tried as the alternation of the words' own
        # patterns (the same matches); "\b" before a word character is that look-behind.
        self.professional = AnyOf([
            (r"\b" if w[0].isalnum() or w[0] == "_" else r"(?<!\w)")
            + r"[\s-]+".join(map(re.escape, w.split())) + r"(?!\w)"
            for w in words
        ])
        self.site_values = {str(v).strip().lower() for v in o.get("site_values", [])}

    def has_disclaimer(self, ctx) -> bool:
        """A strong phrase anywhere, or a limitation with a professional in the same or an adjacent sentence.

        Three whole-text scans at most (no per-sentence work), each only for the
        patterns whose literal words are in the text; sentences only by their start offsets.
        """
        if self.strong.search_any(ctx):
            return True
        limits = self.limitation.starts(ctx)
        if not limits:
            return False
        starts = ctx.sentence_starts

        def sent_of(offset: int) -> int:
            return bisect.bisect_right(starts, offset) - 1

        wanted = set()
        for off in limits:
            k = sent_of(off)
            wanted.update((k - 1, k, k + 1))
        for off in self.professional.starts(ctx):
            if sent_of(off) in wanted:
                return True
        return False

    def check(self, ctx):
        if self.options.get("site_disclaimer", False):
            return
        meta = ctx.document.metadata.get("disclaimer")
        if isinstance(meta, str) and (
            meta.strip().lower() in self.site_values or (self.strong.all and self.strong.all.slow.search(meta))
        ):
            return
        if self.has_disclaimer(ctx):
            return
        if ctx.sentence_bounds:
            start, end = ctx.sentence_bounds[-1]
            text = ctx.text
            while end > start and text[end - 1].isspace():
                end -= 1
            if end - start > self.MAX_SPAN:  # a long last "sentence" (a flattened list): point at its end
                cut = text.find(" ", end - self.MAX_SPAN, end)
                start = cut + 1 if cut != -1 else end - self.MAX_SPAN
            where = "at the end of the article"
        else:
            start, end = 0, len(ctx.text.split("\n", 1)[0])
            where = "on the first line"
        yield self.finding(
            start,
            end,
            "no disclaimer anywhere in the article: nothing says it is general information, "
            "not a substitute for professional medical advice (reported " + where + ")",
            suggestion=(
                "End the article with a disclaimer, e.g. \"This article is for general information and is not "
                "a substitute for professional medical advice. Talk to your doctor or another qualified health "
                "professional about your own situation.\" If your site's template prints one, set "
                "`site_disclaimer: true` or front matter `disclaimer: site`."
            ),
        )


RULE = MissingDisclaimer
