"""`analyze` on a Dask distributed cluster: a local one (`--workers N`) or an existing one (`--scheduler`).

What runs where: this process reads the documents to analyse from the store, cuts them
into partitions of `partition_size` documents and sends each partition's rows (text and
metadata, a few kB a document) to a worker; each worker loads the spaCy model once, parses
and runs every per-document stage (`runners.local.analyze_partition`) and sends back the
analyses (sentences, mentions, timexes, quotes, event mentions). This process is the
single store writer: it writes partitions in document order, so the store holds exactly
what a one-process run writes, then runs the story-level stages once. Only a bounded
number of partitions is in flight, so neither side holds the corpus.

Dask is imported here only (the `dask` extra); nothing else in storyline knows where a
stage runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from storyline.config import Settings
from storyline.models import DctGuess, DocumentAnalysis, RawDocument
from storyline.runners.local import (
    CleanResult,
    Item,
    analyze_partition,
    clean_partition,
    items_of,
    tapered_partitions,
    write_partition,
)
from storyline.store import repo
from storyline.store.db import Store

PARTITION_SIZE = 64
"""Documents per task: large enough that task overhead (~1 ms) is nothing beside the
parse (~0.1 s a document), small enough to keep every worker busy to the end."""
IN_FLIGHT_PER_WORKER = 2
"""Partitions queued per worker: one running, one waiting, so a worker never idles."""
CLEAN_PARTITION_SIZE = 32
"""Raw inputs per cleaning task: cleaning costs about a tenth of a parse, so partitions
are smaller than the analysis's to keep the workers' queues short."""


def _worker_partition(
    items: list[Item], story_dct: dict[int, DctGuess | Exception], batch_size: int, batch_chars: int
) -> list[DocumentAnalysis]:
    """Runs on a worker: the model is loaded once per worker process and kept on the worker."""
    from distributed import get_worker

    worker = get_worker()
    nlp = getattr(worker, "storyline_nlp", None)
    if nlp is None:
        from storyline import nlp as nlp_module

        nlp = nlp_module.load()
        worker.storyline_nlp = nlp  # type: ignore[attr-defined]
    return analyze_partition(items, story_dct, nlp, batch_size, batch_chars)


def cleaner(client: Any, partition_size: int | None = None) -> Any:
    """A `pipeline.Cleaner` that cleans and fingerprints raw inputs on the client's workers.

    The pile's line statistics are sent to every worker once; raw inputs go in
    partitions, a bounded number in flight, and come back in input order, so the one
    writer stores exactly what a one-process ingest stores.
    """

    def clean(items: Iterable[RawDocument], stats: Any) -> Iterator[tuple[RawDocument, CleanResult]]:
        from collections import deque

        size = partition_size or CLEAN_PARTITION_SIZE
        shared = client.scatter(stats, broadcast=True)
        window = max(1, len(client.scheduler_info().get("workers", {}))) * IN_FLIGHT_PER_WORKER
        queue: deque[tuple[list[RawDocument], Any]] = deque()
        batch: list[RawDocument] = []

        def send(raws: list[RawDocument]) -> None:
            queue.append((raws, client.submit(clean_partition, raws, shared, pure=False)))

        def take() -> Iterator[tuple[RawDocument, CleanResult]]:
            raws, fut = queue.popleft()
            results = fut.result()
            fut.release()
            yield from zip(raws, results, strict=True)

        for raw in items:
            batch.append(raw)
            if len(batch) >= size:
                send(batch)
                batch = []
                while len(queue) > window:
                    yield from take()
        if batch:
            send(batch)
        while queue:
            yield from take()

    return clean


def _usage() -> tuple[float, float]:
    """This process's peak resident memory (MB) and CPU seconds so far (run on each worker)."""
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_maxrss / 1024, r.ru_utime + r.ru_stime


QUIET: dict[str, object] = {
    # The statistical profiler samples every worker thread's stack 100 times a second
    # for the dashboard, which a local build never opens.
    "distributed.worker.profile.enabled": False,
    # Periodic checks for the dashboard and for memory limits (there are none here:
    # memory_limit=0) and the event loop's 50-a-second watchdog tick.
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.tick.interval": "1s",
}
"""Dask settings of a local cluster: what only feeds a dashboard sampled less often.

Measured on the 2-core machine with two idle workers over 30 s: the client process
(scheduler and nannies included) used 1.18 CPU s and each worker 0.85 with Dask's
defaults, against 0.27 and 0.12 with these; during a build the saving is CPU the
workers and the one writer get back."""


