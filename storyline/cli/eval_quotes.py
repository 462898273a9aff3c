"""`storyline eval quotes`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from storyline.errors import StorylineError


@click.command(name="quotes")
@click.argument("split_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option("--no-peers", is_flag=True, help="Score storyline only, without textacy.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Score only the first N articles."
)
def command(split_dir: Path, as_json: bool, no_peers: bool, limit: int | None) -> None:
    """Score direct quotes and speakers on a PolNeAR split (text/ + attributions/)."""
    from storyline.eval.quotes import evaluate, format_table

    try:
        result = evaluate(split_dir, peers=not no_peers, limit=limit)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(result, indent=2) if as_json else format_table(result))
