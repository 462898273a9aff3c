"""Pin the publication dates of a story's undated articles on the events they share.

Story level, run before the documents are analysed (`pipeline.story_dates`, through
`storyline.story_dating`), after the per-article and story-level inference of
`storyline.stages.dct`. Reads every text of the
story and the dates known so far; returns, for each undated article it can pin, a
`DctGuess` with source `pinned`: a day and a narrow range.

How: every sentence that names a day is an event mention. Its day is fixed when the
text writes it in full ("29 April 2009"), or written without a year ("April 29") in a
text whose date is near-known, or written relatively ("yesterday", "on Wednesday",
"last night") in a text whose date is fixed. A mention written relatively in an undated
text, and the opening sentence of an undated text (news reports its latest event
first, with no relative word), are matched by their content words to the mentions
other texts place on a day; each match implies publication days (the event's day minus
the offset "yesterday" means, the week after a named weekday, the day of an opening
event or the next). The implied days of every matched mention are summed, weighted by
the similarity of the match, so several articles agreeing outweigh one; an article is
pinned when enough of that weight falls on one run of days. A pinned article's relative
mentions then date its events for the others: the pass repeats until nothing changes.
The latest full date an article states outside a future clause bounds its date from
below; a time stamp near its start ("Friday 1 May 2009 22.51 BST") fixes it; the
first of the reader comments a page carries ("At 2:10 pm on 02 Jun 2009, jo wrote:")
bounds it from above and pins it when nothing else does (the comments themselves are
not read as the article's events or bounds); an article
that looks back to one day and ahead to another within a month, and is pinned by no
event, is placed between them.

Dates given with the article (a manifest, the page) and dates read off a date line are
never changed. The pipeline re-resolves the pinned article's relative expressions with
the pinned date: the timex stage runs on the date this pass and the dct stage settle.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from storyline.models import DctGuess
from storyline.stages.dct import Comments, DateRef, comments, find_date_refs
from storyline.text import cosine, stem, terms

STAGE_NAME = "storyline.pinning.v2"

__all__ = ["SOURCE", "STAGE_NAME", "Mention", "is_pinned", "mentions", "narrower", "pin_dates", "stamp"]

SOURCE = "pinned"
"""`DctGuess.source` of a pinned date."""

# --- mentions ------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?]+[\"'’”)\]]*\s+(?=[A-Z\"'‘“(])|\n")
"""A sentence ends at a stop before a capital, or a line end: "Jan. 14 meeting" stays whole."""
_CLOCK = re.compile(
    r"[\s,|·•\-–—:]*(?:last\s+updated\s+)?(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?\s*"
    r"(?-i:[A-Z]{2,4}\b)",
    re.IGNORECASE,
)
"""A clock time with its zone right after a full date: the date is a publication stamp."""
_NIGHT = re.compile(r"\b(?P<rel>last\s+night|this\s+(?:morning|afternoon|evening)|overnight)\b", re.IGNORECASE)
_NIGHT_OFFSET = {"last": -1, "this": 0, "overnight": -1}
_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|would|is to|are to|going to|to be|due|plans?|planned|scheduled|"
    r"expected to|set to|next|upcoming)\s+(?:\w+\s+){0,4}$"
    r"|\b(?:until|till|by|before)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
"""A future cue shortly before a date, or a deadline word right before it ("by 21 June");
"by" further off is a passive's agent ("killed by the explosion on 20 April")."""
_PAST = re.compile(
    r"\b(?:was|were|had|did|ago|earlier|began|met|held|took|came|went|made|[a-z]{3,}ed)\s+"
    r"(?:\w+\s+){0,4}$",
    re.IGNORECASE,
)
"""A past verb shortly before a date: "emerged in a Jan. 14 meeting"."""
_LEAD_WORDS = 4
"""Content words an opening sentence needs to stand for an event."""


