"""What the words around a quantity say about it: range, role, direction, baseline, period, 分别."""
from __future__ import annotations

import bisect
import re
from decimal import Decimal
from functools import cache, lru_cache

import regex

from . import numbers
from .quantities import Quantity
from .tables import alternation, table
from .text_units import clause_start, line_starts

_EX_WORDS = table("exclusions")["word_after"]

_C = table("cues")
UP, DOWN, MERGE = _C["change"]["up"], _C["change"]["down"], _C["change"]["merge"]
DIRECTION = {**{w: "down" for w in DOWN}, **{w: "up" for w in UP}}
FREQUENCY = {w: unit for unit, ws in _C["frequency"].items() for w in ws}
CLAUSE_APPROX = {w: k for k, ws in _C["approx"]["clause"].items() for w in ws}
#: verbs that reach an end point (增长到, 整合为, 新增到)
_VERBS = [*DIRECTION, *MERGE, *_C["role"]["to_verbs"]]
#: word lists read both by the patterns and by their quick tests of a first or last character
_QUALIFIERS = _C["role"]["qualifiers"]
_QUALIFIERS_WITHIN = [*_QUALIFIERS, *_C["role"]["goal_qualifiers"]]
_SAVING_WORDS, _RATE_VERBS = _C["change"]["saving"], _C["change"]["rate_verbs"]
#: how many characters may follow a change verb before its figure in a far change (减少审批环节12个)
_FAR = 8


