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

TABLES = tomllib.loads(resources.files("reformmetrics").joinpath("lang/zh/facts.toml").read_text("utf-8"))

_SUBJ = TABLES["subject"]
_ABBREV = sorted(_SUBJ["abbreviations"], key=lambda p: -len(p[0]))
_MODIFIERS = sorted(_SUBJ["modifiers"], key=len, reverse=True)
_STRIP = re.compile("[" + re.escape(_SUBJ["strip_chars"]) + "]")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_MONTHS = re.compile(r"(\d{1,2})\s*(?:-|—|–|~|～|至|到)\s*(\d{1,2})\s*月|(\d{1,2})\s*月")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CLAUSE_END = re.compile(r"[,,;;。::!?!?\n]")
_PLACES = TABLES["places"]["names"]
_KNOWN = re.compile("|".join(map(re.escape, sorted(_PLACES, key=len, reverse=True)))) if _PLACES else None
_NAMED = re.compile(rf"([\u4e00-\u9fff]{{2}})(?={'|'.join(map(re.escape, TABLES['places']['suffixes']))})")
_COMMON = set(TABLES["places"]["common_words"])
_NOT_NAMES = set(TABLES["places"]["not_names"])
_SUFFIX_WORDS = set(TABLES["places"]["suffix_words"])
_SPEC = TABLES["specificity"]
_MATCH = TABLES["match"]

#: kinds whose figures are names of ranks, ratios or frequencies rather than facts to compare.
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
    """Subject reduced to a comparable spelling: abbreviations expanded, scope, time and
    aspect modifiers, place names and punctuation removed."""
    if subject is None or pd.isna(subject):
        return ""
    return _normalise(str(subject))


@lru_cache(maxsize=1 << 16)
def _normalise(subject: str) -> str:
    s = _STRIP.sub("", subject)
    s = _YEAR.sub("", s)
    for short, full in _ABBREV:
        s = s.replace(short, full)
    for word in _MODIFIERS:
        s = s.replace(word, "")
    for place in _places_in(s):
        s = s.replace(place + "区", "").replace(place + "县", "").replace(place + "市", "").replace(place, "")
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


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s} - {""}


