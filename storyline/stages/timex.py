"""Temporal expressions: recognition and TimeML TIMEX3 normalisation of news text.

Reads a text, its document creation date (DCT) and optionally its spaCy parse; returns
one `Timex` per expression (DATE, TIME, DURATION, SET) with its TimeML value. Relative
expressions are resolved against the DCT, or against the last mentioned date when the
text says so ("two days later"); the tense of the governing verb decides whether a bare
weekday or month is the past or the coming one. Unresolvable expressions keep
`value=None`. Every pattern is linear-time: bounded alternations, no nested repeats.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import re._constants as _sre
import re._parser as _sre_parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from storyline.dates import parse_day as _parse_day
from storyline.models import Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

STAGE_NAME = "storyline.timex.v3"

# ------------------------------------------------------------------ vocabulary

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a dozen": 12, "dozen": 12, "a couple of": 2, "a couple": 2,
    "couple of": 2, "half a": 0, "a half": 0,
}  # fmt: skip
_VAGUE = (
    "several",
    "a few",
    "few",
    "some",
    "many",
    "the next few",
    "a number of",
    "dozens of",
    "hundreds of",
)
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
_UNITS = {
    "second": "S", "minute": "MIN", "hour": "H", "day": "D", "week": "W", "fortnight": "W",
    "month": "M", "year": "Y", "decade": "DE", "century": "CE", "quarter": "Q", "weekend": "WE",
}  # fmt: skip
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}

_MONTH_RE = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)"
)
_WD_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
)
_NUM_RE = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})?(?:\.\d)?|{_NUM_WORD}(?:[- ]{_NUM_WORD})?|a couple of|a couple|couple of|a dozen|dozen|"
    r"a hundred|a|an|several|a few|few|some|many|the next few|a number of|dozens of|hundreds of)"
)
_UNIT_RE = (
    r"(?:second|minute|hour|day|week|fortnight|month|year|decade|century|centuries|quarter)s?"
)
_ORD_RE = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_SEASON_RE = r"(?:spring|summer|fall|autumn|winter)"
_YEAR_RE = r"(?:1[5-9]\d\d|20\d\d)"
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"

# What, right after a candidate, shows it is a quantity and not a time ("1998 percent").
_STOP_FOLLOW = re.compile(r"\s*(?:%|percent|per cent)", re.IGNORECASE)
# A quoted title whose time word is capitalized ("''60 Minutes''", "ABC's \"This Week\""):
# the name of a programme or a work, not a time.
_QUOTE_BEFORE = re.compile(r"(?:[\"“‘`]|'')$")
_TITLE_UNIT = re.compile(
    r"(?:Seconds?|Minutes?|Hours?|Days?|Nights?|Weeks?|Months?|Years?|Decades?|Century|Centuries)$"
)


@dataclass(frozen=True)
class _Spec:
    """What a rule found, before resolution against the DCT and the discourse."""

    type: str
    kind: str
    """How `_resolve` computes the value: `abs`/`ref`/`year` (as written), `rel` (unit
    offset from the DCT), `weekday`, `month`, `monthday`, `season`, `holiday` (tense
    decides the direction), `shift`/`anchored`/`shift_part` (from the last date
    mentioned), `quarter_n`/`quarter_year`/`quarter_last`, `clock`/`part`, `weekend`,
    `weekday_week`, `dom`."""
    value: str | None = None
    args: tuple[object, ...] = ()
    mod: str | None = None


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


_Handler = Callable[[re.Match[str]], _Spec | None]


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: _Handler
    priority: int = 0


_RULES: list[_Rule] = []


def _rule(
    name: str, pattern: str, priority: int = 0, flags: int = re.IGNORECASE
) -> Callable[[_Handler], _Handler]:
    compiled = re.compile(pattern, flags)

    def register(fn: _Handler) -> _Handler:
        _RULES.append(_Rule(name, compiled, fn, priority))
        return fn

    return register


# ------------------------------------------------------------------ helpers


def _num(word: str) -> int | None:
    """Integer of a number word or digits; None for vague quantities ("several")."""
    w = word.lower().strip()
    if w in _VAGUE:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})?", w):
        return int(w.replace(",", ""))
    if re.fullmatch(r"\d{1,4}\.\d", w):
        return None
    if w in _NUMBERS:
        return _NUMBERS[w]
    parts = re.split(r"[- ]", w)
    if len(parts) == 2 and parts[0] in _NUMBERS and parts[1] in _NUMBERS:
        return _NUMBERS[parts[0]] + _NUMBERS[parts[1]]
    return None


def _unit(word: str) -> str:
    w = word.lower()
    if w.startswith("centur"):
        return "CE"
    return _UNITS[w[:-1] if w.endswith("s") and w[:-1] in _UNITS else w]


def _duration(n: int | None, unit: str) -> str:
    amount = "X" if n is None else str(n)
    if unit == "WE":
        return f"P{amount}WE"
    if unit in ("H", "S"):
        return f"PT{amount}{unit}"
    if unit == "MIN":
        return f"PT{amount}M"
    if unit in ("DE", "CE"):
        # TimeBank writes "two decades" as P20Y and vague "decades" as PXY.
        return f"P{'X' if n is None else n * (10 if unit == 'DE' else 100)}Y"
    return f"P{amount}{unit}"


def _month_num(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _day_num(word: str) -> int:
    return int(re.match(r"\d+", word).group(0))  # type: ignore[union-attr]


def _year_num(word: str) -> int:
    w = word.strip("'’")
    y = int(w)
    if len(w) == 2:
        y += 1900 if y > 30 else 2000
    return y


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


# ------------------------------------------------------------------ rules: absolute dates


@_rule("month_day_year", rf"\b(?:{_WD_RE},?\s+)?({_MONTH_RE})\s+({_DAY_RE}),?\s+({_YEAR_RE})\b", 10)
def _month_day_year(m: re.Match[str]) -> _Spec | None:
    y, mo, d = int(m.group(3)), _month_num(m.group(1)), _day_num(m.group(2))
    return _Spec("DATE", "abs", f"{y:04d}-{mo:02d}-{d:02d}") if _valid(y, mo, d) else None


@_rule(
    "day_month_year",
    rf"\b(?:{_WD_RE},?\s+(?:the\s+)?)?({_DAY_RE})\s+(?:of\s+)?({_MONTH_RE}),?\s+({_YEAR_RE})\b",
    10,
)
def _day_month_year(m: re.Match[str]) -> _Spec | None:
    y, mo, d = int(m.group(3)), _month_num(m.group(2)), _day_num(m.group(1))
    return _Spec("DATE", "abs", f"{y:04d}-{mo:02d}-{d:02d}") if _valid(y, mo, d) else None


@_rule("iso_date", r"\b(\d{4})-(\d{2})-(\d{2})\b", 10)
def _iso_date(m: re.Match[str]) -> _Spec | None:
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return _Spec("DATE", "abs", m.group(0)) if _valid(y, mo, d) else None


@_rule("slash_date", r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])", 10)
def _slash_date(m: re.Match[str]) -> _Spec | None:
    # US order month/day/year: storyline reads English-language news, mostly US wires.
    mo, d, y = int(m.group(1)), int(m.group(2)), _year_num(m.group(3))
    return _Spec("DATE", "abs", f"{y:04d}-{mo:02d}-{d:02d}") if _valid(y, mo, d) else None


@_rule(
    "month_day",
    rf"\b(?:{_WD_RE},?\s+)?({_MONTH_RE})\s+({_DAY_RE})\b(?!\s*(?:,\s*)?\d)(?![:.]\d)",
    8,
)
def _month_day(m: re.Match[str]) -> _Spec | None:
    mo, d = _month_num(m.group(1)), _day_num(m.group(2))
    if not _valid(2000, mo, d):
        return None
    if m.group(1).lower() == "may" and m.group(1)[0] == "m":
        return None
    return _Spec("DATE", "monthday", None, (mo, d))


_ORD_WORDS = {
    w: i + 1
    for i, w in enumerate(
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
         "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
         "eighteenth", "nineteenth", "twentieth"]  # fmt: skip
    )
}
_ORD_WORDS |= {f"twenty-{w}": 20 + n for w, n in list(_ORD_WORDS.items())[:9]}
_ORD_WORDS |= {"thirtieth": 30, "thirty-first": 31}
_ORD_WORD_RE = (
    r"(?:(?:twenty[- ])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|"
    r"twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
    r"twentieth|thirtieth|thirty[- ]first)"
)


@_rule("month_day_words", rf"\b(?:{_WD_RE},?\s+)?({_MONTH_RE})\s+(?:the\s+)?({_ORD_WORD_RE})\b", 8)
def _month_day_words(m: re.Match[str]) -> _Spec | None:
    # Broadcast transcripts spell days out: "Sunday, March eighth".
    word = m.group(1)
    if not word[0].isupper():
        return None
    mo, d = _month_num(word), _ORD_WORDS[m.group(2).lower().replace(" ", "-")]
    return _Spec("DATE", "monthday", None, (mo, d)) if _valid(2000, mo, d) else None


@_rule(
    "day_month",
    rf"\b(?:{_WD_RE},?\s+(?:the\s+)?|the\s+)?({_DAY_RE})\s+(?:of\s+)?({_MONTH_RE})(?!\w)(?!\s*,?\s*\d)",
    7,
    re.IGNORECASE,
)
def _day_month(m: re.Match[str]) -> _Spec | None:
    mo, d = _month_num(m.group(2)), _day_num(m.group(1))
    if not m.group(2)[0].isupper() or not _valid(2000, mo, d):
        return None
    return _Spec("DATE", "monthday", None, (mo, d))


@_rule("month_rel_year", rf"\b({_MONTH_RE})(?:\s+of)?\s+(this|last|next)\s+year\b", 9)
def _month_rel_year(m: re.Match[str]) -> _Spec | None:
    if not m.group(1)[0].isupper():
        return None
    offset = {"this": 0, "last": -1, "next": 1}[m.group(2).lower()]
    return _Spec("DATE", "month_year_rel", None, (_month_num(m.group(1)), offset))


@_rule("every_month", rf"\b(?:every|each)\s+({_MONTH_RE}|{_SEASON_RE})(?!\w)", 9)
def _every_month(m: re.Match[str]) -> _Spec | None:
    w = m.group(1).lower().rstrip(".")
    if w in _SEASONS:
        return _Spec("SET", "abs", f"XXXX-{_SEASONS[w]}")
    return _Spec("SET", "abs", f"XXXX-{_month_num(w):02d}")


@_rule("month_year", rf"\b({_MONTH_RE}),?\s+(?:of\s+)?({_YEAR_RE})\b", 9)
def _month_year(m: re.Match[str]) -> _Spec | None:
    if not m.group(1)[0].isupper():
        return None
    return _Spec("DATE", "abs", f"{int(m.group(2)):04d}-{_month_num(m.group(1)):02d}")


@_rule(
    "month",
    r"\b(?:(early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|the\s+start\s+of|end|"
    r"beginning|start)[- ]+)?((?:this|last|next|past|coming|previous)\s+)?"
    r"(January|February|March|April|May|June|July|August|September|October|November|December|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.)(?!\w)",
    5,
)
def _month(m: re.Match[str]) -> _Spec | None:
    word = m.group(3)
    if not word[0].isupper():
        return None
    mod = _mod(m.group(1))
    rel = (m.group(2) or "").strip().lower()
    # "May" and "March" are also a verb/modal: alone they need a cue word.
    if word in ("May", "March") and not (rel or mod):
        return _Spec("DATE", "month", None, (_month_num(word), "", "weak"), mod)
    return _Spec("DATE", "month", None, (_month_num(word), rel, ""), mod)


# Count and measure nouns: a "year" before one of them is a quantity ("2000 points").
_COUNT_NOUN = re.compile(
    r"\s+(?:people|persons|points|pounds|tons|tonnes|miles|feet|meters|metres|kilometers|"
    r"kilometres|km|acres|hectares|barrels|gallons|liters|litres|shares|dollars|euros|yen|"
    r"troops|soldiers|police|officers|workers|employees|jobs|votes|voters|residents|students|"
    r"members|delegates|refugees|prisoners|cases|deaths|victims|units|cars|vehicles|homes|"
    r"houses|words|pages|seats|passengers|calories|times)\b",
    re.IGNORECASE,
)


@_rule(
    "year",
    rf"\b(?:(early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|the\s+start\s+of|end|beginning|start)[- ]+)?"
    rf"(?:(fiscal|calendar|FY|the\s+year)\s*)?({_YEAR_RE})(?![\d,.]\d)(?!\s*%)(?![-\w])",
    4,
)
def _year(m: re.Match[str]) -> _Spec | None:
    y = int(m.group(3))
    if not m.group(1) and not m.group(2):
        if m.string[max(0, m.start() - 1) : m.start()] in ("$", "£", "€", "#"):
            return None  # "$1995": a price
        if re.search(
            r"\b(?-i:Flight|Resolution|Route|Highway|Interstate|Room|Suite|Article|Section|Chapter|"
            r"Amendment|Proposition|Model|Gate|Pier|Platform|Channel|Bus|Train|Apollo|Boeing|Windows|No\.)\s+$",
            m.string[max(0, m.start() - 14) : m.start()],
        ):
            return None  # "Flight 1999", "Resolution 1973": a number naming a thing
        if _COUNT_NOUN.match(m.string, m.end()) and not re.search(
            r"\b(?:in|since|of|by|until|till|during|from|to|before|after|through|for|the|and|or)\s+$|['’]s\s+$",
            m.string[max(0, m.start() - 8) : m.start()],
            re.IGNORECASE,
        ):
            return None  # "rose 2000 points", "about 1800 people": a count, not a year
    return _Spec("DATE", "year", f"{y:04d}", (), _mod(m.group(1)))


@_rule("decade", r"\b(?:the\s+)?(?:(early|late|mid)[- ]+)?(1[5-9]\d|20\d)0'?s\b", 6)
def _decade(m: re.Match[str]) -> _Spec | None:
    return _Spec("DATE", "abs", m.group(2) + "X", (), _mod(m.group(1)))


@_rule("decade_short", r"\b(?:the\s+)?(?:(early|late|mid)[- ]+)?['’]([2-9])0s\b", 6)
def _decade_short(m: re.Match[str]) -> _Spec | None:
    return _Spec("DATE", "abs", f"19{m.group(2)}X", (), _mod(m.group(1)))


@_rule(
    "century",
    rf"\b(?:the\s+)?(?:(early|late|mid)[- ]+)?({_ORD_RE}|(?:[1-9]|1\d|2[01])(?:st|nd|rd|th)|nineteenth|twentieth|twenty-first)[- ]century\b",
    6,
)
def _century(m: re.Match[str]) -> _Spec | None:
    w = m.group(2).lower()
    words = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}
    n = words.get(w) or _ORDINALS.get(w) or _day_num(w)
    return _Spec("DATE", "abs", f"{n - 1:02d}XX", (), _mod(m.group(1)))


def _mod(word: str | None) -> str | None:
    if not word:
        return None
    w = " ".join(word.lower().split())
    if w in ("early", "the beginning of", "beginning", "the start of", "start"):
        return "START"
    if w in ("late", "the end of", "end"):
        return "END"
    if w in ("mid", "the middle of"):
        return "MID"
    return None


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
)
def _this_unit(m: re.Match[str]) -> _Spec | None:
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
            return _Spec("DATE", "rel", None, (word, +1 if rel == "the following" else -1), mod)
        return _Spec("DURATION", "abs", _duration(1, _unit(word)), ())
    if rel in ("past", "this past", "last", "previous"):
        offset = -1
    elif rel in ("next", "coming", "this coming", "following"):
        offset = 1
    else:
        offset = 0
    if word in _SEASONS:
        return _Spec("DATE", "season", None, (_SEASONS[word], offset), mod)
    if mod_word in ("earlier", "later") and rel == "this":
        # "earlier this year": the first (last) part of the current unit.
        return _Spec("DATE", "rel", None, (word, 0), "START" if mod_word == "earlier" else "END")
    return _Spec("DATE", "rel", None, (word, offset), mod)


@_rule("season", _MOD_PREFIX + rf"(?:the\s+)?({_SEASON_RE})(?:(?:\s+of)?\s+({_YEAR_RE}))?\b", 3)
def _season(m: re.Match[str]) -> _Spec | None:
    word = m.group(2).lower()
    if m.group(3):
        return _Spec("DATE", "abs", f"{m.group(3)}-{_SEASONS[word]}", (), _mod(m.group(1)))
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
    return _Spec("DATE", "season", None, (_SEASONS[word], None), _mod(m.group(1)))


@_rule("year_end", r"\b(year|month|quarter|week)(?:['’]s\s+|[- ])end\b", 5)
def _year_end(m: re.Match[str]) -> _Spec | None:
    return _Spec("DATE", "rel", None, (m.group(1).lower(), 0), "END")


@_rule(
    "today",
    r"\b(?:(?:early|late|earlier|later)\s+)?(today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)(?:['’]s)?(?:\s+(morning|afternoon|evening|night))?\b",
    7,
)
def _today(m: re.Match[str]) -> _Spec | None:
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
        return _Spec("DATE", "day", None, (offset, part))
    return _Spec("TIME" if part else "DATE", "day", None, (offset, part))


@_rule("this_part", r"\b(this|last|tomorrow|yesterday)\s+(morning|afternoon|evening|night)\b", 8)
def _this_part(m: re.Match[str]) -> _Spec | None:
    w = m.group(1).lower()
    offset = {
        "this": 0,
        "last": 0 if m.group(2).lower() == "night" else -1,
        "tomorrow": 1,
        "yesterday": -1,
    }[w]
    if w == "last" and m.group(2).lower() == "night":
        offset = -1
    return _Spec("TIME", "day", None, (offset, _PARTS[m.group(2).lower()]))


@_rule("part_of_day", r"\b(early|late|mid)[- ]?(morning|afternoon|evening)\b", 4)
def _part_of_day(m: re.Match[str]) -> _Spec | None:
    # "in mid-afternoon": a part of the day being reported, like a bare clock time.
    if re.match(r"\s+(?:hours\s+)?of\b", m.string[m.end() : m.end() + 10]):
        return None  # "the early morning hours of Sunday": the day carries the time
    return _Spec("TIME", "part", None, (_PARTS[m.group(2).lower()],))


@_rule(
    "present_ref",
    r"\b(now|nowadays|currently|current|presently|at\s+present|right\s+now|these\s+days)\b",
    2,
)
def _present(m: re.Match[str]) -> _Spec | None:
    w = " ".join(m.group(1).lower().split())
    if w == "current":
        return _Spec("DATE", "ref", "PRESENT_REF")
    return _Spec("DATE", "ref", "PRESENT_REF")


@_rule(
    "past_ref",
    r"\b(recently|recent|lately|previously|formerly|earlier|once|the\s+past|the\s+other\s+day|former\s+times)\b",
    1,
)
def _past(m: re.Match[str]) -> _Spec | None:
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
    return _Spec("DATE", "ref", "PAST_REF")


@_rule(
    "future_ref",
    r"\b(?:the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|the\s+coming\s+(?:days|weeks|months|years))\b",
    2,
)
def _future(m: re.Match[str]) -> _Spec | None:
    if m.group(0).lower().endswith("future") and re.match(r"\s+of\b", m.string[m.end() : m.end() + 4]):
        return None  # "the future of the alliance": its prospects, not a time
    return _Spec("DATE", "ref", "FUTURE_REF")


@_rule(
    "recent_units",
    r"\b(recent|coming|past|last|next|the\s+past|the\s+last|the\s+next|the\s+coming)\s+(days|weeks|months|years|decades)\b",
    5,
)
def _recent_units(m: re.Match[str]) -> _Spec | None:
    w = " ".join(m.group(1).lower().split())
    if w == "recent":
        return _Spec("DATE", "ref", "PAST_REF")
    if w in ("coming", "next") and "the" not in w:
        return _Spec("DATE", "ref", "FUTURE_REF")
    return _Spec("DURATION", "abs", _duration(None, _unit(m.group(2))))


_TITLE_AFTER_DAY = re.compile(
    r"\s+(?:Times|Telegraph|Mirror|Express|Herald|Independent|Observer|Tribune|Mail|"
    r"Night\s+(?:Football|Live))\b"
)


@_rule(
    "weekday",
    rf"\b(?:(this|last|next|past|coming|this\s+past|this\s+coming|the\s+previous|the\s+preceding|on|early|late|earlier|later)\s+)?({_WD_RE})(?:(['’]s)|\s+(morning|afternoon|evening|night)(s)?\b)?(?!\w)",
    6,
)
def _weekday(m: re.Match[str]) -> _Spec | None:
    if not m.group(2)[0].isupper():
        return None
    if _TITLE_AFTER_DAY.match(m.string, m.start(2) + len(m.group(2))):
        return None  # "the Sunday Times", "Monday Night Football": a title
    rel = " ".join((m.group(1) or "").lower().split())
    word = (m.group(4) or "").lower()
    if m.group(5) and rel in ("", "on"):
        # "Tuesday nights": a recurring part of that weekday.
        return _Spec("SET", "abs", f"XXXX-WXX-{_WEEKDAYS[m.group(2).lower()] + 1}T{_PARTS[word]}")
    # TimeBank dates "Sunday night" as the day itself, but keeps morning/afternoon/evening.
    part = None if word == "night" else _PARTS.get(word)
    if m.group(3):
        rel = rel or "possessive"
    # TimeBank types "Friday morning" as a DATE with a part-of-day value.
    return _Spec("DATE", "weekday", None, (_WEEKDAYS[m.group(2).lower()], rel, part), None)


@_rule("weekday_of_week", rf"\b({_WD_RE})\s+(?:of\s+)?(next|last|this)\s+week\b", 7)
def _weekday_of_week(m: re.Match[str]) -> _Spec | None:
    if not m.group(1)[0].isupper():
        return None
    # "Thursday next week": that weekday in the week named relative to the DCT.
    offset = {"next": 1, "last": -1, "this": 0}[m.group(2).lower()]
    return _Spec("DATE", "weekday_week", None, (_WEEKDAYS[m.group(1).lower()], offset))


@_rule(
    "that_day",
    r"\b(?:(earlier|later)\s+(?:that|the\s+same|in\s+the)|that\s+same|the\s+same|that)\s+(day|week|month|year|quarter|morning|afternoon|evening|night)\b",
    6,
)
def _that_day(m: re.Match[str]) -> _Spec | None:
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
    return _Spec("TIME" if unit in _PARTS else "DATE", "anchored", None, (unit, deictic), mod)


@_rule("weekday_start", r"\b(early|late)\s+(last|this|next)\s+(week|month|year)\b", 7)
def _weekday_start(m: re.Match[str]) -> _Spec | None:
    rel = m.group(2).lower()
    return _Spec(
        "DATE",
        "rel",
        None,
        (m.group(3).lower(), {"last": -1, "this": 0, "next": 1}[rel]),
        _mod(m.group(1)),
    )


# ------------------------------------------------------------------ rules: quarters and halves


@_rule(
    "quarter",
    rf"\b(?:(?P<rel>this|last|next)\s+year['’]s\s+)?(?:the\s+(?!{_ORD_RE}-))?(?:(fiscal|year-earlier|year-ago|latest|last|current|next|previous)\s+)?(?:({_YEAR_RE})\s+)?({_ORD_RE}|final|last)[- ](?:fiscal[- ])?(quarter|half|period)(?:\s+(?:of\s+)?(?:fiscal\s+)?({_YEAR_RE})|\s+of\s+(?P<rel2>this|last|next)\s+year)?\b",
    7,
)
def _quarter(m: re.Match[str]) -> _Spec | None:
    which = m.group(4).lower()
    unit = m.group(5).lower()
    if unit == "period":
        return None
    n = {"final": 4 if unit == "quarter" else 2, "last": 4 if unit == "quarter" else 2}.get(
        which
    ) or _ORDINALS[which]
    if (unit == "quarter" and n > 4) or (unit == "half" and n > 2):
        return None
    letter = "Q" if unit == "quarter" else "H"
    year = m.group(6) or m.group(3)
    if year:
        return _Spec("DATE", "abs", f"{year}-{letter}{n}")
    rel = m.group("rel") or m.group("rel2")
    if rel:
        # "next year's first quarter", "the fourth quarter of last year": the year is
        # said, only relative to the DCT.
        offset = {"this": 0, "last": -1, "next": 1}[rel.lower()]
        return _Spec("DATE", "quarter_year", None, (letter, n, offset))
    shift = -1 if (m.group(2) or "").lower() in ("year-earlier", "year-ago") else 0
    return _Spec("DATE", "quarter_n", None, (letter, n, shift))


@_rule(
    "the_quarter",
    r"\b(?:the\s+)?(latest|recent|most\s+recent|year-earlier|year-ago|same|comparable|fiscal)?\s*(quarter|period)\b",
    2,
)
def _the_quarter(m: re.Match[str]) -> _Spec | None:
    word = (m.group(1) or "").lower()
    if not m.group(0).lower().startswith("the") and not word:
        return None
    if m.group(2).lower() == "period" and word not in ("year-earlier", "year-ago", "latest"):
        return None
    shift = -1 if word in ("year-earlier", "year-ago") else 0
    # Business news reports on the last completed quarter before the DCT.
    return _Spec("DATE", "quarter_last", None, (shift,))


@_rule(
    "first_months",
    rf"\b(?:the\s+)?(first|last|past|final|latest)\s+({_NUM_WORD}|\d{{1,2}})\s+(months|weeks|days|years|quarters)\b",
    7,
)
def _first_months(m: re.Match[str]) -> _Spec | None:
    return _Spec("DURATION", "abs", _duration(_num(m.group(2)), _unit(m.group(3))))


# ------------------------------------------------------------------ rules: durations and shifts


@_rule(
    "ago",
    rf"\b(?:about\s+|nearly\s+|almost\s+|some\s+|more\s+than\s+|less\s+than\s+|over\s+|just\s+)?({_NUM_RE})[- ]({_UNIT_RE})\s+(ago|earlier|later|(?:before|after)(?=\s*[.,;:!?)]|\s*$)|from\s+now|hence|previously|back)\b",
    9,
)
def _ago(m: re.Match[str]) -> _Spec | None:
    n = _num(m.group(1))
    unit = _unit(m.group(2))
    word = " ".join(m.group(3).lower().split())
    sign = -1 if word in ("ago", "earlier", "before", "previously", "back") else 1
    anchored = word in ("earlier", "later", "before", "after")
    if n is None:
        return _Spec("DATE", "ref", "PAST_REF" if sign < 0 else "FUTURE_REF")
    return _Spec("DATE", "shift", None, (n * sign, unit, anchored))


@_rule(
    "duration",
    rf"\b(?:(?:the\s+)?(?:past|last|next|first|previous|coming|following)\s+|the\s+(?=\d|{_NUM_WORD}))?(?:(about|nearly|almost|some|more\s+than|less\s+than|over|at\s+least|up\s+to|roughly|around|approximately)\s+)?"
    rf"({_NUM_RE})(?:[- ]and[- ]a[- ]half|\s+1/2|\s?½)?(?:\s+(?:more|additional|straight|consecutive|full|long|trading|business|working))?[- ]({_UNIT_RE})(?:\s+and\s+a\s+half\b)?(?:[- ]long|[- ]old)?\b",
    5,
)
def _dur(m: re.Match[str]) -> _Spec | None:
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
        return _Spec("DATE", "ref", "FUTURE_REF")  # "will one day be": some future time
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
        return _Spec("DURATION", "abs", _half_more(n, unit), (), mod)
    return _Spec("DURATION", "abs", _duration(n, unit), (), mod)


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


@_rule("a_while", r"\ba\s+(?:little\s+|long\s+|short\s+)?while(?:\s+(ago|back))?\b", 4)
def _a_while(m: re.Match[str]) -> _Spec | None:
    if re.search(r"\bonce\s+in\s+$", m.string[max(0, m.start() - 9) : m.start()], re.I):
        return None  # "once in a while": a vague frequency, not a stretch of time
    if m.group(1):
        return _Spec("DATE", "ref", "PAST_REF")  # "a while ago"
    return _Spec("DURATION", "abs", "PXX")  # "for a while": a stretch of unknown length


@_rule("unit_long", r"\b(day|week|month|year|decade|hour|century)[- ]long\b", 4)
def _unit_long(m: re.Match[str]) -> _Spec | None:
    # "a day-long strike", "a year-long inquiry": a stretch of one unit.
    return _Spec("DURATION", "abs", _duration(1, _unit(m.group(1))))


@_rule("bare_units", r"\b(years|months|weeks|days|decades|hours|minutes)\b", 1)
def _bare_units(m: re.Match[str]) -> _Spec | None:
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
    return _Spec("DURATION", "abs", _duration(None, _unit(m.group(1))))


@_rule(
    "year_earlier",
    r"\b(year-earlier|year-ago|a\s+year\s+earlier|a\s+year\s+ago|year\s+earlier)\b",
    10,
)
def _year_earlier(m: re.Match[str]) -> _Spec | None:
    return _Spec("DATE", "shift", None, (-1, "Y", True, "ago" in m.group(0).lower()))


@_rule("weekend", r"\b(?:(this|last|next|the\s+past|the\s+coming|the)\s+)(weekend)\b", 6)
def _weekend(m: re.Match[str]) -> _Spec | None:
    rel = " ".join(m.group(1).lower().split())
    offset = {"this": 0, "the": 0, "last": -1, "the past": -1, "next": 1, "the coming": 1}[rel]
    return _Spec("DATE", "weekend", None, (offset, rel == "the"))


@_rule(
    "next_day",
    r"\b(?:the\s+)?(next|following|previous|preceding|prior)\s+(day|morning|afternoon|evening|night|week|month|year)\b|\bthe\s+(day|week|month|year)\s+(before|after)(?=\s*[.,;:!?)]|\s*$)",
    8,
)
def _next_day(m: re.Match[str]) -> _Spec | None:
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
        return _Spec("TIME", "shift_part", None, (sign, _PARTS[unit]))
    return _Spec(
        "DATE",
        "shift",
        None,
        (sign, {"day": "D", "week": "W", "month": "M", "year": "Y"}[unit], True),
    )


@_rule(
    "end_of_the",
    r"\bthe\s+(end|beginning|start|middle|rest|close)\s+of\s+the\s+(year|month|week|quarter|decade|century)\b",
    7,
)
def _end_of_the(m: re.Match[str]) -> _Spec | None:
    mod = {
        "end": "END",
        "close": "END",
        "beginning": "START",
        "start": "START",
        "middle": "MID",
    }.get(m.group(1).lower())
    return _Spec("DATE", "rel", None, (m.group(2).lower(), 0), mod)


@_rule("ordinal_day", r"(?<=\bon\s)the\s+([12]\d|3[01]|[1-9])(st|nd|rd|th)\b", 3)
def _ordinal_day(m: re.Match[str]) -> _Spec | None:
    return _Spec("DATE", "dom", None, (int(m.group(1)),))


_TENS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}
_TEN_WORDS = {
    "twenty": 2,
    "thirty": 3,
    "forty": 4,
    "fifty": 5,
    "sixty": 6,
    "seventy": 7,
    "eighty": 8,
    "ninety": 9,
}
_DIGIT_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}


@_rule(
    "decade_words",
    r"\b(?:the\s+)?(?:(early|late|mid)[- ]+)?(?:nineteen[- ])?(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
    6,
)
def _decade_words(m: re.Match[str]) -> _Spec | None:
    if not m.group(0).lower().startswith(("the", "nineteen", "early", "late", "mid")):
        return None  # "in his forties" is an age
    return _Spec("DATE", "abs", f"19{_TENS[m.group(2).lower()]}X", (), _mod(m.group(1)))


@_rule(
    "spoken_year",
    rf"\b(?:({_MONTH_RE})\s+(?:of\s+)?|the\s+year\s+)?"
    r"(?:nineteen[- ](twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](one|two|three|four|five|six|seven|eight|nine))?"
    r"|two[- ]thousand(?:[- ](?:and[- ])?(one|two|three|four|five|six|seven|eight|nine))?)\b",
    6,
)
def _spoken_year(m: re.Match[str]) -> _Spec | None:
    # Broadcast transcripts spell years out: "nineteen ninety-six", "the year two thousand",
    # "January nineteen ninety-seven".
    month = m.group(1) if m.group(1) and m.group(1)[0].isupper() else None
    if m.group(2):
        year = (
            1900
            + 10 * _TEN_WORDS[m.group(2).lower()]
            + _DIGIT_WORDS.get((m.group(3) or "").lower(), 0)
        )
    else:
        if not m.group(0).lower().startswith("the year") and not m.group(4) and not month:
            return None  # "two thousand" alone is mostly a number
        year = 2000 + _DIGIT_WORDS.get((m.group(4) or "").lower(), 0)
    if month:
        return _Spec("DATE", "abs", f"{year:04d}-{_month_num(month):02d}")
    return _Spec("DATE", "year", f"{year:04d}")


@_rule(
    "near_term",
    r"\b(?:the\s+)?(near|short|long|medium)\s+term\b|\ba\s+later\s+date\b|\bthe\s+years\s+ahead\b",
    5,
)
def _near_term(m: re.Match[str]) -> _Spec | None:
    if not m.group(0).lower().startswith(("the", "a ")):
        return None  # "long-term debt" is an adjective
    return _Spec("DATE", "ref", "FUTURE_REF")


@_rule(
    "clock_words",
    r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?::([0-5]\d))?(?:\s+o'clock)?\s+in\s+the\s+(morning|afternoon|evening)\b",
    8,
)
def _clock_words(m: re.Match[str]) -> _Spec | None:
    w = m.group(1).lower()
    hour = int(w) if w.isdigit() else _NUMBERS[w]
    if not 1 <= hour <= 12:
        return None
    if m.group(3).lower() != "morning" and hour != 12:
        hour += 12
    # "3:30 in the afternoon" is 15:30.
    return _Spec("TIME", "clock", None, (hour % 24, int(m.group(2) or 0), "dct", 0))


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _easter(year: int) -> dt.date:
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month = (h + ll - 7 * m + 114) // 31
    day = (h + ll - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


_HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "new year's day": lambda y: dt.date(y, 1, 1),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "christmas": lambda y: dt.date(y, 12, 25),
    "boxing day": lambda y: dt.date(y, 12, 26),
    "valentine's day": lambda y: dt.date(y, 2, 14),
    "independence day": lambda y: dt.date(y, 7, 4),
    "halloween": lambda y: dt.date(y, 10, 31),
    "veterans day": lambda y: dt.date(y, 11, 11),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1),
    "easter sunday": _easter,
    "easter": _easter,
    "good friday": lambda y: _easter(y) - dt.timedelta(days=2),
}


@_rule(
    "holiday",
    r"\b(New\s+Year['’]s\s+(?:Day|Eve)|Christmas(?:\s+(?:Day|Eve))?|Boxing\s+Day|Valentine['’]s\s+Day|Independence\s+Day|"
    r"Halloween|Veterans\s+Day|Labor\s+Day|Memorial\s+Day|Thanksgiving(?:\s+Day)?|Election\s+Day|Easter(?:\s+Sunday)?|Good\s+Friday)"
    r"(?:,?\s+({_YEAR_RE}))?\b".replace("{_YEAR_RE}", _YEAR_RE),
    7,
    0,
)
def _holiday(m: re.Match[str]) -> _Spec | None:
    key = " ".join(m.group(1).lower().replace("’", "'").split())
    if m.group(2):
        return _Spec("DATE", "abs", _HOLIDAYS[key](int(m.group(2))).isoformat())
    return _Spec("DATE", "holiday", None, (key,))


@_rule(
    "the_year",
    r"\bthe\s+(?:fiscal\s+)?year(?=\s+(?:end(?:ed|ing)|to)\b)|\bthe\s+(latest|most\s+recent)\s+(?:fiscal\s+)?year\b(?![-\w])"
    r"|(?:(?<=\bof\s)|(?<=\bfor\s))the\s+(?:fiscal\s+)?year\b(?![-\w])(?!\s+(?:before|after|earlier|ago|two|nineteen))",
    3,
)
def _the_year(m: re.Match[str]) -> _Spec | None:
    if "Year" in m.group(0):
        return None  # "Man of the Year", "Player of the Year": a title
    if re.match(r"\s+(?:end(?:ed|ing)|to)\b", m.string[m.end() : m.end() + 8]):
        # "the year ended March 31": a fiscal year, a stretch of time in TimeBank.
        return _Spec("DURATION", "abs", "P1Y")
    if m.group(1):
        # "the latest fiscal year", like "the latest quarter": the last one completed.
        return _Spec("DATE", "rel", None, ("year", -1))
    return _Spec("DATE", "rel", None, ("year", 0))


@_rule("half_unit", r"\b(?:a\s+|one\s+)?half[- ](?:an?\s+)?(hour|day|year|century|decade)\b", 6)
def _half(m: re.Match[str]) -> _Spec | None:
    unit = m.group(1).lower()
    value = {"hour": "PT30M", "day": "PT12H", "year": "P6M", "decade": "P5Y", "century": "P50Y"}[
        unit
    ]
    return _Spec("DURATION", "abs", value)


# ------------------------------------------------------------------ rules: sets


@_rule(
    "set_adverb",
    r"\b(daily|weekly|monthly|annually|yearly|quarterly|hourly|nightly|biweekly|semiannually|annual|semiannual)\b",
    3,
)
def _set_adverb(m: re.Match[str]) -> _Spec | None:
    w = m.group(1).lower()
    if m.group(1)[0].isupper() and re.search(r"\w\s+$", m.string[max(0, m.start() - 3) : m.start()]):
        return None  # "the Daily Telegraph", "the Weekly Standard": a title
    value = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
             "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "semiannually": "P6M",
             "annual": "P1Y", "semiannual": "P6M"}[w]  # fmt: skip
    if w in ("annual", "semiannual"):
        return None  # "annual meeting" is an event attribute, rarely a TIMEX in TimeBank
    if re.search(
        r"(?:\b\d{1,3}(?:[.,]\d+)*\s*%?|%|\bpercent|\bper\s+cent)(?:\s+[a-z]+)?\s+$",
        m.string[max(0, m.start() - 24) : m.start()],
        re.IGNORECASE,
    ):
        return None  # "to rise 8.5% annually", "10,000 units annually": a rate, untagged in TimeBank
    if (
        w not in ("daily", "weekly", "hourly", "nightly", "monthly")
        and re.match(r"\s+[a-z]", m.string[m.end() : m.end() + 2])
        and not re.match(
            r"\s+(?:and|or|in|at|on|by|to|from|for|since|until|through|with|over|as|than)\b",
            m.string[m.end() : m.end() + 9],
        )
    ):
        # "quarterly dividend", "annually reported": a business attribute TimeBank leaves
        # out, while "his weekly address" or "hourly earnings" recur and are SETs.
        return None
    return _Spec("SET", "abs", value)


@_rule(
    "set_every",
    rf"\b(every|each|per|a)\s+(?:other\s+)?(day|week|month|year|quarter|hour|minute|morning|night|evening|weekend|{_WD_RE}|(?:(?:{_NUM_WORD}|\d{{1,3}})\s+(?:days|weeks|months|years|hours)))\b",
    6,
)
def _set_every(m: re.Match[str]) -> _Spec | None:
    what = m.group(2).lower()
    if m.group(1).lower() == "a" and what not in ("day", "week", "month", "year", "hour"):
        return None
    if m.group(1).lower() == "a":
        # "twice a year" is a set, "a year" alone a duration: require a frequency word before.
        before = m.string[max(0, m.start() - 12) : m.start()].lower()
        if not re.search(r"(once|twice|times)\s*$", before):
            return None
    if what in _WEEKDAYS:
        return _Spec("SET", "abs", f"XXXX-WXX-{_WEEKDAYS[what] + 1}")
    if what in _PARTS:
        return _Spec("SET", "abs", f"XXXX-XX-XXT{_PARTS[what]}")
    parts = what.split()
    if len(parts) == 2:
        return _Spec("SET", "abs", _duration(_num(parts[0]), _unit(parts[1])))
    return _Spec("SET", "abs", _duration(1, _unit(what)))


# ------------------------------------------------------------------ rules: times of day


@_rule(
    "clock",
    rf"\b(?:(\d{{1,2}})(?::(\d{{2}}))?\s*(a\.m\.|p\.m\.|am\b|pm\b)|(\d{{1,2}}):(\d{{2}})(?!\d)|(noon|midnight|midday))"
    rf"(?:\s+(?:local\s+time|(?-i:[A-Z]{{1,3}}T|GMT|UTC)\b))?"
    rf"(?:\s+(this|yesterday|tomorrow)\s+(morning|afternoon|evening|night)\b"
    rf"|\s*(?:on\s+)?(?:(today|tomorrow|yesterday|tonight)|({_WD_RE}))"
    rf"|,?\s+(?:on\s+)?({_MONTH_RE})\s+({_DAY_RE})\b(?!\s*(?:,\s*)?\d)(?![:.]\d))?",
    8,
)
def _clock(m: re.Match[str]) -> _Spec | None:
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
    day: tuple[object, ...]
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
    return _Spec("TIME", "clock", None, (hour, minute, *day))


# ------------------------------------------------------------------ fast rule matching
#
# Running every rule's regex over the whole text dominated the stage's cost. Each rule is
# analysed once: when every match must begin at a word start (a leading `\b`) with one of a
# few literal prefixes, the rule is tried with `match` only at word starts carrying such a
# prefix, which yields exactly what `finditer` yields. Other rules keep `finditer`.

_PREFIX_LEN = 4
_MAX_PREFIXES = 400
_SMALL_CLASS = 12
# Characters that match an ASCII letter case-insensitively without lowering to it: the
# lowered copy used to find word starts would miss them, so such texts take the slow path.
_ODD_FOLD = re.compile("[\u017f\u0130\u0131\u212a\u212b]")
_WORD = re.compile(r"\w+")

_State = tuple[str, bool, bool]
"""(prefix so far, prefix complete, a word boundary precedes it)."""


def _class_chars(items: Any) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            chars.add(chr(av).lower())
        elif op is _sre.RANGE:
            lo, hi = av
            if hi - lo > _SMALL_CLASS:
                return None
            chars.update(chr(c).lower() for c in range(lo, hi + 1))
        elif op is _sre.CATEGORY and av is _sre.CATEGORY_DIGIT:
            chars.update("0123456789")
        else:
            return None
    return chars if len(chars) <= _SMALL_CLASS else None


def _op_prefixes(op: object, av: Any) -> set[_State] | None:
    """Possible literal beginnings of one regex item; None when anything may begin it."""
    if op is _sre.LITERAL:
        return {(chr(av).lower(), False, False)}
    if op is _sre.IN:
        chars = _class_chars(av)
        return None if chars is None else {(c, False, False) for c in chars}
    if op is _sre.AT:
        return {("", False, av is _sre.AT_BOUNDARY)}
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        return {("", False, False)}
    if op is _sre.SUBPATTERN:
        return _seq_prefixes(av[-1])
    if op is _sre.BRANCH:
        out: set[_State] = set()
        for alt in av[1]:
            got = _seq_prefixes(alt)
            if got is None:
                return None
            out |= got
        return out
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        lo, _hi, body = av
        got = _seq_prefixes(body)
        if got is None:
            return None
        # After one repetition the next may follow: stop extending the prefix there.
        out = {(s, True, b) for s, _, b in got}
        return out | {("", False, False)} if lo == 0 else out
    return None


def _seq_prefixes(items: Any) -> set[_State] | None:
    cur: set[_State] = {("", False, False)}
    for op, av in items:
        nxt: set[_State] = set()
        for s, done, bounded in cur:
            if done or len(s) >= _PREFIX_LEN:
                nxt.add((s, True, bounded))
                continue
            got = _op_prefixes(op, av)
            if got is None:
                if not s:
                    return None
                nxt.add((s, True, bounded))
                continue
            for t, d2, b2 in got:
                u = (s + t)[:_PREFIX_LEN]
                nxt.add((u, d2 or len(u) >= _PREFIX_LEN, bounded or (b2 and not s)))
        while len(nxt) > _MAX_PREFIXES:
            # Too many spellings ("1999", "2004"): a shorter prefix still narrows the starts.
            longest = max(len(s) for s, _, _ in nxt)
            if longest <= 1:
                return None
            nxt = {(s[: longest - 1], True, b) for s, _, b in nxt}
        cur = nxt
    return cur


def _word_prefixes(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lowercase prefixes of the word every match starts with, or None if not so anchored."""
    got = _seq_prefixes(_sre_parse.parse(pattern.pattern, pattern.flags).data)
    if got is None:
        return None
    out: set[str] = set()
    for s, _, bounded in got:
        word = _WORD.match(s)
        if not bounded or word is None or word.start() != 0:
            return None
        out.add(word.group(0))
    return frozenset(out)


