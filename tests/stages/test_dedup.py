"""Copies of one text are one report; different stories that share wording are not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storyline.stages import dedup

WIRE = (
    "Dock workers at the port of Valmora walked off the job on Monday after talks on pay broke down,"
    " halting container traffic at the country's second-busiest harbour. The union said 2,400 members"
    " joined the strike and that picket lines would stay until the terminal operator returned to the"
    " table. The operator said it had offered a 4 percent raise over two years and called the walkout"
    " illegal. Ships were diverted to the northern port of Castel, where officials said they could"
    " handle only a fraction of the extra cargo. The transport ministry urged both sides to resume"
    " talks and said it would appoint a mediator if no agreement was reached by Friday."
)
OTHER = (
    "The transport ministry appointed a mediator on Friday after the two sides in the Valmora port"
    " dispute failed to agree. The mediator, a retired judge, met union leaders in the afternoon and"
    " said she hoped to bring the operator back within days. Shipping lines have warned of higher"
    " freight costs if the stoppage lasts into next month, and exporters of fruit said cargo was"
    " already spoiling on the quays. The union said it would keep its picket lines in place."
)


def _trim(text: str, share: float) -> str:
    sentences = text.split(". ")
    return ". ".join(sentences[: max(1, round(len(sentences) * share))])


@pytest.mark.parametrize(
    "copy",
    [
        WIRE,
        "Share this article\n\n" + WIRE + "\n\nCopyright 2018 All rights reserved.",
        _trim(WIRE, 0.7),
        WIRE.replace(" said ", " told reporters ").replace("illegal", "unlawful"),
    ],
    ids=["same", "debris", "trimmed", "reworded"],
)
def test_copies_are_one_report(copy: str) -> None:
    a, b = dedup.fingerprint(WIRE), dedup.fingerprint(copy)
    assert a is not None and b is not None
    assert dedup.is_copy(a, b) and dedup.is_copy(b, a)


def test_a_follow_up_story_is_not_a_copy() -> None:
    a, b = dedup.fingerprint(WIRE), dedup.fingerprint(OTHER)
    assert a is not None and b is not None
    assert not dedup.is_copy(a, b)


def test_a_short_excerpt_is_not_a_reprint() -> None:
    a, b = dedup.fingerprint(WIRE), dedup.fingerprint(_trim(WIRE, 0.2))
    assert a is not None and b is not None
    assert not dedup.is_copy(a, b)


def test_the_same_wording_weeks_apart_is_another_report() -> None:
    a = dedup.fingerprint(WIRE, dt.date(2018, 3, 5))
    b = dedup.fingerprint(WIRE, dt.date(2018, 3, 26))
    c = dedup.fingerprint(WIRE, dt.date(2018, 3, 7))
    assert a is not None and b is not None and c is not None
    assert not dedup.is_copy(a, b)
    assert dedup.is_copy(a, c)


def test_short_texts_have_no_fingerprint() -> None:
    assert dedup.fingerprint("Shares rose.") is None


def test_group_is_incremental_and_points_at_the_first_copy() -> None:
    items = [(1, WIRE, None), (2, OTHER, None), (3, _trim(WIRE, 0.8), None), (4, "Brief.", None)]
    assert dedup.group(items) == {1: 1, 2: 2, 3: 1, 4: 4}


def test_fingerprint_round_trips_through_bytes() -> None:
    fp = dedup.fingerprint(WIRE)
    assert fp is not None
    again = dedup.Fingerprint(bytes(fp.hashvalues), fp.size, fp.day)
    assert dedup.similarity(fp, again) == (1.0, 1.0)


def test_ingest_stores_a_copy_as_one_report_and_analysis_runs_once(tmp_path: Path) -> None:
    from storyline import pipeline
    from storyline.store import repo, reports
    from storyline.store.db import connect

    (tmp_path / "a.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    store = connect(tmp_path / "s.db")
    first = pipeline.ingest(store, [tmp_path / "a.txt", tmp_path / "b.txt"], date=dt.date(2018, 3, 5))
    assert first.copies == 0
    # Later, another outlet's copy arrives: it is checked against the stored index.
    (tmp_path / "c.txt").write_text("Share this\n\n" + WIRE, encoding="utf-8")
    second = pipeline.ingest(store, [tmp_path / "c.txt"], date=dt.date(2018, 3, 6), outlet="Castel Daily")
    assert second.copies == 1
    assert reports.copies_of(store) == {1: [3]}
    (group,) = list(reports.groups(store))
    assert [c["document"] for c in group["copies"]] == ["d1", "d3"]
    assert group["copies"][1]["outlet"] == "Castel Daily"
    assert repo.ids_needing_analysis(store, pipeline.ANALYSIS_VERSION) == [1, 2]


@pytest.mark.slow
def test_the_timeline_counts_a_copy_once_and_names_its_outlets(tmp_path: Path) -> None:
    import storyline

    (tmp_path / "a.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Advertisement\n\n" + WIRE, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,outlet,published\na.txt,Valmora Wire,2018-03-05\nb.txt,Castel Daily,2018-03-05\n", encoding="utf-8"
    )
    result = storyline.build([tmp_path], out=tmp_path / "out", db=tmp_path / "s.db")
    assert result.report.copies == 1 and result.report.analyzed == 1
    entries = [e for day in result.story["timeline"] for e in day["entries"]]
    assert entries
    for e in entries:
        assert {s["document"] for s in e["sources"]} == {"d1"}  # the copy adds no second source
        assert e["outlets"] == ["Valmora Wire", "Castel Daily"]
    docs = {d["id"]: d for d in result.story["documents"]}
    assert docs["d2"]["report"] == "d1" and docs["d1"]["copies"] == ["d2"]


def test_the_lsh_bands_and_rows_given_are_datasketchs_own_choice() -> None:
    from datasketch import MinHashLSH

    from storyline.stages import dedup

    chosen = MinHashLSH(threshold=dedup.LSH_THRESHOLD, num_perm=dedup.NUM_PERM)
    assert (chosen.b, chosen.r) == dedup.LSH_PARAMS
    index = dedup.CopyIndex()
    assert (index._lsh.b, index._lsh.r) == dedup.LSH_PARAMS
