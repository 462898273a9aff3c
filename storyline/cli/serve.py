"""`storyline serve`: browse the stored story in a local, read-only web app."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from storyline.cli import _common as c


@click.command()
@c.db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; anything but this machine's loopback exposes the story to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--get", "get_path", metavar="PATH", default=None,
              help="Print the response to one GET request (e.g. /api/timeline) and exit, without opening a port.")
@c.settings_options
def serve(db: Path, host: str, port: int, get_path: str | None, config_file: Path | None,
          overrides: tuple[str, ...]) -> None:
    """Serve the story read-only at http://HOST:PORT/: story, timeline, cast, quotes, documents, outlets, search."""
    from storyline.web.app import create_app, fetch, is_loopback, pretty

    settings = c.resolve_settings(config_file, overrides)
    app = create_app(db, settings, host=host)
    if get_path is not None:
        if not get_path.startswith("/"):
            raise click.BadParameter("must start with /", param_hint="--get")
        status, body = fetch(app, get_path)
        click.echo(pretty(body))
        if status >= 400:
            sys.exit(c.EXIT_ERROR)
        return
    if not is_loopback(host):
        c.on_problem(f"--host {host}", "serving beyond this machine: anyone who can reach it can read the story")
    import uvicorn

    click.echo(f"Serving {db} read-only at http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
