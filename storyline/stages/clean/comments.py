"""Reader comments under an article: a section of the page that is not the article.

A page scraped with its comment section carries, after the article, a run of comments,
each opened (or closed) by a line naming its commenter and when they wrote: "At 2:10 pm
on 02 Jun 2009, jo wrote: ...", "12. jo wrote:", "Posted by Jo Bloggs at 10:15 AM on June
3, 2009", "Comment number 12.", often under a header ("24 comments", "Add your comment")
and among widgets ("Reply", "Report abuse", "Recommend"). Those are kinds of line, the
same on any site; the words of no particular page are looked for.

`comment_section` finds such a run and marks every line from its start to the end of
the page removed with reason `comments` (lines another rule removed keep their reason).
It never eats the article: it needs commenter lines naming at least two commenters (or
numbered) close together, or one that gives its time and full date, and article prose
before them; a letter or an
interview quoted inside the article ("In her letter she wrote: ...", "Q: ... A: ...")
has no such lines. What was cut stays as removed lines: the commenter lines keep their
stamps, from which the dct stage reads the first comment's day (`stages/dct/comments.py`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from storyline.stages.clean.units import _DATE_PATTERNS, _TIME, _Unit

REASON = "comments"
"""The reason of a removed line of a page's comment section."""

_NAME = r"[\w.\-'’@]{1,40}(?:\s[\w.\-'’@]{1,40}){0,3}"
"""A commenter's name or handle: one to four words."""

_SAYS = r"(?:wrote|writes|commented|comments|replied|replies)"
"""What a commenter line says they did (never "said": "On 5 May 2009, Mr Lee said:" is the article's)."""

_NOT_A_NAME = re.compile(r"^(?:the|a|an|his|her|their|its|our|my|this|that|in|on|at|he|she|they|we|i|it)\b", re.IGNORECASE)
"""A phrase that is no commenter's name: "the minister wrote:", "she wrote:"."""

_STAMP_WORDS = 2
"""Words a commenter line's stamp may hold besides its time and date ("At ... on ...")."""

_NUMBER = r"(?:#?\d{1,4}[.):]?\s+)?"
"""A comment's number before its head ("12. At 10:32am ...")."""

_STAMPED_HEAD = re.compile(rf"^{_NUMBER}(?P<stamp>.{{4,60}}?)[,;\s]\s*(?P<name>{_NAME})\s+{_SAYS}\s*:", re.IGNORECASE)
"""A time or date, then a name and "wrote:": "At 2:10 pm on 02 Jun 2009, jo wrote:"."""

_NAMED_HEAD = re.compile(rf"^{_NUMBER}(?P<name>{_NAME})\s+(?:wrote|writes)\s*:\s*(?P<stamp>.{{0,60}})", re.IGNORECASE)
"""A name and "wrote:" opening the line ("jo_99 wrote:"), the stamp maybe after it."""

_POSTED = re.compile(
    rf"^(?:posted|submitted|comment(?:ed)?|written)\s+(?:by|from)\s*:?\s*(?P<name>{_NAME}?)\s*"
    r"(?:\||\bat\b|\bon\b|,|-|–|—|\bin reply\b)\s*(?P<stamp>.{4,60})$",
    re.IGNORECASE,
)
"""A commenter's footer: "Posted by Jo Bloggs at 10:15 AM on June 3, 2009", "Posted by: jo | June 3, 2009"."""

_NUMBERED = re.compile(r"^comment\s+(?:number|no\.?|#)\s*(?P<number>\d{1,5})\s*[.:]?$", re.IGNORECASE)
"""A numbered comment's head: "Comment number 12."."""

_MARKER = re.compile(
    r"^(?:\d+\s+(?:reader\s+)?comments?|comments?\s*[(\[]?\d*[)\]]?|(?:reader(?:s'?)?|your|user)\s+comments?(?:\s*\(\d+\))?|"
    r"(?:add|post|leave|write|submit)\s+(?:your|a|new)\s+(?:comment|reply|response)|leave a reply|have your say|"
    r"comments? (?:are|is) (?:now )?closed|(?:show|showing|view|see|load|read)\s+(?:all\s+|more\s+)?(?:\d+\s+)?comments?|"
    r"(?:sign|log) ?in (?:to|or register to) (?:comment|post|reply)|join the (?:discussion|conversation)|"
    r"(?:most|highest) (?:recommended|rated)|(?:newest|oldest|latest) first|sort by\b.{0,30}|"
    r"report (?:this|abuse)(?: comment)?|complain about this comment|reply(?: to (?:this|comment))?|"
    r"recommend(?:ed)?(?:\s*\(?\d+\)?)?|\d+\s+(?:people\s+)?(?:recommend|like|agree)s?(?:\s+this)?|permalink)[.!:]?$",
    re.IGNORECASE,
)
"""A comment section's header or one of its widgets: "24 comments", "Add your comment", "Report abuse"."""

_WIDGETS = re.compile(r"(?:\b(?:reply|report abuse|recommend|permalink|complain about this comment)\b.*){2,}", re.IGNORECASE)
"""Several widgets on one line: "Reply | Recommend | Report abuse"."""

_MAX_GAP = 60
"""Lines a comment's body may run to: the first two commenter lines further apart are not
one section's (a thread's later comments may be further apart: they quote each other)."""

_ARTICLE_WORDS = 40
"""Words of article prose there must be before a comment section."""


