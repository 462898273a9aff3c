"""Pinning: the events a story's articles share date its undated ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storyline import registry
from storyline.models import Article, DctGuess, PublicationDate
from storyline.stages.dct import comments
from storyline.stages.pinning import SOURCE, is_pinned, mentions, narrower, pin_dates, stamp

D = dt.date

COLLAPSE_MONDAY = "Officials said the Hartfield dam collapsed on Monday, flooding villages of the Varne valley."
COLLAPSE_YESTERDAY = "Officials said the Hartfield dam collapsed yesterday, flooding villages of the Varne valley."
ARRIVAL_TODAY = "Engineers from Corlan arrived at the breach today to inspect the spillway gates."
ARRIVAL_YESTERDAY = "Engineers from Corlan arrived at the breach yesterday to inspect the spillway gates."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Schools shut over flu\nFriday 1 May 2009 22.51 BST\nFive schools closed.", D(2009, 5, 1)),
        ("Tue May 12, 2009 8:56 am EDT HONG KONG (Reuters) - A virologist spoke.", D(2009, 5, 12)),
        ("The treaty was signed on 12 March 2019 in Geneva.", None),  # no clock: not a stamp
        ("x" * 500 + "\nPosted by Jo, 1 May 2009 21:14 GMT: I agree.", None),  # a comment far down
    ],
)
def test_a_publication_stamp_near_the_start_fixes_the_date(text: str, expected: dt.date | None) -> None:
    assert stamp(text) == expected


def test_mentions_keep_a_date_written_with_a_month_abbreviation_in_one_sentence() -> None:
    found = mentions("d1", "Tokyo is considering moves after a Jan. 14 meeting of Kono and Lavrov in Moscow.")
    assert [(m.kind, m.month, m.mday) for m in found] == [("md", 1, 14)]
    assert {"kono", "lavrov", "moscow", "meet"} <= found[0].words


def test_yesterday_pins_the_day_after_the_event() -> None:
    # 2019-03-05 is a Tuesday: the dated article places the collapse on Monday the 4th.
    texts = {"a": COLLAPSE_MONDAY, "b": COLLAPSE_YESTERDAY}
    pins = pin_dates(texts, {"a": D(2019, 3, 5), "b": None})
    assert set(pins) == {"b"}
    assert pins["b"].date == pins["b"].earliest == pins["b"].latest == D(2019, 3, 5)
    assert pins["b"].source == SOURCE


def test_several_articles_agreeing_outweigh_one() -> None:
    texts = {"a1": COLLAPSE_MONDAY, "a2": COLLAPSE_MONDAY, "c": COLLAPSE_MONDAY, "b": COLLAPSE_YESTERDAY}
    known = {"a1": D(2019, 3, 5), "a2": D(2019, 3, 6), "c": D(2019, 3, 12), "b": None}
    pins = pin_dates(texts, known)
    assert pins["b"].date == D(2019, 3, 5)
    assert pins["b"].earliest <= D(2019, 3, 5) <= pins["b"].latest


def test_a_later_full_date_in_the_text_bounds_it_from_below() -> None:
    late = COLLAPSE_YESTERDAY + "\nInspectors visited the site on 9 March 2019."
    pins = pin_dates({"a": COLLAPSE_MONDAY, "b": late}, {"a": D(2019, 3, 5), "b": None})
    assert "b" not in pins


def test_a_pinned_article_dates_its_own_events_for_the_next_round() -> None:
    texts = {
        "a": COLLAPSE_MONDAY,
        "b": COLLAPSE_YESTERDAY + "\n" + ARRIVAL_TODAY,
        "c": "Repairs begin\n" + ARRIVAL_YESTERDAY,
    }
    pins = pin_dates(texts, {"a": D(2019, 3, 5), "b": None, "c": None})
    assert pins["b"].date == D(2019, 3, 5)
    assert pins["c"].date == D(2019, 3, 6)


def test_given_dates_and_date_lines_are_never_pinned() -> None:
    texts = {"a": COLLAPSE_MONDAY, "b": COLLAPSE_YESTERDAY, "s": "Friday 1 May 2009 22.51 BST\nText."}
    line = DctGuess(D(2019, 3, 9), D(2019, 3, 9), D(2019, 3, 9), 0.95, "dateline")
    pins = pin_dates(texts, {"a": D(2019, 3, 5), "b": None, "s": D(2009, 5, 2)}, {"b": line})
    assert pins == {}


def test_nothing_shared_pins_nothing() -> None:
    texts = {"a": COLLAPSE_MONDAY, "b": "Officials said yesterday that the harvest festival drew record crowds."}
    assert pin_dates(texts, {"a": D(2019, 3, 5), "b": None}) == {}


def _run_pinning_stage(published: dt.date | None, settled: PublicationDate, story: object) -> PublicationDate:
    article = Article(path="x.txt", text="t", content_hash="h", published=published)
    run = registry.get("storyline.pinning.v2").run
    assert run is not None
    out = run({"article": article, "dct": settled, "story_dct": story, "doc": None, "document": "d1"})
    result: PublicationDate = out["dct"]
    return result


PIN = DctGuess(D(2019, 3, 5), D(2019, 3, 5), D(2019, 3, 6), 0.8, SOURCE)
WIDE = PublicationDate(D(2007, 1, 1), True, D(2006, 1, 1), D(2021, 1, 1))


@pytest.mark.parametrize(
    ("published", "settled", "story", "expected"),
    [
        # An undated article whose own clues leave a wide range takes the pin.
        (None, WIDE, PIN, PublicationDate(D(2019, 3, 5), True, D(2019, 3, 5), D(2019, 3, 6), "inferred")),
        (None, PublicationDate(None), PIN,
         PublicationDate(D(2019, 3, 5), True, D(2019, 3, 5), D(2019, 3, 6), "inferred")),
        # A date given with the article, or one its text fixes to a day, stays.
        (D(2019, 3, 9), PublicationDate(D(2019, 3, 9)), PIN, PublicationDate(D(2019, 3, 9))),
        (None, PublicationDate(D(2019, 3, 9), True, D(2019, 3, 9), D(2019, 3, 9)), PIN,
         PublicationDate(D(2019, 3, 9), True, D(2019, 3, 9), D(2019, 3, 9))),
        # A story guess that is not a pin, or none, changes nothing.
        (None, WIDE, DctGuess(D(2019, 3, 5), D(2019, 3, 1), D(2019, 3, 9), 0.9, "story"), WIDE),
        (None, WIDE, None, WIDE),
    ],
)
def test_the_pinning_stage_applies_a_pin_only_to_an_undated_article(
    published: dt.date | None, settled: PublicationDate, story: object, expected: PublicationDate
) -> None:
    assert _run_pinning_stage(published, settled, story) == expected


def test_a_pin_must_be_narrower_than_the_settled_range() -> None:
    assert narrower(PIN, None, None)
    assert narrower(PIN, D(2019, 1, 1), D(2019, 12, 31))
    assert not narrower(PIN, D(2019, 3, 5), D(2019, 3, 5))
    assert is_pinned(PIN) and not is_pinned(None) and not is_pinned(RuntimeError("x"))


@pytest.mark.slow
def test_a_built_pile_pins_an_undated_article_and_resolves_its_words_on_the_pin(nlp: object, tmp_path: Path) -> None:
    import storyline
    from storyline.store import repo

    texts = tmp_path / "texts"
    texts.mkdir()
    # The stamp runs on in the opening line, as pages flattened to text have it: no date line.
    (texts / "a.txt").write_text(
        "Dam gives way Tuesday 5 March 2019 18.02 GMT " + COLLAPSE_MONDAY + "\n\nRescue teams searched the valley.\n",
        encoding="utf-8",
    )
    (texts / "c.txt").write_text(
        "Flood latest Tuesday 5 March 2019 20.40 GMT The Hartfield dam collapsed on Monday, officials said,"
        " flooding villages of the Varne valley.\n\nPolice closed the ring road near Orvale overnight.\n",
        encoding="utf-8",
    )
    # Different enough from a.txt not to be taken for a copy of it (stages/dedup.py).
    (texts / "b.txt").write_text(
        "Valley flooded\n\n" + COLLAPSE_YESTERDAY + "\n\nFarmers in Lessing counted their losses as the water"
        " receded, and the regional council opened two schools as shelters for families.\n",
        encoding="utf-8",
    )
    with storyline.connect(tmp_path / "s.db") as store:
        storyline.ingest(store, [texts])
        storyline.analyze(store, nlp=nlp)
        rows = {Path(r["path"]).name: r for r in repo.document_meta(store)}
        values = {t.text: t.value for t in repo.timexes(store, rows["b.txt"]["id"])}
        inferred = store.conn.execute("SELECT published_inferred FROM documents WHERE id = ?",
                                      (rows["b.txt"]["id"],)).fetchone()[0]
    # Stamps fix a.txt and c.txt; b.txt reports their Monday collapse as "yesterday". None
    # has a date line: without the pinning pass, none would be dated to the day.
    assert rows["a.txt"]["published"] == "2019-03-05"
    assert rows["b.txt"]["published"] == "2019-03-05" and inferred == 1
    assert (rows["b.txt"]["published_earliest"], rows["b.txt"]["published_latest"]) == ("2019-03-05", "2019-03-05")
    assert values["yesterday"] == "2019-03-04"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Looks back to a day (a past verb before it) and ahead to one (a future cue): between them.
        ("Ministers met in Oslo. Talks stalled after a rift emerged in a March 4 meeting of the envoys."
         "\nThe premier will fly to Oslo on March 12 for the summit.", (D(2019, 3, 4), D(2019, 3, 12))),
        # Unmarked year-less dates bound nothing: "a summit on March 12" may be past or to come.
        ("Ministers met in Oslo. The March 4 meeting and a summit on March 12 were discussed.", None),
        # "by" far from the date is a passive's agent, not a deadline.
        ("Ministers met in Oslo. Talks stalled after a rift emerged in a March 4 meeting of the envoys."
         "\nThe town was hit by the storm on March 12.", None),
    ],
)
def test_an_article_between_a_day_it_looks_back_to_and_one_it_looks_ahead_to(
    text: str, expected: tuple[dt.date, dt.date] | None
) -> None:
    # The dated article sets the story's middle, where year-less dates are read.
    texts = {"a": "Fishing quotas were set in Bergen.", "b": text}
    pins = pin_dates(texts, {"a": D(2019, 3, 1), "b": None})
    got = (pins["b"].earliest, pins["b"].latest) if "b" in pins else None
    assert got == expected
    if expected is not None:
        assert expected[0] <= pins["b"].date <= expected[1]


PAGE = (
    "Flu blog\nThe health agency recorded 60 new cases on Tuesday, and experts warned against complacency."
    "\n\nAt 2:10 pm on 02 Jun 2009, ghostofsichuan wrote: I saw this on the news yesterday."
    "\n\nAt 08:26 am on 09 Jun 2009, lincoln_l wrote: Numbers rose again since 5 June 2009."
)


def test_reader_comments_start_at_the_first_stamped_comment_line() -> None:
    found = comments(PAGE)
    assert found is not None
    assert PAGE[found.start:].startswith("At 2:10 pm on 02 Jun 2009") and found.first == D(2009, 6, 2)
    # A quote with a clock time is no comment: no full date, no one-word name.
    assert comments('NHS Direct said: "We started receiving calls at around 3.30 pm on Sunday."') is None
    assert comments("The treaty was signed at 10:00 on 12 March 2019 in Geneva, officials said.") is None


def test_the_first_comment_pins_a_page_and_its_comments_bound_nothing() -> None:
    pins = pin_dates({"p": PAGE}, {"p": None})
    # Published by its first comment, within a range that reaches back a month: the later
    # comment's "5 June 2009" is no lower bound, its "yesterday" no event of the article.
    assert pins["p"].date == pins["p"].latest == D(2009, 6, 2)
    assert pins["p"].earliest == D(2009, 5, 3)
    # The text's own latest full date narrows the range from below.
    stated = PAGE.replace("on Tuesday,", "on Tuesday (26 May 2009),")
    assert pin_dates({"p": stated}, {"p": None})["p"].earliest == D(2009, 5, 26)


def test_a_page_dates_nothing_from_its_comments_on_its_own() -> None:
    from storyline.stages.dct import infer_dct

    # Without its comments, the page says nothing of its date.
    assert infer_dct(PAGE) is None
