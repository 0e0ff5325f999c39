"""Cross-checks over a claims frame: repeated figures, wholes and parts, shares, changes."""
from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from itertools import combinations

import pandas as pd

from .facts import (SKIP_KINDS, TABLES, bigrams, key_records, normalise_subject, plain_records, same_subject,
                    share_of, similarity, sum_compatible, value_keys)
from .normalize import fold
from .schema import claims_frame, findings_frame

_REL = TABLES["tolerance"]["relative"]
_DIGITS = re.compile(r"[\d.]+")
_GROUP_LIMIT = 60
_OPENER = re.compile(TABLES["sum"]["opener"])
_AVERAGE = re.compile("|".join(map(re.escape, TABLES["sum"]["averages"])))
_NAMED_SET = re.compile(TABLES["match"]["named_set"])
#: each partition's words, the longest first (a label holding 非国有 names it, not 国有), sorted once for _column_sums
_PARTITIONS_LONGEST_FIRST = [sorted(group, key=len, reverse=True) for group in TABLES["sum"]["partitions"]]


def crosscheck(claims: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Findings frame (one row per finding and claim) for the claims given; `documents` (a documents frame:
    doc_id, title, date) dates the documents, so that a conflict says which is later, and marks plans."""
    claims = claims_frame(claims)
    claims = claims[claims["value"].notna() & claims["start"].notna()].reset_index(drop=True)
    if claims.empty:
        return findings_frame([])
    recs = key_records(plain_records(claims), documents)
    sentences = sentence_groups(recs)
    rows = repeat_findings(recs, sentences, repeat_verdicts(recs))
    rows += sums(recs, sentences) + shares(recs, sentences) + changes(recs, sentences) + savings(recs, sentences)
    rows += series_changes(recs, series_requests(recs, sentences))
    rows += structure_shares(recs, structure_requests(recs))
    return findings_frame(rows)


def sentence_groups(recs: list[dict]) -> dict[tuple, list[int]]:
    """Positions of the claims of each placed sentence, keyed by (doc_id, sentence offset), in text order."""
    sentences = defaultdict(list)
    for n, r in enumerate(recs):
        if r["base"] is not None:
            sentences[(r["doc_id"], r["base"])].append(n)
    for members in sentences.values():
        members.sort(key=lambda n: recs[n]["start"])
    return dict(sentences)


# ----------------------------------------------------------------------------- helpers

def _equal(a: dict, b: dict) -> bool:
    x, y = (abs(r["value"]) if r["role_key"] == "change" else r["value"] for r in (a, b))   # 下降1.8% and -1.8
    return abs(x - y) <= _REL * max(abs(x), abs(y), 1) and a["approx"] == b["approx"]


def _overlap(a: dict, b: dict) -> bool:
    """Whether the value ranges of two claims share more than an end point (近300 and 300余 do not)."""
    return max(a["lo"], b["lo"]) < min(a["hi"], b["hi"]) - _REL * abs(min(a["hi"], b["hi"])) or _equal(a, b)


def _quote(r: dict, width: int = 18) -> str:
    """The claim with a few characters of its sentence before it, in quotes, with its document."""
    if r["base"] is None:
        return f"“{r['text']}” ({r['doc_id']})"
    context = str(r["context"])
    at = min(max(int(r["start"]) - r["base"], 0), len(context))
    start = max(at - width, 0)
    while 0 < start < at and (context[start - 1].isdigit() or context[start].isdigit()):
        start -= 1                                   # never cut a number in two (…2019年, not …019年)
    before = context[start:at].lstrip(",,;;、 ")
    return f"“{before}{r['text']}” ({r['doc_id']})"


def _row(fid: str, check: str, status: str, r: dict, member: str, key: str, tolerance: str, message: str) -> dict:
    return {"finding_id": fid, "check": check, "status": status, "doc_id": r["doc_id"], "start": r["start"],
            "end": r["end"], "text": r["text"], "value": r["value"], "unit": r["unit"], "subject": r["subject"],
            "member": member, "key": key, "tolerance": tolerance, "message": message}


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _ranges(rs: list[dict]) -> str:
    return "figures agree when the ranges their wording allows overlap: " + "; ".join(
        f"{r['text']} → {_fmt(r['lo'])}..{_fmt(r['hi'])}" for r in rs)


def _amount(r: dict) -> bool:
    return str(r["kind"]) not in SKIP_KINDS | {"percent", "percentage_point"}


def _summable(r: dict) -> bool:
    """Whether a level can be a whole or a part of a sum: an amount, not an average or a rate (人均, 均价, 利用率),
    which a group's sub-averages after 其中 never add up to."""
    return _amount(r) and r["role_key"] == "level" and _AVERAGE.search(str(r["subject"])) is None


# ----------------------------------------------------------------------------- repeat

def _nested(a: dict, b: dict) -> bool:
    """Whether one claim's division holds the other's (深圳市 440300 holds 坪山区 440310), by their codes."""
    x, y = (str(r.get("place_code") or "") for r in (a, b))
    if not x or not y:
        return False
    x, y = (c.rstrip("0") if len(c) == 6 else c for c in (x, y))
    return x.startswith(y) or y.startswith(x)


def _place_relation(a: dict, b: dict) -> str:
    """same (both known, one division), open (one unknown, or one document naming a division and a part of it
    for the same figures: 立足深圳…来坪山…) or differ."""
    if not (a["place_known"] and b["place_known"]):
        return "open"
    x, y = a["place_key"], b["place_key"]
    if x == y or x.endswith(y) or y.endswith(x):
        return "same"
    return "open" if a["doc_id"] == b["doc_id"] and _nested(a, b) else "differ"


def _period_relation(a: dict, b: dict) -> str:
    """same (both known and equal), near (a figure restated a little later: a stock at a moment and a period or
    moment ending within `restate_days`, or a running total from one start to two ends within `running_days`),
    open (one unknown) or differ."""
    if not (a["period_known"] and b["period_known"]):
        return "open"
    if a["period_key"] == b["period_key"]:
        return "same"
    gap = abs((pd.Timestamp(a["period_key"][-10:]) - pd.Timestamp(b["period_key"][-10:])).days)
    if a["moment"] or b["moment"]:
        return "near" if gap <= TABLES["period"]["restate_days"] else "differ"
    running = a["period_key"][:10] == b["period_key"][:10]
    return "near" if running and gap <= TABLES["period"]["running_days"] else "differ"


def _settled(a: dict, b: dict, relation: str, known: str) -> bool:
    """Whether place or period is settled enough for a conflict: both known and equal; in one document, both
    unknown, or a figure to date restated a little later (a document's current figure is one figure; two
    written moments are a time series)."""
    if a["doc_id"] == b["doc_id"]:
        return relation == "same" or (relation == "near" and not (a["moment"] and b["moment"])) \
            or (not a[known] and not b[known])
    return relation == "same"


def _pinned(a: dict, b: dict) -> bool:
    """Whether both claims are of one known place and one known period (or a restatement of it)."""
    return _place_relation(a, b) == "same" and _period_relation(a, b) in ("same", "near")


def comparable(a: dict, b: dict) -> bool:
    """Whether two claims may state one fact: same kind, unit and role, compatible place, period,
    baseline and aspect, and not in one sentence."""
    if a["block"] != b["block"] or a["direction_key"] != b["direction_key"]:
        return False
    if a["doc_id"] == b["doc_id"] and (a["base"] is not None and a["base"] == b["base"]
                                       or a["sentence"] is not None and a["sentence"] == b["sentence"]
                                       or a["start"] < b["end"] and b["start"] < a["end"]):
        return False
    return _compatible(a, b, _COMPATIBLE) and _place_relation(a, b) != "differ" and _period_relation(a, b) != "differ"


_COMPATIBLE = ("ref_year", "flow", "basis", "caliber", "scope")


def _compatible(a: dict, b: dict, fields) -> bool:
    """Whether two claims agree on each of `fields` that both state (None or "" states nothing)."""
    return all(a[f] == b[f] or a[f] in (None, "") or b[f] in (None, "") for f in fields)


def _verbatim(a: dict, b: dict) -> bool:
    """Whether one document states one figure twice in the same words (a headline and its body), whatever place
    and period were read for each."""
    match = TABLES["match"]
    return a["doc_id"] == b["doc_id"] and a["block"] == b["block"] and a["direction_key"] == b["direction_key"] \
        and a["base"] != b["base"] and _equal(a, b) \
        and len(os.path.commonprefix([a["window"][::-1], b["window"][::-1]])) >= match["verbatim_chars"]


def compare(a: dict, b: dict) -> str | None:
    """The verdict on two claims (records with fact keys): agree, conflict, or None when they are not one fact."""
    if _verbatim(a, b) or _named_set(a, b):
        return "agree"
    if not comparable(a, b):
        return None
    match = TABLES["match"]
    tier = min(a["tier"], b["tier"], key=["low", "mid", "high"].index)
    if _within_bound(a, b) and same_subject(a["subject_key"], b["subject_key"]) and _pinned(a, b) \
            and not (a["goal"] or b["goal"]):
        return "agree"                               # 增长5%以上 holds 增长6.3% of one subject, place and period
    if _overlap(a, b):
        if a["goal"] != b["goal"] and not _equal(a, b):
            return None                              # a target and an outcome are one fact only when restated
        if min(len(a["subject_key"]), len(b["subject_key"])) <= match["generic_max_chars"] \
                and (tier != "high" or not _equal(a, b)) and not (a["subject_key"] == b["subject_key"] and _pinned(a, b)):
            return None                              # 企业 and 企业 link only where place and period pin them
        if similarity(a["subject_key"], b["subject_key"]) >= match["required"][tier]:
            return "agree"
        if tier == "high" and _equal(a, b) and _place_relation(a, b) == "same" and _period_relation(a, b) == "same":
            return "agree"                           # one specific figure of one place and period: one fact
        restated = tier != "low" and _equal(a, b) and \
            similarity(a["window"], b["window"], contain=False) >= match["window_required"]
        return "agree" if restated else None
    if a["goal"] or b["goal"] or str(a["kind"]) in match["agree_only_kinds"] \
            or tier == "low" and not _pinned_rate(a, b):
        return None                                  # a low figure conflicts only as a rate of one pinned subject
    if not same_subject(a["subject_key"], b["subject_key"]) and not (
            a["subject_key"] == b["subject_key"] and a["tier"] == b["tier"] == "high" and a["doc_id"] != b["doc_id"]
            and _pinned(a, b) and _period_relation(a, b) == "same"
            and similarity(*(_DIGITS.sub("", r["window"]) for r in (a, b)), contain=False)
            >= match["short_window_required"]):
        return None                                  # a short subject (日均, 办件) conflicts only across documents,
    #                                                  after alike words (热线受理办件, not 市本级政务平台受理办件)
    if not (_settled(a, b, _place_relation(a, b), "place_known") and _settled(a, b, _period_relation(a, b), "period_known")):
        return None
    return "conflict"


def _named_set(a: dict, b: dict) -> bool:
    """Whether two figures name one fixed set (十大行业: the count is part of a name), of one subject and place,
    whatever their periods."""
    return all(_NAMED_SET.fullmatch(str(r["text"])) for r in (a, b)) and a["value"] == b["value"] \
        and a["subject_key"] == b["subject_key"] and _place_relation(a, b) != "differ" \
        and (a["doc_id"], a["base"]) != (b["doc_id"], b["base"])


def _within_bound(a: dict, b: dict) -> bool:
    """Whether one figure is a bound (5%以上, 不超过25天) that the other keeps, however far beyond it."""
    bounds = TABLES["match"]["bound_words"]
    for x, y in ((a, b), (b, a)):
        text = str(x["text"])
        if any(w in text for w in bounds["over"]) and y["value"] >= x["value"] \
                or any(w in text for w in bounds["under"]) and y["value"] <= x["value"]:
            return y["approx"] is None
    return False


def _pinned_rate(a: dict, b: dict) -> bool:
    """Whether two figures of little specificity (增长5.1% and 增长5.0%) are still one fact: rates of one subject,
    named alike, of one known place and period, in two documents (within one, a district's rate is too easily
    read for its city)."""
    match = TABLES["match"]
    return str(a["kind"]) in match["pinned_low_kinds"] and a["doc_id"] != b["doc_id"] and a["subject_key"] == b["subject_key"] \
        and len(a["subject_key"]) >= match["conflict_min_chars"] and _pinned(a, b) and _period_relation(a, b) == "same" \
        and a["caliber"] == b["caliber"]             # 同口径增长7.2% and a plain 增长5.1% are two measures


def _chunks(recs: list[dict], members: list[int], fields=("head", "subject_key")):
    """Index lists to compare all-pairs: a group too large is split by subject head, then
    by subject; a group of one subject still too large is compared as a chain."""
    if len(members) <= _GROUP_LIMIT:
        yield from combinations(members, 2)
    elif fields:
        split = defaultdict(list)
        for n in members:
            split[recs[n][fields[0]]].append(n)
        for sub in split.values():
            yield from _chunks(recs, sub, fields[1:])
    else:
        ordered = sorted(members, key=lambda n: (str(recs[n]["doc_id"]), recs[n]["start"]))
        yield from zip(ordered, ordered[1:])


def block_keys(r: dict) -> tuple[tuple | None, list[tuple], tuple | None]:
    """Blocking keys of one claim: (home value cell, value cells its range covers, subject
    key). Every key holds kind, unit, role and direction. Two claims whose ranges overlap
    meet where one's home cell lies in the other's cells; two claims that may conflict share
    the subject key (the subject's head), whatever their values."""
    if str(r["kind"]) in TABLES["match"]["uncompared_kinds"] or not r["subject_key"]:
        return None, [], None
    fact = (r["block"], r["direction_key"])
    cells = [(*fact, cell) for cell in value_keys(r["lo"], r["hi"])]
    return cells[0], cells, (*fact, r["head"])


def candidate_pairs(recs: list[dict]) -> set[tuple[int, int]]:
    """Claim pairs worth comparing: overlapping value cells, or a shared subject key."""
    homes, by_head, covers, subjects = defaultdict(list), defaultdict(list), [], defaultdict(list)
    for n, r in enumerate(recs):
        home, cells, subject = block_keys(r)
        if home is not None:
            homes[home].append(n)
            by_head[(home, r["head"])].append(n)
            covers.append((n, cells))
        if subject is not None:
            subjects[subject].append(n)
    pairs = set()
    for n, cells in covers:
        if sum(len(homes.get(cell, ())) for cell in cells) > _GROUP_LIMIT:
            head = recs[n]["head"]
            near = [m for cell in cells for m in by_head.get((cell, head), ())][:_GROUP_LIMIT]
        else:
            near = [m for cell in cells for m in homes.get(cell, ())]
        pairs.update((min(n, m), max(n, m)) for m in near if m != n)
    for members in subjects.values():
        pairs.update(_chunks(recs, members))
    return pairs


def _passage_pairs(recs: list[dict], sentences: dict, agree: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """Pairs from restated passages: sentences sharing enough agreeing specific figures,
    whose unmatched figures next to the shared ones are compared in order."""
    anchors = defaultdict(set)
    for i, j in agree:
        a, b = recs[i], recs[j]
        if a["tier"] != "low" and b["tier"] != "low" and a["base"] is not None and b["base"] is not None:
            sa, sb = (a["doc_id"], a["base"]), (b["doc_id"], b["base"])
            anchors[(sa, sb) if sa <= sb else (sb, sa)].add((i, j) if sa <= sb else (j, i))
    linked = {n for pair in agree for n in pair}
    out = {}
    for (sa, sb), links in anchors.items():
        if len(links) < TABLES["match"]["passage_anchors"] or sa == sb:
            continue
        ia, ib = sentences[sa], sentences[sb]
        ends = ((min(ia.index(a) for a, _ in links), min(ib.index(b) for _, b in links), -1),
                (max(ia.index(a) for a, _ in links), max(ib.index(b) for _, b in links), 1))
        for pa, pb, step in ends:
            a, b = _neighbour(recs, ia, pa, step), _neighbour(recs, ib, pb, step)
            if a is None or b is None or a in linked or b in linked:
                continue
            ra, rb = recs[a], recs[b]
            if not comparable(ra, rb) or similarity(ra["subject_key"], rb["subject_key"]) <= 0:
                continue
            out[(a, b)] = "agree" if _overlap(ra, rb) else "conflict"
    return out


def _neighbour(recs: list[dict], ordered: list[int], pos: int, step: int) -> int | None:
    pos += step
    while 0 <= pos < len(ordered):
        if str(recs[ordered[pos]]["kind"]) not in SKIP_KINDS:
            return ordered[pos]
        pos += step
    return None


def repeat_verdicts(recs: list[dict], misread: set[tuple[str, str]] | None = None) -> dict[tuple[int, int], str]:
    """Verdicts ("agree" or "conflict") on the pairs of claims (positions in `recs`) that state one fact;
    `misread`: the document pairs whose periods are open (misread_documents), else found among `recs`."""
    verdicts = {}
    pairs = candidate_pairs(recs)
    if misread is None:
        misread = misread_documents(period_anchors(recs, pairs))
    for i, j in pairs:
        a, b = recs[i], recs[j]
        if _doc_pair(a, b) in misread:
            a, b = ({**r, "period_known": False, "ref_year": None} for r in (a, b))   # 同比 read from the period too
        verdict = compare(a, b)
        if verdict:
            verdicts[(i, j)] = verdict
    return verdicts


def misread_documents(anchors: Counter) -> set[tuple[str, str]]:
    """Pairs of documents whose periods, as read, cannot both be right: they share at least `misread_anchors`
    specific equal figures of one subject and place read for different periods (an undated news item
    taken for last year; `anchors` counts them, period_anchors). Between them, periods are unknown: figures
    may link, never conflict. A document misread against one is so against any other it shares an anchor with."""
    misread = {docs for docs, n in anchors.items() if n >= TABLES["match"]["misread_anchors"]}
    suspects = {doc for docs in misread for doc in docs}
    return misread | {docs for docs in anchors if set(docs) & suspects}


def period_anchors(recs: list[dict], pairs: set[tuple[int, int]]) -> Counter:
    """For each pair of documents, how many specific equal figures of one subject and place they state for
    different periods, among the candidate `pairs`."""
    anchors = Counter()
    for i, j in pairs:
        a, b = recs[i], recs[j]
        if a["doc_id"] != b["doc_id"] and "low" not in (a["tier"], b["tier"]) and _equal(a, b) \
                and a["subject_key"] == b["subject_key"] and a["block"] == b["block"] \
                and _place_relation(a, b) == "same" and _period_relation(a, b) == "differ":
            anchors[_doc_pair(a, b)] += 1
    return anchors


def _doc_pair(a: dict, b: dict) -> tuple[str, str]:
    """The documents of two claims, in order: the key of misread_documents and period_anchors."""
    return tuple(sorted((str(a["doc_id"]), str(b["doc_id"]))))


def _root(parent: dict[int, int], x: int) -> int:
    """The representative of x in a union-find forest held in `parent` (paths compressed on the way)."""
    root = x
    while parent.get(root, root) != root:
        root = parent[root]
    while x != root:
        parent[x], x = root, parent[x]
    return root


def repeat_findings(recs: list[dict], sentences: dict, verdicts: dict[tuple[int, int], str]) -> list[dict]:
    """Findings for figures stated more than once, from the verdicts on pairs (with the
    claims of their sentences in `recs`): one per group of agreeing statements (consistent
    or approx), one per set of groups that contradict each other (conflict)."""
    verdicts = dict(verdicts)
    agree = {p for p, v in verdicts.items() if v == "agree"}
    passage = _passage_pairs(recs, sentences, agree)
    verdicts.update(passage)
    agree |= {p for p, v in passage.items() if v == "agree"}

    parent: dict[int, int] = {}

    def find(x: int) -> int:
        return _root(parent, x)

    for i, j in sorted(agree):
        parent[find(i)] = find(j)
    clusters = defaultdict(list)
    for n in sorted({n for pair in agree for n in pair}, key=lambda n: (str(recs[n]["doc_id"]), recs[n]["start"])):
        clusters[find(n)].append(n)

    rows = []
    for number, members in enumerate(sorted(clusters.values())):
        rs = [recs[n] for n in members]
        status = "consistent" if all(_equal(rs[0], r) for r in rs[1:]) else "approx"
        quoted = " and ".join(_quote(r) for r in rs[:3]) + (f" and {len(rs) - 3} more" if len(rs) > 3 else "")
        verb = "state the same figure" if status == "consistent" else "agree within their stated precision"
        message = f"{quoted} {verb} for {rs[0]['subject']}."
        rows += [_row(f"repeat-{number}", "repeat", status, r, "repeat", _key(rs), _ranges(rs[:2]), message) for r in rs]

    joined: dict[int, int] = {}

    def group_of(x: int) -> int:
        return _root(joined, x)

    conflicts = [(i, j) for i, j in sorted(p for p, v in verdicts.items() if v == "conflict") if find(i) != find(j)]
    for i, j in conflicts:
        joined[group_of(find(i))] = group_of(find(j))
    components = defaultdict(list)
    for i, j in conflicts:
        components[group_of(find(i))].append((i, j))
    for number, pairs in enumerate(components.values()):
        members = sorted({n for i, j in pairs for n in clusters.get(find(i), [i]) + clusters.get(find(j), [j])})
        i, j = pairs[0]
        a, b = recs[i], recs[j]
        how = "two tellings of the same passage" if (i, j) in passage else "two statements"
        figures = len({(recs[n]["value"], recs[n]["approx"]) for n in members})
        message = (f"{_quote(a)} and {_quote(b)} give different figures for {a['subject']} "
                   f"({a['text']} vs {b['text']}) in {how}, beyond their stated precision"
                   + (f"; {len(members)} statements give {figures} figures in all" if len(members) > 2 else "")
                   + _later(a, b) + ".")
        rows += [_row(f"conflict-{number}", "repeat", "conflict", recs[n], "repeat", _key([a, b]), _ranges([a, b]), message)
                 for n in members]
    return rows


def _later(a: dict, b: dict) -> str:
    """Which of two dated documents is the later (a bulletin after a work report's estimate, a revised figure
    after a preliminary one), in words; empty when they are one document or not both dated."""
    if a["doc_id"] == b["doc_id"] or not a["doc_date"] or not b["doc_date"] or a["doc_date"] == b["doc_date"]:
        return ""
    early, late = sorted((a, b), key=lambda r: r["doc_date"])
    return (f"; {late['doc_id']} ({late['doc_date']}) is later than {early['doc_id']} ({early['doc_date']}): "
            f"its figure may be the revised or final one")


def _key(rs: list[dict]) -> str:
    """The fact key of a group of claims, in words: block, direction, subject, period, place."""
    r = rs[0]
    subject = Counter(x["subject_key"] for x in rs).most_common(1)[0][0]
    period = Counter(x["period_key"] for x in rs).most_common(1)[0][0]
    place = Counter(x["place_key"] for x in rs).most_common(1)[0][0]
    return "|".join([r["block"], r["direction_key"], subject, period, place])


# ----------------------------------------------------------------------------- sum

def _word_at(text: str, words: list[str], start: int, end: int) -> int | None:
    hits = [text.find(w, start, end) for w in words]
    hits = [h for h in hits if h >= 0]
    return min(hits) if hits else None


def _pos(r: dict) -> tuple[int, int]:
    return int(r["start"]) - r["base"], int(r["end"]) - r["base"]


def sums(recs: list[dict], sentences: dict) -> list[dict]:
    """Findings for a whole followed by its parts (… 13项,其中国家级6项,省级4项,市级3项), in one sentence or
    in the next one when it opens with 其中."""
    cfg = TABLES["sum"]
    rows, last = [], defaultdict(list)
    for key in sorted(sentences):
        members = sentences[key]
        sentence = str(recs[members[0]]["context"])
        earlier = last[key[0]]
        if _word_at(sentence, cfg["markers"], 0, len(cfg["markers"][0]) + 1) == 0:
            rows += _carried_sums(recs, members, earlier[-1] if earlier else [], sentence)
        elif _OPENER.match(sentence):                # 在受理的诉求中,…: parts of a whole a few sentences back
            rows += _carried_sums(recs, members, [r for rs in earlier for r in rs], sentence, exact=True)
        earlier.append([recs[n] for n in members if _summable(recs[n])])
        del earlier[:-cfg["opener_reach"]]
        for w, n in enumerate(members):
            whole = recs[n]
            if not _summable(whole):
                continue
            we = _pos(whole)[1]
            after = [m for m in members[w + 1:] if recs[m]["role_key"] != "change"]   # past its own growth rates
            limit = _pos(recs[after[0]])[0] if after else len(sentence)
            marker = _word_at(sentence, cfg["markers"], we, limit)
            if marker is None:
                continue
            stop = _word_at(sentence, cfg["stops"], we, marker)
            if stop is not None and sentence[stop + 1:marker].strip(cfg["joiners"]):
                continue                                 # a stop ends the whole's clause, unless 其中 follows it (;其中)
            parts = _parts(recs, members[w + 1:], whole, sentence, marker)
            if parts:
                rows += _sum_finding(whole, parts, sentence, marker)
                rows += _second_breakdown(recs, members, whole, parts, sentence)
    summed = {(r["doc_id"], r["start"]) for r in rows if r["member"] == "whole"}
    return rows + _column_sums([r for r in recs if (r["doc_id"], r["start"]) not in summed])


def _column_sums(recs: list[dict]) -> list[dict]:
    """Sums down a table's column, one figure a sentence (地区生产总值 | 3551817; 第一产业 | 279010; 第二产业 …):
    a figure followed, past rows of other breakdowns, by the figures of one unit whose subjects name every
    member of a partition, each once, reported where they add up (the cells' own labels are their subjects),
    for wholes no other sum reports."""
    reach = TABLES["sum"]["column_reach"]
    by_doc = defaultdict(list)
    for r in recs:
        if _summable(r) and r["base"] is not None:
            by_doc[r["doc_id"]].append(r)
    rows, reported = [], set()
    for column in by_doc.values():
        column.sort(key=lambda r: r["start"])
        for k, whole in enumerate(column):
            if whole["approx"] is not None:
                continue
            same = [r for r in column[k + 1:k + 1 + reach] if r["unit_key"] == whole["unit_key"]
                    and r["base"] != whole["base"]]
            for group in _PARTITIONS_LONGEST_FIRST:    # a whole broken down by several partitions: each
                if any(w in str(whole["subject"]) for w in group):
                    continue
                parts, named = [], []
                for r in same:
                    word = next((w for w in group if w in str(r["subject"])), None)
                    if word is None and not parts:
                        continue                     # rows of another breakdown before this one (三次产业, 十大行业)
                    if word is None or word in named:
                        break
                    parts.append(r)
                    named.append(word)
                fid = f"sum-{whole['doc_id']}-{whole['start']}-column-{parts[0]['start']}" if parts else ""
                if set(named) == set(group) and _adds_up(whole, parts) and fid not in reported:
                    rows += _sum_finding(whole, parts, "", 0, complete=True, fid=fid)
                    reported.add(fid)                # one breakdown named by two partitions (第一产业, 一产) once
    return rows


def _second_breakdown(recs: list[dict], members: list[int], whole: dict, parts: list[dict], sentence: str) -> list[dict]:
    """A whole broken down again after a semicolon by another partition that names all its members
    (户籍人口90.55万人,其中城镇人口…,乡村人口…;男性45.76万人,女性44.79万人)."""
    end = _pos(parts[-1])[1]
    stop = _word_at(sentence, [";", ";"], end, len(sentence))
    later = [m for m in members if _pos(recs[m])[0] > (stop if stop is not None else len(sentence))]
    if stop is None or not later or not _adds_up(whole, parts):
        return []
    again = _parts(recs, later, whole, sentence, stop + 1)
    if len(again) < 2 or _partition(_labels(sentence, stop + 1, again)) != (True, True):
        return []
    return _sum_finding(whole, again, sentence, stop + 1, fid=f"sum-{whole['doc_id']}-{whole['start']}-again")


def _carried_sums(recs: list[dict], members: list[int], carried: list[dict], sentence: str,
                  exact: bool = False) -> list[dict]:
    """Sums of a sentence opened by 其中 that lists the parts of figures of the sentence before (上报事件18.7万宗,
    办结18.2万宗。其中,…): each kind and unit of the list takes the figure of the sentence before that its
    parts add up to, else the first that fits; parallel lists (…249个,金额92.76亿元;…39个,金额2.95亿元) each
    take their own. `exact`: only wholes that the parts add up to."""
    found = defaultdict(list)
    for whole in carried:
        parts = _parts(recs, members, whole, sentence, 0, listing=True)
        parts = next((parts[:k] for k in range(len(parts), 1, -1) if _adds_up(whole, parts[:k])), parts)
        if parts:                                    # the longest run that adds up (a list may run on past its parts)
            found[(str(whole["kind"]), tuple(p["start"] for p in parts))].append((whole, parts))
    rows = []
    for options in found.values():
        fits = sorted((abs(sum(x["value"] for x in p) / w["value"] - 1), n) for n, (w, p) in enumerate(options)
                      if _adds_up(w, p))
        whole, parts = options[fits[0][1]] if fits else (None, None) if exact else options[0]   # the closest first
        if whole is not None:
            rows += _sum_finding(whole, parts, sentence, 0)
    return rows


def _parts(recs: list[dict], members: list[int], whole: dict, sentence: str, marker: int,
           listing: bool = False) -> list[dict]:
    """The parts listed after a whole's marker: figures of its kind and unit, up to a stop word or the
    first figure of another kind (an enumeration is written in one run); its growth rates are passed over.
    A `listing` sentence (opened by 其中) lists parts throughout: only its stop words other than
    semicolons end it, and figures of other kinds are passed over."""
    stops = [w for w in TABLES["sum"]["stops"] if not (listing and w in ";;")]
    parts = []
    for m in members:
        part = recs[m]
        if _word_at(sentence, stops, marker, _pos(part)[0]) is not None:
            break
        if str(part["kind"]) == str(whole["kind"]) and sum_compatible(whole["unit"], part["unit"]) \
                and _summable(part) and not _grouping(whole, part):
            parts.append(part)
        elif parts and not listing and part["role_key"] != "change":
            break
    return parts


def _grouping(whole: dict, part: dict) -> bool:
    """Whether a figure counts the groups a whole falls into rather than a part of it (20条措施,分为5大类)."""
    units = TABLES["sum"]["group_units"]
    return str(part["unit"]) in units and str(whole["unit"]) not in units


def _adds_up(whole: dict, parts: list[dict]) -> bool:
    lo, hi = sum(p["lo"] for p in parts), sum(p["hi"] for p in parts)
    return lo <= whole["hi"] * (1 + _REL) and whole["lo"] <= hi * (1 + _REL)


def _labels(sentence: str, marker: int, parts: list[dict]) -> list[str]:
    """The words naming each part: before the figures when the first part is named before
    its figure (其中国家级6项,省级4项), else after them (155个基本事项、41个延伸事项)."""
    spans = [_pos(p) for p in parts]
    before = [sentence[(spans[k - 1][1] if k else marker):s] for k, (s, _) in enumerate(spans)]
    if any(w in before[0] for group in TABLES["sum"]["partitions"] for w in group):
        return before
    return [sentence[e:(spans[k + 1][0] if k + 1 < len(spans) else len(sentence))] for k, (_, e) in enumerate(spans)]


def _partition(labels: list[str]) -> tuple[bool, bool]:
    """(disjoint, exhaustive): whether the labels name different members of one partition,
    and all of its members."""
    for group in TABLES["sum"]["partitions"]:
        named = [next((w for w in group if w in label), None) for label in labels]
        if None not in named and len(set(named)) == len(named):
            return True, set(named) == set(group)
    return False, False


def _sum_finding(whole: dict, parts: list[dict], sentence: str, marker: int, complete: bool = False,
                 fid: str = "") -> list[dict]:
    """A sum finding; `complete` parts are known to be disjoint and to name the whole whole."""
    lo, hi = sum(p["lo"] for p in parts), sum(p["hi"] for p in parts)
    total = sum(p["value"] for p in parts)
    listed = " + ".join(str(p["text"]) for p in parts)
    disjoint, exhaustive = (True, True) if complete else _partition(_labels(sentence, marker, parts))
    if _adds_up(whole, parts):
        status, verdict = ("consistent" if abs(total - whole["value"]) <= _REL * max(total, 1) else "approx"), "add up to"
    elif hi < whole["lo"]:
        status, verdict = ("conflict", "fall short of") if exhaustive else ("consistent", "itemise part of")
    elif disjoint and all(p["approx"] is None for p in parts):
        status, verdict = "conflict", "exceed"
    else:
        return []
    if len(parts) < 2 and status != "conflict":
        return []                                    # one part less than its whole tells nothing
    fid = fid or f"sum-{whole['doc_id']}-{whole['start']}-{parts[0]['start']}"
    message = f"The parts {listed} (total {_fmt(total)}) {verdict} the whole {_quote(whole)} for {whole['subject']}."
    key = f"sum|{whole['doc_id']}|{normalise_subject(whole['subject'])}"
    tol = f"parts' total {_fmt(lo)}..{_fmt(hi)} against the whole's {_fmt(whole['lo'])}..{_fmt(whole['hi'])}"
    return [_row(fid, "sum", status, whole, "whole", key, tol, message)] + \
        [_row(fid, "sum", status, p, "part", key, tol, message) for p in parts]


# ----------------------------------------------------------------------------- savings

def savings(recs: list[dict], sentences: dict) -> list[dict]:
    """Findings for a saving stated after a budget and the amount spent (预算金额20.6亿元,成交金额17.8亿元,
    节约资金2.8亿元,节约率13.4%): the budget is the amount spent plus the saving, and a rate right after the
    saving is the saving's share of the budget."""
    cfg = TABLES["saving"]
    rows = []
    for members in sentences.values():
        sentence = str(recs[members[0]]["context"])
        for k, n in enumerate(members):
            saved = recs[n]
            if saved["role_key"] != "change" or saved["direction_key"] != "down" or not _amount(saved) \
                    or not any(w in saved["clause"] for w in cfg["words"]):
                continue
            before = [recs[m] for m in members[:k] if recs[m]["unit_key"] == saved["unit_key"]
                      and recs[m]["role_key"] == "level"][-2:]
            if len(before) < 2 or before[0]["value"] <= before[1]["value"]:
                continue
            budget, spent = before
            rows += _sum_finding(budget, [spent, saved], sentence, _pos(budget)[1], complete=True)
            rate = recs[members[k + 1]] if k + 1 < len(members) else None
            if rate is not None and rate["unit"] == "percent" and rate["role_key"] == "level" \
                    and any(w in f"{rate['subject']}{rate['clause']}" for w in cfg["rate_words"]):
                rows += _share_finding(rate, saved, budget)
    return rows


# ----------------------------------------------------------------------------- share

def shares(recs: list[dict], sentences: dict) -> list[dict]:
    """Findings for a stated share (…390.3亿元,占地区生产总值比重达42.9%; …312万件、74万件,分别占…80.9%、19.1%)
    against its part and the whole it names, found among the document's claims, and for a rate named after the
    second of two figures of one unit (发放问卷1.2万份,收回有效问卷11326份,有效回收率94.4%)."""
    cfg = TABLES["share"]
    wholes = defaultdict(list)
    for r in recs:
        if _amount(r) and r["role_key"] in ("level", "change") and len(r["subject_key"]) >= 2:
            wholes[(r["doc_id"], r["unit_key"], r["role_key"])].append(r)
    rows, previous = [], {}
    for key in sorted(sentences):
        members = sentences[key]
        sentence = str(recs[members[0]]["context"])
        carried = previous.get(key[0], []) if _word_at(sentence, TABLES["sum"]["markers"], 0, 3) is not None else []
        previous[key[0]] = [recs[n] for n in members if _amount(recs[n])]
        for k, n in enumerate(members[1:], 1):
            share = recs[n]
            if share["unit"] != "percent" or share["role_key"] != "level":
                continue
            start = _pos(share)[0]
            at = sentence.rfind("占", 0, start)
            if at < 0:
                rows += _rate_share(recs, members[:k], share, sentence)
                continue
            part, siblings = _share_part(recs, members, k, at, sentence)
            if part is None:
                continue
            noun = sentence[at + 1:start]
            for end in sorted(cfg["enders"], key=len, reverse=True):
                if end in noun:
                    noun = noun[:noun.find(end)]
                    break
            candidates = [r for r in wholes[(part["doc_id"], part["unit_key"], part["role_key"])]
                          if not any(r is p for p in siblings)]         # never a part of the same list
            whole = _parent_whole(candidates, part) if fold(noun).strip() in cfg["parent_scopes"] else \
                _find_whole(candidates, part, normalise_subject(noun))
            whole = whole or _whole_before(recs, members[:k - 1], part, sentence) or next(
                (r for r in reversed(carried) if _holds(r, part)), None)
            if whole is not None:
                rows += _share_finding(share, part, whole)
    return rows


def _share_part(recs: list[dict], members: list[int], k: int, at: int, sentence: str) -> tuple[dict | None, list]:
    """The part a share after 占 (at `at`) measures, and the parts listed with it: the amount right before 占,
    within reach (past 同比增长N%); after 分别占, the amount in the same place of the list before as the share
    in the list after."""
    cfg = TABLES["share"]
    amounts = [recs[m] for m in members[:k] if _amount(recs[m]) and _pos(recs[m])[1] <= at]
    if not sentence.startswith(cfg["respectively"], at - len(cfg["respectively"])):
        return (amounts[-1] if amounts and at - _pos(amounts[-1])[1] <= cfg["reach"] else None), []
    listed = [n for n in members if _pos(recs[n])[0] > at and recs[n]["unit"] == "percent"
              and recs[n]["role_key"] == "level"]
    same = [r for r in amounts if r["unit_key"] == amounts[-1]["unit_key"]][-len(listed):] if amounts else []
    return (same[listed.index(members[k])] if len(same) == len(listed) and members[k] in listed else None), same


def _holds(whole: dict, part: dict) -> bool:
    """Whether `whole` may be the whole of `part`: one unit and role, and larger."""
    return whole["unit_key"] == part["unit_key"] and whole["role_key"] == part["role_key"] and whole["value"] > part["value"]


def _rate_share(recs: list[dict], earlier: list[int], rate: dict, sentence: str) -> list[dict]:
    """A rate right after two figures of one unit whose subjects share a word, sharing a word with the second's
    subject (发放调查问卷1.2万份,收回有效问卷11326份,有效回收率94.4%): the second's share of the first."""
    cfg = TABLES["share"]
    subject = str(rate["subject"])
    if not subject.endswith(tuple(cfg["rate_endings"])) or len(earlier) < 2:
        return []
    named = next((v for k, v in cfg["named_rates"].items() if rate["subject_key"].endswith(k)), None)
    if named is not None:                            # 产销率: 销售产值 of 工业总产值, wherever they stand before it
        part_noun, whole_noun = named
        part = next((recs[m] for m in reversed(earlier) if part_noun in recs[m]["subject_key"] and _amount(recs[m])
                     and recs[m]["role_key"] == "level"), None)
        whole = next((recs[m] for m in reversed(earlier) if part is not None and whole_noun in recs[m]["subject_key"]
                      and _holds(recs[m], part)), None)
        return _share_finding(rate, part, whole) if whole is not None else []
    whole, part = (recs[m] for m in earlier[-2:])
    if not (_amount(whole) and _holds(whole, part) and whole["role_key"] == "level") \
            or _word_at(sentence, cfg["rate_stops"], _pos(whole)[1], _pos(rate)[0]) is not None:
        return []
    of_part = bigrams(str(part["subject"]))
    if not (bigrams(subject) & of_part and bigrams(str(whole["subject"])) & of_part):
        return []                                    # 630项可手机办理,388项实现即办: parallel items, no whole
    return _share_finding(rate, part, whole)


def _whole_before(recs: list[dict], earlier: list[int], part: dict, sentence: str) -> dict | None:
    """The whole a bare 占N% refers to: the figure of the part's unit that a 其中 list of the sentence itemises
    (新设立经营主体6.82万户,其中企业2.17万户,占31.8%)."""
    marker = _word_at(sentence, TABLES["sum"]["markers"], 0, _pos(part)[0])
    if marker is None:
        return None
    hits = [recs[n] for n in earlier if _pos(recs[n])[1] <= marker and _holds(recs[n], part)]
    return hits[-1] if hits else None


def _parent_whole(candidates: list[dict], part: dict) -> dict | None:
    """The whole of a share of the place above (南山区…占全市比重): the same measure of the division that holds
    the part's, of the same period."""
    hits = [r for r in candidates if r["subject_key"] == part["subject_key"] and r["value"] > part["value"]
            and r["place_known"] and r["place_key"] != part["place_key"] and _nested(r, part)
            and _period_relation(r, part) in ("same", "open")]
    return min(hits, key=lambda r: abs(r["start"] - part["start"])) if hits else None


def _find_whole(candidates: list[dict], part: dict, noun: str) -> dict | None:
    if len(noun) < 2:
        return None
    hits = [r for r in candidates
            if r is not part and r["value"] > part["value"] and (noun in r["subject_key"] or r["subject_key"] in noun)
            and _period_relation(r, part) in ("same", "open") and _place_relation(r, part) != "differ"]
    return min(hits, key=lambda r: abs(r["start"] - part["start"])) if hits else None


def _share_finding(share: dict, part: dict, whole: dict) -> list[dict]:
    lo, hi = 100 * part["lo"] / whole["hi"], 100 * part["hi"] / whole["lo"]
    computed = 100 * part["value"] / whole["value"]
    slack = TABLES["tolerance"]["derived_points"]
    if share["lo"] <= hi and lo <= share["hi"]:
        status = "consistent" if abs(computed - share["value"]) <= (share["hi"] - share["lo"]) / 2 + _REL else "approx"
    elif share["lo"] - hi > slack or lo - share["hi"] > slack:
        status = "conflict"
    else:
        status = "approx"
    fid = f"share-{share['doc_id']}-{share['start']}"
    message = (f"{_quote(share)} states a share; {part['text']} of {_quote(whole)} is {computed:.2f}%, "
               f"which {'does not match' if status == 'conflict' else 'matches'} {share['text']}.")
    key = f"share|{share['doc_id']}|{part['subject_key']}|{whole['subject_key']}"
    tol = f"computed {lo:.4g}..{hi:.4g}% against the stated {_fmt(share['lo'])}..{_fmt(share['hi'])}% (slack {slack} points)"
    return [_row(fid, "share", status, r, m, key, tol, message)
            for r, m in ((share, "share"), (part, "part"), (whole, "whole"))]


# ----------------------------------------------------------------------------- change

def _rate(unit: str, from_unit: str, same_unit: bool):
    """How a stated change in `unit` follows from a from/to pair, or None."""
    cfg = TABLES["change"]
    if unit in cfg["relative_units"] and from_unit != "percent":
        return lambda x, y: 100 * abs(y - x) / x              # 由31%提升到42%,…增长27.6%: another measure
    if unit in cfg["multiple_units"]:
        return lambda x, y: max(x, y) / min(x, y) - 1
    if unit in cfg["point_units"] or (same_unit and from_unit != "percent"):
        return lambda x, y: abs(y - x)
    return None


def changes(recs: list[dict], sentences: dict) -> list[dict]:
    """Findings for a from/to pair in one sentence against the change stated with it."""
    rows = []
    for members in sentences.values():
        for k, n in enumerate(members):
            a = recs[n]
            if a["role"] != "from":
                continue
            at = next((j for j in range(k + 1, len(members)) if recs[members[j]]["role"] == "to"
                       and recs[members[j]]["unit_key"] == a["unit_key"]), None)
            if at is None and k and recs[members[k - 1]]["role"] == "to" and recs[members[k - 1]]["unit_key"] == a["unit_key"]:
                at = k - 1                                 # 压缩至15个工作日,较改革前的45个工作日压缩了三分之二
            if at is None:
                continue
            to, sentence = recs[members[at]], str(a["context"])
            last = max(at, k)
            for m in members[last + 1:]:
                c = recs[m]
                if c["role"] in ("from", "to") or \
                        _word_at(sentence, TABLES["change"]["stops"], _pos(recs[members[last]])[1], _pos(c)[0]) is not None:
                    break                                  # the change stated with a pair follows it, in its clause group
                if c["role"] != "change" or (c["direction"] and to["direction"] and c["direction"] != to["direction"]):
                    continue
                rate = _rate(str(c["unit"]), str(a["unit"]), c["unit_key"] == a["unit_key"])
                if rate is not None:
                    rows += _change_finding(a, to, c, rate)
                    break
    return rows


def _change_finding(a: dict, to: dict, c: dict, rate, fid: str = "") -> list[dict]:
    if min(a["lo"], to["lo"]) <= 0:
        return []
    ends = [rate(x, y) for x in (a["lo"], a["hi"]) for y in (to["lo"], to["hi"])]
    lo, hi, computed = min(ends), max(ends), rate(a["value"], to["value"])
    slack = TABLES["tolerance"]["derived_points"]
    exact = all(r["approx"] is None for r in (a, to, c))
    if c["lo"] <= hi and lo <= c["hi"]:
        status = "consistent" if exact and abs(computed - c["value"]) <= (c["hi"] - c["lo"]) / 2 + _REL else "approx"
    elif exact and (c["lo"] - hi > slack or lo - c["hi"] > slack):
        status = "conflict"
    else:
        status = "approx"
    fid = fid or f"change-{a['doc_id']}-{a['start']}"
    message = (f"From {a['text']} to {to['text']} in {_quote(a)} is a change of {computed:.4g}, "
               f"which {'does not match' if status == 'conflict' else 'matches'} the stated {c['text']}.")
    key = f"change|{a['doc_id']}|{a['subject_key']}"
    tol = f"computed {lo:.4g}..{hi:.4g} against the stated {_fmt(c['lo'])}..{_fmt(c['hi'])} (slack {slack})"
    return [_row(fid, "change", status, r, m, key, tol, message) for r, m in ((a, "from"), (to, "to"), (c, "change"))]


# ----------------------------------------------------------------------------- change over a series

def _year_before(period_key: str) -> str:
    """The same span one year earlier (2022-01-01..2022-12-31 → 2021-01-01..2021-12-31)."""
    start, end = (pd.Timestamp(d) - pd.DateOffset(years=1) for d in period_key.split(".."))
    if end.month == 2 and end.day == 28:
        end += pd.offsets.MonthEnd(0)                # the end of February of a leap year
    return f"{start.date()}..{end.date()}"


def series_key(r: dict) -> tuple | None:
    """Where a level stands in a series: (unit, place, period), for a level of known place and period."""
    if r["role_key"] != "level" or r["goal"] or not (r["place_known"] and r["period_known"]) or not _amount_or_rate(r):
        return None
    return (r["unit_key"], r["place_key"], r["period_key"])


def _amount_or_rate(r: dict) -> bool:
    return str(r["kind"]) not in SKIP_KINDS | {"percentage_point"}


def series_requests(recs: list[dict], sentences: dict) -> list[tuple[int, int, tuple]]:
    """(change, its level, the series key of the level a year before) for each change stated against the year
    before (同比增长33.51%, 比上年末增加2.5万人; or with no baseline: 提高0.91个百分点) right after the level it
    changes (日均11020件,…)."""
    out = []
    for members in sentences.values():
        for k, n in enumerate(members):
            c = recs[n]
            if c["role_key"] != "change" or c["year"] is None or c["approx"] \
                    or c["ref_year"] != c["year"] - 1 and not (c["ref_year"] is None and c["baseline"] is None):
                continue                             # a change with no baseline is one on the year before
            level = next((m for m in reversed(members[:k]) if _levels_for(recs[m], c)), None)
            if level is None or series_key(recs[level]) is None:
                continue
            unit, place, period = series_key(recs[level])
            out.append((n, level, (unit, place, _year_before(period))))
    return out


def _levels_for(level: dict, change: dict) -> bool:
    """Whether `level` is a figure a stated change can measure: the same unit (a difference), a percentage for
    percentage points, or any amount for a relative change."""
    if level["role_key"] != "level" or not _amount_or_rate(level):
        return False
    if change["unit"] == "percentage_point":
        return level["unit"] == "percent"
    return level["unit_key"] == change["unit_key"] or change["unit"] == "percent"


def series_changes(recs: list[dict], requests: list[tuple[int, int, tuple]]) -> list[dict]:
    """Findings for a change stated against the year before, checked against the level of the same measure,
    place and span a year earlier, stated in any document."""
    by_key = defaultdict(list)
    for n, r in enumerate(recs):
        key = series_key(r)
        if key is not None:
            by_key[key].append(n)
    rows = []
    for c_at, level_at, key in requests:
        c, to = recs[c_at], recs[level_at]
        earlier = [recs[m] for m in by_key.get(key, ()) if _one_measure(recs[m], to)
                   and (recs[m]["doc_id"], recs[m]["base"]) != (c["doc_id"], c["base"])]   # a pair in its sentence: changes
        found = [_series_finding(a, to, c, f"series-{c['doc_id']}-{c['start']}") for a in earlier]
        found = [f for f in found if f]
        if found:                                    # the earlier level restated with another figure: the one that fits
            rows += min(found, key=lambda f: f[0]["status"] == "conflict")
    return rows


def _one_measure(a: dict, b: dict) -> bool:
    return (a["subject_key"] == b["subject_key"] or same_subject(a["subject_key"], b["subject_key"])) \
        and a["flow"] == b["flow"] and a["basis"] == b["basis"]


def _series_finding(a: dict, to: dict, c: dict, fid: str) -> list[dict]:
    if c["direction_key"] and (to["lo"] > a["hi"] and c["direction_key"] == "down"
                               or to["hi"] < a["lo"] and c["direction_key"] == "up"):
        return _direction_finding(a, to, c, fid)
    if c["unit"] == "percent" and str(a["kind"]) in TABLES["change"]["real_kinds"] and c["basis"] != "nominal":
        return []                                    # a growth rate of an amount of money is at comparable prices
    rate = _rate(str(c["unit"]), str(a["unit"]), c["unit_key"] == a["unit_key"])
    return _change_finding(a, to, c, rate, fid) if rate is not None else []


def _direction_finding(a: dict, to: dict, c: dict, fid: str) -> list[dict]:
    moved = "rise" if to["value"] > a["value"] else "fall"
    message = (f"From {_quote(a)} to {_quote(to)} the figures {moved}, but {_quote(c)} states a change the other "
               f"way{_later(a, to)}.")
    key = f"change|{c['doc_id']}|{c['subject_key']}"
    tol = f"{_ranges([a, to])}; the stated direction: {c['direction_key']}"
    return [_row(fid, "change", "conflict", r, m, key, tol, message) for r, m in ((a, "from"), (to, "to"), (c, "change"))]


# ----------------------------------------------------------------------------- shares named by their subject

def slot_key(r: dict) -> tuple | None:
    """The place and period of an amount stated as a level, where both are known."""
    if r["role_key"] != "level" or r["goal"] or not _amount(r) or not (r["place_known"] and r["period_known"]):
        return None
    return (r["place_key"], r["period_key"])


def structure_requests(recs: list[dict]) -> list[tuple[int, str, str, tuple]]:
    """(share, part noun, whole noun, place and period) for each percentage whose subject names a share of a
    part (facts.share_of: 第二产业增加值比重, 三次产业之比 distributed, 第一产业占GDP比重)."""
    out = []
    for n, r in enumerate(recs):
        if r["unit"] != "percent" or r["role_key"] != "level" or r["goal"] or not (r["place_known"] and r["period_known"]):
            continue
        share = share_of(r["subject_key"], r["window"])
        if share:
            out.append((n, *share, (r["place_key"], r["period_key"])))
    return out


def structure_shares(recs: list[dict], requests: list[tuple[int, str, str, tuple]]) -> list[dict]:
    """Findings for the shares of `structure_requests` against the part and the whole of the same place and
    period, stated in the share's document or any other (a revised structure against last year's levels)."""
    by_slot = defaultdict(list)
    for r in recs:
        key = slot_key(r)
        if key is not None:
            by_slot[key].append(r)
    rows = []
    for at, part_noun, whole_noun, key in requests:
        share = recs[at]
        near = sorted(by_slot.get(key, ()), key=lambda r: (r["doc_id"] != share["doc_id"], str(r["doc_id"]),
                                                           abs(r["start"] - share["start"])))     # nearest first
        parts = [r for r in near if r["subject_key"].startswith(part_noun) and len(r["subject_key"]) - len(part_noun)
                 <= TABLES["share"]["part_extra_chars"]]
        for part in (p for p in parts if _compatible(p, share, ("scope",))):
            whole = next((r for r in near if _holds(r, part) and _compatible(r, part, ("scope",))
                          and r["doc_id"] == part["doc_id"] and (whole_noun in r["subject_key"]
                                                                 or len(r["subject_key"]) >= 4 and r["subject_key"] in whole_noun)), None)
            if whole is not None:
                rows += _share_finding(share, part, whole)
                break
    return rows
