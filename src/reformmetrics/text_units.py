"""Sentences and clauses of a text, as spans."""
from __future__ import annotations

import regex

_SENTENCE_END = regex.compile(r"[。!?！？\n]+")
_CLAUSE_END = r"，,;；:：。!?！？\n"


def sentences(view: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a text (ends at 。！？ and line breaks)."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(view):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(view):
        spans.append((start, len(view)))
    return spans


def clause_start(view: str, pos: int, floor: int = 0) -> int:
    """Where the clause holding position `pos` starts (after the last clause punctuation)."""
    i = pos - 1
    while i >= floor and view[i] not in _CLAUSE_END:
        i -= 1
    return i + 1


def clause_end(view: str, pos: int, ceiling: int) -> int:
    """Where the clause holding position `pos` ends."""
    i = pos
    while i < ceiling and view[i] not in _CLAUSE_END:
        i += 1
    return i
