"""`storyline clean FILE [--explain] [--json]`: one input cleaned, nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main

BODY = (
    "TOKYO -- The two leaders agreed on Saturday to speed up negotiations on a peace treaty, "
    "officials said, after a meeting that lasted more than two hours."
)
TEXT = f"WORLD > Europe\n\nLeaders agree to speed up treaty talks\n\nBy Jane Doe\n\n{BODY}\n\nShare this article\n"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_explain_shows_each_line_with_its_decision(article: Path) -> None:
    result = CliRunner().invoke(main, ["clean", "--explain", str(article)])
    assert result.exit_code == 0, result.output
    rows = [line.split(None, 2) for line in result.output.splitlines() if line[:5].strip().isdigit()]
    assert [r[:2] for r in rows] == [["0", "drop"], ["2", "drop"], ["4", "drop"], ["6", "keep"], ["8", "drop"]]
    assert "breadcrumb 0.80" in result.output and "byline: By Jane Doe" in result.output


def test_clean_prints_the_article_and_json_has_the_lines(article: Path) -> None:
    runner = CliRunner()
    plain = runner.invoke(main, ["clean", str(article)])
    assert plain.output == f"Leaders agree to speed up treaty talks\n\n{BODY}\n"
    data = json.loads(runner.invoke(main, ["clean", "--json", str(article)]).output)
    assert data["text"] == BODY
    assert [d["reason"] for d in data["lines"]] == ["breadcrumb", "title", "byline", None, "share"]


def test_an_unreadable_input_is_one_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "x.bin"
    bad.write_bytes(b"\x00\x01")
    result = CliRunner().invoke(main, ["clean", str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1
