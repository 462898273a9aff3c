"""Infer the publication date (DCT) of an article that does not state one.

Reads the article text (and its spaCy doc when given, for tense); returns a `DctGuess`:
a point estimate, an interval meant to contain the true date, a confidence and the kind
of evidence used. Evidence, strongest first: a date line or dateline in the text; then
explicit dated references (past ones bound the date from below, future ones from above,
year-less month/day references fix the year, weekday references pick the day). With
several documents of one story, `infer_story_dcts` lets an event dated in one article
bound the date of another that names the same event relatively ("yesterday's summit").

The recogniser for explicit dates lives here so the stage does not depend on the full
temporal tagger; it only needs absolute dates, weekdays and a few relative words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from storyline.models import DctGuess

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["DateRef", "find_date_refs", "infer_dct", "infer_story_dcts"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Capitalised only: "may", "march" and "sun" are ordinary words in lower case.
_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?\.?|July?\.?"
    r"|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?"
    r"|JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?"
    r"|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)"
)
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day|\.)?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"

_FULL_PATTERNS = (
    # "Nov. 14, 2018", "Tuesday, January 22, 2019", "December 1st 2018"
    re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<day>{_DAY}),?\s+(?P<year>{_YEAR})\b"),
    # "12 March 2019", "1st of December, 2018"
    re.compile(rf"\b(?P<day>{_DAY})\s+(?:of\s+)?(?P<mon>{_MONTH}),?\s+(?P<year>{_YEAR})\b"),
    # "2019-03-12", "2019/03/12"
    re.compile(rf"\b(?P<year>{_YEAR})(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)\b"),
    # "03/12/2019" (US order unless the first number cannot be a month)
    re.compile(
        rf"(?<![\d/])(?P<m>[0-3]?\d)(?P<sep>[/.])(?P<d>[0-3]?\d)(?P=sep)(?P<year>{_YEAR})\b"
    ),
)
_MONTH_DAY_PATTERNS = (
    re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<day>{_DAY})\b(?!\s*[,:]?\s*\d)(?!\.\d)"),
    re.compile(rf"\b(?P<day>{_DAY})\s+(?:of\s+)?(?P<mon>{_MONTH})\b(?!,?\s*\d)"),
)
_MONTH_YEAR = re.compile(rf"\b(?P<mon>{_MONTH})\s*,?\s+(?P<year>{_YEAR})\b")
# A bare year, but not an amount ("$2000", "2,019", "2019 people" is still accepted).
_BARE_YEAR = re.compile(rf"(?<![\d$£€.,:/-])(?P<year>{_YEAR})(?![\d%,.]\d|\d|%| percent)")
_WEEKDAY_RE = re.compile(
    r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?!s\b)(?:'s)?\b"
)
_RELATIVE_RE = re.compile(
    r"\b(?P<rel>yesterday|today|tonight|tomorrow|"
    r"(?:last|next|this|past|coming)\s+(?:week|month|year|weekend))\b",
    re.IGNORECASE,
)

_FUTURE_CUE = re.compile(
    r"\b(?:will|'ll|shall|wo n't|won't|is to|are to|going to|scheduled|slated|due|plans?|"
    r"planned|planning|expected to|expects to|upcoming|coming|next|set to|set for|ahead of|"
    r"until|deadline|expects?|forecasts?|projects?|projected|estimates?|by)\b",
    re.IGNORECASE,
)
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|said|ago|last|earlier|began|met|held|took|came|went|won|lost|"
    r"fell|rose|made|told|announced|[a-z]{3,}ed)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[A-Z\"'(])|\n\s*\n")

_DATELINE_KEYWORD = re.compile(
    r"^\W*(?:published|updated|posted|last\s+updated|first\s+published|last\s+modified|"
    r"modified|date|dated|released|filed)\b\s*(?:on|at)?\s*[:\-–—]?",
    re.IGNORECASE,
)
# A line that is nothing but a date, maybe with a weekday, a time and a zone.
_DATE_ONLY_REST = re.compile(
    rf"^[\s,|·•\-–—:]*(?:{_WEEKDAY},?)?[\s,|·•\-–—:]*"
    r"(?:(?:at\s+)?\d{1,2}(?:[:.]\d\d){1,2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5}|UTC[+-]?\d*)?)?"
    r"[\s,|·•\-–—:]*$",
    re.IGNORECASE,
)
_CITY = r"[A-Z][A-Za-z.'\-]*(?:\s+[A-Z][A-Za-z.'\-]*)*"
# "BUENOS AIRES, Dec. 1 --", "Dec 1 (Reuters) -", "LONDON, 12 March 2019 (AFP) -"
_WIRE_DATELINE = re.compile(
    rf"^\s*(?:{_CITY},\s+(?:{_CITY},\s+)?)?(?:{_WEEKDAY},?\s+)?"
    rf"(?P<date>(?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})(?:,?\s+{_YEAR})?)"
    r"\s*(?:\([^)]{1,40}\)\s*)?(?:-{1,2}|—|–|_|:)"
)
_DATELINE_NUMERIC = re.compile(r"(?<![\d/])(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>\d\d)(?![\d/])")

_STOPWORD_TEXT = """
    a an the of on in at to for from by with and or but not no is are was were be been being
    has have had do does did will would shall should can could may might must this that these
    those it its they them their he him his she her we our you your i me my said says say
    told tell according also about after before over under into than then there here when
    where which who whom whose what while as if so such very more most some any all each
    other last next this past coming week weekend month year day today yesterday tomorrow
    tonight morning afternoon evening night earlier later ago monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august
    september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    mr mrs ms dr one two three four five six seven eight nine ten first second new
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


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


