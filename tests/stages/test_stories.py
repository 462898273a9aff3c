"""Stories in a mixed pile: a new document joins the story it reports or starts one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.stages import stories

QUAKE_A = [
    "A magnitude 6.1 earthquake struck Valmora province on Monday, killing at least 40 people and"
    " flattening homes in the mountain town of Castel, officials in Valmora said.",
    "Rescuers in Castel pulled survivors from collapsed homes after the Valmora earthquake, as the"
    " death toll rose to 52 and aftershocks shook the province.",
    "The Valmora governor said tents and water were reaching Castel, three days after the earthquake"
    " destroyed much of the town and killed 60 people.",
]
QUAKE_B = [
    "A strong earthquake hit the island of Tarsi on Friday, damaging the port of Melno and injuring"
    " dozens, the Tarsi coast guard said; no deaths were reported in Melno.",
    "Ferries resumed sailing from Melno on Sunday after engineers inspected the quays damaged by the"
    " Tarsi earthquake, the coast guard said.",
]
BANK = [
    "The central bank of Ostria raised its main interest rate by half a point to 4.5 percent on"
    " Thursday, citing inflation, and governor Anna Brek signalled more rises.",
    "Ostria's central bank governor Anna Brek defended the rate rise before parliament, saying"
    " inflation would fall back towards the bank's target next year.",
]


def test_documents_of_one_happening_share_a_story_and_others_do_not() -> None:
    items = [(f"a{i}", t, None) for i, t in enumerate(QUAKE_A)]
    items += [(f"b{i}", t, None) for i, t in enumerate(QUAKE_B)]
    items += [(f"c{i}", t, None) for i, t in enumerate(BANK)]
    got = stories.cluster(items)
    assert got["a0"] == got["a1"] == got["a2"]
    assert got["b0"] == got["b1"]
    assert got["c0"] == got["c1"]
    assert len({got["a0"], got["b0"], got["c0"]}) == 3


REHAB_A = [
    "Actress Dana Kerrow checked into the Promises rehab clinic in Malibu on Friday, her publicist said."
    " Kerrow asked for privacy for her family. Kerrow has struggled with alcohol, the publicist said.",
    "Dana Kerrow entered the Promises clinic in Malibu for treatment, a representative for the actress"
    " confirmed. Kerrow asked fans for privacy while she is treated for alcohol.",
    "The publicist of Dana Kerrow said the actress is doing well at the Promises rehab clinic in Malibu"
    " and thanked fans for respecting the privacy of Kerrow and her family.",
]
REHAB_B = [
    "Actor Miles Ardent checked into the Harbor House rehab clinic in Malibu on Friday, his publicist said."
    " Ardent asked for privacy for his family. Ardent has struggled with alcohol, the publicist said.",
    "Miles Ardent is being treated at Harbor House in Malibu, the publicist of Ardent said, adding that"
    " Ardent asked fans for privacy.",
]


def test_a_document_whose_names_conflict_with_a_story_starts_another(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two rehab stays told in the same words: only the names (who, which clinic) differ.
    items = [("a0", REHAB_A[0], None), ("a1", REHAB_A[1], None), ("b0", REHAB_B[0], None),
             ("a2", REHAB_A[2], None), ("b1", REHAB_B[1], None)]
    got = stories.cluster(items)
    assert got["a0"] == got["a1"] == got["a2"]
    assert got["b0"] == got["b1"] != got["a0"]
    # Without the names test the words alone put both stays in one story.
    monkeypatch.setattr(stories, "NOVEL_SHARE", 2.0)
    merged = stories.cluster(items)
    assert merged["b0"] == merged["a0"]


def test_dates_not_names_decide_for_a_dated_report_near_a_dated_story() -> None:
    # A story followed for months changes its cast: near in time, new names do not keep a report out.
    day = dt.date(2018, 3, 5)
    items = [("a0", REHAB_A[0], day), ("a1", REHAB_A[1], day), ("b0", REHAB_B[0], day + dt.timedelta(days=2))]
    got = stories.cluster(items)
    assert got["a0"] == got["a1"] == got["b0"]
    # Undated, the same reports are two stays.
    undated = stories.cluster([(k, text, None) for k, text, _ in items])
    assert undated["b0"] != undated["a0"]


def test_conflicts_reads_the_story_names_and_the_document_names() -> None:
    index = stories.StoryIndex()
    for text in REHAB_A + REHAB_B:
        index.observe(text)
    sid, _ = index.add(REHAB_A[0], observed=True)
    index.add(REHAB_A[1], observed=True)
    story = index.stories[sid]
    assert story.names["kerrow"] == (2, 5) and story.size == 2  # in both reports, five times
    assert index.conflicts(story, stories.scan(REHAB_B[0]).names)
    assert not index.conflicts(story, stories.scan(REHAB_A[2]).names)
    # A document naming nobody twice has no strong names to conflict with.
    assert not index.conflicts(story, stories.scan("A man entered a clinic in Malibu.").names)


def test_settle_moves_an_undated_document_placed_before_its_own_story_existed() -> None:
    weak = "Ardent checked into the Harbor House rehab clinic in Malibu, his publicist said, asking for privacy."
    items = [("a0", REHAB_A[0], None), ("a1", REHAB_A[1], None), ("w", weak, None),
             ("b0", REHAB_B[0], None), ("b1", REHAB_B[1], None)]
    index = stories.StoryIndex()
    for _, text, _ in items:
        index.observe(text)
    first = [index.add(text, observed=True)[0] for _, text, _ in items]
    assert first[2] == first[0] != first[3]  # named once, it has no strong name: it joined the first stay
    moved = index.settle()
    assert set(moved) == {2} and index.story_of(moved[2][0]) == index.story_of(first[3])
    assert index.stories[index.story_of(first[0])].size == 2
    assert stories.cluster(items)["w"] == stories.cluster(items)["b0"]


def test_a_name_opening_a_sentence_counts_when_the_text_names_it_inside_one() -> None:
    got = stories.scan("Police said Kerrow was calm. Kerrow left. Rescuers arrived.")
    assert got.names == {"kerrow": 2}  # "Police" and "Rescuers" only ever open a sentence


def test_the_same_words_a_year_later_start_another_story() -> None:
    day = dt.date(2018, 3, 5)
    items = [("x", QUAKE_A[0], day), ("y", QUAKE_A[1], day + dt.timedelta(days=1)),
             ("z", QUAKE_A[2], day + dt.timedelta(days=400))]
    got = stories.cluster(items)
    assert got["x"] == got["y"] != got["z"]


def test_names_inside_a_sentence_weigh_more_than_words() -> None:
    counts = stories.term_counts("Rescuers reached Castel. Castel was quiet.")
    assert counts["castel"] == stories.NAME_WEIGHT + 1.0  # the second starts a sentence
    assert "was" not in counts


@pytest.mark.slow
def test_stories_command_is_incremental_and_build_story_builds_one(tmp_path: Path) -> None:
    from storyline.cli import main

    pile = tmp_path / "pile"
    pile.mkdir()
    for name, texts in (("quake", QUAKE_A), ("bank", BANK)):
        for i, t in enumerate(texts[:2]):
            (pile / f"{name}{i}.txt").write_text(t + "\n", encoding="utf-8")
    db = tmp_path / "p.db"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(pile), "--db", str(db), "--date", "2018-03-05"]).exit_code == 0
    first = runner.invoke(main, ["stories", "--db", str(db), "--json"])
    assert first.exit_code == 0, first.output
    listed = json.loads(first.stdout)
    assert sorted(s["documents"] for s in listed) == [2, 2]
    # A later article joins its story; nothing already placed moves.
    (pile / "quake2.txt").write_text(QUAKE_A[2] + "\n", encoding="utf-8")
    assert runner.invoke(main, ["ingest", str(pile), "--db", str(db), "--date", "2018-03-06"]).exit_code == 0
    again = json.loads(runner.invoke(main, ["stories", "--db", str(db), "--json"]).stdout)
    assert sorted(s["documents"] for s in again) == [2, 3]
    out = tmp_path / "out"
    built = runner.invoke(main, ["build", str(pile), "--db", str(db), "--story", "Ostria", "--out", str(out), "--json"])
    assert built.exit_code == 0, built.output
    docs = json.loads(built.stdout)["documents"]
    assert sorted(Path(d["path"]).name for d in docs) == ["bank0.txt", "bank1.txt"]
    missing = runner.invoke(main, ["build", str(pile), "--db", str(db), "--story", "s99"])
    assert missing.exit_code == 1 and "story s99 is not in" in missing.output


def test_the_stage_names_its_version() -> None:
    # v2: names test and second placing of undated documents; not a registered pipeline
    # stage (it runs from `storyline stories`, before any analysis), so no analysis names it.
    assert stories.STAGE_NAME == "storyline.stories.v2"
