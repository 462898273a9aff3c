"""`storyline eval dct`: score publication-date inference on TimeML files or on a story."""

from __future__ import annotations

import json
from pathlib import Path

import click

from storyline.cli._common import split_option


@click.command(name="dct")
@click.argument("directory", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@split_option
@click.option(
    "--parse", is_flag=True, help="Parse each text with spaCy so tense comes from the parse."
)
@click.option("--details", is_flag=True, help="With --json, include one row per file.")
@click.option(
    "--story",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A story folder: hide each dated document's date in turn and infer it from the rest.",
)
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="With --story: the manifest CSV (file, published); default STORY/manifest.csv.",
)
def command(
    directory: Path | None,
    as_json: bool,
    split: str,
    parse: bool,
    details: bool,
    story: Path | None,
    manifest: Path | None,
) -> None:
    """Hide the DCT of the TimeML files under DIRECTORY (or of a --story's documents) and score it."""
    from storyline.eval.dct import evaluate, evaluate_story, format_table, split_paths

    if story is not None:
        if manifest is None and not (story / "manifest.csv").exists():
            raise click.ClickException(f"no manifest.csv in {story}; pass --manifest")
        result = evaluate_story(story, manifest)
        name = story.name
    else:
        if directory is None:
            raise click.UsageError("give a DIRECTORY of TimeML files or --story DIR")
        paths = split_paths([directory], split)
        if not paths:
            raise click.ClickException(f"no .tml files in {directory} for split {split!r}")
        parser = None
        if parse:
            from storyline import nlp

            parser = nlp.load()
        result = evaluate(paths, parse=parser)
        name = split
    if as_json:
        if not details:
            result.pop("documents")
        if story is None:
            result["split"] = split
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(format_table({name: result}))
