"""unsafe-suicide-language: wording safe-messaging guidelines ask writers to avoid."""
from __future__ import annotations

import pytest

from healthlint.fixes import apply_edits, edits_of

RULE = "unsafe-suicide-language"


def fixed(text: str, findings) -> str:
    """``text`` with the findings' fixes applied, as `--fix` applies them."""
    return apply_edits(text, edits_of(findings))[0]


@pytest.mark.parametrize("before,after", [
    ("Her brother committed suicide in 2019.", "Her brother died by suicide in 2019."),
    ("Men are more likely to commit suicide.", "Men are more likely to die by suicide."),
    ("The risk of committing suicide rises with age.", "The risk of dying by suicide rises with age."),
    ("He tried to commit suicide twice.", "He attempted suicide twice."),
    ("She survived a failed suicide attempt.", "She survived a suicide attempt."),
    ("Unsuccessful suicide attempts are common.", "Suicide attempts are common."),
    ("Failed suicide attempts in young adults\n\nMost people survive.",
     "Suicide attempts in young adults\n\nMost people survive."),
])
def test_single_preferred_wording_comes_with_a_safe_fix(lint, before, after):
    findings = lint(before, RULE)
    assert len(findings) == 1 and findings[0].severity == "warning"
    assert findings[0].fix and fixed(before, findings) == after


@pytest.mark.parametrize("text,phrase,wanted", [
    ("The rate of completed suicide is higher in men.", "completed suicide", "died by suicide"),
    ("Papers warn of a suicide epidemic among farmers.", "suicide epidemic", "current figures"),
    ("It was his second successful suicide attempt.", "successful suicide attempt", "died by suicide"),
])
def test_several_wordings_give_a_suggestion_but_no_fix(lint, text, phrase, wanted):
    [f] = lint(text, RULE)
    assert f.text == phrase and f.fix is None
    assert wanted in f.suggestion


def test_failed_attempt_is_flagged_only_about_suicide(lint):
    [f] = lint("After two failed attempts to end his life, he was offered follow-up care for suicidal thoughts.", RULE)
    assert f.text == "failed attempts" and f.fix is None
    assert lint("After two failed attempts, she died by suicide.", RULE)


@pytest.mark.parametrize("text", [
    "After three failed attempts to log in, the portal locks your account.",
    "The attempt failed, so the nurse tried again.",
    "A failed attempt to quit smoking is common; it is not linked to suicide.",
    "A successful attempt takes you straight to your messages.",
    "She died by suicide after a suicide attempt the year before.",
])
def test_other_senses_and_safe_wording_stay_silent(lint, text):
    assert lint(text, RULE) == []


@pytest.mark.parametrize("text", [
    "Avoid saying \"committed suicide\", which suggests a crime.",
    "Instead of committed suicide, write died by suicide.",
    "Editors replace 'failed suicide attempt' with 'suicide attempt'.",
    "Safe wording matters.\n\nReferences\n\nLee A. Why we stopped saying committed suicide. 2019.\n",
])
def test_quotations_mentions_and_references_stay_silent(lint, text):
    assert lint(text, RULE) == []


def test_message_says_why(lint):
    [f] = lint("He committed suicide.", RULE)
    assert "crime" in f.message


def test_a_phrase_in_both_tables_keeps_a_matcher_of_its_own(lint, tmp_path):
    """Which table's label a span keeps then depends on a matcher's hash table: the shared pass is not used."""
    from conftest import get_linter

    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text('rules:\n  unsafe-suicide-language:\n    terms:\n      failed attempt: "attempt"\n')
    linter = get_linter(["unsafe-suicide-language"], str(cfg))
    (rule,) = linter.rules_for(linter.resolver.for_file(None))
    assert not rule.shared
    text = "After a failed attempt to end his life, he got help."
    assert [f.text for f in lint(text, "unsafe-suicide-language", config=str(cfg))] == ["failed attempt"]
    default = get_linter(["unsafe-suicide-language"])
    assert default.rules_for(default.resolver.for_file(None))[0].shared