def _rule_matches(
    rule: _Rule, text: str, starts: dict[str, list[int]] | None
) -> Iterable[re.Match[str]]:
    """The same matches as `rule.pattern.finditer(text)`, trying only plausible starts."""
    prefixes = _PREFIXES.get(rule.name)
    if starts is None or prefixes is None:
        yield from rule.pattern.finditer(text)
        return
    positions = sorted({p for pre in prefixes for p in starts.get(pre, ())})
    pos = 0
    for p in positions:
        if p < pos:
            continue
        m = rule.pattern.match(text, p)
        if m is not None and m.end() > p:
            yield m
            pos = m.end()


def _word_starts(text: str) -> dict[str, list[int]] | None:
    """Word-start offsets of the lowered text keyed by each of their short prefixes."""
    low = text.lower()
    if len(low) != len(text) or _ODD_FOLD.search(text):
        return None
    starts: dict[str, list[int]] = {}
    for w in _WORD.finditer(low):
        word, p = w.group(0), w.start()
        for n in range(1, min(len(word), _PREFIX_LEN) + 1):
            starts.setdefault(word[:n], []).append(p)
    return starts


_PREFIXES = {r.name: p for r in _RULES if (p := _word_prefixes(r.pattern)) is not None}


# ------------------------------------------------------------------ candidate selection


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    rule: str
    spec: _Spec
    priority: int


