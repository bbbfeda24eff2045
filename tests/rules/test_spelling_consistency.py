"""spelling-consistency: one article, one spelling variant per word."""
from __future__ import annotations

from healthlint.fixes import apply_edits, edits_of

RULE = "spelling-consistency"


def fixed(text: str, findings) -> str:
    """``text`` with the findings' fixes applied, as `--fix` applies them."""
    return apply_edits(text, edits_of(findings))[0]


def locale_config(tmp_path, locale: str) -> str:
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text(f"locale: {locale}\n")
    return str(cfg)


def test_minority_form_is_flagged_with_a_fix_when_the_majority_is_clear(lint):
    text = "The program is free. Each program lasts a month. Programs run all year. The programme is popular."
    [f] = lint(text, RULE)
    assert f.text == "programme" and f.severity == "info"
    assert "'program'" in f.suggestion and f.related and f.related[0].text == "program"
    assert fixed(text, [f]).endswith("The program is popular.")


def test_inflections_belong_to_the_same_word(lint):
    text = "Behaviour matters. Behavioural therapy helps. Behaviours change slowly. Behavioral plans work."
    [f] = lint(text, RULE)
    assert f.text == "Behavioral"
    assert fixed(text, [f]).endswith("Behavioural plans work.")  # case kept


def test_a_narrow_majority_gets_no_fix(lint):
    text = "Ask about counselling. Counselling helps. Counseling is free. Book counseling today. Counselling works."
    findings = lint(text, RULE)
    assert [f.text for f in findings] == ["Counseling", "counseling"]
    assert all(f.fix is None for f in findings)  # 3 to 2: below majority_for_fix (2 times)


def test_a_tie_goes_to_the_article_wide_majority(lint):
    # program/programme tie 1-1; the article's other words are UK (behaviour, centre).
    text = "The program helps. Our centre runs a programme on behaviour change."
    [f] = lint(text, RULE)
    assert f.text == "program" and f.fix is None
    assert "most of the article's spellings are UK" in f.suggestion


def test_a_complete_tie_keeps_the_first_form(lint):
    [f] = lint("Anemia is common. Anaemia causes tiredness.", RULE)
    assert f.text == "Anaemia" and f.fix is None
    assert "first" in f.suggestion


def test_configured_locale_decides_even_against_the_majority(lint, tmp_path):
    text = "The program is free. Each program lasts a month. The programme is popular."
    findings = lint(text, RULE, config=locale_config(tmp_path, "en-GB"))
    assert [f.text for f in findings] == ["program", "program"]
    assert fixed(text, findings) == "The programme is free. Each programme lasts a month. The programme is popular."
    assert "en-GB" in findings[0].suggestion


def test_one_variant_only_is_not_a_finding_even_off_locale(lint, tmp_path):
    text = "The program helps with behavior and counseling."
    assert lint(text, RULE, config=locale_config(tmp_path, "en-GB")) == []


def test_software_program_is_uk_spelling(lint, tmp_path):
    text = "The programme includes a computer program that tracks your drinking. Ask the programme team."
    assert lint(text, RULE, config=locale_config(tmp_path, "en-GB")) == []


def test_names_keep_their_own_spelling(lint, tmp_path):
    text = ("The counselling centre follows advice from the Centers for Disease Control and Prevention "
            "and the World Health Organization. Our organisation is local.")
    assert lint(text, RULE, config=locale_config(tmp_path, "en-GB")) == []


def test_quotations_and_references_are_not_counted(lint):
    text = ('The program is free. A parent said: "the programme changed our lives."\n\n'
            "References\n1. Smith A. A programme for families. 2020.\n")
    assert lint(text, RULE) == []
