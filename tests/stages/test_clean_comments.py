"""A page's reader comments leave the body as removed lines; the article's own letters,
interviews and quotes stay. Made-up pages in several site styles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storyline.stages.clean import clean
from storyline.stages.clean.comments import REASON, commenter, is_marker, stamp
from storyline.stages.dct import first_comment
from storyline.stages.pinning import pin_dates

D = dt.date

ARTICLE = (
    "Harbour pilots vote to strike\n\n"
    "Pilots at the northern harbour voted on Tuesday to walk out for two days next week, "
    "their union said, after talks over night shifts broke down.\n\n"
    "The port authority said it would keep the main channel open with managers at the helm "
    "and urged both sides to return to the table before the first shift is lost.\n\n"
    "Shipping lines warned that a stoppage would delay grain exports that are already behind "
    "schedule after a wet autumn."
)


def _body_and_removed(page: str) -> tuple[str, list[str]]:
    cleaned = clean(page)
    return cleaned.text, [r.text for r in cleaned.removed if r.reason == REASON]


# --- comment sections, each site style ---------------------------------------------

STAMPED = ARTICLE + (
    "\n\nAt 2:10 pm on 14 Oct 2031, harbourwatcher wrote: About time someone stood up to them.\n"
    "They have been cutting corners for years.\n\n"
    "At 3:45 pm on 14 Oct 2031, Mags_71 wrote: The grain will rot while they argue.\n\n"
    "At 09:02 15th Oct 2031, quayside wrote: Who pays for the delays? We do."
)

POSTED = ARTICLE + (
    "\n\nPosted by Lena Ortiz at 11:20 AM on October 14, 2031\n\n"
    "3 comments\n\n"
    "Strikes never help the people who need the goods most.\n\n"
    "Posted by: Tomas K | October 14, 2031 at 01:15 PM\n\n"
    "The pilots have a point about the night shifts.\n\n"
    "Posted by: seaview | October 15, 2031 at 08:40 AM"
)

NUMBERED = ARTICLE + (
    "\n\nHave your say\n\n"
    "Comment number 1.\n\n"
    "They should have settled this in the summer.\n\n"
    "Reply | Recommend | Report abuse\n\n"
    "Comment number 2.\n\n"
    "Another strike, another week of empty shelves.\n\n"
    "Reply | Recommend | Report abuse"
)

NAMED_UNDER_HEADER = ARTICLE + (
    "\n\nAdd your comment\n\n"
    "jo_bright wrote:\n\nA shame for the farmers who waited all year.\n\n"
    "Old Salt wrote:\n\nManagers at the helm? That should worry everyone."
)


@pytest.mark.parametrize(
    ("page", "first_cut", "kept_last"),
    [
        (STAMPED, "At 2:10 pm on 14 Oct 2031, harbourwatcher wrote:", "a wet autumn."),
        # The first footer closes the post itself: the section starts after it.
        (POSTED, "3 comments", "Posted by Lena Ortiz at 11:20 AM on October 14, 2031"),
        (NUMBERED, "Have your say", "a wet autumn."),
        (NAMED_UNDER_HEADER, "Add your comment", "a wet autumn."),
    ],
    ids=["stamped-wrote", "posted-by-footers", "numbered-with-widgets", "named-under-header"],
)
def test_a_comment_section_leaves_the_body_as_removed_lines(page: str, first_cut: str, kept_last: str) -> None:
    body, removed = _body_and_removed(page)
    # A header another rule knows ("3 comments" is debris anywhere) keeps that rule's reason.
    everything = [r.text for r in clean(page).removed]
    assert any(line.startswith(first_cut) for line in everything) and removed
    assert body.endswith(kept_last)
    # Nothing of the comments stays in the body, and every removed line is the page's own.
    assert "wrote" not in body and "Report abuse" not in body and "Tomas" not in body
    assert all(line in page for line in removed)
    assert "Pilots at the northern harbour voted on Tuesday" in body


def test_a_single_comment_counts_when_its_line_gives_time_and_full_date() -> None:
    page = ARTICLE + "\n\nAt 6:53 P.M. on Oct 14, 2031, Jessica Clark wrote: My sympathy to the crews."
    body, removed = _body_and_removed(page)
    assert removed == ["At 6:53 P.M. on Oct 14, 2031, Jessica Clark wrote: My sympathy to the crews."]
    assert body.endswith("a wet autumn.")


# --- the article's own letters, interviews and quotes stay -------------------------

LETTER = ARTICLE + (
    "\n\nIn her letter to the board, the harbour master wrote: \"We cannot run a port on goodwill.\"\n\n"
    "Smith wrote: \"The night shifts are unsafe and the board knows it.\"\n\n"
    "Dear members, we regret that no agreement could be reached. Yours, the committee.\n\n"
    "Jones wrote: \"We will be back at the table on Monday.\""
)

INTERVIEW = ARTICLE + (
    "\n\nQ: Why strike now?\n\n"
    "A: Because the night rota starts on 1 November 2031 and nothing has changed.\n\n"
    "Q: What would end it?\n\n"
    "A: A second pilot on every night shift, as at 10:00 on 3 March 2031 we were promised."
)

SAID = ARTICLE + (
    "\n\nOn 14 October 2031, Mr Lee said: \"The channel stays open.\"\n\n"
    "At 4:30 pm on 14 October 2031, the minister said: \"Talks resume tomorrow.\"\n\n"
    "On 15 October 2031, Ms Park said: \"We are ready.\""
)

ALL_COMMENTS = (
    "At 2:10 pm on 14 Oct 2031, harbourwatcher wrote: About time.\n\n"
    "At 3:45 pm on 14 Oct 2031, Mags_71 wrote: The grain will rot."
)


@pytest.mark.parametrize(
    "page", [LETTER, INTERVIEW, SAID, ALL_COMMENTS], ids=["quoted-letters", "q-and-a", "said-with-stamps", "no-article"]
)
def test_the_article_is_never_eaten(page: str) -> None:
    body, removed = _body_and_removed(page)
    assert removed == []
    last = page.rsplit("\n\n", 1)[1]
    assert last in body


@pytest.mark.parametrize(
    ("line", "who"),
    [
        ("At 2:10 pm on 02 Jun 2031, ghost_of_x wrote: As much as ...", "ghost_of_x"),
        ("12. At 10:32am on 26 Apr 2031, Jim213 wrote:", "jim213"),
        ("At 12:19 26th Apr 2031, barriesingleton wrote: This comment was removed.", "barriesingleton"),
        ("Posted by Jo Bloggs at 10:15 AM on June 3, 2031", "jo bloggs"),
        ("Comment number 7.", "#7"),
        ("the minister wrote: we will not move", None),
        ("In a letter on 3 June 2031, Smith wrote: \"No.\"", None),
        ("At 4:30 pm on 14 October 2031, Mr Lee said: \"Yes.\"", None),
    ],
)
def test_commenter_lines(line: str, who: str | None) -> None:
    found = commenter(line)
    assert (found.name if found else None) == who


def test_markers_are_short_lines_of_their_own() -> None:
    assert is_marker("24 comments") and is_marker("Add your comment") and is_marker("Reply | Recommend | Report abuse")
    assert not is_marker("Readers sent 24 comments to the port authority before the vote.")


# --- the first comment's day, for dating ---------------------------------------------


def test_the_first_comment_is_read_from_the_stamps_of_the_removed_lines() -> None:
    _, removed = _body_and_removed(STAMPED)
    assert first_comment(removed) == D(2031, 10, 14)
    # A date inside a comment's text is no stamp.
    assert first_comment(["At 2:10 pm on 14 Oct 2031, jo wrote: back on 1 May 2031 it began", "1 May 2031"]) == D(
        2031, 10, 14
    )
    assert stamp("Posted by: seaview | October 15, 2031 at 08:40 AM") == "October 15, 2031 at 08:40 AM"
    assert first_comment(["They should have settled this in the summer of 2030."]) is None


def test_the_pinning_bounds_a_cleaned_page_by_its_removed_first_comment() -> None:
    cleaned = clean(STAMPED)
    day = first_comment(r.text for r in cleaned.removed if r.reason == REASON)
    assert day is not None
    pins = pin_dates({"p": cleaned.text}, {"p": None}, first_comments={"p": day})
    assert pins["p"].date == pins["p"].latest == D(2031, 10, 14)
    # Without it, the article alone says nothing of its date.
    assert "p" not in pin_dates({"p": cleaned.text}, {"p": None})


def test_an_undated_page_keeps_its_comment_bound_through_the_store(tmp_path: Path) -> None:
    import storyline
    from storyline.store import repo
    from storyline.story_dating import first_comments

    page = tmp_path / "pilots.txt"
    page.write_text(STAMPED, encoding="utf-8")
    with storyline.connect(tmp_path / "s.db") as store:
        storyline.ingest(store, [page])
        ids = set(repo.current_ids(store))
        assert "wrote" not in repo.StoredTexts(store)[repo.doc_key(next(iter(ids)))]
        assert list(first_comments(store, ids).values()) == [D(2031, 10, 14)]


@pytest.mark.parametrize("container", ['<section id="comments">', '<div class="discussion">'])
def test_a_web_page_comment_section_never_reaches_the_body(container: str) -> None:
    from storyline.stages.clean import extract_html

    paras = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")[1:])
    comments = "".join(
        f"<li><div>At {t} on 14 Oct 2031, {n} wrote:</div><p>{b}</p><a>Reply</a> <a>Report abuse</a></li>"
        for t, n, b in [("2:10 pm", "harbourwatcher", "About time someone stood up to them, they cut corners."),
                        ("3:45 pm", "Mags_71", "The grain will rot while they argue about the rota.")]
    )
    closing = "</" + container[1:].split()[0].rstrip(">") + ">"
    html = (f"<html><head><title>Harbour pilots vote to strike</title></head><body><article><h1>Harbour pilots "
            f"vote to strike</h1>{paras}</article>{container}<h3>2 comments</h3><ol>{comments}</ol>{closing}</body></html>")
    text, _ = extract_html(html)
    body = clean(text).text
    assert "Pilots at the northern harbour voted on Tuesday" in body and "a wet autumn." in body
    assert "wrote" not in body and "Report abuse" not in body
