"""Claims in tables: rows of cells separated by tabs, runs of spaces or |, with units in the headers."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

import regex

from .quantities import CLASSIFIERS, MEASURES, Quantity
from .tables import alternation
from .numbers import SECTIONS

_CELL = regex.compile(r"[^\s|]+")
#: in a line with | or tabs, a cell runs between them and may hold spaces (绝 对 数 (亿元))
_DELIMITED_CELL = regex.compile(r"[^|\t]*[^|\t\s][^|\t]*")
_SEPARATOR = regex.compile(r"[\t|]|\s")
_MAX_CELL = 30
_NUMBER = regex.compile(r"[-+]?\d[\d,]*(?:\.\d+)?(%)?")
_IN_PARENS = regex.compile(r"[(（]([^)）]{1,8})[)）]")
#: a header ending in a unit: %, a multiplied unit (万人, 亿元), or a measure that is no word's last character
#: the way classifiers are (元, 吨, 公顷: but 自然人, 事项, 农户 end in classifiers)
_HEADER_KINDS = {"money", "area", "length", "mass", "volume", "power", "energy", "percent", "concentration"}
_TRAILING_UNIT = regex.compile(
    rf"(%|[万亿千]+(?:{alternation(list(MEASURES) + CLASSIFIERS)})"
    rf"|{alternation(k for k, (_, kind) in MEASURES.items() if kind in _HEADER_KINDS and k.strip())})$")
#: a header counting in a classifier (本年制发件数, 参保人数): the classifier
_COUNTED = regex.compile(rf"({alternation(CLASSIFIERS)})数$")
_DECLARED = regex.compile(r"^(?:计量)?单位[:：]\s*")
_YEAR = regex.compile(r"(?:19|20)\d{2}年(?:\d{1,2}(?:-\d{1,2})?月)?|(?:上|下)半年|前三季度|[一二三四]季度")
#: a column of rates of change (增长%, 同比): percent; of differences (增减, 变化): in the row's unit
_CHANGE = regex.compile(r"增长|增速|增幅|同比|比上年|±")
_DIFFERENCE = regex.compile(r"增减|变化|变动|增量|差值|较上年")
_UNIT_HEADER = {"单位", "计量单位"}
_CAPTION = regex.compile(r"(?:计量|金额)?单位[:：]\s*([^)）\s,，;；]{1,6})")
_STUB = regex.compile(r"([^:：]{1,20})[:：](.+)")
#: a list marker opening a row label (一、 (二) 3.)
_MARKER = regex.compile(r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.](?!\d))")
_SKIP_HEADER = {"序号", "编号", "排名", "行次", "年份", "年度", "日期", "时间", "代码", "电话", "邮编", "文号"}


def claims(view: str, found: list[Quantity]) -> list[Quantity]:
    """Quantities written as bare numbers in table cells, given their column or row header's unit.

    Quantities already `found` inside a cell get the cell's row label and column header as subject.
    """
    out: list[Quantity] = []
    for block in _blocks(view):
        line = view.rfind("\n", 0, block[0][0][0]) + 1
        caption = view[view.rfind("\n", 0, max(line - 1, 0)) + 1:line]
        out.extend(_block_claims(block, found, _caption_unit(caption + view[line:block[0][-1][1]])))
    return out


def _cells(line: str, pos: int) -> list[tuple[int, int, str]]:
    """The cells of a line split at | and tabs where it has them, else at spaces, as (start, end, text)."""
    if "|" not in line and "\t" not in line:
        return [(pos + m.start(), pos + m.end(), m.group(0)) for m in _CELL.finditer(line)]
    out = []
    for m in _DELIMITED_CELL.finditer(line):
        text = m.group(0)
        start = m.start() + len(text) - len(text.lstrip())
        out.append((pos + start, pos + start + len(text.strip()), text.strip()))
    return out


def _blocks(view: str):
    """Runs of two or more lines with the same number (two or more) of cells, one of them a bare number;
    the first line may have one cell fewer (a header with no cell over the row labels)."""
    block, pos, kind = [], 0, None
    for line in view.split("\n"):
        cells = _cells(line, pos) if _SEPARATOR.search(line.strip()) else []
        width = len(block[-1]) + (len(block) == 1) if block else 0
        delimited = "|" in line or "\t" in line               # lines split at | or tabs, or at spaces
        if len(cells) >= 2 and (not block or len(cells) in (len(block[-1]), width) and delimited == kind) \
                and all(len(c[2]) <= _MAX_CELL for c in cells):
            block.append(cells)
        else:
            if _is_table(block):
                yield block
            block = [cells] if len(cells) >= 2 else []
        kind = delimited if block else None
        pos += len(line) + 1
    if _is_table(block):
        yield block


def _is_table(block) -> bool:
    return len(block) >= 2 and any(_is_number(c[2]) for row in block[1:] for c in row)


def _is_number(cell: str) -> bool:
    return bool(_NUMBER.fullmatch(cell))


def _unit_of(header: str) -> tuple[Decimal, str | None, str] | None:
    """(multiplier, unit, kind) a header names (地区生产总值(亿元), 增长%), or None."""
    m = _IN_PARENS.search(header) or _TRAILING_UNIT.search(header) or _COUNTED.search(header)
    if not m:
        return (Decimal(1), "percent", "percent") if _CHANGE.search(header) else None
    surface, mult = _DECLARED.sub("", m.group(1)), Decimal(1)
    while surface not in MEASURES and surface[0] in SECTIONS | {"千": 1000} and len(surface) > 1:
        mult *= SECTIONS.get(surface[0], 1000)
        surface = surface[1:]
    if surface in MEASURES:
        unit, kind = MEASURES[surface]
        return mult, unit, kind
    if surface in CLASSIFIERS:
        return mult, surface, "count"
    return None


def _column_header(header: list[str] | None, i: int, width: int) -> str:
    """The header over cell i of a row `width` cells wide (headers one cell short sit over the right)."""
    if not header or len(header) not in (width, width - 1):
        return ""
    i -= width - len(header)
    return header[i].replace(" ", "") if i >= 0 else ""


def _header(cells) -> list[str] | None:
    """The column headers a row with no number in it states; a stub before a colon (行政复议:结果维持 结果纠正)
    heads every column."""
    if any(_is_number(c[2]) for c in cells):
        return None
    texts = [c[2] for c in cells]
    if m := _STUB.fullmatch(texts[0]):
        texts = [m.group(1) + m.group(2)] + [m.group(1) + t for t in texts[1:]]
    return texts


def _caption_unit(text: str) -> tuple[Decimal, str | None, str] | None:
    """The unit a table's caption or header line declares (…执行表(单位:万元)), or None."""
    m = _CAPTION.search(text)
    return _unit_of(f"({m.group(1)})") if m else None


