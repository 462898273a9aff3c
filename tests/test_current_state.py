"""The stored story follows the inputs: edits, reverts, new metadata, renames and deletes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from storyline.cli import main

OLD = "Talks resume\n\nThe council and the ferry operators met on Monday to resume talks, officials said."
NEW = OLD.replace("resume talks", "resume the stalled talks")


def _ingest(folder: Path, db: Path, *extra: str) -> str:
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db), *extra])
    assert result.exit_code == 0, result.output
    return result.stderr.strip().splitlines()[-1]


def _rows(db: Path) -> list[tuple[str, int, int, str, str | None, str | None]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT path, version, current, substr(text, 1, 200), published, outlet FROM documents ORDER BY id"
        ).fetchall()


def test_edit_then_revert_makes_the_first_version_current_again(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "s.db"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text(OLD, encoding="utf-8")
    assert _ingest(folder, db) == "storyline: 1 added, 0 problems"
    article.write_text(NEW, encoding="utf-8")
    assert _ingest(folder, db) == "storyline: 0 added, 1 new versions, 0 problems"
    article.write_text(OLD, encoding="utf-8")
    assert _ingest(folder, db) == "storyline: 0 added, 1 restored to an earlier version, 0 problems"
    rows = _rows(db)
    assert [(v, c) for _, v, c, *_ in rows] == [(1, 1), (2, 0)]  # nothing lost, the old one current
    assert "stalled" not in rows[0][3]
    assert _ingest(folder, db) == "storyline: 0 added, 1 unchanged, 0 problems"


def test_new_metadata_from_a_manifest_or_flags_is_a_new_version(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "s.db"
    folder.mkdir()
    (folder / "a.txt").write_text(OLD, encoding="utf-8")
    manifest = folder / "manifest.csv"
    manifest.write_text("file,outlet,published\na.txt,AP,2025-03-03\n", encoding="utf-8")
    _ingest(folder, db)
    manifest.write_text("file,outlet,published\na.txt,AP,2025-03-04\n", encoding="utf-8")
    assert _ingest(folder, db) == "storyline: 0 added, 1 new versions, 0 problems"
    assert _ingest(folder, db, "--outlet", "Reuters") == "storyline: 0 added, 1 new versions, 0 problems"
    rows = _rows(db)
    assert [(r[4], r[5], r[2]) for r in rows] == [
        ("2025-03-03", "AP", 0), ("2025-03-04", "AP", 0), ("2025-03-04", "Reuters", 1)
    ]
    # Back to the manifest alone: its version is current again.
    assert _ingest(folder, db) == "storyline: 0 added, 1 restored to an earlier version, 0 problems"
    assert [r[2] for r in _rows(db)] == [0, 1, 0]


def test_rename_and_delete(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "s.db"
    folder.mkdir()
    (folder / "a.txt").write_text(OLD, encoding="utf-8")
    (folder / "b.txt").write_text(NEW, encoding="utf-8")
    _ingest(folder, db)
    # A renamed file is the same article: it stays stored under its first name.
    (folder / "a.txt").rename(folder / "renamed.txt")
    assert _ingest(folder, db) == "storyline: 0 added, 2 unchanged, 0 problems"
    # A deleted file is not deleted from the story: the database keeps what it was given.
    (folder / "b.txt").unlink()
    assert _ingest(folder, db) == "storyline: 0 added, 1 unchanged, 0 problems"
    assert [(r[0].rsplit("/", 1)[-1], r[2]) for r in _rows(db)] == [("a.txt", 1), ("b.txt", 1)]
