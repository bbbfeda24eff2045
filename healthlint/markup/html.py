"""HTML articles: the visible text of the page, mapped back to exact source positions.

Parsed with the standard library's :class:`html.parser.HTMLParser`: it is
forgiving of real-world markup (unclosed ``<p>``, stray end tags), needs no
dependency, and ``getpos()`` gives the exact line and column of every tag,
text run, entity and comment, so each prose character maps to its source
character.  (html5lib and lxml build a tree but drop source positions of
text; BeautifulSoup only keeps positions of tags.)

What is linted:

* text outside ``script``, ``style``, ``noscript``, ``template``, ``head``,
  ``svg``/``math``, ``pre``/``code``/``kbd``/``samp`` (code, like Markdown's
  code spans and fences), ``textarea`` and elements marked ``hidden`` or
  ``aria-hidden="true"``; comments are never text;
* a saved web page is linted from its main content: the ``<article>``
  elements inside ``<main>``, else ``<main>``, else the ``<article>``
  elements, else the whole page (so menus, footers and teaser cards are
  not checked);
* block elements (``p``, ``div``, ``li``, headings, table cells...) and
  ``<br>`` end a sentence: each starts a new block in the prose;
* entities (``&amp;``, ``&#8217;``) are decoded; a finding over one points at
  the whole entity in the source.

Directives live in comments (``<!-- healthlint-disable rule -- reason -->``).
Provenance comes from ``<meta name|property|itemprop=... content=...>``.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from ..documents import (
    Directive,
    Document,
    Metadata,
    TextBuilder,
    comment_directive,
    line_starts,
    provenance_key,
)

SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "head", "title", "svg", "math",
    "pre", "code", "kbd", "samp", "textarea", "iframe", "object", "canvas", "select",
})
VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "param", "source", "track", "wbr",
})
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
    "main", "menu", "nav", "ol", "option", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
NON_PROSE_KIND = {
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
    "h6": "heading", "li": "list_item", "dt": "list_item", "dd": "list_item",
    "td": "table", "th": "table", "caption": "table",
    "blockquote": "block_quote",
}
# Start tags that close an open element of the same kind (HTML's implied end tags).
_SELF_CLOSING_SIBLINGS = {"p": {"p"}, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"},
                          "tr": {"tr", "td", "th"}, "td": {"td", "th"}, "th": {"td", "th"},
                          "option": {"option"}}
_CODE_TAGS = frozenset({"pre", "code", "kbd", "samp", "textarea"})
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{0,40});?")


def normalise_newlines(s: str) -> str:
    """CRLF -> " \\n" and CR -> "\\n": same length, so offsets are unchanged."""
    if "\r" not in s:
        return s
    return s.replace("\r\n", " \n").replace("\r", "\n")


class _Element:
    __slots__ = ("tag", "skip", "region", "text_start")

    def __init__(self, tag: str, skip: bool, region: str | None, text_start: int):
        self.tag = tag
        self.skip = skip
        self.region = region
        self.text_start = text_start


class HtmlExtractor(HTMLParser):
    """Feeds ``source[start:end]`` and emits its visible text into ``builder``.

    ``region``: which main-content elements text must be inside to be emitted:
    "main+article" (an ``<article>`` inside ``<main>``), "main", "article", or
    None (everything visible).
    """

    def __init__(self, source: str, start: int, end: int, builder: TextBuilder | None,
                 region: str | None = None, document_level: bool = True):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.base = start
        self.fed = normalise_newlines(source[start:end])
        self._lines = line_starts(self.fed)
        self.builder = builder
        self.region = region
        self.depth = {"main": 0, "article": 0}
        self.document_level = document_level
        self.stack: list[_Element] = []
        self.skip_depth = 0
        self.directives: list[Directive] = []
        self.metadata = Metadata()
        self.non_prose: list[tuple[int, int, str]] = []

    # -- positions ---------------------------------------------------------
    def _offset(self) -> int:
        line, col = self.getpos()
        return self._lines[line - 1] + col  # relative to the fed string

    def run(self) -> "HtmlExtractor":
        self.feed(self.fed)
        self.close()
        return self

    @property
    def emitting(self) -> bool:
        return (self.builder is not None and self.skip_depth == 0
                and (self.region is None
                     or (self.region == "main+article" and self.depth["main"] and self.depth["article"])
                     or (self.region in ("main", "article") and self.depth[self.region] > 0)))

    # -- tags ------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if tag == "meta":
            self._meta(dict(attrs))
        if tag in VOID_TAGS:
            if tag == "br" and self.emitting:
                self.builder.block()
            return
        stack = self.stack
        if stack:
            top = stack[-1].tag
            siblings = _SELF_CLOSING_SIBLINGS.get(tag)
            if (siblings and top in siblings) or (top == "p" and tag in BLOCK_TAGS):
                self._pop_to(len(stack) - 1)  # implied end tag (<li>...<li>, <p>...<div>)
        skip = tag in SKIP_TAGS
        if attrs and not skip:
            for k, v in attrs:
                k = k.lower()
                if (k == "hidden" or (k == "aria-hidden" and (v or "").lower() == "true")
                        or (k == "style" and v and _DISPLAY_NONE.search(v))):
                    skip = True
                    break
        region = tag if tag in ("main", "article") else None
        emitting = self.emitting
        if emitting and tag in BLOCK_TAGS:
            self.builder.block()
        el = _Element(tag, skip, region, self.builder.length if emitting else -1)
        stack.append(el)
        if skip:
            self.skip_depth += 1
        if region:
            self.depth[region] += 1
            if self.emitting:
                el.text_start = self.builder.length

    def handle_startendtag(self, tag, attrs):
        tag = tag.lower()
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        tag = tag.lower()
        if tag in VOID_TAGS:
            if tag == "br" and self.emitting:  # "</br>" is read as <br>
                self.builder.block()
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                self._pop_to(i)
                return
        # A stray end tag: ignored, like browsers do.

    def _pop_to(self, index: int) -> None:
        while len(self.stack) > index:
            el = self.stack.pop()
            emitting_inside = self.emitting
            if el.skip:
                self.skip_depth -= 1
            if el.region:
                self.depth[el.region] -= 1
            if emitting_inside and self.builder is not None:
                kind = NON_PROSE_KIND.get(el.tag)
                end = self.builder.content_end()
                if kind and 0 <= el.text_start < end:
                    self.non_prose.append((el.text_start, end, kind))
                if el.tag in BLOCK_TAGS:
                    self.builder.block()

    # -- text ------------------------------------------------------------------
    def handle_data(self, data):
        if not self.emitting or not data:
            return
        off = self._offset()
        if self.builder.at_block_start and data.isspace():
            return  # layout whitespace between blocks
        self.builder.copy(self.base + off, self.base + off + len(data))

    def _ref(self):
        if not self.emitting:
            return
        off = self._offset()
        m = _ENTITY.match(self.fed, off)
        if not m:
            return
        raw = m.group(0)
        decoded = html.unescape(raw)
        s = self.base + off
        self.builder.replace(decoded, s, s + len(raw))

    def handle_entityref(self, name):
        self._ref()

    def handle_charref(self, name):
        self._ref()

    def handle_comment(self, data):
        if any(el.tag in _CODE_TAGS for el in self.stack):
            return  # a comment shown inside code is an example, not a directive
        off = self._offset()
        start = self.base + off
        end = start + len(data) + 7  # <!-- data -->
        if not self.fed.startswith("<!--", off):
            end = start + len(data) + 3
        line = _line_of(self.source, start)
        d = comment_directive(data, start, end, line)
        if d is not None:
            self.directives.append(d)

    # -- metadata --------------------------------------------------------------
    def _meta(self, attrs) -> None:
        content = attrs.get("content")
        if content is None:
            return
        for attr in ("name", "property", "itemprop"):
            name = attrs.get(attr)
            if not name:
                continue
            key = provenance_key(name)
            if key and key not in self.metadata:
                value = " ".join(html.unescape(content).split())
                if value:
                    self.metadata[key] = value


_LINES_CACHE: dict[int, tuple[str, list[int]]] = {}


def _line_of(source: str, offset: int) -> int:
    import bisect

    cached = _LINES_CACHE.get(id(source))
    if cached is None or cached[0] is not source:
        _LINES_CACHE.clear()
        cached = (source, line_starts(source))
        _LINES_CACHE[id(source)] = cached
    return bisect.bisect_right(cached[1], offset)


_REGION_SCAN = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template|textarea|noscript)\b.*?(?:</\1\s*>|\Z)|<(/?)(article|main)[\s/>]",
    re.DOTALL | re.IGNORECASE,
)


def main_content_region(source: str) -> str | None:
    """Where a page's main content is: "main+article" (the ``<article>`` elements
    inside ``<main>``), "main", "article", or None (no such element: the whole body).

    ``<main>`` is preferred to stray ``<article>`` teasers elsewhere on the page.
    A regex scan that passes over comments and script-like elements as the parser
    does (a second full parse would double the cost on large pages).
    """
    main_depth = 0
    seen_main = seen_article = article_in_main = False
    for m in _REGION_SCAN.finditer(source):
        tag = m.group(3)
        if not tag:
            continue
        tag = tag.lower()
        closing = m.group(2) == "/"
        if tag == "main":
            seen_main = True
            main_depth = max(main_depth - 1, 0) if closing else main_depth + 1
        elif not closing:
            seen_article = True
            article_in_main = article_in_main or main_depth > 0
    if article_in_main:
        return "main+article"
    if seen_main:
        return "main"
    return "article" if seen_article else None


def parse_html(path: str, source: str) -> Document:
    doc = Document(path=path, source=source, text="", format="html")
    builder = TextBuilder(source)
    ex = HtmlExtractor(source, 0, len(source), builder, region=main_content_region(source)).run()
    builder.into(doc)
    doc.non_prose = sorted(ex.non_prose)
    doc.directives = ex.directives
    doc.metadata = ex.metadata
    return doc
