"""Where a figure is: the administrative division each claim is about, read from its sentence, else the document.

The gazetteer is `lang/zh/divisions.json` (China's provinces, prefectures, counties and townships with their
codes and parents; built by scripts/build_divisions.py), loaded on first use; the words around it are
`lang/zh/places.toml`. A document is read once (`Places`): every name it uses is found and resolved against
the document's own place, then each claim takes the nearest place named before it in its sentence, else its
table column's, its section heading's, or the document's place.
"""
from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import regex

from .normalize import fold
from .quantities import Quantity
from .tables import LANG_DIR, alternation, table
from .text_units import clause_start

NATION = "中国"
#: how many places named before a figure in its sentence are looked at (a bounded look-back)
_LOOK_BACK = 12
#: where a document states its own place: its first characters (after the title)
_HEAD = 300
#: between the names of one list (南山、福田和宝安) or of one compound name (宁波舟山港): nothing or one joiner
_JOINERS = frozenset({"", "、", "/", "和", "及", "与", "以及", "、以及"})
_EACH = "分别"
_HAN = regex.compile(r"\p{Han}")
#: how far a heading's section reaches (a bounded look-back)
_SECTION = 5000
#: how many rows above a cell its column's header is looked for in, and the longest row read
_ROWS = 40
_ROW_CHARS = 2000
_NUMBER = regex.compile(r"[-+]?[\d.,%％]+")
#: units of a gap between two places' figures (高于全市1.9个百分点, 是全省的1.6倍)
_GAP_UNITS = {"percentage_point", "times"}
#: the longest title in 《》 a name is looked for in
_TITLE = 80
#: the classes of a name's third character (its code point modulo this), one bit each in the table of pairs
_THIRDS = 7
#: the longest text whose openings are looked up pair by pair rather than with numpy
_SHORT = 40


def _words() -> dict:
    return table("places")


@cache
def _peoples() -> regex.Pattern:
    """The peoples at the end of an autonomous division's name (土家族苗族 in 恩施土家族苗族自治州; 族 may be left out
    of a longer people's name: 伊犁哈萨克自治州)."""
    peoples = _words()["names"]["peoples"]
    longer = alternation(p for p in peoples if len(p) > 1)
    return regex.compile(f"(?:(?:{longer})族?|(?:{alternation(peoples)})族)+$")


@dataclass(frozen=True)
class Division:
    """One division: its id (the 6-digit code; 9 digits for a township; the name for an area without one)."""
    id: str
    name: str
    parent: str | None

    @property
    def code(self) -> str | None:
        return self.id if self.id.isdigit() else None

    @cached_property
    def level(self) -> int:
        """0 nation, 1 province, 2 prefecture, 3 county (and areas without a code), 4 township."""
        if self.id == NATION:
            return 0
        if not self.id.isdigit():
            return 3
        return 4 if len(self.id) > 6 else 1 if self.id.endswith("0000") else 2 if self.id.endswith("00") else 3


