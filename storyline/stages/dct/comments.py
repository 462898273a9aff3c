"""Reader comments under an article: not the article's text, and a bound on its date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.stages.dct.refs import DateRef, find_date_refs

_COMMENT_CLOCK = re.compile(r"\d{1,2}[:.]\d\d")
_COMMENT_AUTHOR = re.compile(r",?\s*[\w.\-']{1,40}\s+(?:wrote|said|says|writes)\s*:", re.IGNORECASE)
"""After a reader comment's stamp: its author's one-word name and "wrote:"."""
_COMMENT_HEAD = 40
"""Characters from a line's start a comment's stamp may begin at ("At 2:10 pm on ...")."""


@dataclass(frozen=True)
class Comments:
    """Where a page's reader comments start, and the day of the first of them."""

    start: int
    first: dt.date


def comments(text: str, refs: Sequence[DateRef] | None = None) -> Comments | None:
    """The reader comments a page carries after the article: lines that open with a clock
    time and a full date followed by a one-word name and "wrote:" ("At 2:10 pm on 02 Jun
    2009, ghostofsichuan wrote: ..."). The article was published before its first comment
    (mostly the same day); what follows is not the article's: no event of it is the
    article's, and its dates bound nothing."""
    start: int | None = None
    days: list[dt.date] = []
    for r in refs if refs is not None else find_date_refs(text):
        if r.kind != "ymd" or not (r.year and r.month and r.day):
            continue
        line = text.rfind("\n", 0, r.start) + 1
        if r.start - line > _COMMENT_HEAD or not _COMMENT_AUTHOR.match(text, r.end, r.end + 80):
            continue
        if not _COMMENT_CLOCK.search(text, line, r.start):
            continue
        start = line if start is None else min(start, line)
        days.append(dt.date(r.year, r.month, r.day))
    if start is None:
        return None
    return Comments(start, min(days))


def body_refs(refs: Sequence[DateRef], found: Comments | None) -> list[DateRef]:
    """The date expressions of the article itself: those before its reader comments."""
    return list(refs) if found is None else [r for r in refs if r.end <= found.start]
