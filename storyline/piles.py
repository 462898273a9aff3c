"""Mixed piles: split the stored documents into stories, and pick one to build.

`find_stories` places every document not yet in a story (stages/stories.py) and stores
the result, so a later run only places what is new. `select_story` turns `ID|QUERY`
into a story id; `extract_story` copies one story's documents into their own store,
where the usual `analyze` and exports run on that story alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import NotFound
from storyline.store.db import Store


@dataclass
class StoriesReport:
    """What a `find_stories` run did."""

    placed: int
    new_stories: int
    stories: int


def find_stories(store: Store) -> StoriesReport:
    """Place every unplaced report in a story (joining one or starting one) and store the stories."""
    from storyline.stages.stories import term_counts
    from storyline.store import stories as story_store

    index = story_store.load_index(store)
    before = len(index.stories)
    # Placed as a crawl arrives: by publication date, undated documents last.
    ids = [r["id"] for r in sorted(story_store.unplaced(store), key=lambda r: (r["published"] or "9999", r["id"]))]
    terms: Counter[str] = Counter()
    # Two passes over the new documents, one row at a time: first their terms (so the
    # first documents of a batch are weighed with the batch's frequencies), then placing.
    for i in ids:
        row = store.conn.execute("SELECT title, text FROM documents WHERE id = ?", (i,)).fetchone()
        keys = term_counts(row["text"], row["title"]).keys()
        terms.update(keys)
        index.documents += 1
        index.df.update(keys)
    placed: list[tuple[int, int, float]] = []
    for i in ids:
        row = store.conn.execute("SELECT title, text, published FROM documents WHERE id = ?", (i,)).fetchone()
        day = dt.date.fromisoformat(row["published"]) if row["published"] else None
        sid, sim = index.add(row["text"], day, row["title"], observed=True)
        placed.append((i, sid, round(sim, 4)))
    story_store.save(store, index, placed, terms)
    return StoriesReport(placed=len(placed), new_stories=max(0, len(index.stories) - before),
                         stories=len(index.stories))


def select_story(store: Store, spec: str) -> int:
    """A story id from `ID` (a number, or `s3`) or a QUERY (the story whose documents match it most)."""
    from storyline.store import stories as story_store

    listing = story_store.listing(store)
    m = re.fullmatch(r"s?(\d+)", spec.strip())
    if m:
        wanted = int(m.group(1))
        if any(s["id"] == wanted for s in listing):
            return wanted
        raise NotFound(f"story {spec} is not in {store.path}; `storyline stories` lists them")
    words = [w.lower() for w in re.findall(r"\w+", spec)]
    if not words:
        raise NotFound(f"story query {spec!r} has no words")
    hits: Counter[int] = Counter()
    clause = " AND ".join("(lower(d.text) LIKE ? OR lower(COALESCE(d.title, '')) LIKE ?)" for _ in words)
    args = [a for w in words for a in (f"%{w}%", f"%{w}%")]
    for r in store.conn.execute(
        f"""SELECT m.story_id FROM documents d JOIN story_members m ON m.document_id = d.id
            WHERE d.current = 1 AND {clause}""",
        args,
    ):
        hits[r[0]] += 1
    if not hits:
        raise NotFound(f"no story has documents matching {spec!r}; `storyline stories` lists them")
    return min(hits, key=lambda sid: (-hits[sid], sid))


def story_db(db: Path | str, story_id: int) -> Path:
    """Where `build --story` keeps one story's own store: beside the pile's (`pile-story-3.db`)."""
    path = Path(db)
    return path.with_name(f"{path.stem}-story-{story_id}{path.suffix or '.db'}")


def extract_story(pile: Store, story_id: int, target: Store) -> int:
    """Copy one story's documents (with their removed lines and reports) into `target`; return how many."""
    from storyline.store import stories as story_store

    ids = story_store.members(pile, story_id)
    new_id: dict[int, int] = {}
    for i in ids:
        row = pile.conn.execute("SELECT * FROM documents WHERE id = ?", (i,)).fetchone()
        if target.conn.execute("SELECT 1 FROM documents WHERE raw_hash = ?", (row["raw_hash"],)).fetchone():
            continue
        cols = [c for c in row.keys() if c not in ("id", "analyzed_with", "report_id", "ingested_at")]  # noqa: SIM118 (a Row iterates values)
        with target.atomic() as conn:
            cur = conn.execute(
                f"INSERT INTO documents({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [row[c] for c in cols],
            )
            new_id[i] = int(cur.lastrowid or 0)
            conn.executemany(
                "INSERT INTO removed_lines(document_id, line_no, text, reason) VALUES (?, ?, ?, ?)",
                [
                    (new_id[i], r[0], r[1], r[2])
                    for r in pile.conn.execute(
                        "SELECT line_no, text, reason FROM removed_lines WHERE document_id = ?", (i,)
                    )
                ],
            )
            fp = pile.conn.execute(
                "SELECT size, day, hashvalues FROM copy_fingerprints WHERE document_id = ?", (i,)
            ).fetchone()
            if fp is not None:
                conn.execute(
                    "INSERT INTO copy_fingerprints(document_id, size, day, hashvalues) VALUES (?, ?, ?, ?)",
                    (new_id[i], fp[0], fp[1], fp[2]),
                )
    # Copies keep pointing at their report inside the story's own store.
    with target.atomic() as conn:
        for i in ids:
            if i not in new_id:
                continue
            report = pile.conn.execute("SELECT report_id FROM documents WHERE id = ?", (i,)).fetchone()[0]
            conn.execute("UPDATE documents SET report_id = ? WHERE id = ?", (new_id.get(report, new_id[i]), new_id[i]))
    return len(new_id)
