"""The subject of a claim: the shortest noun phrase that says what is measured."""
from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
import re

import regex

from .places import gazetteer
from .quantities import Quantity
from .tables import alternation, table
from .text_units import clause_start

# patterns of words and sets of characters only are compiled by the stdlib engine, quicker to call; those needing
# \p, \d or look-backs of several lengths (patterns of the tables among them) by regex
_S = table("subjects")
MAX = _S["max_chars"]
VERBS = set(_S["verbs"])
#: words naming an aspect of things listed before (增速分别为8.9%和12.1%)
ATTRIBUTES = set(_S["attributes"])
RELATIONAL = set(_S["relational"])
CONVERSIONS = set(_S["conversions"])
#: words naming two things at once (城乡: 城镇 and 农村)
PAIRS: dict[str, list[str]] = _S["pairs"]
_PAIRS = re.compile(alternation(PAIRS))
#: a parenthesis closing right before a figure explains the label before it
_PARENTHESIS = re.compile(r"\([^()]{1,30}\)$")
_COMPARED = regex.compile(rf"(?:{'|'.join(_S['comparisons'])})")
#: 占 / 不超过 … B 的 (比重为) right before a percent: B is the base of a share, not what is measured
_SHARE = re.compile(rf"({alternation(_S['share_verbs'])})([^,;。]{{1,16}})的(?P<head>{alternation(_S['share_heads'])})?"
                       rf"(?:{alternation(_S['share_links'])})?$")
#: 占 right before a percent (18岁以下人口占25.8%, 占深圳市14%的总量)
_SHARE_BARE = re.compile(r"(占)([^,;。的]{0,8})(?P<head>)$")
TOTALS = set(_S["totals"])
_CREATION = table("cues")["change"]["creation"] + _S["item_verbs"]
CHANGE_VERBS = table("cues")["change"]["up"] + table("cues")["change"]["down"] + table("cues")["change"]["merge"]
#: the change verbs of two characters or more
_CHANGES = [w for w in CHANGE_VERBS if len(w) > 1]
_LIST = re.compile(r"、|和|及|与|以及")
#: a character every word _LIST splits at holds
_LIST_MARKS = frozenset("、和及与")
_EACH = re.compile(r"^(?:全年|全区|今年)?各")
_BASELINE = re.compile(f"^(?:{alternation(_S['baseline_lead'])})|{alternation(_S['baseline_words'])}")
_ETC = re.compile(r"等(?!级)")
_OF = re.compile("的")
_PLACES_END = re.compile(rf"(?:{alternation(_S['place_list_ends'])})$")


#: a character a phrase after a quantity runs on over: not a delimiter, digit (as str.isdigit) or %
_WORD_CHAR = rf"[^{regex.escape(_S['delimiters'])}%\p{{Numeric_Type=Decimal}}\p{{Numeric_Type=Digit}}]"


#: what a phrase after a quantity cannot open with: a delimiter, a digit, %, or the end of the text
_NO_WORD = frozenset([*_S["delimiters"], "%", *"0123456789", ""])


#: a change verb after a count starts the predicate (从1166项减少到105项), not the counted noun (增加值 is a noun)
_CHANGE_AFTER = (rf"(?:{alternation(_CHANGES)})(?![值率量额幅速点])"
                 rf"|(?:{alternation(table('cues')['role']['to_verbs'])})(?:到|至)")


def _guarded(words) -> str:
    """Words as an alternation, longest first; one that ends a kept word (行为, 党组织) does not match inside it."""
    # each kept word is looked back for after the word (the same test as a look-back for its start before it):
    # the word's characters are tried first, quicker, and the look-backs have one length each, as `re` needs
    alts = []
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        kept = sorted(k for k in _S["kept_endings"] if k.endswith(w) and len(k) > len(w))
        alts.append(regex.escape(w) + "".join(f"(?<!{regex.escape(k)})" for k in kept))
    return "|".join(alts)


def _stops() -> str:
    return "|".join(sorted(_S["following_stops"] + _S["predicates"], key=len, reverse=True))


def _strict() -> str:
    """A phrase after a quantity up to a stop (_stops) or a change verb (_CHANGE_AFTER), at most MAX characters."""
    stops = _S["following_stops"] + _S["predicates"] + CHANGE_VERBS + table("cues")["role"]["to_verbs"]
    if not all(w and regex.escape(w[0]) == w[0] for w in stops):
        raise ValueError("a stop word must start with a literal character")
    # inside a lookahead the engine tries every word at every position: a test of the first character first is
    # three times quicker
    firsts = regex.escape("".join(sorted({w[0] for w in stops})))
    return rf"(?:(?!(?=[{firsts}])(?:{_stops()}|{_CHANGE_AFTER})){_WORD_CHAR}){{0,{MAX}}}"


def _by_char(words, at: int) -> dict[str, tuple[str, ...]]:
    """Words by their character at `at` (0: the first, -1: the last)."""
    out: dict[str, list[str]] = {}
    for w in words:
        out.setdefault(w[at], []).append(w)
    return {ch: tuple(ws) for ch, ws in out.items()}


