"""numbers.value reads some numerals itself, sooner than cn2an: each of them gets cn2an's value (or, where cn2an
reads none, the one numbers._mixed gives, as value falls back to it)."""
from __future__ import annotations

import itertools
from decimal import Decimal

import cn2an

from reformmetrics import numbers

DIGITS = list(numbers.DIGITS)
NONZERO = [ch for ch, v in numbers.DIGITS.items() if v]
#: every numeral of a digit, a hundred or a thousand, each alone or both, and a section (三, 百, 三百, 五千亿, 两万,
#: 千亿, 仟万, 零)
ROUND = [d + p + s for d, p, s in itertools.product(
    ["", *DIGITS], ["", *(ch for ch, v in numbers.PLACES.items() if v >= 100)],
    ["", *numbers.SECTIONS, "".join(sorted(numbers.SECTIONS, key=numbers.SECTIONS.get))]) if d + p + s]
#: every numeral of tens, with no, one or two more digits (十, 十二, 二十, 三十五, 十四五, 二十三四, 拾贰伍)
TENS = [d + t + a for d, t, a in itertools.product(
    ["", *DIGITS], [ch for ch, v in numbers.PLACES.items() if v == 10], ["", *DIGITS, *map("".join, itertools.product(
        NONZERO, NONZERO))])]


def _through_cn2an(s: str) -> Decimal | None:
    """What value gave before it read the numeral itself: cn2an's value, else _mixed's."""
    try:
        return Decimal(str(cn2an.cn2an(s, "normal")))
    except (ValueError, KeyError, IndexError, TypeError):
        return numbers._mixed(s)


def test_the_shortcut_reads_these_numerals_and_no_others():
    assert all(numbers._AS_CN2AN.fullmatch(s) for s in ROUND + TENS)
    assert not any(numbers._AS_CN2AN.fullmatch(s) for s in ("三十万", "一百五十", "两千五", "二零", "十四五六"))


def test_each_numeral_read_as_cn2an_reads_it():
    wrong = [(s, got, want) for s in ROUND + TENS
             if str(got := numbers._chinese(s)) != str(want := _through_cn2an(s))]
    assert not wrong                                      # the same value, written the same way
