"""Tables: claims in cells, with units and subjects from the headers (tests/data/grids.toml; "null" = missing)."""
from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pandas as pd
import pytest

import reformmetrics as rm

CASES = tomllib.loads((Path(__file__).parent / "data" / "grids.toml").read_text(encoding="utf-8"))["case"]


@pytest.mark.parametrize("case", CASES, ids=[c["text"].splitlines()[0][:20] for c in CASES])
def test_table(case):
    claims = rm.extract(case["text"])
    assert list(claims.text) == [c["text"] for c in case["claims"]]
    for (_, row), want in zip(claims.iterrows(), case["claims"]):
        assert case["text"][row.start:row.end] == row.text
        for field, expected in want.items():
            got = row[field]
            if isinstance(got, pd.Timestamp):
                got = got.date().isoformat()               # period_start, period_end as ISO dates
            if expected == "null":
                assert got is None or got is pd.NA or got != got, (row.text, field, got)
            elif isinstance(expected, float | int) and not isinstance(expected, bool):
                assert math.isclose(got, expected, rel_tol=1e-9), (field, got, expected)
            else:
                assert got == expected, (row.text, field, got, expected)
