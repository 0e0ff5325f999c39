"""Property tests of `rm.extract`: never raises, exact offsets, deterministic, invariant to the
sentences around a claim, and the same dtypes whether or not anything is found.

Budgets are bounded for CI (at most 200 examples a property, no per-example deadline).
"""
from __future__ import annotations

import gc
import math
import re
import tempfile
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import reformmetrics as rm
from reformmetrics.schema import CLAIM_COLUMNS, claims_frame
from reformmetrics.writers import FORMATS, read_frame, write_frame

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUDGET = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SMALL_BUDGET = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- strategies

#: any Unicode text that UTF-8 can encode (no lone surrogates)
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)

#: code points a str may hold that are odd in a document: lone surrogates (UTF-8 cannot encode them; broken
#: decoders and file names that are not UTF-8 leave them), a surrogate pair as two code points, noncharacters,
#: private use, unassigned, NUL and other controls, line and paragraph separators, the replacement character
ODD_CHARS = ["\ud800", "\udbff", "\udc00", "\udcff", "\udfff", "\ud83d\ude00", "\ufffe", "\uffff", "\U0001fffe",
             "\U0010ffff", "\ue000", "\U000f0000", "\U000e0001", "\x00", "\x85", "\u2028", "\u2029", "\ufffd", "\ufeff"]
odd_char = st.one_of(st.sampled_from(ODD_CHARS), st.characters(categories=["Cs", "Co", "Cn", "Cc", "Cf"]))
#: any str at all, lone surrogates included
any_str = st.lists(st.one_of(st.characters(exclude_categories=()), odd_char), max_size=200).map("".join)

TOKENS = [
    # digits: ASCII, full-width, Chinese
    *"0123456789", "０", "１", "５", "９", *"零〇一二两三四五六七八九十百千万亿", "億", "萬", "兩", "點", "点", "半",
    # multipliers and units
    "万", "亿", "千", "万亿", "个", "家", "项", "人", "人次", "名", "所", "场次", "件", "套", "类", "大",
    "元", "万元", "亿元", "美元", "港元", "%", "％", "‰", "个百分点", "百分点", "分之", "百分之", "成",
    "平方公里", "平方米", "公顷", "亩", "公里", "千米", "米", "吨", "立方米", "微克/立方米",
    "个工作日", "工作日", "天", "日", "小时", "分钟", "秒", "周", "个月", "月", "年", "季度", "倍", "翻番",
    # punctuation and joiners
    ".", ",", "，", "、", ";", "。", ":", "：", "∶", "-", "－", "—", "~", "～", "至", "到", "+", "/", " ",
    "\t", "\n", "(", ")", "（", "）", "“", "”", "《", "》", "第", "前", "强", "位", "名", "次", "每月", "每年",
    # qualifiers and cues
    "约", "近", "将近", "超", "超过", "逾", "过", "余", "多", "以上", "以下", "内", "以内", "左右",
    "不到", "不足", "至少", "最高", "突破", "破", "同比增长", "下降", "由", "提升至", "压缩到", "分别",
    "整合为", "力争", "达到", "新增", "其中", "排名",
    # names, identifiers and idioms
    "热线", "号线", "G", "D", "PM", "届", "期", "一是", "十四五", "一体", "进一步", "全区", "企业",
    "学位", "地区生产总值", "审批时限",
]
#: text dense in numbers, units, qualifiers and punctuation
number_heavy = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)
#: the same with odd code points among the pieces, also between a number and its unit
odd_number_heavy = st.lists(st.one_of(st.sampled_from(TOKENS), odd_char), max_size=60).map("".join)


def _sentences() -> list[str]:
    """Sentences to embed: the seed documents split at 。！？ and line breaks, and the phenomenon texts."""
    out: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        out += [s.strip() for s in re.split(r"[。！？!?\n]+", text) if 4 <= len(s.strip()) <= 160]
    for path in sorted((HERE / "data" / "phenomena").glob("*.toml")):
        with path.open("rb") as fh:
            for case in tomllib.load(fh).get("case", []):
                out.append(case["text"].rstrip("。"))
    # a table is not a sentence: its last row runs into whatever is appended to it
    return [s for s in dict.fromkeys(out) if "。" not in s and not re.search(r"[\n\t|]", s)]


SENTENCES = _sentences()
NUMERIC_SENTENCES = [s for s in SENTENCES if re.search(r"[0-9０-９一二两三四五六七八九十百千万亿半]", s)]


