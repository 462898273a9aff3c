from __future__ import annotations

from storyline.models import EventMention
from storyline.stages.timeline import build_timeline, merge_events


def _m(doc: str, date: str, start: int, text: str, planned: bool = False) -> EventMention:
    return EventMention(doc, date, planned, start, start + len(text), text, start, start + 3, "x", "DCT")


ENTS = {
    "a": frozenset({"e1", "e2"}),
    "b": frozenset({"e2", "e3"}),
    "c": frozenset({"e9"}),
    "d": frozenset({"e1"}),
}


def test_same_date_and_shared_entity_merge_across_documents() -> None:
    mentions = [
        _m("d1", "2019-01-22", 0, "a: Abe meets Putin.", planned=True),
        _m("d2", "2019-01-22", 10, "b: Putin hosts the summit."),
        _m("d2", "2019-01-22", 50, "c: Unrelated storm."),
        _m("d3", "2019-02", 0, "d: Abe travels."),
    ]
    events = merge_events(mentions, lambda m: ENTS[m.text[0]], {"d1": "2019-01-19"})
    assert [e.date for e in events] == ["2019-01-22", "2019-01-22", "2019-02"]
    merged = events[0]
    assert {s.document for s in merged.sources} == {"d1", "d2"}
    assert merged.entities == ("e1", "e2", "e3")
    # One source already reports it as past: not planned any more.
    assert merged.planned is False
    assert len(events[1].sources) == 1
    assert events[0].anchor in {"DCT 2019-01-19", "DCT"}


def test_timeline_orders_dates_and_ranks_by_sources() -> None:
    mentions = [
        _m("d1", "2019-02", 0, "d: later"),
        _m("d1", "2019-01-22", 20, "c: single"),
        _m("d1", "2019-01-22", 40, "a: double one"),
        _m("d2", "2019-01-22", 0, "b: double two"),
    ]
    events = merge_events(mentions, lambda m: ENTS[m.text[0]])
    days = build_timeline(events, per_date=1)
    assert [d.date for d in days] == ["2019-01-22", "2019-02"]
    assert len(days[0].entries) == 1
    assert len(days[0].entries[0].sources) == 2


def test_too_common_words_propose_no_pairs() -> None:
    from storyline.stages.timeline import _MAX_POSTING, _candidate_pairs

    n = _MAX_POSTING + 50
    words = [frozenset({"strike", f"unique{i}"}) for i in range(n)]
    words[1] = frozenset({"strike", "unique0"})
    pairs = _candidate_pairs(list(range(n)), [frozenset()] * n, words)
    assert pairs == [(0, 1)]
