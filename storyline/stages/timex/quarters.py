"""Rules for quarters and halves of a (fiscal) year."""

from __future__ import annotations

import re

from storyline.stages.timex.rule import _rule
from storyline.stages.timex.specs import Fixed, LastQuarter, QuarterN, QuarterOfYear, Spec
from storyline.stages.timex.vocab import (
    _ORD_RE,
    _ORDINAL_NUMERALS,
    _ORDINALS,
    _YEAR_RE,
    _YEAR_STARTS,
)

# ------------------------------------------------------------------ rules: quarters and halves


@_rule(
    "quarter",
    rf"\b(?:(?P<rel>this|last|next)\s+year['’]s\s+)?(?:the\s+(?!{_ORD_RE}-))?(?:(fiscal|year-earlier|year-ago|latest|last|current|next|previous)\s+)?(?:({_YEAR_RE})\s+)?({_ORD_RE}|final|last)[- ](?:fiscal[- ])?(quarter|half|period)(?:\s+(?:of\s+)?(?:fiscal\s+)?({_YEAR_RE})|\s+of\s+(?P<rel2>this|last|next)\s+year)?\b",
    7,
    triggers=(("this", "last", "next", "the", "fiscal", "year", "latest", "current", "previous", "first", "second", "third", "fourth", "final") + _ORDINAL_NUMERALS + _YEAR_STARTS),
)
def _quarter(m: re.Match[str]) -> Spec | None:
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
        return Fixed(type="DATE", value=f"{year}-{letter}{n}")
    rel = m.group("rel") or m.group("rel2")
    if rel:
        # "next year's first quarter", "the fourth quarter of last year": the year is
        # said, only relative to the DCT.
        offset = {"this": 0, "last": -1, "next": 1}[rel.lower()]
        return QuarterOfYear(type="DATE", letter=letter, n=n, offset=offset)
    shift = -1 if (m.group(2) or "").lower() in ("year-earlier", "year-ago") else 0
    return QuarterN(type="DATE", letter=letter, n=n, shift=shift)


@_rule(
    "the_quarter",
    r"\b(?:the\s+)?(latest|recent|most\s+recent|year-earlier|year-ago|same|comparable|fiscal)?\s*(quarter|period)\b",
    2,
    triggers=None,  # may open with spaces before "quarter"
    needs="quarter|period",
)
def _the_quarter(m: re.Match[str]) -> Spec | None:
    word = (m.group(1) or "").lower()
    if not m.group(0).lower().startswith("the") and not word:
        return None
    if m.group(2).lower() == "period" and word not in ("year-earlier", "year-ago", "latest"):
        return None
    shift = -1 if word in ("year-earlier", "year-ago") else 0
    # Business news reports on the last completed quarter before the DCT.
    return LastQuarter(type="DATE", shift=shift)

