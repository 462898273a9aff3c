"""Full-text search over stored sentences (SQLite FTS5)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.store.db import Store


@dataclass(frozen=True)
class Hit:
    document: str
    title: str | None
    start: int
    end: int
    text: str
    snippet: str


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(query: str) -> str:
    """Turn free user text into a safe FTS5 query: every word must appear (prefix match)."""
    words = _WORD.findall(query)
    return " ".join(f'"{w}"*' for w in words)


def search(
    store: Store, query: str, *, limit: int = 20, offset: int = 0, marks: tuple[str, str] = ("[", "]")
) -> list[Hit]:
    """Sentences of current documents matching every word of `query`, best first.

    `marks` open and close each matched word in the snippet; `offset` skips hits for paging.
    """
    match = fts_query(query)
    if not match:
        return []
    rows = store.conn.execute(
        """
        SELECT s.document_id, d.title, s.start, s.end, s.text,
               snippet(sentences_fts, 0, ?, ?, '…', 12) AS snip
        FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid
        JOIN documents d ON d.id = s.document_id
        WHERE sentences_fts MATCH ? AND d.current = 1
        ORDER BY bm25(sentences_fts) LIMIT ? OFFSET ?
        """,
        (marks[0], marks[1], match, limit, offset),
    ).fetchall()
    return [
        Hit(f"d{r[0]}", r[1], r[2], r[3], r[4], r[5]) for r in rows
    ]


def count(store: Store, query: str) -> int:
    """How many sentences of current documents `search` would find for `query`."""
    match = fts_query(query)
    if not match:
        return 0
    row = store.conn.execute(
        """SELECT COUNT(*) FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid
           JOIN documents d ON d.id = s.document_id WHERE sentences_fts MATCH ? AND d.current = 1""",
        (match,),
    ).fetchone()
    return int(row[0])
