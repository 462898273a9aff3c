"""The TempEval-3 timex scorer on hand-made cases, the split, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.eval.timex import Counts, Span, format_table, match, score, select, split_of


def test_perfect_match() -> None:
    gold = [Span(0, 6, "DATE", "2019-01-14"), Span(10, 20, "DURATION", "P3D")]
    m = score(gold, list(gold)).metrics()
    assert m["strict_f1"] == m["relaxed_f1"] == m["type_f1"] == m["value_f1"] == 1.0


def test_known_counts() -> None:
    gold = [
        Span(0, 6, "DATE", "2019-01-14"),  # exact match, right value
        Span(10, 20, "DURATION", "P3D"),  # overlap only, wrong type
        Span(30, 40, "DATE", "2019"),  # missed
    ]
    system = [
        Span(0, 6, "DATE", "2019-01-21"),  # wrong value
        Span(12, 25, "DATE", "P3D"),  # relaxed match, right value
        Span(50, 55, "SET", "P1W"),  # false positive
        Span(56, 60, "DATE", "2018"),  # false positive
    ]
    c = score(gold, system)
    assert (c.gold, c.system, c.strict, c.relaxed, c.type_ok, c.value_ok) == (3, 4, 1, 2, 1, 1)
    m = c.metrics()
    assert m["strict_p"] == pytest.approx(1 / 4)
    assert m["strict_r"] == pytest.approx(1 / 3)
    assert m["strict_f1"] == pytest.approx(2 / 7)
    assert m["relaxed_p"] == pytest.approx(2 / 4)
    assert m["relaxed_r"] == pytest.approx(2 / 3)
    assert m["relaxed_f1"] == pytest.approx(4 / 7)
    assert m["type_f1"] == pytest.approx(2 / 7)
    assert m["value_f1"] == pytest.approx(2 / 7)
    assert m["value_acc"] == pytest.approx(1 / 2)


def test_relaxed_matching_is_one_to_one() -> None:
    gold = [Span(0, 20, "DATE", "2019")]
    system = [Span(0, 5, "DATE", "2019"), Span(6, 20, "DATE", "2019")]
    assert len(match(gold, system)) == 1
    c = score(gold, system)
    assert (c.relaxed, c.value_ok, c.system) == (1, 1, 2)
    assert c.metrics()["relaxed_p"] == pytest.approx(0.5)


def test_empty_system_scores_zero() -> None:
    m = score([Span(0, 4, "DATE", "2019")], []).metrics()
    assert m["relaxed_f1"] == 0.0 and m["value_f1"] == 0.0


def test_counts_add_up() -> None:
    total = Counts()
    total.add(Counts(gold=2, system=1, strict=1, relaxed=1, type_ok=1, value_ok=1))
    total.add(Counts(gold=1, system=3, strict=0, relaxed=1, type_ok=0, value_ok=0))
    assert (total.gold, total.system, total.relaxed, total.value_ok) == (3, 4, 2, 1)


def test_split_is_stable_and_partitions() -> None:
    names = [f"doc_{i}.tml" for i in range(400)]
    tune = select(names, "tune")
    report = select(names, "report")
    assert set(tune).isdisjoint(report) and len(tune) + len(report) == 400
    assert 0.6 < len(tune) / 400 < 0.8
    assert [split_of(n) for n in names] == [split_of(n) for n in names]


def test_format_table_has_every_system() -> None:
    counts = score([Span(0, 4, "DATE", "2019")], [Span(0, 4, "DATE", "2019")])
    row = {**counts.metrics(), "gold": 1, "system": 1, "seconds": 0.1}
    text = format_table({"systems": {"storyline": row, "dateparser": row}})
    assert "storyline" in text and "dateparser" in text and "value_f1" in text


@pytest.mark.shared
@pytest.mark.slow
def test_cli_json_on_three_files(data_dir: Path, tmp_path: Path) -> None:
    for name in ["wsj_0006.tml", "APW19980219.0476.tml", "wsj_0679.tml"]:
        (tmp_path / name).write_bytes((data_dir / "tbaq" / "TimeBank" / name).read_bytes())
    result = CliRunner().invoke(main, ["eval", "timex", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    for key in ("strict_f1", "relaxed_f1", "type_f1", "value_f1"):
        assert 0.0 <= out[key] <= 1.0
    assert out["relaxed_f1"] > 0.5
    assert len(out["per_document"]) == 3
    assert set(out["peers"]) == {"dateparser", "recognizers"}


@pytest.mark.shared
def test_cli_table_without_peers(data_dir: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "eval",
            "timex",
            str(data_dir / "tbaq"),
            "--split",
            "report",
            "--limit",
            "2",
            "--no-peers",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "storyline" in result.output and "dateparser" not in result.output


@pytest.mark.parametrize("split", ["train", ""])
def test_unknown_split_is_an_input_error(split: str) -> None:
    from storyline.errors import InputError

    with pytest.raises(InputError):
        select(["a.tml"], split)