def _candidates(text: str) -> list[_Cand]:
    out: list[_Cand] = []
    starts = _word_starts(text)
    for r in _RULES:
        for m in _rule_matches(r, text, starts):
            if m.end() <= m.start():
                continue
            spec = r.handler(m)
            if spec is None:
                continue
            start, end = m.start(), m.end()
            # Trim cue words the rule needed but TimeBank spans leave out: "on Monday",
            # "early Friday", "about three days", "the 14-day (strike)".
            lead = _LEAD_TRIM.get(r.name)
            cut = lead.match(text, start, end) if lead else None
            if cut and cut.end() < end:
                start = cut.end()
            if _STOP_FOLLOW.match(text, end):
                continue
            if _TITLE_UNIT.search(text, start, end) and _QUOTE_BEFORE.search(
                text, max(0, start - 2), start
            ):
                continue
            if text[end - 2 : end] in ("'s", "’s"):
                end -= 2  # TimeBank spans leave out the possessive
            out.append(_Cand(start, end, r.name, spec, r.priority))
    return out


_APPROX = r"(?:about|nearly|almost|some|more\s+than|less\s+than|over|at\s+least|up\s+to|roughly|around|approximately|just)\s+"
# "due to last 48 hours", "will last two days": the verb "last" is no part of the span.
_VERB_LAST = "|".join(
    rf"(?<=\b{w}\s)last\s+" for w in ("to", "will", "would", "could", "may", "might", "can", "should", "must")
)
_LEAD_TRIM = {
    "weekday": re.compile(r"(?:on|in|at|the(?!\s+p(?:revious|receding)\b)|early|late|earlier|later)\s+", re.IGNORECASE),
    "duration": re.compile(
        rf"(?:{_VERB_LAST})?(?:{_APPROX}|the\s+(?=[\w]+-)|an?\s+(?=\w+[- ]long\b))?", re.IGNORECASE
    ),
    "first_months": re.compile(_VERB_LAST, re.IGNORECASE),
}


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest match first (then rule priority), greedy non-overlapping choice."""
    ordered = sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    # Taken spans never overlap, so sorted by start they are sorted by end too: a new
    # span overlaps one only if it overlaps its neighbour in that order (binary search,
    # where a scan of every taken span made a document of many dates quadratic).
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[_Cand] = []
    for c in ordered:
        i = bisect.bisect_left(starts, c.start)
        if i < len(starts) and starts[i] < c.end:
            continue
        if i > 0 and ends[i - 1] > c.start:
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


# ------------------------------------------------------------------ tense

_FUTURE_WORDS = re.compile(
    r"\b(will|'ll|shall|going\s+to|scheduled|expected\s+to|plans?\s+to|planned|planning|due\s+to|set\s+to|"
    r"to\s+be\s+held|is\s+to|are\s+to|would|intends?\s+to|upcoming|next)\b",
    re.IGNORECASE,
)
_PAST_WORDS = re.compile(
    r"\b(was|were|had|did|said|ago|last|earlier|told|announced|\w+ed)\b", re.IGNORECASE
)
_FUTURE_LEMMAS = {"will", "shall", "schedule", "plan", "expect", "intend", "due", "set"}


_UNTIL = re.compile(r"\b(?:until|till|by|effective)\s+(?:early\s+|late\s+|mid-?)?$", re.IGNORECASE)


_QUOTE_MARK = re.compile(r"``|''|[\"“”]")
_HAD = re.compile(r"\b(?:had|'d)\b", re.IGNORECASE)


def _sentence_around(text: str, start: int, end: int, before: int, after: int) -> tuple[int, int]:
    """(left, right) of the sentence holding `text[start:end]`, at most `before` and
    `after` characters away: `left` is the index just before the sentence starts."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), start - before)
    ends = [p for p in (text.find(". ", end), text.find("\n", end)) if p >= 0]
    return left, min([*ends, end + after])


