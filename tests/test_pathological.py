"""Pathological inputs: every one gives finite values or no claim, and never an exception; and
extraction time grows about linearly with the length of adversarial text."""
from __future__ import annotations

import math
import multiprocessing as mp
import os
import time
import traceback
from pathlib import Path

import pandas as pd
import pytest

import reformmetrics as rm
from reformmetrics.schema import CLAIM_COLUMNS
from reformmetrics.writers import read_frame

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

#: an adversarial chunk: numbers, multipliers, units, qualifiers and separators run together
CHUNK = ("约1,2,3万4千亿%%第一1..2.3-5至7个工作日以上不足近三分之一两三个月1:2:3"
         "同比增长-9.58%由15%提升至70%以上分别12、22.7、7.2个百分点零零零万万亿亿"
         "12345热线5G“1+6+N”一是(一)1.2019年1-10月99999999999999亿元~～—")

CASES = {
    "huge money": "全区一般公共预算收入9999999999999999999亿元",
    "tiny percent": "投诉率为0.0000001%",
    "double dot": "增长1..2%",
    "percent signs only": "%%",
    "percent after percent": "增长5%%",
    "comma list": "1,2,3,4",
    "comma list with unit": "新增1,2,3,4家",
    "repeated 一": "一一一一",
    "repeated 一 with classifier": "一一一一个",
    "万万": "万万",
    "万万 with digits": "新增3万万个",
    "亿亿亿": "投资1亿亿亿元",
    "零零零": "零零零",
    "零零零 with unit": "零零零元",
    "lone point": "增长.%",
    "lone minus": "下降-%",
    "minus minus": "增长--5%",
    "colon chain": "1:2:3:4:5:6:7:8:9:0",
    "zero ratio": "按1:0比例配套",
    "zero denominator fraction": "零分之一的企业",
    "range reversed": "10-3个工作日",
    "range of equal ends": "5-5人",
    "many dashes": "1-2-3-4-5-6个",
    "dots": "1.2.3.4.5万元",
    "full-width mix": "１２，３４５．６７８亿元",
    "trailing multiplier": "共计3万",
    "multiplier only": "万元亿元千元",
    "brackets": "((((1))))%",
    "only punctuation": "。。。,,,、、、;;;",
    "control characters": "新增\x00\x01\x0212\x7f家\u200b\u200d",
    "combining marks": "增长1\u03012%\u0301",
    "emoji": "新增😀12家🎉,增长5%👍",
    "rtl": "新增\u202e12家\u202c",
    "surrogate-free astral": "𠀀𠀁12𠀂家",
    "lone surrogate after a claim": "增长5%\ud800",
    "lone surrogates inside figures": "新增1\ud8002家,增长5\udcff%,共\udfff12.5\udc80万元",
    "surrogate pair as two code points": "新增\ud83d\ude0012家\ud83d\ude00",
    "noncharacters and private use": "\ufffe新增12家\uffff,增长\ue0005%\U0010ffff",
    "BOM": "\ufeff新增12家",
    "newlines": "新增\n12\n家\n增长\n5\n%",
    "tabs table": "指标\t单位\t数值\n地区生产总值\t亿元\t\n\t\t1256.8\n",
    "pipes": "|||1|2|3|%|",
    "100k digits": "1" * 100_000,
    "100k digits with unit": "投资" + "9" * 100_000 + "亿元",
    "100k digits after point": "增长0." + "3" * 100_000 + "%",
    "50k Chinese numerals": "一二三四五六七八九十百千万亿" * (50_000 // 14),
    "50k 九": "九" * 50_000 + "亿元",
    "50k 万": "1" + "万" * 50_000 + "元",
    "many percent claims": "增长5%," * 20_000,
    "long sentence without break": CHUNK * 50,
}


def _null(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def check(text: str) -> pd.DataFrame:
    frame = rm.extract(text, doc_id="p")
    assert list(frame.columns) == list(CLAIM_COLUMNS)
    for name in (name for name, dtype in CLAIM_COLUMNS.items() if dtype == "string"):
        "".join(frame[name].dropna()).encode("utf-8")     # raises where a column holds a surrogate
    for row in frame.itertuples(index=False):
        start, end = int(row.start), int(row.end)
        assert 0 <= start < end <= len(text)
        assert text[start:end] == row.text
        for name in ("value", "low", "high"):
            x = getattr(row, name)
            assert _null(x) or math.isfinite(float(x)), (name, x, row.text[:40])
    return frame


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_file_name_not_utf8(tmp_path, suffix):
    """A batch with a file whose name is not UTF-8 (Python holds its bytes as surrogates) is extracted and
    written whole; the name's byte is written as \\xff in doc_id, so that names stay distinct."""
    for name, body in ((b"a.txt", "全区新增企业12家,增长5%。"), (b"b\xff.txt", "全区新增企业13家。"),
                       (b"b\xfe.txt", "全区新增企业14家。")):
        with open(os.path.join(os.fsencode(tmp_path), name), "w", encoding="utf-8") as fh:
            fh.write(body)
    frame = rm.extract_files(str(tmp_path / "*.txt"))
    assert sorted(set(frame["doc_id"])) == ["a.txt", "b\\xfe.txt", "b\\xff.txt"]
    assert rm.read_documents(str(tmp_path))["doc_id"].tolist() == ["a.txt", "b\\xfe.txt", "b\\xff.txt"]
    out = tmp_path / f"claims{suffix}"
    assert rm.extract_files(str(tmp_path / "*.txt"), output=out) is None
    pd.testing.assert_frame_equal(read_frame(out, CLAIM_COLUMNS), frame)


def _child(text: str, runs: int, conn) -> None:
    try:
        t0 = time.process_time()
        for _ in range(runs):
            check(text)
        conn.send(("ok", time.process_time() - t0))
    except BaseException:  # noqa: BLE001 - reported to the parent
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


def bounded(text: str, limit: float, runs: int = 1) -> float:
    """Run `check(text)` `runs` times in a child process; its CPU time in seconds. Fails (instead of
    hanging CI) when the child raises or has not finished after `limit` seconds."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(text, runs, child), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(limit):
            pytest.fail(f"extract did not finish within {limit:.1f}s on {len(text):,} characters")
        status, payload = parent.recv()
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join(5)
    if status != "ok":
        pytest.fail(payload)
    return payload


#: a hang guard, not a speed requirement
CASE_LIMIT = 60.0


@pytest.mark.parametrize("text", list(CASES.values()), ids=list(CASES))
def test_pathological_input(text):
    bounded(text, CASE_LIMIT)


def adversarial(n_bytes: int) -> str:
    """About `n_bytes` of UTF-8 adversarial text on one line (no sentence break)."""
    per_chunk = len(CHUNK.encode("utf-8"))
    return CHUNK * max(1, n_bytes // per_chunk)


def real_text(copies: int) -> str:
    """The seed documents joined into one document, `copies` times over (paragraphs kept)."""
    joined = "\n".join(p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return "\n".join([joined] * copies)


def assert_linear(text_of, steps: list, label, allowance: float) -> None:
    """Not a speed requirement: for each step but the first, `check(text_of(step))`, ten times the text of
    the step before, may take at most 1.2× the CPU time of ten runs of the step before (the target is
    1.1×; the rest and `allowance` seconds are for timer noise). Both sides are as much work for as long,
    so that load on a shared machine weighs on both alike, and a pair that misses is measured once more.
    Each run is given 30× the time of the one before (at least CASE_LIMIT): a hang guard, so that a
    superlinear extractor fails instead of hanging. The first step is run once beforehand, so that no
    timed run compiles patterns or reads tables."""
    check(text_of(steps[0]))
    times, limit = {}, CASE_LIMIT
    for small, big in zip(steps, steps[1:]):
        for _ in range(2):
            try:
                ten = bounded(text_of(small), limit, runs=10)
                once = bounded(text_of(big), max(CASE_LIMIT, 30 * ten))
            except pytest.fail.Exception as exc:
                raise AssertionError(f"{label(big)}: {exc} (times so far: {times})") from None
            times[f"10 × {label(small)}"], times[label(big)] = round(ten, 3), round(once, 3)
            if once <= 1.2 * ten + allowance:
                break
        else:
            raise AssertionError(f"not linear: {times}")
        limit = max(CASE_LIMIT, 30 * once)


def test_time_grows_about_linearly():
    """One adversarial line of 10 KB → 100 KB → 1 MB (the 1 MB run also checks the output: finite
    values, exact offsets)."""
    assert_linear(adversarial, [10_000, 100_000, 1_000_000], lambda n: f"{n // 1000} KB of one adversarial line",
                  allowance=1.0)


def test_time_grows_about_linearly_on_real_text():
    """Real text, where look-backs find what they look for: the seeds joined into one document, three
    times over (about 100,000 characters), against thirty times over."""
    assert_linear(real_text, [3, 30], lambda n: f"the joined seeds {n} times over", allowance=0.1)
