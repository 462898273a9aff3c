"""Resolution of what a rule found into a TimeML value, against the DCT and the discourse.

`_resolve` looks up the resolver of the spec's kind in `_RESOLVERS`: a `Fixed` value is
kept as written; every other kind needs a DCT (without one its value stays None) and
some also the discourse: the last date and quarter mentioned and the tense around.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from storyline.dates import parse_day as _parse_day
from storyline.stages.timex.holidays import _HOLIDAYS
from storyline.stages.timex.specs import (
    Anchored,
    Clock,
    DayOffset,
    DayOfMonth,
    Fixed,
    Holiday,
    LastQuarter,
    Month,
    MonthDay,
    MonthOfYear,
    PartOfDay,
    PartShift,
    QuarterN,
    QuarterOfYear,
    Season,
    Shift,
    Spec,
    UnitOffset,
    Weekday,
    WeekdayOfWeek,
    Weekend,
    _Cand,
    _Ctx,
)
from storyline.stages.timex.tense import _tense
from storyline.stages.timex.units import (
    _add_years,
    _nearest,
    _quarter_of,
    _rel_value,
    _shift_date,
    _shift_value,
)
from storyline.stages.timex.vocab import _PARTS, _valid

Resolved = tuple[str | None, str | None]
"""(value, anchor): the TimeML value (None: unresolved) and what it was resolved against
(`DCT`, `timex:<start>` for the expression at that offset, None for a value as written)."""


def _resolve(c: _Cand, ctx: _Ctx) -> Resolved | None:
    """(value, anchor) of a candidate in its context; None when it is no time expression."""
    s = c.spec
    if isinstance(s, Fixed):
        return s.value, None
    if ctx.dct is None:
        return None, None
    return _RESOLVERS[type(s)](s, c, ctx, ctx.dct)


def _last_day(ctx: _Ctx) -> tuple[dt.date | None, str]:
    """The last day mentioned (None if the last date is coarser or none) and the anchor
    a value computed from it names (`DCT` when there is no such day)."""
    last = _parse_day(ctx.last_date[1]) if ctx.last_date else None
    anchor = f"timex:{ctx.last_date[0]}" if last is not None and ctx.last_date else "DCT"
    return last, anchor


def _day_offset(s: DayOffset, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    day = dct + dt.timedelta(days=s.offset)
    return day.isoformat() + (f"T{s.part}" if s.part else ""), "DCT"


def _unit_offset(s: UnitOffset, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    return _rel_value(s.unit, s.offset, dct), "DCT"


_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season(s: Season, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    year = dct.year
    season_idx = _SEASON_MONTH[s.code]
    offset = s.offset
    if offset is None:
        tense = _tense(ctx, c.start, c.end)
        offset = 0
        # "spring" talked about in future tense after it ended is next year's.
        if tense == "future" and season_idx + 2 < dct.month:
            offset = 1
        elif tense == "past" and season_idx > dct.month:
            offset = -1
    elif offset < 0:
        # "last summer" in November is this year's; "next spring" in December is next year's.
        offset = 0 if season_idx + 2 < dct.month else -1
    elif offset > 0:
        offset = 0 if season_idx > dct.month else 1
    if s.code == "WI" and dct.month <= 2 and offset == 0:
        year -= 1
    return f"{year + offset:04d}-{s.code}", "DCT"


def _month(s: Month, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved | None:
    if s.weak and not _month_context(ctx.text, c.start, c.end):
        return None  # "May" the modal, "March" the verb
    month = s.month
    if s.rel in ("last", "past", "previous"):
        year = dct.year if month < dct.month else dct.year - 1
    elif s.rel in ("next", "coming"):
        year = dct.year if month > dct.month else dct.year + 1
    elif s.rel == "this":
        year = dct.year
    else:
        firsts = [dt.date(y, month, 1) for y in (dct.year - 1, dct.year, dct.year + 1)]
        at = _dates_the_act(ctx, c.start)
        year = _nearest(firsts, dct.replace(day=1), _tense(ctx, c.start, c.end), at).year
    return f"{year:04d}-{month:02d}", "DCT"


def _month_day(s: MonthDay, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    candidates = [
        dt.date(y, s.month, s.day)
        for y in (dct.year - 1, dct.year, dct.year + 1)
        if _valid(y, s.month, s.day)
    ]
    if not candidates:
        return None, None
    at = _dates_the_act(ctx, c.start)
    best = _nearest(candidates, dct, _tense(ctx, c.start, c.end), at)
    return best.isoformat(), "DCT"


def _weekday(s: Weekday, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    wd = s.weekday
    base = dct
    # "Wednesday's ruling" (`possessive`): an event already known, mostly the past one.
    rel = "" if s.rel == "possessive" else s.rel
    delta = (wd - base.weekday()) % 7
    anchor = "DCT"
    if rel in ("next", "coming", "this coming"):
        day = base + dt.timedelta(days=delta or 7)
    elif rel in ("last", "past", "this past"):
        day = base - dt.timedelta(days=(base.weekday() - wd) % 7 or 7)
    elif rel in ("the previous", "the preceding"):
        # "the previous Friday": the one before the day the text is on, else before the DCT.
        last, last_anchor = _last_day(ctx)
        if last is not None:
            base, anchor = last, last_anchor
        day = base - dt.timedelta(days=(base.weekday() - wd) % 7 or 7)
    else:
        tense = _tense(ctx, c.start, c.end) if s.rel != "possessive" else ""
        # Present simple with a weekday is a schedule: "they meet Monday".
        if tense in ("future", "present"):
            day = base + dt.timedelta(days=delta)
        else:
            # No cue or past tense: news mostly reports the nearest past day.
            day = base - dt.timedelta(days=(base.weekday() - wd) % 7)
    return day.isoformat() + (f"T{s.part}" if s.part else ""), anchor


def _weekday_of_week(s: WeekdayOfWeek, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    monday = dct - dt.timedelta(days=dct.weekday()) + dt.timedelta(weeks=s.offset)
    return (monday + dt.timedelta(days=s.weekday)).isoformat(), "DCT"


def _part_shift(s: PartShift, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    last, anchor = _last_day(ctx)
    day = (last or dct) + dt.timedelta(days=s.sign)
    return f"{day.isoformat()}T{s.part}", anchor


def _day_of_month(s: DayOfMonth, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    last, anchor = _last_day(ctx)
    ref = last or dct
    if not _valid(ref.year, ref.month, s.day):
        return None, None
    return dt.date(ref.year, ref.month, s.day).isoformat(), anchor


def _holiday(s: Holiday, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    days = [_HOLIDAYS[s.key](y) for y in (dct.year - 1, dct.year, dct.year + 1)]
    best = _nearest(days, dct, _tense(ctx, c.start, c.end))
    return best.isoformat(), "DCT"


def _month_of_year(s: MonthOfYear, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    return f"{dct.year + s.offset:04d}-{s.month:02d}", "DCT"


def _weekend(s: Weekend, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    day = dct + dt.timedelta(weeks=s.offset)
    if s.bare:
        # "over the weekend": the last one in past tense, the coming one otherwise.
        future = _tense(ctx, c.start, c.end) in ("future", "present")
        if not future and dct.weekday() < 5:
            day = dct - dt.timedelta(weeks=1)
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}-WE", "DCT"


def _shift(s: Shift, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    if s.soft and ctx.last_quarter is not None and c.start - ctx.last_quarter[0] < 1500:
        # "a year ago" after a quarter in business news compares that quarter.
        shifted = _shift_value(ctx.last_quarter[1], s.n, s.unit)
        if shifted is not None:
            return shifted, f"timex:{ctx.last_quarter[0]}"
    if s.anchored and ctx.last_date is not None:
        last_day = _parse_day(ctx.last_date[1])
        if c.rule == "year_earlier" and last_day is not None:
            # "results for the quarter ended Sept. 30 ... a year earlier": that day a year before.
            return _add_years(last_day, s.n).isoformat(), f"timex:{ctx.last_date[0]}"
        shifted = _shift_value(ctx.last_date[1], s.n, s.unit)
        if shifted is not None:
            return shifted, f"timex:{ctx.last_date[0]}"
    return _shift_date(dct, s.n, s.unit), "DCT"


def _anchored(s: Anchored, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    unit = s.unit
    if ctx.last_date is None:
        if not s.deictic:
            return None, None
        # "later in the week" with no date before it: the DCT's week.
        if unit in _PARTS:
            return f"{dct.isoformat()}T{_PARTS[unit]}", "DCT"
        return _rel_value(unit, 0, dct), "DCT"
    start, value = ctx.last_date
    anchor = f"timex:{start}"
    day = _parse_day(value)
    if unit in _PARTS:
        return (f"{value}T{_PARTS[unit]}" if day else None), anchor
    if unit == "day":
        if day is None and re.fullmatch(r"\d{4}-\d{2}", value):
            value += "-XX"  # "in October ... that same day": a day of that month, unknown
        return (value if day or value.endswith("-XX") else None), anchor
    if day is not None:
        return _rel_value(unit, 0, day), anchor
    if unit == "year":
        return value[:4], anchor
    if unit == "quarter" and "-Q" in value:
        return value, anchor
    return None, anchor


def _quarter_n(s: QuarterN, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    year = dct.year + s.shift
    future = _tense(ctx, c.start, c.end) == "future"
    # A quarter not yet begun is last year's, unless the text looks ahead.
    if s.letter == "Q" and s.n > _quarter_of(dct) and s.shift == 0 and not future:
        year -= 1
    if s.letter == "H" and s.n == 2 and dct.month <= 6 and _tense(ctx, c.start, c.end) != "future":
        year -= 1
    return f"{year:04d}-{s.letter}{s.n}", "DCT"


def _quarter_of_year(s: QuarterOfYear, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    return f"{dct.year + s.offset:04d}-{s.letter}{s.n}", "DCT"


def _last_quarter(s: LastQuarter, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    q = dct.year * 4 + _quarter_of(dct) - 2 + 4 * s.shift
    return f"{q // 4:04d}-Q{q % 4 + 1}", "DCT"


def _part_of_day(s: PartOfDay, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    day = _reported_day(ctx, dct, c.start, c.end)
    return f"{day.isoformat()}T{s.part}", "DCT"


def _clock(s: Clock, c: _Cand, ctx: _Ctx, dct: dt.date) -> Resolved:
    if s.day_by == "day":
        day = dct + dt.timedelta(days=s.day_arg)
    elif s.day_by == "monthday":
        month, dom = divmod(s.day_arg, 100)
        days = [
            dt.date(y, month, dom)
            for y in (dct.year - 1, dct.year, dct.year + 1)
            if _valid(y, month, dom)
        ]
        day = _nearest(days, dct, _tense(ctx, c.start, c.end))
    elif s.day_by == "weekday":
        if _tense(ctx, c.start, c.end) in ("future", "present"):
            day = dct + dt.timedelta(days=(s.day_arg - dct.weekday()) % 7)
        else:
            day = dct - dt.timedelta(days=(dct.weekday() - s.day_arg) % 7)
    else:
        day = _reported_day(ctx, dct, c.start, c.end)
    return f"{day.isoformat()}T{s.hour:02d}:{s.minute:02d}", "DCT"


# Spec kind -> its resolver: (spec, candidate, context, DCT) -> (value, anchor), or None
# when the candidate turns out to be no time expression.
_RESOLVERS: dict[type[Spec], Callable[[Any, _Cand, _Ctx, dt.date], Resolved | None]] = {
    DayOffset: _day_offset,
    UnitOffset: _unit_offset,
    Season: _season,
    Month: _month,
    MonthDay: _month_day,
    Weekday: _weekday,
    WeekdayOfWeek: _weekday_of_week,
    PartShift: _part_shift,
    DayOfMonth: _day_of_month,
    Holiday: _holiday,
    MonthOfYear: _month_of_year,
    Weekend: _weekend,
    Shift: _shift,
    Anchored: _anchored,
    QuarterN: _quarter_n,
    QuarterOfYear: _quarter_of_year,
    LastQuarter: _last_quarter,
    PartOfDay: _part_of_day,
    Clock: _clock,
}


def _reported_day(ctx: _Ctx, dct: dt.date, start: int, end: int) -> dt.date:
    """The day a bare time of day belongs to: the day last mentioned, else the DCT.

    A day mentioned long before the DCT holds the time when its clause is in the past
    tense: "shortly after midnight" in a retrospective on events two years earlier is
    that night, not the publication day's.
    """
    last = _parse_day(ctx.last_date[1]) if ctx.last_date else None
    if last is None:
        return dct
    if abs((last - dct).days) <= 7:
        return last
    return last if last < dct and _tense(ctx, start, end) == "past" else dct


# A date after these says when the clause's own act happens ("changed ... in December",
# "met on Oct. 31"); after "to", "until" or "by" it may be a target ahead of the act.
_AT_PREPOSITION = re.compile(r"\b(?:in|on|since|during)\s+(?:early\s+|late\s+|mid-?)?$",
                             re.IGNORECASE)


def _dates_the_act(ctx: _Ctx, start: int) -> bool:
    """Whether the expression at `start` follows "in"/"on"/"since" hung on the clause verb.

    "changed ... in December" dates the act; "talked about the visit in September" and
    "a cutback in September" date a noun, which may lie ahead of the verb's time.
    """
    if not _AT_PREPOSITION.search(ctx.text, max(0, start - 16), start):
        return False
    if ctx.doc is None:
        return False
    span = ctx.doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    i = span.start - 1
    while i >= 0 and ctx.doc[i].lower_ in ("early", "late", "mid", "-"):
        i -= 1
    return i >= 0 and ctx.doc[i].head.pos_ in ("VERB", "AUX")


def _month_context(text: str, start: int, end: int) -> bool:
    """A lone `May`/`March` is a month only beside a date cue (`in May`, `May 1998`)."""
    before = text[max(0, start - 12) : start].lower()
    return bool(
        re.search(
            r"\b(in|since|until|by|from|through|early|late|mid|of|last|next|this|during|before|after)\s*$",
            before,
        )
    )