#: the verbs _verbs matches (two characters or more)
_CUT_VERBS = sorted(v for v in VERBS | set(CHANGE_VERBS) if len(v) > 1)
#: the verbs of a run ("verbs": two characters or more), by their first and by their last character (a run opens
#: with one and ends with one)
_VERB_RUN = sorted(v for v in VERBS | set(CHANGE_VERBS) | set(_CREATION) if len(v) > 1)
_VERB_RUN_OPENING, _VERB_RUN_ENDING = _by_char(_VERB_RUN, 0), _by_char(_VERB_RUN, -1)
#: the fields of a ranking (全市, 世界)
_RANK_SCOPES = table("cues")["rank"]["scopes"] + _S["rank_scopes"]
#: the words a "period" match ends with (上半年, 第一季度, 年底)
_PERIOD_WORDS = ("上半年", "下半年", "前三季度", *(f"{a}{n}季度" for a in ("", "第") for n in "一二三四"), "全年", "以来",
                 "年底", "年末", "底")
#: the words of a "base" pattern: bases whole (同比, 比上年), what ends one after 环比 (上月) and after 较 …
#: (较上年同期), the change verbs (two characters or more) and what may follow them (增长了, 下降至)
_BASE_WORDS = ("同比", "同口径", "比上年", "比去年")
_CYCLES = ("上周", "上月", "上年", "上一周", "上一月", "上一年", "上一季度")
_BASE_TAILS = ("年底", "年末", "年初", "同期", "上年", "去年")
_CHANGE_TAILS = ("了", "至", "到", "了至", "了到")
#: the last characters of the names of divisions (省, 市, 区, 县)
_DIVISION_ENDS = "省市区县"
#: the marks closing a step of a list of timed steps (2小时受理、5日办结)
_STEP_CLOSE = "、”」"


def _verbs() -> str:
    """Verbs a noun phrase is cut after, unless a noun goes on from them (增加值, 办结用时)."""
    return rf"(?:{_guarded(_CUT_VERBS)})(?![区率量额值度数幅速]|{alternation(_S['verb_noun_heads'])})"


def _rank_verbs() -> str:
    """Verbs placing a thing in a ranking; a single character among them not before 民, 入 … (居民, 列入)."""
    return rf"(?:{alternation(table('cues')['rank']['before'] + _S['rank_leads'] + _S['rank_verbs'])})" \
           rf"(?!{alternation(_S['rank_verb_not_before'])})"


@cache
def _p():
    return {
        # re: words and sets of characters only (no \d or \p: the engines may read them from other Unicode versions)
        "lead": re.compile(rf"^(?:(?!{alternation(_S['compounds'])})(?:{alternation(_S['leading'])}))+"),
        "trail": re.compile(rf"(?:{_guarded(_S['trailing'])})+$"),
        "strict": regex.compile(_strict()),
        "insertion": regex.compile("|".join(_S["insertions"])),
        "stop": re.compile(alternation(_S["predicates"])),
        "rank_verb": re.compile(_rank_verbs()),
        "rank_scope": re.compile(rf"(?:{alternation(_RANK_SCOPES)})$"),
        "rank_in": re.compile(rf"在(?:[^在,，;；。]{{1,20}}?中|{alternation(_RANK_SCOPES)})$"),
        "aspect": re.compile(rf"(?:{alternation(_S['aspects'])})(?:(?:和|及|与|、)(?:{alternation(_S['aspects'])}))*$"),
        "rate": re.compile(rf"(?:{alternation(_S['rates'])})$"),
        "rated": regex.compile(rf"的([^,;。，；\d]{{2,12}}?)(?:{alternation(_S['rates'])})"),
        "of_after": regex.compile(rf"的([^,;。，；\d的]{{1,10}}?(?:{alternation(_S['rates'])})|[^,;。，；\d的]{{2,10}}(?=[,;。，；]|$))"),
        # its matches end with a character of _PLACE_LAST
        "compared_place": regex.compile(rf"(?:\p{{Han}}{{0,2}}(?:{alternation(_S['place_comparisons'])}))?"
                                        rf"(?P<place>{alternation(_S['scope_places'])}|\p{{Han}}{{2,6}}?[{_DIVISION_ENDS}])"),
        "rank_frame": re.compile(r"^在|中$"),
        "frame_clause": regex.compile(_S["rank_frame_clause"]),
        "ranked_place": regex.compile(rf"(?:[我本]|\p{{Han}}{{2,6}}?)[{_DIVISION_ENDS}]"),
        "inner": regex.compile(r"\([\p{Han}、]{1,8}\)"),
        "step": regex.compile(rf"(\p{{Han}}{{1,3}})(?=[{_STEP_CLOSE}])"),
        "rank_move": re.compile(alternation(table("cues")["rank"]["moves"])),
        "han": regex.compile(r"\p{Han}"),
        "unopened": re.compile(r"^[^()]*\)"),
        "predicate": re.compile(rf"{_verbs()}|{_rank_verbs()}|{alternation(_S['topic_predicates'])}"),
        "loose": regex.compile(rf"{_WORD_CHAR}{{0,{MAX}}}"),
        "verb": re.compile(_verbs()),
        "verbs": re.compile(rf"(?:{alternation(_VERB_RUN)})+"),
        "light": re.compile(rf"(?:{alternation(_S['light_verbs'])})(?![率量额值度数])"),
        # its words end with one of _BASE_ENDS (made of the same words)
        "base": re.compile(rf"(?:{alternation(_BASE_WORDS)}|环比(?:{alternation(_CYCLES)})?|较[^,，;；。]{{0,12}}?"
                           rf"(?:{alternation(_BASE_TAILS)})|(?:{alternation(_CHANGES)})(?:{alternation(_CHANGE_TAILS)})?)+$"),
        "from": regex.compile(r"(?<![自理缘经事服遵])(?:由|从)(?:(?:\p{Han}{0,4}|\p{Han}{1,6}[前后初末底])的)?$"),  # 由条例实施前的
        "compare": regex.compile(rf"(?<=\p{{Han}}{{2}})(?:{'|'.join(_S['comparisons'])})[\p{{Han}}A-Za-z]{{1,12}}$"),
        "date": regex.compile(r"(?:\d{1,2}月)?\d{1,2}日(?:[-至]\d{1,2}日)?|至\d{1,2}日"),
        "time": regex.compile(r"(?:从|由|比|较|到|至|增至|自|在)?(?:\d{4}(?:[-~至到]\d{4})?|[一二][〇零一二三四五六七八九]{3}) ?年"
                              r"(?:底|末|初|度)?(?:\d{1,2}(?:-\d{1,2})?月(?:份|底|末)?)?(?:起|以来|前)?的?"),
        "freq": re.compile(r"(?:每[月年周天日]|每个月|每星期)[^,，;；。]{0,6}$"),
        # its matches start with a digit, a comma or one of _PERIOD_OPENINGS (made of the same words)
        "period": regex.compile(r"^(?:截至)?(?:\d{4}年)?(?:\d{1,2}(?:-\d{1,2})?月(?:份|底|末)?)?(?:\d{1,2}日)?"
                                rf"(?:{alternation(_PERIOD_WORDS)})?,?"),
    }


