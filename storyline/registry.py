"""The stage registry: the one list the pipeline runs.

Each stage is registered once under its versioned name with what it requires and
assigns, its scope (`document` or `story`), the function that runs it and the storage
hook (in `storyline/store/hooks.py`) that stores its result. `pipeline.analyze` runs the
document stages of the registry in order on every document, then its story stages;
adding a stage (another NER, a new annotation) is one `register` call plus its storage
hook, with no edit of `pipeline.py`. See docs/architecture.md.

A document stage's `run` takes a mapping of what is known so far and returns what it
assigns. The mapping always holds `article` (the stored `Article`), `doc` (its spaCy
parse), `document` (its public id, `d3`) and `story_dct` (the date the story's other
documents give it, or None), plus everything earlier stages assigned. Its `save`
hook is called as `save(conn, doc_id, values)` inside the document's transaction,
with `values` None when the stage did not complete (it then clears what it stored).

A story stage's `run` takes a `StoryInputs` (reads of the stored per-document results),
the mapping of what earlier story stages assigned and the `Settings`; its `save` hook
is called as `save(conn, values)` in the story's one transaction.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storyline.errors import StorylineError

if TYPE_CHECKING:
    from storyline.config import Settings
    from storyline.store.hooks import StoryInputs

Values = Mapping[str, Any]
DocumentRun = Callable[[Values], dict[str, Any]]
DocumentSave = Callable[[sqlite3.Connection, int, "Values | None"], None]
StoryRun = Callable[["StoryInputs", Values, "Settings"], dict[str, Any]]
StorySave = Callable[[sqlite3.Connection, "Values | None"], None]

SCOPES = ("document", "story")

CONTEXT = ("article", "doc", "document", "story_dct")
"""What every document stage's `run` receives besides earlier stages' results."""


@dataclass(frozen=True)
class Stage:
    """A registered stage: its versioned name, what it reads and adds, how it runs and is stored."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    scope: str
    """`document` (one document at a time) or `story` (the whole story, after the documents)."""
    run: Callable[..., dict[str, Any]] | None = None
    """None for the stages `ingest` runs (read, clean): their result is the stored document."""
    save: Callable[..., None] | None = None
    module: str = ""
    """The module (or package) holding the stage's code, for the docs (`storyline.stages.timex`)."""
    adds: str = ""
    """One line on what it adds, for the docs."""


StageInfo = Stage
"""The name earlier releases used."""

_REGISTRY: dict[str, Stage] = {}


def register(stage: Stage, *, before: str | None = None) -> Stage:
    """Add a stage at the end of the registry (or before a registered one); return it.

    Raises StorylineError when the name is taken, unversioned, the scope unknown, or
    the order breaks (a stage before what it requires).
    """
    if stage.name in _REGISTRY:
        raise StorylineError(f"stage {stage.name} is already registered; register a new version instead")
    base, _, version = stage.name.rpartition(".v")
    if not base or not version.isdigit():
        raise StorylineError(f"stage name {stage.name!r} has no version; name it like storyline.timex.v1")
    if stage.scope not in SCOPES:
        raise StorylineError(f"stage {stage.name}: scope {stage.scope!r} is not one of {', '.join(SCOPES)}")
    items = list(_REGISTRY.values())
    if before is None:
        items.append(stage)
    else:
        if before not in _REGISTRY:
            raise StorylineError(f"cannot register {stage.name} before {before}: no such stage")
        items.insert([s.name for s in items].index(before), stage)
    check_order(items)
    _REGISTRY.clear()
    _REGISTRY.update((s.name, s) for s in items)
    return stage


def unregister(name: str) -> None:
    """Remove a registered stage (a test's toy stage, a plugin being unloaded)."""
    if name not in _REGISTRY:
        raise StorylineError(f"stage {name} is not registered")
    rest = [s for s in _REGISTRY.values() if s.name != name]
    check_order(rest)
    del _REGISTRY[name]


def stages(scope: str | None = None) -> tuple[Stage, ...]:
    """Registered stages in run order, all or those of one scope."""
    return tuple(s for s in _REGISTRY.values() if scope is None or s.scope == scope)


