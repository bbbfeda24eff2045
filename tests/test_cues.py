"""Shared cues (rules.yaml `cues:`): citations and mentions, as the rules see them."""
from __future__ import annotations

import re


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


def _finditer_starts(pattern, text):
    import re

    return [m.start() for m in re.finditer(pattern, text)]


def test_anchored_scan_finds_the_starts_finditer_finds():
    """Citation patterns scanned from a literal inside them start where finditer's matches start."""
    import random

    import yaml

    from healthlint.scan import AnchoredScan as _AnchoredScan

    from pathlib import Path

    configured = yaml.safe_load((Path(__file__).parent.parent / "rules.yaml").read_text())["cues"]["citation_patterns"]
    extra = [r"[a-z]+\s*(?:foo|bar)\d", r"(?:x|yy)?\s*,ab", r"\w(?<=q)\s+zz[a-c]", r"(?:[Aa]|the)\s+(?:the\s+)?study",
             r"[a-z]\s*[;.]\d+(?=\s)", r"(?:x|yy)?[,%b]b?\d"]
    patterns = configured + extra
    scans = [_AnchoredScan(p) for p in patterns]
    # The slow openers of the configured patterns ("[a-z][.,;]", "(?:[Aa]|[Tt]he|...)") are read,
    # and a part opening with a class of a few characters ("[.,;]\d...") is one search per character.
    assert sum(s.plan is not None for s in scans[: len(configured)]) >= 2
    assert any(s.split for s in scans[: len(configured)]) and sum(bool(s.split) for s in scans[len(configured):]) == 2
    words = ("a A the The one another Another data study studies survey trial review meta-analysis analysis "
             "found showed reported concluded 2019 1999 x-y, UI.1 b;2 c,33 . , ; 12 % Although foo bar7 "
             "foo3 q zzb ,ab yy x").split()
    seps = [" ", "  ", "\n", "\n\n", "\t", ""]
    from healthlint.scan import Needles

    needles = Needles([n for scan in scans for n in scan.lower_needles()])
    assert "meta-analysis" in {n for n, _, _ in needles.derived}  # read off "analysis"
    rng = random.Random(6)
    found = 0
    for _ in range(4000):
        text = "".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(0, 30)))
        # The anchors taken from one scan of the lower-cased text (as citation_sentences does).
        occ = needles.find(text.lower())
        for pattern, scan in zip(patterns, scans):
            expected = _finditer_starts(pattern, text)
            assert scan.starts(text) == expected, (pattern, text)
            assert scan.starts(text, occ) == expected, (pattern, text)
            found += bool(expected)
    assert found > 1000  # the texts do hold matches


def test_a_study_across_a_line_break_is_found_where_it_starts():
    from healthlint.scan import AnchoredScan as _AnchoredScan

    pattern = r"(?:[Aa]|[Tt]he)\s+(?:[a-z-]+\s+){0,2}(?:study|trial)\s+(?:[\w,.%-]+\s+){0,8}?(?:found)\b"
    text = "We cite a\nlarge study that found it. The trial found more, and data study found less."
    assert _AnchoredScan(pattern).starts(text) == _finditer_starts(pattern, text) == [8, 37, 66]  # "data study": the "a" ending "data"


def test_citation_phrases_found_by_shared_keys_are_the_phrases_found_one_by_one():
    import random

    from healthlint.cues import _find_words_keyed, _keyed

    def _find_words(text, words):  # the regex the keyed search stands for
        alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return [m.span() for m in re.finditer(rf"(?<!\w)(?:{alternation})(?!\w)", text)]

    phrases = sorted({"a study", "the study", "data from", "figures from", "et al", "source:", "sources:",
                      "reported by", "a report", "reports that", "cited in", "published in", "x", "ab", "abab"})
    groups = _keyed(phrases)
    assert sorted(p for _, members in groups for p, _ in members) == phrases
    assert len(groups) < len(phrases)
    from healthlint.scan import Needles

    preferred = _keyed(phrases, ["study", "report", "abab", "ab"])
    assert sorted(p for _, members in preferred for p, _ in members) == phrases
    assert ("study", [("a study", 2), ("the study", 4)]) in preferred
    bits = ["a", "the", "study", "studyx", "data", "from", "figures", "et", "al", "source", "sources", ":",
            "reported", "by", "report", "reports", "that", "cited", "in", "published", "x", "ab", "abab", "b"]
    rng = random.Random(2)
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(bits) + rng.choice([" ", "", "  ", "\n", "."]) for _ in range(rng.randint(0, 25)))
        expected = _find_words(text, phrases)
        assert _find_words_keyed(text, groups) == expected, text
        # Keys preferred because another scan looks for them anyway, found by Needles.
        assert _find_words_keyed(text, preferred, Needles(k for k, _ in preferred).find(text)) == expected, text
        found += len(expected)
    assert found > 3000


def test_source_names_grouped_by_first_letter_match_what_the_plain_alternation_matches():
    import random

    from healthlint.cues import _words_first_char

    names = ["NIH", "NIDA", "National Institutes of Health", "N", "WHO", "World Health Organization", "NHS", "Wx"]
    plain = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?!\w)")
    grouped = _words_first_char(names)
    rng = random.Random(7)
    pieces = ["NIH", "NIDA", "National Institutes of Health", "N", "WHO", "World", " Health Organization", "NHS",
              "Wx", " ", "x", "_", ".", "NIHS", "aWHO"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_reference_headings_found_in_the_lower_cased_text_where_the_case_blind_search_finds_them():
    import random

    from healthlint.cues import _CASE_ODD, _compiled, reference_section_start

    c = _compiled(_ctx("x"))
    blind, lower = c["ref_heading_nl"], c["ref_heading_nl_lower"]
    assert lower is not None  # the configured headings are ASCII
    bits = ["References", "REFERENCES", "sources", "Notes", "nOtEs", "Works cited", "further Reading", "#", "##",
            "*", ":", "text", "é", "Ünits", "x"]
    rng = random.Random(3)
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(bits) + rng.choice(["\n", " ", "\t", "", "\n\n"]) for _ in range(rng.randint(0, 10)))
        expected = [m.start() for m in blind.finditer(text)]
        assert [m.start() for m in lower.finditer(text.lower())] == expected, text
        found += bool(expected)
    assert found > 500
    # Letters IGNORECASE reads as ASCII ones ("ſ" as "s"): the text is searched case-blind, as before.
    assert set(_CASE_ODD) == {"\u0130", "\u0131", "\u017f", "\u212a"}
    text = "Intro.\n\n\u017fources\nA.\n"
    assert reference_section_start(_ctx(text)) == text.index("\u017f")


def test_quoted_ranges_from_each_quote_character_are_the_alternations_matches():
    """quoted_ranges tries the alternation only where one of its alternatives matches (one literal
    search per quote character): the same ranges as its finditer, on random text with nested,
    unclosed and mixed quotes, apostrophes and line breaks."""
    import random
    from types import SimpleNamespace

    from healthlint.cues import _QUOTED, quoted_ranges

    pieces = ["“", "”", '"', "‘", "’", "'", "word", "don't", " ", "\n", "x" * 130, "y" * 250, "a'b", ",", "it’s"]
    rnd = random.Random(13)
    found = 0
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 25)))
        want = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
        assert quoted_ranges(SimpleNamespace(text=text, cache={})) == want, text
        found += bool(want)
    assert found > 500
