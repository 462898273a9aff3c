"""Ingest reads each input once when the pile fits its budget, and stores the same either way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import storyline
from storyline import pipeline
from storyline.models import RawDocument
from storyline.stages import read
from storyline.store import repo

FOOTER = "The Courier is published by Harbour Media Group"
"""No keyword of an appeal: only its recurrence across the pile makes it boilerplate."""


def _pile(folder: Path) -> None:
    folder.mkdir()
    for n, (place, act) in enumerate([("Kerrhaven", "struck"), ("Northport", "voted"), ("Eastbay", "marched"),
                                      ("Westfield", "met")]):
        (folder / f"{n}.txt").write_text(
            f"Workers {act} in {place}\n\nThe dock workers of {place} {act} on Monday, the union said, "
            f"after talks with the port authority ended without a deal.\n\n{FOOTER}\n", encoding="utf-8")
    (folder / "page.html").write_text(
        "<html><head><title>Port deal</title></head><body><article><h1>Port deal</h1><p>The port and the union "
        "signed a deal on Friday after a week of strikes that stopped every ship in the harbour.</p>"
        f"<p>{FOOTER}</p></article></body></html>", encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")


def _stored(db: Path) -> list[tuple[Any, ...]]:
    with storyline.connect(db) as store:
        return [(r["id"], r["path"], r["text"], r["title"], r["report_id"]) for r in repo.iter_documents(store)]


@pytest.mark.parametrize("budget", [None, 0, 300])
def test_ingest_stores_the_same_whether_inputs_are_held_or_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, budget: int | None
) -> None:
    folder = tmp_path / "in"
    _pile(folder)
    calls: list[int] = []
    real = read.iter_inputs

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(read, "iter_inputs", counting)
    if budget is not None:
        monkeypatch.setattr(pipeline, "HOLD_CHARS", budget)
    problems: list[tuple[str, str]] = []
    with storyline.connect(tmp_path / "s.db") as store:
        report = storyline.ingest(store, [folder], on_problem=lambda item, reason: problems.append((item, reason)))
    # Within the budget the inputs are read once; past it, read again for the second pass.
    assert len(calls) == (1 if budget is None else 2)
    assert report.added == 5 and len(problems) == 1 and problems[0][0].endswith("broken.json")
    stored = _stored(tmp_path / "s.db")
    # The footer recurs in the pile: it is boilerplate in each article, whichever pass read it.
    assert len(stored) == 5 and all(FOOTER not in text for _, _, text, _, _ in stored)
    with storyline.connect(tmp_path / "s.db") as store:
        removed = [line for r in repo.iter_documents(store) for line in repo.removed_lines(store, r["id"])]
    assert sum(1 for line in removed if line.text == FOOTER and line.reason == "boilerplate-recurring") >= 4
    monkeypatch.setattr(pipeline, "HOLD_CHARS", 0)
    with storyline.connect(tmp_path / "again.db") as store:
        storyline.ingest(store, [folder])
    assert _stored(tmp_path / "again.db") == stored


def test_held_items_are_given_once_in_order() -> None:
    held = read.Held(budget=100)
    for n in range(3):
        held.offer(RawDocument(path=f"{n}.txt", text="x" * 10))
    assert [d.path for d in held.replay(lambda: iter(()))] == ["0.txt", "1.txt", "2.txt"]
    assert held.items == []
    over = read.Held(budget=15)
    for n in range(3):
        over.offer(RawDocument(path=f"{n}.txt", text="x" * 10))
    assert over.items is None
    assert list(over.replay(lambda: iter(["again"]))) == ["again"]


@pytest.mark.parametrize("batch", [1, 2, 64])
def test_ingest_stores_the_same_whatever_the_commit_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    monkeypatch.setattr(pipeline, "STORE_BATCH", batch)
    folder = tmp_path / "in"
    _pile(folder)
    with storyline.connect(tmp_path / "s.db") as store:
        report = storyline.ingest(store, [folder])
        assert store._depth == 0 and not store.conn.in_transaction  # everything committed
    assert report.added == 5
    stored = _stored(tmp_path / "s.db")
    monkeypatch.setattr(pipeline, "STORE_BATCH", 1)
    with storyline.connect(tmp_path / "one.db") as store:
        storyline.ingest(store, [folder])
    assert _stored(tmp_path / "one.db") == stored


def test_a_store_failure_keeps_the_documents_stored_before_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from storyline.errors import StoreError

    folder = tmp_path / "in"
    _pile(folder)
    real = repo.insert_document
    calls: list[str] = []

    def failing_third(store: Any, article: Any, *args: Any) -> Any:
        calls.append(article.path)
        if len(calls) == 3:
            raise sqlite3.OperationalError("database or disk is full")
        return real(store, article, *args)

    monkeypatch.setattr(repo, "insert_document", failing_third)
    with storyline.connect(tmp_path / "s.db") as store, pytest.raises(StoreError, match="already stored are kept"):
        storyline.ingest(store, [folder])
    # The two documents stored before the failure were committed with the batch they were in.
    assert [path for _, path, *_ in _stored(tmp_path / "s.db")] == calls[:2]
