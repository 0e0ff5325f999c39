"""PDF and Word files as text: paragraphs rejoined, tables as rows of tab-separated cells, pages ended by form feeds.

The text follows the conventions of the text files the extractor reads: one line per paragraph, heading,
caption or table row, a row's cells separated by tabs. A PDF's text ends each page with a form feed
(\\f, as pdftotext does), so that a claim's page is one plus the form feeds before it; a sentence that
runs over a page break counts for the page it starts on (its form feed stands before its closing mark).
Word files have no pages and no form feeds.

PDF is read with pdfplumber (``pip install 'reformmetrics[pdf]'``), Word with python-docx
(``pip install 'reformmetrics[docx]'``); both are imported on first use.
"""
from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass

#: where a missing reader comes from
EXTRAS = {"pdfplumber": "pdf", "docx": "docx"}
#: a sentence ends here; a page break inside a paragraph is moved to the end of the next sentence
_SENTENCE_END = re.compile(r"[。！？!?]")
#: a line that only numbers the page (- 3 -, 第3页, 3/12, 第 3 页 共 12 页)
_PAGE_NUMBER = re.compile(r"[-—–－_·\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／]\s*\d{1,4}|\s*[,，]?\s*共\s*\d{1,4}\s*页)?"
                          r"[-—–－_·\s]*")
#: a gap between two characters of a line wider than this many font sizes separates table cells
CELL_GAP = 1.0
#: slack (in font sizes) when asking whether what a line starts with would have fitted at the end of the line before
RUN_ON = 0.5
_ASCII_WORD = re.compile(r"[A-Za-z]")
#: a line that ends a sentence, and a line that opens with a list marker or a caption (三、 （二） 3. 第四章 表1
#: 附件): a new paragraph
_ENDS = re.compile(r"[。！？!?：:；;]$")
_MARKER = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?!\d)"
                     r"|第[一二三四五六七八九十百\d]+[章节条部分篇]|附?[表图][一二三四五六七八九十\d]+|附件")
#: characters of a Latin word or a number, which a line is never broken in
_LATIN = re.compile(r"[A-Za-z0-9.,%+\-/]+")
#: what a line starts with that could not have ended the line before: a Latin word or number, or one character
#: with the punctuation that may not start a line after it and may not end one before it (米， （一）)
_CLOSING = "，。、；：！？）)》」』】”’%％…,.;:!?]"
_LEAD = re.compile(rf"[（(《「『【“‘\[]*(?:[!-~]+|.)[{re.escape(_CLOSING)}]*")
_HAN = re.compile(r"[\u3400-\u9fff]")
#: Kangxi radicals and CJK compatibility ideographs, which some PDF fonts map their glyphs to (⽣ for 生, ⼀ for 一)
_RADICAL = re.compile(r"[\u2e80-\u2fdf\uf900-\ufaff]")
#: the first bytes of an OLE2 compound file: Word 97-2003 documents, and encrypted Office files
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FormatError(ValueError):
    """A PDF or Word file that cannot be read; str() is the reason, for a person."""


def _need(module: str, what: str):
    """The reader module, or a FormatError naming the pip install that brings it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise FormatError(f"reading {what} needs {module}, which is not installed: "
                          f"pip install 'reformmetrics[{EXTRAS[module]}]'") from None


def read(suffix: str, data: bytes) -> tuple[str, str | None]:
    """(text, note) of a .pdf or .docx file's bytes; raises FormatError with the reason it cannot be read."""
    return READERS[suffix](data)


# ---------------------------------------------------------------- PDF

@dataclass
class _Line:
    """A line of a page: its text (cells tab-separated), where it lies and its font size."""
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float                 # 0 for a table row
    lead: float = 0.0           # width of what it starts with that could not end the line before (_LEAD)
    core: float = 0.0           # where it ends but for closing punctuation, which may hang past the margin
    left: float = 0.0           # the page's left and right margins (of its prose)
    right: float = 0.0

    @property
    def row(self) -> bool:
        return "\t" in self.text


