"""The pipeline: which stages run, in which order, and how a run goes through a corpus.

Per-document stages are pure functions in `storyline/stages/`; this module streams
documents through them, stores each document's results in one transaction, records a
bad item with its stage and reason and goes on, then runs the story-level stages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from storyline.config import Settings
from storyline.errors import InputError, StorylineError
from storyline.models import Article, DctGuess, Mention, Quote, RawDocument, Sentence, Timex
from storyline.store import repo
from storyline.store.db import Store

T = TypeVar("T")


@dataclass(frozen=True)
class StageInfo:
    """A registered stage: its versioned name and what it reads and adds."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    scope: str  # "document" or "story"


STAGES: tuple[StageInfo, ...] = (
    StageInfo("storyline.read.v1", (), ("raw",), "document"),
    StageInfo("storyline.clean.v1", ("raw",), ("article",), "document"),
    StageInfo("storyline.segment.v1", ("article",), ("doc", "sentences"), "document"),
    StageInfo("storyline.dct.v2", ("article", "doc"), ("dct",), "document"),
    StageInfo("storyline.entities.v2", ("doc",), ("mentions",), "document"),
    StageInfo("storyline.timex.v3", ("doc", "dct"), ("timexes",), "document"),
    StageInfo("storyline.quotes.v2", ("doc",), ("quotes",), "document"),
    StageInfo("storyline.events.v3", ("sentences", "timexes", "dct"), ("event_mentions",), "document"),
    StageInfo("storyline.cast.v2", ("mentions", "quotes"), ("entities", "speakers"), "story"),
    StageInfo("storyline.timeline.v1", ("event_mentions", "entities"), ("events", "timeline"), "story"),
    StageInfo("storyline.key_timeline.v1", ("event_mentions",), ("key_timeline",), "story"),
    StageInfo("storyline.summary.v3", ("sentences", "events"), ("summary",), "story"),
)


# Versions that stored analyses may still name, and the version that replaced each.
# `analyze` re-analyses a document whose stored ANALYSIS_VERSION differs from the
# current one; this record lets the registry test check that no stage name a store
# may hold disappears without a successor.
SUPERSEDED: dict[str, str] = {
    "storyline.dct.v1": "storyline.dct.v2",
    "storyline.entities.v1": "storyline.entities.v2",
    "storyline.events.v1": "storyline.events.v2",
    "storyline.events.v2": "storyline.events.v3",
    "storyline.cast.v1": "storyline.cast.v2",
    "storyline.summary.v1": "storyline.summary.v2",
    "storyline.summary.v2": "storyline.summary.v3",
    "storyline.timex.v1": "storyline.timex.v2",
    "storyline.timex.v2": "storyline.timex.v3",
    "storyline.quotes.v1": "storyline.quotes.v2",
}


def check_order(stages: Sequence[StageInfo]) -> None:
    """Raise StorylineError if a stage runs before what it requires is assigned."""
    have: set[str] = set()
    for stage in stages:
        missing = [r for r in stage.requires if r not in have]
        if missing:
            raise StorylineError(f"stage {stage.name} requires {', '.join(missing)}, assigned by no earlier stage")
        have.update(stage.assigns)


check_order(STAGES)

# Stored analyses name the stage versions that made them; changing a stage's version
# makes `analyze` redo the documents it touched.
ANALYSIS_VERSION = "+".join(s.name for s in STAGES if s.scope == "document")

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
    analyzed: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)

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


def to_article(raw: RawDocument, stats: Any = None) -> Article:
    """Clean one raw input into an Article (HTML first goes through the extractor)."""
    from storyline.stages import clean

    text = raw.text or ""
    title = raw.title
    published = raw.published
    outlet = raw.outlet
    url = raw.url
    if raw.html is not None:
        text, meta = clean.extract_html(raw.html, url=raw.url, item=raw.path)
        title = clean.strip_site_name(meta.get("title") or title or "", meta.get("sitename")) or None
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
        removed_lines=cleaned.removed,
    )


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
) -> RunReport:
    """Read, clean and store every input; each document in one transaction."""
    from storyline.stages import clean, read

    settings = settings or Settings()
    report = RunReport()

    def inputs() -> Iterator[RawDocument | InputError]:
        return read.iter_inputs(list(paths), manifest=manifest, date=date, outlet=outlet)

    # First pass: which lines recur across articles (boilerplate); only counts are kept.
    stats = clean.LineStats(min_docs=settings.clean_recurring_min_docs)
    for item in progress(inputs(), None, "scanning"):
        if isinstance(item, RawDocument) and item.text is not None:
            stats.add(item.text, item.outlet)

    for item in progress(inputs(), None, "ingesting"):
        if isinstance(item, InputError):
            _problem(store, report, on_problem, item.item, "read", item.reason)
            continue
        try:
            raw_hash = _raw_hash(item)
            if repo.raw_hash_exists(store, raw_hash):
                report.unchanged += 1
                continue
            article = to_article(item, stats)
            _, version = repo.insert_document(store, article, raw_hash)
        except InputError as exc:
            _problem(store, report, on_problem, exc.item, "clean", exc.reason)
            continue
        except StorylineError:
            raise
        except Exception as exc:  # a bug must not stop the batch; it is recorded
            _problem(store, report, on_problem, item.path, "clean", f"internal error: {exc!r}")
            continue
        if version == 1:
            report.added += 1
        else:
            report.new_versions += 1
    return report


