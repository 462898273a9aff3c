"""The story as one JSON-ready dict (the export contract, docs/export-schema.json).

It reads stored results only: every stage ran, and stored what it made, at build time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from storyline.config import Settings
from storyline.models import EventMention, RemovedLine, Source
from storyline.stages.events import bounds, is_planned
from storyline.stages.key_timeline import LEAD_SENTENCES, DocInfo
from storyline.stages.key_timeline import key_timeline as build_key_timeline
from storyline.store import repo
from storyline.store.db import Store
from storyline.text import dateline_length


def _source(s: Source) -> dict[str, Any]:
    return {"document": s.document, "start": s.start, "end": s.end}


Carriers = dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]


def carriers(store: Store) -> Carriers:
    """Each report (by document key): its own outlet and URL, and the copies that carried it."""
    from storyline.store.reports import carriers as stored

    return {repo.doc_key(k): v for k, v in stored(store).items()}


def reports(sources: list[dict[str, Any]], carried: Carriers) -> list[dict[str, Any]]:
    """One citation per independent report among `sources`, in citation order.

    Copies of one text are analysed once, as their report, so every cited document is
    a report; each is given with its outlet and URL and the copies (`carried_by`: the
    other outlets and URLs that published the same text).
    """
    out = []
    for doc in dict.fromkeys(s["document"] for s in sources):
        own, copies = carried.get(doc, ({"document": doc, "outlet": None, "url": None}, []))
        out.append({"report": doc, "outlet": own["outlet"], "url": own["url"], "carried_by": list(copies)})
    return out


def carried_outlets(cited: list[dict[str, Any]]) -> list[str]:
    """Every outlet that carried the cited reports: each report's own, then its copies'."""
    names = [o for r in cited for o in (r["outlet"], *(c["outlet"] for c in r["carried_by"]))]
    return list(dict.fromkeys(o for o in names if o))


def documents(store: Store) -> list[dict[str, Any]]:
    """Current documents with their metadata, clean text and removed lines."""
    return list(StoredDocuments(store))


def document(store: Store, row: Any, copies: dict[int, list[int]], *,
             removed: list[RemovedLine] | None = None, report_of: dict[int, int] | None = None) -> dict[str, Any]:
    """One `documents` row as the export's document object; `copies` as `reports.copies_of` gives them.

    `removed` (the row's removed lines) and `report_of` (`_report_of(copies)`) are read
    or computed here when not given.
    """
    if report_of is None:
        report_of = _report_of(copies)
    if removed is None:
        removed = repo.removed_lines(store, row["id"])
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
            for r in removed
        ],
        **_copy_fields(row["id"], copies, report_of),
    }


def _report_of(copies: dict[int, list[int]]) -> dict[int, int]:
    return {c: r for r, cs in copies.items() for c in cs}


def _copy_fields(doc_id: int, copies: dict[int, list[int]], report_of: dict[int, int]) -> dict[str, Any]:
    # Copies of one text are one report, analysed once: a copy names the document
    # analysed for it; that document lists the copies.
    return {
        "report": repo.doc_key(report_of.get(doc_id, doc_id)),
        "copies": [repo.doc_key(i) for i in copies.get(doc_id, [])],
    }


def document_heads(store: Store) -> Iterator[dict[str, Any]]:
    """The fields of the export's documents that the pages show before the texts (id, path,
    title, outlet, url, published, published_inferred, report, copies), without reading a
    text: the labels, title and copy notes of `export.render` come from these alone."""
    from storyline.store.reports import copies_of

    copies = copies_of(store)
    report_of = _report_of(copies)
    for row in repo.document_heads(store):
        yield {
            "id": repo.doc_key(row["id"]),
            "path": row["path"],
            "title": row["title"],
            "outlet": row["outlet"],
            "url": row["url"],
            "published": row["published"],
            "published_inferred": bool(row["published_inferred"]),
            **_copy_fields(row["id"], copies, report_of),
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


def iter_quotes(store: Store, settings: Settings) -> Iterator[dict[str, Any]]:
    """The quote book as `quotes(store, settings)` gives it, one quote at a time: the store
    sorts them, so neither the quotes nor the cast are held."""
    names = repo.entity_names(store)
    for q in repo.iter_quote_book(store):
        if q["kind"] == "scare" and not settings.quotes_include_scare:
            continue
        ent = q["entity_id"]
        yield quote_item(q, names[ent] if ent in names else q["speaker_name"], repo.doc_key(q["document_id"]),
                         q["published"])


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


def events(store: Store, *, carried: Carriers | None = None) -> list[dict[str, Any]]:
    """Stored events in date order, each citing its reports and the outlets that carried them."""
    carried = carriers(store) if carried is None else carried
    out = []
    for e in repo.load_events(store):
        sources = [_source(s) for s in e.sources]
        out.append({
            "id": e.id,
            "date": e.date,
            "planned": e.planned,
            "text": e.text,
            "sources": sources,
            "reports": reports(sources, carried),
            "entities": list(e.entities),
            "timex": e.timex_text,
            "anchor": e.anchor,
        })
    return out


def timeline(store: Store, settings: Settings, *, start: str | None = None,
             end: str | None = None, carried: Carriers | None = None) -> list[dict[str, Any]]:
    """Dates in order with their best entries, citations and the outlets that carried them.

    `start`/`end` (ISO dates) keep the dates overlapping them.
    """
    days = repo.timeline_events(store, settings.timeline_entries_per_date)
    if start or end:
        days = [d for d in days if _overlaps(d[0], start, end)]
    carried = carriers(store) if carried is None else carried
    out = []
    for date, chosen in days:
        entries = []
        for ev in chosen:
            sources = [_source(s) for s in ev.sources]
            cited = reports(sources, carried)
            entries.append({
                "text": ev.text,
                "sources": sources,
                "event": ev.id,
                "planned": ev.planned,
                "timex": ev.timex_text,
                "anchor": ev.anchor,
                # Every outlet that carried a cited report, its copies' outlets included.
                "outlets": carried_outlets(cited),
                "independent_sources": len(cited),
                "reports": cited,
            })
        out.append({"date": date, "entries": entries})
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
                 settings: Settings | None = None, carried: Carriers | None = None) -> list[dict[str, Any]]:
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
        for doc, _idx, start, end_, text in repo.iter_lead_sentence_rows(store, LEAD_SENTENCES):
            pub = infos[doc].published if doc in infos else None
            if pub in days and (doc, start) not in dated:
                cut = dateline_length(text) if start == 0 else 0
                yield EventMention(doc, str(pub), is_planned(str(pub), text[cut:], None), start + cut, end_,
                                   text[cut:], start, start, "", "DCT")

    days = build_key_timeline(
        mentions, infos, dates=dates, leads=leads,
        per_date=per_date if per_date is not None else settings.timeline_key_entries_per_date,
        start=start, end=end,
    )
    carried = carriers(store) if carried is None else carried
    out = []
    for day in days:
        entries = []
        day_cited = []
        for e in day.entries:
            sources = [_source(s) for s in e.sources]
            cited = reports(sources, carried)
            day_cited.append(cited)
            entries.append({
                "text": e.text,
                "sources": sources,
                "independent_sources": e.independent,
                # The outlets of the cited reports, then those of their copies.
                "outlets": _merge(e.outlets, carried_outlets(cited)),
                "planned": e.planned,
                "reports": cited,
            })
        day_copies = [str(c["outlet"]) for cited in day_cited for r in cited for c in r["carried_by"] if c["outlet"]]
        out.append({
            "date": day.date,
            "sources": day.independent,
            "outlets": _merge(day.outlets, day_copies),
            "entries": entries,
        })
    return out


def _merge(first: tuple[str, ...] | list[str], then: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *then]))


def _overlaps(value: str, start: str | None, end: str | None) -> bool:
    first, last = bounds(value)
    return (start is None or last.isoformat() >= start) and (end is None or first.isoformat() <= end)


def entities(store: Store) -> list[dict[str, Any]]:
    """The cast."""
    return repo.load_entities(store)


def summary(store: Store, *, carried: Carriers | None = None) -> list[dict[str, Any]]:
    """Summary sentences with their citations: the independent reports, and the outlets that carried each."""
    carried = carriers(store) if carried is None else carried
    out = []
    for s in repo.load_summary(store):
        sources = [_source(x) for x in s.sources]
        cited = reports(sources, carried)
        out.append({"text": s.text, "sources": sources, "independent_sources": len(cited), "reports": cited})
    return out


SECTIONS = ("storyline_version", "documents", "entities", "quotes", "events", "key_timeline", "timeline",
            "summary", "failures")
"""The export's top-level keys, in order."""


