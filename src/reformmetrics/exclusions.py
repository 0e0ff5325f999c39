"""What is not a claim: dates, identifiers, names, list markers, idioms, labels."""
from __future__ import annotations

import bisect
import re
import string
from functools import cache

import regex

from . import places
from .numbers import PAIR
from .quantities import DIGITS_ONLY, Quantity
from .tables import After, Before, alternation, table, word_tree
from .text_units import clause_start

_EX = table("exclusions")
_ID_AFTER = After(_EX["identifier"]["after"])
_QUOTE_MAX = _EX["identifier"]["quoted_max_chars"]
_COUNTER = Before(_EX["identifier"]["page_counters"], "(?::[ ]*|[ ]+)", ": ")
_LABEL_AFTER = Before(_EX["ordinal"]["label_after"])
_WORD_AFTER = _EX["word_after"]
#: characters after N大 / N成 that make 大 / 成 part of another word (大学, 大力; 成为, 成果)
_BIG_WORDS = set(_WORD_AFTER["big"])
_CHENG_WORDS = set(_WORD_AFTER["cheng"])
_ZHE_WORDS = set(_WORD_AFTER["zhe"])
_CLASSIFIER_WORDS = {k: set(v) for k, v in _WORD_AFTER["classifier_words"].items()}
# (plain patterns are compiled by the standard library's engine, called quicker than regex's; \p{Han} needs regex)
_DISCOUNT = re.compile(r"[1-9](?:\.\d)?|[一二两三四五六七八九]")           # 九折, 8.5折
_VERSION_AFTER = After(_WORD_AFTER["version"])
_DATE_AFTER = After(_WORD_AFTER["year"])
_AGO = After(_WORD_AFTER["duration_ago"])
_NAME_AFTER = After(_WORD_AFTER["duration_name"])
_ONE_DURATION_BEFORE = Before(_EX["one"]["duration_before"])
_DONE_AFTER = After(_EX["one"]["duration_after"])
_ONE_COUNT_BEFORE = Before(_EX["one"]["count_before"])
_RANK_MOVE = Before(table("cues")["rank"]["moves"], "了?", "了")
_NUM_IN_QUOTE = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十半]+)"
_QUOTED_FIGURE = regex.compile("|".join(f"(?:{p.replace('NUM', _NUM_IN_QUOTE)})" for p in _EX["identifier"]["quoted_figures"]))
_FRAME_BEFORE = re.compile(f"(?:{alternation(_EX['time_frame']['before'])})?")
_FRAME_REACH = max(map(len, _EX["time_frame"]["before"])) + 1     # a clause start further back is not a frame
_FRAME_LEAD = Before(_EX["time_frame"]["lead"], "[ ]?", " ")
_DURATION_VERB = Before(_EX["time_frame"]["duration_verbs"])
_DAY_DURATION = Before(_EX["day"]["duration_before"], "[ ]?", " ")
_FRAME_AFTER = re.compile(f"(?:{alternation(_EX['time_frame']['after'])})?[,;:]")
_FRAME_AFTER_FIRST = frozenset(w[0] for w in _EX["time_frame"]["after"]) | frozenset(",;:")   # (a set test before a match)
_NUMERAL = re.compile(r"[\d一二三四五六七八九十两百千万]")
_SENTENCE_PUNCT = re.compile(r"[,;。]")
_LETTER = frozenset(string.ascii_letters)
#: kinds whose units are measures, not classifiers: a number of one may follow letters (GDP2423亿元)
_MEASURED = {"percent", "money", "area", "length", "mass", "volume", "percentage_point", "concentration", "energy", "power"}
_TENTHS = re.compile(rf"[一二两三四五六七八九十1-9]|{PAIR}")       # 七成, 三四成
_DIGIT = re.compile(r"\d")
_VERSION = re.compile(r"\d+\.0")
_MULTIPLIED = re.compile(r"\d[万亿]|[一二三四五六七八九十百千][万亿]")
_SECTIONS_ONLY = re.compile(r"[万亿]+")
_PASSING = set(_EX["bare_multiplier"]["after"])
_YEAR = re.compile(r"[12]\d{3}|[一二][〇零一二三四五六七八九]{3}")


