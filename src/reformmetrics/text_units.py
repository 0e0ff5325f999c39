"""Sentences and clauses of a text, as spans."""
from __future__ import annotations

import re
from itertools import accumulate, count
from operator import add

import regex

#: the characters ending a sentence, besides the line break
_SENTENCE_ENDS = "。!?！？"
#: the clause marks but a blank between Han characters
_MARKS = r"[，;；:：。!?！？\n]|,(?!(?<=\d,)\d{3}(?!\d))"
#: the last clause mark before a position, found by searching backwards
_CLAUSE_MARK = regex.compile(rf"(?r){_MARKS}|(?<=\p{{Han}})[ \t](?=\p{{Han}})")
#: the last mark but a blank in a stretch, as the stdlib engine finds it sooner (.* runs to the stretch's end at
#: once and steps back), and a blank, after which a blank between Han characters may be the last mark
_LAST_MARK, _BLANK = re.compile(rf".*(?:{_MARKS})", re.DOTALL), re.compile(r"[ \t]")
#: the blanks (Unicode White_Space, the regex engine's \s), written out for a set of characters on either engine
#: (the re engine's \s takes \x1c-\x1f too)
BLANKS = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: a longer run without a sentence end is cut at its last clause mark before this length (or hard),
#: so that reading context stays linear in the text however it is punctuated
MAX_SENTENCE = 400


def sentences(view: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a text (ends at 。！？ and line breaks; overlong ones cut in pieces)."""
    broken = view
    for mark in _SENTENCE_ENDS:                # quick: str.replace and str.split scan faster than a regex
        broken = broken.replace(mark, "\n")
    spans, start = [], 0
    for piece in broken.split("\n"):
        end = start + len(piece)
        if len(piece) > MAX_SENTENCE:
            spans.extend(_pieces(view, start, end))
        elif piece:
            spans.append((start, end))
        start = end + 1
    return spans


#: the text whose lines were last asked for, and where they start (the stages ask about one text in turn)
_lines: tuple[str | None, list[int]] = (None, [])


def line_starts(view: str) -> list[int]:
    """Where each line of a text starts: 0, and right after each line break (one list for each text, which the
    callers do not change)."""
    global _lines
    seen, starts = _lines                      # (read once: another thread may keep another text meanwhile)
    if seen is not view:
        starts = list(map(add, accumulate(map(len, view.split("\n")[:-1]), initial=0), count()))   # (in C)
        _lines = view, starts
    return starts


def _pieces(view: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    while end - start > MAX_SENTENCE:
        cut = max(view.rfind(ch, start + MAX_SENTENCE // 2, start + MAX_SENTENCE) for ch in "，,;；")
        cut = cut + 1 if cut > start else start + MAX_SENTENCE
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


#: the text last read and, for each position asked about in it, (the floor searched down to, the clause start
#: found): the stages ask about the same claim's position again and again, with one floor or another
_asked: tuple[str | None, dict[int, tuple[int, int]]] = (None, {})


def clause_start(view: str, pos: int, floor: int = 0) -> int:
    """Where the clause holding position `pos` starts (after the last clause punctuation)."""
    if pos <= floor:
        return pos
    global _asked
    seen, asked = _asked
    if seen is not view:
        seen, asked = _asked = view, {}
    if (known := asked.get(pos)) is not None:
        searched, start = known
        if start > searched:                   # the last mark before pos is at start - 1: the floor if above it
            return max(start, floor)
        if floor >= searched:                  # no mark from the floor searched to pos
            return floor
    mark = _LAST_MARK.match(view, floor, pos)
    start = mark.end() if mark else floor
    if _BLANK.search(view, start, pos) and (mark := _CLAUSE_MARK.search(view, start, pos)):
        start = mark.end()
    asked[pos] = (floor, start)
    return start
