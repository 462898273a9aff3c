from __future__ import annotations

import datetime as dt

import pytest

from storyline.models import Sentence, Timex
from storyline.stages.events import (
    bounds,
    calendar_value,
    event_mentions,
    granularity,
    is_planned,
    sort_key,
)


@pytest.mark.parametrize(
    ("value", "first", "last", "gran"),
    [
        ("2019-01-22", "2019-01-22", "2019-01-22", "day"),
        ("2019-02", "2019-02-01", "2019-02-28", "month"),
        ("2019", "2019-01-01", "2019-12-31", "year"),
        ("2019-W03", "2019-01-14", "2019-01-20", "week"),
        ("2019-SP", "2019-03-01", "2019-05-31", "season"),
        ("2018-WI", "2018-12-01", "2019-02-28", "season"),
        ("2019-Q4", "2019-10-01", "2019-12-31", "quarter"),
        ("2019-H1", "2019-01-01", "2019-06-30", "half"),
        ("2020-12", "2020-12-01", "2020-12-31", "month"),
    ],
)
def test_bounds_and_granularity(value: str, first: str, last: str, gran: str) -> None:
    assert bounds(value) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    assert granularity(value) == gran


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2019-01-22T15:00", "2019-01-22"), ("2019-01-22TMO", "2019-01-22"), ("PRESENT_REF", None),
     ("P3M", None), ("198X", None), (None, None), ("XXXX-WXX-1", None)],
)
def test_calendar_value(value: str | None, expected: str | None) -> None:
    assert calendar_value(value) == expected


def test_sort_key_orders_by_start_then_coarser_first() -> None:
    values = ["2019-01-22", "2019", "2018-12-01", "2019-01", "2019-SP"]
    assert sorted(values, key=sort_key) == ["2018-12-01", "2019", "2019-01", "2019-01-22", "2019-SP"]


@pytest.mark.parametrize(
    ("value", "sentence", "dct", "planned"),
    [
        ("2019-01-22", "They met on Jan. 22.", "2019-01-19", True),
        ("2019-01-14", "Kono said Monday that...", "2019-01-15", False),
        ("2019-01", "The leaders will meet in January.", "2019-01-15", True),
        ("2019-01", "The leaders met in January.", "2019-01-15", False),
        ("2019-06", "A summit is to be held in June.", None, True),
    ],
)
def test_is_planned(value: str, sentence: str, dct: str | None, planned: bool) -> None:
    d = dt.date.fromisoformat(dct) if dct else None
    assert is_planned(value, sentence, d) is planned


def test_event_mentions_pick_the_finest_date_and_skip_undated_sentences() -> None:
    text = "The summit on Jan. 22 follows talks in January. Nothing dated here. They met in 2018."
    s1 = Sentence(0, 47, text[0:47])
    s2 = Sentence(48, 67, text[48:67])
    s3 = Sentence(68, len(text), text[68:])
    timexes = [
        Timex(14, 21, "Jan. 22", "DATE", "2019-01-22", "DCT"),
        Timex(39, 46, "January", "DATE", "2019-01", "DCT"),
        Timex(text.index("2018"), text.index("2018") + 4, "2018", "DATE", "2018"),
        Timex(0, 3, "The", "DURATION", "P1D"),
    ]
    out = event_mentions("d1", [s1, s2, s3], timexes, dt.date(2019, 1, 19))
    assert [(m.date, m.text) for m in out] == [("2019-01-22", s1.text), ("2018", s3.text)]
    assert out[0].planned and not out[1].planned
    assert out[0].timex_text == "Jan. 22" and out[0].anchor == "DCT"
    for m in out:
        assert text[m.start : m.end] == m.text


def test_anchor_to_a_previous_expression_is_shown_as_that_expression() -> None:
    text = "They met on March 5. Two days later, talks resumed."
    s1 = Sentence(0, 20, text[0:20])
    s2 = Sentence(21, len(text), text[21:])
    timexes = [
        Timex(12, 19, "March 5", "DATE", "2025-03-05", "DCT"),
        Timex(21, 35, "Two days later", "DATE", "2025-03-07", "timex:12"),
    ]
    out = event_mentions("d1", [s1, s2], timexes, None)
    assert out[1].anchor == "“March 5” (2025-03-05)"


@pytest.mark.parametrize(
    ("text", "dated_by", "event_text"),
    [
        # The dateline's date is the filing day; the sentence is dated by its own words.
        ("OSTRAVA, May 4 (Tidewire) - The council will vote on Friday on the budget.",
         "Friday", "The council will vote on Friday on the budget."),
        # A dateline with nothing else to date the sentence makes no event.
        ("OSTRAVA, May 4 (Tidewire) - The council met to discuss the budget.", None, None),
        ("OSTRAVA -- The council voted on May 2 to cut the budget.", "May 2",
         "The council voted on May 2 to cut the budget."),
    ],
)
def test_dateline_neither_dates_nor_opens_an_event(
    text: str, dated_by: str | None, event_text: str | None
) -> None:
    dct = dt.date(2021, 5, 4)
    timexes = [Timex(text.index("May 4"), text.index("May 4") + 5, "May 4", "DATE", "2021-05-04")
               ] if "May 4" in text else []
    if dated_by == "Friday":
        at = text.index("Friday")
        timexes.append(Timex(at, at + 6, "Friday", "DATE", "2021-05-07"))
    if dated_by == "May 2":
        at = text.index("May 2")
        timexes.append(Timex(at, at + 5, "May 2", "DATE", "2021-05-02"))
    found = event_mentions("d1", [Sentence(0, len(text), text)], timexes, dct)
    if dated_by is None:
        assert found == []
        return
    (ev,) = found
    assert ev.timex_text == dated_by
    assert ev.text == event_text
    assert text[ev.start:ev.end] == ev.text


def test_a_later_sentence_shaped_like_a_dateline_is_kept_whole() -> None:
    # "CEO Tim Cook: ..." after the lead is speech, not a dateline to cut.
    lead = "The company met analysts on Monday."
    later = "CEO Tim Cook: We will ship on May 20."
    text = f"{lead} {later}"
    at = text.index("May 20")
    timexes = [
        Timex(text.index("Monday"), text.index("Monday") + 6, "Monday", "DATE", "2021-05-03"),
        Timex(at, at + 6, "May 20", "DATE", "2021-05-20"),
    ]
    sents = [Sentence(0, len(lead), lead), Sentence(len(lead) + 1, len(text), later)]
    found = event_mentions("d1", sents, timexes, dt.date(2021, 5, 4))
    assert [ev.text for ev in found] == [lead, later]
