"""Event mentions: sentences of one document anchored to a resolved date expression.

Reads the cleaned text, its sentences and its temporal expressions; adds one
`EventMention` per sentence that a calendar date expression dates. The publication
date alone never dates a sentence: only an expression written in the sentence does
("today" and "on Saturday" resolve to the publication day because the text says so).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from storyline.models import EventMention, Sentence, Timex
from storyline.text import dateline_length

STAGE_NAME = "storyline.events.v3"

# A calendar value a timeline can place: year, month, day, week, season, quarter, half.
_CALENDAR = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2})|-(SP|SU|FA|WI)|-Q([1-4])|-H([12]))?$")

# Why these cues: without them a sentence about a future summit dated by a month
# that contains the publication day ("in January") would count as already happened.
_FUTURE_CUES = re.compile(
    r"\b(will|shall|plans?|planned|planning|scheduled|schedule|intends?|intend(?:ed|ing)|"
    r"expected|expects|is to|are to|to be held|upcoming|next|aims? to|hopes? to|would)\b",
    re.IGNORECASE,
)

_GRANULARITY = {"year": 0, "half": 1, "quarter": 2, "season": 2, "month": 3, "week": 4, "day": 5}


def calendar_value(value: str | None) -> str | None:
    """The calendar part of a TimeML value (`2019-01-22T15:00` -> `2019-01-22`), or None."""
    if not value:
        return None
    head = value.split("T", 1)[0]
    return head if _CALENDAR.match(head) else None


def granularity(value: str) -> str:
    """`year`, `half`, `quarter`, `season`, `month`, `week` or `day` of a calendar value."""
    m = _CALENDAR.match(value)
    if not m:
        raise ValueError(f"not a calendar value: {value!r}")
    if m.group(3):
        return "day"
    if m.group(2):
        return "month"
    if m.group(4):
        return "week"
    if m.group(5):
        return "season"
    if m.group(6):
        return "quarter"
    if m.group(7):
        return "half"
    return "year"


def bounds(value: str) -> tuple[dt.date, dt.date]:
    """First and last day covered by a calendar value."""
    m = _CALENDAR.match(value)
    if not m:
        raise ValueError(f"not a calendar value: {value!r}")
    year = int(m.group(1))
    if m.group(3):
        day = dt.date(year, int(m.group(2)), int(m.group(3)))
        return day, day
    if m.group(2):
        month = int(m.group(2))
        first = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    if m.group(4):
        first = dt.date.fromisocalendar(year, int(m.group(4)), 1)
        return first, first + dt.timedelta(days=6)
    if m.group(5):
        # Meteorological seasons of the northern hemisphere; winter runs into next year.
        season = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}[m.group(5)]
        first = dt.date(year, season[0], 1)
        end_year = year + 1 if m.group(5) == "WI" else year
        last_month = season[1]
        nxt = dt.date(end_year + (last_month == 12), last_month % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    if m.group(6):
        q = int(m.group(6))
        first = dt.date(year, 3 * q - 2, 1)
        nxt = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    if m.group(7):
        h = int(m.group(7))
        return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if h == 1 else (
            dt.date(year, 7, 1),
            dt.date(year, 12, 31),
        )
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def sort_key(value: str) -> str:
    """A string that orders calendar values by start, coarser values first on ties."""
    first, _ = bounds(value)
    return f"{first.isoformat()}|{_GRANULARITY[granularity(value)]}"


def is_planned(value: str, sentence: str, dct: dt.date | None) -> bool:
    """Whether the dated happening was still ahead when the document was written."""
    if dct is None:
        return bool(_FUTURE_CUES.search(sentence))
    first, last = bounds(value)
    if first > dct:
        return True
    if last < dct:
        return False
    # The period contains the publication day: the wording decides.
    return bool(_FUTURE_CUES.search(sentence))


def event_mentions(
    document: str,
    sentences: Sequence[Sentence],
    timexes: Sequence[Timex],
    dct: dt.date | None,
) -> list[EventMention]:
    """One event mention per sentence holding a resolved calendar date expression."""
    out: list[EventMention] = []
    ordered = sorted(timexes, key=lambda t: t.start)
    by_start = {t.start: t for t in ordered}
    i = 0
    for sent in sentences:
        while i < len(ordered) and ordered[i].start < sent.start:
            i += 1
        # A dateline ("TOKYO, Jan. 5 (Kyodo) -- ") states where and when the copy was
        # filed, not when the reported thing happened: it neither dates nor opens the line.
        # Only the article's opening can hold one ("CEO Tim Cook: ..." later on is speech).
        cut = dateline_length(sent.text) if sent.start == 0 else 0
        best: tuple[int, Timex, str] | None = None
        j = i
        while j < len(ordered) and ordered[j].start < sent.end:
            t = ordered[j]
            j += 1
            if t.type not in ("DATE", "TIME") or t.end > sent.end or t.start < sent.start + cut:
                continue
            value = calendar_value(t.value)
            if value is None:
                continue
            rank = _GRANULARITY[granularity(value)]
            # The finest expression dates the sentence ("on Jan. 22" over "in January").
            if best is None or rank > best[0]:
                best = (rank, t, value)
        if best is None:
            continue
        _, t, value = best
        anchor = t.anchor
        if anchor and anchor.startswith("timex:"):
            ref = by_start.get(int(anchor.split(":", 1)[1]))
            anchor = f"“{ref.text}” ({ref.value})" if ref is not None else anchor
        out.append(
            EventMention(
                document=document,
                date=value,
                planned=is_planned(value, sent.text[cut:], dct),
                start=sent.start + cut,
                end=sent.end,
                text=sent.text[cut:],
                timex_start=t.start,
                timex_end=t.end,
                timex_text=t.text,
                anchor=anchor,
            )
        )
    return out
