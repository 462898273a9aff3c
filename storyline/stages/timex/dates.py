"""Rules for dates written with a calendar word or number: day, month, year, decade, century."""

from __future__ import annotations

import re

from storyline.stages.timex.rule import _rule
from storyline.stages.timex.specs import Fixed, Month, MonthDay, MonthOfYear, Spec
from storyline.stages.timex.vocab import (
    _CARDINALS,
    _DAY_RE,
    _DECADE_STARTS,
    _DIGITS,
    _MOD_WORDS,
    _MONTH_RE,
    _MONTH_WORDS,
    _NUMBERS,
    _ORD_RE,
    _ORDINAL_NUMERALS,
    _ORDINALS,
    _SEASON_RE,
    _SEASONS,
    _WD_RE,
    _WEEKDAY_WORDS,
    _YEAR_RE,
    _YEAR_STARTS,
    _day_num,
    _mod,
    _month_alternation,
    _month_num,
    _valid,
    _year_num,
)

# ------------------------------------------------------------------ rules: absolute dates


def _day(y: int, mo: int, d: int) -> Spec | None:
    """The calendar day y-mo-d, or no time expression when there is no such day."""
    return Fixed(type="DATE", value=f"{y:04d}-{mo:02d}-{d:02d}") if _valid(y, mo, d) else None


@_rule("month_day_year", rf"\b(?:{_WD_RE},?\s+)?({_MONTH_RE})\s+({_DAY_RE}),?\s+({_YEAR_RE})\b", 10, triggers=_WEEKDAY_WORDS + _MONTH_WORDS)
def _month_day_year(m: re.Match[str]) -> Spec | None:
    y, mo, d = int(m.group(3)), _month_num(m.group(1)), _day_num(m.group(2))
    return _day(y, mo, d)


@_rule(
    "day_month_year",
    rf"\b(?:{_WD_RE},?\s+(?:the\s+)?)?({_DAY_RE})\s+(?:of\s+)?({_MONTH_RE}),?\s+({_YEAR_RE})\b",
    10,
    triggers=_WEEKDAY_WORDS + _DIGITS,
)
def _day_month_year(m: re.Match[str]) -> Spec | None:
    y, mo, d = int(m.group(3)), _month_num(m.group(2)), _day_num(m.group(1))
    return _day(y, mo, d)


@_rule("iso_date", r"\b(\d{4})-(\d{2})-(\d{2})\b", 10, triggers=_DIGITS)
def _iso_date(m: re.Match[str]) -> Spec | None:
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return Fixed(type="DATE", value=m.group(0)) if _valid(y, mo, d) else None


@_rule("slash_date", r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])", 10, triggers=None, needs="/")  # opens with a lookbehind: a match may start at any digit
def _slash_date(m: re.Match[str]) -> Spec | None:
    # US order month/day/year: storyline reads English-language news, mostly US wires.
    mo, d, y = int(m.group(1)), int(m.group(2)), _year_num(m.group(3))
    return _day(y, mo, d)


@_rule(
    "month_day",
    rf"\b(?:{_WD_RE},?\s+)?({_MONTH_RE})\s+({_DAY_RE})\b(?!\s*(?:,\s*)?\d)(?![:.]\d)",
    8,
    triggers=_WEEKDAY_WORDS + _MONTH_WORDS,
)
def _month_day(m: re.Match[str]) -> Spec | None:
    mo, d = _month_num(m.group(1)), _day_num(m.group(2))
    if not _valid(2000, mo, d):
        return None
    if m.group(1).lower() == "may" and m.group(1)[0] == "m":
        return None
    return MonthDay(type="DATE", month=mo, day=d)


