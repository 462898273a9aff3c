"""Timeline summarisation scores on Timeline17-style topics, with tilse.

A topic folder holds `articles.jsonl.gz` (`id`, `time`, `text`: Penn-Treebank tokens,
one sentence a line) and `timelines.jsonl` (journalists' timelines, one a line: a list
of `[date, [sentence, ...]]`). For each topic this module

- detokenises every article once (nltk's Treebank detokeniser) and builds a storyline
  database from them, cached under a folder so a topic is built only when its analysis
  is out of date;
- asks each system for a timeline of L dates and K sentences a date, L and K taken from
  each gold timeline (L its number of dates, K its mean sentences per date, rounded) as
  news-tls does: storyline's key timeline (`storyline timeline --dates L --per-date K`),
  a RANDOM baseline (random publication days, random sentences of that day's articles)
  and a most-mentioned-dates baseline (the L days most sentences date, the first K
  such sentences);
- scores with tilse (`rouge_computation="reimpl"`): date F1, concat, agreement and
  align+ m:1 ROUGE-1/2. System and gold sentences are tokenised by one tokeniser (nltk's
  Treebank tokeniser over the detokenised text), so no system gains from token style.

"With the gold span" restricts every system to dates between the gold timeline's first
and last date (news-tls's setting); "without" lets it choose any date. Precision and
recall are averaged over timelines first, then combined into F1.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.errors import InputError

ARTICLES = "articles.jsonl.gz"
TIMELINES = "timelines.jsonl"
SYSTEMS = ("storyline", "most-mentioned", "random")
METRICS = ("date_f1", "concat_r1", "concat_r2", "agreement_r1", "agreement_r2", "align_m1_r1", "align_m1_r2")
RANDOM_SEED = 13

# Penn-Treebank escapes of brackets, undone before detokenising.
_PTB_ESCAPES = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}

SystemTimeline = dict[str, list[str]]
"""ISO date -> sentences (detokenised text)."""


@dataclass(frozen=True)
class GoldTimeline:
    """One journalist's timeline: ISO date -> detokenised sentences."""

    days: dict[str, list[str]]

    @property
    def length(self) -> int:
        """L: how many dates."""
        return len(self.days)

    @property
    def per_date(self) -> int:
        """K: mean sentences per date, rounded, at least 1."""
        n = sum(len(s) for s in self.days.values())
        return max(1, round(n / max(1, len(self.days))))

    @property
    def span(self) -> tuple[str, str]:
        """First and last date."""
        dates = sorted(self.days)
        return dates[0], dates[-1]


