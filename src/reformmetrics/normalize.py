"""A same-length matching view of a text: full-width and traditional forms folded one for one."""
from __future__ import annotations

from functools import cache

from .tables import table


@cache
def _fold_table() -> dict[int, str]:
    fold = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII
    for name in ("traditional", "numerals"):
        fold.update({ord(k): v for k, v in table(name)["fold"].items() if len(k) == 1 and len(v) == 1})
    return fold


def fold(text: str) -> str:
    """The text with every character replaced by its matching form; len(fold(t)) == len(t)."""
    return text.translate(_fold_table())
