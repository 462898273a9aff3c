"""Temporal expressions: recognition and TimeML TIMEX3 normalisation of news text.

Reads a text, its document creation date (DCT) and optionally its spaCy parse; returns
one `Timex` per expression (DATE, TIME, DURATION, SET) with its TimeML value. Relative
expressions are resolved against the DCT, or against the last mentioned date when the
text says so ("two days later"); the tense of the governing verb decides whether a bare
weekday or month is the past or the coming one. Unresolvable expressions keep
`value=None`. Every pattern is linear-time: bounded alternations, no nested repeats.

The package, HeidelTime's design: rules find and underspecify, resolvers fill in.
- `vocab`: calendar and number words (months, weekdays, numbers from `storyline.lexicon`)
  and the regex pieces and trigger words built from them;
- rules by kind, each with its trigger words: `dates` (calendar dates, years, decades),
  `relative` (deictic and anchored: "last week", "Tuesday", "that day"), `quarters`,
  `durations`, `sets`, `times` (times of day); `holidays` (named days);
- `rule` (the registry and the order candidates are gathered in), `prefilter` (the
  word starts a rule is tried at, from its trigger words), `candidates` (gathering,
  trimming and the non-overlapping choice);
- `specs` (one typed spec per kind of expression), `resolve` (the resolvers table),
  `units` (calendar arithmetic), `tense` (the tense of the clause around a span);
- `tagger`: `tag`, and the passes that join neighbouring expressions.
"""

from __future__ import annotations

# The stage's entry point, and (as `name as name`, re-exported) the internals its tests
# read: the rules in order, their fast matching and the span choice.
from storyline.stages.timex.candidates import _PREFIXES as _PREFIXES
from storyline.stages.timex.candidates import _RULES as _RULES
from storyline.stages.timex.candidates import _select as _select
from storyline.stages.timex.prefilter import _rule_matches as _rule_matches
from storyline.stages.timex.prefilter import _word_starts as _word_starts
from storyline.stages.timex.specs import _Cand as _Cand
from storyline.stages.timex.tagger import tag

__all__ = ["STAGE_NAME", "tag"]

STAGE_NAME = "storyline.timex.v4"