_PAIRED = {"“": "”", "\"": "\"", "'": "'"}
#: what _trim takes off a phrase's ends: spaces, 、 and quotes
_TRIMMED = frozenset(" 、“”\"'")


def _first_chars(patterns) -> frozenset[str]:
    """The characters a match of one of these patterns starts with: each opens (after a lookbehind) with a literal
    character, or a group of alternatives each opening with one."""
    out, optional = set(), ("?", "*", "{")
    for pattern in patterns:
        pattern = regex.sub(r"^\(\?<[=!][^()]*\)", "", pattern)
        group = regex.match(r"\(\?:([^()]*)\)", pattern)
        rest = pattern[group.end():] if group else pattern[1:]
        outside = rest
        while (inner := regex.sub(r"\([^()]*\)", "", outside)) != outside:
            outside = inner
        for alt in group.group(1).split("|") if group else [pattern]:
            if not alt or regex.escape(alt[0]) != alt[0] or alt[1:2] in optional or rest[:1] in optional or \
                    "|" in outside:
                raise ValueError(f"{pattern!r} does not start with a literal character")
            out.add(alt[0])
    return frozenset(out)


# a phrase without a character a pattern starts (or, for a base, ends) with is not searched with it: a first
# reading cleans every phrase once
_INSERTION_FIRST = _first_chars(_S["insertions"])
_COMPARE_FIRST = _first_chars(_S["comparisons"])
_LIGHT_FIRST = frozenset(w[0] for w in _S["light_verbs"])
#: the words a "period" match starts with, besides a digit or a comma
_PERIOD_OPENINGS = ("截至", *_PERIOD_WORDS)
_ASPECT_FIRST = frozenset(w[0] for w in _S["aspects"])
_PLACE_END_FIRST = frozenset(w[0] for w in _S["place_list_ends"])
#: what a "compared_place" match ends with: the last character of a place it names
_PLACE_LAST = frozenset(_DIVISION_ENDS + "".join(w[-1] for w in _S["scope_places"]))
#: what a phrase ending with a rate ends with ($ matches before a final line break too)
_RATE_ENDS = (*_S["rates"], "\n")


def _finder(chars):
    """A search for any of these characters in a phrase (quicker than a set's isdisjoint, which makes a str of every
    character of the phrase)."""
    return re.compile(f"[{''.join(re.escape(c) for c in sorted(chars))}]").search


_any_insertion, _any_compare, _any_light = _finder(_INSERTION_FIRST), _finder(_COMPARE_FIRST), _finder(_LIGHT_FIRST)
_any_list_or_end, _any_step_close = _finder(_LIST_MARKS | _PLACE_END_FIRST), _finder(_STEP_CLOSE)
#: a search for the first two characters of a verb _verbs matches: a first, then a class of the seconds after it
_any_cut_verb = re.compile("|".join(f"{re.escape(first)}[{''.join(sorted({re.escape(v[1]) for v in verbs}))}]"
                                    for first, verbs in _by_char(_CUT_VERBS, 0).items())).search
#: what the "base" pattern's words end with ($ matches before a final line break too), by the last character: a
#: phrase ending otherwise has no base to cut, and is not searched
_BASE_ENDS = _by_char((*_BASE_WORDS, "环比", *_CYCLES, *_BASE_TAILS, "\n",
                       *(w + end for w in _CHANGES for end in ("", *_CHANGE_TAILS))), -1)


