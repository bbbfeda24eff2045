"""## missing-author

**What it does**
Reports an article that names neither an author nor a medical reviewer.  It
reads bylines from the text ("By Jane Doe, RN", "Written by ...",
"Medically reviewed by Dr. Ana Ruiz, MD", "Author: ...") and the ``author``
and ``reviewer`` fields of the front matter or HTML meta tags.  A byline is a
label at the start of a line followed by a name of at least two capitalised
words ("By Monday, most patients..." is not one), or a team ("By the Editorial
Team"); on a short line, also after a separator or a full stop ("Updated 2
March 2026 · By Dana Reyes, RN"); "written/reviewed/fact-checked by NAME"
counts anywhere in a line.
The finding points at the article's first line, where a byline belongs.

**Why it matters**
Authorship is the first of the JAMA benchmarks for health information on the
web: readers, and search engines rating "your money or your life" pages,
judge trust by who wrote a page and with what credentials.

**Example**
```
Intensive Outpatient Programs

Intensive outpatient programs let people keep working while they are treated.
```

**Use instead**
```
Intensive Outpatient Programs
By Jane Doe, RN. Medically reviewed by Ana Ruiz, MD.
```
or ``author:`` / ``reviewer:`` in the front matter.

**Options**
- ``byline_labels``: labels that open a byline line ("by", "written by",
  "medically reviewed by", "author:").
- ``inline_labels``: labels that make a byline anywhere in a line
  ("written by", "reviewed by").
- ``team_words``: last words of a corporate byline ("team", "staff", "editors").
- ``metadata_keys``: front-matter / meta fields that name an author or reviewer.
- ``max_byline_words``: a longer line is prose, not a byline.

**Default severity**
info: an unsigned page may still be accurate; the byline is a trust signal
editors add, not an error in the text.  Raise it in a project file for sites
that require bylines.

**References**
JAMA benchmarks (Silberg, Lundberg and Musacchio, JAMA 1997): authorship;
QUEST (Robillard et al., 2018): authorship; Google Search quality rater
guidelines (E-E-A-T).
"""
from __future__ import annotations

import re
from itertools import repeat

from ._caseless import lower_is_exact, lower_is_exact_text
from .base import Rule

_NAME = (
    r"(?:(?:Dr|Prof|Mr|Mrs|Ms|Mx)\.?\s+)?"
    r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|del|da|van|von|der|la|le|bin|al))+"
)


_FIRST_LINE = re.compile(r"\S[^\n]*")
# What may stand before a byline on its line (_segment), and the line break it may not cross.
_SEGMENT_STOPS = ("·", "|", "•", "—", "–", ".", "\n")


def first_line_span(text: str) -> tuple[int, int]:
    """Offsets of the first non-blank line of ``text`` (the place a byline or date belongs)."""
    m = _FIRST_LINE.search(text)
    if not m:
        return 0, min(len(text), 1)
    return m.start(), len(m.group(0).rstrip()) + m.start()


def _keyed(labels) -> list[tuple[str, list[tuple[str, int]]]]:
    """Labels grouped under a part of 3 characters or more they share (" by" for "written by"
    and "edited by"; ``scan.keyed_by_shared_part``)."""
    from ..scan import keyed_by_shared_part

    return keyed_by_shared_part(labels, 3)


