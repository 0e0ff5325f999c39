"""When each claim holds: period_start and period_end, from its sentence, paragraph, headings and document."""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice, repeat

import pandas as pd
import regex

from . import numbers
from .normalize import fold, fold_table
from .quantities import Quantity
from .tables import Before, alternation, table, word_tree
from .text_units import BLANKS, line_starts

_T = table("periods")
_W = _T["words"]
#: the word lists as sets, for the tests of an expression's words (quicker than a list's)
_IN = {k: frozenset(v) for k, v in _W.items()}
RELATIVE: dict[str, list] = _T["relative_years"]
PARTS: dict[str, list[int]] = _T["year_parts"]
AFTER_YEAR: dict[str, list[int]] = _T["year_parts_after_year"]
PLANS: dict[str, int] = {k: v for k, v in _T["five_year_plans"].items() if isinstance(v, int)}
GENRES: dict[str, list[str]] = _T["genres"]
HOLIDAYS: dict[str, dict] = {k: v for k, v in _T["holidays"].items() if isinstance(v, dict)}
_HOLIDAY_OF = {name: key for key, h in HOLIDAYS.items() for name in h["names"]}
_GENRE_OF = {w: genre for genre, words in GENRES.items() for w in words}

Span = tuple[dt.date, dt.date]
#: how far back a paragraph is read for the period its sentence leaves unsaid, in characters
_CARRY = 600
#: a period ending over a quarter after the document's date, and begun less than two months before it, is to come:
#: its figures are goals
_AHEAD, _BEGUN = 92, 61
#: how many of the first lines hold a title and a dateline
_HEAD_LINES = 4
#: the longest line read as part of a title, or as a caption
_TITLE_MAX = 30
#: how many blank lines may stand between a caption and its paragraph
_BLANK_LINES = 3
#: a date in the year's last month counts that year as passed (五年来 in a review of late December)
_YEAR_DONE = 12
#: a space as the regex engine reads \s: the same on both engines
_S = f"[{BLANKS}]"
#: a character beyond the BMP: where the re engine knows fewer digits (\d) than regex
_WIDE = re.compile("[\U00010000-\U0010ffff]")


@cache
def _p() -> dict[str, regex.Pattern | re.Pattern]:
    digits = "〇零一二三四五六七八九"
    year = rf"(?:(?:19|20)\d{{2}}|[{digits}]{{4}})"
    count = rf"(?:\d{{1,2}}|[{digits}十两]{{1,3}})"
    dash = rf"{_S}*(?:-|—|–|~|至|到){_S}*"
    # the word lists written as trees (the same matches as alternations: the engine tries only the branches whose
    # first characters agree)
    ends, starts = word_tree(_W["ends"]), word_tree(_W["starts"])
    month_part = (rf"(?P<m1>\d{{1,2}})(?:{_S}*月份?)?{dash}(?P<m2>\d{{1,2}}){_S}*月份?(?P<m2end>{ends})?"
                  rf"|(?P<m>\d{{1,2}}){_S}*月份?"
                  rf"(?:(?P<d>\d{{1,2}}){_S}*日|(?P<mend>{ends})|(?P<third>{word_tree(_T['month_thirds'])}))?"
                  rf"|(?<![\d{digits}十两几])(?P<part>{word_tree(PARTS)})(?P<pend>{ends})?"
                  rf"|前(?P<first>{count})个?月份?"
                  rf"|[“\"]?(?P<hol>{word_tree(_HOLIDAY_OF)})[”\"]?(?:{word_tree(_T['holidays']['suffixes'])})")
    # a year or relative year, then a month part or a part of a year or nothing; or a month part alone (written once,
    # so the pattern runs on the re engine: with neither y nor rel, the conditionals leave only the month part)
    head = (rf"(?P<y1>{year}){_S}*年?{dash}(?P<y2>{year}){_S}*年"
            rf"|(?:(?P<y>{year}){_S}*年度?|(?P<rel>{word_tree(RELATIVE)})|)"
            rf"(?:{month_part}|(?(y)|(?(rel)|(?!)))"
            rf"(?:(?P<ypart>{word_tree(AFTER_YEAR)})|(?P<yend>{ends})|(?P<ystart>{starts}))?)"
            rf"|(?P<ends>{word_tree(w for w in _W['ends'] if len(w) > 1)})"
            rf"|(?P<starts>{word_tree(w for w in _W['starts'] if len(w) > 1)})"
            rf"|(?P<rm>{word_tree(_T['relative_months'])})"
            rf"|(?P<rw>{word_tree(_T['relative_weeks'])})"
            rf"|(?P<rd>{word_tree(_T['relative_days'])})"
            rf"|(?P<now>{word_tree(_W['now'])})"
            rf"|(?P<event>{word_tree(_T['events'])})(?:召开)?(?=以来)"
            rf"|(?P<back>{word_tree(_W['years_back'])})(?P<n>{count}){_S}*(?:个)?(?:年|(?P<months>月))(?:来|以来)?"
            rf"|(?P<ahead>{word_tree(_W['years_ahead'])})(?P<na>{count}){_S}*年"
            rf"|(?P<nb>{count}){_S}*年(?:{word_tree(_W['years_back_after'])}|(?={word_tree(_W['years_back_verbs'])}))"
            rf"|[“\"]?(?P<plan>{word_tree(PLANS)})[”\"]?(?:{word_tree(_T['five_year_plans']['plan_words'])}"
            rf"|(?P<planend>{word_tree(_T['five_year_plans']['plan_ends'])})|(?=以来))")
    # the words one of which every expression holds: 年, 月, or a word of time (each alternative of `head` has one)
    held = ["年", "月", *RELATIVE, *PARTS, *_T["holidays"]["suffixes"], *_T["relative_months"], *_T["relative_weeks"],
            *_T["relative_days"], *_W["now"], *_T["events"], *PLANS, *(w for w in _W["ends"] + _W["starts"] if len(w) > 1)]
    # a word's leading digits left out (1季度: 季度): the rest is held all the same, and the scan for held words stops
    # at far fewer characters (a digit opens many a word of text, and scans are begun at a word's first character)
    held = [w.lstrip("0123456789") for w in held]
    held = [w for w in held if not any(v != w and v in w for v in held)]     # one holding another adds nothing
    expr = (rf"(?P<pre>{word_tree(_W['until'] + _W['base'] + _W['from'])})?(?:{head})"
            rf"(?:(?P<post>{word_tree(_W['base_after'] + _W['since'])})"
            rf"|(?P<times>的(?=[\d.{digits}十两]+{_S}*(?:{word_tree(_W['multiples'])}))))?")
    # a heading's number (一、, (一), 1.; groups 1 to 3), `digit` what reads as a digit
    number = r"[ \t]*(?:([一二三四五六七八九十]+、)|([(（][一二三四五六七八九十]+[)）])|({digit}+[.、．]))"
    # a character no expression holds: a clause's mark, or one the pattern never names (its only classes are \d and
    # spaces), on the re engine (quicker to call; none beyond the BMP, where re knows fewer digits than regex); one
    # class, the marks left out of the characters named (a class is sought quicker than an alternation)
    gap = rf"[^\d\s\U00010000-\U0010ffff{''.join(map(regex.escape, sorted(set(expr) - set(_MARKS))))}]"
    return {
        # on the re engine (quicker to call and to compile); a text beyond the BMP is read on regex (_expr_pattern)
        "expr": re.compile(expr),
        "gap": re.compile(gap),
        "last_gap": re.compile(rf"(?s).*(?:{gap})"),
        # held words, on the re engine (quicker): one its scan passes over overlaps one found, so shares its stretch
        "held": re.compile(alternation(held)),
        # 年 after a year written (2021年; not 较2018年, nor a date): found from the 年 (quick), the year behind it
        "year": regex.compile(rf"(?<=(?<![\d较比与同])({year})\s*)年(?![\d{digits}]*月[\d{digits}]*日)"),
        "bare_year": regex.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)"),
        "date_only": regex.compile(rf"\s*{year}\s*年\s*[\d{digits}十]{{1,3}}\s*月(?:\s*[\d{digits}十]{{1,3}}\s*日)?\s*"),
        "dateline": regex.compile(r"^\s*[^\d\n]{0,16}?(\d{1,2})月(\d{1,2})日"),
        "iso": regex.compile(rf"({year})\s*(?:[-/.]\s*(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}})(?!\d)"
                             rf"|年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日)"),
        # a line that may be a heading: its number as `heading` reads it (taking any character beyond the BMP for a
        # digit: re knows fewer than regex), sought from its line break (quicker than reading each line)
        "may_head": re.compile("\n" + number.format(digit=r"[\d\U00010000-\U0010ffff]")),
        "heading": regex.compile("(?m)^" + number.format(digit=r"\d") + r"[^\n。]{0,40}$"),
        "genre": re.compile(alternation(_GENRE_OF)),
    }


