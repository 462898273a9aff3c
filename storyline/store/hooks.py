"""Storage hooks: how each registered stage's result is stored, and what story stages read.

A document stage's hook is `save(conn, doc_id, values)`, called inside the document's
transaction; `values` is what the stage assigned, or None when the stage did not
complete on this run, and the hook then removes what it stored before (the stage is
un-analysed for that document until a later run completes it). A story stage's hook
is `save(conn, values)`, called in the story's one transaction. No stage is imported
here: the hooks store plain annotation types from `storyline.models`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from storyline.codec import dumps
from storyline.models import (
    Entity,
    EntityMention,
    Event,
    EventMention,
    PublicationDate,
    Quote,
    Sentence,
    SummarySentence,
    TimelineDay,
    Timex,
)
from storyline.store import repo
from storyline.store.db import Store

Values = Mapping[str, Any]


def _iso(d: Any) -> str | None:
    return d.isoformat() if d else None


# --- document stages ---------------------------------------------------------------------


def save_sentences(conn: sqlite3.Connection, doc_id: int, values: Values | None) -> None:
    """segment: the `sentences` rows (and their full-text index, by trigger)."""
    conn.execute("DELETE FROM sentences WHERE document_id = ?", (doc_id,))
    if values is None:
        return
    sentences: Sequence[Sentence] = values["sentences"]
    conn.executemany(
        "INSERT INTO sentences(document_id, idx, start, end, text) VALUES (?, ?, ?, ?, ?)",
        [(doc_id, i, s.start, s.end, s.text) for i, s in enumerate(sentences)],
    )


def save_dct(conn: sqlite3.Connection, doc_id: int, values: Values | None) -> None:
    """dct, pinning: the document's publication date columns and where the date came from;
    left as they are when the stage failed."""
    if values is None:
        return
    d: PublicationDate = values["dct"]
    conn.execute(
        """UPDATE documents SET published = ?, published_inferred = ?, published_earliest = ?,
               published_latest = ?, published_source = ? WHERE id = ?""",
        (_iso(d.published), int(d.inferred), _iso(d.earliest), _iso(d.latest), d.origin(), doc_id),
    )


def save_cast_input(conn: sqlite3.Connection, doc_id: int, values: Values | None, *, stage: str) -> None:
    """entities: the document's compact cast input, as JSON, tagged with the stage that made it."""
    conn.execute("DELETE FROM cast_inputs WHERE document_id = ?", (doc_id,))
    if values is None or values["mentions"] is None:
        return
    conn.execute(
        "INSERT INTO cast_inputs(document_id, stage, data) VALUES (?, ?, ?)",
        (doc_id, stage, dumps(values["mentions"])),
    )


def save_timexes(conn: sqlite3.Connection, doc_id: int, values: Values | None) -> None:
    """timex: the `timexes` rows."""
    conn.execute("DELETE FROM timexes WHERE document_id = ?", (doc_id,))
    if values is None:
        return
    timexes: Sequence[Timex] = values["timexes"]
    conn.executemany(
        """INSERT INTO timexes(document_id, start, end, text, type, value, anchor, mod, rule)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [(doc_id, t.start, t.end, t.text, t.type, t.value, t.anchor, t.mod, t.rule) for t in timexes],
    )


def save_quotes(conn: sqlite3.Connection, doc_id: int, values: Values | None) -> None:
    """quotes: the `quotes` rows (their speaker entity is filled in by the cast stage)."""
    conn.execute("DELETE FROM quotes WHERE document_id = ?", (doc_id,))
    if values is None:
        return
    quotes: Sequence[Quote] = values["quotes"]
    conn.executemany(
        """INSERT INTO quotes(document_id, start, end, text, kind, speaker_name, speaker_start,
               speaker_end, speaker_kind, cue, channel, pieces)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            (
                doc_id, q.start, q.end, q.text, q.kind, q.speaker_name, q.speaker_start,
                q.speaker_end, q.speaker_kind, q.cue, q.channel, json.dumps([list(p) for p in q.pieces]),
            )
            for q in quotes
        ],
    )


