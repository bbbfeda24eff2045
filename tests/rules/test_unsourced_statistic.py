"""unsourced-statistic: figures that need a source and have none nearby."""
from __future__ import annotations

import pytest

RULE = "unsourced-statistic"


@pytest.mark.parametrize("text,figure,kind", [
    ("Rehab can cost $5,000 a month.", "$5,000", "cost"),
    ("The average stay costs 2,000 dollars.", "2,000 dollars", "cost"),
    ("The service spends £3 million on it.", "£3 million", "cost"),
    ("About 40% of adults snore.", "40%", "percentage"),
    ("Nearly 100% of infants get the virus by age 2.", "100%", "percentage"),
    ("Roughly forty percent of adults snore.", "forty percent", "percentage"),
    ("About 12 per cent of teens vape.", "12 per cent", "percentage"),
    ("About 1 in 5 adults has a mental illness.", "1 in 5", "rate"),
    ("One in four women will be affected.", "One in four", "rate"),
    ("3 out of 10 smokers try to quit each year.", "3 out of 10", "rate"),
    ("It affects 1 in a million newborns.", "1 in a million", "rate"),
    ("There are 12 cases per 100,000 people.", "per 100,000", "rate"),
    ("The disease affects 2 million Americans.", "2 million Americans", "count"),
    ("It caused 15,000 deaths last year.", "15,000 deaths", "count"),
    ("Thousands of people seek help each week.", "Thousands of people", "count"),
    ("Most people with flu recover within a week.", "Most people", "majority claim"),
    ("The majority of patients feel better quickly.", "The majority of", "majority claim"),
])
def test_each_kind_of_figure_is_found(lint, text, figure, kind):
    [f] = lint(text, RULE)
    assert f.text == figure and f.message.startswith(kind)
    assert f.severity == "warning" and "source" in f.suggestion


@pytest.mark.parametrize("text", [
    "About 1 in 5 adults has a mental illness, according to the survey.",
    "About 1 in 5 adults has a mental illness [3].",
    "About 1 in 5 adults has a mental illness (Smith, 2021).",
    "About 1 in 5 adults has a mental illness (see https://example.org/stats).",
    "About 1 in 5 adults has a mental illness. The CDC tracks these numbers every year.",
    "The NIMH runs a yearly survey. It finds that 1 in 5 adults has a mental illness.",
    "Researchers found 40% of adults snore. Snoring is more common in men.",
    "Rates are rising (PMID: 31234567). About 40% of adults snore.",
])
def test_a_citation_in_or_next_to_the_sentence_sources_it(lint, text):
    assert lint(text, RULE) == []


def test_a_citation_two_sentences_away_does_not_count(lint):
    text = "The CDC publishes data. Sleep matters. About 40% of adults snore."
    [f] = lint(text, RULE)
    assert f.text == "40%"


@pytest.mark.parametrize("text", [
    "Call or text 988, or call 1-800-662-4357 for help with drugs or alcohol.",
    "The clinic opened in 2015 and moved in 2021.",
    "Adults over 65 and children aged 2 to 5 need a smaller dose.",
    "Take 500 mg twice a day, or 2 tablets at 3 p.m.",
    "The line is staffed 24/7.",
    "A normal reading is 120/80. The 12-week program meets weekly.",
    "1. Wash your hands.\n2. Dry them well.",
    "If you weigh 200 pounds, losing 10 pounds helps.",
    "An A1C of 6.5 percent or higher means diabetes.",
    "Use a 1% hydrocortisone cream.",
    "Each child has a 50% chance of inheriting the gene.",
    "She has 2 children and 3 grandchildren.",
    "In 2020 Americans bought more masks.",
    "Take one dose in 2 weeks and another 1 in 6 months.",
    "The solution has 5 grams per 100 mL.",
    "For most people, one cup of coffee a day is fine.",
    "Hearing loss from loud noise is 100 percent preventable.",
])
def test_numbers_that_are_not_statistics_are_ignored(lint, text):
    assert lint(text, RULE) == []


def test_one_finding_per_sentence_with_the_other_figures_related(lint):
    [f] = lint("About 40% of adults, or 2 million Americans, snore, and treatment costs $300.", RULE)
    assert f.text == "40%"
    assert [r.text for r in f.related] == ["2 million Americans", "$300"]


def test_quotations_and_reference_lists_are_skipped(lint):
    text = ('Our nurse said, "about 40% of our patients snore."\n\n'
            "References\n1. Lee K. Snoring in 2 million Americans. 2020.\n")
    assert lint(text, RULE) == []


def test_editors_can_extend_the_word_lists(lint, tmp_path):
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text("rules:\n  unsourced-statistic:\n    extend-people_nouns: [nurses]\n")
    [f] = lint("The country is short of 5,000 nurses.", RULE, config=str(cfg))
    assert f.text == "5,000 nurses"
    assert lint("The country is short of 5,000 nurses.", RULE) == []


@pytest.mark.parametrize("text,figure", [
    # The word before the people noun ends the count: a number, a scale word, a modifier or "of",
    # whatever space (two spaces, a newline, a no-break space) stands between them.
    ("The clinic enrolled 5,000 U.S. adults last year.", "5,000 U.S. adults"),
    ("The clinic enrolled 5,000 US\nadults last year.", "5,000 US\nadults"),
    ("Some 3,000 older adults joined.", "3,000 older adults"),
    ("About 2,000\u00a0people attended.", "2,000\u00a0people"),
    ("Tens of thousands of women  were screened.", "Tens of thousands of women"),
    # A number then at most one space before the percent sign or "in".
    ("Roughly 40\u00a0% of adults snore.", "40\u00a0%"),
    ("Rates fell (40%) in teens.", "40%"),
    ("About 1 in\u00a05 adults snore.", "1 in\u00a05"),
])
def test_figures_are_read_across_any_kind_of_space(lint, text, figure):
    [f] = lint(text, RULE)
    assert f.text == figure