def detokenize(text: str) -> str:
    """Penn-Treebank tokens back to text, line by line (one sentence a line stays one line)."""
    from nltk.tokenize.treebank import TreebankWordDetokenizer

    detok = TreebankWordDetokenizer()
    lines = [detok.detokenize([_PTB_ESCAPES.get(t, t.replace("\\/", "/").replace("\\*", "*")) for t in line.split()])
             for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def tokenize(text: str) -> str:
    """The one tokenisation every scored sentence goes through (space-separated tokens)."""
    from nltk.tokenize.treebank import TreebankWordTokenizer

    return " ".join(TreebankWordTokenizer().tokenize(text))


def topics_in(directory: Path, names: Sequence[str] = ()) -> list[Path]:
    """The topic folders of `directory` (those holding articles and timelines), or the named ones."""
    if not directory.is_dir():
        raise InputError(str(directory), "not a folder of topics")
    found = sorted(p for p in directory.iterdir() if (p / ARTICLES).exists() and (p / TIMELINES).exists())
    if names:
        by_name = {p.name: p for p in found}
        missing = [n for n in names if n not in by_name]
        if missing:
            raise InputError(str(directory), f"no topic {', '.join(missing)}; it holds {', '.join(by_name)}")
        return [by_name[n] for n in names]
    if not found:
        raise InputError(str(directory), f"no topic folders with {ARTICLES} and {TIMELINES}")
    return found


def iter_articles(topic: Path) -> Iterator[dict[str, Any]]:
    """The topic's articles as JSON records, one at a time."""
    with gzip.open(topic / ARTICLES, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def gold_timelines(topic: Path) -> list[GoldTimeline]:
    """The topic's gold timelines, sentences detokenised."""
    out = []
    for line in (topic / TIMELINES).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        days: dict[str, list[str]] = defaultdict(list)
        for date, sents in json.loads(line):
            days[str(date)[:10]].extend(detokenize(s.strip()) for s in sents if s.strip())
        out.append(GoldTimeline(dict(days)))
    return out


def outlet_of(topic: Path) -> str:
    """The outlet a Timeline17 topic folder is named after (`H1N1_bbc` -> `bbc`)."""
    return topic.name.rsplit("_", 1)[-1]


def write_inputs(topic: Path, target: Path, *, with_dates: bool = True) -> Path:
    """The topic's articles, detokenised, as one JSONL file storyline reads."""
    path = target / f"{topic.name}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for rec in iter_articles(topic):
            row: dict[str, Any] = {"id": rec["id"], "text": detokenize(rec["text"]), "outlet": outlet_of(topic)}
            if with_dates:
                row["published"] = str(rec["time"])[:10]
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def build_topic(topic: Path, cache: Path, *, with_dates: bool = True,
                on_problem: Callable[[str, str], None] | None = None) -> Path:
    """A storyline database of the topic under `cache`, analysed with the current stages."""
    import storyline

    cache.mkdir(parents=True, exist_ok=True)
    db = cache / f"{topic.name}{'' if with_dates else '-undated'}.db"
    if not with_dates and db.exists() and _out_of_date(db):
        # A re-analysis infers the inferred dates again, but what is measured is a first
        # build over an undated pile: a build without dates starts over.
        for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp, storyline.connect(db) as store:
        inputs = write_inputs(topic, Path(tmp), with_dates=with_dates)
        kw: dict[str, Any] = {} if on_problem is None else {"on_problem": on_problem}
        storyline.ingest(store, [inputs], **kw)
        storyline.analyze(store, **kw)
    return db


def _out_of_date(db: Path) -> bool:
    """Whether some current document of the database was analysed by other stages than today's."""
    import storyline
    from storyline import registry
    from storyline.store import repo

    with storyline.connect(db) as store:
        return bool(repo.ids_needing_analysis(store, registry.analysis_version()))


def dating_scores(topic: Path, db: Path) -> dict[str, float]:
    """How well a database built without dates (`with_dates=False`) inferred each article's date.

    Shares of the topic's articles dated exactly, within 1 day and within 3 days of the true
    publication date, left undated, and whose inferred range contains the true date.
    """
    import storyline
    from storyline.store import repo

    truth = [str(rec["time"])[:10] for rec in iter_articles(topic)]
    exact = near1 = near3 = undated = contained = 0
    with storyline.connect(db) as store:
        rows = [(r["path"], r["published"], r["published_earliest"], r["published_latest"])
                for r in repo.document_meta(store)]
    for path, published, earliest, latest in rows:
        true = dt.date.fromisoformat(truth[int(path.rsplit("#", 1)[1]) - 1])
        if not published:
            undated += 1
            continue
        gap = abs((dt.date.fromisoformat(published) - true).days)
        exact += gap == 0
        near1 += gap <= 1
        near3 += gap <= 3
        lo = dt.date.fromisoformat(earliest) if earliest else dt.date.fromisoformat(published)
        hi = dt.date.fromisoformat(latest) if latest else dt.date.fromisoformat(published)
        contained += lo <= true <= hi
    n = max(1, len(rows))
    return {"articles": len(rows), "exact": round(exact / n, 4), "within_1": round(near1 / n, 4),
            "within_3": round(near3 / n, 4), "undated": round(undated / n, 4),
            "range_contains": round(contained / n, 4)}


# --- systems ------------------------------------------------------------------------


def storyline_timeline(db: Path, length: int, per_date: int, span: tuple[str, str] | None) -> SystemTimeline:
    """What `storyline timeline --dates L --per-date K [--from --to] --json` prints, as a dict."""
    import storyline
    from storyline.export.story import key_timeline

    with storyline.connect(db) as store:
        days = key_timeline(store, dates=length, per_date=per_date,
                            start=span[0] if span else None, end=span[1] if span else None)
    return {d["date"]: [e["text"] for e in d["entries"]] for d in days}


def _day_mentions(db: Path, span: tuple[str, str] | None) -> list[tuple[str, str, str, int, str]]:
    """(date, published, document, start, text) of every day-dated event mention."""
    import storyline
    from storyline.store import repo

    with storyline.connect(db) as store:
        pub = {k: v or "" for k, v in repo.document_dates(store).items()}
        rows = [(m.date, pub.get(m.document, ""), m.document, m.start, m.text)
                for m in repo.event_mentions(store) if len(m.date) == 10]
    if span:
        rows = [r for r in rows if span[0] <= r[0] <= span[1]]
    return rows


def most_mentioned_timeline(db: Path, length: int, per_date: int, span: tuple[str, str] | None) -> SystemTimeline:
    """The L days most sentences date; per day the first K such sentences by publication order."""
    rows = _day_mentions(db, span)
    counts = Counter(r[0] for r in rows)
    chosen = {d for d, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0]))[:length]}
    out: dict[str, list[str]] = defaultdict(list)
    for date, _, _, _, text in sorted(r for r in rows if r[0] in chosen):
        if len(out[date]) < per_date:
            out[date].append(text)
    return dict(out)