_DIVISION = _EX["division_name"]
_SUFFIX_WORDS = tuple(_DIVISION["suffix_words"])
_PLACE_JOINERS = set(_DIVISION["list_joiners"])
_ADVERBS = set(_EX["ordinal_adverb"]["words"])
_ADVERB_COUNT_AFTER = set(_EX["ordinal_adverb"]["count_after"])
_ADVERB_LENGTHS = {len(w) for w in _ADVERBS}          # (a length test before a slice of the text)
_HAN = regex.compile(r"\p{Han}")
_NUMERAL_OPENING = set("零〇一二两三四五六七八九十百千万")
#: the longest name looked for before a joiner (三台、盐亭: a list of places)
_NAME_BACK = 6


@cache
def _numeral_names() -> dict[str, tuple[tuple[str, str], ...]]:
    """Division names opening with a numeral (三台县, 七台河, 三家子镇) with how each is written, by their first
    two characters, longest first."""
    out: dict[str, list[tuple[str, str]]] = {}
    for word, (how, _) in places.gazetteer().names.items():
        if how in ("full", "short", "town") and len(word) >= 2 and word[0] in _NUMERAL_OPENING:
            out.setdefault(word[:2], []).append((word, how))
    return {two: tuple(sorted(names, key=lambda n: -len(n[0]))) for two, names in out.items()}


def _in_division_name(q: Quantity, view: str) -> bool:
    """Whether the quantity's numeral opens a division's name written there (三台县, 七台河市, 五家渠)."""
    names = _numeral_names().get(view[q.num_start:q.num_start + 2])
    for word, how in names or ():
        end = q.num_start + len(word)
        if not view.startswith(word, q.num_start):
            continue
        if how == "short":
            if end > q.end or _listed_place(view, q.num_start, end):
                return True                                   # 七台河; 三台、盐亭
            continue
        if how == "town" and any(view.startswith(w, end - j) for w in _SUFFIX_WORDS for j in (1, 2)
                                 if word.endswith(w[:j])):
            continue                                          # 五户乡村振兴: households, then villages
        return True
    return False


def _listed_place(view: str, start: int, end: int) -> bool:
    """Whether the name at [start, end) stands in a list of places (三台、盐亭, 盐亭和三台)."""
    names = places.gazetteer().names
    if view[end:end + 1] in _PLACE_JOINERS and any(
            view[end + 1:end + 1 + n] in names for n in places.gazetteer().lengths.get(view[end + 1:end + 3], ())):
        return True
    return start > 0 and view[start - 1] in _PLACE_JOINERS and any(
        view[start - 1 - n:start - 1] in names for n in range(2, _NAME_BACK + 1) if start - 1 - n >= 0)


#: plain alternations of words scan faster in the standard library's engine, quicker still as a tree
@cache
def _idioms() -> re.Pattern:
    return re.compile(word_tree(_EX["words"]["idioms"]))


@cache
def _quotes() -> re.Pattern:
    return re.compile(rf"[“\"'‘《]([^”\"'’》\n]{{1,{_QUOTE_MAX}}}|{_SLOGAN})[”\"'’》]")


#: a quoted slogan of numbered items (“一条主线、两个抓手、三项机制”), however long
_SLOGAN = r"[一二两三四五六七八九十]+[个条项大种类支张]\w{1,4}(?:、[一二两三四五六七八九十]+[个条项大种类支张]\w{1,4}){1,5}"


