"""Infer the publication date (DCT) of an article that does not state one.

Reads the article text (and its spaCy doc when given, for tense); returns a `DctGuess`:
a point estimate, an interval meant to contain the true date, a confidence and the kind
of evidence used. Evidence, strongest first: a date line or dateline in the text; then
explicit dated references (past ones bound the date from below, future ones from above,
year-less month/day references fix the year, weekday references pick the day). With
several documents of one story, `infer_story_dcts` lets an event dated in one article
bound the date of another that names the same event relatively ("yesterday's summit").

The clues come from the temporal tagger (`timex.tag`) run with no DCT, so only what
the text fixes by itself counts; a caller that already holds those expressions passes
them in (`timexes=`) and the text is not tagged again. The pipeline does so, and reuses
them as the timex stage's result when no date is found. A small recogniser of explicit
dates (`find_date_refs`) reads the dateline and the words inside each expression.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from storyline.models import DctGuess, Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

STAGE_NAME = "storyline.dct.v2"

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
    r"\b(?:will|'ll|shall|wo n't|won't|would|is to|are to|going to|scheduled|slated|due|plans?|"
    r"planned|planning|expected to|expects to|upcoming|coming|next|set to|set for|ahead of|"
    r"until|deadline|expects?|forecasts?|projects?|projected|estimates?|predict\w*|projections?|"
    r"anticipat\w*|outlook|payable|of record|to be|(?-i:may|might|could))\b",
    re.IGNORECASE,
)
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|said|ago|last|earlier|began|met|held|took|came|went|won|lost|"
    r"fell|rose|made|told|announced|(?<!be )[a-z]{3,}ed)\b",
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
    """(left, right) of the sentence holding `text[start:end]`, from the text's sentence ends.

    The ends are found once per text (cached), so a call costs a binary search, not a
    scan from the start of the text: a long document with many dates stays linear.
    """
    ends = _sentence_ends(text)
    # Left: the last sentence end finishing before `start`. A punctuation end is followed
    # by the capital it looks ahead to, so one finishing exactly at `start` does not count
    # (the expression itself is that capital); a blank line does.
    i = bisect.bisect_right(ends.ends, start) - 1
    left = ends.ends[i] if i >= 0 else 0
    if i >= 0 and ends.ends[i] == start and not ends.blank[i]:
        # Without that capital the scan goes on inside the punctuation's whitespace,
        # where a blank line may still end a sentence ("?\n\nA").
        left = ends.ends[i - 1] if i > 0 else 0
        for m in _SENTENCE_END.finditer(text, ends.starts[i] + 1, start):
            left = m.end()
    # Right: the first sentence end starting at or after `end`; one that began before
    # `end` and runs past it is searched again from `end` (bounded by the next end).
    j = bisect.bisect_left(ends.starts, end)
    k = j - 1
    if k >= 0 and ends.ends[k] > end:
        limit = ends.ends[j] + 1 if j < len(ends.starts) else ends.ends[k] + 1
        m2 = _SENTENCE_END.search(text, end, min(limit, len(text)))
        if m2:
            return left, m2.start() + 1
    if j < len(ends.starts):
        return left, ends.starts[j] + 1
    return left, len(text)


@dataclass(frozen=True)
class _Ends:
    starts: list[int]
    ends: list[int]
    blank: list[bool]


@functools.lru_cache(maxsize=8)
def _sentence_ends(text: str) -> _Ends:
    # Keyed by the text itself: a str caches its hash, so a hit costs no rescan.
    matches = list(_SENTENCE_END.finditer(text))
    return _Ends(
        [m.start() for m in matches], [m.end() for m in matches], [m.group(0)[0] == "\n" for m in matches]
    )


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
    if _is_deadline(text, ref):
        return "future"
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
            # Cues after the date count less: they often belong to the next clause.
            distance = m_after.start() + 60
            if best is None or distance < best[0]:
                best = (distance, tense)
    return best[1] if best is not None else "unknown"


_FUTURE_LEMMAS = frozenset({"schedule", "slate", "plan", "set", "expect", "due", "intend"})
_FORECAST_LEMMAS = frozenset({"predict", "forecast", "project", "estimate", "anticipate", "expect"})
_DEADLINE = re.compile(r"\b(?:by|until|till|before)\s+(?:the\s+end\s+of\s+)?$")


def _is_deadline(text: str, ref: DateRef) -> bool:
    """Whether the expression is a deadline ("by Friday", "until March 3"): still to come."""
    return _DEADLINE.search(text[max(0, ref.start - 30) : ref.start]) is not None


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
    if words & {"will", "'ll", "shall", "wo", "ca", "would", "'d"} and "have" not in words:
        # "would" is the future of reported speech: "said it would sign on Friday".
        return "future"
    first = span.root.head
    if tok.lemma_ in _FORECAST_LEMMAS and first is not tok and first.pos_ in ("NOUN", "PROPN"):
        return "future"  # what a forecast is about: "predicting 1990 earnings"
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
    if words & {"could", "might", "may"}:
        return "unknown"
    return None


def _with_tense(text: str, refs: Iterable[DateRef], doc: Doc | None) -> list[DateRef]:
    out = []
    # `doc.text` is rebuilt from the tokens on every access: checked once, not per date.
    parsed = doc is not None and len(doc.text) == len(text)
    for ref in refs:
        tense = None
        if doc is not None and parsed and ref.kind != "relative":
            tense = "future" if _is_deadline(text, ref) else _tense_from_doc(doc, ref)
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


# --- clues -------------------------------------------------------------------------------
#
# Every date expression the temporal tagger finds becomes a clue: a `DateRef` with what it
# fixes (an absolute day, month or year; a year-less day or month; a weekday) and its tense.
# A clue is scored against a candidate publication day by how often news places such an
# expression at that distance from its date: the tables below were measured on the TBAQ
# tune split (true DCTs, `storyline eval dct --split tune`) and smoothed.

_MONTH_WORD = re.compile(
    r"\b(?P<rel>last|next|this|past|coming|previous)?\s*(?P<mon>January|February|March|April|May"
    r"|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug"
    r"|Sept|Sep|Oct|Nov|Dec)\b"
)
_WEEKDAY_WORD = re.compile(
    r"\b(?:(?P<rel>last|next|this|past|coming)\s+)?"
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    re.IGNORECASE,
)
_DAY_VALUE = re.compile(r"(\d{4})-(\d\d)-(\d\d)$")
_MONTH_VALUE = re.compile(r"(\d{4})-(\d\d)$")
_YEAR_VALUE = re.compile(r"(\d{4})$")
# A part of a year: a quarter, a half, a season, a week ("1988-Q3", "1997-H1", "1996-SU").
_PART_VALUE = re.compile(r"(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI|W\d\d)")
_PART_MONTH = {
    "Q1": 2, "Q2": 5, "Q3": 8, "Q4": 11, "H1": 4, "H2": 10, "SP": 4, "SU": 7, "FA": 10, "WI": 1,
}  # fmt: skip
# A relative year beside an explicit one names the DCT's year: "last year's 1996 election",
# "this year's 1998 budget", "next year's 2000 Olympics"; the offset is from the DCT's year.
_YEAR_WORD = r"(?P<rel>last|this|next)\s+year(?:['’]s)?"
_PIN_BEFORE = re.compile(rf"\b{_YEAR_WORD}\s+(?:the\s+)?$", re.IGNORECASE)
_PIN_AFTER = re.compile(rf"^\s*(?:,|\()\s*(?:i\.e\.\s*)?{_YEAR_WORD}\b", re.IGNORECASE)
_PIN_OFFSET = {"last": -1, "this": 0, "next": 1}


def _ref_from_timex(text: str, start: int, end: int, value: str | None) -> list[DateRef]:
    """The clues one tagged expression gives: its absolute value, else what its words say."""
    span = text[start:end]
    if value:
        if m := _DAY_VALUE.match(value):
            y, mo, d = (int(g) for g in m.groups())
            return [DateRef(start, end, span, "ymd", y, mo, d)] if _safe_date(y, mo, d) else []
        if m := _MONTH_VALUE.match(value):
            return [DateRef(start, end, span, "ym", int(m[1]), int(m[2]))]
        if (m := _YEAR_VALUE.match(value)) and m[1] in span:
            pin = _PIN_BEFORE.search(text, max(0, start - 20), start) or _PIN_AFTER.match(
                text[end : end + 20]
            )
            if pin is not None:
                offset = _PIN_OFFSET[pin["rel"].lower()]
                tense = "past" if offset < 0 else "future" if offset > 0 else "unknown"
                return [DateRef(start, end, span, "y", int(m[1]), offset=offset, tense=tense)]
            return [DateRef(start, end, span, "y", int(m[1]))]
        if (m := _PART_VALUE.match(value)) and m[1] in span:
            month = _PART_MONTH.get(m[2])
            if month is None:  # a week: its Thursday fixes the month
                try:
                    month = dt.date.fromisocalendar(int(m[1]), int(m[2][1:]), 4).month
                except ValueError:
                    return []
            return [DateRef(start, end, span, "ym", int(m[1]), month)]
        return []
    inner = find_date_refs(span)
    md = next((r for r in inner if r.kind == "md"), None)
    wd = next((r for r in inner if r.kind == "weekday"), None)
    if md is not None:
        # "Monday, Oct. 26": the weekday pins the year the day falls in.
        weekday = wd.weekday if wd is not None else None
        return [DateRef(start, end, span, "md", None, md.month, md.day, weekday)]
    if (m := _WEEKDAY_WORD.search(span)) is not None:
        rel = (m["rel"] or "").lower()
        tense = "past" if rel in ("last", "past") else "future" if rel in ("next", "coming") else ""
        weekday = _WEEKDAYS.index(m["wd"].lower())
        ref = DateRef(start, end, span, "weekday", weekday=weekday, tense=tense or "unknown")
        return [ref]
    if (m := _MONTH_WORD.search(span)) is not None and m["mon"][0].isupper():
        rel = (m["rel"] or "").lower()
        before = text[max(0, start - 12) : start].lower()
        if m["mon"] in ("May", "March") and not rel and not re.search(r"\b(?:in|since|until|by|of|early|late|mid|from|through)\s*$", before):
            return []  # a modal or a verb, not a month
        tense = "past" if rel in ("last", "past", "previous") else "future" if rel in ("next", "coming") else ""
        return [DateRef(start, end, span, "m", month=_month(m["mon"]), tense=tense or "unknown")]
    return []


def _clues(text: str, doc: Doc | None, timexes: Sequence[Timex] | None = None) -> list[DateRef]:
    """The date clues of `text`: the tagger's DATE expressions (tagged with no DCT), with their tense."""
    if timexes is None:
        from storyline.stages import timex

        timexes = timex.tag(text, None, doc)
    refs: list[DateRef] = []
    fixed: list[DateRef] = []
    for t in timexes:
        if t.type != "DATE":
            continue
        for ref in _ref_from_timex(text, t.start, t.end, t.value):
            (fixed if ref.tense != "unknown" else refs).append(ref)
    return sorted(fixed + _with_tense(text, refs, doc), key=lambda r: r.start)


