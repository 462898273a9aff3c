"""The long-article run of `make bench`: storyline.build on Timeline17 articles at two sizes.

`python -m storyline.bench --long N,M` writes N (then M) articles taken in turn from the
topics of `../shared/data/tls/t17-tune` as one JSONL file, builds each in its own child
process with a fresh database, and prints docs/s, peak RSS and the key timeline's time.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from storyline.bench import _rate, peak_rss_mb, run_child, stored_texts, word_count


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


def child_long(corpus: Path, db: Path, out: Path, batch_size: int) -> dict[str, Any]:
    """Time `storyline.build` on a JSONL corpus of long articles, then the key timeline; return figures."""
    import storyline
    from storyline import nlp
    from storyline.export.story import key_timeline

    nlp.load()
    after_load = peak_rss_mb()
    settings = storyline.Settings(analyze_batch_size=batch_size)
    start, cpu = time.perf_counter(), time.process_time()
    result = storyline.build([corpus], out=out, db=db, settings=settings)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    t0 = time.perf_counter()
    with storyline.connect(db) as store:
        days = key_timeline(store)
    key_seconds = time.perf_counter() - t0
    texts = stored_texts(db)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "docs": len(texts),
        "words": sum(word_count(t) for t in texts),
        "analyzed": result.report.analyzed,
        "key_dates": len(days),
        "key_timeline_seconds": key_seconds,
        "rss_after_load_mb": after_load,
        "peak_rss_mb": peak_rss_mb(),
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
    if len(runs) >= 2:
        a, b = runs[0], runs[-1]
        lines.append(f"peak RSS at {b['docs']} vs {a['docs']} documents: "
                     f"{100 * (b['peak_rss_mb'] / a['peak_rss_mb'] - 1):+.1f}% (goal: within 10%)")
    return "\n".join(lines)
