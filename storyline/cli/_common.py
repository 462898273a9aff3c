"""Options and helpers shared by the commands: settings, the store, progress, output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from storyline.config import Settings, load_settings
from storyline.store.db import Store, connect

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

# Exit codes: documented in docs/cli.md.
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_PROBLEMS = 3


def db_option(fn: F) -> F:
    """`--db FILE`, default ./storyline.db."""
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=Path("storyline.db"),
        show_default=True, help="SQLite database holding the story.",
    )(fn)


def settings_options(fn: F) -> F:
    """`--config FILE` and repeated `--set name=value`."""
    fn = click.option(
        "--set", "overrides", multiple=True, metavar="NAME=VALUE",
        help="Override a setting, e.g. --set summary.sentences=7 (see `storyline settings`).",
    )(fn)
    fn = click.option(
        "--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None, help="TOML or JSON settings file.",
    )(fn)
    return fn


def split_option(fn: F) -> F:
    """`--split tune|report|all`: the fixed part of a gold set (see storyline.eval.timex.split_of)."""
    return click.option(
        "--split", type=click.Choice(["tune", "report", "all"]), default="all", show_default=True,
        help="Files by a stable hash of their name: tune (~70%), report (~30%, held out) or all.",
    )(fn)


def json_option(fn: F) -> F:
    """`--json`: print JSON on stdout instead of text."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(fn)


def resolve_settings(config_file: Path | None, overrides: tuple[str, ...]) -> Settings:
    """Settings from the packaged defaults, the file, the environment and --set."""
    return load_settings(file=config_file, overrides=list(overrides))


def open_store(db: Path, *, must_exist: bool = False) -> Store:
    """Open the store, or fail with a one-line message if it must exist and does not."""
    if must_exist and not db.exists():
        raise click.ClickException(f"{db}: no such database; run `storyline ingest` or `storyline build` first")
    return connect(db)


def print_json(data: Any) -> None:
    """Write JSON to stdout (nothing else ever goes to stdout with --json)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


DEBUG_KEY = "storyline.debug"


def debug_enabled(ctx: click.Context) -> bool:
    """Whether `--debug` (or STORYLINE_DEBUG) asked for tracebacks."""
    return bool(ctx.meta.get(DEBUG_KEY))


def error_line(exc: BaseException) -> str:
    """The one-line message of a failure (without the `Error: ` prefix)."""
    import sqlite3

    from storyline.errors import StorylineError

    if isinstance(exc, StorylineError):
        text = str(exc)
    elif isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        text = f"{where}{exc.strerror or exc}"
    elif isinstance(exc, sqlite3.Error):
        text = f"database error: {exc}"
    else:
        text = f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)"
    return one_line(text)


_CONTROL = str.maketrans({i: f"\\x{i:02x}" for i in [*range(0, 32), 127, 0x85] if i != 9})
_CONTROL.update({0x2028: "\\u2028", 0x2029: "\\u2029"})
_CONTROL.update({ord("\n"): "\\n", ord("\r"): "\\r"})


def one_line(text: str) -> str:
    """`text` with newlines and other control characters shown escaped, so it stays one line."""
    return text.translate(_CONTROL)


def on_problem(item: str, reason: str) -> None:
    """One line on stderr per bad item (a newline in a file name is shown as \\n)."""
    click.echo(f"warning: {one_line(item)}: {one_line(reason)}", err=True)


def progress(items: Iterable[T], total: int | None, desc: str) -> Iterable[T]:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    ) as bar:
        task = bar.add_task(desc, total=total)
        for item in items:
            yield item
            bar.advance(task)


def summarise_run(report: Any) -> None:
    """The end-of-run summary line on stderr."""
    bits = [f"{report.added} added"]
    if report.new_versions:
        bits.append(f"{report.new_versions} new versions")
    if report.unchanged:
        bits.append(f"{report.unchanged} unchanged")
    if getattr(report, "restored", 0):
        bits.append(f"{report.restored} restored to an earlier version")
    if getattr(report, "copies", 0):
        bits.append(f"{report.copies} copies of stored texts")
    for reason, count in sorted(getattr(report, "skipped", {}).items()):
        bits.append(f"{count} skipped ({reason})")
    if report.analyzed:
        bits.append(f"{report.analyzed} analysed")
    bits.append(f"{len(report.problems)} problem{'s' if len(report.problems) != 1 else ''}")
    click.echo("storyline: " + ", ".join(bits), err=True)


def exit_code(report: Any) -> int:
    """0 when every item went through, 3 when some items had problems."""
    return EXIT_OK if report.ok else EXIT_PROBLEMS
