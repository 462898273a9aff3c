"""`analyze` on a Dask distributed cluster: a local one (`--workers N`) or an existing one (`--scheduler`).

What runs where: this process reads the documents to analyse from the store, cuts them
into partitions of `partition_size` documents and sends each partition's rows (text and
metadata, a few kB a document) to a worker; each worker loads the spaCy model once, parses
and runs every per-document stage (`runners.local.analyze_partition`) and sends back the
analyses (sentences, mentions, timexes, quotes, event mentions). This process is the
single store writer: it writes partitions in document order, one transaction each, so the
store holds exactly what a one-process run writes, then runs the story-level stages once.
Only a bounded number of partitions is in flight, so neither side holds the corpus.

A build (`storyline.build(..., workers=N)`) overlaps the steps: the cluster starts in the
background while this process reads the inputs (`Cluster`), each worker loads the model
while ingest runs, and on a fresh store the documents ingest has stored go out to be
analysed while it still cleans and stores the later ones (`Stream`).

Dask is imported here only (the `dask` extra); nothing else in storyline knows where a
stage runs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from storyline.config import Settings
from storyline.models import INFERRED, DctGuess, DocumentAnalysis, RawDocument
from storyline.runners.local import (
    CleanResult,
    Item,
    analyze_partition,
    clean_partition,
    items_of,
    tapered_size,
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
CLEAN_IN_FLIGHT_PER_WORKER = 6
"""Cleaning partitions in flight per worker. Cleaning goes before analysis on a worker
(a higher task priority) but waits for the analysis partition it is running: a deeper
queue lets ingest run ahead of the analysis instead of waiting on each partition. A few
hundred raw inputs of about a kB each: bounded, as the analysis window is."""
CLEAN_PRIORITY = 1
"""Dask task priority of cleaning (analysis has Dask's default, 0): ingest, which feeds
the analysis, is never queued behind it."""


def _load_model_soon(dask_worker: Any) -> None:
    """Run on each worker when the cluster is up: load the spaCy model in a thread of its
    own, so the load (a few CPU seconds) runs while ingest keeps the workers half idle,
    not at the first analysis partition. A failed load is left to that partition, which
    loads again and reports the error."""
    import threading

    if getattr(dask_worker, "storyline_nlp", None) is not None or hasattr(dask_worker, "storyline_loading"):
        return

    def load() -> None:
        import contextlib

        from storyline import nlp as nlp_module

        with contextlib.suppress(Exception):  # the first partition loads again and reports it
            dask_worker.storyline_nlp = nlp_module.load()

    thread = threading.Thread(target=load, name="storyline-model-load", daemon=True)
    dask_worker.storyline_loading = thread
    thread.start()


_BUSY = [0.0]
"""Wall seconds this worker process spent in storyline's tasks (read with `_usage`)."""


def _worker_clean(raws: list[RawDocument], stats: Any) -> list[CleanResult]:
    """Runs on a worker: `clean_partition`, its wall time counted as busy."""
    import time

    start = time.perf_counter()
    try:
        return clean_partition(raws, stats)
    finally:
        _BUSY[0] += time.perf_counter() - start


def _worker_partition(
    items: list[Item], story_dct: dict[int, DctGuess | Exception], batch_size: int, batch_chars: int
) -> list[DocumentAnalysis]:
    """Runs on a worker: the model is loaded once per worker process and kept on the worker."""
    import time

    start = time.perf_counter()
    try:
        return _analyze_here(items, story_dct, batch_size, batch_chars)
    finally:
        _BUSY[0] += time.perf_counter() - start


def _analyze_here(
    items: list[Item], story_dct: dict[int, DctGuess | Exception], batch_size: int, batch_chars: int
) -> list[DocumentAnalysis]:
    from distributed import get_worker

    worker = get_worker()
    loading = getattr(worker, "storyline_loading", None)
    if loading is not None:
        loading.join()
    nlp = getattr(worker, "storyline_nlp", None)
    if nlp is None:
        from storyline import nlp as nlp_module

        nlp = nlp_module.load()
        worker.storyline_nlp = nlp  # type: ignore[attr-defined]
    return analyze_partition(items, story_dct, nlp, batch_size, batch_chars)


class Cluster:
    """A Dask client started in a background thread (`connect`, then each worker starts
    loading the model): the caller reads its inputs meanwhile and asks for the client
    (`client()`) when it first has work to send."""

    def __init__(self, workers: int | None = None, scheduler: str | None = None) -> None:
        import threading

        self._client: Any = None
        self._error: BaseException | None = None
        self._closing: Any = None
        self._thread = threading.Thread(target=self._start, args=(workers, scheduler),
                                        name="storyline-dask-start", daemon=True)
        self._thread.start()

    def _start(self, workers: int | None, scheduler: str | None) -> None:
        try:
            self._client = connect(workers, scheduler)
            self._client.run(_load_model_soon)
        except BaseException as exc:  # raised in the caller's thread by `client()`
            self._error = exc

    def client(self) -> Any:
        """The started client (waits for the start; raises what stopped it)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._client

    def close_soon(self) -> None:
        """Start closing in a background thread: the workers' shutdown (a few seconds of
        waiting) runs beside what the caller does next; `close` waits for it."""
        import threading

        self._thread.join()
        if self._client is not None and self._closing is None:
            self._closing = threading.Thread(target=close, args=(self._client,),
                                             name="storyline-dask-close", daemon=True)
            self._client = None
            self._closing.start()

    def close(self) -> None:
        """Close the client, and the local cluster it started (waits for a start or a close under way)."""
        self._thread.join()
        if self._client is not None:
            close(self._client)
            self._client = None
        if self._closing is not None:
            self._closing.join()


def _client_of(client: Any) -> Any:
    """A Dask client, from a client or a `Cluster`."""
    return client.client() if isinstance(client, Cluster) else client


def cleaner(client: Any, partition_size: int | None = None, stream: Stream | None = None) -> Any:
    """A `pipeline.Cleaner` that cleans and fingerprints raw inputs on the client's workers.

    `client` is a Dask client or a `Cluster` (asked for its client when the first raw
    input comes: ingest's first pass runs while the cluster starts). The pile's line
    statistics are sent to every worker once; raw inputs go in partitions, a bounded
    number in flight, and come back in input order, so the one writer stores exactly what
    a one-process ingest stores. With a `stream`, after each partition is handed back
    (and so stored by ingest) the stream sends what ingest has stored to be analysed and
    writes the analyses that came back.
    """

    def clean(items: Iterable[RawDocument], stats: Any) -> Iterator[tuple[RawDocument, CleanResult]]:
        size = partition_size or CLEAN_PARTITION_SIZE
        queue: deque[tuple[list[RawDocument], Any]] = deque()
        batch: list[RawDocument] = []
        dask: Any = None
        shared: Any = None
        window = 0

        def send(raws: list[RawDocument]) -> None:
            nonlocal dask, shared, window
            if dask is None:
                dask = _client_of(client)
                shared = dask.scatter(stats, broadcast=True)
                window = max(1, len(dask.scheduler_info().get("workers", {}))) * CLEAN_IN_FLIGHT_PER_WORKER
            queue.append((raws, dask.submit(_worker_clean, raws, shared, pure=False, priority=CLEAN_PRIORITY)))

        def take() -> Iterator[tuple[RawDocument, CleanResult]]:
            raws, fut = queue.popleft()
            results = fut.result()
            fut.release()
            yield from zip(raws, results, strict=True)
            if stream is not None:  # ingest has stored every input of this partition
                stream.poll(dask)

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


class _Writer:
    """Analysis partitions out to the workers, and their results written back in document order.

    `queue` holds the ids still to send, in order. At most `IN_FLIGHT_PER_WORKER`
    partitions per worker are sent or waiting to be written, so what is held here stays
    bounded whatever order the workers finish in.
    """

    def __init__(self, client: Any, store: Store, settings: Settings, report: Any, on_problem: Any,
                 partition_size: int) -> None:
        self.client, self.store, self.settings = client, store, settings
        self.report, self.on_problem = report, on_problem
        self.size = max(1, partition_size)
        self.workers = max(1, len(client.scheduler_info().get("workers", {})))
        self.window = self.workers * IN_FLIGHT_PER_WORKER
        self.queue: deque[int] = deque()
        self.guesses: dict[int, DctGuess | Exception] = {}
        self.pending: dict[Any, int] = {}
        self.done: dict[int, list[DocumentAnalysis]] = {}
        self.out = 0
        """Documents sent and not yet written."""
        self.sent = 0
        self.next_write = 0
        self.tick: Callable[[int], None] | None = None

    def _send(self, n: int) -> Any:
        ids = [self.queue.popleft() for _ in range(n)]
        guesses = {i: self.guesses[i] for i in ids if i in self.guesses}
        fut = self.client.submit(_worker_partition, items_of(self.store, ids), guesses,
                                 self.settings.analyze_batch_size, self.settings.analyze_batch_chars, pure=False)
        self.pending[fut] = self.sent
        self.sent += 1
        self.out += n
        return fut

    def top_up(self, last: bool) -> list[Any]:
        """Send partitions while the window has room: full ones while ingest may still add
        documents (a smaller one, of an eighth or more, when a worker would otherwise wait),
        shrinking ones toward the end once it is `last`."""
        new = []
        while self.queue and len(self.pending) + len(self.done) < self.window:
            if last:
                n = min(len(self.queue), tapered_size(len(self.queue), self.size, self.workers))
            elif len(self.queue) >= self.size:
                n = self.size
            elif len(self.pending) < self.workers and len(self.queue) >= self.size // 8:
                n = len(self.queue)  # a worker has nothing to do: a smaller partition now
            else:
                break
            new.append(self._send(n))
        return new

    def _take(self, fut: Any) -> None:
        i = self.pending.pop(fut)
        self.done[i] = fut.result()
        fut.release()
        # Results come back in any order; they are written in document order so the
        # store's row ids are those of a one-process run.
        while self.next_write in self.done:
            analyses = self.done.pop(self.next_write)
            write_partition(self.store, analyses, self.report, self.on_problem)
            self.out -= len(analyses)
            self.next_write += 1
            if self.tick is not None:
                self.tick(len(analyses))

    def poll(self) -> None:
        """Write what has come back, send what the window allows; never waits."""
        for fut in [f for f in self.pending if f.done()]:
            self._take(fut)
        self.top_up(last=False)

    def finish(self) -> None:
        """Send everything left and write every result, waiting for the workers."""
        from distributed import as_completed

        queue = as_completed([*self.pending, *self.top_up(last=True)])  # type: ignore[no-untyped-call]
        for fut in queue:
            self._take(fut)
            for new in self.top_up(last=True):
                queue.add(new)  # type: ignore[no-untyped-call]


class Stream:
    """Analysis that starts while ingest still runs, on a store that was empty when it began.

    Each time ingest has stored a cleaning partition (`cleaner`'s `stream`), the documents
    it stored since are read back in id order; a dated report goes into the analysis
    queue (a copy is never analysed), and full partitions go out. The first document that
    cannot be analysed yet ends the streaming: an undated one needs the dates the story's
    other documents give it (`pipeline.story_dates`, once every document is in), and a
    new version of a stored path changes what the store's earlier documents need. What
    is left goes out after ingest (`analyze(..., stream=)`), so the documents are written
    in the order, and with the results, of a one-process build.
    """

    def __init__(self, store: Store, settings: Settings, on_problem: Any = None,
                 partition_size: int | None = None) -> None:
        from storyline import pipeline

        self.store, self.settings = store, settings
        self.on_problem = on_problem or pipeline._ignore
        self.partition_size = partition_size or PARTITION_SIZE
        self.report = pipeline.RunReport()
        self.writer: _Writer | None = None
        self.open = store.conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None
        self.seen = 0
        self.last: int | None = None
        """The last document id queued: every later document waits for ingest's end."""

    def poll(self, client: Any) -> None:
        """Queue the documents ingest stored since the last call, send, write what came back."""
        if self.writer is None:
            self.writer = _Writer(client, self.store, self.settings, self.report, self.on_problem,
                                  self.partition_size)
        if self.open:
            rows = self.store.conn.execute(
                "SELECT id, version, current, published, published_source, report_id FROM documents"
                " WHERE id > ? ORDER BY id", (self.seen,)).fetchall()
            for row in rows:
                if row["version"] != 1 or row["published"] is None or row["published_source"] == INFERRED:
                    self.open = False
                    break
                self.seen = row["id"]
                if row["current"] and row["report_id"] in (None, row["id"]):
                    self.writer.queue.append(row["id"])
                    self.last = row["id"]
        self.writer.poll()


def _usage() -> tuple[float, float, float]:
    """This process's peak resident memory (MB), CPU seconds so far and wall seconds in
    storyline's tasks (run on each worker)."""
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_maxrss / 1024, r.ru_utime + r.ru_stime, _BUSY[0]


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
    partition_size: int | None = None,
    stream: Stream | None = None,
) -> Any:
    """`pipeline.analyze` with the per-document stages on Dask workers; the same store results.

    `client` is a Dask client or a `Cluster` (else one is started from `workers` or
    `scheduler`; a `Cluster` starts closing once the documents are written, its `close`
    waits for it); `stream` is what a `cleaner` already sent and wrote during ingest: its
    documents are not analysed again, and the rest follows them.
    """
    from storyline import pipeline, registry

    settings = settings or Settings()
    on_problem = on_problem or pipeline._ignore
    writer = stream.writer if stream is not None else None
    report = stream.report if writer is not None and stream is not None else pipeline.RunReport()
    todo = repo.ids_needing_analysis(store, registry.analysis_version())
    if writer is not None and stream is not None and stream.last is not None:
        # Sent during ingest (written, in flight or queued): every later id comes after them.
        todo = [i for i in todo if i > stream.last]
    own = client is None
    if todo or writer is not None:
        guesses = pipeline.story_dates(store, todo, report, on_problem) if todo else {}
        todo = sorted({*todo, *guesses})  # with the inferred dates the story moved
        dask = connect(workers, scheduler) if own else _client_of(client)
        try:
            if writer is None:
                writer = _Writer(dask, store, settings, report, on_problem, partition_size or PARTITION_SIZE)
            writer.guesses.update(guesses)
            writer.queue.extend(todo)
            if progress is not None:
                total = writer.out + len(writer.queue)
                writer.tick = _ticker(progress(range(total), total, "analysing"))
            writer.finish()
            usage = list(dask.run(_usage).values())
            report.worker_peak_rss_mb = [round(rss, 1) for rss, _, _ in usage]
            report.worker_cpu_seconds = [round(cpu, 2) for _, cpu, _ in usage]
            report.worker_busy_seconds = [round(busy, 2) for _, _, busy in usage]
        finally:
            if own:
                close(dask)
            elif isinstance(client, Cluster):
                # The story stages need no worker: the cluster stops beside them.
                client.close_soon()
    story = pipeline.rebuild_story(store, settings=settings, on_problem=on_problem)
    report.problems.extend(story.problems)
    return report


def _ticker(bar: Iterable[Any]) -> Callable[[int], None]:
    """Advance a progress bar (an iterable that shows its progress) by n documents a call."""
    ticks = iter(bar)

    def tick(n: int) -> None:
        for _ in range(n):
            next(ticks, None)

    return tick