def read_pdf(data: bytes) -> tuple[str, str | None]:
    """Text of a PDF (see the module docstring); a PDF with no text on any page is an error (no OCR is done)."""
    pdfplumber = _need("pdfplumber", "PDF")
    logging.getLogger("pdfminer").setLevel(logging.ERROR)       # its warnings on sloppy files are not ours to show
    if not data.lstrip()[:5] == b"%PDF-":
        raise FormatError("not a PDF file (no %PDF header)")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_read_page(page) for page in pdf.pages]
    except Exception as exc:  # noqa: BLE001  (pdfminer raises many kinds on broken files)
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if "Password" in type(cause).__name__ or "Encrypt" in type(cause).__name__:
            raise FormatError("encrypted PDF: a password is needed to open it") from None
        raise FormatError(f"corrupt PDF ({type(cause).__name__}: {cause})".replace(": )", ")")) from None
    if not any(page.chars for page in pages):
        raise FormatError("no text layer (a scanned PDF? no OCR was done)")
    unmapped = sum(page.unmapped for page in pages)
    if unmapped == sum(page.chars for page in pages):
        raise FormatError("no readable text: its fonts map no character to Unicode (no OCR was done)")
    scanned = [i + 1 for i, page in enumerate(pages) if page.images and not page.chars]
    notes = [f"no text layer on page{'s' * (len(scanned) > 1)} {_ranges(scanned)} (scanned? no OCR was done)"
             if scanned else "", f"{unmapped} characters with no Unicode mapping left out" if unmapped else ""]
    lines = _without_running_lines([page.lines for page in pages])
    whole = _margins([line for page in lines for line in page])
    margins = [_margins([line for page in lines[parity::2] for line in page]) for parity in (0, 1)]
    # odd and even pages keep margins of their own (a book's mirrored margins) where their lines are as wide
    margins = [m if m[1] - m[0] >= 0.9 * (whole[1] - whole[0]) else whole for m in margins]
    paragraphs = [_paragraphs(page, *margins[i % 2]) for i, page in enumerate(lines)]
    return _assemble(paragraphs), "; ".join(filter(None, notes)) or None


@dataclass
class _Page:
    """What a PDF page gave: its lines, how many characters it has (and how many of them map to no Unicode
    character), whether it shows images."""
    lines: list
    chars: int
    unmapped: int
    images: bool


def _read_page(page) -> _Page:
    chars = page.chars
    mapped = [c for c in chars if not c["text"].startswith("(cid:")]
    result = _Page(_page_lines(page, mapped), len(chars), len(chars) - len(mapped), bool(page.images))
    page.close()                                     # pdfplumber keeps every page's objects until closed
    return result


