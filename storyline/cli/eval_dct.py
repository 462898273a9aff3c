"""`storyline eval dct`: score publication-date inference on TimeML files."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command(name="dct")
@click.argument("directory", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option(
    "--split",
    type=click.Choice(["tune", "report", "all"]),
    default="all",
    show_default=True,
    help="Files by stable hash of their name: tune ~70%, report ~30%, or all.",
)
@click.option(
    "--parse", is_flag=True, help="Parse each text with spaCy so tense comes from the parse."
)
@click.option("--details", is_flag=True, help="With --json, include one row per file.")
def command(directory: Path, as_json: bool, split: str, parse: bool, details: bool) -> None:
    """Hide the DCT of the TimeML files under DIRECTORY and score its inference from the text."""
    from storyline.eval.dct import evaluate, format_table, split_paths

    paths = split_paths([directory], split)
    if not paths:
        raise click.ClickException(f"no .tml files in {directory} for split {split!r}")
    parser = None
    if parse:
        from storyline import nlp

        parser = nlp.load()
    result = evaluate(paths, parse=parser)
    if as_json:
        if not details:
            result.pop("documents")
        result["split"] = split
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(format_table({split: result}))
