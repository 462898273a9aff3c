"""The DCT harness: hide the creation date of TimeML files and score its inference."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli.eval_dct import command
from storyline.eval.dct import (
    evaluate,
    evaluate_story,
    format_table,
    in_split,
    read_timeml,
    split_paths,
)

FILES = (
    "TimeBank/APW19980227.0489.tml",
    "TimeBank/wsj_0006.tml",
    "AQUAINT/NYT19981025.0188.tml",
    "AQUAINT/XIE19980812.0062.tml",
)


@pytest.fixture
def tml_paths(data_dir: Path) -> list[Path]:
    paths = [data_dir / "tbaq" / name for name in FILES]
    assert all(p.is_file() for p in paths), "TBAQ files missing from ../shared/data/tbaq"
    return paths


@pytest.mark.shared
def test_reader_strips_tags_and_keeps_the_dct_apart(tml_paths: list[Path]) -> None:
    doc = read_timeml(tml_paths[1])
    assert doc.dct.isoformat() == "1989-11-02"
    assert doc.text.startswith("Pacific First Financial Corp. said shareholders approved")
    assert "<" not in doc.text and "wsj_0006" not in doc.text


@pytest.mark.shared
def test_evaluate_scores_and_rows(tml_paths: list[Path]) -> None:
    result = evaluate(tml_paths)
    assert result["n"] == 4
    for key in ("exact", "within_3_days", "within_interval", "no_inference"):
        assert 0.0 <= result[key] <= 1.0
    rows = {row["name"]: row for row in result["documents"]}
    # wsj_0006 has no date expression with a year: nothing bounds it.
    assert rows["wsj_0006.tml"]["date"] is None
    # The Xinhua text opens with "WASHINGTON, August 11 (Xinhua) --": a leak of month and day.
    assert rows["XIE19980812.0062.tml"]["dateline_leak"] is True
    assert result["dateline_leaks"] == 1
    assert result["without_dateline_leak"]["n"] == 3
    inferred = [r for r in result["documents"] if r["date"] is not None]
    assert result["no_inference"] == pytest.approx(1 - len(inferred) / 4)
    for row in inferred:
        assert row["earliest"] <= row["date"] <= row["latest"]


@pytest.mark.shared
def test_file_name_is_never_read(tml_paths: list[Path], tmp_path: Path) -> None:
    # The names spell the date (APW19980227...); renaming must not change any inference.
    renamed = []
    for i, path in enumerate(tml_paths):
        target = tmp_path / f"doc{i}.tml"
        shutil.copy(path, target)
        renamed.append(target)
    keys = ("true", "date", "earliest", "latest", "source")
    before = [tuple(r[k] for k in keys) for r in evaluate(tml_paths)["documents"]]
    after = [tuple(r[k] for k in keys) for r in evaluate(renamed)["documents"]]
    assert before == after


@pytest.mark.parametrize("name", ["APW19980227.0489.tml", "wsj_0006.tml", "x.tml"])
def test_split_is_the_stable_hash_rule(name: str) -> None:
    tune = hashlib.sha1(name.encode()).digest()[0] % 10 < 7
    assert in_split(name, "tune") is tune
    assert in_split(name, "report") is not tune
    assert in_split(name, "all")


@pytest.mark.shared
def test_split_paths_partitions_a_folder(data_dir: Path) -> None:
    folder = data_dir / "tbaq" / "AQUAINT"
    everything = split_paths([folder], "all")
    tune, report = split_paths([folder], "tune"), split_paths([folder], "report")
    assert len(everything) == 73
    assert sorted(tune + report) == sorted(everything)
    assert not set(tune) & set(report)


@pytest.mark.shared
def test_table_has_a_row_per_set(tml_paths: list[Path]) -> None:
    table = format_table({"sample": evaluate(tml_paths)})
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["set", "n", "exact"]
    assert lines[1].startswith("sample ")
    assert any(line.startswith("sample (no dateline leak)") for line in lines)


@pytest.mark.shared
def test_cli_json(tml_paths: list[Path], tmp_path: Path) -> None:
    for path in tml_paths[:3]:
        shutil.copy(path, tmp_path / path.name)
    result = CliRunner().invoke(command, [str(tmp_path), "--json", "--split", "all"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["n"] == 3
    assert {"exact", "within_3_days", "within_interval", "no_inference"} <= payload.keys()
    assert "documents" not in payload


def test_cli_rejects_an_empty_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, [str(tmp_path)])
    assert result.exit_code == 1
    assert "no .tml files" in result.output


_DEMO = Path(__file__).resolve().parents[2] / "examples" / "harbour-strike"


def _write_story(folder: Path) -> None:
    folder.mkdir()
    (folder / "a.txt").write_text(
        "The union said the strike began on Saturday at the port, the first since 2011.\n"
    )
    (folder / "b.txt").write_text(
        "Talks between the union and the port operator collapsed on Monday after four hours.\n"
    )
    (folder / "c.txt").write_text(
        "A mediator was named after talks between the union and the port operator "
        "collapsed on March 10. The deal ends the strike that began on March 1.\n"
    )
    (folder / "manifest.csv").write_text(
        "file,outlet,published\na.txt,X,2025-03-01\nb.txt,X,2025-03-11\nc.txt,X,2025-03-16\n"
    )


def test_story_hides_each_date_in_turn(tmp_path: Path) -> None:
    story = tmp_path / "story"
    _write_story(story)
    result = evaluate_story(story)
    assert result["n"] == 3
    rows = {r["name"]: r for r in result["documents"]}
    # b's "collapsed on Monday" is c's "collapsed on March 10": a Monday in 2025.
    assert rows["b.txt"]["within_interval"]
    assert rows["b.txt"]["earliest"] == "2025-03-10"
    assert {"exact", "within_3_days", "within_interval", "mean_interval_width"} <= result.keys()


def test_cli_story_table(tmp_path: Path) -> None:
    story = tmp_path / "story"
    _write_story(story)
    result = CliRunner().invoke(command, ["--story", str(story)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith("story ")


def test_cli_needs_a_folder_or_a_story() -> None:
    result = CliRunner().invoke(command, [])
    assert result.exit_code == 2
    assert "--story" in result.output


def test_demo_story_is_inferred_within_three_days() -> None:
    result = evaluate_story(_DEMO)
    assert result["n"] == 4
    assert result["within_3_days"] >= 0.75
    assert result["within_interval"] >= 0.75


def test_story_keeps_undated_files_as_context(tmp_path: Path) -> None:
    # A build reads every file of the folder: an undated article's explicit date can date
    # an event another one names, so the harness keeps it in the story (unscored).
    story = tmp_path / "story"
    story.mkdir()
    (story / "a.txt").write_text("The strike at the port went on for a sixth day on Thursday.\n")
    (story / "b.txt").write_text(
        "Transport minister Helena Brandt brought the union and the port operator together "
        "at her ministry on March 5.\n"
    )
    (story / "c.txt").write_text(
        "Helena Brandt met the union and the port operator at her ministry on Wednesday.\n"
    )
    (story / "manifest.csv").write_text(
        "file,outlet,published\na.txt,X,2025-03-06\nb.txt,X,\nc.txt,X,2025-03-05\n"
    )
    result = evaluate_story(story)
    assert result["n"] == 2
    rows = {r["name"]: r for r in result["documents"]}
    assert "b.txt" not in rows
    assert rows["c.txt"]["earliest"] == "2025-03-05"
    assert rows["c.txt"]["within_interval"]
