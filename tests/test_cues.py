"""Shared cues (rules.yaml `cues:`): citations and mentions, as the rules see them."""
from __future__ import annotations


def test_a_study_that_found_something_is_a_source(lint):
    text = "A 2019 study of 5,000 adults found that 40% of them slept less than six hours.\n"
    assert lint(text, "unsourced-statistic") == []


def test_the_same_figure_without_the_study_needs_a_source(lint):
    text = "Forty percent of adults sleep less than six hours, and 40% of them nap.\n"
    assert [f.text for f in lint(text, "unsourced-statistic")]


def test_such_as_introduces_an_example_not_a_mention(lint):
    text = "Risk factors such as substance abuse and poor sleep make relapse more likely.\n"
    assert [f.text for f in lint(text, "stigmatizing-language")] == ["substance abuse"]


def test_the_word_like_is_a_mention(lint):
    text = "Avoid words like 'addict' when you write about recovery.\n"
    assert lint(text, "stigmatizing-language") == []


def _ctx(text):
    """A CheckContext over ``text`` with the default configuration."""
    from conftest import get_linter

    from healthlint.nlp import make_doc
    from healthlint.rules import CheckContext

    linter = get_linter(["unsourced-statistic"])
    return CheckContext(doc=linter.nlp(make_doc(linter.nlp, text)), document=None,
                        config=linter.resolver.for_file("<text>"))


def test_an_apostrophe_after_a_letter_opens_no_quotation():
    from healthlint.cues import quoted_ranges

    assert quoted_ranges(_ctx("The patients' cure rate and the doctors' advice.")) == []
    text = "'Cure' is a strong word, and \"miracle\" too."
    start = text.index('"')
    assert quoted_ranges(_ctx(text)) == [(0, 6), (start, start + len('"miracle"'))]


def test_citation_phrases_match_whole_words_in_any_case():
    from healthlint.cues import citation_sentences

    text = ("ACCORDING TO the survey, sleep matters. The metadata from the app is stored. "
            "Data from the clinic show it. Nothing here.")
    assert citation_sentences(_ctx(text)) == [True, False, True, False]


def test_source_names_match_whole_words_and_their_case():
    from healthlint.cues import citation_sentences

    text = "The WHO says so. Ask who knows. The WHOM list is long. See the CDC's page."
    assert citation_sentences(_ctx(text)) == [True, False, False, True]


def test_the_last_reference_heading_starts_the_reference_list():
    from healthlint.cues import reference_section_start

    assert reference_section_start(_ctx("References\n1. Lee K. 2020.\n")) == 0
    text = "Intro text.\n\n## Sources\nA.\n\nNotes:\nB.\n"
    assert reference_section_start(_ctx(text)) == text.index("Notes:")
    assert reference_section_start(_ctx("See the references below.\n")) is None
