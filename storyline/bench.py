"""The benchmark behind `make bench`: storyline against plain spaCy on real newswire.

One run takes the first N dated Reuters-21578 stories with a real body, writes them as
text files plus a manifest into a temporary folder, and measures side by side:

- spaCy alone: `nlp.pipe` over the cleaned texts storyline stored (same model from
  `storyline.nlp.load()`, same components, same batch size, one process);
- storyline: `storyline.build` on the folder (fresh database and output folder);
- each stage on its own, by calling the stage functions on the parsed documents;
- the peak resident memory of both, each in a child process, at two corpus sizes.

Model loading and interpreter start-up are excluded from every timing. Run it with
`python -m storyline.bench [--docs N] [--json]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from storyline.bench_scale import child_dask, render_scale, scale_figures, scale_only
from storyline.bench_warm import warm_up_build, warm_up_pipe
from storyline.eval.reuters import iter_stories, write_corpus

T = TypeVar("T")
P = ParamSpec("P")

DEFAULT_DOCS = 500
MIN_WORDS = 50
TARGET_RATIO = 0.90
DEFAULT_WORKERS_DOCS = 2000
TARGET_CAST_QUOTES_PCT = 10.0
DEFAULT_EXTRACTION = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction"
DEFAULT_TARBALL = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "newswire" / "reuters21578" / "reuters21578.tar.gz"
)

DEFAULT_TLS = Path(__file__).resolve().parents[2] / "shared" / "data" / "tls" / "t17-tune"


# --- measuring helpers ---------------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Current resident set size of this process, in MB, or the peak where /proc is absent."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return peak_rss_mb()


def word_count(text: str) -> int:
    """Whitespace-separated words: the same count for both sides, whatever the tokenizer does."""
    return len(text.split())


def stored_texts(db: Path) -> list[str]:
    """The cleaned texts of the current documents of a storyline database, in id order."""
    from storyline.store import repo
    from storyline.store.db import connect

    with connect(db) as store:
        return [r["text"] for r in repo.iter_documents(store)]


@dataclass
class Timer:
    """Wall and CPU seconds accumulated per named step, in first-seen order."""

    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    cpu_seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def _add(self, name: str, wall: float, cpu: float) -> None:
        self.seconds[name] += time.perf_counter() - wall
        self.cpu_seconds[name] += time.process_time() - cpu

    def run(self, name: str, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Call `fn(*args, **kwargs)`, add its time to `name` and return its result."""
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            self._add(name, wall, cpu)

    def timed(self, name: str, items: Iterator[T]) -> Iterator[T]:
        """Yield from `items`, adding the time spent producing each item to `name`."""
        while True:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                item = next(items)
            except StopIteration:
                self._add(name, wall, cpu)
                return
            self._add(name, wall, cpu)
            yield item


# --- child processes: one measured job each, so peak memory is that job's alone --------


def child_build(folder: Path, db: Path, out: Path, batch_size: int) -> dict[str, Any]:
    """Time `storyline.build` on `folder` in this process; return timings and memory."""
    import storyline
    from storyline import nlp

    nlp.load()  # cached: build reuses it, so loading is not timed
    after_load = peak_rss_mb()
    settings = storyline.Settings(analyze_batch_size=batch_size)
    warm_up = warm_up_build(folder, settings)
    start, cpu = time.perf_counter(), time.process_time()
    result = storyline.build([folder], out=out, db=db, manifest=folder / "manifest.csv", settings=settings)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    texts = stored_texts(db)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "inputs": sum(1 for p in folder.iterdir() if p.suffix == ".txt"),
        "docs": len(texts),
        "words": sum(word_count(t) for t in texts),
        "analyzed": result.report.analyzed,
        "problems": len(result.report.problems),
        "warm_up_cpu_seconds": warm_up,
        "rss_after_load_mb": after_load,
        "peak_rss_mb": peak_rss_mb(),
    }


def child_spacy(db: Path, batch_size: int) -> dict[str, Any]:
    """Time plain `nlp.pipe` over the texts stored in `db` in this process; return timings and memory."""
    from storyline import nlp

    texts = stored_texts(db)
    model = nlp.load()
    after_load = peak_rss_mb()
    warm_up = warm_up_pipe(model, texts, batch_size)
    tokens = 0
    start, cpu = time.perf_counter(), time.process_time()
    # Same call shape as the pipeline: streamed, one process, same batch size; docs are
    # consumed and dropped, as storyline drops them after its stages.
    for doc in model.pipe(texts, batch_size=batch_size):
        tokens += len(doc)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "docs": len(texts),
        "words": sum(word_count(t) for t in texts),
        "tokens": tokens,
        "warm_up_cpu_seconds": warm_up,
        "rss_after_load_mb": after_load,
        "peak_rss_mb": peak_rss_mb(),
    }


