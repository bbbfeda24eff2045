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
