"""The pipeline: how a run goes through a corpus, stage by registered stage.

Per-document stages are pure functions in `storyline/stages/`, registered with their
storage hooks in `storyline/registry.py`; this module streams documents through the
registry's document stages (`analyze_document`, which touches no store), stores each
document's results in one transaction, reports a stage that fails on an item with its
stage and reason and goes on, then runs the registry's story stages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from storyline import registry, story_dating
from storyline.config import Settings
from storyline.errors import InputError, StoreError, StorylineError
from storyline.models import Article, DctGuess, DocumentAnalysis, RawDocument
from storyline.nlp import release_free_memory
from storyline.registry import Stage as Stage
from storyline.registry import StageInfo as StageInfo
from storyline.registry import check_order as check_order
from storyline.stages.read import Held
from storyline.store import repo
from storyline.store.batch import Batch
from storyline.store.db import Store
from storyline.store.hooks import StoryInputs

T = TypeVar("T")


# Versions that stored analyses may still name, and the version that replaced each.
# `analyze` re-analyses a document whose stored `analyzed_with` differs from the
# current `registry.analysis_version()`; this record lets the registry test check that
# no stage name a store may hold disappears without a successor.
SUPERSEDED: dict[str, str] = {
    "storyline.clean.v1": "storyline.clean.v2",
    "storyline.clean.v2": "storyline.clean.v3",
    "storyline.clean.v3": "storyline.clean.v4",
    "storyline.dct.v1": "storyline.dct.v2",
    "storyline.dct.v2": "storyline.dct.v3",
    "storyline.pinning.v1": "storyline.pinning.v2",
    "storyline.entities.v1": "storyline.entities.v2",
    "storyline.events.v1": "storyline.events.v2",
    "storyline.events.v2": "storyline.events.v3",
    "storyline.cast.v1": "storyline.cast.v2",
    "storyline.summary.v1": "storyline.summary.v2",
    "storyline.summary.v2": "storyline.summary.v3",
    "storyline.timex.v1": "storyline.timex.v2",
    "storyline.timex.v2": "storyline.timex.v3",
    "storyline.timex.v3": "storyline.timex.v4",
    "storyline.quotes.v1": "storyline.quotes.v2",
    "storyline.entities.v2": "storyline.entities.v3",
    "storyline.quotes.v2": "storyline.quotes.v3",
}


def __getattr__(name: str) -> Any:
    # `STAGES` and `ANALYSIS_VERSION` as earlier releases named them, read from the
    # registry when asked (a stage registered later counts).
    if name == "STAGES":
        return registry.stages()
    if name == "ANALYSIS_VERSION":
        return registry.analysis_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


Problem = Callable[[str, str], None]
"""Called with (item, reason) for each bad item."""
Progress = Callable[[Iterable[Any], int | None, str], Iterable[Any]]
"""Wraps an iterable to show progress: (iterable, total, description)."""


def _no_progress(items: Iterable[T], total: int | None, desc: str) -> Iterable[T]:
    return items


def _ignore(item: str, reason: str) -> None:
    return None


@dataclass
class RunReport:
    """What a run did, to summarise and to choose the exit code."""

    added: int = 0
    new_versions: int = 0
    unchanged: int = 0
    restored: int = 0
    """Inputs that went back to bytes stored before: that earlier version is current again."""
    analyzed: int = 0
    copies: int = 0
    """New documents that copy an already stored text (one report, analysed once)."""
    skipped: dict[str, int] = field(default_factory=dict)
    """Items passed over on purpose, by reason (non-HTML or non-English WARC records, dates out of range)."""
    problems: list[tuple[str, str]] = field(default_factory=list)
    worker_peak_rss_mb: list[float] = field(default_factory=list)
    """Peak memory of each Dask worker, when the analysis ran on a cluster (runners/dask.py)."""
    worker_cpu_seconds: list[float] = field(default_factory=list)
    """CPU seconds each Dask worker used from its start (cleaning, model load, analysis), when on a cluster."""
    worker_busy_seconds: list[float] = field(default_factory=list)
    """Wall seconds each Dask worker spent in cleaning and analysis tasks, when on a cluster."""

    @property
    def ok(self) -> bool:
        """True when no item had a problem."""
        return not self.problems


# --- ingest ------------------------------------------------------------------------


def _raw_hash(raw: RawDocument) -> str:
    h = hashlib.sha256()
    h.update(b"html\0" if raw.html is not None else b"text\0")
    h.update((raw.html if raw.html is not None else raw.text or "").encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _meta_hash(raw: RawDocument) -> str:
    """Hash of the metadata given with an input (manifest, flags, record fields)."""
    given = [raw.title, raw.url, raw.outlet, raw.published.isoformat() if raw.published else None]
    return hashlib.sha256(repr(given).encode("utf-8", "surrogatepass")).hexdigest()


def to_article(raw: RawDocument, stats: Any = None) -> Article:
    """Clean one raw input into an Article (HTML first goes through the extractor)."""
    from storyline.stages import clean

    text = raw.text or ""
    title = raw.title
    published = raw.published
    outlet = raw.outlet
    url = raw.url
    meta: dict[str, Any] = {}
    if raw.html is not None:
        text, meta = clean.page_text(raw)
        title = meta["title"]
        published = published or meta.get("date")
        outlet = outlet or meta.get("sitename")
        url = url or meta.get("url")
    cleaned = clean.clean(text, stats=stats, outlet=outlet, title=title)
    if not cleaned.text.strip():
        raise InputError(raw.path, "no article text left after cleaning")
    stated = cleaned.date
    return Article(
        path=raw.path,
        text=cleaned.text,
        content_hash=hashlib.sha256(cleaned.text.encode("utf-8", "surrogatepass")).hexdigest(),
        title=title or cleaned.title,
        outlet=outlet or cleaned.outlet,
        url=url,
        byline=cleaned.byline,
        published=published or stated,
        # A date read off a date line in the text was not given by the user: it is
        # reported as inferred, with the line's day as both bounds.
        published_inferred=published is None and stated is not None,
        published_earliest=None if published else stated,
        published_latest=None if published else stated,
        published_source="given" if published else ("stated" if stated is not None else None),
        removed_lines=cleaned.removed,
        authors=tuple(meta.get("authors") or clean.byline_authors(cleaned.byline)),
        updated=meta.get("updated"),
        language=meta.get("language"),
        published_sources=tuple(
            (source, day.isoformat()) for source, day in (meta.get("date_sources") or {}).items() if day
        ),
    )


CleanResult = tuple[Article, Any] | Exception
"""What cleaning one raw input gives: the article and its copy fingerprint (None when
too short to compare), or the exception that stopped it."""
Cleaner = Callable[[Iterable[RawDocument], Any], Iterable[tuple[RawDocument, CleanResult]]]
"""Cleans a stream of raw inputs with the pile's line statistics, yielding each input with
its result in input order (in this process by default; `runners/dask.py` on workers)."""


def clean_one(raw: RawDocument, stats: Any) -> CleanResult:
    """Clean one raw input and fingerprint its body for the copy check; a failure is returned, not raised."""
    from storyline.stages import dedup

    try:
        article = to_article(raw, stats)
        return article, dedup.fingerprint(article.text, article.published)
    except Exception as exc:  # reported by the one writer, with the item's name
        return exc


def clean_here(items: Iterable[RawDocument], stats: Any) -> Iterator[tuple[RawDocument, CleanResult]]:
    """The default `Cleaner`: one input after another, in this process."""
    for raw in items:
        yield raw, clean_one(raw, stats)


def ingest(
    store: Store,
    paths: Sequence[Path],
    *,
    manifest: Path | None = None,
    date: dt.date | None = None,
    outlet: str | None = None,
    settings: Settings | None = None,
    on_problem: Problem = _ignore,
    progress: Progress = _no_progress,
    since: dt.date | None = None,
    until: dt.date | None = None,
    cleaner: Cleaner | None = None,
) -> RunReport:
    """Read, clean and store every input; each document whole or not at all.

    Each new document is checked against the stored copy index (stages/dedup.py): a copy
    of a stored text joins that text's report. With `since`/`until`, documents whose
    publication date is known and outside the range are skipped and counted. `cleaner`
    cleans and fingerprints the new inputs (elsewhere, e.g. on Dask workers); this
    process stays the one that checks copies and writes, in input order.
    """
    from storyline.stages import clean, read
    from storyline.stages.warc import Skipped

    settings = settings or Settings()
    report = RunReport()

    def inputs() -> Iterator[RawDocument | InputError | Skipped]:
        return read.iter_inputs(list(paths), manifest=manifest, date=date, outlet=outlet,
                               limits=read.Limits.from_settings(settings))

    # First pass: which lines recur across articles (boilerplate); only counts are kept,
    # and the items read, up to a budget, to go through the second pass without reading
    # and decoding them again.
    stats = clean.LineStats(min_docs=settings.clean_recurring_min_docs)
    held = Held(HOLD_CHARS)
    for item in progress(inputs(), None, "scanning"):
        held.offer(item)
        if isinstance(item, RawDocument) and item.text is not None:
            stats.add(item.text, item.outlet)
    stats.freeze()

    copies = _Copies(store)
    new = _new_inputs(store, progress(held.replay(inputs), None, "ingesting"), report, on_problem, copies.hashes)
    try:
        _store_all(store, (cleaner or clean_here)(new, stats), copies, report, on_problem, since, until)
    finally:
        # What ingest held (the line statistics, the copy index, the items read) goes,
        # and so do the free pages it leaves in the C heap: analysis starts from what is in use.
        del stats, held, copies, new
        clean.forget_lines()
        release_free_memory()
    return report


def _store_all(
    store: Store, results: Iterable[tuple[RawDocument, CleanResult]], copies: _Copies, report: RunReport,
    on_problem: Problem, since: dt.date | None, until: dt.date | None,
) -> None:
    """Store each cleaned input in input order; a bad item is reported and the run goes on.

    Documents are committed `STORE_BATCH` at a time (each still stored whole or not at
    all, in its own savepoint): one commit per document wrote the same pages to the
    write-ahead log again for each. When the store fails, the documents stored before
    the failing one are committed, then the run stops.
    """
    from storyline.stages import clean

    batch = Batch(store, STORE_BATCH)
    try:
        for item, result in results:
            hashes = copies.hashes.pop(item.path, None) or (_raw_hash(item), _meta_hash(item))
            batch.open()
            try:
                if isinstance(result, Exception):
                    raise result
                _store_one(store, item, result, copies, report, since, until, hashes)
            except InputError as exc:
                _problem(store, report, on_problem, exc.item, clean.STAGE_NAME, exc.reason)
            except StorylineError:
                raise
            except sqlite3.Error as exc:  # the database, not the item, failed: stop with one line
                raise StoreError(
                    f"{store.path}: cannot store {item.path} ({exc}); documents already stored are kept"
                ) from exc
            except Exception as exc:  # a bug must not stop the batch; it is recorded
                _problem(store, report, on_problem, item.path, clean.STAGE_NAME, f"internal error: {exc!r}")
            batch.done()
    except BaseException:
        batch.commit(failing=True)
        raise
    batch.commit()


STORE_BATCH = 64
"""Documents ingest commits together. A killed ingest loses at most this many stored
documents (read again by the next run, which skips what was committed); the write lock
is held while these are cleaned (about 0.1 s in one process; with cleaning on Dask
workers, until their partitions come back)."""


HOLD_CHARS = 4_000_000
"""Characters of input text (or HTML) that ingest's first pass holds for its second: a pile
of a few thousand news articles is read and decoded once (reading a file again, with its
path resolved and its manifest row found, costs the one writer about half a millisecond).
Past the budget the held items go and the second pass reads the inputs again, so what
ingest holds stays bounded: 4 MB of ASCII text, 16 MB at most (4 bytes a character),
against the 300 MB that a process with the model loaded takes."""


def _new_inputs(
    store: Store, items: Iterable[Any], report: RunReport, on_problem: Problem,
    hashes: dict[str, tuple[str, str]] | None = None,
) -> Iterator[RawDocument]:
    """The inputs to clean: skipped records, unreadable items and inputs stored before
    (same bytes and metadata) are counted here and never cleaned. The raw and metadata
    hashes of each input yielded are put in `hashes` (by path) for storing it."""
    from storyline.stages import read
    from storyline.stages.warc import Skipped

    for item in items:
        if isinstance(item, Skipped):
            _skip(report, item.reason, item.count)
        elif isinstance(item, InputError):
            _problem(store, report, on_problem, item.item, read.STAGE_NAME, item.reason)
        else:
            raw_hash, meta_hash = _raw_hash(item), _meta_hash(item)
            if not _stored_before(store, item, report, raw_hash, meta_hash):
                if hashes is not None:
                    hashes[item.path] = (raw_hash, meta_hash)
                yield item


def _stored_before(store: Store, item: RawDocument, report: RunReport, raw_hash: str, meta_hash: str) -> bool:
    """Whether this input's bytes and metadata are stored already (restoring an earlier version); counted."""
    try:
        state, known = repo.stored_state(store, item.path, raw_hash, meta_hash)
        if state == "restore" and known is not None and repo.restore_version(store, known):
            report.restored += 1
            return True
    except sqlite3.Error as exc:
        raise StoreError(f"{store.path}: cannot store {item.path} ({exc}); documents already stored are kept") from exc
    if state != "new":
        report.unchanged += 1
        return True
    return False