def _trim(phrase: str) -> str:
    """A phrase without spaces, 、 and quotes at its ends, but for a quote opening a name inside it ("免证办"事项)."""
    if phrase[:1] not in _TRIMMED and phrase[-1:] not in _TRIMMED:
        return phrase                                   # most phrases: nothing at either end to take off
    out = phrase.strip(" 、")
    if len(out) > 2 and out[0] in _PAIRED and out[1:].find(_PAIRED[out[0]]) == len(out) - 2:
        out = out[1:-1]                                 # a quoted name alone
    while out and (out[0] == "”" or out[0] in _PAIRED and _PAIRED[out[0]] not in out[1:]):
        out = out[1:].strip(" 、")
    while out and (out[-1] == "“" or out[-1] == "”" and "“" not in out or out[-1] in "\"'" and out.count(out[-1]) % 2):
        out = out[:-1].strip(" 、")
    return out


@lru_cache(maxsize=1 << 16)
def clean(phrase: str) -> str:
    """A phrase cut to the noun phrase it ends with: scope words, lead-in verbs and cues stripped."""
    # a first reading of new text cleans every phrase once: a pattern is tried only on a phrase holding a character
    # its matches need (日, 年, ), 由 or 从, 每, 等, or one its words start with), or opening or ending as they do
    p = _p()
    out = p["insertion"].sub("", phrase) if _any_insertion(phrase) else phrase
    if "日" in out:
        out = p["date"].sub("", out)
    if "年" in out:
        out = p["time"].sub("", out)
    out = out.replace("()", "")
    if ")" in out:
        out = p["unopened"].sub("", out)                 # a phrase cut inside a parenthesis starts after it
    out = _trim(out.strip(" 、("))
    for _ in range(4):
        before = out
        if out.startswith(_PERIOD_OPENINGS) or not "\u4e00" <= out[:1] <= "\u9fff":    # a digit, a mark or a period word
            m = p["period"].match(out)
            if m and m.end():
                out = out[m.end():]
        if out.startswith(_LEADS.get(out[:1], ())):    # _unled, _untrailed and _trim's tests written out here:
            out = p["lead"].sub("", out)                # a round spares their calls on most phrases
        if "由" in out or "从" in out:
            out = p["from"].sub("", out)
        if "每" in out:
            out = p["freq"].sub("", out)
        if out.endswith(_BASE_ENDS.get(out[-1:], ())):
            out = p["base"].sub("", out)
        if _any_compare(out, 2, len(out) - 1):        # two characters before a comparison, one after it
            out = p["compare"].sub("", out)
        if out.endswith(_TRAIL_ENDS.get(out[-1:], ())):
            out = _untrailed(out)
        if out[:1] in _TRIMMED or out[-1:] in _TRIMMED:
            out = _trim(out)
        if out == before:
            break
    out = _unled(p["light"].sub("", out) if _any_light(out) else out) or out
    if "等" in out:
        out = _after_last(out, _ETC)
    if _any_cut_verb(out, 0, max(0, len(out) - 2)):    # a verb's first two characters, two more after them
        out = _after_last(out, p["verb"])
    out = _untrailed(_unled(out))
    if len(out) > 12:
        out = _after_last(out, _OF)
    return "" if out in VERBS else out


#: what a phrase with trailing words ends with ($ matches before a final line break too), by the last character:
#: a phrase is tested only against the words ending as it does
_TRAIL_ENDS = _by_char((*_S["trailing"], "\n"), -1)
#: the leading words by their first character: a phrase opening with none of them has none to strip
_LEADS = _by_char(_S["leading"], 0)
#: the characters of the trailing words
_TRAIL_CHARS = frozenset("".join(_S["trailing"]))


def _unled(phrase: str) -> str:
    """A phrase without the leading words at its start (全市, 其中, 已); searched for only if it opens with one."""
    return _p()["lead"].sub("", phrase) if phrase.startswith(_LEADS.get(phrase[:1], ())) else phrase


def _untrailed(phrase: str) -> str:
    """A phrase without the trailing words at its end (达到, 共计, 的); searched for only if it ends with one."""
    if not phrase.endswith(_TRAIL_ENDS.get(phrase[-1:], ())):
        return phrase
    start = end = len(phrase) - phrase.endswith("\n")         # $ matches before a final line break
    # the words run after the last character none of them has: the search starts there, not at every character
    while start and phrase[start - 1] in _TRAIL_CHARS:
        start -= 1
    run = _p()["trail"].search(phrase, start)
    return phrase[:run.start()] + phrase[run.end():] if run else phrase


def _after_last(text: str, pat: re.Pattern) -> str:
    cut = None
    for m in pat.finditer(text):
        if len(text) - m.end() >= 2:
            cut = m.end()
    return text[cut:] if cut is not None else text


def following(view: str, q: Quantity, loose: bool = False, skip: int = 0) -> str:
    """The noun phrase right after a quantity (5所公办幼儿园), or ''; loose: up to the clause end; skip: characters
    after the quantity that are not read (第三家获批…: 家)."""
    end = q.end + skip
    i = end + (view[end:end + 1] == "的")
    i += view[i:i + 1] == " "                                   # 318 家 企业: a space set after the unit
    if view[i:i + 1] in _NO_WORD:
        return ""                                               # a mark or a digit next: no phrase (spares a search)
    p = _p()
    pat = p["loose" if loose else "strict"]
    j = min(pat.match(view, i).end(), end + MAX)
    if j > i and view.startswith("(", j) and (inner := p["inner"].match(view, j)):
        j = min(pat.match(view, inner.end()).end(), end + MAX)    # 14个县(市、区), 16个开发(度假)园区
    out = view[i:j].strip("“”\"'《》 ")
    return _noun_opening(out) if loose else out


