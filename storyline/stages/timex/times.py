"""Rules for times of day: clock times, "noon", "3 in the afternoon"."""

from __future__ import annotations

import re

from storyline.stages.timex.rule import _rule
from storyline.stages.timex.specs import Clock, Spec
from storyline.stages.timex.vocab import (
    _CARDINALS,
    _DAY_RE,
    _DIGITS,
    _MONTH_RE,
    _NUMBERS,
    _WD_RE,
    _WEEKDAYS,
    _day_num,
    _month_num,
    _valid,
)

# The hours of a 12-hour clock in words ("three in the afternoon").
_CLOCK_HOURS = tuple(w for w, n in _NUMBERS.items() if w in _CARDINALS and n <= 12)


@_rule(
    "clock_words",
    r"\b(\d{1,2}|" + "|".join(_CLOCK_HOURS) + r")(?::([0-5]\d))?(?:\s+o'clock)?\s+in\s+the\s+(morning|afternoon|evening)\b",
    8,
    triggers=_DIGITS + _CLOCK_HOURS,
)
def _clock_words(m: re.Match[str]) -> Spec | None:
    w = m.group(1).lower()
    hour = int(w) if w.isdigit() else _NUMBERS[w]
    if not 1 <= hour <= 12:
        return None
    if m.group(3).lower() != "morning" and hour != 12:
        hour += 12
    # "3:30 in the afternoon" is 15:30.
    return Clock(type="TIME", hour=hour % 24, minute=int(m.group(2) or 0), day_by="dct", day_arg=0)

# ------------------------------------------------------------------ rules: times of day


@_rule(
    "clock",
    rf"\b(?:(\d{{1,2}})(?::(\d{{2}}))?\s*(a\.m\.|p\.m\.|am\b|pm\b)|(\d{{1,2}}):(\d{{2}})(?!\d)|(noon|midnight|midday))"
    rf"(?:\s+(?:local\s+time|(?-i:[A-Z]{{1,3}}T|GMT|UTC)\b))?"
    rf"(?:\s+(this|yesterday|tomorrow)\s+(morning|afternoon|evening|night)\b"
    rf"|\s*(?:on\s+)?(?:(today|tomorrow|yesterday|tonight)|({_WD_RE}))"
    rf"|,?\s+(?:on\s+)?({_MONTH_RE})\s+({_DAY_RE})\b(?!\s*(?:,\s*)?\d)(?![:.]\d))?",
    8,
    triggers=(_DIGITS + ("noon", "midnight", "midday")),
)
def _clock(m: re.Match[str]) -> Spec | None:
    if m.group(6) and re.search(r"\bhigh\s+$", m.string[max(0, m.start() - 6) : m.start()], re.I):
        return None  # "High Noon", "high noon for the euro": an idiom, not a clock time
    if m.group(6):
        hour, minute = (0 if m.group(6).lower() == "midnight" else 12), 0
    elif m.group(1):
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        ampm = m.group(3).lower()
        if hour > 12 or hour == 0:
            return None
        if ampm.startswith("p") and hour != 12:
            hour += 12
        if ampm.startswith("a") and hour == 12:
            hour = 0
    else:
        hour, minute = int(m.group(4)), int(m.group(5))
        if hour > 23 or minute > 59:
            return None
    day: tuple[str, int]
    if m.group(7):
        # "6:45 this evening": the part of day fixes the day and, on a 12-hour clock, the half.
        part = m.group(8).lower()
        if m.group(4) and hour < 12 and (part in ("afternoon", "evening") or (part == "night" and hour >= 6)):
            hour += 12
        day = ("day", {"this": 0, "yesterday": -1, "tomorrow": 1}[m.group(7).lower()])
    elif m.group(9):
        day = (
            "day",
            {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[m.group(9).lower()],
        )
    elif m.group(10) and m.group(10)[0].isupper():
        day = ("weekday", _WEEKDAYS[m.group(10).lower()])
    elif m.group(11) and _valid(2000, _month_num(m.group(11)), _day_num(m.group(12))):
        # "5 p.m. EST Nov. 9": the deadline's day belongs to the time.
        day = ("monthday", _month_num(m.group(11)) * 100 + _day_num(m.group(12)))
    elif m.group(11):
        return None
    else:
        day = ("dct", 0)
    return Clock(type="TIME", hour=hour, minute=minute, day_by=day[0], day_arg=day[1])

