"""Reading and writing storyline's records; SQL lives here, not in the stages."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from storyline.dates import parse_day
from storyline.models import (
    GIVEN,
    INFERRED,
    STATED,
    Article,
    DocumentAnalysis,
    Event,
    EventMention,
    RemovedLine,
    Source,
    SummarySentence,
    TimelineDay,
    TimelineEntry,
    Timex,
)
from storyline.store.db import Store


def doc_key(doc_id: int) -> str:
    """Public id of a stored document (`d3`)."""
    return f"d{doc_id}"


def doc_id(key: str) -> int:
    """Row id of a public document id."""
    return int(key.lstrip("d"))


# --- documents -------------------------------------------------------------------


def raw_hash_exists(store: Store, raw_hash: str) -> bool:
    """Whether exactly this input was stored before."""
    row = store.conn.execute("SELECT 1 FROM documents WHERE raw_hash = ?", (raw_hash,)).fetchone()
    return row is not None


def stored_state(store: Store, path: str, raw_hash: str, meta_hash: str | None) -> tuple[str, int | None]:
    """What storing this input would do: ("unchanged", id), ("restore", id) or ("new", None).

    The same bytes with the same metadata under the same path are unchanged when that
    version is current, and become current again ("restore") when the file went back
    to them. The same bytes under another path are the same article: unchanged (it stays
    under its first path). Anything else is a new document or a new version.
    """
    rows = store.conn.execute(
        "SELECT id, path, current, meta_hash FROM documents WHERE raw_hash = ? ORDER BY id DESC", (raw_hash,)
    ).fetchall()
    same_path = [r for r in rows if r["path"] == path]
    for r in same_path:
        # NULL: stored before metadata was recorded; taken to match.
        if r["meta_hash"] is None or r["meta_hash"] == meta_hash:
            return ("unchanged" if r["current"] else "restore"), int(r["id"])
    if not same_path and rows:
        return "unchanged", int(rows[0]["id"])
    return "new", None


def restore_version(store: Store, doc_id_: int) -> bool:
    """Make a stored earlier version of its path current again; False if it already was."""
    with store.atomic() as conn:
        row = conn.execute("SELECT path, current FROM documents WHERE id = ?", (doc_id_,)).fetchone()
        if row is None or row["current"]:
            return False
        conn.execute("UPDATE documents SET current = 0 WHERE path = ?", (row["path"],))
        conn.execute("UPDATE documents SET current = 1 WHERE id = ?", (doc_id_,))
    return True


def insert_document(
    store: Store, article: Article, raw_hash: str, meta_hash: str | None = None
) -> tuple[int, int] | None:
    """Store a new document (or a new version of a stored path); return (id, version).

    None when another process stored the same input meanwhile: the check runs again
    under the write lock, so concurrent ingests of one folder store each input once.
    """
    with store.atomic() as conn:
        dup = conn.execute(
            "SELECT 1 FROM documents WHERE raw_hash = ? AND (path != ? OR meta_hash IS ? OR meta_hash IS NULL)",
            (raw_hash, article.path, meta_hash),
        ).fetchone()
        if dup is not None:
            return None
        row = conn.execute(
            "SELECT MAX(version) FROM documents WHERE path = ?", (article.path,)
        ).fetchone()
        version = (row[0] or 0) + 1
        conn.execute("UPDATE documents SET current = 0 WHERE path = ?", (article.path,))
        cur = conn.execute(
            """INSERT INTO documents(path, version, current, raw_hash, meta_hash, content_hash, title, outlet,
                   url, byline, published, published_inferred, published_earliest,
                   published_latest, text, authors, updated, language, published_sources, published_source)
               VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                article.path,
                version,
                raw_hash,
                meta_hash,
                article.content_hash,
                article.title,
                article.outlet,
                article.url,
                article.byline,
                _iso(article.published),
                int(article.published_inferred),
                _iso(article.published_earliest),
                _iso(article.published_latest),
                article.text,
                json.dumps(list(article.authors), ensure_ascii=False),
                _iso(article.updated),
                article.language,
                json.dumps(dict(article.published_sources)),
                _source(article),
            ),
        )
        new_id = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO removed_lines(document_id, line_no, text, reason, confidence) VALUES (?, ?, ?, ?, ?)",
            [(new_id, r.line_no, r.text, r.reason, r.confidence) for r in article.removed_lines],
        )
    return new_id, version


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _source(article: Article) -> str | None:
    """Where a new document's date came from (a date with no source was given)."""
    if article.published is None:
        return None
    return article.published_source or (STATED if article.published_inferred else GIVEN)





