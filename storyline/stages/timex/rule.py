"""The rule registry: each rule a name, a pattern, a handler, a priority and its trigger words.

Rules register themselves with `_rule` when their module is imported; `_RULES` holds them
in `_ORDER`, the order candidates are gathered in (of two rules finding the same span
with the same priority, the earlier wins).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from storyline.stages.timex.prefilter import _trigger_keys
from storyline.stages.timex.specs import _Handler


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: _Handler
    priority: int = 0
    prefixes: frozenset[str] | None = None
    """Word-start keys of its trigger words (see `prefilter`); None: tried everywhere."""
    needs: re.Pattern[str] | None = None
    """For a rule without trigger words: what every match contains (`/`, `year`); a text
    without it is not searched."""


_RULES: list[_Rule] = []


def _rule(
    name: str,
    pattern: str,
    priority: int = 0,
    flags: int = re.IGNORECASE,
    *,
    triggers: Iterable[str] | None,
    needs: str | None = None,
) -> Callable[[_Handler], _Handler]:
    """Register the decorated handler for the matches of `pattern`.

    `triggers`: words or word beginnings, one of which begins every match (so the rule
    is tried only at the word starts they begin); None when a match may begin elsewhere.
    `needs`: for a rule without triggers, a pattern (same flags) that every match of
    `pattern` contains: a text where it is not found is not searched with `pattern`.
    """
    compiled = re.compile(pattern, flags)
    keys = _trigger_keys(name, pattern, triggers)
    required = re.compile(needs, flags) if needs is not None else None

    def register(fn: _Handler) -> _Handler:
        _RULES.append(_Rule(name, compiled, fn, priority, keys, required))
        return fn

    return register


_ORDER = (
    "month_day_year", "day_month_year", "iso_date", "slash_date", "month_day", "month_day_words",
    "day_month", "month_rel_year", "every_month", "month_year", "month", "year", "decade",
    "decade_short", "century", "this_unit", "season", "year_end", "today", "this_part",
    "part_of_day", "present_ref", "past_ref", "future_ref", "recent_units", "weekday",
    "weekday_of_week", "that_day", "weekday_start", "quarter", "the_quarter", "first_months",
    "ago", "duration", "a_while", "unit_long", "bare_units", "year_earlier", "weekend",
    "next_day", "end_of_the", "ordinal_day", "decade_words", "spoken_year", "near_term",
    "clock_words", "holiday", "the_year", "half_unit", "set_adverb", "set_every", "clock",
)  # fmt: skip


def _ordered(rules: list[_Rule]) -> list[_Rule]:
    """`rules` in `_ORDER`; every registered rule must be listed there once."""
    names = sorted(r.name for r in rules)
    if names != sorted(_ORDER):
        raise ValueError(f"timex rules and _ORDER differ: {sorted(set(names) ^ set(_ORDER))}")
    return sorted(rules, key=lambda r: _ORDER.index(r.name))
