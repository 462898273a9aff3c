"""The `storyline` command line: parses options, calls the library, prints results."""

from __future__ import annotations

import click

from storyline.cli import eval as eval_cli
from storyline.cli import timex as timex_cli


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storyline")
def main() -> None:
    """storyline: turn raw news articles about one story into a sourced account."""


main.add_command(eval_cli.group)
main.add_command(timex_cli.group)
