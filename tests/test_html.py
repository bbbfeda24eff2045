"""HTML documents: visible text only, main content, blocks, entities, provenance."""
from __future__ import annotations

import re

import pytest

from healthlint.documents import load_document, parse_document


def page(source: str):
    return parse_document("a.html", source, "html")


def words_map_to_themselves(doc) -> None:
    """Every word of the prose points at that word in the source (tags inside it aside)."""
    for m in re.finditer(r"\w+", doc.text):
        s, e = doc.source_range(m.start(), m.end())
        assert re.sub(r"<[^>]*>", "", doc.source[s:e]) == m.group(), (m.group(), doc.source[s:e])


def test_scripts_styles_noscript_templates_comments_and_code_are_not_text():
    doc = page("<p>Visible one.</p><script>var s = 'the the';</script><style>p{}</style>"
               "<noscript>no script</noscript><template><p>tmpl</p></template><!-- comment -->"
               "<pre><code>code block</code></pre><p>Visible <code>inline</code> two.</p>"
               "<p hidden>hidden</p><div aria-hidden=\"true\">aria</div>")
    for gone in ("the the", "p{}", "no script", "tmpl", "comment", "code block", "inline", "hidden", "aria"):
        assert gone not in doc.text
    assert "Visible one." in doc.text and "Visible" in doc.text and "two." in doc.text
    words_map_to_themselves(doc)


def test_block_elements_and_br_end_sentences():
    doc = page("<div>Heading text</div><p>First<br>Second<br/>Third</p><ul><li>One<li>Two</ul><td>Cell</td>")
    for w in ("First", "Second", "Third", "One", "Two", "Cell"):
        assert doc.text.index(w) in doc.block_starts, w


def test_inline_elements_do_not_split_words_or_sentences():
    doc = page("<p>Take <strong>one</strong> tab<em>let</em> daily.</p>")
    assert "Take one tablet daily." in doc.text
    words_map_to_themselves(doc)
    i = doc.text.index("tablet")
    assert doc.source[slice(*doc.source_range(i, i + 6))] == "tab<em>let"


def test_entities_are_decoded_and_map_to_the_whole_entity():
    doc = page("<p>Salt &amp; sugar &#8212; caf&eacute; &#x2019;s &nbsp;done &bogus; x</p>")
    assert "Salt & sugar \u2014 café \u2019s \xa0done &bogus; x" in doc.text
    i = doc.text.index("\u2014")
    assert doc.source[slice(*doc.source_range(i, i + 1))] == "&#8212;"
    i = doc.text.index("café")
    assert doc.source[slice(*doc.source_range(i, i + 4))] == "caf&eacute;"


def test_saved_page_is_linted_from_its_article():
    doc = page("<html><body><nav>Menu the the</nav><main><aside>Side</aside><article><h1>Title</h1>"
               "<p>Body.</p></article></main><footer>Footer</footer></body></html>")
    assert "Title" in doc.text and "Body." in doc.text
    for gone in ("Menu", "Side", "Footer"):
        assert gone not in doc.text


def test_main_is_used_when_there_is_no_article():
    doc = page("<body><header>Site name</header><main><p>Main text.</p></main><footer>Foot</footer></body>")
    assert doc.text.strip() == "Main text."


def test_whole_body_when_no_main_content_element():
    doc = page("<body><p>Para one.</p><div>Para two.</div></body>")
    assert "Para one." in doc.text and "Para two." in doc.text


def test_meta_provenance():
    doc = page('<head><meta name="author" content="Dr A &amp; B"><meta name="reviewed-by" content="Dr C">'
               '<meta property="article:published_time" content="2024-01-02">'
               '<meta itemprop="lastReviewed" content="2025-02-03"><meta name="disclaimer" content="site">'
               '<meta name="description" content="ignored"></head><body><p>x</p></body>')
    assert doc.metadata == {"author": "Dr A & B", "reviewer": "Dr C", "published": "2024-01-02",
                            "last_reviewed": "2025-02-03", "disclaimer": "site"}


def test_non_prose_ranges():
    doc = page("<h2>Sub head</h2><p>Text.</p><ol><li><p>Item para</p></li></ol><blockquote>Quote</blockquote>"
               "<table><tr><th>H</th><td>D</td></tr></table>")
    kinds = {(doc.text[s:e], k) for s, e, k in doc.non_prose}
    assert {("Sub head", "heading"), ("Item para", "list_item"), ("Quote", "block_quote"),
            ("H", "table"), ("D", "table")} <= kinds


def test_sloppy_markup_still_maps_exactly():
    src = "<p>Unclosed para <b>bold <i>both</b> tail\n<p>Next</span> para &amp stray</div> end\r\n<li>x"
    doc = page(src)
    words_map_to_themselves(doc)
    assert "Next" in doc.text and doc.text.index("Next") in doc.block_starts


def test_crlf_and_cr_line_endings():
    src = "<article>\n<h1>Title</h1>\n<p>One <b>two</b>\nthree.</p>\n</article>\n"
    for nl in ("\r\n", "\r"):
        doc = page(src.replace("\n", nl))
        words_map_to_themselves(doc)
        assert "three." in doc.text
        i = doc.text.index("three")
        s, _ = doc.source_range(i, i + 5)
        assert doc.line_col(s) == (4, 1)


def test_pair_article_html():
    doc = load_document("tests/fixtures/articles/eye-drops-glaucoma.html")
    assert doc.format == "html"
    assert doc.metadata["reviewer"] == "Dr Samuel Okafor, MD"
    for gone in ("Services", "Clearview", "dataLayer", "font-family", "repeat repeat", "scripts"):
        assert gone not in doc.text


def test_a_span_starting_in_a_block_break_starts_at_the_next_block():
    src = "<p>One.</p>\n<p>Two.</p>"
    doc = page(src)
    i = doc.text.index("\n\n")
    assert src[slice(*doc.source_range(i, doc.text.index("Two.") + 4))] == "Two."
    assert src[slice(*doc.source_range(0, i + 1))] == "One."


@pytest.mark.parametrize("body,expected", [
    # teaser <article> cards outside <main> are not the content
    ("<article>Teaser one</article><main><p>Main text.</p></main><article>Teaser two</article>", "Main text."),
    # an article inside main, with an aside beside it
    ("<main><aside>Related links</aside><article><p>The article.</p></article></main>", "The article."),
    # several articles and no main
    ("<nav>Menu</nav><article><p>Part one.</p></article><article><p>Part two.</p></article>",
     "Part one.\n\nPart two."),
    # tags in comments and scripts do not count
    ("<!-- <main> --><script>'<article>'</script><p>Body text.</p>", "Body text."),
])
def test_main_content_choice(body, expected):
    assert page(f"<html><body>{body}</body></html>").text.strip() == expected
