"""Rules for deictic and anchored dates: "last week", "Tuesday", "that day", "a year earlier"."""

from __future__ import annotations

import re

from storyline.stages.timex.holidays import _HOLIDAYS
from storyline.stages.timex.rule import _rule
from storyline.stages.timex.specs import (
    Anchored,
    DayOffset,
    DayOfMonth,
    Fixed,
    Holiday,
    PartOfDay,
    PartShift,
    Season,
    Shift,
    Spec,
    UnitOffset,
    Weekday,
    WeekdayOfWeek,
    Weekend,
)
from storyline.stages.timex.vocab import (
    _MOD_WORDS,
    _NUM_WORD,
    _PARTS,
    _SEASON_RE,
    _SEASONS,
    _WD_RE,
    _WEEKDAY_WORDS,
    _WEEKDAYS,
    _YEAR_RE,
    _duration,
    _mod,
    _unit,
)

# ------------------------------------------------------------------ rules: deictic / relative


_MOD_PREFIX = (
    r"\b(?:(early|late|mid|earlier|later|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|"
    r"the\s+start\s+of|the\s+rest\s+of|end|beginning|start)[- ]+)?"
)


@_rule(
    "this_unit",
    _MOD_PREFIX
    + r"(this|last|next|past|coming|previous|following|current|the\s+current|the\s+past|the\s+coming|"
    r"the\s+previous|the\s+following|the\s+last|the\s+next|this\s+past|this\s+coming)\s+"
    r"(week|weekend|month|year|quarter|decade|century|spring|summer|fall|autumn|winter)\b",
    6,
    triggers=(_MOD_WORDS + ("earlier", "later", "this", "last", "next", "past", "coming", "previous", "following", "current")),
)
def _this_unit(m: re.Match[str]) -> Spec | None:
    rel = " ".join(m.group(2).lower().split())
    word = m.group(3).lower()
    mod_word = (m.group(1) or "").lower()
    mod = _mod(m.group(1))
    if mod_word == "earlier":
        mod = "START" if rel == "this" else mod
    if (
        rel in ("the past", "the last", "the next", "the coming", "the following", "the previous")
        and word not in _SEASONS
    ):
        # "the past year" is a stretch of time, not a calendar year (TimeML: DURATION).
        if rel in ("the following", "the previous"):
            return UnitOffset(type="DATE", unit=word, offset=+1 if rel == "the following" else -1, mod=mod)
        return Fixed(type="DURATION", value=_duration(1, _unit(word)))
    if rel in ("past", "this past", "last", "previous"):
        offset = -1
    elif rel in ("next", "coming", "this coming", "following"):
        offset = 1
    else:
        offset = 0
    if word in _SEASONS:
        return Season(type="DATE", code=_SEASONS[word], offset=offset, mod=mod)
    if mod_word in ("earlier", "later") and rel == "this":
        # "earlier this year": the first (last) part of the current unit.
        return UnitOffset(type="DATE", unit=word, offset=0, mod="START" if mod_word == "earlier" else "END")
    return UnitOffset(type="DATE", unit=word, offset=offset, mod=mod)


@_rule("season", _MOD_PREFIX + rf"(?:the\s+)?({_SEASON_RE})(?:(?:\s+of)?\s+({_YEAR_RE}))?\b", 3, triggers=(_MOD_WORDS + ("earlier", "later") + tuple(_SEASONS)))
def _season(m: re.Match[str]) -> Spec | None:
    word = m.group(2).lower()
    if m.group(3):
        return Fixed(type="DATE", value=f"{m.group(3)}-{_SEASONS[word]}", mod=_mod(m.group(1)))
    # "fall" is also a verb/noun: alone it must not be tagged.
    if word == "fall" and not m.group(0).lower().startswith(("the", "early", "late", "mid")):
        return None
    if word == "fall" and re.match(r"\s+(?:of|in)\b", m.string[m.end() : m.end() + 4]):
        return None  # "the fall of the Wall", "the fall in prices": a decline, not autumn
    if m.group(2)[0].isupper() and (
        re.search(r"[A-Z]\w*\s+$", m.string[max(0, m.start() - 12) : m.start()])
        or re.match(r"\s+[A-Z]", m.string[m.end() : m.end() + 2])
    ):
        return None  # "the Arab Spring", "the Summer Olympics": a name
    return Season(type="DATE", code=_SEASONS[word], offset=None, mod=_mod(m.group(1)))


@_rule("year_end", r"\b(year|month|quarter|week)(?:['’]s\s+|[- ])end\b", 5, triggers=("year", "month", "quarter", "week"))
def _year_end(m: re.Match[str]) -> Spec | None:
    return UnitOffset(type="DATE", unit=m.group(1).lower(), offset=0, mod="END")


