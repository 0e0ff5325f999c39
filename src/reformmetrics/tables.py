"""The language tables (lang/<code>/*.toml), loaded once."""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LANG_DIR = Path(__file__).parent / "lang"


@cache
def table(name: str, lang: str = "zh") -> dict:
    """The parsed table `lang/<lang>/<name>.toml`."""
    with open(LANG_DIR / lang / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)


def alternation(words) -> str:
    """A regex alternation of literal words, longest first (so the longest surface wins)."""
    import regex

    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
