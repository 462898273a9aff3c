"""Stories in a mixed pile: which documents report one developing story.

Reads each document's clean body and publication date (no parse: it runs right after
ingest, so `build --story` analyses only the story asked for); adds the story each
document belongs to. Single pass and incremental: a new document is compared with the
stories that share its strongest terms and joins the most similar one (cosine of
TF-IDF vectors, names weighted up, within a date window) or starts a story of its own.

Two happenings of one kind (two earthquakes, two rehab stays) share most of their
wording; what tells them apart is who and where. So a story also keeps its names (in
how many of its reports each appears, how often): a document most of whose strong names
the story has never seen, and which lacks most of the story's own names, *conflicts*
with it (another person in the same role, another town) and does not join, however
similar the rest. The test is left to dates where they speak (a dated document and a
story with dated reports): a story followed for months changes its cast, and the date
window already keeps its twins apart. Undated documents come in no meaningful order, so once a batch is
placed, each of its undated documents is placed once more against the stories the whole
batch made (`settle`): the first report of a happening may have joined a story of its
twin before its own story existed. The state (`StoryIndex`) is plain data the store
persists between runs; documents of earlier runs never move.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from storyline.text import cosine

STAGE_NAME = "storyline.stories.v2"

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
NOVEL_SHARE = 0.4
"""A document conflicts with a story when at least this share of its strong names (named
twice or more, weighted by IDF) are new to the story..."""
MISSING_SHARE = 0.6
"""... and at least this share of the story's own names are missing from it."""
CORE_SHARE = 0.5
"""A story name is the story's own when at least this share of its reports name it."""
STORY_NAMES = 200
"""Names kept per story (those most of its reports name)."""
SETTLE_ROUNDS = 1
"""How many times `settle` places a batch's undated documents again (it stops early when none moves)."""
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
    names: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Of each name (its `STORY_NAMES` commonest): in how many of the story's reports it
    appears, and how often in all."""

    def near(self, day: dt.date | None) -> bool:
        """Whether a report of `day` can belong to this story (undated always can)."""
        if day is None or self.first is None or self.last is None:
            return True
        window = dt.timedelta(days=WINDOW_DAYS)
        return self.first - window <= day <= self.last + window


@dataclass
class _Placed:
    """A document of the current batch as the index placed it."""

    position: int
    vec: dict[str, float]
    names: dict[str, int]
    published: dt.date | None
    story: int = 0


@dataclass
class StoryIndex:
    """The stories found so far and the document frequencies their vectors use."""

    stories: dict[int, Story] = field(default_factory=dict)
    df: Counter[str] = field(default_factory=Counter)
    documents: int = 0
    merged: dict[int, int] = field(default_factory=dict)
    """Stories merged into another since the index was loaded: {gone: kept}."""
    touched: set[int] = field(default_factory=set)
    """Stories whose state changed since the index was loaded."""
    dropped: set[int] = field(default_factory=set)
    """Stories started and left empty since the index was loaded."""
    _postings: dict[str, set[int]] = field(default_factory=dict)
    _batch: list[_Placed] = field(default_factory=list)

    def observe(self, text: str, title: str | None = None) -> None:
        """Count a document's terms before placing a batch, so the first ones weigh terms well."""
        self.documents += 1
        self.df.update(term_counts(text, title).keys())

    def add(
        self, text: str, published: dt.date | None = None, title: str | None = None, *, observed: bool = False
    ) -> tuple[int, float]:
        """Place one document: (the story it joins or starts, its similarity to that story)."""
        doc = scan(text, title)
        if not observed:
            self.documents += 1
            self.df.update(doc.terms.keys())
        placed = _Placed(len(self._batch), self._vector(doc.terms), doc.names, published)
        self._batch.append(placed)
        best, best_sim, joinable = self._best(placed)
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
        self._join(best, placed)
        return best.id, best_sim

    def settle(self) -> dict[int, tuple[int, float]]:
        """Place the undated documents added since the last call once more, against the stories
        the whole batch made; return those that moved: {position in the batch: (story, similarity)}.

        Undated documents come in no meaningful order, so the first reports of a happening
        may have joined a story of another happening of its kind before their own story
        existed; now each leaves its story and joins the best one as it stands. Documents of
        earlier batches never move.
        """
        moved: dict[int, tuple[int, float]] = {}
        for _ in range(SETTLE_ROUNDS):
            changed = False
            for placed in self._batch:
                if placed.published is not None:
                    continue
                was = self.stories[self.story_of(placed.story)]
                self._leave(was, placed)
                best, best_sim, _ = self._best(placed)
                if best is None:
                    best, best_sim = was, 0.0
                if best.id != was.id:
                    changed = True
                    moved[placed.position] = (best.id, best_sim)
                self._join(best, placed)
                if not was.size and was.id in self.stories:
                    self._drop(was)
            if not changed:
                break
        self._batch = []
        return {k: (self.story_of(sid), sim) for k, (sid, sim) in moved.items()}

    def _best(self, placed: _Placed) -> tuple[Story | None, float, list[Story]]:
        """The story a document joins best (None: none), its similarity, and every story it could join."""
        best, best_sim = None, 0.0
        joinable: list[Story] = []
        for sid in self._candidates(placed.vec):
            story = self.stories[sid]
            if not story.size or not story.near(placed.published):
                continue
            sim = cosine(placed.vec, story.centroid)
            dated = placed.published is not None and story.first is not None
            if sim < (JOIN_NEAR if dated else JOIN):
                continue
            if not dated and self.conflicts(story, placed.names):
                continue
            joinable.append(story)
            if sim > best_sim:
                best, best_sim = story, sim
        return best, best_sim, joinable

    def conflicts(self, story: Story, names: dict[str, int]) -> bool:
        """Whether a document (its names) tells of another happening than `story`: most of its
        strong names (weighted by IDF) are new to the story, and most of the story's own
        names are missing from it."""
        strong = {n: c * self._idf(n) for n, c in names.items() if c >= 2}
        core = self._core(story)
        if not strong or not core:
            return False
        novel = sum(w for n, w in strong.items() if n not in story.names) / sum(strong.values())
        missing = sum(w for n, w in core.items() if n not in names) / sum(core.values())
        return novel >= NOVEL_SHARE and missing >= MISSING_SHARE

    def _idf(self, term: str) -> float:
        return math.log((self.documents + 1) / (self.df[term] + 1)) + 1.0

    def _core(self, story: Story) -> dict[str, float]:
        """A story's own names (named by `CORE_SHARE` of its reports), weighted by share and IDF."""
        return {
            n: reports / story.size * self._idf(n)
            for n, (reports, mentions) in story.names.items()
            if reports >= CORE_SHARE * story.size and mentions >= 2
        }

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

    def _join(self, story: Story, placed: _Placed) -> None:
        self._unpost(story)
        merged = dict(story.centroid)
        for t, w in placed.vec.items():
            merged[t] = merged.get(t, 0.0) + w
        story.centroid = _top(merged, STORY_TERMS)
        self._post(story)
        story.size += 1
        for n, c in placed.names.items():
            reports, mentions = story.names.get(n, (0, 0))
            story.names[n] = (reports + 1, mentions + c)
        story.names = _commonest(story.names)
        day = placed.published
        if day is not None:
            story.first = day if story.first is None else min(story.first, day)
            story.last = day if story.last is None else max(story.last, day)
        placed.story = story.id
        self.touched.add(story.id)

    def _leave(self, story: Story, placed: _Placed) -> None:
        """Take an undated document out of a story (the inverse of `_join`, as far as a
        centroid cut to its strongest terms allows)."""
        self._unpost(story)
        for t, w in placed.vec.items():
            if t in story.centroid:
                left = story.centroid[t] - w
                if left > 1e-9:
                    story.centroid[t] = left
                else:
                    del story.centroid[t]
        self._post(story)
        story.size -= 1
        for n, c in placed.names.items():
            if n in story.names:
                reports, mentions = story.names[n]
                if reports > 1:
                    story.names[n] = (reports - 1, max(1, mentions - c))
                else:
                    del story.names[n]
        self.touched.add(story.id)

    def _drop(self, story: Story) -> None:
        """Forget a story left without documents (one started in this batch)."""
        if any(v == story.id for v in self.merged.values()):
            return
        self._unpost(story)
        del self.stories[story.id]
        self.dropped.add(story.id)

    def _post(self, story: Story) -> None:
        for t in story.centroid:
            self._postings.setdefault(t, set()).add(story.id)

    def _unpost(self, story: Story) -> None:
        for t in story.centroid:
            self._postings.get(t, set()).discard(story.id)

    def _merge(self, gone: Story, kept: Story) -> None:
        self._unpost(gone)
        self._unpost(kept)
        merged = dict(kept.centroid)
        for t, w in gone.centroid.items():
            merged[t] = merged.get(t, 0.0) + w
        kept.centroid = _top(merged, STORY_TERMS)
        self._post(kept)
        kept.size += gone.size
        for n, (reports, mentions) in gone.names.items():
            r0, m0 = kept.names.get(n, (0, 0))
            kept.names[n] = (r0 + reports, m0 + mentions)
        kept.names = _commonest(kept.names)
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
            self._post(s)


