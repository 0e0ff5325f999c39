"""Number surfaces (Arabic, Chinese and mixed numerals) and their exact values."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

from .tables import alternation, table

_NUM = table("numerals")
DIGITS: dict[str, int] = _NUM["digits"]
PLACES: dict[str, int] = _NUM["places"]
SECTIONS: dict[str, int] = _NUM["sections"]
POINT: str = _NUM["decimal"]["point"]
PAIRS: dict[str, list[int]] = _NUM["approximate_pairs"]

#: the characters of Chinese numerals: digits, places and sections
NUMERAL_CHARS = "".join(DIGITS) + "".join(PLACES) + "".join(SECTIONS)
#: one Arabic number: digit groups with thousands commas, decimals, a stray space after the point
#: ((?:…|) is an optional part, as (?:…)? but quicker in the standard library's engine: see quantities.pattern)
ARABIC = r"\d{1,3},\d{3}(?:,\d{3})*(?:\.\d+|)|\d+(?:\.[ ]?\d+|)"
#: a Chinese numeral, with decimals written 点
CHINESE = rf"(?:(?!千[米克瓦伏])[{NUMERAL_CHARS}])+(?:{POINT}[{''.join(DIGITS)}]+[{''.join(SECTIONS)}]?|)"
#: a number: Arabic or Chinese atoms, each after the first following a place or section character
#: (3万4000, 25万6千, 十亿3000万); 千 before 米/克/瓦/伏 is a unit prefix, not a place
NUMBER = (rf"(?:(?:{ARABIC})(?:[ ]?[万亿]|千(?![米克瓦伏]))*|{CHINESE})"
          rf"(?:(?<=[万亿千])(?:(?:{ARABIC})(?:[万亿]|千(?![米克瓦伏]))*|{CHINESE}))*")
PAIR = alternation(PAIRS)


# (plain patterns: the standard library's engine is called quicker than regex's)
_DIGIT_BY_DIGIT = re.compile(f"[{''.join(DIGITS)}]{{2,}}")
_DIGITS_ONLY = re.compile(f"[{''.join(DIGITS)}]*")
_DIGIT_VALUES = str.maketrans({ch: str(d) for ch, d in DIGITS.items()})
#: an Arabic number with no commas, spaces or multiplier (2023, 9.58): its value is Decimal(itself)
PLAIN_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_ARABIC_RUN = re.compile(r"[\d.]+")
#: a number surface in tokens: a run of Arabic digits (with its point), or one character
_TOKEN = re.compile(r"[\d.]+|.", re.DOTALL)
_DIGIT, _NONZERO = "".join(DIGITS), "".join(ch for ch, v in DIGITS.items() if v)
_TEN, _HIGH = "".join(ch for ch, v in PLACES.items() if v == 10), "".join(ch for ch, v in PLACES.items() if v >= 100)
_SECTION, _SECTIONS_UP = "".join(SECTIONS), "".join(sorted(SECTIONS, key=SECTIONS.get))        # 万, 亿; 万亿
#: numerals _mixed reads as cn2an does (or as value does where cn2an reads them not at all), sooner: tens (十, 十二,
#: 三十五, and with one more digit 十四五, a plan's name), and a digit or a hundred or a thousand, each alone or both,
#: and a section (三, 百, 三百, 五千亿, 两万, 千亿) -- tests/test_numbers.py checks them all
_AS_CN2AN = re.compile(f"[{_DIGIT}]?[{_TEN}](?:[{_DIGIT}]?|[{_NONZERO}]{{2}})"
                       f"|[{_DIGIT}]?[{_HIGH}]?(?:{_SECTIONS_UP}|[{_SECTION}])?")
#: the longest Arabic number times a section (12.5万) whose product has all its digits in Decimal's precision
_EXACT_CHARS = 20
MAX_WORD_CHARS: int = _NUM["limits"]["max_word_chars"]


@lru_cache(maxsize=1 << 16)
def value(surface: str) -> Decimal | None:
    """Exact value of a number surface, or None when it is not a well-formed number."""
    s = surface.replace(",", "").replace(" ", "")
    if not s:
        return None
    if PLAIN_ARABIC.fullmatch(s):
        return Decimal(s)
    if (times := times_section(s)) is not None:
        return times
    if _DIGIT_BY_DIGIT.fullmatch(s):                      # 二〇一九, 一一一一: digit by digit
        return Decimal(s.translate(_DIGIT_VALUES))
    if len(_ARABIC_RUN.sub("", s)) > MAX_WORD_CHARS:
        return None
    if _ARABIC_RUN.search(s):
        return _mixed(s)
    return _chinese(s)


def times_section(s: str) -> Decimal | None:
    """An Arabic number with no commas or spaces times one section (12.5万, 3000亿), as value reads it, or None for
    any other surface."""
    if s[-1:] in SECTIONS and len(s) <= _EXACT_CHARS and PLAIN_ARABIC.fullmatch(s, 0, len(s) - 1) and \
            (number := Decimal(s[:-1])):
        # as _mixed reads them, sooner (a zero is left to it: it writes 0.0万 as 0, not 0.0)
        return number * SECTIONS[s[-1]]
    return None


def digits(s: str) -> int:
    """An integer written in decimal digits; 0 for digits the regex engine reads as \\d but Python's int does not
    know (some beyond the BMP, newer in Unicode than Python's tables)."""
    return int(s) if s.isdecimal() else 0


def _chinese(s: str) -> Decimal | None:
    if _AS_CN2AN.fullmatch(s):                            # 三, 十二, 十四五, 八千亿: as cn2an reads them, sooner
        return _mixed(s)
    try:
        out = cn2an.cn2an(s, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return _mixed(s)
    return Decimal(str(out))


def _mixed(s: str) -> Decimal | None:
    """Arabic digits among place and section characters (3万4000, 十亿3000万, 1.42万)."""
    total = section = Decimal(0)
    number: Decimal | None = None
    last_place = 0
    try:
        for tok in _TOKEN.finditer(s):
            ch = tok.group()
            if ch[0].isdigit() or ch[0] == ".":
                number = Decimal(ch)
            elif ch in DIGITS:
                number = Decimal(DIGITS[ch])
            elif ch == POINT and number is not None:
                frac, mult = s[tok.end():], 1
                while frac and frac[-1] in SECTIONS:           # 三点五亿: the section after the decimals
                    frac, mult = frac[:-1], mult * SECTIONS[frac[-1]]
                if not frac or not _DIGITS_ONLY.fullmatch(frac):
                    return None
                return (total + section + number + Decimal("0." + frac.translate(_DIGIT_VALUES))) * mult
            elif ch in PLACES:
                section += (number if number is not None else Decimal(1)) * PLACES[ch]
                last_place, number = PLACES[ch], None
            elif ch in SECTIONS:
                if number is None and section == 0 and total == 0:
                    return None
                mult = SECTIONS[ch]
                if mult > 10000:
                    total = (total + section + (number or 0)) * mult
                else:
                    total += (section + (number or 0)) * mult
                section, number, last_place = Decimal(0), None, mult
            else:
                return None
    except InvalidOperation:
        return None
    if number is not None and last_place >= 100 and s[-1] in DIGITS and s[-2] in PLACES | SECTIONS:
        number *= Decimal(last_place) / 10                 # 三万五 = 35000, 一百五 = 150
    return total + section + (number or 0)
