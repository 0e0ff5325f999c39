"""Places of claims (GUIDE §6): the cases of tests/data/places.toml through `extract`, the gazetteer, and the place
columns through extract_files with a caller's meta."""
from __future__ import annotations

import re
import time
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import reformmetrics as rm
from reformmetrics import places

CASES = tomllib.loads((Path(__file__).parent / "data" / "places.toml").read_text(encoding="utf-8"))["case"]


def _null(x):
    return None if x == "null" else x


@pytest.mark.parametrize("case", CASES, ids=[c["about"][:40] for c in CASES])
def test_case(case):
    meta = {k: case[k] for k in ("title", "place") if k in case}
    claims = rm.extract(case["text"], doc_id="t", meta=meta)
    got = {r.text: (r.place, r.place_code) for r in claims.itertuples()}
    for figure, (place, code) in case["places"].items():
        assert figure in got, f"{figure} not extracted: {sorted(got)}"
        place_, code_ = (None if pd.isna(x) else x for x in got[figure])
        assert (place_, code_) == (_null(place), _null(code)), figure


def test_columns_typed():
    claims = rm.extract("宁波市全年实现地区生产总值15704亿元。")
    assert str(claims["place"].dtype) == "string" and str(claims["place_code"].dtype) == "string"
    assert claims.loc[0, "place"] == "宁波市" and claims.loc[0, "place_code"] == "330200"


def test_gazetteer_levels_and_parents():
    g = places.gazetteer()
    assert [g.get(i).name for i in g.chain("440306020")] == ["福永街道", "宝安区", "深圳市", "广东省", "中国"]
    assert [g.get(i).name for i in g.chain("110108")] == ["海淀区", "北京市", "中国"]      # no 市辖区 between
    assert g.get("469001").parent == "460000"                                                # 五指山市: 省直辖
    assert g.lookup("寧波") == ("330200",) and g.lookup("全国") == (places.NATION,)
    assert len(g.lookup("朝阳区")) == 2 and g.lookup("不是地名") == ()


def test_extract_files_meta_overrides_place(tmp_path):
    (tmp_path / "a.txt").write_text("年度报告\n全市实现地区生产总值500亿元。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("年度报告\n全市实现地区生产总值600亿元。", encoding="utf-8")
    plain = rm.extract_files(tmp_path)
    assert plain["place"].isna().all()
    given = rm.extract_files(tmp_path, meta={"a.txt": {"place": "丽水市"}})
    assert given.set_index("doc_id").loc["a.txt", "place"] == "丽水市"
    assert given.set_index("doc_id").loc["a.txt", "place_code"] == "331100"
    assert pd.isna(given.set_index("doc_id").loc["b.txt", "place"])


def test_unknown_given_place_kept_without_code():
    claims = rm.extract("全区新增企业30家。", meta={"place": "某某新区"})
    assert claims.loc[0, "place"] == "某某新区" and pd.isna(claims.loc[0, "place_code"])


def test_linear_and_bounded():
    text = "宝安区、" * 5000 + "增长5%。"
    claims = rm.extract(text)
    assert claims.loc[0, "place"] == "宝安区"
    row = "区域\t" + "\t".join(["宝安区"] * 300) + "\n" + ("企业\t" + "\t".join(["12家"] * 300) + "\n") * 2
    starts = [m.start() for m in re.finditer("12家", row * 100)]
    started = time.perf_counter()
    where = places.Places(row * 100, {}, starts)
    assert {where.of(SimpleNamespace(start=s, unit="家"), s)[0] for s in starts} == {"宝安区"}
    assert time.perf_counter() - started < 5


def _find_slowly(view, g):
    """Names found the plain way: at every position, every length of a name opening with its two characters."""
    out, i = [], 0
    while i < len(view) - 1:
        for size in g.lengths.get(view[i:i + 2], ()):
            word = view[i:i + size]
            if word in g.names:
                how, ids = g.names[word]
                if how == "full" and view.startswith(g.word_after, i + size - 1):
                    if word[:-1] not in g.names:
                        continue
                    size -= 1
                    how, ids = g.names[word[:-1]]
                out.append((i, i + size, ids, how))
                i += size - 1
                break
        i += 1
    return out


def test_find_as_the_plain_way():
    """The look-ups that find where names may open (pair by pair in a short text, in tables in a longer one) skip
    no name: names of every length and kind, run together, cut short, at the end of a text, after and before other
    characters (𠀀 is outside the BMP)."""
    g = places.gazetteer()
    words = sorted(g.names)
    fillers = ["", "x", "的", "在", "市场", "区域", "\n", "𠀀", "全", "城"]
    for seed in range(40):
        pick = [words[(seed * 7919 + k * 104729) % len(words)] for k in range(30)]
        parts = [w[:len(w) - (k + seed) % 3 // 2] + fillers[(k * seed) % len(fillers)] for k, w in enumerate(pick)]
        text = "".join(parts)
        for view in (text, text + pick[0], pick[seed % 30][:2], text[:-1], text[seed:seed + places._SHORT],
                     text[seed:seed + places._SHORT + 1]):
            got = [(m.start, m.end, m.ids, m.how) for m in places._find(view, g)]
            assert got == _find_slowly(view, g), view


def test_joiners_between_names():
    """Names of one list stand apart by nothing or one joiner (南山、福田; 江北和镇海; 鄞州以及奉化), no more."""
    for text, joined in [("江北、镇海", True), ("江北和镇海", True), ("鄞州以及奉化", True), ("鄞州、以及奉化", True),
                         ("江北/镇海", True), ("江北镇海", True), ("江北的镇海", False), ("江北，镇海", False),
                         ("江北和和镇海", False), ("江北及与镇海", False)]:
        assert places._joins(text, 2, len(text) - 2) is joined, text


def test_anaphor_before_a_name_whether_or_not_an_earlier_one_was_referred():
    """A name written right after 该市 is placed alike whether an earlier 该市 of the document found what it refers
    to or not (anaphors are referred one by one, not as a written form)."""
    tail = "发布数据，该市余杭GDP增长5.2%。"
    first_unreferred = rm.extract("年度报告\n该市概况良好。杭州经济增长。杭州" + tail)
    first_referred = rm.extract("年度报告\n杭州概况良好，该市经济增长。杭州" + tail)
    assert first_unreferred["place"].tolist() == first_referred["place"].tolist()