def get(name: str) -> Stage:
    """The registered stage of that name."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise StorylineError(f"stage {name} is not registered") from None


def check_order(items: Sequence[Stage]) -> None:
    """Raise StorylineError if a stage runs before what it requires is assigned.

    Every document stage runs before every story stage, so a document stage may not
    come after a story stage in the list.
    """
    have: set[str] = set()
    seen_story = False
    for stage in items:
        if stage.scope == "story":
            seen_story = True
        elif seen_story:
            raise StorylineError(f"document stage {stage.name} is listed after a story stage")
        missing = [r for r in stage.requires if r not in have]
        if missing:
            raise StorylineError(f"stage {stage.name} requires {', '.join(missing)}, assigned by no earlier stage")
        have.update(stage.assigns)


def analysis_version(done: Sequence[str] | None = None) -> str:
    """What `documents.analyzed_with` holds: the document stages' names joined by `+`.

    With `done`, only the stages that ran on the document (those `ingest` ran always
    count), so a document whose stage failed never matches the full version and is
    analysed again by the next `analyze`.
    """
    names = [s.name for s in stages("document") if done is None or s.run is None or s.name in done]
    return "+".join(names)


# --- the built-in stages ---------------------------------------------------------------
# Stage modules are imported when a stage runs, not here: the CLI starts without them.


def _segment(v: Values) -> dict[str, Any]:
    from storyline.stages import segment

    return {"sentences": segment.sentences(v["doc"])}


def _dct(v: Values) -> dict[str, Any]:
    from storyline.models import GIVEN, INFERRED, STATED, PublicationDate
    from storyline.stages import dct, timex

    a = v["article"]
    if _evidence(a):
        return {"dct": PublicationDate(a.published, a.published_inferred, a.published_earliest, a.published_latest,
                                       a.published_source or (STATED if a.published_inferred else GIVEN))}
    # No date, or one an earlier analysis inferred: inferred again from the text and the
    # story, never from the date inferred before.
    if isinstance(v["story_dct"], Exception):
        raise StorylineError(f"the story-level dates failed ({v['story_dct']})")
    # Tagged once with no DCT: the clues of the guess, and the timex stage's result
    # when no date is found (the same call it would make).
    undated = timex.tag(a.text, None, v["doc"])
    guess = dct.infer_dct(a.text, doc=v["doc"], timexes=undated)
    story = v["story_dct"]
    # What the other documents of the story fix wins over a weaker guess from this text.
    if story is not None and (guess is None or story.confidence > guess.confidence):
        guess = story
    if guess is None:
        return {"dct": PublicationDate(None), "undated_timexes": undated}
    return {"dct": PublicationDate(guess.date, True, guess.earliest, guess.latest, INFERRED)}


def _evidence(a: Any) -> bool:
    """Whether an article's date is evidence: given with it or stated in its text, not inferred."""
    from storyline.models import INFERRED

    return a.published is not None and a.published_source != INFERRED


def _pinning(v: Values) -> dict[str, Any]:
    from storyline.models import INFERRED, PublicationDate
    from storyline.stages import pinning

    a, settled, story = v["article"], v["dct"], v["story_dct"]
    # A date given with the article, or one its own text fixes to a day, stays.
    if _evidence(a) or (settled.published is not None and settled.earliest == settled.latest):
        return {"dct": settled}
    if not pinning.is_pinned(story) or not pinning.narrower(story, settled.earliest, settled.latest):
        return {"dct": settled}
    return {"dct": PublicationDate(story.date, True, story.earliest, story.latest, INFERRED)}


_ENTITIES = "storyline.entities.v3"
"""The entities stage's name: its stored cast inputs are read by that name."""


def _entities(v: Values) -> dict[str, Any]:
    from storyline.stages import entities

    return {"mentions": entities.document_mentions(v["doc"], v["document"])}


def _timex(v: Values) -> dict[str, Any]:
    from storyline.stages import timex

    published = v["dct"].published
    if published is None and v.get("undated_timexes") is not None:
        return {"timexes": list(v["undated_timexes"])}
    return {"timexes": timex.tag(v["article"].text, published, v["doc"])}


def _quotes(v: Values) -> dict[str, Any]:
    from storyline.stages import quotes

    return {"quotes": quotes.extract_quotes(v["doc"])}


def _events(v: Values) -> dict[str, Any]:
    from storyline.stages import events

    return {"event_mentions": events.event_mentions(v["document"], v["sentences"], v["timexes"], v["dct"].published)}


def _cast(inputs: StoryInputs, v: Values, settings: Settings) -> dict[str, Any]:
    from storyline.nlp import release_free_memory
    from storyline.stages import entities
    from storyline.store.repo import doc_key

    # Every document's names are held at once (the sieve links them across the story),
    # so they are read back compactly: shared strings, no sentence bounds.
    reader = entities.StoredReader()
    cast = entities.build_cast([reader.read(data) for data in inputs.cast_inputs(_ENTITIES)])
    del reader
    release_free_memory()  # the story's names, read and linked, are dropped: the C heap gives their pages back
    speakers: dict[int, str | None] = {}
    for q in inputs.quotes():
        ent = None
        # An anonymous source ("an individual close to the prime minister's office")
        # stays its description even when it contains a role noun of a cast member.
        if q["speaker_kind"] != "anonymous" and q["speaker_start"] is not None and q["speaker_end"] is not None:
            ent = cast.resolve(doc_key(q["document_id"]), q["speaker_start"], q["speaker_end"])
        speakers[q["id"]] = ent
    dates = inputs.published()
    seen: dict[str, tuple[str | None, str | None]] = {}
    for entity in cast.entities:
        ds = sorted(d for d in (dates.get(k) for k in entity.documents) if d)
        seen[entity.id] = (ds[0], ds[-1]) if ds else (None, None)
    return {"entities": cast.entities, "entity_mentions": cast.mentions, "speakers": speakers, "seen": seen}