@lru_cache(maxsize=1 << 14)
def _noun_opening(phrase: str) -> str:
    """The noun a phrase read up to its clause's end opens with: lead-in words and verbs before it cut off, and a
    predicate after it (三百余亩猕猴桃长势喜人: 猕猴桃). Cached, as the same phrases recur."""
    p = _p()
    out = _unled(phrase)
    m = p["verb"].match(out)
    while m and len(out) - m.end() >= 2:
        out = out[m.end():]
        m = p["verb"].match(out)
    if stop := p["stop"].search(out, 2):
        out = out[:stop.start()]
    return out


def preceding(view: str, q: Quantity, floor: int, claims: list[Quantity]) -> str:
    """The phrase between the clause start (or the previous claim) and the quantity, as written."""
    start = clause_start(view, q.start, floor)
    for other in claims:
        if start <= other.end <= q.start and other is not q and other.unit_text not in ("大", "大类", "岁"):
            start = other.end
    return view[max(start, q.start - 40):q.start]


def subject(view: str, i: int, floor: int, claims: list[Quantity]) -> str:
    """The subject of claims[i]: the phrase after it (counts) or before it, else its neighbours'."""
    q = claims[i]
    if q.kind == "rank" and (rank := ranked(view, i, floor, claims)):
        return rank
    if q.kind == "duration" and (step := _step(view, q, floor, claims)):
        return step
    p = _p()
    nxt = claims[i + 1] if i + 1 < len(claims) else None
    raw = preceding(view, q, floor, claims)
    if ")" in raw:                                    # literal pre-checks spare the regex searches below
        raw = _PARENTHESIS.sub("", raw)               # A类(所提问题已经解决)41件: A类
    share = None
    if q.kind == "percent":
        share = ("的" in raw and _SHARE.search(raw)) or ("占" in raw and _SHARE_BARE.search(raw)) or None
    after = following(view, q) if q.kind in ("count", "rank", "frequency") or q.bare else ""
    if len(after) < 2 and nxt is not None and nxt.kind == "count" and view[q.end:nxt.start] in ("", "、"):
        after = following(view, nxt)                  # 11类32个配套文件, 1平方公里1个全科网格
    if q.kind in ("ratio", "percent", "money") and view[q.end:q.end + 1] == "的" and q.role == "level" and not share:
        after = following(view, q)                    # 1:1的科技助力贷款, 超过30%的事项, 1000万元的资助
    if q.kind == "percent" and q.role == "change" and view.startswith("的", q.end) and \
            (rated := p["rated"].match(view, q.end)) and \
            clean(rated.group(1)) not in _S["rate_modifiers"]:
        after = clean(rated.group(1))                 # 以21.6%的进出口额增幅领跑: 进出口额
    if len(after) >= 2:
        return after
    if share:                                         # 不超过改造总投资的10%: a share of a base
        owner = clean(raw[:share.start()])
        if not owner or _aspect(owner):
            owner = _thing(view, claims[:i], q.start, lambda c: c.kind != "percent")    # 总量占全市的21.1%
        owner = owner or topic(view, q.start, floor, claims)
        if len(owner) >= 2:
            base = _base(share.group(2))
            return owner + ("占" + base + (share.group("head") or "") if share.group(1) == "占" else "")
    before = clean(raw)
    if q.kind != "duration" and _places_only(before):
        before = ""                                   # 城东区、城西区等地超过500家: where, not what (连续2年: theirs)
    if q.kind == "multiple" and (base := _BASELINE.search(before)):
        before = before[:base.start()]                # 是“十五”期末的1.9倍: a base, not what is measured
    if (before.startswith("占") or before in RELATIONAL) and (whole := _whole(claims, i)):
        return whole + before                          # (A类)22件,占承办提案总数的23.91%; …3865.7亿元,增幅为7.8%
    if _aspect(before) and (same := _thing(view, claims[:i], q.start, lambda c: c.unit == q.unit)):
        return same if before in TOTALS else _aspect_of(same, before)    # …402家,到2017年总量达3030家
    if q.kind == "percent" and (place := _compared_place(raw.strip(" 、,和及与"))):
        return place + _thing(view, claims[:i], clause_start(view, q.start, floor),
                                             lambda c: c.kind == "percent")    # 高于全国5.5%、全省5.0%的平均增速
    if q.kind == "percent" and q.role == "change" and before.endswith(_RATE_ENDS) and \
            (rate := p["rate"].search(before, 1)):
        before = clean(before[:rate.start()])         # GDP增速高达22.3%: what grew
    if raw.strip(" ,约(") in CONVERSIONS and (whole := _whole(claims, i)):
        return whole                                   # 5亿美元,约合人民币36亿元
    if len(before) >= 2 and not _no_subject(before):
        return before
    if q.role == "level" and q.kind == "count" and \
            (same := next((c for c in reversed(claims[:i]) if c.unit_text == q.unit_text and c.subject), None)) and \
            (verb := p["verbs"].fullmatch(_unled(p["period"].sub("", raw.strip(" ,、已"))))):
        if verb.group() in _S["light_verbs"]:
            return same.subject                        # …主题服务16项,累计达到48项: a total of the same thing
        noun = clean(same.subject)
        lead = p["verbs"].match(noun)
        return verb.group() + (noun[lead.end():] if lead and len(noun) - lead.end() >= 2 else noun)   # 办结各类事件
    loose = clean(following(view, q, loose=True))
    if q.kind == "duration" and q.approx == "under" and raw.strip() and len(loose) >= 2 and \
            (own := topic(view, q.start, floor, claims)):
        return own + loose                             # 对企业反映的问题,一般在3个工作日内回复: 企业反映的问题回复
    if len(loose) >= 2 and (q.kind not in ("percent", "percentage_point") or q.role == "level"):
        return loose
    start = clause_start(view, q.start, floor)
    level = next((c for c in reversed(claims[:i]) if c.kind != "rank" and (c.end > start or c.role != "change")
                  and not (q.role == "change" and _aspect_only(c.subject))
                  and (q.kind != "percentage_point" or c.kind in ("percent", "percentage_point"))), None)
    if level is not None and q.role == "change" and \
            (semi := _last_semicolon(view, max(floor, q.start - 200), q.start)) >= 0 and \
            level.end <= semi and (own := topic(view, q.start, semi + 1, claims)):
        return own                                    # …增长1.0%;转移净收入成为主要来源,增长19.5%
    if level is not None and level.subject and (q.role == "change" or level.end > start and not _LIST.search(view, level.end, q.start)):
        return level.subject                          # 新增…141家,增长25%; 缩短60%; 入住率连续三天超过90%
    own = topic(view, q.start, floor, claims)
    if q.kind in ("percent", "percentage_point") and _aspect(own) and \
            (thing := _thing(view, claims[:i], q.start, lambda c: c.kind == "percent")):
        own = _aspect_of(thing, own)                  # GDP增长6.8%,增速居全省第二,高出全省0.9个百分点: GDP增速
    return own or next((c.subject for c in reversed(claims[:i]) if c.subject), loose)