def _month(token: str) -> int:
    return _MONTHS[token[:3].lower()]


def _day(token: str) -> int:
    return int(re.sub(r"\D", "", token))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _full_date(m: re.Match[str]) -> dt.date | None:
    groups = m.groupdict()
    year = int(groups["year"])
    if groups.get("mon") is not None:
        return _safe_date(year, _month(groups["mon"]), _day(groups["day"]))
    first, second = int(groups["m"]), int(groups["d"])
    if first > 12 >= second:  # day-first order ("22/01/2019") when the month slot cannot be one
        first, second = second, first
    return _safe_date(year, first, second)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def find_date_refs(text: str) -> list[DateRef]:
    """Return the date expressions of `text` (full dates, month/day, years, weekdays), in order."""
    refs: list[DateRef] = []
    taken: list[tuple[int, int]] = []

    def add(ref: DateRef) -> None:
        refs.append(ref)
        taken.append((ref.start, ref.end))

    for pattern in _FULL_PATTERNS:
        for m in pattern.finditer(text):
            date = _full_date(m)
            if date is None or _overlaps(taken, m.start(), m.end()):
                continue
            add(DateRef(m.start(), m.end(), m.group(0), "ymd", date.year, date.month, date.day))
    for m in _MONTH_YEAR.finditer(text):
        if not _overlaps(taken, m.start(), m.end()):
            add(DateRef(m.start(), m.end(), m.group(0), "ym", int(m["year"]), _month(m["mon"])))
    for pattern in _MONTH_DAY_PATTERNS:
        for m in pattern.finditer(text):
            month, day = _month(m["mon"]), _day(m["day"])
            # 29 February is valid in a leap year; 2000 stands in for "some leap year".
            if _safe_date(2000, month, day) is None or _overlaps(taken, m.start(), m.end()):
                continue
            add(DateRef(m.start(), m.end(), m.group(0), "md", None, month, day))
    for m in _BARE_YEAR.finditer(text):
        if not _overlaps(taken, m.start(), m.end()):
            add(DateRef(m.start(), m.end(), m.group(0), "y", int(m["year"])))
    for m in _WEEKDAY_RE.finditer(text):
        if not _overlaps(taken, m.start(), m.end()):
            wd = _WEEKDAYS.index(m["wd"].lower())
            add(DateRef(m.start(), m.end(), m.group(0), "weekday", weekday=wd))
    for m in _RELATIVE_RE.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        word = m["rel"].lower()
        offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}.get(word)
        add(DateRef(m.start(), m.end(), m.group(0), "relative", offset=offset))
    refs.sort(key=lambda r: r.start)
    return refs


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m2 = _SENTENCE_END.search(text, end)
    return left, (m2.start() + 1 if m2 else len(text))


