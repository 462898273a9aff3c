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


@click.command(name="stories")
@click.option("--data", type=click.Path(exists=True, file_okay=False, path_type=Path), default=DATA,
              show_default=True, help="The shared data folder (ECB+, Timeline17 tune topics, Reuters-21578).")
@click.option("--topics", default="all", show_default=True,
              help="ECB+ topics clustered together: 1-22 (tuning), 23-35 (report), all, or a list like 1,3,5-7.")
@click.option("--noise", default=2000, show_default=True, help="Reuters stories mixed into Timeline17 (0 to skip).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
def stories_command(data: Path, topics: str, noise: int, as_json: bool) -> None:
    """Score story clustering: B-cubed on ECB+ sub-topic events and on Timeline17 mixed with Reuters."""
    from storyline.eval import cast
    from storyline.eval import stories as ev

    result: dict[str, object] = {"ecbplus": ev.ecbplus(data / "ecbplus" / "ECB+-topics-1-35.zip",
                                                       cast.parse_topics(topics))}
    if noise:
        result["timeline17_with_noise"] = ev.t17_with_noise(data, noise)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    e = result["ecbplus"]
    assert isinstance(e, dict)
    click.echo(f"ECB+ topics {topics}: {e['documents']} documents, {e['gold_stories']} gold events, "
               f"{e['stories']} stories; B-cubed P {e['precision']:.3f} R {e['recall']:.3f} F1 {e['f1']:.3f}")
    if noise:
        t = result["timeline17_with_noise"]
        assert isinstance(t, dict)
        click.echo(f"Timeline17 tune + {t['noise']} Reuters: {t['documents']} documents, {t['stories']} stories")
        for part in ("all", "timeline17_only"):
            s = t[part]
            click.echo(f"  {part:<16} B-cubed P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
        click.echo(f"  Reuters stories placed in a Timeline17 story: {t['noise_in_timeline17_stories']}")
        click.echo(f"  clustering CPU: {t['cpu_seconds_per_1000']:.2f} s per 1,000 documents")
