"""The pages of the web app. Each view returns one `Page`: the JSON twin's data (export
objects, docs/export-schema.json) plus what only the HTML needs; `app.py` renders either.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from storyline.config import Settings
from storyline.errors import InputError, NotFound
from storyline.export import browse as shape
from storyline.export import story as story_export
from storyline.store import browse, search
from storyline.store.db import Store
from storyline.web.cache import StoryCache
from storyline.web.chart import coverage_chart

PER_PAGE = 50
# Timeline pages hold this many entries (a busy date of a large story has hundreds).
ENTRIES_PER_PAGE = 100
# An entity's page lists at most this many of its documents, quotes and events; the
# quote book and the timeline, filtered by the entity, have them all.
ENTITY_ITEMS = 100
SEARCH_PER_PAGE = 20
# The story page shows this many dates of the key timeline; the timeline page has them all.
STORY_DAYS = 15
# Speakers and entities offered in the filters' pick lists (any other can be typed).
PICK_LIST = 100
# Search snippets mark matched words with characters no article text holds, so the
# template can split them out and escape everything else.
HIT_OPEN, HIT_CLOSE = "\x02", "\x03"


@dataclass
class Page:
    """What one view produced: the template, the JSON twin's data, and HTML-only context."""

    template: str
    data: dict[str, Any]
    html: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Request:
    """What a view reads from the HTTP request: path parameters and the query string."""

    params: Mapping[str, str]
    query: Mapping[str, str]
    store: Store
    settings: Settings
    cache: StoryCache


View = Callable[[Request], Page]


# --- parsing the query string ------------------------------------------------------


def _text(req: Request, name: str) -> str | None:
    value = (req.query.get(name) or "").strip()
    return value or None


def _page(req: Request) -> int:
    raw = req.query.get("page") or "1"
    if not raw.isdigit() or int(raw) < 1:
        raise InputError(f"page={raw}", "must be a whole number from 1")
    return int(raw)


def _date(req: Request, name: str) -> dt.date | None:
    raw = _text(req, name)
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InputError(f"{name}={raw}", "not a date; use YYYY-MM-DD") from None


def _choice(req: Request, name: str, allowed: tuple[str, ...]) -> str | None:
    raw = _text(req, name)
    if raw is not None and raw not in allowed:
        raise InputError(f"{name}={raw}", f"must be one of {', '.join(allowed)}")
    return raw


def _pager(page: int, per_page: int, total: int) -> dict[str, int]:
    return {"page": page, "per_page": per_page, "total": total, "pages": max(1, math.ceil(total / per_page))}


def _sources_docs(items: list[dict[str, Any]]) -> list[str]:
    return [s["document"] for it in items for s in it.get("sources", [])]


