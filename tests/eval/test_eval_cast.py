"""The ECB+ cast harness on a couple of topics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.errors import InputError
from storyline.eval.cast import ensure_ecbplus, evaluate, format_table, parse_topics, read_document

if TYPE_CHECKING:
    from spacy.language import Language

ZIP = "ecbplus/ECB+-topics-1-35.zip"


@pytest.mark.parametrize(
    ("spec", "expected"),
    [("1-3", (1, 2, 3)), ("23-35", tuple(range(23, 36))), ("all", tuple(range(1, 36))),
     ("1,4-5", (1, 4, 5))],
)
def test_parse_topics(spec: str, expected: tuple[int, ...]) -> None:
    assert parse_topics(spec) == expected


def test_parse_topics_rejects_junk() -> None:
    with pytest.raises(InputError):
        parse_topics("first")


def test_missing_source_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        ensure_ecbplus(tmp_path / "nope.zip")


@pytest.mark.shared
def test_read_document_offsets_and_chains(data_dir: Path) -> None:
    root = ensure_ecbplus(data_dir / ZIP)
    doc = read_document(root / "1" / "1_1ecb.xml", None)
    assert doc.text.startswith("Another day in Hollywood ; another star in rehab .")
    reid = [m for m in doc.mentions if doc.text[m.start:m.end] == "Tara Reid"]
    assert reid and reid[0].tag == "HUMAN_PART_PER"
    # Every mention of one cross-document instance shares its chain id.
    chain = reid[0].chain
    assert chain.startswith("HUM")
    assert all(m.tag.startswith(("HUMAN_PART", "NON_HUMAN_PART", "LOC_")) for m in doc.mentions)
    # ecbplus documents drop sentence 0, the tokenised URL.
    plus = read_document(root / "1" / "1_1ecbplus.xml", None)
    assert "http" not in plus.text.split("\n")[0]


@pytest.mark.slow
@pytest.mark.shared
def test_evaluate_two_topics(data_dir: Path, nlp: Language) -> None:
    result: dict[str, Any] = evaluate(data_dir / ZIP, [1, 2])
    assert result["topics"] == [1, 2]
    assert result["documents"] > 30
    for key in ("mention_coverage", "conll_f1", "muc_f1", "b3_f1", "ceafe_f1",
                "missed_merge_share", "wrong_merge_share"):
        assert 0.0 <= result[key] <= 1.0, key
    # The cast links most named participants and its clusters beat chance clearly.
    assert result["mention_coverage"] > 0.7
    assert result["conll_f1"] > 0.5
    assert result["missed_merge_share"] + result["wrong_merge_share"] == pytest.approx(1.0)
    table = format_table(result)
    assert "CoNLL F1" in table and "mention coverage" in table


@pytest.mark.slow
@pytest.mark.shared
def test_cli_json(data_dir: Path, nlp: Language) -> None:
    res = CliRunner().invoke(main, ["eval", "cast", str(data_dir / ZIP), "--topics", "4", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["topics"] == [4]
    assert {"mention_coverage", "conll_f1", "muc_f1", "b3_f1", "ceafe_f1",
            "missed_merge_share", "wrong_merge_share"} <= set(out)


def test_cli_bad_topics(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["eval", "cast", str(tmp_path), "--topics", "x"])
    assert res.exit_code == 1
    assert "Error: x: not a topic list" in res.output
