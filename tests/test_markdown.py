"""Markdown documents: what is prose, what is skipped, and where each character came from."""
from __future__ import annotations

import re

from healthlint.documents import load_document, parse_document


def md(source: str):
    return parse_document("a.md", source, "markdown")


def words_map_to_themselves(doc) -> None:
    """Every word of the prose points at the same word in the source."""
    for m in re.finditer(r"\w+", doc.text):
        s, e = doc.source_range(m.start(), m.end())
        assert doc.source[s:e] == m.group(), (m.group(), doc.source[s:e])


def test_code_fences_indented_code_and_inline_code_are_skipped():
    doc = md("Take one pill.\n\n```\nthe the fence\n```\n\n    the the indented\n\nUse `the the` here.\n")
    assert "fence" not in doc.text and "indented" not in doc.text and "the the" not in doc.text
    assert "Use" in doc.text and "here." in doc.text
    words_map_to_themselves(doc)


def test_link_text_is_kept_and_urls_titles_and_images_are_skipped():
    doc = md('See [the NHS page](https://nhs.uk/a_b "NHS title") and ![a chart](c.png "t") now.\n')
    assert "the NHS page" in doc.text
    for gone in ("https", "nhs.uk", "NHS title", "chart", "c.png"):
        assert gone not in doc.text
    s, e = doc.source_range(doc.text.index("NHS page"), doc.text.index("NHS page") + 8)
    assert doc.source[s:e] == "NHS page"


def test_reference_links_and_autolinks():
    doc = md("Read [the leaflet][1] or <https://example.org/x>.\n\n[1]: https://example.org/leaflet\n")
    assert "the leaflet" in doc.text
    assert "example.org" not in doc.text and "[1]" not in doc.text


def test_html_comments_and_inline_tags_are_skipped_but_html_block_text_is_prose():
    doc = md("A <b>bold</b> claim <!-- the the -->here.\n\n<div class=\"note\">\nBlock <em>text</em> &amp; more\n</div>\n")
    assert "<b>" not in doc.text and "the the" not in doc.text and "class" not in doc.text
    assert "bold" in doc.text and "Block text & more" in doc.text
    words_map_to_themselves(doc)


def test_yaml_front_matter_is_read_not_linted():
    doc = md("---\nauthor: Dr Jo Park\nreviewed_by: Dr Lee\ndate: 2024-05-01\nlast_reviewed: 2025-01-09\n"
             "disclaimer: site\n---\n# Title\n\nBody.\n")
    assert doc.metadata == {"author": "Dr Jo Park", "reviewer": "Dr Lee", "published": "2024-05-01",
                            "last_reviewed": "2025-01-09", "disclaimer": "site"}
    assert "Jo Park" not in doc.text and "disclaimer" not in doc.text
    assert doc.text.lstrip().startswith("Title")


def test_toml_front_matter_is_read_not_linted():
    doc = md('+++\nauthor = "Ana Ruiz"\npublished = 2024-03-04\n+++\nBody text.\n')
    assert doc.metadata["author"] == "Ana Ruiz" and doc.metadata["published"] == "2024-03-04"
    assert "Ana" not in doc.text and "Body text." in doc.text


def test_missing_metadata_reads_as_empty_string():
    doc = md("Body.\n")
    assert doc.metadata["disclaimer"] == "" and "disclaimer" not in doc.metadata


def test_headings_list_items_and_table_cells_are_blocks():
    doc = md("# Heading one\nSecond line of para.\n\n- item one\n- item two\n\n| a | b |\n|---|---|\n| c | d |\n")
    kinds = {(doc.text[s:e], k) for s, e, k in doc.non_prose}
    assert ("Heading one", "heading") in kinds
    assert ("item one", "list_item") in kinds and ("item two", "list_item") in kinds
    assert ("c", "table") in kinds and ("d", "table") in kinds
    for piece in ("Second line", "item two", "d"):
        # each block starts a sentence: its start is a block start
        assert doc.text.index(piece) in doc.block_starts or doc.text.rindex(piece) in doc.block_starts
    words_map_to_themselves(doc)


def test_entities_and_escapes_map_to_their_source():
    doc = md("Salt &amp; sugar, caf&eacute; \\*not emphasis\\*.\n")
    assert "Salt & sugar, café *not emphasis*." in doc.text
    i = doc.text.index("&")
    assert doc.source[slice(*doc.source_range(i, i + 1))] == "&amp;"
    i = doc.text.index("café")
    assert doc.source[slice(*doc.source_range(i, i + 4))] == "caf&eacute;"
    i = doc.text.index("*not")
    assert doc.source[slice(*doc.source_range(i, i + 1))] == "*"


