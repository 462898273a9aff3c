"""Reading and writing storyline's records; SQL lives here, not in the stages."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from storyline.models import (
    Article,
    Entity,
    EntityMention,
    Event,
    Mention,
    Quote,
    RemovedLine,
    Sentence,
    Source,
    SummarySentence,
    Timex,
)
from storyline.stages.events import EventMention, sort_key
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
                   published_latest, text)
               VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
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
            ),
        )
        new_id = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO removed_lines(document_id, line_no, text, reason) VALUES (?, ?, ?, ?)",
            [(new_id, r.line_no, r.text, r.reason) for r in article.removed_lines],
        )
    return new_id, version


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


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
        published=_date(row["published"]),
        published_inferred=bool(row["published_inferred"]),
        published_earliest=_date(row["published_earliest"]),
        published_latest=_date(row["published_latest"]),
        removed_lines=tuple(removed),
    )


def current_ids(store: Store) -> list[int]:
    """Ids of the current version of every stored document, in ingestion order."""
    return [r[0] for r in store.conn.execute("SELECT id FROM documents WHERE current = 1 ORDER BY id")]


def ids_needing_analysis(store: Store, version: str) -> list[int]:
    """Current documents not yet analysed by this version of the pipeline."""
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT id FROM documents WHERE current = 1 AND (analyzed_with IS NULL OR analyzed_with != ?)"
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
        RemovedLine(r["text"], r["reason"], r["line_no"])
        for r in store.conn.execute(
            "SELECT * FROM removed_lines WHERE document_id = ? ORDER BY line_no", (doc_id_,)
        )
    ]


def iter_documents(store: Store) -> Iterator[sqlite3.Row]:
    """Current documents one at a time, in ingestion order."""
    for i in current_ids(store):
        yield get_document(store, i)


# --- per-document analysis ---------------------------------------------------------


@dataclass(frozen=True)
class DocumentAnalysis:
    """Everything the per-document stages add to one document."""

    doc_id: int
    published: dt.date | None
    published_inferred: bool
    published_earliest: dt.date | None
    published_latest: dt.date | None
    sentences: Sequence[Sentence]
    mentions: Sequence[Mention]
    cast_input: Any
    cast_stage: str
    timexes: Sequence[Timex]
    quotes: Sequence[Quote]
    event_mentions: Sequence[EventMention]


_PER_DOC_TABLES = ("sentences", "mentions", "cast_inputs", "timexes", "quotes", "event_mentions")


def save_analysis(store: Store, a: DocumentAnalysis, version: str) -> None:
    """Replace one document's analysis in one transaction."""
    with store.atomic() as conn:
        for table in _PER_DOC_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (a.doc_id,))
        conn.execute(
            """UPDATE documents SET published = ?, published_inferred = ?, published_earliest = ?,
                   published_latest = ?, analyzed_with = ? WHERE id = ?""",
            (
                _iso(a.published),
                int(a.published_inferred),
                _iso(a.published_earliest),
                _iso(a.published_latest),
                version,
                a.doc_id,
            ),
        )
        conn.executemany(
            "INSERT INTO sentences(document_id, idx, start, end, text) VALUES (?, ?, ?, ?, ?)",
            [(a.doc_id, i, s.start, s.end, s.text) for i, s in enumerate(a.sentences)],
        )
        conn.executemany(
            "INSERT INTO mentions(document_id, start, end, text, label) VALUES (?, ?, ?, ?, ?)",
            [(a.doc_id, m.start, m.end, m.text, m.label) for m in a.mentions],
        )
        conn.execute(
            "INSERT INTO cast_inputs(document_id, stage, data) VALUES (?, ?, ?)",
            (a.doc_id, a.cast_stage, pickle.dumps(a.cast_input, protocol=pickle.HIGHEST_PROTOCOL)),
        )
        conn.executemany(
            """INSERT INTO timexes(document_id, start, end, text, type, value, anchor, mod, rule)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [(a.doc_id, t.start, t.end, t.text, t.type, t.value, t.anchor, t.mod, t.rule) for t in a.timexes],
        )
        conn.executemany(
            """INSERT INTO quotes(document_id, start, end, text, kind, speaker_name, speaker_start,
                   speaker_end, speaker_kind, cue, channel, pieces)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    a.doc_id, q.start, q.end, q.text, q.kind, q.speaker_name, q.speaker_start,
                    q.speaker_end, q.speaker_kind, q.cue, q.channel, json.dumps([list(p) for p in q.pieces]),
                )
                for q in a.quotes
            ],
        )
        conn.executemany(
            """INSERT INTO event_mentions(document_id, date, planned, start, end, text, timex_start,
                   timex_end, timex_text, anchor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (a.doc_id, e.date, int(e.planned), e.start, e.end, e.text, e.timex_start,
                 e.timex_end, e.timex_text, e.anchor)
                for e in a.event_mentions
            ],
        )


def record_failure(store: Store, item: str, stage: str, reason: str) -> None:
    """Remember that an item failed at a stage, and why."""
    with store.atomic() as conn:
        conn.execute("INSERT INTO failures(item, stage, reason) VALUES (?, ?, ?)", (item, stage, reason))


def cast_inputs(store: Store, stage: str) -> Iterator[Any]:
    """The stored per-document cast inputs of current documents made by `stage`."""
    for row in store.conn.execute(
        """SELECT c.data FROM cast_inputs c JOIN documents d ON d.id = c.document_id
           WHERE d.current = 1 AND c.stage = ? ORDER BY d.id""",
        (stage,),
    ):
        yield pickle.loads(row[0])


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


def timexes(store: Store, doc_id_: int) -> list[Timex]:
    """Temporal expressions of one document."""
    return [
        Timex(r["start"], r["end"], r["text"], r["type"], r["value"], r["anchor"], r["mod"], r["rule"] or "")
        for r in store.conn.execute(
            "SELECT * FROM timexes WHERE document_id = ? ORDER BY start", (doc_id_,)
        )
    ]


def iter_sentence_rows(store: Store) -> Iterator[tuple[str, int, int, int, str]]:
    """(document, index, start, end, text) of every sentence of current documents."""
    for r in store.conn.execute(
        """SELECT s.document_id, s.idx, s.start, s.end, s.text FROM sentences s
           JOIN documents d ON d.id = s.document_id WHERE d.current = 1
           ORDER BY s.document_id, s.idx"""
    ).fetchall():
        yield doc_key(r[0]), r[1], r[2], r[3], r[4]


# --- story-level results -------------------------------------------------------------


def save_story(
    store: Store,
    *,
    entities: Sequence[Entity],
    entity_mentions: Sequence[EntityMention],
    seen: dict[str, tuple[str | None, str | None]],
    quote_speakers: dict[int, str | None],
    events: Sequence[Event],
    summary: Sequence[SummarySentence],
) -> None:
    """Replace the story-level results (cast, speakers, events, summary) in one transaction."""
    with store.atomic() as conn:
        for table in ("entities", "entity_mentions", "events", "event_sources", "summary"):
            conn.execute(f"DELETE FROM {table}")
        conn.executemany(
            """INSERT INTO entities(id, name, type, aliases, mentions, documents, roles, first_seen, last_seen)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    e.id, e.name, e.type, json.dumps([list(a) for a in e.aliases]), e.mentions,
                    json.dumps(list(e.documents)), json.dumps(list(e.roles)),
                    seen.get(e.id, (None, None))[0], seen.get(e.id, (None, None))[1],
                )
                for e in entities
            ],
        )
        conn.executemany(
            "INSERT INTO entity_mentions(document_id, start, end, text, entity_id, kind) VALUES (?, ?, ?, ?, ?, ?)",
            [(doc_id(m.document), m.start, m.end, m.text, m.entity, m.kind) for m in entity_mentions],
        )
        conn.executemany(
            "UPDATE quotes SET entity_id = ? WHERE id = ?",
            [(ent, qid) for qid, ent in quote_speakers.items()],
        )
        for ev in events:
            conn.execute(
                """INSERT INTO events(id, date, planned, text, entities, timex_text, anchor, sort_key)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (ev.id, ev.date, int(ev.planned), ev.text, json.dumps(list(ev.entities)),
                 ev.timex_text, ev.anchor, sort_key(ev.date)),
            )
            conn.executemany(
                "INSERT INTO event_sources(event_id, document_id, start, end) VALUES (?, ?, ?, ?)",
                [(ev.id, doc_id(s.document), s.start, s.end) for s in ev.sources],
            )
        conn.executemany(
            "INSERT INTO summary(idx, text, sources) VALUES (?, ?, ?)",
            [
                (i, s.text, json.dumps([[x.document, x.start, x.end] for x in s.sources]))
                for i, s in enumerate(summary)
            ],
        )


def load_entities(store: Store) -> list[dict[str, Any]]:
    """Stored cast entities, most mentioned first."""
    out = []
    for r in store.conn.execute("SELECT * FROM entities ORDER BY mentions DESC, name"):
        out.append(
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
    return out


def load_events(store: Store) -> list[Event]:
    """Stored events in date order."""
    sources: dict[str, list[Source]] = {}
    for r in store.conn.execute("SELECT * FROM event_sources ORDER BY rowid"):
        sources.setdefault(r["event_id"], []).append(Source(doc_key(r["document_id"]), r["start"], r["end"]))
    return [
        Event(
            id=r["id"], date=r["date"], planned=bool(r["planned"]), text=r["text"],
            sources=tuple(sources.get(r["id"], [])), entities=tuple(json.loads(r["entities"])),
            timex_text=r["timex_text"], anchor=r["anchor"],
        )
        for r in store.conn.execute("SELECT * FROM events ORDER BY sort_key, rowid")
    ]


def load_summary(store: Store) -> list[SummarySentence]:
    """Stored summary sentences in order."""
    return [
        SummarySentence(r["text"], tuple(Source(d, s, e) for d, s, e in json.loads(r["sources"])))
        for r in store.conn.execute("SELECT * FROM summary ORDER BY idx")
    ]


def failures(store: Store) -> list[sqlite3.Row]:
    """Every recorded failure."""
    return list(store.conn.execute("SELECT * FROM failures ORDER BY id"))
