"""`storyline serve`: --get prints one response without opening a port; binding is loopback by default."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner

from storyline.cli import main

pytestmark = pytest.mark.slow


def test_get_prints_one_response(demo_db: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(demo_db), "--get", "/api/story"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["counts"]["articles"] == 8


def test_get_html_page(demo_db: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(demo_db), "--get", "/quotes?speaker=Sokolov"])
    assert result.exit_code == 0
    assert result.output.startswith("<!doctype html>") and "Yury Sokolov" in result.output


def test_get_error_exits_1_with_the_error_body(demo_db: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(demo_db), "--get", "/api/documents/d999"])
    assert result.exit_code == 1
    assert json.loads(result.output)["error"]["status"] == 404


def test_missing_database_is_one_error_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db"), "--get", "/"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / 'none.db'}: no such database; run `storyline build` or `storyline ingest` first\n"
    )
    assert not (tmp_path / "none.db").exists()


def _run(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> tuple[Any, dict[str, Any]]:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    return CliRunner().invoke(main, ["serve", *args]), seen


def test_binds_loopback_by_default(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, seen = _run(monkeypatch, ["--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8000
    assert "warning" not in result.output


def test_warns_when_told_to_bind_elsewhere(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, seen = _run(monkeypatch, ["--db", str(demo_db), "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "0.0.0.0" and seen["port"] == 8123
    assert "warning: --host 0.0.0.0: serving beyond this machine: anyone who can reach it can read the story\n" in (
        result.output
    )


def test_older_database_is_one_error_line(tmp_path: Path) -> None:
    import sqlite3

    import storyline

    db = tmp_path / "old.db"
    storyline.connect(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM schema_migrations WHERE version > 1")
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--get", "/"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {db}: made by an older storyline (schema 1, this one reads ")
    assert result.output.endswith(f"run `storyline analyze --db {db}` once to bring it up to date\n")
