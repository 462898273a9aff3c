"""Events across documents and the timeline built from them.

Reads the event mentions of every document and the cast entities each mention
names; adds events (mentions of the same date sharing an entity, merged across
documents, each listing all its sources) and the dated timeline.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from storyline import lexicon
from storyline.models import Event, EventMention, Source, TimelineDay, TimelineEntry
from storyline.stages.events import sort_key
from storyline.text import stem, terms
from storyline.unionfind import UnionFind

# Two reports of one day are one event when they share a specific entity or much of
# their wording. An entity named in most dated sentences of the story (the city, the
# main union) says nothing about which happening a sentence reports.
_GENERIC_SHARE = 0.4
_MIN_JACCARD = 0.2
# Calendar words (every month form, the weekday names) and other time words.
_DATE_WORDS = (
    frozenset(lexicon.months())
    | frozenset(lexicon.weekday_names())
    | frozenset(["today", "yesterday", "tomorrow", "week", "month", "year", "morning", "evening", "night", "afternoon"])
)

STAGE_NAME = "storyline.timeline.v1"


def merge_events(
    mentions: Sequence[EventMention],
    entities_of: Callable[[EventMention], frozenset[str]],
    dcts: Mapping[str, str | None] | None = None,
) -> list[Event]:
    """Merge mentions of one date that share an entity into events, in date order."""
    by_date: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_date[m.date].append(i)
    ents = [entities_of(m) for m in mentions]
    words = [frozenset(stem(w) for w in terms(m.text)) - _DATE_WORDS for m in mentions]
    generic = _generic_entities(ents)
    groups: list[list[int]] = []
    for date in sorted(by_date, key=sort_key):
        idx = by_date[date]
        union = UnionFind(len(idx))
        for a, b in _candidate_pairs(idx, ents, words):
            if union.find(a) == union.find(b):
                continue  # already one event: joining them again changes nothing
            ma, mb = mentions[idx[a]], mentions[idx[b]]
            if _same_event(ents[idx[a]], ents[idx[b]], words[idx[a]], words[idx[b]], generic,
                           same_day=len(date) == 10 and ma.document != mb.document):
                union.union(a, b)
        members: dict[int, list[int]] = defaultdict(list)
        for k, i in enumerate(idx):
            members[union.find(k)].append(i)
        groups.extend(members[root] for root in sorted(members))
    events: list[Event] = []
    for n, group in enumerate(groups, start=1):
        all_ents: set[str] = set()
        for i in group:
            all_ents |= ents[i]
        # The representative sentence names most of the event's cast; shorter wins ties.
        best = max(group, key=lambda i: (len(ents[i] & all_ents), -len(mentions[i].text), -i))
        rep = mentions[best]
        sources = _dedupe(Source(mentions[i].document, mentions[i].start, mentions[i].end) for i in group)
        anchor = rep.anchor or ""
        if anchor == "DCT" and dcts is not None and dcts.get(rep.document):
            anchor = f"DCT {dcts[rep.document]}"
        events.append(
            Event(
                id=f"ev{n}",
                date=rep.date,
                # Planned only if every report still saw it ahead (a later report of it
                # having happened wins).
                planned=all(mentions[i].planned for i in group),
                text=rep.text,
                sources=sources,
                entities=tuple(sorted(all_ents)),
                timex_text=rep.timex_text,
                anchor=anchor,
            )
        )
    return events


# Keys (an entity or a word) shared by more mentions of one date than this are too
# common to propose pairs: without the cap a large story is quadratic per date.
_MAX_POSTING = 200


def _candidate_pairs(
    idx: Sequence[int], ents: Sequence[frozenset[str]], words: Sequence[frozenset[str]]
) -> list[tuple[int, int]]:
    """Pairs of positions in `idx` that share at least one entity or word."""
    postings: dict[str, list[int]] = defaultdict(list)
    for k, i in enumerate(idx):
        for key in ents[i]:
            postings["e:" + key].append(k)
        for key in words[i]:
            postings["w:" + key].append(k)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        if len(members) > _MAX_POSTING:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pairs.add((members[x], members[y]))
    return sorted(pairs)


def _generic_entities(ents: Sequence[frozenset[str]]) -> frozenset[str]:
    counts: dict[str, int] = defaultdict(int)
    for es in ents:
        for e in es:
            counts[e] += 1
    if len(ents) < 6:
        return frozenset()
    return frozenset(e for e, c in counts.items() if c / len(ents) > _GENERIC_SHARE)



def _same_event(
    ea: frozenset[str], eb: frozenset[str], wa: frozenset[str], wb: frozenset[str], generic: frozenset[str],
    *, same_day: bool = False,
) -> bool:
    shared = (ea & eb) - generic
    union = wa | wb
    common = wa & wb
    jaccard = len(common) / len(union) if union else 0.0
    if shared:
        return True
    # Two outlets reporting the same day in a story with two content words in common
    # report the same happening far more often than not.
    if same_day and len(common) >= 2:
        return True
    # A generic entity alone needs some common wording; no entity at all needs more.
    return jaccard >= (_MIN_JACCARD / 2 if ea & eb else _MIN_JACCARD)


def _dedupe(sources: object) -> tuple[Source, ...]:
    seen: dict[Source, None] = {}
    for s in sources:  # type: ignore[attr-defined]
        seen.setdefault(s, None)
    return tuple(seen)


def build_timeline(events: Sequence[Event], per_date: int = 3) -> list[TimelineDay]:
    """Dates in order, each with its best `per_date` entries (most-cited events first)."""
    by_date: dict[str, list[Event]] = defaultdict(list)
    for ev in events:
        by_date[ev.date].append(ev)
    days: list[TimelineDay] = []
    for date in sorted(by_date, key=sort_key):
        ranked = sorted(by_date[date], key=lambda e: (-len(e.sources), -len(e.entities), e.id))
        entries = tuple(TimelineEntry(e.text, e.sources, e.id) for e in ranked[:per_date])
        days.append(TimelineDay(date, entries))
    return days
