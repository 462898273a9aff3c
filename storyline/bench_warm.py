"""Warming a benchmark process up before its clock starts.

Both sides of the single-process comparison first run on a few documents, untimed: a
process's one-time costs are not throughput, as the model load is not.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

WARM_UP_DOCS = 3
"""Both sides first run on this many documents, untimed: a process's one-time costs (the
imports a build makes on first use, datasketch and scipy among them, about 0.7 CPU s; a
pipe's first batch) are not throughput, as the model load is not."""


def warm_up_build(folder: Path, settings: Any) -> float:
    """Build the first `WARM_UP_DOCS` documents of `folder` in a scratch folder; return its CPU seconds."""
    import csv
    import shutil

    import storyline

    cpu = time.process_time()
    with tempfile.TemporaryDirectory(prefix="storyline-warm-") as tmp:
        scratch = Path(tmp) / "in"
        scratch.mkdir()
        with (folder / "manifest.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))[: WARM_UP_DOCS + 1]
        with (scratch / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
        for row in rows[1:]:
            shutil.copy(folder / row[0], scratch / row[0])
        storyline.build([scratch], out=Path(tmp) / "out", db=Path(tmp) / "warm.db",
                        manifest=scratch / "manifest.csv", settings=settings)
    return time.process_time() - cpu


def warm_up_pipe(model: Any, texts: list[str], batch_size: int) -> float:
    """Run `model.pipe` on the first `WARM_UP_DOCS` texts; return its CPU seconds."""
    cpu = time.process_time()
    for _ in model.pipe(texts[:WARM_UP_DOCS], batch_size=batch_size):
        pass
    return time.process_time() - cpu
