"""Claims in tables: rows of cells split at tabs, | or runs of spaces, or tables printed one cell a line, whose
units come from the column or row headers or from a unit line above the table (tables in lang/zh/grids.toml)."""
from __future__ import annotations

import bisect
import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from itertools import accumulate, takewhile

import regex

from .numbers import SECTIONS
from .quantities import CLASSIFIERS, MEASURES, Quantity
from .tables import alternation, table
from .text_units import BLANKS, line_starts

_COLUMNS, _ROWS = table("grids")["columns"], table("grids")["rows"]
#: words of a column header that turn its period (本年累计, 上年同期): read by the period stage (lang/zh/periods.toml)
_TURNS = table("periods")["columns"]
_PERIOD_WORD = re.compile(alternation(w for words in _TURNS.values() for w in words))

Cell = tuple[int, int, str]

_MAX_CELL = 30
#: a number as a cell holds it, perhaps broken by PDF extraction after its sign or point (-5. 1, 2231. 15)
_NUMBER = re.compile(r"([-+]?) ?(\d[\d,]*(?:\. ?\d+)?) ?(%)?")
_BROKEN = re.compile(r"[-+]?\d[\d,]*\.|[-+]")
_EMPTY = re.compile(alternation(_ROWS["empty"]))
_PART = re.compile(rf"(?:{alternation(_ROWS['part'])})[{BLANKS}]*")
#: a short note in parentheses ((万元), (亿元)), and what it holds
_IN_PARENS = re.compile(r"[(（]([^)）]{1,8})[)）]")
#: a header ending in a unit: %, a multiplied unit (万人, 亿元), or a measure that is no word's last character
#: the way classifiers are (元, 吨, 公顷: but 自然人, 事项, 农户 end in classifiers)
_HEADER_KINDS = {"money", "area", "length", "mass", "volume", "power", "energy", "percent", "concentration"}
_TRAILING_UNIT = re.compile(
    rf"(%|[万亿千]+(?:{alternation(list(MEASURES) + CLASSIFIERS)})"
    rf"|{alternation(k for k, (_, kind) in MEASURES.items() if kind in _HEADER_KINDS and k.strip())})$")
#: a header counting in a classifier (本年制发件数, 参保人数): the classifier
_COUNTED = re.compile(rf"({alternation(CLASSIFIERS)})数$")
_NOT_COUNTED = re.compile(rf"(?:{alternation(_COLUMNS['not_counted'])})$")
_DECLARED = re.compile(rf"^(?:计量)?单位[:：][{BLANKS}]*")
_YEAR = re.compile(
    r"(?:19|20)\d{2}(?:年(?:\d{1,2}(?:-\d{1,2})?月)?)?|\d{1,2}(?:-\d{1,2})?月|(?:上|下)半年|前三季度|[一二三四]季度")
