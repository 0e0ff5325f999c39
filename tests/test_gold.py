"""Regression gate: the seed gold, scored with the shared scorer (GUIDE section 5)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

import reformmetrics as rm

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "eval"))
import gold as goldlib  # noqa: E402
import score as scorer  # noqa: E402

#: the issue's acceptance figures; the gate fails if any regresses
FLOORS = {"f1": 0.97, "fully_correct": 0.90}
VALUE_FLOOR = 0.99


@pytest.fixture(scope="module")
def result():
    golds, errors = goldlib.load(HERE / "gold" / "seeds.jsonl", ROOT / "seeds")
    assert not errors, errors[:5]
    docs = {d: goldlib.read_doc(ROOT / "seeds" / d) for d in {g["doc"] for g in golds}}
    claims = rm.extract_files(ROOT / "seeds")
    preds = claims.astype(object).where(claims.notna(), None).to_dict("records")
    return scorer.score(preds, golds, docs)


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_floor(result, figure):
    assert result[figure] >= FLOORS[figure], (figure, result[figure], result["misses"][:10],
                                              result["false_positives"][:10])


def test_values_exact(result):
    assert result["attribute_accuracy"]["value"] >= VALUE_FLOOR, result["wrong_attributes"][:10]


def test_no_offset_errors(result):
    assert result["offset_errors"] == 0, result["offset_error_examples"]


def test_every_gold_kind_found(result):
    assert all(k["found"] == k["gold"] for k in result["per_kind"].values() if k["gold"]), result["per_kind"]
