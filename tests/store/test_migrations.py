"""A store written by the first schema keeps working after migrations 2 and 3."""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import storyline
from storyline import pipeline, registry
from storyline.models import Article
from storyline.store import migrations, repo
from storyline.store.db import Store, connect

if TYPE_CHECKING:
    from spacy.language import Language

TEXT = "Dock workers walked out on Monday, union leader Maria Lopez said in Valparaiso.\n"


def _schema_v1_store(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database as release 1 left it: one analysed document, a pickled cast input, a story."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    with monkeypatch.context() as m:
        m.setattr(migrations, "MIGRATIONS", [x for x in migrations.MIGRATIONS if x[0] == 1])
        migrations.migrate(conn)
    store = Store(conn, str(path))
    article = Article("a.txt", TEXT, hashlib.sha256(TEXT.encode()).hexdigest(), published=None)
    with store.atomic() as c:
        # Written as release 1 wrote it (today's repo writes columns later migrations add).
        doc_id = c.execute(
            "INSERT INTO documents(path, raw_hash, content_hash, text) VALUES (?, 'raw-hash', ?, ?)",
            (article.path, article.content_hash, article.text),
        ).lastrowid
        c.execute("UPDATE documents SET published = '2021-05-04', analyzed_with = ?", (registry.analysis_version(),))
        c.execute("INSERT INTO cast_inputs(document_id, stage, data) VALUES (?, 'storyline.entities.v2', ?)",
                  (doc_id, pickle.dumps({"old": "pickle"})))
        c.execute("INSERT INTO mentions(document_id, start, end, text, label) VALUES (?, 0, 4, 'Dock', 'ORG')",
                  (doc_id,))
        # Two events of one day: e2 has more sources, so the timeline lists it first.
        for eid, text, n in (("e1", "Dock workers walked out.", 1), ("e2", "The union said so.", 2)):
            c.execute(
                "INSERT INTO events(id, date, planned, text, entities, timex_text, anchor, sort_key)"
                " VALUES (?, '2021-05-03', 0, ?, '[]', 'on Monday', 'DCT 2021-05-04', '2021-05-03|5')",
                (eid, text),
            )
            c.executemany("INSERT INTO event_sources(event_id, document_id, start, end) VALUES (?, ?, ?, ?)",
                          [(eid, doc_id, k, k + 10) for k in range(n)])
    conn.close()


def test_a_first_schema_store_migrates_and_reads_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    _schema_v1_store(path, monkeypatch)
    store = connect(path)
    assert migrations.applied(store.conn) >= {1, 2, 3}
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "mentions" not in tables
    # The pickle is gone; the document waits for analysis again; nothing it holds is lost.
    assert store.conn.execute("SELECT COUNT(*) FROM cast_inputs").fetchone()[0] == 0
    row = repo.get_document(store, 1)
    assert row["analyzed_with"] is None and row["text"] == TEXT and row["published"] == "2021-05-04"
    assert repo.ids_needing_analysis(store, registry.analysis_version()) == [1]
    # The stored story still exports, its timeline ranked as the timeline stage ranks it.
    data = storyline.story(store)
    assert [[e["event"] for e in day["entries"]] for day in data["timeline"]] == [["e2", "e1"]]
    store.close()


def test_a_migrated_store_is_analysed_again(tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    _schema_v1_store(path, monkeypatch)
    store = connect(path)
    report = pipeline.analyze(store, nlp=nlp)
    assert report.ok and report.analyzed == 1
    data = json.loads(store.conn.execute("SELECT data FROM cast_inputs").fetchone()[0])
    assert data["document"] == "d1"
    assert [e["name"] for e in repo.load_entities(store)]  # the cast is rebuilt from the JSON inputs
    store.close()
