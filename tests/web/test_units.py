"""The web app's pure helpers: text marks, the coverage chart, snippets, links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.export.browse import Mark, segments
from storyline.web.app import is_loopback, safe_url, with_query
from storyline.web.chart import HEIGHT, OTHER, PALETTE, TOP, coverage_chart
from storyline.web.views import HIT_CLOSE, HIT_OPEN, snippet_parts


def test_segments_cut_at_every_boundary_of_overlapping_marks() -> None:
    text = 'He said "the strike ends Friday" today.'
    q = Mark("quote", 8, 32, "quote")
    t = Mark("timex", 25, 31, "DATE", "2025-03-07")
    e = Mark("entity", 0, 2, "He")
    segs = segments(text, [q, t, e])
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.kinds) for s in segs] == [
        ("He", ["entity"]),
        (" said ", []),
        ('"the strike ends ', ["quote"]),
        ("Friday", ["quote", "timex"]),
        ('"', ["quote"]),
        (" today.", []),
    ]
    assert [s.values_after for s in segs] == [[], [], [], ["2025-03-07"], [], []]


@pytest.mark.parametrize("bad", [Mark("quote", 5, 99, "past the end"), Mark("quote", 4, 4, "empty")])
def test_segments_ignore_marks_outside_the_text(bad: Mark) -> None:
    segs = segments("short text", [bad])
    assert [(s.text, s.kinds) for s in segs] == [("short text", [])]


def test_chart_stacks_outlets_per_day() -> None:
    chart = coverage_chart([("2025-03-01", "A", 2), ("2025-03-01", "B", 1), ("2025-03-03", "A", 1)])
    assert chart is not None
    assert (chart.first, chart.last, chart.peak, chart.unit) == ("2025-03-01", "2025-03-03", 3, "day")
    day1 = [r for r in chart.rects if r.label.startswith("2025-03-01")]
    assert [r.label for r in day1] == ["2025-03-01, A: 2", "2025-03-01, B: 1"]
    # The busiest day fills the chart, its outlets stacked with no gap.
    assert sum(r.height for r in day1) == pytest.approx(HEIGHT - TOP)
    assert day1[0].y + day1[0].height == pytest.approx(HEIGHT)
    assert day1[1].y + day1[1].height == pytest.approx(day1[0].y)
    day3 = next(r for r in chart.rects if r.label.startswith("2025-03-03"))
    assert day3.height == pytest.approx((HEIGHT - TOP) / 3)
    assert day3.x > day1[0].x
    assert dict(chart.legend) == {"A": PALETTE[0], "B": PALETTE[1]}


def test_chart_draws_weeks_over_a_long_span_and_groups_small_outlets() -> None:
    rows = [("2024-01-01", f"outlet {i}", 10 - i) for i in range(10)] + [("2024-12-30", "outlet 0", 1)]
    chart = coverage_chart(rows)
    assert chart is not None and chart.unit == "week"
    assert chart.legend[-1][0] == OTHER and len(chart.legend) == len(PALETTE)
    assert coverage_chart([]) is None
    assert coverage_chart([("2024", "A", 1)]) is None


def test_snippet_parts() -> None:
    s = f"the {HIT_OPEN}strike{HIT_CLOSE} at {HIT_OPEN}Kerrhaven{HIT_CLOSE}…"
    assert snippet_parts(s) == [("the ", False), ("strike", True), (" at ", False), ("Kerrhaven", True), ("…", False)]


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/x", False),
        ("vbscript:msgbox", False),
        (None, False),
    ],
)
def test_only_web_addresses_become_links(url: str | None, safe: bool) -> None:
    assert (safe_url(url) is not None) is safe


def test_with_query_keeps_the_other_filters() -> None:
    assert with_query({"speaker": "e1", "page": "2"}, page=3) == "?speaker=e1&page=3"
    assert with_query({"speaker": "e1"}, speaker=None) == "?"


@pytest.mark.parametrize(("host", "loop"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("0.0.0.0", False), ("192.168.1.4", False), ("example.org", False)])
def test_is_loopback(host: str, loop: bool) -> None:
    assert is_loopback(host) is loop


def _days(*sizes: int) -> list[dict[str, Any]]:
    return [{"date": f"2025-03-{i + 1:02d}", "entries": [f"{i}.{j}" for j in range(n)]} for i, n in enumerate(sizes)]


@pytest.mark.parametrize(
    ("page", "expected"),
    [(1, [["0.0", "0.1", "0.2"]]), (2, [["1.0", "1.1", "1.2"]]), (3, [["1.3", "1.4"], ["2.0"]]), (4, [])],
)
def test_timeline_pages_hold_a_fixed_number_of_entries(page: int, expected: list[list[str]]) -> None:
    from storyline.export.browse import page_of_entries

    shown, total = page_of_entries(_days(3, 5, 1), page, 3)
    assert total == 9
    assert [d["entries"] for d in shown] == expected


def test_story_cache_forgets_when_the_database_changes(tmp_path: Path) -> None:
    from storyline.web.cache import StoryCache

    db = tmp_path / "s.db"
    db.write_bytes(b"one")
    cache = StoryCache(db)
    calls: list[int] = []

    def compute(n: int) -> int:
        calls.append(n)
        return n

    assert cache.get("k", lambda: compute(1)) == 1
    assert cache.get("k", lambda: compute(2)) == 1
    (tmp_path / "s.db-wal").write_bytes(b"a write")
    assert cache.get("k", lambda: compute(3)) == 3
    assert calls == [1, 3]


def test_entity_filter_reaches_entries_through_their_sentences() -> None:
    from storyline.export.browse import TimelineFilter, filter_timeline, sentence_entities

    events = [
        {"id": "v1", "entities": ["e1"], "sources": [{"document": "d1", "start": 0, "end": 9}]},
        {"id": "v2", "entities": ["e2"], "sources": [{"document": "d2", "start": 5, "end": 20}]},
    ]
    days = [
        {"date": "2025-03-01", "entries": [
            {"text": "a", "sources": [{"document": "d1", "start": 0, "end": 9}]},
            {"text": "b", "sources": [{"document": "d2", "start": 5, "end": 20}]},
            {"text": "c", "sources": [{"document": "d3", "start": 0, "end": 4}]},
        ]},
        {"date": "2025-03-02", "entries": [{"text": "d", "entities": ["e1"], "sources": []}]},
    ]
    got = filter_timeline(days, TimelineFilter(entities=frozenset({"e1"})),
                          sentence_entities=sentence_entities(events), doc_outlets={})
    assert [[e["text"] for e in d["entries"]] for d in got] == [["a"], ["d"]]


def test_warm_computes_the_story_wide_results(tmp_path: Path) -> None:
    import storyline
    from storyline.store.browse import open_readonly
    from storyline.web.cache import StoryCache
    from storyline.web.views import warm

    db = tmp_path / "empty.db"
    storyline.connect(db).close()
    cache = StoryCache(db)
    with open_readonly(db) as store:
        warm(store, storyline.Settings(), cache)
    assert cache.misses == 6  # key and full timeline, events, sentence entities, outlets, quotes
    assert cache.get("key_timeline", lambda: ["not cached"]) == []