@cache
def _p():
    verbs = alternation(_VERBS)
    fill = alternation(_C["change"]["fillers"])
    to = rf"(?:{alternation(_C['role']['to_markers'])})(?!(?<=成)[{''.join(_EX_WORDS['cheng'])}])"   # 降成本: no 成
    rates = _C["change"]["rate_before_up"] + _C["change"]["rate_before_down"]
    # (a pattern needing no feature of the regex engine (a \p class, a backward search) runs on the re engine: quicker
    # to call, and to skip to the words it opens with, told their first characters when it opens with a look-behind)
    return {
        "to": re.compile(rf"{_opening(_VERBS)}(?<!新)({verbs})(?:了)?(?:分别)?(?:{to})(?:{fill})*$"),
        "change": re.compile(rf"{_opening(DIRECTION)}(?<![新净])({alternation(DIRECTION)})(?:{fill})*$"),
        "to_far": re.compile(rf"{_opening(_VERBS)}(?<!新)({verbs})(?:了)?(?:{to})[^,;。，；]{{0,50}}$"),
        "result": re.compile(rf"(?:{alternation(_C['role']['result_markers'])})[^,;。，；]{{0,20}}$"),
        "merge": re.compile(alternation(MERGE)),
        "any_verb": re.compile(verbs),
        "list_gap": re.compile(r"[、,，和及与]|以及"),
        "label_gap": regex.compile(r"(?:[、和及与]|以及)(?:(?![占比率为达重是])\p{Han}){0,3}"),
        "run_gap": re.compile(rf"(?:[、,，和及与]|以及)(?:{alternation(DIRECTION)})?"),
        "from": re.compile(rf"(?:{alternation(_C['role']['from_markers'])}|将)[^,;。，；]{{0,12}}$"),
        "rate": re.compile(rf"^(?:{alternation(_QUALIFIERS)})?的[^,;。，；\d]{{0,6}}?(?:({alternation(rates)})|"
                              rf"({alternation(_C['change']['rate_up'] + _C['change']['rate_down'])})(?:[率速幅]|(?=[,;。，；]|$)))"),
        "exceed": re.compile(rf"({alternation(_C['change']['exceed_up'] + _C['change']['exceed_down'])})[^,;。，；\d]{{1,8}}$"),
        "target_after": re.compile(rf"(?:{alternation(_QUALIFIERS_WITHIN)})?的[^,;。，；\d]{{0,8}}?(?:{alternation(_C['role']['target_after'])})"
                                      rf"|(?:{alternation(_C['role']['target_after_verbs'])})"),
        "rate_topic": re.compile(rf"(?:{alternation(rates)})(?:{alternation(_C['change']['rate_topics'])})[,:]?[^;。；]{{0,40}}$"),
        "ceiling": re.compile(alternation(_C["role"]["ceilings"])),
        "target_before": re.compile(rf"(?:{alternation(_C['role']['target_before_figure'])})(?=[约近超]?[\d一二三四五六七八九十两百千万])"),
        "restructure": re.compile(rf"(?:{alternation(_C['role']['restructure_verbs'])})(?:为|到|至)"),
        "compare_base": re.compile(rf"[,，]?(?:{alternation(_C['change']['compare_base'])})[^,;。，；\d]{{0,10}}?(?:\d{{4}}年)?[^,;。，；\d]{{0,4}}"),
        "compare": re.compile(rf"(?:比|较)[^,;。，；\d]{{1,8}}?({alternation(_C['change']['compare_up'] + _C['change']['compare_down'])})(?:了)?$"),
        "creation": re.compile(rf"(?:{alternation(_C['change']['creation'])})[、和及与]$"),
        "rate_before": re.compile(rf"({alternation(_C['change']['rate_before_up'] + _C['change']['rate_before_down'])})(?:分别)?(?:{alternation(_RATE_VERBS)})?(?:分别)?$"),
        "change_far": regex.compile(rf"(?<![新净])({alternation(w for w in DIRECTION if len(w) > 1)})(?![值率量额幅速类型面极])(?:(?![的率为是])\p{{Han}}){{1,{_FAR}}}$"),
        "target_year": re.compile(r"(?:^|[,，;；。])(力争|计划|预计)?到(20\d{2})年"),
        "year_of": re.compile(r"((?:19|20)\d{2})年"),
        "saving": re.compile(rf"({alternation(_SAVING_WORDS)})(?!率)[^,;。，；\d]{{0,12}}$"),
        "target": regex.compile(rf"(?:{alternation(_C['role']['target'])})|(?:{alternation(_C['role']['goal_intro_verbs'])})了?\p{{Han}}{{0,6}}目标[,:]"
                                rf"|(?:{alternation(_C['role']['target_leads'])})"
                                rf"(?:{alternation(_C['role']['target_adverbs'])})?(?:{alternation(_C['role']['target_verbs'])})"),
        "freq": re.compile(rf"({alternation(FREQUENCY)})[^,;。，；\d]{{0,8}}$"),
        "label": re.compile(alternation(_C["rank"]["labels_after"])),
        "rank_unit": re.compile(rf"(?:{alternation(w for w in _C['rank']['before'] if len(w) > 1 and w != '保持')})"
                                   rf"(?:{alternation(_C['rank']['scopes'])})?$"),
        "rank_move": re.compile(rf"(?:{alternation(_C['rank']['moves'])})(?:了)?$"),
        "rank": regex.compile(rf"(?:(?:{alternation(_C['rank']['before'])})\p{{Han}}{{0,6}}|(?:{alternation(_C['rank']['scopes'])})"
                              rf"(?:\p{{Han}}{{1,3}}(?:{alternation(_C['rank']['scope_levels'])}))?)$"),
        "rank_after": re.compile(alternation(_C["rank"]["after"])),
        "scope": re.compile(rf"(?:{alternation(_C['rank']['scopes'])})$"),
        "priority": re.compile(rf"(?:{alternation(_C['rank']['priority_verbs'])})$"),
        "money_noun": re.compile(alternation(_C["money"]["nouns"])),
        "clause_approx": re.compile(rf"({alternation(CLAUSE_APPROX)})(?:[^,;。，；\d“”\"《》]|\d{{4}}年){{0,10}}$"),
        "baseline": re.compile(rf"[比较]\d{{4}}年(?:年?底|年?末|年?初|同期)?|{alternation(_C['baseline']['words'])}|较[^,;。，；\d]{{0,3}}(?:\d{{4}}年)?[^,;。，；\d]{{0,6}}?(?:{alternation(_C['baseline']['ends'])})"),
        "period": re.compile(r"(?=[\d一二上下前今去全])(?<![较比与])(?:(?:\d{4}|[一二][〇零一二三四五六七八九]{3})年(?:\d{1,2}(?:-\d{1,2})?月(?:份)?|上半年|下半年|前三季度|[一二三四]季度|全年|年底|年末)?|(?:上半年|下半年|前三季度|今年以来|今年|去年|全年)|\d{1,2}(?:-|至)\d{1,2}月(?:份)?)"),
        # (found from its 年, looking back at the four digits before it: a scan for 年 is quicker than one for digits)
        "year": re.compile(r"年(?<=(?<![较比与从由至到争计于])(?:19|20)\d{2}年)(?![底末初])"),
        "goal_heading": regex.compile(rf"(?m)[ \t]*((?:{'|'.join(_RANKS.values())})?)[^。!?！？\n]{{0,30}}"
                                      rf"(?:{alternation(_C['role']['goal_headings'])})[^。!?！？\n]{{0,12}}$"),
        "goal_heading_not": re.compile(alternation(_C["role"]["goal_headings_not"])),
        "rank_of": regex.compile("|".join(f"(?P<{k}>{v})" for k, v in _RANKS.items())),
        "baseline_after": re.compile(alternation(_C["role"]["baseline_after"])),
        "distribute": re.compile(rf"({alternation(_C['distribute']['words'])})(?:[^,;。，；\d]|(?:19|20)\d{{2}}年){{0,10}}$"),
    }


def _opening(words) -> str:
    """A look-ahead for the first characters of `words`: any match opening with one of them passes it."""
    return "(?=[{}])".format("".join(sorted({re.escape(w[0]) for w in words})))


def merge_ranges(qs: list[Quantity], view: str) -> list[Quantity]:
    """Join two quantities written as one range (1小时-7个工作日, 从5个工作日到60个工作日)."""
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None                # (the gap is one character)
        if prev and q.start - prev.end == 1 and (gap := view[prev.end]) in ("-", "~", "至", "到") and \
                prev.low is None and q.low is None and \
                prev.kind == q.kind and not q.bare and prev.value <= _in(q.value, prev, q) and \
                (gap in "-~" or not _has_verb_before(view, prev)):
            if prev.unit != q.unit:
                prev.extra["low_unit"] = prev.unit             # 1小时-7个工作日: hour at the low end
            prev.low, prev.high, prev.value = prev.value, q.value, q.value
            prev.end, prev.num_end = q.end, q.num_end
            prev.unit, prev.unit_text, prev.approx = q.unit, q.unit_text, q.approx or prev.approx
            continue
        out.append(q)
    return out


