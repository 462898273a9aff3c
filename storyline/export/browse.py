"""Shaping a stored story for browsing: filtered timelines, one document with its marks,
one entity with everything about it, the outlet coverage matrix.

Every object keeps the shape of the export (docs/export-schema.json): a timeline day,
a quote, an event, an entity and a document here are the same dicts `story.json`
holds, so the web app's JSON API and the export share one schema.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.config import Settings
from storyline.export import story as story_export
from storyline.stages.events import bounds, sort_key
from storyline.store import browse, repo
from storyline.store.db import Store


def key_timeline(store: Store, settings: Settings) -> list[dict[str, Any]]:
    """The key timeline: the dates and entries a reader should see first."""
    # The one place the story page, the timeline's "key" view and the outlets matrix
    # take the key timeline from: the same function `storyline timeline` prints.
    return story_export.key_timeline(store, settings=settings)


def full_timeline(events: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every event (`story_export.events`), grouped by date in date order, most-cited first on each date."""
    by_date: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ev in events:
        by_date[ev["date"]].append(
            {
                "text": ev["text"],
                "sources": ev["sources"],
                "event": ev["id"],
                "planned": ev["planned"],
                "timex": ev["timex"],
                "anchor": ev["anchor"],
                "entities": ev["entities"],
                "independent_sources": len(ev["reports"]),
                "outlets": story_export.carried_outlets(ev["reports"]),
                "reports": ev["reports"],
            }
        )
    return [
        {"date": date, "entries": sorted(by_date[date], key=lambda e: (-len(e["sources"]), e["event"]))}
        for date in sorted(by_date, key=sort_key)
    ]


@dataclass(frozen=True)
class TimelineFilter:
    """What a reader narrowed the timeline to; None means no restriction."""

    start: dt.date | None = None
    end: dt.date | None = None
    entities: frozenset[str] | None = None
    outlet: str | None = None
    planned: bool | None = None


def filter_timeline(
    days: Sequence[dict[str, Any]],
    f: TimelineFilter,
    *,
    sentence_entities: dict[tuple[str, int], frozenset[str]],
    doc_outlets: dict[str, str | None],
) -> list[dict[str, Any]]:
    """The days and entries of `days` that pass `f` (a day with no entry left is dropped).

    An entry names the entities its event names (`entities`), or else those of the events
    its cited sentences report (`sentence_entities`, by (document, start)): key-timeline
    entries cite sentences, not events.
    """
    out = []
    for day in days:
        first, last = bounds(day["date"])
        if (f.start and last < f.start) or (f.end and first > f.end):
            continue
        entries = [e for e in day["entries"] if _entry_passes(e, f, sentence_entities, doc_outlets)]
        if entries:
            out.append({**day, "entries": entries})
    return out


def _entry_passes(
    entry: dict[str, Any],
    f: TimelineFilter,
    sentence_entities: dict[tuple[str, int], frozenset[str]],
    doc_outlets: dict[str, str | None],
) -> bool:
    if f.planned is not None and bool(entry.get("planned")) != f.planned:
        return False
    if f.entities is not None:
        if "entities" in entry:
            named = set(entry["entities"])
        else:
            named = set().union(*(sentence_entities.get((s["document"], s["start"]), ()) for s in entry["sources"]))
        if not f.entities & named:
            return False
    if f.outlet is not None:
        return any(doc_outlets.get(s["document"]) == f.outlet for s in entry["sources"])
    return True


def sentence_entities(events: Sequence[dict[str, Any]]) -> dict[tuple[str, int], frozenset[str]]:
    """Entity ids named by the events each sentence reports, by (document, start) of the sentence."""
    out: dict[tuple[str, int], set[str]] = defaultdict(set)
    for e in events:
        for s in e["sources"]:
            out[(s["document"], s["start"])].update(e["entities"])
    return {k: frozenset(v) for k, v in out.items()}


# --- quotes -------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteFilter:
    """What a reader narrowed the quote book to."""

    speaker: str | None = None
    outlet: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    kind: str | None = None


def filter_quotes(
    items: Sequence[dict[str, Any]], f: QuoteFilter, doc_outlets: dict[str, str | None]
) -> list[dict[str, Any]]:
    """The quotes of `items` (export quote objects) that pass the outlet, date and kind of `f`.

    The speaker is matched before, by `story_export.quotes(speaker=...)` or by entity id.
    """
    start = f.start.isoformat() if f.start else None
    end = f.end.isoformat() if f.end else None
    return [
        q for q in items
        if (f.outlet is None or doc_outlets.get(q["document"]) == f.outlet)
        and (start is None or (q["published"] or "") >= start)
        and (end is None or (q["published"] is not None and q["published"] <= end))
        and (f.kind is None or q["kind"] == f.kind)
    ]


