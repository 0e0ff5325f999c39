"""numbers.value reads some numerals itself, sooner than cn2an: each of them gets cn2an's value (or, where cn2an
reads none, the one numbers._mixed gives, as value falls back to it)."""
from __future__ import annotations

import itertools
from decimal import Decimal

import cn2an
import pytest

from reformmetrics import numbers


def _through_cn2an(s: str) -> Decimal | None:
    """What value gave before it read the numeral itself: cn2an's value, else _mixed's."""
    try:
        return Decimal(str(cn2an.cn2an(s, "normal")))
    except (ValueError, KeyError, IndexError, TypeError):
        return numbers._mixed(s)


#: every numeral of a digit times a hundred or a thousand and a section (三百, 五千亿, 两万, 千亿, 仟万)
ROUND = [d + p + s for d, p, s in itertools.product(
    ["", *(ch for ch, v in numbers.DIGITS.items() if v)], ["", *(ch for ch, v in numbers.PLACES.items() if v >= 100)],
    ["", *numbers.SECTIONS, "".join(sorted(numbers.SECTIONS, key=numbers.SECTIONS.get))]) if d + p + s]


def test_round_numerals_are_all_read_by_the_shortcut():
    assert all(numbers._ROUND.fullmatch(s) for s in ROUND)
    assert not numbers._ROUND.fullmatch("三十万") and not numbers._ROUND.fullmatch("一百五十")


@pytest.mark.parametrize("surface", ROUND)
def test_round_numeral_as_cn2an_reads_it(surface):
    got, want = numbers._chinese.__wrapped__(surface), _through_cn2an(surface)
    assert got == want and str(got) == str(want)          # the same value, written the same way
