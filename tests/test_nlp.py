"""Batches cut by size: spaCy's peak memory is its largest batch's."""

from __future__ import annotations

from typing import Any

from storyline.nlp import pipe_bounded


class _Model:
    max_length = 1_000_000  # no text here is long enough to be parsed in pieces

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def pipe(self, stream: Any, as_tuples: bool, batch_size: int) -> Any:
        items = list(stream)
        assert as_tuples and batch_size == len(items)
        self.batches.append([t for t, _ in items])
        for text, ctx in items:
            yield text.upper(), ctx


def test_batches_end_at_the_count_or_the_character_budget() -> None:
    model = _Model()
    items = [("a" * 40, 1), ("b" * 40, 2), ("c" * 40, 3), ("d" * 500, 4), ("e", 5), ("f", 6), ("g", 7)]
    out = list(pipe_bounded(model, iter(items), batch_size=2, max_chars=100))
    assert out == [(t.upper(), c) for t, c in items]
    assert [len(b) for b in model.batches] == [2, 1, 1, 2, 1]
    assert all(sum(map(len, b)) <= 100 or len(b) == 1 for b in model.batches)
    assert list(pipe_bounded(model, iter([]), batch_size=2, max_chars=100)) == []
