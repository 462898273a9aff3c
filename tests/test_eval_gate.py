"""Scores on the gold report splits must not fall below the pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.eval_gate import BASELINE, TASKS, check, load_baseline

pytestmark = [pytest.mark.slow, pytest.mark.shared]


@pytest.mark.parametrize("task", sorted(TASKS))
def test_scores_stay_above_their_floors(task: str, data_dir: Path, request: pytest.FixtureRequest) -> None:
    scores, corpus = TASKS[task](data_dir)
    baseline = load_baseline()
    if request.config.getoption("--update-baseline"):
        old = baseline[task]["floors"]
        lowered = [m for m, v in scores.items() if m in old and v < old[m] - 1e-9]
        if lowered and not request.config.getoption("--allow-regression"):
            pytest.fail(f"{task}: updating would lower {lowered}; pass --allow-regression to accept")
        baseline[task] = {"corpus": corpus, "floors": {m: round(v, 4) for m, v in scores.items()}}
        BASELINE.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return
    problems = check(task, scores, corpus, baseline)
    if problems and request.config.getoption("--allow-regression"):
        return
    assert not problems, "\n".join(problems)


def test_check_flags_a_drop_and_a_changed_corpus() -> None:
    base = {"t": {"corpus": "abc", "floors": {"f1": 0.8}}}
    assert check("t", {"f1": 0.7}, "abc", base) == ["t.f1: 0.700 is below the floor 0.800"]
    assert check("t", {"f1": 0.798}, "abc", base) == []
    assert check("t", {"f1": 0.9}, "xyz", base)[0].startswith("t: gold corpus changed")