def _last_semicolon(view: str, a: int, b: int) -> int:
    """Where the last semicolon (; or ；) of view[a:b] is, or -1."""
    return max(view.rfind(";", a, b), view.rfind("；", a, b))


# tests of a phrase: the same phrases recur (subjects, the words before a figure), so they are cached as clean is
@lru_cache(maxsize=1 << 14)
def _aspect(phrase: str) -> bool:
    """Whether a phrase names only aspects of a thing (总量, 增速和增幅)."""
    return phrase[:1] in _ASPECT_FIRST and bool(_p()["aspect"].fullmatch(phrase))


@lru_cache(maxsize=1 << 14)
def _compared_place(phrase: str) -> str:
    """The place a phrase compares a figure with (高于全国, 全省), or ''."""
    if phrase[-1:] not in _PLACE_LAST:
        return ""                                     # it ends with no place: not searched
    return place.group("place") if (place := _p()["compared_place"].fullmatch(phrase)) else ""


@lru_cache(maxsize=1 << 14)
def _base(phrase: str) -> str:
    """The base a share is of (改造总投资 in 不超过改造总投资的10%), without a lead-in 由/从 or trailing words."""
    return _untrailed(_p()["from"].sub("", phrase)) or phrase


@lru_cache(maxsize=1 << 14)
def _no_subject(phrase: str) -> bool:
    """Whether a phrase before a figure names no subject of its own (比上年多1800人, 改建盘活7000套)."""
    return bool(phrase[:1] in _COMPARE_FIRST and _COMPARED.match(phrase) or
                phrase.startswith(_VERB_RUN_OPENING.get(phrase[:1], ())) and
                phrase.endswith(_VERB_RUN_ENDING.get(phrase[-1:], ())) and _p()["verbs"].fullmatch(phrase))


def _whole(claims: list[Quantity], i: int) -> str:
    """The subject of the last claim before claims[i] that is no percent or rank (the whole a share is of), or ''."""
    return next((c.subject or "" for c in reversed(claims[:i]) if c.kind not in ("percent", "rank")), "")


@lru_cache(maxsize=1 << 14)
def _places_only(phrase: str) -> bool:
    """Whether a phrase lists divisions only: two or more (城东区、城西区), or one closed by 等 (城东区等地)."""
    if not _any_list_or_end(phrase):
        return False                                  # no list and no 等: one name, not closed
    names = _PLACES_END.sub("", phrase)
    parts = _LIST.split(names)
    return (len(parts) > 1 or names != phrase) and all(gazetteer().lookup(p) for p in parts)


def carried(view: str, floor: int, q: Quantity, before: list[Quantity]) -> str:
    """The subject of a percent change with none of its own, with nothing before it in its sentence but a frame
    (按可比价格计算,同比增长10.5%; 上半年,同比增长8%): the thing the sentence right before (its claims `before`) last
    measured in a level, in the same paragraph, or ''."""
    if q.kind != "percent" or q.role != "change" or q.subject or not before or clean(view[floor:q.start]) or \
            "\n" in view[before[-1].end:q.start]:
        return ""
    return _thing(view, before, floor, lambda c: c.kind != "percent" and c.role == "level")


