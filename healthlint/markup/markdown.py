"""Markdown articles: CommonMark (markdown-it-py) prose mapped back to exact source positions.

The block structure comes from markdown-it-py (CommonMark, plus GFM tables
and strikethrough); YAML front matter from mdit-py-plugins, TOML front
matter (``+++``) is read here.  markdown-it-py gives each block its source
lines but no column offsets, so this module finds each block's inline
content in its source lines and walks the inline tokens in step with the
source text: every prose character is copied from (or, for an entity or a
backslash escape, mapped to) the exact source characters it came from.

What is linted: paragraphs, headings, list items, block quotes and table
cells, with link text kept.  Skipped: fenced and indented code, inline code,
HTML comments and tags (the text inside an HTML block is linted as HTML
visible text), link and image destinations and titles, images (their alt
text is not prose on the page), autolinks, and front matter.  Headings, list
items, table cells and hard line breaks start a new block (a sentence never
runs across one).  A soft line break is a line break in the prose.
"""
from __future__ import annotations

import re
from functools import lru_cache

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
_YAML_FRONT_MATTER = re.compile(r"\A---[ \t]*\n")


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)
    # Keep entities and escapes as separate tokens so each maps to its source run.
    md.core.ruler.disable("text_join")
    return md


class _InlineMiss(Exception):
    """The inline walk lost its place in the source; the rest of the block is skipped."""