#: an expression of time found in a text: its groups by name, and where it stands, (start, end), under _AT; a plain
#: dict (a subclass's items are read slower)
_Expr = dict
#: the key of an expression's (start, end): no group's name (a name is an identifier)
_AT = "@"


def _expr(m: regex.Match | re.Match) -> _Expr:
    """The expression m is."""
    e = dict(zip(_names(), m.groups()))
    e[_AT] = m.span()
    return e


def _expressions(view: str) -> list[_Expr]:
    """The expressions of time in `view`, as the expression pattern's finditer finds them, sought only in the stretches
    between gaps that hold a held word (no expression holds a gap, so each stretch is read on its own)."""
    p = _p()
    held = [m.end() - 1 for m in p["held"].finditer(view)]    # their last characters
    out, i, done = [], 0, 0
    while i < len(held):
        before = p["last_gap"].match(view, done, held[i])
        after = p["gap"].search(view, held[i])
        lo, hi = before.end() if before else done, after.start() if after else len(view)
        j = bisect.bisect_left(held, hi)                      # the first held word after the stretch
        for a, b, groups in _in_stretch(view[lo:hi], held[j - 1] - lo):
            e = dict(groups)                                  # a copy of the dict (quicker than building it)
            e[_AT] = (lo + a, lo + b)
            out.append(e)
        i, done = j, hi
    return out


@lru_cache(maxsize=4096)
def _in_stretch(stretch: str, last: int) -> tuple[tuple[int, int, dict[str, str | None]], ...]:
    """The expressions in a stretch between gaps (a text repeats its stretches: 2023年, 比上年), none starting after
    the last held word ends (its last character at `last`): where each starts and ends, and its groups by name."""
    search, names, blank, out, pos = _expr_pattern(stretch).search, _names(), _blank(), [], 0
    while pos <= last and (m := search(stretch, pos)) is not None:
        groups = blank.copy()                        # (a copy of a dict of every name fills quicker than a new one)
        groups.update(zip(names, m.groups()))
        out.append((m.start(), m.end(), groups))
        pos = m.end()
    return tuple(out)


def _expr_pattern(text: str) -> regex.Pattern | re.Pattern:
    """The expression pattern on the quicker re engine, or on regex for a text beyond the BMP."""
    return _wide_expr() if _WIDE.search(text) else _p()["expr"]


@cache
def _wide_expr() -> regex.Pattern:
    """The expression pattern on the regex engine, compiled only once a text needs it."""
    return regex.compile(_p()["expr"].pattern)


@cache
def _blank() -> dict[str, None]:
    """The expression pattern's groups, each with no value (never changed: copied)."""
    return dict.fromkeys(_names())


@cache
def _names() -> tuple[str, ...]:
    """The names of the expression pattern's groups, in their order."""
    pattern = _p()["expr"]
    name = {i: n for n, i in pattern.groupindex.items()}
    return tuple(name[i] for i in range(1, pattern.groups + 1))


def _year(s: str) -> int:
    return int(s) if s.isdigit() else int(numbers.value(s) or 0)