# --- likelihood tables -------------------------------------------------------------------


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
# Days from a named weekday to the DCT (past clause) or from the DCT to it (future clause).
_WEEKDAY_GAP: dict[str, tuple[float, ...]] = {
    "past": (0.43, 0.2, 0.11, 0.15, 0.05, 0.03, 0.03),
    "future": (0.2, 0.2, 0.12, 0.15, 0.08, 0.08, 0.15),
}
_TEMPER = 0.6
"""Exponent on each clue's likelihood: clues of one text are far from independent."""
_INTERVAL_MASS = 0.9
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


def _tense_key(tense: str) -> str:
    return tense if tense in ("past", "future") else "unknown"


def _md_occurrences(month: int, day: int, around: dt.date) -> list[dt.date]:
    return [
        d for y in (around.year - 1, around.year, around.year + 1) if (d := _safe_date(y, month, day))
    ]


def _cyclic(table: Sequence[float], position: float) -> float:
    """`table` (one value per month, cyclic) linearly interpolated at `position`."""
    low = math.floor(position)
    frac = position - low
    return (1 - frac) * table[low % 12] + frac * table[(low + 1) % 12]


def _clue_likelihood(ref: DateRef, d: dt.date) -> float:
    """How likely the text is to hold `ref` if it was published on day `d`."""
    tense = _tense_key(ref.tense)
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