#: a year opening a header (2025年目标, 2027年目标值, 2024年完成): the column's period; not one the words after it
#: turn (2023年末, 2023年度, 2023年上半年, 2023年同期)
_LEAD_YEAR = re.compile(r"(?:19|20)\d{2}年(?:\d{1,2}(?:-\d{1,2})?月)?(?![\d末底初度上下前后全半一二三四第同以])")
_CHANGE = re.compile(alternation(_COLUMNS["change"]))
_FALL = re.compile(alternation(_COLUMNS["fall"]))
_DIFFERENCE = re.compile(alternation(_COLUMNS["difference"]))
_ROW_CHANGE = re.compile(alternation(_ROWS["change"]))
_ROW_FALL = re.compile(alternation(_ROWS["fall"]))
_SHARE = re.compile(alternation(_COLUMNS["share"]))
_UNIT_HEADER = set(_COLUMNS["unit"])
_SKIP_HEADER = set(_COLUMNS["skip"])
_RANK = re.compile(alternation(_COLUMNS["rank"]))
_TARGET = re.compile(alternation(_COLUMNS["target"]))
_TABLE_NUMBER = re.compile(rf"(?:{alternation(_ROWS['caption'])})[{BLANKS}]*[\d一二三四五六七八九十]+")
#: a unit line or caption (单位:万元、%; …执行表(单位:万元)): the units of the columns in order
_CAPTION = re.compile(rf"(?:计量|金额)?单位[:：][{BLANKS}]*([^)）;；\n]{{1,24}})")
_UNIT_LIST = re.compile(rf"[、,，/{BLANKS}]+")
_STUB = re.compile(r"([^:：]{1,20})[:：](.+)")
#: a list marker opening a row label (一、 (二) 3.)
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.](?!\d))")
_TOKEN = re.compile(rf"[^{BLANKS}]+")
_FIGURE_TOKEN = re.compile(rf"(?<![^{BLANKS}])[-+]?\d[\d,.]*%?(?![^{BLANKS}])")
_DELIMITER = re.compile(r"[|\t]")
#: space between two tokens of a line (a line of one token and no | starts no table)
_INNER_SPACE = re.compile(rf"(?=[{BLANKS}])(?<=[^{BLANKS}])[{BLANKS}]+(?=[^{BLANKS}])")     # (a blank first: quicker)
#: a word (between blanks or |) of a number in a cell: every such number holds one with a digit
_FIGURE_WORD = re.compile(r"[-+\d,.%]*\d[-+\d,.%]*")
#: a digit, which every number in a cell holds
_DIGIT = re.compile(r"\d")
#: a line that is a sentence, not a table cell
_PROSE = re.compile(r"[。;；!?！？，]|,(?!\d{3})")
_HAN = regex.compile(r"\p{Han}")
_RULE = re.compile(r"[-:]+")
_YEAR_NUMBER = re.compile(r"(?:19|20)\d{2}")
_PERCENT = (Decimal(1), "percent", "percent")
_MULTIPLIERS = SECTIONS | {"千": 1000}
_CLASSIFIERS = frozenset(CLASSIFIERS)
#: what a line's text is stripped of at its ends: blanks (all below U+3001) and |
_EDGE = frozenset(filter(str.isspace, map(chr, range(0x3001)))) | {"|"}
#: how much of each of the two lines above a table is read for a caption or unit line
_CAPTION_CHARS = 120


def claims(view: str, found: list[Quantity]) -> list[Quantity]:
    """Quantities written as bare numbers in table cells, given their column or row header's unit.

    Quantities already `found` inside a cell get the cell's row label and column header as subject.
    """
    inside = _Found(found)
    lines, starts = view.split("\n"), line_starts(view)      # (the starts kept for the stages after)
    out: list[Quantity] = []
    for block, caption, over in [*_lined_blocks(lines, starts, inside), *_stacked_blocks(lines, starts, inside)]:
        out.extend(_block_claims(block, inside, caption, over))
    return out


class _Found:
    """The quantities found in the text, looked up by the span of a cell (sorted when first looked up: most texts
    hold no line that may be a cell)."""

    def __init__(self, found: list[Quantity]):
        self.given, self.found, self.starts = found, None, None

    def within(self, start: int, end: int) -> list[Quantity]:
        if self.found is None:
            self.found = sorted(self.given, key=lambda q: q.start)
            self.starts = [q.start for q in self.found]
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.found) and self.found[i].start < end:
            if self.found[i].end <= end:
                out.append(self.found[i])
            i += 1
        return out


def _is_number(cell: str) -> bool:
    return bool(_NUMBER.fullmatch(cell))


def _is_unit(cell: str) -> bool:
    """Whether a cell is a unit alone (亿元, %, 个), as in a column of units."""
    return len(cell) <= 4 and _surface_unit(cell) is not None


# ---------------------------------------------------------------- tables of many cells a line

def _split(line: str, pos: int) -> tuple[bool, list[Cell | None]]:
    """(delimited, cells) of a line: split at | and tabs where it has them (an empty cell is None, outer | are
    borders), else at runs of spaces, joining words spaced out evenly (指 标, 合    计), unit parentheses
    (增加值 (亿元)), part leads (其中: 第一产业) and numbers broken after their point (2231. 15); in a row of
    figures whose columns wider gaps part, words one space apart are one cell (交通运输 仓储和邮政业  33.6)."""
    if _DELIMITER.search(line.strip()):
        bounds = [-1] + [m.start() for m in _DELIMITER.finditer(line)] + [len(line)]
        cells: list[Cell | None] = []
        for a, b in zip(bounds, bounds[1:]):
            text = line[a + 1:b]
            lead, start = len(text) - len(text.lstrip()), pos + a + 1
            cells.append((start + lead, start + len(text.rstrip()), text.strip()) if text.strip() else None)
        if cells and cells[0] is None and line.lstrip().startswith("|"):
            cells.pop(0)
        while cells and cells[-1] is None:
            cells.pop()
        return True, cells
    cells, spaced, wide = [], [], "  " in line.strip() and bool(_FIGURE_TOKEN.search(line))
    for m in _TOKEN.finditer(line):
        start, end, text = pos + m.start(), pos + m.end(), m.group()
        single = len(text) == 1 and bool(_HAN.match(text))
        prev = cells[-1] if cells else None
        gap = start - prev[1] if prev else 0
        if prev and single and spaced[-1] is not None and spaced[-1] in (0, gap):
            spaced[-1] = gap                               # 指 标, 合    计: letters spaced evenly
        elif prev and (_IN_PARENS.fullmatch(text) or _PART.fullmatch(prev[2]) or gap == 1 and (
                _BROKEN.fullmatch(prev[2]) and text[0].isdigit()
                or wide and _HAN.match(text) and _HAN.match(prev[2][-1]))):
            spaced[-1] = None
        else:
            cells.append((start, end, text))
            spaced.append(0 if single else None)
            continue
        cells[-1] = (prev[0], end, line[prev[0] - pos:end - pos])
    return False, cells