def _count(s: str) -> int:
    v = numbers.value(s)
    return int(v) if v is not None else 0


@lru_cache(maxsize=4096)
def _day(y: int, m: int, d: int | None = None) -> dt.date | None:
    """The date, or the month's last day when `d` is None; None for an impossible date."""
    try:
        return dt.date(y, m, d if d is not None else calendar.monthrange(y, m)[1])
    except (ValueError, OverflowError):
        return None


@lru_cache(maxsize=4096)
def _isoformat(d: dt.date) -> str:
    """A date's ISO form, kept (texts share their dates, and formatting one is slow)."""
    return d.isoformat()


def _whole(y: int | None, m1: int = 1, m2: int = 12) -> Span | None:
    """Months m1 to m2 of year y."""
    return None if y is None else _pair(_day(y, m1, 1), _day(y, m2))


def _years(first: int, last: int) -> Span | None:
    """The whole years first to last."""
    return _pair(_day(first, 1, 1), _day(last, 12))


def _months(last: int, n: int) -> Span | None:
    """The n whole months up to month `last`, counted as year * 12 + month - 1."""
    first = last - n + 1
    return _pair(_day(first // 12, first % 12 + 1, 1), _day(last // 12, last % 12 + 1))


def _in_year(span: Span | None) -> bool:
    """Whether a span is a part of one year: not a moment, not a whole year."""
    return bool(span) and span[0] != span[1] and span[0].year == span[1].year and span != _whole(span[0].year)


def _shift(d: dt.date, days: int) -> dt.date | None:
    """The date `days` after d, or None beyond the calendar."""
    try:
        return d + dt.timedelta(days=days)
    except OverflowError:
        return None


def _pair(a: dt.date | None, b: dt.date | None) -> Span | None:
    return (a, b) if a and b and a <= b else None


def _point(d: dt.date | None) -> Span | None:
    return (d, d) if d else None


@dataclass(frozen=True)
class Setting:
    """What a document says of itself: its date, the period it mainly reports on, its genre."""
    date: dt.date | None = None
    span: Span | None = None
    genre: str | None = None
    firm: bool = False              # the date is written or given in full, not a dateline's guessed year
    titled: bool = False            # the title (or the genre and date) names the period, not the years counted


def setting(view: str, meta: Mapping | None = None) -> Setting:
    """A document's setting, read once: `meta` (title, date, genre) first, then its first lines and the years it names."""
    meta = meta or {}
    head = _head(view)
    title = fold(str(meta.get("title") or "")) or head.split("\n", 1)[0]
    given = meta.get("genre")
    genre = _genre(fold(str(given))) if isinstance(given, str) and given else _genre(title + "\n" + _subtitle(head))
    counted = _counted_year(view, title)
    date = _parse(meta.get("date")) or _parse_in(head)
    span = _title_span(title, counted, date)
    firm = date is not None
    if date is None:
        date, firm = _dateline(head, span[1].year if span else counted, titled=span is not None)
    if span is None and date and date.month <= 4 and any(w in title for w in _T["report_on_last_year"]):
        span = _whole(date.year - 1)                 # a work report on year Y, given early in Y+1
    titled = span is not None
    if span is None and counted:
        span = _whole(counted)
    return Setting(date=date, span=span, genre=genre, firm=firm, titled=titled)


def _title_span(title: str, counted: int | None, date: dt.date | None) -> Span | None:
    """The period a title names (2022年…统计公报, 上半年GDP… of the year of its date, 百强区(2024)); a full date
    there is a dateline."""
    for m in _expressions(title):
        if m["pre"] in _IN["base"] or m["d"] or not (m["y"] or m["y1"] or m["part"] or m["rel"] or m["m1"]):
            continue
        if span := _span(m, date.year if date else counted, date):
            return span
    bare = _p()["bare_year"].search(title)
    return _whole(numbers.digits(bare[1])) if bare and not _p()["iso"].search(title) else None


def _subtitle(head: str) -> str:
    """The second line of a text when it may continue its title: short, and no heading."""
    lines = head.split("\n")
    second = lines[1] if len(lines) > 1 else ""
    return second if len(second) <= _TITLE_MAX and not _p()["heading"].match(second) else ""


def _head(view: str) -> str:
    """The first _HEAD_LINES lines of the text's first 2000 characters that are not blank, stripped."""
    lines = (ln.strip() for ln in view[:2000].split("\n"))
    return "\n".join(islice(filter(None, lines), _HEAD_LINES))


def _genre(text: str) -> str | None:
    """The genre of the first line of `text` holding a genre's word, by the word ending last (the head of the
    name: 计划执行情况 is a review), or `text` itself when it names a genre."""
    if text in GENRES:
        return text
    for line in text.split("\n"):
        ends = [(m.end(), _GENRE_OF[m.group(0)]) for m in _p()["genre"].finditer(line)]
        if ends:
            return max(ends)[1]
    return None


def _parse(value) -> dt.date | None:
    """A date from meta: a date, a timestamp or a string (2023-01-15, 2023年1月15日)."""
    if value is None or value is pd.NaT or isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return _parse_in(fold(str(value)))


def _parse_in(s: str) -> dt.date | None:
    m = _p()["iso"].search(s)
    return _day(_year(m[1]), numbers.digits(m[2] or m[4]), numbers.digits(m[3] or m[5])) if m else None


def _dateline(head: str, year: int | None, titled: bool = False) -> tuple[dt.date | None, bool]:
    """A dateline with no year (1月24日,…): the year its sentence names, else (with no year `titled`) the
    first one its line names but as a goal (2024年,全市将…), else `year`; the next one when that year is
    reported on as a whole early in the next (1月24日,…介绍2021年经济运行情况; 3月28日,…。2023年,全市…:
    a later sentence's year only opening a clause); and whether its sentence named a year."""
    for line in head.split("\n"):
        m = "日" in line and _p()["dateline"].match(line)      # (no day, no dateline: quicker than the pattern)
        if not m:
            continue
        end = _SENTENCE_END.search(line + "。").start()
        named = _p()["year"].search(line, 0, end)
        first = named or (None if titled else _p()["year"].search(line, end))
        if first and not named and \
                _GOAL_WORDS.search(line, first.end(), _SENTENCE_END.search(line + "。", first.end()).start()):
            first = None                             # 2024年,全市将…: a goal's year, not the dateline's
        year = _year(first[1]) if first else year
        if year is None:
            return None, False
        month = numbers.digits(m[1])
        whole = _expr(w) if first and (w := _expr_pattern(line).match(line, first.start(1))) else None
        if whole and not named and not (_opens(whole, line) and line[whole[_AT][1]:whole[_AT][1] + 1] in ",，"):
            whole = None                             # …票决2023年度民生实事: no year reported on
        if whole and month <= 4 and not any(whole[g] for g in ("m1", "m", "part", "ypart")):
            year += 1                                # 1月24日,…介绍2021年经济运行情况: 2022
        date = _day(year, month, numbers.digits(m[2]))
        return date, date is not None and named is not None
    return None, False


def _counted_year(view: str, title: str) -> int | None:
    """The year a text names most often (a title's year counts thrice)."""
    written, found = _p()["year"].findall(view), {}
    for w in set(written):                           # counted by list.count: quicker than a Counter for a few years
        y = _year(w)
        found[y] = found.get(y, 0) + written.count(w)
    for m in _p()["year"].finditer(title):
        y = _year(m[1])
        found[y] = found.get(y, 0) + 2
    return max(found.items(), key=lambda kv: (kv[1], kv[0]))[0] if found else None


def _span(m: _Expr, year: int | None, date: dt.date | None) -> Span | None:
    """The span an expression names: `year` is the year the text speaks of there (a bare 上半年 or
    1-11月 belongs to it, 上年 counts from it), `date` the document's own date."""
    if m["y1"]:
        return _years(_year(m["y1"]), _year(m["y2"]))
    if m["plan"]:
        first = PLANS[m["plan"]]
        return _point(_day(first + 4, 12)) if m["planend"] else _years(first, first + 4)
    if m["now"]:
        return _point(date)
    if m["event"]:
        return _point(_T["events"][m["event"]])
    if m["rm"]:
        if date is None:
            return None
        return _months(date.year * 12 + date.month - 1 + _T["relative_months"][m["rm"]], 1)
    if m["rw"] or m["rd"]:
        if date is None:
            return None
        if m["rd"]:
            return _point(_shift(date, _T["relative_days"][m["rd"]]))
        monday = _shift(date, 7 * _T["relative_weeks"][m["rw"]] - date.weekday())
        return _pair(monday, monday and _shift(monday, 6))
    if m["months"]:
        n = _count(m["n"])
        return _months(date.year * 12 + date.month - 2, n) if date and 0 < n < 100 else None
    if m["back"] or m["nb"]:
        n = _count(m["n"] or m["nb"])
        last = date.year - (date.month < _YEAR_DONE) if date else year
        return _years(last - n + 1, last) if last and 0 < n < 100 else None
    if m["ahead"]:
        n, first = _count(m["na"]), date.year + (date.month >= _YEAR_DONE) if date else year
        return _years(first, first + n - 1) if first and 0 < n < 100 else None
    if m["y"]:
        y = _year(m["y"])
    elif m["rel"]:
        y = _relative(m["rel"], year, date)
    else:
        y = year
    if y is None:
        return None
    if m["ends"] or m["yend"]:
        return _point(_day(y, 12))
    if m["starts"] or m["ystart"]:
        return _point(_day(y, 1, 1))
    if m["first"]:
        return _whole(y, 1, _count(m["first"]))
    if m["m1"]:
        return _point(_day(y, numbers.digits(m["m2"]))) if m["m2end"] else _whole(y, numbers.digits(m["m1"]), numbers.digits(m["m2"]))
    if m["m"]:
        month = numbers.digits(m["m"])
        if m["d"]:
            return _point(_day(y, month, numbers.digits(m["d"])))
        if m["third"]:
            first, last = _T["month_thirds"][m["third"]]
            end = _day(y, month)
            return _pair(_day(y, month, first), end and _day(y, month, min(last, end.day)))
        return _point(_day(y, month)) if m["mend"] else _whole(y, month, month)
    if m["hol"]:
        h = HOLIDAYS[_HOLIDAY_OF[m["hol"]]]
        days = h.get(str(y)) or h.get("usual")
        return _pair(_day(y, days[0], days[1]), _day(y, days[2], days[3])) if days else None
    if m["part"] or m["ypart"]:
        span = _whole(y, *(PARTS.get(m["part"]) or AFTER_YEAR[m["ypart"]]))
        return _point(span[1]) if span and m["pend"] else span
    return _whole(y)


def _relative(word: str, year: int | None, date: dt.date | None) -> int | None:
    """The year a relative word names: 今年, 去年 from the document's date (with none, 去年 is the
    year the text speaks of, written of in the next), 上年 from the year the text speaks of."""
    anchor, offset = RELATIVE[word]
    if anchor == "date" and date is not None:
        return date.year + offset
    if year is None:
        return None
    return year + offset + (1 if anchor == "date" and offset < 0 else 0)


class Periods:
    """The periods of one document's claims; its expressions of time and its headings are found once."""

    def __init__(self, view: str, setting_: Setting):
        self.view, self.setting = view, setting_
        self._plan = setting_.genre == "plan"
        written = setting_.date if setting_.firm else setting_.span[0] if self._plan and setting_.span else None
        # what _to_come compares a period with: the last day _AHEAD days after the date written (None: no period
        # ends later), the last day _BEGUN days before it (None: every period begins later)
        self._ahead = written and _shift(written, _AHEAD)
        self._begun = written and _shift(written, -_BEGUN)
        self.exprs = _expressions(view)
        self.starts = [m[_AT][0] for m in self.exprs]
        self.lines = line_starts(view)
        datelines = {a + d.start(1) for a in self.lines[:_HEAD_LINES * 2]     # 3月28日,…: a date, no period
                     if "日" in (line := view[a:a + _TITLE_MAX]) and (d := _p()["dateline"].match(line))}
        self.governs: list[bool] = []        # whether each expression sets the period after it
        self.bases: list[bool] = []          # whether each is a comparison base
        # the comparison bases (setting no period) at a moment (较2021年末: True) or relative to the year spoken of
        # (较上年: False): their starts and expressions
        self.bases_of: dict[bool, tuple[list[int], list[_Expr]]] = {True: ([], []), False: ([], [])}
        # the expressions that set the period after them, dateline dates left out (the only ones _governing reads):
        # their starts, and their ends, expressions, whether each is a count of years holding only within its clause
        # (not opening it) and whether each holds with no start point's test (not 由上年的, or 由…以来)
        self.governing_starts: list[int] = []
        self.governing: list[tuple[int, _Expr, bool, bool]] = []
        # the counts of years (近5年, 未来五年, 五年来): their starts, ends and expressions (the only ones _own reads)
        self.count_starts: list[int] = []
        self.count_ends: list[int] = []
        self.count_exprs: list[_Expr] = []
        for m in self.exprs:                 # (one pass: quicker than a list each)
            start, end = m[_AT]
            governs = _governs(m, view)
            self.governs.append(governs)
            self.bases.append(_is_base(m))
            if governs:
                if start not in datelines:
                    self.governing_starts.append(start)
                    self.governing.append((end, m, bool(m["nb"] or m["ahead"]) and not _opens(m, view),
                                           m["pre"] not in _IN["from"] or m["post"] in _IN["since"]))
            else:
                if m["ends"] or m["yend"] or m["mend"] or m["m2end"] or m["pend"]:
                    self.bases_of[True][0].append(start)
                    self.bases_of[True][1].append(m)
                if m["rel"] and RELATIVE[m["rel"]][0] == "context":     # 上年, 本年
                    self.bases_of[False][0].append(start)
                    self.bases_of[False][1].append(m)
            if m["back"] or m["ahead"] or m["nb"]:
                self.count_starts.append(start)
                self.count_ends.append(end)
                self.count_exprs.append(m)
        self._known: dict[int, Span | None] | None = None      # each expression's span by its start, and each
        self._captions: dict[int, Span | None] | None = None   # line's caption: kept once the headings are read
        self.headings: list[Span | None] = []      # the period each heading sets for its section
        self.heading_starts: list[int] = []
        stack: list[tuple[int, Span | None]] = []
        may = [0, *(m.start() + 1 for m in _p()["may_head"].finditer(view))]       # a heading is a line's start
        for h in filter(None, map(_p()["heading"].match, repeat(view), may)):
            rank = 1 if h.group(1) else 2 if h.group(2) else 3      # 一、, (一), 1.
            while stack and stack[-1][0] >= rank:
                stack.pop()
            m = self._governing(h.end(), h.start())
            stack.append((rank, self._resolve(m) if m is not None else None))
            self.headings.append(next((span for _, span in reversed(stack) if span), None))
            self.heading_starts.append(h.start())
        self._known, self._captions = {}, {}
        self._iso: dict[Span, tuple[str, str]] = {}       # the ISO dates of each span given
        self._labels: dict[str, _Expr | None] = {}         # the expression each table column's label is

    def of(self, q: Quantity, s0: int) -> tuple[str | None, str | None]:
        """(period_start, period_end) of a claim in the sentence starting at `s0`, as ISO dates, or (None, None)
        when unknown. A level or change of a period still to come when the document was written is a goal: its
        role becomes target."""
        span, said = self._stated(q, s0)
        if not span:
            return None, None
        if q.role in ("level", "change") and self._to_come(span):
            q.role = "target"
        if span[0] != span[1] and q.role != "target":
            span = self._moment(q, s0, span, said)
        elif q.role == "target" and span[0].year != span[1].year:
            span = (span[1], span[1])                # 未来五年…冲刺八千亿: by the end of the run
        iso = self._iso.get(span)
        if iso is None:
            iso = self._iso[span] = (_isoformat(span[0]), _isoformat(span[1]))
        return iso

    def _to_come(self, span: Span) -> bool:
        """Whether a period was still to come when the document was written: it ends over a quarter after the
        document's date (a written one; a plan's is the start of the period it plans) and, but in a plan, began
        less than two months before it."""
        ahead, begun = self._ahead, self._begun
        return ahead is not None and span[1] > ahead and (self._plan or begun is None or span[0] > begun)

    def _stated(self, q: Quantity, s0: int) -> tuple[Span | None, bool]:
        """The period the text states for q, and whether q's own sentence states it."""
        own = (self.count_starts and self._own(q)      # most documents hold no count of years,
               or q.extra.get("period") and self._column(q))      # most claims are in no table
        if own is not None:
            return own, True
        if q.kind == "count" and _WHOLE_PLACE.search(self.view, max(0, q.start - _CUE_REACH), q.start) \
                and _DIVISION.match(self.view, q.end):
            return None, False                       # 全省14个市州: the divisions a place has, a standing fact
        if (m := self._governing(q.start, s0, q)) is not None:
            return self._flow(m, q), True
        if (m := self._base(s0, q.end)) is not None and (span := self._resolve(m)):
            return self._after(span), True           # 办结用时1.3个工作日,较上年提速76%: the year after the base
        if q.kind == "duration" and q.role != "target" or self.setting.genre == "rules" or \
                _CAP.search(self.view, q.start - 3 if q.start > 3 else 0, q.end):
            return None, False                       # a standing time limit or cap, a rule
        if (m := self._governing(q.start, self._floor(q.start), q)) is not None:
            span = self._flow(m, q)
            if span and span[0] == span[1] and _SAME_BASE.search(self.view, s0, self._sentence_end(q.end)):
                return self._part(q.start) or span, False    # 截至6月30日…。满意率97.2%,较去年同期…: a part of the year
            return span, False
        span, date = self._unsaid(q.start), self.setting.date
        if q.role == "target" and span and date and span[1] < date:
            return _whole(date.year), False          # a goal set after the period reported on: for the year of writing
        return span, False

    def _sentence_end(self, pos: int) -> int:
        """Where the sentence holding `pos` ends, at most _CUE_REACH characters on."""
        m = _SENTENCE_END.search(self.view, pos, pos + _CUE_REACH)
        return m.start() if m else min(len(self.view), pos + _CUE_REACH)

    def _column(self, q: Quantity) -> Span | None:
        """The period a table's header gives a cell (2022, 2023年1-6月, 上半年), as its column's words in the
        cell's subject or after the label (4月本年累计) turn it: 本年累计 under 5月 from January, 上年同期 the year before."""
        column = q.extra.get("period")
        label = column and _COLUMN_WORDS.sub("", column)          # 4月本年累计: the words as in the subject
        if not label:
            return None
        head = fold((q.subject or "") + column)
        if len(label) == 4 and _p()["bare_year"].fullmatch(label):     # (a year alone: four digits; quick test first)
            span = _whole(numbers.digits(label))
        elif (m := self._label(label)) is not None:
            span = _span(m, self._context_year(q.start, m), self.setting.date)
        else:
            return None
        if span and _COLUMN_BEFORE.search(head):
            span = _pair(_day(span[0].year - 1, span[0].month, 1), _day(span[1].year - 1, span[1].month))
        if span and span[0] != span[1] and _COLUMN_TO_DATE.search(head):
            span = _pair(_day(span[1].year, 1, 1), span[1])
        return span

    def _label(self, label: str) -> _Expr | None:
        """The expression a column's label is, read once a document (a table repeats its labels)."""
        if label not in self._labels:
            m = _p()["expr"].fullmatch(label)
            self._labels[label] = None if m is None else _expr(m)
        return self._labels[label]

    def _unsaid(self, pos: int) -> Span | None:
        """The period at `pos` where its paragraph names none: a caption's right above it, its section's, the
        document's, the document's date."""
        return self._named(pos) or self.setting.span or _point(self.setting.date)

    def _named(self, pos: int) -> Span | None:
        """The period a caption right above `pos` or its section's heading names."""
        i = bisect.bisect_right(self.heading_starts, pos) - 1
        return self._caption(pos) or (self.headings[i] if i >= 0 else None)

    def _caption(self, pos: int) -> Span | None:
        """The year-bearing period of a short line (a caption, a heading with no number) right above `pos`'s paragraph."""
        li = bisect.bisect_right(self.lines, pos) - 1
        return self._once(self._captions, li, self._caption_of, li)

    def _caption_of(self, li: int) -> Span | None:
        """The caption right above line `li`'s paragraph."""
        for _ in range(_BLANK_LINES):
            if li > 1 and self.view[self.lines[li - 1]:self.lines[li]].isspace():
                li -= 1                              # a blank line between
        if li == 0:
            return None
        a, b = self.lines[li - 1], self.lines[li] - 1
        if b - a > _TITLE_MAX or _SENTENCE_END.search(self.view, a, b) or \
                self.view.find("月", a, b) >= 0 and _p()["date_only"].fullmatch(self.view, a, b):   # (quick test first)
            return None                              # a sentence, or a date line (二〇二四年三月): no caption
        m = self._governing(b, a)
        return self._resolve(m) if m is not None and (m["y"] or m["y1"] or m["plan"]) else None

    def _floor(self, pos: int) -> int:
        """Where the paragraph holding `pos` starts, at most _CARRY characters back."""
        start = self.lines[bisect.bisect_right(self.lines, pos) - 1]
        return start if start > pos - _CARRY else pos - _CARRY          # (quicker than max())

    def _governing(self, pos: int, floor: int, q: Quantity | None = None) -> _Expr | None:
        """The last expression between `floor` and `pos` that sets the period there (not a comparison base;
        a count of years not opening its clause only in that clause; a start point's 由上年的 only for that start
        point q)."""
        starts = self.governing_starts
        i = bisect.bisect_left(starts, pos) - 1
        while i >= 0 and starts[i] >= floor:
            end, m, in_clause, plain = self.governing[i]
            if end <= pos and not (in_clause and _CLAUSE_END.search(self.view, end, pos)):
                if plain:
                    return m
                if q is not None and _FROM_RUN.fullmatch(self.view, end, pos) and (q.role == "from" or end == pos):
                    return m                         # 由上年的48.8%, 由上年的4.0:47.2:48.8, 从2020年3847亿元
            i -= 1
        return None

    def _written_year(self, pos: int) -> int | None:
        """The last year written before `pos` in its paragraph, outside comparison bases: in figures, or
        (in a dated document) as 今年; not 去年, a year looked back on in passing."""
        i = bisect.bisect_left(self.starts, pos) - 1
        floor, date = self._floor(pos), self.setting.date
        while i >= 0 and self.starts[i] >= floor:
            m = self.exprs[i]
            if not self.bases[i]:
                if m["y"] or m["y1"]:
                    return _year(m["y"] or m["y2"])
                if m["rel"] and RELATIVE[m["rel"]] == ["date", 0] and date:
                    return date.year
            i -= 1
        return None

    def _resolve(self, m: _Expr) -> Span | None:
        """The span an expression names where it stands (去年同期: the part of that year the text speaks of)."""
        known, at = self._known, m[_AT][0]
        if known is not None and at in known:        # the quick path: most spans are asked for again
            return known[at]
        return self._once(known, at, self._reading, m)

    @staticmethod
    def _once(known: dict[int, Span | None] | None, key: int, work, arg) -> Span | None:
        """work(arg), kept in `known` under `key` once the headings are read (`known` is None while they are: a
        section's period may yet change)."""
        if known is None:
            return work(arg)
        if key not in known:
            known[key] = work(arg)
        return known[key]

    def _reading(self, m: _Expr) -> Span | None:
        """The span an expression names where it stands, worked out."""
        s = self.setting
        if m["y"] or m["y1"] or m["plan"]:
            span = self._bounded(m, _span(m, None, s.date))
        else:
            year = self._written_year(m[_AT][0])
            if year is None and m["m"] and m["d"] and s.date:
                year = s.date.year                   # 3月28日 with no year before it: the document's year
            month = s.titled and s.span and _months(s.span[1].year * 12 + s.span[1].month - 1, 1) == s.span
            date = s.span[1] if m["rm"] and month else s.date   # 本月 in a report on one month: that month
            span = self._bounded(m, _span(m, year or self._context_year(m[_AT][0], m), date))
        if span and m["post"] in _IN["same_period"] and (part := self._part(m[_AT][0])):
            return _pair(_day(span[1].year, part[0].month, 1), _day(span[1].year, part[1].month))
        return span

    def _part(self, pos: int) -> Span | None:
        """The part of a year (上半年, 1-9月) the text speaks of before `pos`: the last one governing in its
        paragraph, else the title's."""
        i, floor = bisect.bisect_left(self.starts, pos) - 1, self._floor(pos)
        while i >= 0 and self.starts[i] >= floor:
            m = self.exprs[i]
            if self.governs[i] and m["post"] not in _IN["same_period"] and _in_year(span := self._resolve(m)):
                return span
            i -= 1
        s = self.setting
        return s.span if s.titled and _in_year(s.span) else None

    def _context_year(self, pos: int, m: _Expr) -> int | None:
        """The year a part of a year (上半年, 1-5月) or a year counted from the one spoken of (上年) at `pos` belongs
        to: the last written in its paragraph, its caption's or section's, the title's; else in a dated document
        (for 上年, the year it names most if that is the date's or the one before) the last year in which at least
        half of it had passed by that date; else the year the text names most."""
        if (year := self._written_year(pos)) is not None:
            return year
        s = self.setting
        named = self._named(pos) or (s.span if s.titled else None)
        if named is None and s.firm:
            if m["rel"] and RELATIVE[m["rel"]][0] == "context":     # 比上年: from the year the item reports on,
                if s.span and s.date.year - 1 <= s.span[1].year <= s.date.year:
                    return s.span[1].year            # the one it names most (a news item of January on last year)
                this = _whole(s.date.year)           # else the last one at least half over
            else:
                this = _span(m, s.date.year, s.date)
            return s.date.year if this is None or (s.date - this[0]) * 2 >= this[1] - this[0] else s.date.year - 1
        unsaid = named or self._unsaid(pos)
        return unsaid[1].year if unsaid else None

    def _bounded(self, m: _Expr, span: Span | None) -> Span | None:
        """A span as its prefix and suffix bound it: 以来 up to the document's date, 到 / 截至 at its end."""
        s = self.setting
        if span is None:
            return None
        if m["post"] in _IN["since"]:
            return (span[0], s.date) if s.date and s.date >= span[0] else None
        if m["pre"] in _IN["until"] and not (len(m["pre"]) == 1 and _VERB_BEFORE.search(self.view, max(0, m[_AT][0] - 2),
                                                                                     m[_AT][0])):
            return (span[1], span[1])                # 到2025年, 截至6月底; not 增至2022年的…
        return span

    def _flow(self, m: _Expr, q: Quantity) -> Span | None:
        """The span of m for q: a moment (年末) and a flow word after it (新增就业) give the year up to that
        moment (not 目前; 昨日新增: that day's); 今年 of a dated document, for a figure no goal, the year so far."""
        span, s = self._resolve(m), self.setting
        if span and span[0] == span[1] and not (m["now"] or m["rd"]) and _FLOW.search(self.view, m[_AT][1], q.start):
            return _pair(_day(span[1].year, 1, 1), span[1])
        if span and m["rel"] and RELATIVE[m["rel"]] == ["date", 0] and span == _whole(span[0].year) and s.firm \
                and q.role != "target" and not self._to_come(span):
            return (span[0], s.date)                 # 今年已签约87个, in June: January to June
        return span

    def _moment(self, q: Quantity, s0: int, span: Span, said: bool) -> Span:
        """A stock over a period, and its change, is a moment: the end of the period its sentence or table column
        names (2012年,宝安仅有402家; 航线总数达300条,较2021年末…; 贷款余额 under 1-5月), else in a dated
        document that is no review its date, else the period's end; not a flow in the figure's own clause (新增6家)."""
        cue = s0 if s0 > q.start - _CUE_REACH else q.start - _CUE_REACH     # (quicker than max())
        if not (_STOCK.search(self.view, cue, q.start)
                or q.subject and _STOCK_NOUN.search(q.subject)
                or self._base(s0, q.end, True)) or _FLOW_HERE.search(self.view, cue, q.start):
            return span
        d = self.setting.date
        if d and not said and self.setting.genre != "review" and span[0] <= d:
            return (d, d)
        return (span[1], span[1])

    def _base(self, s0: int, pos: int, moment: bool = False) -> _Expr | None:
        """A comparison base in the sentence around `pos`: relative to the year spoken of (较上年, 比上年同期),
        or with `moment` one at a moment (较2021年末, 比上年末)."""
        starts, exprs = self.bases_of[moment]
        if not starts:                               # (most documents hold none of a kind)
            return None
        i = bisect.bisect_left(starts, pos + _CUE_REACH) - 1
        while i >= 0 and starts[i] >= s0:
            if not _SENTENCE_END.search(self.view, pos, starts[i]):
                return exprs[i]
            i -= 1
        return None

    @staticmethod
    def _after(span: Span) -> Span | None:
        """The period a base's period is the year before of (上年末 → this year's end, 上年 → this year)."""
        if span[0] == span[1]:
            return _point(_day(span[1].year + 1, span[1].month, span[1].day))
        return _pair(_day(span[0].year + 1, span[0].month, 1), _day(span[1].year + 1, span[1].month))

    def _own(self, q: Quantity) -> Span | None:
        """The span a count of years names itself (连续3年: the run up to the year spoken of; 过去五年)."""
        i = bisect.bisect_right(self.count_starts, q.start) - 1
        if i < 0 or q.end > self.count_ends[i]:      # (q within it: no other expression between, none overlap)
            return None
        m = self.count_exprs[i]
        if m["back"] != "连续":
            return self._resolve(m)
        n, start = _count(m["n"]), m[_AT][0]
        outer = (self._resolve(g) if (g := self._governing(start, self._floor(start))) is not None
                 else self._unsaid(start))
        if outer is None or not 0 < n < 100:
            return None
        end = outer[1]
        if m["months"]:                              # a moment within a month: the runs of whole months before it
            date = self.setting.date
            if date and date < end:
                outer, end = (date, date), date      # never beyond the document's date
            done = outer[0] != outer[1] or _day(end.year, end.month) == end
            return _months(end.year * 12 + end.month - 1 - (not done), n)
        last = end.year if outer[0] != outer[1] or (end.month, end.day) == (12, 31) \
            else end.year - 1                        # a moment within a year: the runs of whole years before it
        return _years(last - n + 1, last)


def _as_written(words) -> str:
    """An alternation of words as a text may write them: each character as any one fold() turns into it (itself,
    unless fold() changes it)."""
    table_, into = fold_table(), {}
    for code, to in table_.items():
        into.setdefault(to, set()).add(chr(code))
    ways = {ch: sorted(into.get(ch, set()) | ({ch} if ord(ch) not in table_ else set())) for w in words for ch in w}
    written = {"".join(f"[{''.join(map(re.escape, ways[ch]))}]" for ch in w) for w in words if all(map(ways.get, w))}
    return "|".join(sorted(written, key=lambda w: (-len(w), w)))


# below, patterns of plain words and classes run on the re engine (quicker to call, same matches); the others on regex
#: words of a stock (拥有, 共有, 总数达, 已出台…)
_STOCK = re.compile(rf"(?:{alternation(_W['stock'])})[^,，;；。]*$")
#: how far before a figure its cue words are looked for, in characters
_CUE_REACH = 16
#: a stock named in a figure's subject as written (贷款余额, 貸款餘額): the figure and its change hold at a moment
#: (the subject is not folded first: quicker)
_STOCK_NOUN = re.compile(_as_written(_W["stock_nouns"]))
#: a table column's words that run its period from the year's start (本年累计), or move it a year back (上年同期)
_COLUMN_TO_DATE = re.compile(alternation(_T["columns"]["to_date"]))
_COLUMN_BEFORE = re.compile(alternation(_T["columns"]["year_before"]))
_COLUMN_WORDS = re.compile(alternation(_T["columns"]["to_date"] + _T["columns"]["year_before"]))
#: words of a goal: a year they follow is one to come (2024年,全市将…)
_GOAL_WORDS = re.compile(alternation(_W["ahead"]))
#: a comparison with the same period of another year: the figure is over a part of a year, not at a moment
_SAME_BASE = re.compile(alternation(_W["same_period"]))
#: words of a cap (不超过60天, 不大于5000平方米): with no period of its own, a standing rule
_CAP = re.compile(alternation(_W["caps"]))
#: a count of a place's divisions (全省14个市州): the place right before it, a division right after it
_D = _T["divisions"]
_WHOLE_PLACE = Before(_D["whole"])
_DIVISION = regex.compile(rf"(?:{alternation(w for w in _D['words'] if len(w) > 1)}"
                          rf"|(?:{alternation(w for w in _D['words'] if len(w) == 1)})"
                          rf"(?=[^\p{{Han}}]|{alternation(_D['next'])}|$))")
#: words of a flow: a moment named in an earlier sentence gives them its year
_FLOW = re.compile(alternation(_W["flow"]))
#: a flow word in a figure's own clause (新增6家,累计达到63家: 63家 is no flow)
_FLOW_HERE = re.compile(rf"(?:{alternation(_W['flow'])})[^,，;；。]*$")
_SENTENCE_END = re.compile(r"[。!?！？]")
#: the marks ending a clause: no expression of time holds one
_MARKS = ",，;；:：。!?！？"
#: the end of a clause: a count of years (三年跨越…, 近五年来…) sets the period only up to it
_CLAUSE_END = re.compile(rf"[{_MARKS}\n]")
#: between a start point's date and its figure (由上年的4.0:47.2:48.8)
_FROM_RUN = regex.compile(r"的?(?:[\d.]+[:：])*")
#: a verb right before 到 / 至 makes it part of the verb (增至, 提高到), not a due date
_VERB_BEFORE = re.compile(rf"(?:{alternation(_W['until_verbs'])})$")
#: what stands before a clause-opening count of years
_OPENERS = set("\n,，;；:：。!?！？ \t在从")


def _governs(m: _Expr, view: str) -> bool:
    """A period the figures after it can hold for: not a comparison base (比上年, 较2018年年底, 2022年同期;
    but 去年同期 opening its clause), not a run of years (连续3年), 近N年 only opening its clause (近五年来,…;
    not 创近5年新高)."""
    if m["pre"] in _IN["base"] or m["times"] or m["back"] == "连续" or m["post"] in _IN["base_after"] and not (
            m["post"] in _IN["same_period"] and m["pre"] is None and _opens(m, view)):
        return False
    return not m["back"] or _opens(m, view)


def _is_base(m: _Expr) -> bool:
    """Whether an expression is a comparison base (较上年, 2022年同期, 在2020年基础上, 是2020年的3.2倍)."""
    return m["pre"] in _IN["base"] or m["post"] in _IN["base_after"] or bool(m["times"])


def _opens(m: _Expr, view: str) -> bool:
    """Whether an expression opens its clause."""
    start = m[_AT][0]
    return start == 0 or view[start - 1] in _OPENERS

