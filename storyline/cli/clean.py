"""`storyline clean FILE`: clean one input without storing it; `--explain` shows each line's fate."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from storyline.errors import InputError
from storyline.models import RawDocument


@click.command(name="clean")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--explain", is_flag=True, help="Show every line with keep, or the reason and confidence of its removal.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def command(file: Path, explain: bool, as_json: bool) -> None:
    """Clean FILE (text, HTML, JSON) as ingest would and print the article, or why each line went."""
    from storyline.stages import clean, read

    for raw in read.iter_inputs([file]):
        if isinstance(raw, InputError):
            raise raw
        if not isinstance(raw, RawDocument):  # records a crawl passes over
            continue
        result = clean.explain(raw)
        if not result.cleaned.text.strip():
            # The decisions are still worth seeing; ingest would refuse the document.
            click.echo(f"warning: {raw.path}: no article text left after cleaning", err=True)
        if as_json:
            data = {
                "item": result.item,
                "metadata": {k: str(v) if v is not None and not isinstance(v, (str, list, dict)) else v
                             for k, v in result.metadata.items()},
                "title": result.cleaned.title,
                "byline": result.cleaned.byline,
                "text": result.cleaned.text,
                "lines": [dataclasses.asdict(d) for d in result.lines],
            }
            click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        elif explain:
            click.echo(clean.format_explanation(result))
        else:
            title = result.metadata.get("title") or result.cleaned.title
            click.echo((f"{title}\n\n" if title else "") + result.cleaned.text)
