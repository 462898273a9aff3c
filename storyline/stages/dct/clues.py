"""The date clues of a text: what each expression of the temporal tagger fixes, with its tense.

Every date expression the temporal tagger finds becomes a clue: a `DateRef` with what it
fixes (an absolute day, month or year; a year-less day or month; a weekday) and its tense.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from storyline.models import Timex
from storyline.stages.dct.refs import (
    MONTH_NAMES,
    MONTHS,
    WEEKDAY_NAMES,
    WEEKDAYS,
    DateRef,
    find_date_refs,
    month_number,
    safe_date,
)
from storyline.stages.dct.tense import with_tense

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Full names first, then the abbreviations (longest first within a month).
_MONTH_FORMS = (*MONTH_NAMES, *sorted(set(MONTHS) - set(MONTH_NAMES), key=lambda m: (MONTHS[m], -len(m))))
_MONTH_WORD = re.compile(
    r"\b(?P<rel>last|next|this|past|coming|previous)?\s*"
    rf"(?P<mon>{'|'.join(m.title() for m in _MONTH_FORMS)})\b"
)
_WEEKDAY_WORD = re.compile(
    r"\b(?:(?P<rel>last|next|this|past|coming)\s+)?"
    rf"(?P<wd>{'|'.join(w.title() for w in WEEKDAY_NAMES)})\b",
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
            return [DateRef(start, end, span, "ymd", y, mo, d)] if safe_date(y, mo, d) else []
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
        weekday = WEEKDAYS[m["wd"].lower()]
        ref = DateRef(start, end, span, "weekday", weekday=weekday, tense=tense or "unknown")
        return [ref]
    if (m := _MONTH_WORD.search(span)) is not None and m["mon"][0].isupper():
        rel = (m["rel"] or "").lower()
        before = text[max(0, start - 12) : start].lower()
        if m["mon"] in ("May", "March") and not rel and not re.search(r"\b(?:in|since|until|by|of|early|late|mid|from|through)\s*$", before):
            return []  # a modal or a verb, not a month
        tense = "past" if rel in ("last", "past", "previous") else "future" if rel in ("next", "coming") else ""
        return [DateRef(start, end, span, "m", month=month_number(m["mon"]), tense=tense or "unknown")]
    return []


def date_clues(text: str, doc: Doc | None, timexes: Sequence[Timex] | None = None) -> list[DateRef]:
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
    return sorted(fixed + with_tense(text, refs, doc), key=lambda r: r.start)