def _past_perfect(text: str, start: int) -> bool:
    """Whether the sentence around `start` speaks in the past perfect ("had filed")."""
    left, right = _sentence_around(text, start, start, 200, 200)
    return _HAD.search(text, left + 1, right) is not None


def _tense(ctx: _Ctx, start: int, end: int) -> str:
    """`past`, `future` or `` for the clause holding the span at `start`."""
    if start in ctx.tense_cache:
        return ctx.tense_cache[start]
    if _UNTIL.search(ctx.text, max(0, start - 16), start) and not _past_perfect(ctx.text, start):
        # "postponed until Tuesday", "must be returned by Jan. 14": a deadline lies ahead;
        # "had filed reports by Wednesday" looks back from it.
        result = "future"
    else:
        result = (
            _tense_doc(ctx, start, end) if ctx.doc is not None else _tense_regex(ctx.text, start, end)
        )
    ctx.tense_cache[start] = result
    return result


def _tense_regex(text: str, start: int, end: int) -> str:
    left, right = _sentence_around(text, start, end, 80, 60)
    window = text[left + 1 : start] + " " + text[end:right]
    fut = [x.start() for x in _FUTURE_WORDS.finditer(window)]
    past = [x.start() for x in _PAST_WORDS.finditer(window)]
    near = start - left - 1
    best_f = min((abs(p - near) for p in fut), default=10**6)
    best_p = min((abs(p - near) for p in past), default=10**6)
    if best_f < best_p:
        return "future"
    if best_p < 10**6:
        return "past"
    return ""


