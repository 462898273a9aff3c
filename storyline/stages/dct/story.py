"""Story-level inference: the dated documents of a story bound the date of the others."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from storyline import lexicon
from storyline.models import DctGuess
from storyline.stages.dct.dateline import find_dateline
from storyline.stages.dct.document import infer_with_clues
from storyline.stages.dct.refs import DateRef, find_date_refs, safe_date
from storyline.stages.dct.scoring import StoryEvidence, score
from storyline.stages.dct.sentences import sentence_bounds
from storyline.stages.dct.tense import with_tense

# Words that say nothing about which event a sentence names: function words, calendar words.
_STOPWORDS = lexicon.words("event_stopwords") | frozenset(lexicon.months()) | frozenset(lexicon.weekday_names())


_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]{2,}")
_MIN_SHARED = 2
"""Content words two sentences must share to name the same event."""
_MIN_SIMILARITY = 0.25
_MATCH_WEIGHT = 6.0
"""Log-odds an exact event match adds, at similarity 1."""


_SUFFIX = re.compile(r"(?:ing|ed|es|e|s)$")


def _content_words(sentence: str) -> frozenset[str]:
    """Content words of a sentence, crudely stemmed so "collapsed" meets "collapse"."""
    words = {w.lower().removesuffix("'s") for w in _WORD.findall(sentence)}
    return frozenset(
        _SUFFIX.sub("", w) for w in words if w not in _STOPWORDS and len(w) > 3
    )


def _sentence_words(text: str, start: int, end: int) -> frozenset[str]:
    left, right = sentence_bounds(text, start, end)
    return _content_words(text[left:start] + " " + text[end:right])


@dataclass(frozen=True)
class _DatedEvent:
    date: dt.date
    words: frozenset[str]


def _dated_events(text: str, dct: dt.date, *, explicit_only: bool = False) -> list[_DatedEvent]:
    """Events of a dated text that the tagger places on a known day.

    An event's words are those of its sentence between the neighbouring date expressions,
    so two dates of one sentence ("MOSCOW, Jan. 23 -- The summit on Jan. 22 ended") keep
    apart the events they date. With `explicit_only` (a text whose date is not known, `dct`
    only a day near it), only dates written with their month and day count: relative ones
    ("on Monday") would be placed from the wrong day.
    """
    from storyline.stages import timex

    found = [t for t in timex.tag(text, dct) if t.type in ("DATE", "TIME") and t.value]
    events = []
    for i, t in enumerate(found):
        m = re.match(r"(\d{4})-(\d\d)-(\d\d)", t.value or "")
        date = safe_date(*(int(g) for g in m.groups())) if m else None
        if date is None:
            continue
        if explicit_only and not any(
            r.kind in ("ymd", "md") for r in find_date_refs(text[t.start : t.end])
        ):
            continue
        left, right = sentence_bounds(text, t.start, t.end)
        if i > 0:
            left = max(left, found[i - 1].end)
        if i + 1 < len(found):
            right = min(right, found[i + 1].start)
        words = _content_words(text[left : t.start] + " " + text[t.end : right])
        if words:
            events.append(_DatedEvent(date, words))
    return events


def _idf(texts: Iterable[str]) -> dict[str, float]:
    """Inverse sentence frequency of content words across the story."""
    counts: Counter[str] = Counter()
    n = 0
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
            n += 1
            counts.update(_content_words(sentence))
    return {w: math.log((n + 1) / (c + 0.5)) for w, c in counts.items()}


def _similarity(a: frozenset[str], b: frozenset[str], idf: Mapping[str, float]) -> float:
    """Rarity-weighted overlap of two word sets (0..1); 0 below `_MIN_SHARED` shared words."""
    shared = a & b
    if len(shared) < _MIN_SHARED:
        return 0.0
    default = max(idf.values(), default=1.0)
    weight = sum(idf.get(w, default) for w in shared)
    return weight / min(sum(idf.get(w, default) for w in a), sum(idf.get(w, default) for w in b))


def _story_matches(
    text: str,
    refs: Sequence[DateRef],
    events: Sequence[_DatedEvent],
    idf: Mapping[str, float],
) -> list[tuple[DateRef, dt.date, float]]:
    """Relative expressions of `text` whose sentence names an event dated in another text."""
    out = []
    for ref in refs:
        if ref.kind not in ("relative", "weekday") or (ref.kind == "relative" and ref.offset is None):
            continue
        words = _sentence_words(text, ref.start, ref.end)
        best: tuple[float, dt.date] | None = None
        for ev in events:
            sim = _similarity(words, ev.words, idf)
            if ref.kind == "weekday" and ev.date.weekday() != ref.weekday:
                continue
            if sim >= _MIN_SIMILARITY and (best is None or sim > best[0]):
                best = (sim, ev.date)
        if best is not None:
            out.append((ref, best[1], _MATCH_WEIGHT * best[0]))
    return out


def _relative_refs(text: str) -> list[DateRef]:
    return [r for r in with_tense(text, find_date_refs(text), None) if r.kind == "relative"]


def infer_story_dcts(
    texts: Mapping[str, str],
    known: Mapping[str, dt.date | DctGuess | None],
) -> dict[str, DctGuess]:
    """Infer every document's date, letting the dated documents of a story bound the others.

    `texts` maps a document id to its text; `known` maps ids to a stated date or an earlier
    guess (missing or None: nothing known). A document with a stated date keeps it. An
    undated one is scored on its own clues, on the story's span of dates (a prior) and on
    its relative mentions ("yesterday's summit", "talks collapsed on Monday") of events a
    dated document places on a day, matched by rarity-weighted overlap of their sentences.
    A document with no clue of its own and no matched event gets no guess.
    """
    guesses = _known_guesses(texts, known)
    anchors = {doc_id: g.date for doc_id, g in guesses.items() if g.earliest == g.latest == g.date}
    events_of = {doc_id: _dated_events(texts[doc_id], day) for doc_id, day in anchors.items()}
    idf = _idf(texts.values()) if anchors else {}
    span = (min(anchors.values()), max(anchors.values())) if anchors else None
    if span is not None:
        # An undated text's own explicit dates ("met at the ministry on March 5") date its
        # events too, read in the story's year, for the other texts to match.
        middle = span[0] + (span[1] - span[0]) / 2
        for doc_id, text in texts.items():
            if doc_id not in anchors:
                events_of[doc_id] = _dated_events(text, middle, explicit_only=True)
    for doc_id, text in texts.items():
        if doc_id in guesses:
            continue
        guess = _undated_guess(doc_id, text, span, events_of, idf)
        if guess is not None:
            guesses[doc_id] = guess
    return guesses


def _known_guesses(
    texts: Mapping[str, str], known: Mapping[str, dt.date | DctGuess | None]
) -> dict[str, DctGuess]:
    """The guesses `known` gives for the documents of `texts`: a stated date is certain."""
    guesses: dict[str, DctGuess] = {}
    for doc_id in texts:
        value = known.get(doc_id)
        if isinstance(value, dt.date):
            guesses[doc_id] = DctGuess(value, value, value, 1.0, "dateline")
        elif isinstance(value, DctGuess):
            guesses[doc_id] = value
    return guesses


def _undated_guess(
    doc_id: str,
    text: str,
    span: tuple[dt.date, dt.date] | None,
    events_of: Mapping[str, Sequence[_DatedEvent]],
    idf: Mapping[str, float],
) -> DctGuess | None:
    """The guess for one undated document: its own, or scored with the story's evidence."""
    own, refs = infer_with_clues(text)
    if own is not None and own.source == "dateline" and own.earliest == own.latest:
        return own
    if span is None or refs is None:
        return own
    events = [ev for other, found in events_of.items() if other != doc_id for ev in found]
    matches = _story_matches(text, [*refs, *_relative_refs(text)], events, idf)
    if not matches and not any(r.kind != "relative" for r in refs):
        return own
    dateline = find_dateline(text)
    guess = score(refs, StoryEvidence(span, tuple(matches)), dateline.month_day if dateline else None)
    if guess is not None and own is not None and guess.confidence <= own.confidence:
        # The story adds evidence to the text's own: never report less certainty.
        guess = replace(guess, confidence=min(1.0, own.confidence + 0.01))
    return guess
