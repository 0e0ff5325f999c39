"""Gold gate for cross-checks: score findings on the seeds against tests/gold/seeds_facts.jsonl."""
from __future__ import annotations

from pathlib import Path

import pytest
from score_facts import resolve, score

import reformmetrics as rm

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "tests" / "gold" / "seeds_facts.jsonl"
SEEDS = ROOT / "seeds"

#: issue 3 acceptance: facts found with the right status, conflicts caught, false alarms, false links.
GATE = {"status_right": 20, "conflicts_caught": 2, "false_alarms": 2, "false_links": 0}


def scored(claims) -> dict:
    findings = rm.crosscheck(claims)
    rows = findings.astype(object).where(findings.notna(), None).to_dict("records")
    return score(rows, resolve(FACTS, SEEDS))


def check_gate(result: dict) -> None:
    missed = [r["id"] for r in result["per_fact"] if not r["status_right"]]
    assert result["status_right"] >= GATE["status_right"], f"wrong or missed: {missed}"
    assert result["conflicts_caught"] >= GATE["conflicts_caught"], f"wrong or missed: {missed}"
    assert result["false_alarms"] <= GATE["false_alarms"], result["false_alarm_list"]
    assert result["false_links"] <= GATE["false_links"], result["false_link_list"]


def test_gold_claims(gold_claims):
    check_gate(scored(gold_claims))


def test_extracted_claims():
    claims = rm.extract_files(str(SEEDS))
    if claims.empty:
        pytest.skip("the extractor yields no claims yet")
    check_gate(scored(claims))