def article_from_row(row: sqlite3.Row, removed: Sequence[RemovedLine] = ()) -> Article:
    """An Article from a `documents` row."""
    return Article(
        path=row["path"],
        text=row["text"],
        content_hash=row["content_hash"],
        title=row["title"],
        outlet=row["outlet"],
        url=row["url"],
        byline=row["byline"],
        published=parse_day(row["published"]),
        published_inferred=bool(row["published_inferred"]),
        published_earliest=parse_day(row["published_earliest"]),
        published_latest=parse_day(row["published_latest"]),
        removed_lines=tuple(removed),
        authors=tuple(json.loads(row["authors"] or "[]")),
        updated=parse_day(row["updated"]),
        language=row["language"],
        published_sources=tuple(json.loads(row["published_sources"] or "{}").items()),
        published_source=row["published_source"],
    )


def current_ids(store: Store) -> list[int]:
    """Ids of the current version of every stored document, in ingestion order."""
    return [r[0] for r in store.conn.execute("SELECT id FROM documents WHERE current = 1 ORDER BY id")]


def ids_needing_analysis(store: Store, version: str) -> list[int]:
    """Current documents not yet analysed by this version of the pipeline.

    A copy of another current document's text is not analysed: its report's analysis
    stands for it (see store/reports.py)."""
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT id FROM documents d WHERE current = 1 AND (analyzed_with IS NULL OR analyzed_with != ?)"
            " AND (report_id IS NULL OR report_id = id"
            "      OR NOT EXISTS (SELECT 1 FROM documents r WHERE r.id = d.report_id AND r.current = 1))"
            " ORDER BY id",
            (version,),
        )
    ]


def get_document(store: Store, doc_id_: int) -> sqlite3.Row:
    """The `documents` row of one id."""
    row = store.conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id_,)).fetchone()
    if row is None:
        from storyline.errors import NotFound

        raise NotFound(f"document d{doc_id_} is not in {store.path}")
    return row  # type: ignore[no-any-return]


def removed_lines(store: Store, doc_id_: int) -> list[RemovedLine]:
    """Lines the cleaner removed from one document."""
    return [
        RemovedLine(r["text"], r["reason"], r["line_no"], r["confidence"])
        for r in store.conn.execute(
            "SELECT * FROM removed_lines WHERE document_id = ? ORDER BY line_no", (doc_id_,)
        )
    ]


