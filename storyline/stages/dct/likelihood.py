"""How likely a text is to hold a clue if it was published on a given day: the gap tables.

A clue is scored against a candidate publication day by how often news places such an
expression at that distance from its date: the tables were measured on the TBAQ tune
split (true DCTs, `storyline eval dct --split tune`) and smoothed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Mapping, Sequence

from storyline.stages.dct.refs import DateRef, safe_date

# Days from a full date to the DCT (positive: the date is earlier), by tense; per day.
_DAY_GAP: dict[str, dict[int, float]] = {
    "past": {-366: 0.00002, -31: 0.0001, -1: 0.0005, 1: 0.01, 7: 0.006, 30: 0.003, 365: 0.001},
    "future": {-366: 0.0002, -31: 0.001, -8: 0.003, -1: 0.006, 0: 0.004, 7: 0.0003},
    "unknown": {-366: 0.0002, -31: 0.0006, -8: 0.002, -1: 0.004, 1: 0.008, 7: 0.005, 30: 0.003, 365: 0.001},
}  # fmt: skip
_DAY_TAIL = 0.0002
# Same for year-less month/day dates, against each occurrence within a year; per day. News
# names the days of the last week by weekday, so a past month/day is mostly 1-4 weeks old.
_MD_GAP: dict[str, dict[int, float]] = {
    "past": {-31: 0.0004, -8: 0.002, -1: 0.004, 7: 0.016, 30: 0.012, 183: 0.0028},
    "future": {-31: 0.0014, -8: 0.018, -3: 0.04, 0: 0.02, 30: 0.002, 183: 0.0005},
    "unknown": {-31: 0.0006, -8: 0.004, -1: 0.015, 0: 0.1, 7: 0.015, 30: 0.006, 183: 0.001},
}  # fmt: skip
_MD_TAIL = 0.0003
# Months from an explicit year-month to the DCT's month; per month.
# A month/day named with its weekday ("Monday, Oct. 26") is mostly of the last few days.
_PAIR_GAP = {-8: 0.001, -1: 0.01, 0: 0.1, 1: 0.08, 3: 0.05, 7: 0.03, 30: 0.005, 183: 0.001}
_MONTH_GAP: dict[str, dict[int, float]] = {
    "past": {-1: 0.005, 0: 0.05, 1: 0.06, 3: 0.05, 12: 0.03, 36: 0.01},
    "future": {-36: 0.01, -12: 0.03, -1: 0.06, 0: 0.05, 1: 0.005},
    "unknown": {-36: 0.005, -12: 0.02, -1: 0.04, 1: 0.06, 3: 0.05, 12: 0.03, 36: 0.01},
}  # fmt: skip
_MONTH_TAIL = 0.003
# A month named without its year: months back (past) or ahead (future) of the DCT's month.
_BARE_MONTH_GAP: dict[str, tuple[float, ...]] = {
    "past": (0.04, 0.2, 0.1, 0.08, 0.08, 0.08, 0.08, 0.05, 0.05, 0.05, 0.05, 0.05),
    "future": (0.1, 0.2, 0.15, 0.12, 0.12, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05),
}
# Days from a named weekday to the DCT (past clause) or from the DCT to it (future clause).
_WEEKDAY_GAP: dict[str, tuple[float, ...]] = {
    "past": (0.43, 0.2, 0.11, 0.15, 0.05, 0.03, 0.03),
    "future": (0.2, 0.2, 0.12, 0.15, 0.08, 0.08, 0.15),
}
TEMPER = 0.6
"""Exponent on each clue's likelihood: clues of one text are far from independent."""
INTERVAL_MASS = 0.9
"""Posterior mass the interval holds, leaving out an equal share on either side. On the TBAQ
tune split 88.7% of the inferred intervals hold the true date (80% mass: 76.5%)."""


def _lookup(table: Mapping[int, float], gap: int, tail: float) -> float:
    """The value of the first key >= `gap` (keys are bucket upper bounds), else `tail`."""
    keys = _SORTED_KEYS.get(id(table))
    if keys is None:
        keys = _SORTED_KEYS[id(table)] = tuple(sorted(table))
    i = bisect.bisect_left(keys, gap)
    return table[keys[i]] if i < len(keys) else tail


_SORTED_KEYS: dict[int, tuple[int, ...]] = {}
"""The sorted keys of the module's gap tables (which never change), by table identity."""


def tense_key(tense: str) -> str:
    return tense if tense in ("past", "future") else "unknown"


def _md_occurrences(month: int, day: int, around: dt.date) -> list[dt.date]:
    return [
        d for y in (around.year - 1, around.year, around.year + 1) if (d := safe_date(y, month, day))
    ]


def _cyclic(table: Sequence[float], position: float) -> float:
    """`table` (one value per month, cyclic) linearly interpolated at `position`."""
    low = math.floor(position)
    frac = position - low
    return (1 - frac) * table[low % 12] + frac * table[(low + 1) % 12]


def clue_likelihood(ref: DateRef, d: dt.date) -> float:
    """How likely the text is to hold `ref` if it was published on day `d`."""
    tense = tense_key(ref.tense)
    if ref.kind == "ymd" and ref.year and ref.month and ref.day:
        gap = (d - dt.date(ref.year, ref.month, ref.day)).days
        return _lookup(_DAY_GAP[tense], gap, _DAY_TAIL)
    if ref.kind == "md" and ref.month and ref.day:
        best = _MD_TAIL * 0.1
        for occ in _md_occurrences(ref.month, ref.day, d):
            if ref.weekday is None:
                p = _lookup(_MD_GAP[tense], (d - occ).days, _MD_TAIL)
            else:
                p = _lookup(_PAIR_GAP, (d - occ).days, _MD_TAIL)
                p *= 1.0 if occ.weekday() == ref.weekday else 0.03
            best = max(best, p)
        return best
    if ref.kind == "ym" and ref.year and ref.month:
        gap = (d.year * 12 + d.month) - (ref.year * 12 + ref.month)
        return _lookup(_MONTH_GAP[tense], gap, _MONTH_TAIL)
    if ref.kind == "m" and ref.month:
        # Months from the named month to the DCT's, counted from mid-month and interpolated,
        # so the score does not jump at the turn of a month.
        months = (d.month - ref.month) % 12 + (d.day - 15.5) / 30.5
        back = _cyclic(_BARE_MONTH_GAP["past"], months)
        ahead = _cyclic(_BARE_MONTH_GAP["future"], -months)
        return back if tense == "past" else ahead if tense == "future" else (back + ahead) / 2
    if ref.kind == "weekday" and ref.weekday is not None:
        past = _WEEKDAY_GAP["past"][(d.weekday() - ref.weekday) % 7]
        future = _WEEKDAY_GAP["future"][(ref.weekday - d.weekday()) % 7]
        if tense == "past":
            return past
        if tense == "future":
            return future
        return 0.7 * past + 0.3 * future
    return 1.0
