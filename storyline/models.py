"""Annotation types passed between pipeline stages.

Every annotation is a frozen dataclass. Offsets (`start`, `end`) are character
offsets into the cleaned text of the document the annotation belongs to, so
`article.text[a.start:a.end] == a.text` holds for every span-bearing annotation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

DateSource = Literal["given", "stated", "inferred"]
"""Where a document's publication date came from: `given` with the input (a manifest, a
flag, a record field, the page's metadata), `stated` in its text and read at ingest (a
date line), or `inferred` by an analysis (the dct and pinning stages). Only an inferred
date is inferred again by a later analysis; the other two are evidence."""
GIVEN: DateSource = "given"
STATED: DateSource = "stated"
INFERRED: DateSource = "inferred"


@dataclass(frozen=True)
class RawDocument:
    """One input item as a reader found it, before cleaning."""

    path: str
    """Where it came from: a file path, or `file.jsonl#3` for one record of a file."""
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class RemovedLine:
    """A line the cleaner took out of the body, kept so a user can audit or restore it."""

    text: str
    reason: str
    line_no: int
    """0-based index of the line in the raw text."""
    confidence: float = 1.0
    """How sure the rule that removed it is, 0..1 (1.0 for lines stored before it was kept)."""


@dataclass(frozen=True)
class Cleaned:
    """What the cleaner returns for one raw text."""

    text: str
    """The article body, paragraphs separated by a blank line."""
    title: str | None = None
    byline: str | None = None
    dateline: str | None = None
    """A place dateline such as `TOKYO` or `BUENOS AIRES, Dec 1 (Reuters)`."""
    date: dt.date | None = None
    """A publication date stated by a date line in the text itself."""
    outlet: str | None = None
    """An outlet or wire name found in the text (credit line, dateline)."""
    removed: tuple[RemovedLine, ...] = ()


@dataclass(frozen=True)
class DctGuess:
    """An inferred document creation (publication) date with its bounds."""

    date: dt.date
    earliest: dt.date
    latest: dt.date
    confidence: float
    """0..1: how sure the inference is that `date` is the exact day."""
    source: str
    """What it came from: `dateline`, `references`, `story`."""


@dataclass(frozen=True)
class Article:
    """A cleaned document with its metadata: the unit every stage works on."""

    path: str
    text: str
    content_hash: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    published_inferred: bool = False
    published_earliest: dt.date | None = None
    published_latest: dt.date | None = None
    removed_lines: tuple[RemovedLine, ...] = ()
    authors: tuple[str, ...] = ()
    """The byline's people, one name each (a page's metadata, or the byline split)."""
    updated: dt.date | None = None
    """When the page says the article was last updated (after its publication)."""
    language: str | None = None
    """The language the page declares (`en`, `en-gb`)."""
    published_sources: tuple[tuple[str, str], ...] = ()
    """What each source said the publication date is: (`htmldate` | `json-ld`, ISO date)."""
    published_source: DateSource | None = None
    """Where `published` came from (None with no date; a date with no source counts as given)."""


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention as the NER found it (label repaired later by the cast)."""

    start: int
    end: int
    text: str
    label: str
    """spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ..."""


@dataclass(frozen=True, slots=True)
class Timex:
    """A TimeML TIMEX3 temporal expression found in a text."""

    start: int
    end: int
    text: str
    type: str
    """DATE, TIME, DURATION or SET."""
    value: str | None
    """TimeML value (`2019-01-22`, `2019-SP`, `P3M`, `PRESENT_REF`...); None if unresolvable."""
    anchor: str | None = None
    """What a relative value was computed from: `DCT`, or `timex:<start>` of the
    previous expression it was anchored to; None for absolute expressions."""
    mod: str | None = None
    """TimeML mod: START, MID, END, APPROX, BEFORE, AFTER..."""
    rule: str = ""
    """Name of the rule that produced it, for debugging and `storyline` explanations."""