def _in(v: Decimal, prev: Quantity, q: Quantity) -> Decimal:
    """The high end as comparable with the low end (hours against workdays count as larger)."""
    return v if prev.unit == q.unit else max(v, prev.value)


def _has_verb_before(view: str, q: Quantity) -> bool:
    """A change verb earlier in q's sentence, within 30 characters."""
    left = view[max(0, q.start - 30):q.start]
    mark = _SENTENCE_MARK.search(left)
    return bool(_p()["any_verb"].search(left, mark.end() if mark else 0))


def read(qs: list[Quantity], view: str, sent: tuple[int, int], in_goals: bool = False, year: int | None = None) -> None:
    """Set role, direction, frequency, rank and clause-level approximation of a sentence's quantities; `year` is
    the document's year when known (到2017年 in a text of 2024 tells the past, not a goal)."""
    p = _p()
    s0, s1 = sent
    starts, structured = {q.start for q in qs}, False
    for q in qs:
        at = q.start - 60 if q.start - 60 > s0 else s0     # (a test quicker than a call of max)
        left = view[at:q.start].rstrip(" ")                # 增长 12.5%: a space set before a number
        # the cues ending at q but rate_topic hold no , ; 。: they are searched for from the clause's start only
        cut = m.end() if (m := _CLAUSE_END.match(left)) else 0
        q.role, extra = "level", q.extra
        if extra.get("structure"):
            structured = True
            continue
        if extra.get("ordinal"):
            if not (p["rank"].search(left, cut) or q.unit_text in ("位", "名")
                    or p["rank_after"].match(view, q.end) and not p["priority"].search(left, cut)) \
                    or p["label"].match(view, q.end) and not (view.startswith("个", q.end) and p["scope"].search(left, cut)):
                continue
            extra["ordinal"] = False
        if q.kind == "count" and q.unit_text in ("位", "名") and (p["rank_unit"].search(left, cut) or p["rank_move"].search(left, cut)):
            q.kind, q.unit = "rank", None                  # 名列28位, 前移5位: a rank (or a move in one) without 第
        if q.bare and q.multiplier >= _YI and _AMOUNT_END.match(view, q.end) and \
                p["money_noun"].search(view, clause_start(view, q.start, at), q.start):
            q.kind, q.unit = "money", "yuan"               # 意向投资总额超千亿
        if q.kind == "multiple" and q.unit_text.startswith("翻"):
            q.role, q.direction = "change", "up"
            continue
        if q.unit_text == "次" and (m := p["freq"].search(left, cut)):
            q.kind, q.unit = "frequency", FREQUENCY[m.group(1)]
        last = left[-1:]                                   # (a cheap test of the last character first)
        rare = _RARE_LEAD.search(left, cut)                # (and one of any character rare cues start with)
        if q.approx is None and rare and (m := p["clause_approx"].search(left, cut)):
            q.approx = CLAUSE_APPROX[m.group(1)]
        if last in _TO_ENDS and (m := p["to"].search(left, cut)):
            q.role, q.direction = "to", _to_direction(m.group(1))
            q.extra["verb"] = m.group(1)
        elif last in _CHANGE_ENDS and (m := p["change"].search(left, cut)):
            q.role, q.direction = "change", DIRECTION[m.group(1)]
        elif last in _COMPARE_ENDS and (m := p["compare"].search(left, cut)):
            q.role = "change"                              # 比上年多1800人
            q.direction = "up" if m.group(1) in _C["change"]["compare_up"] else "down"
        elif q.kind == "rank":
            pass                                           # 增速前三: a rank, not a rate
        elif last in _RATE_ENDS and (m := p["rate_before"].search(left, cut)):
            q.role = "change"                              # 增速分别为8.9%
            q.direction = "up" if m.group(1) in _C["change"]["rate_before_up"] else "down"
        elif view[q.end:q.end + 1] in _RATE_FIRST and (m := p["rate"].match(view[q.end:min(s1, q.end + 12)].lstrip(" "))):
            q.role = "change"
            q.direction = "up" if (m.group(1) or m.group(2)) in _C["change"]["rate_up"] + _C["change"]["rate_before_up"] else "down"
        elif q.kind == "percent" and _RATE_TOPIC.search(left) and (m := p["rate_topic"].search(left)):
            q.role = "change"                              # 从GDP增速来看,甲区9.1%、乙区8.3%
            q.direction = "down" if m.group(0).startswith(tuple(_C["change"]["rate_before_down"])) else "up"
        elif q.kind in _GAP_KINDS and rare and (m := p["exceed"].search(left, cut)):
            q.role = "change"                              # 高于全市2.5个百分点
            q.direction = "up" if m.group(1) in _C["change"]["exceed_up"] else "down"
        elif q.kind in ("money", "percent") and rare and p["saving"].search(left, cut):
            q.role, q.direction = "change", "down"
        elif _FAR_VERB.search(left, far := max(cut, len(left) - _FAR_SPAN)) and \
                (m := p["change_far"].search(left, far)) and \
                not (_TO_MARKER.search(left, cut) and p["to_far"].search(left, cut)) and \
                not p["creation"].search(left, 0, m.start(1)):
            q.role, q.direction = "change", DIRECTION[m.group(1)]      # 减少审批环节12个
        elif q.end in starts:
            pass                                     # 5大类126个: a category count modifying the next figure
        elif _TO_MARKER.search(left, cut) and (m := p["to_far"].search(left, cut)) and _nothing_between(qs, q, at + m.start()):
            q.role, q.direction = "to", _to_direction(m.group(1))
            q.extra["verb"] = m.group(1)
        elif rare and (m := p["result"].search(left, cut)) and _nothing_between(qs, q, at + m.start()) and \
                (verb := p["merge"].search(view, s0, at + m.start())):
            q.role, q.extra["verb"], q.extra["verb_at"] = "to", verb.group(0), verb.start()
    roles = {q.role for q in qs}
    if len(qs) > 1 and ("change" in roles or "to" in roles):   # (runs carry a change or an end point over two
        _read_runs(qs, view)                                   # figures or more, and may make end points)
        roles = {q.role for q in qs}
    if "to" in roles:                                          # (and only an end point has a start point)
        _pair_from_to(qs, view, s0)
    if structured and len(qs) > 1:                     # (a restructuring takes two structures)
        _restructured(qs, view, s0)
    _goals(qs, view, s0, s1, in_goals, year)


