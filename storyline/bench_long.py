"""The long-article run of `make bench`: storyline.build on Timeline17 articles at two sizes.

`python -m storyline.bench --long N,M` writes N (then M) articles taken in turn from the
topics of `../shared/data/tls/t17-tune` as one JSONL file, builds each in its own child
process with a fresh database, and prints docs/s, peak RSS and the key timeline's time.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from storyline.bench import _rate, peak_rss_mb, run_child, word_count
from storyline.store import repo


def write_long_corpus(tls: Path, n: int, target: Path) -> Path:
    """`n` long news articles taken in turn from the Timeline17 topics under `tls`, as one JSONL file."""
    from storyline.eval.tls import detokenize, iter_articles, outlet_of, topics_in

    streams = [(t, iter_articles(t)) for t in topics_in(tls)]
    path = target / f"long-{n}.jsonl"
    written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < n and streams:
            for topic, stream in list(streams):
                rec = next(stream, None)
                if rec is None:
                    streams.remove((topic, stream))
                    continue
                row = {"text": detokenize(rec["text"]), "published": str(rec["time"])[:10], "outlet": outlet_of(topic)}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                written += 1
                if written >= n:
                    break
    if written < n:
        raise RuntimeError(f"{tls} holds only {written} articles, {n} asked")
    return path


class _Phases:
    """Peak memory by phase of a build: the process's peak RSS when each phase ends, and the
    largest resident size sampled (every 50 ms, in a thread) while it ran."""

    def __init__(self) -> None:
        import threading

        self.name = "load"
        self.order: list[str] = []
        self.sampled: dict[str, float] = {}
        self.peak_at_end: dict[str, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        from storyline.bench import current_rss_mb

        while not self._stop.wait(0.05):
            rss = current_rss_mb()
            with self._lock:
                self.sampled[self.name] = max(self.sampled.get(self.name, 0.0), rss)

    def enter(self, name: str) -> None:
        """End the running phase (its peak so far is recorded) and start `name`."""
        with self._lock:
            if self.name == name:
                return
            self.peak_at_end[self.name] = peak_rss_mb()
            self.order.append(self.name)
            self.name = name

    def progress(self, items: Iterable[Any], total: int | None, desc: str) -> Iterator[Any]:
        """`storyline.build`'s progress hook: its loops name the phases."""
        self.enter("ingest" if desc in ("scanning", "ingesting") else "analyse" if desc == "analysing" else desc)
        yield from items
        if desc == "analysing":
            self.enter("story + export")  # after the last document: the story stages, then the exports

    def close(self) -> list[dict[str, Any]]:
        """Stop sampling; one row a phase, in order."""
        self.enter("done")
        self._stop.set()
        self._thread.join()
        return [{"phase": n, "peak_rss_mb_at_end": self.peak_at_end[n], "max_sampled_rss_mb": self.sampled.get(n)}
                for n in self.order]


def child_long(corpus: Path, db: Path, out: Path, batch_size: int) -> dict[str, Any]:
    """Time `storyline.build` on a JSONL corpus of long articles, then the key timeline; return figures.

    Memory is recorded by phase (ingest, analyse, story + export, key timeline) and the
    model's string store size after the build; nothing the build did not hold is read
    before the peak is taken (words are counted one stored text at a time afterwards).
    """
    import storyline
    from storyline import nlp
    from storyline.config import load_settings
    from storyline.export.story import key_timeline

    model = nlp.load()
    after_load = peak_rss_mb()
    strings_before = len(model.vocab.strings)
    phases = _Phases()
    # Other settings as the user has them (STORYLINE_* variables), e.g. the batch budget.
    settings = dataclasses.replace(load_settings(), analyze_batch_size=batch_size)
    start, cpu = time.perf_counter(), time.process_time()
    result = storyline.build([corpus], out=out, db=db, settings=settings, progress=phases.progress)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    phases.enter("key timeline")
    t0 = time.perf_counter()
    with storyline.connect(db) as store:
        days = key_timeline(store)
    key_seconds = time.perf_counter() - t0
    by_phase = phases.close()
    peak = peak_rss_mb()
    docs = words = 0
    with storyline.connect(db) as store:
        for row in repo.iter_documents(store):
            docs += 1
            words += word_count(row["text"])
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "docs": docs,
        "words": words,
        "analyzed": result.report.analyzed,
        "key_dates": len(days),
        "key_timeline_seconds": key_seconds,
        "rss_after_load_mb": after_load,
        "peak_rss_mb": peak,
        "phases": by_phase,
        "model_strings_added": len(model.vocab.strings) - strings_before,
    }


def run_long(tls: Path, sizes: Sequence[int], batch_size: int, work: Path,
             log: Callable[[str], None] = lambda s: None) -> list[dict[str, Any]]:
    """The long-article run: a fresh build at each size, each in its own child process."""
    out = []
    for n in sizes:
        corpus = write_long_corpus(tls, n, work)
        log(f"storyline.build on {n} long Timeline17 articles (child process)")
        r = run_child(["long", str(corpus), str(work / f"long-{n}.db"), str(work / f"long-out-{n}"), str(batch_size)])
        r["docs_per_s"] = _rate(r["docs"], r["seconds"])
        r["words_per_doc"] = r["words"] / max(1, r["docs"])
        out.append(r)
    return out


