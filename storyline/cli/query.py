"""`storyline timeline`, `cast`, `quotes`, `search`, `export`, `settings`: reading the story."""

from __future__ import annotations

import json
from pathlib import Path

import click

from storyline.cli import _common as c
from storyline.config import Settings, help_texts
from storyline.export import render
from storyline.export import story as story_export
from storyline.export.files import write_text_atomic
from storyline.store.search import search as fts_search


@click.command()
@c.db_option
@c.settings_options
@c.json_option
def timeline(db: Path, config_file: Path | None, overrides: tuple[str, ...], as_json: bool) -> None:
    """Print the dated timeline, each line citing its documents."""
    settings = c.resolve_settings(config_file, overrides)
    with c.open_store(db, must_exist=True) as store:
        data = story_export.timeline(store, settings)
    if as_json:
        c.print_json(data)
    else:
        click.echo(render.timeline_text(data))


@click.command()
@c.db_option
@c.json_option
def cast(db: Path, as_json: bool) -> None:
    """Print the people, organisations and places of the story with their other names."""
    with c.open_store(db, must_exist=True) as store:
        data = story_export.entities(store)
    if as_json:
        c.print_json(data)
        return
    for ent in data:
        aliases = ", ".join(a for a in ent["aliases"] if a != ent["name"])
        roles = f" [{'; '.join(ent['roles'])}]" if ent.get("roles") else ""
        click.echo(f"{ent['id']:>5}  {ent['name']} ({ent['type']}, {ent['mentions']} mentions){roles}")
        if aliases:
            click.echo(f"       also: {aliases}")


@click.command()
@click.option("--speaker", default=None, help="Only what this person (name, alias or entity id) said.")
@c.db_option
@c.settings_options
@c.json_option
def quotes(speaker: str | None, db: Path, config_file: Path | None, overrides: tuple[str, ...],
           as_json: bool) -> None:
    """Print who said what, in date order, with citations."""
    settings = c.resolve_settings(config_file, overrides)
    with c.open_store(db, must_exist=True) as store:
        data = story_export.quotes(store, settings, speaker=speaker)
    if as_json:
        c.print_json(data)
        return
    for q in data:
        who = q["speaker_name"] or "unattributed"
        kind = " (paraphrase)" if q["kind"] == "indirect" else ""
        click.echo(f"{q['published'] or '????-??-??'}  {who}{kind}: “{q['text']}” [{q['document']}]")


MAX_HITS = 1_000_000


@click.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Most hits to show.")
@c.db_option
@c.json_option
def search(query: str, limit: int, db: Path, as_json: bool) -> None:
    """Full-text search over the sentences of the story."""
    with c.open_store(db, must_exist=True) as store:
        # SQLite integers stop at 2**63; no story has more sentences than this anyway.
        hits = fts_search(store, query, limit=min(limit, MAX_HITS))
    if as_json:
        c.print_json([h.__dict__ for h in hits])
        return
    for h in hits:
        click.echo(f"[{h.document}] {h.snippet}")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["json", "markdown", "html", "timeml"]), default="json",
              show_default=True)
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Output file (a folder for --format timeml).")
@c.db_option
@c.settings_options
def export(fmt: str, out: Path, db: Path, config_file: Path | None, overrides: tuple[str, ...]) -> None:
    """Export the story as JSON, Markdown, a self-contained HTML page, or TimeML files."""
    settings = c.resolve_settings(config_file, overrides)
    with c.open_store(db, must_exist=True) as store:
        if fmt == "timeml":
            from storyline.export.timeml import export_timeml

            n = export_timeml(store, out)
            click.echo(f"wrote {n} TimeML files to {out}", err=True)
            return
        data = story_export.story(store, settings)
    content = {
        "json": lambda: json.dumps(data, ensure_ascii=False, indent=2) + "\n",
        "markdown": lambda: render.markdown(data),
        "html": lambda: render.html_page(data),
    }[fmt]()
    write_text_atomic(out, content)
    click.echo(f"wrote {out}", err=True)


@click.command()
@c.settings_options
@c.json_option
def settings(config_file: Path | None, overrides: tuple[str, ...], as_json: bool) -> None:
    """Print every setting with its resolved value and help."""
    resolved: Settings = c.resolve_settings(config_file, overrides)
    values = resolved.as_dict()
    if as_json:
        c.print_json(values)
        return
    helps = help_texts()
    for name, value in values.items():
        click.echo(f"{name} = {json.dumps(value)}\n    {helps[name]}")
