"""A build killed with SIGKILL mid-run loses nothing stored, and a rerun finishes the job."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline.pipeline import ANALYSIS_VERSION

pytestmark = pytest.mark.slow

TOWNS = ["Aberdeen", "Bergen", "Cork", "Dover", "Esbjerg", "Fowey", "Galway", "Hull", "Ipswich", "Jarrow"]


def _corpus(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for i, town in enumerate(TOWNS):
        path = folder / f"{i:02d}-{town.lower()}.txt"
        path.write_text(
            f"{town} ferry talks, day {i + 1}\n\nFerry operators in {town} met the port authority on "
            f"March {i + 1}, 2025, to discuss harbour fees, a spokesman for {town} council said.\n\n"
            f'"We will meet again next week," said {town} harbour master Ann Berg.',
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def _count(db: Path, sql: str) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute(sql).fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _build(folder: Path, db: Path, out: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-c", "from storyline.cli import main; main()",
           "build", str(folder), "--db", str(db), "--out", str(out)]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _kill_when(proc: subprocess.Popen[bytes], db: Path, sql: str, at_least: int) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists() and _count(db, sql) >= at_least:
            break
        time.sleep(0.01)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)


def test_kill_nine_mid_build_then_resume(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    paths = _corpus(folder)
    db, out = tmp_path / "s.db", tmp_path / "out"
    # Killed once while documents are being stored, once while they are being analysed.
    _kill_when(_build(folder, db, out), db, "SELECT COUNT(*) FROM documents", 1)
    _kill_when(_build(folder, db, out), db, "SELECT COUNT(*) FROM documents WHERE analyzed_with IS NOT NULL", 1)
    final = _build(folder, db, out)
    _, err = final.communicate(timeout=600)
    assert final.returncode == 0, err.decode()
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT path, current, analyzed_with FROM documents").fetchall()
    assert sorted(r[0] for r in rows) == sorted(str(p) for p in paths)  # each stored once
    assert all(r[1] == 1 and r[2] == ANALYSIS_VERSION for r in rows)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    per_doc = conn.execute("SELECT COUNT(DISTINCT document_id) FROM sentences").fetchone()[0]
    assert per_doc == len(paths)
    assert (out / "story.json").exists() and not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))
