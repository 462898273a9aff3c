"""Calendar and number words of the timex rules, the regex pieces built from them, and
the helpers that turn matched words into numbers and ISO 8601 duration pieces."""

from __future__ import annotations

import datetime as dt
import re

from storyline import lexicon

# ------------------------------------------------------------------ vocabulary
# Months, weekdays, number words and ordinals come from the lexicon (one source for every
# stage); the regex pieces below are built from them.

_MONTHS = lexicon.months()
_WEEKDAYS = lexicon.weekdays()
_NUMBERS = lexicon.numbers()
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
_ORDINALS = lexicon.ordinals()
_UNITS = {
    "second": "S", "minute": "MIN", "hour": "H", "day": "D", "week": "W", "fortnight": "W",
    "month": "M", "year": "Y", "decade": "DE", "century": "CE", "quarter": "Q", "weekend": "WE",
}  # fmt: skip
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}



def _month_alternation(dot: str) -> str:
    """Any month: its full name, or an abbreviation followed by `dot` (a regex).

    Abbreviations in month order, the longer first ("sept" before "sep")."""
    full = lexicon.month_names()
    short = sorted((w for w in _MONTHS if w not in full), key=lambda w: (_MONTHS[w], -len(w)))
    return rf"(?:{'|'.join(full)}|(?:{'|'.join(short)}){dot})"


_MONTH_RE = _month_alternation(r"\.?")
_WD_RE = "(?:" + "|".join(lexicon.weekday_names()) + ")"
# Number words that spell a numeral and may join another ("twenty-one"): the units,
# teens and tens ("a", "an" and "dozen" count, but do not join).
_CARDINALS = [
    w for w, n in _NUMBERS.items()
    if " " not in w and 1 <= n < 100 and (n < 20 or n % 10 == 0) and w not in ("a", "an", "dozen")
]
_NUM_WORD = "(?:" + "|".join(_CARDINALS) + ")"
_NUM_RE = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})?(?:\.\d)?|{_NUM_WORD}(?:[- ]{_NUM_WORD})?|a couple of|a couple|couple of|a dozen|dozen|"
    r"a hundred|a|an|several|a few|few|some|many|the next few|a number of|dozens of|hundreds of)"
)

# Trigger words of the rules (see `prefilter`): what the first word of a match begins with.
_MONTH_WORDS = tuple(_MONTHS)
_WEEKDAY_WORDS = lexicon.weekday_names()
"""The weekdays' full names, which `_WD_RE` matches."""
_DIGITS = tuple("0123456789")
_YEAR_STARTS = tuple(str(n) for n in range(150, 200)) + tuple(f"20{n:02d}" for n in range(100))
"""How a year of `_YEAR_RE` (1500-2099) begins."""
_DECADE_STARTS = tuple(f"{n}0" for n in range(150, 210))
"""How a decade of years 1500-2099 ("1990s", "2010s") begins."""
_ORDINAL_NUMERALS = tuple(f"{n}{s}" for n in range(1, 32) for s in ("st", "nd", "rd", "th"))
"""Ordinals in digits, "1st" to "31st" (with any suffix, as the patterns allow)."""
_MOD_WORDS = ("early", "late", "mid", "the", "end", "beginning", "start")
"""First words of the modifiers before a date ("early", "the end of", "mid-")."""
_NUM_STARTS = (
    *_DIGITS, *_CARDINALS, "a", "an", "couple", "dozen", "dozens", "hundreds", "several", "few",
    "some", "many", "the",
)
"""First words of a quantity of `_NUM_RE`."""
_UNIT_RE = (
    r"(?:second|minute|hour|day|week|fortnight|month|year|decade|century|centuries|quarter)s?"
)
_ORD_RE = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_SEASON_RE = r"(?:spring|summer|fall|autumn|winter)"
_YEAR_RE = r"(?:1[5-9]\d\d|20\d\d)"
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"

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
    """The number a day starts with ("21st" -> 21); rules call it on digits only."""
    digits = re.match(r"\d+", word)
    if digits is None:
        raise ValueError(f"not a day number: {word!r}")
    return int(digits.group(0))


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