class MissingAuthor(Rule):
    id = "missing-author"
    summary = "No author or medical reviewer named (JAMA authorship benchmark)."
    category = "provenance"
    guideline = "JAMA benchmarks (authorship)"
    fixable = False
    document_level = True

    def setup(self, nlp):
        o = self.options

        def alt(items):
            return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))

        team = alt(o["team_words"])
        name = rf"(?:{_NAME}|[Tt]he\s+(?:[A-Z][\w'’.-]*\s+){{0,4}}(?i:{team}))"
        line = rf"[ \t>*_#•-]*(?:{alt(o['byline_labels'])})[ \t]*:?[ \t]+(?-i:{name})"
        self._line = re.compile("^" + line, re.MULTILINE | re.IGNORECASE)
        # A byline after a date on the same short line, past a separator or a full stop
        # ("Updated 2 March 2026 · By Dana Reyes, RN", "Last reviewed: 2 March 2026. By ...").
        self._segment = re.compile(
            rf"(?P<sep>[·|•—–]|(?<=\.))[ \t]+(?P<label>{alt(o['byline_labels'])})[ \t]*:?[ \t]+(?-i:{name})",
            re.IGNORECASE)
        # The same after a line break: a literal first character lets re scan for it,
        # where "^" is tried at every character.
        self._line_nl = re.compile("\n" + line, re.IGNORECASE)
        self._inline = re.compile(rf"\b(?:{alt(o['inline_labels'])})[ \t]*:?[ \t]+(?-i:{name})", re.IGNORECASE)
        self._inline_labels = tuple(sorted({i.lower() for i in o["inline_labels"]}))
        # (An empty label is in every text: then the labels are tested one by one.)
        self._inline_keyed = _keyed(self._inline_labels) if all(self._inline_labels) else None
        # Few words, one of which every byline label holds ("by" for "written by"...): a byline
        # line holds one of them (found with str.find in the lower-cased text).
        keys: list[str] = []
        for label in sorted({lab.lower() for lab in o["byline_labels"]}, key=len):
            if not any(k in label for k in keys):
                keys.append(min(label.split() or [label], key=len))
        one_line = not any("\n" in lab or "\r" in lab for lab in o["byline_labels"])
        self._line_keys = tuple(keys) if keys and all(keys) and one_line else None

    def byline(self, text: str, lower: str | None = None, exact: bool | None = None) -> re.Match | None:
        """The first byline in ``text``: a labelled short line, or "written/reviewed by NAME" anywhere.

        ``lower``: ``text.lower()`` when the caller has it; ``exact``: ``lower_is_exact_text(text)``
        when the caller has it.
        """
        limit = self.options["max_byline_words"]
        if lower is None:
            lower = text.lower()
        exact = len(lower) == len(text) and (lower_is_exact_text(text) if exact is None else exact)
        for start, m in self._line_matches(text, lower if exact else None):
            le = text.find("\n", m.end())
            line = text[start: le if le != -1 else len(text)]
            if len(line.split()) <= limit:
                return m
        m = self.first_segment_byline(text, self._segment_matches(text, lower if exact else None))
        if m is not None:
            return m
        # Only around each " by " (fast on long articles).
        # A match holds one of the labels: skip windows (or the whole text) without one.
        labels = self._inline_labels if exact else None
        if labels is not None and self._inline_keyed is not None:
            # The windows that hold a label are those of the "by"s near a label: found from the
            # few label occurrences instead of testing every "by"'s window.
            spans = self._inline_label_spans(lower)
            if not spans:
                return None
            n = len(text)
            cands: set[int] = set()
            for p, e in spans:  # window [i-40, i+200] holds [p, e): e-200 <= i <= p+40
                i = lower.find("by", max(1, e - 200), p + 42)
                while i != -1:
                    cands.add(i)
                    i = lower.find("by", i + 2, p + 42)
            for i in sorted(cands):
                if lower[i - 1].isspace():
                    m = self._inline.search(text, max(0, i - 40), min(n, i + 200))
                    if m:
                        return m
            return None
        if labels is not None and not self._any_inline_label(lower):
            return None
        i = lower.find("by", 1)
        while i != -1:
            if lower[i - 1].isspace():
                a, b = max(0, i - 40), min(len(text), i + 200)
                if labels is not None and not any(lower.find(lab, a, b) != -1 for lab in labels):
                    m = None
                else:
                    m = self._inline.search(text, a, b)
                if m:
                    return m
            i = lower.find("by", i + 2)
        return None

    def first_segment_byline(self, text: str, matches) -> re.Match | None:
        """The first of ``_segment``'s ``matches`` that is a byline: on a short line, and after a
        full stop capitalised ("By", not prose's "by")."""
        limit = self.options["max_byline_words"]
        for m in matches:
            if not m.group("sep") and not m.group("label")[0].isupper():
                continue
            ls = text.rfind("\n", 0, m.start()) + 1
            le = text.find("\n", m.end())
            if len(text[ls: le if le != -1 else len(text)].split()) <= limit:
                return m
        return None

    def _segment_matches(self, text: str, lower: str | None = None):
        """``_segment`` matches, in order.  With ``lower`` (exact), tried only at the separator or
        full stop nearest before each label word (a key of ``_line_keys``) on its line: most
        articles have a few such words and hundreds of full stops."""
        if lower is None or self._line_keys is None:
            yield from self._segment.finditer(text)
            return
        starts = set()
        for key in self._line_keys:
            i = lower.find(key)
            while i != -1:
                lo = max(0, i - 80)
                cut = max(map(text.rfind, _SEGMENT_STOPS, repeat(lo), repeat(i)))
                if cut != -1 and text[cut] != "\n":
                    starts.add(cut + 1 if text[cut] == "." else cut)
                i = lower.find(key, i + 1)
        for p in sorted(starts):
            m = self._segment.match(text, p)
            if m is not None:
                yield m

    def _inline_label_spans(self, lower: str) -> list[tuple[int, int]]:
        """(start, end) of every occurrence of an inline label, from the parts they share."""
        find, startswith = lower.find, lower.startswith
        spans = []
        for key, members in self._inline_keyed:
            i = find(key)
            while i != -1:
                for label, off in members:
                    if i >= off and startswith(label, i - off):
                        spans.append((i - off, i - off + len(label)))
                i = find(key, i + 1)
        return spans

    def _any_inline_label(self, lower: str) -> bool:
        """``any(label in lower for label in self._inline_labels)``, by one scan per shared part.

        Every label holds its group's key at a known offset ("written by" holds " by"
        at 7): each occurrence of a key is asked for the labels around it.
        """
        if self._inline_keyed is None:
            return any(lab in lower for lab in self._inline_labels)
        find, startswith = lower.find, lower.startswith
        for key, members in self._inline_keyed:
            i = find(key)
            while i != -1:
                for label, off in members:
                    if i >= off and startswith(label, i - off):
                        return True
                i = find(key, i + 1)
        return False

    def _line_matches(self, text: str, lower: str | None = None):
        """(line start, match) for each ``_line.finditer(text)`` match, found by scanning for line breaks.

        With ``lower`` (``text`` lower-cased, where case-insensitive matching of the
        ASCII labels is exact), only the lines holding a label word are tried.
        """
        if lower is not None and self._line_keys is not None:
            yield from self._keyed_line_matches(text, lower)
            return
        pos = 0
        m = self._line.match(text)
        if m:
            yield 0, m
            pos = m.end()
        while True:
            m = self._line_nl.search(text, pos)
            if m is None:
                return
            yield m.start() + 1, m
            pos = m.end()

    def _keyed_line_matches(self, text: str, lower: str):
        """``_line_matches`` tried at the starts of the lines that hold a label word only.

        A match starts at a line start and its label, on that line, holds a key; the
        candidate starts are tried in order, skipping those inside the previous match.
        """
        starts: set[int] = set()
        find, rfind = lower.find, lower.rfind
        for key in self._line_keys:
            i = find(key)
            while i != -1:
                starts.add(rfind("\n", 0, i) + 1)
                nl = find("\n", i)
                if nl == -1:
                    break
                i = find(key, nl)  # the rest of this line is already a candidate
        pos = 0
        for ls in sorted(starts):
            if ls and ls - 1 < pos:  # _line_nl.search(text, pos) finds no "\n" before pos
                continue
            m = self._line.match(text, 0) if ls == 0 else self._line_nl.match(text, ls - 1)
            if m is not None:
                yield ls, m
                pos = m.end()

    def check(self, ctx):
        meta = ctx.document.metadata or {}
        if any(str(meta.get(k) or "").strip() for k in self.options["metadata_keys"]):
            return
        text = ctx.text
        # ctx.lower is text.lower() unless that would lengthen a character ("İ", the only one).
        if self.byline(text, ctx.lower if "\u0130" not in text else None, lower_is_exact(ctx)):
            return
        s, e = first_line_span(ctx.text)
        yield self.finding(
            s,
            e,
            "no author or medical reviewer named (a byline belongs at the top, under the title)",
            suggestion="Add a byline with credentials, e.g. 'By NAME, RN. Medically reviewed by NAME, MD', "
            "or set author: / reviewer: in the front matter.",
        )


RULE = MissingAuthor
