"""The Dask runner writes exactly what a one-process build writes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import storyline
from storyline.eval.reuters import iter_stories, write_corpus

pytestmark = [pytest.mark.slow, pytest.mark.shared]

TABLES = ("documents", "sentences", "timexes", "quotes", "event_mentions",
          "entities", "entity_mentions", "events", "event_sources", "summary", "failures")


def _dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(db)
    out = {}
    for table in TABLES:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in ("ingested_at", "at")]
        out[table] = conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY rowid").fetchall()
    conn.close()
    return out


@pytest.mark.parametrize("dated", [False, True], ids=["undated", "manifest"])
def test_two_worker_build_is_identical_to_one_process(
    tmp_path: Path, example_dir: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, dated: bool
) -> None:
    from storyline.runners import dask as dask_runner

    pile = tmp_path / "pile"
    stories = []
    for s in iter_stories(data_dir / "newswire" / "reuters21578" / "reuters21578.tar.gz", min_words=80):
        stories.append(s)
        if len(stories) == 12:
            break
    names = [p.name for p in write_corpus(stories, pile)]
    # Small partitions, so results come back out of order and must be written in order.
    monkeypatch.setattr(dask_runner, "PARTITION_SIZE", 3)
    monkeypatch.setattr(dask_runner, "CLEAN_PARTITION_SIZE", 2)
    # Inputs the workers fail to clean are reported by the one writer, as in one process.
    (pile / "furniture.txt").write_text("Advertisement\n\nShare this article\n", encoding="utf-8")
    manifest = pile / "manifest.csv" if dated else None
    streams: list[dask_runner.Stream] = []
    if dated:
        # With the manifest every story is dated, so analysis starts while ingest runs; an
        # undated text in the middle (outside the manifest) stops that: it and every later
        # document wait for the dates the story gives it, as in one process.
        middle = names[6].replace(".txt", "-undated.txt")
        (pile / middle).write_text(
            "Union leaders said on Tuesday they would resume talks with the port operator after the "
            "strike that closed the harbour for three days. The operator's chief executive said the "
            "offer made last week was final.\n", encoding="utf-8")

        class Recorded(dask_runner.Stream):
            def __init__(self, *args: object, **kwargs: object) -> None:
                super().__init__(*args, **kwargs)  # type: ignore[arg-type]
                streams.append(self)

        monkeypatch.setattr(dask_runner, "Stream", Recorded)
    one = storyline.build([pile], out=tmp_path / "one", db=tmp_path / "one.db", manifest=manifest)
    two = storyline.build([pile], out=tmp_path / "two", db=tmp_path / "two.db", manifest=manifest, workers=2)
    if dated:
        (stream,) = streams
        assert stream.last is not None and not stream.open  # some went out during ingest, then it stopped
    # A copy among them is analysed once, as its report.
    assert one.report.analyzed == two.report.analyzed == one.report.added - one.report.copies
    assert len(two.report.worker_peak_rss_mb) == 2
    assert json.dumps(one.story, sort_keys=True) == json.dumps(two.story, sort_keys=True)
    assert one.report.problems == two.report.problems and one.report.problems
    assert (one.report.added, one.report.copies) == (two.report.added, two.report.copies)
    assert _dump(tmp_path / "one.db") == _dump(tmp_path / "two.db")
    for name in ("story.md", "story.html"):
        assert (tmp_path / "one" / name).read_text() == (tmp_path / "two" / name).read_text()


def test_an_unreachable_scheduler_is_one_error(tmp_path: Path) -> None:
    from storyline.errors import StorylineError
    from storyline.runners import dask as dask_runner

    with pytest.raises(StorylineError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        dask_runner.connect(scheduler="tcp://127.0.0.1:9")


def test_a_build_on_an_unreachable_scheduler_stops_with_that_error(tmp_path: Path) -> None:
    # The cluster is reached in the background while ingest reads; its error still stops the build.
    from storyline.errors import StorylineError

    pile = tmp_path / "pile"
    pile.mkdir()
    (pile / "a.txt").write_text("The harbour board met the union on Friday to discuss pay. " * 5, encoding="utf-8")
    with pytest.raises(StorylineError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        storyline.build([pile], out=tmp_path / "out", db=tmp_path / "a.db", scheduler="tcp://127.0.0.1:9")
