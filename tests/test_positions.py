"""Positions are exact in every format.

For every finding on every article under tests/fixtures/ (whatever other
helpers add there), in the file's own format and, for plain-text fixtures,
also as Markdown and as HTML: the finding's ``text`` is the file's
``content[start:end]``; line and column (1-based, code points) agree with an
independent count over the raw content (LF, CRLF and CR line endings); and
the prose the rule saw is what the source span holds, markup aside.  A
generated-document property test checks the offset map word by word.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import healthlint.engine as engine
from conftest import FIXTURES, get_linter
from healthlint.documents import ARTICLE_SUFFIXES, decode, parse_document

FILES = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def as_html(text: str) -> str:
    """A plain-text article exported as a simple HTML page (paragraphs keep their line breaks)."""
    paras = re.split(r"\n[ \t]*\n", text)
    body = "\n\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paras if p.strip())
    return f"<!DOCTYPE html>\n<html><head><title>t</title></head><body>\n{body}\n</body></html>\n"


def variants():
    for path in FILES:
        rel = path.relative_to(FIXTURES).as_posix()
        yield pytest.param(rel, path.suffix.lower(), None, id=rel)
        if path.suffix.lower() == ".txt":
            yield pytest.param(rel, ".md", "markdown", id=f"{rel}->md")
            yield pytest.param(rel, ".html", "html", id=f"{rel}->html")


def line_col(content: str, offset: int) -> tuple[int, int]:
    """Independent 1-based line/column: any of CRLF, CR, LF ends a line."""
    line, col, i = 1, 1, 0
    while i < offset:
        ch = content[i]
        if ch == "\r" and i + 1 < len(content) and content[i + 1] == "\n" and i + 1 < offset:
            i += 2
            line, col = line + 1, 1
            continue
        if ch in "\r\n":
            line, col = line + 1, 1
        else:
            col += 1
        i += 1
    return line, col


@pytest.fixture
def prose_seen(monkeypatch):
    """Record, for each finding, the prose (Document.text) span the rule reported."""
    seen: dict[int, str] = {}
    original = engine.locate

    def recording(f, document, source_offsets=False):
        if not source_offsets:
            seen[id(f)] = document.text[f.start:f.end]
        return original(f, document, source_offsets=source_offsets)

    monkeypatch.setattr(engine, "locate", recording)
    return seen


def check_location(content: str, loc) -> None:
    assert 0 <= loc.start <= loc.end <= len(content)
    assert loc.text == content[loc.start:loc.end]
    assert (loc.line, loc.column) == line_col(content, loc.start)
    assert (loc.end_line, loc.end_column) == line_col(content, loc.end)


def check_prose(content: str, f, prose: str | None) -> None:
    """The source span holds the prose the rule saw, markup and entities aside."""
    if prose is None or not prose.strip():
        return
    src = content[f.start:f.end]
    words = re.findall(r"\w+", prose)
    flat = html.unescape(src)
    pos = 0
    for w in words:
        k = flat.find(w, pos)
        assert k >= 0, f"{f.rule}: word {w!r} of the prose {prose!r} is not in the source span {src!r}"
        pos = k + len(w)
    p, s = prose.strip(), src.strip()
    assert s[:1] in (p[:1], "&"), (f.rule, prose, src)
    assert s[-1:] in (p[-1:], ";"), (f.rule, prose, src)


@pytest.mark.parametrize("rel,suffix,convert", list(variants()))
def test_every_finding_points_at_its_text(rel, suffix, convert, prose_seen):
    raw = (FIXTURES / rel).read_bytes()
    content = decode(raw, rel)
    if convert == "html":
        content = as_html(content)
    linter = get_linter()
    if convert is None:
        [result] = list(linter.check_files([(str(FIXTURES / rel), raw)]))
    else:
        result = linter.check_text(content, path=f"<{rel}>{suffix}")
    assert result.error is None, result.error
    for f in result.findings:
        check_location(content, f)
        for loc in f.related:
            check_location(content, loc)
        check_prose(content, f, prose_seen.get(id(f)))


def test_fixtures_exist_in_all_three_formats():
    suffixes = {p.suffix.lower() for p in FILES}
    assert {".txt", ".md", ".html"} <= suffixes


# -- generated documents ---------------------------------------------------------
WORDS = st.sampled_from(["drops", "eye", "pressure", "the", "nerve", "sight", "daily", "café", "Ölz", "日本"])
NL = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def md_inline(draw):
    out = []
    for _ in range(draw(st.integers(1, 8))):
        w = draw(WORDS)
        kind = draw(st.sampled_from(["plain", "em", "strong", "link", "code", "html", "entity", "escape", "image"]))
        out.append({
            "plain": w, "em": f"*{w}*", "strong": f"__{w}__", "link": f"[{w}](http://x.org/{w} \"t\")",
            "code": f"`{w}` {w}", "html": f"<span>{w}</span>", "entity": f"{w} &amp; {w}",
            "escape": f"\\*{w}", "image": f"![{w}](i.png) {w}",
        }[kind])
    return " ".join(out)


@st.composite
def md_document(draw):
    nl = draw(NL)
    blocks = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["para", "heading", "list", "quote", "fence", "table", "html"]))
        a, b = draw(md_inline()), draw(md_inline())
        blocks.append({
            "para": f"{a}{nl}{b}", "heading": f"## {a}", "list": f"- {a}{nl}- {b}", "quote": f"> {a}{nl}> {b}",
            "fence": f"```{nl}{a}{nl}```", "table": f"| {a} | x |{nl}|---|---|{nl}| {b} | y |",
            "html": f"<div>{nl}{draw(WORDS)} <em>{draw(WORDS)}</em> &amp; {draw(WORDS)}{nl}</div>",
        }[kind])
    front = draw(st.sampled_from(["", f"---{nl}author: A B{nl}---{nl}"]))
    return front + (nl + nl).join(blocks) + nl


@st.composite
def html_document(draw):
    nl = draw(NL)
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        w = draw(WORDS)
        kind = draw(st.sampled_from(["p", "b", "br", "li", "entity", "script", "comment", "h2", "a"]))
        parts.append({
            "p": f"<p>{w}{nl}{w}</p>", "b": f"<b>{w}</b>", "br": f"{w}<br>{w}", "li": f"<li>{w}",
            "entity": f"{w} &eacute; &#233; {w}", "script": f"<script>{w}</script>", "comment": f"<!-- {w} -->",
            "h2": f"<h2>{w}</h2>", "a": f'<a href="http://x/{w}">{w}</a>',
        }[kind])
    wrap = draw(st.sampled_from(["{}", "<main>{}</main>", "<nav>menu</nav><article>{}</article>"]))
    return "<html><body>" + wrap.format(" ".join(parts)) + "</body></html>"


def assert_words_map(doc):
    for m in re.finditer(r"\w+", doc.text):
        s, e = doc.source_range(m.start(), m.end())
        src = doc.source[s:e]
        assert src == m.group() or html.unescape(src) == m.group(), (m.group(), src, doc.source)
        assert doc.to_text(s) == m.start()


@settings(max_examples=150, deadline=None, database=None)
@given(md_document())
def test_generated_markdown_maps_every_word(source):
    doc = parse_document("g.md", source, "markdown")
    assert_words_map(doc)
    for mark in ("](", "`", "<span", "http", "i.png", "author"):
        assert mark not in doc.text


@settings(max_examples=150, deadline=None, database=None)
@given(html_document())
def test_generated_html_maps_every_word(source):
    doc = parse_document("g.html", source, "html")
    assert_words_map(doc)
    for mark in ("<", "http", "menu"):
        assert mark not in doc.text


# -- the same article as Markdown and as exported HTML ---------------------------------
PAIR = FIXTURES / "articles" / "eye-drops-glaucoma"


def findings_with_prose(path: Path):
    from healthlint.documents import load_document

    [result] = list(get_linter().check_files([(str(path), None)]))
    assert result.error is None, result.error
    doc = load_document(str(path))
    out = []
    for f in result.findings:
        prose = doc.text[doc.to_text(f.start):doc.to_text(f.end)]
        out.append((f, " ".join(prose.split())))
    return doc, out


def test_markdown_and_html_exports_give_the_same_findings():
    md_doc, md = findings_with_prose(PAIR.with_suffix(".md"))
    html_doc, ht = findings_with_prose(PAIR.with_suffix(".html"))
    md_set = {(f.rule, p) for f, p in md}
    html_set = {(f.rule, p) for f, p in ht}
    assert md_set == html_set
    assert {("broken-phrase", "the the"), ("broken-phrase", "and and")} <= md_set
    for doc, found in ((md_doc, md), (html_doc, ht)):
        texts = " ".join(f.text for f, _ in found)
        # code, front matter, head, nav, footer, script, style and the suppressed line stay silent
        for silent in ("repeat repeat", "Services", "Share share", "the the drops twice", "dataLayer"):
            assert silent not in texts
        for f, _ in found:
            check_location(doc.source, f)
        for phrase in ("the the pocket", "and and damage"):
            [f] = [f for f, p in found if p == phrase.rsplit(" ", 1)[0]]
            start = doc.source.index(phrase)
            assert (f.start, f.end) == (start, start + len(phrase) - len(phrase.rsplit(" ", 1)[1]) - 1)
            assert (f.line, f.column) == line_col(doc.source, start)
