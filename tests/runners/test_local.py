"""Cleaning a partition of raw inputs (what a Dask worker runs) gives results that travel back whole."""

from __future__ import annotations

import pickle

import pytest

from storyline import pipeline
from storyline.errors import InputError
from storyline.models import RawDocument
from storyline.runners import local
from storyline.stages.clean import LineStats


class _Unpicklable(Exception):
    def __init__(self, a: str, b: str) -> None:
        super().__init__(f"{a}/{b}")
        self.callback = lambda: None  # a lambda never pickles, whatever reducer is installed


def test_a_partition_is_cleaned_in_order_with_failures_kept() -> None:
    text = "The harbour board met the union on Friday to discuss pay. " * 5
    raws = [RawDocument(path="a.txt", text=text), RawDocument(path="empty.txt", text="Advertisement\n")]
    stats = LineStats()
    for r in raws:
        stats.add(r.text or "")
    good, bad = pickle.loads(pickle.dumps(local.clean_partition(raws, stats)))
    assert not isinstance(good, Exception) and good[0].path == "a.txt" and good[1] is not None
    assert isinstance(bad, InputError) and bad.item == "empty.txt" and "no article text" in bad.reason


def test_an_exception_that_does_not_pickle_crosses_as_its_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(raw: RawDocument, stats: object = None) -> object:
        raise _Unpicklable("x", "y")

    monkeypatch.setattr(pipeline, "to_article", broken)
    (result,) = pickle.loads(pickle.dumps(local.clean_partition([RawDocument(path="a.txt", text="x")], None)))
    assert isinstance(result, local.RemoteError)
    assert repr(result) == repr(_Unpicklable("x", "y"))


def test_partitions_shrink_toward_the_end_and_keep_every_id_in_order() -> None:
    ids = list(range(1000))
    parts = local.tapered_partitions(ids, 64, 2)
    assert [i for p in parts for i in p] == ids
    sizes = [len(p) for p in parts]
    assert sizes[0] == 64 and max(sizes) == 64
    assert all(a >= b for a, b in zip(sizes, sizes[1:], strict=False))
    # The last partitions are an eighth of the full size: a worker finishing alone has little left.
    assert sizes[-1] <= 8 and sizes[-2] == 8 and sizes.count(64) < len(sizes) - 4
    # Fewer documents than the workers can share: small partitions from the start.
    assert [len(p) for p in local.tapered_partitions(list(range(10)), 64, 2, smallest=2)] == [3, 2, 2, 2, 1]
    assert local.tapered_partitions([], 64, 2) == []
