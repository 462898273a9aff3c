"""The per-document work of `analyze` as partitions: parse and analyse documents, then write them.

`analyze_partition` is pure (documents in, analyses out: no store), so it runs in this
process or on a Dask worker alike, and so is `clean_partition` (raw inputs in, clean
articles and fingerprints out); `write_partition` is the single store writer that
takes the results back, through `pipeline.record_analysis`. `pipeline.analyze` is the
same work as one stream in one process.
"""

from __future__ import annotations

from typing import Any

from storyline.models import Article, DctGuess, DocumentAnalysis, RawDocument
from storyline.store import repo
from storyline.store.db import Store

CleanResult = tuple[Article, Any] | Exception
"""A cleaned article with its copy fingerprint, or what stopped its cleaning (`pipeline.clean_one`)."""

Item = tuple[int, Article]
"""A document to analyse: its row id and its stored article (what crosses to a worker)."""


def items_of(store: Store, ids: list[int]) -> list[Item]:
    """The stored articles of `ids`, in order."""
    return [(i, repo.article_from_row(repo.get_document(store, i))) for i in ids]


def analyze_partition(
    items: list[Item], story_dct: dict[int, DctGuess | Exception], nlp: Any, batch_size: int = 32,
    batch_chars: int = 100_000,
) -> list[DocumentAnalysis]:
    """Parse a partition's texts with `nlp` and run every registered document stage on each.

    Parsed as `pipeline.analyze` parses: batches bounded in texts and characters, a text
    over the model's `max_length` in pieces with its offsets kept (`nlp.pipe_bounded`).
    """
    from storyline import nlp as nlp_module
    from storyline.pipeline import analyze_document

    parsed = nlp_module.pipe_bounded(nlp, ((a.text, (i, a)) for i, a in items), batch_size, batch_chars)
    return [analyze_document(a, doc, doc_id=i, story_dct=story_dct.get(i)) for doc, (i, a) in parsed]


def clean_partition(raws: list[RawDocument], stats: Any) -> list[CleanResult]:
    """Clean and fingerprint a partition of raw inputs (pure: no store), in order."""
    from storyline.pipeline import clean_one

    return [_portable(clean_one(raw, stats)) for raw in raws]


class RemoteError(Exception):
    """An exception that could not be sent back from a worker as itself: its repr kept."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _portable(result: CleanResult) -> CleanResult:
    """The result as it can cross to the writer: an exception that does not pickle becomes its repr."""
    import pickle

    if isinstance(result, Exception):
        try:
            pickle.loads(pickle.dumps(result))
        except Exception:
            return RemoteError(repr(result))
    return result


def write_partition(store: Store, analyses: list[DocumentAnalysis], report: Any, on_problem: Any) -> None:
    """Store a partition's analyses in one transaction (each document whole or not at all,
    as `pipeline.record_analyses` writes a batch), reporting failed stages."""
    from storyline.pipeline import record_analyses

    record_analyses(store, analyses, report, on_problem)


def partitions(ids: list[int], size: int) -> list[list[int]]:
    """`ids` cut into consecutive partitions of at most `size`."""
    return [ids[i : i + size] for i in range(0, len(ids), max(1, size))]


def tapered_partitions(ids: list[int], size: int, workers: int, smallest: int | None = None) -> list[list[int]]:
    """`ids` cut into consecutive partitions of at most `size` that shrink toward the end.

    Each partition takes at most a `2 * workers`-th of the documents not yet given out
    (guided self-scheduling), never fewer than `smallest` (an eighth of `size` by
    default): the work is dealt in full partitions while plenty is left, and the last
    ones are small, so no worker is left alone with a full partition while the others
    have finished. Consecutive and in order, as `partitions`.
    """
    out: list[list[int]] = []
    i = 0
    while i < len(ids):
        n = tapered_size(len(ids) - i, size, workers, smallest)
        out.append(ids[i : i + n])
        i += n
    return out


def tapered_size(left: int, size: int, workers: int, smallest: int | None = None) -> int:
    """The size of the next partition of `tapered_partitions` when `left` documents are left to give out."""
    size = max(1, size)
    smallest = max(1, min(size, smallest if smallest is not None else size // 8))
    return max(smallest, min(size, -(-left // (2 * max(1, workers)))))
