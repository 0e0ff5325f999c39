"""Fact keys: each claim reduced to what it states (subject, unit, role, period, place)
and to the interval of values its wording allows, so that claims can be compared."""
from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from functools import lru_cache
from importlib import resources

import pandas as pd

from .normalize import fold

TABLES = tomllib.loads(resources.files("reformmetrics").joinpath("lang/zh/facts.toml").read_text("utf-8"))

_SUBJ = TABLES["subject"]
_ABBREV = sorted(_SUBJ["abbreviations"], key=lambda p: -len(p[0]))
_MODIFIERS = sorted(_SUBJ["modifiers"], key=len, reverse=True)
_STRIP = re.compile("[" + re.escape(_SUBJ["strip_chars"]) + "]")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_WORD = re.compile(r"(?:19|20)\d{2}\s*年度?")
_DROP = re.compile("|".join(_SUBJ["drop_patterns"]))
_PINYIN = re.compile(r"\([a-zA-Z\u00e0-\u01dc]+\)")           # a mirror's reading aids: 城镇(zhèn)
_DIFFERENCE = re.compile(TABLES["difference"]["pattern"])
_GAP = re.compile(TABLES["difference"]["gap"])
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CLAUSE_END = re.compile(r"[,,;;。::!?!?\n]")
_SPEC = TABLES["specificity"]
_MATCH = TABLES["match"]

#: kinds whose figures are no amounts to add up or divide: ranks, ratios and frequencies.
SKIP_KINDS = frozenset({"rank", "ratio", "frequency"})
#: role classes: a level now (level, to), a level before (from), a change, a goal.
ROLE_CLASS = {"level": "level", "to": "level", "from": "from", "change": "change", "target": "target"}


def _families(groups: list[list[str]]) -> dict[str, str]:
    return {u: group[0] for group in groups for u in group}


_UNIT_FAMILY = _families(TABLES["units"]["equivalent"])
_SUM_GROUPS = [frozenset(g) for g in TABLES["units"]["sum_equivalent"]]


def unit_key(unit) -> str:
    """The unit a claim is compared in: equivalent classifiers share one key."""
    unit = "" if pd.isna(unit) else str(unit)
    return _UNIT_FAMILY.get(unit, unit)


def sum_compatible(a, b) -> bool:
    """Whether a whole in unit `a` may have parts in unit `b` (196项 = 155个 + 41个)."""
    a, b = ("" if pd.isna(u) else str(u) for u in (a, b))
    return a == b or any(a in g and b in g for g in _SUM_GROUPS)


def normalise_subject(subject) -> str:
    """Subject reduced to a comparable spelling: traditional script folded, abbreviations expanded, scope,
    time and aspect modifiers and punctuation removed (place names stay: the claim's own place is removed
    when its key is built, so that 南山区GDP and 罗湖区GDP stay apart where places are unknown)."""
    if subject is None or pd.isna(subject):
        return ""
    return _normalise(str(subject))


@lru_cache(maxsize=1 << 16)
def _normalise(subject: str) -> str:
    s = _STRIP.sub("", _DROP.sub("", _PINYIN.sub("", fold(subject))))
    s = _YEAR_WORD.sub("", s)
    for short, full in _ABBREV:
        s = s.replace(short, full)
    for word in _MODIFIERS:
        s = s.replace(word, "")
    changed = True
    while changed and s:
        changed = False
        for word in _SUBJ["leading"]:
            if s.startswith(word) and len(s) > len(word) + 1:
                s, changed = s[len(word):], True
        for word in _SUBJ["trailing"]:
            if s.endswith(word) and len(s) > len(word) + 1:
                s, changed = s[: -len(word)], True
    return s


