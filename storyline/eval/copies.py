"""Copy detection scored on labelled pairs: natural copies by hand, synthetic copies by rule.

The labelled set (built here, from `../shared/data`, nothing stored):

- **by hand**: pairs from Reuters-21578 (resends, corrected resends, re-topped versions,
  recurring reports with new figures) and from the Timeline17 tune topics (versions of
  one page, different stories sharing page furniture), read and labelled one by one.
  They were drawn from the pairs that share at least 45% (Reuters, within 3 days) or
  30% (Timeline17) of the shorter text's 4-word shingles, so every one is a hard case.
  Pairs whose answer was unclear (a write-through adding half a new story, two live
  versions of one blog page) were left out.
- **recurring reports**: Reuters pairs sharing at least 45% of the shorter text's
  shingles but dated more than 3 days apart (a weekly table with new figures): not copies.
- **synthetic copies**: an original (Reuters stories of 80+ words and Timeline17
  articles, a fixed sample) and an edited copy, one of five edits:
  `headline` (a new headline line on top), `trim` (the last 20-40% of the sentences
  cut), `debris` (share/subscribe/copyright/related-links lines added above and below),
  `reword` (about one word in 20 replaced by a near-synonym or dropped, "said" often
  becoming "told reporters"), `all` (the four together). Copies are dated 0-2 days
  after the original.
- **synthetic non-copies**: two different Timeline17 articles of one topic published
  the same day (same story, different reports).

Every text is cleaned as `ingest` cleans it (`clean.clean` with line statistics over the
whole set), then all are indexed in one stream as the pipeline would; a pair is
predicted a copy when both texts end in one report.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.eval.reuters import iter_stories
from storyline.stages import clean, dedup

REUTERS = Path("newswire/reuters21578/reuters21578.tar.gz")
T17 = Path("tls/t17-tune")

# (key, key, is a copy): read and labelled by hand; keys are `reu:<NEWID>` and
# `t17:<topic>:<id>`.
HAND_LABELS: tuple[tuple[str, str, bool], ...] = (
    ("reu:12942", "reu:13045", False),  # two stories on the UK minister's Tokyo trip
    ("reu:12844", "reu:12856", True),  # Stoltenberg, resend with a new headline
    ("reu:9628", "reu:9657", True),
    ("reu:13541", "reu:13622", True),
    ("reu:4662", "reu:4713", True),
    ("reu:14839", "reu:14957", True),  # ship ban: the second is trimmed
    ("reu:12307", "reu:12706", False),  # Treasury balances, next day's figures
    ("reu:3322", "reu:3327", True),  # corrected assay results
    ("reu:8457", "reu:8899", True),  # CORRECTED resend of a results table
    ("reu:9770", "reu:9821", True),
    ("reu:17747", "reu:17750", False),  # two Reagan stories of one day
    ("reu:15437", "reu:15671", True),
    ("reu:13806", "reu:15568", False),  # cotton stocks, two days' figures
    ("reu:18851", "reu:18865", True),
    ("reu:14618", "reu:14712", True),
    ("reu:3698", "reu:3732", True),
    ("reu:12010", "reu:12912", False),  # Freddie Mac rates, another day's table
    ("reu:6046", "reu:7769", False),  # Fed repurchases, another day's amount
    ("reu:17244", "reu:17267", True),
    ("reu:1139", "reu:1145", True),  # trimmed
    ("reu:7551", "reu:7595", True),  # trimmed to the first half
    ("reu:2973", "reu:3048", True),
    ("reu:11184", "reu:11240", True),
    ("reu:930", "reu:945", True),  # rewritten headline and lede
    ("reu:17254", "reu:17289", True),
    ("reu:1135", "reu:1317", True),
    ("reu:10719", "reu:10763", True),
    ("reu:9364", "reu:9405", True),  # CORRECTED sales figure
    ("reu:5190", "reu:5338", True),  # next-day re-topped version
    ("reu:906", "reu:1014", True),
    ("reu:4993", "reu:5052", True),
    ("reu:20388", "reu:20930", True),
    ("reu:5541", "reu:5558", True),
    ("reu:5376", "reu:5561", True),  # re-topped, same body
    ("reu:12070", "reu:12092", True),  # shorter version of the same story
    ("reu:3682", "reu:3877", True),  # trimmed version
    ("reu:8291", "reu:8559", True),  # results resent in another layout
    ("reu:14078", "reu:14121", False),  # grain futures, 11 minutes later, new prices
    ("reu:1151", "reu:15721", False),  # rapeseed purchase five weeks later
    ("reu:106", "reu:3386", False),  # grain ships, another week
    ("reu:7818", "reu:10594", False),  # weekly money supply
    ("t17:bpoil_bbc:1596", "t17:bpoil_bbc:519", False),
    ("t17:haiti_bbc:1090", "t17:haiti_bbc:561", False),  # two Obama statements
    ("t17:bpoil_reuters:545", "t17:bpoil_reuters:53", True),  # two versions 3 minutes apart
    ("t17:bpoil_reuters:139", "t17:bpoil_reuters:1793", False),
    ("t17:bpoil_guardian:394", "t17:bpoil_guardian:894", False),
    ("t17:haiti_bbc:820", "t17:haiti_bbc:1538", False),
    ("t17:bpoil_guardian:361", "t17:bpoil_guardian:326", False),
    ("t17:haiti_bbc:920", "t17:haiti_bbc:1042", False),
    ("t17:haiti_bbc:1302", "t17:haiti_bbc:1010", False),
    ("t17:bpoil_reuters:417", "t17:bpoil_reuters:551", False),
    ("t17:bpoil_bbc:152", "t17:bpoil_bbc:143", False),
    ("t17:bpoil_bbc:842", "t17:bpoil_bbc:884", False),  # a box inside a longer page
    ("t17:bpoil_guardian:1158", "t17:bpoil_guardian:894", False),
    ("t17:bpoil_washingtonpost:1257", "t17:bpoil_washingtonpost:231", False),
    ("t17:bpoil_reuters:124", "t17:bpoil_reuters:570", False),
    ("t17:H1N1_bbc:1008", "t17:H1N1_bbc:348", False),
    ("t17:bpoil_washingtonpost:2078", "t17:bpoil_washingtonpost:2025", True),  # print version
    ("t17:bpoil_foxnews:1536", "t17:bpoil_guardian:495", False),
    ("t17:bpoil_foxnews:1929", "t17:bpoil_foxnews:1916", False),
    ("t17:H1N1_guardian:557", "t17:bpoil_guardian:394", False),
    ("t17:bpoil_bbc:85", "t17:bpoil_bbc:1207", False),
    ("t17:bpoil_guardian:361", "t17:bpoil_guardian:1784", False),
    ("t17:bpoil_guardian:394", "t17:bpoil_guardian:2082", False),
)

EDITS = ("headline", "trim", "debris", "reword", "all")

_DEBRIS_TOP = ("Share this article", "Advertisement", "Click here to subscribe to our daily newsletter")
_DEBRIS_BOTTOM = (
    "Related stories:", "Copyright 2010 All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Follow us on Twitter and Facebook", "Print this page | Email a friend",
)
_SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "big": "large", "large": "big",
    "help": "aid", "aid": "help", "began": "started", "start": "begin", "started": "began",
    "about": "around", "more": "further", "also": "too", "very": "highly", "but": "however",
    "official": "spokesman", "officials": "authorities", "people": "persons", "month": "month's",
    "expected": "anticipated", "because": "as", "after": "following", "before": "prior to",
    "announced": "said", "show": "indicate", "shows": "indicates", "rose": "increased",
    "fell": "declined", "company": "firm", "government": "administration",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass
class Labelled:
    """The texts and labelled pairs of the evaluation set."""

    texts: dict[str, tuple[str, dt.date | None]] = field(default_factory=dict)
    pairs: list[tuple[str, str, bool, str]] = field(default_factory=list)
    """(key, key, is a copy, kind)."""


def _t17_articles(data: Path) -> Iterator[tuple[str, dt.date, str]]:
    for folder in sorted((data / T17).iterdir()):
        path = folder / "articles.jsonl.gz"
        if not path.is_file():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                yield f"t17:{folder.name}:{r['id']}", dt.date.fromisoformat(r["time"][:10]), _untokenise(r["text"])


def _untokenise(text: str) -> str:
    # Timeline17 is Penn-Treebank tokenised with " \n" between sentences; the cleaner
    # and the shingles expect ordinary prose.
    text = text.replace("``", '"').replace("''", '"').replace("-LRB-", "(").replace("-RRB-", ")")
    text = re.sub(r" ([.,;:!?%)'])", r"\1", text)
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


def edit(text: str, kind: str, rng: random.Random, other_title: str = "Other news") -> str:
    """A copy of `text` with one documented edit (see the module docstring)."""
    if kind == "all":
        for k in ("trim", "reword", "debris", "headline"):
            text = edit(text, k, rng, other_title)
        return text
    if kind == "headline":
        words = [w for w in text.split()[:12] if w.isalpha()]
        rng.shuffle(words)
        return f"UPDATE: {' '.join(words[:7]).capitalize()}\n\n{text}"
    if kind == "trim":
        sentences = _SENTENCE_END.split(text)
        keep = max(1, round(len(sentences) * (1 - rng.uniform(0.2, 0.4))))
        return " ".join(sentences[:keep])
    if kind == "debris":
        top = rng.sample(_DEBRIS_TOP, 2)
        bottom = rng.sample(_DEBRIS_BOTTOM, 3)
        return "\n\n".join([*top, text, *bottom, f"- {other_title}"])
    if kind == "reword":
        out = []
        for word in text.split(" "):
            bare = word.strip(".,;:\"'").lower()
            if bare == "said" and rng.random() < 0.5:
                out.append(word.replace("said", "told reporters"))
            elif rng.random() < 0.05:
                if bare in _SYNONYMS:
                    out.append(word.replace(bare, _SYNONYMS[bare]))
                elif not word.endswith((".", "\n")):
                    continue  # dropped
                else:
                    out.append(word)
            else:
                out.append(word)
        return " ".join(out)
    raise ValueError(kind)


def labelled_set(data: Path, *, originals: int = 300, seed: int = 13) -> Labelled:
    """Build the labelled pairs and their texts from `data` (the ../shared/data folder)."""
    rng = random.Random(seed)
    out = Labelled()
    hand_keys = {k for a, b, _ in HAND_LABELS for k in (a, b)}
    reuters: list[tuple[str, dt.date, str]] = []
    for s in iter_stories(data / REUTERS):
        key = f"reu:{s.newid}"
        text = s.text()
        if key in hand_keys:
            out.texts[key] = (text, s.date)
        if s.words >= 80:
            reuters.append((key, s.date, text))
    t17 = list(_t17_articles(data))
    for key, day, text in t17:
        if key in hand_keys:
            out.texts[key] = (text, day)
    for a, b, label in HAND_LABELS:
        out.pairs.append((a, b, label, "hand"))

    # Recurring reports: long-shared wording, dated apart.
    out.pairs.extend(_recurring(reuters, out, rng, limit=60))

    # Synthetic copies, from a fixed sample of originals.
    pool = rng.sample(reuters, originals * 2 // 3) + rng.sample(t17, originals // 3)
    for n, (key, day, text) in enumerate(pool):
        out.texts.setdefault(key, (text, day))
        kind = EDITS[n % len(EDITS)]
        other = pool[(n + 1) % len(pool)][2].split("\n", 1)[0][:80]
        copy_key = f"{key}~{kind}"
        out.texts[copy_key] = (edit(text, kind, rng, other), day + dt.timedelta(days=rng.randint(0, 2)))
        out.pairs.append((key, copy_key, True, f"synthetic:{kind}"))

    # Different reports of one story on one day.
    by_day: dict[tuple[str, dt.date], list[tuple[str, str]]] = {}
    for key, day, text in t17:
        by_day.setdefault((key.split(":")[1].split("_")[0], day), []).append((key, text))
    groups = sorted(g for g in by_day.values() if len(g) >= 2)
    rng.shuffle(groups)
    for g in groups[:originals // 2]:
        (a, ta), (b, tb) = rng.sample(g, 2)
        for k, t in ((a, ta), (b, tb)):
            out.texts.setdefault(k, (t, next(d for kk, d, _ in t17 if kk == k)))
        out.pairs.append((a, b, False, "same story, same day"))
    return out


def _recurring(
    reuters: list[tuple[str, dt.date, str]], out: Labelled, rng: random.Random, limit: int
) -> list[tuple[str, str, bool, str]]:
    by_title: dict[str, list[tuple[str, dt.date, str]]] = {}
    for item in reuters:
        title = item[2].split("\n", 1)[0]
        by_title.setdefault(re.sub(r"[\d.,/-]+", "#", title), []).append(item)
    pairs = []
    for items in by_title.values():
        if len(items) < 2:
            continue
        (ka, da, ta), (kb, db, tb) = items[0], items[-1]
        if abs((da - db).days) <= dedup.COPY_DAYS:
            continue
        sa, sb = dedup.shingles(ta), dedup.shingles(tb)
        if not sa or not sb or len(sa & sb) / min(len(sa), len(sb)) < 0.45:
            continue
        out.texts.setdefault(ka, (ta, da))
        out.texts.setdefault(kb, (tb, db))
        pairs.append((ka, kb, False, "recurring report"))
    rng.shuffle(pairs)
    return pairs[:limit]


def clean_texts(texts: dict[str, tuple[str, dt.date | None]]) -> dict[str, str]:
    """Each text as `ingest` stores it: cleaned with line statistics over the whole set."""
    stats = clean.LineStats()
    for text, _ in texts.values():
        stats.add(text)
    return {k: clean.clean(t, stats=stats).text for k, (t, _) in texts.items()}


def evaluate(data: Path, *, originals: int = 300) -> dict[str, Any]:
    """Pair precision and recall of `dedup` on the labelled set, overall and by kind."""
    labelled = labelled_set(data, originals=originals)
    cleaned = clean_texts(labelled.texts)
    keys = sorted(cleaned)
    ids = {k: i for i, k in enumerate(keys)}
    report = dedup.group((ids[k], cleaned[k], labelled.texts[k][1]) for k in keys)
    by_kind: dict[str, list[int]] = {}
    tp = fp = fn = 0
    errors = []
    for a, b, gold, kind in labelled.pairs:
        pred = report[ids[a]] == report[ids[b]]
        counts = by_kind.setdefault(kind, [0, 0])
        counts[0] += 1
        counts[1] += int(pred == gold)
        tp += gold and pred
        fp += (not gold) and pred
        fn += gold and not pred
        if pred != gold:
            errors.append({"a": a, "b": b, "gold": gold, "kind": kind})
    return {
        "pairs": len(labelled.pairs),
        "copies": sum(1 for p in labelled.pairs if p[2]),
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "by_kind": {k: {"pairs": n, "correct": c} for k, (n, c) in sorted(by_kind.items())},
        "errors": errors,
        "texts": len(keys),
    }


def timing(data: Path, *, docs: int = 5000) -> dict[str, float]:
    """Seconds per 1,000 Reuters articles to fingerprint and match against the growing index."""
    texts = []
    for s in iter_stories(data / REUTERS):
        texts.append((s.text(), s.date))
        if len(texts) >= docs:
            break
    index = dedup.CopyIndex()
    start = time.perf_counter()
    cpu = time.process_time()
    for i, (text, day) in enumerate(texts):
        fp = dedup.fingerprint(text, day)
        if fp is not None:
            index.match(fp)
            index.add(i, fp)
    wall = time.perf_counter() - start
    return {
        "docs": float(len(texts)),
        "seconds_per_1000": wall / len(texts) * 1000,
        "cpu_seconds_per_1000": (time.process_time() - cpu) / len(texts) * 1000,
    }
