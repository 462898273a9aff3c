"""`storyline timex ...`: the temporal tagger on TimeML files."""

from __future__ import annotations

import click


@click.group(name="timex")
def group() -> None:
    """Tag temporal expressions in TimeML files."""
