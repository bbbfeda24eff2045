"""missing-crisis-resource: suicide, self-harm or overdose with no crisis line for the locale."""
from __future__ import annotations

import re

import pytest

from healthlint.config import default_config
from healthlint.rules import get_rule_class

RULE = "missing-crisis-resource"
LOCALES = ["en-US", "en-GB", "en-CA", "en-AU", "en-IE", "en-NZ"]


@pytest.fixture(scope="module")
def locale_config(tmp_path_factory):
    """A project config file per locale."""
    folder = tmp_path_factory.mktemp("locales")
    paths = {}
    for loc in LOCALES:
        p = folder / f"{loc}.yaml"
        p.write_text(f"locale: {loc}\n")
        paths[loc] = str(p)
    return paths


def test_suicide_without_a_line_fires_at_the_first_mention(lint):
    text = "Depression can be treated.\n\nSome people have thoughts of suicide. Suicide is preventable.\n"
    [f] = lint(text, RULE)
    assert f.severity == "error"
    assert f.text == "suicide" and f.line == 3
    assert "crisis line" in f.message and "en-US" in f.message
    assert "988 Suicide & Crisis Lifeline" in f.suggestion and "call or text 988" in f.suggestion


@pytest.mark.parametrize("line", [
    "If you are thinking about suicide, call or text 988.",
    "You can reach the 988 Suicide & Crisis Lifeline at any hour.",
    "Chat online at 988lifeline.org.",
    "Text HOME to 741741 to reach the Crisis Text Line.",
])
def test_a_crisis_line_satisfies_it(lint, line):
    assert lint("Some people have thoughts of suicide. " + line, RULE) == []


def test_a_bare_number_is_not_a_helpline(lint):
    text = "The trial enrolled 988 adults and asked them about suicidal thoughts each week."
    assert [f.text for f in lint(text, RULE)] == ["suicidal"]


def test_emergency_number_alone_does_not_satisfy_suicide_but_does_satisfy_overdose(lint):
    assert lint("Thoughts of suicide need care. In an emergency, call 911.", RULE)
    assert lint("Signs of an opioid overdose include slow breathing. Call 911 right away.", RULE) == []


def test_overdose_suggestion_names_emergency_poison_and_substance_use_lines(lint):
    [f] = lint("Naloxone can reverse an opioid overdose.", RULE)
    assert "911" in f.suggestion and "Poison Help (1-800-222-1222)" in f.suggestion
    assert "1-800-662-HELP" in f.suggestion


def test_poison_control_satisfies_overdose_but_not_suicide(lint):
    leaflet = ("Taking more than the recommended dose can cause an overdose of acetaminophen. "
               "If you took too much, call Poison Control at 1-800-222-1222.")
    assert lint(leaflet, RULE) == []
    [f] = lint(leaflet + " Suicide is also discussed below.", RULE)
    assert f.text == "Suicide"


def test_single_clinical_aside_about_overdose_does_not_trigger(lint):
    aside = "The syndrome can follow a stroke, an infection or a medication overdose given in hospital."
    assert lint(aside, RULE) == []
    assert lint("If you take too much, an overdose can follow.", RULE)


@pytest.mark.parametrize("text", [
    "Damaged cells switch on a program of cell suicide called apoptosis.",
    "Researchers delivered suicide genes into tumour cells.",
    "Older adults may trip and hurt themselves on loose rugs.",
    "Unintentional self-injury, such as biting the lips, is common in this neuropathy.",
])
def test_innocent_uses_stay_silent(lint, text):
    assert lint(text, RULE) == []


@pytest.mark.parametrize("text", [
    "A parent with postnatal depression may have thoughts of hurting themselves.",
    "Some teenagers hurt themselves on purpose to cope with distress.",
    "Self-harm often starts in the early teens.",
])
def test_self_harm_triggers(lint, text):
    assert lint(text, RULE)


def test_trigger_in_reference_list_is_ignored(lint):
    text = "Sleep matters for mood.\n\nReferences\n\nSmith J. Sleep and suicide risk. J Sleep. 2020.\n"
    assert lint(text, RULE) == []