@dataclasses.dataclass(frozen=True)
class _Head:
    index: int
    name: str
    footer: bool
    """The line closes its comment (`Posted by X at ...` under the text) rather than opening it."""
    stamped: bool
    """The line says when the comment was written (or numbers it), not only who wrote it."""
    dated: bool = False
    """Its stamp has both a clock time and a full date ("At 2:10 pm on 02 Jun 2009"): one
    such commenter line under an article is enough to make a comment section."""


def _stamped(text: str) -> bool:
    """Whether `text` is a stamp: a clock time or a full date, and at most `_STAMP_WORDS`
    other words ("At 2:10 pm on 02 Jun 2009"; not "In a letter on 3 June 2009")."""
    rest = _TIME.sub(" ", text)
    for p in _DATE_PATTERNS:
        rest = p.sub(" ", rest)
    if rest == text:
        return False
    return len(re.findall(r"[^\W\d_]+", rest)) <= _STAMP_WORDS


def _dated(stamp: str) -> bool:
    return bool(_TIME.search(stamp)) and any(p.search(stamp) for p in _DATE_PATTERNS)


def _name(name: str) -> str | None:
    """The commenter's name, folded; None when the phrase is no name."""
    return None if _NOT_A_NAME.match(name) else name.casefold()


_CUE = re.compile(r"wr[oi]t|comment|repl|posted|submitted")
"""A word every commenter line has near its start: the cheap test before the patterns."""

_HEAD_LENGTH = 160
"""Characters from a line's start a commenter line's head fits in."""


def commenter(text: str) -> _Head | None:
    """The commenter line `text` is (index 0), when it opens or closes a reader comment."""
    if not _CUE.search(text[:_HEAD_LENGTH].lower()):
        return None
    if m := _NUMBERED.match(text):
        return _Head(0, f"#{m['number']}", footer=False, stamped=True)
    if (m := _STAMPED_HEAD.match(text)) and _stamped(m["stamp"]) and (name := _name(m["name"])):
        return _Head(0, name, footer=False, stamped=True, dated=_dated(m["stamp"]))
    if (m := _POSTED.match(text)) and _stamped(m["stamp"]) and (name := _name(m["name"])):
        return _Head(0, name, footer=True, stamped=True, dated=_dated(m["stamp"]))
    if (m := _NAMED_HEAD.match(text)) and len(m["name"].split()) <= 2 and (name := _name(m["name"])):
        return _Head(0, name, footer=False, stamped=_stamped(m["stamp"]))
    return None


def stamp(text: str) -> str | None:
    """The stamp of a commenter line (when it was written: "2:10 pm on 02 Jun 2009"), or
    None when `text` is no commenter line or says only who wrote."""
    for pattern in (_STAMPED_HEAD, _POSTED, _NAMED_HEAD):
        m = pattern.match(text)
        if m and _stamped(m["stamp"]) and commenter(text) is not None:
            return str(m["stamp"])
    return None


def is_marker(text: str) -> bool:
    """Whether a line is a comment section's header or widget."""
    return len(text) <= 60 and (bool(_MARKER.match(text.strip())) or bool(_WIDGETS.search(text)))


def comment_section(units: Sequence[_Unit]) -> int | None:
    """Mark the page's comment section removed (reason `comments`); return the index of
    its first unit, or None when the page has none."""
    heads = [
        dataclasses.replace(found, index=i) for i, u in enumerate(units) if u.reason is None and (found := commenter(u.text))
    ]
    run = _run(heads)
    if run is None:
        return None
    first = run[0]
    # A comment a footer closes began after the line before it; the first footer closes
    # the article itself or its first comment, so the section starts after it (what is
    # left in is at most one comment, never the article).
    start = first.index + 1 if first.footer else first.index
    # Its header and widgets just above it are the section's ("24 comments", "Add your comment").
    marked = False
    while start > 0 and (units[start - 1].reason is not None or is_marker(units[start - 1].text)):
        start -= 1
        marked = marked or is_marker(units[start].text)
    # "Jo wrote:" alone may open a letter the article quotes: without a stamp, only under
    # a comment section's header is it a commenter's line.
    if not marked and not any(h.stamped for h in run):
        return None
    if not _article_before(units[:start]):
        return None
    # Comments close a page: what follows them is theirs, or the page's furniture.
    at_heads = {h.index for h in heads}
    for i in range(start, len(units)):
        if units[i].reason is None:
            units[i].remove(REASON, 0.9 if i in at_heads or is_marker(units[i].text) else 0.8)
    return start


def _run(heads: Sequence[_Head]) -> list[_Head] | None:
    """The commenter lines from the first run of them close together that names two
    commenters or more, to the last of the page; or the page's one commenter line, when
    its stamp has a time and a full date."""
    run: list[_Head] = []
    for head in heads:
        if run and head.index - run[-1].index > _MAX_GAP and len({h.name for h in run}) < 2:
            run = []
        run.append(head)
    if len({h.name for h in run}) >= 2 or (len(run) == 1 and run[0].dated and not run[0].footer):
        return run
    return None


def _article_before(units: Sequence[_Unit]) -> bool:
    """Whether the kept lines before a comment section hold article prose."""
    kept = [u for u in units if u.reason is None]
    return sum(u.n_words for u in kept) >= _ARTICLE_WORDS and any(u.strength >= 1 for u in kept)
