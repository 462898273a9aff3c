"""`storyline eval cast`."""

from __future__ import annotations

import click


@click.command(name="cast")
def command() -> None:
    """Score cast (not yet wired)."""
    raise click.ClickException("eval cast is not available yet")
