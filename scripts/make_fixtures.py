"""Write the PDF and Word fixtures of tests/data/formats/ (and larger copies for benchmarks/formats.py).

    python scripts/make_fixtures.py            # needs reportlab, python-docx, Pillow, pypdf; LibreOffice optional

One invented bulletin is rendered four ways: as plain text (paragraphs on their own lines, table rows
with tab-separated cells); as a Word file laid out as government documents are (16-point type, justified
paragraphs with a first-line indent, the page number a field in the footer, real tables); as a PDF made
by reportlab (its built-in STSong-Light CID font, not embedded; A5 pages with a running header and a
page number in the footer; a ruled table whose row labels wrap over two lines, an unruled one; a paragraph running over a
page break); and as office.pdf, the Word file printed by LibreOffice when it is installed (A4, fonts
embedded as subsets with a Unicode map, as an office suite writes them; kept as committed otherwise).
Beside them, in bad/, the inputs that cannot be read: a password-protected PDF, a corrupt PDF, a scanned
PDF (an image, no text layer), a PDF whose font maps no character to Unicode, a Word 97-2003 file named
.docx and a corrupt .docx; in notes/, a PDF whose second page is scanned (read, with a note) and one
encrypted with an empty user password that forbids copying (read: no password is needed to open it).
reportlab writes its PDFs with its `invariant` option (the same bytes every run).
"""
from __future__ import annotations

import io
import random
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "formats"
FONT = "STSong-Light"

#: the bulletin: ("h", heading), ("p", paragraph) or ("table", caption, rows, ruled); a table that is not
#: ruled has no grid lines in the PDF and its caption in a merged first row in the Word file
BULLETIN = [
    ("h", "岚溪市2025年国民经济和社会发展统计公报暨年度主要指标完成情况"),     # long: centred over two lines in the PDF
    ("h", "岚溪市统计局　2026年3月20日"),
    ("h", "一、综合"),
    ("p", "初步核算，全年全市地区生产总值812.6亿元，按不变价格计算，比上年增长5.4%。其中，第一产业增加值"
          "41.3亿元，增长3.1%；第二产业增加值325.8亿元，增长6.2%；第三产业增加值445.5亿元，增长5.0%。"),
    ("p", "年末全市户籍人口97.35万人，比上年末减少0.42万人。"
          "全年城镇新增就业3.6万人，城镇调查失业率为5.1%。"),
    ("table", "表1　2025年主要指标及其增长速度", [
        ["指标", "单位", "2025年", "比上年增长（%）"],
        ["地区生产总值", "亿元", "812.6", "5.4"],
        ["一般公共预算收入", "亿元", "63.8", "4.7"],
        ["社会消费品零售总额", "亿元", "356.2", "6.1"],
        ["城镇新增就业", "万人", "3.6", "-2.7"],
        ["规模以上工业企业", "家", "1126", "5.4"],
    ], True),
    ("h", "二、农业"),
    ("p", "全年粮食总产量38.6万吨，增长2.4%。新建高标准农田4.5万亩，累计建成68.2万亩。"),
    ("h", "三、工业和建筑业"),
    ("p", "全年规模以上工业增加值比上年增长7.3%。年末规模以上工业企业1126家，比上年末净增58家。"
          "全年新能源汽车产量2.48万辆，增长36.5%；集成电路产量1.9亿块，增长12.8%。"
          "全年建筑业总产值418.7亿元，增长3.9%；房屋施工面积2865万平方米，下降4.1%。"
          "全年规模以上工业企业营业收入2146.3亿元，增长5.9%；利润总额118.6亿元，下降3.4%。"),
    ("h", "四、固定资产投资"),
    ("p", "全年固定资产投资比上年增长4.9%。其中，基础设施投资增长8.6%，占全部投资的比重为31.5%；"
          "民间投资下降2.3%。全年新开工亿元以上项目214个，完成投资386.4亿元。"),
    ("table", "表2　2025年民生支出（单位：万元）", [
        ["项目", "金额", "占比"],
        ["教育支出", "128460", "18.5%"],
        ["社会保障和就业支出", "96230", "13.9%"],
        ["卫生健康支出", "57810", "8.3%"],
    ], False),
    ("h", "五、人民生活"),
    ("p", "全年全体居民人均可支配收入46852元，比上年增长5.6%。其中，城镇居民人均可支配收入58309元，"
          "增长4.8%；农村居民人均可支配收入27416元，增长6.9%。城乡居民收入比由2.21缩小到2.13。"),
    ("h", "六、2026年主要预期目标"),
    ("p", "2026年主要预期目标是：地区生产总值增长5%左右，一般公共预算收入增长4%，"
          "城镇新增就业3.5万人以上，城镇调查失业率控制在5.5%以内。"),
]


