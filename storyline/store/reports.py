"""Reports: copies of one text grouped under the document analysed for all of them.

SQL for `stages/dedup.py`'s results: the stored fingerprints that rebuild the copy
index, each document's report, and the copy groups `storyline copies` lists.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from storyline.stages.dedup import CopyIndex, Fingerprint
from storyline.store.db import Store


def load_index(store: Store) -> tuple[CopyIndex, dict[int, int]]:
    """The copy index of the current documents' stored fingerprints, and each one's report."""
    index = CopyIndex()
    reports: dict[int, int] = {}
    for row in store.conn.execute(
        """SELECT f.document_id, f.size, f.day, f.hashvalues, d.report_id
           FROM copy_fingerprints f JOIN documents d ON d.id = f.document_id
           WHERE d.current = 1 ORDER BY f.document_id"""
    ):
        index.add(row[0], Fingerprint(bytes(row[3]), row[1], row[2]))
        reports[row[0]] = row[4] or row[0]
    return index, reports


def versions_of(store: Store, path: str) -> set[int]:
    """Ids of every stored version of one input path."""
    return {r[0] for r in store.conn.execute("SELECT id FROM documents WHERE path = ?", (path,))}


def save(store: Store, doc_id: int, report_id: int, fp: Fingerprint | None) -> None:
    """Record a document's report and (when it has one) its fingerprint."""
    with store.atomic() as conn:
        conn.execute("UPDATE documents SET report_id = ? WHERE id = ?", (report_id, doc_id))
        if fp is not None:
            conn.execute(
                "INSERT OR REPLACE INTO copy_fingerprints(document_id, size, day, hashvalues) VALUES (?, ?, ?, ?)",
                (doc_id, fp.size, fp.day, fp.hashvalues),
            )


def copies_of(store: Store) -> dict[int, list[int]]:
    """Current documents copying another current document, by the document analysed for them."""
    out: dict[int, list[int]] = {}
    for row in store.conn.execute(
        """SELECT d.id, d.report_id FROM documents d JOIN documents r ON r.id = d.report_id
           WHERE d.current = 1 AND r.current = 1 AND d.report_id != d.id ORDER BY d.id"""
    ):
        out.setdefault(row[1], []).append(row[0])
    return out


def groups(store: Store) -> Iterator[dict[str, Any]]:
    """Every report with more than one copy: its documents, outlets and URLs."""
    for report_id, copies in copies_of(store).items():
        ids = [report_id, *copies]
        rows = {
            r["id"]: r
            for r in store.conn.execute(
                f"SELECT id, path, title, outlet, url, published FROM documents WHERE id IN ({','.join('?' * len(ids))})",
                ids,
            )
        }
        yield {
            "report": f"d{report_id}",
            "title": rows[report_id]["title"],
            "copies": [
                {
                    "document": f"d{i}",
                    "path": rows[i]["path"],
                    "outlet": rows[i]["outlet"],
                    "url": rows[i]["url"],
                    "published": rows[i]["published"],
                }
                for i in ids
            ],
        }


def carriers(store: Store) -> dict[int, tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Every current document analysed as a report: its own outlet and URL, and the copies that carried it.

    Keyed by document id; a copy is listed under its report (with its outlet, URL and
    publication date), never as a key of its own.
    """
    rows = {
        r["id"]: r
        for r in store.conn.execute("SELECT id, outlet, url, published, report_id FROM documents WHERE current = 1")
    }
    out: dict[int, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    for doc_id, r in rows.items():
        report = r["report_id"]
        if report is not None and report != doc_id and report in rows:
            continue
        out[doc_id] = ({"document": f"d{doc_id}", "outlet": r["outlet"], "url": r["url"]}, [])
    for doc_id, r in rows.items():
        report = r["report_id"]
        if report is not None and report != doc_id and report in out:
            out[report][1].append(
                {"document": f"d{doc_id}", "outlet": r["outlet"], "url": r["url"], "published": r["published"]}
            )
    return out
