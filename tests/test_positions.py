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
import random
import re
from pathlib import Path

import pytest

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
# Seeded random documents (stdlib only): words wrapped in every kind of markup,
# every line ending; each word of the prose must map to the same word in the source.
WORDS = ["drops", "eye", "pressure", "the", "nerve", "sight", "daily", "café", "Ölz", "日本"]
NLS = ["\n", "\r\n", "\r"]


def md_inline(rnd: random.Random) -> str:
    out = []
    for _ in range(rnd.randint(1, 8)):
        w = rnd.choice(WORDS)
        out.append(rnd.choice([
            w, f"*{w}*", f"__{w}__", f"[{w}](http://x.org/{w} \"t\")", f"`{w}` {w}", f"<span>{w}</span>",
            f"{w} &amp; {w}", f"\\*{w}", f"![{w}](i.png) {w}",
        ]))
    return " ".join(out)


def md_document(rnd: random.Random) -> str:
    nl = rnd.choice(NLS)
    blocks = []
    for _ in range(rnd.randint(1, 5)):
        a, b = md_inline(rnd), md_inline(rnd)
        w = [rnd.choice(WORDS) for _ in range(3)]
        blocks.append(rnd.choice([
            f"{a}{nl}{b}", f"## {a}", f"- {a}{nl}- {b}", f"> {a}{nl}> {b}", f"```{nl}{a}{nl}```",
            f"| {a} | x |{nl}|---|---|{nl}| {b} | y |", f"<div>{nl}{w[0]} <em>{w[1]}</em> &amp; {w[2]}{nl}</div>",
        ]))
    front = rnd.choice(["", f"---{nl}author: A B{nl}---{nl}"])
    return front + (nl + nl).join(blocks) + nl


def html_document(rnd: random.Random) -> str:
    nl = rnd.choice(NLS)
    parts = []
    for _ in range(rnd.randint(1, 8)):
        w = rnd.choice(WORDS)
        parts.append(rnd.choice([
            f"<p>{w}{nl}{w}</p>", f"<b>{w}</b>", f"{w}<br>{w}", f"<li>{w}", f"{w} &eacute; &#233; {w}",
            f"<script>{w}</script>", f"<!-- {w} -->", f"<h2>{w}</h2>", f'<a href="http://x/{w}">{w}</a>',
        ]))
    wrap = rnd.choice(["{}", "<main>{}</main>", "<nav>menu</nav><article>{}</article>"])
    return "<html><body>" + wrap.format(" ".join(parts)) + "</body></html>"


def assert_words_map(doc):
    for m in re.finditer(r"\w+", doc.text):
        s, e = doc.source_range(m.start(), m.end())
        src = doc.source[s:e]
        assert src == m.group() or html.unescape(src) == m.group(), (m.group(), src, doc.source)
        assert doc.to_text(s) == m.start()


@pytest.mark.parametrize("seed", range(300))
def test_generated_markdown_maps_every_word(seed):
    source = md_document(random.Random(seed))
    doc = parse_document("g.md", source, "markdown")
    assert_words_map(doc)
    for mark in ("](", "`", "<span", "http", "i.png", "author"):
        assert mark not in doc.text


@pytest.mark.parametrize("seed", range(300))
def test_generated_html_maps_every_word(seed):
    source = html_document(random.Random(seed))
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


def test_line_starts_same_as_the_regex_reference():
    """line_starts splits on LF when there is no CR (no Python work per line); the
    result equals the one-regex reference on LF, CRLF and CR texts alike."""
    import random
    import re

    from healthlint.documents import line_starts

    def reference(s):
        return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", s)]

    rng = random.Random(3)
    pieces = ["a", "bc ", "\n", "\n\n", "\r\n", "\r", "é", "\u2028", "\x0b", "\x1c", " "]
    texts = ["", "\n", "x", "x\n", "\nx", "\r", "\r\n\r\n"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(2000)]
    for s in texts:
        assert line_starts(s) == reference(s), repr(s)