def connect(workers: int | None = None, scheduler: str | None = None) -> Any:
    """A Dask client: to the scheduler at `scheduler`, or to a new local cluster of `workers` processes."""
    from distributed import Client, LocalCluster

    from storyline.errors import StorylineError

    if scheduler:
        try:
            return Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise StorylineError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); "
                                 "start one with `dask scheduler` or use --workers N") from exc
    import dask

    # The settings are read when the scheduler, the nannies and (from the config each
    # nanny hands its worker process) the workers start.
    with dask.config.set(QUIET):
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=max(1, workers or 1), threads_per_worker=1, processes=True,
            dashboard_address=None, memory_limit=0,
        )
        return Client(cluster)  # type: ignore[no-untyped-call]


def close(client: Any) -> None:
    """Close a client from `connect`, and the local cluster it started."""
    cluster = getattr(client, "cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def analyze(
    store: Store,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    settings: Settings | None = None,
    on_problem: Any = None,
    progress: Any = None,
    partition_size: int = PARTITION_SIZE,
) -> Any:
    """`pipeline.analyze` with the per-document stages on Dask workers; the same store results."""
    from storyline import pipeline, registry

    settings = settings or Settings()
    on_problem = on_problem or pipeline._ignore
    report = pipeline.RunReport()
    todo = repo.ids_needing_analysis(store, registry.analysis_version())
    own = client is None
    if todo:
        guesses = pipeline.story_dates(store, todo, report, on_problem)
        todo = sorted({*todo, *guesses})  # with the inferred dates the story moved
        if own:
            client = connect(workers, scheduler)
        try:
            _run(client, store, todo, guesses, settings, report, on_problem, partition_size, progress)
            usage = list(client.run(_usage).values())
            report.worker_peak_rss_mb = [round(rss, 1) for rss, _ in usage]
            report.worker_cpu_seconds = [round(cpu, 2) for _, cpu in usage]
        finally:
            if own:
                close(client)
    story = pipeline.rebuild_story(store, settings=settings, on_problem=on_problem)
    report.problems.extend(story.problems)
    return report


def _run(client: Any, store: Store, todo: list[int], guesses: dict[int, DctGuess | Exception], settings: Settings,
         report: Any, on_problem: Any, partition_size: int, progress: Any) -> None:
    from distributed import as_completed

    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    parts = tapered_partitions(todo, partition_size, n_workers)
    window = n_workers * IN_FLIGHT_PER_WORKER
    ahead = iter(enumerate(parts))
    pending: dict[Any, int] = {}
    done: dict[int, list[DocumentAnalysis]] = {}
    next_write = 0

    def submit_one() -> Any:
        try:
            i, ids = next(ahead)
        except StopIteration:
            return None
        wanted = set(ids)
        part_guesses = {k: v for k, v in guesses.items() if k in wanted}
        fut = client.submit(_worker_partition, items_of(store, ids), part_guesses, settings.analyze_batch_size,
                            settings.analyze_batch_chars, pure=False)
        pending[fut] = i
        return fut

    def top_up() -> list[Any]:
        # Results wait for the partitions before them to be written; counting them in
        # the window keeps what is held here bounded whatever order workers finish in.
        new = []
        while len(pending) + len(done) < window:
            fut = submit_one()
            if fut is None:
                break
            new.append(fut)
        return new

    queue = as_completed(top_up())  # type: ignore[no-untyped-call]
    bar = progress(range(len(todo)), len(todo), "analysing") if progress is not None else None
    ticks = iter(bar) if bar is not None else None
    for fut in queue:
        i = pending.pop(fut)
        done[i] = fut.result()
        fut.release()
        # Results come back in any order; they are written in document order so the
        # store's row ids are those of a one-process run.
        while next_write in done:
            analyses = done.pop(next_write)
            write_partition(store, analyses, report, on_problem)
            if ticks is not None:
                for _ in analyses:
                    next(ticks, None)
            next_write += 1
        for new in top_up():
            queue.add(new)  # type: ignore[no-untyped-call]