class _MarkdownReader:
    def __init__(self, path: str, source: str):
        self.path = path
        self.source = source
        self.src = normalise_newlines(source)  # same length; markdown-it's view
        self.lines = line_starts(self.src)
        self.builder = TextBuilder(source)
        self.directives: list[Directive] = []
        self.non_prose: list[tuple[int, int, str]] = []
        self.metadata = Metadata()

    # -- helpers -----------------------------------------------------------
    def line_offset(self, line: int) -> int:
        """Source offset of 0-based ``line`` (len(source) past the end)."""
        return self.lines[line] if line < len(self.lines) else len(self.src)

    def line_end(self, line: int) -> int:
        """Offset of the newline ending 0-based ``line`` (or the end of the source)."""
        nxt = self.line_offset(line + 1)
        if nxt > self.line_offset(line) and self.src[nxt - 1] == "\n":
            return nxt - 1
        return nxt

    def line_no(self, offset: int) -> int:
        import bisect

        return bisect.bisect_right(self.lines, offset)

    # -- front matter --------------------------------------------------------
    def front_matter(self) -> str:
        """Read TOML front matter (masked out of markdown-it's view); return that view."""
        m = _TOML_FRONT_MATTER.match(self.src)
        if not m:
            return self.src
        try:
            import tomllib
        except ModuleNotFoundError:  # pragma: no cover - Python 3.10
            import tomli as tomllib
        try:
            self.metadata.update(provenance_from_mapping(tomllib.loads(m.group(1) or "")))
        except tomllib.TOMLDecodeError:
            pass
        masked = re.sub(r"[^\n]", " ", m.group(0))
        return masked + self.src[m.end():]

    def yaml_front_matter(self, content: str) -> None:
        import yaml

        try:
            data = yaml.safe_load(content)
        except yaml.YAMLError:
            return
        for k, v in provenance_from_mapping(data).items():
            self.metadata.setdefault(k, v)

    # -- blocks --------------------------------------------------------------
    def read(self) -> Document:
        view = self.front_matter()
        tokens = _parser().parse(view)
        b = self.builder
        open_ranges: list[tuple[str, int]] = []  # (kind, text offset) of list items, quotes, cells
        pending_cells: list[int] = []  # per table row: search cursor within the row
        for i, tok in enumerate(tokens):
            t = tok.type
            if t == "front_matter":
                self.yaml_front_matter(tok.content)
            elif t in ("list_item_open", "blockquote_open", "th_open", "td_open"):
                b.block()
                kind = {"list_item_open": "list_item", "blockquote_open": "block_quote"}.get(t, "table")
                open_ranges.append((kind, b.length))
            elif t in ("list_item_close", "blockquote_close", "th_close", "td_close"):
                if open_ranges:
                    kind, start = open_ranges.pop()
                    if b.content_end() > start:
                        self.non_prose.append((start, b.content_end(), kind))
                b.block()
            elif t == "tr_open":
                pending_cells = [self.line_offset(tok.map[0])] if tok.map else []
            elif t == "inline":
                parent = tokens[i - 1] if i else None
                heading = parent is not None and parent.type == "heading_open"
                cell = parent is not None and parent.type in ("th_open", "td_open")
                b.block()
                start = b.length
                cursor = pending_cells[0] if (cell and pending_cells) else None
                end_src = self.inline(tok, cursor)
                if cell and pending_cells and end_src is not None:
                    pending_cells[0] = end_src
                if heading and b.content_end() > start:
                    self.non_prose.append((start, b.content_end(), "heading"))
                b.block()
            elif t == "html_block" and tok.map:
                s, e = self.line_offset(tok.map[0]), self.line_offset(tok.map[1])
                b.block()
                ex = HtmlExtractor(self.source, s, e, b).run()
                self.directives.extend(ex.directives)
                self.non_prose.extend(ex.non_prose)
                b.block()
            # fence, code_block, hr, paragraph/heading/list open/close: no prose of their own
        doc = Document(path=self.path, source=self.source, text="", format="markdown")
        b.into(doc)
        doc.non_prose = sorted(self.non_prose)
        doc.directives = sorted(self.directives, key=lambda d: d.start)
        doc.metadata = self.metadata
        return doc

    # -- inline content ----------------------------------------------------------
    def content_map(self, tok, cursor: int | None) -> list[int] | None:
        """Source offset of each character of ``tok.content`` (plus one past the end)."""
        content = tok.content
        if not tok.map:
            return None
        first, last = tok.map
        pos = cursor if cursor is not None else self.line_offset(first)
        limit = self.line_offset(last)
        offsets: list[int] = []
        lines = content.split("\n")
        for n, cl in enumerate(lines):
            if cursor is None and first + n < last:
                ls, le = self.line_offset(first + n), self.line_end(first + n)
                pos = max(pos, ls)
                body = self.src[ls:le].rstrip()
                want = cl.rstrip()
                # Inline content is the end of its source line (after any container
                # markers): match it as a suffix first, so "1. 1" maps the item's "1".
                k = len(body) - len(want)
                if want and k >= pos - ls and body.endswith(want):
                    found = ls + k
                else:
                    found = self.src.find(cl, pos, max(le, pos))
                    if found < 0 and cl.strip():
                        found = self.src.find(cl.lstrip(), pos, max(le, pos))
                        if found >= 0:
                            cl = cl.lstrip()
                            offsets.extend([found] * (len(lines[n]) - len(cl)))
                    if found < 0:
                        found = ls if not cl.strip() else -1
            else:
                found = self.src.find(cl, pos, limit) if cl else pos
                if found < 0 and "|" in cl:
                    # A table cell's "\|" reaches the content as "|".
                    rx = re.compile("".join(r"\\?\|" if ch == "|" else re.escape(ch) for ch in cl))
                    m = rx.search(self.src, pos, limit)
                    if m is None:
                        return None
                    k = m.start()
                    for ch in cl:
                        if ch == "|" and self.src[k] == "\\":
                            k += 1
                        offsets.append(k)
                        k += 1
                    pos = m.end()
                    continue
            if found < 0:
                return None
            offsets.extend(range(found, found + len(cl)))
            pos = found + len(cl)
            if n < len(lines) - 1:
                nl = self.src.find("\n", pos)
                if nl < 0:
                    return None
                offsets.append(nl)
                pos = nl + 1
        offsets.append(pos)
        return offsets

    def inline(self, tok, cursor: int | None) -> int | None:
        """Emit the prose of one inline token; return the source offset after it."""
        offs = self.content_map(tok, cursor)
        if offs is None:
            return None
        content = tok.content
        b = self.builder
        c = 0  # position in content
        children = tok.children or []

        def expect(s: str, at: int) -> int:
            if content.startswith(s, at):
                return at
            found = content.find(s, at)
            if found < 0:
                raise _InlineMiss(s)
            return found

        def emit(a: int, z: int) -> None:
            """Copy content[a:z] (a run without line breaks) from the source."""
            if z <= a:
                return
            s, e = offs[a], offs[z - 1] + 1
            if e - s == z - a:
                b.copy(s, e)
            else:  # characters not contiguous in the source (should not happen)
                for k in range(a, z):
                    b.copy(offs[k], offs[k] + 1)

        def skip_destination(at: int) -> int:
            """Skip "(url "title")" or "[label]" after a link's closing bracket."""
            if at < len(content) and content[at] == "(":
                depth, k, quote = 0, at, None
                while k < len(content):
                    ch = content[k]
                    if ch == "\\":
                        k += 2
                        continue
                    if quote:
                        if ch == quote:
                            quote = None
                    elif ch in "\"'" and depth == 1:
                        quote = ch
                    elif ch == "<" and depth == 1 and content[k - 1] == "(":
                        close = content.find(">", k)
                        k = close if close >= 0 else k
                    elif ch == "(":
                        depth += 1
                    elif ch == ")":
                        depth -= 1
                        if depth == 0:
                            return k + 1
                    k += 1
                return len(content)
            if at < len(content) and content[at] == "[":
                close = content.find("]", at)
                return close + 1 if close >= 0 else at
            return at

        def skip_bracketed(at: int) -> int:
            """From "[" (or "![") to after the matching "]"."""
            depth, k = 0, at
            while k < len(content):
                ch = content[k]
                if ch == "\\":
                    k += 2
                    continue
                if ch == "`":
                    run = re.match(r"`+", content[k:]).group(0)
                    close = content.find(run, k + len(run))
                    if close >= 0:
                        k = close + len(run)
                        continue
                if ch == "[":
                    depth += 1
                elif ch == "]":
                    depth -= 1
                    if depth == 0:
                        return k + 1
                k += 1
            return len(content)

        try:
            skip_until_close = 0  # inside an autolink: its text is a URL
            for child in children:
                ct = child.type
                if skip_until_close:
                    if ct == "link_close":
                        skip_until_close = 0
                        c = expect(">", c) + 1
                    continue
                if ct == "text":
                    if child.content:
                        at = expect(child.content, c)
                        emit(at, at + len(child.content))
                        c = at + len(child.content)
                elif ct == "text_special":
                    raw = child.markup or child.content
                    at = expect(raw, c)
                    if child.content == raw:  # "\b": not an escape, both characters stay
                        emit(at, at + len(raw))
                    elif child.info == "escape" and len(raw) == 2:
                        # "\*" -> "*": map the character to the escaped character.
                        s = offs[at + 1]
                        b.copy(s, s + 1)
                    else:
                        b.replace(child.content, offs[at], offs[at + len(raw) - 1] + 1)
                    c = at + len(raw)
                elif ct == "softbreak":
                    nl = content.find("\n", c)
                    if nl < 0:
                        raise _InlineMiss("softbreak")
                    b.replace("\n", offs[nl], offs[nl] + 1)
                    c = nl + 1
                elif ct == "hardbreak":
                    nl = content.find("\n", c)
                    if nl < 0:
                        raise _InlineMiss("hardbreak")
                    b.block()  # rendered as <br>: ends the sentence
                    c = nl + 1
                elif ct == "code_inline":
                    at = expect(child.markup, c)
                    close = content.find(child.markup, at + len(child.markup))
                    while close >= 0 and content.startswith("`", close + len(child.markup)):
                        close = content.find(child.markup, close + len(child.markup) + 1)
                    if close < 0:
                        raise _InlineMiss("code")
                    c = close + len(child.markup)
                    if at > 0 and c < len(content) and not content[at - 1].isspace() and not content[c].isspace():
                        # "dose`x`daily": keep the words apart, as the rendered code does.
                        b.replace(" ", offs[at], offs[c - 1] + 1)
                elif ct in ("em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"):
                    c = expect(child.markup, c) + len(child.markup)
                elif ct == "link_open":
                    if child.markup == "autolink" or child.info == "auto":
                        c = expect("<", c) + 1
                        skip_until_close = 1
                    else:
                        c = expect("[", c) + 1
                elif ct == "link_close":
                    c = expect("]", c) + 1
                    c = skip_destination(c)
                elif ct == "image":
                    at = expect("![", c)
                    c = skip_destination(skip_bracketed(at + 1))
                elif ct == "html_inline":
                    at = expect(child.content, c)
                    c = at + len(child.content)
                    if child.content.startswith("<!--"):
                        s, e = offs[at], offs[c - 1] + 1
                        body = child.content[4:-3] if child.content.endswith("-->") else child.content[4:]
                        d = comment_directive(body, s, e, self.line_no(s))
                        if d is not None:
                            self.directives.append(d)
                    elif re.match(r"</?br\b", child.content, re.I):
                        b.block()
                # anything else (plugins' tokens) carries no prose
        except _InlineMiss:
            pass
        return offs[min(c, len(offs) - 1)]


def parse_markdown(path: str, source: str) -> Document:
    return _MarkdownReader(path, source).read()
