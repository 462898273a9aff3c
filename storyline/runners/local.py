"""The per-document work of `analyze` as partitions: parse and analyse rows, then write them.

`analyze_partition` is pure (rows in, analyses out: no store), so it runs in this
process or on a Dask worker alike; `write_partition` is the single store writer that
takes the results back. `pipeline.analyze` is the same work as one stream in one process.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storyline.models import DctGuess
from storyline.store import repo
from storyline.store.db import Store

Row = dict[str, Any]


@dataclass(frozen=True)
class PartitionResult:
    """The analyses of one partition's documents, in order, with the stage failures met."""

    analyses: list[repo.DocumentAnalysis]
    problems: list[tuple[str, str, str]]


def rows_of(store: Store, ids: list[int]) -> list[Row]:
    """The stored rows of `ids` as plain dicts (what crosses to a worker: text and metadata)."""
    return [dict(repo.get_document(store, i)) for i in ids]


def analyze_partition(
    rows: list[Row], guesses: dict[int, DctGuess], nlp: Any, batch_size: int = 32
) -> PartitionResult:
    """Parse a partition's texts with `nlp` and run every per-document stage on each."""
    from storyline.pipeline import analyze_document

    analyses: list[repo.DocumentAnalysis] = []
    problems: list[tuple[str, str, str]] = []
    parsed = nlp.pipe(((r["text"], r) for r in rows), as_tuples=True, batch_size=batch_size)
    for doc, row in parsed:
        analysis, found = analyze_document(row["id"], row, doc, guesses.get(row["id"]))
        analyses.append(analysis)
        problems.extend(found)
    return PartitionResult(analyses, problems)


def write_partition(store: Store, result: PartitionResult, version: str, report: Any, on_problem: Any) -> None:
    """Store a partition's analyses (one transaction per document) and record its failures."""
    from storyline.pipeline import _problem

    for item, stage, reason in result.problems:
        _problem(store, report, on_problem, item, stage, reason)
    for analysis in result.analyses:
        repo.save_analysis(store, analysis, version)
        report.analyzed += 1


def partitions(ids: list[int], size: int) -> list[list[int]]:
    """`ids` cut into consecutive partitions of at most `size`."""
    return [ids[i : i + size] for i in range(0, len(ids), max(1, size))]