@pytest.mark.parametrize("text", [
    "Groups of people met in the hall.",
    "Many people snore.",
    "Only 12 people came.",
    "Roughly 40  % of adults snore.",
])
def test_a_people_noun_or_percent_sign_without_a_count_before_it_is_no_figure(lint, text):
    assert lint(text, RULE) == []


def _rule_and_ctx(text):
    from conftest import get_linter

    from healthlint.nlp import make_doc
    from healthlint.rules import CheckContext

    linter = get_linter([RULE])
    rule = next(r for r in linter.rules_for(linter.resolver.for_file("<text>")) if r.id == RULE)
    ctx = CheckContext(doc=linter.nlp(make_doc(linter.nlp, text)), document=None,
                       config=linter.resolver.for_file("<text>"))
    return rule, ctx


def test_rate_keywords_found_from_in_and_out_are_the_regex_matches():
    import random

    words = ("1 5 one Four in In IN out Out of OF every a million thousand weeks ın İn x in5 "
             "out-of . , 3").split()
    seps = [" ", "  ", "\n", "\t", ""]
    rng = random.Random(3)
    found = 0
    for _ in range(300):
        text = "".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(1, 40)))
        rule, ctx = _rule_and_ctx(text)
        expected = [m.span() for m in rule.rate_kw.finditer(text)]
        assert [m.span() for m in rule._rate_keywords(ctx)] == expected, text
        found += bool(expected)
    assert found > 50


def test_a_dotless_i_still_makes_a_rate(lint):
    """'ı' matches 'i' ignoring case, as before: the scan from lower-cased 'in' keeps it."""
    assert [f.text for f in lint("About 1 ın 5 adults snore.", RULE)] == ["1 ın 5"]


def test_costs_and_per_rates_tried_at_their_first_characters_are_the_regex_matches():
    import random

    from healthlint.rules.unsourced_statistic import _finditer_at

    rule, _ = _rule_and_ctx("x")
    words = "$ $5 $5,000 £3 € 5 million per Per PER per100 100,000 1,000 mL paper $$7 upper . ,".split()
    rng = random.Random(5)
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice([" ", "", "  ", "\n"]) for _ in range(rng.randint(1, 20)))
        for rx, openers in ((rule.cost_sym, rule.cost_symbols), (rule.per, ("per", "Per"))):
            expected = [m.span() for m in rx.finditer(text)]
            assert [m.span() for m in _finditer_at(rx, text, openers)] == expected, text
            found += bool(expected)
    assert found > 1000


@pytest.mark.parametrize("before,after", [
    ("an HbA1C of", ""), ("AN A1C OF", ""), ("your Body  Weight by", ""), ("a ſolution of", ""),
    ("a Solution of", ""), ("the KID", " of each CHILD"), ("adults said.  The", " level"), ("", " LEVELS"),
    ("aLeVeL", ""), ("caloriesx", ""), ("x-calories", ""), ("Daily Value", "%"), ("İnherit", ""),
])
def test_measurement_cues_found_in_any_case_as_before(before, after):
    rule, _ = _rule_and_ctx("x")
    text = before + "5%" + after
    start, end = len(before), len(before) + 2
    lo = max(0, start - 60)
    cut = __import__("re").split(r"[.;:!?]\s", text[lo:start])[-1]
    expected = bool(rule.measure.search(cut) or rule.measure.search(text[end:end + 40]))
    assert rule._is_measurement(text, start, end) is expected


def test_count_regex_on_lower_cased_ascii_finds_what_the_case_blind_one_finds():
    import random

    rule, _ = _rule_and_ctx("x")
    words = ("2 Million MILLION thousand Thousands OF of 15,000 1999 Two TWENTY-one new NEW U.S. u.s. US "
             "American older x. , - 3.5 hundreds").split()
    rng = random.Random(8)
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice([" ", "  ", "\n", ""]) for _ in range(rng.randint(1, 12)))
        lo = rng.randint(0, 3)
        a = rule.count_before.search(text, lo, len(text))
        b = rule.count_before_lower.search(text.lower(), lo, len(text))
        assert (a and (a.span(), a.group("n") and a.group("n").lower(), bool(a.group("scale")))) == \
               (b and (b.span(), b.group("n"), bool(b.group("scale")))), text
        found += bool(a)
    assert found > 300


def test_per_starts_from_the_lower_cased_text_are_the_occurrences_of_per_and_Per():
    """_per_starts reads one scan of ctx.lower: the same places as looking for "per" and "Per" in
    the text, on random text with other cases, overlaps and characters whose lower case is longer."""
    import random

    from healthlint.rules.unsourced_statistic import _per_starts
    from healthlint.scan import occurrences

    pieces = ["per", "Per", "PER", "pEr", "pe", "r", "P", "e", "super", "\u0130", "İper", "x", " ", "perper"]
    rnd = random.Random(8)
    hits = 0
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        low = text.lower()
        if len(low) != len(text):  # as CheckContext.lower: same offsets
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        want = occurrences(text, ("per", "Per"))
        assert _per_starts(text, low) == want, text
        hits += bool(want)
    assert hits > 1000
