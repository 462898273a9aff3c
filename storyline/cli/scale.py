"""`storyline copies` and `storyline stories`: copies of one text, and the stories of a mixed pile."""

from __future__ import annotations

from pathlib import Path

import click

from storyline.cli import _common as c


@click.command()
@c.db_option
@c.json_option
def copies(db: Path, as_json: bool) -> None:
    """List the texts stored more than once (syndicated copies, resends, reprints) with their outlets."""
    from storyline.store import reports

    with c.open_store(db, must_exist=True) as store:
        groups = list(reports.groups(store))
    if as_json:
        c.print_json(groups)
        return
    if not groups:
        click.echo("no copies: every stored document is its own report")
        return
    for g in groups:
        click.echo(f"{g['report']}  {g['title'] or '(no title)'}  ({len(g['copies'])} copies)")
        for cp in g["copies"]:
            where = cp["outlet"] or "(no outlet)"
            click.echo(f"    {cp['document']:>6}  {where}  {cp['published'] or '-'}  {cp['url'] or cp['path']}")


@click.command()
@c.db_option
@c.json_option
def stories(db: Path, as_json: bool) -> None:
    """Split the stored pile into stories (new documents join a story or start one) and list them."""
    from storyline import piles
    from storyline.store import stories as story_store

    with c.open_store(db, must_exist=True) as store:
        run = piles.find_stories(store)
        data = story_store.listing(store)
    if as_json:
        c.print_json(data)
        return
    for s in data:
        span = f"{s['first'] or '?'} .. {s['last'] or '?'}"
        click.echo(f"s{s['id']:<5} {s['documents']:>5} docs  {span:<24}  {s['label']}")
    click.echo(f"storyline: {run.placed} placed, {run.new_stories} new stories, {run.stories} stories", err=True)
