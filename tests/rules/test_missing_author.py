"""missing-author: bylines from the text and author/reviewer from metadata."""
from __future__ import annotations

import pytest

from conftest import get_linter

RULE = "missing-author"
BODY = "\n\nThe first weeks at home after a stroke are often the hardest. Ask for a written plan.\n"


def check_with_metadata(text: str, metadata: dict):
    from healthlint.documents import parse_document

    linter = get_linter([RULE])
    document = parse_document("<text>", text, "text")
    document.metadata.update(metadata)
    return [f for f in linter.check_document(document, linter.resolver.for_file(None)) if f.rule == RULE]


def test_no_byline_points_at_the_first_line(lint):
    [f] = lint("Caring After a Stroke" + BODY, RULE)
    assert (f.line, f.column, f.text) == (1, 1, "Caring After a Stroke")
    assert "no author or medical reviewer named" in f.message and "at the top" in f.message
    assert f.severity == "info"


@pytest.mark.parametrize("byline", [
    "By Jane Doe, RN",
    "by J. R. Smith",
    "Written by Jane Doe",
    "Author: Jane Doe, PhD",
    "Medically reviewed by Dr. Ana Ruiz, MD",
    "By Jane Doe, RN | Updated 2024-05-01",
    "Written by the Riverside Health Editorial Team",
    "This page was fact-checked by Maria de la Cruz, PharmD.",
])
def test_bylines_count(lint, byline):
    assert lint("Caring After a Stroke\n" + byline + BODY, RULE) == []


@pytest.mark.parametrize("line", [
    "By Monday, most families have a routine.",
    "By cutting salt, many people lower their blood pressure.",
    "Reviewed by your pharmacist, the list stays up to date.",
])
def test_by_phrases_in_prose_are_not_bylines(lint, line):
    assert len(lint("Caring After a Stroke\n" + line + BODY, RULE)) == 1


def test_a_long_line_starting_with_by_is_prose_not_a_byline(lint):
    line = "By Jane Doe's account " + "the program helped her family a great deal in many small ways " * 3
    assert len(lint("Caring After a Stroke\n" + line + BODY, RULE)) == 1


@pytest.mark.parametrize("key", ["author", "reviewer"])
def test_metadata_author_or_reviewer_counts(key):
    assert check_with_metadata("Caring After a Stroke" + BODY, {key: "Jane Doe, RN"}) == []
    assert len(check_with_metadata("Caring After a Stroke" + BODY, {key: "  "})) == 1


def test_rule_is_document_level():
    from healthlint.rules.missing_author import MissingAuthor

    assert MissingAuthor.document_level is True


@pytest.mark.parametrize("text", [
    "By Jane Doe, RN\nMedically reviewed by\nDr. Ana Ruiz\nBy Tom Lee",
    "Intro line\n> **Author:** Sam Park\nNothing by hand.\n  - reviewer: The Editorial Team\n",
    "BY JANE DOE\nby the way\nContributors: Ann Bell and Ray Cho\nWritten by Ann\nBell",
    "no labels at all\njust text",
])
def test_bylines_found_from_label_words_are_the_line_scan_matches(text):
    linter = get_linter([RULE])
    (rule,) = [r for r in linter.rules_for(linter.resolver.for_file(None)) if r.id == RULE]
    every_line = [(s, m.end()) for s, m in rule._line_matches(text)]
    keyed = [(s, m.end()) for s, m in rule._line_matches(text, text.lower())]
    assert keyed == every_line
    assert [m.span() for m in rule._line.finditer(text)] == every_line


@pytest.mark.parametrize("text", [
    "nothing here", "caused by x", "it was Written By hand", "fact-checked by", "edited by", "reviewed byline",
    " by", "authored b y", "xwritten by",
])
def test_inline_label_test_by_shared_part_is_the_plain_test(text):
    linter = get_linter([RULE])
    (rule,) = [r for r in linter.rules_for(linter.resolver.for_file(None)) if r.id == RULE]
    lower = text.lower()
    assert rule._any_inline_label(lower) == any(lab in lower for lab in rule._inline_labels)