def test_emphasis_inside_a_span_is_kept_in_the_source_text():
    doc = md("It is **very** safe.\n")
    i = doc.text.index("is very safe")
    s, e = doc.source_range(i, i + len("is very safe"))
    assert doc.source[s:e] == "is **very** safe"


def test_nested_containers_map_exactly():
    doc = md("> 1. Quoted item with `code` and [link](u).\n>    Continued line.\n\n* a\n\n  * nested the\n")
    words_map_to_themselves(doc)
    assert "Continued line." in doc.text and "nested the" in doc.text


def test_crlf_and_cr_sources_map_exactly():
    src = "# Title\n\nOne *two* three\nfour [five](x) six.\n"
    for nl in ("\r\n", "\r"):
        doc = md(src.replace("\n", nl))
        assert "One two three" in doc.text and "four five six." in doc.text
        words_map_to_themselves(doc)


def test_hard_break_starts_a_new_sentence_soft_break_does_not():
    doc = md("First line  \nsecond line\nthird line\n")
    assert doc.text.index("second") in doc.block_starts
    assert doc.text.index("third") not in doc.block_starts


def test_disclaimer_site_in_front_matter_satisfies_missing_disclaimer(lint, tmp_path):
    body = "# Flu\n\nRest and drink fluids when you have the flu.\n"
    assert lint(body, "missing-disclaimer", path="flu.md")
    assert not lint("---\ndisclaimer: site\n---\n" + body, "missing-disclaimer", path="flu.md")


def test_pair_article_metadata():
    doc = load_document("tests/fixtures/articles/eye-drops-glaucoma.md")
    assert doc.format == "markdown"
    assert doc.metadata["author"] == "Dr Priya Natarajan, OD"
    assert doc.metadata["disclaimer"] == "site"
    assert "repeat repeat" not in doc.text


def test_backslash_before_a_letter_is_text_and_code_spans_keep_words_apart():
    doc = md("C:\\temp and dose`x`daily.\n")
    assert "C:\\temp" in doc.text
    assert "dose daily." in doc.text
    words_map_to_themselves(doc)


def test_escaped_pipes_in_table_cells_map_exactly():
    doc = md("| dose \\| time | note |\n|---|---|\n| 5 mg \\| night | ok |\n")
    assert "dose | time" in doc.text and "5 mg | night" in doc.text
    words_map_to_themselves(doc)
    i = doc.text.index("night")
    assert doc.source[slice(*doc.source_range(i, i + 5))] == "night"


def test_front_matter_with_crlf_and_cr_line_endings():
    for nl in ("\r\n", "\r"):
        for fm in ("---\nauthor: A B\n---\n", '+++\nauthor = "A B"\n+++\n'):
            doc = md((fm + "# T\n\nBody.\n").replace("\n", nl))
            assert doc.metadata["author"] == "A B"
            assert "author" not in doc.text and "Body." in doc.text


def test_non_ascii_sources_map_exactly():
    # The parser reports UTF-8 byte ranges: every word after multi-byte characters
    # must still point at its own characters.
    doc = md("Café — “naïve” 日本 *über* [Ärzte](x) &amp; `ö` daily.\n\n| é | 日本 |\n|---|---|\n| ü | drops |\n")
    assert "Café — “naïve” 日本 über Ärzte &  daily." in doc.text
    words_map_to_themselves(doc)
    i = doc.text.index("drops")
    assert doc.source[slice(*doc.source_range(i, i + 5))] == "drops"
    i = doc.text.index("&")
    assert doc.source[slice(*doc.source_range(i, i + 1))] == "&amp;"


def test_html_block_in_a_block_quote_leaves_the_quote_markers_out():
    doc = md("> <div>\n> Rest <em>well</em> today.\n> </div>\n")
    assert "Rest well today." in doc.text and ">" not in doc.text
    words_map_to_themselves(doc)


def test_yaml_front_matter_closed_by_dots_and_unclosed_dashes():
    doc = md("---\nauthor: A B\n...\nBody.\n")
    assert doc.metadata["author"] == "A B" and "author" not in doc.text and "Body." in doc.text
    doc = md("---\nauthor: A B\n")  # never closed: a thematic break and a paragraph
    assert "author" not in doc.metadata and "author: A B" in doc.text