def random_timeline(db: Path, length: int, per_date: int, span: tuple[str, str] | None,
                    seed: int = RANDOM_SEED) -> SystemTimeline:
    """L random publication days; per day K random sentences of that day's articles."""
    import storyline
    from storyline.store import repo

    rng = random.Random(seed)
    with storyline.connect(db) as store:
        pub = {k: v for k, v in repo.document_dates(store).items() if v}
        days = sorted({d for d in pub.values() if not span or span[0] <= d <= span[1]})
        chosen = set(rng.sample(days, min(length, len(days))))
        pools: dict[str, list[str]] = defaultdict(list)
        for doc, _, _, _, text in repo.iter_sentence_rows(store):
            if pub.get(doc) in chosen:
                pools[pub[doc]].append(text)
    return {d: rng.sample(pools[d], min(per_date, len(pools[d]))) for d in sorted(chosen) if pools[d]}


SYSTEM_FUNCTIONS: dict[str, Callable[[Path, int, int, tuple[str, str] | None], SystemTimeline]] = {
    "storyline": storyline_timeline,
    "most-mentioned": most_mentioned_timeline,
    "random": random_timeline,
}


# --- scoring ------------------------------------------------------------------------


def _tilse_timeline(days: dict[str, list[str]]) -> Any:
    from tilse.data.timelines import Timeline

    return Timeline({dt.date.fromisoformat(d): [tokenize(s) for s in sents] for d, sents in days.items() if sents})


@dataclass
class Tally:
    """Precision and recall of each metric, one per scored timeline, averaged at the end."""

    p: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    r: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def add(self, metric: str, precision: float, recall: float) -> None:
        """One timeline's precision and recall for `metric`."""
        self.p[metric].append(precision)
        self.r[metric].append(recall)

    def scores(self) -> dict[str, float]:
        """F1 of mean precision and mean recall, per metric."""
        out = {}
        for metric in METRICS:
            if not self.p[metric]:
                continue
            p = sum(self.p[metric]) / len(self.p[metric])
            r = sum(self.r[metric]) / len(self.r[metric])
            out[metric] = round(2 * p * r / (p + r), 4) if p + r else 0.0
        return out