def _tense_from_text(text: str, ref: DateRef) -> str:
    """Guess tense from cue words of the sentence, nearest the expression first."""
    if ref.kind == "relative" and ref.offset is not None:
        return "past" if ref.offset < 0 else "future" if ref.offset > 0 else "unknown"
    low = ref.text.lower()
    if low.startswith(("last", "past")):
        return "past"
    if low.startswith(("next", "coming")):
        return "future"
    left, right = _sentence_bounds(text, ref.start, ref.end)
    # Clause before the expression, closest cue wins; a comma-free window keeps it local.
    before = text[max(left, ref.start - 120) : ref.start]
    after = text[ref.end : min(right, ref.end + 60)]
    best: tuple[int, str] | None = None
    for cue, tense in ((_FUTURE_CUE, "future"), (_PAST_CUE, "past")):
        for m in cue.finditer(before):
            distance = len(before) - m.end()
            if best is None or distance < best[0]:
                best = (distance, tense)
        m_after = cue.search(after)
        if m_after is not None:
            distance = m_after.start() + 20  # cues after the date count, a little less
            if best is None or distance < best[0]:
                best = (distance, tense)
    return best[1] if best is not None else "unknown"


_FUTURE_LEMMAS = frozenset({"schedule", "slate", "plan", "set", "expect", "due", "intend"})


def _tense_from_doc(doc: Doc, ref: DateRef) -> str | None:
    """Tense of the verb governing the expression, from the parse; None if not found."""
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok: Token = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxes}
    if words & {"will", "'ll", "shall", "wo", "ca"} and "have" not in words:
        return "future"
    if tok.lemma_ in _FUTURE_LEMMAS and tok.tag_ in ("VBN", "VBZ", "VBP"):
        return "future"
    if any(c.lower_ == "to" and c.dep_ == "aux" for c in auxes) and tok.head is not tok:
        governor = tok.head
        if governor.lemma_ in _FUTURE_LEMMAS or governor.lower_ in ("is", "are"):
            return "future"
        return "unknown"
    if tok.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes):
        return "past"
    if tok.tag_ == "VBN" and words & {"has", "have", "had"}:
        return "past"
    if words & {"would", "could", "might", "may"}:
        return "unknown"
    return None


def _with_tense(text: str, refs: Iterable[DateRef], doc: Doc | None) -> list[DateRef]:
    out = []
    for ref in refs:
        tense = None
        if doc is not None and ref.kind != "relative" and len(doc.text) == len(text):
            tense = _tense_from_doc(doc, ref)
        if tense is None:
            tense = _tense_from_text(text, ref)
        out.append(replace(ref, tense=tense))
    return out


def _two_digit_year(value: int) -> int:
    return value + (2000 if value < 50 else 1900)


@dataclass(frozen=True)
class _Dateline:
    date: dt.date | None
    month_day: tuple[int, int] | None


def _find_dateline(text: str) -> _Dateline | None:
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
                return _Dateline(_safe_date(ref.year or 0, ref.month or 0, ref.day or 0), None)
            if m is not None:
                date = _safe_date(_two_digit_year(int(m["y"])), int(m["m"]), int(m["d"]))
                if date is not None:
                    return _Dateline(date, None)
        for ref in refs:
            if ref.kind == "ymd":
                rest = stripped[: ref.start] + stripped[ref.end :]
                if _DATE_ONLY_REST.match(rest) and len(stripped) < 80:
                    return _Dateline(_safe_date(ref.year or 0, ref.month or 0, ref.day or 0), None)
        wire = _WIRE_DATELINE.match(stripped)
        if wire is not None and index <= 3:
            inner = find_date_refs(wire["date"])
            if inner and inner[0].kind == "ymd":
                ref = inner[0]
                return _Dateline(_safe_date(ref.year or 0, ref.month or 0, ref.day or 0), None)
            if inner and inner[0].kind == "md":
                return _Dateline(None, (inner[0].month or 1, inner[0].day or 1))
    return None


