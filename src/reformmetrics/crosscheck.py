"""Cross-checks over a claims frame: repeated figures, wholes and parts, shares, changes."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import combinations

import pandas as pd

from .facts import (SKIP_KINDS, TABLES, fact_keys, interval, normalise_subject, same_subject, similarity,
                    sum_compatible, value_keys)
from .schema import findings_frame

_REL = TABLES["tolerance"]["relative"]
_GROUP_LIMIT = 400


def crosscheck(claims: pd.DataFrame) -> pd.DataFrame:
    """Findings frame (one row per finding and claim) for the claims given."""
    claims = claims.reset_index(drop=True)
    claims = claims[claims["value"].notna() & claims["start"].notna()].reset_index(drop=True)
    if claims.empty:
        return findings_frame([])
    keys = fact_keys(claims)
    table = pd.concat([claims, keys], axis=1)
    rows = repeats(table) + sums(table) + shares(table) + changes(table)
    return findings_frame(rows)


# ----------------------------------------------------------------------------- helpers

def _overlap(a, b) -> bool:
    """Whether the value ranges of two claims share more than an end point (近300 and 300余 do not)."""
    return max(a["lo"], b["lo"]) < min(a["hi"], b["hi"]) * (1 - _REL) or _equal(a, b)


def _equal(a, b) -> bool:
    return abs(a["value"] - b["value"]) <= _REL * max(abs(a["value"]), abs(b["value"]), 1) and \
        str(a["approx"]) == str(b["approx"])


def _same(x, y) -> bool:
    return not (pd.isna(x) or pd.isna(y)) and x == y


def _quote(r, width: int = 18) -> str:
    """The claim with a few characters of its sentence before it, in quotes, with its document."""
    ctx = r.get("context")
    text = str(r["text"])
    if pd.isna(ctx) or pd.isna(r.get("base")):
        return f"“{text}” ({r['doc_id']})"
    at = int(r["start"]) - int(r["base"])
    before = str(ctx)[max(at - width, 0):at].lstrip(",,;;、 ")
    return f"“{before}{text}” ({r['doc_id']})"


def _row(fid: str, check: str, status: str, r, member: str, key: str, tolerance: str, message: str) -> dict:
    return {"finding_id": fid, "check": check, "status": status, "doc_id": r["doc_id"], "start": r["start"],
            "end": r["end"], "text": r["text"], "value": r["value"], "unit": r["unit"], "subject": r["subject"],
            "member": member, "key": key, "tolerance": tolerance, "message": message}


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _tolerance_words(rs) -> str:
    return "values agree when the ranges their wording allows overlap: " + "; ".join(
        f"{r['text']} → {_fmt(r['lo'])}..{_fmt(r['hi'])}" for r in rs)


# ----------------------------------------------------------------------------- repeat

def comparable(a, b) -> bool:
    """Whether two claims may state one fact: same kind, unit and role, compatible period,
    baseline, place and aspect, and not the same sentence."""
    if a["block"] != b["block"] or a["direction_key"] != b["direction_key"]:
        return False
    if a["doc_id"] == b["doc_id"] and (_same(a["sentence"], b["sentence"]) or (a["start"] < b["end"] and b["start"] < a["end"])):
        return False
    for field in ("year", "ref_year", "place", "flow", "basis", "subperiod"):
        x, y = a[field], b[field]
        if not (pd.isna(x) or pd.isna(y) or x == "" or y == "" or x == y):
            return False
    return True


def compare(a, b) -> str | None:
    """"agree" or "conflict" for two claims stating one fact, else None."""
    if not comparable(a, b):
        return None
    sim = similarity(a["subject_key"], b["subject_key"])
    tier = min((a["tier"], b["tier"]), key=["low", "mid", "high"].index)
    if _overlap(a, b):
        if min(len(a["subject_key"]), len(b["subject_key"])) <= TABLES["match"]["generic_max_chars"] \
                and (tier != "high" or not _equal(a, b)):
            return None
        if sim >= TABLES["match"]["required"][tier]:
            return "agree"
        restated = tier != "low" and _equal(a, b) and \
            similarity(a["window"], b["window"], contain=False) >= TABLES["match"]["window_required"]
        return "agree" if restated else None
    if "low" in (a["tier"], b["tier"]) or a["role_key"] == "target" or not same_subject(a["subject_key"], b["subject_key"]):
        return None
    if pd.isna(a["year"]) or pd.isna(b["year"]) or (a["doc_id"] != b["doc_id"] and not (a["place"] and b["place"])):
        return None
    return "conflict"


def _pairs(table: pd.DataFrame, groups) -> set[tuple[int, int]]:
    out = set()
    for idx in groups:
        idx = sorted(idx)
        if len(idx) > _GROUP_LIMIT:
            by_head = defaultdict(list)
            for i in idx:
                by_head[table.at[i, "head"]].append(i)
            chunks = [c for c in by_head.values() if len(c) <= _GROUP_LIMIT]
        else:
            chunks = [idx]
        for chunk in chunks:
            out.update(combinations(chunk, 2))
    return out


def candidate_pairs(table: pd.DataFrame) -> set[tuple[int, int]]:
    """Claim pairs worth comparing: same block and overlapping value cells (possible
    agreement), or same block, year and subject head (possible conflict)."""
    eligible = table[~table["kind"].astype(str).isin(SKIP_KINDS) & (table["subject_key"] != "")]
    cells = defaultdict(list)
    for i, r in eligible.iterrows():
        for cell in value_keys(r["lo"], r["hi"]):
            cells[(r["block"], r["direction_key"], cell)].append(i)
    heads = eligible[(eligible["subject_key"].str.len() >= TABLES["match"]["conflict_min_chars"]) & eligible["year"].notna()]
    by_head = heads.groupby(["block", "direction_key", "year", "head"]).groups.values()
    return _pairs(table, cells.values()) | _pairs(table, by_head)


def _passage_pairs(table: pd.DataFrame, agree: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """Pairs from restated passages: sentences sharing enough agreeing specific figures,
    whose unmatched figures next to the shared ones are compared in order."""
    anchors = defaultdict(set)
    for i, j in agree:
        if table.at[i, "tier"] != "low" and table.at[j, "tier"] != "low":
            si, sj = (table.at[i, "doc_id"], table.at[i, "sentence"]), (table.at[j, "doc_id"], table.at[j, "sentence"])
            anchors[tuple(sorted((si, sj)))].add((i, j) if si <= sj else (j, i))
    linked = {i for pair in agree for i in pair}
    out = {}
    sentences = table.groupby(["doc_id", "sentence"]).groups
    for (sa, sb), links in anchors.items():
        if len(links) < TABLES["match"]["passage_anchors"] or sa == sb:
            continue
        ia = sorted(sentences[sa], key=lambda i: table.at[i, "start"])
        ib = sorted(sentences[sb], key=lambda i: table.at[i, "start"])
        first_a, first_b = min(a for a, _ in links), min(b for _, b in links)
        last_a, last_b = max(a for a, _ in links), max(b for _, b in links)
        for a, b in ((_neighbour(table, ia, first_a, -1), _neighbour(table, ib, first_b, -1)),
                     (_neighbour(table, ia, last_a, 1), _neighbour(table, ib, last_b, 1))):
            if a is None or b is None or a in linked or b in linked:
                continue
            ra, rb = table.loc[a], table.loc[b]
            if ra["block"] != rb["block"] or ra["year"] != rb["year"] or similarity(ra["subject_key"], rb["subject_key"]) <= 0:
                continue
            out[(a, b)] = "agree" if _overlap(ra, rb) else "conflict"
    return out


def _neighbour(table, ordered: list[int], anchor: int, step: int):
    pos = ordered.index(anchor) + step
    while 0 <= pos < len(ordered):
        i = ordered[pos]
        if str(table.at[i, "kind"]) not in SKIP_KINDS:
            return i
        pos += step
    return None


def repeats(table: pd.DataFrame) -> list[dict]:
    """Findings for figures stated more than once (consistent, approx or conflict)."""
    verdicts = {}
    for i, j in candidate_pairs(table):
        verdict = compare(table.loc[i], table.loc[j])
        if verdict:
            verdicts[(i, j)] = verdict
    agree = {p for p, v in verdicts.items() if v == "agree"}
    passage = _passage_pairs(table, agree)
    verdicts.update(passage)
    agree |= {p for p, v in passage.items() if v == "agree"}

    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for i, j in sorted(agree):
        parent[find(i)] = find(j)
    clusters = defaultdict(list)
    for i in {i for p in agree for i in p}:
        clusters[find(i)].append(i)

    rows = []
    for n, members in enumerate(sorted(sorted(m) for m in clusters.values())):
        rs = [table.loc[i] for i in sorted(members, key=lambda i: (str(table.at[i, "doc_id"]), table.at[i, "start"]))]
        status = "consistent" if all(_equal(rs[0], r) for r in rs[1:]) else "approx"
        key = _key(rs)
        quoted = " and ".join(_quote(r) for r in rs[:3]) + (f" and {len(rs) - 3} more" if len(rs) > 3 else "")
        verb = "state the same figure" if status == "consistent" else "agree within their stated precision"
        message = f"{quoted} {verb} for {rs[0]['subject']}."
        rows += [_row(f"repeat-{n}", "repeat", status, r, "repeat", key, _tolerance_words(rs[:2]), message) for r in rs]

    seen = set()
    for n, ((i, j), v) in enumerate(sorted(verdicts.items())):
        if v != "conflict":
            continue
        ci, cj = find(i), find(j)
        if ci == cj or (ci, cj) in seen:
            continue
        seen.add((ci, cj))
        side_i = clusters.get(ci, [i])
        side_j = clusters.get(cj, [j])
        a, b = table.loc[i], table.loc[j]
        how = "the same passage restated" if (i, j) in passage else "the same subject"
        message = (f"{_quote(a)} and {_quote(b)} give different figures for {a['subject']} "
                   f"({a['text']} vs {b['text']}) in {how}, beyond their stated precision.")
        key = _key([a, b])
        for k in sorted(set(side_i) | set(side_j)):
            rows.append(_row(f"conflict-{n}", "repeat", "conflict", table.loc[k], "repeat", key,
                             _tolerance_words([a, b]), message))
    return rows


def _key(rs) -> str:
    r = rs[0]
    subject = Counter(x["subject_key"] for x in rs).most_common(1)[0][0]
    year = "" if pd.isna(r["year"]) else str(int(r["year"]))
    parts = [r["block"], r["direction_key"], subject, year + str(r["subperiod"]), str(r["place"])]
    return "|".join(parts)


# ----------------------------------------------------------------------------- sum

def _sentence_claims(table: pd.DataFrame):
    """(sentence text, claims ordered by position with their offset in the sentence) per sentence."""
    placed = table[table["base"].notna() & table["context"].notna()]
    for _, g in placed.groupby(["doc_id", "sentence"], sort=False):
        g = g.sort_values("start")
        yield str(g["context"].iloc[0]), [(int(r["start"]) - int(r["base"]), int(r["end"]) - int(r["base"]), r)
                                          for _, r in g.iterrows()]


def _word_at(text: str, words: list[str], start: int, end: int):
    hits = [(text.find(w, start, end), w) for w in words if text.find(w, start, end) >= 0]
    return min(hits) if hits else None


def sums(table: pd.DataFrame) -> list[dict]:
    """Findings for a whole followed by its parts (… 13项,其中国家级6项,省级4项,市级3项)."""
    cfg = TABLES["sum"]
    rows = []
    for sentence, placed in _sentence_claims(table):
        for w, (ws, we, whole) in enumerate(placed):
            if str(whole["kind"]) in SKIP_KINDS | {"percent", "percentage_point"} or whole["role_key"] != "level":
                continue
            limit = placed[w + 1][0] if w + 1 < len(placed) else len(sentence)
            marker = _word_at(sentence, cfg["markers"], we, limit)
            if marker is None or _CLAUSE_GAP.search(sentence[we:marker[0]]):
                continue
            parts = []
            for ps, pe, part in placed[w + 1:]:
                if _word_at(sentence, cfg["stops"], marker[0], ps) is not None:
                    break
                if str(part["kind"]) == str(whole["kind"]) and sum_compatible(whole["unit"], part["unit"]) \
                        and part["role_key"] == "level":
                    parts.append((ps, pe, part))
            if parts:
                rows += _sum_finding(f"sum-{whole['doc_id']}-{int(whole['start'])}", sentence, whole, parts)
    return rows


_CLAUSE_GAP = re.compile(r"[;;。]")


def _sum_finding(fid: str, sentence: str, whole, parts) -> list[dict]:
    cfg = TABLES["sum"]
    lo = sum(p["lo"] for _, _, p in parts)
    hi = sum(p["hi"] for _, _, p in parts)
    total = sum(p["value"] for _, _, p in parts)
    clauses = [sentence[max(ps - 12, 0):ps] + str(p["text"]) for ps, _, p in parts]
    listed = " + ".join(str(p["text"]) for _, _, p in parts)
    whole_text = _quote(whole)
    if lo <= whole["hi"] + _REL and whole["lo"] <= hi + _REL:
        status, verdict = ("consistent" if abs(total - whole["value"]) <= _REL * max(total, 1) else "approx"), "add up to"
    elif hi < whole["lo"]:
        exhaustive = any(all(any(w in c for c in clauses) for w in pair) for pair in cfg["exhaustive"])
        status, verdict = ("conflict", "fall short of") if exhaustive else ("consistent", "itemise part of")
    else:
        overlapping = any(not pd.isna(p["approx"]) for _, _, p in parts) or \
            any(any(w in str(p["clause"]) for w in cfg["overlap"]) for _, _, p in parts)
        if overlapping:
            return []
        status, verdict = "conflict", "exceed"
    message = f"The parts {listed} (total {_fmt(total)}) {verdict} the whole {whole_text} for {whole['subject']}."
    key = f"sum|{whole['doc_id']}|{normalise_subject(whole['subject'])}"
    tol = f"parts' total {_fmt(lo)}..{_fmt(hi)} against the whole's {_fmt(whole['lo'])}..{_fmt(whole['hi'])}"
    return [_row(fid, "sum", status, whole, "whole", key, tol, message)] + \
        [_row(fid, "sum", status, p, "part", key, tol, message) for _, _, p in parts]


# ----------------------------------------------------------------------------- share

def shares(table: pd.DataFrame) -> list[dict]:
    """Findings for a stated share (占…比重42.9%) against its part and whole figures."""
    cfg = TABLES["share"]
    rows = []
    amounts = table[~table["kind"].astype(str).isin(SKIP_KINDS | {"percent", "percentage_point"})]
    for sentence, placed in _sentence_claims(table):
        for n, (ss, se, share) in enumerate(placed):
            if str(share["unit"]) != "percent" or share["role_key"] != "level":
                continue
            at = sentence.rfind("占", 0, ss)
            if at < 0 or n == 0:
                continue
            part_s, part_e, part = placed[n - 1]
            if part_e > at or at - part_e > cfg["reach"] or str(part["kind"]) in SKIP_KINDS | {"percent", "percentage_point"}:
                continue
            noun = sentence[at + 1:ss]
            for end in sorted(cfg["enders"], key=len, reverse=True):
                if end in noun:
                    noun = noun[:noun.find(end)]
                    break
            whole = _find_whole(amounts, part, normalise_subject(noun))
            if whole is None:
                continue
            rows += _share_finding(share, part, whole)
    return rows


def _find_whole(amounts: pd.DataFrame, part, noun: str):
    if len(noun) < 2:
        return None
    same = amounts[(amounts["doc_id"] == part["doc_id"]) & (amounts["unit_key"] == part["unit_key"])
                   & (amounts["role_key"] == "level") & (amounts.index != part.name)]
    same = same[same["year"].isna() | pd.isna(part["year"]) | (same["year"] == part["year"])]
    hits = same[same["subject_key"].map(lambda s: len(s) >= 2 and (noun in s or s in noun))]
    hits = hits[hits["value"] > part["value"]]
    if hits.empty:
        return None
    return hits.loc[(hits["start"] - part["start"]).abs().idxmin()]


def _share_finding(share, part, whole) -> list[dict]:
    lo = 100 * part["lo"] / whole["hi"]
    hi = 100 * part["hi"] / whole["lo"]
    computed = 100 * part["value"] / whole["value"]
    slack = TABLES["tolerance"]["derived_points"]
    if share["lo"] <= hi and lo <= share["hi"]:
        status = "consistent" if abs(computed - share["value"]) <= (share["hi"] - share["lo"]) / 2 + _REL else "approx"
    elif share["lo"] - hi > slack or lo - share["hi"] > slack:
        status = "conflict"
    else:
        status = "approx"
    fid = f"share-{share['doc_id']}-{int(share['start'])}"
    message = (f"{_quote(share)} states a share; {part['text']} of {_quote(whole)} is {computed:.2f}%, "
               f"which {'matches' if status != 'conflict' else 'does not match'} {share['text']}.")
    key = f"share|{share['doc_id']}|{part['subject_key']}|{whole['subject_key']}"
    tol = f"computed {lo:.3g}..{hi:.3g}% against the stated {share['lo']:.6g}..{share['hi']:.6g}% (slack {slack} points)"
    return [_row(fid, "share", status, r, m, key, tol, message)
            for r, m in ((share, "share"), (part, "part"), (whole, "whole"))]


# ----------------------------------------------------------------------------- change

def changes(table: pd.DataFrame) -> list[dict]:
    """Findings for a from/to pair in one sentence against the change stated with it."""
    cfg = TABLES["change"]
    rows = []
    for _, placed in _sentence_claims(table):
        for n, (_, _, a) in enumerate(placed):
            if a["role"] != "from":
                continue
            to = next((r for _, _, r in placed[n + 1:] if r["role"] == "to" and r["unit_key"] == a["unit_key"]), None)
            if to is None:
                continue
            for _, _, c in placed:
                if c["role"] != "change" or (not pd.isna(c["direction"]) and not pd.isna(to["direction"])
                                            and c["direction"] != to["direction"]):
                    continue
                unit = str(c["unit"])
                if unit in cfg["relative_units"]:
                    f = lambda x, y: 100 * abs(y - x) / x  # noqa: E731
                elif unit in cfg["multiple_units"]:
                    f = lambda x, y: y / x - 1 if y >= x else x / y - 1  # noqa: E731
                elif unit in cfg["point_units"] or (c["unit_key"] == a["unit_key"] and str(a["unit"]) != "percent"):
                    f = lambda x, y: abs(y - x)  # noqa: E731
                else:
                    continue
                rows += _change_finding(a, to, c, f)
                break
    return rows


def _change_finding(a, to, c, f) -> list[dict]:
    if min(a["lo"], to["lo"]) <= 0 and str(c["unit"]) != "percentage_point":
        return []
    ends = [f(x, y) for x in (a["lo"], a["hi"]) for y in (to["lo"], to["hi"])]
    lo, hi, computed = min(ends), max(ends), f(a["value"], to["value"])
    slack = TABLES["tolerance"]["derived_points"]
    exact = all(pd.isna(r["approx"]) for r in (a, to, c))
    if c["lo"] <= hi and lo <= c["hi"]:
        status = "consistent" if exact and abs(computed - c["value"]) <= (c["hi"] - c["lo"]) / 2 + _REL else "approx"
    elif exact and (c["lo"] - hi > slack or lo - c["hi"] > slack):
        status = "conflict"
    else:
        status = "approx"
    fid = f"change-{a['doc_id']}-{int(a['start'])}"
    message = (f"From {a['text']} to {to['text']} in {_quote(a)} is a change of {computed:.4g}, "
               f"which {'does not match' if status == 'conflict' else 'matches'} the stated {c['text']}.")
    key = f"change|{a['doc_id']}|{a['subject_key']}"
    tol = f"computed {lo:.4g}..{hi:.4g} against the stated {c['lo']:.6g}..{c['hi']:.6g} (slack {slack})"
    return [_row(fid, "change", status, r, m, key, tol, message) for r, m in ((a, "from"), (to, "to"), (c, "change"))]
