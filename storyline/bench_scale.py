"""The bench lines for piles of any size: copies, stories, and 1 against 2 Dask workers.

Part of `make bench` (storyline/bench.py calls `scale_figures` and `render_scale`):
copy detection and story clustering timed per 1,000 articles in the bench's process,
and `storyline.build --workers N` for N = 1 and 2, each in its own child process.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from storyline.eval.reuters import write_corpus

TARGET_SPEEDUP = 1.7


def _rate(n: float, seconds: float) -> float:
    return n / seconds if seconds else 0.0


def child_dask(folder: Path, db: Path, out: Path, batch_size: int, workers: int) -> dict[str, Any]:
    """Time `storyline.build --workers N` on `folder` in this process (the client) and its workers."""
    import storyline
    from storyline.bench import peak_rss_mb, stored_texts, word_count

    settings = storyline.Settings(analyze_batch_size=batch_size)
    load_before = _load()
    start, cpu = time.perf_counter(), time.process_time()
    result = storyline.build([folder], out=out, db=db, manifest=folder / "manifest.csv", settings=settings,
                             workers=workers)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    texts = stored_texts(db)
    return {
        "workers": workers,
        "seconds": seconds,
        "client_cpu_seconds": cpu,
        "docs": len(texts),
        "analyzed": result.report.analyzed,
        "words": sum(word_count(t) for t in texts),
        "client_peak_rss_mb": peak_rss_mb(),
        "worker_peak_rss_mb": result.report.worker_peak_rss_mb,
        # Other work on the machine takes CPUs from the workers: the 1-minute load
        # average before and after the build says how much (it should stay below the CPUs).
        "load_average_before": load_before,
        "load_average_after": _load(),
        "cpus": os.cpu_count(),
    }


def _load() -> float | None:
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


def scale_figures(stories: Sequence[Any], work: Path, batch_size: int, workers_docs: int,
                  log: Callable[[str], None]) -> dict[str, Any]:
    """Copy detection and story clustering per 1,000 articles; 1 and 2 Dask workers on `workers_docs` stories."""
    from storyline.stages import clean, dedup
    from storyline.stages import stories as story_stage

    texts = [(s.text(), s.date) for s in stories]
    stats = clean.LineStats()
    for t, _ in texts:
        stats.add(t)
    cleaned = [(clean.clean(t, stats=stats).text, d) for t, d in texts]
    log(f"copy detection and story clustering on {len(cleaned)} cleaned stories (this process)")
    index = dedup.CopyIndex()
    cpu = time.process_time()
    copies = 0
    for i, (t, d) in enumerate(cleaned):
        fp = dedup.fingerprint(t, d)
        if fp is not None:
            copies += index.match(fp) is not None
            index.add(i, fp)
    dedup_cpu = time.process_time() - cpu
    cpu = time.process_time()
    found = story_stage.cluster([(str(i), t, d) for i, (t, d) in enumerate(cleaned)])
    stories_cpu = time.process_time() - cpu
    out: dict[str, Any] = {
        "docs": len(cleaned),
        "copies": copies,
        "stories": len(set(found.values())),
        "dedup_cpu_s_per_1000": dedup_cpu / max(1, len(cleaned)) * 1000,
        "stories_cpu_s_per_1000": stories_cpu / max(1, len(cleaned)) * 1000,
        "workers": [],
    }
    if workers_docs:
        folder = work / f"docs-{workers_docs}-workers"
        write_corpus(stories[:workers_docs], folder)
        for n in (1, 2):
            log(f"storyline.build --workers {n} on {workers_docs} documents (child process)")
            out["workers"].append(_run_child(["dask", str(folder), str(work / f"dask-{n}.db"),
                                             str(work / f"dask-out-{n}"), str(batch_size), str(n)]))
        one, two = out["workers"]
        out["speedup"] = one["seconds"] / two["seconds"] if two["seconds"] else 0.0
        out["speedup_target"] = TARGET_SPEEDUP
    return out


def _run_child(args: Sequence[str]) -> dict[str, Any]:
    from storyline.bench import run_child

    return run_child(args)


def render_scale(sc: dict[str, Any] | None) -> list[str]:
    """The bench report's lines for copies, stories and workers."""
    lines: list[str] = []
    if not sc:
        return lines
    lines += [
        "",
        f"copies (MinHash + LSH) on {sc['docs']} stories: {sc['dedup_cpu_s_per_1000']:.2f} CPU s per 1,000 "
        f"({sc['copies']} copies found); stories (clustering): {sc['stories_cpu_s_per_1000']:.2f} CPU s per 1,000 "
        f"({sc['stories']} stories)",
    ]
    if sc["workers"]:
        lines.append(f"{'storyline.build --workers N':<36}{'docs':>6}{'seconds':>9}{'docs/s':>9}"
                     f"{'client peak':>13}{'worker peaks (MB)':>19}")
        for w in sc["workers"]:
            peaks = ", ".join(f"{x:.0f}" for x in w["worker_peak_rss_mb"])
            lines.append(f"{'  workers = ' + str(w['workers']):<36}{w['docs']:>6}{w['seconds']:>9.1f}"
                         f"{_rate(w['docs'], w['seconds']):>9.1f}{w['client_peak_rss_mb']:>13.0f}{peaks:>19}"
                         f"   client CPU {w.get('client_cpu_seconds', 0):.1f} s; load average "
                         f"{w.get('load_average_before')} -> {w.get('load_average_after')} on {w.get('cpus')} CPUs")
        lines.append(f"speed-up 2 workers / 1 worker: {sc['speedup']:.2f} (target >= {sc['speedup_target']:.1f}: "
                     f"{'met' if sc['speedup'] >= sc['speedup_target'] else 'NOT met'})")
    return lines


def scale_only(data: Path, workers_docs: int, batch_size: int, workdir: Path | None, as_json: bool) -> int:
    """`python -m storyline.bench --scale-only`: copies, stories and the worker builds, printed."""
    import itertools
    import json
    import sys
    import tempfile

    from storyline.bench import MIN_WORDS
    from storyline.eval.reuters import iter_stories

    stories = list(itertools.islice(iter_stories(data, min_words=MIN_WORDS), max(1, workers_docs)))
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        work = workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        scale = scale_figures(stories, work, batch_size, workers_docs,
                              lambda m: print(f"[bench] {m}", file=sys.stderr, flush=True))
    print(json.dumps(scale, indent=2) if as_json else "\n".join(render_scale(scale)))
    return 0

