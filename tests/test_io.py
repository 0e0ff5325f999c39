"""Reading documents: encodings, broken files, HTML, metadata, finding files in folders and globs."""
from __future__ import annotations

import os

import pytest

import reformmetrics as rm
from reformmetrics import io

SAMPLE = "发布日期:2019-12-22\n全区新增企业318家,较2018年年底增长37.28%。\n审批时限由20个工作日压缩至5个工作日。\n"


def write(path, data: bytes | str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# ---------------------------------------------------------------- encodings

ENCODINGS = [  # (case, bytes, text read back, encoding recorded)
    ("utf-8", SAMPLE.encode("utf-8"), SAMPLE, "utf-8"),
    ("utf-8 with BOM", b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), SAMPLE, "utf-8-sig"),
    ("utf-16 LE BOM", SAMPLE.encode("utf-16"), SAMPLE, "utf-16-le"),
    ("utf-16 BE BOM", b"\xfe\xff" + SAMPLE.encode("utf-16-be"), SAMPLE, "utf-16-be"),
    ("gbk", SAMPLE.encode("gbk"), SAMPLE, "gb18030"),
    ("gb2312", SAMPLE.encode("gb2312"), SAMPLE, "gb18030"),
    ("gb18030 four-byte", ("䶮" + SAMPLE).encode("gb18030"), "䶮" + SAMPLE, "gb18030"),
    ("short gbk", "增长5%".encode("gbk"), "增长5%", "gb18030"),
    ("crlf gbk", SAMPLE.replace("\n", "\r\n").encode("gbk"), SAMPLE.replace("\n", "\r\n"), "gb18030"),
    ("ascii", b"plain 42%", "plain 42%", "utf-8"),
]


@pytest.mark.parametrize("case,data,text,encoding", ENCODINGS, ids=[c[0] for c in ENCODINGS])
def test_encodings_are_detected_and_recorded(tmp_path, case, data, text, encoding):
    doc = io.read_document(write(tmp_path / "doc.txt", data))
    assert doc.text == text
    assert doc.encoding == encoding
    assert not doc.text.startswith("\ufeff")


def test_offsets_of_decoded_gbk_text_index_the_text(tmp_path):
    write(tmp_path / "gbk.txt", SAMPLE.encode("gbk"))
    claims = rm.extract_files(tmp_path)
    assert len(claims) > 0
    for row in claims.itertuples():
        assert SAMPLE[row.start:row.end] == row.text


# ---------------------------------------------------------------- broken files

def _symlink_loop(tmp_path):
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    return tmp_path / "a.txt"


