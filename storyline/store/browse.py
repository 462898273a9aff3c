"""Read-only queries for browsing a stored story page by page (the web app's data).

Everything here only reads. `open_readonly` opens the database with SQLite's `mode=ro`,
so no query, however it is called, can change the story.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import NotFound, StoreError
from storyline.store import repo
from storyline.store.db import Store
from storyline.store.migrations import MIGRATIONS


def open_readonly(path: str | Path) -> Store:
    """Open an existing storyline database read-only (SQLite `mode=ro`)."""
    target = Path(path)
    if not target.is_file():
        raise StoreError(f"{target}: no such database; run `storyline build` or `storyline ingest` first")
    uri = f"{target.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 5000")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = (
            conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0]
            if "schema_migrations" in tables else None
        )
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{target}: cannot open as a storyline database ({exc})") from exc
    if "documents" not in tables:
        conn.close()
        raise StoreError(f"{target}: not a storyline database (no documents table); pick another --db")
    # Read-only, the app cannot bring an older database up to date the way every other
    # command does when it opens one; reading it as it is would fail on a missing column.
    latest = max(v for v, _, _ in MIGRATIONS)
    if (version or 0) < latest:
        conn.close()
        raise StoreError(
            f"{target}: made by an older storyline (schema {version or 0}, this one reads {latest}); "
            f"run `storyline analyze --db {target}` once to bring it up to date"
        )
    return Store(conn, str(target))


@dataclass(frozen=True)
class Counts:
    """Headline figures of the story."""

    articles: int
    outlets: int
    reports: int
    first: str | None
    last: str | None


def counts(store: Store) -> Counts:
    """Articles, outlets, reports and the span of publication dates of current documents."""
    r = store.conn.execute(
        """SELECT COUNT(*), COUNT(DISTINCT outlet), MIN(published), MAX(published),
                  COUNT(DISTINCT COALESCE(report_id, id))
           FROM documents WHERE current = 1"""
    ).fetchone()
    # Copies of one text (a wire story in several outlets) are one report.
    return Counts(articles=r[0], outlets=r[1], reports=r[4], first=r[2], last=r[3])


def coverage(store: Store) -> list[tuple[str, str, int]]:
    """(publication date, outlet, articles) for every dated current document, by date."""
    return [
        (r[0], r[1] or "unknown outlet", r[2])
        for r in store.conn.execute(
            """SELECT published, outlet, COUNT(*) FROM documents
               WHERE current = 1 AND published IS NOT NULL
               GROUP BY published, outlet ORDER BY published, outlet"""
        )
    ]


def outlets(store: Store) -> list[tuple[str, int]]:
    """Outlets with their number of current documents, most first."""
    return [
        (r[0] or "unknown outlet", r[1])
        for r in store.conn.execute(
            """SELECT outlet, COUNT(*) AS n FROM documents WHERE current = 1
               GROUP BY outlet ORDER BY n DESC, outlet"""
        )
    ]


@dataclass(frozen=True)
class DocInfo:
    """The metadata of a document other pages cite it by."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    published_inferred: bool


def doc_infos(store: Store, ids: list[str] | None = None) -> dict[str, DocInfo]:
    """Metadata (no text) of the current documents, or of the documents named by `ids`."""
    sql = "SELECT id, title, outlet, published, published_inferred FROM documents"
    args: list[Any] = []
    if ids is None:
        sql += " WHERE current = 1"
    else:
        keys = sorted({repo.doc_id(i) for i in ids if _is_doc_key(i)})
        if not keys:
            return {}
        sql += f" WHERE id IN ({','.join('?' * len(keys))})"
        args = keys
    return {
        repo.doc_key(r[0]): DocInfo(repo.doc_key(r[0]), r[1], r[2], r[3], bool(r[4]))
        for r in store.conn.execute(sql, args)
    }


def _is_doc_key(key: str) -> bool:
    return len(key) > 1 and key[0] == "d" and key[1:].isdigit()


def document_page(
    store: Store, *, offset: int, limit: int, outlet: str | None = None
) -> tuple[list[sqlite3.Row], int]:
    """One page of current documents (metadata only) in date order, and how many there are."""
    where = "current = 1" + (" AND outlet = ?" if outlet else "")
    args: list[Any] = [outlet] if outlet else []
    total = store.conn.execute(f"SELECT COUNT(*) FROM documents WHERE {where}", args).fetchone()[0]
    rows = store.conn.execute(
        f"""SELECT id, path, version, title, outlet, url, byline, published, published_inferred,
                   published_earliest, published_latest, content_hash, LENGTH(text) AS chars
            FROM documents WHERE {where}
            ORDER BY published IS NULL, published, id LIMIT ? OFFSET ?""",
        [*args, limit, offset],
    ).fetchall()
    return rows, total


def document(store: Store, key: str) -> sqlite3.Row:
    """The `documents` row of a public id (`d3`), or NotFound."""
    if not _is_doc_key(key):
        raise NotFound(f"document {key!r} is not in {store.path}; ids look like d3")
    return repo.get_document(store, repo.doc_id(key))