def _inline_reference(rule, text):
    """The inline search as every " by" window tried in turn (what the label-first search must equal)."""
    lower = text.lower()
    i = lower.find("by", 1)
    while i != -1:
        if lower[i - 1].isspace():
            a, b = max(0, i - 40), min(len(text), i + 200)
            if any(lower.find(lab, a, b) != -1 for lab in rule._inline_labels):
                m = rule._inline.search(text, a, b)
                if m:
                    return m.span()
        i = lower.find("by", i + 2)
    return None


def test_inline_bylines_found_from_the_labels_are_the_window_scan_matches():
    import random

    linter = get_linter([RULE])
    (rule,) = [r for r in linter.rules_for(linter.resolver.for_file(None)) if r.id == RULE]
    parts = ["written by", "Reviewed by", "by", "Jane Doe", "Dr. Ana Ruiz", "caused by", "the", "x" * 90,
             "fact-checked by", "stand by", "\n", "Edited  by", "Tom Lee, RN", ". ", "nearby", "by the Editorial Team"]
    rnd = random.Random(7)
    for _ in range(400):
        text = " ".join(rnd.choice(parts) for _ in range(rnd.randint(1, 30)))
        if any(line.strip() and len(line.split()) <= 25 for line in text.split("\n")):
            text = "Intro " + "word " * 30 + text  # keep the lines long: only the inline search answers
        got = rule.byline(text, text.lower())
        want = _inline_reference(rule, text)
        line_hits = list(rule._line_matches(text))
        if not line_hits:
            assert (got.span() if got else None) == want, text


@pytest.mark.parametrize("text, named", [
    ("By Jane Doe, RN\nThe ſcreening guide.", True),
    ("Intro line with \u0130stanbul.\nWritten by Ann Bell\n", True),
    ("Some text, the \u212aelvin sign, and no byline at all.", False),
    ("Plain ASCII article.\nReviewed by Dr. Ana Ruiz", True),
    ("Café notes " + "word " * 30 + "written by Tom Lee, RN, on treatment.", True),
    ("Café ſ notes " + "word " * 30 + "written by Tom Lee, RN, on treatment.", True),
])
def test_check_with_the_shared_exactness_flag_finds_what_byline_finds(lint, text, named):
    """check() passes lower_is_exact(ctx) (computed once per document) to byline() instead of
    letting it scan the text again: it reports exactly when byline() on its own finds nothing."""
    linter = get_linter([RULE])
    (rule,) = [r for r in linter.rules_for(linter.resolver.for_file(None)) if r.id == RULE]
    alone = rule.byline(text, text.lower() if "\u0130" not in text else None)
    assert (alone is not None) == named
    assert (lint(text, RULE) == []) == named


def test_segment_bylines_found_from_the_label_words_are_the_whole_text_scan_matches():
    """_segment_matches with the lowered text tries the pattern only before label words; the
    byline it leads to is the one a scan of the whole text finds."""
    import random

    linter = get_linter([RULE])
    (rule,) = [r for r in linter.rules_for(linter.resolver.for_file(None)) if r.id == RULE]

    def first(matches, text):
        m = rule.first_segment_byline(text, matches)
        return m.span() if m else None

    parts = ["Updated 2 March 2026", "·", "|", "—", "–", "•", ".", ". ", "By", "by", "Medically reviewed by",
             "Author:", "Dana Reyes, RN", "Jane Doe", "the Editorial Team", "\n", "\t", "x" * 50, "nearby",
             "standby", "word", "e.g.", "Dr. Ana Ruiz"]
    rnd = random.Random(11)
    found = 0
    for _ in range(3000):
        text = " ".join(rnd.choice(parts) for _ in range(rnd.randint(1, 24)))
        want = first(rule._segment.finditer(text), text)
        assert first(rule._segment_matches(text, text.lower()), text) == want, text
        found += want is not None
    assert found > 200  # the texts reach real bylines after a separator
