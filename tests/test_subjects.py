"""Subjects are written in the script of the text they are read from (GUIDE §1: as written in the text)."""
from __future__ import annotations

import pytest

import reformmetrics as rm


@pytest.mark.parametrize("text, subjects", [
    ("其中,規上工業增加值512億元,總量佔全市的18.4%", ["規上工業增加值", "規上工業增加值佔全市"]),
    ("其中,规上工业增加值512亿元,总量占全市的18.4%", ["规上工业增加值", "规上工业增加值占全市"]),
    ("全區實現地區生產總值1865.2億元,總量穩居全市第三", ["地區生產總值", "地區生產總值總量全市排名"]),
])
def test_subject_script_as_written(text, subjects):
    assert rm.extract(text)["subject"].tolist() == subjects


@pytest.mark.parametrize("text, index, subject", [
    ("全县生产总值跃上500亿元台阶。", 0, "生产总值"),                       # a verb of reaching a level is no subject
    ("到2027年,规上工业企业数量在2022年基础上翻一番。", 0, "规上工业企业数量"),    # the base year of a growth
    ("全市GDP增长6.8%,增速居全省16个地市第二位。", 1, "地市"),                 # a ranking field stops at its ordinal
    ("对群众来信,一般在5个工作日内答复。", 0, "群众来信答复"),                 # an adverb before a time limit
    ("力争在2025年底前实现县域医疗机构检查结果互认率不低于90%。", 0, "县域医疗机构检查结果互认率"),   # a goal and its date
    ("行政审批事项网上办理率由改革实施前的不足五成提高到95%。", 1, "行政审批事项网上办理率"),      # 由…前的: a base time
    ("企业综合融资成本降至4.2%。", 0, "企业综合融资成本"),                      # 降至 leads into the figure
])
def test_subject_exact(text, index, subject):
    assert rm.extract(text)["subject"].tolist()[index] == subject


@pytest.mark.parametrize("text, subject", [
    ("地区生产总值同比增长5.2%,增速居全省11个设区市第一位。", "地区生产总值增速全省设区市排名"),
    ("其中,规上工业增加值在全省14个市州中排名第四。", "规上工业增加值全省市州排名"),
])
def test_rank_field_without_its_count(text, subject):
    """A count inside a ranking field (11个设区市) is a claim of its own, not part of the rank's subject."""
    assert rm.extract(text).query("kind == 'rank'")["subject"].tolist() == [subject]
