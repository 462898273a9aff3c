"""Explicit dates in a text: full dates, month/day, month/year, years, weekdays, relative words."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from storyline import lexicon

MONTHS = lexicon.months()
"""Month name or abbreviation (lower case) -> number, from the lexicon."""
WEEKDAYS = lexicon.weekdays()
"""Weekday name or abbreviation (lower case) -> number (Monday 0), from the lexicon."""
WEEKDAY_NAMES = lexicon.weekday_names()
MONTH_NAMES = lexicon.month_names()

# How months and weekdays are spelled in dates (abbreviations with or without a dot,
# capitalised or all capitals): grammar, kept here; the names and their numbers come from
# the lexicon, and a test checks that every lexicon form is one of these spellings.
# Capitalised only: "may", "march" and "sun" are ordinary words in lower case.
MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?\.?|July?\.?"
    r"|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?"
    r"|JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?"
    r"|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)"
)
WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day|\.)?"
DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?:1[89]\d\d|20\d\d)"

_FULL_PATTERNS = (
    # "Nov. 14, 2018", "Tuesday, January 22, 2019", "December 1st 2018"
    re.compile(rf"\b(?P<mon>{MONTH})\s+(?P<day>{DAY}),?\s+(?P<year>{YEAR})\b"),
    # "12 March 2019", "1st of December, 2018"
    re.compile(rf"\b(?P<day>{DAY})\s+(?:of\s+)?(?P<mon>{MONTH}),?\s+(?P<year>{YEAR})\b"),
    # "2019-03-12", "2019/03/12"
    re.compile(rf"\b(?P<year>{YEAR})(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)\b"),
    # "03/12/2019" (US order unless the first number cannot be a month)
    re.compile(
        rf"(?<![\d/])(?P<m>[0-3]?\d)(?P<sep>[/.])(?P<d>[0-3]?\d)(?P=sep)(?P<year>{YEAR})\b"
    ),
)
_MONTH_DAY_PATTERNS = (
    re.compile(rf"\b(?P<mon>{MONTH})\s+(?P<day>{DAY})\b(?!\s*[,:]?\s*\d)(?!\.\d)"),
    re.compile(rf"\b(?P<day>{DAY})\s+(?:of\s+)?(?P<mon>{MONTH})\b(?!,?\s*\d)"),
)
_MONTH_YEAR = re.compile(rf"\b(?P<mon>{MONTH})\s*,?\s+(?P<year>{YEAR})\b")
# A bare year, but not an amount ("$2000", "2,019", "2019 people" is still accepted).
_BARE_YEAR = re.compile(rf"(?<![\d$£€.,:/-])(?P<year>{YEAR})(?![\d%,.]\d|\d|%| percent)")
_WEEKDAY_RE = re.compile(
    rf"\b(?P<wd>{'|'.join(w.title() for w in WEEKDAY_NAMES)})(?!s\b)(?:'s)?\b"
)
_RELATIVE_RE = re.compile(
    r"\b(?P<rel>yesterday|today|tonight|tomorrow|"
    r"(?:last|next|this|past|coming)\s+(?:week|month|year|weekend))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateRef:
    """One date expression found in a text, with what it fixes and its tense."""

    start: int
    end: int
    text: str
    kind: str
    """`ymd`, `md` (no year), `ym`, `y`, `weekday` or `relative`."""
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    """0 = Monday."""
    offset: int | None = None
    """For `relative`: days from the DCT (yesterday -1), or None for week/month/year words."""
    tense: str = "unknown"
    """`past`, `future` or `unknown`: how the clause places it relative to the DCT."""


def month_number(token: str) -> int:
    """The number of a month name or abbreviation, read from its first three letters."""
    return MONTHS[token[:3].lower()]


def _day(token: str) -> int:
    return int(re.sub(r"\D", "", token))


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _full_date(m: re.Match[str]) -> dt.date | None:
    groups = m.groupdict()
    year = int(groups["year"])
    if groups.get("mon") is not None:
        return safe_date(year, month_number(groups["mon"]), _day(groups["day"]))
    first, second = int(groups["m"]), int(groups["d"])
    if first > 12 >= second:  # day-first order ("22/01/2019") when the month slot cannot be one
        first, second = second, first
    return safe_date(year, first, second)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _ymd(m: re.Match[str]) -> DateRef | None:
    date = _full_date(m)
    if date is None:
        return None
    return DateRef(m.start(), m.end(), m.group(0), "ymd", date.year, date.month, date.day)


def _ym(m: re.Match[str]) -> DateRef:
    return DateRef(m.start(), m.end(), m.group(0), "ym", int(m["year"]), month_number(m["mon"]))


def _md(m: re.Match[str]) -> DateRef | None:
    month, day = month_number(m["mon"]), _day(m["day"])
    # 29 February is valid in a leap year; 2000 stands in for "some leap year".
    if safe_date(2000, month, day) is None:
        return None
    return DateRef(m.start(), m.end(), m.group(0), "md", None, month, day)


def _y(m: re.Match[str]) -> DateRef:
    return DateRef(m.start(), m.end(), m.group(0), "y", int(m["year"]))


def _weekday(m: re.Match[str]) -> DateRef:
    return DateRef(m.start(), m.end(), m.group(0), "weekday", weekday=WEEKDAYS[m["wd"].lower()])


_RELATIVE_OFFSET = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}


def _relative(m: re.Match[str]) -> DateRef:
    offset = _RELATIVE_OFFSET.get(m["rel"].lower())
    return DateRef(m.start(), m.end(), m.group(0), "relative", offset=offset)


# The passes of `find_date_refs`, most specific first: an expression is kept only where no
# earlier one was found.
_PASSES: tuple[tuple[tuple[re.Pattern[str], ...], Callable[[re.Match[str]], DateRef | None]], ...] = (
    (_FULL_PATTERNS, _ymd),
    ((_MONTH_YEAR,), _ym),
    (_MONTH_DAY_PATTERNS, _md),
    ((_BARE_YEAR,), _y),
    ((_WEEKDAY_RE,), _weekday),
    ((_RELATIVE_RE,), _relative),
)


def find_date_refs(text: str) -> list[DateRef]:
    """Return the date expressions of `text` (full dates, month/day, years, weekdays), in order."""
    refs: list[DateRef] = []
    taken: list[tuple[int, int]] = []
    for patterns, read in _PASSES:
        for pattern in patterns:
            for m in pattern.finditer(text):
                ref = read(m)
                if ref is not None and not _overlaps(taken, m.start(), m.end()):
                    refs.append(ref)
                    taken.append((ref.start, ref.end))
    refs.sort(key=lambda r: r.start)
    return refs