def _lined_blocks(lines: list[str], starts: list[int], found: _Found):
    """Runs of lines of two or more cells that make a table, as (rows, the two lines above and the first row,
    the two lines above). Lines split at spaces have as many cells as the table's first row with a figure (a
    label split at a space joined again), the header rows above it any number; lines split at | or tabs may be
    ragged; blank lines, a line of one label (a group: 其中:) and a line of dashes (a rule) stay inside."""
    # the lines that may open a table, leapt between (quick: a printable line with no " " or | is one cell)
    opening = [i for i, line in enumerate(lines)
               if ("|" in line or " " in line or not line.isprintable()) and _may_open(line)]
    block, kind, width, caption, last, over, i, stop = [], None, None, "", 0, "", 0, 0
    while i < len(lines):
        if not block:
            k = bisect.bisect_left(opening, i)
            if k == len(opening):
                break
            i = opening[k]
            if stop <= i:                                  # quick: the first line below with a figure, or too wide
                stop = next((j for j in range(i + 1, len(lines)) if _halts(lines[j])), len(lines))
            if stop == len(lines) or _wide(lines[stop]):   # no figure below the first row before the table closes
                i = stop + 1
                continue
        line, pos = lines[i], starts[i]
        i += 1
        if not line.strip():
            continue
        if _wide(line):                                    # quick: no cell of it fits, so it closes the table
            if _is_table(block):
                yield block, caption, over
            block = []
            continue
        delimited, cells = _split(line, pos)
        if not delimited and block and kind is False:
            cells = _join_label(cells, [width] if width else [len(block[-1]), len(block[-1]) + 1], line, pos, found)
        filled = [c for c in cells if c]
        fits = len(filled) >= 2 and all(len(c[2]) <= _MAX_CELL for c in filled) \
            and not any(_CAPTION.search(c[2]) for c in filled[1:]) and not _TABLE_NUMBER.match(filled[0][2])
        rule = bool(filled) and all(_RULE.fullmatch(c[2]) for c in filled)
        group = len(filled) == 1 and len(filled[0][2]) <= _MAX_CELL and not _is_number(filled[0][2]) \
            and not _CAPTION.search(line) and not _TABLE_NUMBER.match(filled[0][2])
        if block and width and (rule or group):
            if group:
                block.append(cells)
        elif block and width is None and kind is False and (wrapped := _wrapped(filled, block[-1], pos, last)):
            block[-1] = wrapped
        elif block and fits and delimited == kind and (delimited or width in (None, len(cells))):
            block.append(cells)
            width = width or (len(cells) if _has_value(filled, found) else None)
            if width is None:
                del block[:-2]                             # at most two header rows above the first figures
        else:
            if _is_table(block):
                yield block, caption, over
            block, kind = ([cells], delimited) if fits and not rule else ([], None)
            width = len(cells) if block and _has_value(filled, found) else None
            if block:
                above = _above(lines, i - 1)
                caption, over = "\n".join(above + [line]), "\n".join(above)
        last = pos
    if _is_table(block):
        yield block, caption, over


def _above(lines: list[str], i: int) -> list[str]:
    """The two lines above line i that are not blank ("" for none), each its last _CAPTION_CHARS characters."""
    found = []
    while i > 0 and len(found) < 2:
        i -= 1
        if lines[i].strip():
            found.append(lines[i][-_CAPTION_CHARS:])
    return ["", "", *reversed(found)][-2:]