def run_child(args: Sequence[str]) -> dict[str, Any]:
    """Run `python -m storyline.bench --child ...` and return the JSON it prints."""
    proc = subprocess.run(
        [sys.executable, "-m", "storyline.bench", "--child", *args],
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child {' '.join(args)} failed with exit code {proc.returncode}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# --- stage breakdown, in this process ---------------------------------------------------


def stage_breakdown(folder: Path, work: Path, batch_size: int) -> dict[str, Any]:
    """Time ingest, the parse and every stage separately by calling the stage functions directly."""
    import storyline
    from storyline import nlp, pipeline, registry
    from storyline.codec import from_json
    from storyline.models import DocumentAnalysis, PublicationDate
    from storyline.stages import dct as dct_stage
    from storyline.stages import entities, events, quotes, segment, summary, timeline, timex
    from storyline.store import repo
    from storyline.store.db import connect

    settings = storyline.Settings(analyze_batch_size=batch_size)
    # Each result is stored under the registered stage that assigns it.
    assigned_by = {a: s.name for s in registry.stages("document") for a in s.assigns}
    model = nlp.load()
    timer = Timer()
    sentences_total = 0
    dct_calls = 0
    with connect(work / "breakdown.db") as store:
        timer.run("ingest+clean (read, clean, store)", lambda: pipeline.ingest(
            store, [folder], manifest=folder / "manifest.csv", settings=settings))
        todo = repo.ids_needing_analysis(store, registry.analysis_version())
        rows = {i: repo.get_document(store, i) for i in todo}
        parsed = model.pipe(((rows[i]["text"], i) for i in todo), as_tuples=True, batch_size=batch_size)
        for doc, doc_id in timer.timed("parse (spaCy nlp.pipe)", iter(parsed)):
            row = rows[doc_id]
            key = repo.doc_key(doc_id)
            text = row["text"]
            published = dt.date.fromisoformat(row["published"]) if row["published"] else None
            sents = timer.run("segment", segment.sentences, doc)
            sentences_total += len(sents)
            # The build infers a date only for documents without one; timed on every
            # document here so the figure says what it costs when it runs.
            guess = timer.run("dct (on every doc)", dct_stage.infer_dct, text, doc=doc)
            dct_calls += 1
            if published is None and guess is not None:
                published = guess.date
            cast_input = timer.run("entities (per doc)", entities.document_mentions, doc, key)
            timexes = timer.run("timex", timex.tag, text, published, doc)
            found = timer.run("quotes", quotes.extract_quotes, doc)
            ems = timer.run("events", events.event_mentions, key, sents, timexes, published)
            results: dict[str, dict[str, object]] = {}
            for name, value in (("sentences", sents), ("dct", PublicationDate(published)),
                                ("mentions", cast_input), ("timexes", timexes), ("quotes", found),
                                ("event_mentions", ems)):
                results.setdefault(assigned_by[name], {})[name] = value
            analysis = DocumentAnalysis(doc_id, row["path"], results=results)
            timer.run("store analysis", pipeline.save_analysis, store, analysis)

        # Story level: the stage functions alone, then the whole rebuild with its storage.
        items = [from_json(entities.DocMentions, c) for c in repo.cast_inputs(store, entities.STAGE_NAME)]
        cast = timer.run("cast (story)", lambda: entities.build_cast(items))

        def speakers() -> int:
            n = 0
            for q in repo.quote_rows(store):
                if q["speaker_start"] is not None and q["speaker_end"] is not None:
                    n += cast.resolve(repo.doc_key(q["document_id"]), q["speaker_start"], q["speaker_end"]) is not None
            return n

        timer.run("speakers (story)", speakers)
        dates = repo.document_dates(store)
        by_doc: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for m in cast.mentions:
            by_doc[m.document].append((m.start, m.end, m.entity))

        def entities_of(em: Any) -> frozenset[str]:
            return frozenset(e for s, t, e in by_doc.get(em.document, ()) if s >= em.start and t <= em.end)

        timer.run("timeline (story)", lambda: timeline.merge_events(repo.event_mentions(store), entities_of, dates))
        timer.run("summary (story)", lambda: summary.summarize(
            lambda: repo.iter_sentence_rows(store), settings.summary_sentences))
        timer.run("rebuild_story (all story stages + store)", lambda: pipeline.rebuild_story(store, settings=settings))
        data = timer.run("export: story dict", lambda: storyline.story(store, settings))
    timer.run("export: write files", lambda: storyline.write_exports(data, work / "breakdown-out"))
    return {"seconds": dict(timer.seconds), "cpu_seconds": dict(timer.cpu_seconds), "sentences": sentences_total, "docs": len(todo), "dct_calls": dct_calls}


# --- the run ------------------------------------------------------------------------------


# Inputs that would make a backtracking rule slow (long runs of digits, month names,
# separators): the timex tagger's worst case over them is reported, not asserted.
ADVERSARIAL_TIMEX = (
    "1" * 20000, "January " * 2500, " " * 20000, ".,;:-/" * 3500, "12 " * 7000,
    "Jan. 22, 1998 " * 1500, "a" * 20000, "the past few years ago later " * 800, "1998-" * 4000,
    "3:" * 10000,
)


def timex_adversarial_worst() -> float:
    """Slowest CPU seconds of the timex tagger on one of `ADVERSARIAL_TIMEX`."""
    from storyline.stages import timex

    worst = 0.0
    for text in ADVERSARIAL_TIMEX:
        began = time.process_time()
        timex.tag(text, dt.date(2019, 1, 15))
        worst = max(worst, time.process_time() - began)
    return worst


def _rate(n: float, seconds: float) -> float:
    return n / seconds if seconds > 0 else 0.0


def _side(r: dict[str, Any]) -> dict[str, Any]:
    return {
        **r,
        "docs_per_s": _rate(r["docs"], r["seconds"]),
        "words_per_s": _rate(r["words"], r["seconds"]),
    }


def _best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest run with rates added, plus every run's wall and CPU seconds."""
    best = _side(min(runs, key=lambda r: float(r["seconds"])))
    best["runs_seconds"] = [r["seconds"] for r in runs]
    best["runs_cpu_seconds"] = [r["cpu_seconds"] for r in runs]
    best["best_cpu_seconds"] = min(r["cpu_seconds"] for r in runs)
    return best


def run(tarball: Path, docs: int, small: int, batch_size: int, work: Path, repeat: int = 2,
        log: Callable[[str], None] = lambda s: None, workers_docs: int = 0) -> dict[str, Any]:
    """Run the whole benchmark in `work` and return every figure as one dict."""
    from importlib.metadata import version

    from storyline import nlp

    log(f"reading the first {max(docs, workers_docs)} stories with >= {MIN_WORDS} words from {tarball}")
    all_stories = list(itertools.islice(iter_stories(tarball, min_words=MIN_WORDS), max(docs, workers_docs)))
    stories = all_stories[:docs]
    if len(stories) < docs:
        raise RuntimeError(f"{tarball} has only {len(stories)} stories with >= {MIN_WORDS} words, {docs} asked")
    sizes = sorted({small, docs}) if 0 < small < docs else [docs]
    folders = {n: work / f"docs-{n}" for n in sizes}
    for n, folder in folders.items():
        write_corpus(stories[:n], folder)

    memory: list[dict[str, Any]] = []
    sides: dict[int, dict[str, dict[str, Any]]] = {}
    for n in sizes:
        # The full size is measured `repeat` times, the two sides alternating, and the
        # fastest run of each side kept: on a shared machine the minimum is the run
        # least disturbed by other work.
        runs: dict[str, list[dict[str, Any]]] = {"ours": [], "spacy": []}
        for k in range(repeat if n == docs else 1):
            db = work / f"build-{n}-{k}.db"
            log(f"storyline.build on {n} documents (child process, run {k + 1})")
            runs["ours"].append(run_child(
                ["build", str(folders[n]), str(db), str(work / f"out-{n}-{k}"), str(batch_size)]))
            log(f"spaCy nlp.pipe on the same {runs['ours'][-1]['docs']} stored texts (child process, run {k + 1})")
            runs["spacy"].append(run_child(["spacy", str(db), str(batch_size)]))
        sides[n] = {side: _best(r) for side, r in runs.items()}
        memory.append({
            "inputs": n,
            "docs": sides[n]["ours"]["docs"],
            "build_peak_rss_mb": max(r["peak_rss_mb"] for r in runs["ours"]),
            "build_rss_after_model_load_mb": max(r["rss_after_load_mb"] for r in runs["ours"]),
            "spacy_peak_rss_mb": max(r["peak_rss_mb"] for r in runs["spacy"]),
            "spacy_rss_after_model_load_mb": max(r["rss_after_load_mb"] for r in runs["spacy"]),
        })

    log(f"stage breakdown on {docs} documents (this process)")
    breakdown = stage_breakdown(folders[docs], work, batch_size)
    # Shares and rates come from CPU time: steadier than wall time while others use the CPUs.
    secs = breakdown["cpu_seconds"]
    parse = secs["parse (spaCy nlp.pipe)"]
    cast_quotes = secs["entities (per doc)"] + secs["quotes"] + secs["cast (story)"] + secs["speakers (story)"]
    ours, base = sides[docs]["ours"], sides[docs]["spacy"]
    ratio = _rate(ours["words_per_s"], base["words_per_s"])
    growth = None
    if len(memory) == 2 and memory[1]["docs"] != memory[0]["docs"]:
        growth = (memory[1]["build_peak_rss_mb"] - memory[0]["build_peak_rss_mb"]) / (
            memory[1]["docs"] - memory[0]["docs"]) * 100
    scale = scale_figures(all_stories, work, batch_size, workers_docs, log)
    model = nlp.load()
    return {
        "scale": scale,
        "machine": {
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "spacy": version("spacy"),
            "model": f"{model.meta.get('lang')}_{model.meta.get('name')} {model.meta.get('version')}",
            "components": list(model.pipe_names),
            "batch_size": batch_size,
        },
        "corpus": {
            "source": str(tarball),
            "inputs": docs,
            "docs": ours["docs"],
            "words": ours["words"],
            "min_words": MIN_WORDS,
            "first_date": min(s.date for s in stories).isoformat(),
            "last_date": max(s.date for s in stories).isoformat(),
        },
        "spacy": base,
        "ours": ours,
        "ratio": ratio,
        "ratio_cpu": _rate(base["best_cpu_seconds"], ours["best_cpu_seconds"]),
        "repeat": repeat,
        "ratio_target": TARGET_RATIO,
        "sizes": {str(n): s for n, s in sides.items()},
        "stages": {
            "seconds": breakdown["seconds"],
            "cpu_seconds": secs,
            "docs": breakdown["docs"],
            "sentences": breakdown["sentences"],
            "timex_sentences_per_s": _rate(breakdown["sentences"], secs["timex"]),
            "timex_adversarial_worst_s": timex_adversarial_worst(),
            "cast_quotes_seconds": cast_quotes,
            "cast_quotes_pct_of_parse": 100 * cast_quotes / parse if parse else 0.0,
            "cast_quotes_pct_target": TARGET_CAST_QUOTES_PCT,
        },
        "memory": memory,
        "memory_growth_mb_per_100_docs": growth,
    }


# --- output -------------------------------------------------------------------------------


def render(r: dict[str, Any]) -> str:
    """The figures as a readable plain-text report."""
    m, c, ours, base, st = r["machine"], r["corpus"], r["ours"], r["spacy"], r["stages"]
    load = ", ".join(f"{x:.1f}" for x in m["load_average"]) if m["load_average"] else "n/a"
    lines = [
        "storyline benchmark",
        f"machine: {m['cpus']} CPUs, load average {load} (shared machine: timings are noisy), "
        f"Python {m['python']}, spaCy {m['spacy']}, model {m['model']} [{', '.join(m['components'])}], "
        f"batch size {m['batch_size']}",
        f"corpus: first {c['inputs']} Reuters-21578 stories with >= {c['min_words']} words "
        f"({c['first_date']} .. {c['last_date']}); {c['docs']} distinct documents stored, "
        f"{c['words']:,} words after cleaning",
        "",
        f"{'throughput (same cleaned texts)':<36}{'seconds':>9}{'docs/s':>9}{'words/s':>10}"
        f"{'CPU s':>9}{'words/CPU s':>13}",
        f"{'spaCy nlp.pipe':<36}{base['seconds']:>9.2f}{base['docs_per_s']:>9.1f}{base['words_per_s']:>10,.0f}"
        f"{base['best_cpu_seconds']:>9.2f}{_rate(base['words'], base['best_cpu_seconds']):>13,.0f}",
        f"{'storyline.build (whole job)':<36}{ours['seconds']:>9.2f}{ours['docs_per_s']:>9.1f}{ours['words_per_s']:>10,.0f}"
        f"{ours['best_cpu_seconds']:>9.2f}{_rate(ours['words'], ours['best_cpu_seconds']):>13,.0f}",
        f"ratio storyline/spaCy throughput: {r['ratio']:.2f} (target >= {r['ratio_target']:.2f}: "
        f"{'met' if r['ratio'] >= r['ratio_target'] else 'NOT met'}); on CPU time: {r['ratio_cpu']:.2f}",
        "(wall time counts waiting for a CPU other processes hold; with the machine busy, the CPU-time "
        "ratio is the steadier estimate)",
        f"(best of {r['repeat']} alternating runs per side; wall seconds spaCy "
        f"{', '.join(f'{x:.1f}' for x in base['runs_seconds'])}, storyline "
        f"{', '.join(f'{x:.1f}' for x in ours['runs_seconds'])})",
        "",
        f"stage breakdown on {st['docs']} documents, {st['sentences']:,} sentences (stage functions called directly; "
        "CPU seconds)",
    ]
    secs: dict[str, float] = st["cpu_seconds"]
    parse = secs.get("parse (spaCy nlp.pipe)", 0.0)
    # rebuild_story repeats the story stages listed above it, so it is left out of the sum.
    total = sum(v for k, v in secs.items() if not k.startswith("rebuild_story"))
    for name, value in secs.items():
        share = f"{100 * value / total:5.1f}% of sum" if total and not name.startswith("rebuild_story") else ""
        vs_parse = f"{100 * value / parse:6.1f}% of parse" if parse else ""
        lines.append(f"  {name:<44}{value:>8.2f} s  {share:>13}  {vs_parse}")
    lines += [
        f"  {'sum (without rebuild_story)':<44}{total:>8.2f} s",
        f"timex tagger alone: {st['timex_sentences_per_s']:,.0f} sentences/s; slowest adversarial input "
        f"(20k characters): {st['timex_adversarial_worst_s']:.2f} CPU s",
        f"cast + quotes added time: {st['cast_quotes_seconds']:.2f} s = {st['cast_quotes_pct_of_parse']:.1f}% of the "
        f"parse (target <= {st['cast_quotes_pct_target']:.0f}%: "
        f"{'met' if st['cast_quotes_pct_of_parse'] <= st['cast_quotes_pct_target'] else 'NOT met'})",
        "",
        f"{'peak RSS (MB, own child process)':<36}{'docs':>6}{'build':>9}{'spaCy':>9}{'build-load':>12}{'spaCy-load':>12}",
    ]
    for mem in r["memory"]:
        lines.append(
            f"{'':<36}{mem['docs']:>6}{mem['build_peak_rss_mb']:>9.0f}{mem['spacy_peak_rss_mb']:>9.0f}"
            f"{mem['build_peak_rss_mb'] - mem['build_rss_after_model_load_mb']:>12.0f}"
            f"{mem['spacy_peak_rss_mb'] - mem['spacy_rss_after_model_load_mb']:>12.0f}"
        )
    if r["memory_growth_mb_per_100_docs"] is not None:
        lines.append(f"build peak RSS growth: {r['memory_growth_mb_per_100_docs']:+.1f} MB per 100 documents")
    lines.append("(x-load: peak minus the RSS right after loading the model)")
    lines += render_scale(r.get("scale"))
    x = r.get("extraction")
    if x:
        lines += [
            "",
            f"HTML extraction on {x['pages']} pages (CPU ms per page, best of {r['repeat']}): trafilatura alone "
            f"{x['trafilatura_ms_per_page']:.1f}, storyline (extraction + second opinions + cleaner) "
            f"{x['storyline_ms_per_page']:.1f}; ratio {x['ratio']:.2f} (target <= {x['ratio_target']:.1f}: "
            f"{'met' if x['ratio'] <= x['ratio_target'] else 'NOT met'})",
        ]
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m storyline.bench", description=__doc__.split("\n")[0])
    p.add_argument("--docs", type=int, default=DEFAULT_DOCS, help="Stories to process (default %(default)s).")
    p.add_argument("--small", type=int, default=None,
                   help="Smaller corpus size for the memory comparison (default: half of --docs; 0 to skip).")
    p.add_argument("--batch-size", type=int, default=None,
                   help="spaCy batch size for both sides (default: the analyze.batch_size setting).")
    p.add_argument("--repeat", type=int, default=2,
                   help="Runs per side at the full size, alternating; the fastest is kept (default %(default)s).")
    p.add_argument("--data", type=Path, default=DEFAULT_TARBALL, help="Path to reuters21578.tar.gz.")
    p.add_argument("--workdir", type=Path, default=None,
                   help="Keep corpus, databases and exports in this folder (default: a temporary one).")
    p.add_argument("--workers-docs", type=int, default=DEFAULT_WORKERS_DOCS,
                   help="Stories for the 1- and 2-worker Dask builds (default %(default)s; 0 to skip).")
    p.add_argument("--scale-only", action="store_true",
                   help="Only the copies, stories and 1- against 2-worker lines (on --workers-docs stories).")
    p.add_argument("--json", action="store_true", help="Print one JSON object with all figures instead of the table.")
    p.add_argument("--extraction", type=Path, default=DEFAULT_EXTRACTION,
                   help="Extraction page set (evaldata*.json + html/) for the HTML timing.")
    p.add_argument("--extraction-pages", type=int, default=None,
                   help="Pages to time HTML extraction on (default: all; 0 to skip).")
    p.add_argument("--long", default=None, metavar="N,M",
                   help="Only the long-article run: build N and M Timeline17 articles, print docs/s and peak RSS.")
    p.add_argument("--tls", type=Path, default=DEFAULT_TLS, help="Folder of Timeline17 topics for --long.")
    p.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    return p


def _child(argv: Sequence[str]) -> int:
    """`--child KIND ...`: one measured job, its figures printed as one JSON line."""
    kind, *rest = argv
    if kind == "build":
        out = child_build(Path(rest[0]), Path(rest[1]), Path(rest[2]), int(rest[3]))
    elif kind == "dask":
        out = child_dask(Path(rest[0]), Path(rest[1]), Path(rest[2]), int(rest[3]), int(rest[4]))
    elif kind == "spacy":
        out = child_spacy(Path(rest[0]), int(rest[1]))
    elif kind == "long":
        from storyline.bench_long import child_long

        out = child_long(Path(rest[0]), Path(rest[1]), Path(rest[2]), int(rest[3]))
    else:
        print(f"Error: unknown benchmark child {kind!r}", file=sys.stderr)
        return 2
    print(json.dumps(out))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m storyline.bench`; returns the exit code."""
    args = _parser().parse_args(argv)
    if args.child:
        return _child(args.child)

    from storyline.config import Settings

    if args.long:
        try:
            sizes = sorted({int(x) for x in args.long.split(",") if x.strip()})
        except ValueError:
            print(f"Error: --long {args.long!r}: give sizes like 100,1000", file=sys.stderr)
            return 1
        if not sizes or sizes[0] < 1 or not args.tls.is_dir():
            print(f"Error: --long needs sizes >= 1 and the topics folder {args.tls}", file=sys.stderr)
            return 1
        with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
            work = args.workdir or Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            from storyline.bench_long import render_long, run_long

            try:
                runs = run_long(args.tls, sizes, args.batch_size or Settings().analyze_batch_size, work,
                                lambda m: print(f"[bench] {m}", file=sys.stderr, flush=True))
            except RuntimeError as exc:
                print(f"Error: {exc}", file=sys.stderr)
                return 1
        print(json.dumps(runs, indent=2) if args.json else render_long(runs))
        return 0
    if not args.data.is_file():
        print(f"Error: {args.data} not found: clone the project beside shared/ or pass --data", file=sys.stderr)
        return 1
    if args.docs < 1 or args.repeat < 1:
        print("Error: --docs and --repeat must be at least 1", file=sys.stderr)
        return 1
    batch_size = args.batch_size or Settings().analyze_batch_size
    small = args.docs // 2 if args.small is None else args.small
    if args.scale_only:
        return scale_only(args.data, args.workers_docs, batch_size, args.workdir, args.json)

    def log(msg: str) -> None:
        print(f"[bench] {msg}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        try:
            result = run(args.data, args.docs, small, batch_size, work, args.repeat, log, args.workers_docs)
        except RuntimeError as exc:
            print(f"Error: {exc}", file=sys.stderr)
            return 1
    if args.extraction_pages != 0 and args.extraction.exists():
        from storyline.eval import extraction

        pages = extraction.load_pages(args.extraction)[: args.extraction_pages]
        log(f"HTML extraction: trafilatura alone and storyline on {len(pages)} pages")
        result["extraction"] = extraction.speed(pages, args.repeat)
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
