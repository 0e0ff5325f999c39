"""PDF and Word files: the same bulletin as .txt, .pdf and .docx gives the same claims with exact offsets;
pages; tables as rows; broken files named while the rest are read (fixtures: scripts/make_fixtures.py)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest

import reformmetrics as rm
from reformmetrics import cli
from reformmetrics.io import ReadError, read_document

pytest.importorskip("pdfplumber")
pytest.importorskip("docx")

DATA = Path(__file__).parent / "data" / "formats"
#: one bulletin as text, as a reportlab PDF, as a Word file, and as that Word file printed by LibreOffice
SAME = ["bulletin.txt", "bulletin.pdf", "bulletin.docx", "office.pdf"]
FIELDS = ["value", "unit", "kind", "subject", "role"]
#: each broken fixture and the reason it is named with
BAD = {
    "encrypted.pdf": r"encrypted PDF: a password is needed to open it",
    "corrupt.pdf": r"corrupt PDF \(.+\)",
    "scanned.pdf": r"no text layer \(a scanned PDF\? no OCR was done\)",
    "no_unicode.pdf": r"no readable text: its fonts map no character to Unicode \(no OCR was done\)",
    "old_word.docx": r"a Word 97-2003 \.doc file named \.docx: save it as \.docx \(or \.txt\) to read it",
    "corrupt.docx": r"corrupt \.docx \(not a ZIP package\)",
}


@pytest.fixture(scope="module")
def claims():
    return {name: rm.extract_files(DATA / name) for name in SAME}


def _facts(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(None if pd.isna(v) else v for v in row) for row in frame[FIELDS].itertuples(index=False)]


@pytest.mark.parametrize("name", SAME[1:])
def test_the_same_text_gives_the_same_claims_in_every_format(claims, name):
    expected = _facts(claims["bulletin.txt"])
    assert len(expected) >= 60
    assert (578100000, "yuan", "money") in [row[:3] for row in expected]        # 57810 under 单位：万元
    assert _facts(claims[name]) == expected


@pytest.mark.parametrize("name", SAME)
def test_offsets_index_the_text_as_read(claims, name):
    text = rm.read_document(DATA / name).text
    frame = claims[name]
    assert all(text[s:e] == t for s, e, t in zip(frame["start"], frame["end"], frame["text"]))
    assert all(text[s0:s0 + len(c)] == c for s0, c in _contexts(text, frame))


def _contexts(text: str, frame: pd.DataFrame):
    for start, context in zip(frame["start"], frame["context"]):
        yield text.rfind(context, max(0, start - len(context)), start + len(context)), context


def test_text_of_each_format_is_the_plain_text_rendering():
    txt = (DATA / "bulletin.txt").read_text(encoding="utf-8").rstrip("\n")
    assert read_document(DATA / "bulletin.docx").text == txt
    pdf = read_document(DATA / "bulletin.pdf").text
    assert "".join(pdf.split()) == "".join(txt.split())           # reportlab's full-width spaces read as spaces
    assert pdf.count("\n") == txt.count("\n")                      # lines of paragraphs run on, page numbers gone
    assert read_document(DATA / "office.pdf").text.replace("\f", "") == txt


def test_tables_reach_the_table_stage_as_rows_of_cells():
    for name in SAME:
        lines = read_document(DATA / name).text.split("\n")
        assert "地区生产总值\t亿元\t812.6\t5.4" in lines                # a ruled table in the PDF
        assert "社会消费品零售总额\t亿元\t356.2\t6.1" in lines          # its label over two lines there
        assert "社会保障和就业支出\t96230\t13.9%" in lines                # unruled in the PDF, caption merged in Word


def test_pages():
    pdf = rm.extract_files(DATA / "bulletin.pdf")
    text = read_document(DATA / "bulletin.pdf").text
    assert text.count("\f") == 2 and text.endswith("\f")          # every page ends with a form feed
    assert pdf["page"].dtype == "Int64" and list(pdf["page"]) == sorted(pdf["page"])
    page = dict(zip(pdf["text"], pdf["page"]))
    assert page["812.6亿元"] == 1 and page["386.4亿元"] == 2 and page["5.5%以内"] == 2
    # a paragraph runs over the page break (…增长36.5%；集成电路产量1.9亿块，增长12.8%。): the sentence ending on
    # page 2 counts for page 1, the next for page 2
    assert page["36.5%"] == page["12.8%"] == 1 and page["418.7亿元"] == 2
    office = rm.extract_files(DATA / "office.pdf")
    assert list(office["page"]) == sorted(office["page"]) and set(office["page"]) == {1, 2}
    for name in ("bulletin.txt", "bulletin.docx"):
        assert rm.extract_files(DATA / name)["page"].isna().all()


def test_a_sentence_never_holds_a_page_break(claims):
    assert not any("\f" in c.strip("\f") for c in claims["bulletin.pdf"]["context"])


@pytest.mark.parametrize("name", BAD)
def test_a_broken_file_is_named_with_its_reason(name):
    with pytest.raises(ReadError) as err:
        read_document(DATA / "bad" / name)
    assert re.fullmatch(BAD[name], err.value.reason), err.value.reason
    assert str(err.value).startswith(str(DATA / "bad" / name))


def test_a_partly_scanned_pdf_is_read_with_a_note():
    doc = read_document(DATA / "notes" / "part_scanned.pdf")
    assert doc.note == "no text layer on page 2 (scanned? no OCR was done)"
    assert list(rm.extract(doc.text)["text"]) == ["1.86万户", "7.2%"]


def test_a_pdf_restricted_without_a_password_is_read():
    doc = read_document(DATA / "notes" / "restricted.pdf")
    assert "812.6亿元" in doc.text and doc.note is None


@pytest.mark.parametrize("module, suffix, extra", [("pdfplumber", "pdf", "pdf"), ("docx", "docx", "docx")])
def test_a_missing_reader_names_the_pip_install(monkeypatch, module, suffix, extra):
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(ReadError) as err:
        read_document(DATA / f"bulletin.{suffix}")
    assert err.value.reason.endswith(f"not installed: pip install 'reformmetrics[{extra}]'")


def test_extract_files_and_read_documents_read_every_format_and_name_the_broken():
    errors = []
    frame = rm.extract_files(DATA, on_error=errors.append)
    assert sorted(Path(e.path).name for e in errors) == sorted(BAD)
    assert set(frame["doc_id"]) == {*SAME, "part_scanned.pdf", "restricted.pdf"}
    docs = rm.read_documents(DATA).set_index("doc_id")
    assert docs.loc["bulletin.pdf", "title"] == "岚溪市2025年国民经济和社会发展统计公报暨年度主要指标完成情况"
    assert docs.loc["bulletin.docx", "date"] == "2026-03-20"
    assert {name: docs.loc[name, "error"] for name in BAD} == {
        name: err.reason for name, err in ((Path(e.path).name, e) for e in errors)}


def test_the_command_line_names_broken_files_exits_1_and_writes_the_rest(tmp_path, capsys):
    out = tmp_path / "claims.csv"
    assert cli.main(["extract", str(DATA), "-q", "-o", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert sorted(err) == sorted(f"reformmetrics: {DATA / 'bad' / name}: {reason}" for name, reason in
                                 ((n, read_reason(n)) for n in BAD))
    assert set(pd.read_csv(out)["doc_id"]) == {*SAME, "part_scanned.pdf", "restricted.pdf"}


def read_reason(name: str) -> str:
    try:
        read_document(DATA / "bad" / name)
    except ReadError as err:
        return err.reason
    raise AssertionError(f"{name} was read")


def test_formats_flow_through_the_dask_path():
    dask = pytest.importorskip("dask")
    from reformmetrics.dask import claims_dask

    paths = [DATA / name for name in SAME[:3]]
    with dask.config.set(scheduler="sync"):
        got = claims_dask(paths, files_per_partition=2).compute()
    by = ["doc_id", "start"]
    pd.testing.assert_frame_equal(got.sort_values(by).reset_index(drop=True),
                                  rm.extract_files(paths).sort_values(by).reset_index(drop=True))
    assert got.loc[got["doc_id"] == "bulletin.pdf", "page"].notna().all()


def _chars(*words: tuple[str, float]) -> list[dict]:
    """Characters of 12-point words set from the given x positions, 12 points apart."""
    return [{"text": ch, "x0": x + 12 * i, "x1": x + 12 * (i + 1), "top": 0.0, "bottom": 12.0, "size": 12.0}
            for word, x in words for i, ch in enumerate(word)]


@pytest.mark.parametrize("words, text", [
    ([("指标", 0), ("2025年", 60), ("增长", 150)], "指标\t2025年\t增长"),       # gaps wider than a character: cells
    ([(ch, 30 * i) for i, ch in enumerate("政府工作报告")], "政府工作报告"),    # letter-spaced: one title
    ([("379", 0), ("家", 60), ("较", 100), ("2018", 140), ("年", 210), ("底", 250)], "379家较2018年底"),  # justified wide
    ([("项目", 0), ("家", 60), ("1126", 100)], "项目\t家\t1126"),              # a row: 项目 is set tight
    ([("GDP", 0), ("growth", 42)], "GDP growth"),                              # a narrow gap between Latin words
    ([("⼀季度地区⽣产总值", 0)], "一季度地区生产总值"),                          # Kangxi radicals some fonts map to
])
def test_gaps_in_a_pdf_line(words, text):
    from reformmetrics.formats import _line

    assert _line(_chars(*words)).text == text


def test_pdf_and_word_files_have_a_limit_of_their_own(monkeypatch):
    from reformmetrics import io

    monkeypatch.setattr(io, "MAX_BYTES", 10)                    # the limit of text files
    assert read_document(DATA / "bulletin.docx").text
    monkeypatch.setattr(io, "MAX_FORMAT_BYTES", 10)
    with pytest.raises(ReadError, match=r"file too large \(0 MB; the limit is 0 MB\)"):
        read_document(DATA / "bulletin.pdf")


@pytest.mark.parametrize("cells, text", [
    ([(0, 0, 140, 12), (140, 0, 300, 12)], "地区生产总值\t812.6 亿元"),   # ruled cells; a gap inside one is a space
    ([(0, 0, 300, 12)], "地区生产总值\t812.6\t亿元"),                       # ruled in rows only: gaps make the cells
])
def test_cells_of_a_ruled_pdf_table(cells, text):
    from types import SimpleNamespace

    from reformmetrics.formats import _table_lines

    row = SimpleNamespace(bbox=(0, 0, 300, 12), cells=cells)
    lines = _table_lines(SimpleNamespace(rows=[row]), _chars(("地区生产总值", 0), ("812.6", 150), ("亿元", 240)))
    assert [line.text for line in lines] == [text]