def _doc_labels(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    """What a citation link shows for each cited document."""
    return {
        k: {"outlet": d.outlet, "published": d.published, "title": d.title, "inferred": d.published_inferred}
        for k, d in browse.doc_infos(store, ids).items()
    }


# --- story-wide results, computed once per state of the database ------------------------


def _key_timeline(req: Request) -> list[dict[str, Any]]:
    return req.cache.get("key_timeline", lambda: shape.key_timeline(req.store, req.settings))


def _events(req: Request) -> list[dict[str, Any]]:
    return req.cache.get("events", lambda: story_export.events(req.store))


def _full_timeline(req: Request) -> list[dict[str, Any]]:
    return req.cache.get("full_timeline", lambda: shape.full_timeline(_events(req)))


def _sentence_entities(req: Request) -> dict[tuple[str, int], frozenset[str]]:
    return req.cache.get("sentence_entities", lambda: shape.sentence_entities(_events(req)))


def _doc_outlets(req: Request) -> dict[str, str | None]:
    return req.cache.get("doc_outlets", lambda: {k: d.outlet for k, d in browse.doc_infos(req.store).items()})


def _quotes(req: Request, speaker: str | None = None) -> list[dict[str, Any]]:
    """The quote book, or what one speaker said (an entity id, or a name matched as the CLI does)."""
    every = req.cache.get(("quotes", None), lambda: story_export.quotes(req.store, req.settings))
    if speaker is None:
        return every
    if browse.has_entity(req.store, speaker):
        return [q for q in every if q["speaker"] == speaker]
    return req.cache.get(("quotes", speaker), lambda: story_export.quotes(req.store, req.settings, speaker=speaker))


def warm(store: Store, settings: Settings, cache: StoryCache) -> None:
    """Compute the story-wide results every page may need, so no reader waits for them."""
    req = Request({}, {}, store, settings, cache)
    _key_timeline(req)
    _full_timeline(req)
    _sentence_entities(req)
    _doc_outlets(req)
    _quotes(req)


# --- pages -----------------------------------------------------------------------------


def story(req: Request) -> Page:
    """Title, summary with citations, the key timeline, counts and the coverage chart."""
    store = req.store
    counts = browse.counts(store)
    summary = story_export.summary(store)
    key = _key_timeline(req)
    coverage = browse.coverage(store)
    title = browse.story_title(store)
    data = {
        "title": title,
        "counts": counts.__dict__,
        "summary": summary,
        "timeline": key[:STORY_DAYS],
        "timeline_dates": len(key),
        "coverage": [{"date": d, "outlet": o, "articles": n} for d, o, n in coverage],
    }
    cited = _sources_docs(summary) + _sources_docs([e for day in key[:STORY_DAYS] for e in day["entries"]])
    return Page("story.html", data, {"chart": coverage_chart(coverage), "docs": _doc_labels(store, cited)})


def timeline(req: Request) -> Page:
    """The key or full timeline, filtered by dates, entity, outlet and planned/happened."""
    store = req.store
    view = _choice(req, "view", ("key", "full")) or "key"
    status = _choice(req, "status", ("planned", "happened"))
    entity = _text(req, "entity")
    f = shape.TimelineFilter(
        start=_date(req, "from"),
        end=_date(req, "to"),
        entities=frozenset(browse.find_entities(store, entity)) if entity else None,
        outlet=_text(req, "outlet"),
        planned=None if status is None else status == "planned",
    )
    days = _key_timeline(req) if view == "key" else _full_timeline(req)
    if f != shape.TimelineFilter():
        days = shape.filter_timeline(
            days, f,
            sentence_entities=_sentence_entities(req) if f.entities is not None else {},
            doc_outlets=_doc_outlets(req) if f.outlet else {},
        )
    page = _page(req)
    shown, total = shape.page_of_entries(days, page, ENTRIES_PER_PAGE)
    data = {
        "view": view,
        "filters": {"from": _text(req, "from"), "to": _text(req, "to"), "entity": entity,
                    "outlet": f.outlet, "status": status},
        "timeline": shown,
        "page": _pager(page, ENTRIES_PER_PAGE, total),
    }
    cited = _sources_docs([e for day in shown for e in day["entries"]])
    return Page("timeline.html", data, {
        "docs": _doc_labels(store, cited),
        "outlets": browse.outlets(store),
        "people": browse.top_entities(store, PICK_LIST),
    })


def cast(req: Request) -> Page:
    """The cast, most mentioned first, by type."""
    page = _page(req)
    type_ = _text(req, "type")
    items, total = browse.entity_page(req.store, offset=(page - 1) * PER_PAGE, limit=PER_PAGE, type_=type_)
    data = {"filters": {"type": type_}, "entities": items, "page": _pager(page, PER_PAGE, total)}
    return Page("cast.html", data, {"types": browse.entity_types(req.store)})


def entity(req: Request) -> Page:
    """One entity: names, roles, type, documents and dates, quotes, events."""
    store = req.store
    ent = browse.entity(store, req.params["entity"])
    docs = browse.doc_infos(store, ent["documents"])
    documents = sorted(
        ({"id": k, "title": d.title, "outlet": d.outlet, "published": d.published} for k, d in docs.items()),
        key=lambda d: (d["published"] or "9999", d["id"]),
    )
    quotes = _quotes(req, ent["id"])
    events = [e for e in _events(req) if ent["id"] in e["entities"]]
    data = {
        "entity": ent,
        "documents": documents[:ENTITY_ITEMS],
        "quotes": quotes[:ENTITY_ITEMS],
        "events": events[:ENTITY_ITEMS],
        "totals": {"documents": len(documents), "quotes": len(quotes), "events": len(events)},
    }
    return Page("entity.html", data, {"docs": _doc_labels(store, _sources_docs(events[:ENTITY_ITEMS]))})


def quotes(req: Request) -> Page:
    """The quote book filtered by speaker, outlet, dates and kind; direct and paraphrase marked."""
    store = req.store
    speaker = _text(req, "speaker")
    f = shape.QuoteFilter(
        speaker=speaker,
        outlet=_text(req, "outlet"),
        start=_date(req, "from"),
        end=_date(req, "to"),
        kind=_choice(req, "kind", ("direct", "indirect")),
    )
    items = shape.filter_quotes(_quotes(req, speaker), f, _doc_outlets(req) if f.outlet else {})
    page = _page(req)
    shown = items[(page - 1) * PER_PAGE : page * PER_PAGE]
    data = {
        "filters": {"speaker": speaker, "outlet": f.outlet, "from": _text(req, "from"),
                    "to": _text(req, "to"), "kind": f.kind},
        "quotes": shown,
        "page": _pager(page, PER_PAGE, len(items)),
    }
    return Page("quotes.html", data, {
        "docs": _doc_labels(store, [q["document"] for q in shown]),
        "speakers": browse.speakers(store, PICK_LIST),
        "outlets": browse.outlets(store),
    })


def documents(req: Request) -> Page:
    """The documents of the story (metadata only), in date order."""
    page = _page(req)
    outlet = _text(req, "outlet")
    rows, total = browse.document_page(req.store, offset=(page - 1) * PER_PAGE, limit=PER_PAGE, outlet=outlet)
    items = [
        {k: row[k] for k in ("title", "outlet", "url", "byline", "published", "path", "version", "content_hash")}
        | {"id": f"d{row['id']}", "published_inferred": bool(row["published_inferred"]), "chars": row["chars"]}
        for row in rows
    ]
    data = {"filters": {"outlet": outlet}, "documents": items, "page": _pager(page, PER_PAGE, total)}
    return Page("documents.html", data, {"outlets": browse.outlets(req.store)})


_SPAN = re.compile(r"^(\d+)-(\d+)$")


def document(req: Request) -> Page:
    """One document: clean text with its marks, metadata with what was inferred, removed lines."""
    cited = None
    raw = _text(req, "hl")
    if raw is not None:
        m = _SPAN.match(raw)
        if not m or int(m[1]) >= int(m[2]):
            raise InputError(f"hl={raw}", "must be START-END character offsets, START < END")
        cited = (int(m[1]), int(m[2]))
    view = shape.document_view(req.store, req.settings, req.params["document"], cited)
    segments = view.pop("segments")
    if cited is not None and cited[1] > len(view["document"]["text"]):
        raise NotFound(f"hl={raw}: past the end of document {view['document']['id']}")
    return Page("document.html", view, {"segments": segments, "cited": cited})


def outlets(req: Request) -> Page:
    """Which outlets reported which key events, and what each reported alone."""
    store = req.store
    outlet_of = {k: o or "unknown outlet" for k, o in _doc_outlets(req).items()}
    names = [o for o, _ in browse.outlets(store)]
    matrix = req.cache.get("matrix", lambda: shape.coverage_matrix(_key_timeline(req), outlet_of))
    exclusive = req.cache.get("exclusive", lambda: shape.exclusive_events(_events(req), outlet_of))
    rows: list[dict[str, Any]] = [
        {"outlet": o, "articles": n, "exclusive_events": len(exclusive.get(o, [])),
         "exclusive": exclusive.get(o, [])[:PER_PAGE]}
        for o, n in browse.outlets(store)
    ]
    data = {"outlets": rows, "matrix": matrix[: PER_PAGE * 2], "matrix_rows": len(matrix)}
    cited = _sources_docs([e for o in rows for e in o["exclusive"]] + matrix[: PER_PAGE * 2])
    return Page("outlets.html", data, {"names": names, "docs": _doc_labels(store, cited)})


def search_page(req: Request) -> Page:
    """Full-text search over the sentences, with highlighted snippets."""
    q = _text(req, "q") or ""
    page = _page(req)
    hits = search.search(req.store, q, limit=SEARCH_PER_PAGE, offset=(page - 1) * SEARCH_PER_PAGE,
                         marks=(HIT_OPEN, HIT_CLOSE))
    total = search.count(req.store, q) if q else 0
    items = [
        {"document": h.document, "title": h.title, "start": h.start, "end": h.end, "text": h.text,
         "snippet": h.snippet.replace(HIT_OPEN, "[").replace(HIT_CLOSE, "]")}
        for h in hits
    ]
    data = {"query": q, "hits": items, "page": _pager(page, SEARCH_PER_PAGE, total)}
    parts = [snippet_parts(h.snippet) for h in hits]
    return Page("search.html", data, {"parts": parts, "docs": _doc_labels(req.store, [h.document for h in hits])})


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A marked snippet as (text, is_hit) pieces, for the template to escape and wrap."""
    out: list[tuple[str, bool]] = []
    for i, piece in enumerate(snippet.split(HIT_OPEN)):
        if i == 0:
            out.append((piece, False))
            continue
        hit, _, rest = piece.partition(HIT_CLOSE)
        out += [(hit, True), (rest, False)]
    return [p for p in out if p[0]]