def _plans(verb: Token) -> bool:
    """Whether 'set' plans something ('set to vote', 'set for Friday'), not 'a record set on Aug. 6'."""
    return any(c.dep_ == "xcomp" or c.lower_ == "for" for c in verb.children)


_NEGATIVE_SUBJECTS = frozenset({"neither", "nobody", "none", "no-one"})


def _refused(verb: Token) -> bool:
    """Whether the clause of `verb` is negated: `not`, `never`, or a subject like `neither`."""
    return any(
        c.dep_ == "neg"
        or (c.dep_ in ("nsubj", "nsubjpass") and (
            c.lower_ in _NEGATIVE_SUBJECTS
            or any(d.dep_ in ("det", "preconj") and d.lower_ in ("no", "neither")
                   for d in c.children)))
        for c in verb.children
    )


# Verbs whose past is spelt like their present: "hurt", "cut", "set", "put".
_SAME_PAST = frozenset({
    "bet", "bid", "broadcast", "burst", "cast", "cost", "cut", "forecast", "hit", "hurt", "let",
    "put", "quit", "read", "rid", "set", "shed", "shut", "split", "spread", "thrust", "upset",
})
_SINGULAR_PRONOUNS = frozenset({"he", "she", "it", "this", "that", "one"})


def _bare_past(verb: Token) -> bool:
    """Whether a "present" verb spelt like its past must be past: a singular subject.

    "Weakness in big stocks hurt the composite": a present would be "hurts".
    """
    if verb.tag_ != "VBP" or verb.lower_ not in _SAME_PAST:
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(subjects) and all(
        (s.tag_ in ("NN", "NNP") or s.lower_ in _SINGULAR_PRONOUNS)
        and not any(c.dep_ in ("conj", "cc") for c in s.children)
        for s in subjects
    )


