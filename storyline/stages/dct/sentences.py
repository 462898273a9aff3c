"""The sentence around a date expression, from the text's sentence ends (found once per text)."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[A-Z\"'(])|\n\s*\n")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """(left, right) of the sentence holding `text[start:end]`, from the text's sentence ends.

    The ends are found once per text (cached), so a call costs a binary search, not a
    scan from the start of the text: a long document with many dates stays linear.
    """
    ends = _sentence_ends(text)
    # Left: the last sentence end finishing before `start`. A punctuation end is followed
    # by the capital it looks ahead to, so one finishing exactly at `start` does not count
    # (the expression itself is that capital); a blank line does.
    i = bisect.bisect_right(ends.ends, start) - 1
    left = ends.ends[i] if i >= 0 else 0
    if i >= 0 and ends.ends[i] == start and not ends.blank[i]:
        # Without that capital the scan goes on inside the punctuation's whitespace,
        # where a blank line may still end a sentence ("?\n\nA").
        left = ends.ends[i - 1] if i > 0 else 0
        for m in SENTENCE_END.finditer(text, ends.starts[i] + 1, start):
            left = m.end()
    # Right: the first sentence end starting at or after `end`; one that began before
    # `end` and runs past it is searched again from `end` (bounded by the next end).
    j = bisect.bisect_left(ends.starts, end)
    k = j - 1
    if k >= 0 and ends.ends[k] > end:
        limit = ends.ends[j] + 1 if j < len(ends.starts) else ends.ends[k] + 1
        m2 = SENTENCE_END.search(text, end, min(limit, len(text)))
        if m2:
            return left, m2.start() + 1
    if j < len(ends.starts):
        return left, ends.starts[j] + 1
    return left, len(text)


@dataclass(frozen=True)
class _Ends:
    starts: list[int]
    ends: list[int]
    blank: list[bool]


@functools.lru_cache(maxsize=8)
def _sentence_ends(text: str) -> _Ends:
    # Keyed by the text itself: a str caches its hash, so a hit costs no rescan.
    matches = list(SENTENCE_END.finditer(text))
    return _Ends(
        [m.start() for m in matches], [m.end() for m in matches], [m.group(0)[0] == "\n" for m in matches]
    )
