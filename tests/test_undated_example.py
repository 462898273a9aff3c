"""The example story built without its manifest: the story dates its own articles."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

import storyline

pytestmark = [pytest.mark.slow, pytest.mark.shared]


def test_every_inferred_range_holds_the_true_date(example_dir: Path, tmp_path: Path) -> None:
    truth = {r["file"]: r["published"] for r in csv.DictReader((example_dir / "manifest.csv").open(encoding="utf-8"))}
    # The texts alone: a folder's manifest.csv would be read with it.
    texts = tmp_path / "texts"
    texts.mkdir()
    for name in truth:
        shutil.copy(example_dir / name, texts / name)
    result = storyline.build([texts], out=tmp_path / "out", db=tmp_path / "s.db")
    docs = result.story["documents"]
    assert len(docs) == len(truth)
    widths = []
    for d in docs:
        true = truth[Path(d["path"]).name]
        assert d["published_inferred"], d["path"]
        earliest, latest = d["published_bounds"] or (d["published"], d["published"])
        assert earliest <= true <= latest, (d["path"], d["published_bounds"], true)
        widths.append((dt.date.fromisoformat(latest) - dt.date.fromisoformat(earliest)).days)
    # The story narrows what the texts leave open (stages/pinning.py): an article that looks
    # back to one day and ahead to another is placed between them, within a month.
    assert min(widths) <= 31, widths
    # The key timeline still stands on the inferred dates.
    assert result.story["key_timeline"]
