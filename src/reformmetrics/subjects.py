"""The subject of a claim: the shortest noun phrase that says what is measured."""
from __future__ import annotations

from functools import cache, lru_cache

import regex

from .quantities import Quantity
from .tables import alternation, table
from .text_units import clause_start

_S = table("subjects")
MAX = _S["max_chars"]
VERBS = set(_S["verbs"])
#: words naming an aspect of things listed before (增速分别为8.9%和12.1%)
ATTRIBUTES = set(_S["attributes"])
RELATIONAL = set(_S["relational"])
CONVERSIONS = set(_S["conversions"])
#: words naming two things at once (城乡: 城镇 and 农村)
PAIRS: dict[str, list[str]] = _S["pairs"]
_PAIRS = regex.compile(alternation(PAIRS))
#: 占 / 不超过 … B 的 right before a percent: B is the base of a share, not what is measured
#: a parenthesis closing right before a figure explains the label before it
_PARENTHESIS = regex.compile(r"\([^()]{1,30}\)$")
#: a clause opening with a ranking verb ranks what the figure before measured
_RANKED = regex.compile(rf"(?:{alternation(table('cues')['rank']['before'] + _S['rank_leads'])})")
_COMPARED = regex.compile(rf"(?:{'|'.join(_S['comparisons'])})")
_SHARE = regex.compile(rf"({alternation(_S['share_verbs'])})([^,;。]{{1,16}})的$")
_CREATION = table("cues")["change"]["creation"] + _S["item_verbs"]
CHANGE_VERBS = table("cues")["change"]["up"] + table("cues")["change"]["down"] + table("cues")["change"]["merge"]
_LIST = regex.compile(r"、|和|及|与|以及")
_EACH = regex.compile(r"^(?:全年|全区|今年)?各")
_BASELINE = regex.compile(f"^(?:{alternation(_S['baseline_lead'])})|{alternation(_S['baseline_words'])}")
_ETC = regex.compile(r"等(?!级)")
_OF = regex.compile("的")


#: a character a phrase after a quantity runs on over: not a delimiter, digit (as str.isdigit) or %
_WORD_CHAR = rf"[^{regex.escape(_S['delimiters'])}%\p{{Numeric_Type=Decimal}}\p{{Numeric_Type=Digit}}]"


#: a change verb after a count starts the predicate (从1166项减少到105项), not the counted noun (增加值 is a noun)
_CHANGE_AFTER = (rf"(?:{alternation(w for w in CHANGE_VERBS if len(w) > 1)})(?![值率量额幅速点])"
                 rf"|(?:{alternation(table('cues')['role']['to_verbs'])})(?:到|至)")


def _guarded(words) -> str:
    """Words as an alternation, longest first; one that ends a kept word (行为, 党组织) does not match inside it."""
    alts = []
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        before = [k[:-len(w)] for k in _S["kept_endings"] if k.endswith(w) and len(k) > len(w)]
        alts.append(f"(?<!{alternation(before)}){regex.escape(w)}" if before else regex.escape(w))
    return "|".join(alts)


def _stops() -> str:
    return "|".join(sorted(_S["following_stops"] + _S["predicates"], key=len, reverse=True))