def _read_runs(qs: list[Quantity], view: str) -> None:
    """Carry a change or an end point over the figures listed after it, and over the level reached after it."""
    for prev, q in zip(qs, qs[1:]):
        if prev.role == "change" and q.role in ("level", "change") and view[prev.end:q.start] in ("至", "到") \
                and ((prev.unit, prev.kind) != (q.unit, q.kind) or "ordinal" in q.extra):
            q.role, q.direction = "to", prev.direction     # 增长6.2%至315亿元, 上升一位至第三位: the level reached
    for run in [run for _, run in distributed(qs, view)] + _listed(qs, view):
        for q in run[1:]:
            if q.role in ("level", "target") and run[0].role in ("change", "to"):
                q.role, q.direction, q.extra["verb"] = run[0].role, run[0].direction, run[0].extra.get("verb")
    for run in _same_unit_runs(qs, view) if any(q.role == "change" for q in qs) else ():    # (carries a change)
        changes = [q for q in run if q.role == "change"]
        for q in run:                                  # 分别以32.3%、22.3%、10.8%的增速; 高于全市1.1和0.6个百分点
            if q.role == "level" and changes:
                q.role, q.direction = "change", (changes[-1] if changes[-1].start > q.start else changes[0]).direction


def _to_direction(verb: str) -> str | None:
    """The direction an end point reached by a verb goes; None where the values decide (提速至, 整合为)."""
    return None if verb in _C["change"]["by_values"] else DIRECTION.get(verb)


def _same_unit_runs(qs: list[Quantity], view: str) -> list[list[Quantity]]:
    """Runs of figures of one unit listed with 、 和 及 (a short label may follow: 全国5.5%、全省5.0%)."""
    runs: list[list[Quantity]] = []
    gap = _p()["label_gap"]
    for prev, q in zip(qs, qs[1:]):
        if prev.unit == q.unit and prev.kind == q.kind and gap.fullmatch(view, prev.end, q.start):
            if runs and runs[-1][-1] is prev:
                runs[-1].append(q)
            else:
                runs.append([prev, q])
    return runs


def structures(qs: list[Quantity]) -> list[list[Quantity]]:
    """Runs of the parts of one structure (6.1:38.2:55.7)."""
    runs: list[list[Quantity]] = []
    for q in qs:
        if q.extra.get("structure"):
            if runs and runs[-1][-1].end + 1 == q.start:
                runs[-1].append(q)
            else:
                runs.append([q])
    return runs


def _restructured(qs: list[Quantity], view: str, s0: int) -> None:
    """由6.4:38.0:55.6调整为6.1:38.2:55.7: the parts of the first structure are start points, of the second end points."""
    runs = structures(qs)
    for a, b in zip(runs, runs[1:]):
        if len(a) == len(b) and _p()["restructure"].fullmatch(view, a[-1].end, b[0].start) and \
                _p()["from"].search(view, max(s0, a[0].start - 14), a[0].start):
            for x, y in zip(a, b):
                direction = "up" if y.value > x.value else "down" if y.value < x.value else None
                x.role, y.role, x.direction, y.direction, y.extra["from"] = "from", "to", direction, direction, x


