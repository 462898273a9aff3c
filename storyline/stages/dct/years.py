"""The year model: which years a text naming some years was likely published in."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from storyline.stages.dct.likelihood import tense_key
from storyline.stages.dct.refs import DateRef

# Years from the latest explicit year a text names (in a past or untensed clause, and not
# after the candidate year) to the DCT's year; per year. News rarely writes out the current
# year ("this year"), so the DCT is mostly one or two years after the latest year named; but
# a feature on history names only old years ("the 1961 invasion"), so the tail is long,
# falling as 1/gap (`_FAR_YEAR / gap` beyond the table). Measured on the TBAQ tune split
# (latest past year to true DCT: 12% in the same or a later year, 38% one or two years
# before, a third five or more years before) and smoothed.
_LATEST_YEAR_GAP = {0: 0.08, 1: 0.2, 2: 0.16, 3: 0.09, 4: 0.06}
_FAR_YEAR = 0.12
# A year named with its month or day ("in March 1996", "on Aug. 7, 1998") is mostly of recent
# news; a bare year as often of history (tune: 2 of 14 such texts five or more years later,
# against 11 of 33 for bare years).
_FAR_DATED_YEAR = 0.04
# A year named in a past clause after the DCT's year is a tense error (news names coming
# years in reported plans and forecasts: "earnings for 1990"); per such year, by tense.
_YEAR_AFTER_DCT = {"past": 0.08, "unknown": 0.25}
# A year named in a future clause before the DCT's year: a tense error ("due 1999, was
# priced"), per such year; and years from the DCT's year to the earliest future year named.
_FUTURE_YEAR_BEFORE_DCT = 0.1
_EARLIEST_FUTURE_GAP = {0: 0.15, 1: 0.35, 2: 0.12, 3: 0.06, 4: 0.05}
_YEARS_BEFORE = 5
"""Years before the latest named year (or after the earliest future one) the candidates reach."""
_YEARS_AFTER = 60
"""Years after the latest named year (or before the earliest future one) they reach."""
BOUNDING = frozenset({"ymd", "ym", "y"})


def year_refs(refs: Sequence[DateRef]) -> list[tuple[int, str, bool]]:
    """The explicit years a text names, with tense and whether a month or day came with it."""
    return [
        (r.year, tense_key(r.tense), r.kind != "y")
        for r in refs
        if r.kind in BOUNDING and r.year and r.offset is None
    ]


def year_pins(refs: Sequence[DateRef]) -> list[int]:
    """The DCT years that explicit years beside "last/this/next year" name."""
    return [r.year - r.offset for r in refs if r.kind == "y" and r.year and r.offset is not None]


_PIN_MISS = 0.01
"""Odds that the DCT is in the year next to the one a pin names (a misread phrase); they
halve with every further year."""


def year_range(
    years: Sequence[tuple[int, str, bool]], pins: Sequence[int] = ()
) -> tuple[int, int] | None:
    """The years the DCT may fall in: from a little before the latest year named (a past or
    untensed one) to long after it; with only future years, from long before the earliest."""
    back = [y for y, tense, _ in years if tense != "future"]
    ahead = [y for y, tense, _ in years if tense == "future"]
    if pins and not years:
        low, high = min(pins) - _YEARS_BEFORE, max(pins) + _YEARS_BEFORE
    elif back:
        low, high = max(back) - _YEARS_BEFORE, max(back) + _YEARS_AFTER
    elif ahead:
        low, high = min(ahead) - _YEARS_AFTER, min(ahead) + _YEARS_BEFORE
    else:
        return None
    # A text is not published after it is read: no candidate beyond the current year.
    high = min(high, max(dt.date.today().year, low))
    if pins:
        low, high = min(low, *pins), max(high, *pins)
    return max(low, dt.MINYEAR + 1), min(high, dt.MAXYEAR - 1)


def year_log(
    year: int, years: Sequence[tuple[int, str, bool]], pins: Sequence[int] = ()
) -> float:
    """Log-likelihood that a text naming `years` was published in `year`.

    Each year named in a past or untensed clause after `year`, and each future one before
    it, is a tense error of some odds; the gap from the latest year named up to `year`, and
    from `year` to the earliest future one, follow the tables.
    """
    total = sum(
        math.log(_PIN_MISS) + (abs(year - pin) - 1) * math.log(0.5) for pin in pins if pin != year
    )
    latest: int | None = None
    earliest: int | None = None
    dated: set[int] = set()
    for y, tense, with_month in years:
        if tense == "future":
            if y < year:
                total += math.log(_FUTURE_YEAR_BEFORE_DCT)
            elif earliest is None or y < earliest:
                earliest = y
        elif y > year:
            total += math.log(_YEAR_AFTER_DCT[tense])
        else:
            latest = y if latest is None else max(latest, y)
            if with_month:
                dated.add(y)
    # With every year named on the wrong side, the tense errors alone weigh the year: it
    # scores as the likeliest gap would, times their odds.
    if latest is not None:
        gap = year - latest
        far = _FAR_DATED_YEAR if latest in dated else _FAR_YEAR
        total += math.log(_LATEST_YEAR_GAP.get(gap, far / max(gap, 1)))
    elif any(tense != "future" for _, tense, _ in years):
        total += math.log(max(_LATEST_YEAR_GAP.values()))
    if earliest is not None:
        gap = earliest - year
        total += math.log(_EARLIEST_FUTURE_GAP.get(gap, _FAR_YEAR / max(gap, 1)))
    elif any(tense == "future" for _, tense, _ in years):
        total += math.log(max(_EARLIEST_FUTURE_GAP.values()))
    return total
