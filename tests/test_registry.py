"""Stage names are versioned; stored runs name them, so none may silently disappear."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from storyline.errors import StorylineError
from storyline.pipeline import ANALYSIS_VERSION, STAGES, SUPERSEDED, StageInfo, check_order

if TYPE_CHECKING:
    from spacy.language import Language

GOLDEN = Path(__file__).parent / "golden" / "registry.json"


def test_no_registered_stage_disappears() -> None:
    names = {s.name for s in STAGES}
    missing = [n for n in json.loads(GOLDEN.read_text()) if n not in names and n not in SUPERSEDED]
    assert not missing, f"stages removed without a new version: {missing}"


def test_every_stage_is_in_the_golden_list_and_replacements_run() -> None:
    golden = set(json.loads(GOLDEN.read_text()))
    assert {s.name for s in STAGES} <= golden, "add new stage versions to the golden list"
    names = {s.name for s in STAGES}
    for old, new in SUPERSEDED.items():
        while new in SUPERSEDED:
            new = SUPERSEDED[new]
        assert new in names, (old, new)
        assert old.rsplit(".", 1)[0] == new.rsplit(".", 1)[0]


def test_stage_names_are_versioned_and_in_analysis_version() -> None:
    for s in STAGES:
        assert s.name.startswith("storyline.") and ".v" in s.name
        if s.scope == "document":
            assert s.name in ANALYSIS_VERSION


@pytest.mark.parametrize("module", ["clean", "entities", "quotes", "timex", "events", "timeline", "key_timeline", "summary", "segment"])
def test_stage_modules_declare_their_registered_name(module: str) -> None:
    import importlib

    mod = importlib.import_module(f"storyline.stages.{module}")
    names = {s.name for s in STAGES}
    assert mod.STAGE_NAME in names or mod.STAGE_NAME.replace(".entities.", ".cast.") in names


def test_check_order_rejects_a_stage_before_its_inputs() -> None:
    bad = [StageInfo("x.v1", ("doc",), ("y",), "document"), StageInfo("p.v1", (), ("doc",), "document")]
    with pytest.raises(StorylineError, match="x.v1 requires doc"):
        check_order(bad)


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
                   for s in STAGES if s.scope == "document")
    assert old != ANALYSIS_VERSION
    with store.atomic() as conn:
        conn.execute("UPDATE documents SET analyzed_with = ?", (old,))
    assert pipeline.analyze(store, nlp=nlp).analyzed == 1
