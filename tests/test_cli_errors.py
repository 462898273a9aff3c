"""Every CLI failure is one `Error:` line with exit 1; temp files never stay behind."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storyline.cli import main
from storyline.errors import OutputError

ARTICLE = (
    "Harbour talks resume\n\nThe city council and the ferry operators met on Monday, March 3, 2025, "
    "to resume talks over the harbour fees, officials said."
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with one stored (not analysed) article: exports work on it."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "s.db"
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _one_error(result: Result, *parts: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    for part in parts:
        assert part in lines[0], (part, lines[0])


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")] if folder.is_dir() else []


def test_export_to_a_missing_folder(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "story.json"
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--out", str(target)])
    _one_error(result, str(target), "does not exist")
    assert not (tmp_path / "missing").exists()


def test_export_onto_a_folder(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = CliRunner().invoke(main, ["export", "--format", "markdown", "--db", str(db), "--out", str(folder)])
    _one_error(result, "is a folder")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "No space left on device"), (errno.EACCES, "Permission denied"), (errno.EROFS, "Read-only")],
    ids=["full-disk", "read-only-folder", "read-only-filesystem"],
)
def test_export_write_failure_leaves_no_temp_file(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    # Simulated (tests may run as root, who writes anywhere): the write fails after the
    # temporary file was created, as on a disk that fills up half-way.
    def fail(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", fail)
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--out", str(out / "story.json")])
    _one_error(result, "story.json", words)
    assert list(out.iterdir()) == []


def test_build_into_proc_is_one_error(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(folder), "--db", str(tmp_path / "s.db"), "--out", "/proc/storyline-out"]
    )
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines()[-1].startswith("Error: /proc/storyline-out")
    assert sum(line.startswith("Error:") for line in result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output


def test_search_with_a_huge_limit(db: Path) -> None:
    result = CliRunner().invoke(main, ["search", "harbour", "--limit", "99999999999999999999", "--db", str(db)])
    assert result.exit_code == 0, result.output


def test_database_on_a_full_disk(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.store import repo

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(repo, "insert_document", full)
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "b.txt").write_text(ARTICLE + " Again.", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db)])
    _one_error(result, "database or disk is full", "already stored are kept")


def test_a_database_that_is_another_programs_file(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    result = CliRunner().invoke(main, ["cast", "--db", str(path)])
    _one_error(result, "not a storyline database")


def test_an_internal_error_is_one_line_and_debug_shows_it(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.export import story

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(story, "entities", broken)
    result = CliRunner().invoke(main, ["cast", "--db", str(db)])
    _one_error(result, "internal error: ZeroDivisionError: division by zero", "--debug")
    debug = CliRunner().invoke(main, ["--debug", "cast", "--db", str(db)])
    assert isinstance(debug.exception, ZeroDivisionError)
    debug = CliRunner().invoke(main, ["cast", "--db", str(db)], env={"STORYLINE_DEBUG": "1"})
    assert isinstance(debug.exception, ZeroDivisionError)


def test_debug_shows_the_library_error(db: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--debug", "export", "--db", str(db), "--out", str(tmp_path)])
    assert isinstance(result.exception, OutputError)


@pytest.mark.parametrize("value", ["0000-01-01", "2025-02-30", "99999-01-01"])
def test_a_bad_date_option_is_a_usage_error(tmp_path: Path, value: str) -> None:
    result = CliRunner().invoke(main, ["ingest", str(tmp_path), "--date", value, "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2
    assert f"'{value}' is not a date in YYYY-MM-DD form" in result.stderr
    assert "Traceback" not in result.output


def test_a_missing_folder_argument(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    result = CliRunner().invoke(main, ["ingest", str(missing), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 3
    (warning,) = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warning == f"warning: {missing}: cannot read: No such file or directory"


def test_a_warning_for_a_name_with_a_newline_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "two\nlines.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines[0] == f"warning: {folder}/two\\nlines.txt: empty file"
    assert lines[1].startswith("storyline: 0 added")