def _step(view: str, q: Quantity, floor: int, claims: list[Quantity]) -> str:
    """The step a time limit in a list of timed steps is for: what the clause names before the list, and the
    step's verb after the figure (对企业诉求实行“1小时响应、3个工作日办结”: 企业诉求办结), or ''."""
    p = _p()
    # a step (one to three characters after the figure) is closed by a mark: none within reach, no match
    step = p["step"].match(view, q.end) if _any_step_close(view, q.end + 1, q.end + 4) else None
    if not step or "、" not in (view[step.end():step.end() + 1], view[q.start - 1:q.start]):
        return ""                                     # 全流程“一日办结”: one slogan, no list of steps
    start = clause_start(view, q.start, floor)
    head = view[start:min([q.start] + [c.start for c in claims if start <= c.start < q.start])].split("“")[0]
    stop = p["stop"].search(head)
    noun = clean(head[:stop.start()] if stop else head)
    return noun + step.group(1) if len(noun) >= 2 else ""


def _aspect_of(thing: str, aspect: str) -> str:
    """An aspect of a thing: GDP + 总量 → GDP总量, GDP增速 + 总量 → GDP总量, 零售总额 + 总量 → 零售总额."""
    own = _p()["aspect"].search(thing)
    if own is not None and own.group() in TOTALS and aspect in TOTALS:
        return thing
    return (thing[:own.start()] if own is not None and own.start() else thing) + aspect


def _thing(view: str, claims: list[Quantity], end: int, also) -> str:
    """The subject of the last claim ending before `end` that measures a thing: no rank, 十大, 连续3年 or
    每平方公里."""
    return next((c.subject for c in reversed(claims) if c.end <= end and c.subject and c.kind != "rank" and
                 c.unit_text not in ("大", "大类") and view[max(0, c.start - 2):c.start] != "连续" and
                 not c.subject.startswith("每") and also(c)), "")


def _aspect_only(phrase: str | None) -> bool:
    """A subject naming only an aspect or a share of a thing (占比, 日均, 总量占全市): no thing to change."""
    return not phrase or "占" in phrase or phrase in RELATIONAL or phrase in _S["per_words"] or \
        _aspect(phrase)


def ranked(view: str, i: int, floor: int, claims: list[Quantity]) -> str:
    """What a rank ranks: the noun after it (前十名的单位), else what is ranked, among what, and 排名
    (…1049亿元,总量稳居全市第三: …总量全市排名; 在11个地市中位居第二), or ''."""
    q, p = claims[i], _p()
    if view[q.end:q.end + 1] in _S["sequence_classifiers"] and len(first := following(view, q, True, 1)) >= 2:
        return first                                   # 全市第二个入选国家级示范区: the Nth to do so
    after = following(view, q)
    if len(after) >= 2 and after not in _S["rank_positions"]:
        return after
    start = clause_start(view, q.start, floor)
    verb = None
    for verb in p["rank_verb"].finditer(view, start, q.start):
        pass
    scope_at = cut = verb.start() if verb else q.start
    if verb is not None:
        scope_at = verb.end()
    elif at := p["rank_scope"].search(view, start, q.start):
        scope_at = cut = at.start()                   # 总量全市第二: a scope right before the ordinal
    scope = _without(view, scope_at, q.start, claims)         # 居全省11个设区市第一: 设区市
    moved = bool(_COMPARED.search(scope) or p["rank_move"].search(scope))    # 排名较一季度上升一位
    scope = "" if moved else scope
    if inside := p["rank_in"].search(view, start, cut):    # 在11个地市中位居第二
        scope, cut = _without(view, inside.start() + 1, inside.end(), claims) + scope, inside.start()
    clause = start
    start = max([start] + [c.end for c in claims[:i] if c.end <= cut and view[max(0, c.start - 2):c.start] != "连续"])
    noun = p["rank_frame"].sub("", clean(_without(view, start, cut, claims)))
    noun = noun if len(noun) >= 2 else ""
    if (not noun or p["ranked_place"].fullmatch(noun)) and not inside and (frame := _frame_before(view, clause, floor)):
        return frame + "排名"                          # 在2023年度全省营商环境评价中,某市排名第3位
    if (compared := _COMPARED.search(noun, 2)) is not None:
        noun = noun[:compared.start()]                # GDP总量较一季度上升一位
    if not noun and (moved or verb is None and scope_at == q.start) and i and claims[i - 1].kind == "rank" and \
            claims[i - 1].subject:
        return claims[i - 1].subject                   # 位居全国第四,较去年上升一位
    base = _thing(view, claims[:i], cut, lambda c: "占" not in c.subject)
    if base and _aspect(noun):
        noun = _aspect_of(base, noun)                  # 增加值1049亿元,总量…: 增加值总量
    noun = noun or base
    noun = noun or p["rank_frame"].sub("", topic(view, q.start, floor, claims))    # 从…GDP总量来看,排名前三位的
    scope = _OF.split(scope.replace("“", "").replace("”", ""))[-1].strip("的在中了双 ")
    if not noun and len(scope) >= 2:
        return scope + "排名"                          # 在全市综合绩效考核中位列第一
    if not noun or scope_at == q.start and verb is None:
        return noun
    return noun + scope + "排名"


def _frame_before(view: str, clause: int, floor: int) -> str:
    """The evaluation a clause right before `clause` names as its frame (在…评价中,), cleaned, or ''."""
    if clause <= floor + 1:
        return ""
    before = view[clause_start(view, clause - 1, floor):clause - 1]
    frame = _p()["frame_clause"].match(before)
    name = clean(frame.group(1)) if frame else ""
    return name if len(name) >= 2 else ""


