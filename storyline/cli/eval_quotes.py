"""`storyline eval quotes`."""

from __future__ import annotations

import click


@click.command(name="quotes")
def command() -> None:
    """Score quotes (not yet wired)."""
    raise click.ClickException("eval quotes is not available yet")
