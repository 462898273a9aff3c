"""A date line or wire dateline among the first lines of a text, and how it scores a day."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from storyline.stages.dct.refs import DAY, MONTH, WEEKDAY, YEAR, find_date_refs, safe_date

_DATELINE_KEYWORD = re.compile(
    r"^\W*(?:published|updated|posted|last\s+updated|first\s+published|last\s+modified|"
    r"modified|date|dated|released|filed)\b\s*(?:on|at)?\s*[:\-–—]?",
    re.IGNORECASE,
)
# A line that is nothing but a date, maybe with a weekday, a time and a zone.
_DATE_ONLY_REST = re.compile(
    rf"^[\s,|·•\-–—:]*(?:{WEEKDAY},?)?[\s,|·•\-–—:]*"
    r"(?:(?:at\s+)?\d{1,2}(?:[:.]\d\d){1,2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5}|UTC[+-]?\d*)?)?"
    r"[\s,|·•\-–—:]*$",
    re.IGNORECASE,
)
_CITY = r"[A-Z][A-Za-z.'\-]*(?:\s+[A-Z][A-Za-z.'\-]*)*"
# "BUENOS AIRES, Dec. 1 --", "Dec 1 (Reuters) -", "LONDON, 12 March 2019 (AFP) -"
_WIRE_DATELINE = re.compile(
    rf"^\s*(?:{_CITY},\s+(?:{_CITY},\s+)?)?(?:{WEEKDAY},?\s+)?"
    rf"(?P<date>(?:{MONTH}\s+{DAY}|{DAY}\s+{MONTH})(?:,?\s+{YEAR})?)"
    r"\s*(?:\([^)]{1,40}\)\s*)?(?:-{1,2}|—|–|_|:)"
)
_DATELINE_NUMERIC = re.compile(r"(?<![\d/])(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>\d\d)(?![\d/])")


def _two_digit_year(value: int) -> int:
    return value + (2000 if value < 50 else 1900)


@dataclass(frozen=True)
class Dateline:
    date: dt.date | None
    month_day: tuple[int, int] | None


def find_dateline(text: str) -> Dateline | None:
    """A date line or wire dateline among the first lines of the text."""
    lines = [line for line in text[:1200].splitlines() if line.strip()][:6]
    for index, line in enumerate(lines):
        stripped = line.strip()
        refs = [r for r in find_date_refs(stripped) if r.kind in ("ymd", "md")]
        keyword = _DATELINE_KEYWORD.match(stripped)
        if keyword is not None:
            rest = stripped[keyword.end() :]
            m = _DATELINE_NUMERIC.search(rest)
            found = [r for r in refs if r.start >= keyword.end()]
            if found and found[0].kind == "ymd":
                ref = found[0]
                return Dateline(safe_date(ref.year or 0, ref.month or 0, ref.day or 0), None)
            if m is not None:
                date = safe_date(_two_digit_year(int(m["y"])), int(m["m"]), int(m["d"]))
                if date is not None:
                    return Dateline(date, None)
        for ref in refs:
            if ref.kind == "ymd":
                rest = stripped[: ref.start] + stripped[ref.end :]
                if _DATE_ONLY_REST.match(rest) and len(stripped) < 80:
                    return Dateline(safe_date(ref.year or 0, ref.month or 0, ref.day or 0), None)
        wire = _WIRE_DATELINE.match(stripped)
        if wire is not None and index <= 3:
            inner = find_date_refs(wire["date"])
            if inner and inner[0].kind == "ymd":
                ref = inner[0]
                return Dateline(safe_date(ref.year or 0, ref.month or 0, ref.day or 0), None)
            if inner and inner[0].kind == "md":
                return Dateline(None, (inner[0].month or 1, inner[0].day or 1))
    return None


_DATELINE_NEXT_DAY = 0.4
"""Odds of a DCT the day after a wire dateline's date, against the same day: the dateline
gives the day where the story was filed, which is often a day behind the agency's own
("WASHINGTON, August 13 (Xinhua) --" published on 14 August, Beijing time)."""
_DATELINE_MISS = 0.002


def dateline_log(d: dt.date, month_day: tuple[int, int]) -> float:
    """Log-odds of publication on `d` given a wire dateline's month and day."""
    if (d.month, d.day) == month_day:
        return 0.0
    before = d - dt.timedelta(days=1)
    if (before.month, before.day) == month_day:
        return math.log(_DATELINE_NEXT_DAY)
    return math.log(_DATELINE_MISS)
