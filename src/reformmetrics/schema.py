"""Column names, dtypes and meanings of every frame reformmetrics returns or writes."""
from __future__ import annotations

from functools import lru_cache

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
    "baseline": "string",      # comparison base, such as 同比 or 较2018年年底
    "context": "string",       # the sentence holding the claim
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


_NUMERIC = {"Float64": (np.float64, pd.arrays.FloatingArray), "Int64": (np.int64, pd.arrays.IntegerArray)}


def _column(values, name: str, dtype: str, categories: dict[str, list[str]]):
    if dtype == "category":
        cat_dtype, code = _categorical(tuple(categories[name]))
        codes = np.fromiter((code.get(v, -1) for v in values), dtype=np.int8, count=len(values))
        return pd.Categorical.from_codes(codes, dtype=cat_dtype)
    if dtype in _NUMERIC and not isinstance(values, list):
        values = pd.to_numeric(values, errors="coerce")
    elif dtype in _NUMERIC and all(v is None or type(v) in (int, float) for v in values):
        np_type, array = _NUMERIC[dtype]                 # rows built by the library: the quick way
        mask = np.fromiter((v is None or v != v for v in values), dtype=bool, count=len(values))
        data = np.fromiter((0 if m else v for v, m in zip(values, mask)), dtype=np_type, count=len(values))
        return array(data, mask)
    elif dtype == "string" and _ARROW_STRINGS and isinstance(values, list) and \
            all(v is None or type(v) is str for v in values):
        import pyarrow as pa

        return pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string()))
    return pd.array(values, dtype=dtype)


#: pandas stores "string" columns in pyarrow when it is installed; they are then built directly
_ARROW_STRINGS = pd.StringDtype().storage == "pyarrow"


def conform(frame: pd.DataFrame | list[dict], columns: dict[str, str],
            categories: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """A frame with exactly `columns`, in order, with their dtypes (missing columns are <NA>).

    `frame` is a DataFrame or a list of row dicts.
    """
    categories = categories or {}
    if isinstance(frame, pd.DataFrame):
        n = len(frame)
        get = lambda name: frame[name].astype(object).where(frame[name].notna(), None) \
            if name in frame.columns else [None] * n
    else:
        n = len(frame)
        get = lambda name: [row.get(name) for row in frame]
    return pd.DataFrame({name: _column(get(name), name, dtype, categories) for name, dtype in columns.items()},
                        index=pd.RangeIndex(n), copy=False)


def claims_frame(rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """A claims frame with the documented columns and dtypes (also for no rows)."""
    return conform(rows, CLAIM_COLUMNS, CATEGORIES)


def findings_frame(rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """A findings frame with the documented columns and dtypes (also for no rows)."""
    return conform(rows, FINDING_COLUMNS, FINDING_CATEGORIES)


def documents_frame(rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """A documents frame with the documented columns and dtypes (also for no rows)."""
    return conform(rows, DOCUMENT_COLUMNS)