def _resolve_md(month: int, day: int, around: dt.date, tense: str) -> dt.date | None:
    """The year-less date nearest `around`, on the side its tense puts it."""
    candidates = [
        d
        for y in (around.year - 1, around.year, around.year + 1)
        if (d := _safe_date(y, month, day)) is not None
    ]
    if not candidates:
        return None
    if tense == "past":
        before = [d for d in candidates if d <= around + dt.timedelta(days=7)]
        if before:
            return max(before)
    if tense == "future":
        after = [d for d in candidates if d >= around - dt.timedelta(days=7)]
        if after:
            return min(after)
    return min(candidates, key=lambda d: abs((d - around).days))


# How a weekday named in a past (or future) clause sits relative to the DCT: news names the
# weekday of the past six days, most often the publication day itself or the day before.
_PAST_WEEKDAY_GAP = (0.55, 0.25, 0.07, 0.05, 0.04, 0.02, 0.02)
_FUTURE_WEEKDAY_GAP = (0.0, 0.4, 0.2, 0.12, 0.1, 0.1, 0.08)


def _weekday_scores(refs: Sequence[DateRef]) -> list[float]:
    """Score for each weekday (0 = Monday) of being the publication day."""
    scores = [0.0] * 7
    for ref in refs:
        if ref.kind != "weekday" or ref.weekday is None:
            continue
        gaps = _FUTURE_WEEKDAY_GAP if ref.tense == "future" else _PAST_WEEKDAY_GAP
        for gap, p in enumerate(gaps):
            # future: DCT is `gap` days before the named day; past: `gap` days after it
            dct_wd = (ref.weekday - gap) % 7 if ref.tense == "future" else (ref.weekday + gap) % 7
            scores[dct_wd] += p
    return scores


def _snap_to_weekday(date: dt.date, weekday: int, low: dt.date, high: dt.date) -> dt.date:
    """The date with `weekday` nearest `date` (ties forward) inside [low, high], else `date`."""
    for delta in (0, 1, -1, 2, -2, 3, -3):
        cand = date + dt.timedelta(days=delta)
        if cand.weekday() == weekday and low <= cand <= high:
            return cand
    return date


