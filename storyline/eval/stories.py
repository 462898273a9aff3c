"""Stories in a mixed pile scored with B-cubed against gold stories.

- **ECB+** (topics 1-35, `../shared/data/ecbplus`): every topic holds two real events of
  one kind (the `ecb` and `ecbplus` halves: two earthquakes, two rehab stays); the gold
  story of a document is its (topic, half). All documents of the chosen topics are
  clustered together, in a fixed shuffled order. ECB+ documents carry no publication
  date, so the date window never helps here. Topics 1-22 tune, 23-35 report.
- **Timeline17 + Reuters noise**: the Timeline17 tune topics' articles (gold story: the
  topic, whichever outlet: `bpoil_bbc` and `bpoil_reuters` are one story) mixed with
  Reuters-21578 stories, each its own gold story, in a fixed shuffled order, dated.
  Texts are cleaned as `ingest` cleans them. Scored on all documents, and on the
  Timeline17 documents alone (how well the stories come out of the noise).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from storyline.eval.coref_metrics import b_cubed

Item = tuple[str, str, dt.date | None]


def _score(gold: dict[str, Any], got: dict[str, int], only: Iterable[str] | None = None) -> dict[str, float]:
    keep = set(only) if only is not None else set(gold)
    key: dict[Any, list[str]] = {}
    for k in keep:
        key.setdefault(gold[k], []).append(k)
    resp: dict[int, list[str]] = {}
    for k, s in got.items():
        resp.setdefault(s, []).append(k)
    if only is not None:
        # Precision of a kept document counts every document of its story, noise included.
        p = sum(
            sum(1 for o in resp[got[k]] if o in keep and gold[o] == gold[k]) / len(resp[got[k]]) for k in keep
        ) / len(keep)
        r = sum(
            sum(1 for o in key[gold[k]] if got[o] == got[k]) / len(key[gold[k]]) for k in keep
        ) / len(keep)
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
    prf = b_cubed(key.values(), resp.values())
    return {"precision": prf.precision, "recall": prf.recall, "f1": prf.f1}


def _run(items: Sequence[Item], gold: dict[str, Any], seed: int = 0) -> tuple[dict[str, int], float]:
    from storyline.stages.stories import cluster

    order = list(items)
    random.Random(seed).shuffle(order)
    # As a crawl arrives (and as `find_stories` places a batch): by publication date,
    # ties and undated documents in the shuffled order.
    order.sort(key=lambda it: it[2] or dt.date.max)
    start = time.process_time()
    got = cluster(order)
    return got, time.process_time() - start


def ecbplus(root: Path | None, topics: Sequence[int]) -> dict[str, Any]:
    """B-cubed of stories over ECB+ documents of `topics` clustered together."""
    from storyline.eval import cast

    folder = cast.ensure_ecbplus(root)
    items: list[Item] = []
    gold: dict[str, Any] = {}
    for t in topics:
        for p in cast._topic_documents(folder, t):
            items.append((p.stem, cast.read_document(p, None).text, None))
            gold[p.stem] = (t, "ecbplus" if p.stem.endswith("ecbplus") else "ecb")
    got, cpu = _run(items, gold)
    return {
        "documents": len(items), "gold_stories": len(set(gold.values())), "stories": len(set(got.values())),
        **_score(gold, got), "cpu_seconds_per_1000": cpu / max(1, len(items)) * 1000,
    }


def t17_with_noise(data: Path, noise: int = 2000) -> dict[str, Any]:
    """B-cubed of stories over the Timeline17 tune topics mixed with `noise` Reuters stories."""
    from storyline.eval.copies import REUTERS, _t17_articles, clean_texts
    from storyline.eval.reuters import iter_stories

    texts: dict[str, tuple[str, dt.date | None]] = {}
    gold: dict[str, Any] = {}
    for key, day, text in _t17_articles(data):
        texts[key] = (text, day)
        gold[key] = key.split(":")[1].split("_")[0]
    t17 = list(texts)
    for s in iter_stories(data / REUTERS, min_words=50):
        if len(texts) >= len(t17) + noise:
            break
        key = f"reu:{s.newid}"
        texts[key] = (s.text(), s.date)
        gold[key] = key
    cleaned = clean_texts(texts)
    items = [(k, cleaned[k], texts[k][1]) for k in texts]
    got, cpu = _run(items, gold)
    t17_stories = {got[k] for k in t17}
    return {
        "documents": len(items), "timeline17": len(t17), "noise": len(items) - len(t17),
        "stories": len(set(got.values())),
        "all": _score(gold, got),
        "timeline17_only": _score(gold, got, t17),
        "noise_in_timeline17_stories": sum(1 for k in texts if k not in gold or (gold[k] == k and got[k] in t17_stories)),
        "cpu_seconds_per_1000": cpu / max(1, len(items)) * 1000,
    }
