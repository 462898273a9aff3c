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
- a sentence off the story (cosine below `_ON_STORY` to the story's centroid of
  common words: another subject of a live blog, an aside) does not vote for its day;
- a day far outside the span of the story's publication dates (background history, a
  far future) keeps its place only with at least `_FAR_MIN_REPORTS` reports.

score = reports + 0.5 * later + 0.5 * burst, ties to the earlier day. N, when not
given: twice the square root of the number of days that at least two independent
sources date, between 5 and 40 (a story of 100 such days gets 20).

How a sentence is chosen for a day (news-tls's DATEWISE pool and centroid, with
storyline's act weighting): the candidates are every sentence dated that day and the
opening `LEAD_SENTENCES` sentences, undated, of the articles published that day or
the day after (a lead tells its publication day or the day before). A headline or
caption the page glued to a sentence is cut off (`unglue`); page debris (timestamps,
wire credits, lists of headlines, text without a sentence end) is never chosen. Words
and pairs of neighbouring words are weighted by their rarity among the story's dated
sentences and the candidate leads (TF-IDF, so the story's name weighs least); the day's centroid is the sum of its candidates, each one vote. A
candidate's score is its cosine to the centroid times how much it reads like a
statement of the act (`act_weight`: reported speech, quotations, first and second
person, modal opinion, questions, what was still ahead and long sentences rank lower;
so do background (no verb of something done: "There are many types of swine flu"), a
sentence that opens by pointing back ("It has killed ...", "They said ...") or with a
subordinate clause ("After ..., ..."); a sentence far from the story's centroid too). The best is chosen, its words leave the
centroid, and the next entry is chosen for what is left: a day with a summit and a
protest has two entries, not two tellings of the summit. A chosen sentence cites every
sentence of the day that says nearly the same; entries are shown most reported first.
The most important days choose first and a sentence is shown on one day only. The line
shown drops an opening adverbial of relative time or a connective ("Yesterday, ...",
"Meanwhile, ...": wrong or dangling under a date) and the closing attribution of a
sentence that quotes no one ("..., officials said."); text about the page itself ("this
press release") is debris.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from storyline import lexicon
from storyline.models import EventMention, Source
from storyline.stages.key_timeline_lines import _QUOTE
from storyline.stages.key_timeline_lines import trim as trim
from storyline.stages.key_timeline_lines import unglue as unglue
from storyline.text import cosine, stem, terms
from storyline.text import norm as vector_norm

STAGE_NAME = "storyline.key_timeline.v3"

MIN_DATES = 5
MAX_DATES = 40
DEFAULT_PER_DATE = 2
LEAD_SENTENCES = 7  # an article's opening sentences: candidates for its publication day and the day before
_FAR_DAYS = 60
_FAR_MIN_REPORTS = 4
_SAME = 0.35  # cosine above which two sentences report the same thing
_ON_STORY = 0.12  # cosine to the story's centroid below which a sentence is off the story
_CENTROID_TERMS = 300
_MIN_STORY_DOCS = 10
_W_LATER = 0.5
_W_BURST = 0.5
_W_PLANNED = 0.5
_ON_STORY_BASE = 0.2
_LEAD_DAYS = 2
_REDUNDANT = 0.5
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
# A verb form that tells of something done: past tense, a perfect, a passive.
_PAST = re.compile(
    r"\b(?:was|were|had|has|have|did|been|\w{3,}ed|made|took|gave|went|came|told|said|found|began|rose|fell|"
    r"became|left|held|sent|struck|spread|hit|cut|shut|set|put|kept|lost|won|paid|built|brought|caught|"
    r"chose|drew|flew|fought|grew|knew|led|met|ran|saw|sank|sold|spoke|stood|thought|wrote|broke)\b",
    re.IGNORECASE,
)
# Openers that point back to the sentence before ("It has killed ...", "They said ...").
_ANAPHOR = re.compile(r"^[\"“]?(?:It|He|She|They|This|That|These|Those|Its|His|Her|Their|Such|The two|Both)\b")
# Openers of a subordinate clause: the act is not what the sentence leads with.
_SUBORD = re.compile(r"^[\"“]?(?:After|As|While|Although|Though|Even|Despite|Since|Because|If|Unless|With|Whether|Once|Until)\b")
# Text about the page or the publication itself, not about the story.
_META = re.compile(r"\bthis (?:press release|article|page|website|site|blog|story has been)\b", re.IGNORECASE)
_W_GENERIC = 0.5  # no verb of something done: how things are, background
_W_ANAPHOR = 0.6
_W_SUBORD = 0.85
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
    # The cheap tests first: each one alone makes the text debris, so their order does
    # not change the answer.
    # A sentence opens with a capital, a digit or a quotation mark; anything else (a
    # bullet, a lower-case tail of a cut sentence) is a fragment.
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘'"):
        return True
    if not _END.search(text):
        return True
    if (_TIMESTAMP.search(text) or _navigation(text) or _WIRE.search(text) or _CAPTION.search(text)
            or _META.search(text)):
        return True
    caps = sum(1 for w in words if w[:1].isupper())
    # Mostly capitals: a headline list; mostly one- and two-letter pieces: broken text.
    return caps / len(words) > 0.6 or sum(1 for w in words if len(w) <= 2) / len(words) > 0.5


_NAV_WORDS = ("click here", "read more", "see also", "share this", "follow the latest")


def _navigation(text: str) -> bool:
    """`_NAV.search(text)`, without the regex for the ASCII text that cannot match it.

    In ASCII text `_NAV` needs a "|", a ":" (after "photo" and the like) or one of its
    phrases in the lowered text (ASCII letters fold to ASCII letters only); other text
    goes to the regex.
    """
    if text.isascii() and "|" not in text and ":" not in text:
        lowered = text.lower()
        if not any(w in lowered for w in _NAV_WORDS):
            return False
    return _NAV.search(text) is not None


def act_weight(text: str) -> float:
    """How much a sentence reads like a statement of what happened (0..1)."""
    w = 1.0
    if _SPEECH.search(text):
        w *= 0.9
    quotes = len(_QUOTE.findall(text))
    if quotes >= 2 or (quotes == 1 and text[:1] in "\"“"):
        w *= 0.8  # a quotation, or a sentence of one that runs over several
    if _PERSON.search(text):
        w *= 0.75
    if _OPINION.search(text):
        w *= 0.85
    if _AHEAD.search(text):
        w *= 0.6  # what was still to come is not what happened that day
    if text.rstrip().rstrip("\"”’')").endswith("?"):
        w *= 0.3  # a question asks, it does not report
    if _ANAPHOR.match(text):
        w *= _W_ANAPHOR  # needs the sentence before to be understood
    if _SUBORD.match(text):
        w *= _W_SUBORD  # the act comes after a clause about something else
    if not _PAST.search(text):
        w *= _W_GENERIC  # nothing done, only how things are: background
    n = len(text.split())
    if n > _LONG:
        w *= (_LONG / n) ** 2
    elif n < 8:
        w *= 0.8
    return w


def _stems(text: str) -> list[str]:
    return [stem(t) for t in terms(text)]


def _vector(text: str) -> Counter[str]:
    return Counter(_stems(text))


class _Texts:
    """Per-text work shared by the key timeline's steps: a sentence's words, features
    and weights are computed once, however many steps or days read them.

    The cached values are the very objects the uncached functions return, never
    mutated, so every sum over them runs in the same order and gives the same float.
    """

    def __init__(self) -> None:
        stems = self.stems = functools.cache(_stems)  # the closures below hold it, not self: no cycle
        self.vector: Callable[[str], Counter[str]] = functools.cache(lambda text: Counter(stems(text)))
        self.features: Callable[[str], Counter[str]] = functools.cache(lambda text: _pairs(stems(text)))
        self.debris: Callable[[str], bool] = functools.cache(is_debris)
        self.act: Callable[[str], float] = functools.cache(act_weight)


def story_centroid(mentions: Sequence[EventMention], texts: _Texts | None = None) -> dict[str, float]:
    """What the story is about: the terms most documents' dated sentences use, by document frequency."""
    texts = texts or _Texts()
    df: Counter[str] = Counter()
    per_doc: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        per_doc[m.document].update(texts.vector(m.text))
    for words in per_doc.values():
        df.update(words)
    n = max(1, len(per_doc))
    # Words in nearly every document (the story's name) and words of one document weigh least.
    if n < _MIN_STORY_DOCS:
        return {}  # too few documents to tell the story's subject from an aside
    top = sorted(df.items(), key=lambda x: (-x[1], x[0]))[:_CENTROID_TERMS]  # ties by word: one answer every run
    return {t: c * math.log(1 + n / c) for t, c in top if c >= 2}


def rank_days(
    mentions: Sequence[EventMention],
    docs: Mapping[str, DocInfo],
    *,
    start: str | None = None,
    end: str | None = None,
    story: Mapping[str, float] | None = None,
    texts: _Texts | None = None,
) -> list[tuple[str, float, int]]:
    """Day dates with (date, score, independent reports), best first.

    `story`, when given, is `story_centroid(mentions)` already computed by the caller.
    """

    def report_of(d: str) -> str | None:
        info = docs.get(d)
        return info.report if info else None

    texts = texts or _Texts()
    if story is None:
        story = story_centroid(mentions, texts)
    story_norm = vector_norm(story)  # once, not once per sentence: the same float
    citing: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        in_range = len(m.date) == 10 and (start is None or m.date >= start) and (end is None or m.date <= end)
        # A sentence off the story (another subject of a live blog, an aside) does not
        # make its day part of the story.
        if in_range and (not story or cosine(texts.vector(m.text), story, norm_b=story_norm) >= _ON_STORY):
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
    texts = _Texts()
    story = story_centroid(mentions, texts)
    ranked = rank_days(mentions, docs, start=start, end=end, story=story, texts=texts)
    if dates is None:
        dates = choose_count(sum(1 for _, _, n in ranked if n >= 2))
    chosen = {date: score for date, score, _ in ranked[:dates]}
    by_date: dict[str, list[EventMention]] = defaultdict(list)
    for m in mentions:
        if m.date in chosen:
            by_date[m.date].append(m)
    if leads is not None:
        # An article's lead reports its publication day or the day before (a morning
        # paper tells yesterday's news): candidates for both.
        lead_days = {(dt.date.fromisoformat(d) + dt.timedelta(days=k)).isoformat(): d
                     for d in chosen for k in range(_LEAD_DAYS)}
        wanted = {day for day in lead_days}
        for m in leads(wanted):
            for k in range(_LEAD_DAYS):
                target = (dt.date.fromisoformat(m.date) - dt.timedelta(days=k)).isoformat()
                if target in chosen:
                    by_date[target].append(m if k == 0 else replace(m, date=target))

    def report_of(d: str) -> str | None:
        info = docs.get(d)
        return info.report if info else None

    def outlets(documents: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted({o for d in documents if (o := docs.get(d, DocInfo()).outlet)}))

    # Word rarity over the story's dated sentences and the leads that are candidates.
    leads_seen = {(m.document, m.start): m.text for ms in by_date.values() for m in ms if not m.timex_text}
    idf = story_idf([m.text for m in mentions] + list(leads_seen.values()), texts)
    out = []
    # A sentence tells one day: the most important days choose first, and a sentence
    # already shown (a lead is a candidate for two days) is not shown again.
    used: set[str] = set()
    for date in sorted(chosen, key=lambda d: (-chosen[d], d)):
        day_mentions = by_date[date]
        entries = _entries([u for m in day_mentions if " ".join((u := unglue(m)).text.split()) not in used],
                           per_date, report_of, outlets, story, idf, texts)
        used.update(" ".join(e.text.split()) for e in entries)
        entries = [replace(e, text=trim(e.text)) for e in entries]
        documents = {m.document for m in day_mentions}
        out.append(KeyDay(date, tuple(entries), independent_sources(documents, report_of),
                          outlets(documents), round(chosen[date], 3)))
    out.sort(key=lambda d: d.date)
    return out


def _features(text: str) -> Counter[str]:
    """Stemmed content words and pairs of neighbouring ones ("pandemic alert", "top kill")."""
    return _pairs(_stems(text))


def _pairs(words: list[str]) -> Counter[str]:
    out = Counter(words)
    out.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return out


def _tfidf(text: str, idf: Mapping[str, float], rare: float, texts: _Texts | None = None) -> dict[str, float]:
    """A sentence's stemmed content words weighted by how rare they are in the story.

    A word the story's sentences never used weighs as the rarest do, `rare`.
    """
    features = texts.features(text) if texts is not None else _features(text)
    return {t: c * idf.get(t, rare) for t, c in features.items()}


def story_idf(texts: Iterable[str], cache: _Texts | None = None) -> dict[str, float]:
    """Inverse sentence frequency of each feature (`_features`) over the story's sentences.

    A word in every sentence (the story's name) weighs least; a word of one sentence most.
    """
    cache = cache or _Texts()
    df: Counter[str] = Counter()
    n = 0
    for text in texts:
        n += 1
        df.update(set(cache.features(text)))
    return {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}


def _entries(
    day: Sequence[EventMention],
    per_date: int,
    report_of: Callable[[str], str | None],
    outlets: Callable[[Iterable[str]], tuple[str, ...]],
    story: Mapping[str, float],
    idf: Mapping[str, float] | None = None,
    texts: _Texts | None = None,
) -> list[KeyEntry]:
    """The day's happenings, most reported first, each in its most representative act sentence."""
    texts = texts or _Texts()
    idf = idf or {}
    candidates = [i for i, m in enumerate(day) if not texts.debris(m.text)]
    if not candidates:
        return []
    rare = max(idf.values(), default=1.0)
    plain = [texts.vector(m.text) for m in day]
    # Debris is never chosen: only the candidates need a weighted vector and a weight.
    vectors: dict[int, dict[str, float]] = {i: _tfidf(day[i].text, idf, rare, texts) for i in candidates}
    story_norm = vector_norm(story)
    weight = {i: texts.act(day[i].text) * (_W_PLANNED if day[i].planned else 1.0)
              * (_ON_STORY_BASE + cosine(plain[i], story, norm_b=story_norm) if story else 1.0)
              for i in candidates}
    # What the day's reports say: each candidate votes once for its words.
    centroid: dict[str, float] = defaultdict(float)
    for i in candidates:
        norm = math.sqrt(sum(w * w for w in vectors[i].values())) or 1.0
        for t, w in vectors[i].items():
            centroid[t] += w / norm
    # Greedy: the sentence closest to what the day's reports say and most about the act;
    # then what it says is covered, and the next entry must say something else.
    chosen: list[int] = []
    remaining = set(candidates)
    score: dict[int, float] = {}
    while remaining and len(chosen) < per_date:
        centroid_norm = vector_norm(centroid)  # once per round, not once per sentence
        for i in remaining:
            score[i] = cosine(vectors[i], centroid, norm_b=centroid_norm) * weight[i]
        best = min(remaining, key=lambda i: (-score[i], -weight[i], i))
        remaining.discard(best)
        if any(cosine(vectors[best], vectors[c]) >= _REDUNDANT or day[best].text == day[c].text for c in chosen):
            continue
        chosen.append(best)
        for t in vectors[best]:
            centroid.pop(t, None)
    # Each of the day's sentences cites the chosen sentence that says nearly the same.
    # Each similarity once (the first most similar wins, as `max` would choose), each
    # chosen vector's length once.
    cited: dict[int, list[int]] = {c: [c] for c in chosen}
    chosen_norms = [(c, vector_norm(plain[c])) for c in chosen]
    for j in range(len(day)):
        if j in cited:
            continue
        best, best_sim = -1, 0.0
        for c, c_norm in chosen_norms:
            sim = cosine(plain[j], plain[c], norm_b=c_norm)
            if best < 0 or sim > best_sim:
                best, best_sim = c, sim
        if best_sim >= _SAME:
            cited[best].append(j)
    entries: list[tuple[int, float, KeyEntry]] = []
    for c in chosen:
        g = cited[c]
        sources = tuple(dict.fromkeys(Source(day[j].document, day[j].start, day[j].end) for j in g))
        documents = {s.document for s in sources}
        n = independent_sources(documents, report_of)
        entries.append((n, score[c], KeyEntry(day[c].text, sources, n, outlets(documents),
                                                planned=all(day[j].planned for j in g))))
    entries.sort(key=lambda e: (-e[0], -e[1]))
    return [e for _, _, e in entries]