BROKEN = [  # (case, make(tmp_path) -> path, reason)
    ("binary", lambda t: write(t / "x.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary file (NUL bytes)"),
    ("pdf named txt", lambda t: write(t / "x.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00"), "binary file (NUL bytes)"),
    ("undecodable", lambda t: write(t / "x.txt", bytes(range(128, 256)) * 4), "cannot decode as UTF-8/GB18030/UTF-16"),
    ("bad utf-16 after BOM", lambda t: write(t / "x.txt", b"\xff\xfe\x00\xd8"), "despite its byte order mark"),
    ("missing", lambda t: t / "nothere.txt", "no such file"),
    ("glob without match", lambda t: t / "*.nothing", "no file matches"),
    ("folder", lambda t: (t / "sub").mkdir() or t / "sub", "is a folder"),
    ("symlink loop", _symlink_loop, "too many levels of symbolic links"),
    ("broken symlink", lambda t: os.symlink(t / "gone.txt", t / "x.txt") or t / "x.txt", "no such file"),
]


@pytest.mark.parametrize("case,make,reason", BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_files_give_a_read_error_with_a_reason(tmp_path, case, make, reason):
    path = make(tmp_path)
    with pytest.raises(io.ReadError) as err:
        io.read_document(path)
    assert reason in err.value.reason
    assert str(err.value) == f"{path}: {err.value.reason}"


def test_too_large_files_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(io, "MAX_BYTES", 10)
    with pytest.raises(io.ReadError, match="file too large"):
        io.read_document(write(tmp_path / "x.txt", SAMPLE))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_permission_denied(tmp_path):
    path = write(tmp_path / "x.txt", SAMPLE)
    path.chmod(0)
    with pytest.raises(io.ReadError, match="permission denied"):
        io.read_document(path)


NOTED = [  # (case, file name, bytes, text, note)
    ("empty", "x.txt", b"", "", "empty file"),
    ("truncated utf-8", "x.txt", SAMPLE.encode("utf-8") + "增".encode("utf-8")[:2], SAMPLE,
     "truncated UTF-8 character at end of file dropped"),
    ("html without text", "x.html", b"<html><script>var a = 1;</script></html>", "", "no text in file"),
    ("clean", "x.txt", SAMPLE.encode("utf-8"), SAMPLE, None),
]


@pytest.mark.parametrize("case,name,data,text,note", NOTED, ids=[c[0] for c in NOTED])
def test_readable_oddities_are_noted(tmp_path, case, name, data, text, note):
    doc = io.read_document(write(tmp_path / name, data))
    assert (doc.text, doc.note) == (text, note)


def test_iter_documents_reports_bad_files_and_goes_on(tmp_path):
    write(tmp_path / "a.txt", SAMPLE)
    write(tmp_path / "b.txt", b"\x00\x01")
    write(tmp_path / "c.txt", SAMPLE.encode("gbk"))
    items = list(io.iter_documents([tmp_path, tmp_path / "missing.txt"]))
    assert [type(i).__name__ for i in items] == ["Document", "ReadError", "Document", "ReadError"]
    assert [io.document_record(i).get("error") for i in items] == [
        None, "binary file (NUL bytes)", None, "no such file"]


# ---------------------------------------------------------------- finding files

def test_folders_are_walked_recursively_sorted_skipping_hidden_and_other_files(tmp_path):
    for name in ["b.txt", "a.md", "sub/c.html", "sub/d.htm", "sub/deeper/e.TXT", ".hidden.txt",
                 ".git/f.txt", "notes.doc", "image.png", "sub/report.PDF", "sub/reply.docx"]:
        write(tmp_path / name, SAMPLE)
    assert [p.relative_to(tmp_path).as_posix() for p in io.iter_paths(tmp_path)] == [
        "a.md", "b.txt", "sub/c.html", "sub/d.htm", "sub/deeper/e.TXT", "sub/reply.docx", "sub/report.PDF"]


def test_symlinked_folders_are_followed_without_looping(tmp_path):
    write(tmp_path / "docs" / "a.txt", SAMPLE)
    write(tmp_path / "other" / "b.txt", SAMPLE)
    os.symlink(tmp_path / "docs", tmp_path / "docs" / "loop")
    os.symlink(tmp_path / "other", tmp_path / "docs" / "link")
    found = [p.relative_to(tmp_path / "docs").as_posix() for p in io.iter_paths(tmp_path / "docs")]
    assert found == ["a.txt", "link/b.txt"]


GLOBS = [  # (pattern relative to tmp_path, files found)
    ("*.txt", ["a.txt", "b.txt"]),
    ("**/*.md", ["m.md", "sub/n.md"]),
    ("sub", ["sub/n.md", "sub/s.txt"]),
    ("s*", ["sub/n.md", "sub/s.txt"]),
    ("zz*.txt", ["zz*.txt"]),
]


@pytest.mark.parametrize("pattern,found", GLOBS, ids=[g[0] for g in GLOBS])
def test_globs(tmp_path, pattern, found):
    for name in ["a.txt", "b.txt", "m.md", "sub/n.md", "sub/s.txt"]:
        write(tmp_path / name, SAMPLE)
    assert [p.relative_to(tmp_path).as_posix() for p in io.iter_paths(str(tmp_path / pattern))] == found


def test_a_file_named_twice_is_read_once(tmp_path):
    write(tmp_path / "a.txt", SAMPLE)
    assert len(io.iter_paths([tmp_path, tmp_path / "a.txt", str(tmp_path / "*.txt")])) == 1


def test_doc_ids_are_file_names_made_unique_by_relative_paths(tmp_path):
    for name in ["x/report.txt", "y/report.txt", "y/other.txt"]:
        write(tmp_path / name, SAMPLE)
    ids = [d.doc_id for d in io.iter_documents(tmp_path)]
    assert ids == ["x/report.txt", "other.txt", "y/report.txt"]
    claims = rm.extract_files(tmp_path)
    assert set(claims["doc_id"]) == set(ids)


# ---------------------------------------------------------------- metadata

TXT_META = [  # (text, title, date)
    (SAMPLE, "发布日期:2019-12-22", "2019-12-22"),
    ("现场直击:坪山区重点改革\n来源:深圳新闻网\n发布日期:2019-12-22 19:13\n", "现场直击:坪山区重点改革", "2019-12-22"),
    ("\n\n   标题  \n2020年3月5日 发布\n", "标题", "2020-03-05"),
    ("标题\n" + "正文\n" * 12 + "2020-01-01\n", "标题", None),
    ("标题\n于2019-13-45召开\n", "标题", None),
    ("标题\n" + "正文\n" * 12 + "发布时间:2021年1月2日\n", "标题", "2021-01-02"),
    ("", None, None),
]


@pytest.mark.parametrize("text,title,date", TXT_META)
def test_text_title_and_date(tmp_path, text, title, date):
    doc = io.read_document(write(tmp_path / "x.txt", text))
    assert (doc.title, doc.date) == (title, date)


def test_markdown_title_drops_heading_marks(tmp_path):
    assert io.read_document(write(tmp_path / "x.md", "## 改革 进展\n\n正文")).title == "改革 进展"


# ---------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}">
<title> 坪山区 改革&amp;发布会 </title>
<meta property="article:published_time" content="2019-12-22T19:13:00+08:00">
<style>p {{ color: red }}</style><script>var n = "999家";</script></head>
<body><div class="nav">首页 &gt; 新闻</div>
<h1>改革成效</h1>
<p>全区新增企业318家,
   较2018年年底增长37.28%。</p><p>审批时限由20个工作日压缩至5个工作日&#12290;</p>
<table><tr><th>指标</th><th>数值</th></tr><tr><td>企业</td><td>318家</td></tr></table>
<ul><li>一</li><li>二<br>三</li></ul><!-- 777家 --></body></html>"""

PAGE_TEXT = ("首页 > 新闻\n\n改革成效\n\n全区新增企业318家, 较2018年年底增长37.28%。\n\n审批时限由20个工作日压缩至5个工作日。\n\n"
             "指标\t数值\n企业\t318家\n\n一\n二\n三")


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_html_text_title_and_date(tmp_path, encoding):
    doc = io.read_document(write(tmp_path / "page.html", PAGE.format(charset=encoding).encode(encoding)))
    assert doc.text == PAGE_TEXT
    assert (doc.title, doc.date) == ("坪山区 改革&发布会", "2019-12-22")
    assert doc.encoding == ("utf-8" if encoding == "utf-8" else "gb18030")


HTML_DATES = [  # (head markup, body text, date)
    ('<meta name="PubDate" content="2020-05-06 10:00">', "正文", "2020-05-06"),
    ('<meta name="pubdate" content="2020年5月6日">', "正文", "2020-05-06"),
    ('<meta name="date" content="2020/05/06">', "正文", "2020-05-06"),
    ("", "<div>来源:深圳新闻网 发布日期:2019-12-22 19:13</div><p>正文</p>", "2019-12-22"),
    ('<meta name="keywords" content="2020-05-06">', "正文", None),
]


@pytest.mark.parametrize("head,body,date", HTML_DATES)
def test_html_dates(tmp_path, head, body, date):
    page = f"<html><head>{head}<title>T</title></head><body>{body}</body></html>"
    assert io.read_document(write(tmp_path / "p.htm", page)).date == date


def test_claims_of_html_index_the_extracted_text(tmp_path):
    write(tmp_path / "page.html", PAGE.format(charset="utf-8"))
    claims = rm.extract_files(tmp_path)
    assert {"318家", "37.28%"} <= set(claims["text"])
    assert "999家" not in set(claims["text"]) and "777家" not in set(claims["text"])
    for row in claims.itertuples():
        assert PAGE_TEXT[row.start:row.end] == row.text