class StoredTexts(Mapping[str, str]):
    """The texts of the current documents by public id, in ingestion order, each read from
    the store when it is asked for: a story-level pass over every text never holds them together."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._ids = current_ids(store)

    def __getitem__(self, key: str) -> str:
        try:
            row_id = doc_id(key)
        except (AttributeError, ValueError):
            raise KeyError(key) from None
        row = self._store.conn.execute("SELECT text FROM documents WHERE id = ? AND current = 1", (row_id,)).fetchone()
        if row is None:
            raise KeyError(key)
        return str(row[0])

    def __iter__(self) -> Iterator[str]:
        return (doc_key(i) for i in self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def iter_documents(store: Store) -> Iterator[sqlite3.Row]:
    """Current documents one at a time, in ingestion order."""
    for i in current_ids(store):
        yield get_document(store, i)


def iter_documents_removed(store: Store) -> Iterator[tuple[sqlite3.Row, list[RemovedLine]]]:
    """Current documents in ingestion order, each with the lines the cleaner removed from it
    (as `removed_lines` gives them): two streamed queries read side by side, one row of
    each held at a time, instead of two queries per document."""
    removed = store.conn.execute(
        """SELECT r.document_id, r.text, r.reason, r.line_no, r.confidence FROM removed_lines r
           JOIN documents d ON d.id = r.document_id WHERE d.current = 1
           ORDER BY r.document_id, r.line_no, r.rowid"""
    )
    pending = removed.fetchone()
    for row in store.conn.execute("SELECT * FROM documents WHERE current = 1 ORDER BY id"):
        lines = []
        while pending is not None and pending[0] <= row["id"]:
            if pending[0] == row["id"]:
                lines.append(RemovedLine(pending[1], pending[2], pending[3], pending[4]))
            pending = removed.fetchone()
        yield row, lines


def document_heads(store: Store) -> Iterator[sqlite3.Row]:
    """What is shown of each current document before its text, in ingestion order: id, path,
    title, outlet, url, published and published_inferred; no texts."""
    yield from store.conn.execute(
        """SELECT id, path, title, outlet, url, published, published_inferred
           FROM documents WHERE current = 1 ORDER BY id"""
    )


# --- per-document analysis ---------------------------------------------------------


DocumentSave = Callable[[sqlite3.Connection, int, Any], None]


def save_analysis(
    store: Store, a: DocumentAnalysis, hooks: Sequence[tuple[str, DocumentSave]], analyzed_with: str
) -> None:
    """Store one document's analysis in one transaction, each stage through its hook.

    `hooks` are the (stage name, storage hook) of the registered document stages; a
    stage missing from `a.results` is given None (its earlier results are removed).
    `analyzed_with` names the stages that completed.
    """
    with store.atomic() as conn:
        for name, save in hooks:
            save(conn, a.doc_id, a.results.get(name))
        conn.execute("UPDATE documents SET analyzed_with = ? WHERE id = ?", (analyzed_with, a.doc_id))


def record_failure(store: Store, item: str, stage: str, reason: str) -> None:
    """Remember that an item failed at a stage, and why."""
    with store.atomic() as conn:
        conn.execute("INSERT INTO failures(item, stage, reason) VALUES (?, ?, ?)", (item, stage, reason))


def cast_inputs(store: Store, stage: str) -> Iterator[Any]:
    """The stored per-document cast inputs (JSON) of current documents made by `stage`."""
    for row in store.conn.execute(
        """SELECT c.data FROM cast_inputs c JOIN documents d ON d.id = c.document_id
           WHERE d.current = 1 AND c.stage = ? ORDER BY d.id""",
        (stage,),
    ):
        yield json.loads(row[0])


def event_mentions(store: Store) -> list[EventMention]:
    """Event mentions of all current documents."""
    return [
        EventMention(
            document=doc_key(r["document_id"]), date=r["date"], planned=bool(r["planned"]),
            start=r["start"], end=r["end"], text=r["text"], timex_start=r["timex_start"],
            timex_end=r["timex_end"], timex_text=r["timex_text"], anchor=r["anchor"],
        )
        for r in store.conn.execute(
            """SELECT e.* FROM event_mentions e JOIN documents d ON d.id = e.document_id
               WHERE d.current = 1 ORDER BY e.document_id, e.start"""
        )
    ]


def quote_rows(store: Store) -> list[sqlite3.Row]:
    """Quotes of current documents."""
    return list(
        store.conn.execute(
            """SELECT q.* FROM quotes q JOIN documents d ON d.id = q.document_id
               WHERE d.current = 1 ORDER BY q.document_id, q.start"""
        )
    )


def iter_quote_rows(store: Store) -> Iterator[sqlite3.Row]:
    """Quotes of current documents, in the order of `quote_rows`, streamed from the store's cursor."""
    yield from store.conn.execute(
        """SELECT q.* FROM quotes q JOIN documents d ON d.id = q.document_id
           WHERE d.current = 1 ORDER BY q.document_id, q.start"""
    )


def iter_quote_book(store: Store) -> Iterator[sqlite3.Row]:
    """Quotes of current documents with their document's `published`, in the quote book's
    order (publication date, undated last; document id as text; start), streamed."""
    yield from store.conn.execute(
        """SELECT q.*, d.published AS published FROM quotes q JOIN documents d ON d.id = q.document_id
           WHERE d.current = 1
           ORDER BY COALESCE(NULLIF(d.published, ''), '9999'), 'd' || q.document_id, q.start, q.id"""
    )


def entity_names(store: Store) -> dict[str, str]:
    """Each stored cast entity's name, by id."""
    return {r[0]: r[1] for r in store.conn.execute("SELECT id, name FROM entities")}


def timexes(store: Store, doc_id_: int) -> list[Timex]:
    """Temporal expressions of one document."""
    return [
        Timex(r["start"], r["end"], r["text"], r["type"], r["value"], r["anchor"], r["mod"], r["rule"] or "")
        for r in store.conn.execute(
            "SELECT * FROM timexes WHERE document_id = ? ORDER BY start", (doc_id_,)
        )
    ]


def iter_sentence_rows(store: Store) -> Iterator[tuple[str, int, int, int, str]]:
    """(document, index, start, end, text) of every sentence of current documents, streamed from the store.

    Rows are read from the cursor as they are consumed, never all at once; the caller
    must not write to the store before the iterator is exhausted or dropped.
    """
    for r in store.conn.execute(
        """SELECT s.document_id, s.idx, s.start, s.end, s.text FROM sentences s
           JOIN documents d ON d.id = s.document_id WHERE d.current = 1
           ORDER BY s.document_id, s.idx"""
    ):
        yield doc_key(r[0]), r[1], r[2], r[3], r[4]


