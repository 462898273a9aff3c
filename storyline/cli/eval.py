"""`storyline eval ...`: scoring harnesses on gold data."""

from __future__ import annotations

import click

from storyline.cli.eval_cast import command as cast_command
from storyline.cli.eval_dct import command as dct_command
from storyline.cli.eval_extraction import command as extraction_command
from storyline.cli.eval_quotes import command as quotes_command
from storyline.cli.eval_scale import copies_command, stories_command
from storyline.cli.eval_timex import command as timex_command


@click.group(name="eval")
def group() -> None:
    """Score storyline (and peers) on gold-annotated data."""


group.add_command(timex_command)
group.add_command(quotes_command)
group.add_command(cast_command)
group.add_command(dct_command)
group.add_command(copies_command)
group.add_command(stories_command)
group.add_command(extraction_command)
