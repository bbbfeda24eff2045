"""## missing-references

**What it does**
Reports an article longer than ``min_words`` (default 300) that has neither
a references section ("References", "Sources", "Further reading"... the shared
``cues.reference_headings``) nor inline citations (a sentence with a citation
cue: "according to", a named agency or journal, ``[1]``, ``(Smith, 2021)``, a
URL, DOI or PMID; the shared ``cues`` lists).  The finding points at the end
of the article, where a references list belongs.

**Why it matters**
Attribution is one of the JAMA benchmarks: readers cannot check a health
article, and editors cannot review it, when it names none of the sources its
statements rest on.  DISCERN (question 4) and the NHS Standard for creating
health content ask for the same.

**Example**
A 600-word article on outpatient treatment that cites no study, guideline or
agency and ends without a reference list.

**Use instead**
Cite the sources where they are used ("according to SAMHSA's 2023 survey") and
end with a list:
```
References
1. Substance Abuse and Mental Health Services Administration. ... 2023.
```

**Options**
- ``min_words``: shorter articles are not checked.
- ``min_cited_sentences``: the number of sentences with a citation cue that
  counts as inline attribution.

**Default severity**
info: a short explainer can be accurate without citations; the finding is a
prompt for the editor, not a defect in the text.

**References**
JAMA benchmarks (Silberg et al., JAMA 1997): attribution; DISCERN question 4;
HONcode principle 4 (attribution).
"""
from __future__ import annotations

import re

from .base import Rule

_WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


class MissingReferences(Rule):
    id = "missing-references"
    summary = "A long article with no references section and no inline citations (JAMA attribution)."
    category = "provenance"
    guideline = "JAMA benchmarks (attribution)"
    fixable = False
    document_level = True

    def check(self, ctx):
        from ..cues import citation_sentences, reference_section_start

        text = ctx.text
        limit = self.options["min_words"]
        # A word and the character after it: fewer characters than that cannot hold enough words.
        if (len(text) + 1) // 2 <= limit:
            return
        # The three conditions in any order give the same answer; the citation cues and the
        # references heading are shared with other rules (computed once per article), so they
        # come before the word count, which only this rule needs.
        if reference_section_start(ctx) is not None:
            return
        if sum(citation_sentences(ctx)) >= self.options["min_cited_sentences"]:
            return
        # Counted in C without a match object per word, stopping after limit + 1 words.
        if _WORDS.subn("", text, count=limit + 1)[1] <= limit:
            return
        total = _WORDS.subn("", text)[1]
        # The last non-blank line, from its first to its last non-space character.
        e = len(text.rstrip())
        if e:
            ls = text.rfind("\n", 0, e) + 1
            line = text[ls:e]
            s = ls + len(line) - len(line.lstrip())
        else:
            s, e = 0, 1
        yield self.finding(
            s,
            e,
            f"{total}-word article names no sources: no references section and no inline citations "
            "(a references list belongs at the end)",
            suggestion="Cite the studies, guidelines or agencies the article relies on, and end with a "
            "'References' list.",
        )


RULE = MissingReferences
