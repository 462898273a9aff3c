"""Rules for durations and shifts: "three days", "two years ago", "half an hour"."""

from __future__ import annotations

import re

from storyline.stages.timex.rule import _rule
from storyline.stages.timex.specs import Fixed, Shift, Spec
from storyline.stages.timex.vocab import (
    _NUM_RE,
    _NUM_STARTS,
    _NUM_WORD,
    _UNIT_RE,
    _duration,
    _num,
    _unit,
)


@_rule(
    "first_months",
    rf"\b(?:the\s+)?(first|last|past|final|latest)\s+({_NUM_WORD}|\d{{1,2}})\s+(months|weeks|days|years|quarters)\b",
    7,
    triggers=("the", "first", "last", "past", "final", "latest"),
)
def _first_months(m: re.Match[str]) -> Spec | None:
    return Fixed(type="DURATION", value=_duration(_num(m.group(2)), _unit(m.group(3))))


# ------------------------------------------------------------------ rules: durations and shifts


@_rule(
    "ago",
    rf"\b(?:about\s+|nearly\s+|almost\s+|some\s+|more\s+than\s+|less\s+than\s+|over\s+|just\s+)?({_NUM_RE})[- ]({_UNIT_RE})\s+(ago|earlier|later|(?:before|after)(?=\s*[.,;:!?)]|\s*$)|from\s+now|hence|previously|back)\b",
    9,
    triggers=(("about", "nearly", "almost", "some", "more", "less", "over", "just") + _NUM_STARTS),
)
def _ago(m: re.Match[str]) -> Spec | None:
    n = _num(m.group(1))
    unit = _unit(m.group(2))
    word = " ".join(m.group(3).lower().split())
    sign = -1 if word in ("ago", "earlier", "before", "previously", "back") else 1
    anchored = word in ("earlier", "later", "before", "after")
    if n is None:
        return Fixed(type="DATE", value="PAST_REF" if sign < 0 else "FUTURE_REF")
    return Shift(type="DATE", n=n * sign, unit=unit, anchored=anchored)


@_rule(
    "duration",
    rf"\b(?:(?:the\s+)?(?:past|last|next|first|previous|coming|following)\s+|the\s+(?=\d|{_NUM_WORD}))?(?:(about|nearly|almost|some|more\s+than|less\s+than|over|at\s+least|up\s+to|roughly|around|approximately)\s+)?"
    rf"({_NUM_RE})(?:[- ]and[- ]a[- ]half|\s+1/2|\s?½)?(?:\s+(?:more|additional|straight|consecutive|full|long|trading|business|working))?[- ]({_UNIT_RE})(?:\s+and\s+a\s+half\b)?(?:[- ]long|[- ]old)?\b",
    5,
    triggers=(("the", "past", "last", "next", "first", "previous", "coming", "following", "about", "nearly", "almost", "some", "more", "less", "over", "at", "up", "roughly", "around", "approximately") + _NUM_STARTS),
)
def _dur(m: re.Match[str]) -> Spec | None:
    n = _num(m.group(2))
    unit = _unit(m.group(3))
    if unit == "WE":
        return None
    low = m.group(0).lower()
    if re.search(r"\ba\s+second\b", low) or (
        unit == "Q" and not re.search(r"\d|past|last|next|first", low)
    ):
        return None  # "a second time", "three-quarters of": not durations
    if re.search(r"[- ]old$", m.group(0), re.IGNORECASE):
        return None  # an age ("six-year-old") describes a person, not a time
    if low in ("one day", "some day") and re.search(
        r"\b(?:will|would|could|might|may|can|should|must|shall|to)\s+$",
        m.string[max(0, m.start() - 8) : m.start()],
        re.IGNORECASE,
    ):
        return Fixed(type="DATE", value="FUTURE_REF")  # "will one day be": some future time
    if m.group(2).lower() in ("a", "an") and m.group(3).lower().endswith("s"):
        return None  # "a decades-long feud": the article belongs to the noun
    if m.group(2).lower() in ("a", "an") and not re.search(
        r"past|last|next|first|previous|coming|following", m.group(0), re.I
    ):
        n = 1
    mod = {"about": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "some": "APPROX", "more than": "MORE_THAN",
           "less than": "LESS_THAN", "over": "MORE_THAN", "at least": "EQUAL_OR_MORE", "up to": "EQUAL_OR_LESS",
           "roughly": "APPROX", "around": "APPROX", "approximately": "APPROX"}.get(" ".join((m.group(1) or "").lower().split()))  # fmt: skip
    if "half" in low or "1/2" in low or "½" in low:
        return Fixed(type="DURATION", value=_half_more(n, unit), mod=mod)
    return Fixed(type="DURATION", value=_duration(n, unit), mod=mod)