@dataclass(frozen=True)
class Quote:
    """A quotation (direct) or reported speech (indirect) with its speaker."""

    start: int
    end: int
    text: str
    """The quoted words without surrounding quote marks; for split quotes, the pieces
    joined by ` ... `. `start`/`end` span all pieces in the document text."""
    kind: str
    """`direct`, `indirect` (paraphrase) or `scare` (1-3 word scare quote)."""
    speaker_name: str | None = None
    """Speaker as written (`Putin`, `the president`, `a senior Foreign Ministry official`)."""
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_kind: str | None = None
    """`name`, `role`, `pronoun`, `anonymous`, or None when no speaker was found."""
    cue: str | None = None
    """The speech verb or cue (`said`, `according to`, `quoted ... as saying`)."""
    cue_start: int | None = None
    cue_end: int | None = None
    channel: str | None = None
    """A reporting channel kept apart from the speaker (`Tass`)."""
    pieces: tuple[tuple[int, int], ...] = ()
    """Offsets of each quoted piece (without quote marks) for split quotes."""


@dataclass(frozen=True)
class Entity:
    """One real-world referent across all documents of a story."""

    id: str
    name: str
    type: str
    """PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, PRODUCT, LAW, WORK_OF_ART."""
    aliases: tuple[tuple[str, int], ...] = ()
    """Every surface form with its count, most frequent first."""
    mentions: int = 0
    documents: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    """Role descriptions seen with it (`Foreign Minister`)."""


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A span in one document linked to a cast entity."""

    document: str
    start: int
    end: int
    text: str
    entity: str
    """Entity id."""
    kind: str = "name"
    """`name`, `role`, `pronoun`."""


@dataclass(frozen=True, slots=True)
class Source:
    document: str
    start: int
    end: int


@dataclass(frozen=True)
class Event:
    """A dated happening, possibly reported by several documents."""

    id: str
    date: str
    """TimeML value at its granularity (`2019-01-22`, `2019-01`, `2019-SP`)."""
    planned: bool
    text: str
    sources: tuple[Source, ...]
    entities: tuple[str, ...] = ()
    timex_text: str = ""
    """The expression it was dated from, e.g. `on Saturday`."""
    anchor: str = ""
    """What the expression was resolved against, e.g. `DCT 2018-12-01`."""


@dataclass(frozen=True)
class TimelineEntry:
    text: str
    sources: tuple[Source, ...]
    event: str = ""


@dataclass(frozen=True)
class TimelineDay:
    date: str
    entries: tuple[TimelineEntry, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SummarySentence:
    text: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class EventMention:
    """One document's sentence dated by one expression (made by the events stage)."""

    document: str
    date: str
    planned: bool
    start: int
    end: int
    text: str
    timex_start: int
    timex_end: int
    timex_text: str
    anchor: str | None


@dataclass(frozen=True)
class PublicationDate:
    """A document's publication date as the dct stage settles it (None: unknown)."""

    published: dt.date | None
    inferred: bool = False
    earliest: dt.date | None = None
    latest: dt.date | None = None
    source: DateSource | None = None
    """Where the date came from; None: `inferred` when inferred, else `given`."""

    def origin(self) -> DateSource | None:
        """Where the date came from (None: no date)."""
        if self.published is None:
            return None
        return self.source or (INFERRED if self.inferred else GIVEN)


@dataclass(frozen=True)
class DocumentAnalysis:
    """What the per-document stages made of one document, before anything is stored.

    `results` maps each stage that ran to the values it assigned; a stage that raised
    is in `failed` with its reason, and one whose inputs are missing is in neither.
    Plain data (no spaCy objects), so a worker process can send it to the one writer.
    """

    doc_id: int
    item: str
    results: dict[str, dict[str, object]] = field(default_factory=dict)
    failed: tuple[tuple[str, str], ...] = ()

    @property
    def done(self) -> tuple[str, ...]:
        """Stages that completed, in the order they ran."""
        return tuple(self.results)