@_rule(
    "today",
    r"\b(?:(?:early|late|earlier|later)\s+)?(today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)(?:['’]s)?(?:\s+(morning|afternoon|evening|night))?\b",
    7,
    triggers=("early", "late", "earlier", "later", "today", "tonight", "yesterday", "tomorrow", "the"),
)
def _today(m: re.Match[str]) -> Spec | None:
    w = " ".join(m.group(1).lower().split())
    offset = {
        "today": 0,
        "tonight": 0,
        "yesterday": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }[w]
    part = "NI" if w == "tonight" else _PARTS.get((m.group(2) or "").lower())
    if m.group(0).lower().endswith(("'s", "’s")):
        return DayOffset(type="DATE", offset=offset, part=part)
    return DayOffset(type="TIME" if part else "DATE", offset=offset, part=part)


@_rule("this_part", r"\b(this|last|tomorrow|yesterday)\s+(morning|afternoon|evening|night)\b", 8, triggers=("this", "last", "tomorrow", "yesterday"))
def _this_part(m: re.Match[str]) -> Spec | None:
    w = m.group(1).lower()
    offset = {
        "this": 0,
        "last": 0 if m.group(2).lower() == "night" else -1,
        "tomorrow": 1,
        "yesterday": -1,
    }[w]
    if w == "last" and m.group(2).lower() == "night":
        offset = -1
    return DayOffset(type="TIME", offset=offset, part=_PARTS[m.group(2).lower()])


@_rule("part_of_day", r"\b(early|late|mid)[- ]?(morning|afternoon|evening)\b", 4, triggers=("early", "late", "mid"))
def _part_of_day(m: re.Match[str]) -> Spec | None:
    # "in mid-afternoon": a part of the day being reported, like a bare clock time.
    if re.match(r"\s+(?:hours\s+)?of\b", m.string[m.end() : m.end() + 10]):
        return None  # "the early morning hours of Sunday": the day carries the time
    return PartOfDay(type="TIME", part=_PARTS[m.group(2).lower()])


@_rule(
    "present_ref",
    r"\b(now|nowadays|currently|current|presently|at\s+present|right\s+now|these\s+days)\b",
    2,
    triggers=("now", "nowadays", "currently", "current", "presently", "at", "right", "these"),
)
def _present(m: re.Match[str]) -> Spec | None:
    w = " ".join(m.group(1).lower().split())
    if w == "current":
        return Fixed(type="DATE", value="PRESENT_REF")
    return Fixed(type="DATE", value="PRESENT_REF")


@_rule(
    "past_ref",
    r"\b(recently|recent|lately|previously|formerly|earlier|once|the\s+past|the\s+other\s+day|former\s+times)\b",
    1,
    triggers=("recently", "recent", "lately", "previously", "formerly", "earlier", "once", "the", "former"),
)
def _past(m: re.Match[str]) -> Spec | None:
    w = " ".join(m.group(1).lower().split())
    if w in ("earlier", "once", "formerly", "previously", "recent"):
        # Measured on TimeBank: these are annotated in well under half of their uses.
        return None  # mostly adverbs of sequence in news, not TIMEX in TimeBank
    if w == "the past" and re.match(
        rf"\s+(?:\d|{_NUM_WORD}\b|few\b|several\b|many\b|couple\b|dozen\b)",
        m.string[m.end() : m.end() + 12],
        re.IGNORECASE,
    ):
        return None  # "10 of the past 12 sessions": a count of things, not the past as a time
    return Fixed(type="DATE", value="PAST_REF")


@_rule(
    "future_ref",
    r"\b(?:the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|the\s+coming\s+(?:days|weeks|months|years))\b",
    2,
    triggers=("the",),
)
def _future(m: re.Match[str]) -> Spec | None:
    if m.group(0).lower().endswith("future") and re.match(r"\s+of\b", m.string[m.end() : m.end() + 4]):
        return None  # "the future of the alliance": its prospects, not a time
    return Fixed(type="DATE", value="FUTURE_REF")


@_rule(
    "recent_units",
    r"\b(recent|coming|past|last|next|the\s+past|the\s+last|the\s+next|the\s+coming)\s+(days|weeks|months|years|decades)\b",
    5,
    triggers=("recent", "coming", "past", "last", "next", "the"),
)
def _recent_units(m: re.Match[str]) -> Spec | None:
    w = " ".join(m.group(1).lower().split())
    if w == "recent":
        return Fixed(type="DATE", value="PAST_REF")
    if w in ("coming", "next") and "the" not in w:
        return Fixed(type="DATE", value="FUTURE_REF")
    return Fixed(type="DURATION", value=_duration(None, _unit(m.group(2))))


