"""The subject of a claim: the shortest noun phrase that says what is measured."""
from __future__ import annotations

from functools import cache

import regex

from .quantities import Quantity
from .tables import alternation, table
from .text_units import clause_start

_S = table("subjects")
DELIMITERS = set(_S["delimiters"])
MAX = _S["max_chars"]


@cache
def _patterns():
    lead = regex.compile(rf"^(?:{alternation(_S['leading'])})+")
    trail = regex.compile(rf"(?:{alternation(_S['trailing'])})+$")
    stop = regex.compile(alternation(_S["following_stops"]))
    base = regex.compile(r"(?:同比|环比|较[^,，;；。]{0,12}?(?:年底|年末|年初|同期|上年|去年)|比上年|比去年|"
                         r"(?:增长|下降|减少|提高|提升|降低|压缩|缩短|上升|增加)(?:了)?(?:至|到)?)+$")
    period = regex.compile(r"^(?:截至)?(?:\d{4}年)?(?:\d{1,2}(?:-\d{1,2})?月(?:份|底|末)?)?(?:\d{1,2}日)?"
                           r"(?:上半年|下半年|前三季度|全年|以来|年底|年末|底)?(?:,)?")
    return lead, trail, stop, base, period


def clean(phrase: str) -> str:
    """A phrase with leading scope words and trailing lead-in verbs stripped."""
    lead, trail, _, base, period = _patterns()
    out = phrase.strip(" 、")
    for _ in range(3):
        before = out
        out = period.sub("", out, count=1) if period.match(out) and period.match(out).end() else out
        out = lead.sub("", out)
        out = base.sub("", out)
        out = trail.sub("", out)
        out = out.strip(" 、")
        if out == before:
            break
    return out


def following(view: str, q: Quantity) -> str:
    """The noun phrase right after a quantity (5所公办幼儿园), or ''."""
    _, _, stop, _, _ = _patterns()
    i, end = q.end, min(len(view), q.end + MAX)
    j = i
    while j < end and view[j] not in DELIMITERS and not regex.match(r"[\d%]", view[j]):
        if stop.match(view, j):
            break
        j += 1
    return view[i:j].strip("“”\"' ")


def preceding(view: str, q: Quantity, floor: int, claims: list[Quantity]) -> str:
    """The phrase between the clause start (or the previous claim) and the quantity, cleaned."""
    start = clause_start(view, q.start, floor)
    for other in claims:
        if start <= other.end <= q.start and other is not q and other.unit_text not in ("大", "大类"):
            start = other.end
    raw = view[max(start, q.start - 40):q.start]
    return clean(raw)


def subject(view: str, q: Quantity, floor: int, claims: list[Quantity]) -> str:
    """The subject of one quantity, from the phrase after it (counts) or before it."""
    after = following(view, q) if q.kind in ("count", "rank") and not q.bare else ""
    if len(after) >= 2:
        return after
    before = preceding(view, q, floor, claims)
    if before:
        return before
    return after or following(view, q)


def split_list(phrase: str, n: int) -> list[str] | None:
    """A phrase naming n things (两抢、两盗、八类暴力警情) as n subjects, sharing the last one's head."""
    parts = [p for p in regex.split(r"、|和|及|与|以及", phrase) if p]
    if len(parts) != n:
        return None
    parts[0] = regex.sub(r"^(?:全年|全区|今年)?各", "", parts[0])
    head = parts[-1][len(parts[0]):] if len(parts[-1]) > len(parts[0]) + 1 else ""
    return [p + head for p in parts[:-1]] + [parts[-1]]
