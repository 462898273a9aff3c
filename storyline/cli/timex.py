"""`storyline timex ...`: the temporal tagger on TimeML files."""

from __future__ import annotations

import click

from storyline.errors import StorylineError


@click.group(name="timex")
def group() -> None:
    """Tag temporal expressions in TimeML files."""


@group.command(name="annotate")
@click.argument("in_dir", type=click.Path(exists=True, file_okay=True, dir_okay=True))
@click.argument("out_dir", type=click.Path(file_okay=False))
def annotate(in_dir: str, out_dir: str) -> None:
    """Write each .tml file under IN_DIR to OUT_DIR with storyline's TIMEX3 tags in its TEXT."""
    from storyline.timeml import annotate_dir

    try:
        n = annotate_dir(in_dir, out_dir)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{n} files written to {out_dir}")
