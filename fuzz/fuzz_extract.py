"""On-demand fuzzing of the extractor with a large hypothesis budget (not part of CI's suite).

    python fuzz/fuzz_extract.py --minutes 10

Four generators run in turn until the time is up: arbitrary Unicode (control characters,
all planes, combining marks, RTL, emoji), any str with lone surrogates and other code points
UTF-8 cannot encode or that are odd in text (noncharacters, private use), number-heavy text built
from the grammar's own pieces, and seed sentences mutated by insertions, deletions and swaps of
digits, units and odd code points. Every input must satisfy the library's invariants: no
exception, finite values, exact offsets, string columns UTF-8 can encode, the same output twice. A failing input is printed (hypothesis shrinks it) and the run exits 1;
fixed failures belong in tests/test_pathological.py as regression cases.
"""
from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reformmetrics as rm
from reformmetrics.schema import CLAIM_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
SEED_SENTENCES = [s for p in sorted((ROOT / "seeds").glob("*.txt"))
                  for s in p.read_text(encoding="utf-8").split("。") if 4 < len(s) < 200]
PIECES = list("0123456789.,:-~%+ 一二三四五六七八九十百千万亿两零〇点半、，。;：“”（）()") + [
    "分之", "成", "倍", "个", "家", "项", "人次", "年", "月", "日", "天", "个工作日", "小时", "平方公里",
    "万元", "亿元", "美元", "个百分点", "第", "前", "强", "大", "近", "约", "余", "多", "超过", "以上", "以内",
    "内", "不到", "至少", "最高", "至", "到", "由", "从", "提升", "压缩", "增长", "下降", "同比", "分别",
    "翻番", "百分之", "12345热线", "5G", "PM2.5", "“1+6+N”", "\t", "\n", "|", "  ",
]
#: lone surrogates (as broken decoders and file names that are not UTF-8 leave them), a surrogate pair as two
#: code points, noncharacters, private use, NUL, separators
ODD = ["\ud800", "\udbff", "\udc80", "\udcff", "\udfff", "\ud83d\ude00", "\ufffe", "\uffff", "\U0010ffff",
       "\ue000", "\x00", "\x85", "\u2028", "\ufffd", "\ufeff"]
ODD_CHAR = st.one_of(st.sampled_from(ODD), st.characters(categories=["Cs", "Co", "Cn", "Cc", "Cf"]))
STRING_COLUMNS = [name for name, dtype in CLAIM_COLUMNS.items() if dtype == "string"]


def check(text: str) -> None:
    first = rm.extract(text, doc_id="fuzz")
    for row in first.itertuples():
        assert text[row.start:row.end] == row.text, (row.start, row.end, row.text)
        for name in ("value", "low", "high"):
            v = getattr(row, name)
            assert pd.isna(v) or math.isfinite(v), (name, v)
    for name in STRING_COLUMNS:
        "".join(first[name].dropna()).encode("utf-8")     # raises where a column holds a surrogate
    assert rm.extract(text, doc_id="fuzz").equals(first), "output differs between two runs"


def mutate(draw_ops, sentence: str) -> str:
    chars = list(sentence)
    for op, at, piece in draw_ops:
        at = at % (len(chars) + 1)
        if op == 0:
            chars[at:at] = list(piece)
        elif op == 1 and chars:
            del chars[at % len(chars)]
        elif chars:
            i, j = at % len(chars), (at * 7 + 3) % len(chars)
            chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
ANY_STR = st.lists(st.one_of(st.characters(exclude_categories=()), ODD_CHAR, st.sampled_from(PIECES)),
                   max_size=200).map("".join)
NUMBER_HEAVY = st.lists(st.sampled_from(PIECES + ODD), max_size=120).map("".join)
MUTATED = st.builds(mutate, st.lists(st.tuples(st.integers(0, 2), st.integers(0, 10_000),
                                               st.sampled_from(PIECES + ODD)), max_size=12),
                    st.sampled_from(SEED_SENTENCES))
STRATEGIES = {"any-unicode": ANY_TEXT, "any-str": ANY_STR, "number-heavy": NUMBER_HEAVY, "mutated-seeds": MUTATED}


def run(minutes: float, chunk: int) -> int:
    deadline, rounds, examples = time.monotonic() + 60 * minutes, 0, 0
    while time.monotonic() < deadline:
        for name, strategy in STRATEGIES.items():
            @settings(max_examples=chunk, deadline=None, database=None, derandomize=False,
                      suppress_health_check=list(HealthCheck))
            @given(strategy)
            def prop(text):
                check(text)

            try:
                prop()
            except Exception as exc:               # hypothesis has printed the shrunk example
                print(f"FAILED in {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                return 1
            examples += chunk
        rounds += 1
        print(f"round {rounds}: {examples} examples, no failure", flush=True)
    print(f"done: {examples} examples in {minutes} minutes, no failure")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--chunk", type=int, default=2000, help="examples per generator per round")
    args = ap.parse_args()
    return run(args.minutes, args.chunk)


if __name__ == "__main__":
    sys.exit(main())
