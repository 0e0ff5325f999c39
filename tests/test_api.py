"""The public entry points over files: workers, streaming output, bad files, many files."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import reformmetrics as rm
from reformmetrics.schema import CLAIM_COLUMNS
from reformmetrics.writers import read_frame

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds_claims():
    return rm.extract_files(SEEDS)


def test_same_frame_across_runs_and_workers(seeds_claims):
    assert rm.extract_files(SEEDS).equals(seeds_claims)
    two = rm.extract_files(SEEDS, workers=2)
    assert two.equals(seeds_claims) and two.dtypes.equals(seeds_claims.dtypes)


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_streamed_output_equals_the_frame(tmp_path, seeds_claims, suffix):
    out = tmp_path / f"claims{suffix}"
    assert rm.extract_files(SEEDS, output=out) is None
    back = read_frame(out, CLAIM_COLUMNS)
    assert back.equals(seeds_claims) and back.dtypes.equals(seeds_claims.dtypes)


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_streamed_output_of_nothing_has_the_columns(tmp_path, suffix):
    out = tmp_path / f"claims{suffix}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rm.extract_files(tmp_path / "missing.txt", output=out)
    back = read_frame(out, CLAIM_COLUMNS)
    assert back.empty and list(back.columns) == list(CLAIM_COLUMNS)


@pytest.mark.parametrize("workers", [1, 2])
def test_bad_files_are_reported_and_the_rest_processed(tmp_path, workers):
    (tmp_path / "a.txt").write_text("新增企业318家。", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "c.txt").write_text("同比下降9.58%。", encoding="gb18030")
    errors, seen = [], []
    claims = rm.extract_files(tmp_path, workers=workers, on_error=errors.append,
                              on_document=lambda d: seen.append(d.doc_id))
    assert [e.path.rsplit("/", 1)[-1] for e in errors] == ["b.txt"]
    assert seen == ["a.txt", "c.txt"]
    assert list(claims.text) == ["318家", "9.58%"]
    with pytest.warns(UserWarning, match="b.txt"):
        rm.extract_files(tmp_path, workers=workers)


def test_a_folder_of_ten_thousand_files(tmp_path):
    for i in range(10_000):
        (tmp_path / f"{i:05d}.txt").write_text(f"全区新增企业{i}家。", encoding="utf-8")
    claims = rm.extract_files(tmp_path)
    assert len(claims) == 10_000
    assert claims.doc_id.is_unique and claims.value.sum() == sum(range(10_000))


def test_documents_frame(tmp_path):
    (tmp_path / "a.txt").write_text("标题\n2019-12-22\n新增企业318家。", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x00")
    docs = rm.read_documents(tmp_path)
    assert list(docs.doc_id) == ["a.txt", "b.txt"]
    assert docs.error.isna().tolist() == [True, False]
    assert docs.loc[0, "date"] == "2019-12-22"
