"""The line cleaner by kinds of text: what must stay, what must go, and why."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.stages.clean import clean

P1 = (
    "The two leaders agreed on Saturday to speed up negotiations on a peace treaty, officials said, "
    "after a meeting that lasted more than two hours at the presidential residence."
)
P2 = (
    "The dispute over the islands, seized at the end of the war, has kept the two countries from "
    "signing a formal treaty for more than seven decades, and neither side has shown flexibility."
)
P3 = "Both governments said further talks would follow in the spring."


def _reasons(text: str, title: str | None = None) -> dict[str, str]:
    return {r.text: r.reason for r in clean(text, title=title).removed}


def _kept(text: str, title: str | None = None) -> list[str]:
    return clean(text, title=title).text.split("\n\n")


@pytest.mark.parametrize(
    "lead",
    [
        # A lead sentence that lost its full stop in the scrape.
        "The two leaders agreed on Saturday to speed up negotiations on a peace treaty after a meeting "
        "that lasted more than two hours at the presidential residence",
    ],
)
def test_a_lead_sentence_without_its_stop_is_not_the_headline(lead: str) -> None:
    result = clean(f"Talks speed up\n\n{lead}\n\n{P2}", title="Talks speed up")
    assert result.title == "Talks speed up"
    assert lead in result.text.split("\n\n")


def test_a_later_headline_form_line_is_not_the_title_when_the_page_title_is_known() -> None:
    text = f"Exhibition in the old palace.\n\nA Study of Light in Architecture\n\n{P1}\n\n{P2}"
    kept = _kept(text, title="Monuments in a new light")
    assert "A Study of Light in Architecture" in kept


@pytest.mark.parametrize(
    ("opening", "title", "kept"),
    [
        # The page's headline was taken out as its title: an opening line of running
        # words under it is the standfirst.
        ("Officials say a new round of talks on the treaty could open in the spring", "Talks speed up", True),
        # A headline-form opening line (few words, capitalised) is still the headline...
        ("Leaders Agree to Speed Up Treaty Talks", "Talks speed up", False),
        # ... and so is an opening line of running words when no title is known.
        ("Officials say a new round of talks on the treaty could open in the spring", None, False),
    ],
)
def test_an_opening_standfirst_is_not_the_headline_when_the_title_is_known(
    opening: str, title: str | None, kept: bool
) -> None:
    result = clean(f"{opening}\n\n{P1}\n\n{P2}", title=title)
    assert (opening in result.text.split("\n\n")) == kept
    if not kept:
        assert _reasons(f"{opening}\n\n{P1}\n\n{P2}", title)[opening] == "title"


@pytest.mark.parametrize(
    "body",
    [
        "政府は土曜日、平和条約交渉を加速させることで合意したと当局者が明らかにした。会談は二時間以上続いた。",
        "両国は戦争の終わりに占領された島々をめぐる紛争のため、七十年以上にわたり正式な条約に署名していない",
    ],
)
def test_a_page_without_letter_case_keeps_its_sentences(body: str) -> None:
    text = f"平和条約交渉\n\n{body}\n\n{body[:30]}。"
    assert body in _kept(text)


def test_an_all_capitals_page_keeps_its_sentences() -> None:
    p1, p2 = P1.upper(), P2.upper()
    text = f"TALKS SPEED UP\n\n{p1}\n\n{p2}\n\n{P3.upper()}"
    result = clean(text)
    assert result.title == "TALKS SPEED UP"
    assert result.text.split("\n\n") == [p1, p2, P3.upper()]


@pytest.mark.parametrize(
    "items",
    [
        ["- Bring water and a hat", "- Wear sturdy shoes", "- Check the weather first"],
        ["1. Ray Gillen", "2. Ronnie James Dio", "3. Bruce Dickinson"],
    ],
)
def test_lists_that_end_an_article_are_kept(items: list[str]) -> None:
    text = f"Hiking advice\n\n{P1}\n\n{P2}\n\n" + "\n".join(items)
    kept = clean(text).text
    assert all(item in kept for item in items)


def test_opening_hours_are_not_a_date_line() -> None:
    text = f"Museum reopens\n\n{P1}\n\nOpening hours\n9.30 A.M. / 7.00 P.M.\n\n{P2}"
    assert "9.30 A.M. / 7.00 P.M." not in _reasons(text)


def test_a_tags_heading_and_its_keyword_list_go() -> None:
    text = f"Talks speed up\n\n{P1}\n\n{P2}\n\nTags\nJapan\nRussia\nDiplomacy"
    reasons = _reasons(text)
    assert [reasons.get(t) for t in ("Tags", "Japan", "Russia", "Diplomacy")] == ["tags"] * 4


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Have a tip? Send it to our newsroom.", "contact"),
        ("We want to hear what you think about this article.", "contact"),
        ("Submit your letter to the editor via this form", "contact"),
        ("Download our app for breaking news on iOS and Android.", "subscribe"),
        ("Follow the paper on Twitter and Instagram @paper and on Facebook @thepaper.", "social"),
        ("This article is the copyrighted property of the publisher. Written permission is needed to reprint it.", "copyright"),
        ("This post contains affiliate links; we may earn a commission on purchases.", "advertisement"),
    ],
)
def test_appeals_at_the_end_go_by_their_form(line: str, reason: str) -> None:
    assert _reasons(f"Talks speed up\n\n{P1}\n\n{P2}\n\n{line}").get(line) == reason


def test_teasers_and_unheaded_related_headlines_go() -> None:
    teasers = [
        "Another Story About Trade",
        "The ministers met on Monday to discuss the tariffs that have weighed on the region for …",
        "A Second Story About Fishing",
        "Fishing crews said the new quotas would cut their catch by a third this season …",
    ]
    headlines = [
        "Port strike enters its third week",
        "Minister resigns over airport contract",
        "Floods close the northern highway again",
    ]
    text = f"Talks speed up\n\n{P1}\n\n{P2}\n\n" + "\n\n".join(teasers) + "\n\n" + "\n".join(headlines)
    reasons = _reasons(text)
    assert [reasons.get(t) for t in teasers] == ["related", "teaser", "related", "teaser"]
    assert [reasons.get(h) for h in headlines] == ["related"] * 3


def test_a_bracketed_ellipsis_cuts_a_teaser_anywhere() -> None:
    teaser = "Officials from both sides said the meeting was constructive and would be followed by more […]"
    assert _reasons(f"Talks speed up\n\n{P1}\n\n{teaser}\n\n{P2}").get(teaser) == "teaser"


def test_a_breadcrumb_goes_and_the_headline_is_the_title() -> None:
    result = clean(f"WORLD > Europe\n\nLeaders agree to speed up treaty talks\n\n{P1}\n\n{P2}")
    assert result.title == "Leaders agree to speed up treaty talks"
    assert {r.text: r.reason for r in result.removed}["WORLD > Europe"] == "breadcrumb"


@pytest.mark.parametrize("credit", [", The Daily Courier , p. 4", "Global Translation Services Translation"])
def test_print_and_translation_credits_go(credit: str) -> None:
    assert _reasons(f"Talks speed up\n\n{P1}\n\n{P2}\n\n{credit}").get(credit) == "credit"


def test_a_closing_paragraph_signed_by_its_agency_is_not_a_caption() -> None:
    closing = (
        "The two sides are expected to meet again next month in Tokyo, where the foreign ministers "
        "will prepare the summit. (Kyodo)"
    )
    assert closing in _kept(f"Talks speed up\n\n{P1}\n\n{P2}\n\n{closing}")


def test_a_caption_placing_people_left_and_right_goes_even_when_long() -> None:
    caption = (
        "The minister of industry (right) looks on as the chief executive of the zone authority (left) "
        "addresses a think tank at the ministry in the capital on a busy Tuesday morning."
    )
    assert _reasons(f"Talks speed up\n\n{caption}\n\n{P1}\n\n{P2}").get(caption) == "caption"


def test_every_removal_has_a_confidence_between_zero_and_one() -> None:
    result = clean(f"WORLD > Europe\n\nTalks speed up\n\nBy Jane Doe\n\n{P1}\n\n{P2}\n\nShare this article\n\nTags: Japan")
    assert result.removed
    assert all(0 < r.confidence < 1 for r in result.removed)


@pytest.mark.parametrize(
    ("opening", "title", "byline"),
    [
        ("Stocks fall on bank worries By Jane Doe Wed Apr 15, 2009 5:56 am EDT ", "Stocks fall on bank worries", "By Jane Doe"),
        ("Wed Apr 15, 2009 5:56 am EDT ", None, None),
    ],
)
def test_a_header_glued_onto_the_first_sentence_becomes_metadata(
    opening: str, title: str | None, byline: str | None
) -> None:
    first = "HONG KONG (Reuters) - Asian stocks fell on Wednesday as worries about the health of banks returned."
    result = clean(f"{opening}{first}\n\n{P2}")
    assert result.text.split("\n\n") == [first, P2]
    assert (result.title, result.byline, result.date) == (title, byline, dt.date(2009, 4, 15))
    assert result.dateline == "HONG KONG (Reuters)"
    assert [(r.reason, r.text, r.line_no) for r in result.removed] == [("header", opening.strip(), 0)]


def test_a_timestamp_inside_a_sentence_is_not_a_header() -> None:
    line = "The vote was set for Apr 15, 2009 5:56 am EDT in the capital, officials said on Monday."
    assert clean(f"{P1}\n\n{line}").removed == ()


def test_a_note_on_the_author_closing_the_page_goes() -> None:
    bio = "Jane Doe is the founder and principal consultant at a marketing firm in Kingstown."
    assert _reasons(f"Talks speed up\n\n{P1}\n\n{P2}\n\n{bio}").get(bio) == "bio"
    # The same form opening an article is its first sentence.
    lead = "Jane Doe is the first writer to win the prize twice, the jury said on Monday."
    assert lead in _kept(f"Prize announced\n\n{lead}\n\n{P1}\n\n{P2}")


@pytest.mark.parametrize(
    "line",
    [
        "Adults: 3 euros, children under twelve free (Prices 2019)",
        "To speak to the travel assistance team, please call the number on your ticket (Textphone)",
    ],
)
def test_a_parenthesis_that_is_no_picture_credit_keeps_its_line(line: str) -> None:
    text = f"Museum reopens\n\n{P1}\n\n{line}\n\n{P2}"
    assert line in _kept(text, title="Museum reopens")


def test_a_caption_credited_by_a_name_still_goes() -> None:
    caption = "Protesters gather outside the ministry on Saturday (Jane Doe)"
    assert _reasons(f"Museum reopens\n\n{P1}\n\n{caption}\n\n{P2}", "Museum reopens")[caption] == "caption"
