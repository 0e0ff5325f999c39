"""Cross-checks over a claims frame: repeated figures, wholes and parts, shares, changes."""
from __future__ import annotations

import pandas as pd

from .schema import findings_frame


def crosscheck(claims: pd.DataFrame) -> pd.DataFrame:
    """Findings frame (one row per finding and claim) for the claims given."""
    return findings_frame([])