def bigrams(s: str) -> set[str]:
    """The character bigrams of a subject (a one-character subject: itself)."""
    return {s[i:i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s} - {""}


def similarity(a: str, b: str, contain: bool = True) -> float:
    """How alike two normalised subjects are: 1 when equal, a containment score when one
    holds the other (unless `contain` is false), else the Dice coefficient of their
    character bigrams."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    for x, y in ((a, b), (b, a)):
        if "及" in x and "及" not in y and not any(f"及{w}" in x for w in _MATCH["not_conjoined"]):
            return max(similarity(part, y, contain) for part in _conjuncts(x))   # 总量及增速排名: 总量排名, 增速排名
    short, long_ = sorted((a, b), key=len)
    if contain and short in long_:
        return _MATCH["contain_long_score"] if len(short) >= _MATCH["contain_long"] else _MATCH["contain_short_score"]
    x, y = bigrams(a), bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _conjuncts(subject: str) -> list[str]:
    """The subjects a subject joining two words of one length by 及 names (地区生产总值总量及增速排名 →
    地区生产总值总量排名, 地区生产总值增速排名, for each length the words may have)."""
    at = subject.index("及")
    return [s for k in range(1, 5) if k <= at and at + 1 + k <= len(subject)
            for s in (subject[:at] + subject[at + 1 + k:], subject[:at - k] + subject[at + 1:])] or [subject]


def same_subject(a: str, b: str) -> bool:
    """Whether two normalised subjects name one fact closely enough to call a difference a conflict: one holds
    the other with at most a filler character more, and that is no negation (营利性 vs 非营利性)."""
    short, long_ = sorted((a, b), key=len)
    if len(short) < _MATCH["conflict_min_chars"] or short not in long_ \
            or len(long_) - len(short) > _MATCH["conflict_extra_chars"]:
        return False
    extra = long_.replace(short, "", 1)
    return not any(w in extra for w in _MATCH["negations"])


def _written_number(text: str, value: float) -> tuple[float, int, int]:
    """(number as written, decimals, trailing zeros) of a claim's surface."""
    numbers = _NUMBER.findall(re.sub(r"(?<=\d)\s+(?=[\d.])|(?<=\.)\s+", "", text or ""))
    if numbers:
        written = numbers[-1]
        decimals = len(written.split(".")[1]) if "." in written else 0
        digits = written.replace(".", "").lstrip("0") or "0"
        zeros = 0 if decimals else len(digits) - len(digits.rstrip("0"))
        return float(written), decimals, min(zeros, len(digits) - 1)
    v = abs(value)
    zeros = 0
    while v >= 10 and v == int(v) and int(v) % 10 == 0:
        v, zeros = v / 10, zeros + 1
    return abs(value), 0, zeros


def significant_digits(text: str, value: float) -> int:
    """Significant digits of the figure as written (1.42万 → 3, 30000余 → 1)."""
    written, decimals, zeros = _written_number(text, value)
    digits = f"{written:.{decimals}f}".replace(".", "").lstrip("0")
    return max(len(digits) - zeros, 1)


def interval(text: str, value: float, low, high, approx, kind: str = "") -> tuple[float, float]:
    """The values a claim's wording allows: its stated precision (377.7 → 377.65..377.75;
    a whole count as written is exact) widened by its approximation (余/以上 up to the
    next step of its last significant digit, 近/以内 down to it, 约 both ways)."""
    written, decimals, zeros = _written_number(text, value)
    factor = abs(value) / written if written else 1.0
    step = 10.0 ** -decimals * factor
    if kind == "count" and step == 1 and not approx:
        lo = value if low is None or pd.isna(low) else min(float(low), value)
        return lo, value
    bump = step * 10.0 ** zeros
    if approx == "over":
        return value, value + bump
    if approx in ("nearly", "under"):
        return value - bump, value
    if approx == "about":
        return value - bump, value + bump
    lo = value if pd.isna(low) else min(float(low), value)
    return lo - step / 2, value + step / 2


def specificity(text: str, value: float, kind: str) -> str:
    """How unlikely a figure is to repeat by chance: high, mid or low."""
    digits = significant_digits(text, value)
    if kind in ("percent", "percentage_point"):
        if value in _SPEC["common_percent"]:
            return "low"
        return "high" if digits >= _SPEC["percent_high_digits"] else "mid" if digits >= _SPEC["percent_mid_digits"] else "low"
    if abs(value) <= _SPEC["small_max"] and kind not in _SPEC["precise_small_kinds"]:
        return "low"
    if digits >= _SPEC["other_high_digits"]:
        return "high"
    if digits >= _SPEC["other_mid_digits"] or (digits == 1 and abs(value) >= _SPEC["round_mid_min"]):
        return "mid"
    return "low"


@lru_cache(maxsize=1 << 16)
def _aspect(dimension: str, text: str) -> str:
    """The group of `dimension` (flow: new/stock, basis: real/nominal) whose words `text` uses, if exactly one."""
    hits = {name for name, words in TABLES["aspect"][dimension].items() if any(w in text for w in words)}
    return hits.pop() if len(hits) == 1 else ""


def _reference_year(baseline, year: int | None) -> int | None:
    """The year a change is measured against (较2018年年底 → 2018; 同比 in 2019 → 2018)."""
    if baseline is None or pd.isna(baseline):
        return None
    text = str(baseline)
    named = _YEAR.search(text)
    if named:
        return int(named.group(1))
    if year is not None and any(w in text for w in TABLES["period"]["year_on_year"]):
        return year - 1
    return None


def _day(x) -> str | None:
    """An ISO date (YYYY-MM-DD) of a date, a timestamp or an ISO string; None when missing or unreadable."""
    if x is None or (not isinstance(x, str) and pd.isna(x)):
        return None
    try:
        return str(pd.Timestamp(str(x).strip()[:10]).date())
    except (ValueError, TypeError):
        return None


def _dominant(values: list):
    """The most common known value, if it holds at least the dominant share of the known ones."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    value, n = counts.most_common(1)[0]
    return value if n / sum(counts.values()) >= TABLES["context"]["dominant_share"] else None


def _is_plan(label: str) -> bool:
    genre = TABLES["genre"]
    return any(w in label for w in genre["plan"]) and not any(w in label for w in genre["not_plan"])


def document_info(documents: pd.DataFrame | None) -> dict[str, dict]:
    """Per doc_id of a documents frame (doc_id, title, date, and a `genre` where given): the document's date
    (ISO) and whether its title or genre names a plan (工作要点, 计划, 目标), which states targets, not results."""
    if documents is None or len(documents) == 0 or "doc_id" not in documents:
        return {}
    out = {}
    for row in plain_records(documents):
        label = " ".join(str(row.get(c) or "") for c in ("title", "genre"))
        out[str(row["doc_id"])] = {"date": _day(row.get("date")), "plan": _is_plan(label)}
    return out


def _place_names(place: str | None) -> list[str]:
    """A place's standard name and its short form (宝安区 → 宝安), longest first."""
    if not place:
        return []
    short = place[:-1] if len(place) > 2 and place[-1] in TABLES["context"]["place_suffixes"] else ""
    return [place, short] if short else [place]


def share_of(subject_key: str, window: str = "") -> tuple[str, str] | None:
    """(part, whole) a percentage states a share of, when its subject or the words before it name a share
    (第二产业增加值比重, 服务业占GDP比重; 三次产业之比为 …): the whole is the noun after 占, else the one the part's
    family implies (产业 → 地区生产总值); None when it names no share."""
    cfg = TABLES["share"]
    if not any(w in subject_key or w in window for w in cfg["share_words"]):
        return None
    part, _, whole = subject_key.partition("占")
    for w in cfg["share_words"] + cfg["part_drop"]:
        part, whole = part.replace(w, ""), whole.replace(w, "")
    implied = next((w for family, w in cfg["implied_wholes"].items() if part.endswith(family)), "")
    whole = implied if not whole or (implied and implied in whole) else whole
    return (part, whole) if len(part) >= 2 and len(whole) >= 2 else None


def _subject_key(subject, places: tuple[str, ...], before: str = "", after: str = "") -> str:
    """The normalised subject without the names of the claim's own place and its document's (宝安区GDP → GDP).
    In a list of places ranked by a measure, the measure: a place's name, a few words and a measure (宝安区一路
    狂飙GDP增速 → 地区生产总值), or a subject that is only a place's name or list words (依次为深汕特别合作区; 坪山区)
    takes the last measure named before the figure in its sentence (从各区GDP增速来看,…), else the words right
    after the figure (`after`: 票决产生10项宝安区年度民生实事)."""
    full = normalise_subject(subject)
    names = [n for p in places for n in _place_names(p)]
    key = full
    for name in names:
        if name in key and len(key) > len(name) + 1:
            key = key.replace(name, "")
    measure = next((m for m in _MEASURES if full.endswith(m)), None)
    if measure is not None:
        filler = next((full[len(n):-len(measure)] for n in names if full.startswith(n)), None)
        return measure if filler is not None and len(filler) <= _SUBJ["measure_filler_chars"] else key
    bare = key
    for word in sorted({*names, *_SUBJ["list_words"]}, key=len, reverse=True):
        bare = bare.replace(word, "")
    if bare:
        return key
    following = _subject_key(after, places) if after else ""
    return _last_measure(before) or (following if len(following) >= 2 else key)


_MEASURE_WORDS = [(fold(w), normalise_subject(w)) for w in _SUBJ["measures"]]
_MEASURES = sorted({m for _, m in _MEASURE_WORDS}, key=len, reverse=True)


def _gap_key(clause: str, before: str) -> str | None:
    """The subject of a gap from a benchmark (GDP增长8.5%,比全市高2.5个百分点; 高于深圳全市…): the measure last
    named before it in the sentence and the benchmark's level (全市, 全省, 全国), else None."""
    gap = _GAP.search(clause)
    if gap is None:
        return None
    level = next((name for name, words in TABLES["difference"]["benchmarks"].items()
                  if any(w in gap.group(1) for w in words)), None)
    measure = _last_measure(before)
    return f"{measure}比{level}" if level and measure else None


def _last_measure(before: str) -> str | None:
    """The measure (normalised) named last in `before`; of two ending at one place, the longer (城镇居民人均可支配收入)."""
    named = [(before.rfind(w) + len(w), len(w), m) for w, m in _MEASURE_WORDS if w in before]
    return max(named)[2] if named else None


def plain_records(claims: pd.DataFrame) -> list[dict]:
    """The claims as plain dicts, with None for missing values."""
    return claims.astype(object).where(claims.notna(), None).to_dict("records")


def sentence_offsets(records: list[dict]) -> list[int | None]:
    """Document offset where each claim's sentence (`context`) starts, or None when the
    claim cannot be placed in it."""
    groups = {}
    for n, r in enumerate(records):
        if r.get("context") is not None and r.get("text"):
            groups.setdefault((r["doc_id"], r.get("sentence"), r["context"]), []).append(n)   # a sentence said twice: twice
    out = [None] * len(records)
    for (_, _, ctx), members in groups.items():
        votes = Counter()
        for n in members:
            text, at = str(records[n]["text"]), str(ctx).find(str(records[n]["text"]))
            while at >= 0:
                votes[int(records[n]["start"]) - at] += 1
                at = ctx.find(text, at + 1)
        if votes:
            base = votes.most_common(1)[0][0]
            for n in members:
                out[n] = base
    return out


#: the columns fact_keys adds to a claim.
KEY_COLUMNS = ["subject_key", "unit_key", "role_key", "direction_key", "period_key", "period_known", "moment", "year",
               "ref_year", "place_key", "place_known", "goal", "doc_date", "flow", "basis", "caliber", "scope", "lo", "hi",
               "tier",
               "head", "clause", "window", "base", "block"]


def _own_period(r: dict) -> tuple[str, str] | None:
    start, end = _day(r.get("period_start")), _day(r.get("period_end"))
    return (start or end, end or start) if start or end else None


def key_records(records: list[dict], documents: pd.DataFrame | None = None) -> list[dict]:
    """Each claim record with its fact key parts (KEY_COLUMNS) added. Place and period are the claim's
    `place` and `period_start`/`period_end` columns; where unknown, its document's (the value most of the
    document's claims state), else unknown. `documents` (doc_id, title, date) dates the documents and marks plans."""
    bases = sentence_offsets(records)
    info = document_info(documents)
    own_periods = [_own_period(r) for r in records]
    places, periods = {}, {}
    for r, period in zip(records, own_periods):
        places.setdefault(r["doc_id"], []).append(None if r.get("place") is None else str(r["place"]))
        periods.setdefault(r["doc_id"], []).append(period)
    doc_place = {d: _dominant(v) for d, v in places.items()}
    doc_period = {d: _dominant(v) for d, v in periods.items()}
    out = []
    for r, base, own in zip(records, bases, own_periods):
        before = clause = window = after = ""
        if base is not None:
            before = fold(str(r["context"])[: max(int(r["start"]) - base, 0)])
            end = int(r["start"]) + len(str(r.get("text") or "")) if r.get("end") is None else int(r["end"])
            after = _CLAUSE_END.split(fold(str(r["context"])[max(end - base, 0):][:_MATCH["window_chars"]]))[0]
            clause = before[max((m.end() for m in _CLAUSE_END.finditer(before)), default=0):]
            window = before[-_MATCH["window_chars"]:]
        doc = info.get(str(r["doc_id"]), {})
        value, text, kind = float(r["value"]), str(r.get("text") or ""), str(r.get("kind") or "")
        lo, hi = interval(text, value, r.get("low"), r.get("high"), r.get("approx"), kind)
        role = ROLE_CLASS.get(str(r.get("role") or ""), "level")
        direction = r.get("direction")
        if role == "change" and value < 0:           # a table's -1.8 is a fall of 1.8
            lo, hi, direction = -hi, -lo, "down"
        if role == "level" and _DIFFERENCE.search(clause):
            role = "change"                         # 较全省平均水平高7922元: a difference, not the level
        if role == "from" and own is not None:
            role = "level"                          # a from-value stated for its own period is that period's level
        period = own if own is not None or role == "from" else doc_period.get(r["doc_id"])
        place = None if r.get("place") is None else str(r["place"])
        place = place or doc_place.get(r["doc_id"])
        written = _YEAR.search(str(r.get("period") or ""))
        year = int(period[1][:4]) if period else int(written.group(1)) if written else None
        subject = str(r.get("subject") or "")
        subject_key = _subject_key(subject, tuple(p for p in (place, doc_place.get(r["doc_id"])) if p), before, after)
        if role == "change":
            subject_key = _gap_key(clause, before) or subject_key
        share = share_of(subject_key, window) if r.get("unit") == "percent" else None
        if share:                                   # 第三产业增加值比重, 服务业占GDP比重: one share, however worded
            subject_key = f"{share[0]}占{share[1]}比重"
        goal = role == "target" or bool(doc.get("plan"))
        block_role = "level" if role == "target" else role
        out.append({**r,
            "subject_key": subject_key, "unit_key": unit_key(r.get("unit")), "role_key": role,
            "direction_key": str(direction) if role == "change" and direction is not None else "",
            "period_key": "..".join(period) if period else "", "period_known": period is not None,
            "moment": bool(period) and period[0] == period[1], "year": year,
            "ref_year": _reference_year(r.get("baseline"), year),
            "place_key": place or "", "place_known": bool(place), "goal": goal, "doc_date": doc.get("date"),
            "flow": _aspect("flow", f"{subject}|{clause}"), "basis": _aspect("basis", f"{subject}|{before}"),
            "caliber": _aspect("caliber", f"{subject}|{clause}"),
            "scope": _aspect("scope", f"{subject}|{clause}"), "lo": lo, "hi": hi,
            "tier": specificity(text, value, kind), "head": subject_key[-2:], "clause": clause, "window": window,
            "base": base, "block": f"{kind}|{unit_key(r.get('unit'))}|{block_role}",
        })
    _carry_scope(out)
    return out


def _carry_scope(recs: list[dict]) -> None:
    """A scope stated at the head of a passage (全市实现…; 市级实现…) holds for the claims of the next few
    sentences that state none (其中,第一产业增加值…; 三次产业之比为…)."""
    reach = TABLES["aspect"]["scope_reach"]
    order = sorted(range(len(recs)), key=lambda n: (str(recs[n]["doc_id"]), recs[n]["sentence"] or 0, recs[n]["start"]))
    doc, scope, at = None, "", 0
    for n in order:
        r = recs[n]
        if r["doc_id"] != doc:
            doc, scope, at = r["doc_id"], "", 0
        sentence = r["sentence"] or 0
        if r["scope"]:
            scope, at = r["scope"], sentence
        elif scope and sentence - at <= reach:
            r["scope"] = scope


def fact_keys(claims: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Fact key parts of each claim (KEY_COLUMNS, same index as `claims`): what the claim
    states (normalised subject, unit, role, period, baseline year, place, aspect), the
    interval of values its wording allows, how specific it is, and its blocking key."""
    return pd.DataFrame(key_records(plain_records(claims), documents), index=claims.index, columns=KEY_COLUMNS)


def value_keys(lo: float, hi: float, limit: int = 120) -> list[tuple]:
    """Two-significant-digit grid cells an interval covers: two intervals that overlap
    share at least one cell (wider intervals than `limit` cells keep only their end)."""
    def cell(x: float) -> tuple:
        if x == 0:
            return (0, 0, 0)
        e = math.floor(math.log10(abs(x))) - 1
        return (1 if x > 0 else -1, e, math.floor(abs(x) / 10.0 ** e))

    if lo <= 0 < hi or hi <= 0:
        return [cell(hi)]
    a, b = cell(lo), cell(hi)
    out = [a]
    sign, e, m = a
    while (e, m) < (b[1], b[2]) and len(out) < limit:
        m += 1
        if m > 99:
            e, m = e + 1, 10
        out.append((sign, e, m))
    return out if len(out) < limit else [b]