class Blocked:
    """Spans where no number is a claim (idioms and short quoted labels), for overlap look-ups."""

    def __init__(self, view: str):
        spans = [m.span() for m in _idioms().finditer(view)]
        for m in _quotes().finditer(view):
            inner = m.group(1)
            if _NUMERAL.search(inner) and not _SENTENCE_PUNCT.search(inner) and not _QUOTED_FIGURE.fullmatch(inner):
                spans.append(m.span(1))
        spans.sort()
        self.starts = [s for s, _ in spans]
        #: by the number of spans starting before a point: the furthest end among the last four of them
        ends = [-1, -1, -1] + [e for _, e in spans]        # (-1 before the first: no span ends there)
        self.reach = [-1, *map(max, ends, ends[1:], ends[2:], ends[3:])]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a blocked span."""
        return start < self.reach[bisect.bisect_left(self.starts, end)]


#: the characters before a number that a test of is_claim reads: a label's last, a plus sign, a letter
_BEFORE_READ = _LABEL_AFTER.last | {"+"} | _LETTER


def is_claim(q: Quantity, view: str, blocked: Blocked) -> bool:
    """Whether a quantity is a claim rather than a date, code, name, marker or idiom."""
    num_start, num_end, unit_text = q.num_start, q.num_end, q.unit_text
    before = view[num_start - 1] if num_start > 0 else ""
    # (each test down to `bare` makes a quantity no claim, whatever their order: the character before is read by
    # those testing it only when it is one they read, and the windows before are searched only when they end as a
    # match would: set tests without a call)
    if blocked.overlaps(num_start, num_end) and not (unit_text and unit_text[0] == "翻"):
        return False                                          # (翻了一番 holds the phrase 一番, and is a figure)
    if before in _BEFORE_READ and (
            before == "+" or before in _LETTER and not (q.kind in _MEASURED and q.multiplier == 1 and not q.bare
                                                        or q.multiplier != 1 and unit_text)
            or before in _LABEL_AFTER.last and _LABEL_AFTER.search(view, max(0, num_start - 3), num_start)):
        return False                                          # PM2.5, G20, M2, C919; but GDP2423亿元, CPI2.1%
    after_number = view[num_end:num_end + 1]
    if after_number == "+" or (view[q.end:q.end + 1] if unit_text and unit_text[0] in _LETTER else after_number) \
            in _LETTER:
        return False                                          # 5G, 3D; 12km and 3335万TEU have their unit in letters
    if (before if q.start == num_start else view[q.start - 1:q.start]) in _COUNTER.last and \
            _COUNTER.search(view, max(0, q.start - 6), q.start):
        return False                                          # 阅读量:1.2万: the page's counter
    if q.bare:
        return _bare_ok(q, view)
    if unit_text is None and q.kind == "count":
        return False
    if q.extra.get("ordinal"):
        return True                                           # kept only after a rank cue (context.read)
    surface = view[num_start:num_end]
    if (unit_text == "日" or q.kind == "duration" or q.unit in ("year", "month")) and _is_date(q, view, surface):
        return False                                          # (the only quantities _is_date can hold of)
    if unit_text is None and _ID_AFTER.match(view, num_end):
        return False
    if surface == "一" and q.low is None:
        return _one_ok(q, view)
    if surface in ("百", "千") and not q.approx and unit_text not in ("强", "佳", "大"):
        return False
    if surface[:1] in _NUMERAL_OPENING and view[num_start:num_start + 2] in _numeral_names() \
            and _in_division_name(q, view):
        return False                                          # 三台县, 七台河市: a place's name
    after = view[q.end:q.end + 1]
    if q.end - q.start in _ADVERB_LENGTHS and view[q.start:q.end] in _ADVERBS and after not in _ADVERB_COUNT_AFTER \
            and _HAN.match(after):
        return False                                          # 二次办理: a second time
    if unit_text in _WORD_UNITS and _word_unit(unit_text, surface, after, view[num_end + 1:num_end + 2]):
        return False                                          # (most units have no test of their own)
    if surface.endswith(".0") and _VERSION.fullmatch(surface) and _VERSION_AFTER.match(view, q.end):
        return False
    return True


#: units with a test of their own (_word_unit)
_WORD_UNITS = {"大", "大类", "成", "折", "期", *DIGITS_ONLY, *_CLASSIFIER_WORDS}


def _word_unit(unit_text: str, surface: str, after: str, second: str) -> bool:
    """Whether the unit and the characters after it (`after`, then `second`) make a word, not a figure's unit."""
    if unit_text in ("大", "大类") and (after in _BIG_WORDS or second in _BIG_WORDS and unit_text == "大"):
        return True
    if unit_text == "成" and (after in _CHENG_WORDS or not _TENTHS.fullmatch(surface)):
        return True
    if unit_text in DIGITS_ONLY and not _DIGIT.search(surface):
        return True                                           # 三区三线: a name
    if after in _CLASSIFIER_WORDS.get(unit_text, ()):
        return True                                           # 3部门, 5分局
    if unit_text == "折" and (after in _ZHE_WORDS or not _DISCOUNT.fullmatch(surface)):
        return True
    return unit_text == "期" and not _DIGIT.search(surface)   # 二期: a phase


