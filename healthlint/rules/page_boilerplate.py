"""## page-boilerplate

**What it does**
Finds text scraped along with the article that no reader needs: share and
reaction widgets ("Like 12 Share Tweet", "👍 3 ❤️ 1"), "Related posts" and
"Read more" blocks, comment-form notices ("Leave a reply", "Your email
address will not be published"), category links ("Posted in Addiction,
Recovery"), cookie banners and navigation crumbs ("Home > Treatment > IOP").
It reports one finding per run of such lines.

Lines are scored on features, not only matched against a phrase list, so
residue from templates nobody listed is caught too: a line is residue when it
carries a known template phrase; or when it has page-widget features
(separators such as ``|`` ``>`` ``•``, emoji, bare counters, widget words)
and is not shaped like a sentence; or when it sits after the article's last
prose paragraph and is not a sentence (short, no sentence-final punctuation,
no function words, mostly capitalised words) in a block with no byline,
contact details or list.  Headings (followed by prose or a list), list items,
bylines, signatures and date lines, contact lines (phone numbers, web
addresses: a resource list) and a references list are not residue.  The line classification is shared with ``readability``
(``healthlint/structure.py``).

**Why it matters**
Scraped page furniture tells readers and search engines the page was copied
or assembled carelessly; Google's spam policies treat scraped content as low
quality, and the NHS Standard for creating health content asks for a clean,
reviewed text.  Residue also pollutes readability scores and quotes.

**Example**
```
Outpatient programs let people keep working while they are treated.

Like 12  Share  Tweet
Posted in Addiction, Recovery
Leave a reply
```

**Use instead**
Delete the lines: share buttons, related-post lists, comment forms and category
links belong to the page template, not the article text.

**Options**
- ``residue_phrases``: phrases that mark a line as residue wherever they occur
  on it ("we use cookies", "all rights reserved").
- ``widget_phrases``: phrases that mark a line as residue when it starts with
  them or they make up most of it ("read more", "posted in", "leave a reply").
- ``widget_words``: single words of share and reaction widgets (share, tweet,
  like...); a short line made mostly of them (and counters) is residue.
- ``keep_line_starts``: line openings that are never residue (bylines and
  dates: "by", "medically reviewed by", "last updated"...).
- ``credentials``: a line "Name Surname, RN" is a signature, never residue.
- ``separators``: characters that separate navigation items ("|", ">", "•").
- ``short_line_words``: lines with at most this many words count as short.
- ``residue_score``: the not-a-sentence score (0 to 4) that makes a line after
  the last paragraph residue, and the combined score for a widget-like line.
- ``run_score``: the score a short line next to residue needs to join the run.
- ``max_phrase_line_words``: longer lines are never residue by phrase.

**Default severity**
warning: residue is a real defect of the published page, but it misleads
no one about health.

**References**
Google Search spam policies (scraped content); NHS Standard for creating
health content (2022), content review.
"""
from __future__ import annotations

from .base import Rule


def _quote(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class PageBoilerplate(Rule):
    id = "page-boilerplate"
    summary = "Share widgets, related-post lists, comment forms and other page residue in the article text."
    category = "integrity"
    guideline = "Google spam policies (scraped content)"
    fixable = False

    def setup(self, nlp):
        from ..structure import structure

        self._structure = structure

    def check(self, ctx):
        st = self._structure(ctx)
        if not st.residue_runs:
            return
        text = ctx.text
        kinds = st.kinds
        if "prose" in kinds:
            first_prose, last_prose = kinds.index("prose"), len(kinds) - 1 - kinds[::-1].index("prose")
        else:
            first_prose, last_prose = -1, -1
        for start, end, idxs in st.residue_runs:
            quote = _quote(text[st.starts[idxs[0]]:st.ends[idxs[0]]].strip())
            where = "after the article" if idxs[0] > last_prose else (
                "before the article" if idxs[0] < first_prose else "inside the article")
            count = len(idxs)
            lines = f" ({count} lines)" if count > 1 else ""
            s = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            yield self.finding(
                s,
                end,
                f"page residue {where}: '{quote}'{lines}",
                suggestion="Delete it: share buttons, related posts, comment forms and category links "
                "belong to the page template, not the article.",
            )


RULE = PageBoilerplate
