"""numbers.value reads some numerals itself, sooner than cn2an: each of them gets cn2an's value (or, where cn2an
reads none, the one numbers._mixed gives, as value falls back to it)."""
from __future__ import annotations

import itertools
from decimal import Decimal

import cn2an

from reformmetrics import numbers

NONZERO = [ch for ch, v in numbers.DIGITS.items() if v]
#: every numeral of a digit times a hundred or a thousand and a section (三百, 五千亿, 两万, 千亿, 仟万)
ROUND = [d + p + s for d, p, s in itertools.product(
    ["", *NONZERO], ["", *(ch for ch, v in numbers.PLACES.items() if v >= 100)],
    ["", *numbers.SECTIONS, "".join(sorted(numbers.SECTIONS, key=numbers.SECTIONS.get))]) if d + p + s]
#: every numeral of tens with one more digit (十四五, 二十三四, 拾贰伍)
TENS_AND_DIGIT = [d + t + a + b for d, t, a, b in itertools.product(
    ["", *NONZERO], [ch for ch, v in numbers.PLACES.items() if v == 10], NONZERO, NONZERO)]


def _through_cn2an(s: str) -> Decimal | None:
    """What value gave before it read the numeral itself: cn2an's value, else _mixed's."""
    try:
        return Decimal(str(cn2an.cn2an(s, "normal")))
    except (ValueError, KeyError, IndexError, TypeError):
        return numbers._mixed(s)


def test_the_shortcut_reads_these_numerals_and_no_others():
    assert all(numbers._AS_CN2AN.fullmatch(s) for s in ROUND + TENS_AND_DIGIT)
    assert not any(numbers._AS_CN2AN.fullmatch(s) for s in ("三十万", "一百五十", "十四", "二零", "十四五六"))


def test_each_numeral_read_as_cn2an_reads_it():
    wrong = [(s, got, want) for s in ROUND + TENS_AND_DIGIT
             if str(got := numbers._chinese.__wrapped__(s)) != str(want := _through_cn2an(s))]
    assert not wrong                                      # the same value, written the same way
