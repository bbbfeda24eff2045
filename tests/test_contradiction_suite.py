"""The labelled contradiction suite: its shape, and precision and recall floors
for the `contradiction` rule on it (eval/contradiction_eval.py prints the numbers)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from conftest import get_linter

ROOT = Path(__file__).resolve().parent.parent
SPEC = importlib.util.spec_from_file_location("contradiction_eval", ROOT / "eval" / "contradiction_eval.py")
evaluation = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(evaluation)

PRECISION_FLOOR = 0.9
RECALL_FLOOR = 0.75


@pytest.fixture(scope="module")
def items():
    return evaluation.load_suite()


@pytest.fixture(scope="module")
def result(items):
    return evaluation.evaluate(items, get_linter(["contradiction"]))


def test_suite_is_large_and_balanced(items):
    positives = [i for i in items if i.get("pair")]
    negatives = [i for i in items if not i.get("pair")]
    assert len(items) >= 80 and len(positives) >= 40 and len(negatives) >= 40
    assert len({i["id"] for i in items}) == len(items)
    frames = {i["frame"].split("-")[0] for i in positives}
    assert {"suitability", "requirement", "coverage", "affordability", "effectiveness", "safety",
            "frequency", "quantity"} <= frames


def test_items_are_well_formed(items):
    for it in items:
        assert 2 <= len(it["sentences"]) <= 8, it["id"]
        if it.get("pair"):
            i, j = it["pair"]
            assert 1 <= i < j <= len(it["sentences"]), it["id"]
        else:
            assert it.get("trap"), f"{it['id']}: a silent item names its trap"


def test_precision_floor(result):
    assert result["precision"] >= PRECISION_FLOOR, result["false_alarms"]


def test_recall_floor(result):
    assert result["recall"] >= RECALL_FLOOR, result["misses"]


def test_the_evaluation_counts_a_wrong_pair_as_a_false_positive():
    """The scorer itself: a finding on the wrong sentence pair is not a hit."""
    item = {"id": "x", "frame": "quantity-duration", "pair": [1, 2],
            "sentences": ["The walk takes two hours.", "Sessions last three hours.", "Each session lasts 45 minutes."]}
    r = evaluation.evaluate([item], get_linter(["contradiction"]))
    assert r["tp"] == 0 and r["fp"] == 1 and r["recall"] == 0.0
