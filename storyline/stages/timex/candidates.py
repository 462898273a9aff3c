"""Candidates from every rule, trimmed, and the greedy choice of non-overlapping spans."""

from __future__ import annotations

import bisect
import re

# Importing the modules of each kind of expression registers their rules.
from storyline.stages.timex import dates, durations, quarters, relative, sets, times  # noqa: F401
from storyline.stages.timex.prefilter import _rule_matches, _word_starts, all_keys
from storyline.stages.timex.rule import _RULES as _REGISTERED
from storyline.stages.timex.rule import _ordered
from storyline.stages.timex.specs import _Cand

# What, right after a candidate, shows it is a quantity and not a time ("1998 percent").
_STOP_FOLLOW = re.compile(r"\s*(?:%|percent|per cent)", re.IGNORECASE)
# A quoted title whose time word is capitalized ("''60 Minutes''", "ABC's \"This Week\""):
# the name of a programme or a work, not a time.
_QUOTE_BEFORE = re.compile(r"(?:[\"“‘`]|'')$")
_TITLE_UNIT = re.compile(
    r"(?:Seconds?|Minutes?|Hours?|Days?|Nights?|Weeks?|Months?|Years?|Decades?|Century|Centuries)$"
)

_RULES = _ordered(_REGISTERED)
_PREFIXES = {r.name: r.prefixes for r in _RULES if r.prefixes is not None}
_KEYS = all_keys(_PREFIXES.values())
"""The word-start keys the rules look up: only those are indexed."""


def _candidates(text: str) -> list[_Cand]:
    out: list[_Cand] = []
    starts = _word_starts(text, _KEYS)
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

