"""Migration 9: a pile whose stories were stored before stories.v2 keeps them and goes on."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from storyline import piles
from storyline.stages import stories
from storyline.store import migrations
from storyline.store import stories as story_store
from storyline.store.db import Store, connect

REHAB_A = [
    "Actress Dana Kerrow checked into the Promises rehab clinic in Malibu on Friday, her publicist said."
    " Kerrow asked for privacy for her family. Kerrow has struggled with alcohol, the publicist said.",
    "Dana Kerrow entered the Promises clinic in Malibu for treatment, a representative for the actress"
    " confirmed. Kerrow asked fans for privacy while she is treated for alcohol.",
]
LATER_A = ("The publicist of Dana Kerrow said the actress is doing well at the Promises rehab clinic in Malibu"
           " and thanked fans for respecting the privacy of Kerrow and her family.")
LATER_B = ("Actor Miles Ardent checked into the Harbor House rehab clinic in Malibu on Friday, his publicist said."
           " Ardent asked for privacy for his family. Ardent has struggled with alcohol, the publicist said.")


def _insert(conn: sqlite3.Connection, path: str, text: str) -> int:
    digest = hashlib.sha256(text.encode()).hexdigest()
    cur = conn.execute(
        "INSERT INTO documents(path, raw_hash, content_hash, text) VALUES (?, ?, ?, ?)", (path, digest, digest, text)
    )
    return int(cur.lastrowid or 0)


def _pile_before_v2(path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """A pile as stories.v1 left it: schema up to migration 8, one story of two undated reports."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    with monkeypatch.context() as m:
        m.setattr(migrations, "MIGRATIONS", [x for x in migrations.MIGRATIONS if x[0] < 9])
        migrations.migrate(conn)
    assert "names" not in {r[1] for r in conn.execute("PRAGMA table_info(stories)")}
    index = stories.StoryIndex()
    ids = []
    with Store(conn, str(path)).atomic() as c:
        for i, text in enumerate(REHAB_A):
            ids.append(_insert(c, f"a{i}.txt", text))
            index.add(text)
        story = index.stories[1]
        # The row as stories.v1 wrote it: no names.
        c.execute("INSERT INTO stories(id, label, size, first, last, centroid) VALUES (1, ?, 2, NULL, NULL, ?)",
                  (story.label, json.dumps(story.centroid)))
        c.executemany("INSERT INTO story_members(document_id, story_id, similarity) VALUES (?, 1, 1.0)",
                      [(i,) for i in ids])
        c.executemany("INSERT INTO story_terms(term, df) VALUES (?, ?)", sorted(index.df.items()))
    conn.close()
    return {"label": story.label, "centroid": story.centroid, "members": ids}


def test_stories_stored_before_v2_are_kept_get_their_names_and_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "pile.db"
    before = _pile_before_v2(path, monkeypatch)
    store = connect(path)
    assert 9 in migrations.applied(store.conn)
    # Nothing stored is lost: the story, its members, its centroid and the term counts.
    row = store.conn.execute("SELECT * FROM stories WHERE id = 1").fetchone()
    assert (row["label"], row["size"], json.loads(row["centroid"]), row["names"]) == (
        before["label"], 2, before["centroid"], None)
    assert story_store.members(store, 1) == before["members"]
    assert store.conn.execute("SELECT COUNT(*) FROM story_terms").fetchone()[0] > 0
    # Loading reads the missing names from the story's documents.
    index = story_store.load_index(store)
    assert index.stories[1].names["kerrow"] == (2, 5) and index.stories[1].names["promises"] == (2, 2)
    # A later run places the new documents against the upgraded story: the same stay
    # joins it; another stay told in the same words starts its own story.
    with store.atomic() as c:
        later_a = _insert(c, "a2.txt", LATER_A)
        later_b = _insert(c, "b0.txt", LATER_B)
    run = piles.find_stories(store)
    assert (run.placed, run.new_stories) == (2, 1)
    assert story_store.members(store, 1) == [*before["members"], later_a]
    listed = {tuple(s["members"]) for s in story_store.listing(store)}
    assert listed == {tuple(f"d{i}" for i in (*before["members"], later_a)), (f"d{later_b}",)}
    # The upgraded story's names are stored now, with the new report's.
    names = json.loads(store.conn.execute("SELECT names FROM stories WHERE id = 1").fetchone()[0])
    assert names["kerrow"] == [3, 7]
    store.close()