def _problem(store: Store, report: RunReport, on_problem: Problem, item: str, stage: str, reason: str) -> None:
    report.problems.append((item, reason))
    repo.record_failure(store, item, stage, reason)
    on_problem(item, reason)


# --- analyze -----------------------------------------------------------------------


def _guarded(
    store: Store, report: RunReport, on_problem: Problem, item: str, stage: str,
    fn: Callable[[], T], fallback: T,
) -> T:
    try:
        return fn()
    except Exception as exc:  # a stage bug on one article is recorded; the rest goes on
        _problem(store, report, on_problem, item, stage, f"{type(exc).__name__}: {exc}")
        return fallback


def _analyze(doc_id: int, row: Any, doc: Any, store: Store, report: RunReport,
             on_problem: Problem = _ignore, story_guess: DctGuess | None = None) -> repo.DocumentAnalysis:
    """Run every per-document stage on one parsed document; a failing stage is recorded."""
    from storyline.stages import dct as dct_stage
    from storyline.stages import entities, events, quotes, segment, timex

    key = repo.doc_key(doc_id)
    item = row["path"]

    def guard(stage: str, fn: Callable[[], T], fallback: T) -> T:
        return _guarded(store, report, on_problem, item, stage, fn, fallback)

    text = row["text"]
    sentences: list[Sentence] = guard("segment", lambda: segment.sentences(doc), [])
    published = dt.date.fromisoformat(row["published"]) if row["published"] else None
    inferred = bool(row["published_inferred"])
    earliest = dt.date.fromisoformat(row["published_earliest"]) if row["published_earliest"] else None
    latest = dt.date.fromisoformat(row["published_latest"]) if row["published_latest"] else None
    if published is None:
        guess = guard("dct", lambda: dct_stage.infer_dct(text, doc=doc), None)
        # What the other documents of the story fix wins over a weaker guess from this text.
        if story_guess is not None and (guess is None or story_guess.confidence > guess.confidence):
            guess = story_guess
        if guess is not None:
            published, inferred, earliest, latest = guess.date, True, guess.earliest, guess.latest
    cast_input = guard("entities", lambda: entities.document_mentions(doc, key), None)
    mentions = [Mention(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
    timexes: list[Timex] = guard("timex", lambda: timex.tag(text, published, doc), [])
    found_quotes: list[Quote] = guard("quotes", lambda: quotes.extract_quotes(doc), [])
    event_mentions: list[events.EventMention] = guard(
        "events", lambda: events.event_mentions(key, sentences, timexes, published), []
    )
    return repo.DocumentAnalysis(
        doc_id=doc_id,
        published=published,
        published_inferred=inferred,
        published_earliest=earliest,
        published_latest=latest,
        sentences=sentences,
        mentions=mentions,
        cast_input=cast_input,
        cast_stage=entities.STAGE_NAME,
        timexes=timexes,
        quotes=found_quotes,
        event_mentions=event_mentions,
    )


# Story-level date inference reads every text of the story at once; past this many
# documents it is skipped so memory stays flat on large corpora.
_STORY_DCT_MAX_DOCS = 2000


def _story_dates(store: Store, todo: Sequence[int]) -> dict[int, DctGuess]:
    """Dates of undated documents to analyse, bounded by what the story's dated documents fix."""
    from storyline.stages import dct as dct_stage

    undated = {
        r[0] for r in store.conn.execute(
            "SELECT id FROM documents WHERE current = 1 AND published IS NULL"
        )
    } & set(todo)
    ids = repo.current_ids(store)
    if not undated or len(ids) > _STORY_DCT_MAX_DOCS:
        return {}
    texts: dict[str, str] = {}
    known: dict[str, dt.date | None] = {}
    for row in repo.iter_documents(store):
        key = repo.doc_key(row["id"])
        texts[key] = row["text"]
        known[key] = None if row["id"] in undated or not row["published"] else dt.date.fromisoformat(row["published"])
    try:
        guesses = dct_stage.infer_story_dcts(texts, known)
    except Exception:  # a failed story-level guess leaves each document to its own
        return {}
    return {repo.doc_id(k): g for k, g in guesses.items() if repo.doc_id(k) in undated}


def analyze(
    store: Store,
    *,
    settings: Settings | None = None,
    on_problem: Problem = _ignore,
    progress: Progress = _no_progress,
    nlp: Any = None,
) -> RunReport:
    """Analyse new or changed documents, then rebuild the story-level results."""
    from storyline import nlp as nlp_module

    settings = settings or Settings()
    report = RunReport()
    todo = repo.ids_needing_analysis(store, ANALYSIS_VERSION)
    if todo:
        model = nlp if nlp is not None else nlp_module.load()
        story_dates = _story_dates(store, todo)

        def texts() -> Iterator[tuple[str, Any]]:
            # Documents are fetched one at a time: the corpus is never held in memory.
            for i in todo:
                row = repo.get_document(store, i)
                yield row["text"], row

        parsed = model.pipe(texts(), as_tuples=True, batch_size=settings.analyze_batch_size)
        for doc, row in progress(parsed, len(todo), "analysing"):
            doc_id = row["id"]
            analysis = _analyze(doc_id, row, doc, store, report, on_problem, story_dates.get(doc_id))
            repo.save_analysis(store, analysis, ANALYSIS_VERSION)
            report.analyzed += 1
    rebuild_story(store, settings=settings)
    return report


def rebuild_story(store: Store, *, settings: Settings | None = None) -> None:
    """Run the story-level stages (cast, speakers, events, timeline, summary) and store them."""
    from storyline.stages import entities, summary, timeline

    settings = settings or Settings()
    items = [c for c in repo.cast_inputs(store, entities.STAGE_NAME) if c is not None]
    cast = entities.build_cast(items)

    quote_speakers: dict[int, str | None] = {}
    for q in repo.quote_rows(store):
        ent = None
        # An anonymous source ("an individual close to the prime minister's office")
        # stays its description even when it contains a role noun of a cast member.
        if q["speaker_kind"] != "anonymous" and q["speaker_start"] is not None and q["speaker_end"] is not None:
            ent = cast.resolve(repo.doc_key(q["document_id"]), q["speaker_start"], q["speaker_end"])
        quote_speakers[q["id"]] = ent

    by_doc: dict[str, list[tuple[int, int, str]]] = {}
    for m in cast.mentions:
        by_doc.setdefault(m.document, []).append((m.start, m.end, m.entity))

    def entities_of(em: Any) -> frozenset[str]:
        return frozenset(
            e for s, t, e in by_doc.get(em.document, ()) if s >= em.start and t <= em.end
        )

    dates = {
        repo.doc_key(r["id"]): r["published"]
        for r in store.conn.execute("SELECT id, published FROM documents WHERE current = 1")
    }
    seen: dict[str, tuple[str | None, str | None]] = {}
    for entity in cast.entities:
        ds = sorted(d for d in (dates.get(k) for k in entity.documents) if d)
        seen[entity.id] = (ds[0], ds[-1]) if ds else (None, None)

    mentions = repo.event_mentions(store)
    if not settings.events_include_past_references:
        mentions = [m for m in mentions if not _long_before(m, dates)]
    events = timeline.merge_events(mentions, entities_of, dates)
    # A sentence reporting a timeline event is redundant with the event's other sources.
    event_of = {(src.document, src.start): ev.id for ev in events for src in ev.sources}
    summ = summary.summarize(lambda: repo.iter_sentence_rows(store), settings.summary_sentences,
                             events=event_of, published=dates)
    repo.save_story(
        store,
        entities=cast.entities,
        entity_mentions=cast.mentions,
        seen=seen,
        quote_speakers=quote_speakers,
        events=events,
        summary=summ,
    )


def _long_before(m: Any, dates: dict[str, str | None]) -> bool:
    from storyline.stages.events import bounds

    pub = dates.get(m.document)
    if not pub:
        return False
    return bounds(m.date)[1] < dt.date.fromisoformat(pub) - dt.timedelta(days=365)
