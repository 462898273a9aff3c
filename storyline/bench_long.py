"""Time per MB of one long document, 50 KB to 5 MB: every stage must stay near-linear.

`make bench` runs it after the throughput benchmark. One document of news paragraphs
(dates, quotes, names) is stored and analysed at each size in a fresh database, with
spaCy's tokenizer and sentencizer standing in for the statistical model (which parses a
few thousand words a second, linear by design, and would make the 5 MB case take most
of an hour); the documents over spaCy's 1,000,000-character limit go through the
piece-wise parse. `--model` uses the real model instead. Run it with
`python -m storyline.bench_long [--sizes KB,...] [--model]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PARAGRAPHS = (
    'The ferry operators met the city council on Monday, March 3, 2025, and "we are close to a deal," '
    "council leader Maria Olsen said. Talks resume next week, officials said.\n\n",
    "Dock workers voted on Tuesday to suspend their strike, the union said in a statement on "
    "March 4. The port authority said services would return to normal by April 1.\n\n",
    "Olsen told reporters that the fees agreed in 2019 had doubled since then. \"It cannot go on,\" "
    "she said, adding that a deal was expected before the end of the month.\n\n",
)
DEFAULT_SIZES_KB = (50, 500, 1200, 5000)


def document(size: int) -> str:
    """News paragraphs repeated to `size` characters."""
    block = "".join(PARAGRAPHS)
    return (block * (size // len(block) + 1))[:size].rsplit("\n\n", 1)[0] + "\n"


def measure(size: int, work: Path, nlp: Any) -> dict[str, float]:
    """Seconds to ingest and analyse one document of `size` characters."""
    from storyline.pipeline import analyze, ingest
    from storyline.store.db import connect

    folder = work / f"doc-{size}"
    folder.mkdir()
    text = document(size)
    (folder / "long.txt").write_text(text, encoding="utf-8")
    with connect(work / f"doc-{size}.db") as store:
        start, cpu = time.perf_counter(), time.process_time()
        ingest(store, [folder], date=dt.date(2025, 3, 5))
        report = analyze(store, nlp=nlp)
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    if report.problems:
        raise RuntimeError(f"problems analysing {size} characters: {report.problems[:3]}")
    mb = len(text.encode("utf-8")) / 1_000_000
    return {"chars": len(text), "mb": mb, "seconds": seconds, "cpu_seconds": cpu_seconds,
            "cpu_s_per_mb": cpu_seconds / mb}


def render(rows: list[dict[str, float]], model: str) -> str:
    """The figures as a small table and the one line `make bench` is read for."""
    lines = [f"long documents: one document per size, stored and analysed ({model})",
             f"{'size':>10}{'wall s':>9}{'CPU s':>9}{'CPU s/MB':>10}"]
    for r in rows:
        lines.append(f"{r['chars'] / 1000:>8.0f}KB{r['seconds']:>9.2f}{r['cpu_seconds']:>9.2f}{r['cpu_s_per_mb']:>10.2f}")
    per_mb = [r["cpu_s_per_mb"] for r in rows]
    lines.append(
        f"time per MB from {rows[0]['chars'] / 1000:.0f} KB to {rows[-1]['chars'] / 1_000_000:.1f} MB: "
        f"{min(per_mb):.2f} .. {max(per_mb):.2f} CPU s/MB (largest/smallest {max(per_mb) / min(per_mb):.2f}; "
        "1.0 is perfectly linear)"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m storyline.bench_long`; returns the exit code."""
    p = argparse.ArgumentParser(prog="python -m storyline.bench_long", description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES_KB),
                   help="Document sizes in KB, comma-separated (default %(default)s).")
    p.add_argument("--model", action="store_true", help="Parse with the real model (slow) instead of the sentencizer.")
    args = p.parse_args(argv)
    try:
        sizes = [int(float(s) * 1000) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        print(f"Error: --sizes {args.sizes!r}: expected numbers of KB like 50,500,5000", file=sys.stderr)
        return 1
    if not sizes or min(sizes) < 1000:
        print("Error: --sizes needs at least one size of 1 KB or more", file=sys.stderr)
        return 1
    if args.model:
        from storyline import nlp as nlp_module

        nlp, name = nlp_module.load(), "the real model"
    else:
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        name = "spaCy tokenizer + sentencizer; the model's parse is left out"
    rows = []
    with tempfile.TemporaryDirectory(prefix="storyline-bench-long-") as tmp:
        for size in sorted(sizes):
            rows.append(measure(size, Path(tmp), nlp))
            print(f"[bench] {size / 1000:.0f} KB: {rows[-1]['cpu_seconds']:.2f} CPU s", file=sys.stderr, flush=True)
    print(render(rows, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
