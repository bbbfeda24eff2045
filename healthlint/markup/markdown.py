"""Markdown articles: CommonMark (pulldown-cmark, via pyromark) prose mapped back to exact source positions.

The document is parsed by pulldown-cmark, the Rust CommonMark parser of
rustdoc and mdBook (through its Python bindings, pyromark), with GFM tables
and strikethrough.  It yields a flat stream of events (start and end of each
block and inline element, text runs, code, HTML, line breaks), each with the
byte range of the source it came from; ranges are turned into character
offsets (the identity for ASCII sources).  Each prose character is copied
from the source characters it came from: a text run equal to its source
slice is copied as it is; an entity (``&amp;``) maps to the whole entity, a
backslash escape (``\\*``) to the escaped character.  YAML (``---``) and TOML
(``+++``) front matter is read here and masked out of the parser's view.

What is linted: paragraphs, headings, list items, block quotes and table
cells, with link text kept.  Skipped: fenced and indented code, inline code,
HTML comments and tags (the text inside an HTML block is linted as HTML
visible text), link and image destinations and titles, images (their alt
text is not prose on the page), autolinks, and front matter.  Headings, list
items, table cells and hard line breaks (and ``<br>``) start a new block (a
sentence never runs across one).  A soft line break is a line break in the
prose.  Suppression directives live in HTML comments (inline or blocks).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import accumulate

from ..documents import (
    Directive,
    Document,
    Metadata,
    TextBuilder,
    comment_directive,
    line_starts,
    provenance_from_mapping,
)
from .html import HtmlExtractor, normalise_newlines

_TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
_BR = re.compile(r"</?br\b", re.IGNORECASE)
# 1 for a byte that starts a UTF-8 character, 0 for a continuation byte.
_CHAR_START = bytes(0 if 0x80 <= b < 0xC0 else 1 for b in range(256))
# Block-level elements: each start and end closes the current block of prose.
_CONTAINERS = {"Item": "list_item", "BlockQuote": "block_quote", "TableCell": "table"}
# Links whose text is their destination (<https://...>, <a@b.org>): not prose.
_AUTOLINKS = frozenset({"Autolink", "Email"})
# Events after a code span that keep it inside the same line of the block.
_INLINE_ENDS = frozenset({"Emphasis", "Strong", "Strikethrough", "Link", "Image"})


@lru_cache(maxsize=1)
def _parser():
    import pyromark

    opts = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
    return pyromark.events_with_range, opts


def _yaml_front_matter(view: str) -> tuple[str, int] | None:
    """YAML front matter at the top of ``view``: (content, end offset), or None.

    The rules of the usual front-matter plugins (markdown-it-front-matter):
    a first line starting with three or more ``-``, closed by a line of at
    least as many ``-`` (indented less than four columns, trailing blanks
    allowed) or by ``...`` at column 0; an unclosed block is not front matter.
    """
    if not view.startswith("---"):
        return None
    nl = view.find("\n")
    if nl < 0:
        return None
    first = view[:nl]
    markers = len(first) - len(first.lstrip("-"))
    pos = nl + 1
    n = len(view)
    while pos < n:
        end = view.find("\n", pos)
        if end < 0:
            end = n
        line = view[pos:end]
        body = line.lstrip(" \t")
        if line.startswith("...") and not line[3:].strip(" \t"):
            return view[nl + 1:max(pos - 1, nl + 1)], min(end + 1, n)
        if body.startswith("-"):
            indent = line[: len(line) - len(body)]
            if len(indent.expandtabs(4)) < 4:
                dashes = len(body) - len(body.lstrip("-"))
                if dashes >= markers and not body[dashes:].strip(" \t"):
                    return view[nl + 1:max(pos - 1, nl + 1)], min(end + 1, n)
        pos = end + 1
    return None


def _mask(s: str) -> str:
    """Blank out every character but line breaks (same length, same lines)."""
    return re.sub(r"[^\n]", " ", s)


class _HtmlBlockBuilder:
    """The builder seen by an HTML block inside a container: the container's
    markers between the block's lines (``> `` of a block quote) are not copied."""

    def __init__(self, builder: TextBuilder, gaps: list[tuple[int, int]]):
        self._b = builder
        self._gaps = gaps

    def __getattr__(self, name):
        return getattr(self._b, name)

    @property
    def length(self) -> int:
        return self._b.length

    @property
    def at_block_start(self) -> bool:
        return self._b.at_block_start

    def copy(self, src_start: int, src_end: int) -> None:
        pos = src_start
        for gs, ge in self._gaps:
            if ge <= pos or gs >= src_end:
                continue
            self._b.copy(pos, gs)
            pos = max(pos, ge)
        self._b.copy(pos, src_end)