@dataclass(frozen=True)
class Mention:
    """A sentence (or the part of one around a date expression) that names an event.

    `kind` is how its day is known: `day` (a full date), `md` (month and day, no year),
    `offset` (days from the publication date: "yesterday" -1), `weekday` (a named day,
    `future` when the clause looks ahead) or `lead` (an opening sentence with no date: the
    event of the publication day or the day before).
    """

    doc: str
    words: frozenset[str]
    kind: str
    day: dt.date | None = None
    month: int = 0
    mday: int = 0
    offset: int = 0
    weekday: int = 0
    future: bool = False


_COUNT = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d.,$£€])\d{2,3}(?![\d%]|,\d| per)")
"""A count ("5,251 cases", "61 deaths"): the running figures of a story name its day.
Years are left out (bare four-digit numbers), as are amounts and percentages."""


def _words(text: str) -> frozenset[str]:
    words = {stem(w) for w in terms(text) if not w.isdigit()}
    words.update("#" + m.group(0).replace(",", "") for m in _COUNT.finditer(text))
    return frozenset(words)


def _sentences(text: str) -> list[tuple[int, int]]:
    out, left = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[left : m.start()].strip():
            out.append((left, m.start() + 1))
        left = m.end()
    if text[left:].strip():
        out.append((left, len(text)))
    return out


_STAMP_WITHIN = 400
"""Characters from the start of a text a publication stamp may sit in: further on, a
stamped line is a blog entry, a comment or a related story, not the article's own."""


def stamp(text: str, refs: Sequence[DateRef] | None = None) -> dt.date | None:
    """The day of a full date followed by a clock time and zone near the start of the text:
    a publication stamp ("Friday 1 May 2009 22.51 BST")."""
    for r in refs if refs is not None else find_date_refs(text[:_STAMP_WITHIN + 60]):
        if r.start > _STAMP_WITHIN:
            break
        if r.kind == "ymd" and r.year and r.month and r.day and _CLOCK.match(text, r.end, r.end + 40):
            return dt.date(r.year, r.month, r.day)
    return None


def _is_future(text: str, start: int, left: int) -> bool:
    return _FUTURE.search(text[max(left, start - 60) : start]) is not None


def _ref_mention(doc: str, text: str, ref: DateRef, words: frozenset[str], left: int) -> Mention | None:
    if ref.kind == "ymd" and ref.year and ref.month and ref.day:
        return Mention(doc, words, "day", day=dt.date(ref.year, ref.month, ref.day))
    if ref.kind == "md" and ref.month and ref.day:
        return Mention(doc, words, "md", month=ref.month, mday=ref.day)
    if ref.kind == "relative" and ref.offset is not None:
        return Mention(doc, words, "offset", offset=ref.offset)
    if ref.kind == "weekday" and ref.weekday is not None:
        low = ref.text.lower()
        future = low.startswith(("next", "coming")) or (
            not low.startswith("last") and _is_future(text, ref.start, left)
        )
        return Mention(doc, words, "weekday", weekday=ref.weekday, future=future)
    return None


def _night_refs(text: str) -> list[DateRef]:
    out = []
    for m in _NIGHT.finditer(text):
        first = m["rel"].split()[0].lower()
        out.append(DateRef(m.start(), m.end(), m.group(0), "relative", offset=_NIGHT_OFFSET[first]))
    return out


def mentions(doc: str, text: str, refs: Sequence[DateRef] | None = None) -> list[Mention]:
    """The event mentions of one text: each dated sentence part, and its opening sentence."""
    found = sorted([*(refs if refs is not None else find_date_refs(text)), *_night_refs(text)],
                   key=lambda r: r.start)
    starts = [r.start for r in found]
    out: list[Mention] = []
    lead_done = False
    for left, right in _sentences(text):
        i, j = bisect.bisect_left(starts, left), bisect.bisect_left(starts, right)
        inside = found[i:j]
        if not inside:
            if not lead_done:
                words = _words(text[left:right])
                if len(words) >= _LEAD_WORDS:
                    out.append(Mention(doc, words, "lead"))
                    lead_done = True
            continue
        lead_done = True
        for k, ref in enumerate(inside):
            # The words between the neighbouring date expressions: two dates of one
            # sentence keep apart the events they date.
            lo = inside[k - 1].end if k > 0 else left
            hi = inside[k + 1].start if k + 1 < len(inside) else right
            words = _words(text[lo : ref.start] + " " + text[ref.end : hi])
            if len(words) < 2:
                continue
            m = _ref_mention(doc, text, ref, words, left)
            if m is not None:
                out.append(m)
    return out


