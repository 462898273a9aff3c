"""`storyline eval cast`: score cross-document entity linking on ECB+."""

from __future__ import annotations

import json
from pathlib import Path

import click

from storyline.errors import StorylineError


@click.command(name="cast")
@click.argument("root", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--topics", default="23-35", show_default=True,
              help="Topics to run: 1-22 (tuning), 23-35 (report), all, or a list like 1,3,5-7.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
def command(root: Path | None, topics: str, as_json: bool) -> None:
    """Score the cast on ECB+ entity chains. ROOT: the ECB+ zip or its topic folders."""
    from storyline.eval import cast

    try:
        result = cast.evaluate(root, cast.parse_topics(topics))
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    if not result["topics"]:
        raise click.ClickException(f"{root}: no ECB+ topic folders for topics {topics}")
    click.echo(json.dumps(result, indent=2) if as_json else cast.format_table(result))