class Stored(Iterable[dict[str, Any]]):
    """A section's items read from the store one at a time, each time they are iterated."""

    def __init__(self, read: Callable[[], Iterator[dict[str, Any]]]) -> None:
        self._read = read

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self._read()


class StoredDocuments(Iterable[dict[str, Any]]):
    """The export's documents, read from the store one at a time each time they are iterated."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __iter__(self) -> Iterator[dict[str, Any]]:
        from storyline.store.reports import copies_of

        copies = copies_of(self._store)
        report_of = _report_of(copies)
        for row, removed in repo.iter_documents_removed(self._store):
            yield document(self._store, row, copies, removed=removed, report_of=report_of)


class StoredStory(Mapping[str, Any]):
    """The `story` export as a mapping that reads each section from the store when it is
    asked for: the documents (`StoredDocuments`), the cast and the quote book (`Stored`)
    are read one item at a time each time they are iterated; only the key timeline and
    the summary, bounded in size, are kept once read.

    The exports are written from it section by section (`write_exports`), so a story of
    any size is never held whole; `dict(...)` of it, with the documents listed, is `story()`.
    """

    # Sections kept once read: costly to compute (the key timeline chooses its days and
    # sentences over the whole story) and bounded in size whatever the story's length.
    _KEPT = ("key_timeline", "summary")

    def __init__(self, store: Store, settings: Settings | None = None) -> None:
        self._store = store
        self._settings = settings or Settings()
        self._carried: Carriers | None = None
        self._kept: dict[str, Any] = {}

    def heads(self) -> Iterator[dict[str, Any]]:
        """The documents as the pages show them before their texts (`document_heads`): no text is read."""
        return document_heads(self._store)

    def _carriers(self) -> Carriers:
        if self._carried is None:  # read once for every section that cites reports
            self._carried = carriers(self._store)
        return self._carried

    def __getitem__(self, key: str) -> Any:
        if key in self._kept:
            return self._kept[key]
        value = self._read(key)
        if key in self._KEPT:
            self._kept[key] = value
        return value

    def _read(self, key: str) -> Any:
        store, settings = self._store, self._settings
        if key == "storyline_version":
            return _version()
        if key == "documents":
            return StoredDocuments(store)
        if key == "entities":
            return Stored(lambda: repo.iter_entities(store))
        if key == "quotes":
            return Stored(lambda: iter_quotes(store, settings))
        if key == "events":
            return events(store, carried=self._carriers())
        if key == "key_timeline":
            return key_timeline(store, settings=settings, carried=self._carriers())
        if key == "timeline":
            return timeline(store, settings, carried=self._carriers())
        if key == "summary":
            return summary(store, carried=self._carriers())
        if key == "failures":
            return [{"item": r["item"], "stage": r["stage"], "reason": r["reason"]} for r in repo.failures(store)]
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(SECTIONS)

    def __len__(self) -> int:
        return len(SECTIONS)


def story(store: Store, settings: Settings | None = None) -> dict[str, Any]:
    """Everything, as the `story.json` export."""
    return {key: listed(value) for key, value in StoredStory(store, settings).items()}


def listed(value: Any) -> Any:
    """A `StoredStory` section as a plain value: a section read item by item, as a list."""
    return list(value) if isinstance(value, (Stored, StoredDocuments)) else value


def json_parts(data: Mapping[str, Any]) -> Iterator[str]:
    """`json.dumps(data, ensure_ascii=False, indent=2) + "\\n"`, piece by piece.

    Each top-level value is encoded when it is read; a list, or an iterable read from the
    store (`StoredDocuments`), item by item, each item (a document, an event) as one
    string. Every line break JSON writes is structural (strings escape theirs), so a value
    encoded alone is indented to its place by indenting after each line break.
    """
    enc = json.JSONEncoder(ensure_ascii=False, indent=2)
    opened = False
    for key in data:
        yield f"{',' if opened else '{'}\n  {enc.encode(key)}: "
        opened = True
        yield from encoded(enc, data[key], "\n  ")
    yield "\n}\n" if opened else "{}\n"


def encoded(enc: json.JSONEncoder, value: Any, indent: str) -> Iterator[str]:
    """`value` encoded by `enc` as `json_parts` writes it at the depth `indent` gives (a line
    break and the indentation of its first line): lists, and iterables read from the
    store, item by item."""
    if value is None or isinstance(value, (dict, str, int, float)):
        yield enc.encode(value).replace("\n", indent)
        return
    started = False
    for item in value:
        yield f"{',' if started else '['}{indent}  "
        started = True
        yield from encoded(enc, item, indent + "  ")
    yield f"{indent}]" if started else "[]"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("storyline")
    except PackageNotFoundError:
        return "0"
