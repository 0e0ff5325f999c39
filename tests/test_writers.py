"""Writing frames as CSV, Parquet and JSON Lines and reading them back with the same columns and dtypes."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reformmetrics as rm
from reformmetrics import writers
from reformmetrics.schema import (CATEGORIES, CLAIM_COLUMNS, DOCUMENT_COLUMNS, FINDING_COLUMNS, claims_frame,
                                  documents_frame, findings_frame)
from reformmetrics.writers import FormatError, read_frame, write_frame

FORMATS = [".csv", ".parquet", ".jsonl"]

AWKWARD_CLAIMS = claims_frame([
    {"doc_id": "007.txt", "start": 0, "end": 5, "text": "1.7亿元", "value": 170000000.0, "unit": "yuan",
     "kind": "money", "approx": "over", "role": "level", "subject": 'say "hi", 逗号,分号;', "sentence": 0,
     "multiplier": 100000000.0, "context": "第一行\n第二行, \"引号\"", "period": "NA", "baseline": "null"},
    {"doc_id": "x.html", "start": 12, "end": 19, "text": "0.1%", "value": 0.1 + 0.2, "low": -1e-12,
     "high": 2207472000000.0, "unit": "percent", "kind": "percent", "direction": "down", "sentence": 3},
    {"doc_id": "空.txt"},  # everything else <NA>
])


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("frame,columns", [
    (AWKWARD_CLAIMS, CLAIM_COLUMNS),
    (claims_frame([]), CLAIM_COLUMNS),
    (findings_frame([{"finding_id": "f1", "check": "repeat", "status": "conflict", "doc_id": "a.txt", "start": 1,
                      "end": 3, "value": 5.0, "key": "企业|家", "tolerance": "exact", "message": "5 ≠ 6"}]),
     FINDING_COLUMNS),
    (documents_frame([{"doc_id": "a.txt", "path": "/x/a.txt", "encoding": "gb18030", "chars": 12,
                       "title": "标题", "date": "2019-12-22"},
                      {"doc_id": "b.txt", "path": "b.txt", "error": "binary file (NUL bytes)"}]),
     DOCUMENT_COLUMNS),
], ids=["awkward-claims", "no-claims", "findings", "documents"])
def test_round_trip_keeps_values_and_dtypes(tmp_path, suffix, frame, columns):
    path = write_frame(frame, tmp_path / "sub" / f"frame{suffix}")
    back = read_frame(path, columns)
    pd.testing.assert_frame_equal(back, frame)
    assert list(back.dtypes.astype(str)) == list(frame.dtypes.astype(str))


@pytest.mark.parametrize("suffix", FORMATS)
def test_round_trip_of_gold_claims(tmp_path, suffix, gold_claims):
    pd.testing.assert_frame_equal(read_frame(write_frame(gold_claims, tmp_path / f"c{suffix}"), CLAIM_COLUMNS),
                                  gold_claims)


text = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=12)
numbers = st.floats(allow_nan=False, allow_infinity=False)
claim_rows = st.lists(st.fixed_dictionaries({
    "doc_id": text, "start": st.integers(0, 10**9), "text": st.none() | text, "value": st.none() | numbers,
    "kind": st.none() | st.sampled_from(CATEGORIES["kind"]), "context": st.none() | text,
}), max_size=6)


@pytest.mark.parametrize("suffix", FORMATS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=claim_rows)
def test_round_trip_of_any_claims(tmp_path, suffix, rows):
    frame = claims_frame(rows)
    pd.testing.assert_frame_equal(read_frame(write_frame(frame, tmp_path / f"c{suffix}"), CLAIM_COLUMNS), frame)


def test_jsonl_is_one_object_per_line_with_null_for_na(tmp_path):
    path = write_frame(AWKWARD_CLAIMS, tmp_path / "c.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3 and list(records[0]) == list(CLAIM_COLUMNS)
    assert records[0]["value"] == 170000000.0 and records[0]["low"] is None and records[0]["start"] == 0
    assert "逗号" in path.read_text(encoding="utf-8")  # UTF-8, not \\u escapes


def test_csv_is_plain_utf8_that_pandas_reads(tmp_path):
    path = write_frame(AWKWARD_CLAIMS, tmp_path / "c.csv")
    plain = pd.read_csv(path)
    assert list(plain.columns) == list(CLAIM_COLUMNS) and len(plain) == 3


@pytest.mark.parametrize("name", ["claims.xlsx", "claims", "claims.json"])
def test_unsupported_formats_are_refused(tmp_path, name):
    with pytest.raises(FormatError, match="unsupported format"):
        write_frame(AWKWARD_CLAIMS, tmp_path / name)
    assert not (tmp_path / name).exists()


def test_parquet_without_pyarrow_says_what_to_install(tmp_path, monkeypatch):
    real = writers.importlib.util.find_spec
    monkeypatch.setattr(writers.importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name))
    with pytest.raises(FormatError, match=r"reformmetrics\[parquet\]"):
        write_frame(AWKWARD_CLAIMS, tmp_path / "c.parquet")


def test_frames_from_the_library_round_trip(tmp_path):
    claims = rm.extract_files(Path(__file__).resolve().parents[1] / "seeds")
    findings = rm.crosscheck(claims)
    for frame, columns in ((claims, CLAIM_COLUMNS), (findings, FINDING_COLUMNS)):
        for suffix in FORMATS:
            pd.testing.assert_frame_equal(read_frame(write_frame(frame, tmp_path / f"f{suffix}"), columns), frame)
