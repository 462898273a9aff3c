"""storyline: turn raw news articles about one story into a sourced account.

The library API: `build` runs the whole job; `ingest`, `analyze` and `story` are its
steps. The CLI and the web page call these same functions.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.config import Settings, load_settings
from storyline.errors import InputError, NotFound, SettingsError, StoreError, StorylineError
from storyline.pipeline import Problem, Progress, RunReport, analyze, ingest
from storyline.store.db import Store, connect

__all__ = [
    "BuildResult",
    "InputError",
    "NotFound",
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
    """What `build` produced."""

    report: RunReport
    story: dict[str, Any]
    files: list[Path]


def write_exports(data: dict[str, Any], out: Path) -> list[Path]:
    """Write story.json, story.md and story.html into `out`; each file appears whole or not at all."""
    from storyline.export.render import html_page, markdown

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in (
        ("story.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n"),
        ("story.md", markdown(data)),
        ("story.html", html_page(data)),
    ):
        target = out / name
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(target)  # atomic: a crash never leaves a half-written export
        written.append(target)
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
) -> BuildResult:
    """The main job: ingest, analyse, and write the exports into `out`."""
    settings = settings or Settings()
    kw: dict[str, Any] = {}
    if on_problem is not None:
        kw["on_problem"] = on_problem
    if progress is not None:
        kw["progress"] = progress
    with connect(db) as store:
        report = ingest(store, paths, manifest=manifest, date=date, outlet=outlet, settings=settings, **kw)
        analysed = analyze(store, settings=settings, **kw)
        report.analyzed = analysed.analyzed
        report.problems.extend(analysed.problems)
        data = story(store, settings)
    files = write_exports(data, out)
    return BuildResult(report, data, files)