# --- matching ------------------------------------------------------------------------

_MIN_SIMILARITY = 0.3
"""Cosine (rarity-weighted) above which two mentions name the same event."""
_MIN_SIMILARITY_WEEKDAY = 0.3
"""The same for a named weekday: its match must also fall on that weekday, a check a
chance match passes one time in seven."""
_WEEKDAY_AGREES = 1.0
"""Weight of a weekday match that falls on its weekday, against other matches."""
_MIN_SHARED = 3
"""Content words two mentions must share: two common words are not an event."""
_COMMON = 0.05
"""Words in more than this share of the mentions are not used to find matches (for speed:
they would bring most mentions as candidates), unless in no more than `_COMMON_FLOOR`."""
_COMMON_FLOOR = 20


def _idf(items: Sequence[Mention]) -> dict[str, float]:
    counts: Counter[str] = Counter(w for m in items for w in m.words)
    n = len(items)
    return {w: math.log((n + 1) / (c + 0.5)) for w, c in counts.items()}


def _matches(items: Sequence[Mention]) -> dict[int, list[tuple[int, float]]]:
    """For each mention that can be placed from elsewhere, the mentions of other texts
    naming the same event, with their similarity."""
    idf = _idf(items)
    vectors = [{w: idf[w] for w in m.words} for m in items]
    limit = max(_COMMON_FLOOR, int(_COMMON * len(items)))
    index: dict[str, list[int]] = defaultdict(list)
    for k, m in enumerate(items):
        for w in m.words:
            index[w].append(k)
    out: dict[int, list[tuple[int, float]]] = {}
    for k, m in enumerate(items):
        if m.kind not in ("offset", "weekday", "lead"):
            continue
        shared: Counter[int] = Counter()
        for w in m.words:
            if len(index[w]) <= limit:
                shared.update(index[w])
        found = []
        for other, n in shared.items():
            if n < _MIN_SHARED or items[other].doc == m.doc:
                continue
            sim = cosine(vectors[k], vectors[other])
            if sim >= (_MIN_SIMILARITY_WEEKDAY if m.kind == "weekday" else _MIN_SIMILARITY):
                found.append((other, sim))
        if found:
            out[k] = found
    return out


# --- placing -------------------------------------------------------------------------

# How far after a named past weekday a text is published: mostly the same day or the
# next ("said on Tuesday"), rarely a week on.
_WEEKDAY_GAP = (0.35, 0.35, 0.1, 0.06, 0.05, 0.05, 0.04)
# An opening sentence with no date reports the day's news or the day before's.
_LEAD_GAP = (0.5, 0.5)
_LEAD_WEIGHT = 0.5
"""An opening sentence says less of its day than a written "yesterday": its votes count half."""
_MIN_SUPPORT = 0.9
"""Summed similarity a text's matches need to pin it."""
_MIN_SHARE = 0.7
"""Share of the text's votes its pinned range must hold: one run of days, not several."""
_MIN_BEST = 0.3
"""Share of the text's votes its best day must hold."""
_RANGE_SHARE = 0.1
"""Days with at least this share of the best day's votes stay in the pinned range."""
_MAX_ROUNDS = 20
_COMMENT_LAG = 30
"""Days before its first reader comment an article may have been published: comments
come within days, so the range is wide on purpose (its first comment is the point)."""
_COMMENT_CONFIDENCE = 0.8


def _year_near(month: int, mday: int, near: dt.date) -> dt.date | None:
    """The date of month/day nearest to `near` (the year before, of, or after it)."""
    best: dt.date | None = None
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            d = dt.date(year, month, mday)
        except ValueError:
            continue
        if best is None or abs((d - near).days) < abs((best - near).days):
            best = d
    return best


