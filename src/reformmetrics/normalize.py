"""A same-length matching view of a text: full-width and traditional forms folded one for one; and the text
without the pinyin glosses some mirror sites write after characters."""
from __future__ import annotations

import sys
from functools import cache

import numpy as np
import regex

from .tables import table

@cache
def fold_table() -> dict[int, str]:
    """Code point → the character it is folded to."""
    fold = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII
    for name in ("traditional", "numerals"):
        fold.update({ord(k): v for k, v in table(name)["fold"].items() if len(k) == 1 and len(v) == 1})
    return fold


@cache
def _lookup() -> np.ndarray:
    """fold_table as an array indexed by every code point (4 MB: no test for a code point past its end)."""
    table_ = fold_table()
    lut = np.arange(sys.maxunicode + 1, dtype=np.uint32)
    lut[list(table_)] = [ord(ch) for ch in table_.values()]
    return lut


@cache
def _folded() -> frozenset[str]:
    """The characters fold_table changes."""
    return frozenset(map(chr, fold_table()))


#: below this length a text is folded character by character (quicker than through arrays)
_SHORT = 64


def fold(text: str) -> str:
    """The text with every character replaced by its matching form; len(fold(t)) == len(t)."""
    if len(text) < _SHORT:                 # quick: most short texts (subjects, names) have nothing to fold
        return text if _folded().isdisjoint(text) else text.translate(fold_table())
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    return _lookup().take(codes).tobytes().decode("utf-32-le", "surrogatepass")


#: the tone-marked vowels of pinyin
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
#: the letters of pinyin
_PINYIN = "abcdefghijklmnopqrstuvwxyzü" + _TONED
#: a pinyin gloss right after a character (進(jìn)一步, 項(xiàng)目): letters in brackets, one of them tone-marked
_GLOSS = regex.compile(rf"(?<=\p{{Han}})[(（](?=[a-zü]{{0,6}}[{_TONED}])[{_PINYIN}]{{1,7}}[)）]")


def unglossed(text: str) -> tuple[str, list[int]] | None:
    """The text without pinyin glosses, with the position in `text` of each character kept; None when it has none."""
    cuts = _glosses(text)
    if not cuts:
        return None
    parts, index, at = [], [], 0
    for s, e in cuts + [(len(text), len(text))]:
        parts.append(text[at:s])
        index.extend(range(at, s))
        at = e
    return "".join(parts), index


def _glosses(text: str) -> list[tuple[int, int]]:
    """Spans of the glosses of a text, in order (quick: tried only at its brackets before a letter of pinyin,
    which str.find finds faster than a regex scan; glosses cannot overlap, holding no bracket)."""
    cuts = []
    for bracket in "(（":
        at = text.find(bracket)
        while at >= 0:
            if text[at + 1:at + 2] in _PINYIN and (m := _GLOSS.match(text, at)):
                cuts.append(m.span())
            at = text.find(bracket, at + 1)
    return sorted(cuts)
