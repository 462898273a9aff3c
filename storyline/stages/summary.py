"""Extractive multi-document summary with citations.

Reads the sentences of every document (streamed twice: once for term statistics,
once for scoring) and adds `n` summary sentences, each citing the sentence it is and
the sentences of other documents that say nearly the same.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping

from storyline.models import Source, SummarySentence
from storyline.text import cosine, dateline_length, terms

STAGE_NAME = "storyline.summary.v3"

# Candidates kept between the two passes: enough for redundancy removal, bounded so
# memory does not grow with the corpus.
_POOL = 60

SentenceRow = tuple[str, int, int, int, str]
"""(document, sentence index in its document, start, end, text)."""


def summarize(
    rows: Callable[[], Iterator[SentenceRow]],
    n: int = 5,
    *,
    events: Mapping[tuple[str, int], str] | None = None,
    published: Mapping[str, str | None] | None = None,
) -> list[SummarySentence]:
    """Pick `n` central, non-redundant sentences; order them by date and position.

    `rows` is called twice and must yield the same sentences each time. `events` maps
    (document, sentence start) to the timeline event the sentence reports: two sentences
    of one event say the same thing however they word it, so only one is picked and the
    other is cited. `published` maps a document to its date, for a chronological order.
    """
    events = events or {}
    published = published or {}

    def same(a: SentenceRow, va: dict[str, float], b: SentenceRow, vb: dict[str, float]) -> bool:
        event = events.get((a[0], a[2]))
        return (event is not None and event == events.get((b[0], b[2]))) or cosine(va, vb) > 0.5

    df: Counter[str] = Counter()
    docs: set[str] = set()
    n_sent = 0
    for doc, _, _, _, text in rows():
        docs.add(doc)
        n_sent += 1
        df.update(set(terms(text)))
    if n_sent == 0 or n <= 0:
        return []
    idf = {t: math.log(1 + n_sent / c) for t, c in df.items()}
    # Centroid: terms that recur across many sentences and documents carry the story.
    centroid = {t: c * idf[t] for t, c in df.most_common(200)}
    norm_c = math.sqrt(sum(v * v for v in centroid.values())) or 1.0

    pool: list[tuple[float, int, SentenceRow, dict[str, float]]] = []
    counter = 0
    for doc, idx, start, end, text in rows():
        # The lead's dateline ("TOKYO (Kyodo) -- ") is no part of what it says; only the
        # article's opening can hold one.
        cut = dateline_length(text) if start == 0 else 0
        text = text[cut:]
        row = (doc, idx, start + cut, end, text)
        words = terms(text)
        if len(words) < 5 or len(text) > 400:
            continue
        vec = _tfidf(words, idf)
        cos = sum(w * centroid.get(t, 0.0) for t, w in vec.items()) / (
            (math.sqrt(sum(w * w for w in vec.values())) or 1.0) * norm_c
        )
        # Lead sentences of news carry the who/what/when; direct quotes rarely summarise.
        score = cos * (1.25 if idx < 3 else 1.0)
        if text.count("“") + text.count('"') >= 2:
            score *= 0.8
        counter += 1
        item = (score, -counter, row, vec)
        if len(pool) < _POOL:
            heapq.heappush(pool, item)
        else:
            heapq.heappushpop(pool, item)
    ranked = sorted(pool, key=lambda x: (-x[0], -x[1]))
    chosen: list[tuple[SentenceRow, dict[str, float]]] = []
    for _, _, row, vec in ranked:
        if len(chosen) >= n:
            break
        if any(same(row, vec, other_row, other) for other_row, other in chosen):
            continue  # says what a chosen sentence says: it becomes a citation instead
        chosen.append((row, vec))

    def when(row: SentenceRow) -> tuple[str, int, str, int]:
        doc = row[0]
        return (published.get(doc) or "", len(doc), doc, row[1])

    out: list[SummarySentence] = []
    for row, vec in sorted(chosen, key=lambda c: when(c[0])):
        doc, _, start, end, text = row
        sources = [Source(doc, start, end)]
        for _, _, other, ovec in ranked:
            if other[0] != doc and same(row, vec, other, ovec):
                sources.append(Source(other[0], other[2], other[3]))
        out.append(SummarySentence(text, tuple(dict.fromkeys(sources))))
    return out


def _tfidf(words: Iterable[str], idf: dict[str, float]) -> dict[str, float]:
    tf = Counter(words)
    return {t: c * idf.get(t, 0.0) for t, c in tf.items()}