# --- candidate scoring -------------------------------------------------------------------


@dataclass(frozen=True)
class _StoryEvidence:
    """What the dated documents of a story say about an undated one."""

    span: tuple[dt.date, dt.date]
    """The earliest and latest date of the story's dated documents."""
    matches: tuple[tuple[DateRef, dt.date, float], ...] = ()
    """Relative expressions of the text matched to an event dated elsewhere, with strength."""


_STORY_MARGIN = 30
"""Days outside the story's span an undated document may still fall."""
_STORY_DECAY = 14.0
"""Days over which the prior falls by a factor e outside the span."""
_BOUNDING = frozenset({"ymd", "ym", "y"})


def _year_refs(refs: Sequence[DateRef]) -> list[tuple[int, str, bool]]:
    """The explicit years a text names, with tense and whether a month or day came with it."""
    return [
        (r.year, _tense_key(r.tense), r.kind != "y")
        for r in refs
        if r.kind in _BOUNDING and r.year and r.offset is None
    ]


def _year_pins(refs: Sequence[DateRef]) -> list[int]:
    """The DCT years that explicit years beside "last/this/next year" name."""
    return [r.year - r.offset for r in refs if r.kind == "y" and r.year and r.offset is not None]


_PIN_MISS = 0.01
"""Odds that the DCT is in the year next to the one a pin names (a misread phrase); they
halve with every further year."""