_TITLE_AFTER_DAY = re.compile(
    r"\s+(?:Times|Telegraph|Mirror|Express|Herald|Independent|Observer|Tribune|Mail|"
    r"Night\s+(?:Football|Live))\b"
)


@_rule(
    "weekday",
    rf"\b(?:(this|last|next|past|coming|this\s+past|this\s+coming|the\s+previous|the\s+preceding|on|early|late|earlier|later)\s+)?({_WD_RE})(?:(['’]s)|\s+(morning|afternoon|evening|night)(s)?\b)?(?!\w)",
    6,
    triggers=(("this", "last", "next", "past", "coming", "the", "on", "early", "late", "earlier", "later") + _WEEKDAY_WORDS),
)
def _weekday(m: re.Match[str]) -> Spec | None:
    if not m.group(2)[0].isupper():
        return None
    if _TITLE_AFTER_DAY.match(m.string, m.start(2) + len(m.group(2))):
        return None  # "the Sunday Times", "Monday Night Football": a title
    rel = " ".join((m.group(1) or "").lower().split())
    word = (m.group(4) or "").lower()
    if m.group(5) and rel in ("", "on"):
        # "Tuesday nights": a recurring part of that weekday.
        return Fixed(type="SET", value=f"XXXX-WXX-{_WEEKDAYS[m.group(2).lower()] + 1}T{_PARTS[word]}")
    # TimeBank dates "Sunday night" as the day itself, but keeps morning/afternoon/evening.
    part = None if word == "night" else _PARTS.get(word)
    if m.group(3):
        rel = rel or "possessive"
    # TimeBank types "Friday morning" as a DATE with a part-of-day value.
    return Weekday(type="DATE", weekday=_WEEKDAYS[m.group(2).lower()], rel=rel, part=part)


@_rule("weekday_of_week", rf"\b({_WD_RE})\s+(?:of\s+)?(next|last|this)\s+week\b", 7, triggers=_WEEKDAY_WORDS)
def _weekday_of_week(m: re.Match[str]) -> Spec | None:
    if not m.group(1)[0].isupper():
        return None
    # "Thursday next week": that weekday in the week named relative to the DCT.
    offset = {"next": 1, "last": -1, "this": 0}[m.group(2).lower()]
    return WeekdayOfWeek(type="DATE", weekday=_WEEKDAYS[m.group(1).lower()], offset=offset)


@_rule(
    "that_day",
    r"\b(?:(earlier|later)\s+(?:that|the\s+same|in\s+the)|that\s+same|the\s+same|that)\s+(day|week|month|year|quarter|morning|afternoon|evening|night)\b",
    6,
    triggers=("earlier", "later", "that", "the"),
)
def _that_day(m: re.Match[str]) -> Spec | None:
    unit = m.group(2).lower()
    if m.group(0).lower().startswith("that") and unit not in (
        "day",
        "week",
        "month",
        "year",
        "quarter",
    ):
        return None
    mod = (
        {"earlier": "START", "later": "END"}.get((m.group(1) or "").lower())
        if unit != "day"
        else None
    )
    deictic = bool(re.search(r"\bin\s+the\s", m.group(0), re.IGNORECASE))
    return Anchored(type="TIME" if unit in _PARTS else "DATE", unit=unit, deictic=deictic, mod=mod)


@_rule("weekday_start", r"\b(early|late)\s+(last|this|next)\s+(week|month|year)\b", 7, triggers=("early", "late"))
def _weekday_start(m: re.Match[str]) -> Spec | None:
    rel = m.group(2).lower()
    return UnitOffset(type="DATE", unit=m.group(3).lower(), offset={"last": -1, "this": 0, "next": 1}[rel], mod=_mod(m.group(1)))

@_rule(
    "year_earlier",
    r"\b(year-earlier|year-ago|a\s+year\s+earlier|a\s+year\s+ago|year\s+earlier)\b",
    10,
    triggers=("year", "a"),
)
def _year_earlier(m: re.Match[str]) -> Spec | None:
    return Shift(type="DATE", n=-1, unit="Y", anchored=True, soft="ago" in m.group(0).lower())


@_rule("weekend", r"\b(?:(this|last|next|the\s+past|the\s+coming|the)\s+)(weekend)\b", 6, triggers=("this", "last", "next", "the"))
def _weekend(m: re.Match[str]) -> Spec | None:
    rel = " ".join(m.group(1).lower().split())
    offset = {"this": 0, "the": 0, "last": -1, "the past": -1, "next": 1, "the coming": 1}[rel]
    return Weekend(type="DATE", offset=offset, bare=rel == "the")


