"""The registry runs the pipeline: versioned names, order, and a stage added by one registration."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from storyline import registry
from storyline.errors import StorylineError
from storyline.pipeline import SUPERSEDED
from storyline.registry import Stage, check_order

if TYPE_CHECKING:
    from spacy.language import Language

GOLDEN = Path(__file__).parent / "golden" / "registry.json"


def test_no_registered_stage_disappears() -> None:
    names = {s.name for s in registry.stages()}
    missing = [n for n in json.loads(GOLDEN.read_text()) if n not in names and n not in SUPERSEDED]
    assert not missing, f"stages removed without a new version: {missing}"


def test_every_stage_is_in_the_golden_list_and_replacements_run() -> None:
    golden = set(json.loads(GOLDEN.read_text()))
    assert {s.name for s in registry.stages()} <= golden, "add new stage versions to the golden list"
    names = {s.name for s in registry.stages()}
    for old, new in SUPERSEDED.items():
        while new in SUPERSEDED:
            new = SUPERSEDED[new]
        assert new in names, (old, new)
        assert old.rsplit(".", 1)[0] == new.rsplit(".", 1)[0]


def test_stage_names_are_versioned_and_in_analysis_version() -> None:
    version = registry.analysis_version().split("+")
    for s in registry.stages():
        assert s.name.startswith("storyline.") and ".v" in s.name
        assert (s.name in version) == (s.scope == "document")


@pytest.mark.parametrize(
    "module", ["read", "clean", "segment", "dct", "entities", "timex", "quotes", "events", "timeline", "summary"]
)
def test_stage_modules_declare_their_registered_name(module: str) -> None:
    import importlib

    mod = importlib.import_module(f"storyline.stages.{module}")
    assert mod.STAGE_NAME in {s.name for s in registry.stages()}


def test_every_stage_after_ingest_runs_and_is_stored() -> None:
    for s in registry.stages():
        if s.name.split(".")[1] in ("read", "clean", "dedup"):
            assert s.run is None and s.save is None  # `ingest` runs them; the document row is their result
        else:
            assert s.run is not None and s.save is not None, s.name


def test_check_order_rejects_a_stage_before_its_inputs() -> None:
    bad = [Stage("x.v1", ("doc",), ("y",), "document"), Stage("p.v1", (), ("doc",), "document")]
    with pytest.raises(StorylineError, match="x.v1 requires doc"):
        check_order(bad)


@pytest.mark.parametrize(
    ("stage", "message"),
    [
        (Stage("storyline.timex.v3", (), (), "document"), "already registered"),
        (Stage("storyline.toy", (), (), "document"), "has no version"),
        (Stage("storyline.toy.v1", (), (), "corpus"), "scope 'corpus'"),
        (Stage("storyline.toy.v1", ("nothing",), (), "story"), "requires nothing"),
    ],
)
def test_register_rejects_a_bad_stage(stage: Stage, message: str) -> None:
    before = registry.stages()
    with pytest.raises(StorylineError, match=message):
        registry.register(stage)
    assert registry.stages() == before


def test_a_document_stage_cannot_follow_a_story_stage() -> None:
    with pytest.raises(StorylineError, match="after a story stage"):
        registry.register(Stage("storyline.toy.v1", ("doc",), ("toy",), "document"))


# --- a toy stage: one registration and its storage, no edit of pipeline.py ----------------


def _save_toy(conn: sqlite3.Connection, doc_id: int, values: Any) -> None:
    conn.execute("DELETE FROM toy_lengths WHERE document_id = ?", (doc_id,))
    if values is not None:
        conn.executemany(
            "INSERT INTO toy_lengths(document_id, idx, words) VALUES (?, ?, ?)",
            [(doc_id, i, n) for i, n in enumerate(values["sentence_lengths"])],
        )


@pytest.fixture
def toy_stage() -> Iterator[Stage]:
    stage = Stage(
        "storyline.toy.v1", ("sentences",), ("sentence_lengths",), "document",
        run=lambda v: {"sentence_lengths": [len(s.text.split()) for s in v["sentences"]]},
        save=_save_toy,
    )
    registry.register(stage, before=registry.stages("story")[0].name)
    try:
        yield stage
    finally:
        registry.unregister(stage.name)


def test_a_toy_document_stage_runs_and_is_stored(tmp_path: Path, nlp: Language, toy_stage: Stage) -> None:
    from storyline import pipeline
    from storyline.store.db import connect

    src = tmp_path / "a.txt"
    src.write_text("The council met on Monday. Officials said the vote was close.\n", encoding="utf-8")
    store = connect(tmp_path / "s.db")
    # The toy stage's table, as its migration would add it.
    store.conn.execute("CREATE TABLE toy_lengths(document_id INTEGER, idx INTEGER, words INTEGER)")
    pipeline.ingest(store, [src], date=dt.date(2021, 5, 4))
    report = pipeline.analyze(store, nlp=nlp)
    assert report.ok and report.analyzed == 1
    rows = store.conn.execute("SELECT idx, words FROM toy_lengths ORDER BY idx").fetchall()
    assert [tuple(r) for r in rows] == [(0, 5), (1, 6)]
    assert "storyline.toy.v1" in store.conn.execute("SELECT analyzed_with FROM documents").fetchone()[0]
    assert pipeline.analyze(store, nlp=nlp).analyzed == 0


def test_the_toy_stage_is_gone_after_unregistering(toy_stage: Stage) -> None:
    assert toy_stage in registry.stages()
    registry.unregister(toy_stage.name)
    assert toy_stage not in registry.stages()
    registry.register(toy_stage, before=registry.stages("story")[0].name)  # the fixture removes it


def test_documents_analysed_by_a_replaced_version_are_analysed_again(
    tmp_path: Path, nlp: Language
) -> None:
    from storyline import pipeline
    from storyline.store.db import connect

    src = tmp_path / "a.txt"
    src.write_text("The council met on Monday, officials said.\n", encoding="utf-8")
    store = connect(tmp_path / "s.db")
    pipeline.ingest(store, [src], date=dt.date(2021, 5, 4))
    assert pipeline.analyze(store, nlp=nlp).analyzed == 1
    assert pipeline.analyze(store, nlp=nlp).analyzed == 0
    # As stored by an earlier release, whose stage versions were since replaced.
    old = "+".join(next((k for k, v in SUPERSEDED.items() if v == s.name), s.name)
                   for s in registry.stages("document"))
    assert old != registry.analysis_version()
    with store.atomic() as conn:
        conn.execute("UPDATE documents SET analyzed_with = ?", (old,))
    assert pipeline.analyze(store, nlp=nlp).analyzed == 1


def test_pipeline_still_names_stages_and_version_for_earlier_callers() -> None:
    from storyline import pipeline

    assert registry.stages() == pipeline.STAGES
    assert registry.analysis_version() == pipeline.ANALYSIS_VERSION
