"""missing-review-date: dates from labelled lines and metadata; stale, future and overdue dates."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import get_linter
from healthlint.rules.missing_review_date import MissingReviewDate, parse_date_string

RULE = "missing-review-date"
TITLE = "Caring After a Stroke\n"
BODY = "\nThe first weeks at home after a stroke are often the hardest. Studies published in 2015 help.\n"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(MissingReviewDate, "today", staticmethod(lambda: dt.date(2026, 6, 15)))


def check_with_metadata(text: str, metadata: dict):
    from healthlint.documents import parse_document

    linter = get_linter([RULE])
    document = parse_document("<text>", text, "text")
    document.metadata.update(metadata)
    return [f for f in linter.check_document(document, linter.resolver.for_file(None)) if f.rule == RULE]


@pytest.mark.parametrize("text,day_first,expected", [
    ("3 March 2025", False, dt.date(2025, 3, 3)),
    ("March 3, 2025", False, dt.date(2025, 3, 3)),
    ("Mar. 3rd, 2025", False, dt.date(2025, 3, 3)),
    ("2024-05-01", False, dt.date(2024, 5, 1)),
    ("2024-05-01T10:00:00Z", False, dt.date(2024, 5, 1)),
    ("05/01/2024", False, dt.date(2024, 5, 1)),
    ("05/01/2024", True, dt.date(2024, 1, 5)),
    ("25/12/2023", False, dt.date(2023, 12, 25)),
    ("February 2024", False, dt.date(2024, 2, 29)),
    ("2023", False, dt.date(2023, 12, 31)),
    ("31/02/2024", True, None),
    ("soon", False, None),
])
def test_date_formats(text, day_first, expected):
    assert parse_date_string(text, day_first) == expected


def test_no_date_points_at_the_first_line(lint):
    [f] = lint(TITLE + BODY, RULE)
    assert (f.line, f.text) == (1, "Caring After a Stroke")
    assert "no published or last-reviewed date" in f.message and "at the top" in f.message


@pytest.mark.parametrize("line", [
    "Last reviewed: 3 March 2025",
    "Updated 2024-05-01",
    "Published on March 3, 2025",
    "By Jane Doe, RN | Updated May 1, 2024",
    "Medically reviewed by Dr. Ana Ruiz, MD on March 3, 2025",
    "Page last reviewed: 12/01/2024",
    "October 2, 2025",
])
def test_current_dates_are_silent(lint, line):
    assert lint(TITLE + line + "\n" + BODY, RULE) == []


def test_stale_date_says_how_old(lint):
    [f] = lint(TITLE + "Last reviewed: 12 January 2021\n" + BODY, RULE)
    assert f.text == "12 January 2021"
    assert f.message == "last reviewed 5 years 5 months ago (2021-01-12): older than the 3-year review cycle"


def test_the_newest_date_decides(lint):
    text = TITLE + "Published: 14 June 2012\nLast updated: 9 September 2024\n" + BODY
    assert lint(text, RULE) == []


def test_max_age_is_configurable(lint, tmp_path):
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text("rules:\n  missing-review-date:\n    max_age_years: 1\n")
    text = TITLE + "Updated 2024-05-01\n" + BODY
    assert lint(text, RULE) == []
    [f] = lint(text, RULE, config=str(cfg))
    assert "2 years 1 month ago" in f.message and "1-year review cycle" in f.message


def test_as_of_option_replaces_today(lint, tmp_path):
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text('rules:\n  missing-review-date:\n    as_of: "2030-01-01"\n')
    [f] = lint(TITLE + "Updated 2024-05-01\n" + BODY, RULE, config=str(cfg))
    assert "5 years 8 months ago" in f.message


def test_future_date_is_reported_as_a_typo_not_as_current(lint):
    [f] = lint(TITLE + "Last reviewed: 3 March 2062\n" + BODY, RULE)
    assert f.message == "'last reviewed' date 2062-03-03 is in the future: a typo?"


def test_next_review_in_the_future_is_fine_and_overdue_is_reported(lint):
    ok = TITLE + "Last reviewed: 3 March 2025\nNext review due: March 2028\n" + BODY
    assert lint(ok, RULE) == []
    overdue = TITLE + "Last reviewed: 3 March 2024\nNext review due: 3 March 2026\n" + BODY
    [f] = lint(overdue, RULE)
    assert f.text == "3 March 2026" and f.message.startswith("next review was due 3 months ago")


def test_a_year_in_a_sentence_is_not_a_date_label(lint):
    assert len(lint(TITLE + "Updated guidance in 2025 changed the advice.\n" + BODY, RULE)) == 1


def test_metadata_dates():
    assert check_with_metadata(TITLE + BODY, {"last_reviewed": "2025-03-03"}) == []
    [f] = check_with_metadata(TITLE + BODY, {"published": "2019-01-01"})
    assert f.line == 1 and "(front matter published)" in f.message and "7 years 5 months ago" in f.message
    # A date the rule cannot read is still a date: not reported as missing.
    assert check_with_metadata(TITLE + BODY, {"last_reviewed": "spring"}) == []


def test_bad_as_of_is_a_config_error(tmp_path):
    from healthlint.errors import ConfigError

    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text('rules:\n  missing-review-date:\n    as_of: "soon"\n')
    linter = get_linter([RULE], str(cfg))
    with pytest.raises(ConfigError, match="expected a date YYYY-MM-DD"):
        linter.rules_for(linter.resolver.for_file(None))


def test_only_a_line_with_both_a_label_and_a_year_is_read(lint):
    """Label words on lines without a year, and years on lines without a label, date nothing."""
    text = (TITLE + "Updated guidance is below.\nIn 2019 the rules changed.\n"
            "Reviewed and updated often; last reviewed: 3 March 2019\nUpdated" + BODY)
    (f,) = lint(text, RULE)
    assert "last reviewed 7 years 3 months ago (2019-03-03)" in f.message
    assert text[f.start:f.end] == "3 March 2019"


def test_dates_with_the_line_filters_are_the_dates_without_them(monkeypatch):
    """dates() skips, per label line, the next-review regex when the line holds neither "next" nor
    "due", the "<label> by" regex when it holds no "by", and each top line without four digits in a
    row: on random articles it finds the same dates as searching every label line with all three
    regexes and reading every top line."""
    import random
    import re as _re

    from healthlint.nlp import make_doc
    from healthlint.rules import missing_review_date as module

    linter = get_linter([RULE])
    config = linter.resolver.for_file(None)
    rule = next(r for r in linter.rules_for(config) if r.id == RULE)
    assert rule._next_need == ("due", "next") and rule._by_need == ("by",)
    pieces = ["Last reviewed:", "Reviewed by Dr. Ana Ruiz, MD on", "Next review due", "Review due:", "Updated",
              "Published", "by", "next", "due", "Date:", "May 1, 2024", "2025-02-03", "03/04/2019", "2021",
              "June 2020", "|", "•", "-", "the plan", "Ruiz", "on", "\n", "\n", ".", "Medically reviewed by Jo Lee |"]
    rnd = random.Random(17)
    seen_dates = 0
    for _ in range(400):
        text = "Title\n" + " ".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30))) + "\n"
        if rnd.random() < 0.2:
            text = text.replace("e", "\u0130", 1)  # a text where lower-casing is not exact: the plain regexes
        doc = linter.nlp(make_doc(linter.nlp, text))
        got = rule.dates(_ctx(doc, config))
        with monkeypatch.context() as m:
            m.setattr(rule, "_next_need", None)
            m.setattr(rule, "_by_need", None)
            m.setattr(module, "_FOUR_DIGITS", _re.compile(""))  # every top line read
            want = rule.dates(_ctx(doc, config))
        assert got == want, text
        seen_dates += bool(got[0] or got[1])
    assert seen_dates > 100


def _ctx(doc, config):
    from types import SimpleNamespace

    from healthlint.rules import CheckContext

    return CheckContext(doc=doc, document=SimpleNamespace(metadata={}), config=config)


def test_the_label_regexes_are_compiled_for_the_first_text_with_a_label_line():
    """A text with no line holding a label word and a year compiles none of the three label
    regexes; the first that has one compiles them, and they find the date (as their IGNORECASE
    form finds it, the regex every text was searched with before the lowered one)."""
    import re as _re

    from conftest import fresh_rules
    from healthlint.nlp import make_doc

    linter, config, rule = fresh_rules(RULE, 1)
    for c in (rule._labelled, rule._by, rule._next):
        assert c.low is not None and "fast" not in vars(c) and "slow" not in vars(c)
    doc = linter.nlp(make_doc(linter.nlp, TITLE + "Updated guidance is below.\nIn 2019 the rules changed.\nRest well after a stroke.\n"))
    assert rule.dates(_ctx(doc, config)) == ([], [], False)
    assert not any("fast" in vars(c) for c in (rule._labelled, rule._by, rule._next))
    text = TITLE + "Last reviewed: 3 March 2019\nReviewed by Dr. Ana Ruiz, MD on May 1, 2024\n" + BODY
    doc = linter.nlp(make_doc(linter.nlp, text))
    found, nxt, _ = rule.dates(_ctx(doc, config))
    assert [(d.isoformat(), label) for d, label, _, _ in found] == [("2019-03-03", "last reviewed"),
                                                                  ("2024-05-01", "reviewed")]
    assert all("fast" in vars(c) for c in (rule._labelled, rule._by, rule._next))
    assert not any("slow" in vars(c) for c in (rule._labelled, rule._by, rule._next))
    slow = _re.compile(rule._labelled.pattern, _re.MULTILINE | _re.IGNORECASE)
    assert [m.start("date") for m in rule._labelled.fast.finditer(text.lower())] == [
        m.start("date") for m in slow.finditer(text)]