def page_of_entries(days: Sequence[dict[str, Any]], page: int, per_page: int) -> tuple[list[dict[str, Any]], int]:
    """The days holding entries number (page-1)*per_page onwards, cut to per_page entries; and the total."""
    total = sum(len(d["entries"]) for d in days)
    skip, left = (page - 1) * per_page, per_page
    out = []
    for day in days:
        n = len(day["entries"])
        if skip >= n:
            skip -= n
            continue
        entries = day["entries"][skip : skip + left]
        skip = 0
        out.append({**day, "entries": entries})
        left -= len(entries)
        if not left:
            break
    return out, total


# --- one document -----------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A highlighted span of a document's text."""

    kind: str  # "quote", "timex", "entity" or "cited"
    start: int
    end: int
    label: str
    value: str | None = None
    """What a reader sees after the span: a time expression's normalised value."""


@dataclass
class Segment:
    """A run of text under the same set of marks."""

    text: str
    start: int
    marks: list[Mark] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        """The kinds of mark covering this run, each once, in a fixed order."""
        return [k for k in ("cited", "quote", "timex", "entity") if any(m.kind == k for m in self.marks)]

    @property
    def values_after(self) -> list[str]:
        """Values of the marks that end with this run, to show right after it."""
        end = self.start + len(self.text)
        return [m.value for m in self.marks if m.end == end and m.value]


def segments(text: str, marks: Sequence[Mark]) -> list[Segment]:
    """Cut `text` at every mark boundary; each piece lists the marks that cover it.

    Marks may nest and overlap (an entity inside a quote, a date inside the cited
    sentence), so the text is split flat rather than into nested elements.
    """
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    starts: dict[int, list[Mark]] = defaultdict(list)
    for m in valid:
        starts[m.start].append(m)
    out: list[Segment] = []
    open_: list[Mark] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        open_ = [m for m in open_ if m.end > a] + starts.get(a, [])
        out.append(Segment(text[a:b], a, list(open_)))
    return out


def document_view(
    store: Store, settings: Settings, key: str, cited: tuple[int, int] | None = None
) -> dict[str, Any]:
    """One document with its sentences, quotes, time expressions and cast mentions."""
    from storyline.store.reports import copies_of

    row = browse.document(store, key)
    doc = story_export.document(store, row, copies_of(store))
    doc_quotes = document_quotes(store, settings, doc["id"])
    timexes: list[dict[str, Any]] = [
        {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value,
         "anchor": t.anchor, "mod": t.mod}
        for t in repo.timexes(store, row["id"])
    ]
    mentions = browse.entity_mentions(store, doc["id"])
    marks = [Mark("quote", p[0], p[1], f"{q['kind']} quote: {q['speaker_name'] or 'unattributed'}")
             for q in doc_quotes for p in (q["pieces"] or [[q["start"], q["end"]]])]
    marks += [Mark("timex", t["start"], t["end"], f"{t['type']} {t['value'] or '(no value)'}", t["value"])
              for t in timexes]
    marks += [Mark("entity", m["start"], m["end"], f"{m['name'] or m['entity']} ({m['type'] or '?'})")
              for m in mentions]
    if cited is not None:
        marks.append(Mark("cited", cited[0], cited[1], "cited sentence"))
    return {
        "document": doc,
        "sentences": [{"start": s, "end": e} for s, e in browse.sentences(store, doc["id"])],
        "quotes": doc_quotes,
        "timexes": timexes,
        "entities": mentions,
        "segments": segments(doc["text"], marks),
    }


def document_quotes(store: Store, settings: Settings, key: str) -> list[dict[str, Any]]:
    """The quotes of one document as the export's quote objects, by offset."""
    # Same objects as story_export.quotes (a test holds them equal) without reading
    # every quote of the story for one document.
    out = []
    for q in browse.quote_rows(store, key):
        if q["kind"] == "scare" and not settings.quotes_include_scare:
            continue
        out.append(story_export.quote_item(q, q["entity_name"] or q["speaker_name"], key, q["published"]))
    return out


# --- outlets ----------------------------------------------------------------------


def _reporting_outlets(item: dict[str, Any], outlet_of: dict[str, str]) -> set[str]:
    """The outlets whose documents `item` cites, and those that carried a copy of a cited report."""
    return {outlet_of.get(s["document"], "unknown outlet") for s in item["sources"]} | {
        c["outlet"] or "unknown outlet" for r in item.get("reports", []) for c in r["carried_by"]
    }


def coverage_matrix(days: Sequence[dict[str, Any]], outlet_of: dict[str, str]) -> list[dict[str, Any]]:
    """Each key-timeline entry with the outlets whose documents it cites or that carried a copy of one."""
    return [
        {**entry, "date": day["date"], "outlets": sorted(_reporting_outlets(entry, outlet_of))}
        for day in days
        for entry in day["entries"]
    ]


def exclusive_events(events: Sequence[dict[str, Any]], outlet_of: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Per outlet, the events only its documents report, most-cited first."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ev in events:
        # An outlet that carried a copy of the report reported the event too.
        who = _reporting_outlets(ev, outlet_of)
        if len(who) == 1:
            out[who.pop()].append(ev)
    for evs in out.values():
        evs.sort(key=lambda e: (-len(e["sources"]), sort_key(e["date"]), e["id"]))
    return dict(out)
