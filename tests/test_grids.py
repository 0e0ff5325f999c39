"""Tables: claims in cells, with units and subjects from the headers (tests/data/grids.toml; "null" = missing)."""
from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pandas as pd
import pytest

import reformmetrics as rm
from reformmetrics import grids

CASES = tomllib.loads((Path(__file__).parent / "data" / "grids.toml").read_text(encoding="utf-8"))["case"]


@pytest.mark.parametrize("case", CASES, ids=[c["text"].splitlines()[0][:20] for c in CASES])
def test_table(case):
    claims = rm.extract(case["text"])
    assert list(claims.text) == [c["text"] for c in case["claims"]]
    for (_, row), want in zip(claims.iterrows(), case["claims"]):
        assert case["text"][row.start:row.end] == row.text
        for field, expected in want.items():
            got = row[field]
            if isinstance(got, pd.Timestamp):
                got = got.date().isoformat()               # period_start, period_end as ISO dates
            if expected == "null":
                assert got is None or got is pd.NA or got != got, (row.text, field, got)
            elif isinstance(expected, float | int) and not isinstance(expected, bool):
                assert math.isclose(got, expected, rel_tol=1e-9), (field, got, expected)
            else:
                assert got == expected, (row.text, field, got, expected)


#: lines for the quick tests that skip the full split: blanks other than spaces, delimiters, long words, controls
QUICK_LINES = [
    "指标\u3000本月\u3000累计", "营业收入\xa0\xa0356.2\xa0\xa04.8", "货物运输量\t1520\t-3.1", "| 项目 | 2025年 |",
    "这是一段很长的说明文字没有任何空格却有一个数字在最后面吗还是没有呢 12", "\x1c 12", "合计 \x1c\x1c", "12\u200b 34",
    "甲 乙", "说明:", "  ", "名称|", "一、总体情况 二、主要做法", "第一产业 " + "长" * 31, "7.5 | " + "字" * 31,
    "-" * 40, "指标 " + "-:" * 20, "|" + "=" * 35 + "|", "合计 " + "字" * 30 + "-",
    "3551817 |", "| 工业增加值 |", "|  | 12 |", "金融业 |\t| 8.6", "\t增速\t", "| a\tb |",
    "港口吞吐量 - 5. 1 +2 %", "2026年 1,234", "出口额增长3.4% 进口", "8.2|-0.7", "一、 二、 三、", "１２ ３４",
]


@pytest.mark.parametrize("line", QUICK_LINES)
def test_quick_line_tests(line):
    """A line the quick test says opens no table has under two cells or one longer than a cell, one said to halt
    no look ahead has no figure in a cell and is not too wide; a text the quick test takes as a lone cell is one
    by the full rule."""
    _, cells = grids._split(line, 0)
    filled = [c for c in cells if c]
    if not grids._may_open(line):
        assert len(filled) < 2 or any(len(c[2]) > grids._MAX_CELL for c in filled)
    if grids._wide(line):
        assert any(len(c[2]) > grids._MAX_CELL and not grids._RULE.fullmatch(c[2]) for c in filled)
    if not grids._halts(line):
        assert not grids._wide(line) and not any(grids._is_number(c[2]) for c in filled)
    text = line.strip().strip("|").strip()
    full = len(text) <= grids._MAX_CELL and not grids._DELIMITER.search(text) \
        and not (grids._PROSE.search(text) and not grids._CAPTION.match(text)) \
        and (grids._is_number(text) or not any(grids._is_number(c[2]) for c in grids._split(text, 0)[1]))
    assert grids._lone_cell(text) == full


def _searched_clause_start(text, pos, floor):
    from reformmetrics.text_units import _CLAUSE_MARK
    mark = _CLAUSE_MARK.search(text, floor, pos) if pos > floor else None
    return pos if pos <= floor else mark.end() if mark else floor


def test_clause_starts_kept_for_a_text_answer_as_a_search_does():
    """Clause starts read from the answers kept for a text (asked again at a position, with another floor) are those
    a search finds (text_units.clause_start: the clauses of a table's surroundings are read with it)."""
    from reformmetrics.text_units import clause_start
    text = "全县新增市场主体1,250户,同比增长8.4%;其中 企业 420户。下半年:预计 完成投资3,600万元,较上年多12个百分点"
    asked = [(pos, floor) for pos in range(len(text) + 1) for floor in (0, pos // 2, max(0, pos - 3), pos)]
    for pos, floor in asked + asked[::-1]:
        assert clause_start(text, pos, floor) == _searched_clause_start(text, pos, floor)


def test_clause_starts_in_texts_of_commas_digits_and_blanks_answer_as_a_search_does():
    """In texts thick with commas among digits (thousands or not), blanks between Han characters and digits or Han
    characters past the basic plane, every clause start, asked again and again at positions with other floors, is the
    one a search cut at the position finds (text_units.clause_start keeps its answers for the last text), two texts
    asked about in turn."""
    import random
    from reformmetrics.text_units import clause_start
    pieces = [",", ",", "，", "。", ";", "\n", " ", " ", "\t", "1", "2", "0", "9", "9", "9", "４", "٣", "\U0001D7CE",
              "县", "亿", "\U00020000", "a", "%", "."]
    rng = random.Random(13)
    for _ in range(40):
        texts = ["".join(rng.choices(pieces, k=rng.randrange(1, 300))) for _ in range(2)]
        for _ in range(400):
            text = rng.choice(texts)
            pos = rng.randrange(len(text) + 1)
            floor = rng.choice((0, rng.randrange(pos + 1), max(0, pos - rng.randrange(8)), pos, pos + 1))
            assert clause_start(text, pos, floor) == _searched_clause_start(text, pos, floor), (text, pos, floor)


def test_the_blanks_written_out_are_the_regex_engines_blanks():
    """text_units.BLANKS, the set of blanks the re-engine patterns of grids (and periods) read, holds every character
    the regex engine's \\s matches and no other, on both engines."""
    import re

    import regex
    from reformmetrics.text_units import BLANKS
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    spaces = regex.findall(r"\s", every)
    assert re.findall(f"[{BLANKS}]", every) == spaces == regex.findall(f"[{BLANKS}]", every)
