"""Data-driven tests of the extractor: one TOML table per phenomenon in tests/data/phenomena/.

Each table holds ``[[case]]`` entries::

    [[case]]
    text = "全区刑事警情同比下降9.58%,其中两抢警情下降80%"
    claims = [
      {text = "9.58%", value = 9.58, unit = "percent", role = "change", direction = "down"},
      {text = "80%", value = 80, unit = "percent"},
    ]

* ``claims`` lists every claim expected in the sentence, in order. The extracted texts must
  equal the expected texts (same count, same order); every other field given is compared
  (fields omitted are not checked). The string ``"null"`` asserts a null field.
* A claim with ``optional = true`` (a mention the GUIDE calls optional: 首个, 十大…案例,
  24小时自助服务点 …) may be extracted or not; extracted claims overlapping it are ignored.
* A case with ``optional = true`` (the GUIDE is silent) only checks that ``extract`` does not
  raise and that every row's offsets are exact.
* ``claims = []`` is a negative: no claim at all.

Values are compared with relative tolerance 1e-9; subjects leniently, as the shared scorer
does (``tests/eval/score.py``: containment after removing spaces and punctuation, or
character-bigram Dice >= 0.5). ``tests/phenomena_report.py`` prints per-file pass counts.
"""
from __future__ import annotations

import math
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

HERE = Path(__file__).resolve().parent
TABLE_DIR = HERE / "data" / "phenomena"
sys.path.insert(0, str(HERE / "eval"))
from score import subject_match  # noqa: E402  (tests/eval/score.py, the shared scorer)

import reformmetrics as rm  # noqa: E402
from reformmetrics.quantities import MEASURES  # noqa: E402
from reformmetrics.tables import table  # noqa: E402
from reformmetrics.schema import APPROX, DIRECTIONS, KINDS, ROLES  # noqa: E402

NULL = "null"
NUMERIC_FIELDS = {"value", "low", "high", "start", "end", "multiplier", "sentence"}
LABEL_VOCAB = {"kind": KINDS, "approx": APPROX, "role": ROLES, "direction": DIRECTIONS}
#: named units (not classifiers, which are any CJK string): those of the unit table, and frequencies
NAMED_UNITS = {unit for unit, _ in MEASURES.values()} | set(table("cues")["frequency"])
CLAIM_KEYS = {"text", "optional", "note", "value", "low", "high", "low_unit", "unit", "kind", "approx", "role",
              "direction", "subject", "unit_text", "multiplier", "period", "baseline", "start", "end",
              "sentence"}
CASE_KEYS = {"text", "claims", "optional", "note"}
REL_TOL = 1e-9


@dataclass
class Case:
    file: str
    index: int
    text: str
    claims: list[dict]
    optional: bool = False
    note: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)   # expected span of each claim
    keys: set[str] = field(default_factory=set)                   # keys written in the table

    @property
    def id(self) -> str:
        flat = self.text.replace("\n", "⏎").replace("\t", " ")
        short = flat if len(flat) <= 40 else flat[:39] + "…"
        return f"{self.file}#{self.index}:{short}"


def locate(text: str, claims: list[dict]) -> list[tuple[int, int]]:
    """Spans of the expected claims, found left to right in order (ValueError when one is missing)."""
    spans, pos = [], 0
    for claim in claims:
        at = text.find(claim["text"], pos)
        if at < 0:
            raise ValueError(f"expected text {claim['text']!r} not found in order in {text!r}")
        spans.append((at, at + len(claim["text"])))
        pos = at + len(claim["text"])
    return spans


