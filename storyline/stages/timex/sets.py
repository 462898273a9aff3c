"""Rules for recurring times (TIMEX3 SET): "weekly", "every Monday", "twice a year"."""

from __future__ import annotations

import re

from storyline.stages.timex.rule import _rule
from storyline.stages.timex.specs import Fixed, Spec
from storyline.stages.timex.vocab import (
    _NUM_WORD,
    _PARTS,
    _WD_RE,
    _WEEKDAYS,
    _duration,
    _num,
    _unit,
)

# ------------------------------------------------------------------ rules: sets


@_rule(
    "set_adverb",
    r"\b(daily|weekly|monthly|annually|yearly|quarterly|hourly|nightly|biweekly|semiannually|annual|semiannual)\b",
    3,
    triggers=("daily", "weekly", "monthly", "annually", "yearly", "quarterly", "hourly", "nightly", "biweekly", "semiannually", "annual", "semiannual"),
)
def _set_adverb(m: re.Match[str]) -> Spec | None:
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
    return Fixed(type="SET", value=value)


@_rule(
    "set_every",
    rf"\b(every|each|per|a)\s+(?:other\s+)?(day|week|month|year|quarter|hour|minute|morning|night|evening|weekend|{_WD_RE}|(?:(?:{_NUM_WORD}|\d{{1,3}})\s+(?:days|weeks|months|years|hours)))\b",
    6,
    triggers=("every", "each", "per", "a"),
)
def _set_every(m: re.Match[str]) -> Spec | None:
    what = m.group(2).lower()
    if m.group(1).lower() == "a" and what not in ("day", "week", "month", "year", "hour"):
        return None
    if m.group(1).lower() == "a":
        # "twice a year" is a set, "a year" alone a duration: require a frequency word before.
        before = m.string[max(0, m.start() - 12) : m.start()].lower()
        if not re.search(r"(once|twice|times)\s*$", before):
            return None
    if what in _WEEKDAYS:
        return Fixed(type="SET", value=f"XXXX-WXX-{_WEEKDAYS[what] + 1}")
    if what in _PARTS:
        return Fixed(type="SET", value=f"XXXX-XX-XXT{_PARTS[what]}")
    parts = what.split()
    if len(parts) == 2:
        return Fixed(type="SET", value=_duration(_num(parts[0]), _unit(parts[1])))
    return Fixed(type="SET", value=_duration(1, _unit(what)))