@cache
def _p():
    return {
        "lead": regex.compile(rf"^(?:(?!{alternation(_S['compounds'])})(?:{alternation(_S['leading'])}))+"),
        "trail": regex.compile(rf"(?:{_guarded(_S['trailing'])})+$"),
        "strict": regex.compile(rf"(?:(?!{_stops()}|{_CHANGE_AFTER}){_WORD_CHAR}){{0,{MAX}}}"),
        "insertion": regex.compile("|".join(_S["insertions"])),
        "stop": regex.compile(alternation(_S["predicates"])),
        "loose": regex.compile(rf"{_WORD_CHAR}{{0,{MAX}}}"),
        "verb": regex.compile(rf"(?:{_guarded(v for v in VERBS | set(CHANGE_VERBS) if len(v) > 1)})(?![区率量额值度数幅速])"),
        "verbs": regex.compile(rf"(?:{alternation(v for v in VERBS | set(CHANGE_VERBS) | set(_CREATION) if len(v) > 1)})+"),
        "light": regex.compile(rf"(?:{alternation(_S['light_verbs'])})(?![率量额值度数])"),
        "base": regex.compile(rf"(?:同比|同口径|环比(?:上一?[周月年]|上一季度)?|较[^,，;；。]{{0,12}}?(?:年底|年末|年初|同期|上年|去年)|比上年|比去年|"
                              rf"(?:{alternation(w for w in CHANGE_VERBS if len(w) > 1)})(?:了)?(?:至|到)?)+$"),
        "from": regex.compile(r"(?:由|从)(?:\p{Han}{0,4}的)?$"),
        "compare": regex.compile(rf"(?<=\p{{Han}}{{2}})(?:{'|'.join(_S['comparisons'])})\p{{Han}}{{1,12}}$"),
        "date": regex.compile(r"(?:\d{1,2}月)?\d{1,2}日(?:[-至]\d{1,2}日)?|至\d{1,2}日"),
        "time": regex.compile(r"(?:从|由|比|较|到|至|增至|自)?(?:\d{4}(?:[-~至到]\d{4})?|[一二][〇零一二三四五六七八九]{3}) ?年"
                              r"(?:底|末|初|度)?(?:\d{1,2}(?:-\d{1,2})?月(?:份|底|末)?)?(?:起|以来)?的?"),
        "freq": regex.compile(r"(?:每[月年周天日]|每个月|每星期)[^,，;；。]{0,6}$"),
        "period": regex.compile(r"^(?:截至)?(?:\d{4}年)?(?:\d{1,2}(?:-\d{1,2})?月(?:份|底|末)?)?(?:\d{1,2}日)?"
                                r"(?:上半年|下半年|前三季度|第?[一二三四]季度|全年|以来|年底|年末|底)?,?"),
    }


@lru_cache(maxsize=1 << 16)
def clean(phrase: str) -> str:
    """A phrase cut to the noun phrase it ends with: scope words, lead-in verbs and cues stripped."""
    p = _p()
    out = p["time"].sub("", p["date"].sub("", p["insertion"].sub("", phrase))).strip(" 、“”\"'")
    for _ in range(4):
        before = out
        m = p["period"].match(out)
        if m and m.end():
            out = out[m.end():]
        out = p["lead"].sub("", out)
        for key in ("from", "freq", "base", "compare", "trail"):
            out = p[key].sub("", out)
        out = out.strip(" 、“”\"'")
        if out == before:
            break
    out = p["lead"].sub("", p["light"].sub("", out)) or out
    out = _after_last(out, _ETC)
    out = _after_last(out, p["verb"])
    out = p["trail"].sub("", p["lead"].sub("", out))
    if len(out) > 12:
        out = _after_last(out, _OF)
    return "" if out in VERBS else out


def _after_last(text: str, pat: regex.Pattern) -> str:
    cut = None
    for m in pat.finditer(text):
        if len(text) - m.end() >= 2:
            cut = m.end()
    return text[cut:] if cut is not None else text


def following(view: str, q: Quantity, loose: bool = False) -> str:
    """The noun phrase right after a quantity (5所公办幼儿园), or ''; loose: up to the clause end."""
    i = q.end + (view[q.end:q.end + 1] == "的")
    i += view[i:i + 1] == " "                                   # 318 家 企业: a space set after the unit
    j = min(_p()["loose" if loose else "strict"].match(view, i).end(), q.end + MAX)
    out = view[i:j].strip("“”\"'《》 ")
    if loose:
        out = _p()["lead"].sub("", out)
        m = _p()["verb"].match(out)
        while m and len(out) - m.end() >= 2:
            out = out[m.end():]
            m = _p()["verb"].match(out)
        if stop := _p()["stop"].search(out, 2):
            out = out[:stop.start()]                             # 三百余亩猕猴桃长势喜人: 猕猴桃
    return out


def preceding(view: str, q: Quantity, floor: int, claims: list[Quantity]) -> str:
    """The phrase between the clause start (or the previous claim) and the quantity, as written."""
    start = clause_start(view, q.start, floor)
    for other in claims:
        if start <= other.end <= q.start and other is not q and other.unit_text not in ("大", "大类"):
            start = other.end
    return view[max(start, q.start - 40):q.start]