def _timeline(inputs: StoryInputs, v: Values, settings: Settings) -> dict[str, Any]:
    import datetime as dt
    from array import array
    from bisect import bisect_left

    from storyline.dates import parse_day
    from storyline.models import EntityMention, EventMention
    from storyline.stages import events, timeline

    # Each document's cast mentions by start, so a sentence finds those inside it by
    # bisection (O(log n) each) instead of scanning its document's every mention.
    by_doc: dict[str, list[EntityMention]] = {}
    for m in v["entity_mentions"]:
        by_doc.setdefault(m.document, []).append(m)
    starts: dict[str, array[int]] = {}
    for d, ms in by_doc.items():
        ms.sort(key=lambda m: m.start)
        starts[d] = array("q", (m.start for m in ms))

    def entities_of(em: EventMention) -> frozenset[str]:
        ms = by_doc.get(em.document, [])
        found = set()
        i = bisect_left(starts[em.document], em.start) if ms else 0
        while i < len(ms) and ms[i].start <= em.end:
            if ms[i].end <= em.end:
                found.add(ms[i].entity)
            i += 1
        return frozenset(found)

    dates = inputs.published()

    def long_before(m: EventMention) -> bool:
        pub = parse_day(dates.get(m.document))
        return pub is not None and events.bounds(m.date)[1] < pub - dt.timedelta(days=365)

    mentions = inputs.event_mentions()
    if not settings.events_include_past_references:
        mentions = [m for m in mentions if not long_before(m)]
    merged = timeline.merge_events(mentions, entities_of, dates)
    # Every event of a day ranked; how many a reader sees is the export's setting.
    days = timeline.build_timeline(merged, per_date=len(merged))
    return {"events": merged, "timeline": days, "sort_keys": {e.date: events.sort_key(e.date) for e in merged}}


def _summary(inputs: StoryInputs, v: Values, settings: Settings) -> dict[str, Any]:
    from storyline.stages import summary

    # A sentence reporting a timeline event is redundant with the event's other sources.
    event_of = {(src.document, src.start): ev.id for ev in v["events"] for src in ev.sources}
    return {
        "summary": summary.summarize(
            inputs.sentence_rows, settings.summary_sentences, events=event_of, published=inputs.published()
        )
    }


def _builtin() -> None:
    from storyline.store import hooks

    doc = "document"
    for stage in (
        Stage("storyline.read.v1", (), ("raw",), doc,
              module="storyline.stages.read", adds="raw documents from files, folders, manifests"),
        Stage("storyline.clean.v4", ("raw",), ("article",), doc,
              module="storyline.stages.clean",
              adds="clean body, title, byline, authors, outlet, dates, language, removed lines with reason and confidence (a page's reader comments among them)"),
        Stage("storyline.dedup.v1", ("article",), ("report",), doc,
              module="storyline.stages.dedup", adds="copies of one text (syndication, resends) as one report, analysed once"),
        Stage("storyline.segment.v1", ("article",), ("doc", "sentences"), doc, _segment, hooks.save_sentences,
              module="storyline.stages.segment", adds="sentences (spaCy parse)"),
        Stage("storyline.dct.v3", ("article", "doc"), ("dct",), doc, _dct, hooks.save_dct,
              module="storyline.stages.dct", adds="inferred publication date with bounds"),
        Stage("storyline.pinning.v2", ("article", "dct"), ("dct",), doc, _pinning, hooks.save_dct,
              module="storyline.stages.pinning",
              adds="an undated document's date pinned on the events the story's other documents date"),
        Stage(_ENTITIES, ("doc",), ("mentions",), doc, _entities,
              functools.partial(hooks.save_cast_input, stage=_ENTITIES),
              module="storyline.stages.entities", adds="named mentions and roles, the cast's input"),
        Stage("storyline.timex.v4", ("doc", "dct"), ("timexes",), doc, _timex, hooks.save_timexes,
              module="storyline.stages.timex",
              adds="TimeML TIMEX3 date expressions resolved against the publication date"),
        Stage("storyline.quotes.v3", ("doc",), ("quotes",), doc, _quotes, hooks.save_quotes,
              module="storyline.stages.quotes", adds="direct, split, partial and indirect quotes with speakers"),
        Stage("storyline.events.v3", ("sentences", "timexes", "dct"), ("event_mentions",), doc, _events,
              hooks.save_event_mentions,
              module="storyline.stages.events", adds="sentences anchored to a resolved date"),
        Stage("storyline.cast.v2", ("mentions", "quotes"), ("entities", "entity_mentions", "speakers"), "story",
              _cast, hooks.save_cast,
              module="storyline.stages.entities", adds="the cast across documents with all its names; each quote's speaker"),
        Stage("storyline.timeline.v1", ("event_mentions", "entity_mentions"), ("events", "timeline"), "story",
              _timeline, hooks.save_timeline,
              module="storyline.stages.timeline", adds="events merged across documents; the ranked timeline"),
        Stage("storyline.summary.v3", ("sentences", "events"), ("summary",), "story",
              _summary, hooks.save_summary,
              module="storyline.stages.summary", adds="extractive multi-document summary with citations"),
    ):
        register(stage)


_builtin()