def render_text(blocks=BULLETIN) -> str:
    """The plain-text rendering: one line per heading, paragraph, caption and table row (cells tab-separated)."""
    lines = []
    for block in blocks:
        if block[0] == "table":
            lines.append(block[1])
            lines.extend("\t".join(row) for row in block[2])
        else:
            lines.append(block[1])
    return "\n".join(lines) + "\n"


def _styles():
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=18, wordWrap="CJK", firstLineIndent=22)
    heading = ParagraphStyle("heading", parent=body, firstLineIndent=0, spaceBefore=4)
    title = ParagraphStyle("title", parent=heading, fontSize=13, leading=22, alignment=TA_CENTER)
    return title, heading, body


#: the running header of the bulletin's PDF
HEADER = "岚溪市人民政府公报　2026年第4期"


def _page_marks(canvas, doc, header: str | None = HEADER):
    """A running header (naming the gazette and its issue) and a page number in the footer as government PDFs
    print it (- 2 -)."""
    canvas.saveState()
    canvas.setFont(FONT, 9)
    if header:
        canvas.drawString(40, doc.pagesize[1] - 26, header)
    canvas.drawCentredString(doc.pagesize[0] / 2, 24, f"- {doc.page} -")
    canvas.restoreState()


def make_pdf(blocks, path: Path, encrypt: str | None = None, header: str | None = HEADER) -> None:
    """The blocks as an A5 PDF: paragraphs wrapped CJK-style, tables ruled, a running header (unless None) and
    a page number on each page."""
    from functools import partial
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    title, heading, body = _styles()
    story = []
    for i, block in enumerate(blocks):
        if block[0] == "table":
            story.append(Paragraph(escape(block[1]), heading))
            rows = block[2]
            if block[3]:       # row labels wrap in a narrow first column: one cell over two lines
                cell = ParagraphStyle("cell", fontName=FONT, fontSize=9.5, leading=12, wordWrap="CJK")
                rows = [[Paragraph(escape(row[0]), cell), *row[1:]] for row in rows]
            table = Table(rows, hAlign="LEFT", colWidths=[72] + [None] * (len(rows[0]) - 1) if block[3] else None)
            grid = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if block[3] else []
            table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9.5), ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                                       *grid]))
            story.append(table)
        else:
            story.append(Paragraph(escape(block[1]), title if i == 0 else heading if block[0] == "h" else body))
    marks = partial(_page_marks, header=header)
    SimpleDocTemplate(str(path), pagesize=A5, invariant=1, encrypt=encrypt, leftMargin=40, rightMargin=40,
                      topMargin=40, bottomMargin=48).build(story, onFirstPage=marks, onLaterPages=marks)


