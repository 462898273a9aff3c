"""`storyline eval timex`: TempEval-3 scoring of storyline and peers on TimeML files."""

from __future__ import annotations

import json

import click

from storyline.cli._common import split_option
from storyline.errors import StorylineError


@click.command(name="timex")
@click.argument("directory", type=click.Path(exists=True, file_okay=True, dir_okay=True))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@split_option
@click.option(
    "--peers/--no-peers",
    default=True,
    show_default=True,
    help="Also score dateparser and recognizers.",
)
@click.option("--limit", type=int, default=None, help="Score at most N files (after the split).")
def command(directory: str, as_json: bool, split: str, peers: bool, limit: int | None) -> None:
    """Score temporal expressions (TempEval-3 task A) on the .tml files under DIRECTORY."""
    from storyline.eval import timex as harness

    try:
        files = harness.find_files(directory, split, limit)
        if not files:
            raise click.ClickException(f"{directory}: no .tml files in split {split!r}")
        systems = harness.SYSTEMS if peers else ("storyline",)
        result = harness.evaluate(files, systems)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(harness.summary(result, split), sort_keys=True))
        return
    click.echo(f"{result['files']} files, split {split}")
    click.echo(harness.format_table(result))
