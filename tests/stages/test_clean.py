"""The scraped-text cleaner on hand-written pages in the style of many news sites."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.models import Cleaned
from storyline.stages import clean as clean_module
from storyline.stages.clean import LineStats, clean, extract_html
from storyline.text import dateline_length

P1 = (
    "The two leaders agreed on Saturday to speed up negotiations on a peace treaty, officials said, "
    "after a meeting that lasted more than two hours at the presidential residence."
)
P2 = (
    "The dispute over the islands, seized at the end of the war, has kept the two countries from "
    "signing a formal treaty for more than seven decades, and neither side has shown flexibility."
)
P3 = "Both governments said further talks would follow in the spring."


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    body: list[str]
    removed: dict[str, str]
    """Removed line (stripped) -> expected reason."""
    title: str | None = None
    byline: str | None = None
    dateline: str | None = None
    date: dt.date | None = None
    outlet: str | None = None
    kwargs: dict[str, str] = field(default_factory=dict)


CASES = [
    Case(
        "wire-with-reuters-dateline",
        "\n".join([
            "Skip to main content",
            "World",
            "Leaders agree to speed up peace treaty talks",
            "By Jane Doe and Ken Sato",
            "4 MIN READ",
            "December 1, 2018 | 10:04 PM JST",
            "",
            "BUENOS AIRES, Dec 1 (Reuters) - " + P1,
            "",
            P2,
            "Reporting by Jane Doe; Editing by Ken Sato",
        ]),
        body=["BUENOS AIRES, Dec 1 (Reuters) - " + P1, P2],
        removed={
            "Skip to main content": "navigation",
            "World": "navigation",
            "Leaders agree to speed up peace treaty talks": "title",
            "By Jane Doe and Ken Sato": "byline",
            "4 MIN READ": "navigation",
            "December 1, 2018 | 10:04 PM JST": "date",
            "Reporting by Jane Doe; Editing by Ken Sato": "byline",
        },
        title="Leaders agree to speed up peace treaty talks",
        byline="By Jane Doe and Ken Sato",
        dateline="BUENOS AIRES, Dec 1 (Reuters)",
        date=dt.date(2018, 12, 1),
        outlet="Reuters",
    ),
    Case(
        "ap-style-with-caption-and-ads",
        "\n".join([
            "Menu",
            "Search",
            "Talks resume as islands dispute lingers",
            "",
            "By KEN MORITSUGU",
            "Published 6:05 AM GMT+9, January 22, 2019",
            "",
            "Russian President Vladimir Putin, right, and Japanese Prime Minister Shinzo Abe shake hands in Moscow. (Alexander Zemlianichenko/Pool Photo via AP)",
            "",
            "MOSCOW (AP) — " + P1,
            "",
            "Advertisement",
            "",
            P2,
            "",
            "Share",
            "Facebook Twitter Email",
            "",
            P3,
            "",
            "Copyright 2019 The Associated Press. All rights reserved.",
        ]),
        body=["MOSCOW (AP) — " + P1, P2, P3],
        removed={
            "Menu": "navigation",
            "Search": "navigation",
            "Talks resume as islands dispute lingers": "title",
            "By KEN MORITSUGU": "byline",
            "Published 6:05 AM GMT+9, January 22, 2019": "date",
            "Russian President Vladimir Putin, right, and Japanese Prime Minister Shinzo Abe shake hands in Moscow. (Alexander Zemlianichenko/Pool Photo via AP)": "caption",
            "Advertisement": "advertisement",
            "Share": "share",
            "Facebook Twitter Email": "share",
            "Copyright 2019 The Associated Press. All rights reserved.": "copyright",
        },
        title="Talks resume as islands dispute lingers",
        byline="By KEN MORITSUGU",
        dateline="MOSCOW (AP)",
        date=dt.date(2019, 1, 22),
        outlet="AP",
    ),
    Case(
        "japanese-daily-with-staff-writer",
        "\n".join([
            "Home > Politics > Diplomacy",
            "",
            "Kono, Lavrov fail to bridge gap over disputed isles",
            "Taro Yamada, Staff Writer",
            "Updated: Jan 15, 2019 | 10:04 JST",
            "",
            "TOKYO -- " + P1,
            "",
            "Foreign Minister Taro Kono speaks to reporters in Moscow on Jan. 14. (Kyodo)",
            "",
            P2,
            "",
            "Related articles",
            "Abe to visit Moscow for summit",
            "",
            "Sign up for our free daily newsletter and get the top stories in your inbox.",
        ]),
        body=["TOKYO -- " + P1, P2],
        removed={
            "Home > Politics > Diplomacy": "navigation",
            "Kono, Lavrov fail to bridge gap over disputed isles": "title",
            "Taro Yamada, Staff Writer": "byline",
            "Updated: Jan 15, 2019 | 10:04 JST": "date",
            "Foreign Minister Taro Kono speaks to reporters in Moscow on Jan. 14. (Kyodo)": "caption",
            "Related articles": "related",
            "Abe to visit Moscow for summit": "related",
            "Sign up for our free daily newsletter and get the top stories in your inbox.": "subscribe",
        },
        title="Kono, Lavrov fail to bridge gap over disputed isles",
        byline="Taro Yamada, Staff Writer",
        dateline="TOKYO",
        date=dt.date(2019, 1, 15),
    ),
    Case(
        "agency-credit-line-and-tags",
        "\n".join([
            "KYODO NEWS",
            "",
            P1,
            "",
            P2,
            "",
            "Follow us on Twitter @example_news",
            "",
            "Tags:",
            "Japan",
            "Russia",
            "Diplomacy",
        ]),
        body=[P1, P2],
        removed={
            "KYODO NEWS": "outlet",
            "Follow us on Twitter @example_news": "social",
            "Tags:": "tags",
            "Japan": "tags",
            "Russia": "tags",
            "Diplomacy": "tags",
        },
        outlet="KYODO NEWS",
    ),
    Case(
        "given-title-and-outlet-bottom-credit",
        "\n".join([
            "Russia rules out handing over islands",
            "",
            P1,
            P2,
            "",
            "The Daily Courier",
        ]),
        body=[P1, P2],
        removed={"Russia rules out handing over islands": "title", "The Daily Courier": "outlet"},
        title="Russia rules out handing over islands",
        outlet="The Daily Courier",
        kwargs={"title": "Russia rules out handing over islands | The Daily Courier", "outlet": "The Daily Courier"},
    ),
    Case(
        "cookie-banner-and-paywall",
        "\n".join([
            "We use cookies to improve your experience. By continuing you accept our Privacy Policy.",
            "Accept all",
            "",
            "Peace treaty talks stall again",
            "Photo: Reuters",
            "",
            P1,
            "",
            "Story continues below advertisement",
            "",
            P2,
            "",
            "Already a subscriber? Log in to continue reading.",
            "Subscribe now for unlimited access.",
        ]),
        body=[P1, P2],
        removed={
            "We use cookies to improve your experience. By continuing you accept our Privacy Policy.": "cookie",
            "Accept all": "cookie",
            "Peace treaty talks stall again": "title",
            "Photo: Reuters": "credit",
            "Story continues below advertisement": "advertisement",
            "Already a subscriber? Log in to continue reading.": "subscribe",
            "Subscribe now for unlimited access.": "subscribe",
        },
        title="Peace treaty talks stall again",
    ),
    Case(
        "no-debris-at-all",
        P1 + "\n\n" + P2 + "\n\n" + P3,
        body=[P1, P2, P3],
        removed={},
    ),
    Case(
        "hard-wrapped-plain-text",
        "Islands talks to continue\n\n"
        "The two leaders agreed on Saturday to speed up negotiations on a\n"
        "peace treaty, officials said, after a meeting that lasted more than\n"
        "two hours at the presidential residence outside the capital.\n\n"
        + P3,
        body=[
            "The two leaders agreed on Saturday to speed up negotiations on a\n"
            "peace treaty, officials said, after a meeting that lasted more than\n"
            "two hours at the presidential residence outside the capital.",
            P3,
        ],
        removed={"Islands talks to continue": "title"},
        title="Islands talks to continue",
    ),
    Case(
        "related-read-more-mid-body",
        "\n".join([
            "Summit ends without breakthrough",
            "",
            P1,
            "",
            "READ MORE: Five things to know about the island dispute",
            "",
            P2,
            "",
            "Also on the site",
            "",
            "© 2019 Example Media Group",
        ]),
        body=[P1, P2],
        removed={
            "Summit ends without breakthrough": "title",
            "READ MORE: Five things to know about the island dispute": "related",
            "Also on the site": "related",
            "© 2019 Example Media Group": "copyright",
        },
        title="Summit ends without breakthrough",
        outlet="Example Media Group",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_clean_cases(case: Case) -> None:
    result = clean(case.text, **case.kwargs)  # type: ignore[arg-type]
    assert result.text.split("\n\n") == case.body
    got = {r.text: r.reason for r in result.removed}
    assert got == case.removed
    assert result.title == case.title
    assert result.byline == case.byline
    assert result.dateline == case.dateline
    assert result.date == case.date
    assert result.outlet == case.outlet
    lines = case.text.splitlines()
    assert all(lines[r.line_no].strip() == r.text for r in result.removed)


@pytest.mark.parametrize(
    "line",
    [
        # Prose that happens to hold words of appeals, shares or navigation.
        "Subscribers to the company's streaming service rose by 2 million in the quarter, the chief executive told analysts on a call.",
        "The ministry said it would share the findings with Russia and print a summary for lawmakers before the session.",
        "Officials said the government would not follow the advice and would skip the main ceremony in protest at the decision.",
        "Newspapers reported that the newsletter sent to party members urged them to sign up volunteers for the campaign in Hokkaido.",
    ],
)
def test_prose_with_appeal_words_is_kept(line: str) -> None:
    text = f"{P1}\n\n{line}\n\n{P2}"
    result = clean(text)
    assert result.text.split("\n\n") == [P1, line, P2]
    assert result.removed == ()


def test_long_sentences_never_removed_even_at_edges() -> None:
    appeal_like = (
        "Readers who subscribe to regional newspapers are more likely to vote, according to a study "
        "published on Monday by researchers who followed 3,000 households over a decade in four prefectures."
    )
    result = clean(f"{appeal_like}\n\n{P1}\n\n{P2}\n\n{appeal_like}")
    assert result.removed == ()


def test_recurring_lines_across_articles_of_an_outlet() -> None:
    footer = "Contact our newsroom at the address below"
    promo = "Download our app for the latest updates"
    names = ["alpha", "beta", "gamma", "delta"]
    docs = [
        f"Headline {n}\n\n{promo}\n\nStory {n}: " + P1 + f"\n\nParagraph {n}: " + P2 + f"\n\n{footer}"
        for n in names
    ]
    stats = LineStats(min_docs=3)
    for d in docs:
        stats.add(d, "The Courier")
    stats.add("Unrelated text\n\n" + P3, "Other Paper")
    assert stats.documents() == 5 and stats.documents("The Courier") == 4
    assert stats.count(footer, "The Courier") == 4 and stats.count(footer, "Other Paper") == 0
    assert stats.is_recurring("  " + footer.upper() + "  ", "the courier")
    result = clean(docs[0], stats=stats, outlet="The Courier")
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons == {
        "Headline alpha": "title",
        promo: "subscribe",  # an app appeal by its form, before any count
        footer: "boilerplate-recurring",
    }
    assert result.text == "Story alpha: " + P1 + "\n\nParagraph alpha: " + P2
    # Without statistics the promo and footer are ordinary short lines; the footer stays.
    plain = clean(docs[0])
    assert footer in plain.text.split("\n\n")


def test_syndicated_copies_keep_their_body_and_headline() -> None:
    # The same article three times (wire copy run by three outlets) must not be emptied.
    article = "Islands talks to resume in spring\n\n" + P1 + "\n\n" + P3 + "\n\n" + P2 + "\n\nSubscribe to our newsletter"
    stats = LineStats(min_docs=2)
    for _ in range(3):
        stats.add(article, None)
    for other in range(5):
        stats.add(f"Other story {other}\n\n{P3.upper()}\n\nSubscribe to our newsletter", None)
    result = clean(article, stats=stats)
    assert result.title == "Islands talks to resume in spring"
    assert result.text.split("\n\n") == [P1, P3, P2]
    assert {r.text: r.reason for r in result.removed}["Subscribe to our newsletter"] in {"subscribe", "boilerplate-recurring"}


def test_line_stats_store_no_text() -> None:
    stats = LineStats()
    stats.add("A secret line of text\nAnother one", "Outlet")
    stored = repr(vars(stats))
    assert "secret" not in stored and "Another" not in stored


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("December 1, 2018", dt.date(2018, 12, 1)),
        ("Dec 1, 2018 | 10:04 JST", dt.date(2018, 12, 1)),
        ("Published: Saturday, 1 December 2018, 09:30 GMT", dt.date(2018, 12, 1)),
        ("Updated 2019-01-15T10:04:00+09:00", None),
        ("Updated 2019-01-15 10:04", dt.date(2019, 1, 15)),
        ("Posted on 15/01/2019", dt.date(2019, 1, 15)),
        ("Last updated Jan. 15, 2019 at 3 p.m. ET", dt.date(2019, 1, 15)),
    ],
)
def test_date_lines(line: str, date: dt.date | None) -> None:
    result = clean(f"Talks resume in Moscow\n{line}\n\n{P1}\n\n{P2}")
    assert result.date == date
    if date is not None:
        assert {r.text: r.reason for r in result.removed}[line] == "date"


def test_published_preferred_over_updated() -> None:
    text = f"Headline about the talks\nPublished Jan 14, 2019\nUpdated Jan 16, 2019\n\n{P1}\n\n{P2}"
    assert clean(text).date == dt.date(2019, 1, 14)


@pytest.mark.parametrize(
    ("first", "dateline", "outlet"),
    [
        ("TOKYO -- " + P1, "TOKYO", None),
        ("WASHINGTON (AP) — " + P1, "WASHINGTON (AP)", "AP"),
        ("Moscow, Jan 22 (AFP) - " + P1, "Moscow, Jan 22 (AFP)", "AFP"),
        ("NEW DELHI: " + P1, "NEW DELHI", None),
        ("SAPPORO, Japan — " + P1, "SAPPORO, Japan", None),
        (P1, None, None),
        ("Abe — who has met Putin many times — said " + P1, None, None),
    ],
)
def test_datelines(first: str, dateline: str | None, outlet: str | None) -> None:
    result = clean(f"{first}\n\n{P2}")
    assert result.dateline == dateline
    assert result.outlet == outlet
    assert result.text.startswith(first)  # the dateline stays in the text: offsets are stable


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Jane Doe", "By Jane Doe"),
        ("BY JOHN SMITH AND MARY JONES", "BY JOHN SMITH AND MARY JONES"),
        ("By Jane Doe | Tokyo Correspondent", "By Jane Doe | Tokyo Correspondent"),
        ("Jane Doe, Staff Writer", "Jane Doe, Staff Writer"),
        ("(Japanese original by Aiko Tanaka and Ken Mori, Foreign News Department)",
         "Japanese original by Aiko Tanaka and Ken Mori, Foreign News Department"),
        ("By subscribing, you help fund our reporting.", None),
        ("By Monday, the two sides had agreed.", None),
    ],
)
def test_bylines(line: str, byline: str | None) -> None:
    result = clean(f"Talks resume in Moscow\n{line}\n\n{P1}\n\n{P2}")
    assert result.byline == byline


def test_empty_and_blank_text() -> None:
    assert clean("") == Cleaned(text="")
    assert clean(" \n\t\n ") == Cleaned(text="")


def test_stage_name() -> None:
    assert clean_module.STAGE_NAME == "storyline.clean.v4"


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_clean_invariants_on_any_text(text: str) -> None:
    result = clean(text)
    lines = text.splitlines()
    kept = [line for para in result.text.split("\n\n") for line in para.split("\n") if line]
    for line in kept:
        assert line in text and line == line.strip()
    # A line is kept or removed whole, except a header glued onto the opening line,
    # removed as its own piece while the rest of the line stays.
    headers = [r for r in result.removed if r.reason == "header"]
    for r in result.removed:
        full = lines[r.line_no].strip()
        assert r.reason and (full == r.text or (r in headers and full.startswith(r.text)))
    covered = sorted([r.line_no for r in result.removed] + [n for n, line in enumerate(lines) if line.strip() in kept])
    nonblank = [n for n, line in enumerate(lines) if line.strip()]
    assert set(covered) == set(nonblank)
    assert len(kept) + len(result.removed) == len(nonblank) + len(headers)


NEWSY = st.lists(
    st.sampled_from([
        P1, P2, P3, "", "Share", "By Jane Doe", "TOKYO -- " + P2, "• Kyodo", "Advertisement",
        "Photo: AP", "A man walks past the building. (Reuters)", "December 1, 2018", "Tags: Japan",
        "Read more", "Subscribe to our newsletter", "print PRINT", "Headline about something",
    ]),
    max_size=20,
)


@given(NEWSY)
@settings(max_examples=200, deadline=None)
def test_clean_never_drops_long_sentences(lines: list[str]) -> None:
    text = "\n".join(lines)
    result = clean(text)
    body = result.text.split("\n\n")
    for line in lines:
        if line in (P1, P2, "TOKYO -- " + P2):
            assert line in body


def test_extract_html_article_and_metadata() -> None:
    page = (
        "<html><head><title>Talks stall | The Daily</title>"
        '<meta property="og:site_name" content="The Daily">'
        '<meta name="author" content="Jane Doe">'
        '<meta property="article:published_time" content="2019-01-15T10:00:00+09:00"></head>'
        "<body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav><article><h1>Talks stall</h1>"
        f"<p>{P1}</p><p>{P2}</p></article><footer>Copyright The Daily</footer></body></html>"
    )
    text, meta = extract_html(page, url="https://daily.example/talks")
    assert P1 in text and P2 in text and "Home" not in text
    assert meta["title"] == "Talks stall"
    assert meta["sitename"] == "The Daily"
    assert meta["author"] == "Jane Doe"
    assert meta["date"] == dt.date(2019, 1, 15)
    cleaned = clean(text, title=meta["title"])
    assert cleaned.text.split("\n\n") == [P1, P2]


@pytest.mark.parametrize("page", ["<html><body></body></html>", "<html><body><script>var x=1;</script></body></html>", ""])
def test_extract_html_without_article(page: str) -> None:
    with pytest.raises(InputError, match="no article text found in the HTML page"):
        extract_html(page, item="page.html")


@pytest.mark.parametrize(
    "text",
    [
        # Headlines that start with words of debris labels are still headlines.
        "SHARE TRADING IN TOKYO SUSPENDED AFTER OUTAGE\n\n" + P1,
        "More talks planned on islands dispute\n\n" + P1,
    ],
)
def test_headlines_starting_with_label_words(text: str) -> None:
    result = clean(text)
    assert result.title == text.split("\n\n")[0]
    assert result.text == P1


def test_wrapped_prose_fragments_and_tables_are_kept() -> None:
    text = (
        "COMPANY REPORTS QUARTER\n\n"
        "NEW YORK, March 3 - The Australian Government will likely\n"
        "reimburse the Australian Wheat Board, AWB, about 132 mln (U.S.)\n"
        "dlrs, the ministry said in a statement issued on Tuesday.\n\n"
        "Shr 34 cts vs 1.19 dlrs\n"
        "Net 807,000 vs 2,858,000\n"
        "Revs 291.8 mln vs 151.1 mln\n"
        "Reuter"
    )
    result = clean(text)
    assert result.title == "COMPANY REPORTS QUARTER"
    assert result.dateline == "NEW YORK, March 3"
    assert result.outlet == "Reuter"
    assert {r.text: r.reason for r in result.removed} == {"COMPANY REPORTS QUARTER": "title", "Reuter": "outlet"}
    paragraphs = result.text.split("\n\n")
    assert paragraphs[0].count("\n") == 2  # the wrapped sentence is one paragraph, line breaks kept
    assert paragraphs[1:] == ["Shr 34 cts vs 1.19 dlrs", "Net 807,000 vs 2,858,000", "Revs 291.8 mln vs 151.1 mln"]


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Strike ends after two weeks | Nordic Freight Journal", None, "Strike ends after two weeks"),
        ("Strike ends after two weeks - The Herald", "The Herald", "Strike ends after two weeks"),
        ("Port talks - what we know so far about the dispute", None, "Port talks - what we know so far about the dispute"),
        ("No suffix here", None, "No suffix here"),
    ],
)
def test_strip_site_name(title: str, site: str | None, expected: str) -> None:
    from storyline.stages.clean import strip_site_name

    assert strip_site_name(title, site) == expected


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("News | Sport | Business | Culture | Sign in", "navigation"),
        ("Crowds outside the court on Monday. Photograph: Ana Ruiz/Daily Post", "caption"),
        ("The minister arrives for talks. Photo: J. Smith", "caption"),
    ],
)
def test_menu_and_trailing_credit_lines(line: str, reason: str) -> None:
    body = (
        "The council voted on Tuesday to close the old bridge to cars from next month, after engineers "
        "found cracks in two of its supports during a routine inspection last week.\n\n"
        "Residents said the closure would add twenty minutes to their daily commute and called for a "
        "temporary ferry service while repairs are carried out over the summer.\n"
    )
    out = clean(f"{line}\n\n{body}")
    assert [(r.text, r.reason) for r in out.removed] == [(line, reason)]
    assert out.text.startswith("The council voted")


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("OSTRAVA, May 4 (Tidewire) - The council met.", "OSTRAVA, May 4 (Tidewire) - "),
        ("NEW HAVEN -- The council met.", "NEW HAVEN -- "),
        ("BERLIN (Tidewire) — The council met.", "BERLIN (Tidewire) — "),
        ("The council - all of it - met.", ""),
        ("Mayor Anna Vos said the council met.", ""),
    ],
)
def test_dateline_length(text: str, dateline: str) -> None:
    assert text[: dateline_length(text)] == dateline


# Lines for the keyword prefilter: appeals in every case, prose, and near misses.
_PREFILTER_LINES = [
    "SUBSCRIBE TO OUR NEWSLETTER", "Share this article", "sHaRe On Facebook", "Advertisement",
    "Skip to main content", "All Rights Reserved.", "Follow us on Twitter", "READ MORE:",
    "The company said it would share the results with subscribers next year.",
    "Shareholders approved the deal", "Cookies and consent", "We'd love to hear from you",
    "Story continues below advertisement", "Have a news tip?", "Related Articles", "",
    "Printed in the U.S.", "Sign-up", "follow_us on x", "advertisement2", "1987 copyright Reuters",
]


@given(st.sampled_from(_PREFILTER_LINES), st.text(alphabet=st.characters(max_codepoint=127), max_size=40),
       st.booleans())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_keyword_prefilter_ascii_path_finds_what_the_unicode_pattern_finds(line: str, noise: str, upper: bool) -> None:
    from storyline.stages.clean import lines

    assert lines._LOWER_CASE_PATTERNS  # the keyword lexicon is written in lower case: the fast path is used
    for text in (line, noise, f"{noise} {line}", f"{line}{noise}", (line + noise).upper() if upper else line.title()):
        assert text.isascii()
        assert lines._any_keyword(text) == (lines._ANY_KEYWORD.search(text) is not None), text


def test_keyword_prefilter_outside_ascii_uses_the_unicode_pattern() -> None:
    from storyline.stages.clean import lines

    # `ſ` (long s) matches `s` under Unicode case folding, which the ASCII path would miss.
    assert lines._any_keyword("ſubſcribe to our newsletter")
    assert lines._any_keyword("Partagez: share this article, s’il vous plaît")
    assert not lines._any_keyword("Les actionnaires ont approuvé l’accord")


@given(st.lists(st.tuples(st.lists(st.sampled_from(["Subscribe now", "subscribe  NOW", "Line 1", "Line 2", "A story",
                                                     "Photo: AP", "", "  ", "Other"]), max_size=6),
                          st.sampled_from([None, "", "The Courier", "the courier", "Other Paper"])), max_size=8),
       st.sampled_from(["Subscribe now", "Line 3", "Photo: AP", "Other", "A story"]),
       st.sampled_from([None, "The Courier", "Other Paper", "Unknown"]))
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_line_stats_count_documents_per_line_and_outlet(docs: list[tuple[list[str], str | None]], line: str,
                                                         outlet: str | None) -> None:
    from storyline.stages.clean.units import _norm

    stats = LineStats()
    for lines, source in docs:
        stats.add("\n".join(lines), source)
    # The counts a plain reading of the documents gives.
    holding = [(source, {_norm(t) for t in lines if _norm(t)}) for lines, source in docs]
    everywhere = sum(1 for _, norms in holding if _norm(line) in norms)
    assert stats.count(line) == everywhere
    if outlet:
        ours = sum(1 for source, norms in holding if source and source.casefold() == outlet.casefold()
                   and _norm(line) in norms)
        assert stats.count(line, outlet) == ours
    # A document added after a lookup is counted too.
    stats.add(line, outlet)
    assert stats.count(line) == everywhere + 1
