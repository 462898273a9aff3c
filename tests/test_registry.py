"""Stage names are versioned; stored runs name them, so none may silently disappear."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import StorylineError
from storyline.pipeline import ANALYSIS_VERSION, STAGES, StageInfo, check_order

GOLDEN = Path(__file__).parent / "golden" / "registry.json"


def test_no_registered_stage_disappears() -> None:
    names = {s.name for s in STAGES}
    missing = [n for n in json.loads(GOLDEN.read_text()) if n not in names]
    assert not missing, f"stages removed without a new version: {missing}"


def test_stage_names_are_versioned_and_in_analysis_version() -> None:
    for s in STAGES:
        assert s.name.startswith("storyline.") and ".v" in s.name
        if s.scope == "document":
            assert s.name in ANALYSIS_VERSION


@pytest.mark.parametrize("module", ["clean", "entities", "quotes", "timex", "events", "timeline", "summary", "segment"])
def test_stage_modules_declare_their_registered_name(module: str) -> None:
    import importlib

    mod = importlib.import_module(f"storyline.stages.{module}")
    names = {s.name for s in STAGES}
    assert mod.STAGE_NAME in names or mod.STAGE_NAME.replace(".entities.", ".cast.") in names


def test_check_order_rejects_a_stage_before_its_inputs() -> None:
    bad = [StageInfo("x.v1", ("doc",), ("y",), "document"), StageInfo("p.v1", (), ("doc",), "document")]
    with pytest.raises(StorylineError, match="x.v1 requires doc"):
        check_order(bad)
