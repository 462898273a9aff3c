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


class StepClock:
    """CPU and wall seconds of this process in each step of a build, by wrapping the step functions.

    A measuring device for the bench's child process only: `storyline.build` looks its
    steps up as module attributes at call time, so wrapping them times the real build.
    Nested steps are not double counted: the story stages run inside `analyze`.
    """

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.wall: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        self._undo: list[tuple[Any, str, Any]] = []
        self._inner = 0.0, 0.0
        self._outer: list[str] = []

    def count(self, module: Any, name: str, what: str, size: Callable[..., int]) -> None:
        """Count `size(*args)` at each call, by the outermost step running at the time
        (`what during <step>`): e.g. the analyses written while ingest still runs."""
        fn = getattr(module, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            key = f"{what} during {self._outer[0] if self._outer else 'other'}"
            self.counts[key] = self.counts.get(key, 0) + size(*args, **kwargs)
            return fn(*args, **kwargs)

        self._undo.append((module, name, fn))
        setattr(module, name, counted)

    def wrap(self, module: Any, name: str, step: str, inner: bool = False) -> None:
        fn = getattr(module, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            cpu, wall = time.process_time(), time.perf_counter()
            before = self._inner
            self._outer.append(step)
            try:
                return fn(*args, **kwargs)
            finally:
                self._outer.pop()
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                nested_cpu, nested_wall = self._inner[0] - before[0], self._inner[1] - before[1]
                self.cpu[step] = self.cpu.get(step, 0.0) + cpu - nested_cpu
                self.wall[step] = self.wall.get(step, 0.0) + wall - nested_wall
                if inner:
                    self._inner = self._inner[0] + cpu, self._inner[1] + wall

        self._undo.append((module, name, fn))
        setattr(module, name, timed)

    def restore(self) -> None:
        for module, name, fn in reversed(self._undo):
            setattr(module, name, fn)
        self._undo.clear()


def child_dask(folder: Path, db: Path, out: Path, batch_size: int, workers: int) -> dict[str, Any]:
    """Time `storyline.build --workers N` on `folder` in this process (the client) and its workers.

    Reported: wall and CPU seconds of this process (the client, which also runs the
    local cluster's scheduler and nannies) in total and by step, each worker's CPU
    seconds (cleaning, model load, analysis) and peak memory, and the load average.
    """
    import storyline
    from storyline import pipeline
    from storyline.bench import peak_rss_mb, stored_texts, word_count
    from storyline.runners import dask as dask_runner

    settings = storyline.Settings(analyze_batch_size=batch_size)
    clock = StepClock()
    clock.wrap(storyline, "ingest", INGEST_STEP)
    clock.wrap(dask_runner, "analyze", ANALYSE_STEP)
    # On a fresh store analyses come back while ingest still runs (runners/dask.py
    # `Stream`): their writes are their own step, wherever they happen, and counted.
    clock.wrap(dask_runner, "write_partition", WRITE_STEP, inner=True)
    clock.count(dask_runner, "write_partition", "documents analysed", lambda store, analyses, *a, **k: len(analyses))
    clock.wrap(pipeline, "rebuild_story", "story stages", inner=True)
    clock.wrap(storyline, "story", "export (story data)")
    clock.wrap(storyline, "write_exports", "export (files)")
    load_before = _loads()
    start, cpu = time.perf_counter(), time.process_time()
    try:
        result = storyline.build([folder], out=out, db=db, manifest=folder / "manifest.csv", settings=settings,
                                 workers=workers)
    finally:
        clock.restore()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    load_after = _loads()
    texts = stored_texts(db)
    steps = dict(clock.cpu)
    steps["cluster start and stop, other"] = cpu - sum(clock.cpu.values())
    walls = dict(clock.wall)
    walls["cluster start and stop, other"] = seconds - sum(clock.wall.values())
    return {
        "workers": workers,
        "seconds": seconds,
        "client_cpu_seconds": cpu,
        "client_cpu_seconds_by_step": steps,
        "seconds_by_step": walls,
        "worker_cpu_seconds": result.report.worker_cpu_seconds,
        "worker_busy_seconds": result.report.worker_busy_seconds,
        # What a worker was not busy with storyline's tasks: waiting for the client (the
        # cluster's start, ingest before the first partition, the serial end) or for a CPU.
        "worker_idle_seconds": [round(seconds - b, 2) for b in result.report.worker_busy_seconds],
        "documents_analysed_by_step": dict(clock.counts),
        "docs": len(texts),
        "analyzed": result.report.analyzed,
        "words": sum(word_count(t) for t in texts),
        "client_peak_rss_mb": peak_rss_mb(),
        "worker_peak_rss_mb": result.report.worker_peak_rss_mb,
        # Other work on the machine takes CPUs from the workers: the 1-minute load
        # average before and after the build says how much (it should stay below the CPUs).
        "load_average_before": load_before[0] if load_before else None,
        "load_average_after": load_after[0] if load_after else None,
        "load_averages_before": load_before,
        "load_averages_after": load_after,
        "cpus": os.cpu_count(),
    }


INGEST_STEP = "ingest (read, copy check, store; cleaning on workers)"
ANALYSE_STEP = "analyse (send, receive, wait)"
WRITE_STEP = "analyses written"
SERIAL_STEPS = ("story stages", "export (story data)", "export (files)")
"""Client steps that run after the last document is stored: nothing runs beside them."""


def cpu_account(run: dict[str, Any]) -> dict[str, Any]:
    """What the CPU seconds of one worker build say about the speed-up two cores can give.

    `client_share` is the client's share s of all CPU seconds (client and workers):
    Amdahl's bound, counting all of it as serial, is 1 / (s + (1 - s) / 2). The
    two-core estimate counts what really runs beside what: the story stages and exports
    run alone at the end (`serial`), everything else of the client runs beside the
    workers, so one worker takes `serial + max(workers, client rest)` and two take
    `serial + (workers + client rest) / 2` on two idle cores.
    """
    client = float(run["client_cpu_seconds"])
    workers = float(sum(run["worker_cpu_seconds"]))
    steps = run["client_cpu_seconds_by_step"]
    serial = float(sum(v for k, v in steps.items() if k in SERIAL_STEPS))
    rest = client - serial
    total = client + workers
    share = client / total if total else 0.0
    one = serial + max(workers, rest)
    two = serial + (workers + rest) / 2
    return {
        "client_cpu_seconds": client,
        "worker_cpu_seconds": workers,
        "serial_cpu_seconds": serial,
        "client_share": share,
        "amdahl_bound": 1 / (share + (1 - share) / 2) if total else 0.0,
        "two_core_estimate": one / two if two else 0.0,
    }


def _loads() -> list[float] | None:
    """The 1-, 5- and 15-minute load averages."""
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


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
        out["cpu_account"] = [cpu_account(w) for w in out["workers"]]
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
        lines.append(f"{'storyline.build --workers N':<30}{'docs':>6}{'seconds':>9}{'docs/s':>8}{'client CPU s':>14}"
                     f"{'worker CPU s':>16}{'client peak MB':>16}{'worker peaks MB':>17}   load average (1, 5, 15 min)")
        for w in sc["workers"]:
            peaks = ", ".join(f"{x:.0f}" for x in w["worker_peak_rss_mb"])
            cpus = ", ".join(f"{x:.1f}" for x in w.get("worker_cpu_seconds", []))
            lines.append(f"{'  workers = ' + str(w['workers']):<30}{w['docs']:>6}{w['seconds']:>9.1f}"
                         f"{_rate(w['docs'], w['seconds']):>8.2f}{w.get('client_cpu_seconds', 0):>14.1f}{cpus:>16}"
                         f"{w['client_peak_rss_mb']:>16.0f}{peaks:>17}   {_fmt_loads(w.get('load_averages_before'))} -> "
                         f"{_fmt_loads(w.get('load_averages_after'))} on {w.get('cpus')} CPUs")
        for w, acc in zip(sc["workers"], sc.get("cpu_account", []), strict=False):
            steps = w.get("client_cpu_seconds_by_step", {})
            walls = w.get("seconds_by_step", {})
            lines.append(f"  client CPU s (wall s) by step, {w['workers']} worker(s): "
                         + "; ".join(f"{k} {v:.1f} ({walls.get(k, 0):.1f})" for k, v in steps.items()))
            if w.get("worker_busy_seconds"):
                lines.append("    worker wall s in tasks (idle): " + ", ".join(
                    f"{b:.1f} ({i:.1f})" for b, i in zip(w["worker_busy_seconds"], w["worker_idle_seconds"],
                                                          strict=False)))
            if w.get("documents_analysed_by_step"):
                lines.append("    " + "; ".join(f"{k}: {v}" for k, v in w["documents_analysed_by_step"].items()))
            lines.append(f"    CPU account: client {acc['client_cpu_seconds']:.1f} s (serial at the end "
                         f"{acc['serial_cpu_seconds']:.1f}), workers {acc['worker_cpu_seconds']:.1f} s; client share "
                         f"s = {acc['client_share']:.3f}: bound 1/(s + (1-s)/2) = {acc['amdahl_bound']:.2f}; "
                         f"two idle cores, serial end kept: {acc['two_core_estimate']:.2f}")
        lines.append(f"speed-up 2 workers / 1 worker: {sc['speedup']:.2f} (target >= {sc['speedup_target']:.1f}: "
                     f"{'met' if sc['speedup'] >= sc['speedup_target'] else 'NOT met'})")
    return lines


def _fmt_loads(loads: Sequence[float] | None) -> str:
    return "/".join(f"{x:.1f}" for x in loads) if loads else "?"


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