def _goals(qs: list[Quantity], view: str, s0: int, s1: int, in_goals: bool, year: int | None) -> None:
    """Figures after a goal cue of their sentence (力争, 到2025年, 主要预期目标是:), or in a section of goals,
    are targets; a change keeps its direction, and a start point (由15%…) or a baseline (在…38.2%的基础上)
    stays what it is. 到2017年 in a text of a later year tells how a figure grew (2012年…402家,到2017年…3030家)."""
    p = _p()
    for q in qs:
        if view[q.end:q.end + 1] in _GOAL_AFTER_FIRST and p["target_after"].match(view, q.end):
            q.role, q.direction = "target", q.direction if q.role == "to" else None   # 超过7%的预期增长目标
            if q.approx in ("over", "under") and q.start < q.num_start:
                q.start, q.approx = q.num_start, None      # 超过 compares the growth with the goal: not the goal's
        elif q.kind == "duration" and q.approx == "under" and p["ceiling"].match(view, q.start) and q.role == "level":
            q.role = "target"                              # 办理时间不超过4个工作日
    by_year = p["target_year"].search(view, s0, s1) if view.find("到", s0, s1) >= 0 else None   # (its 到 first)
    if by_year and year and not by_year.group(1) and numbers.digits(by_year.group(2)) < year:
        _narrated(qs, view, s0, by_year)
        by_year = None
    if in_goals:
        first = s0                                     # (a section of goals needs no cue)
    else:                                              # (one scan for the words any cue opens with, each cue from there)
        lead = _ANY_GOAL_LEAD.search(view, s0, s1)
        cues = [m.end() for m in (p["target"].search(view, lead.start(), s1),
                                  p["target_before"].search(view, lead.start(), s1)) if m] if lead else []
        if by_year:
            cues.append(by_year.end())
        if not cues:
            return
        first = min(cues)
    for q in qs:
        if q.start >= first and (q.role in ("level", "change") or q.role == "to" and q.extra.get("from") is None) \
                and not p["baseline_after"].match(view, q.end):
            q.role = "target"


def _search_led(lead: re.Pattern, pattern: re.Pattern | regex.Pattern, view: str, start: int,
                end: int) -> re.Match | regex.Match | None:
    """pattern.search(view, start, end) for a pattern every match of which opens with a word `lead` finds: a plain
    alternation of words is much faster to scan for, and the pattern is searched for only from the first word."""
    first = lead.search(view, start, end)
    return first and pattern.search(view, first.start(), end)


#: the words a goal cue opens with, by cue
_GOAL_LEAD_WORDS = {"target": [*_C["role"]["target"], *_C["role"]["goal_intro_verbs"], *_C["role"]["target_leads"]],
                    "target_before": _C["role"]["target_before_figure"]}
_TARGET_LEAD = re.compile(alternation(_GOAL_LEAD_WORDS["target"]))
#: the words any goal cue opens with: a `target` and a `target_before` cue are searched for from the first one
_ANY_GOAL_LEAD = re.compile(alternation(w for words in _GOAL_LEAD_WORDS.values() for w in words))


def _narrated(qs: list[Quantity], view: str, s0: int, by_year: re.Match) -> None:
    """2012年,…仅有402家,…到2017年总量达3030家: the first figure after a past 到YYYY年 is where the figure of its
    unit stated for an earlier year went (from / to)."""
    after = next((q for q in qs if q.start >= by_year.end()), None)
    if after is None or after.role != "level":
        return
    before = next((q for q in reversed(qs) if q.end <= by_year.start() and (q.unit, q.kind) == (after.unit, after.kind)), None)
    earlier = [numbers.digits(m.group(1)) for m in _p()["year_of"].finditer(view, s0, before.start)] if before else []
    if before is None or before.role != "level" or not earlier or min(earlier) >= numbers.digits(by_year.group(2)):
        return
    direction = "up" if after.value > before.value else "down" if after.value < before.value else None
    before.role, after.role, before.direction, after.direction, after.extra["from"] = "from", "to", direction, direction, before


class Goals:
    """Sections of goals in a text: from a heading naming them (四、2023年工作思路) to the next heading of its rank."""

    def __init__(self, view: str):
        self.spans = []
        for word in _goal_words().finditer(view):              # headings are rare: look only where a word is
            reach = max(0, word.start() - _HEADING_MAX)
            line = view.rfind("\n", reach, word.start()) + 1
            if line == 0 and reach > 0:
                continue                                       # a line this long is no heading
            m = _p()["goal_heading"].match(view, line)
            if m is None or m.end() < word.end() or self.spans and self.spans[-1][0] == m.end() \
                    or _p()["goal_heading_not"].search(view, line, m.end()):
                continue                                       # 重点工作完成情况: work done, not goals
            rank = _p()["rank_of"].match(m.group(1))
            nxt = _NEXT_HEADING[rank.lastgroup].search(view, m.end()) if rank else None
            end = nxt.start() if nxt else len(view)
            table = _TABLE_OR_CAPTION.search(view, m.end(), end)
            self.spans.append((m.end(), table.start() if table else end))
        scanned = 0
        for at, start in _list_intros(view):                      # 确保…量化指标:⏎1、…⏎2、…: a list of goals
            line = view.rfind("\n", max(0, at - _HEADING_MAX * 4), at) + 1
            if at < scanned or not _search_led(_TARGET_LEAD, _p()["target"], view, line, at):
                continue                                       # (a colon inside a list already read adds nothing)
            end = start
            while item := _LIST_ITEM.match(view, end):
                end = item.end()
            scanned = end
            if end > start:
                self.spans.append((start, end))
        self._starts, self._ends = [], []                      # the spans merged where they meet, for bisection
        for s, e in sorted(self.spans):
            if self._ends and s <= self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], e)
            else:
                self._starts.append(s)
                self._ends.append(e)

    def holds(self, pos: int) -> bool:
        """Whether `pos` lies in a section of goals."""
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]