def make_docx(blocks, path: Path) -> None:
    """The blocks as a Word file laid out as a government document (16-point 仿宋, paragraphs justified with a
    first-line indent of two characters, the page number in the footer as a field: - 1 -); tables as Word
    tables with grid lines (the caption of a table that is not ruled in the PDF in a merged first row)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    normal.font.name = "FangSong"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    normal.paragraph_format.space_after = Pt(0)
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer.add_run("- ")
    footer._p.append(field)
    footer.add_run(" -")
    for block in blocks:
        if block[0] == "table":
            rows = block[2] if block[3] else [[block[1]] * len(block[2][0]), *block[2]]
            if block[3]:
                document.add_paragraph(block[1])
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for row, values in zip(table.rows, rows):
                for cell, value in zip(row.cells, values):
                    cell.text = value
            if not block[3]:
                first = table.rows[0].cells
                first[0].merge(first[-1]).text = block[1]
        else:
            paragraph = document.add_paragraph(block[1])
            if block[0] == "p":
                paragraph.paragraph_format.first_line_indent = Pt(32)
                paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    document.core_properties.title = blocks[0][1][:255]               # Word allows no longer title
    document.save(path)


def office_pdf(docx_path: Path, path: Path) -> bool:
    """`docx_path` printed to PDF by LibreOffice, as an office suite prints a Word file (fonts embedded as
    subsets with a Unicode map); False when LibreOffice is not installed."""
    import shutil
    import subprocess
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return False
    with tempfile.TemporaryDirectory() as work:
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", work, str(docx_path)],
                       check=True, capture_output=True, timeout=300)
        shutil.move(Path(work, docx_path.with_suffix(".pdf").name), path)
    return True


def make_scanned_pdf(path: Path, first_page: str | None = None) -> None:
    """A PDF whose page is an image (a scan), with no text layer; after a page of text when one is given."""
    from PIL import Image
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    rng = random.Random(14)
    image = Image.new("L", (60, 80))
    image.putdata([rng.choice((0, 255)) for _ in range(60 * 80)])
    canvas = Canvas(str(path), pagesize=A5, invariant=1)
    if first_page:
        _styles()
        canvas.setFont(FONT, 11)
        canvas.drawString(40, 500, first_page)
        canvas.showPage()
    canvas.drawImage(ImageReader(image), 60, 200, width=300, height=400)
    canvas.showPage()
    canvas.save()


def unmapped_pdf() -> bytes:
    """A PDF whose font (Identity-H, not embedded) has no ToUnicode map: its text layer reads as CIDs only."""
    content = b"BT /F1 12 Tf 72 500 Td <00010002000300040005> Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Song /DW 1000 /FontDescriptor 7 0 R"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
        b"<< /Type /FontDescriptor /FontName /Song /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800"
        b" /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def restrict(source: Path, path: Path) -> None:
    """`source` encrypted with an empty user password, copying and changes forbidden (as many government PDFs
    are); pypdf encrypts it, for reportlab leaves the strings of inline font dictionaries unreadable."""
    import pypdf
    from pypdf.constants import UserAccessPermissions as Allowed

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128",
                   permissions_flag=Allowed.all() & ~Allowed.EXTRACT & ~Allowed.MODIFY)
    writer.write(path)


#: the first bytes of an OLE2 compound file (Word 97-2003 .doc), padded to a sector
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "bulletin.txt").write_text(render_text(), encoding="utf-8")
    make_pdf(BULLETIN, out / "bulletin.pdf")
    make_docx(BULLETIN, out / "bulletin.docx")
    if not office_pdf(out / "bulletin.docx", out / "office.pdf"):
        print("office.pdf kept as it is: LibreOffice (soffice) is not installed to print it again")
    bad = out / "bad"
    bad.mkdir(exist_ok=True)
    from reportlab.lib.pdfencrypt import StandardEncryption
    make_pdf(BULLETIN[:4], bad / "encrypted.pdf", encrypt=StandardEncryption("lanxi", ownerPassword="owner"))
    good = (out / "bulletin.pdf").read_bytes()
    (bad / "corrupt.pdf").write_bytes(good[:9] + bytes(reversed(good[9:400])))
    make_scanned_pdf(bad / "scanned.pdf")
    (bad / "no_unicode.pdf").write_bytes(unmapped_pdf())
    (bad / "old_word.docx").write_bytes(OLE2)
    buffer = io.BytesIO()
    make_docx(BULLETIN[:4], buffer)
    (bad / "corrupt.docx").write_bytes(buffer.getvalue()[:300])
    notes = out / "notes"
    notes.mkdir(exist_ok=True)
    make_scanned_pdf(notes / "part_scanned.pdf", "全年新增市场主体1.86万户，增长7.2%。")
    restrict(out / "bulletin.pdf", notes / "restricted.pdf")
    for path in sorted(out.rglob("*.*")):
        print(f"{path.relative_to(out)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