def _may_open(line: str) -> bool:
    """Whether a line may open a table: two or more cells (split at | and tabs where it has a |, else at blanks
    between tokens), none wider than a cell."""
    if "|" in line:
        return sum(1 for cell in line.replace("\t", "|").split("|") if cell.strip()) >= 2 and not _wide(line)
    return bool(_INNER_SPACE.search(line)) and not _wide(line)


def _halts(line: str) -> bool:
    """Whether a line holds a figure standing alone (a number between blanks or |, as a figure in a cell is) or
    is too wide for a cell (_wide)."""
    return any(_FIGURE_WORD.fullmatch(word) or len(word) > _MAX_CELL and word.strip("-:")
               for word in line.replace("|", " ").split())


def _wide(line: str) -> bool:
    """Whether a line holds a word (letters between blanks or |) longer than a cell and no rule (----), so that
    none of its cells fits a table, a group or a header."""
    return any(len(word) > _MAX_CELL and word.strip("-:") for word in line.replace("|", " ").split())


def _wrapped(cells: list[Cell], row: list[Cell | None], pos: int, last: int) -> list[Cell] | None:
    """A header row whose words wrapped onto the next line (比上年 over 增长(%)), each word joined to the header
    cell it stands under (the last one starting left of it); None when the line is no such continuation (more
    cells than the row, a figure, a word left of the row)."""
    heads = [c for c in row if c]
    if not cells or len(cells) >= len(heads) or any(_is_number(c[2]) or len(c[2]) > _MAX_CELL for c in cells):
        return None
    out = list(heads)
    for c in cells:
        k = max((i for i, h in enumerate(heads) if h[0] - last <= c[0] - pos + 1), default=None)
        if k is None:
            return None
        out[k] = (out[k][0], c[1], out[k][2] + c[2])
    return out


def _join_label(cells: list[Cell], widths: list[int], line: str, pos: int, found: _Found) -> list[Cell]:
    """A row of figures whose label was split at a space (交通运输 仓储和邮政业 33.6 2.4) with its label's cells
    joined, when that makes it as wide as the table (the first of `widths` that fits); other rows as they are."""
    t = next((k for k, c in enumerate(cells) if _EMPTY.fullmatch(c[2]) or _has_value([c], found)), 0)
    if t < 2 or len(cells) - t + 1 not in widths:
        return cells
    return [(cells[0][0], cells[t - 1][1], line[cells[0][0] - pos:cells[t - 1][1] - pos])] + cells[t:]


def _is_table(block) -> bool:
    """Two or more rows, a bare number in a row below the first."""
    return len(block) >= 2 and any(c and _is_number(c[2]) for row in block[1:] for c in row)


def _has_value(cells: list[Cell], found: _Found) -> bool:
    """Whether a row holds a figure: a bare number, or a quantity found in its cell."""
    return any(_is_number(c[2]) or found.within(c[0], c[1]) for c in cells)


# ---------------------------------------------------------------- tables of one cell a line

def _stacked_blocks(lines: list[str], starts: list[int], found: _Found):
    """Tables printed one cell a line (a page's table flattened: 指标 | 绝对数 | … then each row's label and
    its numbers, blank lines between allowed; a unit in parentheses on a line of its own belongs to the cell
    above), as (rows, caption text, caption text)."""
    # quick: a line longer than a cell with letters at both ends is no cell and ends a run, so the lines between
    # two such are read only when four or more are not empty (a table is two rows of a label and a value)
    narrow = [k for k, line in enumerate(lines)
              if line and (len(line) <= _MAX_CELL or line[0] in _EDGE or line[-1] in _EDGE)]
    filled = list(accumulate(map(bool, lines), initial=0))          # how many lines before each are not empty
    group: list[int] = []
    for k in [*narrow, len(lines)]:
        if group and (k == len(lines) or filled[k] > filled[group[-1] + 1]):       # a wider line between
            if len(group) >= 4:
                yield from _stacked_run(lines, starts, group, found)
            group = []
        group.append(k)