def score(predicted: SystemTimeline, gold: GoldTimeline, tally: Tally) -> None:
    """Score one system timeline against one gold timeline into `tally`."""
    from tilse.data.timelines import GroundTruth
    from tilse.evaluation.dates import evaluate_dates
    from tilse.evaluation.rouge import TimelineRougeEvaluator

    pred = _tilse_timeline(predicted)
    truth = GroundTruth([_tilse_timeline(gold.days)])
    if not pred.get_dates():
        for metric in METRICS:
            tally.add(metric, 0.0, 0.0)
        return
    dates = evaluate_dates(pred, truth)
    tally.add("date_f1", dates["precision"], dates["recall"])
    evaluator = TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, rouge_computation="reimpl")
    for name, fn in (("concat", evaluator.evaluate_concat), ("agreement", evaluator.evaluate_agreement),
                     ("align_m1", evaluator.evaluate_align_date_content_costs_many_to_one)):
        result = fn(pred, truth)
        for n in (1, 2):
            got = result[f"rouge_{n}"]
            tally.add(f"{name}_r{n}", float(got["precision"]), float(got["recall"]))


def evaluate(directory: Path, *, topics: Sequence[str] = (), cache: Path,
             systems: Sequence[str] = SYSTEMS, with_dates: bool = True,
             on_topic: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Scores per topic and overall, for each system, with and without the gold span.

    Returns {"topics": {topic: {"L", "K", "scores": {setting: {system: {metric: value}}}}},
    "overall": {setting: {system: {metric: value}}}} where setting is `span` or `open`.
    """
    unknown = [s for s in systems if s not in SYSTEM_FUNCTIONS]
    if unknown:
        raise InputError(", ".join(unknown), f"unknown system; choose from {', '.join(SYSTEM_FUNCTIONS)}")
    overall: dict[str, dict[str, Tally]] = {s: {name: Tally() for name in systems} for s in ("span", "open")}
    per_topic: dict[str, Any] = {}
    for topic in topics_in(directory, topics):
        if on_topic is not None:
            on_topic(topic.name)
        db = build_topic(topic, cache, with_dates=with_dates)
        golds = gold_timelines(topic)
        local: dict[str, dict[str, Tally]] = {s: {name: Tally() for name in systems} for s in ("span", "open")}
        for gold in golds:
            for setting in ("span", "open"):
                span = gold.span if setting == "span" else None
                for name in systems:
                    predicted = SYSTEM_FUNCTIONS[name](db, gold.length, gold.per_date, span)
                    score(predicted, gold, local[setting][name])
                    score(predicted, gold, overall[setting][name])
        per_topic[topic.name] = {
            **({} if with_dates else {"dating": dating_scores(topic, db)}),
            "L": [g.length for g in golds],
            "K": [g.per_date for g in golds],
            "scores": {s: {n: t.scores() for n, t in local[s].items()} for s in local},
        }
    return {
        "topics": per_topic,
        "overall": {s: {n: t.scores() for n, t in overall[s].items()} for s in overall},
    }


def format_table(result: dict[str, Any]) -> str:
    """One row per topic, setting and system; the overall rows last."""
    head = f"{'topic':<16} {'gold span':<9} {'system':<15} " + " ".join(f"{m:>12}" for m in METRICS)
    lines = [head, "-" * len(head)]

    def rows(name: str, scores: dict[str, dict[str, dict[str, float]]]) -> None:
        for setting, systems in scores.items():
            for system, vals in systems.items():
                cells = " ".join(f"{vals.get(m, 0.0):>12.3f}" for m in METRICS)
                lines.append(f"{name:<16} {'yes' if setting == 'span' else 'no':<9} {system:<15} {cells}")

    for topic, data in result["topics"].items():
        rows(topic, data["scores"])
    rows("mean", result["overall"])
    dating = {t: d["dating"] for t, d in result["topics"].items() if "dating" in d}
    if dating:
        lines += ["", "publication dates withheld: share of articles the story dated",
                  f"{'topic':<16} {'articles':>8} {'exact':>7} {'<=1 day':>8} {'<=3 days':>9} {'undated':>8} {'range ok':>9}"]
        for t, d in dating.items():
            lines.append(f"{t:<16} {d['articles']:>8} {d['exact']:>7.3f} {d['within_1']:>8.3f} {d['within_3']:>9.3f}"
                         f" {d['undated']:>8.3f} {d['range_contains']:>9.3f}")
    return "\n".join(lines)
