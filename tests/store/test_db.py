from __future__ import annotations

import hashlib
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
    stored = [repo.insert_document(store, _article("a.txt", t), h) for t, h in [("Old text.", "h1"), ("New text.", "h2")]]
    assert stored[0] is not None and stored[1] is not None
    (_, v1), (second, v2) = stored[0], stored[1]
    assert (v1, v2) == (1, 2)
    assert repo.current_ids(store) == [second]
    assert repo.removed_lines(store, second)[0].reason == "share"


def test_same_input_stored_twice_is_stored_once(tmp_path: Path) -> None:
    store = connect(tmp_path / "s.db")
    assert repo.insert_document(store, _article("a.txt", "Text."), "same", "m") is not None
    assert repo.raw_hash_exists(store, "same")
    # Under another name, or again under its own with the same metadata: not stored again.
    assert repo.insert_document(store, _article("b.txt", "Text."), "same", "m") is None
    assert repo.insert_document(store, _article("a.txt", "Text."), "same", "m") is None
    assert repo.stored_state(store, "b.txt", "same", "m")[0] == "unchanged"
    assert len(repo.current_ids(store)) == 1


def test_new_metadata_is_a_new_version_and_a_revert_restores(tmp_path: Path) -> None:
    store = connect(tmp_path / "s.db")
    first = repo.insert_document(store, _article("a.txt", "Text."), "h1", "m1")
    assert first is not None
    assert repo.stored_state(store, "a.txt", "h1", "m2") == ("new", None)
    second = repo.insert_document(store, _article("a.txt", "Text."), "h1", "m2")
    assert second is not None and second[1] == 2
    assert repo.stored_state(store, "a.txt", "h1", "m1") == ("restore", first[0])
    assert repo.restore_version(store, first[0])
    assert repo.current_ids(store) == [first[0]]
    assert not repo.restore_version(store, first[0])
    assert len(store.conn.execute("SELECT * FROM documents").fetchall()) == 2  # nothing lost


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
    stored = repo.insert_document(store, _article("x.txt", text), "h")
    assert stored is not None
    doc = stored[0]
    assert repo.get_document(store, doc)["text"] == text
    with store.atomic() as conn:
        conn.execute(
            "INSERT INTO sentences(document_id, idx, start, end, text) VALUES (?, 0, 0, ?, ?)",
            (doc, len(text), text),
        )
    hits = search(store, word)
    assert [h.text for h in hits] == [text]
    assert text[hits[0].start : hits[0].end] == text
