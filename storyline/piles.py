"""Mixed piles: split the stored documents into stories, and pick one to build.

`find_stories` places every document not yet in a story (stages/stories.py), places the
run's undated documents once more against the stories the run made, and stores the
result, so a later run only places what is new. `select_story` turns `ID|QUERY`
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
from storyline.store import repo
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
    ids = story_store.unplaced_ids(store)
    terms: Counter[str] = Counter()
    # Two passes over the new documents, one row at a time: first their terms (so the
    # first documents of a batch are weighed with the batch's frequencies), then placing.
    for i in ids:
        row = repo.get_document(store, i)
        keys = term_counts(row["text"], row["title"]).keys()
        terms.update(keys)
        index.documents += 1
        index.df.update(keys)
    placed: list[tuple[int, int, float]] = []
    for i in ids:
        row = repo.get_document(store, i)
        day = dt.date.fromisoformat(row["published"]) if row["published"] else None
        sid, sim = index.add(row["text"], day, row["title"], observed=True)
        placed.append((i, sid, round(sim, 4)))
    for position, (sid, sim) in index.settle().items():
        placed[position] = (placed[position][0], sid, round(sim, 4))
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
    hits = story_store.matching(store, words)
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

    return story_store.copy_documents(pile, story_store.members(pile, story_id), target)