@dataclass
class Scan:
    """What the story test reads of one document."""

    terms: dict[str, float]
    """Content words, case-folded; names count `NAME_WEIGHT`."""
    names: dict[str, int]
    """How often each name occurs in the body: a capitalised word inside a sentence, or at
    the start of one when the body also writes it capitalised inside a sentence."""


def scan(text: str, title: str | None = None) -> Scan:
    """Terms and names of a document (headline words are terms, never names:
    a headline capitalises every word)."""
    counts: dict[str, float] = {}
    names: dict[str, int] = {}
    opening: dict[str, int] = {}
    for piece, body in ([(title, False)] if title else []) + [(text, True)]:
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
            if name and body:
                names[low] = names.get(low, 0) + 1
            elif body and at_start and word[0].isupper() and not word.isupper():
                opening[low] = opening.get(low, 0) + 1
    for low, c in opening.items():
        if low in names:
            names[low] += c
    return Scan(counts, names)


def term_counts(text: str, title: str | None = None) -> dict[str, float]:
    """Content words of a text, case-folded; names (capitalised inside a sentence) count double."""
    return scan(text, title).terms


def _top(weights: dict[str, float], k: int) -> dict[str, float]:
    if len(weights) <= k:
        return weights
    return dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:k])


def _commonest(names: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    if len(names) <= STORY_NAMES:
        return names
    return dict(sorted(names.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[:STORY_NAMES])


def _lead(text: str) -> str:
    return " ".join(text.split()[:14])


def cluster(items: Sequence[tuple[str, str, dt.date | None]]) -> dict[str, int]:
    """Story of every (key, text, date), placed in the given order."""
    index = StoryIndex()
    for _, text, _ in items:
        index.observe(text)
    placed = [index.add(text, day, observed=True)[0] for _, text, day in items]
    for position, (sid, _) in index.settle().items():
        placed[position] = sid
    return {key: index.story_of(sid) for (key, _, _), sid in zip(items, placed, strict=True)}
