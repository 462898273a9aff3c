"""`storyline eval timex`."""

from __future__ import annotations

import click


@click.command(name="timex")
def command() -> None:
    """Score timex (not yet wired)."""
    raise click.ClickException("eval timex is not available yet")
