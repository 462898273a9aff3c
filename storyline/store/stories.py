"""Stories of a mixed pile: the persisted state of `stages/stories.py` and its members."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from storyline.stages.stories import Story, StoryIndex, scan
from storyline.store.db import Store


def load_index(store: Store) -> StoryIndex:
    """The story index as the last run left it (a story stored before stories.v2 gets its
    names read from its documents)."""
    index = StoryIndex()
    index.df = Counter({r[0]: r[1] for r in store.conn.execute("SELECT term, df FROM story_terms")})
    index.documents = store.conn.execute("SELECT COUNT(*) FROM story_members").fetchone()[0]
    index.restore(
        Story(
            id=r["id"], centroid=json.loads(r["centroid"]), size=r["size"],
            first=_date(r["first"]), last=_date(r["last"]), label=r["label"],
            names={n: (v[0], v[1]) for n, v in json.loads(r["names"]).items()} if r["names"] is not None
            else _names_of(store, r["id"]),
        )
        for r in store.conn.execute("SELECT * FROM stories ORDER BY id")
    )
    return index


def _names_of(store: Store, story_id: int) -> dict[str, tuple[int, int]]:
    """The names of a story stored before stories.v2 kept them, read again from its reports."""
    names: dict[str, tuple[int, int]] = {}
    for r in store.conn.execute(
        """SELECT d.text, d.title FROM documents d JOIN story_members m ON m.document_id = d.id
           WHERE m.story_id = ? ORDER BY d.id""",
        (story_id,),
    ):
        for n, c in scan(r["text"], r["title"]).names.items():
            reports, mentions = names.get(n, (0, 0))
            names[n] = (reports + 1, mentions + c)
    return names


def unplaced_ids(store: Store) -> list[int]:
    """Current documents in no story yet, reports only (a copy follows its report), by
    publication date (undated last), as a crawl arrives."""
    return [
        r[0]
        for r in store.conn.execute(
            """SELECT d.id FROM documents d
               LEFT JOIN story_members m ON m.document_id = d.id
               WHERE d.current = 1 AND m.document_id IS NULL
                 AND (d.report_id IS NULL OR d.report_id = d.id
                      OR NOT EXISTS (SELECT 1 FROM documents r WHERE r.id = d.report_id AND r.current = 1))
               ORDER BY COALESCE(d.published, '9999'), d.id"""
        )
    ]


def matching(store: Store, words: list[str]) -> Counter[int]:
    """How many current documents of each story contain every one of `words` (title or text)."""
    hits: Counter[int] = Counter()
    clause = " AND ".join("(lower(d.text) LIKE ? OR lower(COALESCE(d.title, '')) LIKE ?)" for _ in words)
    args = [a for w in words for a in (f"%{w}%", f"%{w}%")]
    for r in store.conn.execute(
        f"""SELECT m.story_id FROM documents d JOIN story_members m ON m.document_id = d.id
            WHERE d.current = 1 AND {clause}""",
        args,
    ):
        hits[r[0]] += 1
    return hits


def copy_documents(pile: Store, ids: list[int], target: Store) -> int:
    """Copy documents (with removed lines, fingerprints and reports) from `pile` into `target`."""
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
    # Copies keep pointing at their report inside the target store.
    with target.atomic() as conn:
        for i, new in new_id.items():
            report = pile.conn.execute("SELECT report_id FROM documents WHERE id = ?", (i,)).fetchone()[0]
            conn.execute("UPDATE documents SET report_id = ? WHERE id = ?", (new_id.get(report, new), new))
    return len(new_id)


def save(store: Store, index: StoryIndex, placed: list[tuple[int, int, float]], terms: Counter[str]) -> None:
    """Store newly placed documents, the stories they changed and the new term counts, in one transaction."""
    placed = [(doc, index.story_of(sid), sim) for doc, sid, sim in placed]
    changed = (
        {sid for _, sid, _ in placed} | {index.story_of(s) for s in index.merged}
        | {index.story_of(s) for s in index.touched}
    ) - index.dropped
    with store.atomic() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO story_members(document_id, story_id, similarity) VALUES (?, ?, ?)", placed
        )
        for gone in sorted(index.merged):
            conn.execute("UPDATE story_members SET story_id = ? WHERE story_id = ?", (index.story_of(gone), gone))
            conn.execute("DELETE FROM stories WHERE id = ?", (gone,))
        for sid in sorted(index.dropped):
            conn.execute("DELETE FROM stories WHERE id = ?", (sid,))
        for sid in sorted(changed):
            s = index.stories[sid]
            conn.execute(
                "INSERT OR REPLACE INTO stories(id, label, size, first, last, centroid, names)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (s.id, s.label, s.size, _iso(s.first), _iso(s.last), json.dumps(s.centroid),
                 json.dumps({n: list(v) for n, v in s.names.items()})),
            )
        conn.executemany(
            "INSERT INTO story_terms(term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            sorted(terms.items()),
        )


def members(store: Store, story_id: int) -> list[int]:
    """Current documents of one story, copies of its reports included."""
    return [
        r[0]
        for r in store.conn.execute(
            """SELECT d.id FROM documents d
               JOIN story_members m ON m.document_id = COALESCE(
                   CASE WHEN d.report_id IS NOT NULL AND d.report_id != d.id
                        AND EXISTS (SELECT 1 FROM documents r WHERE r.id = d.report_id AND r.current = 1)
                        THEN d.report_id END, d.id)
               WHERE d.current = 1 AND m.story_id = ? ORDER BY d.id""",
            (story_id,),
        )
    ]


def listing(store: Store) -> list[dict[str, Any]]:
    """Every story, largest first: id, size, date range, label and its documents."""
    out = []
    for r in store.conn.execute("SELECT * FROM stories ORDER BY size DESC, id"):
        docs = members(store, r["id"])
        if not docs:
            continue
        out.append({
            "id": r["id"], "label": r["label"], "documents": len(docs), "reports": r["size"],
            "first": r["first"], "last": r["last"], "members": [f"d{i}" for i in docs],
        })
    return out


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None
