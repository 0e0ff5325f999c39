"""The extraction pipeline: fold → quantities → exclusions → ranges → context → subjects → rows."""
from __future__ import annotations

import bisect
import gc
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace

import regex

from . import context, exclusions, grids, periods, quantities, subjects
from .normalize import fold, unglossed
from .places import Places
from .quantities import Quantity
from .text_units import sentences

#: between the bare numbers of a list sharing one unit: 、 和 及, perhaps with a short label (0.7、全省2.3个百分点)
#: a number at the start of a line or clause followed by 、 is a list marker (1、新增5家企业)
_MARKER_BEFORE = regex.compile(r"^$|[\n。;；:：!?！？(（]")
_LIST_SEP = regex.compile(r"(?:[、和及与]|以及)\p{Han}{0,3}")


def claims(text: str, meta: Mapping | None = None) -> list[dict]:
    """Every numeric claim of a text, as row dicts in text order (see schema.CLAIM_COLUMNS).

    `meta` is what is known of the document apart from its text: title, date, place, genre. Pinyin glosses
    (擴(kuò)大至) are read past; offsets stay those of `text`.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    with _collector_paused():
        if (glossed := unglossed(text)) is None:
            return _claims(text, meta)
        plain, index = glossed
        rows, sents, contexts = _claims(plain, meta), sentences(fold(plain)), {}
    for row in rows:
        row["start"], row["end"] = index[row["start"]], index[row["end"] - 1] + 1
        row["text"] = text[row["start"]:row["end"]]
        if row["sentence"] not in contexts and sents:
            s0, s1 = sents[row["sentence"]]
            contexts[row["sentence"]] = text[index[s0]:index[s1 - 1] + 1]
        row["context"] = contexts.get(row["sentence"], row["context"])     # the sentence as written, glosses and all
    return rows


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a text is read, unless it was off already. Reading makes no reference
    cycles (tests/test_properties.py checks it), and over a long text the collector's passes over every object the
    reading holds grew faster than the text: ten times a text took 11× the time with it, 9.8× without."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _claims(text: str, meta: Mapping | None) -> list[dict]:
    view = fold(text)
    blocked = exclusions.Blocked(view)
    qs = _share_units(quantities.find(view), view)
    qs = [q for q in qs if exclusions.is_claim(q, view, blocked) and math.isfinite(float(q.value))]
    qs = context.merge_ranges(qs, view)
    sents = sentences(view)
    starts = [s for s, _ in sents]
    goals, setting = context.Goals(view), periods.setting(view, meta)
    year = setting.date.year if setting.date else setting.span[0].year if setting.span else None
    by_sent: dict[int, list[Quantity]] = {}
    for q in qs:
        by_sent.setdefault(max(0, bisect.bisect_right(starts, q.start) - 1), []).append(q)
    kept: list[tuple[int, Quantity]] = []
    last: tuple[int, list[Quantity]] = (-2, [])
    # every sentence is read first, then the subjects of all: each stage's patterns stay warm over the text (a
    # sentence's reading touches only its own claims)
    for si, group in by_sent.items():
        s0, s1 = sents[si] if sents else (0, len(view))
        context.read(group, view, (s0, s1), goals.holds(s0), year)
    for si, group in by_sent.items():
        s0 = sents[si][0] if sents else 0
        group = [q for q in group if not q.extra.get("ordinal")]
        _subjects(group, text, view, s0)
        if group and last[0] == si - 1:                            # 按可比价格计算,同比增长10.5%: the sentence before's
            group[0].subject = group[0].subject or subjects.carried(view, s0, group[0], last[1])
        last = (si, group)
        kept.extend((si, q) for q in group)
    for q in grids.claims(view, [q for _, q in kept]):
        kept.append((max(0, bisect.bisect_right(starts, q.start) - 1), q))
    if not kept:
        return []                   # no claim: the places, periods and years of the text are not read
    rows, contexts, years = [], {}, context.Years(view)
    when = periods.Periods(view, setting)
    where = Places(view, meta, sorted(q.start for _, q in kept))
    feeds = _feeds(text)
    for si, q in kept:
        s0, s1 = sents[si] if sents else (0, len(view))
        if si not in contexts:
            contexts[si] = text[s0:s1]                              # one string per sentence, shared
        row = _row(q, text, view, si, s0, s1, years, when, contexts[si])
        row["place"], row["place_code"] = where.of(q, s0)
        row["page"] = bisect.bisect_left(feeds, q.start) + 1 if feeds else None
        rows.append(row)
    rows.sort(key=lambda r: (r["start"], r["end"]))
    return rows


def _feeds(text: str) -> list[int]:
    """Where the form feeds are: a PDF's text ends each page with one."""
    out, at = [], text.find("\f")
    while at >= 0:
        out.append(at)
        at = text.find("\f", at + 1)
    return out


