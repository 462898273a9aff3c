"""Calendar arithmetic on dates and TimeML values: months, quarters, ISO weeks moved by units."""

from __future__ import annotations

import datetime as dt
import re

from storyline.dates import parse_day as _parse_day


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + delta
    return idx // 12, idx % 12 + 1


def _quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def _add_years(d: dt.date, n: int) -> dt.date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


def _rel_value(unit: str, offset: int, ref: dt.date) -> str | None:
    if unit == "year":
        return f"{ref.year + offset:04d}"
    if unit == "month":
        y, m = _shift_month(ref.year, ref.month, offset)
        return f"{y:04d}-{m:02d}"
    if unit == "week":
        iso = (ref + dt.timedelta(weeks=offset)).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if unit == "weekend":
        iso = (ref + dt.timedelta(weeks=offset)).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}-WE"
    if unit == "quarter":
        q = ref.year * 4 + _quarter_of(ref) - 1 + offset
        return f"{q // 4:04d}-Q{q % 4 + 1}"
    if unit == "decade":
        return f"{ref.year // 10 + offset:03d}X"
    if unit == "century":
        return f"{ref.year // 100 + offset:02d}XX"
    if unit == "day":
        return (ref + dt.timedelta(days=offset)).isoformat()
    return None


def _shift_value(value: str, n: int, unit: str) -> str | None:
    """`value` moved by `n` units, kept at its own granularity."""
    day = _parse_day(value)
    if day is not None:
        return _shift_date(day, n, unit)
    m = re.fullmatch(r"(\d{4})(?:-(Q[1-4]|H[12]|\d{2}|W\d{2}))?", value)
    if not m:
        return None
    year = int(m.group(1))
    part = m.group(2)
    if unit == "Y":
        return f"{year + n:04d}" + (f"-{part}" if part else "")
    if unit == "Q" and part and part.startswith("Q"):
        q = year * 4 + int(part[1]) - 1 + n
        return f"{q // 4:04d}-Q{q % 4 + 1}"
    if unit == "M" and part and part.isdigit():
        y, mo = _shift_month(year, int(part), n)
        return f"{y:04d}-{mo:02d}"
    return None


def _shift_date(day: dt.date, n: int, unit: str) -> str | None:
    if unit == "D":
        return (day + dt.timedelta(days=n)).isoformat()
    if unit == "W":
        iso = (day + dt.timedelta(weeks=n)).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if unit == "M":
        y, m = _shift_month(day.year, day.month, n)
        return f"{y:04d}-{m:02d}"
    if unit == "Y":
        return f"{day.year + n:04d}"
    if unit == "Q":
        q = day.year * 4 + _quarter_of(day) - 1 + n
        return f"{q // 4:04d}-Q{q % 4 + 1}"
    if unit == "DE":
        return f"{day.year + 10 * n:04d}"
    return None


def _nearest(days: list[dt.date], dct: dt.date, tense: str, at: bool = False) -> dt.date:
    """The day closest to the DCT, days against the tense counting four times as far.

    A past verb often governs a clause that names a coming date ("the offer was
    extended to Nov. 16"), so tense only tips the balance instead of deciding it; with
    `at` (the date follows "in", "on", "since") the act itself is dated, and tense
    counts eight times.
    """
    weight = 8 if at else 4

    def cost(d: dt.date) -> int:
        distance = abs((d - dct).days)
        against = (tense == "past" and d > dct) or (tense == "future" and d < dct)
        return distance * weight if against else distance

    return min(days, key=cost)