def render_long(runs: Sequence[dict[str, Any]]) -> str:
    """The long-article run as a small table; peak memory growth between the sizes."""
    lines = ["long articles (Timeline17 tune topics, storyline.build, own child process each)",
             f"{'docs':>6}{'words/doc':>11}{'seconds':>9}{'docs/s':>8}{'peak RSS MB':>13}{'after load':>12}"
             f"{'key timeline s':>16}"]
    for r in runs:
        lines.append(f"{r['docs']:>6}{r['words_per_doc']:>11.0f}{r['seconds']:>9.1f}{r['docs_per_s']:>8.2f}"
                     f"{r['peak_rss_mb']:>13.0f}{r['rss_after_load_mb']:>12.0f}{r['key_timeline_seconds']:>16.2f}")
    for r in runs:
        if r.get("phases"):
            lines.append(f"{r['docs']} docs, peak RSS MB by phase (peak so far at its end / largest sampled in it): "
                         + ", ".join(f"{p['phase']} {p['peak_rss_mb_at_end']:.0f}/{p['max_sampled_rss_mb'] or 0:.0f}"
                                     for p in r["phases"])
                         + f"; model strings added {r.get('model_strings_added', 0):,}")
    if len(runs) >= 2:
        a, b = runs[0], runs[-1]
        lines.append(f"peak RSS at {b['docs']} vs {a['docs']} documents: "
                     f"{100 * (b['peak_rss_mb'] / a['peak_rss_mb'] - 1):+.1f}% (goal: within 10%)")
    return "\n".join(lines)


def story_phase(db: Path, out: Path) -> dict[str, Any]:
    """The story phase of a build alone, on a copy of a built store: each story stage, storing
    them, and the three export files, with the peak RSS and CPU seconds of each step.

    The model is loaded first and the modules a build has loaded by then are imported, so
    the figures start where a build's story phase does; the store at `db` is not changed
    (the stages run on a copy beside `out`). `python -m storyline.bench_long --story DB`.
    """
    import shutil

    import storyline
    from storyline import nlp, registry
    from storyline.config import load_settings
    from storyline.export.story import StoredStory
    from storyline.store.hooks import StoryInputs

    out.mkdir(parents=True, exist_ok=True)
    copy = out / "story-phase.db"
    shutil.copyfile(db, copy)
    nlp.load()
    for name in ("storyline.store.reports", "storyline.stages.entities", "storyline.stages.timeline",
                 "storyline.stages.summary", "storyline.export.render"):
        __import__(name)
    settings = load_settings()
    start = peak_rss_mb()
    phases = _Phases()
    cpu: dict[str, float] = {}
    with storyline.connect(copy) as store:
        documents = len(repo.current_ids(store))
        inputs = StoryInputs(store)
        values: dict[str, Any] = {}
        results: dict[str, Any] = {}
        for stage in registry.stages("story"):
            if stage.run is None:
                continue
            phases.enter(stage.name)
            t0 = time.process_time()
            results[stage.name] = stage.run(inputs, values, settings)
            values.update(results[stage.name])
            cpu[stage.name] = time.process_time() - t0
        phases.enter("save")
        t0 = time.process_time()
        with store.atomic() as conn:
            for stage in registry.stages("story"):
                if stage.save is not None:
                    stage.save(conn, results.get(stage.name))
        cpu["save"] = time.process_time() - t0
        del values, results
        phases.enter("exports")
        t0 = time.process_time()
        storyline.write_exports(StoredStory(store, settings), out)
        cpu["exports"] = time.process_time() - t0
    rows = phases.close()
    for row in rows:
        row["cpu_seconds"] = cpu.get(row["phase"])
    return {"db": str(db), "documents": documents,
            "rss_at_start_mb": start, "peak_rss_mb": peak_rss_mb(), "steps": rows[1:]}


def render_story_phase(r: dict[str, Any]) -> str:
    """`story_phase`'s figures as a small table."""
    lines = [f"story phase of {r['db']} ({r['documents']} documents): RSS at start {r['rss_at_start_mb']:.0f} MB, "
             f"peak {r['peak_rss_mb']:.0f} MB",
             f"{'step':<26}{'CPU s':>8}{'largest RSS MB':>16}"]
    lines += [f"{s['phase']:<26}{s['cpu_seconds'] or 0:>8.2f}{s['max_sampled_rss_mb'] or 0:>16.0f}" for s in r["steps"]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m storyline.bench_long --story DB [--out DIR] [--json]`: the story phase of a built store."""
    import argparse
    import sys
    import tempfile

    p = argparse.ArgumentParser(prog="python -m storyline.bench_long", description=main.__doc__)
    p.add_argument("--story", type=Path, required=True, metavar="DB", help="A built store (e.g. a --long run's).")
    p.add_argument("--out", type=Path, default=None, help="Folder for the copy and the exports (default: temporary).")
    p.add_argument("--json", action="store_true", help="Print one JSON object.")
    args = p.parse_args(argv)
    if not args.story.is_file():
        print(f"Error: {args.story}: no such database", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="storyline-story-phase-") as tmp:
        r = story_phase(args.story, args.out or Path(tmp))
    print(json.dumps(r, indent=2) if args.json else render_story_phase(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
