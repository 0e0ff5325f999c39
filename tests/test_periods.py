"""When each claim holds: the cases of tests/data/periods.toml, the document setting and the meta override."""
from __future__ import annotations

import datetime as dt
import random
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
import regex

import reformmetrics as rm
from reformmetrics import periods
from reformmetrics.normalize import fold
from reformmetrics.tables import table

CASES = tomllib.loads((Path(__file__).parent / "data" / "periods.toml").read_text(encoding="utf-8"))["case"]


def _day(value) -> str:
    return "null" if pd.isna(value) else pd.Timestamp(value).date().isoformat()


@pytest.mark.parametrize("case", CASES, ids=[c["note"] for c in CASES])
def test_case(case):
    frame = rm.extract(case["text"], meta=case.get("meta"))
    pos = 0
    for want in case["claims"]:
        at = case["text"].find(want["text"], pos)
        assert at >= 0, f"{want['text']} not in the case text"
        rows = frame[(frame.start == at) & (frame.end == at + len(want["text"]))]
        assert len(rows) == 1, f"no claim {want['text']} at {at}: {frame[['text', 'start']].values.tolist()}"
        if "start" in want:
            got = (_day(rows.period_start.iloc[0]), _day(rows.period_end.iloc[0]))
            assert got == (want["start"], want["end"]), want["text"]
        if "role" in want:
            assert rows.role.iloc[0] == want["role"], want["text"]
        pos = at + len(want["text"])


def test_meta_date_overrides_the_text():
    text = "2022年12月1日\n今年以来,全区新增企业1200家。"
    read = rm.extract(text)
    given = rm.extract(text, meta={"date": "2023-01-15"})
    assert _day(read.period_end.iloc[0]) == "2022-12-01"
    assert (_day(given.period_start.iloc[0]), _day(given.period_end.iloc[0])) == ("2023-01-01", "2023-01-15")


def test_columns_are_dates():
    frame = rm.extract("2021年,全市新增企业1200家。")
    assert str(frame.period_start.dtype).startswith("datetime64")
    assert frame.period_start.iloc[0] == pd.Timestamp("2021-01-01")


@pytest.mark.parametrize("meta, genre", [
    ({"title": "2024年全市深化改革工作要点"}, "plan"),
    ({"title": "关于优化营商环境的若干措施"}, "rules"),
    ({"title": "2022年青山区国民经济和社会发展统计公报"}, "review"),
    ({"title": "市政府召开常务会议", "genre": "工作要点"}, "plan"),
    ({"title": "市政府召开常务会议"}, None),
])
def test_genre(meta, genre):
    assert periods.setting(fold("正文。"), meta).genre == genre


@pytest.mark.parametrize("meta, date", [
    ({"date": "2023-01-15"}, dt.date(2023, 1, 15)),
    ({"date": "2023年1月5日"}, dt.date(2023, 1, 5)),
    ({"date": dt.date(2020, 2, 29)}, dt.date(2020, 2, 29)),
    ({"date": pd.Timestamp("2021-06-30")}, dt.date(2021, 6, 30)),
    ({"date": "2023-02-30"}, None),
    ({"date": float("nan")}, None),
    ({"date": "soon"}, None),
])
def test_meta_dates(meta, date):
    assert periods.setting(fold("正文。"), meta).date == date


@pytest.mark.parametrize("text", ["", "年", "2021年13月", "截至", "连续0年", "近100年", "9999年底", "“十三五”期间",
                                  "0年1-0月", "2019-2015年", "十二月三十二日", "上年末" * 50, "连续0个月", "13月上旬",
                                  "2月下旬", "“十三五”末以来", "国庆假期" * 20,
                                  # digits the regex engine reads as \d, Python's int does not (Kawi)
                                  "2023年\U00011f53月,", "2023-\U00011f53-\U00011f53\n",
                                  "20\U00011f53\U00011f53年统计公报\n", "2023年,全市有企业3家,到20\U00011f53\U00011f53年"])
def test_never_raises(text):
    frame = rm.extract(text + "新增企业5家。")
    assert "5家" in set(frame.text)
    assert (frame.period_start.isna() | (frame.period_start <= frame.period_end)).all()


@pytest.mark.parametrize("date", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_extreme_dates_raise_nothing(date):
    frame = rm.extract("过去五年,新增企业5家。明年新增企业8家。未来3年新增企业9家。本周新增企业6家。昨日新增企业7家。"
                       "党的十八大以来新增企业3家。春节期间新增企业2家。", meta={"date": date})
    assert len(frame) == 7


def test_files_take_the_callers_dates(tmp_path):
    (tmp_path / "a.txt").write_text("今年以来,全区新增企业5家。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("今年以来,全区新增企业7家。", encoding="utf-8")
    docs = pd.DataFrame({"doc_id": ["a.txt"], "date": ["2021-03-01"]})
    frame = rm.extract_files(tmp_path, meta=docs).set_index("doc_id")
    assert (_day(frame.period_start["a.txt"]), _day(frame.period_end["a.txt"])) == ("2021-01-01", "2021-03-01")
    assert _day(frame.period_end["b.txt"]) == "null"



def _strings(node) -> list[str]:
    """Every string of a table, its keys and its values."""
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in [k, *_strings(v)]]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


def test_expressions_are_read_stretch_by_stretch():
    """Reading only the stretches between gaps holding a held word finds what reading the whole text does: on every
    word of the periods table between numbers and the grammar's words, and on texts strung at random from them,
    other words, spaces and marks."""
    words = sorted(set(_strings(table("periods"))))
    before = ["", "2019", "10", "前3", "近五", "“", "较", "到"]
    after = ["", "年", "月", "日", "个月", "以来", "期间", "末", "”", "的3倍", "年来", "年-2021年", "3月", "至6月"]
    texts = [a + w + b for w in words for a in before for b in after]
    pieces = [words, before, after, list("0123456789一二三十两〇年月日个-~—–至到的“” \n,，;；:：。!?、"),
              ["\t", "\x1c", "\u3000", "٣", "\U00011f53", "份", "度", "倍"]]  # spaces, digits the engines differ on
    rng = random.Random(7)
    texts += ["".join(rng.choice(rng.choice(pieces)) for _ in range(rng.randint(1, 30))) for _ in range(2000)]
    for text in texts:
        want = [(m.span(), m.groups()) for m in periods._wide_expr().finditer(text)]
        assert [(m[periods._AT], tuple(v for k, v in m.items() if k != periods._AT))
                for m in periods._expressions(text)] == want, text
        if not periods._WIDE.search(text):       # on the re engine, the pattern reads a text within the BMP alike
            assert [(m.span(), m.groups()) for m in periods._p()["expr"].finditer(text)] == want, text


def test_the_engines_read_the_expression_classes_alike():
    """The expression pattern's classes, \\d and spaces, match the same characters on re as on regex within the
    BMP (a text beyond it is read on regex)."""
    bmp = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
    assert re.findall(r"\d", bmp) == regex.findall(r"\d", bmp)
    assert re.findall(periods._S, bmp) == regex.findall(r"\s", bmp)
