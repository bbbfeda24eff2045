"""Inline suppression directives in plain text, Markdown and HTML, and unused ones reported."""
from __future__ import annotations

import pytest

from conftest import get_linter
from healthlint.documents import parse_document

RULES = ["broken-phrase", "unused-suppression"]

# One article per format: `{D}` is where a directive goes; `{E}` an enable.
FORMATS = {
    "txt": ("a.txt", "healthlint-{}\n"),
    "md": ("a.md", "<!-- healthlint-{} -->\n"),
    "html": ("a.html", "<!-- healthlint-{} -->\n"),
}


def para(fmt: str, text: str) -> str:
    return f"<p>{text}</p>\n\n" if fmt == "html" else f"{text}\n\n"


def directive(fmt: str, body: str) -> str:
    return FORMATS[fmt][1].format(body) + ("\n" if fmt == "txt" else "")


def check(fmt: str, source: str, rules=RULES):
    result = get_linter(rules).check_text(source, path=FORMATS[fmt][0])
    assert result.error is None, result.error
    return [(f.rule, f.text if f.rule != "unused-suppression" else f.message) for f in result.findings]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_disable_next_line_with_a_reason(fmt):
    src = (para(fmt, "Intro.") + directive(fmt, "disable-next-line broken-phrase -- reviewed by the clinical lead")
           + para(fmt, "Put in the the drops.") + para(fmt, "Rest and and sleep."))
    found = check(fmt, src)
    assert ("broken-phrase", "and and") in found
    assert not [f for f in found if "the the" in f[1]]
    assert not [f for f in found if f[0] == "unused-suppression"]
    doc = parse_document(FORMATS[fmt][0], src, {"txt": "text", "md": "markdown", "html": "html"}[fmt])
    [d] = doc.directives
    assert (d.kind, d.rules, d.reason) == ("disable-next-line", ["broken-phrase"], "reviewed by the clinical lead")
    assert "healthlint" not in doc.text


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_disable_enable_range(fmt):
    src = (para(fmt, "One the the.") + directive(fmt, "disable broken-phrase")
           + para(fmt, "Two and and.") + para(fmt, "Three or or.") + directive(fmt, "enable broken-phrase")
           + para(fmt, "Four to to."))
    found = {t for r, t in check(fmt, src) if r == "broken-phrase"}
    assert found == {"the the", "to to"}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_unused_and_unknown_directives_are_reported(fmt):
    src = (directive(fmt, "disable-next-line broken-phrase") + para(fmt, "Nothing wrong here.")
           + directive(fmt, "disable-next-line no-such-rule -- typo") + para(fmt, "Fine too.")
           + directive(fmt, "enable"))
    result = get_linter(RULES).check_text(src, path=FORMATS[fmt][0])
    unused = [f for f in result.findings if f.rule == "unused-suppression"]
    assert len(unused) == 3
    assert all(f.severity == "info" for f in unused)
    assert "suppressed nothing" in unused[0].message and unused[0].line == 1
    assert "no-such-rule" in unused[1].message
    assert "no healthlint-disable" in unused[2].message
    for f in unused:  # the finding points at the directive itself
        assert "healthlint-" in f.text and src[f.start:f.end] == f.text


def test_disable_all_then_enable_one_rule_keeps_the_others_off():
    src = ("<!-- healthlint-disable -->\n\nPut in the the drops.\n\n<!-- healthlint-enable broken-phrase -->\n\n"
           "Rest and and sleep.\n")
    found = check("md", src, ["broken-phrase", "unused-suppression", "stigmatizing-language"])
    assert ("broken-phrase", "and and") in found
    assert ("broken-phrase", "the the") not in found


def test_directive_in_the_middle_of_a_line_covers_only_what_follows():
    src = "Put in the the drops. <!-- healthlint-disable broken-phrase --> Rest and and sleep.\n"
    found = check("md", src)
    assert ("broken-phrase", "the the") in found and ("broken-phrase", "and and") not in found


def test_next_line_skips_markup_only_lines_and_stacked_directives():
    src = ("<!-- healthlint-disable-next-line broken-phrase -->\n<!-- healthlint-disable-next-line broken-phrase -->\n"
           "<p>\n  Put in the the drops.\n</p>\n")
    found = check("html", src)
    assert not [f for f in found if f[0] == "broken-phrase"]
    assert not [f for f in found if f[0] == "unused-suppression"]


def test_directives_inside_code_are_not_directives():
    src = "```\n<!-- healthlint-disable broken-phrase -->\n```\n\nPut in the the drops.\n"
    assert ("broken-phrase", "the the") in check("md", src)
    src = "<pre>healthlint-disable broken-phrase</pre><p>Put in the the drops.</p>"
    assert ("broken-phrase", "the the") in check("html", src)
    src = "<pre><code><!-- healthlint-disable broken-phrase --></code></pre><p>Put in the the drops.</p>"
    assert ("broken-phrase", "the the") in check("html", src)
    src = "<p>Use `<!-- healthlint-disable broken-phrase -->` to silence it.</p>\n\nPut in the the drops.\n"
    assert ("broken-phrase", "the the") in check("md", src.replace("<p>", "").replace("</p>", ""))


def test_directive_for_a_rule_not_run_is_not_reported():
    src = "<!-- healthlint-disable-next-line stigmatizing-language -->\nPut in the drops.\n"
    assert check("md", src) == []


def test_a_never_enabled_disable_opts_the_file_out_of_a_document_level_rule():
    body = "Rest and drink fluids when you have the flu.\n"
    rules = ["missing-disclaimer", "unused-suppression"]
    assert [r for r, _ in check("md", body, rules)] == ["missing-disclaimer"]
    assert check("md", body + "\n<!-- healthlint-disable missing-disclaimer -- the site footer has one -->\n", rules) == []


def test_crlf_plain_text_directives():
    src = "Intro.\r\nhealthlint-disable-next-line broken-phrase -- ok\r\nPut in the the drops.\r\n"
    assert check("txt", src) == []


def test_pair_article_suppression_is_used_in_both_formats():
    for name in ("eye-drops-glaucoma.md", "eye-drops-glaucoma.html"):
        path = f"tests/fixtures/articles/{name}"
        [result] = list(get_linter(RULES).check_files([(path, None)]))
        texts = [f.text for f in result.findings]
        assert not [f for f in result.findings if f.rule == "unused-suppression"], texts
        assert all("the the drops twice" not in t for t in texts)


def test_unused_finding_takes_the_given_severity():
    from healthlint.suppression import apply_suppressions

    doc = parse_document("a.md", "<!-- healthlint-disable-next-line broken-phrase -->\nFine.\n", "markdown")
    [f] = apply_suppressions(doc, [], known_rules={"broken-phrase", "unused-suppression"},
                             enabled_rules={"broken-phrase", "unused-suppression"}, unused_severity="warning")
    assert (f.rule, f.severity) == ("unused-suppression", "warning")