class Gazetteer:
    """Divisions by id and every name that may stand for them (full, short, township, scope and nation words)."""

    def __init__(self):
        data = json.loads((LANG_DIR / "zh" / "divisions.json").read_text(encoding="utf-8"))
        words = _words()
        self.by_id: dict[str, Division] = {NATION: Division(NATION, NATION, None)}
        for code, (name, parent) in data["divisions"].items():
            self.by_id[code] = Division(code, name, parent or NATION)
        for name, parent in words["extra"].items():
            self.by_id[name] = Division(name, name, parent)
        self.names: dict[str, tuple[str, tuple[str, ...]]] = {}     # word → (how, ids)
        self._town_names: dict[str, str] = {}
        self._chains: dict[str | None, tuple[str, ...]] = {}
        for county, packed in data["towns"].items():
            for item in packed.split():
                self._add(item[3:], "town", county + item[:3])
                self._town_names[county + item[:3]] = item[3:]
        banned = set(words["names"]["needs_suffix"])
        for d in list(self.by_id.values())[1:]:
            self._add(d.name, "full", d.id)
            if (s := _short(d)) and s not in banned and self.names.get(s, ("short",))[0] == "short":
                self._add(s, "short", d.id)
                if d.name.endswith("自治州"):
                    self._add(s + "州", "short", d.id)          # 恩施州, 延边州
        for region, name in words["regions"].items():
            self.names[region] = ("full", self.names[name][1])
        for word, ending in words["anaphor"].items():
            self.names[word] = ("anaphor", (ending,))
        for word, ending in words["scope"].items():
            self.names[word] = ("scope", (ending,))
        for word in words["nation"]["words"]:
            self.names[word] = ("nation", (NATION,))
        sizes: dict[str, list[int]] = {}         # by first two characters, and by first three of longer names
        for word in sorted(self.names, key=len, reverse=True):
            for start in {word[:2], word[:3]}:
                if not (got := sizes.setdefault(start, [])) or got[-1] != len(word):
                    got.append(len(word))
        self.lengths = {two: tuple(n) for two, n in sizes.items() if len(two) == 2}    # longest first
        # the lengths of the names a text may hold at a position, by its next three characters (or two, for a name
        # of two only): fewer tried than by two
        self._sizes = {k: (*n, 2) if k[:2] in self.names else tuple(n) for k, n in sizes.items() if len(k) == 3}
        self._sizes.update((w, (2,)) for w in self.names if len(w) == 2)
        self.longest = max(map(len, self.names))
        self._openers()
        self.word_after = tuple(words["names"]["word_after"])

    def _openers(self) -> None:
        """What `openings` reads: the pairs of characters that open names, whose bit 0 says the pair is a name, and
        bit 1 + k that it opens a longer name whose third character is of class k; each character's bits as a
        third (bit 0, and bit 1 + its class if it is the third of a name), so that one `&` with a pair's says
        whether a name may start there; and the same as tables of each character's row (as a name's first, scaled
        by the width), column (as its second) and bits as a third, side by side: one look-up a character."""
        self._pairs: dict[str, int] = {}
        self._thirds: dict[str, int] = {}
        for w in self.names:
            if len(w) > 2:
                self._thirds[w[2]] = 1 | 1 << (ord(w[2]) % _THIRDS + 1)
            self._pairs[w[:2]] = self._pairs.get(w[:2], 0) | (self._thirds[w[2]] & ~1 if len(w) > 2 else 1)
        first, second = (np.array([ord(w[k]) for w in self._pairs], dtype=np.int64) for k in (0, 1))
        size = int(max(first.max(), second.max())) + 2         # the last slot: every character opening no name
        row, col = np.zeros(size, dtype=np.int32), np.zeros(size, dtype=np.int32)
        for table, chars in ((row, first), (col, second)):
            used = np.unique(chars)
            table[used] = np.arange(1, len(used) + 1)
        width = int(col.max()) + 1
        row *= width
        self._pair = np.zeros(int(row.max()) + width, dtype=np.uint8)
        self._pair[row[first] + col[second]] = list(self._pairs.values())
        third = np.ones(size, dtype=np.int32)
        third[[ord(c) for c in self._thirds if ord(c) < size]] = [b for c, b in self._thirds.items() if ord(c) < size]
        third[-1] = 0xFF            # a character past the tables' end may be any third
        # a fourth column, left empty: numpy copies rows of 16 bytes faster than rows of 12
        self._char = np.stack([row, col, third, np.zeros_like(third)], axis=1)

    def _add(self, word: str, how: str, did: str) -> None:
        old_how, ids = self.names.get(word, (how, ()))
        if old_how == how or how == "full":
            self.names[word] = (how, (ids if old_how == how else ()) + (did,))

    def openings(self, view: str) -> list[int]:
        """Where a name may start in a text: every position whose two characters are a name, or open a longer one
        with a third character of the class there that is the third of a name (a few positions more than names
        start at, which `_find` reads and passes over). A short text is looked up pair by pair; a longer one in the
        tables for the whole text at once (each numpy call costs more than reading a short text)."""
        if len(view) < 2:
            return []
        short = len(view) <= _SHORT
        view += view[-1]                                # a third character past the end: the last again
        if short:
            get, third = self._pairs.get, self._thirds.get
            return [i for i in range(len(view) - 2) if get(view[i:i + 2], 0) & third(view[i + 2], 1)]
        codes = np.frombuffer(view.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        # "clip": a character past the tables' end reads their last slot, that of characters opening no name
        char = self._char.take(codes, axis=0, mode="clip")
        return (self._pair.take(char[:-2, 0] + char[1:-1, 1]) & char[2:, 2] != 0).nonzero()[0].tolist()

    def get(self, did: str | None) -> Division | None:
        """The division of an id (townships are made when first asked for)."""
        if did in self.by_id or did is None:
            return self.by_id.get(did)
        if did in self._town_names:
            self.by_id[did] = Division(did, self._town_names[did], did[:6])
        return self.by_id.get(did)

    def chain(self, did: str | None) -> tuple[str, ...]:
        """The division and every division holding it, up to the nation (worked out once for each)."""
        if (out := self._chains.get(did)) is None:
            found, at = [], did
            while (d := self.get(at)) is not None and len(found) < 8:
                found.append(at)
                at = d.parent
            out = tuple(found)
            if found:                       # a gazetteer's division (not any name a caller gives)
                self._chains[did] = out
        return out

    def lookup(self, name: str) -> tuple[str, ...]:
        """Ids a written name (full or short, any script) may stand for."""
        return self.names.get(fold(name).strip(), ("", ()))[1]


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once."""
    return Gazetteer()


def _short(d: Division) -> str | None:
    """The name without its ending (宁波 for 宁波市), if two characters or more are left; townships have none;
    autonomous counties keep their peoples' names (their short forms are too unlike the name)."""
    if d.level == 4:
        return None
    for suffix in _words()["names"]["suffixes"]:
        if d.name.endswith(suffix) and len(d.name) - len(suffix) >= 2:
            stem = d.name[: -len(suffix)]
            if suffix.startswith("自治"):
                if d.level == 3:
                    return None
                bare = _peoples().sub("", stem)
                return bare if len(bare) >= 2 else stem      # 内蒙古自治区: 内蒙古, not 内
            return stem
    return None


@cache
def _compare() -> dict[str, regex.Pattern | frozenset[str]]:
    """Words before and after a place that make it a comparison base or a whole (a share's, a ranking's), and the
    last characters of those before; words after a word for the nation that make it a qualifier (国内领先)."""
    words = _words()["compare"]
    rank = alternation(words["field_after"]).replace(
        "第", rf"第[\d一二三四五六七八九十百]*(?!{alternation(words['not_ranks'])})")
    average = "|".join(words["average_patterns"])
    entity = _words()["entity"]
    return {"entity": regex.compile(rf"\p{{Han}}{{0,{entity['chars']}}}?(?:{alternation(entity['endings'])})"),
            "base": regex.compile(f"(?:{alternation(words['base_before'])})$"),
            "base_ends": _ends(words["base_before"]),
            "field_ends": _ends(words["field_before"]),
            "field": regex.compile(f"(?:{alternation(words['field_before'])})$"),
            "whole_field": regex.compile(rf"[\p{{Han}}“”\"]{{0,{words['rank_gap']}}}?(?:{rank})|{average}|"
                                         + "|".join(words["whole_after_patterns"])),
            "named_field": regex.compile("|".join([alternation(words["named_after"]), average,
                                                   *words["named_after_patterns"]])),
            "qualifier": regex.compile(alternation(_words()["nation"]["not_before"]))}


def _ends(words: list[str]) -> frozenset[str]:
    """The characters a word of a list ends with, and a newline (`$` also matches before a last newline): a name
    after none of them follows none of the words (a cheap look before the search)."""
    return frozenset({w[-1] for w in words} | {"\n"})


def _compared(view: str, m: Mention, before: str, p: dict) -> str | None:
    """"field" for the whole a figure is a part of or ranked in, "base" for what it is compared with, else None
    (`before`: the character before the name; `p`: the patterns of `_compare`)."""
    after = p["whole_field"] if m.how in ("scope", "nation") else p["named_field"]
    if before in p["field_ends"] and p["field"].search(view, max(0, m.start - 4), m.start) or \
            after.match(view, m.end):
        return "field"
    return "base" if before in p["base_ends"] and p["base"].search(view, max(0, m.start - 4), m.start) else None


@dataclass(eq=False, slots=True)
class Mention:
    """A place named in the text: its span, what it may stand for, and how it was written."""
    start: int
    end: int
    ids: tuple[str, ...]
    how: str                 # full, short, town, scope, anaphor, nation
    compared: str | None = None   # named as a comparison base (高于全市), a ranking's field (全市第一), or in the
    #                               title of a document (《天津市…措施》): not the place of the figures after it
    resolved: str | None = None
    holder: bool = False     # written right before a division it holds (深圳市 in 深圳市宝安区): not a place apart
    entity: bool | None = None   # starts the name of an organisation or a facility (深圳中学): places its clause
    #                               only (worked out when first asked: Places._entity)
    headline: bool = False   # opens a word in the title or the first line, where a document names its place (义乌:…)


class Places:
    """The places of one document: built once from its folded text and meta (title, place override), then
    asked claim by claim."""

    def __init__(self, view: str, meta: Mapping | None = None, starts: list[int] | None = None):
        self.g = gazetteer()
        self.view = view
        meta = meta or {}
        self.mentions = _read(view, self.g)
        title_text = fold(meta["title"]) if isinstance(meta.get("title"), str) else ""
        title = _read(title_text, self.g) if title_text else []
        self.starts = [m.start for m in self.mentions]
        self.figures = starts or []
        self.doc = _given(meta.get("place"), self.g)
        if self.mentions or title:      # else the place is the one given throughout (no heading names one)
            self._place(title_text, title)
        self.chain = self.g.chain(self.doc)
        # what the claims of one sentence ask alike, worked out once: a scope word's division by its ending, whether
        # mention i leads its clause (by i and the sentence's start), the list of names ending with mention i, the
        # place of a sentence naming none (its section's or the document's), the name and code of a division
        self._scoped: dict[str, str | None] = {}
        self._sections: dict[int, str | None] = {}
        self._named: dict[str | None, tuple[str | None, str | None]] = {}
        self._led: dict[tuple[int, int], bool] = {}
        self._lists: dict[int, tuple[list[int], list[str | None]]] = {}
        self.headings, self.heading_places = self._headings() if self.mentions else ([], [])
        self._headers: dict[int, tuple[str | None, ...] | None] = {}
        self._lead = _lead()        # compiled with the first document read, not at the first claim it is asked for
        self._tabbed = "\t" in view           # whether any figure may stand in a table's column

    def _place(self, title_text: str, title: list[Mention]) -> None:
        """Resolves the names of the text and its title with what the document states, then again knowing its
        place (the dominant one, unless given)."""
        every = self.mentions + title
        attested = {m.ids[0] for m in every if m.how == "full" and _settled(m, self.g)}
        context = {a for i in attested for a in self.g.chain(i)}
        first_line = self.view.find("\n", 0, _HEAD)
        _headline(title_text, title)
        head = _HEAD if first_line < 0 else first_line
        _headline(self.view, [m for m in self.mentions[:bisect.bisect_left(self.starts, head)] if m.end <= head])
        fixed = self.doc is not None
        alike: dict[tuple, list[Mention]] = {}     # a name written alike stands for one division in one context
        for m in every:
            alike.setdefault((m.ids, m.how, m.headline), []).append(m)
        unsettled = []      # a word for the nation, a scope or an anaphor (referred apart: `_refer`), or a name
        for group in alike.values():        # standing for itself, is resolved once
            if group[0].how in ("nation", "scope", "anaphor") or _settled(group[0], self.g):
                did = _resolve(group[0], self.g, context)
                for m in group:
                    m.resolved = did
            else:
                unsettled.append(group)
        joined = _joined(self.mentions) + _joined(title)
        anaphors = [k for k, m in enumerate(self.mentions) if m.how == "anaphor"]
        used: set[str] | None = None
        for again in (False, True):       # resolve with what the document states, then again knowing its place
            context.update(self.g.chain(self.doc))
            if context == used:  # nothing new to resolve with: all would come out the same again
                break
            used = set(context)
            changed = False
            for group in unsettled:
                if (did := _resolve(group[0], self.g, context)) != group[0].resolved:
                    changed = True
                    for m in group:
                        m.resolved = did
            if again and not changed:     # every name resolved as before: all would come out the same again
                break
            _nest(joined, self.g)
            _refer(self.mentions, anaphors, self.g)
            for did in {m.resolved for m in every}:
                context.update(self.g.chain(did))
            if not fixed:
                self.doc = _dominant(self.mentions, title, self.g)

    def of(self, q: Quantity, s0: int) -> tuple[str | None, str | None]:
        """(place, place_code) of a figure in the sentence starting at `s0`: named in the sentence, else heading its
        table column, else in the heading of its section, else the document's."""
        i = bisect.bisect_left(self.starts, q.start) - 1           # the last name before the figure
        did = self._in_sentence(q, s0, i) if i >= 0 and self.mentions[i].start >= s0 else None
        if did is None and self._tabbed:
            did = self._column(q.start)
        if did is None:
            if s0 not in self._sections:
                k = bisect.bisect_right(self.headings, s0) - 1
                found = self.heading_places[k] if k >= 0 and s0 - self.headings[k] <= _SECTION else None
                self._sections[s0] = self.doc if found is None else found
            did = self._sections[s0]
        if did not in self._named:
            d = self.g.get(did)
            self._named[did] = (None, None) if did is None else (d.name, d.code) if d else (did, None)
        return self._named[did]

    def _in_sentence(self, q: Quantity, s0: int, i: int) -> str | None:
        """The place named nearest before the figure in its sentence, passing over comparison bases and ranking
        fields, unless the figure follows a base right away and is no gap (高于全国5.5%, not 高于全市1.9个百分点);
        a name in an earlier clause only if it leads that clause or a 分别 follows it, and never an organisation's
        (深圳中学). Mention i is the last before the figure."""
        start, view, mentions = q.start, self.view, self.mentions
        own = q.unit not in _GAP_UNITS
        floor = max(-1, i - _LOOK_BACK)
        clause = clause_start(view, start, s0)          # a name ending at or after it is in the figure's clause
        while i > floor and (m := mentions[i]).start >= s0:
            if m.end <= start and self._id(m) and (not m.compared or m.compared == "base" and own and
                                                   _joins(view, m.end, start)) \
                    and (clause <= m.end or not self._entity(m) and
                         (self._leads(i, s0) or view.find(_EACH, m.end, start) >= 0)):
                return self._group(i, start)
            i -= 1
        return None

    def _column(self, start: int) -> str | None:
        """The division heading the table column of a cell (区域 | 宝安区 | 南山区 …): the nearest row above (at most
        `_ROWS`) whose cells after the first are no numbers, read once per table."""
        line = self._line_start(start)
        if line is None or "\t" not in self.view[line:start]:
            return None
        header = self._header(line)
        col = self.view.count("\t", line, start)
        return header[col] if header and col < len(header) else None

    def _header(self, line: int) -> tuple[str | None, ...] | None:
        seen = []
        while line not in self._headers and len(seen) < _ROWS:
            seen.append(line)
            above = self._line_start(line - 1) if line else None
            if above is None or "\t" not in self.view[above:line - 1]:
                self._headers[line] = None
                break
            cells = self.view[above:line - 1].split("\t")
            if not any(_NUMBER.fullmatch(c.strip()) for c in cells[1:]):
                self._headers[line] = self._cell_places(above, cells)
                break
            line = above
        found = self._headers.get(line)
        for at in seen:
            self._headers[at] = found
        return found

    def _cell_places(self, line: int, cells: list[str]) -> tuple[str | None, ...]:
        """The division each cell of a row names, whole (宝安区), or None."""
        out, at = [], line
        for cell in cells:
            lead = len(cell) - len(cell.lstrip())
            i = bisect.bisect_left(self.starts, at + lead)
            m = self.mentions[i] if i < len(self.mentions) else None
            whole = m is not None and m.start == at + lead and m.end == at + len(cell.rstrip())
            out.append(self._id(m) if whole else None)
            at += len(cell) + 1
        return tuple(out)

    def _line_start(self, pos: int) -> int | None:
        """Where the line holding `pos` starts, if it starts at most `_ROW_CHARS` before it."""
        low = max(0, pos - _ROW_CHARS)
        k = self.view.rfind("\n", low, pos)
        return k + 1 if k >= 0 else 0 if low == 0 else None

    def _headings(self) -> tuple[list[int], list[str | None]]:
        """Where each heading line starts, and the division leading it (or None)."""
        words = _words()["heading"]
        chars, ends = words["chars"], words["ends"]
        lead = _heading_lead()
        starts, found = [], []
        pos = 0
        mentions, figures = self.mentions, self.figures
        for line in self.view.split("\n"):
            text = line.strip()
            if 0 < len(text) <= chars and text[-1] not in ends and "\t" not in line and \
                    not _figure_in(figures, pos, pos + len(line)):
                i = bisect.bisect_left(self.starts, pos)
                m = mentions[i] if i < len(mentions) else None
                ok = m is not None and m.end <= pos + len(line) and not m.compared and not self._entity(m) and \
                    lead.fullmatch(self.view, pos, m.start)
                while ok and m.holder:                 # 深圳市宝安区发展和改革局: 宝安区
                    i += 1
                    m = mentions[i]
                starts.append(pos)
                found.append(self._id(m) if ok else None)
            pos += len(line) + 1
        return starts, found

    def _leads(self, i: int, s0: int) -> bool:
        """Whether mention i leads its clause, after nothing but a time, a connective or other names of its list
        (深圳宝安区公布…; 深汕特别合作区、坪山区和宝安区一路狂飙); worked out once for a mention and a sentence's start."""
        if (i, s0) not in self._led:
            c0 = clause_start(self.view, self.mentions[i].start, s0)
            pos, k = self.mentions[i].start, i - 1
            while k >= 0 and i - k <= _LOOK_BACK and self.mentions[k].start >= c0 and \
                    _joins(self.view, self.mentions[k].end, pos):
                pos, k = self.mentions[k].start, k - 1
            self._led[i, s0] = bool(self._lead.fullmatch(self.view, c0, pos))
        return self._led[i, s0]

    def _entity(self, m: Mention) -> bool:
        """Whether a name starts the name of an organisation or a facility (深圳中学)."""
        if m.entity is None:
            m.entity = m.how not in ("scope", "nation") and bool(_compare()["entity"].match(self.view, m.end))
        return m.entity

    def _id(self, m: Mention) -> str | None:
        if m.how == "scope":
            ending = m.ids[0]
            if ending not in self._scoped:
                self._scoped[ending] = next((d for d in self.chain if self.g.get(d).name.endswith(ending)), None)
            return self._scoped[ending]
        return m.resolved

    def _list(self, i: int) -> tuple[list[int], list[str | None]]:
        """The mentions of the list of names ending with mention i, and the divisions of those that are no holders
        (of mention i if all are)."""
        members = [i]
        while members[0] > 0 and len(members) < _LOOK_BACK:
            prev, cur = self.mentions[members[0] - 1], self.mentions[members[0]]
            if not _joins(self.view, prev.end, cur.start) or not self._id(prev) or prev.compared:
                break
            members.insert(0, members[0] - 1)
        return members, [self._id(self.mentions[k]) for k in members if not self.mentions[k].holder] or \
            [self._id(self.mentions[i])]

    def _group(self, i: int, start: int) -> str | None:
        """The place of the list of names ending with mention i: the one the figure falls to after 分别, the
        document's own in a compound name (宁波舟山港), else the smallest division holding them all."""
        if i not in self._lists:
            self._lists[i] = self._list(i)
        members, ids = self._lists[i]
        if len(set(ids)) == 1:
            return ids[0]
        last = self.mentions[members[-1]]
        if (each := self.view.find(_EACH, last.end, start)) >= 0:
            k = bisect.bisect_left(self.figures, each + len(_EACH))
            n = bisect.bisect_left(self.figures, start) - k
            return ids[n % len(ids)] if n >= 0 else None     # 分别达到5.6%和5.1%,高于全市1.1和0.6个百分点
        joined = all(self.mentions[a].end == self.mentions[b].start for a, b in zip(members, members[1:]))
        if joined and self.doc in ids:
            return self.doc
        return _common(ids, self.g)


def _read(text: str, g: Gazetteer) -> list[Mention]:
    """The names of places in a text that may be places there, each marked with how it stands (compared; whether
    it opens an organisation's name is asked later: Places._entity)."""
    p = _compare()
    opens, at = [], text.find("《")          # where titles open: a name far from the last before it is in none
    while at >= 0:
        opens.append(at)
        at = text.find("《", at + 1)
    straddled, phrases, qualifier = _straddle_words(), _phrases(), p["qualifier"]     # looked up once per text
    out: list[Mention] = []
    for m in _find(text, g):
        before = text[m.start - 1] if m.start else ""
        # no place: the name's first character closes a common word (其中国家级), a Latin letter runs into it
        # (i深圳), it starts a phrase that names no place (北京时间), or a word for the nation qualifies (国内领先)
        if before + text[m.start] in straddled or before.isascii() and before.isalpha() or \
                text.startswith(phrases, m.start) or m.how == "nation" and qualifier.match(text, m.end):
            continue
        m.compared = "title" if opens and _titled(text, m, opens) else _compared(text, m, before, p)
        if out and out[-1].end == m.start and out[-1].compared:
            m.compared = m.compared or out[-1].compared          # 高于深圳全市
        out.append(m)
    return out


def _joins(view: str, start: int, end: int) -> bool:
    """Whether nothing or one joiner stands between start and end (a set look-up: cheaper than a pattern)."""
    return 0 <= end - start <= 3 and view[start:end] in _JOINERS


def _headline(text: str, mentions: list[Mention]) -> None:
    """Marks the names of a headline that open a word (义乌:…, 深圳宝安…; not 千亿大关)."""
    for k, m in enumerate(mentions):
        m.headline = m.start == 0 or not _HAN.match(text, m.start - 1) or k > 0 and mentions[k - 1].end == m.start


def _find(view: str, g: Gazetteer) -> list[Mention]:
    """Every name of a place in a text, in order, longest first where names overlap."""
    out, i = [], 0
    names, sizes, lengths, word_after = g.names, g._sizes, g.lengths, g.word_after
    near_end = len(view) - g.longest         # past it a name's slice may be cut short by the end: try all lengths
    for at in g.openings(view):
        if at < i:
            continue
        i = at
        for size in (sizes.get(view[i:i + 3]) or sizes.get(view[i:i + 2], ())) if i <= near_end else \
                lengths[view[i:i + 2]]:
            if (found := names.get(view[i:i + size])) is not None:
                how, ids = found
                if how == "full" and view.startswith(word_after, i + size - 1):
                    if (found := names.get(view[i:i + size - 1])) is None:   # 城区域: no place
                        continue
                    size -= 1                                             # 宁波市场: 宁波 and 市场
                    how, ids = found
                out.append(Mention(i, i + size, ids, how))
                i += size
                break
    return out


def _resolve(m: Mention, g: Gazetteer, context: set[str]) -> str | None:
    """The one division a mention stands for, or None. A unique full name of three characters or more, a unique
    short name of a province or prefecture, or of a county opening a word in a headline (义乌:…), stands for
    itself; any other name (a county's short name, a township, 城区, a name several divisions share) for the one
    division the document's context holds most closely, through its parent or a prefecture; a short name no
    context decides, for the one province or prefecture it may name (吉林, 海南)."""
    if m.how in ("nation", "scope", "anaphor"):
        return NATION if m.how == "nation" else None

    def distance(i: str) -> float:
        """How closely the context holds a division: 0 itself, 1 its parent, 2 a prefecture above it."""
        chain = g.chain(i)
        return next((n for n, a in enumerate(chain[:3]) if a in context and (n < 2 or g.get(a).level >= 2)),
                    float("inf"))

    if len(m.ids) == 1:
        return m.ids[0] if _settled(m, g) or distance(m.ids[0]) < 3 else None
    scored = sorted((distance(i), i) for i in m.ids)
    if scored[0][0] < 3 and scored[1][0] > scored[0][0]:
        return scored[0][1]
    levels = sorted((g.get(i).level, i) for i in m.ids)
    if m.how == "short" and levels[0][0] <= 2 and levels[1][0] > levels[0][0]:
        return levels[0][1]
    return None


def _settled(m: Mention, g: Gazetteer) -> bool:
    """Whether a place's name stands for its one division whatever the context (`_resolve`): a unique full name
    of three characters or more, a unique short name of a province or prefecture or opening a word in a headline,
    a unique township's name of four characters or more."""
    if len(m.ids) != 1 or m.how not in ("full", "short", "town"):
        return False
    d = g.get(m.ids[0])
    return (m.how == "full" and len(d.name) > 2) or (m.how == "short" and (d.level <= 2 or m.headline)) or \
        (m.how == "town" and len(d.name) > 3)


def _given(place, g: Gazetteer) -> str | None:
    """The division a caller gives as a document's place: its id when the gazetteer knows the name, else the
    name as given."""
    if not isinstance(place, str) or not place.strip():
        return None
    ids = g.lookup(place)
    return ids[0] if len(ids) == 1 else place.strip()


def _titled(view: str, m: Mention, opens: list[int]) -> bool:
    """Whether a name stands inside the title of a document or a licence (《宁波市…条例》), a bounded look
    (`opens`: where the text's 《 are)."""
    k = bisect.bisect_left(opens, m.start) - 1          # the last 《 before the name
    return k >= 0 and m.start - opens[k] <= _TITLE and view.find("》", opens[k], m.start) < 0 and \
        view.find("》", m.end, m.end + _TITLE) >= 0


@cache
def _heading_lead() -> regex.Pattern:
    """What may stand before a heading's division: a list marker (一、, (二), 3.)."""
    return regex.compile(rf"\s*(?:{_words()['heading']['marker']})?\s*")


@cache
def _lead() -> regex.Pattern:
    """What may stand before a name that leads its clause: a time, a connective."""
    words = _words()["carry"]
    return regex.compile(f"(?:{alternation(words['lead_words'])}|[{regex.escape(words['lead_chars'])}])*")


def _figure_in(figures: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_left(figures, start)
    return i < len(figures) and figures[i] < end


@cache
def _straddle_words() -> frozenset[str]:
    return frozenset(_words()["names"]["straddled"])


@cache
def _phrases() -> tuple[str, ...]:
    return tuple(_words()["names"]["phrases"])


def _refer(mentions: list[Mention], anaphors: list[int], g: Gazetteer) -> None:
    """Resolves each 该区 / 该市 (mention k for k in `anaphors`) to the division of its ending named last before it
    (a bounded look-back)."""
    for k in anaphors:
        m = mentions[k]
        m.resolved = next((p.resolved for p in reversed(mentions[max(0, k - _LOOK_BACK):k]) if p.resolved
                           and p.how != "anaphor" and g.get(p.resolved).name.endswith(m.ids[0])), None)


def _joined(mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """The pairs of names written one right after the other (深圳市宝安区), but an anaphor's (referred only after
    the names are nested, it holds none and is held by none)."""
    return [(m, nxt) for m, nxt in zip(mentions, mentions[1:])
            if m.end == nxt.start and "anaphor" not in (m.how, nxt.how)]


def _nest(joined: list[tuple[Mention, Mention]], g: Gazetteer) -> None:
    """Marks each name written right before a division it holds (深圳市宝安区, 浙江宁波), of the pairs `_joined` gives
    (a name written apart holds none)."""
    for m, nxt in joined:
        m.holder = m.resolved is not None and m.resolved in g.chain(nxt.resolved)[1:]


def _dominant(mentions: list[Mention], title: list[Mention], g: Gazetteer) -> str | None:
    """The document's place: the most specific division that holds at least half of the places it names as places
    (not as a comparison base or a ranking's field; in a regulation's title once, in its first lines twice, in
    its title thrice), the one holding most of them at a level; else the place it names at least twice as often
    as any other (a city among the cities it compares itself with)."""
    votes: dict[str, int] = {}
    for group, in_title in ((mentions, False), (title, True)):
        for m in group:
            if m.resolved and m.how != "nation" and not m.holder and m.compared in (None, "title"):
                votes[m.resolved] = votes.get(m.resolved, 0) + \
                    (3 if in_title else 1 if m.compared or m.start >= _HEAD else 2)
    support: dict[str, int] = {}
    for d, n in votes.items():
        for a in g.chain(d)[:-1]:
            support[a] = support.get(a, 0) + n
    total = sum(votes.values())
    held = [d for d, n in support.items() if 2 * n >= total]
    if held or not votes:
        return max(held, key=lambda d: (g.get(d).level, support[d]), default=None)
    (top, n), *rest = Counter(votes).most_common(2)
    return top if not rest or n >= 2 * rest[0][1] else None


def _common(ids: list[str], g: Gazetteer) -> str | None:
    """The smallest division holding every one of them."""
    chains = [g.chain(i) for i in ids]
    shared = set(chains[0]).intersection(*chains[1:])
    return next((a for a in chains[0] if a in shared), None)
