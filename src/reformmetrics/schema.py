"""Column names, dtypes and meanings of every frame reformmetrics returns or writes."""
from __future__ import annotations

import math
import re
from functools import lru_cache
from operator import itemgetter

import numpy as np
import pandas as pd

#: claims frame: one row per numeric claim (see README, "The claims frame").
CLAIM_COLUMNS: dict[str, str] = {
    "doc_id": "string",        # document identifier (file name for extract_files)
    "start": "Int64",          # character offset of the claim in the document text (Python str index)
    "end": "Int64",            # end offset, exclusive; text == document[start:end]
    "text": "string",          # verbatim surface of the quantity
    "value": "Float64",        # the figure in its unit (multiplier applied); high end for ranges
    "low": "Float64",          # low end of a range, else <NA>
    "high": "Float64",         # high end of a range, else <NA>
    "low_unit": "string",      # unit of the low end when it differs from `unit` (1小时-7个工作日: hour)
    "unit": "string",          # GUIDE vocabulary: percent, yuan, workday, square_meter, 个, 家 ...
    "kind": "category",        # percent, count, money, duration, area, ... (GUIDE section 1)
    "approx": "category",      # about, nearly, over, under, or <NA> when exact
    "role": "category",        # level, change, from, to, target
    "direction": "category",   # up, down, or <NA>
    "subject": "string",       # what is measured
    "sentence": "Int64",       # index of the sentence in the document (0-based)
    "unit_text": "string",     # the unit or classifier as written (万元, 个工作日, 家 ...)
    "multiplier": "Float64",   # 万 / 亿 / 千 factor written with the number, 1 when none
    "period": "string",        # time context in the sentence, such as 2019年1-10月
    "period_start": "datetime64[s]",  # first day the figure holds for (inclusive); a stock at a moment: = period_end
    "period_end": "datetime64[s]",    # last day the figure holds for (inclusive); a target 到2025年: 2025-12-31
    "place": "string",         # standard name of the most specific division the figure is about (宝安区, 中国)
    "place_code": "string",    # 6-digit administrative division code of `place`, where known
    "baseline": "string",      # comparison base, such as 同比 or 较2018年年底
    "context": "string",       # the sentence holding the claim
    "page": "Int64",           # page of the source (PDF, 1-based); <NA> where the source has no pages
}

KINDS = ["percent", "percentage_point", "count", "money", "duration", "area", "length", "mass",
         "volume", "multiple", "ratio", "rank", "frequency", "concentration", "power", "energy"]
APPROX = ["about", "nearly", "over", "under"]
ROLES = ["level", "change", "from", "to", "target"]
DIRECTIONS = ["up", "down"]
CATEGORIES = {"kind": KINDS, "approx": APPROX, "role": ROLES, "direction": DIRECTIONS}

#: findings frame: one row per (finding, claim) (see README, "The findings frame").
FINDING_COLUMNS: dict[str, str] = {
    "finding_id": "string",    # one id per finding, shared by its rows
    "check": "category",       # repeat, sum, share, change
    "status": "category",      # consistent, approx, conflict
    "doc_id": "string",
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "value": "Float64",
    "unit": "string",
    "subject": "string",
    "member": "string",        # this claim's part in the finding: whole, part, share, from, to, change, repeat
    "key": "string",           # normalised fact key the finding was built on
    "tolerance": "string",     # the tolerance the check applied, in words
    "message": "string",       # one sentence a person understands, quoting both sides
}
FINDING_CATEGORIES = {"check": ["repeat", "sum", "share", "change"],
                      "status": ["consistent", "approx", "conflict"]}

#: documents frame: one row per input file.
DOCUMENT_COLUMNS: dict[str, str] = {
    "doc_id": "string",
    "path": "string",
    "encoding": "string",
    "chars": "Int64",
    "title": "string",
    "date": "string",
    "note": "string",          # a warning about a file that was read (empty file, truncated character)
    "error": "string",         # why the file could not be read, else <NA>
}


@lru_cache(maxsize=None)
def _categorical(cats: tuple[str, ...]) -> tuple[pd.CategoricalDtype, dict[str, int]]:
    return pd.CategoricalDtype(list(cats)), {c: i for i, c in enumerate(cats)}


#: a date as the pipeline writes it (2025-12-31)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

#: datetime64's NaT as its int64
_NAT = np.iinfo(np.int64).min


