"""The HTML path: candidates for the body chosen or merged by evidence, and page metadata."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from storyline.stages.clean import extract_html, html_to_text
from storyline.stages.clean.html import choose_body, merge_candidates

SENTENCES = [
    "The harbour authority said on Monday that the strike had closed three of the four container terminals.",
    "Dozens of ships were waiting at anchor outside the port, and some had turned back to other harbours.",
    "Union leaders met the owners late into the night without reaching an agreement on wages or hours.",
    "A spokesman for the owners said the offer on the table was the best the companies could afford.",
    "The union said its members would vote on Thursday on whether to extend the strike into next month.",
    "Traders warned that shelves could empty within a week if the terminals stayed closed much longer.",
]


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>Strike closes port | The Daily</title>{head}</head><body>{body}</body></html>"


def test_merge_adds_missing_prose_between_shared_paragraphs() -> None:
    base = [SENTENCES[0], SENTENCES[1], SENTENCES[4], SENTENCES[5]]
    other = ["Menu", *SENTENCES, "Share this"]
    assert merge_candidates(base, other) == SENTENCES


@pytest.mark.parametrize(
    "missing",
    [
        "Advertisement",  # not prose
        "Read more stories like this one",  # no full stop, few words
    ],
)
def test_merge_adds_nothing_that_is_not_prose(missing: str) -> None:
    base = [SENTENCES[0], SENTENCES[1]]
    assert merge_candidates(base, [SENTENCES[0], missing, SENTENCES[1]]) == base


def test_merge_adds_nothing_before_the_shared_span() -> None:
    base = [SENTENCES[0], SENTENCES[1]]
    other = [SENTENCES[5], SENTENCES[0], SENTENCES[1], SENTENCES[4]]
    assert merge_candidates(base, other) == base


def test_merge_adds_a_later_part_of_the_body_made_of_prose() -> None:
    # trafilatura stopped after the third paragraph; readability goes on with the rest.
    base = SENTENCES[:3]
    assert merge_candidates(base, ["Menu", *SENTENCES]) == SENTENCES


@pytest.mark.parametrize(
    "tail",
    [
        SENTENCES[3:5],  # two paragraphs are too few to say the article goes on
        # Comments: short lines of names, dates and buttons around a few prose ones.
        ["Jane D.", "5 hours ago", SENTENCES[3], "Reply", "Sam K.", SENTENCES[4], "Reply", SENTENCES[5], "Like"],
    ],
)
def test_merge_adds_no_tail_that_is_not_a_run_of_prose(tail: list[str]) -> None:
    base = SENTENCES[:3]
    assert merge_candidates(base, [*SENTENCES[:3], *tail]) == base


def test_a_table_that_carries_the_article_is_kept() -> None:
    rows = "".join(f"<tr><td>Team {n}</td><td>{n * 3}</td><td>{n}</td></tr>" for n in range(1, 6))
    body = f"<article><h1>Standings</h1><p>{SENTENCES[0]}</p><table>{rows}</table><p>{SENTENCES[1]}</p></article>"
    text, _ = extract_html(_page(body))
    assert "Team 3" in text and "9" in text


def test_a_body_only_in_the_structured_data_is_used() -> None:
    # trafilatura kept only a picture caption of a page whose body is rendered by script.
    ld = {"@type": "NewsArticle", "articleBody": " ".join(SENTENCES)}
    text, source = choose_body("Ships at anchor outside the port. Photo: AP", "", None, ld)
    assert (text, source) == (" ".join(SENTENCES), "json-ld")
    # With the article already in hand, the structured copy is not needed.
    whole = "\n".join(SENTENCES)
    assert choose_body(whole, "", None, ld) == (whole, "trafilatura")


def test_metadata_authors_dates_and_language() -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "name": "x"},
            {"@type": "NewsArticle", "headline": "Strike closes port",
             "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"}],
             "datePublished": "2020-01-20T10:00:00Z", "dateModified": "2020-01-22T09:00:00Z"},
        ],
    }
    head = (
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
        '<meta property="article:published_time" content="2020-01-20T10:00:00Z">'
    )
    body = "<article>" + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</article>"
    page = _page(body, head).replace("<html>", '<html lang="en-GB">')
    _, meta = extract_html(page)
    assert meta["authors"] == ["Jane Doe", "John Roe"]
    assert meta["date"] == dt.date(2020, 1, 20)
    assert meta["date_sources"] == {"htmldate": dt.date(2020, 1, 20), "json-ld": dt.date(2020, 1, 20)}
    assert meta["updated"] == dt.date(2020, 1, 22)
    assert meta["language"] == "en-gb"
    assert meta["body_source"] == "trafilatura"


def test_html_to_text_puts_blocks_on_lines() -> None:
    assert html_to_text("<div><p>One <b>bold</b> line</p><p>Two</p><ul><li>a</li><li>b</li></ul></div>") == (
        "One bold line\nTwo\na\nb"
    )


def test_htmldate_wins_and_the_json_ld_date_is_kept_beside_it() -> None:
    ld = {"@type": "NewsArticle", "datePublished": "2020-01-21T02:00:00Z"}
    head = (
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
        '<meta property="article:published_time" content="2020-01-20T18:00:00-08:00">'
    )
    body = "<article>" + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</article>"
    _, meta = extract_html(_page(body, head))
    assert meta["date"] == dt.date(2020, 1, 20)
    assert meta["date_sources"] == {"htmldate": dt.date(2020, 1, 20), "json-ld": dt.date(2020, 1, 21)}


STANDFIRST = "Three of the four terminals are shut and ships wait at anchor as talks on wages stall"


@pytest.mark.parametrize(
    ("shown", "description", "kept"),
    [
        (True, STANDFIRST, True),  # shown under the headline, left out by the extractor
        (False, STANDFIRST, False),  # written for search engines only: not on the page
        (True, STANDFIRST + "…", False),  # a teaser cut off with an ellipsis
        (True, "Strike news", False),  # too short to be a standfirst
    ],
)
def test_a_standfirst_shown_on_the_page_opens_the_body(shown: bool, description: str, kept: bool) -> None:
    head = f'<meta name="description" content="{description}">'
    # Set above the article's container, where extractors do not look.
    standfirst = f'<p class="standfirst">{description}</p>' if shown else ""
    top = f'<div class="top"><h1>Strike closes port</h1>{standfirst}</div>'
    body = top + "<article>" + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</article>"
    text, meta = extract_html(_page(body, head))
    assert text.splitlines()[0] == description if kept else description not in text
    assert meta["body_source"].endswith("+standfirst") == kept


def test_a_standfirst_already_in_the_body_is_not_repeated() -> None:
    head = f'<meta name="description" content="{SENTENCES[0]}">'
    body = "<article>" + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</article>"
    text, meta = extract_html(_page(body, head))
    assert text.count(SENTENCES[0]) == 1 and meta["body_source"] == "trafilatura"