def save_event_mentions(conn: sqlite3.Connection, doc_id: int, values: Values | None) -> None:
    """events: the `event_mentions` rows."""
    conn.execute("DELETE FROM event_mentions WHERE document_id = ?", (doc_id,))
    if values is None:
        return
    mentions: Sequence[EventMention] = values["event_mentions"]
    conn.executemany(
        """INSERT INTO event_mentions(document_id, date, planned, start, end, text, timex_start,
               timex_end, timex_text, anchor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            (doc_id, e.date, int(e.planned), e.start, e.end, e.text, e.timex_start,
             e.timex_end, e.timex_text, e.anchor)
            for e in mentions
        ],
    )


# --- what story stages read ----------------------------------------------------------------


class StoryInputs:
    """Read access to the stored per-document results of current documents, for story stages."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def cast_inputs(self, stage: str) -> Iterator[Any]:
        """The JSON cast inputs made by `stage`, one per document, in document order."""
        return repo.cast_inputs(self._store, stage)

    def quotes(self) -> Iterator[sqlite3.Row]:
        """Quotes of current documents, streamed (read them before any write)."""
        return repo.iter_quote_rows(self._store)

    def event_mentions(self) -> list[EventMention]:
        """Event mentions of current documents."""
        return repo.event_mentions(self._store)

    def sentence_rows(self) -> Iterator[tuple[str, int, int, int, str]]:
        """(document, index, start, end, text) of every sentence, streamed."""
        return repo.iter_sentence_rows(self._store)

    def published(self) -> dict[str, str | None]:
        """Each current document's publication date (ISO), by public id."""
        return repo.document_dates(self._store)


# --- story stages ----------------------------------------------------------------------------


def save_cast(conn: sqlite3.Connection, values: Values | None) -> None:
    """cast: entities with first and last day seen, their mentions, and each quote's speaker."""
    conn.execute("DELETE FROM entities")
    conn.execute("DELETE FROM entity_mentions")
    if values is None:
        conn.execute("UPDATE quotes SET entity_id = NULL")
        return
    entities: Sequence[Entity] = values["entities"]
    seen: dict[str, tuple[str | None, str | None]] = values["seen"]
    mentions: Sequence[EntityMention] = values["entity_mentions"]
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
        [(repo.doc_id(m.document), m.start, m.end, m.text, m.entity, m.kind) for m in mentions],
    )
    speakers: dict[int, str | None] = values["speakers"]
    conn.executemany("UPDATE quotes SET entity_id = ? WHERE id = ?", [(ent, qid) for qid, ent in speakers.items()])


def save_timeline(conn: sqlite3.Connection, values: Values | None) -> None:
    """timeline: the merged events with their sources, and each event's place in its day."""
    conn.execute("DELETE FROM event_sources")
    conn.execute("DELETE FROM events")
    if values is None:
        return
    events: Sequence[Event] = values["events"]
    sort_keys: Mapping[str, str] = values["sort_keys"]
    days: Sequence[TimelineDay] = values["timeline"]
    rank = {entry.event: i for day in days for i, entry in enumerate(day.entries)}
    for ev in events:
        conn.execute(
            """INSERT INTO events(id, date, planned, text, entities, timex_text, anchor, sort_key, rank)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (ev.id, ev.date, int(ev.planned), ev.text, json.dumps(list(ev.entities)),
             ev.timex_text, ev.anchor, sort_keys[ev.date], rank.get(ev.id)),
        )
        conn.executemany(
            "INSERT INTO event_sources(event_id, document_id, start, end) VALUES (?, ?, ?, ?)",
            [(ev.id, repo.doc_id(s.document), s.start, s.end) for s in ev.sources],
        )


def save_summary(conn: sqlite3.Connection, values: Values | None) -> None:
    """summary: the summary sentences with their citations."""
    conn.execute("DELETE FROM summary")
    if values is None:
        return
    summary: Sequence[SummarySentence] = values["summary"]
    conn.executemany(
        "INSERT INTO summary(idx, text, sources) VALUES (?, ?, ?)",
        [
            (i, s.text, json.dumps([[x.document, x.start, x.end] for x in s.sources]))
            for i, s in enumerate(summary)
        ],
    )