def test_old_lifeline_number_counts_but_is_reported_as_outdated(lint):
    text = "If you think about suicide, call the National Suicide Prevention Lifeline at 1-800-273-8255."
    [f] = lint(text, RULE)
    assert f.severity == "info" and "outdated" in f.message
    assert "988" in f.suggestion


def test_en_gb_wants_a_uk_line(lint, locale_config):
    text = "Some people have thoughts of suicide. Call or text 988 for help."
    [f] = lint(text, RULE, config=locale_config["en-GB"])
    assert "en-GB" in f.message and "Samaritans" in f.suggestion and "116 123" in f.suggestion
    assert lint("Some people have thoughts of suicide. Call Samaritans free on 116 123.", RULE,
                config=locale_config["en-GB"]) == []


@pytest.mark.parametrize("loc", LOCALES)
def test_every_shipped_locale_has_verified_lines_that_are_detected(lint, locale_config, loc):
    resources = default_config().locales[loc]["crisis_resources"]
    kinds = {r["kind"] for r in resources}
    assert "suicide_crisis" in kinds and "emergency" in kinds
    for r in resources:
        assert r["name"] and r["contact"] and "source" in r
        assert str(r["verified"]).startswith("20"), r["name"]
        for p in r.get("names", []) + r.get("numbers", []):
            re.compile(p)
    crisis = next(r for r in resources if r["kind"] == "suicide_crisis")
    text = f"Some people have thoughts of suicide. {crisis['name']}: call {crisis['contact']}."
    assert lint(text, RULE, config=locale_config[loc]) == []
    [f] = lint("Some people have thoughts of suicide.", RULE, config=locale_config[loc])
    assert crisis["name"] in f.suggestion


def test_rule_is_document_level():
    assert get_rule_class(RULE).document_level is True


@pytest.mark.parametrize("loc", LOCALES)
def test_each_listed_contact_is_recognised_in_its_own_words(lint, locale_config, loc):
    """The detection patterns agree with the contact text the suggestion prints."""
    accepted = set(default_config().rules[RULE].options["accept_kinds"]["overdose"])
    for r in default_config().locales[loc]["crisis_resources"]:
        if r["kind"] not in accepted:
            continue
        text = f"An opioid overdose can kill. Call {r['contact']}."
        findings = lint(text, RULE, config=locale_config[loc])
        # an outdated line still counts; it only earns an info note
        assert [f.severity for f in findings] == (["info"] if r.get("prefer") else []), (loc, r["name"])


def test_the_cue_regexes_are_compiled_only_for_an_article_where_a_topic_comes_up():
    """An article without a trigger phrase compiles none of the intent, overdose and number cue
    regexes; the first with one compiles those it reads, which are the patterns built before."""
    import re

    from conftest import fresh_rules
    from healthlint.nlp import make_doc
    from healthlint.rules import CheckContext
    from healthlint.rules.missing_crisis_resource import _phrase_pattern

    from types import SimpleNamespace

    linter, config, rule = fresh_rules(RULE, 1)
    names = ("intent_before", "intent_after", "overdose_cues", "cue_rx")

    def run(text):
        doc = linter.nlp(make_doc(linter.nlp, text))
        return list(rule.check(CheckContext(doc=doc, document=SimpleNamespace(metadata={}), config=config)))

    assert run("Sleep well and drink water every day.\n") == []
    assert not set(names) & set(vars(rule))
    run("Some teens hurt themselves on purpose when they feel hopeless.\n")
    assert {"intent_before", "intent_after"} <= set(vars(rule))
    o = rule.options
    assert rule.intent_before == re.compile(
        r"(?:" + _phrase_pattern(o["intent_cues"])[0] + r")(?:\W+\w+){0,2}\W*$", re.IGNORECASE)
    assert rule.intent_after == re.compile(r"^\W*(?:" + _phrase_pattern(o["intent_after"])[0] + ")", re.IGNORECASE)
    assert rule.overdose_cues == re.compile(*_phrase_pattern(o["overdose_context_cues"]))
    assert rule.cue_rx == re.compile(*_phrase_pattern(o["number_cues"]))
    assert _phrase_pattern([" ", ""]) == (r"(?!x)x", 0)