def _stacked_run(lines: list[str], starts: list[int], group: list[int], found: _Found):
    """The tables in lines no wider than a cell (cells, or lines of prose ending a run) with blank lines between."""
    run: list[Cell] = []
    for i in group:
        text = (line := lines[i]).strip().strip("|").strip()
        if text and _lone_cell(text):
            lead = starts[i] + line.find(text)
            if run and _IN_PARENS.fullmatch(text) and not _is_number(run[-1][2]):
                run[-1] = (run[-1][0], lead + len(text), run[-1][2] + text)   # 绝对数 / (万元): one header
            else:
                run.append((lead, lead + len(text), text))
        elif text:
            if len(run) >= 4:                              # quick: a table is two rows of a label and a value
                yield from _stacked_tables(run, found)
            run = []
    if len(run) >= 4:
        yield from _stacked_tables(run, found)


def _lone_cell(text: str) -> bool:
    """Whether a line's text may be a cell of a table printed one cell a line: short, no | or tab, no sentence
    (a unit line may be one), not a row of cells holding figures."""
    return len(text) <= _MAX_CELL and "|" not in text and "\t" not in text \
        and not (_PROSE.search(text) and not _CAPTION.match(text)) \
        and (" " not in text and text.isprintable() or not _DIGIT.search(text) or _is_number(text)  # quick: one token
             or not any(_is_number(c[2]) for c in _split(text, 0)[1]))


def _stacked_tables(run: list[Cell], found: _Found):
    """The tables in a run of one-cell lines: a header of as many cells as a row (or one fewer) naming a unit
    or a column of units, or under a unit line, or over rows whose labels name their units (工业增加值(亿元)),
    then rows of a label and its values (numbers, figures found whole in a cell, empty marks, the row's unit in
    a unit column); a label with no values before another row's label (其中:) is a group."""
    number = [_is_number(c[2]) or bool(_EMPTY.fullmatch(c[2])) or _is_unit(c[2]) or any(
        (q.start, q.end) == c[:2] for q in found.within(c[0], c[1])) for c in run]
    i = done = 0
    while i < len(run) - 1:
        if number[i] or not number[i + 1]:
            i += 1
            continue
        rows, j = [], i
        while j < len(run):
            k = j + 1
            while k < len(run) and number[k]:
                k += 1
            if k > j + 1:
                rows.append(run[j:k])
            elif not (k + 1 < len(run) and not number[k] and number[k + 1]):
                break
            j = k
        width = Counter(len(r) for r in rows).most_common(1)[0][0]
        k = i
        while k > done and not number[k - 1]:
            k -= 1
        titles = [c for c in run[k:i] if not _CAPTION.match(c[2])]
        header = titles[-width:]
        heads = set(header)
        caption = "\n".join(c[2] for c in run[k:i] if c not in heads)
        if len(rows) >= 2 and len(header) >= width - 1 and (
                _declared(caption) or any(_unit_of(c[2]) for c in header) or _units_below(header, rows, width)):
            yield [header] + rows, caption, caption
        i = done = j


def _units_below(header: list[Cell], rows: list[list[Cell]], width: int) -> bool:
    """Whether a header naming no unit stands over rows that name theirs: in a column of units (单位) whose
    cells are units, or in every row's label (工业增加值(亿元)) under a header whose first cell is no year
    (a header that would be shifted by a column of words right of the figures: 属性 / 预期性)."""
    shift = width - len(header)
    col = next((n + shift for n, c in enumerate(header) if c[2] in _UNIT_HEADER), None)
    if col is not None:
        return all(col < len(r) and _is_unit(r[col][2]) for r in rows)
    return not (shift == 0 and _YEAR.fullmatch(header[0][2])) and \
        all(_IN_PARENS.search(r[0][2]) and _unit_of(r[0][2]) for r in rows)


# ---------------------------------------------------------------- units and claims

def _unit_of(header: str) -> tuple[Decimal, str | None, str] | None:
    """(multiplier, unit, kind) a header names (地区生产总值(亿元), 增长%, 增长(±%), 占GDP比重), or None."""
    unit = _named(_IN_PARENS.search(header)) or _named(_TRAILING_UNIT.search(header)) \
        or (None if _NOT_COUNTED.search(header) else _named(_COUNTED.search(header)))   # searched in turn: quick
    if unit:
        return unit
    return _PERCENT if _CHANGE.search(header) or _FALL.search(header) or _SHARE.search(header) else None


def _named(m) -> tuple[Decimal, str | None, str] | None:
    """The unit a header's match holds in its group, or None."""
    return _surface_unit(_DECLARED.sub("", m.group(1)).lstrip("±")) if m else None