def _half_more(n: int | None, unit: str) -> str | None:
    """ "Two and a half years": the half written in the next smaller unit (P2Y6M), as
    TimeBank writes "a minute and a half" PT1M30S; None where no such unit is exact."""
    if n is None:
        return None
    if unit in ("DE", "CE"):
        return f"P{n * (10 if unit == 'DE' else 100) + (5 if unit == 'DE' else 50)}Y"
    half = {"Y": "6M", "D": "T12H", "H": "30M", "MIN": "30S"}.get(unit)
    if half is None:
        return None
    if unit in ("H", "MIN"):
        return f"PT{n}{'M' if unit == 'MIN' else 'H'}{half}"
    return f"P{n}{unit}{half}"


@_rule("a_while", r"\ba\s+(?:little\s+|long\s+|short\s+)?while(?:\s+(ago|back))?\b", 4, triggers=("a",))
def _a_while(m: re.Match[str]) -> Spec | None:
    if re.search(r"\bonce\s+in\s+$", m.string[max(0, m.start() - 9) : m.start()], re.I):
        return None  # "once in a while": a vague frequency, not a stretch of time
    if m.group(1):
        return Fixed(type="DATE", value="PAST_REF")  # "a while ago"
    return Fixed(type="DURATION", value="PXX")  # "for a while": a stretch of unknown length


@_rule("unit_long", r"\b(day|week|month|year|decade|hour|century)[- ]long\b", 4, triggers=("day", "week", "month", "year", "decade", "hour", "century"))
def _unit_long(m: re.Match[str]) -> Spec | None:
    # "a day-long strike", "a year-long inquiry": a stretch of one unit.
    return Fixed(type="DURATION", value=_duration(1, _unit(m.group(1))))


@_rule("bare_units", r"\b(years|months|weeks|days|decades|hours|minutes)\b", 1, triggers=("years", "months", "weeks", "days", "decades", "hours", "minutes"))
def _bare_units(m: re.Match[str]) -> Spec | None:
    if re.match(r"[- ]old\b", m.string[m.end() : m.end() + 5]):
        return None  # "37 years old": an age
    if m.group(1).lower() == "minutes" and re.match(
        r"\s+of\s+(?:the\s+|its\s+|a\s+)?(?:[\w.'’-]+\s+){0,3}(?:meeting|session|talks)",
        m.string[m.end() : m.end() + 60],
        re.IGNORECASE,
    ):
        return None  # "the minutes of the Fed meeting": a record, not a duration
    if m.group(1)[0].isupper() and re.search(r"[\w,]\s+$", m.string[max(0, m.start() - 3) : m.start()]):
        return None  # "60 Minutes", "Three Days": a capitalized unit inside a sentence is a name
    if m.group(1).lower() == "hours" and re.search(
        r"\b(?:early|wee|small|late)\s+(?:morning\s+)?$", m.string[max(0, m.start() - 16) : m.start()]
    ):
        return None  # "the early hours of Thursday": a time of that day, not a duration
    return Fixed(type="DURATION", value=_duration(None, _unit(m.group(1))))

@_rule("half_unit", r"\b(?:a\s+|one\s+)?half[- ](?:an?\s+)?(hour|day|year|century|decade)\b", 6, triggers=("a", "one", "half"))
def _half(m: re.Match[str]) -> Spec | None:
    unit = m.group(1).lower()
    value = {"hour": "PT30M", "day": "PT12H", "year": "P6M", "decade": "P5Y", "century": "P50Y"}[
        unit
    ]
    return Fixed(type="DURATION", value=value)

