"""Stories in a mixed pile: which documents report one developing story.

Reads each document's clean body and publication date (no parse: it runs right after
ingest, so `build --story` analyses only the story asked for); adds the story each
document belongs to. Single pass and incremental: a new document is compared with the
stories that share its strongest terms and joins the most similar one (cosine of
TF-IDF vectors, names weighted up, within a date window) or starts a story of its own.
The state (`StoryIndex`) is plain data the store persists between runs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from storyline.text import cosine

STAGE_NAME = "storyline.stories.v1"

JOIN = 0.2
"""Cosine between a document and a story's centroid at or above which it joins the story."""
JOIN_NEAR = 0.06
"""The same for a dated document and a story with reports within `WINDOW_DAYS` of it:
nearness in time is evidence of its own, and a story followed for months (an oil spill,
an epidemic) moves through many happenings whose reports share less wording than two
reports of one happening."""
NAME_WEIGHT = 2.0
"""Term-frequency factor of a capitalised word inside a sentence (a name): what tells two
earthquakes, two trials or two rehab stays apart is who and where, more than what."""
DOC_TERMS = 60
"""Strongest terms kept per document vector."""
STORY_TERMS = 400
"""Strongest terms kept per story centroid."""
MERGE = 0.2
"""Cosine of two dated stories' centroids at or above which a dated document both could
join makes them one: early reports of a long story start several stories that later
ones bridge. Undated stories are never merged: without dates, two happenings of one
kind (two earthquakes) look like one story that a bridging report would join."""
PROBE_TERMS = 60
"""A document is compared with the stories sharing one of its strongest terms (not all)."""
WINDOW_DAYS = 45
"""A dated document joins only a story whose dated reports reach within this many days:
a story silent for six weeks that starts again is, for a reader, a new story."""

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|\d[\d.,]*\d|\d")
_SENTENCE_END = frozenset(".!?\"'”’:")
_STOP = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "said", "same", "says", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "told", "say", "according", "new", "one", "two", "three", "first", "last", "year", "years", "week", "weeks", "month", "months", "day", "days", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tomorrow", "reuters", "ap", "afp", "news", "report", "reported", "reports", "people", "percent", "pct", "mln", "dlrs", "cts", "vs"]
)


@dataclass
class Story:
    """One story: its centroid, its size and the days of its dated reports."""

    id: int
    centroid: dict[str, float]
    size: int = 0
    first: dt.date | None = None
    last: dt.date | None = None
    label: str = ""

    def near(self, day: dt.date | None) -> bool:
        """Whether a report of `day` can belong to this story (undated always can)."""
        if day is None or self.first is None or self.last is None:
            return True
        window = dt.timedelta(days=WINDOW_DAYS)
        return self.first - window <= day <= self.last + window