def _year_start(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


# Tuned on the TBAQ tune split (storyline/eval/dct.py). News style (AP and most wires) writes
# the year only for dates outside the current year, so year-less "Oct. 23" places the date
# within its year and an explicit past year is usually an earlier one.
_GAP_AFTER_MONTH_DAY = 10
"""Days from the latest year-less past date to publication (AP dates what is a week+ old)."""
_GAP_BEFORE_MONTH_DAY = 7
_WINDOW_MONTH_DAY = (-3, 60)
"""Interval around the point when year-less dates place it in the year."""
_YEARS_AFTER_LATEST_PAST_YEAR = 1
_YEAR_SLACK = 1
"""Years beyond the estimated year the interval still reaches when only years are known."""
_PAIR_WINDOW = 7

_PAIR_RE = re.compile(
    rf"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+"
    rf"(?:(?P<mon>{_MONTH})\s+(?P<day>{_DAY})|(?P<day2>{_DAY})\s+(?P<mon2>{_MONTH}))\b(?!,?\s*\d)"
)


def infer_dct(
    text: str,
    *,
    stated: dt.date | None = None,
    doc: Doc | None = None,
) -> DctGuess | None:
    """Infer the publication date of `text`; None when nothing in the text bounds it."""
    if stated is not None:
        return DctGuess(stated, stated, stated, 1.0, "dateline")
    dateline = _find_dateline(text)
    if dateline is not None and dateline.date is not None:
        d = dateline.date
        return DctGuess(d, d, d, 0.95, "dateline")
    refs = _with_tense(text, find_date_refs(text), doc)
    return _from_refs(text, refs, dateline.month_day if dateline else None)


def _day_of_year(month: int, day: int) -> int:
    return (dt.date(2001 if (month, day) != (2, 29) else 2000, month, day)).timetuple().tm_yday


def _latest_circular(points: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The latest (month, day) of a set seen as one stretch of the year, wrapping at New Year.

    The stretch is the complement of the widest gap between consecutive days of the year, so
    "Dec. 28" and "Jan. 3" give "Jan. 3".
    """
    ordered = sorted(set(points), key=lambda p: _day_of_year(*p))
    if len(ordered) == 1:
        return ordered[0]
    days = [_day_of_year(*p) for p in ordered]
    gaps = [(days[(i + 1) % len(days)] - days[i]) % 365 for i in range(len(days))]
    return ordered[max(range(len(gaps)), key=lambda i: gaps[i])]


def _pair_dates(text: str, floor_year: int | None) -> list[dt.date]:
    """Dates of "Monday, Oct. 26" pairs: the weekday fixes the year, first one >= floor_year."""
    out = []
    for m in _PAIR_RE.finditer(text):
        month = _month(m["mon"] or m["mon2"])
        day = _day(m["day"] or m["day2"])
        weekday = _WEEKDAYS.index(m["wd"].lower())
        if floor_year is None:
            continue  # the weekday repeats every few years: alone it does not fix a year
        for year in range(floor_year, floor_year + 12):
            d = _safe_date(year, month, day)
            if d is not None and d.weekday() == weekday:
                out.append(d)
                break
    return out


def _from_refs(
    text: str, refs: Sequence[DateRef], dateline_md: tuple[int, int] | None
) -> DctGuess | None:
    past_dates: list[tuple[dt.date, str]] = []  # (first day it covers, granularity)
    future_dates: list[dt.date] = []  # last day it covers
    past_years: list[int] = []
    for ref in refs:
        future = ref.tense == "future"
        if ref.kind == "ymd" and ref.year and ref.month and ref.day:
            d = dt.date(ref.year, ref.month, ref.day)
            (future_dates.append(d) if future else past_dates.append((d, "day")))
        elif ref.kind == "ym" and ref.year and ref.month:
            if future:
                future_dates.append(_month_end(ref.year, ref.month))
            else:
                past_dates.append((dt.date(ref.year, ref.month, 1), "month"))
        elif ref.kind == "y" and ref.year:
            (future_dates.append(_year_end(ref.year)) if future else past_years.append(ref.year))
    past_years.extend(d.year for d, _ in past_dates)
    floor: dt.date | None = None
    if past_dates:
        floor = max(d for d, _ in past_dates)
    if past_years and (floor is None or max(past_years) > floor.year):
        floor = _year_start(max(past_years))
    ceilings = [d for d in future_dates if floor is None or d >= floor]
    ceiling = min(ceilings) if ceilings else None
    if floor is None and ceiling is None:
        return None  # only weekdays and year-less dates: the year is open

    md_past = [(r.month, r.day) for r in refs if r.kind == "md" and r.tense != "future"]
    md_future = [(r.month, r.day) for r in refs if r.kind == "md" and r.tense == "future"]
    md_point: tuple[int, int] | None = None
    md_shift = 0
    if dateline_md is not None:
        md_point = dateline_md
    elif md_past:
        md_point = _latest_circular([(m or 1, d or 1) for m, d in md_past])
        md_shift = _GAP_AFTER_MONTH_DAY
    elif md_future:
        md_point = _latest_circular([(m or 1, d or 1) for m, d in md_future])
        md_shift = -_GAP_BEFORE_MONTH_DAY

    # The year: after the latest explicit past year, unless a full date of that year sits
    # shortly before the year-less dates (then it is the same year, written out in full).
    if floor is not None:
        year = floor.year + _YEARS_AFTER_LATEST_PAST_YEAR
        if md_point is not None and past_dates:
            latest_full = max(d for d, _ in past_dates)
            same_year = _safe_date(latest_full.year, *md_point)
            if same_year is not None and 0 <= (same_year - latest_full).days <= 120:
                year = latest_full.year
        if ceiling is not None and year > ceiling.year:
            year = ceiling.year
    else:
        assert ceiling is not None
        year = ceiling.year
    if dateline_md is not None:
        # A wire dateline names the day itself: the first such day after the latest explicit
        # past date (then it is the year of that date), else in the estimated year.
        start = floor if floor is not None and floor.month * 100 + floor.day > 101 else None
        day = None
        if start is not None:
            day = next(
                (
                    cand
                    for y in (start.year, start.year + 1)
                    if (cand := _safe_date(y, *dateline_md)) is not None and cand >= start
                ),
                None,
            )
        day = day or _safe_date(year, *dateline_md)
        if day is not None and (ceiling is None or day <= ceiling):
            return DctGuess(day, day, day, 0.6, "dateline")
    confidence = 0.05
    point: dt.date
    if md_point is not None:
        point = (_safe_date(year, *md_point) or dt.date(year, 2, 28)) + dt.timedelta(days=md_shift)
        earliest = point + dt.timedelta(days=_WINDOW_MONTH_DAY[0] - md_shift)
        latest = point + dt.timedelta(days=_WINDOW_MONTH_DAY[1])
        confidence = 0.1
    else:
        point = dt.date(year, 7, 1)
        # Only years: the interval runs from the latest explicit past date (or year).
        earliest = floor if floor is not None else _year_start(year)
        latest = _year_end(year + _YEAR_SLACK)
    pairs = _pair_dates(text, floor.year if floor is not None else None)
    if pairs:
        anchor = max(pairs)
        point = anchor
        earliest = anchor - dt.timedelta(days=_PAIR_WINDOW)
        latest = anchor + dt.timedelta(days=_PAIR_WINDOW)
        confidence = 0.3
    if floor is not None:
        earliest = max(earliest, floor)
    if ceiling is not None:
        latest = min(latest, ceiling)
    if latest < earliest:  # contradicting evidence: keep the explicit bounds
        earliest, latest = (floor or latest), (ceiling or earliest)
        earliest, latest = min(earliest, latest), max(earliest, latest)
    point = min(max(point, earliest), latest)

    scores = _weekday_scores(refs)
    if max(scores) > 0:
        weekday = scores.index(max(scores))
        latest_day = max((d for d, g in past_dates if g == "day"), default=None)
        if md_point is None and not pairs and latest_day is not None and latest_day == floor:
            # Weekdays name the days of the week before publication, so the latest dated
            # past event is followed closely: the first such weekday on or after it.
            point = next(
                latest_day + dt.timedelta(days=k)
                for k in range(7)
                if (latest_day + dt.timedelta(days=k)).weekday() == weekday
            )
            point = min(point, latest)
        else:
            point = _snap_to_weekday(point, weekday, earliest, latest)
        confidence += 0.1 * max(scores) / sum(scores)
    width = (latest - earliest).days
    confidence = min(confidence, 3.0 / (3 + width))
    return DctGuess(point, earliest, latest, round(confidence, 3), "references")


# --- story level -------------------------------------------------------------------------


_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]{2,}")


def _event_words(text: str, start: int, end: int, width: int = 5) -> frozenset[str]:
    """Content words next to a date expression, inside its sentence: a cheap event key."""
    left, right = _sentence_bounds(text, start, end)
    before = _WORD.findall(text[left:start])[-width:]
    after = _WORD.findall(text[end:right])[:width]
    words = {w.lower().removesuffix("'s") for w in before + after}
    return frozenset(w for w in words if w not in _STOPWORDS and len(w) > 3)


@dataclass(frozen=True)
class _DatedEvent:
    date: dt.date
    words: frozenset[str]


def _dated_events(text: str, dct: dt.date) -> list[_DatedEvent]:
    """Events of a dated text that its date expressions place on a known day."""
    events = []
    for ref in _with_tense(text, find_date_refs(text), None):
        date: dt.date | None = None
        if ref.kind == "ymd" and ref.year and ref.month and ref.day:
            date = dt.date(ref.year, ref.month, ref.day)
        elif ref.kind == "md" and ref.month and ref.day:
            date = _resolve_md(ref.month, ref.day, dct, ref.tense)
        elif ref.kind == "relative" and ref.offset is not None:
            date = dct + dt.timedelta(days=ref.offset)
        elif ref.kind == "weekday" and ref.weekday is not None:
            back = (dct.weekday() - ref.weekday) % 7
            date = dct + dt.timedelta(days=(7 - back) % 7 if ref.tense == "future" else -back)
        words = _event_words(text, ref.start, ref.end)
        if date is not None and words:
            events.append(_DatedEvent(date, words))
    return events


def _bounds_from_event(ref: DateRef, event_date: dt.date) -> tuple[dt.date, dt.date] | None:
    """The DCT interval implied by `ref` in an undated text naming an event on `event_date`."""
    if ref.kind == "relative" and ref.offset is not None:
        d = event_date - dt.timedelta(days=ref.offset)
        return d, d
    if ref.kind == "weekday" and ref.weekday is not None:
        if event_date.weekday() != ref.weekday:
            return None
        if ref.tense == "future":
            return event_date - dt.timedelta(days=6), event_date
        return event_date, event_date + dt.timedelta(days=6)
    return None


def infer_story_dcts(
    texts: Mapping[str, str],
    known: Mapping[str, dt.date | DctGuess | None],
) -> dict[str, DctGuess]:
    """Infer every document's date, letting events dated in some documents bound the others.

    `texts` maps a document id to its text; `known` maps ids to a stated date or an earlier
    guess (missing or None: nothing known). A document with a stated date keeps it. For an
    undated one, each relative mention ("yesterday's summit", "the summit on Tuesday") that
    shares an event word with an expression a dated document resolves ("the summit on
    Jan. 22") bounds its date; the bounds are intersected with its own `infer_dct` guess.
    """
    guesses: dict[str, DctGuess] = {}
    for doc_id, text in texts.items():
        value = known.get(doc_id)
        if isinstance(value, dt.date):
            guesses[doc_id] = DctGuess(value, value, value, 1.0, "dateline")
        elif isinstance(value, DctGuess):
            guesses[doc_id] = value
        else:
            own = infer_dct(text)
            if own is not None:
                guesses[doc_id] = own
    # Only documents whose date is fixed to the day can date events for the others.
    anchors = {doc_id: g.date for doc_id, g in guesses.items() if g.earliest == g.latest == g.date}
    events = [ev for doc_id, day in anchors.items() for ev in _dated_events(texts[doc_id], day)]
    for doc_id, text in texts.items():
        if doc_id in anchors:
            continue
        merged = _story_bounds(text, events, guesses.get(doc_id))
        if merged is not None:
            guesses[doc_id] = merged
    return guesses


def _story_bounds(
    text: str, events: Sequence[_DatedEvent], own: DctGuess | None
) -> DctGuess | None:
    """Intersect `own` with the bounds that matching dated events give; None if nothing."""
    votes: list[tuple[dt.date, dt.date, int]] = []
    for ref in _with_tense(text, find_date_refs(text), None):
        if ref.kind not in ("relative", "weekday"):
            continue
        words = _event_words(text, ref.start, ref.end)
        if not words:
            continue
        for ev in events:
            shared = len(words & ev.words)
            bounds = _bounds_from_event(ref, ev.date) if shared else None
            if bounds is not None:
                votes.append((bounds[0], bounds[1], shared))
    if not votes:
        return own
    # Keep the bounds most evidence agrees with: highest total overlap per interval.
    tally: Counter[tuple[dt.date, dt.date]] = Counter()
    for low, high, shared in votes:
        tally[(low, high)] += shared
    low, high = tally.most_common(1)[0][0]
    if own is not None:
        new_low, new_high = max(low, own.earliest), min(high, own.latest)
        if new_low <= new_high:
            low, high = new_low, new_high
    point = low if own is None else min(max(own.date, low), high)
    confidence = 0.8 if low == high else max(0.2, 1.0 / (1 + (high - low).days))
    return DctGuess(point, low, high, confidence, "story")