@lru_cache(maxsize=4096)
def _iso_seconds(text: str) -> int | None:
    """Seconds since 1970 of an ISO date as the pipeline writes it (2025-12-31); None for anything else, and for no
    such day (2023-02-30), which the general parser makes NaT. Dates repeat down a column: each is read once."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return int(np.datetime64(text, "s").astype(np.int64))
    except ValueError:
        return None


#: pandas stores "string" columns in pyarrow when it is installed; they are then built directly
_ARROW_STRINGS = pd.StringDtype().storage == "pyarrow"


def _column(values: list, name: str, dtype: str, categories: dict[str, list[str]]):
    """A column of `dtype` from a list of Python values (None for missing): an array pandas takes as it is."""
    if dtype == "category":
        cat_dtype, code = _categorical(tuple(categories[name]))
        codes = np.array([code.get(v, -1) for v in values], dtype=np.int8)
        return pd.Categorical.from_codes(codes, dtype=cat_dtype, validate=False)
    if dtype == "Int64" and all(type(v) is int or v is None for v in values):      # offsets, indices, pages as built
        if None not in values:
            return pd.arrays.IntegerArray(np.array(values, dtype=np.int64), np.zeros(len(values), dtype=bool))
        missing = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
        return pd.arrays.IntegerArray(np.array([0 if v is None else v for v in values], dtype=np.int64), missing)
    if dtype == "Float64":
        try:                                             # floats or None, as built
            data = np.array([math.nan if v is None else v for v in values], dtype=np.float64)
        except (TypeError, ValueError):
            data = None
        if data is not None:
            mask = np.isnan(data)
            data[mask] = 0
            return pd.arrays.FloatingArray(data, mask)
    if dtype in ("Int64", "Float64"):
        return pd.array(pd.to_numeric(pd.Series(values, dtype=object), errors="coerce"), dtype=dtype)
    if dtype.startswith("datetime64"):                   # dates, ISO strings, timestamps or None
        if all(v is None for v in values):
            return np.full(len(values), np.datetime64("NaT"), dtype=dtype)
        if dtype == "datetime64[s]" and all(v is None or type(v) is str for v in values):   # ISO dates, as built
            seconds = [_NAT if v is None else _iso_seconds(v) for v in values]
            if None not in seconds:
                return np.array(seconds, dtype=np.int64).view(dtype)
        return pd.to_datetime(pd.Series(values, dtype=object), errors="coerce", format="mixed").astype(dtype).array
    if dtype == "string":
        try:
            return _strings(values)
        except UnicodeEncodeError:
            return _strings(encodable(values, name))
    return pd.array(values, dtype=dtype)


def _strings(values: list):
    """A string column; raises UnicodeEncodeError where a value holds what UTF-8 cannot encode."""
    if _ARROW_STRINGS:
        import pyarrow as pa

        try:
            return pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string()))
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
    else:                                               # Python storage holds surrogates: tested as Arrow would
        "".join(v for v in values if type(v) is str).encode("utf-8")
    return pd.array(values, dtype="string")


#: code points UTF-8 cannot encode: surrogates, left alone by broken decoders or standing for the bytes of a
#: file name that is not UTF-8 (U+DC80–U+DCFF, Python's surrogateescape)
_UNENCODABLE = re.compile("[\ud800-\udfff]")
#: columns that name things rather than quote the document: an unencodable code point is escaped, so that two
#: names stay two
IDENTIFIER_COLUMNS = frozenset({"doc_id", "path", "finding_id"})


def _escape(match: re.Match) -> str:
    cp = ord(match[0])
    return f"\\x{cp - 0xDC00:02x}" if 0xDC80 <= cp <= 0xDCFF else f"\\u{cp:04x}"


def encodable(values: list, column: str) -> list:
    """`values` of `column` with every code point UTF-8 cannot encode replaced: by U+FFFD one for one in text
    (lengths and positions within a context stay those of the document), by its escape (`\\xff` for a file name's
    byte, `\\ud800`) in IDENTIFIER_COLUMNS. Values that are not str are kept."""
    repl = _escape if column in IDENTIFIER_COLUMNS else "\ufffd"
    done: dict[str, str] = {}                           # a context is shared by the claims of its sentence

    def clean(v: str) -> str:
        if v not in done:
            done[v] = _UNENCODABLE.sub(repl, v)
        return done[v]
    return [clean(v) if type(v) is str else v for v in values]


def encodable_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with what UTF-8 cannot encode replaced (see `encodable`) in its columns that may hold it
    (objects, Python-stored strings); Arrow-stored columns cannot hold it and are not read."""
    fixed = {}
    for name in frame.columns:
        dtype = frame[name].dtype
        if dtype == object or (isinstance(dtype, pd.StringDtype) and dtype.storage == "python"):
            values = frame[name].tolist()
            clean = encodable(values, name)
            if clean != values:
                fixed[name] = pd.array(clean, dtype=dtype)
    return frame.assign(**fixed) if fixed else frame


def conform(frame: pd.DataFrame | list[dict], columns: dict[str, str],
            categories: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """A frame with exactly `columns`, in order, with their dtypes (missing columns are <NA>).

    `frame` is a DataFrame or a list of row dicts.
    """
    categories = categories or {}
    n = len(frame)
    if isinstance(frame, pd.DataFrame):
        values = {name: frame[name].astype(object).where(frame[name].notna(), None).tolist()
                  for name in columns if name in frame.columns}
    else:
        try:                                             # rows that have every column: transposed at once
            values = dict(zip(columns, map(list, zip(*map(itemgetter(*columns), frame)))))
        except KeyError:
            values = {name: [row.get(name) for row in frame] for name in columns}
    built = _string_columns(values, [name for name, dtype in columns.items() if dtype == "string"], n)
    return pd.DataFrame({name: built[name] if name in built else _column(values.get(name, [None] * n), name, dtype,
                                                                          categories)
                         for name, dtype in columns.items()}, index=pd.RangeIndex(n), copy=False)


def _string_columns(values: dict[str, list], names: list[str], n: int) -> dict:
    """The string columns `names` of `values` (n rows each) built from one Arrow array, which costs less than one
    array a column; {} where they are not all str or None, or strings are not stored in Arrow (each is then built
    as any column is)."""
    if not _ARROW_STRINGS:
        return {}
    import pyarrow as pa

    try:
        whole = pa.array([v for name in names for v in values.get(name) or [None] * n], type=pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeEncodeError):
        return {}
    return {name: pd.arrays.ArrowStringArray(whole.slice(k * n, n)) for k, name in enumerate(names)}


def claims_frame(rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """A claims frame with the documented columns and dtypes (also for no rows)."""
    return conform(rows, CLAIM_COLUMNS, CATEGORIES)


def findings_frame(rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """A findings frame with the documented columns and dtypes (also for no rows)."""
    return conform(rows, FINDING_COLUMNS, FINDING_CATEGORIES)


def documents_frame(rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """A documents frame with the documented columns and dtypes (also for no rows)."""
    return conform(rows, DOCUMENT_COLUMNS)