def _surface_unit(surface: str) -> tuple[Decimal, str | None, str] | None:
    """(multiplier, unit, kind) of a unit as written (亿元, 万千瓦, 个), or None."""
    mult = Decimal(1)
    while surface not in MEASURES and surface[:1] in _MULTIPLIERS and len(surface) > 1:
        mult *= _MULTIPLIERS[surface[0]]
        surface = surface[1:]
    if surface in MEASURES:
        unit, kind = MEASURES[surface]
        return mult, unit, kind
    if surface in _CLASSIFIERS:
        return mult, surface, "count"
    return None


def _declared(caption: str) -> list[tuple[Decimal, str | None, str]]:
    """The units a caption or unit line declares, in order (单位:万元、% → 万元, %)."""
    m = _CAPTION.search(caption)
    units = [_surface_unit(u) for u in _UNIT_LIST.split(m.group(1))] if m else []
    return list(takewhile(bool, units))


def _column_units(texts: list[str], declared: list, stub: bool) -> list:
    """Each column's unit: its header's own (with a declared multiplier of the same unit: 人数 under 单位:万人),
    else the declared units in order over the columns that name none (one each when they are as many; else
    the units other than percent, the last over the rest)."""
    own = [_multiplied(h, declared) for h in texts]
    free = [i for i, u in enumerate(own) if u is None and (i or not stub) and texts[i] not in _UNIT_HEADER]
    given = declared if len(declared) == len(free) else [u for u in declared if u[1] != "percent"] or declared
    for n, i in enumerate(free):
        own[i] = given[min(n, len(given) - 1)] if given else None
    return own


def _multiplied(header: str, declared: list):
    """The unit a header names; one it implies by counting (人数, 件数) takes the multiplier of a declared unit
    of the same name."""
    unit = _unit_of(header)
    if unit is None or _IN_PARENS.search(header) or _TRAILING_UNIT.search(header):
        return unit
    return next((d for d in declared if d[1] == unit[1]), unit)


def _is_header(cells: list[Cell | None], found: _Found, first: bool) -> bool:
    """Whether a row names columns: two or more cells, no figure and no empty mark; the first row of a table
    may be a row of years (2021 2022)."""
    filled = [c for c in cells if c]
    if len(filled) < 2 or any(_EMPTY.fullmatch(c[2]) for c in filled):
        return False
    numbers = [c[2] for c in filled if _is_number(c[2])]
    years = first and len(numbers) >= 2 and all(_YEAR_NUMBER.fullmatch(n) for n in numbers)
    return (not numbers or years) and not any(found.within(c[0], c[1]) for c in filled)