def _event_day(m: Mention, fixed: Mapping[str, dt.date], near: Mapping[str, dt.date]) -> dt.date | None:
    """The day a mention places its event on, given the dates fixed so far."""
    if m.kind == "day":
        return m.day
    if m.kind == "md":
        ref = fixed.get(m.doc) or near.get(m.doc)
        return _year_near(m.month, m.mday, ref) if ref else None
    dct = fixed.get(m.doc)
    if dct is None:
        return None
    if m.kind == "offset":
        return dct + dt.timedelta(days=m.offset)
    if m.kind == "weekday":
        gap = (m.weekday - dct.weekday()) % 7 if m.future else -((dct.weekday() - m.weekday) % 7)
        return dct + dt.timedelta(days=gap)
    return None  # an opening sentence's day is a guess: it dates nothing for others


def _implied(m: Mention, event: dt.date) -> list[tuple[dt.date, float]]:
    """Publication days of the text of `m` if its event fell on `event`, with their odds."""
    if m.kind == "offset":
        return [(event - dt.timedelta(days=m.offset), 1.0)]
    if m.kind == "weekday":
        if event.weekday() != m.weekday:
            return []
        sign = -1 if m.future else 1
        return [(event + dt.timedelta(days=sign * g), p) for g, p in enumerate(_WEEKDAY_GAP)]
    if m.kind == "lead":
        return [(event + dt.timedelta(days=g), p * _LEAD_WEIGHT) for g, p in enumerate(_LEAD_GAP)]
    return []


def _votes(
    doc_mentions: Iterable[int],
    items: Sequence[Mention],
    matches: Mapping[int, list[tuple[int, float]]],
    days: Mapping[int, dt.date],
) -> dict[dt.date, float]:
    """Summed odds of each publication day, over the text's matched mentions."""
    votes: dict[dt.date, float] = defaultdict(float)
    for k in doc_mentions:
        # Each other text counts once per mention, by its closest mention of the event.
        by_doc: dict[str, tuple[float, list[tuple[dt.date, float]]]] = {}
        weight = _WEEKDAY_AGREES if items[k].kind == "weekday" else 1.0
        for other, sim in matches.get(k, ()):
            day = days.get(other)
            implied = _implied(items[k], day) if day is not None else []
            doc = items[other].doc
            if implied and (doc not in by_doc or sim > by_doc[doc][0]):
                by_doc[doc] = (sim, implied)
        for sim, implied in by_doc.values():
            for d, p in implied:
                votes[d] += weight * sim * p
    return votes


@dataclass(frozen=True)
class _Bounds:
    low: dt.date
    high: dt.date

    def narrow(self) -> bool:
        """Whether the text looks back to a day and ahead to one close after it: its date
        lies between, with no event needed."""
        return self.low > dt.date.min and self.high < dt.date.max and (self.high - self.low).days <= _BOUNDED_DAYS


_BOUNDED_DAYS = 31
_BOUNDED_CONFIDENCE = 0.2


def _bounds(text: str, refs: Sequence[DateRef], near: dt.date | None = None) -> _Bounds:
    """What a text's own dates say of its date: the latest it states outside a future
    clause bounds it from below, the earliest it looks ahead to from above.

    A year-less date counts only when its clause marks the tense ("talks collapsed on
    Jan. 14", "will fly to Moscow on Jan. 21"), read in the year nearest `near`: unmarked,
    "a summit on Jan. 22" may be past or still to come.
    """
    low, high = dt.date.min, dt.date.max
    ahead: list[dt.date] = []
    for r in refs:
        left = _line_start(text, r.start)
        future = _is_future(text, r.start, left)
        d: dt.date | None = None
        if r.kind == "ymd" and r.year and r.month and r.day:
            d = dt.date(r.year, r.month, r.day)
        elif r.kind == "md" and r.month and r.day and near is not None:
            if not future and _PAST.search(text[max(left, r.start - 60) : r.start]) is None:
                continue
            d = _year_near(r.month, r.day, near)
        if d is None:
            continue
        if future:
            ahead.append(d)
        else:
            low = max(low, d)
    later = [d for d in ahead if d >= low]
    if later:
        high = min(later)
    return _Bounds(low, high)


def _line_start(text: str, at: int) -> int:
    return max(0, text.rfind("\n", 0, at))


