"""Publication-date inference from the text of undated articles."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.models import DctGuess
from storyline.stages.dct import find_date_refs, infer_dct, infer_story_dcts

if TYPE_CHECKING:
    from spacy.language import Language

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Published: 12 March 2019\n\nThe minister resigned after a week of protests.",
            D(2019, 3, 12),
        ),
        ("Updated Jan 5, 2019 10:04 am\n\nFlood waters rose across the valley.", D(2019, 1, 5)),
        ("Tuesday, January 22, 2019\n\nThe talks opened in Moscow.", D(2019, 1, 22)),
        (
            "By Jane Roe\nPosted on 2020-07-14\n\nThe council voted to close the bridge.",
            D(2020, 7, 14),
        ),
        ("LONDON, 3 June 2021 (AFP) - Ministers met to discuss the budget.", D(2021, 6, 3)),
    ],
)
def test_date_lines_give_the_date(text: str, expected: dt.date) -> None:
    guess = infer_dct(text)
    assert guess is not None
    assert (guess.date, guess.earliest, guess.latest, guess.source) == (
        expected,
        expected,
        expected,
        "dateline",
    )
    assert guess.confidence > 0.9


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dec 1 (Reuters) - The leaders, who first met in Osaka on June 28, 2018, "
            "agreed to resume talks.",
            D(2018, 12, 1),
        ),
        (
            "BUENOS AIRES, Dec. 1 -- The summit that opened on Nov. 30, 2018 ended with a "
            "statement on trade.",
            D(2018, 12, 1),
        ),
    ],
)
def test_wire_dateline_takes_its_year_from_the_references(text: str, expected: dt.date) -> None:
    guess = infer_dct(text)
    assert guess is not None
    assert guess.date == expected
    assert guess.source == "dateline"


def test_stated_date_is_returned_as_is() -> None:
    guess = infer_dct("No dates here at all.", stated=D(2019, 1, 22))
    assert guess == DctGuess(D(2019, 1, 22), D(2019, 1, 22), D(2019, 1, 22), 1.0, "dateline")


@pytest.mark.parametrize(
    "text",
    [
        "The weather was mild and the markets were calm.",
        "Talks resumed on Tuesday and will continue tomorrow.",
        "The two ministers will meet again on Jan. 22, officials said on Saturday.",
        "",
    ],
)
def test_nothing_that_bounds_the_date_gives_none(text: str) -> None:
    assert infer_dct(text) is None


def test_past_full_date_is_a_lower_bound() -> None:
    text = "The two leaders met on Nov. 14, 2018 in Singapore and agreed to speed up talks."
    guess = infer_dct(text)
    assert guess is not None
    assert guess.source == "references"
    assert guess.earliest >= D(2018, 11, 14)
    assert guess.earliest <= guess.date <= guess.latest


def test_future_full_date_is_an_upper_bound() -> None:
    text = "The two governments will sign the treaty on March 3, 2020, the ministry said."
    guess = infer_dct(text)
    assert guess is not None
    assert guess.latest <= D(2020, 3, 3)
    assert guess.earliest <= guess.date <= guess.latest


def test_weekday_and_latest_past_date_pin_the_day() -> None:
    text = (
        "The two leaders met on Nov. 14, 2018 in Singapore. "
        "On Saturday, the prime minister said the talks had gone well."
    )
    guess = infer_dct(text)
    assert guess is not None
    assert guess.date.weekday() == 5  # Saturday
    assert D(2018, 11, 14) <= guess.date <= D(2018, 11, 30)


def test_weekday_with_month_day_fixes_the_year() -> None:
    # Oct. 26 fell on a Monday in 1998; the text only says the killings began in 1994.
    text = (
        "The paper said in an editorial on Monday, Oct. 26, that the attacks on doctors, "
        "which began in 1994, had to stop."
    )
    guess = infer_dct(text)
    assert guess is not None
    assert guess.earliest <= D(1998, 10, 26) <= guess.latest
    assert abs((guess.date - D(1998, 10, 26)).days) <= 3


def test_year_less_dates_place_the_date_in_the_year() -> None:
    text = (
        "The embassy bombings on Aug. 7 killed 224 people. The suspects, who trained in "
        "camps set up in 1996, were charged on Aug. 27."
    )
    guess = infer_dct(text)
    assert guess is not None
    assert (guess.date.month, guess.date.year) in {(8, 1997), (9, 1997)}
    assert guess.earliest <= guess.date <= guess.latest


def test_recogniser_finds_kinds_and_tense() -> None:
    text = "They met on Nov. 14, 2018. They will meet on Jan. 22. It was founded in 1985 on Friday."
    refs = find_date_refs(text)
    kinds = [(r.text, r.kind) for r in refs]
    assert kinds == [
        ("Nov. 14, 2018", "ymd"),
        ("Jan. 22", "md"),
        ("1985", "y"),
        ("Friday", "weekday"),
    ]
    assert (refs[0].year, refs[0].month, refs[0].day) == (2018, 11, 14)


@pytest.mark.slow
def test_parse_decides_tense(nlp: Language) -> None:
    text = "Officials said the two sides will sign the accord on March 3, 2020 in Geneva."
    guess = infer_dct(text, doc=nlp(text))
    assert guess is not None
    assert guess.latest <= D(2020, 3, 3)


def test_story_event_dated_in_one_article_dates_another() -> None:
    texts = {
        "a": "MOSCOW, Jan. 23, 2019 -- The summit on Jan. 22 ended without a peace treaty.",
        "b": "Yesterday's summit ended without a peace treaty, officials conceded.",
        "c": "The summit on Tuesday failed to produce a treaty, a spokesman said.",
    }
    guesses = infer_story_dcts(texts, {"a": D(2019, 1, 23)})
    assert guesses["a"].date == D(2019, 1, 23)
    assert guesses["b"].source == "story"
    assert guesses["b"].date == D(2019, 1, 23)
    # Jan. 22, 2019 was a Tuesday: "on Tuesday" in the past puts c within the week after.
    assert guesses["c"].source == "story"
    assert guesses["c"].earliest == D(2019, 1, 22)
    assert guesses["c"].latest <= D(2019, 1, 28)


def test_story_ignores_unrelated_events() -> None:
    texts = {
        "a": "The summit on Jan. 22 ended without a treaty.",
        "b": "Yesterday's football match drew a record crowd.",
    }
    guesses = infer_story_dcts(texts, {"a": D(2019, 1, 23)})
    assert "b" not in guesses


_PIECES = st.sampled_from(
    [
        "Jan. 22",
        "Nov. 14, 2018",
        "2019-03-12",
        "12/31/1999",
        "on Friday",
        "Monday, Oct. 26",
        "last year",
        "yesterday",
        "will meet",
        "said",
        "in 1985",
        "Published:",
        "Dec 1 (Reuters) -",
        "29 February",
        "Feb. 29, 2001",
        "\n",
        ". ",
        "BUENOS AIRES, ",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=20), max_size=14))
def test_never_raises_and_bounds_are_ordered(pieces: list[str]) -> None:
    guess = infer_dct(" ".join(pieces))
    if guess is not None:
        assert guess.earliest <= guess.date <= guess.latest
        assert 0.0 <= guess.confidence <= 1.0


_DEMO = Path(__file__).resolve().parents[2] / "examples" / "harbour-strike"


def test_demo_story_dates_its_undated_article() -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(_DEMO.glob("*.txt"))}
    with (_DEMO / "manifest.csv").open(encoding="utf-8") as handle:
        known: dict[str, dt.date | DctGuess | None] = {
            row["file"]: D.fromisoformat(row["published"]) for row in csv.DictReader(handle)
        }
    truth = D(2025, 3, 11)  # tests/golden/demo_expectations.json
    own = infer_dct(texts["coastline-talks-collapse.txt"])
    guess = infer_story_dcts(texts, known)["coastline-talks-collapse.txt"]
    assert guess.source == "story"
    assert abs((guess.date - truth).days) <= 3
    assert guess.earliest <= truth <= guess.latest
    # The pipeline keeps the story's guess when it is surer than the text's own.
    assert own is None or guess.confidence > own.confidence


def test_story_span_gives_the_year_to_year_less_clues() -> None:
    texts = {
        "a": "The strike began on Saturday, the first since 2011.",
        "b": "The minister met both sides on March 5 and said talks would resume on Thursday.",
    }
    guesses = infer_story_dcts(texts, {"a": D(2025, 3, 1)})
    assert guesses["b"].source == "story"
    assert guesses["b"].date.year == 2025
    assert D(2025, 3, 5) <= guesses["b"].date <= D(2025, 3, 13)


def test_would_in_reported_speech_is_future() -> None:
    text = (
        "The mediator was named on March 10, 2025. She said she would meet both sides on "
        "Thursday and hoped to hold joint talks later."
    )
    guess = infer_dct(text)
    assert guess is not None
    # Thursday is 13 March: still to come, so the date is at most the day before it.
    assert D(2025, 3, 10) <= guess.date <= D(2025, 3, 13)


def test_past_year_puts_the_date_after_it() -> None:
    guess = infer_dct("The company was founded in 1985 and went public in 1994.")
    assert guess is not None
    assert guess.source == "references"
    assert guess.date.year >= 1994
    assert guess.earliest <= guess.date <= guess.latest
    assert guess.confidence < 0.1


def test_a_bare_old_year_leaves_the_date_open_for_decades() -> None:
    # Features on history name only old years: the 1961 invasion may be marked in 2000.
    guess = infer_dct("Veterans gathered on Friday to mark the anniversary of the 1961 invasion.")
    assert guess is not None
    assert guess.earliest <= D(1962, 1, 1)
    assert guess.latest.year >= 1990
    assert guess.confidence < 0.01


def test_a_year_with_its_month_or_day_is_of_recent_news() -> None:
    dated = infer_dct("The talks began on Nov. 14, 1990, and the two sides met again in Geneva.")
    bare = infer_dct("The talks began in 1990, and the two sides met again in Geneva.")
    assert dated is not None and bare is not None
    assert bare.latest.year >= 2000
    assert dated.latest < bare.latest


def test_a_quarter_of_a_year_bounds_the_date() -> None:
    text = (
        "The company stopped paying a dividend in the third quarter of 1984 because of "
        "troubles at its nuclear plant."
    )
    guess = infer_dct(text)
    assert guess is not None
    assert guess.earliest <= D(1989, 10, 27) <= guess.latest
    assert guess.earliest.year >= 1979


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Voters rejected the plan in last year's 1996 election, officials said Tuesday.", 1997),
        ("Organisers said on Monday that tickets for next year's 2000 Olympics had sold out.", 1999),
        ("The minister defended this year's 1998 budget in parliament on Friday.", 1998),
    ],
)
def test_last_year_beside_a_year_names_the_year(text: str, year: int) -> None:
    guess = infer_dct(text)
    assert guess is not None
    assert guess.earliest.year == guess.date.year == guess.latest.year == year


def test_a_year_without_days_puts_the_point_inside_it_not_on_new_year() -> None:
    guess = infer_dct("The company was founded in 1985 and went public in 1994.")
    assert guess is not None
    assert 4 <= guess.date.month <= 9


def test_a_forecast_year_is_a_future_one() -> None:
    # "predicting 1990 earnings" looks ahead: the text may well be of 1989.
    text = (
        "Analysts were predicting 1990 earnings of $3.90 a share. For 1988, the company "
        "earned $1.7 billion."
    )
    guess = infer_dct(text)
    assert guess is not None
    assert guess.date.year == 1989
    assert guess.earliest <= D(1989, 10, 26) <= guess.latest


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        # "would" in reported speech looks ahead of the DCT, as "will" does.
        "The company said the merger would dilute its earnings in 1990 and 1991. "
        "It earned $2 billion in 1988.",
        # What a forecast is about is still to come.
        "Analysts were predicting 1990 earnings of $3.90 a share. For 1988, the company "
        "earned $1.7 billion.",
    ],
)
def test_parse_reads_reported_and_forecast_years_as_future(nlp: Language, text: str) -> None:
    guess = infer_dct(text, doc=nlp(text))
    assert guess is not None
    assert guess.date.year == 1989
    assert guess.earliest <= D(1989, 10, 26) <= guess.latest


@pytest.mark.slow
def test_parse_keeps_a_deadline_in_the_future(nlp: Language) -> None:
    text = "The law requires thrifts to sell their junk bonds by 1994. The thrift lost money in 1988."
    guess = infer_dct(text, doc=nlp(text))
    assert guess is not None
    assert guess.date.year <= 1993


def test_a_wire_dateline_leaves_room_for_the_next_day() -> None:
    # The dateline gives the day where the story was filed; the agency may date it a day on.
    texts = {
        "a": "WARSAW, Feb. 26 (Xinhua) -- The presidents signed the accession papers.",
        "b": "The presidents signed the papers on Friday, officials said.",
    }
    guess = infer_story_dcts(texts, {"b": D(1999, 2, 26)})["a"]
    assert guess.date == D(1999, 2, 26)
    assert guess.earliest <= D(1999, 2, 26) and D(1999, 2, 27) <= guess.latest


def test_story_prior_lets_a_text_fall_weeks_after_the_others() -> None:
    # The dated articles end on 6 March; the undated one reports a deal after 10 March.
    texts = {
        "a": "Dockworkers walked off the job on Saturday, the first strike at the port since 2011.",
        "b": "The minister met the union and the company at her ministry on Wednesday.",
        "c": "The mediator was appointed after talks collapsed on March 10. A deal to end the "
        "walkout was reached late on Saturday.",
    }
    guess = infer_story_dcts(texts, {"a": D(2025, 3, 1), "b": D(2025, 3, 6)})["c"]
    assert guess.date == D(2025, 3, 15)
    assert guess.earliest <= guess.date <= guess.latest


def test_a_month_without_its_year_scores_smoothly_across_month_ends() -> None:
    from storyline.stages.dct import DateRef
    from storyline.stages.dct.likelihood import clue_likelihood

    december = DateRef(0, 8, "December", "m", month=12, tense="past")
    end_of_february = clue_likelihood(december, D(1999, 2, 28))
    start_of_march = clue_likelihood(december, D(1999, 3, 1))
    assert abs(end_of_february - start_of_march) < 0.05 * end_of_february


@pytest.mark.parametrize(
    ("text", "upper"),
    [
        (
            "The company declared a 10% stock dividend, payable Dec. 15, 1989, to stock of "
            "record Nov. 17, 1989.",
            D(1989, 11, 17),
        ),
        (
            "The placement of the shares, to be completed around Nov. 1, 1989, was approved by "
            "the board.",
            D(1989, 11, 1),
        ),
        (
            "The long custody dispute may finally be resolved at a court hearing on March 6, "
            "2000, his lawyer said.",
            D(2000, 3, 6),
        ),
    ],
)
def test_payment_dates_passive_futures_and_may_look_ahead(text: str, upper: dt.date) -> None:
    guess = infer_dct(text)
    assert guess is not None
    assert guess.date <= upper
    assert guess.latest <= upper


def test_an_undated_text_s_explicit_date_dates_an_event_for_the_others() -> None:
    texts = {
        "a": "The strike at the port went on for a sixth day on Thursday.",
        "b": "Transport minister Helena Brandt brought the union and the port operator "
        "together at her ministry on March 5.",
        "c": "Helena Brandt met the union and the port operator at her ministry on Wednesday.",
    }
    guesses = infer_story_dcts(texts, {"a": D(2025, 3, 6)})
    # b is undated, but its "March 5" (a Wednesday) dates the meeting c names.
    assert guesses["c"].source == "story"
    assert guesses["c"].earliest == D(2025, 3, 5)
    assert guesses["c"].latest <= D(2025, 3, 11)


def test_said_tuesday_after_a_year_less_date_is_the_tuesday_after_it() -> None:
    # The year comes from "1996" (the DCT is mostly a year or two later); the day from the
    # latest past date and the weekday: the first Tuesday after 7 August 1997.
    text = "The ceasefire signed on Aug. 7 collapsed, officials said Tuesday. The war began in 1996."
    guess = infer_dct(text)
    assert guess is not None
    assert guess.date == D(1997, 8, 12)
    assert guess.earliest <= guess.date <= guess.latest
