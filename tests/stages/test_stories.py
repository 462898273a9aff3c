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