@cache
def _goal_words() -> re.Pattern:
    return re.compile(alternation(_C["role"]["goal_headings"]))


#: the longest heading looked for, in characters
_HEADING_MAX = 50
#: heading markers by rank, and the pattern of the next heading of that rank
_RANKS = {"cn": r"[一二三四五六七八九十]+、", "paren": r"[(（][一二三四五六七八九十]+[)）]", "digit": r"\d+[.、．]"}
_NEXT_HEADING = {rank: regex.compile(rf"\n\s*{marker}") for rank, marker in _RANKS.items()}
#: a line of a table (cells set apart by tabs, bars or runs of spaces) or a table's caption (表1, 附表): it ends a
#: section of goals, whose text does not run into the tables after it
_TABLE_OR_CAPTION = regex.compile(r"\n[ \t]*(?:附?表[ ]?[\d一二三四五六七八九十]*(?:[ \t:：]|$)"
                                  r"|[^\s|](?:[^\s|]|[ ](?=[^\s|]))*(?:\t|\||[ ]{2})[ \t]*+[^\s|])", regex.MULTILINE)
#: the colons that may open a list
_COLONS = ":："


def _list_intros(view: str) -> list[tuple[int, int]]:
    """Each colon ending a line (blanks and tabs may follow it), as (where it is, where the next line starts), in
    order (quick: str.find leaps to the few colons faster than a regex scan does)."""
    out = []
    for colon in _COLONS:
        at = view.find(colon)
        while at >= 0:
            end = at + 1
            while view[end:end + 1] in (" ", "\t"):
                end += 1
            if view.startswith("\n", end):
                out.append((at, end + 1))
            at = view.find(colon, at + 1)
    return sorted(out)
#: one item of a list: a line (and the blank lines after it) opening with a list marker
_LIST_ITEM = regex.compile(rf"[ \t]*(?:{'|'.join(_RANKS.values())})[^\n]*(?:\n\s*|$)")


def _listed(qs: list[Quantity], view: str) -> list[list[Quantity]]:
    """Runs of end points listed after one verb (缩短至1天、5天)."""
    runs: list[list[Quantity]] = []
    gap = _p()["list_gap"]
    for prev, q in zip(qs, qs[1:]):
        going = bool(runs) and runs[-1][-1] is prev
        if (going or prev.role == "to") and gap.fullmatch(view, prev.end, q.start):    # (the gap read last)
            if going:
                runs[-1].append(q)
            else:
                runs.append([prev, q])
    return runs


def _nothing_between(qs: list[Quantity], q: Quantity, at: int) -> bool:
    """No other claim between a cue at `at` and q, but for one written right against q (5大类126个)."""
    return not any(at <= o.start and o.end < q.start for o in qs if o is not q)


def _pair_from_to(qs: list[Quantity], view: str, s0: int) -> None:
    """Find the start point of each `to`, give it the same direction, carry an implied unit over."""
    p = _p()
    for i, q in enumerate(qs):
        if q.role != "to" or q.extra.get("from") is not None:
            continue
        run = [q]
        while i + len(run) < len(qs) and qs[i + len(run)].role == "to" and \
                p["list_gap"].fullmatch(view, run[-1].end, qs[i + len(run)].start):
            run.append(qs[i + len(run)])
        starts = qs[max(0, i - len(run)):i]
        if len(run) > 1 and len(starts) == len(run) and all(
                s.role == "level" and s.kind == q.kind for s in starts) and all(
                p["list_gap"].fullmatch(view, a.end, b.start) for a, b in zip(starts, starts[1:])) and \
                p["from"].search(view, max(s0, starts[0].start - 14), starts[0].start):
            for s, t in zip(starts, run):              # 分别由3天、10天缩短至1天、5天
                s.role, s.direction, t.extra["from"] = "from", t.direction, s
            continue
        own = _own_clause(view, q, s0)
        for prev in reversed(qs[:i]):
            if prev.role not in ("level", "target") or prev.kind != q.kind and not _implied(prev, q) \
                    or prev.end == q.start:
                continue
            left = view[max(s0, prev.start - 14):prev.start]
            verb = q.extra.get("verb")
            if p["from"].search(left) or verb in MERGE and prev.start > q.extra.get("verb_at", -1) and prev.start >= own:
                prev.role = "from"
                q.extra["from"] = prev
                if _implied(prev, q):
                    q.unit, q.kind, q.unit_text = prev.unit, prev.kind, prev.unit_text
                if q.direction is None:
                    q.direction = "down" if prev.value > q.value else "up"
                prev.direction = q.direction
            break
        if q.extra.get("from") is None and (base := _compared_after(qs, i, view)) is not None:
            base.role, base.direction, q.extra["from"] = "from", q.direction, base   # 压缩至15个工作日,较改革前的45个工作日…
        if q.direction is None and q.extra.get("verb") in _C["change"]["merge_fewer"] and "verb_at" not in q.extra:
            q.direction = "down"                       # 整合为一个窗口 (but not …整合…,梳理形成196项: no end point)
        if q.direction is None:
            q.role = "level"


