"""`storyline eval tls`: score timelines on Timeline17-style topics with tilse."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command(name="tls")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--topics", default="", help="Comma-separated topic folder names (default: every topic).")
@click.option("--systems", default="storyline,most-mentioned,random", show_default=True,
              help="Comma-separated systems to score.")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=Path(".tls-cache"),
              show_default=True, help="Folder for the built topic databases (reused while up to date).")
@click.option("--undated", is_flag=True, help="Withhold every publication date: the story must infer them.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
def command(directory: Path, topics: str, systems: str, cache: Path, undated: bool, as_json: bool) -> None:
    """Build each topic under DIRECTORY and score storyline and two baselines against its gold timelines."""
    from storyline.eval.tls import evaluate, format_table

    names = [t.strip() for t in topics.split(",") if t.strip()]
    chosen = [s.strip() for s in systems.split(",") if s.strip()]
    result = evaluate(directory, topics=names, cache=cache, systems=chosen, with_dates=not undated,
                      on_topic=lambda name: click.echo(f"topic {name}", err=True))
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(format_table(result))