def _pin(votes: Mapping[dt.date, float], bounds: _Bounds) -> DctGuess | None:
    """The pinned day and range when the votes gather on one run of days.

    The point is the day with most votes; the range holds every day with a tenth of its
    votes (a named weekday spreads over the week after it). Pinned when the votes are
    enough in all and most of them fall in that range.
    """
    kept = {d: v for d, v in votes.items() if bounds.low <= d <= bounds.high}
    if not kept:
        return None
    total = sum(kept.values())
    best = max(kept, key=lambda d: (kept[d], -d.toordinal()))
    near = [d for d, v in kept.items() if v >= _RANGE_SHARE * kept[best]]
    lo, hi = min(near), max(near)
    inside = sum(v for d, v in kept.items() if lo <= d <= hi)
    if total < _MIN_SUPPORT or inside < _MIN_SHARE * total or kept[best] < _MIN_BEST * total:
        return None
    return DctGuess(best, lo, hi, round(min(0.99, inside / total), 3), SOURCE)


def _fixed_dates(
    texts: Mapping[str, str],
    known: Mapping[str, dt.date | DctGuess | None],
    guesses: Mapping[str, DctGuess],
    stamps: Mapping[str, dt.date | None],
) -> dict[str, dt.date]:
    """Days known for sure: given dates, date lines read off the text, time stamps."""
    fixed: dict[str, dt.date] = {}
    for doc in texts:
        value = known.get(doc)
        guess = guesses.get(doc)
        if isinstance(value, dt.date):
            fixed[doc] = value
        elif isinstance(value, DctGuess) and value.earliest == value.latest:
            fixed[doc] = value.date
        elif guess is not None and guess.source == "dateline" and guess.earliest == guess.latest:
            fixed[doc] = guess.date
        elif (day := stamps.get(doc)) is not None:
            fixed[doc] = day
    return fixed


def pin_dates(
    texts: Mapping[str, str],
    known: Mapping[str, dt.date | DctGuess | None],
    guesses: Mapping[str, DctGuess] | None = None,
    first_comments: Mapping[str, dt.date] | None = None,
) -> dict[str, DctGuess]:
    """Pinned dates of the story's undated texts, by document id.

    `texts` maps ids to texts; `known` the dates given with them (None: undated);
    `guesses` what `dct.infer_story_dcts` inferred (their points place year-less dates);
    `first_comments` the day of the first reader comment of the pages whose comment
    section the cleaner removed (`dct.first_comment`).
    Only texts without a given date, a date line or a narrow guess get a result: a time
    stamp in the text (range of one day) or a day pinned by the events it shares.
    """
    guesses = guesses or {}
    refs = {doc: find_date_refs(text) for doc, text in texts.items()}
    stamps = {doc: stamp(texts[doc], refs[doc]) for doc in texts}
    # A page's reader comments are not the article: its events and its bounds are read
    # in the text before them; the first comment bounds the article's date from above.
    found = {doc: c for doc in texts if (c := comments(texts[doc], refs[doc])) is not None}
    for doc, day in (first_comments or {}).items():
        if doc in texts and doc not in found:
            found[doc] = Comments(len(texts[doc]), day)
    for doc, c in found.items():
        refs[doc] = [r for r in refs[doc] if r.end <= c.start]

    def body(doc: str) -> str:
        return texts[doc][: found[doc].start] if doc in found else texts[doc]

    fixed = _fixed_dates(texts, known, guesses, stamps)
    out = {
        doc: DctGuess(day, day, day, 0.9, SOURCE)
        for doc, day in fixed.items()
        if known.get(doc) is None and stamps[doc] == day and doc not in _dated_lines(guesses)
    }
    for doc, c in found.items():
        if doc not in fixed and known.get(doc) is None and (pin := _comment_pin(body(doc), refs[doc], c)):
            out[doc] = pin
            fixed[doc] = pin.date
    items = [m for doc in texts for m in mentions(doc, body(doc), refs[doc])]
    if not items:
        return out
    matches = _matches(items)
    of_doc: dict[str, list[int]] = defaultdict(list)
    for k, m in enumerate(items):
        if k in matches:
            of_doc[m.doc].append(k)
    near = _near_days(texts, fixed, guesses)
    # Only full dates bound a text: a page's later stamps (comments, related stories)
    # would bound it wrongly, so the bounds filter the pins and date nothing alone.
    bounds = {doc: _bounds(body(doc), refs[doc], near.get(doc)) for doc in texts if doc not in fixed}
    for doc, c in found.items():
        if doc in bounds:
            bounds[doc] = _Bounds(bounds[doc].low, min(bounds[doc].high, c.first))
    out.update(_pin_rounds(items, matches, of_doc, fixed, near, bounds))
    for doc, b in bounds.items():
        if doc not in fixed and known.get(doc) is None and b.narrow():
            out[doc] = DctGuess(b.low + (b.high - b.low) / 2, b.low, b.high, _BOUNDED_CONFIDENCE, SOURCE)
    return out