# Days spelt as ordinals ("March eighth", "the twenty-first"): the lexicon's ordinal words
# (first to twentieth, thirtieth), twenty-first to twenty-ninth, thirty-first.
_ORD_SPELT = {w: n for w, n in _ORDINALS.items() if w.isalpha()}
_ORD_UNITS = [w for w, n in _ORD_SPELT.items() if n <= 9]
_ORD_WORDS = (
    _ORD_SPELT | {f"twenty-{w}": 20 + _ORD_SPELT[w] for w in _ORD_UNITS} | {"thirty-first": 31}
)
_ORD_WORD_RE = (
    f"(?:(?:twenty[- ])?(?:{'|'.join(_ORD_UNITS)})|"
    + "|".join(w for w, n in _ORD_SPELT.items() if n >= 10)
    + "|thirty[- ]first)"
)


@_rule("month_day_words", rf"\b(?:{_WD_RE},?\s+)?({_MONTH_RE})\s+(?:the\s+)?({_ORD_WORD_RE})\b", 8, triggers=_WEEKDAY_WORDS + _MONTH_WORDS)
def _month_day_words(m: re.Match[str]) -> Spec | None:
    # Broadcast transcripts spell days out: "Sunday, March eighth".
    word = m.group(1)
    if not word[0].isupper():
        return None
    mo, d = _month_num(word), _ORD_WORDS[m.group(2).lower().replace(" ", "-")]
    return MonthDay(type="DATE", month=mo, day=d) if _valid(2000, mo, d) else None


@_rule(
    "day_month",
    rf"\b(?:{_WD_RE},?\s+(?:the\s+)?|the\s+)?({_DAY_RE})\s+(?:of\s+)?({_MONTH_RE})(?!\w)(?!\s*,?\s*\d)",
    7,
    re.IGNORECASE,
    triggers=(_WEEKDAY_WORDS + ("the",) + _DIGITS),
)
def _day_month(m: re.Match[str]) -> Spec | None:
    mo, d = _month_num(m.group(2)), _day_num(m.group(1))
    if not m.group(2)[0].isupper() or not _valid(2000, mo, d):
        return None
    return MonthDay(type="DATE", month=mo, day=d)


@_rule("month_rel_year", rf"\b({_MONTH_RE})(?:\s+of)?\s+(this|last|next)\s+year\b", 9, triggers=_MONTH_WORDS)
def _month_rel_year(m: re.Match[str]) -> Spec | None:
    if not m.group(1)[0].isupper():
        return None
    offset = {"this": 0, "last": -1, "next": 1}[m.group(2).lower()]
    return MonthOfYear(type="DATE", month=_month_num(m.group(1)), offset=offset)


@_rule("every_month", rf"\b(?:every|each)\s+({_MONTH_RE}|{_SEASON_RE})(?!\w)", 9, triggers=("every", "each"))
def _every_month(m: re.Match[str]) -> Spec | None:
    w = m.group(1).lower().rstrip(".")
    if w in _SEASONS:
        return Fixed(type="SET", value=f"XXXX-{_SEASONS[w]}")
    return Fixed(type="SET", value=f"XXXX-{_month_num(w):02d}")


@_rule("month_year", rf"\b({_MONTH_RE}),?\s+(?:of\s+)?({_YEAR_RE})\b", 9, triggers=_MONTH_WORDS)
def _month_year(m: re.Match[str]) -> Spec | None:
    if not m.group(1)[0].isupper():
        return None
    return Fixed(type="DATE", value=f"{int(m.group(2)):04d}-{_month_num(m.group(1)):02d}")


@_rule(
    "month",
    r"\b(?:(early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|the\s+start\s+of|end|"
    r"beginning|start)[- ]+)?((?:this|last|next|past|coming|previous)\s+)?"
    # A capitalised month name (checked by the handler), an abbreviation with its dot.
    + "(" + _month_alternation(r"\.") + r")(?!\w)",
    5,
    triggers=(_MOD_WORDS + ("this", "last", "next", "past", "coming", "previous") + _MONTH_WORDS),
)
def _month(m: re.Match[str]) -> Spec | None:
    word = m.group(3)
    if not word[0].isupper():
        return None
    mod = _mod(m.group(1))
    rel = (m.group(2) or "").strip().lower()
    # "May" and "March" are also a verb/modal: alone they need a cue word.
    if word in ("May", "March") and not (rel or mod):
        return Month(type="DATE", month=_month_num(word), rel="", weak=True, mod=mod)
    return Month(type="DATE", month=_month_num(word), rel=rel, weak=False, mod=mod)


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
    triggers=(_MOD_WORDS + ("fiscal", "calendar", "fy") + _YEAR_STARTS),
)
def _year(m: re.Match[str]) -> Spec | None:
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
    return Fixed(type="DATE", value=f"{y:04d}", mod=_mod(m.group(1)))