def subject(view: str, i: int, floor: int, claims: list[Quantity]) -> str:
    """The subject of claims[i]: the phrase after it (counts) or before it, else its neighbours'."""
    q = claims[i]
    nxt = claims[i + 1] if i + 1 < len(claims) else None
    after = following(view, q) if q.kind in ("count", "rank", "frequency") or q.bare else ""
    if len(after) < 2 and nxt is not None and view[q.end:nxt.start] in ("", "、") and nxt.kind == "count":
        after = following(view, nxt)                  # 11类32个配套文件, 1平方公里1个全科网格
    if q.kind in ("ratio", "percent", "money") and view[q.end:q.end + 1] == "的" and q.role == "level":
        after = following(view, q)                    # 1:1的科技助力贷款, 超过30%的事项, 1000万元的资助
    if len(after) >= 2:
        return after
    raw = _PARENTHESIS.sub("", preceding(view, q, floor, claims))    # A类(所提问题已经解决)41件: A类
    prev = claims[i - 1] if i else None
    if q.kind == "rank" and prev is not None and prev.subject and prev.kind != "rank" and _RANKED.match(raw.lstrip(" ,")):
        return prev.subject + "排名"                    # 一审服判息诉率达到91.2%,居全市基层法院第2位
    whole = next((c for c in reversed(claims[:i]) if c.kind not in ("percent", "rank")), None)
    if q.kind == "percent" and (share := _SHARE.search(raw)):      # 不超过改造总投资的10%: a share of a base
        owner = clean(raw[:share.start()]) or (whole.subject if whole is not None else "") or \
            topic(view, q.start, floor, claims)
        if len(owner) >= 2:
            return owner + ("占" + clean(share.group(2)) if share.group(1) == "占" else "")
    before = clean(raw)
    if q.kind == "multiple" and (base := _BASELINE.search(before)):
        before = before[:base.start()]                # 是“十五”期末的1.9倍: a base, not what is measured
    if (before.startswith("占") or before in RELATIONAL) and whole is not None and whole.subject:
        return whole.subject + before                  # (A类)22件,占承办提案总数的23.91%; …3865.7亿元,增幅为7.8%
    if raw.strip(" ,约") in CONVERSIONS and whole is not None and whole.subject:
        return whole.subject                           # 5亿美元,约合人民币36亿元
    if _COMPARED.match(before) or _p()["verbs"].fullmatch(before):
        before = ""                                    # 比上年多1800人, 改建盘活7000套: no subject of the clause's own
    if len(before) >= 2:
        return before
    verb = _p()["verbs"].fullmatch(_p()["lead"].sub("", _p()["period"].sub("", raw.strip(" ,、已"))))
    same = next((p for p in reversed(claims[:i]) if p.unit_text == q.unit_text and p.subject), None)
    if verb and same is not None and q.role == "level" and q.kind == "count":
        noun = clean(same.subject)
        lead = _p()["verbs"].match(noun)
        return verb.group() + (noun[lead.end():] if lead and len(noun) - lead.end() >= 2 else noun)   # 办结各类事件
    loose = clean(following(view, q, loose=True))
    if len(loose) >= 2 and (q.kind not in ("percent", "percentage_point") or q.role == "level"):
        return loose
    start = clause_start(view, q.start, floor)
    level = next((p for p in reversed(claims[:i]) if p.kind != "rank" and (p.end > start or p.role != "change")), None)
    if level is not None and level.subject and (q.role == "change" or level.end > start and not _LIST.search(view, level.end, q.start)):
        return level.subject                          # 新增…141家,增长25%; 缩短60%; 入住率连续三天超过90%
    return topic(view, q.start, floor, claims) or next((p.subject for p in reversed(claims[:i]) if p.subject), loose)


def topic(view: str, pos: int, floor: int, claims: list[Quantity]) -> str:
    """The noun phrase an earlier clause of the sentence opens with (辖区税收收入总额连续跨越…, 从…增至…)."""
    end = clause_start(view, pos, floor)
    while end > floor:
        start = clause_start(view, end - 1, floor)
        first = min((c.start for c in claims if start <= c.start < end), default=end - 1)
        head = view[start:first]
        verb = _p()["verb"].search(head)
        phrase = clean(head[:verb.start()] if verb else head)
        if len(phrase) >= 2:
            return phrase
        end = start
    return ""


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
