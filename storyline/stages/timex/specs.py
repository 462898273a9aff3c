"""What a rule found, before resolution: one small typed spec per kind of expression.

A rule's handler reads its match and returns a spec: the TIMEX3 type and modifier, and
what resolution needs to compute the value (HeidelTime's underspecified value, typed).
`Fixed` holds a value as written; every other kind is resolved against the DCT and the
discourse by its resolver (`resolve._RESOLVERS`). Also here: a candidate span (`_Cand`)
and the discourse state read and updated while tagging a text (`_Ctx`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True, kw_only=True)
class Spec:
    """The TIMEX3 type (DATE, TIME, DURATION, SET) and modifier of what a rule found."""

    type: str
    mod: str | None = None


@dataclass(frozen=True, kw_only=True)
class Fixed(Spec):
    """A value written out in the text (`1998-03-04`, `P3D`, `PAST_REF`): no resolution."""

    value: str | None


@dataclass(frozen=True, kw_only=True)
class DayOffset(Spec):
    """A day counted from the DCT ("yesterday", "tomorrow evening"), with its part of day."""

    offset: int
    part: str | None


@dataclass(frozen=True, kw_only=True)
class UnitOffset(Spec):
    """The unit (week, month, year, quarter ...) holding the DCT, moved by `offset` units."""

    unit: str
    offset: int


@dataclass(frozen=True, kw_only=True)
class Season(Spec):
    """A season; `offset` None when the text says no direction and tense decides."""

    code: str
    offset: int | None


@dataclass(frozen=True, kw_only=True)
class Month(Spec):
    """A month name: `rel` the word before it (`last`, `next`, ...), else tense decides.

    `weak`: "May" or "March" alone, a month only beside a date cue ("in May")."""

    month: int
    rel: str
    weak: bool


@dataclass(frozen=True, kw_only=True)
class MonthDay(Spec):
    """A day of a month without its year ("March 4"): the year nearest the DCT."""

    month: int
    day: int


@dataclass(frozen=True, kw_only=True)
class MonthOfYear(Spec):
    """A month of a year named relative to the DCT ("March of next year")."""

    month: int
    offset: int


@dataclass(frozen=True, kw_only=True)
class Weekday(Spec):
    """A weekday: `rel` the word before it (`last`, `the previous`, `possessive` for
    "Monday's", `` for none), `part` its part of day."""

    weekday: int
    rel: str
    part: str | None


@dataclass(frozen=True, kw_only=True)
class WeekdayOfWeek(Spec):
    """A weekday of a week named relative to the DCT ("Thursday next week")."""

    weekday: int
    offset: int


@dataclass(frozen=True, kw_only=True)
class Shift(Spec):
    """`n` units from the last date mentioned when `anchored` ("two days later"), else
    from the DCT ("three years ago"); `soft`: compares a quarter when one was just named."""

    n: int
    unit: str
    anchored: bool
    soft: bool = False


@dataclass(frozen=True, kw_only=True)
class PartShift(Spec):
    """A part of the day before or after the last day mentioned ("the next morning")."""

    sign: int
    part: str


@dataclass(frozen=True, kw_only=True)
class DayOfMonth(Spec):
    """A day of the month of the last date mentioned ("on the 14th")."""

    day: int


@dataclass(frozen=True, kw_only=True)
class Holiday(Spec):
    """A named holiday without its year: the one nearest the DCT, tense deciding."""

    key: str


@dataclass(frozen=True, kw_only=True)
class Weekend(Spec):
    """A weekend `offset` weeks from the DCT's; `bare` ("the weekend"): tense decides."""

    offset: int
    bare: bool


@dataclass(frozen=True, kw_only=True)
class Anchored(Spec):
    """The unit holding the last date mentioned ("that day", "later that month");
    `deictic` ("later in the week"): the DCT's when no date was mentioned."""

    unit: str
    deictic: bool


@dataclass(frozen=True, kw_only=True)
class QuarterN(Spec):
    """Quarter (`Q`) or half (`H`) number `n` of the DCT's year moved by `shift` years; a
    quarter not yet begun is last year's unless the text looks ahead."""

    letter: str
    n: int
    shift: int


@dataclass(frozen=True, kw_only=True)
class QuarterOfYear(Spec):
    """Quarter or half `n` of a year named relative to the DCT ("next year's first quarter")."""

    letter: str
    n: int
    offset: int


@dataclass(frozen=True, kw_only=True)
class LastQuarter(Spec):
    """The last quarter completed before the DCT ("the latest quarter"), `shift` years away."""

    shift: int


@dataclass(frozen=True, kw_only=True)
class PartOfDay(Spec):
    """A part of the day reported ("in mid-afternoon"): of the day last mentioned."""

    part: str


@dataclass(frozen=True, kw_only=True)
class Clock(Spec):
    """A clock time; its day given by `day_by`: `day` (`day_arg` days from the DCT),
    `weekday` (weekday `day_arg`), `monthday` (month * 100 + day) or `dct` (the day
    reported)."""

    hour: int
    minute: int
    day_by: str
    day_arg: int


_Handler = Callable[[re.Match[str]], Spec | None]
"""A rule's handler: its match to a spec, or None when the match is no time expression."""


@dataclass
class _Ctx:
    text: str
    dct: dt.date | None
    doc: Doc | None
    last_date: tuple[int, str] | None = None
    """(start, value) of the last absolute day-or-coarser DATE mentioned."""
    last_quarter: tuple[int, str] | None = None
    """(start, value) of the last quarter mentioned, which business comparisons refer to."""
    tense_cache: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    rule: str
    spec: Spec
    priority: int