def _insert(sentence: str, inserts: list[tuple[int, str]]) -> str:
    for at, ch in inserts:
        at %= len(sentence) + 1
        sentence = sentence[:at] + ch + sentence[at:]
    return sentence


#: sentences with numbers and odd code points put anywhere in them, inside figures too
odd_sentences = st.builds(_insert, st.sampled_from(NUMERIC_SENTENCES),
                          st.lists(st.tuples(st.integers(0, 400), odd_char), min_size=1, max_size=4))

# ---------------------------------------------------------------- helpers


def _null(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def assert_offsets_exact(doc: str, frame: pd.DataFrame) -> None:
    for row in frame.itertuples(index=False):
        assert not _null(row.start) and not _null(row.end), row
        start, end = int(row.start), int(row.end)
        assert 0 <= start < end <= len(doc), (start, end, len(doc), row.text)
        assert doc[start:end] == row.text, (doc[start:end], row.text)


def assert_encodable(frame: pd.DataFrame) -> None:
    """Every string column holds only what UTF-8 can encode (what Arrow, CSV, JSON and Parquet need)."""
    for name, dtype in CLAIM_COLUMNS.items():
        if dtype == "string":
            for x in frame[name].tolist():
                assert _null(x) or isinstance(x.encode("utf-8"), bytes), (name, x)


def assert_values_finite(frame: pd.DataFrame) -> None:
    for name in ("value", "low", "high"):
        for x in frame[name].tolist():
            assert _null(x) or math.isfinite(float(x)), (name, x)


def _same_number(a, b) -> bool:
    if _null(a) or _null(b):
        return _null(a) and _null(b)
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


def _same_label(a, b) -> bool:
    return (_null(a) and _null(b)) or (not _null(a) and not _null(b) and str(a) == str(b))


# ---------------------------------------------------------------- properties


def assert_sound(text: str) -> pd.DataFrame:
    """extract does not raise, keeps the schema, exact offsets, finite values and encodable strings."""
    frame = rm.extract(text, doc_id="t")
    assert list(frame.columns) == list(CLAIM_COLUMNS)
    assert_offsets_exact(text, frame)
    assert_values_finite(frame)
    assert_encodable(frame)
    return frame


@BUDGET
@given(any_text)
def test_never_raises_and_offsets_exact_on_any_text(text):
    assert_sound(text)


@BUDGET
@given(number_heavy)
def test_never_raises_and_offsets_exact_on_number_heavy_text(text):
    assert_sound(text)


@BUDGET
@given(st.one_of(any_str, odd_number_heavy, odd_sentences))
@example("增长5%\ud800")
@example("新增1\ud8002家,增长\udcff5%,共\ud83d\ude0012家\ufffe")
def test_never_raises_and_offsets_exact_on_any_str(text):
    """Lone surrogates and other odd code points: no exception, the claim's text exact, and in the other
    string columns each surrogate is U+FFFD, one for one (the context is as long as its sentence)."""
    frame = assert_sound(text)
    shown = re.sub("[\ud800-\udfff]", "\ufffd", text)
    for row in frame.itertuples(index=False):
        assert shown[row.start:row.end] == row.text, "a claim spans a surrogate"
        assert row.context in shown, (row.context, shown)


@SMALL_BUDGET
@given(st.one_of(odd_sentences, odd_number_heavy))
def test_any_str_is_written_and_read_back(text):
    """Claims of any str are written as CSV, JSON Lines and Parquet without error, and read back the same."""
    frame = rm.extract(text, doc_id="odd\udcff.txt")
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in FORMATS:
            path = write_frame(frame, Path(tmp) / f"claims{suffix}")
            pd.testing.assert_frame_equal(read_frame(path, CLAIM_COLUMNS), frame)


def test_unencodable_doc_id_is_escaped():
    """A doc_id names a document: a file name's byte that is not UTF-8 is written \\xff, a lone surrogate
    \\ud800, so that two names stay two; text columns get U+FFFD one for one."""
    frame = rm.extract("新增\ud80012家", doc_id="b\udcff\ud800.txt")
    assert frame["doc_id"].tolist() == ["b\\xff\\ud800.txt"]
    assert frame["context"].tolist() == ["新增\ufffd12家"]


@BUDGET
@given(st.one_of(number_heavy, any_text, st.sampled_from(SENTENCES)))
def test_deterministic(text):
    first = rm.extract(text, doc_id="d")
    second = rm.extract(text, doc_id="d")
    pd.testing.assert_frame_equal(first, second)


@SMALL_BUDGET
@given(sentence=st.sampled_from(NUMERIC_SENTENCES), before=st.sampled_from(SENTENCES),
       after=st.sampled_from(SENTENCES))
def test_embedding_invariance(sentence, before, after):
    """A claim found in a sentence alone is found, with the same text, value and unit, when the
    sentence stands between two other sentences."""
    alone = rm.extract(sentence, doc_id="s")
    prefix = before + "。"
    doc = prefix + sentence + "。" + after + "。"
    embedded = rm.extract(doc, doc_id="s")
    assert_offsets_exact(doc, embedded)
    found = {}
    for row in embedded.itertuples(index=False):
        found[(int(row.start) - len(prefix), int(row.end) - len(prefix))] = row
    for row in alone.itertuples(index=False):
        key = (int(row.start), int(row.end))
        assert key in found, f"{row.text!r} of {sentence!r} lost when embedded in {doc!r}"
        other = found[key]
        assert other.text == row.text
        assert _same_number(other.value, row.value), (row.text, row.value, other.value)
        assert _same_number(other.low, row.low) and _same_number(other.high, row.high), row.text
        assert _same_label(other.unit, row.unit), (row.text, row.unit, other.unit)
        assert _same_label(other.kind, row.kind), (row.text, row.kind, other.kind)


@SMALL_BUDGET
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6))
def test_offsets_exact_on_documents(sentences):
    doc = "。".join(sentences) + "。"
    frame = rm.extract(doc, doc_id="doc")
    assert_offsets_exact(doc, frame)
    assert (frame["doc_id"] == "doc").all()


