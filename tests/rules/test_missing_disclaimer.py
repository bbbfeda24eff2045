"""missing-disclaimer: the article never says it is information, not professional medical advice."""
from __future__ import annotations

import pytest

from conftest import get_linter
from healthlint.documents import parse_document
from healthlint.rules import get_rule_class

RULE = "missing-disclaimer"
BODY = "Hay fever is an allergy to pollen.\n\nMost people manage it with antihistamines.\n"


@pytest.mark.parametrize("disclaimer", [
    "This guide is for general information and does not replace advice from your doctor.",
    "Nothing here is medical advice; ask a qualified health professional.",
    "This page is for informational purposes only.",
    "The information on this page is not a substitute for professional medical advice.",
    "This article does not constitute medical advice.",
    "We write these pages for general information. Your pharmacist can advise on your medicines.",
    "It is not intended to replace a consultation with your GP.",
])
def test_disclaimers_and_paraphrases_count(lint, disclaimer):
    assert lint(BODY + "\n" + disclaimer + "\n", RULE) == []


def test_missing_disclaimer_is_reported_at_the_last_sentence(lint):
    [f] = lint(BODY, RULE)
    assert f.severity == "warning"
    assert f.text == "Most people manage it with antihistamines."
    assert "anywhere in the article" in f.message
    assert "not a substitute for professional medical advice" in f.suggestion


@pytest.mark.parametrize("text", [
    "Talk to your doctor about hay fever.",
    # a limitation about something else, next to "doctor", is not a disclaimer
    "A pump does not replace insulin. Ask your doctor how to use it.",
    "General information about clinical trials is on the NCI website. Talk with your doctor.",
    # the limitation and the professional are too far apart
    "This page is general information.\n\nPollen peaks in June.\n\nIt is worse on dry days.\n\nSee your doctor.",
])
def test_not_a_disclaimer(lint, text):
    assert lint(text, RULE)


def test_site_disclaimer_option_turns_it_off(lint, tmp_path):
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text("rules:\n  missing-disclaimer:\n    site_disclaimer: true\n")
    assert lint(BODY, RULE, config=str(cfg)) == []


@pytest.mark.parametrize("value,fires", [("site", False), ("Site ", False), ("none", True)])
def test_front_matter_disclaimer_site_turns_it_off(value, fires):
    linter = get_linter([RULE])
    document = parse_document("a.txt", BODY, "text")
    document.metadata["disclaimer"] = value
    findings = [f for f in linter.check_document(document) if f.rule == RULE]
    assert bool(findings) is fires


def test_long_last_sentence_is_cut_to_its_end(lint):
    items = " - ".join(f"Resource number {i}" for i in range(40))
    [f] = lint(BODY + "\nThese resources help: " + items + "\n", RULE)
    assert len(f.text) <= 160 and f.text.endswith("Resource number 39")


def test_rule_is_document_level():
    assert get_rule_class(RULE).document_level is True


def test_a_front_matter_disclaimer_is_read_with_the_ignorecase_alternation_compiled_then():
    """The strong phrases' IGNORECASE alternation (read directly for a front-matter disclaimer)
    is compiled the first time a document has one, and finds the phrase in any case."""
    import re

    from conftest import fresh_rules
    from healthlint.nlp import make_doc
    from healthlint.rules import CheckContext

    linter, config, rule = fresh_rules(RULE, 1)
    assert "slow" not in vars(rule.strong.all)

    def run(meta):
        document = parse_document("a.txt", BODY, "text")
        if meta is not None:
            document.metadata["disclaimer"] = meta
        doc = linter.nlp(make_doc(linter.nlp, document.text))
        return list(rule.check(CheckContext(doc=doc, document=document, config=config)))

    assert len(run(None)) == 1 and "slow" not in vars(rule.strong.all)
    meta = "This Is NOT A SUBSTITUTE for professional medical advice."
    assert run(meta) == []
    slow = vars(rule.strong.all)["slow"]
    assert slow.flags & re.IGNORECASE and slow.pattern == "|".join(f"(?:{p})" for p in rule.strong.patterns)
    assert len(run("Ask your pharmacist.")) == 1
