"""Migration 5: authors, update date, language, date sources, removal confidence."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

from storyline.models import Article, RemovedLine
from storyline.store import repo
from storyline.store.db import connect
from storyline.store.migrations import MIGRATIONS, migrate


def test_page_metadata_round_trips(tmp_path: Path) -> None:
    text = "The council met on Monday."
    article = Article(
        path="a.html",
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        authors=("Jane Doe", "John Roe"),
        updated=dt.date(2020, 1, 21),
        language="en-gb",
        published=dt.date(2020, 1, 20),
        published_source="given",
        published_sources=(("htmldate", "2020-01-20"), ("json-ld", "2020-01-20")),
        removed_lines=(RemovedLine("Share on Facebook", "share", 0, 0.8),),
    )
    store = connect(tmp_path / "s.db")
    stored = repo.insert_document(store, article, "h1")
    assert stored is not None
    doc_id, _ = stored
    back = repo.article_from_row(repo.get_document(store, doc_id), repo.removed_lines(store, doc_id))
    assert back == article


@pytest.mark.parametrize("version", [5])
def test_rows_stored_before_the_migration_get_defaults(tmp_path: Path, version: int) -> None:
    conn = sqlite3.connect(tmp_path / "old.db")
    conn.row_factory = sqlite3.Row
    # A database made before the migration: every earlier one applied by hand.
    for number, name, fn in MIGRATIONS:
        if number < version:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT)")
            fn(conn)
            conn.execute("INSERT INTO schema_migrations(version, name) VALUES (?, ?)", (number, name))
    conn.execute("INSERT INTO documents(path, raw_hash, content_hash, text) VALUES ('a', 'h', 'c', 'x')")
    conn.execute("INSERT INTO removed_lines(document_id, line_no, text, reason) VALUES (1, 0, 'Share', 'share')")
    conn.commit()
    assert version in migrate(conn)
    row = conn.execute("SELECT authors, updated, language, published_sources FROM documents").fetchone()
    assert tuple(row) == ("[]", None, None, "{}")
    assert conn.execute("SELECT confidence FROM removed_lines").fetchone()[0] == 1.0


def test_an_ingested_page_exports_its_metadata(tmp_path: Path) -> None:
    import json

    from storyline import pipeline
    from storyline.export.story import documents

    body = "".join(
        f"<p>The harbour authority said on day {n} that the strike had closed three of the four terminals.</p>"
        for n in range(1, 8)
    )
    ld = {"@type": "NewsArticle", "author": [{"name": "Jane Doe"}], "datePublished": "2020-01-20",
          "dateModified": "2020-01-22"}
    page = (
        '<html lang="en"><head><title>Strike closes port</title>'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
        f"<body><article><h1>Strike closes port</h1>{body}<p>Share this article</p></article></body></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    store = connect(tmp_path / "s.db")
    report = pipeline.ingest(store, [tmp_path / "page.html"])
    assert report.added == 1, report.problems
    [doc] = documents(store)
    assert doc["authors"] == ["Jane Doe"]
    assert (doc["language"], doc["updated"]) == ("en", "2020-01-22")
    assert doc["published_sources"]["json-ld"] == "2020-01-20"
    assert all(0 < r["confidence"] <= 1 for r in doc["removed_lines"])