def iter_lead_sentence_rows(store: Store, first: int) -> Iterator[tuple[str, int, int, int, str]]:
    """`iter_sentence_rows` restricted to each document's `first` sentences (index below
    `first`), in the same order, streamed: the other sentences are never read."""
    for r in store.conn.execute(
        """SELECT s.document_id, s.idx, s.start, s.end, s.text FROM sentences s
           JOIN documents d ON d.id = s.document_id WHERE d.current = 1 AND s.idx < ?
           ORDER BY s.document_id, s.idx""",
        (first,),
    ):
        yield doc_key(r[0]), r[1], r[2], r[3], r[4]


# --- story-level results -------------------------------------------------------------


def undated_ids(store: Store) -> list[int]:
    """Current documents whose date an analysis infers, in ingestion order: those with no
    date, and those whose date an earlier analysis inferred (inferred again, from their
    text and the story, never from the date inferred before)."""
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT id FROM documents WHERE current = 1 AND (published IS NULL OR published_source = ?) ORDER BY id",
            (INFERRED,),
        )
    ]


def document_dates(store: Store) -> dict[str, str | None]:
    """Each current document's publication date (ISO or None), by public id."""
    return {
        doc_key(r["id"]): r["published"]
        for r in store.conn.execute("SELECT id, published FROM documents WHERE current = 1")
    }


def document_meta(store: Store) -> Iterator[sqlite3.Row]:
    """id, path, published (its bounds and source), outlet, content_hash and report_id of current documents; no texts."""
    yield from store.conn.execute(
        """SELECT id, path, published, published_earliest, published_latest, published_source, outlet,
                  content_hash, report_id
           FROM documents WHERE current = 1 ORDER BY id"""
    )


def load_entities(store: Store) -> list[dict[str, Any]]:
    """Stored cast entities, most mentioned first."""
    return list(iter_entities(store))


def iter_entities(store: Store) -> Iterator[dict[str, Any]]:
    """Stored cast entities, most mentioned first, streamed from the store's cursor."""
    for r in store.conn.execute("SELECT * FROM entities ORDER BY mentions DESC, name"):
        yield (
            {
                "id": r["id"],
                "name": r["name"],
                "type": r["type"],
                "aliases": [a for a, _ in json.loads(r["aliases"])],
                "alias_counts": {a: c for a, c in json.loads(r["aliases"])},
                "roles": json.loads(r["roles"]),
                "mentions": r["mentions"],
                "documents": json.loads(r["documents"]),
                "first_seen": r["first_seen"],
                "last_seen": r["last_seen"],
            }
        )


def load_events(store: Store) -> list[Event]:
    """Stored events in date order."""
    return [ev for ev, _ in _events_with_rank(store)]


def _events_with_rank(store: Store) -> list[tuple[Event, int | None]]:
    sources: dict[str, list[Source]] = {}
    for r in store.conn.execute("SELECT * FROM event_sources ORDER BY rowid"):
        sources.setdefault(r["event_id"], []).append(Source(doc_key(r["document_id"]), r["start"], r["end"]))
    return [
        (
            Event(
                id=r["id"], date=r["date"], planned=bool(r["planned"]), text=r["text"],
                sources=tuple(sources.get(r["id"], [])), entities=tuple(json.loads(r["entities"])),
                timex_text=r["timex_text"], anchor=r["anchor"],
            ),
            r["rank"],
        )
        for r in store.conn.execute("SELECT * FROM events ORDER BY sort_key, rowid")
    ]


def load_timeline(store: Store, per_date: int) -> list[TimelineDay]:
    """The stored timeline: dates in order, each with its `per_date` best-ranked events."""
    return [
        TimelineDay(date, tuple(TimelineEntry(e.text, e.sources, e.id) for e in chosen))
        for date, chosen in timeline_events(store, per_date)
    ]


def timeline_events(store: Store, per_date: int) -> list[tuple[str, list[Event]]]:
    """`load_timeline` with each entry's whole stored event: dates in order, each with its
    `per_date` best-ranked events, best first (the events are read once)."""
    days: dict[str, list[tuple[int, Event]]] = {}
    for ev, rank in _events_with_rank(store):
        entries = days.setdefault(ev.date, [])
        if rank is not None and rank < per_date:
            entries.append((rank, ev))
    return [(date, [e for _, e in sorted(ranked, key=lambda x: x[0])]) for date, ranked in days.items()]


def load_summary(store: Store) -> list[SummarySentence]:
    """Stored summary sentences in order."""
    return [
        SummarySentence(r["text"], tuple(Source(d, s, e) for d, s, e in json.loads(r["sources"])))
        for r in store.conn.execute("SELECT * FROM summary ORDER BY idx")
    ]


def failures(store: Store) -> list[sqlite3.Row]:
    """Every recorded failure."""
    return list(store.conn.execute("SELECT * FROM failures ORDER BY id"))
