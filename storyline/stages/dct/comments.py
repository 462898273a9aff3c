"""Reader comments under an article: not the article's text, and a bound on its date.

The cleaner (`storyline.clean.v4`, `stages/clean/comments.py`) removes a page's comment
section from the stored body and keeps its lines as removed lines with reason
`comments`; `first_comment` reads the first comment's day from them. `comments` finds
the comments a text still carries (a text stored by an older cleaner, or given raw).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storyline.stages.clean.comments import stamp
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


def first_comment(lines: Iterable[str]) -> dt.date | None:
    """The day of a page's first reader comment, from the comment section the cleaner
    removed (its lines with reason `comments`): the earliest full date a commenter line's
    stamp gives ("At 2:10 pm on 02 Jun 2009, jo wrote:", "Posted by Jo at 10:15 AM on
    June 3, 2009"); dates inside the comments' text are not stamps and count for nothing."""
    days = [
        dt.date(r.year, r.month, r.day)
        for line in lines
        if (found := stamp(line.strip())) is not None
        for r in find_date_refs(found)
        if r.kind == "ymd" and r.year and r.month and r.day
    ]
    return min(days, default=None)


def body_refs(refs: Sequence[DateRef], found: Comments | None) -> list[DateRef]:
    """The date expressions of the article itself: those before its reader comments."""
    return list(refs) if found is None else [r for r in refs if r.end <= found.start]