def _tense_doc(ctx: _Ctx, start: int, end: int) -> str:
    doc = ctx.doc
    assert doc is not None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return _tense_regex(ctx.text, start, end)
    tok = span.root
    verb = tok
    for _ in range(8):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return _tense_regex(ctx.text, start, end)
    lo, hi = sorted((end, verb.idx))
    if _QUOTE_MARK.search(ctx.text, lo, hi):
        # "Wechsler on Thursday: ``Without commenting ... is inaccurate'' ": the verb the
        # parse found is inside a quotation the date is not in, so it tells nothing.
        return ""
    for _ in range(3):
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        lowers = {a.lower_ for a in auxes}
        if lowers & {"will", "'ll", "shall", "wo"}:
            return "future"
        if "had" in lowers:
            return "past"  # "had been scheduled for Friday": a plan seen from the past
        if (
            verb.dep_ == "acl"
            and verb.tag_ == "VBN"
            and verb.lemma_ in _FUTURE_LEMMAS
            and verb.head.head.pos_ in ("VERB", "AUX")
            and verb.head.head is not verb.head
        ):
            # "a service planned for Saturday was canceled": the clause verb sets the time.
            verb = verb.head.head
            continue
        if (
            verb.lemma_ in _FUTURE_LEMMAS
            and verb.tag_ in ("VBN", "VBZ", "VBP", "VBG")
            and (verb.lemma_ != "set" or _plans(verb))
        ):
            return "future"
        if verb.tag_ == "VBG" and lowers & {"is", "are", "'s", "'re", "am"}:
            return "future"
        if (
            lowers & {"to"}
            or verb.tag_ == "VB"
            and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
        ):
            # Infinitive: look at what governs it ("agreed to meet", "plans to meet").
            head = verb.head
            if head is verb:
                return "future"
            if head.pos_ not in ("VERB", "AUX") and head.head is not head:
                head = head.head  # "had been due to expire Friday": the copula carries the tense
            if any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had" for c in head.children):
                return "past"  # "had been scheduled to expire Friday": a plan seen from the past
            if head.lemma_ in _FUTURE_LEMMAS or head.tag_ in ("VBZ", "VBP", "VB"):
                return "future"
            if head.tag_ == "VBD":
                return _tense_regex(ctx.text, start, end) or "past"
            verb = head
            continue
        if verb.tag_ == "VBD" or lowers & {"was", "were", "had", "did", "has", "have"}:
            return "past"
        if not lowers and _bare_past(verb):
            return "past"
        if verb.tag_ == "VBN" and verb.dep_ == "acl" and not lowers:
            return "past"  # "its record high set on Aug. 6": a participle reports a done act
        if verb.tag_ in ("VBZ", "VBP") or (
            verb.tag_ == "VBN" and lowers & {"is", "are", "am", "'s", "'re"}
        ):
            return "present"  # "is believed to be seeking ... in June": not a report of the past
        if (verb.tag_ == "VBG" and not lowers and verb.dep_ in ("advcl", "conj")
                and verb.head.pos_ in ("VERB", "AUX") and verb.head is not verb):
            # "has fluctuated ..., rising to $42 in June from $29 in March": a participle
            # clause happens when the clause it hangs on does.
            verb = verb.head
            continue
        if lowers & {"would", "could", "might", "may", "should", "must", "can"}:
            if lowers & {"would", "could"} and verb.dep_ == "ROOT" and _refused(verb):
                # "Neither side would confirm the figures on Wednesday", "he could not
                # say Friday": a refusal reported in a main clause happened already.
                return "past"
            return "future"
        break
    return _tense_regex(ctx.text, start, end)


# ------------------------------------------------------------------ resolution


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + delta
    return idx // 12, idx % 12 + 1


def _quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def _add_years(d: dt.date, n: int) -> dt.date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


def _rel_value(unit: str, offset: int, ref: dt.date) -> str | None:
    if unit == "year":
        return f"{ref.year + offset:04d}"
    if unit == "month":
        y, m = _shift_month(ref.year, ref.month, offset)
        return f"{y:04d}-{m:02d}"
    if unit == "week":
        iso = (ref + dt.timedelta(weeks=offset)).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if unit == "weekend":
        iso = (ref + dt.timedelta(weeks=offset)).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}-WE"
    if unit == "quarter":
        q = ref.year * 4 + _quarter_of(ref) - 1 + offset
        return f"{q // 4:04d}-Q{q % 4 + 1}"
    if unit == "decade":
        return f"{ref.year // 10 + offset:03d}X"
    if unit == "century":
        return f"{ref.year // 100 + offset:02d}XX"
    if unit == "day":
        return (ref + dt.timedelta(days=offset)).isoformat()
    return None


def _shift_value(value: str, n: int, unit: str) -> str | None:
    """`value` moved by `n` units, kept at its own granularity."""
    day = _parse_day(value)
    if day is not None:
        return _shift_date(day, n, unit)
    m = re.fullmatch(r"(\d{4})(?:-(Q[1-4]|H[12]|\d{2}|W\d{2}))?", value)
    if not m:
        return None
    year = int(m.group(1))
    part = m.group(2)
    if unit == "Y":
        return f"{year + n:04d}" + (f"-{part}" if part else "")
    if unit == "Q" and part and part.startswith("Q"):
        q = year * 4 + int(part[1]) - 1 + n
        return f"{q // 4:04d}-Q{q % 4 + 1}"
    if unit == "M" and part and part.isdigit():
        y, mo = _shift_month(year, int(part), n)
        return f"{y:04d}-{mo:02d}"
    return None