def _without_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Pages without their running headers and footers: a first or last line of a page that, its digits aside,
    is the first or last line of at least half the pages (two at least) and holds a word, such as 岚溪市人民政府公报
    2026年第4期 (not a figure that happens to end pages of a table set one cell a line)."""
    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text)

    edges = Counter(key(line) for lines in pages for line in {id(x): x for x in lines[:1] + lines[-1:]}.values()
                    if not line.row)
    running = {k for k, n in edges.items() if n >= max(2, len(pages) / 2) and re.search(r"[^\W\d_]", k)}
    out = []
    for lines in pages:
        lines = lines[1:] if lines and not lines[0].row and key(lines[0]) in running else lines
        out.append(lines[:-1] if lines and not lines[-1].row and key(lines[-1]) in running else lines)
    return out


def _ranges(numbers: list[int]) -> str:
    """1, 3-5, 9"""
    out, start = [], numbers[0]
    for a, b in zip(numbers, numbers[1:] + [None]):
        if b != a + 1:
            out.append(f"{start}-{a}" if a > start else str(a))
            start = b
    return ", ".join(out)


def _page_lines(page, chars: list[dict]) -> list[_Line]:
    """The lines of a page from top to bottom: ruled tables as one line per row, the other characters grouped
    by baseline; a page number at the top or bottom is dropped."""
    tables = [t for t in page.find_tables() if len(t.rows) >= 2]
    chars = [c for c in chars if c.get("upright", True) and c["text"]]
    inside = [[c for c in chars if _inside(c, t.bbox)] for t in tables]
    held = {id(c) for cs in inside for c in cs}
    lines = _text_lines([c for c in chars if id(c) not in held])
    while lines and _PAGE_NUMBER.fullmatch(lines[-1].text):
        lines.pop()
    while lines and _PAGE_NUMBER.fullmatch(lines[0].text):
        lines.pop(0)
    for table, cs in zip(tables, inside):
        lines.extend(_table_lines(table, cs))
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines


def _inside(char, box) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _text_lines(chars: list[dict]) -> list[_Line]:
    """Characters grouped into lines (those whose middles lie within the first one's height), left to right."""
    groups: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        middle = (c["top"] + c["bottom"]) / 2
        if groups and groups[-1][0]["top"] <= middle <= groups[-1][0]["bottom"]:
            groups[-1].append(c)
        else:
            groups.append([c])
    lines = (_line(sorted(g, key=lambda c: c["x0"])) for g in groups)
    return [line for line in lines if line is not None]


def _line(chars: list[dict]) -> _Line | None:
    """One line's text (None if blank): a wide gap between two characters separates cells (a tab), unless
    the gaps spread the whole line (every cell one character, or no two Chinese characters side by side: a
    letter-spaced title, 政 府 工 作 报 告, or a justified line stretched wide); a narrower gap between two
    Latin letters or digits is a space. `lead` is the width of what it starts with (see _LEAD)."""
    ink = [i for i, c in enumerate(chars) if c["text"].strip()]
    if not ink:
        return None
    chars = chars[ink[0]:ink[-1] + 1]
    size = statistics.median(c["size"] for c in chars)
    parts, han = [chars[0]["text"]], []
    for prev, c in zip(chars, chars[1:]):
        gap = c["x0"] - prev["x1"]
        if _HAN.match(prev["text"]) and _HAN.match(c["text"]):
            han.append(gap > CELL_GAP * size)
        if gap > CELL_GAP * size:
            parts.append("\t")
        elif gap > 0.2 * size and _LATIN.fullmatch(prev["text"] + c["text"]):
            parts.append(" ")
        parts.append(c["text"])
    text = _RADICAL.sub(_ideograph, "".join(parts))
    if text.count("\t") >= 2 and (all(len(cell) == 1 for cell in text.split("\t")) or len(han) >= 2 and all(han)):
        text = text.replace("\t", "")
    lead = len(_LEAD.match(text).group()) if len(text) == len(chars) else 1    # a char per character unless gaps
    core = next((c["x1"] for c in reversed(chars) if c["text"] not in _CLOSING), chars[-1]["x1"])
    return _Line(text, chars[0]["x0"], chars[-1]["x1"], min(c["top"] for c in chars),
                 max(c["bottom"] for c in chars), size, chars[lead - 1]["x1"] - chars[0]["x0"], core)


def _ideograph(m: re.Match) -> str:
    """The unified ideograph a radical or compatibility ideograph stands for (NFKC), when it is one character."""
    folded = unicodedata.normalize("NFKC", m.group())
    return folded if len(folded) == 1 else m.group()


def _table_lines(table, chars: list[dict]) -> list[_Line]:
    """A ruled table as one line per row, its cells' text (lines of a cell run together, read as the page's
    lines are) separated by tabs; a cell merged into the one before it is empty. A table ruled in rows only
    (one cell a row) keeps the cells its gaps make."""
    out = []
    for row in table.rows:
        in_row = [c for c in chars if _inside(c, row.bbox)]
        gap = " " if len(row.cells) > 1 else "\t"
        texts = [_join([line.text for line in _text_lines([c for c in in_row if _inside(c, cell)])])[0]
                 .replace("\t", gap) if cell else "" for cell in row.cells]
        out.append(_Line("\t".join(texts).strip("\t"), row.bbox[0], row.bbox[2], row.bbox[1], row.bbox[3], 0.0))
    return [line for line in out if line.text]


def _join(parts: list[str]) -> tuple[str, list[int]]:
    """Lines of one paragraph or cell as one (Chinese runs on with no space, Latin words are kept apart), and
    the offset in it where each line ends."""
    pieces, ends, length = [], [], 0
    for part in (p.strip() for p in parts):
        if pieces and part and _ASCII_WORD.match(pieces[-1][-1:]) and _ASCII_WORD.match(part[0]):
            part = " " + part
        pieces.append(part)
        length += len(part)
        ends.append(length)
    return "".join(pieces), ends


def _margins(lines: list[_Line]) -> tuple[float, float]:
    """The left and right margins of the prose of some pages (the odd or the even ones, which a book's
    mirrored margins set apart): where lines start, and where they end but for closing punctuation."""
    prose = [line for line in lines if line.size and not line.row]
    if not prose:
        return 0.0, 0.0
    size = statistics.median(line.size for line in prose)
    return _margin([line.x0 for line in prose], size), -_margin([-line.core for line in prose], size)


def _paragraphs(lines: list[_Line], left: float, right: float) -> list[_Line]:
    """Lines of prose that run on (the line reaches the right margin, the next is not indented and no farther
    below than lines usually are on the page) joined into one; table rows stay as they are."""
    prose = [line for line in lines if line.size and not line.row]
    spacing = statistics.median([b.top - a.bottom for a, b in zip(prose, prose[1:])] or [0.0])
    groups: list[list[_Line]] = []
    for line in lines:
        line.left, line.right = left, right
        last = groups[-1][-1] if groups else None
        if last and _runs_on(last, line) and line.top - last.bottom <= spacing + 0.25 * line.size:
            groups[-1].append(line)
        else:
            groups.append([line])
    return [g[0] if len(g) == 1 else _Line(_join([x.text for x in g])[0], g[0].x0, g[-1].x1, g[0].top, g[-1].bottom,
                                           g[0].size, g[0].lead, g[-1].core, left, right) for g in groups]


def _margin(edges: list[float], size: float) -> float:
    """The smallest edge that another line shares within half a font size (a line sticking out alone, such as
    a long caption, is no margin), else the smallest."""
    edges = sorted(edges)
    return next((a for a, b in zip(edges, edges[1:]) if b - a <= 0.5 * size), edges[0])


def _runs_on(prev: _Line, line: _Line) -> bool:
    """Whether `line` continues the paragraph `prev` ends with: both prose in one font size, and `line` opening
    with a closing mark (no line starts with ” or ， but where one runs on), or `prev` reaching its page's right
    margin (or what `line` starts with would not have fitted there) and `line` starting at its page's left
    margin (not indented) or, after a line that ends no sentence, centred as `prev` is (a long title); unless
    `prev` ends a sentence and `line` opens with a list marker."""
    if not (prev.size and line.size and not prev.row and not line.row and abs(prev.size - line.size) <= 0.1 * prev.size):
        return False
    if line.text[0] in _CLOSING and not line.text[0].isascii():
        return True
    if prev.x1 + line.lead < prev.right - RUN_ON * prev.size:
        return False
    if _ENDS.search(prev.text):
        return not _MARKER.match(line.text) and line.x0 <= line.left + 0.5 * line.size
    middle = (line.left + line.right) / 2
    return line.x0 <= line.left + 0.5 * line.size or all(abs((x.x0 + x.x1) / 2 - middle) <= 0.25 * x.size
                                                         for x in (prev, line))


def _assemble(pages: list[list[_Line]]) -> str:
    """The lines of all pages as one text, each page ended by a form feed; a paragraph that runs on over a
    page break is one line, its form feed at the end of the first sentence that ends on the next page."""
    paragraphs: list[tuple[list[str], list[int]]] = []   # each line's parts, and the parts a page ends after
    for k, page in enumerate(pages):
        for j, line in enumerate(page):
            if j == 0 and k and pages[k - 1] and paragraphs and _runs_on(pages[k - 1][-1], line):
                paragraphs[-1][0].append(line.text)
            else:
                paragraphs.append(([line.text], []))
        if not paragraphs:
            paragraphs.append(([""], []))
        paragraphs[-1][1].append(len(paragraphs[-1][0]) - 1)
    return "\n".join(_with_breaks(*_join(parts), breaks) for parts, breaks in paragraphs)


def _with_breaks(text: str, ends: list[int], breaks: list[int]) -> str:
    """`text` with a form feed for each page that ends after part `breaks[i]`: before the mark of the first
    sentence end at or after the break (within that sentence; a form feed at the start of the next would
    join it), else at the end."""
    out, last = [], 0
    for b in breaks:
        at = ends[b]
        m = _SENTENCE_END.search(text, max(at - 1, last)) if at < len(text) else None
        pos = m.start() if m else len(text)
        out.append(text[last:pos] + "\f")
        last = pos
    return "".join(out) + text[last:]


# ---------------------------------------------------------------- Word

def read_docx(data: bytes) -> tuple[str, str | None]:
    """Text of a .docx: its paragraphs and tables in document order, one line per paragraph and table row."""
    docx = _need("docx", "Word files")
    if data.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise FormatError("encrypted Word file: a password is needed to open it")
        raise FormatError("a Word 97-2003 .doc file named .docx: save it as .docx (or .txt) to read it")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FormatError("corrupt .docx (not a ZIP package)")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001  (python-docx raises KeyError, ValueError, lxml errors …)
        raise FormatError(f"corrupt .docx or not a Word document ({type(exc).__name__}: {exc})") from None
    from docx.table import Table

    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_docx_rows(block))
        else:
            lines.append(block.text)
    return "\n".join(lines), None


def _docx_rows(table) -> list[str]:
    """A Word table as one line per row; a row that is one merged cell is a line of its own (a caption)."""
    out = []
    for row in table.rows:
        cells = row.cells
        texts = [_join(cell.text.split("\n"))[0].replace("\t", " ") for cell in cells]
        if all(cell._tc is cells[0]._tc for cell in cells):
            texts = texts[:1]
        out.append("\t".join(texts))
    return out


READERS = {".pdf": read_pdf, ".docx": read_docx}
