"""Physical units and money as pint quantities, with the Chinese units documents use."""
from __future__ import annotations

import math

import pint

ureg = pint.UnitRegistry()
for _line in (
    "yuan = [currency] = 元 = cny",
    "wan_yuan = 10000 * yuan = 万元",
    "yi_yuan = 100000000 * yuan = 亿元",
    "usd = nan * yuan",
    "hkd = nan * yuan",
    "eur = nan * yuan",
    "mu = 10000 / 15 * meter ** 2 = 亩",
    "jin = 0.5 * kilogram = 斤",
    "square_kilometer = kilometer ** 2 = 平方公里",
    "square_meter = meter ** 2 = 平方米",
    "cubic_meter = meter ** 3 = 立方米",
    "workday = [workday] = 工作日",
    "person_time = [person_time] = 人次",
    "percentage_point = 0.01 = 个百分点",
    "times = 1 = 倍",
    "per_day = 1 / day", "per_week = 1 / week", "per_month = 1 / month", "per_year = 1 / year",
    "per_quarter = 1 / (3 * month)",
    "microgram_per_cubic_meter = microgram / meter ** 3",
    "milligram_per_cubic_meter = milligram / meter ** 3",
    "milligram_per_liter = milligram / liter",
    "kilovolt_ampere = kilovolt * ampere",
    "jpy = nan * yuan",
    "gbp = nan * yuan",
):
    ureg.define(_line)

#: GUIDE units that name a pint unit directly (the rest of the GUIDE vocabulary is pint's own names).
PINT_NAMES = {"percent": "percent", "ton": "metric_ton", "hectare": "hectare", "day": "day", "hour": "hour",
              "minute": "minute", "second": "second", "week": "week", "month": "month", "year": "year",
              "kilometer": "kilometer", "meter": "meter"}


def quantity(row) -> pint.Quantity:
    """The claim's value as a pint Quantity (counts and ranks are dimensionless; classifiers are kept in the row)."""
    unit = row["unit"] if not _missing(row["unit"]) else None
    value = float(row["value"])
    if unit is None or unit not in ureg and unit not in PINT_NAMES:
        return ureg.Quantity(value, "dimensionless")
    return ureg.Quantity(value, PINT_NAMES.get(unit, unit))


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is __import__("pandas").NA
