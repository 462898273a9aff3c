"""The story as one JSON-ready dict (the export contract, docs/export-schema.json).

It reads stored results only: every stage ran, and stored what it made, at build time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from storyline.config import Settings
from storyline.models import EventMention, Source
from storyline.stages.events import bounds, is_planned
from storyline.stages.key_timeline import LEAD_SENTENCES, DocInfo
from storyline.stages.key_timeline import key_timeline as build_key_timeline
from storyline.store import repo
from storyline.store.db import Store
from storyline.text import dateline_length


def _source(s: Source) -> dict[str, Any]:
    return {"document": s.document, "start": s.start, "end": s.end}


def documents(store: Store) -> list[dict[str, Any]]:
    """Current documents with their metadata, clean text and removed lines."""
    from storyline.store.reports import copies_of

    copies = copies_of(store)
    return [document(store, row, copies) for row in repo.iter_documents(store)]


def document(store: Store, row: Any, copies: dict[int, list[int]]) -> dict[str, Any]:
    """One `documents` row as the export's document object; `copies` as `reports.copies_of` gives them."""
    report_of = {c: r for r, cs in copies.items() for c in cs}
    return {
        "id": repo.doc_key(row["id"]),
        "path": row["path"],
        "version": row["version"],
        "title": row["title"],
        "outlet": row["outlet"],
        "url": row["url"],
        "byline": row["byline"],
        "authors": json.loads(row["authors"] or "[]"),
        "updated": row["updated"],
        "language": row["language"],
        "published_sources": json.loads(row["published_sources"] or "{}"),
        "published": row["published"],
        "published_inferred": bool(row["published_inferred"]),
        "published_bounds": [row["published_earliest"], row["published_latest"]]
        if row["published_inferred"] and row["published_earliest"]
        else None,
        "content_hash": row["content_hash"],
        "text": row["text"],
        "removed_lines": [
            {"text": r.text, "reason": r.reason, "line": r.line_no, "confidence": r.confidence}
            for r in repo.removed_lines(store, row["id"])
        ],
        # Copies of one text are one report, analysed once: a copy names the
        # document analysed for it; that document lists the copies.
        "report": repo.doc_key(report_of.get(row["id"], row["id"])),
        "copies": [repo.doc_key(i) for i in copies.get(row["id"], [])],
    }


def quotes(store: Store, settings: Settings, speaker: str | None = None) -> list[dict[str, Any]]:
    """The quote book: quotes in document date order, scare quotes left out by default."""
    names = {e["id"]: e for e in repo.load_entities(store)}
    dates = {k: v or "" for k, v in repo.document_dates(store).items()}
    out = []
    for q in repo.quote_rows(store):
        if q["kind"] == "scare" and not settings.quotes_include_scare:
            continue
        doc = repo.doc_key(q["document_id"])
        ent = q["entity_id"]
        item = quote_item(q, names[ent]["name"] if ent in names else q["speaker_name"], doc, dates.get(doc))
        if speaker is not None and not _matches_speaker(item, speaker, names):
            continue
        out.append(item)
    out.sort(key=lambda q: (q["published"] or "9999", q["document"], q["start"]))
    return out


def quote_item(q: Any, speaker_name: str | None, document: str, published: str | None) -> dict[str, Any]:
    """One stored quote row as the export's quote object."""
    return {
        "id": f"q{q['id']}",
        "text": q["text"],
        "kind": q["kind"],
        "speaker": q["entity_id"],
        "speaker_name": speaker_name,
        "speaker_as_written": q["speaker_name"],
        "speaker_kind": q["speaker_kind"],
        "speaker_start": q["speaker_start"],
        "speaker_end": q["speaker_end"],
        "cue": q["cue"],
        "channel": q["channel"],
        "document": document,
        "published": published or None,
        "start": q["start"],
        "end": q["end"],
        "pieces": json.loads(q["pieces"]),
    }


def _matches_speaker(item: dict[str, Any], wanted: str, names: dict[str, dict[str, Any]]) -> bool:
    w = wanted.casefold().strip()
    ent = names.get(item["speaker"] or "")
    candidates = [item["speaker_name"] or "", item["speaker_as_written"] or ""]
    if ent:
        candidates += [ent["name"], *ent["aliases"], ent["id"]]
    return any(w == c.casefold() or w in c.casefold().split() or w in c.casefold() for c in candidates if c)


def events(store: Store) -> list[dict[str, Any]]:
    """Stored events in date order."""
    return [
        {
            "id": e.id,
            "date": e.date,
            "planned": e.planned,
            "text": e.text,
            "sources": [_source(s) for s in e.sources],
            "entities": list(e.entities),
            "timex": e.timex_text,
            "anchor": e.anchor,
        }
        for e in repo.load_events(store)
    ]