_DISTRIBUTE_WORD = re.compile(alternation(_C["distribute"]["words"]))
_CLAUSE_ADVERBS = re.compile(rf"(?:{alternation(_C['role']['clause_adverbs'])})*")
#: two Chinese characters (not one more is counted)
_TWO_HAN = regex.compile(r"\p{Han}\P{Han}*\p{Han}")


def _own_clause(view: str, q: Quantity, s0: int) -> int:
    """Where the clause of an end point starts when it names its own subject before its verb (…,其中简易低风险项目
    压缩至15个工作日: figures before it are another subject's), else the sentence start s0."""
    verb = q.extra.get("verb")
    if not verb or "verb_at" in q.extra:
        return s0
    cs = clause_start(view, q.start, s0)
    at = view.rfind(verb, cs, q.start)
    if at <= cs:
        return s0
    lead = _CLAUSE_ADVERBS.match(view, cs, at).end()
    return cs if _TWO_HAN.search(view, lead, at) else s0


def _compared_after(qs: list[Quantity], i: int, view: str) -> Quantity | None:
    """The figure of the same kind a lone end point is compared with right after it (较改革前的45个工作日)."""
    q = qs[i]
    nxt = qs[i + 1] if i + 1 < len(qs) else None
    if nxt is None or nxt.role != "level" or nxt.kind != q.kind or q.direction is None:
        return None
    return nxt if _p()["compare_base"].fullmatch(view, q.end, nxt.start) else None


def _implied(prev: Quantity, q: Quantity) -> bool:
    """20个工作日压缩到5个: the bare classifier 个 stands for the earlier unit."""
    return q.unit_text == "个" and bool(prev.unit_text) and prev.unit_text.startswith("个") and len(prev.unit_text) > 1


def baseline(view: str, q: Quantity, s0: int) -> str | None:
    """The comparison base written before a change (同比, 较2018年年底)."""
    found = None
    if lead := _BASELINE_LEAD.search(view, clause_start(view, q.start, s0), q.start):   # (most clauses hold none)
        for m in _p()["baseline"].finditer(view, lead.start(), q.start):
            found = m.group(0)
    return found


def period(view: str, q: Quantity, s0: int, s1: int, years: "Years") -> str | None:
    """The time context of the sentence (2019年1-10月, 上半年), nearest before the quantity; a part of a
    year with no year written (全年, 上半年) takes the year the text last named (2021年全年), and a
    sentence with no time words the year its paragraph last named."""
    found = _last_period(view, s0, s1, q.start)
    if found is None:
        return years.before(q.start, in_paragraph=True)
    if (found in YEAR_PARTS or "年" not in found) and (year := years.before(q.start)):
        return year + found
    return found


def _last_period(view: str, s0: int, s1: int, pos: int) -> str | None:
    """The last time word in view[s0:pos], as a scan of that stretch finds it."""
    if pos > s1:
        words = _scan_periods(view, s0, pos)[0]
        return words[-1] if words else None
    words, ends = _periods(view, s0, s1)              # the sentence is scanned once for all its quantities
    if not words:
        return None                                    # (most sentences hold none)
    i = bisect.bisect_right(ends, pos)
    if i < len(ends) and ends[i] - len(words[i]) < pos:  # a word running past pos is read again cut at pos
        if tail := _scan_periods(view, ends[i] - len(words[i]), pos)[0]:
            return tail[-1]
    return words[i - 1] if i else None


@lru_cache(maxsize=8)
def _periods(view: str, s0: int, s1: int) -> tuple[list[str], list[int]]:
    """The time words of a sentence, kept for its next quantities."""
    return _scan_periods(view, s0, s1)


def _scan_periods(view: str, s0: int, s1: int) -> tuple[list[str], list[int]]:
    """The time words of view[s0:s1] and where each ends."""
    first = _PERIOD_MARK.search(view, s0, s1)
    if not first:
        return [], []                                  # (a stretch without 年 月 季 holds none)
    last = _LAST_PERIOD_MARK.match(view, s0, s1)      # (and none lies far from them)
    found = list(_p()["period"].finditer(view, max(s0, first.start() - _PERIOD_HEAD), min(s1, last.end() + _PERIOD_TAIL)))
    return [m.group(0) for m in found], [m.end() for m in found]


