"""The `storyline` command line: parses options, calls the library, prints results."""

from __future__ import annotations

import sys
from typing import Any

import click

from storyline.cli import build as build_cli
from storyline.cli import eval as eval_cli
from storyline.cli import query as query_cli
from storyline.cli import serve as serve_cli
from storyline.cli import timex as timex_cli
from storyline.errors import StorylineError


class _Group(click.Group):
    """A group that turns library errors into one-line `Error: ...` messages (exit 1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StorylineError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("Interrupted; documents already stored are kept.", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storyline")
def main() -> None:
    """storyline: turn raw news articles about one story into a sourced account.

    Exit codes: 0 success, 1 error, 2 usage error, 3 finished with problem items.
    """


for command in (
    build_cli.build,
    build_cli.ingest,
    build_cli.analyze,
    query_cli.timeline,
    query_cli.cast,
    query_cli.quotes,
    query_cli.search,
    query_cli.export,
    query_cli.settings,
    serve_cli.serve,
    eval_cli.group,
    timex_cli.group,
):
    main.add_command(command)


def _same_help_option(group: click.Group) -> None:
    # Every command answers -h and --help, also when invoked on its own (tests, the
    # docs generator); click otherwise caches a bare --help on a command run alone.
    for cmd in group.commands.values():
        cmd.context_settings.setdefault("help_option_names", ["-h", "--help"])
        if isinstance(cmd, click.Group):
            _same_help_option(cmd)


_same_help_option(main)
