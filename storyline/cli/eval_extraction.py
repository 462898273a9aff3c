"""`storyline eval extraction`: snippet scores of page extraction, storyline beside its peers."""

from __future__ import annotations

import json
from pathlib import Path

import click

from storyline.cli._common import split_option


@click.command(name="extraction")
@click.argument("directory", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@split_option
@click.option(
    "--system", "systems", multiple=True,
    type=click.Choice(["storyline", "trafilatura", "trafilatura precision", "readability-lxml"]),
    help="Score only this extractor (repeatable); default all.",
)
@click.option("--details", is_flag=True, help="With --json, list each page's missed and kept snippets.")
def command(directory: Path, as_json: bool, split: str, systems: tuple[str, ...], details: bool) -> None:
    """Score main-text extraction on the evaldata*.json pages under DIRECTORY (trafilatura's counting)."""
    from storyline.eval import extraction

    pages = extraction.split_pages(extraction.load_pages(directory), split)
    if not pages:
        raise click.ClickException(f"{directory}: no pages in split {split!r}")
    result = extraction.evaluate(pages, systems or extraction.SYSTEMS, details=details and as_json)
    result["split"] = split
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(
        f"{result['pages']} pages, split {split}, {result['snippets']['with']} with / "
        f"{result['snippets']['without']} without snippets"
    )
    click.echo(extraction.format_table(result))
