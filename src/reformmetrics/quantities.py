"""Quantities in a text: a number with its multiplier, unit or classifier and adjacent qualifiers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from typing import NamedTuple

import regex

from . import numbers
from .tables import After, Before, alternation, table, word_tree

_UNITS = table("units")
_CUES = table("cues")
_EXCL = table("exclusions")

MEASURES: dict[str, tuple[str, str]] = {k: tuple(v) for k, v in _UNITS["measures"].items()}
CLASSIFIERS: list[str] = _UNITS["classifiers"]["count"]
DIGITS_ONLY: list[str] = _UNITS["classifiers"]["digits_only"]
HALF_AFTER: list[str] = _UNITS["half"]["after_unit"]          # 一年半
HALF_BEFORE: list[str] = _UNITS["half"]["before_unit"]        # 两个半月
OVER_INSIDE: list[str] = _UNITS["over"]["inside_unit"]        # 两个多月
APPROX_BEFORE: dict[str, str] = {w: k for k, ws in _CUES["approx"]["before"].items() if k != "steps" for w in ws}
STEPS = set(_CUES["approx"]["before"]["steps"])
APPROX_AFTER: dict[str, str] = {w: k for k, ws in _CUES["approx"]["after"].items() for w in ws}
NOT_AFTER = set(_CUES["approx"]["not_after"])
#: special surfaces: 成 (tenths), N大 (major …), N佳 / N强 (top-N lists)
SPECIAL_UNITS = {"成": ("percent", "percent"), "折": ("percent", "percent"), "大类": ("类", "count"), "大": (None, "count"),
                 "佳": (None, "rank"), "强": (None, "rank")}
#: 百分之N, 千分之N, 万分之N in percent
_PER_HUNDRED = {"百分之": Decimal(1), "千分之": Decimal("0.1"), "万分之": Decimal("0.01")}
#: units counting tenths (七成: 70%, 九折: 90%)
TENTHS = {"成", "折"}


def _unit_surfaces() -> list[str]:
    half = [u[:-1] + "半" + u[-1] if u.startswith("个") else "半" + u for u in HALF_BEFORE]
    half += [u + "半" for u in HALF_AFTER]
    over = [u[:1] + "多" + u[1:] for u in OVER_INSIDE]
    return list(MEASURES) + CLASSIFIERS + DIGITS_ONLY + half + over


@cache
def pattern() -> re.Pattern:
    """The compiled quantity grammar (the approximation words before a number are matched apart, by _PRE)."""
    num = numbers.NUMBER
    units = word_tree(_unit_surfaces())
    special = alternation(SPECIAL_UNITS)
    after = alternation(APPROX_AFTER)
    # what the parts after the number open with (余多几, a space, a unit, 成's tenth, a word after; keep in step
    # with them): one class tested before them all, as most numbers are followed by none
    tail = set("余多几 一二三四五六七八九") | {w[0] for w in [*_unit_surfaces(), *SPECIAL_UNITS, *APPROX_AFTER]}
    tail = "".join(map(re.escape, sorted(tail)))
    # the standard library's engine runs this grammar twice as fast as regex's; the look-ahead at the head
    # lists every character a quantity can open with (keep it in step with the forms), so a search skips the rest.
    # An optional part is written (?:…|), not (?:…)?: the same matches, but that engine runs (…)? as a loop
    # that copies every group matched so far
    return re.compile(
        rf"""
        (?=[\d\-{numbers.NUMERAL_CHARS}半首之翻第前])
        (?:
          (?!\d)(?:                       # the forms that cannot open with a digit, passed over at once before one
            (?P<pct>百分之|千分之|万分之)(?P<pct_num>{num})
          | (?=[{numbers.NUMERAL_CHARS}{numbers.POINT}]+分之)    # (分之 looked for first: most numerals are no fraction)
            (?P<frac_den>(?>{numbers.CHINESE}))分之(?P<frac_num>{numbers.CHINESE})   # (?>…): none shorter is followed by 分之
          | (?P<half>一半|半数|(?<=[过超逾近])半(?=[,;。、)”"]|$|以上|的))
          | (?P<first>首位|之首)
          | (?P<fan>翻(?:了)?(?:(?P<fan_near>近|将近|超过|超)|)(?:一|两|二)?番)
          | (?P<ord>第)[ ]?(?P<ord_num>{num})(?:[ ]?(?P<ord_unit>位|名)|)
          | (?P<top>前)[ ]?(?P<top_num>{num})(?:[ ]?(?P<top_unit>强|名|位)|)
          | (?<![上下前后每多])(?P<halfnum>半)(?=个?(?:小时|天|年(?!度)|工作日|星期)|个月)
          | (?=[{''.join(numbers.DIGITS)}十]{{2}})      # (two numerals looked for first: most are no pair)
            (?:(?P<pair_tens>[二三四五六七八九]?十)|)(?P<pair>{numbers.PAIR})(?P<pair_mult>[十百千万亿]{{0,2}})(?=(?:{units})|成)
          )
          | (?=\d\d?/)                     # (the slash looked for first: most numbers are no fraction)
            (?<![\d/.第])(?P<slash>\d{{1,2}})/(?P<slash_den>\d{{1,2}})(?![\d/]|页)
          | (?=[\d,. ]+:)                  # (a ratio's colon looked for first: most numbers are none, passed over at once)
            (?P<ratio>(?>{numbers.ARABIC})(?::(?:{numbers.ARABIC}))+)            # (?>…): none shorter is followed by :
          | (?<![\d.])(?:(?P<minus>-)|)(?P<num>(?:\d{{1,3}}[ ](?=\d{{1,3}}(?:{units}))|){num})
            (?:(?P<sep>[-~至到])(?P<num2>{num})|)
        )
        (?:(?=[{tail}])
          (?:(?P<over>余|多|(?<=十)几)(?:(?P<mult>[万亿]{{1,2}}(?=(?:{units})))|)|)
          (?:[ ](?=(?:{units})|(?:{special}))|)
          (?:(?P<unit>{units})|(?P<special>{special})|)
          (?:(?P<tenth>(?<=\d成|[一二两三四五六七八九]成)[一二三四五六七八九](?!(?:{units})|[十百千万亿点]))|)
          (?:(?P<post>{after})|)
        |)
        """,
        re.VERBOSE,
    )


#: an approximation word written right before a number (将近, 约), searched back from the number's start
_PRE = Before(APPROX_BEFORE, "[ ]?", " ")
_PRE_MAX = max(map(len, APPROX_BEFORE)) + 1
_PRE_LENGTHS = sorted({len(w) for w in APPROX_BEFORE}, reverse=True)
#: a noun naming a ratio earlier in the clause: a bare number after it is that ratio
_RATIO_OF = Before(_CUES["ratio"]["nouns"], r"[^,;。:\d]{0,10}(?:\d+(?:\.\d+)?[^;。:\d]{1,8})?", None)
#: a noun right before a bare number that names its unit (得分88.6: 分)
_UNIT_OF = {noun: unit for unit, nouns in _UNITS["bare_of"].items() for noun in nouns}
_UNIT_OF_BEFORE = Before(_UNIT_OF, "(?:为|是|达|:)?[ ]?", "为是达: ")
#: how far back a noun naming a ratio or a unit can start
_OF_REACH = 24


class _Groups:
    """The grammar's group numbers by name (m.group(G.num)): looking groups up by number is quicker, and the
    attributes of a class with slots are read quicker than a namespace's."""

    __slots__ = tuple(pattern().groupindex)

    def __init__(self):
        for name, number in pattern().groupindex.items():
            setattr(self, name, number)


G = _Groups()


@dataclass(slots=True)
class Quantity:
    """One quantity found in the text: its span, value and unit, before context is read."""
    start: int
    end: int
    value: Decimal
    kind: str
    unit: str | None = None
    unit_text: str | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    multiplier: Decimal = Decimal(1)
    approx: str | None = None
    num_start: int = 0          # where the number itself starts (after an approximation word)
    num_end: int = 0            # where the number ends (before its unit)
    bare: bool = False          # no unit or classifier written (a list member, or 超50万)
    role: str | None = None
    direction: str | None = None
    subject: str | None = None
    extra: dict = field(default_factory=dict)


_ONE = Decimal(1)


@lru_cache(maxsize=1 << 12)            # (bounded: surfaces differ from one text to the next)
def _number(surface: str) -> tuple[Decimal | None, Decimal]:
    """A number surface's value (None when it is not a number) and the multiplier written in it, in one look-up."""
    # (most surfaces, 2023, 9.58: as numbers.value reads them, sooner; digits alone, the commonest, without a match)
    if surface.isdecimal() or numbers.PLAIN_ARABIC.fullmatch(surface):
        return Decimal(surface), _ONE
    if (times := numbers.times_section(surface)) is not None:     # 12.5万: the section is its multiplier
        return times, Decimal(numbers.SECTIONS[surface[-1]])
    return numbers.value(surface), _multiplier(surface)


def _multiplier(surface: str) -> Decimal:
    out = Decimal(1)
    tail = surface.rstrip("0123456789.,点零〇一二三四五六七八九两十百千")
    for ch in reversed(tail):
        if ch in numbers.SECTIONS:
            out *= numbers.SECTIONS[ch]
        elif ch == "千" and not any(c.isdigit() for c in surface):
            break
        elif ch == "千":
            out *= 1000
        else:
            break
    return out


_LIST_NEXT = "、和及与"
#: a bare number with no multiplier (一, 2019, 3.5) is a claim only as a member of a list sharing a unit
_PLAIN = re.compile(r"[\d零〇一二三四五六七八九两十百千., ]+")


def _is_figure(view: str, start: int, end: int) -> bool:
    """Cheap test that the match at [start, end) can be a claim: anything but a plain number, or a plain number
    in a list."""
    return not _PLAIN.fullmatch(view, start, end) or view[end:end + 1] in _LIST_NEXT and end < len(view)


def find(view: str) -> list[Quantity]:
    """Every quantity in a folded text, left to right, not yet filtered by context."""
    out: list[Quantity] = []
    grammar, last_end, restart = pattern(), 0, 0
    while restart is not None:                             # (a scan starts again where a word was taken for a rank)
        at, restart = restart, None
        for m in grammar.finditer(view, at):
            start, end = m.span()
            # (most numbers follow no approximation word: a set test of the character before, then the look-up)
            pre = _pre(view, max(last_end, start - _PRE_MAX), start) if view[start - 1:start] in _PRE.last else None
            last_end = end
            # (a match closing with a group other than the number's is a figure: each holds a character _PLAIN has not)
            if pre is None and m.lastindex == G.num and not _is_figure(view, start, end):
                if q := _bare_of(m, pre, view):
                    out.append(q)                          # 城乡居民收入比由2.08缩小到2.02, 得分88.6
                continue
            q = _quantity(m, pre, view)
            if isinstance(q, Quantity):
                out.append(_bare_of(m, pre, view) or q if pre is not None and q.bare else q)   # 拆建比不宜大于2
            elif q is None:
                if m.group(G.top):
                    restart = last_end = m.start(G.top_num)    # 目前13个: 前 is part of a word, not a rank
                    break
            else:
                out.extend(q)
    return out


class _Pre(NamedTuple):
    """An approximation word before a number: where it starts, where it ends (with a space after it), the word."""
    start: int
    end: int
    word: str


def _pre(view: str, lo: int, end: int) -> _Pre | None:
    """The approximation word written right before the number at end, starting no earlier than lo."""
    last = view[end - 1] if end > lo else ""
    if last in _PRE.ends:                   # the word ends at the number: the longest one, as the pattern finds
        for n in _PRE_LENGTHS:
            if end - n >= lo and view[end - n:end] in APPROX_BEFORE:
                return _Pre(end - n, end, view[end - n:end])
        return None
    if last in (" ", "\n") and (m := _PRE.search(view, lo, end)):       # a space or a line break between
        return _Pre(m.start(), m.end(), m.group().rstrip(" "))
    return None


def _bare_of(m, pre, view: str) -> Quantity | None:
    """A bare number stated of a noun naming a ratio (收入比, 系数) or a unit (得分), with the approximation
    written before it; None when no such noun comes before it."""
    surface, num2 = m.group(G.num, G.num2)
    if surface is None or num2:
        return None
    at = m.start()
    reach = max(0, at - _OF_REACH)
    unit = (u := _UNIT_OF_BEFORE.search(view, reach, at)) and _UNIT_OF[u.group(1)]
    if not unit and not _RATIO_OF.search(view, reach, at):
        return None
    v = _number(surface)[0]
    if v is None:
        return None
    approx, start = _approx_before(pre, m, view)
    q = Quantity(start, m.end(G.num), v, "count" if unit else "ratio", unit, unit, approx=approx)
    return _finish(q, m.start(G.num), m.end(G.num))


def _approx_before(pre, m, view: str) -> tuple[str | None, int]:
    """The approximation written right before the number, and where the quantity starts."""
    if pre is None:
        return None, m.start()
    word = pre.word
    before = view[pre.start - 1] if pre.start else ""
    if len(word) == 1 and before in NOT_AFTER:
        return None, pre.end
    if word in ("上", "数", "几") and view[pre.end:pre.end + 1] not in ("十", "百", "千", "万", "亿"):
        return None, pre.end
    return APPROX_BEFORE[word], pre.start


#: a number followed by one of these is a date, not a part of a ratio
_DATE_UNITS = set("年月日号")
#: a sign is a minus, not a range dash, after these (同比增长-3.2%, 收窄至-10%)
MINUS_AFTER = set("至到为是达:,(降长加升少减")
#: 前十 is a rank only after one of these (进入全国前十); 前三季度 is a period
TOP_CUE = regex.compile(r"(?:进入|跻身|位居|位列|排名|排在|居|进|列)\p{Han}{0,4}$")
#: how far back a TOP_CUE can start: its longest cue and the words after it
TOP_CUE_REACH = 6
TOP_NOT_BEFORE = set("季年月个天批期轮周日次届")
#: 前三 standing as a noun (增速前三为甲、乙、丙; 最快的前三。) is a rank without a cue
TOP_AS_NOUN = re.compile(r"[为与是,;。、]|$")


def _quantity(m, pre, view: str) -> Quantity | list[Quantity] | None:
    approx, start = _approx_before(pre, m, view)
    surface, unit_text, special, minus, tenth, mult, num2, over, post = m.group(
        G.num, G.unit, G.special, G.minus, G.tenth, G.mult, G.num2, G.over, G.post)   # one call for all read below
    if surface is None:                                    # each other form sets only its own groups
        return _form(m, pre, view, approx, start)
    unit_text = unit_text or special
    v, multiplier = _number(surface)
    if v is None and pre:
        v = _sections_only(surface)                        # 过万家, 破亿, 突破万亿元: a multiplier alone
    if v is None:
        return None
    if minus:
        if view[max(0, m.start(G.minus) - 2):m.start(G.minus)].rstrip(" ")[-1:] in MINUS_AFTER:   # 增长 -3.2%
            v = -v
        elif pre is None:
            start = m.start(G.num)
    q = _with_unit(v, unit_text, start, m)
    if tenth:                                              # 九成五: 95%
        q.value, q.end = q.value + numbers.value(tenth), m.end(G.tenth)
    q.multiplier = multiplier
    if mult:                                               # 3000多万元: the multiplier after 多
        times = Decimal(1)
        for ch in mult:
            times *= numbers.SECTIONS[ch]
        q.value, q.multiplier = q.value * times, q.multiplier * times
    if num2:
        v2, mult2 = _number(num2)
        if v2 is None:
            return None
        if q.multiplier == 1 and mult2 != 1:
            v *= mult2                                     # 50-100万元: the multiplier is written once
        if q.unit_text in TENTHS:
            v, v2 = v * 10, v2 * 10
        if v2 < v:
            return None
        q.low, q.high, q.value, q.multiplier = v, v2, v2, mult2
    if q.kind == "count" and pre and pre.word in STEPS:
        approx, q.start = None, m.start()                  # 跃上两个台阶: the levels climbed
    q = _qualify(q, approx, m, over, post)
    num_start, num_end = m.span(G.num)
    return _finish(q, num_start, m.end(G.num2) if num2 else num_end)


def _form(m, pre, view: str, approx: str | None, start: int) -> Quantity | list[Quantity] | None:
    """A quantity written otherwise than as a number: a ratio, a rank, a share or multiple in words, two numerals."""
    if m.group(G.ratio):
        return _ratio(m, view, approx, start)
    if m.group(G.ord):
        return _ordinal(m)
    if m.group(G.first):                                   # 位居全省首位, 稳居全国之首: first, after a rank cue
        q = Quantity(m.start(G.first), m.end(G.first), Decimal(1), "rank")
        q.extra["ordinal"] = True
        return _finish(q, q.start, q.end)
    if m.group(G.top):
        return _top(m, view)
    special = _special(m, start)
    if special is not None:
        q, end = special
        post = m.group(G.post) if m.group(G.post) and m.start(G.post) == end else None
        if post in ("以上", "及以上", "以下", "及以下", "以内", "左右", "多", "余", "上下") or q.unit_text == "分之" and post == "多":
            q.end, approx = m.end(G.post), approx or APPROX_AFTER[post]
        q.approx = approx or q.approx
        return _finish(q, pre.end if pre else q.start, end)
    unit_text = m.group(G.unit) or m.group(G.special)
    if m.group(G.pair) is None or not unit_text:
        return None                                        # 零分之一, 半 without a unit
    return _pair(m, unit_text, start, approx)


def _sections_only(surface: str) -> Decimal | None:
    """The value of multipliers written alone, each larger than the one before (万: 10⁴, 万亿: 10¹²), else None."""
    out, last = Decimal(1), 0
    for ch in surface:
        step = numbers.SECTIONS.get(ch, 0)
        if step <= last:
            return None
        out, last = out * step, step
    return out if last else None


def _pair(m, unit_text: str, start: int, approx: str | None) -> Quantity:
    """Two adjacent numerals meaning "this or the next" (两三个月, 十五六家, 三四万元, 三四成): a range."""
    tens = numbers.value(m.group(G.pair_tens)) if m.group(G.pair_tens) else 0
    mult = Decimal(1)
    for ch in m.group(G.pair_mult):
        mult *= numbers.PLACES.get(ch) or numbers.SECTIONS[ch]
    low, high = ((tens + d) * mult for d in numbers.PAIRS[m.group(G.pair)])
    q = _with_unit(high, unit_text, start, m)
    q.low, q.high, q.multiplier = low * q.value / high, q.value, mult      # 三四成: tenths, as the value
    num_start = m.start(G.pair_tens) if m.group(G.pair_tens) else m.start(G.pair)
    return _finish(_qualify(q, approx, m, *m.group(G.over, G.post)), num_start, m.end(G.pair_mult))


def _special(m, start: int) -> tuple[Quantity, int] | None:
    """Percentages and multiples written in words (百分之六, 三分之一, 一半, 半小时, 翻番), with their end."""
    if m.group(G.pct):
        v = numbers.value(m.group(G.pct_num))
        scale = _PER_HUNDRED[m.group(G.pct)]
        end = m.end(G.pct_num)
        return (Quantity(start, end, v * scale, "percent", "percent", m.group(G.pct)), end) if v is not None else None
    if m.group(G.frac_den):
        den, numr = numbers.value(m.group(G.frac_den)), numbers.value(m.group(G.frac_num))
        end = m.end(G.frac_num)
        if not den or numr is None:
            return None
        return Quantity(start, end, numr * 100 / den, "percent", "percent", "分之"), end
    if m.group(G.half):
        return Quantity(start, m.end(G.half), Decimal(50), "percent", "percent", "一半"), m.end(G.half)
    if m.group(G.slash):                                   # 贡献了1/3: a fraction, read as a percent
        numr, den = Decimal(m.group(G.slash)), Decimal(m.group(G.slash_den))
        end = m.end(G.slash_den)
        return (Quantity(start, end, numr * 100 / den, "percent", "percent", "/"), end) if 0 < numr < den else None
    if m.group(G.fan):
        times = {"两": 3, "二": 3}.get(m.group(G.fan)[-2], 1)
        q = Quantity(start, m.end(G.fan), Decimal(times), "multiple", "times", m.group(G.fan))
        q.approx = APPROX_BEFORE.get(m.group(G.fan_near)) if m.group(G.fan_near) else None     # 翻了近一番
        return q, m.end(G.fan)
    if m.group(G.halfnum) and m.group(G.unit):
        q = _with_unit(Decimal("0.5"), m.group(G.unit), start, m)
        return q, q.end
    return None


def _ordinal(m) -> Quantity | None:
    v = numbers.value(m.group(G.ord_num))
    if v is None:
        return None
    end = m.end(G.ord_unit) if m.group(G.ord_unit) else m.end(G.ord_num)
    q = Quantity(m.start(G.ord), end, v, "rank", None, m.group(G.ord_unit))
    q.extra["ordinal"] = True
    return _finish(q, m.start(G.ord_num), m.end(G.ord_num))


def _top(m, view: str) -> Quantity | None:
    v = numbers.value(m.group(G.top_num))
    if v is None:
        return None
    end = m.end(G.top_unit) if m.group(G.top_unit) else m.end(G.top_num)
    if not m.group(G.top_unit) and (view[end:end + 1] in TOP_NOT_BEFORE or not (
            TOP_CUE.search(view, max(0, m.start(G.top) - TOP_CUE_REACH), m.start(G.top)) or TOP_AS_NOUN.match(view, end))):
        return None
    q = Quantity(m.start(G.top), end, v, "rank", None, m.group(G.top_unit))
    return _finish(q, m.start(G.top_num), m.end(G.top_num))


def _finish(q: Quantity, num_start: int, num_end: int) -> Quantity:
    q.num_start, q.num_end = num_start, num_end
    return q


def _with_unit(v: Decimal, unit_text: str | None, start: int, m) -> Quantity:
    end = m.end(G.unit)                                                          # the last one written
    if end < 0:
        end = max(m.end(G.special), m.end(G.over), m.end(G.num))
        end = end if end >= 0 else m.end()
    if unit_text is None:
        return Quantity(start, end, v, "count", None, None, bare=True)
    unit, kind, half, tenths = _UNIT_KINDS[unit_text]
    if half is not None:
        v = v + half
    if tenths:
        v = v * 10
    return Quantity(start, end, v, kind, unit, unit_text)


def _unit_kind(unit_text: str) -> tuple[str | None, str, Decimal | int | None, bool]:
    """The unit and kind a unit written after a number gives it, what it adds to the number (两个半月: a half;
    None: nothing) and whether it counts tenths (七成: 70%)."""
    if "半" in unit_text or "多" in unit_text:
        unit_key = unit_text.replace("半", "").replace("多", "")
        unit, kind = MEASURES.get(unit_key, (unit_key, "count"))
        return unit, kind, Decimal("0.5") if "半" in unit_text else 0, False
    if unit_text in MEASURES:
        return *MEASURES[unit_text], None, False
    if unit_text in SPECIAL_UNITS:
        return *SPECIAL_UNITS[unit_text], None, unit_text in TENTHS
    return unit_text, "count", None, False


#: every unit the grammar matches, read once (the unit group matches one of _unit_surfaces, the special one
#: one of SPECIAL_UNITS)
_UNIT_KINDS = {u: _unit_kind(u) for u in [*_unit_surfaces(), *SPECIAL_UNITS]}


def _qualify(q: Quantity, approx: str | None, m, over: str | None, post: str | None) -> Quantity:
    """Add the approximation written right after the number or its unit (余, 多, 以上, 内): `over` and `post`,
    the match's groups of those names."""
    if over:
        approx = approx or "over"
        if q.bare:
            q.end = m.end(G.over)
    if q.unit_text and "多" in q.unit_text:
        approx = approx or "over"
    if post:
        if post in ("内", "之内") and q.kind != "duration" or post == "强" or \
                post == "多" and q.kind != "duration" and q.unit_text not in ("成", "倍"):
            post = None
        if post:
            approx = approx or APPROX_AFTER[post]
            q.end = m.end(G.post)
    q.approx = approx
    return q


def _ratio(m, view: str, approx: str | None, start: int) -> Quantity | list[Quantity] | None:
    """1:1 is a ratio; a structure of three or more parts (0.1:10.3:89.6) is one percent per part."""
    parts = m.group(G.ratio).split(":")
    vals = [numbers.value(p) for p in parts]
    if any(v is None for v in vals) or (len(vals) == 2 and not vals[1]) or view[m.end(G.ratio):m.end(G.ratio) + 1] in _DATE_UNITS:
        return None                                     # 附件1:2023年…: a label's colon before a date
    if len(parts) <= 3 and all(len(p) == 2 and p.isdigit() for p in parts[1:]) and \
            (sum(vals) != 100 if len(parts) == 3 else not _RATIO_OF.search(view, max(0, start - _OF_REACH), start)):
        return None                                     # a clock time (19:13, 09:41:23), not shares (3:40:57) or 师生比1:13
    if len(vals) == 2:
        q = Quantity(start, m.end(G.ratio), vals[0] / vals[1], "ratio", approx=approx)
        return _finish(q, m.start(G.ratio), m.end(G.ratio))
    out, at = [], m.start(G.ratio)
    for part, v in zip(parts, vals):
        q = _finish(Quantity(at, at + len(part), v, "percent", "percent"), at, at + len(part))
        q.extra["structure"] = True
        out.append(q)
        at += len(part) + 1
    return out