def load_cases(table_dir: Path = TABLE_DIR) -> list[Case]:
    cases = []
    for path in sorted(table_dir.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for i, raw in enumerate(data.get("case", [])):
            case = Case(file=path.name, index=i, text=raw["text"], claims=list(raw.get("claims", [])),
                        optional=bool(raw.get("optional", False)), note=raw.get("note", ""),
                        keys=set(raw))
            try:
                case.spans = locate(case.text, case.claims)
            except ValueError:
                case.spans = []
            cases.append(case)
    return cases


def table_problems(case: Case) -> list[str]:
    """What is wrong with a case as written (keys, vocabulary, texts not in the sentence)."""
    problems = []
    if not case.text:
        problems.append("empty text")
    if case.keys - CASE_KEYS:
        problems.append(f"unknown case keys {sorted(case.keys - CASE_KEYS)}")
    if not case.optional and "claims" not in case.keys:
        problems.append("no claims list (write claims = [] for a negative)")
    try:
        locate(case.text, case.claims)
    except ValueError as exc:
        problems.append(str(exc))
    for claim in case.claims:
        unknown = set(claim) - CLAIM_KEYS
        if unknown:
            problems.append(f"{claim.get('text')!r}: unknown keys {sorted(unknown)}")
        for name, vocab in LABEL_VOCAB.items():
            if name in claim and claim[name] != NULL and claim[name] not in vocab:
                problems.append(f"{claim.get('text')!r}: {name}={claim[name]!r} not in {vocab}")
        unit = claim.get("unit")
        if unit is not None and unit != NULL and unit not in NAMED_UNITS and not all(
                "\u4e00" <= ch <= "\u9fff" for ch in unit):
            problems.append(f"{claim.get('text')!r}: unit {unit!r} is not in the GUIDE vocabulary")
        for name in NUMERIC_FIELDS & set(claim):
            if claim[name] != NULL and not isinstance(claim[name], (int, float)):
                problems.append(f"{claim.get('text')!r}: {name} must be a number or \"null\"")
        if claim.get("low") not in (None, NULL) and "value" in claim and "high" in claim:
            if claim["value"] != claim["high"]:
                problems.append(f"{claim.get('text')!r}: a range's value is its high end")
    return problems


def _is_null(x) -> bool:
    if x is None or x is pd.NA:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _show(x):
    return NULL if _is_null(x) else x


def field_matches(name: str, got, want) -> bool:
    if want == NULL:
        return _is_null(got)
    if _is_null(got):
        return False
    if name in NUMERIC_FIELDS:
        try:
            return math.isclose(float(got), float(want), rel_tol=REL_TOL, abs_tol=1e-12)
        except (TypeError, ValueError):
            return False
    if name == "subject":
        return subject_match(got, want)
    return str(got) == str(want)


def offset_problems(text: str, frame: pd.DataFrame) -> list[str]:
    problems = []
    for row in frame.itertuples(index=False):
        start, end = row.start, row.end
        if _is_null(start) or _is_null(end):
            problems.append(f"row {row.text!r}: null offsets")
            continue
        start, end = int(start), int(end)
        if not (0 <= start < end <= len(text)):
            problems.append(f"row {row.text!r}: offsets {start}:{end} out of 0..{len(text)}")
        elif text[start:end] != row.text:
            problems.append(f"row {row.text!r}: text != document[{start}:{end}] = {text[start:end]!r}")
    return problems


def check_case(case: Case, frame: pd.DataFrame | None = None) -> list[str]:
    """Differences between what `rm.extract` returns for the case and what the table expects."""
    if frame is None:
        try:
            frame = rm.extract(case.text, doc_id="phenomena")
        except Exception as exc:  # noqa: BLE001 - a raise is a reported difference
            return [f"extract raised {type(exc).__name__}: {exc}"]
    problems = offset_problems(case.text, frame)
    if case.optional:
        return problems
    rows = frame.to_dict("records")
    optional_spans = [span for claim, span in zip(case.claims, case.spans) if claim.get("optional")]

    def overlaps_optional(row) -> bool:
        if _is_null(row.get("start")) or _is_null(row.get("end")):
            return False
        s, e = int(row["start"]), int(row["end"])
        return any(s < oe and os_ < e for os_, oe in optional_spans)

    rows = [r for r in rows if not overlaps_optional(r)]
    wanted = [c for c in case.claims if not c.get("optional")]
    got_texts = [str(r["text"]) for r in rows]
    want_texts = [c["text"] for c in wanted]
    if got_texts != want_texts:
        problems.append(f"texts: expected {want_texts} got {got_texts}")
        return problems
    for row, claim in zip(rows, wanted):
        for name, want in claim.items():
            if name in ("text", "optional", "note"):
                continue
            got = row.get(name)
            if not field_matches(name, got, want):
                problems.append(f"{claim['text']!r}.{name}: expected {want!r} got {_show(got)!r}")
    return problems


CASES = load_cases()


def test_tables_exist():
    files = sorted(p.name for p in TABLE_DIR.glob("*.toml"))
    assert len(files) >= 10, files
    assert len(CASES) >= 250
    assert sum(1 for c in CASES if not c.claims and not c.optional) >= 60


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_table_wellformed(case):
    problems = table_problems(case)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_phenomenon(case):
    problems = check_case(case)
    assert not problems, f"{case.file}: {case.text}\n" + "\n".join(problems)