class _MarkdownReader:
    def __init__(self, path: str, source: str):
        self.path = path
        self.source = source
        self.src = normalise_newlines(source)  # same length; the parser's view
        self._lines: list[int] | None = None
        self.builder = TextBuilder(source)
        self.directives: list[Directive] = []
        self.non_prose: list[tuple[int, int, str]] = []
        self.metadata = Metadata()

    def line_no(self, offset: int) -> int:
        """1-based source line of ``offset``."""
        if self._lines is None:
            self._lines = line_starts(self.src)
        return bisect.bisect_right(self._lines, offset)

    # -- front matter --------------------------------------------------------
    def front_matter(self) -> str:
        """Read TOML or YAML front matter; return the parser's view with it blanked out."""
        src = self.src
        m = _TOML_FRONT_MATTER.match(src)
        if m:
            try:
                import tomllib
            except ModuleNotFoundError:  # pragma: no cover - Python 3.10
                import tomli as tomllib
            try:
                self.metadata.update(provenance_from_mapping(tomllib.loads(m.group(1) or "")))
            except tomllib.TOMLDecodeError:
                pass
            return _mask(m.group(0)) + src[m.end():]
        found = _yaml_front_matter(src)
        if found:
            content, end = found
            self.yaml_front_matter(content)
            return _mask(src[:end]) + src[end:]
        return src

    def yaml_front_matter(self, content: str) -> None:
        import yaml

        try:
            data = yaml.safe_load(content)
        except yaml.YAMLError:
            return
        for k, v in provenance_from_mapping(data).items():
            self.metadata.setdefault(k, v)

    # -- prose -----------------------------------------------------------------
    def text_run(self, text: str, s: int, e: int) -> None:
        """Emit ``text``, which the parser read from source[s:e]."""
        b = self.builder
        raw = self.src[s:e]
        if raw == text:
            b.copy(s, e)
            return
        if len(text) == 1 or len(raw) == 1:  # an entity, or one escaped character
            b.replace(text, s, e)
            return
        # Align: copy the common head and tail, replace what differs between them.
        n = min(len(text), len(raw))
        head = 0
        while head < n and text[head] == raw[head]:
            head += 1
        tail = 0
        while tail < n - head and text[-1 - tail] == raw[-1 - tail]:
            tail += 1
        b.copy(s, s + head)
        b.replace(text[head:len(text) - tail], s + head, e - tail)
        b.copy(e - tail, e)

    def html_block(self, start: int, end: int, pieces: list[tuple[int, int]]) -> None:
        b = self.builder
        gaps = [(pieces[k][1], pieces[k + 1][0]) for k in range(len(pieces) - 1)
                if pieces[k][1] < pieces[k + 1][0] and self.src[pieces[k][1]:pieces[k + 1][0]].strip()]
        b.block()
        if gaps:
            # Container markers inside the block (a quoted <div>): the HTML parser
            # sees blanks there and their characters are never copied into the prose.
            view = list(self.source[start:end])
            for gs, ge in gaps:
                view[gs - start:ge - start] = _mask(self.src[gs:ge])
            masked = self.source[:start] + "".join(view) + self.source[end:]
            ex = HtmlExtractor(masked, start, end, _HtmlBlockBuilder(b, gaps)).run()
        else:
            ex = HtmlExtractor(self.source, start, end, b).run()
        self.directives.extend(ex.directives)
        self.non_prose.extend(ex.non_prose)
        b.block()

    def read(self) -> Document:
        view = self.front_matter()
        events_with_range, options = _parser()
        events = list(events_with_range(view, options=options))
        # Ranges are UTF-8 byte offsets: table[byte offset] = character offset.
        table = None if view.isascii() else list(
            accumulate(view.encode("utf-8").translate(_CHAR_START), initial=0))
        src = self.src
        source = self.source
        n_src = len(src)
        b = self.builder
        non_prose = self.non_prose
        open_blocks: list[tuple[str, int]] = []  # (kind, text offset) of items, quotes, cells, headings
        skip = 0  # inside code blocks, images and autolinks: no prose
        links: list[bool] = []  # per open link: is its text hidden (an autolink)?
        html: list[tuple[int, int]] | None = None  # the pieces of the open HTML block
        html_start = 0
        line_begin = True  # nothing of the current line of the block emitted yet
        n_events = len(events)
        for i in range(n_events):
            ev, rng = events[i]
            if ev.__class__ is str:
                if skip or html is not None:
                    continue
                if ev == "SoftBreak":
                    e = rng["end"]
                    if table is not None:
                        e = table[e]
                    nl = src.rfind("\n", 0, e)
                    if source[nl] == "\n":
                        b.copy(nl, nl + 1)  # (what replace() does when the text is the source's)
                    else:
                        b.replace("\n", nl, nl + 1)
                    line_begin = True
                elif ev == "HardBreak":
                    b.block()  # rendered as <br>: ends the sentence
                    line_begin = True
                # "Rule" (a thematic break): no prose
                continue
            value = ev.get("Text")  # the most frequent event: one look-up, no unpacking
            if value is not None:
                if skip or html is not None:
                    continue
                s, e = rng["start"], rng["end"]
                if table is not None:
                    s, e = table[s], table[e]
                if src[s:e] == value:
                    b.copy(s, e)
                elif value:
                    self.text_run(value, s, e)
                line_begin = False
                continue
            [(kind, value)] = ev.items()
            if kind == "Start":
                if value.__class__ is dict:
                    [(el, attrs)] = value.items()
                else:
                    el, attrs = value, None
                if el in _CONTAINERS or el == "Heading":
                    b.block()
                    open_blocks.append((_CONTAINERS.get(el, "heading"), b.length))
                    line_begin = True
                elif el == "Link":
                    hidden = bool(skip) or attrs["link_type"] in _AUTOLINKS
                    links.append(hidden)
                    skip += hidden
                    line_begin = False
                elif el == "Image":
                    skip += 1
                    line_begin = False
                elif el == "CodeBlock":
                    skip += 1
                    b.block()
                elif el == "HtmlBlock":
                    html = []
                    html_start = table[rng["start"]] if table is not None else rng["start"]
                elif el in _INLINE_ENDS:
                    line_begin = False
                else:  # Paragraph, List, Table, TableHead, TableRow...
                    b.block()
                    line_begin = True
            elif kind == "End":
                el = value if value.__class__ is str else next(iter(value))
                if el in _CONTAINERS or el == "Heading":
                    if open_blocks:
                        name, start = open_blocks.pop()
                        if b.content_end() > start:
                            non_prose.append((start, b.content_end(), name))
                    b.block()
                    line_begin = True
                elif el == "Link":
                    if links and links.pop():
                        skip -= 1
                elif el == "Image" or el == "CodeBlock":
                    skip -= 1
                elif el == "HtmlBlock":
                    pieces, html = html, None
                    if pieces:
                        e = rng["end"]
                        if table is not None:
                            e = table[e]
                        self.html_block(html_start, e, pieces)
                    line_begin = True
                elif el not in _INLINE_ENDS:
                    b.block()
                    line_begin = True
            elif kind == "Code":
                if skip:
                    continue
                s, e = rng["start"], rng["end"]
                if table is not None:
                    s, e = table[s], table[e]
                if (not line_begin and s > 0 and e < n_src and not src[s - 1].isspace()
                        and not src[e].isspace() and i + 1 < n_events):
                    nxt = events[i + 1][0]
                    if nxt.__class__ is dict:
                        [(nk, nv)] = nxt.items()
                        inside = nk != "End" or nv in _INLINE_ENDS
                    else:
                        inside = nxt == "HardBreak"  # "`x`\\" + line break
                    if inside:
                        # "dose`x`daily": keep the words apart, as the rendered code does.
                        b.replace(" ", s, e)
                line_begin = False
            elif kind == "Html":
                if html is not None:
                    s, e = rng["start"], rng["end"]
                    if table is not None:
                        s, e = table[s], table[e]
                    html.append((s, e))
            elif kind == "InlineHtml":
                if skip:
                    continue
                line_begin = False
                if value.startswith("<!--"):
                    s, e = rng["start"], rng["end"]
                    if table is not None:
                        s, e = table[s], table[e]
                    body = value[4:-3] if value.endswith("-->") else value[4:]
                    d = comment_directive(body, s, e, self.line_no(s))
                    if d is not None:
                        self.directives.append(d)
                elif _BR.match(value):
                    b.block()
            # FootnoteReference, math...: not enabled
        doc = Document(path=self.path, source=self.source, text="", format="markdown")
        b.into(doc)
        doc.non_prose = sorted(non_prose)
        doc.directives = sorted(self.directives, key=lambda d: d.start)
        doc.metadata = self.metadata
        return doc


def parse_markdown(path: str, source: str) -> Document:
    return _MarkdownReader(path, source).read()