def _store_one(
    store: Store, item: RawDocument, cleaned: tuple[Article, Any], copies: _Copies, report: RunReport,
    since: dt.date | None, until: dt.date | None, hashes: tuple[str, str],
) -> None:
    """Store one new, cleaned input (with its raw and metadata `hashes`) and its report; count what happened."""
    article, fp = cleaned
    if not _in_range(article.published, since, until):
        _skip(report, "published outside --since/--until")
        return
    version = copies.insert(article, *hashes, report, fp)
    if version is None:  # another process stored it meanwhile
        report.unchanged += 1
    elif version == 1:
        report.added += 1
    else:
        report.new_versions += 1


def _skip(report: RunReport, reason: str, count: int = 1) -> None:
    report.skipped[reason] = report.skipped.get(reason, 0) + count


def _in_range(published: dt.date | None, since: dt.date | None, until: dt.date | None) -> bool:
    # An undated document is kept: its date is inferred later, from its text.
    if published is None:
        return True
    return (since is None or published >= since) and (until is None or published <= until)


class _Copies:
    """The store's copy index, loaded at the first new document of an ingest and grown with each."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.index: Any = None
        self.reports: dict[int, int] = {}
        self.hashes: dict[str, tuple[str, str]] = {}
        """Raw and metadata hashes of the inputs being cleaned, by path (taken once, in `_new_inputs`)."""

    def insert(self, article: Article, raw_hash: str, meta_hash: str, report: RunReport, fp: Any) -> int | None:
        """Store a new document (with `fp`, its fingerprint) and its report, in one transaction; return its version."""
        from storyline.store import reports

        if self.index is None:
            self.index, self.reports = reports.load_index(self.store)
        found = self.index.match(fp, reports.versions_of(self.store, article.path)) if fp is not None else None
        with self.store.atomic():
            stored = repo.insert_document(self.store, article, raw_hash, meta_hash)
            if stored is None:
                return None
            doc_id, version = stored
            report_id = self.reports.get(found, found) if found is not None else doc_id
            reports.save(self.store, doc_id, report_id, fp)
        if fp is not None:
            self.index.add(doc_id, fp)
        self.reports[doc_id] = report_id
        report.copies += found is not None
        return version


def _problem(store: Store, report: RunReport, on_problem: Problem, item: str, stage: str, reason: str) -> None:
    report.problems.append((item, reason))
    repo.record_failure(store, item, stage, reason)
    on_problem(item, reason)


# --- analyze -----------------------------------------------------------------------


def analyze_document(
    article: Article, doc: Any, *, doc_id: int, story_dct: DctGuess | Exception | None = None
) -> DocumentAnalysis:
    """Run every registered document stage on one parsed document; touch no store.

    A stage that raises is listed in `failed` with its reason, and the stages that
    need what it would have assigned do not run; the others complete. `story_dct` is
    the date the story's other documents give an undated document (an exception when
    that story-level step failed). The result is plain data for one writer to store
    (`save_analysis`), so this can run in a worker process.
    """
    from storyline.nlp import share_text

    share_text(doc, article.text)  # the stages read the text from the doc: not rebuilt from its tokens
    values: dict[str, Any] = {"article": article, "doc": doc, "document": repo.doc_key(doc_id), "story_dct": story_dct}
    results: dict[str, dict[str, object]] = {}
    failed: list[tuple[str, str]] = []
    for stage in registry.stages("document"):
        if stage.run is None or any(r not in values for r in stage.requires):
            continue  # run by ingest, or what it needs failed (already reported)
        try:
            out = stage.run(values)
        except Exception as exc:  # a stage bug on one article is reported; the rest goes on
            failed.append((stage.name, f"{type(exc).__name__}: {exc}"))
            continue
        values.update(out)
        results[stage.name] = out
    return DocumentAnalysis(doc_id=doc_id, item=article.path, results=results, failed=tuple(failed))


def save_analysis(store: Store, analysis: DocumentAnalysis) -> None:
    """Store one document's analysis in one transaction: each stage through its storage hook.

    A stage that did not complete has its earlier results removed and is left out of
    `analyzed_with`, so the next `analyze` runs the document again.
    """
    hooks = [(s.name, s.save) for s in registry.stages("document") if s.save is not None]
    repo.save_analysis(store, analysis, hooks, registry.analysis_version(analysis.done))


def _stage_problem(store: Store, report: RunReport, on_problem: Problem, item: str, stage: str, reason: str) -> None:
    """`warning: <item>: <stage>: <reason>`, recorded in the failures table."""
    report.problems.append((item, f"{stage}: {reason}"))
    repo.record_failure(store, item, stage, reason)
    on_problem(item, f"{stage}: {reason}")


def story_dates(
    store: Store, todo: Sequence[int], report: RunReport, on_problem: Problem = _ignore
) -> dict[int, DctGuess | Exception]:
    """What the story's other documents say of each undated document in `todo`: the
    `story_dct` to give `analyze_document`. A document whose date an earlier analysis
    inferred is undated here; one not in `todo` is in the result (to be analysed again,
    with `todo`) when the story now pins it elsewhere: new documents move old pins.

    When this story-level step fails it is reported (`warning: story: <dct stage>: ...`)
    and each undated document gets the exception: its dct stage then fails too, so the
    next `analyze` dates it again.
    """
    from storyline.stages import dct as dct_stage

    inferred = set(repo.undated_ids(store))
    undated = inferred & set(todo)
    try:
        return dict(story_dating.story_dates(store, undated, inferred - undated))
    except Exception as exc:
        _stage_problem(store, report, on_problem, "story", dct_stage.STAGE_NAME, f"{type(exc).__name__}: {exc}")
        return dict.fromkeys(undated, exc)


def record_analysis(store: Store, analysis: DocumentAnalysis, report: RunReport, on_problem: Problem = _ignore) -> None:
    """What the one writer does with each analysed document: report its failed stages, store it."""
    for stage, reason in analysis.failed:
        _stage_problem(store, report, on_problem, analysis.item, stage, reason)
    save_analysis(store, analysis)
    report.analyzed += 1


def record_analyses(
    store: Store, analyses: Sequence[DocumentAnalysis], report: RunReport, on_problem: Problem = _ignore
) -> None:
    """`record_analysis` for several documents in one transaction.

    Each document is still stored whole or not at all (its own savepoint inside); one
    commit per batch instead of one per document spares a WAL write of every touched
    page and a full-text index segment per document.
    """
    if not analyses:
        return
    with store.atomic():
        for analysis in analyses:
            record_analysis(store, analysis, report, on_problem)


def analyze(
    store: Store,
    *,
    settings: Settings | None = None,
    on_problem: Problem = _ignore,
    progress: Progress = _no_progress,
    nlp: Any = None,
) -> RunReport:
    """Analyse new or changed documents (and those a stage failed on), then rebuild the story."""
    from storyline import nlp as nlp_module

    settings = settings or Settings()
    report = RunReport()
    todo = repo.ids_needing_analysis(store, registry.analysis_version())
    if todo:
        model = nlp if nlp is not None else nlp_module.load()
        story_dct = story_dates(store, todo, report, on_problem)
        todo = sorted({*todo, *story_dct})  # with the inferred dates the story moved

        def texts() -> Iterator[tuple[str, tuple[int, Article]]]:
            # Documents are fetched one at a time: the corpus is never held in memory.
            for i in todo:
                yield (row := repo.get_document(store, i))["text"], (i, repo.article_from_row(row))

        # Batches bounded in characters as well as texts; texts over spaCy's max_length
        # are parsed in pieces, offsets kept (nlp.pipe).
        parsed = nlp_module.pipe_bounded(model, texts(), settings.analyze_batch_size, settings.analyze_batch_chars)
        # Analyses are plain data: they are held until a batch's worth is written in one
        # transaction, taken only once they are all computed (no write lock over a parse).
        pending: list[DocumentAnalysis] = []
        for doc, (doc_id, article) in progress(parsed, len(todo), "analysing"):
            pending.append(analyze_document(article, doc, doc_id=doc_id, story_dct=story_dct.get(doc_id)))
            if len(pending) >= settings.analyze_batch_size:
                record_analyses(store, pending, report, on_problem)
                pending = []
        record_analyses(store, pending, report, on_problem)
    story = rebuild_story(store, settings=settings, on_problem=on_problem)
    report.problems.extend(story.problems)
    return report


def rebuild_story(store: Store, *, settings: Settings | None = None, on_problem: Problem = _ignore) -> RunReport:
    """Run the registered story stages (cast, timeline, summary) and store them in one transaction.

    A stage that raises is reported as `warning: story: <stage>: <reason>`; its stored
    results, and those of the stages that need it, are cleared until a run completes it.
    """
    settings = settings or Settings()
    report = RunReport()
    inputs = StoryInputs(store)
    story_stages = registry.stages("story")
    made_here = {a for s in story_stages for a in s.assigns}
    values: dict[str, Any] = {}
    results: dict[str, dict[str, Any] | None] = {}
    for stage in story_stages:
        results[stage.name] = None
        if stage.run is None or any(r in made_here and r not in values for r in stage.requires):
            continue
        try:
            out = stage.run(inputs, values, settings)
        except Exception as exc:
            _stage_problem(store, report, on_problem, "story", stage.name, f"{type(exc).__name__}: {exc}")
            continue
        values.update(out)
        results[stage.name] = out
    with store.atomic() as conn:
        for stage in story_stages:
            if stage.save is not None:
                stage.save(conn, results[stage.name])
    return report
