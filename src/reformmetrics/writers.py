"""Writing and reading frames as CSV, Parquet or JSON Lines, with the documented dtypes restored on reading."""
from __future__ import annotations

import importlib.util
import itertools
import json
import os
from pathlib import Path
from typing import Iterable, TextIO

import pandas as pd

from .schema import CATEGORIES, FINDING_CATEGORIES, conform, encodable_frame

FORMATS = (".csv", ".parquet", ".jsonl")
#: every categorical column of every frame, with its categories (names do not clash across frames).
ALL_CATEGORIES = {**CATEGORIES, **FINDING_CATEGORIES}


class FormatError(ValueError):
    """A path whose suffix names no supported format, or a format whose optional dependency is missing."""


def output_format(path: str | os.PathLike) -> str:
    """The format (suffix) of `path`; raises FormatError if unsupported or its dependency is missing."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise FormatError(f"{path}: unsupported format {suffix or '(no suffix)'!r}; use one of {', '.join(FORMATS)}")
    if suffix == ".parquet" and importlib.util.find_spec("pyarrow") is None:
        raise FormatError(f"{path}: Parquet needs pyarrow; install it with pip install 'reformmetrics[parquet]'")
    return suffix


def write_csv(frame: pd.DataFrame, file: TextIO, header: bool = True) -> None:
    """Write `frame` as CSV to an open text file (opened with newline="")."""
    frame.to_csv(file, index=False, header=header, lineterminator="\r\n")  # RFC 4180: a lone \r gets quoted


def write_frame(frame: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write `frame` to `path` in the format its suffix names (.csv, .parquet, .jsonl), UTF-8; returns the path.

    <NA> is written as an empty CSV field, a Parquet null, or JSON null.
    """
    return stream_frames([frame], path)


def stream_frames(frames: Iterable[pd.DataFrame], path: str | os.PathLike, empty: pd.DataFrame | None = None) -> Path:
    """Write frames of one schema one after another to `path`, holding one frame in memory at a time.

    `empty` (a frame with no rows) gives the columns when `frames` yields nothing.
    """
    path = Path(path)
    suffix = output_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = map(encodable_frame, frames)          # what UTF-8 cannot encode never reaches a file
    first = next(frames, empty if empty is not None else pd.DataFrame())
    if suffix == ".parquet":
        _stream_parquet(itertools.chain([first], frames), path)
        return path
    with open(path, "w", encoding="utf-8", newline="") as f:
        for i, frame in enumerate(itertools.chain([first], frames)):
            if suffix == ".csv":
                write_csv(frame, f, header=i == 0)
            else:
                records = _iso_dates(frame).astype(object).where(frame.notna(), None).to_dict("records")
                f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return path


def _iso_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Date columns as ISO strings (YYYY-MM-DD), as JSON has no date type."""
    dates = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    return frame.assign(**{c: frame[c].dt.strftime("%Y-%m-%d") for c in dates}) if dates else frame


def _stream_parquet(frames: Iterable[pd.DataFrame], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    try:
        for frame in frames:
            table = pa.Table.from_pandas(_plain_categories(frame), preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema)
            writer.write_table(table.cast(writer.schema))
    finally:
        if writer is not None:
            writer.close()


def _plain_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as strings, so batches with different category sets share one Parquet schema."""
    cats = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return frame.astype({c: "string" for c in cats}) if cats else frame


def read_frame(path: str | os.PathLike, schema_columns: dict[str, str],
               categories: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Read a frame written by write_frame, with the columns and dtypes of `schema_columns` (e.g. CLAIM_COLUMNS).

    An empty CSV field reads as <NA>; text such as "NA" or "null" stays text.
    """
    path = Path(path)
    suffix = output_format(path)
    if suffix == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    elif suffix == ".parquet":
        frame = pd.read_parquet(path)
    else:
        with open(path, encoding="utf-8") as f:
            frame = pd.DataFrame([json.loads(line) for line in f if line.strip()], dtype=object)
    return conform(frame, schema_columns, ALL_CATEGORIES if categories is None else categories)