@_rule("decade", r"\b(?:the\s+)?(?:(early|late|mid)[- ]+)?(1[5-9]\d|20\d)0'?s\b", 6, triggers=(("the", "early", "late", "mid") + _DECADE_STARTS))
def _decade(m: re.Match[str]) -> Spec | None:
    return Fixed(type="DATE", value=m.group(2) + "X", mod=_mod(m.group(1)))


@_rule("decade_short", r"\b(?:the\s+)?(?:(early|late|mid)[- ]+)?['’]([2-9])0s\b", 6, triggers=None, needs="0s")  # may open with an apostrophe ('90s)
def _decade_short(m: re.Match[str]) -> Spec | None:
    return Fixed(type="DATE", value=f"19{m.group(2)}X", mod=_mod(m.group(1)))


@_rule(
    "century",
    rf"\b(?:the\s+)?(?:(early|late|mid)[- ]+)?({_ORD_RE}|(?:[1-9]|1\d|2[01])(?:st|nd|rd|th)|nineteenth|twentieth|twenty-first)[- ]century\b",
    6,
    triggers=(("the", "early", "late", "mid", "first", "second", "third", "fourth", "nineteenth", "twentieth", "twenty") + _ORDINAL_NUMERALS),
)
def _century(m: re.Match[str]) -> Spec | None:
    w = m.group(2).lower()
    words = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}
    n = words.get(w) or _ORDINALS.get(w) or _day_num(w)
    return Fixed(type="DATE", value=f"{n - 1:02d}XX", mod=_mod(m.group(1)))

# Decades in words ("the sixties"): the plural of each tens word.
_TENS = {w[:-1] + "ies": n // 10 for w, n in _NUMBERS.items() if w in _CARDINALS and n >= 20}
# Spoken years ("nineteen ninety-six"): tens and digits by their number words.
_TEN_WORDS = {w: n // 10 for w, n in _NUMBERS.items() if w in _CARDINALS and n >= 20}
_DIGIT_WORDS = {w: n for w, n in _NUMBERS.items() if w in _CARDINALS and n <= 9}


@_rule(
    "decade_words",
    r"\b(?:the\s+)?(?:(early|late|mid)[- ]+)?(?:nineteen[- ])?(" + "|".join(_TENS) + r")\b",
    6,
    triggers=(("the", "early", "late", "mid", "nineteen") + tuple(_TENS)),
)
def _decade_words(m: re.Match[str]) -> Spec | None:
    if not m.group(0).lower().startswith(("the", "nineteen", "early", "late", "mid")):
        return None  # "in his forties" is an age
    return Fixed(type="DATE", value=f"19{_TENS[m.group(2).lower()]}X", mod=_mod(m.group(1)))


@_rule(
    "spoken_year",
    rf"\b(?:({_MONTH_RE})\s+(?:of\s+)?|the\s+year\s+)?"
    r"(?:nineteen[- ](twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](one|two|three|four|five|six|seven|eight|nine))?"
    r"|two[- ]thousand(?:[- ](?:and[- ])?(one|two|three|four|five|six|seven|eight|nine))?)\b",
    6,
    triggers=(_MONTH_WORDS + ("the", "nineteen", "two")),
)
def _spoken_year(m: re.Match[str]) -> Spec | None:
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
        return Fixed(type="DATE", value=f"{year:04d}-{_month_num(month):02d}")
    return Fixed(type="DATE", value=f"{year:04d}")