@pytest.mark.parametrize("empty", ["", " ", "。", "\n\n", "改革持续深化。", "12345热线"])
def test_dtypes_same_for_empty_and_non_empty(empty):
    reference = claims_frame([]).dtypes
    none = rm.extract(empty, doc_id="e")
    some = rm.extract("全年新增国家高新技术企业318家,同比增长12.5%", doc_id="e")
    assert len(none) == 0
    assert len(some) > 0
    assert list(none.columns) == list(CLAIM_COLUMNS) == list(some.columns)
    pd.testing.assert_series_equal(none.dtypes, some.dtypes)
    pd.testing.assert_series_equal(none.dtypes, reference)


def test_doc_id_is_carried():
    frame = rm.extract("全年新增国家高新技术企业318家", doc_id="abc.txt")
    assert frame["doc_id"].tolist() == ["abc.txt"] * len(frame)


@BUDGET
@given(st.one_of(st.text(max_size=200), number_heavy, st.sampled_from(SENTENCES)))
@example("\ud800１２\udfff臺灣\U00030edd\U00030ede\U00030edf\U0010ffff")
def test_fold_is_the_fold_table_applied_character_by_character(text):
    from reformmetrics.normalize import fold, fold_table

    assert fold(text) == text.translate(fold_table())


def test_string_column_holding_a_number_is_built_like_the_others():
    """The string columns are built together; one holding a value that is no str is built on its own, as text."""
    rows = [{"doc_id": "a", "start": 0, "end": 2, "text": "5家", "subject": 7, "unit": "家"},
            {"doc_id": "b", "start": 3, "end": 5, "text": "6家", "subject": None, "unit": "家"}]
    frame = claims_frame(rows)
    assert frame["subject"].tolist() == ["7", pd.NA]
    assert frame["doc_id"].tolist() == ["a", "b"] and frame["unit"].tolist() == ["家", "家"]
    assert frame["context"].isna().all()
    pd.testing.assert_series_equal(frame.dtypes, claims_frame([]).dtypes)


def test_reading_makes_no_reference_cycles():
    """Extraction pauses the cycle collector while it reads a text: that loses nothing only if reading leaves no
    cycles behind for the collector to find."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += ["", "擴(kuò)大至15%", "由20个工作日压缩到5个", "指标 | 绝对数\n地区生产总值(亿元) | 1234.5"]
    for text in texts:
        rm.extract(text)                               # tables and caches filled first: they are kept, not garbage
    gc.collect()
    try:
        gc.disable()
        for text in texts:
            rm.extract(text)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_collector_left_as_it_was():
    """The cycle collector is on after extraction if it was on before, and stays off if a caller had turned it off."""
    assert gc.isenabled()
    rm.extract("新增企业5家")
    assert gc.isenabled()
    gc.disable()
    try:
        rm.extract("新增企业5家")
        assert not gc.isenabled()
    finally:
        gc.enable()