def _combine(rows: list[list[Cell | None]], width: int) -> list[list[str]]:
    """The header pieces over each of `width` columns, top row first: a row one cell short sits over the
    right-hand cells, a shorter one spans its columns evenly (years over the columns right of the labels; a
    label's cell and one year over a lower row one cell short); a stub before a colon (行政复议:结果维持 …)
    heads every column, a unit declaration (单位:亿元) none."""
    out: list[list[str]] = [[] for _ in range(width)]
    for cells in rows:
        texts = [c[2].replace(" ", "") if c else "" for c in cells]
        if cells and cells[0] is None:
            texts += [""] * (width - len(texts))           # a delimited row opening empty (under a rowspan) stays left
        if "" in texts[1:] and (len(texts) < width or cells is not rows[-1]):
            texts = _spans(texts, width)
        if _CAPTION.match(texts[0]):
            texts[0] = ""
        elif m := _STUB.fullmatch(texts[0]):
            texts = [m.group(1) + m.group(2)] + [m.group(1) + t for t in texts[1:]]
        n, years = len(texts), all(_YEAR.fullmatch(t) for t in texts[1:])
        over_short = cells is not rows[-1] and len(rows[-1]) == width - 1 and n == 2 and years
        if n == width - 1 and not over_short or n < width and years and _YEAR.fullmatch(texts[0]) \
                and (width - 1) % n == 0:
            texts, n = [""] + texts, n + 1
        if n != width:
            if n < 2 or (width - 1) % (n - 1) or n == 2 and not years:
                continue                                   # one group over every column says nothing of any
            texts = texts[:1] + [t for t in texts[1:] for _ in range((width - 1) // (n - 1))]
        for col, text in zip(out, texts):
            if text:
                col.append(text)
    return out


def _spans(texts: list[str], width: int) -> list[str]:
    """A header row with empty cells right of spanning ones (a PDF table's colspan: 指标, 2023年, , 2024年): each
    empty cell takes its left neighbour's text, the last runs to the right edge (of the columns right of the
    labels when the row opens with a year)."""
    for i in range(1, len(texts)):
        texts[i] = texts[i] or texts[i - 1]
    return texts + texts[-1:] * (width - bool(_YEAR.fullmatch(texts[0])) - len(texts))


def _label(cells: list[Cell | None]) -> str:
    """A row's label: a year opening it (a table of years), else its first cell with no number, without list
    marker, part lead or spaces."""
    if cells[0] and _YEAR_NUMBER.fullmatch(cells[0][2]):
        return cells[0][2]
    text = next((c[2] for c in cells if c and not _is_number(c[2])), "")
    return _PART.sub("", _MARKER.sub("", text.replace(" ", "")), count=1)


class _Column:
    """What a column's header says of its cells: name (years left out), subject (the name without its unit; none
    for a year), period (a year alone or opening a header: 2025年目标), the word turning it (本年累计), unit, role."""
    __slots__ = ("name", "subject", "period", "word", "own", "unit", "change", "fall", "difference", "rank", "skip",
                 "target")

    def __init__(self, pieces: list[str], unit):
        lead = next((m.group() for p in pieces if (m := _LEAD_YEAR.match(p)) and not _YEAR.fullmatch(p)), None)
        self.name = "".join(p.removeprefix(lead) if lead else p for p in pieces if not _YEAR.fullmatch(p))
        subject = _IN_PARENS.sub("", self.name).rstrip("%")
        self.subject = "" if _YEAR.fullmatch(subject) else subject
        self.period = next((p for p in pieces if _YEAR.fullmatch(p)), lead)
        self.word = m.group() if (m := _PERIOD_WORD.search(self.name)) else ""
        self.own, self.unit = _multiplied(self.name, [unit] if unit else []), unit
        change = bool(_CHANGE.search(self.name))
        self.fall = bool(_FALL.search(self.name)) and not change
        self.difference = bool(_DIFFERENCE.search(self.name)) and not change
        self.change = change or self.fall or self.difference
        self.rank = bool(_RANK.search(self.name))
        self.skip = self.name in _SKIP_HEADER
        self.target = bool(_TARGET.search(self.name)) and not self.change


def _block_claims(block: list[list[Cell | None]], found: _Found, caption: str, over: str) -> list[Quantity]:
    """The claims of one table; header rows above rows already read start a new table. The caption's units
    head the columns naming none; the year of the lines above (2023年全县…) is the period of cells whose headers
    name none, else the first year or month the headers name (but of goals); that month or year, else the
    caption's, is the one a column of 本年累计 or 上年同期 turns."""
    out, pending, columns, declared, year = [], [], None, _declared(caption), _year_in(over)
    named = _year_in(caption)
    for n, cells in enumerate(block):
        if _is_header(cells, found, not n):
            pending.append(cells)
            continue
        if sum(1 for c in cells if c) < 2:
            continue                                       # a group label (其中:), a rule
        if pending or columns is None:
            pieces = _combine(pending[-2:], len(cells))
            stub = not (cells[0] and _is_number(cells[0][2]))
            texts = ["".join(p for p in col if not _YEAR.fullmatch(p)) for col in pieces]
            units = _column_units(texts, declared, stub) if pending else [None] * len(pieces)
            columns, headed, pending = [_Column(p, u) for p, u in zip(pieces, units)], bool(pending), []
            named = next((c.period for c in columns if c.period), named)
            _turn(columns, named)
            named = year or named
        out.extend(_row_claims(cells, columns, headed, found, year, named))
    return out


def _turn(columns: list[_Column], named: str | None) -> None:
    """Periods of columns naming none: a column of 本年累计 or 上年同期 turns the table's (8月: from January to
    August; 上年同期 right after 本年累计 is the year before's January to August), a column of changes has that
    of the column of levels right before it (1-5月 | 同比增长(%))."""
    for k, col in enumerate(columns):
        left = next((c for c in reversed(columns[:k]) if not c.change), None)
        if col.word:
            col.period = col.period or named
            if col.word in _TURNS["year_before"] and left is not None and left.word in _TURNS["to_date"]:
                col.word = left.word + col.word
        elif col.change and left is not None and not left.word:
            col.period = col.period or left.period


def _year_in(text: str) -> str | None:
    """The first year, month or part of a year a text names (2023年, 4月, 上半年), not a bare number."""
    return next((m.group() for m in _YEAR.finditer(text) if not m.group().isdigit()), None)


def _row_claims(cells: list[Cell | None], columns: list[_Column], headed: bool, found: _Found,
                year: str | None, named: str | None) -> list[Quantity]:
    """The claims of one row under its columns; a unit in the row label's parentheses outweighs a level column's,
    with a header, a cell in no unit is a count in none. A cell's period is its column's, its row's year, else
    the table's (`year` for goals, `named` for others), followed by the column's turning word (4月本年累计)."""
    label = _label(cells)
    row_unit = _unit_of(label)
    labelled = row_unit is not None and bool(_IN_PARENS.search(label))   # 年末人口(万人) under 绝对数(元): its own
    unit_col = next((i for i, c in enumerate(columns) if c.name in _UNIT_HEADER), None)
    if unit_col is not None and unit_col < len(cells) and cells[unit_col]:
        row_unit = _surface_unit(cells[unit_col][2]) or row_unit
    dated = bool(_YEAR.fullmatch(label))
    name = _IN_PARENS.sub("", label) if not dated else ""
    fall = bool(_ROW_FALL.search(name))
    row = fall if fall or _ROW_CHANGE.search(name) else None          # 地区生产总值增速: a row of changes
    out = []
    for i, (cell, col) in enumerate(zip(cells, columns)):
        if cell is None:
            continue
        start, end, text = cell
        subject = name + col.subject
        inside = found.within(start, end)
        period = col.period or (label if dated else year if col.target else named)
        if col.target and not col.period and period and (whole := _YEAR_NUMBER.match(period)):
            period = whole.group()                         # 年度目标 under 2022年1-8月: a goal for 2022
        period = period and period + col.word
        for q in inside:
            _found_in_cell(q, cell, col, subject, period, row)
        m = _NUMBER.fullmatch(text)
        if not m or inside or col.skip or i == 0 and (not col.name or text == label):
            continue
        own = row_unit if labelled and col.own and col.own[2] != "percent" and not col.change else col.own
        unit = _PERCENT if m.group(3) else (own or row_unit or col.unit)
        if col.difference and not m.group(3) and row_unit is not None and col.own is None:
            unit = (row_unit[0], "percentage_point", "percentage_point") if row_unit[1] == "percent" else row_unit
        if unit is None and headed:
            unit = (Decimal(1), None, "count")            # 行政复议:结果维持 … / 4 1 2 0 7: a count in no unit
        if unit is None:
            continue
        try:
            number = Decimal(m.group(1) + m.group(2).replace(",", "").replace(" ", ""))
        except InvalidOperation:
            continue
        mult, unit_name, kind = (Decimal(1), None, "rank") if col.rank else unit
        q = Quantity(start, end, number * mult, kind, unit_name, None, multiplier=mult, num_start=start, num_end=end)
        q.role = "target" if col.target else "level"
        _changed(q, col, row)
        q.subject = subject
        q.extra["period"] = period
        out.append(q)
    return out


def _found_in_cell(q: Quantity, cell: Cell, col: _Column, subject: str, period: str | None,
                   row: bool | None) -> None:
    """A figure found in a cell takes the row and column as subject, the column's period, a minus opening the
    cell (-5.1%, which no word before marks as a sign), and a change column's or rate row's role; a goal only in a
    column of goals (目标), whatever a heading above the table says."""
    q.subject = subject
    if period and "period" not in q.extra:
        q.extra["period"] = period
    if q.role == "target" and not col.target or col.target and q.role == "level":
        q.role = "target" if col.target else "level"
    if cell[2].startswith("-") and (q.start, q.end) == (cell[0] + 1, cell[1]) and q.value > 0 and q.low is None:
        q.start, q.num_start, q.value = cell[0], cell[0], -q.value
    _changed(q, col, row)


def _changed(q: Quantity, col: _Column, row: bool | None) -> None:
    """A level in a column of changes, or a percent in a row naming a rate of change (row: whether it names a
    fall), is a change: up for a positive figure, down for a negative one (the other way for a fall, 降幅)."""
    fall = col.fall if col.change else row if q.kind == "percent" else None
    if fall is not None and q.role == "level":
        q.role, q.direction = "change", "down" if (q.value < 0) != fall else "up"
