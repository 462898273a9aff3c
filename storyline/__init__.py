"""storyline: turn raw news articles about one story into a sourced account.

The library API: `build` runs the whole job; `ingest`, `analyze` and `story` are its
steps. The CLI and the web page call these same functions.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.config import Settings, load_settings
from storyline.errors import (
    InputError,
    NotFound,
    OutputError,
    SettingsError,
    StoreError,
    StorylineError,
)
from storyline.pipeline import Problem, Progress, RunReport, analyze, ingest
from storyline.store.db import Store, connect

__all__ = [
    "BuildResult",
    "InputError",
    "NotFound",
    "OutputError",
    "RunReport",
    "Settings",
    "SettingsError",
    "Store",
    "StoreError",
    "StorylineError",
    "analyze",
    "build",
    "connect",
    "ingest",
    "key_timeline",
    "load_settings",
    "story",
    "write_exports",
]


def key_timeline(store: Store, *, dates: int | None = None, per_date: int | None = None,
                 start: str | None = None, end: str | None = None,
                 settings: Settings | None = None) -> list[dict[str, Any]]:
    """The key timeline as the export writes it: the most important days, each with what happened.

    `dates` None lets the story choose how many; `start`/`end` (ISO days) bound the
    dates. The same objects as `story.json`'s `key_timeline` and `storyline timeline --json`.
    """
    from storyline.export.story import key_timeline as _key_timeline

    return _key_timeline(store, dates=dates, per_date=per_date, start=start, end=end, settings=settings)


def story(store: Store, settings: Settings | None = None) -> dict[str, Any]:
    """The stored story as the export dict (documents, entities, quotes, events, timeline, summary)."""
    from storyline.export.story import story as _story

    return _story(store, settings)


@dataclass
class BuildResult:
    """What `build` produced: the run's report, the files written, and the story.

    `story` (the `story.json` dict) is read from the database `db` the first time it is
    asked for, so a build never holds the whole story unless its caller wants it.
    """

    report: RunReport
    files: list[Path]
    db: Path | str
    settings: Settings
    _story: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def story(self) -> dict[str, Any]:
        """The story as `story.json` holds it, read from `db` once."""
        if self._story is None:
            with connect(self.db) as store:
                self._story = story(store, self.settings)
        return self._story

    def section(self, name: str) -> Any:
        """One top-level section of the story (`timeline`, `summary`, ...), read from `db`."""
        if self._story is not None:
            return self._story[name]
        from storyline.export.story import StoredStory, listed

        with connect(self.db) as store:
            return listed(StoredStory(store, self.settings)[name])


def write_exports(data: Mapping[str, Any], out: Path) -> list[Path]:
    """Write story.json, story.md and story.html into `out`; each file appears whole or not at all.

    `data` is the story dict, or a `export.story.StoredStory` that reads each section
    from the store when it is written: every file is written piece by piece, one at a
    time, each section read when its part is written, so with a `StoredStory` the story
    is never held whole (the documents are read one at a time).
    """
    from storyline.export.files import ensure_folder, write_text_atomic
    from storyline.export.render import html_parts, markdown_parts
    from storyline.export.story import json_parts
    from storyline.nlp import release_free_memory

    ensure_folder(out)
    written = []
    render: tuple[tuple[str, Callable[[Mapping[str, Any]], Iterable[str]]], ...] = (
        ("story.json", json_parts), ("story.md", markdown_parts), ("story.html", html_parts))
    for name, make in render:
        target = out / name
        write_text_atomic(target, make(data))
        written.append(target)
        release_free_memory()  # what one file's sections needed is given back before the next
    return written


def build(
    paths: Sequence[Path],
    *,
    out: Path = Path("storyline-out"),
    db: Path | str = "storyline.db",
    manifest: Path | None = None,
    date: dt.date | None = None,
    outlet: str | None = None,
    settings: Settings | None = None,
    on_problem: Problem | None = None,
    progress: Progress | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    story_spec: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
) -> BuildResult:
    """The main job: ingest, analyse, and write the exports into `out`.

    With `story_spec` (a story id or a query), the pile in `db` is split into stories
    and only the chosen one is analysed and exported, from its own store beside `db`.
    With `workers` (a local Dask cluster of that many processes) or `scheduler` (the
    address of a running Dask scheduler), the per-document stages run on Dask workers
    (storyline/runners/dask.py, the `dask` extra); the results are the same.
    """
    settings = settings or Settings()
    kw: dict[str, Any] = {}
    if on_problem is not None:
        kw["on_problem"] = on_problem
    if progress is not None:
        kw["progress"] = progress
    if story_spec is not None:
        from storyline import piles

        with connect(db) as pile:
            report = ingest(pile, paths, manifest=manifest, date=date, outlet=outlet, settings=settings,
                            since=since, until=until, **kw)
            piles.find_stories(pile)
            story_id = piles.select_story(pile, story_spec)
            with connect(piles.story_db(db, story_id)) as target:
                piles.extract_story(pile, story_id, target)
        db = piles.story_db(db, story_id)
    with connect(db) as store, contextlib.ExitStack() as running:
        if workers or scheduler:
            from storyline.runners import dask as dask_runner

            # One cluster for both steps, started while ingest reads the inputs: workers
            # clean and fingerprint the new inputs, then parse and analyse (on a fresh
            # store, from the first documents stored on); this process checks copies and
            # writes. It stops beside the story stages and exports; the build waits for it.
            cluster = dask_runner.Cluster(workers, scheduler)
            running.callback(cluster.close)
            stream = None
            if story_spec is None:
                stream = dask_runner.Stream(store, settings, on_problem)
                report = ingest(store, paths, manifest=manifest, date=date, outlet=outlet, settings=settings,
                                since=since, until=until, cleaner=dask_runner.cleaner(cluster, stream=stream), **kw)
            analysed = dask_runner.analyze(store, client=cluster, settings=settings, stream=stream, **kw)
        else:
            if story_spec is None:
                report = ingest(store, paths, manifest=manifest, date=date, outlet=outlet, settings=settings,
                                since=since, until=until, **kw)
            analysed = analyze(store, settings=settings, **kw)
        report.analyzed = analysed.analyzed
        report.worker_peak_rss_mb = analysed.worker_peak_rss_mb
        report.worker_cpu_seconds = analysed.worker_cpu_seconds
        report.worker_busy_seconds = analysed.worker_busy_seconds
        report.problems.extend(analysed.problems)
        from storyline.export.story import StoredStory

        # Written section by section from the store: the story is never held whole.
        files = write_exports(StoredStory(store, settings), out)
        # A database in memory is gone once closed: its story is read now.
        data = story(store, settings) if str(db) == ":memory:" else None
    return BuildResult(report, files, db, settings, data)
