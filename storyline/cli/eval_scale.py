"""`storyline eval copies` and `storyline eval stories`: copy detection and story clustering scores."""

from __future__ import annotations

import json
from pathlib import Path

import click

DATA = Path("../shared/data")


@click.command(name="copies")
@click.option("--data", type=click.Path(exists=True, file_okay=False, path_type=Path), default=DATA,
              show_default=True, help="The shared data folder (Reuters-21578 and Timeline17 tune topics).")
@click.option("--originals", default=300, show_default=True, help="Originals given a synthetic copy.")
@click.option("--timing-docs", default=5000, show_default=True,
              help="Reuters stories fingerprinted and matched for the time per 1,000 (0 to skip).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
def copies_command(data: Path, originals: int, timing_docs: int, as_json: bool) -> None:
    """Score copy detection: pair precision and recall on hand-labelled and synthetic copy pairs."""
    from storyline.eval import copies

    result = copies.evaluate(data, originals=originals)
    if timing_docs:
        result["timing"] = copies.timing(data, docs=timing_docs)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"{result['pairs']} labelled pairs ({result['copies']} copies) over {result['texts']} texts")
    click.echo(f"precision {result['precision']:.3f}  recall {result['recall']:.3f}")
    for kind, v in result["by_kind"].items():
        click.echo(f"  {kind:<24} {v['correct']:>4}/{v['pairs']:<4} right")
    if "timing" in result:
        t = result["timing"]
        click.echo(f"{t['seconds_per_1000']:.2f} s per 1,000 articles ({t['cpu_seconds_per_1000']:.2f} s CPU), "
                   f"fingerprint + index lookup, {int(t['docs'])} Reuters stories")
    for e in result["errors"]:
        click.echo(f"  error: {e['kind']}: {e['a']} {e['b']} (gold {'copy' if e['gold'] else 'not a copy'})")
