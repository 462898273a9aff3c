"""story.json, story.md and story.html written together, in one pass over the story's sections.

The three files give the sections in different orders (the JSON: documents, cast,
quotes, events, key timeline, timeline, summary; the pages: summary, key timeline,
timeline, cast, quotes, then the documents), so written one after another they read
every section three times, and the documents up to nine times (labels, title, copy
count and list on each page). Here each section is read once and handed to the three
writers as it is read: the pages are written in their order; the JSON parts that come
after the documents in the JSON but are read before them (the timeline, the cast and
the quote book) are encoded as they are read into temporary files (on disk, so the story
is never held whole) and copied into place after the documents. The documents are read
twice: their heads (no texts) for the pages' labels, title and copy count, then whole,
once, for the three files.

The bytes are those of `json_parts`, `render.markdown_parts` and `render.html_parts`.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from storyline.export import render
from storyline.export.files import Output, atomic_outputs
from storyline.export.story import StoredStory, encoded

NAMES = ("story.json", "story.md", "story.html")
"""The files written, in the order `write_story_files` returns them."""

def write_story_files(data: Mapping[str, Any], out: Path) -> list[Path]:
    """Write `NAMES` into the existing folder `out` from the story `data` (a dict, or a
    `StoredStory` reading its sections from the store), each file whole or not at all."""
    targets = [out / name for name in NAMES]
    with atomic_outputs(targets) as (js, md, page):
        _write(data, js, md, page, out)
    return targets


class _JsonList:
    """A JSON list written item by item, as `story.json_parts` encodes a top-level list."""

    def __init__(self, out: Output | IO[str], enc: json.JSONEncoder, indent: str = "\n  ") -> None:
        self._out, self._enc, self._indent = out, enc, indent
        self._started = False

    def add(self, item: Any) -> None:
        self._out.write(f"{',' if self._started else '['}{self._indent}  ")
        self._started = True
        for piece in encoded(self._enc, item, self._indent + "  "):
            self._out.write(piece)

    def close(self) -> None:
        self._out.write(f"{self._indent}]" if self._started else "[]")


def _spool(folder: Path) -> IO[str]:
    # Anonymous (gone when closed, or if the process dies), beside the outputs.
    return tempfile.TemporaryFile("w+", encoding="utf-8", dir=folder)


def _each(
    items: Iterable[Mapping[str, Any]],
    js: _JsonList,
    md: Output,
    page: Output,
    md_item: Callable[[Mapping[str, Any]], str],
    html_item: Callable[[Mapping[str, Any]], str],
) -> None:
    """One listed section (the cast, the quote book): each item to the three writers as it is read."""
    for item in items:
        md.write(md_item(item))
        page.write(html_item(item))
        js.add(item)
    js.close()


def _write(data: Mapping[str, Any], js: Output, md: Output, page: Output, folder: Path) -> None:
    enc = json.JSONEncoder(ensure_ascii=False, indent=2)
    heads: Iterable[Mapping[str, Any]] = data.heads() if isinstance(data, StoredStory) else data["documents"]
    labels, title, counts = render.document_facts(heads)
    md.write(f"# {render.md(title)}\n\n")
    page.write(render.html_head(title))

    summary = data["summary"]
    md.writelines(render.md_summary(summary))
    page.writelines(render.html_summary(summary, labels))
    key = data.get("key_timeline")
    if key:
        md.writelines(render.md_key_timeline(key))
        page.writelines(render.html_key_timeline(key, labels))

    spools: dict[str, IO[str]] = {}
    try:
        timeline = data["timeline"]
        md.writelines(render.md_timeline(timeline, bool(key)))
        page.writelines(render.html_timeline(timeline, labels, bool(key)))
        spools["timeline"] = _spool(folder)
        spools["timeline"].writelines(encoded(enc, timeline, "\n  "))
        del timeline

        md.write(render.MD_CAST_HEAD)
        page.write(render.HTML_CAST_HEAD)
        spools["entities"] = _spool(folder)
        _each(data["entities"], _JsonList(spools["entities"], enc), md, page,
              render.md_entity, render.html_entity)

        md.write(render.MD_QUOTES_HEAD)
        page.write(render.HTML_QUOTES_HEAD)
        spools["quotes"] = _spool(folder)
        _each(data["quotes"], _JsonList(spools["quotes"], enc), md, page,
              render.md_quote, lambda q: render.html_quote(q, labels))

        md.write(render.md_sources_head(counts))
        page.write(render.html_sources_head(counts))
        opened = False
        for name in data:
            js.write(f"{',' if opened else '{'}\n  {enc.encode(name)}: ")
            opened = True
            if name == "documents":
                items = _JsonList(js, enc)
                for d in data["documents"]:
                    md.write(render.md_source(d, labels))
                    page.writelines(render.html_source(d, labels))
                    items.add(d)
                items.close()
            elif name in spools:
                js.append_from(spools[name])
            else:
                value = summary if name == "summary" else key if name == "key_timeline" else data[name]
                js.writelines(encoded(enc, value, "\n  "))
        js.write("\n}\n" if opened else "{}\n")
        page.write(render.HTML_END)
    finally:
        for spool in spools.values():
            spool.close()
