"""Subjects are written in the script of the text they are read from (GUIDE §1: as written in the text)."""
from __future__ import annotations

import pytest

import reformmetrics as rm


@pytest.mark.parametrize("text, subjects", [
    ("其中,規上工業增加值512億元,總量佔全市的18.4%", ["規上工業增加值", "規上工業增加值佔全市"]),
    ("其中,规上工业增加值512亿元,总量占全市的18.4%", ["规上工业增加值", "规上工业增加值占全市"]),
    ("全區實現地區生產總值1865.2億元,總量穩居全市第三", ["地區生產總值", "地區生產總值總量全市排名"]),
    # each folded character as the sentence most often writes it: 業 twice over 业 once; 區 and 区 once each, 區 first
    ("全區規上工業企業達到312家,工業用電量增長8.2%,工业园区新增5个。", ["規上工業企業", "工業用電量", "工業园區"]),
    # full-width marks are folded too, but no character of a subject is
    ("全区新增市场主体1.2万户，其中企业4100户、个体工商户7900户。", ["市场主体", "企业", "个体工商户"]),
    ("全縣新增市場主體2.3萬戶，其中企業5100戶。", ["市場主體", "企業"]),
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
    ("对超期未结诉求二次办理3400件。", 0, "超期未结诉求"),                      # 二次 before a verb of handling
    ("对退回的申报材料重新受理920件。", 0, "退回的申报材料"),                   # 重新 likewise
    ("全市不动产登记办理时间将压缩至2个工作日以内。", 0, "不动产登记办理时间"),   # 将 marks the future, not the noun
    ("全县新增跨省通办主题服务22项。", 0, "跨省通办主题服务"),                   # a service is the thing counted
    ("今年新建口袋公园14个,累计达到60个。", 1, "口袋公园"),                      # a total reached is of the same thing
    ('全县"秒批秒办"事项新增85项。', 0, '"秒批秒办"事项'),                       # a quote opening a name stays paired
    ("据测算,全市每年可为企业减负3亿元以上。", 0, "企业"),                      # 可为 is a coverb like 为
    ("高校毕业生每人最高补贴3000元。", 0, "高校毕业生每人补贴"),                # 最高 is the bound, not the subject
    ("新落户的研发机构最多可获资助200万元。", 0, "新落户的研发机构可获资助"),
    ("全县农业总产值登上80亿元台阶。", 0, "农业总产值"),                       # a level climbed onto is no subject
    ("全区社会消费品零售总额突破600亿元大关。", 0, "社会消费品零售总额"),
    ("全省新登记企业9.6万户,温州市、台州市等地超过8000户。", 1, "新登记企业"),      # a list of places is where, not what
    ("全市规上工业增加值增长8.3%,江阴市和宜兴市增长超过10%。", 1, "规上工业增加值"),
    # a change opening a sentence with only a frame before it continues the sentence before
    ("全县实现地区生产总值612.3亿元,总量居全市第四。按可比价格计算,同比增长6.1%。", 2, "地区生产总值"),
    ("全市社会消费品零售总额达到845亿元。上半年,同比增长4.2%。", 1, "社会消费品零售总额"),
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


def test_change_not_carried_across_a_paragraph():
    """A subjectless change opening a paragraph does not take the thing of the paragraph before."""
    assert rm.extract("全市社会消费品零售总额达到845亿元。\n同比增长4.2%。")["subject"].isna().tolist() == [False, True]


@pytest.mark.parametrize("base", ["同比", "同口径", "环比上一季度", "较上年同期", "较2019年底", "比去年", "增长了", "下降至",
                                  "提高到", "同比减少"])
def test_base_ends_with_a_listed_ending(base):
    """A phrase is searched for a comparison base only if it ends as such a base can end."""
    from reformmetrics import subjects
    assert subjects._p()["base"].fullmatch(base) and base.endswith(subjects._BASE_ENDS[base[-1]])


@pytest.mark.parametrize("period", ["截至9月末", "第二季度", "三季度", "下半年,", "年末", "以来"])
def test_period_opens_with_a_listed_opening(period):
    """A phrase opening with a Han character is searched for a period only if it opens as such a period can."""
    from reformmetrics import subjects
    assert subjects._p()["period"].match(period).end() == len(period) and period.startswith(subjects._PERIOD_OPENINGS)


@pytest.mark.parametrize("phrase, place", [("低于全省", "全省"), ("全县", "全县"), ("略快于河东市", "河东市"),
                                           ("南平县", "南平县")])
def test_compared_place_ends_with_a_listed_character(phrase, place):
    """A phrase is searched for a compared place only if it ends as such a place can end."""
    from reformmetrics import subjects
    assert subjects._compared_place(phrase) == place and phrase[-1] in subjects._PLACE_LAST


def test_first_characters_of_patterns():
    """The characters patterns of a table start with (a phrase holding none of them is not searched); a pattern not
    opening with a literal character is refused."""
    from reformmetrics.subjects import _first_chars
    assert _first_chars(["受\\p{Han}{1,4}影响", "(?<![对相])比(?!重)", "(?:最高|至少)(?=获)"]) == set("受比最至")
    for pattern in ["\\p{Han}较", "(?:最高|至少)?比", "较?高于", "高于|低于", "[高低]于"]:
        with pytest.raises(ValueError):
            _first_chars([pattern])