#: the characters one of which every time word of the `period` pattern holds, and how far a time word reaches
#: before the first it holds (12-15月, 2024年) and after the last (月份, 季度, 今年以来)
_PERIOD_MARKS, _PERIOD_HEAD, _PERIOD_TAIL = "年月季", 5, 2
#: (the last found by .*, which runs to the stretch's end at once and steps back)
_PERIOD_MARK, _LAST_PERIOD_MARK = re.compile(f"[{_PERIOD_MARKS}]"), re.compile(f".*[{_PERIOD_MARKS}]", re.DOTALL)
#: a stretch of text up to its last clause end (, ; 。)
_CLAUSE_END = re.compile(r".*[,;。，；]", re.DOTALL)
#: the last characters a `to`, a `change`, a `compare` and a `rate_before` cue can end with (an end point's marker,
#: a change verb, a filler, a comparison's word or 了, a rate's noun, verb or 分别)
_TO_ENDS = frozenset(w[-1] for w in _C["role"]["to_markers"] + _C["change"]["fillers"])
_CHANGE_ENDS = frozenset(w[-1] for w in [*DIRECTION, *_C["change"]["fillers"]])
_COMPARE_ENDS = frozenset(w[-1] for w in [*_C["change"]["compare_up"], *_C["change"]["compare_down"], "了"])
_RATE_ENDS = frozenset(w[-1] for w in [*_C["change"]["rate_before_up"], *_C["change"]["rate_before_down"],
                                       *_RATE_VERBS, "分别"])
#: the first characters a `rate` and a `target_after` cue after a figure can start with (or a space before it)
_RATE_FIRST = frozenset(w[0] for w in [*_QUALIFIERS, "的", " "])
_GOAL_AFTER_FIRST = frozenset(w[0] for w in [*_QUALIFIERS_WITHIN, "的", *_C["role"]["target_after_verbs"]])
#: the longest far change (a verb and the words after it): it is looked for only that far back, where one of its
#: verbs is
_FAR_SPAN = max(len(w) for w in DIRECTION) + _FAR
_FAR_VERB = re.compile(alternation(w for w in DIRECTION if len(w) > 1))
#: the words naming a rate as a topic (增速来看): a stretch without one holds no rate_topic cue
_RATE_TOPIC = re.compile(alternation(_C["change"]["rate_topics"]))
#: the markers of an end point (增长到, 整合为): a clause without one holds no far end point, and is not searched
_TO_MARKER = re.compile(f"[{''.join(_C['role']['to_markers'])}]")
#: a character one of the words of the rare cues (clause_approx, exceed, saving, result) starts with: a clause
#: without one is not searched for them
_RARE_LEAD = re.compile("[{}]".format("".join(sorted({re.escape(w[0]) for w in [
    *CLAUSE_APPROX, *_C["change"]["exceed_up"], *_C["change"]["exceed_down"], *_SAVING_WORDS,
    *_C["role"]["result_markers"]]}))))
#: kinds of figures that state a gap to a base after 高于 / 低于 (not a standard: 低于国家标准35微克/立方米)
_GAP_KINDS = {"percentage_point", "percent", "money", "count", "multiple"}
#: what may follow a bare amount in 亿 that is money: no word (超千亿,), or 的 (超千亿的投资); 1.2亿票 counts
_AMOUNT_END = regex.compile(r"(?!\p{Han})|的")
#: the multiplier of an amount in 亿
_YI = Decimal(100_000_000)
#: the last sentence end in a stretch of text
_SENTENCE_MARK = regex.compile(r"(?r)[。!?！？;；\n]")
#: the characters a `baseline` base opens with (比, 较, or a word of the table's)
_BASELINE_LEAD = re.compile("[比较{}]".format("".join(sorted({re.escape(w[0]) for w in _C["baseline"]["words"]}))))
#: periods that are parts of a year left unnamed
YEAR_PARTS = {"全年", "上半年", "下半年", "前三季度"}


class Years:
    """The years a text names (2021年), outside comparison bases (较2018年), by position."""

    def __init__(self, view: str):
        self.starts = [m.start() - 4 for m in _p()["year"].finditer(view)]
        self.years = [view[s:s + 5] for s in self.starts]           # (four digits and 年)
        self.paragraphs = line_starts(view)

    def before(self, pos: int, in_paragraph: bool = False) -> str | None:
        """The last year named before `pos` (in the paragraph (line) holding it, when asked), as written (2021年)."""
        i = bisect.bisect_left(self.starts, pos)
        if not i or in_paragraph and self.starts[i - 1] < self.paragraphs[bisect.bisect_right(self.paragraphs, pos) - 1]:
            return None
        return self.years[i - 1]


def distributed(qs: list[Quantity], view: str) -> list[tuple[re.Match, list[Quantity]]]:
    """Runs of quantities (in text order) after 分别, listed with 、 和 及 between them, each with the 分别 cue
    before it."""
    runs = []
    if len(qs) < 2 or not _DISTRIBUTE_WORD.search(view, max(0, qs[0].start - 16), qs[-1].start):
        return runs                                    # (a run needs two figures; the rare word is looked for once)
    cue_before, gap = _p()["distribute"], _p()["run_gap"]
    i = 0
    while i < len(qs):
        q = qs[i]
        if cue := _search_led(_DISTRIBUTE_WORD, cue_before, view, max(0, q.start - 16), q.start):
            run = [q]
            while i + 1 < len(qs) and gap.fullmatch(view, run[-1].end, qs[i + 1].start):
                i += 1
                run.append(qs[i])
            if len(run) > 1:
                runs.append((cue, run))
        i += 1
    return runs
