"""Opening a database: another program's file is left untouched; concurrent first use works."""

from __future__ import annotations

import multiprocessing
import sqlite3
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest

from storyline.errors import StoreError
from storyline.pipeline import ingest
from storyline.store import repo
from storyline.store.db import APPLICATION_ID, connect
from storyline.store.migrations import MIGRATIONS


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _foreign(path: Path, tables: list[str]) -> None:
    conn = sqlite3.connect(path)
    for name in tables:
        conn.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute(f"INSERT INTO {name}(body) VALUES ('keep me')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "tables",
    [["notes"], [f"t{i}" for i in range(20)], ["documents"], ["documents", "schema_migrations"]],
    ids=["one-table", "twenty-tables", "own-documents-table", "documents-and-migrations-table"],
)
def test_another_programs_database_is_refused_untouched(tmp_path: Path, tables: list[str]) -> None:
    path = tmp_path / "other.db"
    _foreign(path, tables)
    before = _snapshot(path)
    if tables == ["documents", "schema_migrations"]:
        # Someone else's migrations table: the application id tells it apart from ours.
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA application_id = 1234")
        conn.commit()
        conn.close()
        before = _snapshot(path)
    with pytest.raises(StoreError, match="not a storyline database .* left untouched"):
        connect(path)
    assert _snapshot(path) == before
    assert not (tmp_path / "other.db-wal").exists()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    connect(path).close()
    conn = sqlite3.connect(path)
    newer = max(v for v, _, _ in MIGRATIONS) + 1
    conn.execute("INSERT INTO schema_migrations(version, name) VALUES (?, 'from the future')", (newer,))
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = _snapshot(path)
    with pytest.raises(StoreError, match=f"newer storyline \\(schema version {newer}"):
        connect(path)
    assert _snapshot(path) == before


@pytest.mark.parametrize("data", [b"plain text, not a database" * 40, b"SQLite format 2\x00" + b"\x00" * 200])
def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(data)
    before = _snapshot(path)
    with pytest.raises(StoreError, match="cannot open as a storyline database"):
        connect(path)
    assert _snapshot(path) == before


def test_an_old_storyline_database_without_application_id_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    connect(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 0")
    conn.commit()
    conn.close()
    store = connect(path)
    assert store.conn.execute("PRAGMA application_id").fetchone()[0] == 0
    store.close()


def test_a_new_database_carries_the_application_id(tmp_path: Path) -> None:
    store = connect(tmp_path / "s.db")
    assert store.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    store.close()


def _open_and_ingest(db: str, folder: str, barrier: Barrier, out: Any) -> None:
    barrier.wait()
    try:
        with connect(db) as store:
            report = ingest(store, [Path(folder)])
        out.put(("ok", report.added, report.unchanged, len(report.problems)))
    except Exception as exc:  # reported to the test, which fails on it
        out.put(("error", repr(exc), 0, 0))


def _articles(folder: Path, prefix: str, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"{prefix}{i}.txt").write_text(
            f"Article {prefix} {i}.\n\nThe council met on Monday and agreed item {i}.", encoding="utf-8"
        )


@pytest.mark.slow
def test_two_processes_open_a_new_database_at_once(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    _articles(tmp_path / "a", "a", 5)
    _articles(tmp_path / "b", "b", 5)
    for attempt in range(6):
        db = str(tmp_path / f"s{attempt}.db")
        # Half the pairs ingest the same folder (one stores it, the other finds it
        # unchanged), half different folders (both are stored).
        folders = ["a", "a"] if attempt % 2 else ["a", "b"]
        barrier = ctx.Barrier(2)
        out = ctx.Queue()
        procs = [
            ctx.Process(target=_open_and_ingest, args=(db, str(tmp_path / f), barrier, out)) for f in folders
        ]
        for p in procs:
            p.start()
        results = [out.get(timeout=120) for _ in procs]
        for p in procs:
            p.join(timeout=60)
        assert all(r[0] == "ok" and r[3] == 0 for r in results), results
        with connect(db) as store:
            paths = [r[0] for r in store.conn.execute("SELECT path FROM documents")]
            versions = store.conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0]
            assert versions == len(MIGRATIONS)
            assert len(paths) == len(set(paths)) == (5 if folders == ["a", "a"] else 10)
            assert len(repo.current_ids(store)) == len(paths)
        if folders == ["a", "a"]:
            # Each input is stored by exactly one of them; the other reports it unchanged.
            assert (sum(r[1] for r in results), sum(r[2] for r in results)) == (5, 5)
