"""Unit tests of the temporal tagger: product cases, TimeML conventions, invariants, speed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.models import Timex
from storyline.stages.timex import STAGE_NAME, tag

if TYPE_CHECKING:
    from spacy.language import Language

D = dt.date


def _find(found: list[Timex], surface: str) -> Timex:
    hits = [t for t in found if t.text == surface]
    assert hits, f"{surface!r} not tagged; got {[t.text for t in found]}"
    return hits[0]


# The cases the product depends on: each with its text, DCT, expression, value (and mod).
PRODUCT = [
    (
        "Taro Kono was appointed foreign minister on Saturday, officials said.",
        D(2018, 12, 1),
        "Saturday",
        "2018-12-01",
        None,
    ),
    (
        "The two leaders agreed to hold a summit next June.",
        D(2018, 12, 1),
        "next June",
        "2019-06",
        None,
    ),
    (
        "Abe hopes to sign a peace treaty this spring.",
        D(2019, 1, 19),
        "this spring",
        "2019-SP",
        None,
    ),
    ("Abe will meet Putin in Moscow on Jan. 22.", D(2019, 1, 19), "Jan. 22", "2019-01-22", None),
    ("Talks on Jan. 22 will focus on the islands.", D(2019, 1, 19), "Jan. 22", "2019-01-22", None),
    ("The leaders met last month in Buenos Aires.", D(2018, 12, 1), "last month", "2018-11", None),
    (
        "A deal could be reached early next year.",
        D(2018, 12, 1),
        "early next year",
        "2019",
        "START",
    ),
    (
        "Kono said Monday that the talks had been frank.",
        D(2019, 1, 15),
        "Monday",
        "2019-01-14",
        None,
    ),
    ("Kono will hold talks with Lavrov on Monday.", D(2019, 1, 15), "Monday", "2019-01-21", None),
]


@pytest.mark.parametrize(("text", "dct", "surface", "value", "mod"), PRODUCT)
def test_product_cases_without_parse(
    text: str, dct: dt.date, surface: str, value: str, mod: str | None
) -> None:
    t = _find(tag(text, dct), surface)
    assert (t.value, t.mod, t.anchor) == (value, mod, "DCT")


@pytest.mark.parametrize(("text", "dct", "surface", "value", "mod"), PRODUCT)
def test_product_cases_with_parse(
    nlp: Language, text: str, dct: dt.date, surface: str, value: str, mod: str | None
) -> None:
    t = _find(tag(text, dct, nlp(text)), surface)
    assert (t.value, t.mod) == (value, mod)


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        # A plan seen from the past ("had been scheduled", "had been due") is a past day.
        (
            "The offer had been scheduled to expire at midnight Friday.",
            "midnight Friday",
            "1989-10-27T00:00",
        ),
        ("It had been due to expire Friday evening.", "Friday evening", "1989-10-27TEV"),
        # A plan named in a past clause: the clause verb decides.
        ("A service planned for Saturday was canceled.", "Saturday", "1989-10-28"),
        ("A service planned for Saturday will be held in Rochester.", "Saturday", "1989-11-04"),
        ("The ruling issued Thursday was appealed.", "Thursday", "1989-10-26"),
        # A bare participle reports a done act; "set" is a plan only with "to" or "for".
        ("Stocks ended near the record high set on Feb. 6.", "Feb. 6", "1989-02-06"),
        ("The vote is set for Friday.", "Friday", "1989-11-03"),
        # A refusal in a main clause has happened; a reported "would" still looks ahead.
        ("Neither company would confirm the price on Friday.", "Friday", "1989-10-27"),
        ("The agency would not comment Thursday on the report.", "Thursday", "1989-10-26"),
        ("He said the board would vote on Friday.", "Friday", "1989-11-03"),
        ("Neither he nor his aides could be reached Friday.", "Friday", "1989-10-27"),
        # A verb spelt like its past, with a singular subject, is past ("hurts" otherwise).
        ("Weakness in big stocks hurt the index on Friday.", "Friday", "1989-10-27"),
        ("Cuts hurt the poor most when they come on Friday.", "Friday", "1989-11-03"),
        # After "until", "by" or "effective" a deadline lies ahead, unless seen from the past.
        ("Officials postponed until Tuesday any action on the case.", "Tuesday", "1989-10-31"),
        ("Ten members had filed reports by Wednesday.", "Wednesday", "1989-10-25"),
        # A verb inside a quotation the date is not in says nothing of the date's tense.
        ("Wechsler on Thursday: ``The report is entirely inaccurate.''", "Thursday", "1989-10-26"),
    ],
)
def test_weekday_tense_from_parse(nlp: Language, text: str, surface: str, value: str) -> None:
    t = _find(tag(text, D(1989, 10, 30), nlp(text)), surface)
    assert t.value == value


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        # The tense outweighs a nearer month on the other side of the DCT.
        ("She will command a mission in December.", "December", "1998-12"),
        ("The company changed its fiscal year in December.", "December", "1997-12"),
        # "in" on the verb dates the act: past even though next December is nearer.
        ("The board changed its auditors in December.", "December", "1997-12"),
        # A participle clause takes the tense of the clause it hangs on.
        ("The shares have swung wildly, climbing to $40 in January from $29 in September.",
         "September", "1997-09"),
        # "in" on a noun dates the thing named, which may lie ahead of the verb.
        ("The minister spoke of a cutback in supplies in April.", "April", "1998-04"),
        # Present tense sets no direction: the nearer month wins.
        ("Homes worth millions in October are worth half that now.", "October", "1997-10"),
        ("The bank is still bound by a November agreement.", "November", "1997-11"),
        # A date something takes effect on lies ahead.
        ("The board created a new office, effective Sept. 1.", "Sept. 1", "1998-09-01"),
    ],
)
def test_month_year_follows_tense(nlp: Language, text: str, surface: str, value: str) -> None:
    t = _find(tag(text, D(1998, 3, 4), nlp(text)), surface)
    assert t.value == value


CASES = [
    # absolute dates
    (
        "The treaty was signed on Dec. 18, 2018.",
        D(2019, 1, 15),
        "Dec. 18, 2018",
        "DATE",
        "2019-01-15" and "2018-12-18",
    ),
    (
        "It was signed on 22 January 2019 in Tokyo.",
        D(2019, 3, 1),
        "22 January 2019",
        "DATE",
        "2019-01-22",
    ),
    # British order with the weekday in front is one date.
    ("Talks opened on Tuesday 15 January.", D(2019, 1, 20), "Tuesday 15 January", "DATE", "2019-01-15"),
    ("The vote is on Friday, 1 February 2019.", D(2019, 1, 20), "Friday, 1 February 2019", "DATE", "2019-02-01"),
    ("He was born in 1956.", D(2019, 1, 15), "1956", "DATE", "1956"),
    ("In 2012 people voted for change.", D(2019, 1, 15), "2012", "DATE", "2012"),
    ("Prices doubled in January 2017.", D(2019, 1, 15), "January 2017", "DATE", "2017-01"),
    # Broadcast transcripts spell years and days out.
    ("It was January nineteen ninety-seven.", D(1998, 3, 1), "January nineteen ninety-seven", "DATE", "1997-01"),
    ("The day is this Sunday, March eighth.", D(1998, 3, 3), "Sunday, March eighth", "DATE", "1998-03-08"),
    ("Unemployment peaked in the 1980s.", D(2019, 1, 15), "the 1980s", "DATE", "198X"),
    ("Results for fiscal 1989 were weak.", D(1989, 11, 2), "fiscal 1989", "DATE", "1989"),
    ("Profit will fall for the fiscal year.", D(1989, 11, 2), "the fiscal year", "DATE", "1989"),
    ("Sales rose in the latest fiscal year.", D(1989, 11, 2), "the latest fiscal year", "DATE", "1988"),
    ("Sales fell in the third quarter.", D(1989, 11, 2), "the third quarter", "DATE", "1989-Q3"),
    ("Third-quarter profit rose.", D(1989, 11, 2), "Third-quarter", "DATE", "1989-Q3"),
    # A quarter of a year named relative to the DCT: "next year's first quarter".
    (
        "The sale may close in next year's first quarter.",
        D(2019, 10, 31),
        "next year's first quarter",
        "DATE",
        "2020-Q1",
    ),
    (
        "Costs rose in last year's fourth quarter.",
        D(2019, 5, 2),
        "last year's fourth quarter",
        "DATE",
        "2018-Q4",
    ),
    (
        "Output fell in the fourth quarter of last year.",
        D(2019, 5, 2),
        "the fourth quarter of last year",
        "DATE",
        "2018-Q4",
    ),
    (
        "Profit rose in the second half of 2018.",
        D(2019, 1, 15),
        "the second half of 2018",
        "DATE",
        "2018-H2",
    ),
    (
        "The plant opened in the summer of 2016.",
        D(2019, 1, 15),
        "the summer of 2016",
        "DATE",
        "2016-SU",
    ),
    ("The rule dates from the 20th century.", D(2019, 1, 15), "the 20th century", "DATE", "19XX"),
    ("The firm dates from the early 19th century.", D(2019, 1, 15), "the early 19th century", "DATE", "18XX"),
    # deictic
    ("Shares fell today.", D(2019, 1, 15), "today", "DATE", "2019-01-15"),
    ("Shares fell yesterday.", D(2019, 1, 15), "yesterday", "DATE", "2019-01-14"),
    ("The vote is tomorrow.", D(2019, 1, 15), "tomorrow", "DATE", "2019-01-16"),
    ("Markets are calm now.", D(2019, 1, 15), "now", "DATE", "PRESENT_REF"),
    ("Rates have risen recently.", D(2019, 1, 15), "recently", "DATE", "PAST_REF"),
    ("I saw him the other day.", D(2019, 1, 15), "the other day", "DATE", "PAST_REF"),
    ("Rates may rise in the future.", D(2019, 1, 15), "the future", "DATE", "FUTURE_REF"),
    ("She hopes to one day run the firm.", D(2019, 1, 15), "one day", "DATE", "FUTURE_REF"),
    ("The town could one day host the games.", D(2019, 1, 15), "one day", "DATE", "FUTURE_REF"),
    ("The talks lasted one day.", D(2019, 1, 15), "one day", "DURATION", "P1D"),
    ("Sales rose last year.", D(2019, 1, 15), "last year", "DATE", "2018"),
    ("Sales will rise next year.", D(2019, 1, 15), "next year", "DATE", "2020"),
    ("He resigned last week.", D(2019, 1, 15), "last week", "DATE", "2019-W02"),
    ("The index rose this week.", D(2019, 1, 15), "this week", "DATE", "2019-W03"),
    ("They met last Friday.", D(2019, 1, 15), "last Friday", "DATE", "2019-01-11"),
    ("Data is due on Thursday next week.", D(2019, 1, 15), "Thursday next week", "DATE", "2019-01-24"),
    ("A hearing is set for the week of Jan. 21.", D(2019, 1, 15), "the week of Jan. 21", "DATE", "2019-W04"),
    ("They met three days ago.", D(2019, 1, 15), "three days ago", "DATE", "2019-01-12"),
    ("The deal closed a year ago.", D(2019, 1, 15), "a year ago", "DATE", "2018"),
    ("They met last fall.", D(2019, 1, 15), "last fall", "DATE", "2018-FA"),
    (
        "Officials said late March that exports fell.",
        D(2019, 5, 15),
        "late March",
        "DATE",
        "2019-03",
    ),
    ("He spoke this morning.", D(2019, 1, 15), "this morning", "TIME", "2019-01-15TMO"),
    (
        "He spoke at 3 p.m. yesterday.",
        D(2019, 1, 15),
        "3 p.m. yesterday",
        "TIME",
        "2019-01-14T15:00",
    ),
    ("He arrived at 10:35 a.m.", D(2019, 1, 15), "10:35 a.m.", "TIME", "2019-01-15T10:35"),
    ("The jet landed at 6:45 this evening.", D(2019, 1, 15), "6:45 this evening", "TIME", "2019-01-15T18:45"),
    ("Police came at 9 p.m. yesterday evening.", D(2019, 1, 15), "9 p.m. yesterday evening", "TIME", "2019-01-14T21:00"),
    ("It began at 3:30 in the afternoon.", D(2019, 1, 15), "3:30 in the afternoon", "TIME", "2019-01-15T15:30"),
    # A bare clock time right before a date is on that day.
    ("Polls closed at 20:00 GMT on 12 January 2019.", D(2019, 1, 15), "20:00 GMT", "TIME", "2019-01-12T20:00"),
    (
        "The offer expires at 5 p.m. EST, Jan. 22.",
        D(2019, 1, 15),
        "5 p.m. EST, Jan. 22",
        "TIME",
        "2019-01-22T17:00",
    ),
    ("They met Friday morning.", D(2019, 1, 15), "Friday morning", "DATE", "2019-01-11TMO"),
    # TimeBank dates "Sunday night" as the day, while "Friday evening" keeps its part.
    ("They met Sunday night.", D(2019, 1, 15), "Sunday night", "DATE", "2019-01-13"),
    ("They met Friday evening.", D(2019, 1, 15), "Friday evening", "DATE", "2019-01-11TEV"),
    ("Output fell earlier this year.", D(2019, 5, 15), "earlier this year", "DATE", "2019"),
    # With no date mentioned before, "in the week" is the DCT's week.
    ("Ministers will meet later in the week.", D(2019, 1, 15), "later in the week", "DATE", "2019-W03"),
    ("The deal should close by year's end.", D(2019, 5, 15), "year's end", "DATE", "2019"),
    (
        "Output will rise by the end of the year.",
        D(2019, 5, 15),
        "the end of the year",
        "DATE",
        "2019",
    ),
    ("The weekly fell over the weekend.", D(2019, 1, 15), "the weekend", "DATE", "2019-W02-WE"),
    # A part of the day alone belongs to the day being reported, like a bare clock time.
    ("Trading resumed in mid-afternoon.", D(2019, 1, 15), "mid-afternoon", "TIME", "2019-01-15TAF"),
    ("Stocks slid in late afternoon trading.", D(2019, 1, 15), "late afternoon", "TIME", "2019-01-15TAF"),
    # durations
    ("Talks lasted three days.", D(2019, 1, 15), "three days", "DURATION", "P3D"),
    ("It grew in the past three years.", D(2019, 1, 15), "the past three years", "DURATION", "P3Y"),
    ("The strike lasted five hours.", D(2019, 1, 15), "five hours", "DURATION", "PT5H"),
    ("It took 20 minutes.", D(2019, 1, 15), "20 minutes", "DURATION", "PT20M"),
    ("The strike is due to last 48 hours.", D(2019, 1, 15), "48 hours", "DURATION", "PT48H"),
    ("Talks will last two days.", D(2019, 1, 15), "two days", "DURATION", "P2D"),
    ("A two-year deal was signed.", D(2019, 1, 15), "two-year", "DURATION", "P2Y"),
    ("A day-long strike shut the port.", D(2019, 1, 15), "day-long", "DURATION", "P1D"),
    ("The year-long inquiry ended.", D(2019, 1, 15), "year-long", "DURATION", "P1Y"),
    (
        "Sales rose in the first nine months.",
        D(2019, 1, 15),
        "the first nine months",
        "DURATION",
        "P9M",
    ),
    ("Rates fell for the past few years.", D(2019, 1, 15), "the past few years", "DURATION", "PXY"),
    ("Net rose in the latest nine months.", D(2019, 1, 15), "the latest nine months", "DURATION", "P9M"),
    ("It takes years.", D(2019, 1, 15), "years", "DURATION", "PXY"),
    ("Protests went on for a while.", D(2019, 1, 15), "a while", "DURATION", "PXX"),
    ("They split up a while ago.", D(2019, 1, 15), "a while ago", "DATE", "PAST_REF"),
    # A half written in the next smaller unit, as TimeBank writes PT1M30S.
    ("The siege lasted two and a half years.", D(2019, 1, 15), "two and a half years", "DURATION", "P2Y6M"),
    ("The vote took an hour and a half.", D(2019, 1, 15), "an hour and a half", "DURATION", "PT1H30M"),
    # sets
    ("The group meets every Monday.", D(2019, 1, 15), "every Monday", "SET", "XXXX-WXX-1"),
    ("Dividends are paid quarterly.", D(2019, 1, 15), "quarterly", "SET", "P3M"),
    ("Trains run daily.", D(2019, 1, 15), "daily", "SET", "P1D"),
    ("He gave his weekly radio address.", D(2019, 1, 15), "weekly", "SET", "P1W"),
    ("Average hourly earnings rose.", D(2019, 1, 15), "hourly", "SET", "PT1H"),
    ("Inspections happen every week.", D(2019, 1, 15), "every week", "SET", "P1W"),
    ("The show airs on Tuesday nights.", D(2019, 1, 15), "Tuesday nights", "SET", "XXXX-WXX-2TNI"),
    # fractions written with a slash, and counted working days
    ("The talks lasted 5 1/2 hours.", D(2019, 1, 15), "5 1/2 hours", "DURATION", "PT5H30M"),
    ("He spent 2 1/2 years abroad.", D(2019, 1, 15), "2 1/2 years", "DURATION", "P2Y6M"),
    ("Eight trading days later it recovered.", D(2019, 1, 15), "Eight trading days", "DURATION", "P8D"),
    ("Reply within 10 business days.", D(2019, 1, 15), "10 business days", "DURATION", "P10D"),
    # a day beside a named day, and a part of a named day
    ("They met the day before last Tuesday.", D(2019, 1, 15), "the day before last Tuesday", "DATE", "2019-01-07"),
    ("Shops reopened the day after Christmas.", D(2019, 1, 15), "the day after Christmas", "DATE", "2018-12-26"),
    ("Trading halted in mid-afternoon yesterday.", D(2019, 1, 15), "mid-afternoon yesterday", "TIME", "2019-01-14TAF"),
    ("Prices fell by the previous Friday.", D(2019, 1, 15), "the previous Friday", "DATE", "2019-01-11"),
]


@pytest.mark.parametrize(("text", "dct", "surface", "kind", "value"), CASES)
def test_expressions(text: str, dct: dt.date, surface: str, kind: str, value: str) -> None:
    t = _find(tag(text, dct), surface)
    assert (t.type, t.value) == (kind, value)


@pytest.mark.parametrize(
    ("text", "surface", "value", "anchor_text"),
    [
        (
            "The summit ended on Dec. 18, 2018. Two days later, the ministers met.",
            "Two days later",
            "2018-12-20",
            "Dec. 18, 2018",
        ),
        (
            "Stocks fell on Friday, Jan. 11, 2019. By the previous Friday, they had risen.",
            "the previous Friday",
            "2019-01-04",
            "Friday, Jan. 11, 2019",
        ),
        (
            "Voting began on March 3, 2019. The next day, results came in.",
            "The next day",
            "2019-03-04",
            "March 3, 2019",
        ),
        (
            "The storm hit on Aug. 7, 1998. Eight days later, aid arrived.",
            "Eight days later",
            "1998-08-15",
            "Aug. 7, 1998",
        ),
        (
            "The plant shut in June 2001. Later that year it reopened.",
            "Later that year",
            "2001",
            "June 2001",
        ),
        (
            "The shop was robbed in March 2019. That same day, police made arrests.",
            "That same day",
            "2019-03-XX",
            "March 2019",
        ),
        (
            "Net rose to $5 million in the year ended Aug. 12, 2018, from $4 million a year earlier.",
            "a year earlier",
            "2017-08-12",
            "Aug. 12, 2018",
        ),
    ],
)
def test_anchored_to_last_date(text: str, surface: str, value: str, anchor_text: str) -> None:
    found = tag(text, D(2019, 6, 1))
    t = _find(found, surface)
    anchor = _find(found, anchor_text)
    assert (t.value, t.anchor) == (value, f"timex:{anchor.start}")


@pytest.mark.parametrize(
    "text",
    [
        "The six-year-old boy was rescued.",
        "The company hired 2500 workers.",
        "Quarterly earnings beat forecasts.",
        "He tends to fall asleep.",
        "The annual meeting was held.",
        "Prices rose 1998 percent.",
        "It was high noon for the coalition.",
        "Exports should grow 6% annually.",
        "The Dow rose 2000 points.",
        "The TV set cost $1995.",
        "Flight 1999 landed safely in Rome.",
        "They debated the future of the alliance.",
        "The fall of the regime surprised them.",
        "The fall in oil prices hurt.",
        "The Arab Spring swept the region.",
        "She won at the Winter Olympics.",
        "The Sunday Times ran the story.",
        "He wrote for the Daily Mail.",
        "She was named Person of the Year.",
        "The minutes of the central bank's last meeting were released.",
        "Shares rose in 10 of the past 12 sessions.",
        "She told CBS's ''48 Hours'' about it.",
        'He spoke on NBC\'s "This Week" show.',
    ],
)
def test_not_temporal(text: str) -> None:
    assert [t.text for t in tag(text, D(2019, 1, 15))] == []


def test_month_and_modal_words_are_not_dates() -> None:
    # "may" and "march" as verbs are no months; "now" is a time.
    assert [t.text for t in tag("You may leave now or march on.", D(2019, 1, 15))] == ["now"]


@pytest.mark.parametrize(
    "surface", ["Saturday", "next week", "last month", "Jan. 22", "three days ago"]
)
def test_no_dct_means_no_guess(surface: str) -> None:
    t = _find(tag(f"It happened {surface}.", None), surface)
    assert t.value is None


@pytest.mark.parametrize("dct", [D(2019, 1, 15), None])
def test_invariants(dct: dt.date | None) -> None:
    text = "On Monday, March 4, 2019, two days after the vote, the 1990s and next week; at 5 p.m. daily."
    found = tag(text, dct)
    assert found
    assert [t.start for t in found] == sorted(t.start for t in found)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    for t in found:
        assert text[t.start : t.end] == t.text
        assert t.type in {"DATE", "TIME", "DURATION", "SET"}
        assert t.rule
    assert STAGE_NAME == "storyline.timex.v3"


_ALPHABET = st.sampled_from(
    [
        "Jan.",
        "January",
        "May",
        "March",
        "Monday",
        "1998",
        "12",
        "3",
        "31st",
        "-",
        "/",
        ":",
        ".",
        ",",
        " ",
        "  ",
        "\n",
        "'s",
        "a.m.",
        "p.m.",
        "last",
        "next",
        "the",
        "of",
        "year",
        "years",
        "days",
        "ago",
        "later",
        "quarter",
        "third",
        "early",
        "every",
        "'90s",
        "1980s",
        "fiscal",
        "now",
        "x",
        "é",
        "2019-01-22",
        "10:35",
    ]  # fmt: skip
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=60), st.sampled_from([D(2019, 1, 15), D(2000, 2, 29), None]))
def test_fuzz_never_raises_and_round_trips(pieces: list[str], dct: dt.date | None) -> None:
    text = "".join(pieces)
    found = tag(text, dct)
    for t in found:
        assert text[t.start : t.end] == t.text
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


@pytest.mark.parametrize(
    "unit",
    ["1" * 20000, "January " * 2500, " " * 20000, ".,;:-/" * 3500, "12 " * 7000, "Jan. 22, 1998 " * 1500, "a" * 20000,
     "the past few years ago later " * 800, "1998-" * 4000, "3:" * 10000],
)  # fmt: skip
def test_adversarial_input_is_tagged_consistently(unit: str) -> None:
    # Its speed (no catastrophic backtracking) is measured by `make bench`, not here.
    found = tag(unit, D(2019, 1, 15))
    assert all(unit[t.start : t.end] == t.text for t in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def _plain_matches(text: str) -> list[tuple[str, int, int]]:
    from storyline.stages import timex

    return [(r.name, m.start(), m.end()) for r in timex._RULES for m in r.pattern.finditer(text)]


def _fast_matches(text: str) -> list[tuple[str, int, int]]:
    from storyline.stages import timex

    starts = timex._word_starts(text)
    return [
        (r.name, m.start(), m.end())
        for r in timex._RULES
        for m in timex._rule_matches(r, text, starts)
    ]


def test_most_rules_take_the_fast_path() -> None:
    from storyline.stages import timex

    assert len(timex._PREFIXES) >= len(timex._RULES) - 6
    assert "2019" in timex._PREFIXES["year"] or "201" in timex._PREFIXES["year"]


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, March 4, 2019, two days after the vote, the 1990s and next week; at 5 p.m. daily.",
        "THE THIRD QUARTER OF 1998 ENDED SEPT. 30; Early Next Year, in the 1980S, FY1999.",
        "Kelvin \u212a and long \u017f: march 5, the ſpring of 1998.",
        "a12/5/2000 x3 days ago,10 years later;the past few years'90s 24th century",
        "",
    ],
)
def test_fast_matching_equals_finditer(text: str) -> None:
    assert _fast_matches(text) == _plain_matches(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=40))
def test_fast_matching_equals_finditer_fuzz(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _fast_matches(text) == _plain_matches(text)


def test_early_hours_of_a_day_are_that_day() -> None:
    found = tag("He was detained in the early hours of Sunday.", D(2019, 1, 15))
    assert [(t.text, t.value) for t in found] == [("Sunday", "2019-01-13")]


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Aid may arrive within days or weeks.", "days or weeks", "PXD"),
        ("Investors sold in recent weeks and months.", "recent weeks and months", "PAST_REF"),
    ],
)
def test_coordinated_units_are_one_expression(text: str, surface: str, value: str) -> None:
    found = tag(text, D(2019, 1, 15))
    assert [(t.text, t.value) for t in found] == [(surface, value)]


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("MindSpring, an Internet provider, grew.", "Spring"),
        ("It will pay a dividend this year.", "end this year"),
        ("The homecoming week drew crowds.", "coming week"),
    ],
)
def test_no_match_inside_a_word(text: str, bad: str) -> None:
    assert bad not in [t.text for t in tag(text, D(2019, 1, 15))]
