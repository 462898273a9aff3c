"""The `storyline` command line: parses options, calls the library, prints results."""

from __future__ import annotations

import sys
from typing import Any

import click

from storyline.cli import _common as c
from storyline.cli import build as build_cli
from storyline.cli import clean as clean_cli
from storyline.cli import eval as eval_cli
from storyline.cli import query as query_cli
from storyline.cli import scale as scale_cli
from storyline.cli import serve as serve_cli
from storyline.cli import timex as timex_cli


class _Group(click.Group):
    """A group that turns every failure into one line `Error: ...` (exit 1).

    Library errors carry their own message; an OS or SQLite error names the file and
    reason; anything else is a bug, reported in one line too. `--debug` (or
    STORYLINE_DEBUG=1) shows the traceback instead.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted; documents already stored are kept.", err=True)
            sys.exit(130)
        except Exception as exc:
            if c.debug_enabled(ctx):
                raise
            raise click.ClickException(c.error_line(exc)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storyline")
@click.option("--debug", is_flag=True, envvar="STORYLINE_DEBUG",
              help="Show the traceback of an error instead of one line.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """storyline: turn raw news articles about one story into a sourced account.

    Exit codes: 0 success, 1 error, 2 usage error, 3 finished with problem items.
    """
    ctx.meta[c.DEBUG_KEY] = debug


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
    clean_cli.command,
    timex_cli.group,
    scale_cli.copies,
    scale_cli.stories,
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
