"""What is not a claim: dates, identifiers, names, list markers, idioms, labels."""
from __future__ import annotations

from functools import cache

import regex

from .quantities import Quantity
from .tables import alternation, table

_EX = table("exclusions")
_ID_AFTER = alternation(_EX["identifier"]["after"])
_QUOTE_MAX = _EX["identifier"]["quoted_max_chars"]
#: characters after N大 that make 大 part of another word (大学, 大厦, 大力)
_BIG_WORDS = set("学厦道会楼桥街队型量力幅众概约中小规陆湾区")
_CHENG_WORDS = set("为立果效功本员长熟交型都绩")


@cache
def _idioms() -> regex.Pattern:
    return regex.compile(alternation(_EX["words"]["idioms"]))


@cache
def _quotes() -> regex.Pattern:
    return regex.compile(rf"[“\"'‘《]([^”\"'’》\n]{{1,{_QUOTE_MAX}}})[”\"'’》]")


def blocked_spans(view: str) -> list[tuple[int, int]]:
    """Spans where no number is a claim: idioms and short quoted labels."""
    spans = [m.span() for m in _idioms().finditer(view)]
    for m in _quotes().finditer(view):
        inner = m.group(1)
        if regex.search(r"[\d一二三四五六七八九十两百千万]", inner) and not regex.search(r"[,;。]", inner):
            spans.append(m.span(1))
    return sorted(spans)


def is_claim(q: Quantity, view: str, blocked: list[tuple[int, int]]) -> bool:
    """Whether a quantity is a claim rather than a date, code, name, marker or idiom."""
    before = view[q.num_start - 1] if q.num_start > 0 else ""
    after = view[q.end] if q.end < len(view) else ""
    surface = view[q.num_start:q.num_end]
    if any(s < q.num_end and q.num_start < e for s, e in blocked):
        return False
    if before == "+" or view[q.num_end:q.num_end + 1] == "+":
        return False
    if regex.match(r"[A-Za-z]", view[q.num_end:q.num_end + 1]):
        return False
    if q.bare:
        return _bare_ok(q, view)
    if q.unit_text is None and q.kind == "count":
        return False
    if q.extra.get("ordinal"):
        return True                                           # kept only after a rank cue (context.read)
    if _is_date(q, view, surface):
        return False
    if regex.match(_ID_AFTER, view[q.num_end:q.num_end + 3]) and q.unit_text is None:
        return False
    if surface == "一" and q.low is None:
        return _one_ok(q, view)
    if surface in ("百", "千") and not q.approx and q.unit_text not in ("强", "佳", "大"):
        return False
    if q.unit_text in ("大", "大类") and (after in _BIG_WORDS or view[q.num_end + 1:q.num_end + 2] in _BIG_WORDS
                                          and q.unit_text == "大"):
        return False
    if q.unit_text == "成" and (after in _CHENG_WORDS or not regex.fullmatch(r"[一二三四五六七八九十]", surface)):
        return False
    if q.unit_text == "期" and not regex.search(r"\d", surface):
        return False                                          # 二期: a phase
    if regex.fullmatch(r"\d+\.0", surface) and regex.match(r"版|模式|时代", view[q.end:q.end + 2]):
        return False
    return True


def _bare_ok(q: Quantity, view: str) -> bool:
    """A number with no unit is a claim when a multiplier or approximation makes it a figure (超50万)."""
    surface = view[q.num_start:q.num_end]
    return bool(regex.search(r"\d[万亿]|[一二三四五六七八九十百千][万亿]", surface)) and q.low is None


def _is_date(q: Quantity, view: str, surface: str) -> bool:
    if q.unit == "year" and q.unit_text == "年":
        digits = surface.replace(",", "")
        if regex.fullmatch(r"[12]\d{3}", digits) or regex.fullmatch(r"[一二][〇零一二三四五六七八九]{3}", digits):
            return True
        if q.low is not None and regex.match(r"[12]\d{3}", digits):
            return True
        if regex.match(r"底|末|初|度|代|级|制", view[q.end:q.end + 1]):
            return True
    return False


def _one_ok(q: Quantity, view: str) -> bool:
    """一 with a unit is a figure only as a multiple or a duration used as one (一天内, 提高了一倍)."""
    if q.kind == "multiple":
        return True
    if q.kind == "duration":
        return bool(q.approx) or bool(regex.search(r"(?:至|到|为|用时|仅|只|需|要)$", view[max(0, q.start - 2):q.start]))
    return False