def sentences(store: Store, key: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of one document, in order."""
    return [
        (r[0], r[1])
        for r in store.conn.execute(
            "SELECT start, end FROM sentences WHERE document_id = ? ORDER BY idx", (repo.doc_id(key),)
        )
    ]


def entity_mentions(store: Store, key: str) -> list[dict[str, Any]]:
    """Cast mentions of one document with their entity's name and type, by offset."""
    return [
        {"start": r[0], "end": r[1], "text": r[2], "entity": r[3], "name": r[4], "type": r[5]}
        for r in store.conn.execute(
            """SELECT m.start, m.end, m.text, m.entity_id, e.name, e.type
               FROM entity_mentions m LEFT JOIN entities e ON e.id = m.entity_id
               WHERE m.document_id = ? ORDER BY m.start""",
            (repo.doc_id(key),),
        )
    ]


def entity(store: Store, entity_id: str) -> dict[str, Any]:
    """One cast entity, shaped as `load_entities` shapes each, or NotFound."""
    r = store.conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if r is None:
        raise NotFound(f"entity {entity_id!r} is not in the cast of {store.path}")
    return _entity(r)


def _entity(r: sqlite3.Row) -> dict[str, Any]:
    aliases = json.loads(r["aliases"])
    return {
        "id": r["id"],
        "name": r["name"],
        "type": r["type"],
        "aliases": [a for a, _ in aliases],
        "alias_counts": {a: c for a, c in aliases},
        "roles": json.loads(r["roles"]),
        "mentions": r["mentions"],
        "documents": json.loads(r["documents"]),
        "first_seen": r["first_seen"],
        "last_seen": r["last_seen"],
    }


def entity_page(
    store: Store, *, offset: int, limit: int, type_: str | None = None
) -> tuple[list[dict[str, Any]], int]:
    """One page of the cast, most mentioned first, and how many entities there are."""
    where = "WHERE type = ?" if type_ else ""
    args: list[Any] = [type_] if type_ else []
    total = store.conn.execute(f"SELECT COUNT(*) FROM entities {where}", args).fetchone()[0]
    rows = store.conn.execute(
        f"SELECT * FROM entities {where} ORDER BY mentions DESC, name LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ).fetchall()
    return [_entity(r) for r in rows], total


def entity_types(store: Store) -> list[tuple[str, int]]:
    """Entity types with how many entities each has."""
    return [
        (r[0], r[1])
        for r in store.conn.execute("SELECT type, COUNT(*) AS n FROM entities GROUP BY type ORDER BY n DESC, type")
    ]


def top_entities(store: Store, limit: int) -> list[tuple[str, str]]:
    """(id, name) of the most mentioned entities."""
    return [
        (r[0], r[1])
        for r in store.conn.execute("SELECT id, name FROM entities ORDER BY mentions DESC, name LIMIT ?", (limit,))
    ]


def find_entities(store: Store, wanted: str) -> list[str]:
    """Ids of the entities whose id, name or one alias is `wanted` (case-insensitive)."""
    w = wanted.strip()
    if not w:
        return []
    rows = store.conn.execute(
        """SELECT DISTINCT e.id FROM entities e, json_each(e.aliases) a
           WHERE e.id = ? OR e.name = ? COLLATE NOCASE OR json_extract(a.value, '$[0]') = ? COLLATE NOCASE""",
        (w, w, w),
    )
    return [r[0] for r in rows]


def speakers(store: Store, limit: int) -> list[tuple[str, str, int]]:
    """(entity id, name, quotes) of the most quoted speakers."""
    return [
        (r[0], r[1], r[2])
        for r in store.conn.execute(
            """SELECT q.entity_id, e.name, COUNT(*) AS n FROM quotes q
               JOIN entities e ON e.id = q.entity_id JOIN documents d ON d.id = q.document_id
               WHERE d.current = 1 AND q.kind != 'scare'
               GROUP BY q.entity_id ORDER BY n DESC, e.name LIMIT ?""",
            (limit,),
        )
    ]


def quote_rows(store: Store, key: str) -> list[sqlite3.Row]:
    """Quotes of one document with their speaker's entity name and the document's date."""
    return store.conn.execute(
        """SELECT q.*, e.name AS entity_name, d.published FROM quotes q
           JOIN documents d ON d.id = q.document_id LEFT JOIN entities e ON e.id = q.entity_id
           WHERE q.document_id = ? ORDER BY q.start""",
        (repo.doc_id(key),),
    ).fetchall()


def story_title(store: Store) -> str:
    """The story's title: the headline of the first stored document that has one."""
    row = store.conn.execute(
        "SELECT title FROM documents WHERE current = 1 AND title IS NOT NULL AND title != '' ORDER BY id LIMIT 1"
    ).fetchone()
    return row[0] if row else "Story"


def has_entity(store: Store, entity_id: str) -> bool:
    """Whether the cast has an entity of this id."""
    return store.conn.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone() is not None
