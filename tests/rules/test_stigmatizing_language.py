"""stigmatizing-language: person-first wording for substance use and mental health."""
from __future__ import annotations

import pytest

from healthlint.fixes import apply_edits, edits_of

RULE = "stigmatizing-language"


def fixed(text: str, findings) -> str:
    """``text`` with the findings' fixes applied, as `--fix` applies them."""
    return apply_edits(text, edits_of(findings))[0]


@pytest.mark.parametrize("before,after", [
    ("Housing programs often fail the mentally ill.", "Housing programs often fail people with mental illness."),
    ("The mentally ill deserve the same care.", "People with mental illness deserve the same care."),
    ("Her father suffers from depression.", "Her father has depression."),
    ("Many teens suffer from anxiety.", "Many teens have anxiety."),
    ("Living with an addict is exhausting.", "Living with a person with a substance use disorder is exhausting."),
    ("An addict may hide pills at home.", "A person with a substance use disorder may hide pills at home."),
    ("He is an alcoholic, his sister says.", "He is a person with alcohol use disorder, his sister says."),
    ("She passed a clean drug test.", "She passed a negative drug test."),
])
def test_single_preferred_wording_comes_with_a_safe_fix(lint, before, after):
    findings = lint(before, RULE)
    assert len(findings) == 1 and findings[0].severity == "warning"
    assert fixed(before, findings) == after


@pytest.mark.parametrize("text,flagged,preferred", [
    ("Substance abuse is common in young men.", "Substance abuse", "substance use disorder"),
    ("Most addicts started young.", "addicts", "people with substance use disorders"),
    ("Junkies were turned away at the door.", "Junkies", "people who use drugs"),
    ("People suffering from schizophrenia need support.", "suffering from", "living with"),
])
def test_wording_with_several_choices_gets_a_suggestion_but_no_fix(lint, text, flagged, preferred):
    [f] = lint(text, RULE)
    assert f.text == flagged
    assert preferred in f.suggestion
    assert f.fix is None


def test_alcoholic_as_an_adjective_is_not_a_label(lint):
    text = ("Alcoholic liver disease is serious. Avoid alcoholic drinks. Non-alcoholic fatty liver disease is "
            "different. An alcoholic beverage has calories.")
    assert lint(text, RULE) == []


def test_clean_and_dirty_only_about_sobriety(lint):
    assert lint("Keep the wound clean and change the dressing daily.", RULE) == []
    assert lint("Stay clean and dry after surgery.", RULE) == []
    assert lint("People who use drugs can get clean needles at the clinic.", RULE) == []
    [f] = lint("He has been clean for two years since he stopped using heroin.", RULE)
    assert f.text == "clean" and "recovery" in f.suggestion
    [f] = lint("Her last urine test came back dirty.", RULE)
    assert f.text == "dirty"


def test_organisation_names_are_left_alone(lint):
    text = ("The National Institute on Drug Abuse and the Substance Abuse and Mental Health Services "
            "Administration fund this work. He goes to Alcoholics Anonymous on Mondays. The county Office "
            "of Substance Abuse Services pays for it.")
    assert lint(text, RULE) == []


def test_quotations_mentions_and_references_are_skipped(lint):
    text = ('Avoid words like addict in your writing. Use "person in recovery" instead of "addict".\n'
            'She told us, "I was an addict for ten years."\n\n'
            "References\n1. Jones A. Drug abuse in rural areas. 2018.\n")
    assert lint(text, RULE) == []


def test_the_label_is_still_flagged_when_negated(lint):
    # Per the guidance: "he is not an addict" still uses the label.
    [f] = lint("He is not an addict.", RULE)
    assert f.text == "an addict"


def test_editors_can_extend_the_term_list(lint, tmp_path):
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text('rules:\n  stigmatizing-language:\n    extend-terms:\n      pill popper: "person who misuses medicines"\n')
    [f] = lint("He was a pill popper for years.", RULE, config=str(cfg))
    assert f.text == "pill popper" and "misuses medicines" in f.suggestion


def test_suffers_from_only_about_mental_health_or_substance_use(lint):
    assert lint("Nearly 7 million people suffer from angina.", RULE) == []
    [f] = lint("Nearly 7 million people suffer from depression.", RULE)
    assert f.text == "suffer from" and f.fix[0].replacement == "have"


@pytest.mark.parametrize("text", [
    "Unclean, cleaner, CLEAN_x, clean. Dirty-dirty cleandirty_ clean",
    "She stayed clean; his test came back DIRTY. dirtyclean dirty",
    "nothing to see here",
])
def test_sobriety_words_found_by_str_find_are_the_regex_matches(text):
    import re

    from conftest import get_linter
    from healthlint.rules import CheckContext

    linter = get_linter(["stigmatizing-language"])
    config = linter.resolver.for_file(None)
    (rule,) = [r for r in linter.rules_for(config) if r.id == "stigmatizing-language"]
    from healthlint.documents import parse_document
    from healthlint.nlp import make_doc

    document = parse_document("<text>", text, "text")
    ctx = CheckContext(doc=linter.nlp(make_doc(linter.nlp, document.text, document.block_starts)),
                       document=document, config=config)
    words = "|".join(sorted(rule.sobriety, key=len, reverse=True))
    expected = [m.span() for m in re.finditer(rf"(?<!\w)(?:{words})(?!\w)", ctx.text, re.IGNORECASE)]
    assert [m.span() for m in rule._sobriety_words(ctx)] == expected
