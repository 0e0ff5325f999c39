"""Cross-checks, phenomenon by phenomenon (tables in tests/data/crosscheck_*.toml)."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import reformmetrics as rm
from reformmetrics.facts import interval, normalise_subject, same_subject, similarity, specificity
from reformmetrics.schema import FINDING_COLUMNS, claims_frame, documents_frame

DATA = Path(__file__).parent / "data"
CASES = tomllib.loads((DATA / "crosscheck_cases.toml").read_text("utf-8"))["case"]
UNITS = tomllib.loads((DATA / "crosscheck_units.toml").read_text("utf-8"))


def build(claims: list[dict]):
    """A claims frame from case rows: each document is its distinct sentences in order;
    claims of one sentence are listed in text order."""
    docs, rows, ends = {}, [], {}
    for c in claims:
        sentences = docs.setdefault(c["doc"], [])
        if c["sentence"] not in sentences:
            sentences.append(c["sentence"])
    for c in claims:
        sentences = docs[c["doc"]]
        n = sentences.index(c["sentence"])
        offset = sum(len(s) for s in sentences[:n])
        start = offset + c["sentence"].index(c["text"], ends.get((c["doc"], n), 0))
        ends[(c["doc"], n)] = start - offset + len(c["text"])
        rows.append({**{k: v for k, v in c.items() if k not in ("doc", "sentence")},
                     "doc_id": c["doc"], "start": start, "end": start + len(c["text"]), "sentence": n,
                     "context": c["sentence"], "role": c.get("role", "level")})
    return claims_frame(rows)


def covering(findings, check: str, starts: set[tuple[str, int]]):
    """Finding ids of `check` whose rows cover every (doc, start) in `starts`, the smallest first (a group of
    agreeing statements before the conflict that holds it and the figure it contradicts)."""
    rows = findings[findings["check"] == check]
    found = [(len(g), fid) for fid, g in rows.groupby("finding_id", observed=True)
             if starts <= set(zip(g["doc_id"], g["start"].astype(int)))]
    return [fid for _, fid in sorted(found)]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    claims = build(case["claims"])
    documents = documents_frame(case["documents"]) if "documents" in case else None
    findings = rm.crosscheck(claims, documents)
    assert list(findings.columns) == list(FINDING_COLUMNS)
    assert not findings.duplicated(["finding_id", "doc_id", "start"]).any(), "a claim twice in one finding"
    spots = [(r.doc_id, int(r.start)) for r in claims.itertuples()]
    if case["expect"] == "none":
        rows = findings[(findings["check"] == case["check"]) | (findings["status"] == "conflict")]
        for fid, g in rows.groupby("finding_id", observed=True):
            covered = set(zip(g["doc_id"], g["start"].astype(int))) & set(spots)
            assert len(covered) < 2 and not (g["status"].iloc[0] == "conflict" and covered), \
                f"unexpected {fid}: {g['message'].iloc[0]}"
        return
    wanted = {spots[i] for i in case.get("members", range(len(spots)))}
    found = covering(findings, case["check"], wanted)
    assert found, f"no {case['check']} finding covers {sorted(wanted)}; got {findings['message'].unique().tolist()}"
    g = findings[findings["finding_id"] == found[0]]
    assert g["status"].iloc[0] == case["expect"], g["message"].iloc[0]
    assert g["message"].iloc[0] and g["key"].iloc[0] and g["tolerance"].iloc[0]
    for words in case.get("message", []):
        assert words in g["message"].iloc[0], g["message"].iloc[0]


@pytest.mark.parametrize("written, expected", UNITS["subjects"])
def test_normalise_subject(written, expected):
    assert normalise_subject(written) == expected


@pytest.mark.parametrize("a, b, same", UNITS["same"])
def test_same_subject(a, b, same):
    assert same_subject(normalise_subject(a), normalise_subject(b)) is same


@pytest.mark.parametrize("a, b, at_least, below", UNITS["similar"])
def test_similarity(a, b, at_least, below):
    assert at_least <= similarity(normalise_subject(a), normalise_subject(b)) < below


@pytest.mark.parametrize("text, value, kind, approx, lo, hi", UNITS["intervals"])
def test_interval(text, value, kind, approx, lo, hi):
    assert interval(text, value, None, None, approx or None, kind) == pytest.approx((lo, hi))


@pytest.mark.parametrize("text, value, kind, tier", UNITS["specificity"])
def test_specificity(text, value, kind, tier):
    assert specificity(text, value, kind) == tier


def test_no_claims():
    findings = rm.crosscheck(claims_frame([]))
    assert findings.empty and list(findings.columns) == list(FINDING_COLUMNS)


def test_a_sentence_said_twice_is_two_statements():
    """A headline repeated as the first line of the body: one context at two offsets, two statements of one fact."""
    sentence = "东湖区国家高新技术企业达到1286家"
    text = f"{sentence}\n{sentence}。"
    at = [text.index("1286家"), text.rindex("1286家")]
    claims = claims_frame([{"doc_id": "a", "start": s, "end": s + 5, "text": "1286家", "value": 1286, "unit": "家",
                            "kind": "count", "role": "level", "subject": "国家高新技术企业", "sentence": n,
                            "context": sentence} for n, s in enumerate(at)])
    findings = rm.crosscheck(claims)
    assert set(findings["start"].astype(int)) == set(at) and set(findings["status"]) == {"consistent"}


def test_a_pair_and_its_change_in_one_sentence_are_one_finding():
    """由2022年的91.6%提升至94.0%,提高2.4个百分点: the pair's change, not again as a change on the year before."""
    sentence = "群众满意率由2022年的91.6%提升至94.0%,提高2.4个百分点。"
    rows = [("91.6%", 91.6, "percent", "from", "2022-01-01", "2022-12-31"),
            ("94.0%", 94.0, "percent", "to", "2023-01-01", "2023-12-31"),
            ("2.4个百分点", 2.4, "percentage_point", "change", "2023-01-01", "2023-12-31")]
    claims = build([{"doc": "a", "sentence": sentence, "text": t, "value": v, "unit": u, "kind": u, "role": role,
                     "direction": "up" if role == "change" else None, "subject": "群众满意率", "place": "永安市",
                     "period_start": s, "period_end": e} for t, v, u, role, s, e in rows])
    findings = rm.crosscheck(claims)
    assert findings[findings["check"] == "change"]["finding_id"].nunique() == 1
