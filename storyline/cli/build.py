"""`storyline build`, `ingest` and `analyze`: the commands that do the work."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

import storyline
from storyline.cli import _common as c
from storyline.export.render import timeline_text


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def input_options(fn: c.F) -> c.F:
    """PATH... and the metadata options shared by build and ingest."""
    fn = click.option("--until", "until", callback=_date, default=None, metavar="YYYY-MM-DD",
                      help="Skip documents published after this day (undated ones are kept).")(fn)
    fn = click.option("--since", "since", callback=_date, default=None, metavar="YYYY-MM-DD",
                      help="Skip documents published before this day (undated ones are kept).")(fn)
    fn = click.option("--outlet", default=None, help="Outlet name for every input.")(fn)
    fn = click.option("--date", "date", callback=_date, default=None, metavar="YYYY-MM-DD",
                      help="Publication date for every input.")(fn)
    fn = click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                      default=None, help="CSV or JSON manifest: file,outlet,published[,title,url].")(fn)
    fn = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))(fn)
    return fn


@click.command()
@input_options
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("storyline-out"),
              show_default=True, help="Folder for story.json, story.md and story.html.")
@click.option("--story", "story_spec", default=None, metavar="ID|QUERY",
              help="Build one story of a mixed pile: its id in `storyline stories`, or words its articles contain. "
                   "The pile stays in --db; the story gets its own database beside it (DB-story-ID.db).")
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Run the document stages on a local Dask cluster of N worker processes (the `dask` extra).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run the document stages on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786).")
@c.db_option
@c.settings_options
@c.json_option
def build(paths: tuple[Path, ...], manifest: Path | None, date: dt.date | None, outlet: str | None,
          since: dt.date | None, until: dt.date | None, out: Path, story_spec: str | None,
          workers: int | None, scheduler: str | None, db: Path, config_file: Path | None, overrides: tuple[str, ...], as_json: bool) -> None:
    """Ingest and analyse PATHs, write the exports into --out and print the timeline."""
    settings = c.resolve_settings(config_file, overrides)
    result = storyline.build(list(paths), out=out, db=db, manifest=manifest, date=date, outlet=outlet,
                             settings=settings, on_problem=c.on_problem, progress=c.progress,
                             since=since, until=until, story_spec=story_spec, workers=workers,
                             scheduler=scheduler)
    if as_json:
        c.print_json(result.story)
    else:
        click.echo(timeline_text(result.section("timeline")))
        click.echo(f"\nwrote {', '.join(str(f) for f in result.files)}", err=True)
    c.summarise_run(result.report)
    raise SystemExit(c.exit_code(result.report))


@click.command()
@input_options
@c.db_option
@c.settings_options
def ingest(paths: tuple[Path, ...], manifest: Path | None, date: dt.date | None, outlet: str | None,
           since: dt.date | None, until: dt.date | None,
           db: Path, config_file: Path | None, overrides: tuple[str, ...]) -> None:
    """Read, clean and store PATHs (files or folders) in --db, without analysing them."""
    settings = c.resolve_settings(config_file, overrides)
    with c.open_store(db) as store:
        report = storyline.ingest(store, list(paths), manifest=manifest, date=date, outlet=outlet,
                                  settings=settings, on_problem=c.on_problem, progress=c.progress,
                                  since=since, until=until)
    c.summarise_run(report)
    raise SystemExit(c.exit_code(report))


@click.command()
@c.db_option
@c.settings_options
def analyze(db: Path, config_file: Path | None, overrides: tuple[str, ...]) -> None:
    """Analyse the documents of --db that are new or changed, then rebuild the story."""
    settings = c.resolve_settings(config_file, overrides)
    with c.open_store(db, must_exist=True) as store:
        report = storyline.analyze(store, settings=settings, on_problem=c.on_problem, progress=c.progress)
    c.summarise_run(report)
    raise SystemExit(c.exit_code(report))