@_rule(
    "next_day",
    r"\b(?:the\s+)?(next|following|previous|preceding|prior)\s+(day|morning|afternoon|evening|night|week|month|year)\b|\bthe\s+(day|week|month|year)\s+(before|after)(?=\s*[.,;:!?)]|\s*$)",
    8,
    triggers=("the", "next", "following", "previous", "preceding", "prior"),
)
def _next_day(m: re.Match[str]) -> Spec | None:
    word = (m.group(1) or m.group(4) or "").lower()
    unit = (m.group(2) or m.group(3) or "").lower()
    if (
        not m.group(0).lower().startswith("the")
        and word in ("next", "previous")
        and unit in ("week", "month", "year")
    ):
        return None  # "next week" alone is deictic: the this_unit rule reads it against the DCT
    sign = 1 if word in ("next", "following", "after") else -1
    if unit in _PARTS:
        return PartShift(type="TIME", sign=sign, part=_PARTS[unit])
    return Shift(type="DATE", n=sign, unit={"day": "D", "week": "W", "month": "M", "year": "Y"}[unit], anchored=True)


@_rule(
    "end_of_the",
    r"\bthe\s+(end|beginning|start|middle|rest|close)\s+of\s+the\s+(year|month|week|quarter|decade|century)\b",
    7,
    triggers=("the",),
)
def _end_of_the(m: re.Match[str]) -> Spec | None:
    mod = {
        "end": "END",
        "close": "END",
        "beginning": "START",
        "start": "START",
        "middle": "MID",
    }.get(m.group(1).lower())
    return UnitOffset(type="DATE", unit=m.group(2).lower(), offset=0, mod=mod)


@_rule("ordinal_day", r"(?<=\bon\s)the\s+([12]\d|3[01]|[1-9])(st|nd|rd|th)\b", 3, triggers=None, needs=r"\d(?:st|nd|rd|th)")  # opens with a lookbehind ("on the 5th")
def _ordinal_day(m: re.Match[str]) -> Spec | None:
    return DayOfMonth(type="DATE", day=int(m.group(1)))

@_rule(
    "near_term",
    r"\b(?:the\s+)?(near|short|long|medium)\s+term\b|\ba\s+later\s+date\b|\bthe\s+years\s+ahead\b",
    5,
    triggers=("the", "near", "short", "long", "medium", "a"),
)
def _near_term(m: re.Match[str]) -> Spec | None:
    if not m.group(0).lower().startswith(("the", "a ")):
        return None  # "long-term debt" is an adjective
    return Fixed(type="DATE", value="FUTURE_REF")

@_rule(
    "holiday",
    r"\b(New\s+Year['’]s\s+(?:Day|Eve)|Christmas(?:\s+(?:Day|Eve))?|Boxing\s+Day|Valentine['’]s\s+Day|Independence\s+Day|"
    r"Halloween|Veterans\s+Day|Labor\s+Day|Memorial\s+Day|Thanksgiving(?:\s+Day)?|Election\s+Day|Easter(?:\s+Sunday)?|Good\s+Friday)"
    r"(?:,?\s+({_YEAR_RE}))?\b".replace("{_YEAR_RE}", _YEAR_RE),
    7,
    0,
    triggers=(key.split()[0] for key in _HOLIDAYS),
)
def _holiday(m: re.Match[str]) -> Spec | None:
    key = " ".join(m.group(1).lower().replace("’", "'").split())
    if m.group(2):
        return Fixed(type="DATE", value=_HOLIDAYS[key](int(m.group(2))).isoformat())
    return Holiday(type="DATE", key=key)


@_rule(
    "the_year",
    r"\bthe\s+(?:fiscal\s+)?year(?=\s+(?:end(?:ed|ing)|to)\b)|\bthe\s+(latest|most\s+recent)\s+(?:fiscal\s+)?year\b(?![-\w])"
    r"|(?:(?<=\bof\s)|(?<=\bfor\s))the\s+(?:fiscal\s+)?year\b(?![-\w])(?!\s+(?:before|after|earlier|ago|two|nineteen))",
    3,
    triggers=None,  # opens with a lookbehind ("of the year")
    needs="year",
)
def _the_year(m: re.Match[str]) -> Spec | None:
    if "Year" in m.group(0):
        return None  # "Man of the Year", "Player of the Year": a title
    if re.match(r"\s+(?:end(?:ed|ing)|to)\b", m.string[m.end() : m.end() + 8]):
        # "the year ended March 31": a fiscal year, a stretch of time in TimeBank.
        return Fixed(type="DURATION", value="P1Y")
    if m.group(1):
        # "the latest fiscal year", like "the latest quarter": the last one completed.
        return UnitOffset(type="DATE", unit="year", offset=-1)
    return UnitOffset(type="DATE", unit="year", offset=0)

