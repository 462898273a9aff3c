"""Exporting stored documents with their temporal expressions as TimeML files."""

from __future__ import annotations

import html
from pathlib import Path

from storyline.export.files import ensure_folder, write_text_atomic
from storyline.models import Timex
from storyline.store import repo
from storyline.store.db import Store
from storyline.timeml import render_text


def document_timeml(docid: str, dct: str | None, text: str, timexes: list[Timex]) -> str:
    """One document as TimeML 1.2: DOCID, DCT as t0, and TEXT with TIMEX3 tags."""
    # Escape the text first, then shift the offsets by what escaping added before each.
    escaped: list[str] = []
    shift = [0] * (len(text) + 1)
    total = 0
    for i, ch in enumerate(text):
        shift[i] = total
        piece = html.escape(ch, quote=False)
        escaped.append(piece)
        total += len(piece) - 1
    shift[len(text)] = total
    moved = [
        Timex(t.start + shift[t.start], t.end + shift[t.end], html.escape(t.text, quote=False), t.type,
              t.value, t.anchor, t.mod, t.rule)
        for t in timexes
    ]
    body = render_text("".join(escaped), moved)
    dct_tag = (
        f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" temporalFunction="false" '
        f'functionInDocument="CREATION_TIME">{dct}</TIMEX3></DCT>'
        if dct
        else "<DCT></DCT>"
    )
    return (
        '<?xml version="1.0" ?>\n<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"<DOCID>{html.escape(docid)}</DOCID>\n{dct_tag}\n<TEXT>{body}</TEXT>\n</TimeML>\n"
    )


def export_timeml(store: Store, out_dir: Path) -> int:
    """Write one `<doc id>.tml` per current document into `out_dir`; return the count."""
    ensure_folder(out_dir)
    n = 0
    for row in repo.iter_documents(store):
        key = repo.doc_key(row["id"])
        content = document_timeml(key, row["published"], row["text"], repo.timexes(store, row["id"]))
        target = out_dir / f"{key}.tml"
        write_text_atomic(target, content)
        n += 1
    return n