def _share_units(qs: list[Quantity], view: str) -> list[Quantity]:
    """A unit (and multiplier, and an approximation written after it) written once after a list applies to every
    bare number in it (12、22.7、7.2个百分点, 3.2、1.5亿元, 46.2万、28.7万人次, 120、100和80个工作日内), and to
    every 个 standing for it (2.13个、2.46个、29.63个工作日)."""
    for i in range(len(qs) - 2, -1, -1):
        q, nxt = qs[i], qs[i + 1]
        if q.bare and not nxt.bare and nxt.unit_text and _LIST_SEP.fullmatch(view[q.end:nxt.start]) \
                and (q.multiplier == 1 or q.multiplier == nxt.multiplier) and not q.approx \
                and not _MARKER_BEFORE.match(view[q.start - 1:q.start]):
            value = q.value * (nxt.multiplier if q.multiplier == 1 else 1)       # 3.2、1.5亿元: 亿 for both
            qs[i] = replace(nxt, start=q.start, end=q.num_end, value=value, num_start=q.num_start,
                            num_end=q.num_end, low=None, high=None, bare=False, extra={},
                            approx=nxt.approx if nxt.start == nxt.num_start else None)   # 120、100和80个工作日内
        elif q.unit_text == "个" and nxt.unit_text and nxt.unit_text.startswith("个") and nxt.kind != "count" \
                and _LIST_SEP.fullmatch(view[q.end:nxt.start]):
            q.unit, q.kind = nxt.unit, nxt.kind          # 2.13个、2.46个、29.63个工作日: 个 stands for 个工作日
    return qs


def _subjects(group: list[Quantity], text: str, view: str, s0: int) -> None:
    for i, q in enumerate(group):
        q.subject = subjects.subject(view, i, s0, group)
    for cue, run in context.distributed(group, view):
        for q, name in zip(run, subjects.distributed(view, s0, cue, run, group)):
            q.subject = name
    for run in context.structures(group):
        for q, name in zip(run, subjects.split_list(run[0].subject or "", len(run)) or []):
            q.subject = name                                       # 三次产业结构6.1:38.2:55.7: 第一产业结构 …
    for q in group:
        if q.role == "to" and q.extra.get("from") is not None and q.extra["from"].start < q.start and \
                not (q.kind == "count" and len(subjects.following(view, q)) >= 2):
            q.subject = q.extra["from"].subject or q.subject     # 由20个工作日压缩到5个工作日: 审批时限
        if q.role == "to" and q.extra.get("from") is not None and q.extra["from"].start > q.start:
            k = group.index(q.extra["from"])                       # 压缩至15个工作日,较改革前的45个工作日压缩了三分之二
            for other in group[k:k + 2]:
                if other is group[k] or other.role == "change":
                    other.subject = q.subject
    written = subjects.as_written(text, view, s0, max((q.end for q in group), default=s0) + subjects.MAX)
    for q in group:
        q.subject = written(q.subject)                            # 規上工業增加值 stays traditional


def _row(q: Quantity, text: str, view: str, si: int, s0: int, s1: int, years: context.Years,
         when: periods.Periods, sentence: str) -> dict:
    period_start, period_end = when.of(q, s0)
    return {
        "start": q.start, "end": q.end, "text": text[q.start:q.end],
        "value": float(q.value), "low": None if q.low is None else float(q.low),
        "high": None if q.high is None else float(q.high), "low_unit": q.extra.get("low_unit"),
        "unit": q.unit, "kind": q.kind, "approx": q.approx, "role": q.role,
        "direction": q.direction if q.role != "level" else None,
        "subject": (q.subject or "").replace("\f", "") or None, "sentence": si, "unit_text": q.unit_text,
        "multiplier": float(q.multiplier), "period": q.extra.get("period") or context.period(view, q, s0, s1, years),
        "period_start": period_start, "period_end": period_end,
        "baseline": context.baseline(view, q, s0) if q.role in ("change", "from", "to") else None,
        "context": sentence,
    }