def timeline(store: Store, settings: Settings, *, start: str | None = None,
             end: str | None = None) -> list[dict[str, Any]]:
    """Dates in order with their best entries, citations and the outlets that carried them.

    `start`/`end` (ISO dates) keep the dates overlapping them.
    """
    evs = {e.id: e for e in repo.load_events(store)}
    days = repo.load_timeline(store, settings.timeline_entries_per_date)
    if start or end:
        days = [d for d in days if _overlaps(d.date, start, end)]
    carried = _outlets(store)
    return [
        {
            "date": day.date,
            "entries": [
                {
                    "text": entry.text,
                    "sources": [_source(s) for s in entry.sources],
                    "event": entry.event,
                    "planned": evs[entry.event].planned,
                    "timex": evs[entry.event].timex_text,
                    "anchor": evs[entry.event].anchor,
                    # Every outlet that carried a cited report, its copies' outlets included.
                    "outlets": list(dict.fromkeys(o for s in entry.sources for o in carried.get(s.document, []))),
                }
                for entry in day.entries
            ],
        }
        for day in days
    ]


def _outlets(store: Store) -> dict[str, list[str]]:
    """Outlets of each current document and of the copies analysed as it, by document id."""
    from storyline.store.reports import copies_of

    outlet = {
        repo.doc_key(r["id"]): r["outlet"]
        for r in store.conn.execute("SELECT id, outlet FROM documents WHERE current = 1")
    }
    out: dict[str, list[str]] = {k: [o] if o else [] for k, o in outlet.items()}
    for report, copies in copies_of(store).items():
        key = repo.doc_key(report)
        for c in copies:
            o = outlet.get(repo.doc_key(c))
            if o and o not in out.setdefault(key, []):
                out[key].append(o)
    return out


def doc_infos(store: Store) -> dict[str, DocInfo]:
    """Publication date, outlet and report of every current document (texts are not read)."""
    return {
        # Copies of one text (stages/dedup.py) are one report; before copies were
        # detected, identical texts still count once through their content hash.
        repo.doc_key(r["id"]): DocInfo(
            r["published"], r["outlet"],
            f"report:{r['report_id']}" if r["report_id"] is not None else r["content_hash"],
        )
        for r in repo.document_meta(store)
    }


def key_timeline(store: Store, *, dates: int | None = None, per_date: int | None = None,
                 start: str | None = None, end: str | None = None,
                 settings: Settings | None = None) -> list[dict[str, Any]]:
    """The key timeline: the most important days in date order, each with what happened.

    `dates` None lets the story choose how many (see `storyline.stages.key_timeline`);
    `start`/`end` (ISO dates) keep only days between them. The web page and
    `storyline timeline` call this same function.
    """
    settings = settings or Settings()
    mentions = repo.event_mentions(store)
    infos = doc_infos(store)
    dated = {(m.document, m.start) for m in mentions}

    def leads(days: set[str]) -> Iterator[EventMention]:
        # Streamed: only the opening sentences of the chosen days' articles are kept.
        for doc, idx, start, end_, text in repo.iter_sentence_rows(store):
            pub = infos[doc].published if doc in infos else None
            if idx < LEAD_SENTENCES and pub in days and (doc, start) not in dated:
                cut = dateline_length(text) if start == 0 else 0
                yield EventMention(doc, str(pub), is_planned(str(pub), text[cut:], None), start + cut, end_,
                                   text[cut:], start, start, "", "DCT")

    days = build_key_timeline(
        mentions, infos, dates=dates, leads=leads,
        per_date=per_date if per_date is not None else settings.timeline_key_entries_per_date,
        start=start, end=end,
    )
    return [
        {
            "date": day.date,
            "sources": day.independent,
            "outlets": list(day.outlets),
            "entries": [
                {
                    "text": e.text,
                    "sources": [_source(s) for s in e.sources],
                    "independent_sources": e.independent,
                    "outlets": list(e.outlets),
                    "planned": e.planned,
                }
                for e in day.entries
            ],
        }
        for day in days
    ]


def _overlaps(value: str, start: str | None, end: str | None) -> bool:
    first, last = bounds(value)
    return (start is None or last.isoformat() >= start) and (end is None or first.isoformat() <= end)


def entities(store: Store) -> list[dict[str, Any]]:
    """The cast."""
    return repo.load_entities(store)


def summary(store: Store) -> list[dict[str, Any]]:
    """Summary sentences with their citations."""
    return [{"text": s.text, "sources": [_source(x) for x in s.sources]} for s in repo.load_summary(store)]


def story(store: Store, settings: Settings | None = None) -> dict[str, Any]:
    """Everything, as the `story.json` export."""
    settings = settings or Settings()
    return {
        "storyline_version": _version(),
        "documents": documents(store),
        "entities": entities(store),
        "quotes": quotes(store, settings),
        "events": events(store),
        "key_timeline": key_timeline(store, settings=settings),
        "timeline": timeline(store, settings),
        "summary": summary(store),
        "failures": [
            {"item": r["item"], "stage": r["stage"], "reason": r["reason"]} for r in repo.failures(store)
        ],
    }


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("storyline")
    except PackageNotFoundError:
        return "0"