def _block_claims(block, found: list[Quantity], declared=None) -> list[Quantity]:
    header = _header(block[0])
    out = []
    for cells in block[1:] if header else block:
        if (again := _header(cells)) is not None:
            header = again                                    # a second table under the first, with its own header
            continue
        unit_col = next((i for i, h in enumerate(header or []) if h in _UNIT_HEADER), None)
        label = _MARKER.sub("", next((c[2] for c in cells if not _is_number(c[2])), ""))
        row_unit = _unit_of(label)
        if unit_col is not None and unit_col < len(cells):
            row_unit = _unit_of(f"({cells[unit_col][2]})") or row_unit
        for i, (start, end, cell) in enumerate(cells):
            col = _column_header(header, i, len(cells))
            subject = "".join(x for x in (_IN_PARENS.sub("", label), _IN_PARENS.sub("", col)) if x and not _YEAR.fullmatch(x))
            inside = [q for q in found if start <= q.start and q.end <= end]
            for q in inside:
                q.subject = subject
            m = _NUMBER.fullmatch(cell)
            if not m or inside or col in _SKIP_HEADER:
                continue
            unit = (Decimal(1), "percent", "percent") if m.group(1) else (_unit_of(col) or row_unit)
            if unit is None and header:
                unit = declared or (Decimal(1), None, "count")              # 行政复议:结果维持 … / 4 1 2 0 7: a count in no unit
            difference = bool(_DIFFERENCE.search(col)) and not _CHANGE.search(col)
            if difference and not m.group(1) and row_unit is not None:
                unit = (row_unit[0], "percentage_point", "percentage_point") if row_unit[1] == "percent" else row_unit
            if unit is None:
                continue
            try:
                number = Decimal(cell.rstrip("%").replace(",", ""))
            except InvalidOperation:
                continue
            mult, unit_name, kind = unit
            q = Quantity(start, end, number * mult, kind, unit_name, None, multiplier=mult,
                         num_start=start, num_end=end)
            q.role = "change" if _CHANGE.search(col) or difference else "level"
            q.direction = ("down" if number < 0 else "up") if q.role == "change" else None
            q.subject = subject
            q.extra["period"] = next((x for x in (col, label) if _YEAR.fullmatch(x)), None)
            out.append(q)
    return out