def similarity(a: str, b: str, contain: bool = True) -> float:
    """How alike two normalised subjects are: 1 when equal, a containment score when one
    holds the other (unless `contain` is false), else the Dice coefficient of their
    character bigrams."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    if contain and short in long_:
        return _MATCH["contain_long_score"] if len(short) >= _MATCH["contain_long"] else _MATCH["contain_short_score"]
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def same_subject(a: str, b: str) -> bool:
    """Whether two normalised subjects name one fact closely enough to call a difference a conflict."""
    short, long_ = sorted((a, b), key=len)
    return (len(short) >= _MATCH["conflict_min_chars"] and short in long_
            and len(long_) - len(short) <= _MATCH["conflict_extra_chars"])


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
    if abs(value) <= _SPEC["small_max"]:
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


@lru_cache(maxsize=1 << 16)
def _period(period, baseline) -> tuple[int | None, int | None, str]:
    """(year, years after the document's year, sub-period of the year) a period states;
    a period naming the baseline's year (较2018年年底) states none."""
    if period is None or pd.isna(period):
        return None, None, ""
    text = str(period)
    year = _YEAR.search(text)
    base_year = None if baseline is None or pd.isna(baseline) else _YEAR.search(str(baseline))
    if base_year and (not year or year.group(1) == base_year.group(1)):
        return None, None, ""
    months = _MONTHS.search(text)
    sub = next((w for w in TABLES["period"]["subperiods"] if w in text), "")
    if months:
        sub = f"{months.group(1)}-{months.group(2)}月" if months.group(1) else f"{months.group(3)}月"
    relative = next((n for w, n in TABLES["period"]["relative"].items() if w in text), None)
    return (int(year.group(1)) if year else None), (None if year else relative), sub


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


def _mentions(text: str) -> list[str]:
    """Every place named in a text, in order: the known names, and two characters before 区 / 县 / 市 that are no
    common word (临江区 → 临江)."""
    found = [(m.start(), m.group()) for m in _KNOWN.finditer(text)] if _KNOWN else []
    for m in _NAMED.finditer(text):
        name = m.group(1)
        if name[-1] + text[m.end()] not in _COMMON and text[m.end():m.end() + 2] not in _SUFFIX_WORDS \
                and name not in _NOT_NAMES and name not in _PLACES:
            found.append((m.start(), name))
    return [name for _, name in sorted(found)]


def _places_in(text: str) -> list[str]:
    return list(dict.fromkeys(_mentions(text)))


def _doc_places(contexts: set[str]) -> tuple[str, set[str]]:
    """A document's place (its most named, if named often enough) and the places it names: the known ones, and
    the others it names at least twice (a name seen once, 改为区…, is more likely a word than a place)."""
    counts = Counter(name for ctx in contexts for name in _mentions(ctx))
    counts = Counter({p: n for p, n in counts.items() if p in _PLACES or n >= TABLES["places"]["min_mentions"]})
    if not counts:
        return "", set()
    place, n = counts.most_common(1)[0]
    return (place if n / sum(counts.values()) >= TABLES["places"]["dominant_share"] else ""), set(counts)


def plain_records(claims: pd.DataFrame) -> list[dict]:
    """The claims as plain dicts, with None for missing values."""
    return claims.astype(object).where(claims.notna(), None).to_dict("records")


def sentence_offsets(records: list[dict]) -> list[int | None]:
    """Document offset where each claim's sentence (`context`) starts, or None when the
    claim cannot be placed in it."""
    groups = {}
    for n, r in enumerate(records):
        if r.get("context") is not None and r.get("text"):
            groups.setdefault((r["doc_id"], r["context"]), []).append(n)
    out = [None] * len(records)
    for (_, ctx), members in groups.items():
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
KEY_COLUMNS = ["subject_key", "unit_key", "role_key", "direction_key", "year", "subperiod", "ref_year", "place",
               "flow", "basis", "lo", "hi", "tier", "head", "clause", "window", "base", "block"]


def key_records(records: list[dict]) -> list[dict]:
    """Each claim record with its fact key parts (KEY_COLUMNS) added."""
    bases = sentence_offsets(records)
    periods = [_period(r.get("period"), r.get("baseline")) for r in records]
    named, contexts = {}, {}
    for r, (year, _, _) in zip(records, periods):
        named.setdefault(r["doc_id"], Counter()).update([year] if year is not None else [])
        contexts.setdefault(r["doc_id"], set()).add(r.get("context") or "")
    doc_year = {d: (c.most_common(1)[0][0] if c else None) for d, c in named.items()}
    doc_places = {d: _doc_places(c) for d, c in contexts.items()}
    out = []
    for r, base, (year, offset, sub) in zip(records, bases, periods):
        before = clause = window = ""
        if base is not None:
            before = str(r["context"])[: max(int(r["start"]) - base, 0)]
            clause = before[max((m.end() for m in _CLAUSE_END.finditer(before)), default=0):]
            window = before[-_MATCH["window_chars"]:]
        if year is None and doc_year.get(r["doc_id"]) is not None:
            year = doc_year[r["doc_id"]] + (offset or 0)
        value, text, kind = float(r["value"]), str(r.get("text") or ""), str(r.get("kind") or "")
        lo, hi = interval(text, value, r.get("low"), r.get("high"), r.get("approx"), kind)
        subject_key = normalise_subject(r.get("subject"))
        role = ROLE_CLASS.get(str(r.get("role") or ""), "level")
        subject = str(r.get("subject") or "")
        doc_place, named_places = doc_places.get(r["doc_id"], ("", set()))
        places = [p for p in _places_in(clause) if p in named_places]
        out.append({**r,
            "subject_key": subject_key, "unit_key": unit_key(r.get("unit")), "role_key": role,
            "direction_key": str(r["direction"]) if role == "change" and r.get("direction") is not None else "",
            "year": year, "subperiod": sub, "ref_year": _reference_year(r.get("baseline"), year),
            "place": places[-1] if places else doc_place,
            "flow": _aspect("flow", f"{subject}|{clause}"), "basis": _aspect("basis", f"{subject}|{before}"), "lo": lo, "hi": hi,
            "tier": specificity(text, value, kind), "head": subject_key[-2:], "clause": clause, "window": window,
            "base": base, "block": f"{kind}|{unit_key(r.get('unit'))}|{role}",
        })
    return out


def fact_keys(claims: pd.DataFrame) -> pd.DataFrame:
    """Fact key parts of each claim (KEY_COLUMNS, same index as `claims`): what the claim
    states (normalised subject, unit, role, period, baseline year, place, aspect), the
    interval of values its wording allows, how specific it is, and its blocking key."""
    return pd.DataFrame(key_records(plain_records(claims)), index=claims.index, columns=KEY_COLUMNS)


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