def _comment_pin(body: str, refs: Sequence[DateRef], found: Comments) -> DctGuess | None:
    """A page published by its first reader comment, mostly that day: the point, within a
    range reaching back `_COMMENT_LAG` days (or to the latest day its own text states)."""
    low = max(_bounds(body, refs).low, found.first - dt.timedelta(days=_COMMENT_LAG))
    return DctGuess(found.first, low, found.first, _COMMENT_CONFIDENCE, SOURCE) if low <= found.first else None


def _pin_rounds(
    items: Sequence[Mention],
    matches: Mapping[int, list[tuple[int, float]]],
    of_doc: Mapping[str, list[int]],
    fixed: dict[str, dt.date],
    near: Mapping[str, dt.date],
    bounds: Mapping[str, _Bounds],
) -> dict[str, DctGuess]:
    """Pins by the events texts share, round after round: a text pinned in one round dates
    its relative mentions for the next. `fixed` grows with the pins."""
    out: dict[str, DctGuess] = {}
    for _ in range(_MAX_ROUNDS):
        days = {k: d for k, m in enumerate(items) if (d := _event_day(m, fixed, near)) is not None}
        new: dict[str, DctGuess] = {}
        for doc, ks in of_doc.items():
            if doc in fixed:
                continue
            pinned = _pin(_votes(ks, items, matches, days), bounds[doc])
            if pinned is not None:
                new[doc] = pinned
        if not new:
            break
        out.update(new)
        fixed.update({doc: g.date for doc, g in new.items()})
    return out


_NEAR = 183
"""Days from the story's middle a text's own guess may be and still place its year-less dates."""


def _near_days(
    texts: Iterable[str], fixed: Mapping[str, dt.date], guesses: Mapping[str, DctGuess]
) -> dict[str, dt.date]:
    """A day near each text's date, to read its year-less dates in: its own guess when that
    falls near the story's middle (the median of the fixed dates, or of the guesses), else
    that middle. With nothing fixed, only the narrower half of the guesses counts."""
    pool = sorted(fixed.values())
    if not pool:
        # With nothing fixed, the guesses with the narrower ranges place the middle.
        widths = sorted((g.latest - g.earliest).days for g in guesses.values())
        cut = widths[len(widths) // 2] if widths else 0
        pool = sorted(g.date for g in guesses.values() if (g.latest - g.earliest).days <= cut)
    if not pool:
        return {}
    middle = pool[len(pool) // 2]
    out = {}
    for doc in texts:
        g = guesses.get(doc)
        out[doc] = g.date if g is not None and abs((g.date - middle).days) <= _NEAR else middle
    return out


def is_pinned(guess: object) -> bool:
    """Whether a story-level guess is one this pass pinned."""
    return isinstance(guess, DctGuess) and guess.source == SOURCE


def narrower(guess: DctGuess, earliest: dt.date | None, latest: dt.date | None) -> bool:
    """Whether `guess` says more than a settled range (None: no date settled)."""
    if earliest is None or latest is None:
        return True
    return (guess.latest - guess.earliest) < (latest - earliest)


def _dated_lines(guesses: Mapping[str, DctGuess]) -> set[str]:
    return {doc for doc, g in guesses.items() if g.source == "dateline" and g.earliest == g.latest}