def _without(view: str, a: int, b: int, claims: list[Quantity]) -> str:
    """view[a:b] without the claims inside it (连续3年, 在11个地市中)."""
    out, pos = [], a
    for c in claims:
        if pos <= c.start and c.end <= b:
            out.append(view[pos:c.start])
            pos = c.end
    return "".join(out) + view[pos:b]


def topic(view: str, pos: int, floor: int, claims: list[Quantity]) -> str:
    """The noun phrase an earlier clause of the sentence opens with (辖区税收收入总额连续跨越…, 从…增至…)."""
    end = clause_start(view, pos, floor)
    while end > floor:
        start = clause_start(view, end - 1, floor)
        first = min((c.start for c in claims if start <= c.start < end), default=end - 1)
        phrase = _opening(view[start:first])
        if len(phrase) >= 2 and not phrase.startswith("占"):
            return phrase
        end = start
    return ""


@lru_cache(maxsize=1 << 14)
def _opening(clause: str) -> str:
    """The noun phrase a clause opens with: what it says before its predicate, cleaned."""
    verb = _p()["predicate"].search(clause)
    return clean(clause[:verb.start()] if verb else clause)


def distributed(view: str, floor: int, cue: regex.Match, run: list[Quantity], claims: list[Quantity]) -> list[str]:
    """The subjects of a run of figures after 分别, in order: the things listed before it, each with the aspect
    between 分别 and the figures or after them (分别以32.3%、22.3%的GDP增速), else the subjects of as many figures
    before (…1390亿元和392亿元,增速分别为8.9%和12.1%); [] when nothing names them."""
    first, n = run[0], len(run)
    at = clause_start(view, cue.start(), floor)
    phrase = clean(view[at:cue.start()])
    between = view[cue.end(1):first.start]
    attr = clean(between)                                        # 分别实现增加值1390亿元和392亿元
    if (share := _SHARE.match(between)) and share.group(1).endswith("占"):
        attr = "占" + share.group(2) + (share.group("head") or "")    # 分别占受理总量的80%、20%
    if len(attr) < 2:
        attr = clean(m.group(1)) if (m := _p()["of_after"].match(view, run[-1].end)) else ""
    names = split_list(phrase, n)
    if names is None and not phrase and at > floor:              # 甲、乙和丙增势强劲,分别以…: the clause before
        listed = view[clause_start(view, at - 1, floor):at - 1]
        names = split_list(_opening(listed), n)
    if names is None and (not phrase or phrase in ATTRIBUTES):
        before = [c for c in claims if c.end <= first.start and c.unit_text not in ("大", "大类") and c.kind != "rank"]
        earlier = [c.subject for c in before if c.role in ("level", "target")][-n:]
        if len(earlier) < n:                                     # …增长36.4%,…增长21.3%,分别比全省高7.6和5.8个百分点
            earlier = [c.subject for c in before if c.role == first.role][-n:]
        names = [(e or "") + phrase for e in earlier] if len(earlier) == n else None   # 增速分别为8.9%和12.1%
    if names is None and len(phrase) >= 2:
        names = [phrase] * n
    return [name + attr for name in names or []]


def as_written(text: str, view: str, a: int, b: int) -> Callable[[str], str]:
    """Subjects read from view[a:b] written back in the script of text[a:b] (規上工業增加值, not 规上工业增加值):
    each folded character as the text most often writes it there."""
    read, written = view[a:b], text[a:b]
    if read == written:                                          # nothing was folded there
        return _as_read
    forms: dict[int, str] = {}      # found for the characters of the subjects only, not for every one of the sentence

    def write(phrase: str | None) -> str | None:
        if not phrase:
            return phrase
        for ch in phrase:
            if ord(ch) not in forms:
                forms[ord(ch)] = _written_form(ch, read, written)
        return phrase.translate(forms)
    return write


def _as_read(phrase: str | None) -> str | None:
    return phrase


def _written_form(ch: str, read: str, written: str) -> str:
    """The Han character `written` most often has where `read` has ch folded from one (the first of them on a tie),
    else ch."""
    counts: dict[str, int] = {}
    at = read.find(ch, 0, len(written))
    while at >= 0:
        if (form := written[at]) != ch and _han(form):
            counts[form] = counts.get(form, 0) + 1
        at = read.find(ch, at + 1, len(written))
    return max(counts, key=counts.__getitem__) if counts else ch


@lru_cache(maxsize=1 << 12)
def _han(ch: str) -> bool:
    """Whether a character is Han (asked of every folded character of a subject: cached)."""
    return _p()["han"].match(ch) is not None


def split_list(phrase: str, n: int) -> list[str] | None:
    """A phrase naming n things (两抢、两盗、八类暴力警情) as n subjects, sharing the last one's head."""
    parts = [p for p in _LIST.split(phrase) if p]
    if len(parts) == 1 and (pair := _PAIRS.search(phrase)) and n == len(PAIRS[pair.group()]):
        return [phrase.replace(pair.group(), each, 1) for each in PAIRS[pair.group()]]    # 城乡居民 → 城镇居民, 农村居民
    if len(parts) != n:
        return None
    parts[0] = _EACH.sub("", parts[0])
    short = all(len(p) <= 2 for p in parts[:-1])                 # 咨询、建议、投诉处置平均用时
    head = parts[-1][len(parts[0]):] if short and len(parts[-1]) > len(parts[0]) + 1 else ""
    return [p + head for p in parts[:-1]] + [parts[-1]]
