"""The reformmetrics command, run as a user runs it: outputs, messages, exit statuses, never a traceback."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import reformmetrics as rm
from reformmetrics import cli
from reformmetrics.schema import CLAIM_COLUMNS, DOCUMENT_COLUMNS, FINDING_COLUMNS
from reformmetrics.writers import read_frame

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
GOOD = "全区新增企业318家,较2018年年底增长37.28%。"


def run(*args, cwd=None) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "reformmetrics", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=600)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def seeds_claims():
    return rm.extract_files(SEEDS)


def test_report_writes_four_files_and_a_summary(tmp_path, seeds_claims):
    proc = run("report", SEEDS, "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert re.fullmatch(r"5 documents \(0 failed\), \d+ claims, \d+ findings \(.*\)", lines[0])
    assert lines[1] == f"report: {tmp_path / 'out' / 'report.html'}"
    claims = read_frame(tmp_path / "out" / "claims.csv", CLAIM_COLUMNS)
    pd.testing.assert_frame_equal(claims, seeds_claims)
    assert f"{len(claims)} claims" in lines[0]
    findings = read_frame(tmp_path / "out" / "findings.csv", FINDING_COLUMNS)
    pd.testing.assert_frame_equal(findings, rm.crosscheck(seeds_claims))
    documents = read_frame(tmp_path / "out" / "documents.csv", DOCUMENT_COLUMNS)
    assert list(documents["doc_id"]) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert documents["error"].isna().all() and (documents["chars"] > 0).all()
    assert (tmp_path / "out" / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_extract_writes_the_claims_frame(tmp_path, suffix, seeds_claims):
    proc = run("extract", SEEDS, "-o", tmp_path / f"claims{suffix}")
    assert proc.returncode == 0, proc.stderr
    pd.testing.assert_frame_equal(read_frame(tmp_path / f"claims{suffix}", CLAIM_COLUMNS), seeds_claims)
    assert re.search(rf"reformmetrics: {len(seeds_claims)} claims from 5 documents written to ", proc.stderr)


def test_extract_without_output_writes_csv_to_stdout_and_globs_work(tmp_path, seeds_claims):
    proc = run("extract", "seeds/*.txt", "--quiet", cwd=SEEDS.parent)
    assert proc.returncode == 0 and proc.stderr == ""
    (tmp_path / "c.csv").write_text(proc.stdout, encoding="utf-8", newline="")
    pd.testing.assert_frame_equal(read_frame(tmp_path / "c.csv", CLAIM_COLUMNS), seeds_claims)


def test_check_writes_findings_and_report(tmp_path, seeds_claims):
    proc = run("check", SEEDS, "-o", tmp_path / "f.jsonl", "--report", tmp_path / "r.html")
    assert proc.returncode == 0, proc.stderr
    pd.testing.assert_frame_equal(read_frame(tmp_path / "f.jsonl", FINDING_COLUMNS), rm.crosscheck(seeds_claims))
    assert (tmp_path / "r.html").stat().st_size > 10_000
    assert "findings (" in proc.stderr and "report: " in proc.stderr


def _mixed(t: Path) -> list:
    (t / "docs").mkdir()
    (t / "docs" / "good.txt").write_text(GOOD, encoding="utf-8")
    (t / "docs" / "gbk.txt").write_bytes(GOOD.encode("gbk"))
    (t / "docs" / "bin.txt").write_bytes(b"\x00\x01\x02")
    return [t / "docs", t / "missing.txt"]


def _only_binary(t: Path) -> list:
    (t / "bin.txt").write_bytes(b"\x00\x01")
    return [t / "bin.txt"]


def _empty_folder(t: Path) -> list:
    (t / "empty").mkdir()
    return [t / "empty"]


def _empty_file(t: Path) -> list:
    (t / "e.txt").write_bytes(b"")
    (t / "good.txt").write_text(GOOD, encoding="utf-8")
    return [t / "e.txt", t / "good.txt"]


SUMMARY = r"reformmetrics: \d+ claims from {n} documents written to standard output"
CASES = [  # (case, make sources, extra arguments, exit status, expected stderr lines (regex))
    ("some files fail", _mixed, [], 1, [r"reformmetrics: {t}/docs/bin.txt: binary file \(NUL bytes\)",
                                        r"reformmetrics: {t}/missing.txt: no such file", SUMMARY.format(n=4)]),
    ("quiet keeps failures", _mixed, ["-q"], 1, [r"reformmetrics: {t}/docs/bin.txt: binary file \(NUL bytes\)",
                                                 r"reformmetrics: {t}/missing.txt: no such file"]),
    ("nothing readable", _only_binary, [], 2, [r"reformmetrics: {t}/bin.txt: binary file \(NUL bytes\)",
                                               r"reformmetrics: no file could be read \(1 tried\)"]),
    ("empty folder", _empty_folder, [], 2, [r"reformmetrics: no documents found in {t}/empty"]),
    ("empty file is a note, not a failure", _empty_file, [], 0,
     [r"reformmetrics: {t}/e.txt: empty file", SUMMARY.format(n=2)]),
    ("quiet drops notes", _empty_file, ["--quiet"], 0, []),
    ("unsupported output", _empty_file, ["-o", "x.xlsx"], 2,
     [r"reformmetrics: x.xlsx: unsupported format '.xlsx'; use one of .csv, .parquet, .jsonl"]),
    ("unwritable output", _empty_file, ["-o", "/proc/nope/x.csv", "-q"], 2,
     [r"reformmetrics: /proc/nope: No such file or directory"]),
]


@pytest.mark.parametrize("case,make,extra,status,messages", CASES, ids=[c[0] for c in CASES])
def test_exit_status_and_one_line_per_problem(tmp_path, case, make, extra, status, messages):
    proc = run("extract", *make(tmp_path), *extra, cwd=tmp_path)
    assert proc.returncode == status
    expected = [m.replace("{t}", re.escape(str(tmp_path))) for m in messages]
    assert len(proc.stderr.splitlines()) == len(expected), proc.stderr
    for line, pattern in zip(proc.stderr.splitlines(), expected):
        assert re.fullmatch(pattern, line), (line, pattern)


def test_failed_files_are_in_documents_csv(tmp_path):
    proc = run("report", *_mixed(tmp_path), "--out", tmp_path / "out", "--quiet")
    assert proc.returncode == 1
    documents = read_frame(tmp_path / "out" / "documents.csv", DOCUMENT_COLUMNS)
    assert dict(zip(documents["doc_id"], documents["error"].fillna(""))) == {
        "bin.txt": "binary file (NUL bytes)", "gbk.txt": "", "good.txt": "", "missing.txt": "no such file"}
    assert "4 documents (2 failed)" in proc.stdout


@pytest.mark.parametrize("args,status,stream,text", [
    ([], 2, "stderr", "usage: reformmetrics"),
    (["frobnicate", "x"], 2, "stderr", "invalid choice"),
    (["extract"], 2, "stderr", "the following arguments are required: SRC"),
    (["report", "seeds"], 2, "stderr", "the following arguments are required: --out"),
    (["--help"], 0, "stdout", "examples:"),
    (["report", "--help"], 0, "stdout", "reformmetrics report seeds/ --out out/"),
    (["--version"], 0, "stdout", f"reformmetrics {rm.__version__}"),
])
def test_usage(args, status, stream, text):
    proc = run(*args)
    assert proc.returncode == status
    assert text in getattr(proc, stream)


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    proc = run("extract", SEEDS, "-o", tmp_path / "c.csv")
    assert "it/s" not in proc.stderr and "doc/s" not in proc.stderr and "%|" not in proc.stderr


def test_an_unexpected_error_is_one_line_and_status_2(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")

    def broken(claims, *documents):
        raise ZeroDivisionError("boom")
    monkeypatch.setattr(cli, "crosscheck", broken)
    assert cli.main(["check", str(tmp_path), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == ["reformmetrics: unexpected error: ZeroDivisionError: boom "
                                "(set REFORMMETRICS_DEBUG=1 for details)"]


def test_a_document_the_extractor_fails_on_is_reported_and_the_rest_processed(tmp_path, monkeypatch, capsys):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(GOOD, encoding="utf-8")

    def extract(text, doc_id, meta=None):
        if doc_id == "a.txt":
            raise ValueError("bad number")
        return rm.extract(text, doc_id, meta)
    monkeypatch.setattr(cli, "extract", extract)
    assert cli.main(["report", str(tmp_path), "--out", str(tmp_path / "out"), "-q"]) == 1
    assert capsys.readouterr().err == f"reformmetrics: {tmp_path}/a.txt: extraction failed: ValueError: bad number\n"
    claims = read_frame(tmp_path / "out" / "claims.csv", CLAIM_COLUMNS)
    assert set(claims["doc_id"]) == {"b.txt"}
