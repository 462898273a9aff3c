"""Docs and code in step: the CLI reference is generated from --help and must match."""

from __future__ import annotations

import os
from pathlib import Path

import click
from click.testing import CliRunner

from storyline.cli import main

ROOT = Path(__file__).parent.parent
CLI_DOC = ROOT / "docs" / "cli.md"

HEADER = """# Command-line reference

Generated from `--help` by `UPDATE_DOCS=1 pytest tests/test_docs.py`; a test fails when it
is out of date.

Exit codes: 0 success; 1 error (one line `Error: ...` on stderr); 2 usage error;
3 the run finished but some items had problems (each named on stderr as
`warning: <item>: <reason>`, and kept in the `failures` table).
"""


def _commands(group: click.Group, prefix: list[str]) -> list[list[str]]:
    out = [prefix]
    for name in sorted(group.commands):
        cmd = group.commands[name]
        if isinstance(cmd, click.Group):
            out += _commands(cmd, [*prefix, name])
        else:
            out.append([*prefix, name])
    return out


def generate() -> str:
    """The CLI reference as Markdown."""
    runner = CliRunner()
    parts = [HEADER]
    for path in _commands(main, []):
        result = runner.invoke(main, [*path, "--help"], terminal_width=90)
        assert result.exit_code == 0, result.output
        title = " ".join(["storyline", *path])
        parts.append(f"## `{title}`\n\n```\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def test_cli_reference_is_current() -> None:
    text = generate()
    if os.environ.get("UPDATE_DOCS"):
        CLI_DOC.write_text(text, encoding="utf-8")
    assert CLI_DOC.read_text(encoding="utf-8") == text, "run UPDATE_DOCS=1 pytest tests/test_docs.py"


def test_every_command_has_help() -> None:
    for path in _commands(main, [])[1:]:
        cmd: click.Command = main
        for name in path:
            assert isinstance(cmd, click.Group)
            cmd = cmd.commands[name]
        assert cmd.help and cmd.help.strip(), " ".join(path)
