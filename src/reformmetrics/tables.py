"""The language tables (lang/<code>/*.toml), loaded once, and patterns of their word lists."""
from __future__ import annotations

import re
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


def word_tree(words) -> str:
    """The same matches as alternation(words), longest first, written as a tree of first characters: a regex
    engine tries an alternation's words one by one, a tree's branches only where the first characters agree."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branches(node: dict) -> str:
        parts = [re.escape(ch) + branches(sub) for ch, sub in sorted(node.items()) if ch and list(sub) != [""]]
        leaves = [re.escape(ch) for ch, sub in sorted(node.items()) if ch and list(sub) == [""]]
        if leaves:
            parts.append(f"[{''.join(leaves)}]" if len(leaves) > 1 else leaves[0])
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")" if parts else ""
        return f"(?:{body}|)" if "" in node and body else body      # optional (see quantities.pattern)

    return branches(root)


class Before:
    """One of some words (group 1), then `rest`, ending a window of text, as search(text, start, end) finds it.
    `closing`: the characters `rest` can end with, or None when it can end with any."""

    __slots__ = ("pattern", "ends", "last", "_any_word")

    def __init__(self, words, rest: str = "", closing: str | None = ""):
        self.pattern = re.compile(f"({alternation(words)}){rest}$")     # (re: called quicker than regex)
        self.ends = frozenset(w[-1] for w in words)
        #: the characters a match can end with (None: any), so what a window must end with to hold one
        self.last = None if closing is None else self.ends | set(closing) | {"\n"}     # ($ passes a last line break)
        self._any_word = re.compile(word_tree(words))

    def search(self, text: str, start: int, end: int):
        # most windows cannot hold a match: the character closing one, or any of the words, is not there
        if self.last is None:
            can = self._any_word.search(text, start, end)
        else:
            can = end > start and text[end - 1] in self.last
        return self.pattern.search(text, start, end) if can else None


class After:
    """One of some words written at a position of a text, as match(text, pos) finds it."""

    __slots__ = ("pattern", "firsts")

    def __init__(self, words):
        self.pattern = re.compile(alternation(words))
        self.firsts = frozenset(w[0] for w in words)

    def match(self, text: str, pos: int):
        # most positions hold no word's first character: a set test rules them out, quicker than a match
        return self.pattern.match(text, pos) if text[pos:pos + 1] in self.firsts else None
