"""Every rule's fixtures: files under fire/ must trigger the rule, files under
silent/ must not.  ``expected.yaml`` beside them may list, per fire file, the
exact ``text`` of each finding (in order), so a fixture pins its evidence."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, get_linter

RULES_DIR = FIXTURES / "rules"
# "Today" for the dated fixtures (missing-review-date): fixed, so a recent review date in a
# silent fixture does not turn stale, and the test fail, years from now.
FIXTURE_TODAY = (2026, 11, 27)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    import datetime as dt

    from healthlint.rules.missing_review_date import MissingReviewDate

    monkeypatch.setattr(MissingReviewDate, "today", staticmethod(lambda: dt.date(*FIXTURE_TODAY)))


def _cases(kind: str):
    for f in sorted(RULES_DIR.glob(f"*/{kind}/*")):
        if f.is_file():
            yield pytest.param(f.parent.parent.name, f, id=f"{f.parent.parent.name}/{kind}/{f.name}")


def _check(rule: str, path: Path):
    linter = get_linter([rule])
    [result] = list(linter.check_files([(str(path), None)]))
    assert result.error is None, result.error
    return [f for f in result.findings if f.rule == rule]


@pytest.mark.parametrize("rule,path", list(_cases("fire")))
def test_fires(rule, path):
    findings = _check(rule, path)
    assert findings, f"{rule} should fire on {path.name}"
    expected_file = path.parent.parent / "expected.yaml"
    if expected_file.exists():
        expected = (yaml.safe_load(expected_file.read_text()) or {}).get(path.name)
        if expected is not None:
            assert [f.text for f in findings] == expected


@pytest.mark.parametrize("rule,path", list(_cases("silent")))
def test_stays_silent(rule, path):
    findings = _check(rule, path)
    assert not findings, "\n".join(f"{f.line}:{f.column} {f.text!r}: {f.message}" for f in findings)
