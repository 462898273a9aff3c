"""The entry point: candidates, resolution, and the passes that join neighbouring expressions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from storyline.dates import parse_day as _parse_day
from storyline.models import Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc

from storyline.stages.timex.candidates import _candidates, _select
from storyline.stages.timex.resolve import _resolve
from storyline.stages.timex.specs import _Cand, _Ctx

# ------------------------------------------------------------------ entry point


_COORD = re.compile(r"\s+(?:and|or)\s+", re.IGNORECASE)
_PLURAL_UNIT = re.compile(r"(?:minutes|hours|days|weeks|months|years|decades)$", re.IGNORECASE)


_T = TypeVar("_T")


def _merge_pairs(items: list[_T], merged: Callable[[_T, _T], _T | None]) -> list[_T]:
    """`items` with each neighbour pair that `merged` joins replaced by the join."""
    out: list[_T] = []
    for item in items:
        joined = merged(out[-1], item) if out else None
        if joined is not None:
            out[-1] = joined
        else:
            out.append(item)
    return out


def _join_coordinated(chosen: list[_Cand], text: str) -> list[_Cand]:
    """ "weeks or months", "recent weeks and months": TimeBank spans a coordination of
    bare units as one expression, valued by its first unit."""

    def merged(prev: _Cand, c: _Cand) -> _Cand | None:
        if (
            c.rule == "bare_units"
            and prev.rule in ("bare_units", "recent_units")
            and _PLURAL_UNIT.search(text, prev.start, prev.end)
            and _COORD.fullmatch(text, prev.end, c.start)
        ):
            return _Cand(prev.start, c.end, prev.rule, prev.spec, prev.priority)
        return None

    return _merge_pairs(chosen, merged)


def tag(text: str, dct: dt.date | None, doc: Doc | None = None) -> list[Timex]:
    """TIMEX3 expressions of `text`, resolved against `dct` and the discourse, sorted by start."""
    ctx = _Ctx(text=text, dct=dct, doc=doc)
    out: list[Timex] = []
    for c in _join_coordinated(_select(_candidates(text)), text):
        try:
            resolved = _resolve(c, ctx)
        except (ValueError, OverflowError):
            # The day it names falls outside years 1-9999 (a DCT of 0001-01-01 or
            # 9999-12-31 and "last month", "tomorrow"): kept, unresolved.
            resolved = None, None
        if resolved is None:
            continue  # no time expression after all ("May" the modal)
        value, anchor = resolved
        kind = c.spec.type
        out.append(
            Timex(c.start, c.end, text[c.start : c.end], kind, value, anchor, c.spec.mod, c.rule)
        )
        if c.rule == "year_earlier" or not value or kind != "DATE":
            continue  # a comparison ("a year earlier") is not a new reference point
        if re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?|-Q[1-4])?", value):
            ctx.last_date = (c.start, value)
        if "-Q" in value:
            ctx.last_quarter = (c.start, value)
    return _day_beside(
        _part_then_day(_week_of_named_day(_date_following_clocks(out, text), text), text), text
    )


_CLOCK_THEN_DAY = re.compile(r",?\s*(?:on\s+)?", re.IGNORECASE)
_DAY_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}")


_WEEK_OF = re.compile(r"\bthe\s+week\s+of\s+$", re.IGNORECASE)


def _widen_left(
    found: list[Timex], text: str, phrase: re.Pattern[str], value: Callable[[re.Match[str], dt.date], str]
) -> list[Timex]:
    """Each DATE naming one day, widened over the `phrase` right before it and revalued.

    `phrase` must end with `$`; `value` gives the new value from its match and the day.
    """
    out: list[Timex] = []
    for t in found:
        near = phrase.search(text, max(0, t.start - 20), t.start) if t.type == "DATE" else None
        day = _parse_day(t.value) if near and t.value else None
        if near and day is not None and not (out and out[-1].end > near.start()):
            t = replace(t, start=near.start(), text=text[near.start() : t.end], value=value(near, day))
        out.append(t)
    return out


def _week_of_named_day(found: list[Timex], text: str) -> list[Timex]:
    """ "the week of March 6": one DATE, the ISO week holding that day."""

    def week(_: re.Match[str], day: dt.date) -> str:
        iso = day.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"

    return _widen_left(found, text, _WEEK_OF, week)


def _date_following_clocks(found: list[Timex], text: str) -> list[Timex]:
    """ "at 14:00 GMT on 20 March 2013": a bare clock time takes the day named right after it."""
    out = list(found)
    for i, t in enumerate(out[:-1]):
        nxt = out[i + 1]
        if t.rule == "clock" and t.anchor == "DCT" and _time_then_day(t, nxt, text, _CLOCK_THEN_DAY):
            out[i] = replace(t, value=f"{nxt.value}T{(t.value or '').split('T', 1)[1]}")
    return out


def _time_then_day(t: Timex, nxt: Timex, text: str, gap: re.Pattern[str]) -> bool:
    """Whether a time of day `t` is followed, across `gap`, by a DATE naming one day."""
    return bool(
        t.value
        and "T" in t.value
        and nxt.type == "DATE"
        and nxt.value
        and _DAY_VALUE.fullmatch(nxt.value)
        and gap.fullmatch(text, t.end, nxt.start)
    )


_DAY_BESIDE = re.compile(r"\bthe\s+day\s+(before|after)\s+$", re.IGNORECASE)


def _day_beside(found: list[Timex], text: str) -> list[Timex]:
    """ "the day before last Tuesday", "the day after Christmas": one DATE, a day away."""

    def beside(near: re.Match[str], day: dt.date) -> str:
        return (day + dt.timedelta(days=-1 if near.group(1).lower() == "before" else 1)).isoformat()

    return _widen_left(found, text, _DAY_BESIDE, beside)


_PART_GAP = re.compile(r"\s+(?:on\s+)?")


def _part_then_day(found: list[Timex], text: str) -> list[Timex]:
    """ "mid-afternoon yesterday", "early morning Tuesday": the part of that day, one TIME."""

    def merged(prev: Timex, t: Timex) -> Timex | None:
        if prev.rule == "part_of_day" and _time_then_day(prev, t, text, _PART_GAP):
            return replace(
                prev,
                end=t.end,
                text=text[prev.start : t.end],
                value=f"{t.value}T{(prev.value or '').split('T', 1)[1]}",
                anchor=t.anchor,
            )
        return None

    return _merge_pairs(found, merged)