def _shift_date(day: dt.date, n: int, unit: str) -> str | None:
    if unit == "D":
        return (day + dt.timedelta(days=n)).isoformat()
    if unit == "W":
        iso = (day + dt.timedelta(weeks=n)).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if unit == "M":
        y, m = _shift_month(day.year, day.month, n)
        return f"{y:04d}-{m:02d}"
    if unit == "Y":
        return f"{day.year + n:04d}"
    if unit == "Q":
        q = day.year * 4 + _quarter_of(day) - 1 + n
        return f"{q // 4:04d}-Q{q % 4 + 1}"
    if unit == "DE":
        return f"{day.year + 10 * n:04d}"
    return None


def _resolve(c: _Cand, ctx: _Ctx) -> tuple[str | None, str | None, str]:
    """(value, anchor, type) of a candidate in its context."""
    s = c.spec
    dct = ctx.dct
    if s.kind in ("abs", "ref"):
        return s.value, None, s.type
    if s.kind == "year":
        return s.value, None, s.type
    if dct is None:
        return None, None, s.type
    if s.kind == "day":
        offset, part = s.args
        day = dct + dt.timedelta(days=int(offset))  # type: ignore[call-overload]
        value = day.isoformat() + (f"T{part}" if part else "")
        return value, "DCT", s.type
    if s.kind == "rel":
        unit, offset = s.args
        return _rel_value(str(unit), int(offset), dct), "DCT", s.type  # type: ignore[call-overload]
    if s.kind == "season":
        code, offset = s.args
        year = dct.year
        if offset is None:
            tense = _tense(ctx, c.start, c.end)
            offset = 0
            # "spring" talked about in future tense after it ended is next year's.
            season_idx = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[str(code)]
            if tense == "future" and season_idx + 2 < dct.month:
                offset = 1
            elif tense == "past" and season_idx > dct.month:
                offset = -1
        elif int(offset) != 0:  # type: ignore[call-overload]
            season_idx = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[str(code)]
            # "last summer" in November is this year's; "next spring" in December is next year's.
            if int(offset) < 0:  # type: ignore[call-overload]
                offset = 0 if season_idx + 2 < dct.month else -1
            else:
                offset = 0 if season_idx > dct.month else 1
        if code == "WI" and dct.month <= 2 and offset == 0:
            year -= 1
        return f"{year + int(offset):04d}-{code}", "DCT", s.type  # type: ignore[call-overload]
    if s.kind == "month":
        month, rel, weak = s.args
        month = int(month)  # type: ignore[call-overload]
        if weak and not _month_context(ctx.text, c.start, c.end):
            return None, None, "DROP"
        year = dct.year
        if rel in ("last", "past", "previous"):
            year = dct.year if month < dct.month else dct.year - 1
        elif rel in ("next", "coming"):
            year = dct.year if month > dct.month else dct.year + 1
        elif rel == "this":
            year = dct.year
        else:
            firsts = [dt.date(y, month, 1) for y in (dct.year - 1, dct.year, dct.year + 1)]
            at = _dates_the_act(ctx, c.start)
            year = _nearest(firsts, dct.replace(day=1), _tense(ctx, c.start, c.end), at).year
        return f"{year:04d}-{month:02d}", "DCT", s.type
    if s.kind == "monthday":
        month, day = (int(x) for x in s.args)  # type: ignore[call-overload]
        candidates = [
            dt.date(y, month, day)
            for y in (dct.year - 1, dct.year, dct.year + 1)
            if _valid(y, month, day)
        ]
        if not candidates:
            return None, None, s.type
        at = _dates_the_act(ctx, c.start)
        best = _nearest(candidates, dct, _tense(ctx, c.start, c.end), at)
        return best.isoformat(), "DCT", s.type
    if s.kind == "weekday":
        wd, rel, part = s.args
        wd = int(wd)  # type: ignore[call-overload]
        base = dct
        if rel == "possessive":
            # "Wednesday's ruling": an event already known, mostly the past one.
            rel = ""
        delta = (wd - base.weekday()) % 7
        anchor = "DCT"
        if rel in ("next", "coming", "this coming"):
            day = base + dt.timedelta(days=delta or 7)
        elif rel in ("last", "past", "this past"):
            day = base - dt.timedelta(days=(base.weekday() - wd) % 7 or 7)
        elif rel in ("the previous", "the preceding"):
            # "the previous Friday": the one before the day the text is on, else before the DCT.
            last = _parse_day(ctx.last_date[1]) if ctx.last_date else None
            if last is not None and ctx.last_date:
                base, anchor = last, f"timex:{ctx.last_date[0]}"
            day = base - dt.timedelta(days=(base.weekday() - wd) % 7 or 7)
        else:
            tense = _tense(ctx, c.start, c.end) if s.args[1] != "possessive" else ""
            # Present simple with a weekday is a schedule: "they meet Monday".
            if tense in ("future", "present"):
                day = base + dt.timedelta(days=delta)
            else:
                # No cue or past tense: news mostly reports the nearest past day.
                day = base - dt.timedelta(days=(base.weekday() - wd) % 7)
        value = day.isoformat() + (f"T{part}" if part else "")
        return value, anchor, s.type
    if s.kind == "weekday_week":
        wd, offset = (int(x) for x in s.args)  # type: ignore[call-overload]
        monday = dct - dt.timedelta(days=dct.weekday()) + dt.timedelta(weeks=offset)
        return (monday + dt.timedelta(days=wd)).isoformat(), "DCT", s.type
    if s.kind == "shift_part":
        sign, part = s.args
        last = _parse_day(ctx.last_date[1]) if ctx.last_date else None
        anchor = f"timex:{ctx.last_date[0]}" if last is not None and ctx.last_date else "DCT"
        day = (last or dct) + dt.timedelta(days=int(sign))  # type: ignore[call-overload]
        return f"{day.isoformat()}T{part}", anchor, s.type
    if s.kind == "dom":
        (dom,) = s.args
        last = _parse_day(ctx.last_date[1]) if ctx.last_date else None
        ref = last or dct
        if not _valid(ref.year, ref.month, int(dom)):  # type: ignore[call-overload]
            return None, None, s.type
        anchor = f"timex:{ctx.last_date[0]}" if last is not None and ctx.last_date else "DCT"
        return dt.date(ref.year, ref.month, int(dom)).isoformat(), anchor, s.type  # type: ignore[call-overload]
    if s.kind == "holiday":
        (key,) = s.args
        days = [_HOLIDAYS[str(key)](y) for y in (dct.year - 1, dct.year, dct.year + 1)]
        best = _nearest(days, dct, _tense(ctx, c.start, c.end))
        return best.isoformat(), "DCT", s.type
    if s.kind == "month_year_rel":
        month, offset = (int(x) for x in s.args)  # type: ignore[call-overload]
        return f"{dct.year + offset:04d}-{month:02d}", "DCT", s.type
    if s.kind == "weekend":
        offset, bare = s.args
        day = dct + dt.timedelta(weeks=int(offset))  # type: ignore[call-overload]
        if bare:
            # "over the weekend": the last one in past tense, the coming one otherwise.
            future = _tense(ctx, c.start, c.end) in ("future", "present")
            if not future and dct.weekday() < 5:
                day = dct - dt.timedelta(weeks=1)
        iso = day.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}-WE", "DCT", s.type
    if s.kind == "shift":
        n, unit, anchored = s.args[:3]
        soft = len(s.args) > 3 and bool(s.args[3])
        n = int(n)  # type: ignore[call-overload]
        unit = str(unit)
        if soft and ctx.last_quarter is not None and c.start - ctx.last_quarter[0] < 1500:
            # "a year ago" after a quarter in business news compares that quarter.
            shifted = _shift_value(ctx.last_quarter[1], n, unit)
            if shifted is not None:
                return shifted, f"timex:{ctx.last_quarter[0]}", s.type
        if anchored and ctx.last_date is not None:
            last_day = _parse_day(ctx.last_date[1])
            if c.rule == "year_earlier" and last_day is not None:
                # "results for the quarter ended Sept. 30 ... a year earlier": that day a year before.
                return _add_years(last_day, n).isoformat(), f"timex:{ctx.last_date[0]}", s.type
            shifted = _shift_value(ctx.last_date[1], n, unit)
            if shifted is not None:
                return shifted, f"timex:{ctx.last_date[0]}", s.type
        value = _shift_date(dct, n, unit)
        return value, "DCT", s.type
    if s.kind == "anchored":
        unit, deictic = s.args
        unit = str(unit)
        if ctx.last_date is None and deictic:
            # "later in the week" with no date before it: the DCT's week.
            if unit in _PARTS:
                return f"{dct.isoformat()}T{_PARTS[unit]}", "DCT", s.type
            return _rel_value(unit, 0, dct), "DCT", s.type
        if ctx.last_date is None:
            return None, None, s.type
        start, value = ctx.last_date
        day = _parse_day(value)
        if unit in _PARTS:
            return (f"{value}T{_PARTS[unit]}" if day else None), f"timex:{start}", s.type
        if unit == "day":
            if day is None and re.fullmatch(r"\d{4}-\d{2}", value):
                value += "-XX"  # "in October ... that same day": a day of that month, unknown
            return (value if day or value.endswith("-XX") else None), f"timex:{start}", s.type
        if day is not None:
            return _rel_value(unit, 0, day), f"timex:{start}", s.type
        if unit == "year":
            return value[:4], f"timex:{start}", s.type
        if unit == "quarter" and "-Q" in value:
            return value, f"timex:{start}", s.type
        return None, f"timex:{start}", s.type
    if s.kind == "quarter_n":
        letter, n, shift = s.args
        n = int(n)  # type: ignore[call-overload]
        year = dct.year + int(shift)  # type: ignore[call-overload]
        future = _tense(ctx, c.start, c.end) == "future"
        # A quarter not yet begun is last year's, unless the text looks ahead.
        if letter == "Q" and n > _quarter_of(dct) and int(shift) == 0 and not future:  # type: ignore[call-overload]
            year -= 1
        if letter == "H" and n == 2 and dct.month <= 6 and _tense(ctx, c.start, c.end) != "future":
            year -= 1
        return f"{year:04d}-{letter}{n}", "DCT", s.type
    if s.kind == "quarter_year":
        letter, n, offset = s.args
        return f"{dct.year + int(offset):04d}-{letter}{n}", "DCT", s.type  # type: ignore[call-overload]
    if s.kind == "quarter_last":
        (shift,) = s.args
        q = dct.year * 4 + _quarter_of(dct) - 2 + 4 * int(shift)  # type: ignore[call-overload]
        return f"{q // 4:04d}-Q{q % 4 + 1}", "DCT", s.type
    if s.kind == "part":
        (part,) = s.args
        day = _reported_day(ctx, dct)
        return f"{day.isoformat()}T{part}", "DCT", s.type
    if s.kind == "clock":
        hour, minute, how, arg = s.args
        if how == "day":
            day = dct + dt.timedelta(days=int(arg))  # type: ignore[call-overload]
        elif how == "monthday":
            month, dom = divmod(int(arg), 100)  # type: ignore[call-overload]
            days = [
                dt.date(y, month, dom)
                for y in (dct.year - 1, dct.year, dct.year + 1)
                if _valid(y, month, dom)
            ]
            day = _nearest(days, dct, _tense(ctx, c.start, c.end))
        elif how == "weekday":
            if _tense(ctx, c.start, c.end) in ("future", "present"):
                day = dct + dt.timedelta(days=(int(arg) - dct.weekday()) % 7)  # type: ignore[call-overload]
            else:
                day = dct - dt.timedelta(days=(dct.weekday() - int(arg)) % 7)  # type: ignore[call-overload]
        else:
            day = _reported_day(ctx, dct)
        return f"{day.isoformat()}T{int(hour):02d}:{int(minute):02d}", "DCT", s.type  # type: ignore[call-overload]
    return None, None, s.type


