"""missing-references: long articles with no references section and no inline citations."""
from __future__ import annotations

from pathlib import Path

RULE = "missing-references"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules" / RULE
LONG = (FIXTURES / "fire" / "long-article-no-sources.txt").read_text(encoding="utf-8")


def test_long_article_without_sources_points_at_the_end(lint):
    [f] = lint(LONG, RULE)
    last = LONG.rstrip().splitlines()[-1]
    assert f.text == last and f.line == len(LONG.rstrip().splitlines())
    assert f.message.startswith("372-word article names no sources")
    assert "belongs at the end" in f.message and f.severity == "info"


def test_short_article_is_not_checked(lint):
    short = " ".join(LONG.split()[:290])
    assert lint(short, RULE) == []


def test_min_words_is_configurable(lint, tmp_path):
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text("rules:\n  missing-references:\n    min_words: 100\n")
    short = " ".join(LONG.split()[:150])
    assert len(lint(short, RULE, config=str(cfg))) == 1


def test_references_section_satisfies(lint):
    assert lint(LONG + "\nSources\nNational Joint Registry annual report, 2023.\n", RULE) == []


def test_inline_citations_satisfy(lint):
    for cite in ("[2]", "(Smith, 2021)", "according to the NHS", "https://www.njrcentre.org.uk"):
        text = LONG.replace("plan before the operation.", f"plan before the operation {cite}.")
        assert lint(text, RULE) == [], cite


def test_min_cited_sentences_is_configurable(lint, tmp_path):
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text("rules:\n  missing-references:\n    min_cited_sentences: 2\n")
    one = LONG.replace("plan before the operation.", "plan before the operation [2].")
    assert len(lint(one, RULE, config=str(cfg))) == 1