def _bare_ok(q: Quantity, view: str) -> bool:
    """A number with no unit is a claim when a multiplier or approximation makes it a figure (超50万)."""
    surface = view[q.num_start:q.num_end]
    if _SECTIONS_ONLY.fullmatch(surface):
        return view[q.start:q.num_start].rstrip(" ") in _PASSING            # 突破万亿, 破亿
    return bool(_MULTIPLIED.search(surface)) and q.low is None and not _DATE_AFTER.match(view, q.end)


def _is_date(q: Quantity, view: str, surface: str) -> bool:
    # (each test alone makes a date: the commonest, a year, is tested first)
    if q.unit == "year" and q.unit_text in ("年", "年半"):         # 2023年半年考: a year, not 2023.5 years
        digits = surface.replace(",", "")
        if _YEAR.fullmatch(digits) or q.low is not None and _YEAR.match(digits):
            return True
        if _DATE_AFTER.match(view, q.end):
            return True
    if q.unit_text == "日" and q.approx != "under" and not _DONE_AFTER.match(view, q.end) and not (
            _DAY_DURATION.search(view, max(0, q.num_start - 3), q.num_start) and "月" not in view[max(0, q.num_start - 8):q.num_start]):
        return True                                           # 12月20日; 3日内 and 由30日压缩至15日 are durations
    if q.kind == "duration" and _AGO.match(view, q.end):
        return True                                           # 五年前: a point in time
    if q.unit in ("year", "month") and (lead := _FRAME_LEAD.search(view, max(0, q.num_start - 3), q.num_start)) and \
            not _DURATION_VERB.search(view, max(0, lead.start() - 2), lead.start()) and \
            not _DURATION_VERB.search(view, max(0, lead.end() - 2), lead.end()):
        return True                                           # 近三年新认定, 未来5年将新建: the period of the statement
    if q.unit == "year" and _NAME_AFTER.match(view, q.end):
        return True                                           # 三年行动计划, 五年期: a plan's or a tenor's name
    if q.kind == "duration" and view[q.end:q.end + 1] in _FRAME_AFTER_FIRST and _FRAME_AFTER.match(view, q.end) and \
            _FRAME_BEFORE.fullmatch(view, clause_start(view, q.start, max(0, q.start - _FRAME_REACH)), q.start):
        return True                                           # 三年来, …: the time frame of the sentence
    return False


def _one_ok(q: Quantity, view: str) -> bool:
    """一 with a unit is a figure only as a multiple, a duration used as one (一天内, 一天办成), the result of a
    merge (整合为一个) or a move in a ranking (上升一位)."""
    if q.kind == "multiple" or q.unit_text == "成":
        return True                                           # 提高了一倍, 高出近一成
    if q.kind == "duration":
        return bool(q.approx) or bool(_ONE_DURATION_BEFORE.search(view, max(0, q.start - 3), q.start)) \
            or bool(_DONE_AFTER.match(view, q.end))
    if q.unit_text in ("位", "名") and _RANK_MOVE.search(view, max(0, q.start - 3), q.start):
        return True
    return bool(_ONE_COUNT_BEFORE.search(view, max(0, q.start - 3), q.start))