def _reported_day(ctx: _Ctx, dct: dt.date) -> dt.date:
    """The day a bare time of day belongs to: the day last mentioned, else the DCT."""
    last = _parse_day(ctx.last_date[1]) if ctx.last_date else None
    return last if last is not None and abs((last - dct).days) <= 7 else dct


# A date after these says when the clause's own act happens ("changed ... in December",
# "met on Oct. 31"); after "to", "until" or "by" it may be a target ahead of the act.
_AT_PREPOSITION = re.compile(r"\b(?:in|on|since|during)\s+(?:early\s+|late\s+|mid-?)?$",
                             re.IGNORECASE)


def _dates_the_act(ctx: _Ctx, start: int) -> bool:
    """Whether the expression at `start` follows "in"/"on"/"since" hung on the clause verb.

    "changed ... in December" dates the act; "talked about the visit in September" and
    "a cutback in September" date a noun, which may lie ahead of the verb's time.
    """
    if not _AT_PREPOSITION.search(ctx.text, max(0, start - 16), start):
        return False
    if ctx.doc is None:
        return False
    span = ctx.doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    i = span.start - 1
    while i >= 0 and ctx.doc[i].lower_ in ("early", "late", "mid", "-"):
        i -= 1
    return i >= 0 and ctx.doc[i].head.pos_ in ("VERB", "AUX")


def _nearest(days: list[dt.date], dct: dt.date, tense: str, at: bool = False) -> dt.date:
    """The day closest to the DCT, days against the tense counting four times as far.

    A past verb often governs a clause that names a coming date ("the offer was
    extended to Nov. 16"), so tense only tips the balance instead of deciding it; with
    `at` (the date follows "in", "on", "since") the act itself is dated, and tense
    counts eight times.
    """
    weight = 8 if at else 4

    def cost(d: dt.date) -> int:
        distance = abs((d - dct).days)
        against = (tense == "past" and d > dct) or (tense == "future" and d < dct)
        return distance * weight if against else distance

    return min(days, key=cost)


def _month_context(text: str, start: int, end: int) -> bool:
    """A lone `May`/`March` is a month only beside a date cue (`in May`, `May 1998`)."""
    before = text[max(0, start - 12) : start].lower()
    return bool(
        re.search(
            r"\b(in|since|until|by|from|through|early|late|mid|of|last|next|this|during|before|after)\s*$",
            before,
        )
    )


# ------------------------------------------------------------------ entry point


_COORD = re.compile(r"\s+(?:and|or)\s+", re.IGNORECASE)
_PLURAL_UNIT = re.compile(r"(?:minutes|hours|days|weeks|months|years|decades)$", re.IGNORECASE)


_T = TypeVar("_T")


def _merge_pairs(items: list[_T], merged: Callable[[_T, _T], _T | None]) -> list[_T]:
    """`items` with each neighbour pair that `merged` joins replaced by the join."""
    out: list[_T] = []
    for item in items:
        joined = merged(out[-1], item) if out else None
        if joined is not None:
            out[-1] = joined
        else:
            out.append(item)
    return out


def _join_coordinated(chosen: list[_Cand], text: str) -> list[_Cand]:
    """ "weeks or months", "recent weeks and months": TimeBank spans a coordination of
    bare units as one expression, valued by its first unit."""

    def merged(prev: _Cand, c: _Cand) -> _Cand | None:
        if (
            c.rule == "bare_units"
            and prev.rule in ("bare_units", "recent_units")
            and _PLURAL_UNIT.search(text, prev.start, prev.end)
            and _COORD.fullmatch(text, prev.end, c.start)
        ):
            return _Cand(prev.start, c.end, prev.rule, prev.spec, prev.priority)
        return None

    return _merge_pairs(chosen, merged)


def tag(text: str, dct: dt.date | None, doc: Doc | None = None) -> list[Timex]:
    """TIMEX3 expressions of `text`, resolved against `dct` and the discourse, sorted by start."""
    ctx = _Ctx(text=text, dct=dct, doc=doc)
    out: list[Timex] = []
    for c in _join_coordinated(_select(_candidates(text)), text):
        try:
            value, anchor, kind = _resolve(c, ctx)
        except (ValueError, OverflowError):
            # The day it names falls outside years 1-9999 (a DCT of 0001-01-01 or
            # 9999-12-31 and "last month", "tomorrow"): kept, unresolved.
            value, anchor, kind = None, None, c.spec.type
        if kind == "DROP":
            continue
        out.append(
            Timex(c.start, c.end, text[c.start : c.end], kind, value, anchor, c.spec.mod, c.rule)
        )
        if c.rule == "year_earlier" or not value or kind != "DATE":
            continue  # a comparison ("a year earlier") is not a new reference point
        if re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?|-Q[1-4])?", value):
            ctx.last_date = (c.start, value)
        if "-Q" in value:
            ctx.last_quarter = (c.start, value)
    return _day_beside(
        _part_then_day(_week_of_named_day(_date_following_clocks(out, text), text), text), text
    )


_CLOCK_THEN_DAY = re.compile(r",?\s*(?:on\s+)?", re.IGNORECASE)
_DAY_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}")


_WEEK_OF = re.compile(r"\bthe\s+week\s+of\s+$", re.IGNORECASE)


def _widen_left(
    found: list[Timex], text: str, phrase: re.Pattern[str], value: Callable[[re.Match[str], dt.date], str]
) -> list[Timex]:
    """Each DATE naming one day, widened over the `phrase` right before it and revalued.

    `phrase` must end with `$`; `value` gives the new value from its match and the day.
    """
    out: list[Timex] = []
    for t in found:
        near = phrase.search(text, max(0, t.start - 20), t.start) if t.type == "DATE" else None
        day = _parse_day(t.value) if near and t.value else None
        if near and day is not None and not (out and out[-1].end > near.start()):
            t = replace(t, start=near.start(), text=text[near.start() : t.end], value=value(near, day))
        out.append(t)
    return out


def _week_of_named_day(found: list[Timex], text: str) -> list[Timex]:
    """ "the week of March 6": one DATE, the ISO week holding that day."""

    def week(_: re.Match[str], day: dt.date) -> str:
        iso = day.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"

    return _widen_left(found, text, _WEEK_OF, week)


def _date_following_clocks(found: list[Timex], text: str) -> list[Timex]:
    """ "at 14:00 GMT on 20 March 2013": a bare clock time takes the day named right after it."""
    out = list(found)
    for i, t in enumerate(out[:-1]):
        nxt = out[i + 1]
        if t.rule == "clock" and t.anchor == "DCT" and _time_then_day(t, nxt, text, _CLOCK_THEN_DAY):
            out[i] = replace(t, value=f"{nxt.value}T{(t.value or '').split('T', 1)[1]}")
    return out


def _time_then_day(t: Timex, nxt: Timex, text: str, gap: re.Pattern[str]) -> bool:
    """Whether a time of day `t` is followed, across `gap`, by a DATE naming one day."""
    return bool(
        t.value
        and "T" in t.value
        and nxt.type == "DATE"
        and nxt.value
        and _DAY_VALUE.fullmatch(nxt.value)
        and gap.fullmatch(text, t.end, nxt.start)
    )


_DAY_BESIDE = re.compile(r"\bthe\s+day\s+(before|after)\s+$", re.IGNORECASE)


def _day_beside(found: list[Timex], text: str) -> list[Timex]:
    """ "the day before last Tuesday", "the day after Christmas": one DATE, a day away."""

    def beside(near: re.Match[str], day: dt.date) -> str:
        return (day + dt.timedelta(days=-1 if near.group(1).lower() == "before" else 1)).isoformat()

    return _widen_left(found, text, _DAY_BESIDE, beside)


_PART_GAP = re.compile(r"\s+(?:on\s+)?")


def _part_then_day(found: list[Timex], text: str) -> list[Timex]:
    """ "mid-afternoon yesterday", "early morning Tuesday": the part of that day, one TIME."""

    def merged(prev: Timex, t: Timex) -> Timex | None:
        if prev.rule == "part_of_day" and _time_then_day(prev, t, text, _PART_GAP):
            return replace(
                prev,
                end=t.end,
                text=text[prev.start : t.end],
                value=f"{t.value}T{(prev.value or '').split('T', 1)[1]}",
                anchor=t.anchor,
            )
        return None

    return _merge_pairs(found, merged)
