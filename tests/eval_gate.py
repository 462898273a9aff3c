"""The evaluation gate: scores on the gold sets' report splits against pinned floors.

`tests/eval_baseline.json` pins, per metric, the figure a reviewed commit reached and
a hash of the gold files it was measured on. A score below its floor minus `EPSILON`
fails the suite. Raising a floor is a reviewed commit (`pytest tests/test_eval_gate.py
--update-baseline` writes the current figures); lowering one needs `--allow-regression`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

BASELINE = Path(__file__).parent / "eval_baseline.json"
EPSILON = 0.005


def corpus_hash(paths: Iterable[Path]) -> str:
    """SHA-256 over the names and bytes of the gold files, in sorted order."""
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def timex_scores(data: Path) -> tuple[dict[str, float], str]:
    """Storyline's TempEval-3 figures on the TBAQ report split."""
    from storyline.eval.timex import evaluate, find_files

    files = find_files(data / "tbaq", split="report")
    result = evaluate(files, systems=("storyline",))
    own = result["systems"]["storyline"]
    keys = ("strict_f1", "relaxed_f1", "type_f1", "value_f1")
    return {k: float(own[k]) for k in keys}, corpus_hash(files)


def quote_scores(data: Path) -> tuple[dict[str, float], str]:
    """Storyline's PolNeAR dev figures (direct quotes, speakers)."""
    from storyline.eval.quotes import ensure_polnear, evaluate

    tarball = data / "quotes" / "polnear" / "PolNeAR-v1.0.0-train-dev.tar.gz"
    split = ensure_polnear("dev", tarball=tarball)
    result = evaluate(split, peers=False)
    keys = ("lenient_f1", "strict_f1", "speaker_accuracy")
    return {k: float(result[k]) for k in keys}, corpus_hash([tarball])


def cast_scores(data: Path) -> tuple[dict[str, float], str]:
    """Storyline's ECB+ figures on topics 23-35."""
    from storyline.eval.cast import evaluate

    archive = data / "ecbplus" / "ECB+-topics-1-35.zip"
    result = evaluate(archive, range(23, 36))
    keys = ("mention_coverage", "conll_f1")
    return {k: float(result[k]) for k in keys}, corpus_hash([archive])


def tls_scores(data: Path) -> tuple[dict[str, float], str]:
    """Storyline's key timeline on the smallest Timeline17 tune topic, with and without the gold span.

    The topic is one of the tune topics (the held-out ones are not in ../shared): this is a
    floor against regressions, not a reported figure.
    """
    import tempfile

    from storyline.eval.tls import evaluate

    topic = data / "tls" / "t17-tune" / "H1N1_guardian"
    with tempfile.TemporaryDirectory() as tmp:
        result = evaluate(topic.parent, topics=[topic.name], cache=Path(tmp), systems=("storyline",))
    span, open_ = result["overall"]["span"]["storyline"], result["overall"]["open"]["storyline"]
    scores = {"date_f1": span["date_f1"], "align_m1_r1": span["align_m1_r1"], "align_m1_r2": span["align_m1_r2"],
              "open_align_m1_r1": open_["align_m1_r1"]}
    return scores, corpus_hash(sorted(topic.iterdir()))


TASKS: dict[str, Callable[[Path], tuple[dict[str, float], str]]] = {
    "timex": timex_scores,
    "quotes": quote_scores,
    "cast": cast_scores,
    "tls": tls_scores,
}


def load_baseline() -> dict[str, Any]:
    """The pinned figures."""
    return json.loads(BASELINE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def check(task: str, scores: dict[str, float], corpus: str, baseline: dict[str, Any]) -> list[str]:
    """Regressions of `scores` against the pinned floors of `task`, as messages."""
    pinned = baseline[task]
    problems = []
    if pinned["corpus"] != corpus:
        problems.append(f"{task}: gold corpus changed ({pinned['corpus']} -> {corpus}); re-pin the baseline")
    for metric, floor in pinned["floors"].items():
        got = scores[metric]
        if got < floor - EPSILON:
            problems.append(f"{task}.{metric}: {got:.3f} is below the floor {floor:.3f}")
    return problems
