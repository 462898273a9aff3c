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
