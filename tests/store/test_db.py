from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.errors import StoreError
from storyline.models import Article, RemovedLine
from storyline.store import repo
from storyline.store.db import connect
from storyline.store.migrations import MIGRATIONS, applied
from storyline.store.search import fts_query, search


def _article(path: str, text: str) -> Article:
    return Article(
        path=path,
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title="A title",
        removed_lines=(RemovedLine("Share on Facebook", "share", 0),),
    )


def test_connect_uses_wal_and_records_migrations(tmp_path: Path) -> None:
    store = connect(tmp_path / "s.db")
    mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    assert applied(store.conn) == {v for v, _, _ in MIGRATIONS}
    store.close()
    # Reopening applies nothing twice.
    again = connect(tmp_path / "s.db")
    assert applied(again.conn) == {v for v, _, _ in MIGRATIONS}


def test_connect_rejects_non_database(tmp_path: Path) -> None:
    bad = tmp_path / "not.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="cannot open as a storyline database"):
        connect(bad)


def test_connect_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        connect(tmp_path / "nope" / "s.db")


def test_atomic_rolls_back_everything_of_a_failed_document(tmp_path: Path) -> None:
    store = connect(tmp_path / "s.db")
    repo.insert_document(store, _article("a.txt", "First text."), "h1")
    with pytest.raises(RuntimeError), store.atomic() as conn:
        conn.execute(
            "INSERT INTO documents(path, raw_hash, content_hash, text) VALUES ('b.txt', 'h2', 'c', 'x')"
        )
        raise RuntimeError("crash half-way")
    paths = [r[0] for r in store.conn.execute("SELECT path FROM documents")]
    assert paths == ["a.txt"]


def test_nested_atomic_uses_savepoints(tmp_path: Path) -> None:
    store = connect(tmp_path / "s.db")
    with store.atomic() as conn:
        conn.execute("INSERT INTO failures(item, stage, reason) VALUES ('a', 's', 'r')")
        with pytest.raises(ValueError), store.atomic() as inner:
            inner.execute("INSERT INTO failures(item, stage, reason) VALUES ('b', 's', 'r')")
            raise ValueError
    items = [r[0] for r in store.conn.execute("SELECT item FROM failures")]
    assert items == ["a"]


def test_new_version_of_a_path(tmp_path: Path) -> None:
    store = connect(tmp_path / "s.db")
    first, v1 = repo.insert_document(store, _article("a.txt", "Old text."), "h1")
    second, v2 = repo.insert_document(store, _article("a.txt", "New text."), "h2")
    assert (v1, v2) == (1, 2)
    assert repo.current_ids(store) == [second]
    assert repo.removed_lines(store, second)[0].reason == "share"


def test_duplicate_raw_hash_is_refused_by_the_store(tmp_path: Path) -> None:
    store = connect(tmp_path / "s.db")
    repo.insert_document(store, _article("a.txt", "Text."), "same")
    assert repo.raw_hash_exists(store, "same")
    with pytest.raises(sqlite3.IntegrityError):
        repo.insert_document(store, _article("b.txt", "Text."), "same")
    assert len(repo.current_ids(store)) == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [("peace treaty", '"peace"* "treaty"*'), ('"; DROP TABLE', '"DROP"* "TABLE"*'), ("", "")],
)
def test_fts_query_is_safe(query: str, expected: str) -> None:
    assert fts_query(query) == expected


@settings(max_examples=40, deadline=None)
@given(
    st.text(max_size=150),
    st.from_regex(r"[A-Za-zÀ-ÿ]{3,12}", fullmatch=True),
    st.text(max_size=150),
)
def test_any_text_round_trips_through_store_and_fts(before: str, word: str, after: str) -> None:
    text = f"{before} {word} {after}"
    store = connect(":memory:")
    doc, _ = repo.insert_document(store, _article("x.txt", text), "h")
    assert repo.get_document(store, doc)["text"] == text
    with store.atomic() as conn:
        conn.execute(
            "INSERT INTO sentences(document_id, idx, start, end, text) VALUES (?, 0, 0, ?, ?)",
            (doc, len(text), text),
        )
    hits = search(store, word)
    assert [h.text for h in hits] == [text]
    assert text[hits[0].start : hits[0].end] == text
