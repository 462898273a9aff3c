"""The key timeline: the few dates a reader needs, each with what happened that day.

Reads the story's event mentions (sentences dated by an expression they contain) and
each document's publication date, outlet and report (the wire story it copies, if
any); adds the key timeline: the N most important days in date order, each with up to
K short sentences about what happened, their citations and the count of independent
sources and outlets.

How a day is ranked (all counts are of independent sources: copies of one report
count once, see `independent_sources`):

- `reports`: sources with a sentence dated that day;
- `later`: of those, sources published two or more days after it (the story keeps
  referring back to it);
- `burst`: sources published on the day or the two days after (coverage peaks after
  what happened);
- a day far outside the span of the story's publication dates (background history, a
  far future) keeps its place only with at least `_FAR_MIN_REPORTS` reports.

score = reports + 0.5 * later + 0.25 * burst, ties to the earlier day. N, when not
given: twice the square root of the number of days that at least two independent
sources date, between 5 and 40 (a story of 100 such days gets 20).

How a sentence is chosen for a day: every sentence dated that day is a candidate;
its score is its similarity to all that day's sentences (what most reports say),
times how much it reads like a statement of the act: reported speech, quotations,
first and second person and modal opinion rank lower, long sentences rank lower,
page debris (timestamps, wire credits, lists of headlines, text without a sentence
end) is never chosen. A chosen sentence cites every sentence of the day that says
nearly the same; the next entry must say something else (a day with a summit and a
protest has two entries).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from storyline import lexicon
from storyline.models import EventMention, Source
from storyline.text import cosine, stem, terms

STAGE_NAME = "storyline.key_timeline.v1"

MIN_DATES = 5
MAX_DATES = 40
DEFAULT_PER_DATE = 2
LEAD_SENTENCES = 2  # an article's opening sentences: candidates for its publication day
_FAR_DAYS = 60
_FAR_MIN_REPORTS = 4
_SAME = 0.35  # cosine above which two sentences report the same thing
_ON_STORY = 0.1  # cosine to the story's centroid below which a sentence is off the story
_CENTROID_TERMS = 300
_MIN_STORY_DOCS = 10
_W_LATER = 0.5
_W_BURST = 0.5
_LONG = 30  # words: journalists' timeline sentences average about 22 tokens

_TIMESTAMP = re.compile(
    r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|GMT|EDT|EST|BST|UTC)\b|^\W*(?:at\s+)?\d{1,2}:\d{2}\b|\bwrote:",
    re.IGNORECASE,
)
_WIRE = re.compile(r"\((?:Reuters|AP|AFP|Kyodo|Xinhua|Bloomberg|UPI)\)|^[A-Z][A-Z .,'-]{3,}\s*[-–—]{1,2}\s", re.MULTILINE)
_NAV = re.compile(
    r"[|»•·]|\bclick here\b|\bread more\b|\bsee also\b|\bshare this\b|\bfollow the latest\b|"
    r"\b(?:photograph|photo|picture|image|illustration)\s*:",
    re.IGNORECASE,
)
_SPEECH = re.compile(
    r"\b(?:said|says|told|telling|according to|argues?|argued|believes?|believed|claims?|claimed|"
    r"insists?|insisted|warns?|warned|writes|wrote|added|asked|suggests?|suggested|thinks?|thought)\b",
    re.IGNORECASE,
)
_PERSON = re.compile(r"\b(?:I|we|We|you|You|our|Our|my|My|us)\b")
_OPINION = re.compile(r"\b(?:should|must|ought|might|perhaps|maybe|seems?|appears? to)\b", re.IGNORECASE)
_AHEAD = re.compile(
    r"\b(?:will|(?:is|are|was|were) (?:due|expected|set|scheduled|to)|plans? to|intends? to)\b", re.IGNORECASE
)
# A wire photo caption ends on the picture's full date ("... in Bogota May 4, 2009.").
_CAPTION = re.compile(rf"\b(?:{'|'.join(sorted({m[:3].title() for m in lexicon.months()}))})[a-z]*\.? \d{{1,2}}, \d{{4}}\.\s*$")
_QUOTE = re.compile(r"[\"“”]")
_END = re.compile(r"[.!?][\"”’')\]]*\s*$")


@dataclass(frozen=True)
class DocInfo:
    """What the key timeline needs of a document."""

    published: str | None = None
    outlet: str | None = None
    report: str | None = None
    """The report it copies (a wire story's id), or None when it is its own."""


@dataclass(frozen=True)
class KeyEntry:
    """One thing that happened on a key day, in one representative sentence."""

    text: str
    sources: tuple[Source, ...]
    independent: int
    outlets: tuple[str, ...]
    planned: bool = False


@dataclass(frozen=True)
class KeyDay:
    """A key date with its entries and how many independent sources report it."""

    date: str
    entries: tuple[KeyEntry, ...]
    independent: int
    outlets: tuple[str, ...]
    score: float


def independent_sources(documents: Iterable[str], report_of: Callable[[str], str | None]) -> int:
    """How many independent sources the documents are: copies of one report count once.

    `report_of(doc)` names the report a document copies (a wire story, an identical
    text), or None when the document is its own source.
    """
    return len({report_of(d) or d for d in documents})


def choose_count(days_with_two_sources: int) -> int:
    """N when the user gives none: 2 x sqrt(days at least two sources date), in [5, 40]."""
    return max(MIN_DATES, min(MAX_DATES, round(2 * math.sqrt(days_with_two_sources))))


def is_debris(text: str) -> bool:
    """Page debris, not a sentence about an act: timestamps, wire credits, navigation, no sentence end."""
    words = text.split()
    if len(words) < 5:
        return True
    if _TIMESTAMP.search(text) or _NAV.search(text) or _WIRE.search(text) or _CAPTION.search(text):
        return True
    if not _END.search(text):
        return True
    # A sentence opens with a capital, a digit or a quotation mark; anything else (a
    # bullet, a lower-case tail of a cut sentence) is a fragment.
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘'"):
        return True
    caps = sum(1 for w in words if w[:1].isupper())
    # Mostly capitals: a headline list; mostly one- and two-letter pieces: broken text.
    return caps / len(words) > 0.6 or sum(1 for w in words if len(w) <= 2) / len(words) > 0.5


def act_weight(text: str) -> float:
    """How much a sentence reads like a statement of what happened (0..1)."""
    w = 1.0
    if _SPEECH.search(text):
        w *= 0.9
    if len(_QUOTE.findall(text)) >= 2:
        w *= 0.8
    if _PERSON.search(text):
        w *= 0.75
    if _OPINION.search(text):
        w *= 0.85
    if _AHEAD.search(text):
        w *= 0.6  # what was still to come is not what happened that day
    if text.rstrip().rstrip("\"”’')").endswith("?"):
        w *= 0.3  # a question asks, it does not report
    n = len(text.split())
    if n > _LONG:
        w *= (_LONG / n) ** 2
    elif n < 8:
        w *= 0.8
    return w


def _vector(text: str) -> Counter[str]:
    return Counter(stem(t) for t in terms(text))




def story_centroid(mentions: Sequence[EventMention]) -> dict[str, float]:
    """What the story is about: the terms most documents' dated sentences use, by document frequency."""
    df: Counter[str] = Counter()
    per_doc: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        per_doc[m.document].update(_vector(m.text))
    for words in per_doc.values():
        df.update(words)
    n = max(1, len(per_doc))
    # Words in nearly every document (the story's name) and words of one document weigh least.
    if n < _MIN_STORY_DOCS:
        return {}  # too few documents to tell the story's subject from an aside
    return {t: c * math.log(1 + n / c) for t, c in df.most_common(_CENTROID_TERMS) if c >= 2}


def rank_days(
    mentions: Sequence[EventMention],
    docs: Mapping[str, DocInfo],
    *,
    start: str | None = None,
    end: str | None = None,
) -> list[tuple[str, float, int]]:
    """Day dates with (date, score, independent reports), best first."""

    def report_of(d: str) -> str | None:
        info = docs.get(d)
        return info.report if info else None

    story = story_centroid(mentions)
    citing: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        in_range = len(m.date) == 10 and (start is None or m.date >= start) and (end is None or m.date <= end)
        # A sentence off the story (another subject of a live blog, an aside) does not
        # make its day part of the story.
        if in_range and (not story or cosine(_vector(m.text), story) >= _ON_STORY):
            citing[m.date].add(m.document)
    pubs = sorted(p for p in (i.published for i in docs.values()) if p)
    lo = dt.date.fromisoformat(pubs[len(pubs) // 20]) if pubs else None
    hi = dt.date.fromisoformat(pubs[-1 - len(pubs) // 20]) if pubs else None
    published_on: dict[str, set[str]] = defaultdict(set)
    for d, info in docs.items():
        if info.published:
            published_on[info.published].add(d)
    ranked = []
    for date, documents in citing.items():
        day = dt.date.fromisoformat(date)
        reports = independent_sources(documents, report_of)
        if lo is not None and hi is not None and (
            day < lo - dt.timedelta(days=_FAR_DAYS) or day > hi + dt.timedelta(days=_FAR_DAYS)
        ) and reports < _FAR_MIN_REPORTS:
            continue
        later = independent_sources(
            (d for d in documents if (p := docs.get(d, DocInfo()).published) and
             dt.date.fromisoformat(p) >= day + dt.timedelta(days=2)), report_of)
        window = set()
        for k in range(3):
            window |= published_on.get((day + dt.timedelta(days=k)).isoformat(), set())
        burst = independent_sources(window, report_of)
        score = reports + _W_LATER * later + _W_BURST * burst
        ranked.append((date, score, reports))
    ranked.sort(key=lambda x: (-x[1], x[0]))
    return ranked


def key_timeline(
    mentions: Sequence[EventMention],
    docs: Mapping[str, DocInfo],
    *,
    dates: int | None = None,
    per_date: int = DEFAULT_PER_DATE,
    start: str | None = None,
    end: str | None = None,
    leads: Callable[[set[str]], Iterable[EventMention]] | None = None,
) -> list[KeyDay]:
    """The key days in date order, each with up to `per_date` entries.

    `leads(days)`, when given, yields the opening sentences of the articles published
    on those days that no expression dates, each as a mention of its publication day:
    a news article's lead reports what happened that day, so it is a candidate
    sentence for the day (never a reason to choose the day).
    """
    ranked = rank_days(mentions, docs, start=start, end=end)
    story = story_centroid(mentions)
    if dates is None:
        dates = choose_count(sum(1 for _, _, n in ranked if n >= 2))
    chosen = {date: score for date, score, _ in ranked[:dates]}
    by_date: dict[str, list[EventMention]] = defaultdict(list)
    for m in mentions:
        if m.date in chosen:
            by_date[m.date].append(m)
    if leads is not None:
        for m in leads(set(chosen)):
            if m.date in chosen:
                by_date[m.date].append(m)

    def report_of(d: str) -> str | None:
        info = docs.get(d)
        return info.report if info else None

    def outlets(documents: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted({o for d in documents if (o := docs.get(d, DocInfo()).outlet)}))

    out = []
    for date in sorted(chosen):
        day_mentions = by_date[date]
        entries = _entries(day_mentions, per_date, report_of, outlets, story)
        documents = {m.document for m in day_mentions}
        out.append(KeyDay(date, tuple(entries), independent_sources(documents, report_of),
                          outlets(documents), round(chosen[date], 3)))
    return out


def _entries(
    day: Sequence[EventMention],
    per_date: int,
    report_of: Callable[[str], str | None],
    outlets: Callable[[Iterable[str]], tuple[str, ...]],
    story: Mapping[str, float],
) -> list[KeyEntry]:
    """The day's happenings, most reported first, each in its most representative act sentence."""
    vectors = [_vector(m.text) for m in day]
    on_story = [0.2 + cosine(v, story) if story else 1.0 for v in vectors]
    # Group by what happened: each sentence joins the group whose first (best) sentence
    # says nearly the same, else opens a group. Best-first order makes the opener a
    # statement of the act rather than an aside about it.
    weight = [act_weight(m.text) * (0.5 if m.planned else 1.0) * on_story[i] for i, m in enumerate(day)]
    order = sorted(range(len(day)), key=lambda i: (-weight[i], i))
    groups: list[list[int]] = []
    # Group openers by term: only groups sharing a word can be similar enough, so each
    # sentence is compared with a few openers, not all of them.
    openers: dict[str, list[int]] = defaultdict(list)
    for i in order:
        near = sorted({k for t in vectors[i] for k in openers.get(t, ())})
        for k in near:
            if cosine(vectors[i], vectors[groups[k][0]]) >= _SAME:
                groups[k].append(i)
                break
        else:
            for t in vectors[i]:
                openers[t].append(len(groups))
            groups.append([i])

    def support(g: list[int]) -> tuple[int, float]:
        return (independent_sources({day[j].document for j in g}, report_of), sum(weight[j] for j in g))

    groups.sort(key=lambda g: (-support(g)[0], -support(g)[1], g[0]))
    entries: list[KeyEntry] = []
    for g in groups:
        if len(entries) >= per_date:
            break
        centroid: Counter[str] = Counter()
        for j in g:
            centroid.update(vectors[j])
        # The representative: close to what the group's reports say, about the act, short.
        candidates = [j for j in g if not is_debris(day[j].text)]
        if not candidates:
            continue
        best = max(candidates, key=lambda j: (cosine(vectors[j], centroid) * weight[j], -j))
        sources = tuple(dict.fromkeys(Source(day[j].document, day[j].start, day[j].end) for j in g))
        documents = {s.document for s in sources}
        entries.append(KeyEntry(day[best].text, sources, independent_sources(documents, report_of),
                                outlets(documents), planned=all(day[j].planned for j in g)))
    return entries