def _year_range(
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


def _year_log(
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


def _year_days(year: int) -> list[dt.date]:
    start = dt.date(year, 1, 1)
    return [start + dt.timedelta(days=k) for k in range(366 if calendar.isleap(year) else 365)]


def _resolve_relative(ref: DateRef, d: dt.date) -> dt.date | None:
    """The day a relative expression names if the text was published on `d`."""
    if ref.kind == "relative" and ref.offset is not None:
        return d + dt.timedelta(days=ref.offset)
    if ref.kind == "weekday" and ref.weekday is not None:
        if ref.tense == "future":
            return d + dt.timedelta(days=(ref.weekday - d.weekday()) % 7)
        return d - dt.timedelta(days=(d.weekday() - ref.weekday) % 7)
    return None


_NEAR_YEARS = 3
"""A month scores days beyond this many years from it alike (the table's tails); a full
date, beyond a year."""


@dataclass(frozen=True)
class _Block:
    """A run of consecutive candidate days: the log-score of day k is `const + logs[k]`.

    Years the clues cannot tell apart share one `logs` list; `const` holds what differs."""

    start: dt.date
    const: float
    logs: list[float]


_DATELINE_NEXT_DAY = 0.4
"""Odds of a DCT the day after a wire dateline's date, against the same day: the dateline
gives the day where the story was filed, which is often a day behind the agency's own
("WASHINGTON, August 13 (Xinhua) --" published on 14 August, Beijing time)."""
_DATELINE_MISS = 0.002


def _dateline_log(d: dt.date, month_day: tuple[int, int]) -> float:
    if (d.month, d.day) == month_day:
        return 0.0
    before = d - dt.timedelta(days=1)
    if (before.month, before.day) == month_day:
        return math.log(_DATELINE_NEXT_DAY)
    return math.log(_DATELINE_MISS)


def _clue_blocks(
    refs: Sequence[DateRef],
    years: range,
    dateline_md: tuple[int, int] | None,
    year_logs: Mapping[int, float],
) -> list[_Block]:
    """One block per year of `years`, scoring its days against the clues.

    The clues are summed per day; to stay cheap over decades of candidate years, each part is
    reused across years it cannot tell apart: year-less dates by leap year, weekday clues and
    weekday-fixed dates by the calendar, full dates and months by how far the year is from
    them (beyond `_NEAR_YEARS`, all alike).
    """
    # A clue repeated N times (the same date, kind and tense) scores N times once: a text
    # of thousands of dates costs its distinct dates, not its length.
    weekday_refs = _grouped(r for r in refs if r.kind == "weekday")
    plain_md = _grouped(r for r in refs if r.kind in ("md", "m") and r.weekday is None)
    pairs = _grouped(r for r in refs if r.kind == "md" and r.weekday is not None)
    dated = _grouped(r for r in refs if r.kind in ("ymd", "ym") and r.year)
    limits = [_NEAR_YEARS if r.kind == "ym" else 1 for r, _ in dated]
    week = [0.0] * 7
    for ref, n in weekday_refs:
        for wd in range(7):
            week[wd] += n * _TEMPER * math.log(_clue_likelihood(ref, dt.date(2001, 1, 1 + wd)))
    # Keyed by leap year and the weekday of 1 January: neighbouring years' leap days shift a
    # year-less date's gap by a day at most, where the tables are flat.
    static_cache: dict[bool, list[float]] = {}
    profile_cache: dict[tuple[int, bool], list[float]] = {}
    dated_cache: dict[tuple[int, ...], float] = {}
    blocks: list[_Block] = []
    for year in years:
        first = dt.date(year, 1, 1)
        leap = calendar.isleap(year)
        offsets = tuple(
            max(-limit - 1, min(limit + 1, year - (r.year or 0)))
            for (r, _), limit in zip(dated, limits, strict=True)
        )
        near = any(abs(o) <= limit for o, limit in zip(offsets, limits, strict=True))
        key = (first.weekday(), leap)
        profile = profile_cache.get(key)
        if profile is None or near:
            ydays = _year_days(year) if near or pairs or leap not in static_cache else []
            static = static_cache.get(leap)
            if static is None:
                static = static_cache[leap] = [
                    _log_sum(plain_md, d)
                    + (_dateline_log(d, dateline_md) if dateline_md is not None else 0.0)
                    for d in ydays
                ]
            w0 = first.weekday()
            profile = [v + week[(w0 + k) % 7] for k, v in enumerate(static)]
            if pairs or near:
                extra = pairs + dated if near else pairs
                profile = [
                    v + _log_sum(extra, d)
                    for v, d in zip(profile, ydays, strict=True)
                ]
            if not near:
                profile_cache[key] = profile
        const = year_logs[year]
        if not near:
            far = dated_cache.get(offsets)
            if far is None:
                mid = dt.date(year, 7, 1)
                far = dated_cache[offsets] = _log_sum(dated, mid)
            const += far
        blocks.append(_Block(first, const, profile))
    return blocks


_MAX_DISTINCT_CLUES = 200
"""Distinct date clues of one text that are scored (in text order): each costs a pass over
every candidate day, and a text's opening holds its date. News articles have a few dozen;
a 10,000-date report would otherwise take minutes."""


def _first_distinct(refs: list[DateRef], limit: int) -> list[DateRef]:
    """`refs` whose clue (all but the place in the text) is among the first `limit` distinct ones."""
    seen: set[DateRef] = set()
    out = []
    for r in refs:
        key = replace(r, start=0, end=0, text="")
        if key not in seen:
            if len(seen) >= limit:
                continue
            seen.add(key)
        out.append(r)
    return out


def _grouped(refs: Iterable[DateRef]) -> list[tuple[DateRef, int]]:
    """Clues that score alike (all but their place in the text), each once with its count."""
    counts: Counter[DateRef] = Counter(replace(r, start=0, end=0, text="") for r in refs)
    return list(counts.items())


def _log_sum(groups: Sequence[tuple[DateRef, int]], d: dt.date) -> float:
    return sum(n * _TEMPER * math.log(_clue_likelihood(r, d)) for r, n in groups)


_POINT_WINDOW = 3
"""Days either side of the point that count towards choosing it."""


@dataclass(frozen=True)
class _Profile:
    """Sums over one shared `logs` list: its top, mass and week-long window masses."""

    top: float
    mass: float
    weights: list[float]
    windows: list[float]


def _profile(logs: list[float]) -> _Profile:
    top = max(logs)
    weights = [math.exp(v - top) for v in logs]
    w = _POINT_WINDOW
    windows: list[float] = []
    running = sum(weights[: w + 1])
    for i in range(len(weights)):
        windows.append(running)
        if i + w + 1 < len(weights):
            running += weights[i + w + 1]
        if i - w >= 0:
            running -= weights[i - w]
    return _Profile(top, sum(weights), weights, windows)


def _summarise(blocks: Sequence[_Block]) -> tuple[dt.date, dt.date, dt.date, float]:
    """The point, the interval and the point's probability of the posterior over `blocks`.

    The point is the likeliest day of the week-long window that holds the most mass; among
    windows that hold the same (a year the clues cannot tell apart inside), the middle one,
    not the first. The interval leaves out an equal share of the mass on either side: on a
    long tail it reaches far, as it should.
    """
    profiles: dict[int, _Profile] = {}
    for b in blocks:
        if id(b.logs) not in profiles:
            profiles[id(b.logs)] = _profile(b.logs)
    shifts = [b.const + profiles[id(b.logs)].top for b in blocks]
    top = max(shifts)
    masses = [math.exp(v - top) * profiles[id(b.logs)].mass for v, b in zip(shifts, blocks, strict=True)]
    norm = sum(masses)

    def scale(i: int) -> float:
        return math.exp(shifts[i] - top) / norm

    best_block = max(
        range(len(blocks)), key=lambda i: scale(i) * max(profiles[id(blocks[i].logs)].windows)
    )
    prof = profiles[id(blocks[best_block].logs)]
    peak = max(prof.windows)
    tied = [i for i, v in enumerate(prof.windows) if v >= peak * (1 - 1e-9)]
    centre = tied[len(tied) // 2]
    window = range(max(0, centre - _POINT_WINDOW), min(len(prof.weights), centre + _POINT_WINDOW + 1))
    best = max(window, key=lambda i: (prof.weights[i], -abs(i - centre)))
    point = blocks[best_block].start + dt.timedelta(days=best)
    confidence = scale(best_block) * prof.weights[best]

    tail = (1.0 - _INTERVAL_MASS) / 2

    def quantile(share: float) -> dt.date:
        cumulative = 0.0
        for i, b in enumerate(blocks):
            block_mass = masses[i] / norm
            if cumulative + block_mass < share:
                cumulative += block_mass
                continue
            k_scale = scale(i)
            for k, weight in enumerate(profiles[id(b.logs)].weights):
                cumulative += weight * k_scale
                if cumulative >= share:
                    return b.start + dt.timedelta(days=k)
        last = blocks[-1]
        return last.start + dt.timedelta(days=len(last.logs) - 1)

    earliest = min(quantile(tail), point)
    latest = max(quantile(1.0 - tail), point)
    return point, earliest, latest, confidence


def _score(
    refs: Sequence[DateRef],
    story: _StoryEvidence | None,
    dateline_md: tuple[int, int] | None,
) -> DctGuess | None:
    """Score every candidate day against the clues; the best day, its interval, confidence."""
    scored = _first_distinct([r for r in refs if r.kind not in ("relative", "y")], _MAX_DISTINCT_CLUES)
    years = _year_refs(refs)
    pins = _year_pins(refs)
    if story is not None:
        # The story's dates place the text; its own years only weigh the days near them.
        low = story.span[0] - dt.timedelta(days=_STORY_MARGIN)
        high = story.span[1] + dt.timedelta(days=_STORY_MARGIN)
        days = [low + dt.timedelta(days=k) for k in range((high - low).days + 1)]
        logs = []
        year_logs = {y: _year_log(y, years, pins) for y in {d.year for d in days}}
        groups = _grouped(scored)
        matches: Counter[tuple[DateRef, dt.date, float]] = Counter(
            (replace(ref, start=0, end=0, text=""), event, strength) for ref, event, strength in story.matches
        )
        for d in days:
            lo, hi = story.span
            outside = (lo - d).days if d < lo else (d - hi).days if d > hi else 0
            total = year_logs[d.year] - outside / _STORY_DECAY
            for (ref, event, strength), n in matches.items():
                if _resolve_relative(ref, d) == event:
                    total += n * strength
            total += _log_sum(groups, d)
            if dateline_md is not None:
                total += _dateline_log(d, dateline_md)
            logs.append(total)
        blocks = [_Block(low, 0.0, logs)]
    else:
        bounds = _year_range(years, pins)
        if bounds is None:
            return None
        span = range(bounds[0], bounds[1] + 1)
        year_logs = {y: _year_log(y, years, pins) for y in span}
        blocks = _clue_blocks(scored, span, dateline_md, year_logs)
    if not blocks:
        return None
    point, earliest, latest, confidence = _summarise(blocks)
    low, high = _hard_bounds(scored, point)
    for ref, event, _ in story.matches if story is not None else ():
        # A matched event the point agrees with bounds the interval to the days that agree.
        if _resolve_relative(ref, point) == event:
            agree = [d for d in days if _resolve_relative(ref, d) == event]
            low, high = max(low, min(agree)), min(high, max(agree))
    earliest, latest = max(earliest, low), min(latest, high)
    source = "story" if story is not None else "dateline" if dateline_md else "references"
    return DctGuess(point, earliest, latest, round(min(1.0, confidence), 3), source)


def _hard_bounds(refs: Sequence[DateRef], point: dt.date) -> tuple[dt.date, dt.date]:
    """Full dates a text places before (past) or after (future) the point bound its interval."""
    low, high = dt.date.min, dt.date.max
    for ref in refs:
        if ref.kind != "ymd" or not (ref.year and ref.month and ref.day):
            continue
        d = dt.date(ref.year, ref.month, ref.day)
        if ref.tense == "past" and d <= point:
            low = max(low, d)
        elif ref.tense == "future" and d >= point:
            high = min(high, d)
    return low, high


def _bounded(refs: Sequence[DateRef]) -> bool:
    """Whether the clues fix a year: an explicit year, month or date."""
    return any(r.kind in _BOUNDING for r in refs)


def infer_dct(
    text: str,
    *,
    stated: dt.date | None = None,
    doc: Doc | None = None,
    timexes: Sequence[Timex] | None = None,
) -> DctGuess | None:
    """Infer the publication date of `text`; None when nothing in the text bounds it.

    `timexes`, when given, must be `timex.tag(text, None, doc)`: the text is not tagged again.
    """
    if stated is not None:
        return DctGuess(stated, stated, stated, 1.0, "dateline")
    dateline = _find_dateline(text)
    if dateline is not None and dateline.date is not None:
        d = dateline.date
        return DctGuess(d, d, d, 0.95, "dateline")
    if doc is not None and doc.text != text:
        doc = None
    refs = _clues(text, doc, timexes)
    if not _bounded(refs):
        return None
    return _score(refs, None, dateline.month_day if dateline else None)


# --- story level -------------------------------------------------------------------------


_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]{2,}")
_MIN_SHARED = 2
"""Content words two sentences must share to name the same event."""
_MIN_SIMILARITY = 0.25
_MATCH_WEIGHT = 6.0
"""Log-odds an exact event match adds, at similarity 1."""


_SUFFIX = re.compile(r"(?:ing|ed|es|e|s)$")


def _content_words(sentence: str) -> frozenset[str]:
    """Content words of a sentence, crudely stemmed so "collapsed" meets "collapse"."""
    words = {w.lower().removesuffix("'s") for w in _WORD.findall(sentence)}
    return frozenset(
        _SUFFIX.sub("", w) for w in words if w not in _STOPWORDS and len(w) > 3
    )


def _sentence_words(text: str, start: int, end: int) -> frozenset[str]:
    left, right = _sentence_bounds(text, start, end)
    return _content_words(text[left:start] + " " + text[end:right])


@dataclass(frozen=True)
class _DatedEvent:
    date: dt.date
    words: frozenset[str]


def _dated_events(text: str, dct: dt.date, *, explicit_only: bool = False) -> list[_DatedEvent]:
    """Events of a dated text that the tagger places on a known day.

    An event's words are those of its sentence between the neighbouring date expressions,
    so two dates of one sentence ("MOSCOW, Jan. 23 -- The summit on Jan. 22 ended") keep
    apart the events they date. With `explicit_only` (a text whose date is not known, `dct`
    only a day near it), only dates written with their month and day count: relative ones
    ("on Monday") would be placed from the wrong day.
    """
    from storyline.stages import timex

    found = [t for t in timex.tag(text, dct) if t.type in ("DATE", "TIME") and t.value]
    events = []
    for i, t in enumerate(found):
        m = re.match(r"(\d{4})-(\d\d)-(\d\d)", t.value or "")
        date = _safe_date(*(int(g) for g in m.groups())) if m else None
        if date is None:
            continue
        if explicit_only and not any(
            r.kind in ("ymd", "md") for r in find_date_refs(text[t.start : t.end])
        ):
            continue
        left, right = _sentence_bounds(text, t.start, t.end)
        if i > 0:
            left = max(left, found[i - 1].end)
        if i + 1 < len(found):
            right = min(right, found[i + 1].start)
        words = _content_words(text[left : t.start] + " " + text[t.end : right])
        if words:
            events.append(_DatedEvent(date, words))
    return events


def _idf(texts: Iterable[str]) -> dict[str, float]:
    """Inverse sentence frequency of content words across the story."""
    counts: Counter[str] = Counter()
    n = 0
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
            n += 1
            counts.update(_content_words(sentence))
    return {w: math.log((n + 1) / (c + 0.5)) for w, c in counts.items()}


def _similarity(a: frozenset[str], b: frozenset[str], idf: Mapping[str, float]) -> float:
    """Rarity-weighted overlap of two word sets (0..1); 0 below `_MIN_SHARED` shared words."""
    shared = a & b
    if len(shared) < _MIN_SHARED:
        return 0.0
    default = max(idf.values(), default=1.0)
    weight = sum(idf.get(w, default) for w in shared)
    return weight / min(sum(idf.get(w, default) for w in a), sum(idf.get(w, default) for w in b))


def _story_matches(
    text: str,
    refs: Sequence[DateRef],
    events: Sequence[_DatedEvent],
    idf: Mapping[str, float],
) -> list[tuple[DateRef, dt.date, float]]:
    """Relative expressions of `text` whose sentence names an event dated in another text."""
    out = []
    for ref in refs:
        if ref.kind not in ("relative", "weekday") or (ref.kind == "relative" and ref.offset is None):
            continue
        words = _sentence_words(text, ref.start, ref.end)
        best: tuple[float, dt.date] | None = None
        for ev in events:
            sim = _similarity(words, ev.words, idf)
            if ref.kind == "weekday" and ev.date.weekday() != ref.weekday:
                continue
            if sim >= _MIN_SIMILARITY and (best is None or sim > best[0]):
                best = (sim, ev.date)
        if best is not None:
            out.append((ref, best[1], _MATCH_WEIGHT * best[0]))
    return out


def _relative_refs(text: str) -> list[DateRef]:
    return [r for r in _with_tense(text, find_date_refs(text), None) if r.kind == "relative"]


def infer_story_dcts(
    texts: Mapping[str, str],
    known: Mapping[str, dt.date | DctGuess | None],
) -> dict[str, DctGuess]:
    """Infer every document's date, letting the dated documents of a story bound the others.

    `texts` maps a document id to its text; `known` maps ids to a stated date or an earlier
    guess (missing or None: nothing known). A document with a stated date keeps it. An
    undated one is scored on its own clues, on the story's span of dates (a prior) and on
    its relative mentions ("yesterday's summit", "talks collapsed on Monday") of events a
    dated document places on a day, matched by rarity-weighted overlap of their sentences.
    A document with no clue of its own and no matched event gets no guess.
    """
    guesses: dict[str, DctGuess] = {}
    for doc_id in texts:
        value = known.get(doc_id)
        if isinstance(value, dt.date):
            guesses[doc_id] = DctGuess(value, value, value, 1.0, "dateline")
        elif isinstance(value, DctGuess):
            guesses[doc_id] = value
    anchors = {doc_id: g.date for doc_id, g in guesses.items() if g.earliest == g.latest == g.date}
    events_of = {doc_id: _dated_events(texts[doc_id], day) for doc_id, day in anchors.items()}
    idf = _idf(texts.values()) if anchors else {}
    span = (min(anchors.values()), max(anchors.values())) if anchors else None
    if span is not None:
        # An undated text's own explicit dates ("met at the ministry on March 5") date its
        # events too, read in the story's year, for the other texts to match.
        middle = span[0] + (span[1] - span[0]) / 2
        for doc_id, text in texts.items():
            if doc_id not in anchors:
                events_of[doc_id] = _dated_events(text, middle, explicit_only=True)
    for doc_id, text in texts.items():
        if doc_id in guesses:
            continue
        own = infer_dct(text)
        if own is not None and own.source == "dateline" and own.earliest == own.latest:
            guesses[doc_id] = own
            continue
        if span is None:
            if own is not None:
                guesses[doc_id] = own
            continue
        refs = _clues(text, None)
        events = [ev for other, found in events_of.items() if other != doc_id for ev in found]
        matches = _story_matches(text, [*refs, *_relative_refs(text)], events, idf)
        if not matches and not any(r.kind != "relative" for r in refs):
            if own is not None:
                guesses[doc_id] = own
            continue
        dateline = _find_dateline(text)
        guess = _score(refs, _StoryEvidence(span, tuple(matches)), dateline.month_day if dateline else None)
        if guess is not None:
            if own is not None and guess.confidence <= own.confidence:
                # The story adds evidence to the text's own: never report less certainty.
                guess = replace(guess, confidence=min(1.0, own.confidence + 0.01))
            guesses[doc_id] = guess
    return guesses