@dataclass
class StoryIndex:
    """The stories found so far and the document frequencies their vectors use."""

    stories: dict[int, Story] = field(default_factory=dict)
    df: Counter[str] = field(default_factory=Counter)
    documents: int = 0
    merged: dict[int, int] = field(default_factory=dict)
    """Stories merged into another since the index was loaded: {gone: kept}."""
    _postings: dict[str, set[int]] = field(default_factory=dict)

    def observe(self, text: str, title: str | None = None) -> None:
        """Count a document's terms before placing a batch, so the first ones weigh terms well."""
        self.documents += 1
        self.df.update(term_counts(text, title).keys())

    def add(
        self, text: str, published: dt.date | None = None, title: str | None = None, *, observed: bool = False
    ) -> tuple[int, float]:
        """Place one document: (the story it joins or starts, its similarity to that story)."""
        tf = term_counts(text, title)
        if not observed:
            self.documents += 1
            self.df.update(tf.keys())
        vec = self._vector(tf)
        best, best_sim = None, 0.0
        joinable: list[Story] = []
        for sid in self._candidates(vec):
            story = self.stories[sid]
            if not story.near(published):
                continue
            sim = cosine(vec, story.centroid)
            if sim < (JOIN_NEAR if published is not None and story.first is not None else JOIN):
                continue
            joinable.append(story)
            if sim > best_sim:
                best, best_sim = story, sim
        if best is not None:
            for other in joinable:
                if (
                    other is not best and best.first is not None and other.first is not None
                    and cosine(best.centroid, other.centroid) >= MERGE
                ):
                    self._merge(other, best)
        if best is None:
            self._next = max(getattr(self, "_next", 0), max(self.stories, default=0), max(self.merged, default=0)) + 1
            best = Story(id=self._next, centroid={}, label=(title or _lead(text))[:120])
            self.stories[best.id] = best
            best_sim = 1.0
        self._join(best, vec, published)
        return best.id, best_sim

    def _vector(self, tf: dict[str, float]) -> dict[str, float]:
        n = self.documents
        weights = {t: (1.0 + math.log(c)) * (math.log((n + 1) / (self.df[t] + 1)) + 1.0) for t, c in tf.items()}
        return _top(weights, DOC_TERMS)

    def _candidates(self, vec: dict[str, float]) -> set[int]:
        probe = sorted(vec, key=lambda t: -vec[t])[:PROBE_TERMS]
        out: set[int] = set()
        for t in probe:
            out |= self._postings.get(t, set())
        return out

    def _join(self, story: Story, vec: dict[str, float], day: dt.date | None) -> None:
        for t in story.centroid:
            self._postings.get(t, set()).discard(story.id)
        merged = dict(story.centroid)
        for t, w in vec.items():
            merged[t] = merged.get(t, 0.0) + w
        story.centroid = _top(merged, STORY_TERMS)
        for t in story.centroid:
            self._postings.setdefault(t, set()).add(story.id)
        story.size += 1
        if day is not None:
            story.first = day if story.first is None else min(story.first, day)
            story.last = day if story.last is None else max(story.last, day)

    def _merge(self, gone: Story, kept: Story) -> None:
        for t in gone.centroid:
            self._postings.get(t, set()).discard(gone.id)
        for t in kept.centroid:
            self._postings.get(t, set()).discard(kept.id)
        merged = dict(kept.centroid)
        for t, w in gone.centroid.items():
            merged[t] = merged.get(t, 0.0) + w
        kept.centroid = _top(merged, STORY_TERMS)
        for t in kept.centroid:
            self._postings.setdefault(t, set()).add(kept.id)
        kept.size += gone.size
        days = [d for d in (kept.first, kept.last, gone.first, gone.last) if d is not None]
        kept.first, kept.last = (min(days), max(days)) if days else (None, None)
        del self.stories[gone.id]
        for k, v in list(self.merged.items()):
            if v == gone.id:
                self.merged[k] = kept.id
        self.merged[gone.id] = kept.id

    def story_of(self, sid: int) -> int:
        """The story a (possibly merged) story id now belongs to."""
        while sid in self.merged:
            sid = self.merged[sid]
        return sid

    def restore(self, stories: Iterable[Story]) -> None:
        """Load stored stories (their centroids feed the candidate lookup)."""
        for s in stories:
            self.stories[s.id] = s
            for t in s.centroid:
                self._postings.setdefault(t, set()).add(s.id)


def term_counts(text: str, title: str | None = None) -> dict[str, float]:
    """Content words of a text, case-folded; names (capitalised inside a sentence) count double."""
    counts: dict[str, float] = {}
    for piece in ([title] if title else []) + [text]:
        end = 0
        for m in _WORD.finditer(piece):
            word = m.group(0)
            gap = piece[end : m.start()]
            at_start = end == 0 or "\n" in gap or any(ch in _SENTENCE_END for ch in gap)
            end = m.end()
            low = word.lower().replace("’", "'").removesuffix("'s")
            if low in _STOP or (len(low) < 3 and not low.isdigit()):
                continue
            name = word[0].isupper() and not word.isupper() and not at_start
            counts[low] = counts.get(low, 0.0) + (NAME_WEIGHT if name else 1.0)
    return counts



def _top(weights: dict[str, float], k: int) -> dict[str, float]:
    if len(weights) <= k:
        return weights
    return dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:k])


def _lead(text: str) -> str:
    return " ".join(text.split()[:14])


def cluster(items: Sequence[tuple[str, str, dt.date | None]]) -> dict[str, int]:
    """Story of every (key, text, date), placed in the given order."""
    index = StoryIndex()
    for _, text, _ in items:
        index.observe(text)
    placed = {key: index.add(text, day, observed=True)[0] for key, text, day in items}
    return {key: index.story_of(sid) for key, sid in placed.items()}
