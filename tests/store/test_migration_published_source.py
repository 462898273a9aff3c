"""Migration 8: a store at schema 7 learns where each stored date came from, losing nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyline import registry
from storyline.store import migrations, repo
from storyline.store.db import Store, connect


def _schema_v7_store(path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """A database as schema 7 left it: four analysed documents, dated four ways, with a story."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    with monkeypatch.context() as m:
        m.setattr(migrations, "MIGRATIONS", [x for x in migrations.MIGRATIONS if x[0] <= 7])
        migrations.migrate(conn)
    store = Store(conn, str(path))
    rows = [
        # path, published, inferred, earliest, latest, a removed metadata line
        ("given.txt", "2021-05-04", 0, None, None, None),
        ("stated.txt", "2021-05-03", 1, "2021-05-03", "2021-05-03", ("Published: 3 May 2021", "date")),
        ("inferred.txt", "2021-05-02", 1, "2021-04-28", "2021-05-06", ("By Ana Ruiz", "byline")),
        ("pinned.txt", "2021-05-01", 1, "2021-05-01", "2021-05-01", None),
        ("undated.txt", None, 0, None, None, None),
    ]
    ids = {}
    with store.atomic() as c:
        for n, (name, published, inferred, lo, hi, removed) in enumerate(rows):
            text = f"Dock workers walked out in port {n}, union leader Maria Lopez said in Valparaiso.\n"
            doc_id = int(c.execute(
                """INSERT INTO documents(path, raw_hash, content_hash, text, published, published_inferred,
                       published_earliest, published_latest, analyzed_with, report_id)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)""",
                (name, f"raw-{n}", f"content-{n}", text, published, inferred, lo, hi, registry.analysis_version()),
            ).lastrowid or 0)
            c.execute("UPDATE documents SET report_id = id WHERE id = ?", (doc_id,))
            if removed:
                c.execute("INSERT INTO removed_lines(document_id, line_no, text, reason) VALUES (?, 0, ?, ?)",
                          (doc_id, *removed))
            c.execute("INSERT INTO sentences(document_id, idx, start, end, text) VALUES (?, 0, 0, 12, 'Dock workers')",
                      (doc_id,))
            ids[name] = doc_id
    conn.close()
    return ids


def _counts(store: Store) -> dict[str, int]:
    tables = [r[0] for r in store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE '%fts%'"
        " AND name != 'schema_migrations'")]
    return {t: store.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def test_a_schema_7_store_learns_where_each_date_came_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    ids = _schema_v7_store(path, monkeypatch)
    before = sqlite3.connect(path)
    old_rows = before.execute("SELECT * FROM documents ORDER BY id").fetchall()
    before.close()
    store = connect(path)
    assert 8 in migrations.applied(store.conn)
    source = {r["path"]: r["published_source"] for r in repo.document_meta(store)}
    assert source == {"given.txt": "given", "stated.txt": "stated", "inferred.txt": "inferred",
                      "pinned.txt": "inferred", "undated.txt": None}
    # Nothing lost: every old column of every row reads back as it was, and nothing else moved.
    new_rows = store.conn.execute("SELECT * FROM documents ORDER BY id").fetchall()
    assert [tuple(r)[: len(old_rows[0])] for r in new_rows] == [tuple(r) for r in old_rows]
    assert _counts(store)["removed_lines"] == 2 and _counts(store)["sentences"] == 5
    # The inferred dates (and only those, with the undated one) are inferred again.
    assert repo.undated_ids(store) == [ids["inferred.txt"], ids["pinned.txt"], ids["undated.txt"]]
    article = repo.article_from_row(repo.get_document(store, ids["stated.txt"]))
    assert article.published_source == "stated"
    store.close()


def test_a_new_store_and_a_migrated_one_have_the_same_documents_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _schema_v7_store(tmp_path / "old.db", monkeypatch)
    old, new = connect(tmp_path / "old.db"), connect(tmp_path / "new.db")
    cols = [[r[1] for r in s.conn.execute("PRAGMA table_info(documents)")] for s in (old, new)]
    assert cols[0] == cols[1] and "published_source" in cols[0]
    old.close()
    new.close()
