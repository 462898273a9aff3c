"""The extraction harness: trafilatura's snippet counting over a page set."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli.eval_extraction import command
from storyline.errors import InputError
from storyline.eval.extraction import Counts, EvalPage, count, evaluate, load_pages, split_pages

BODY = (
    "The harbour authority said on Monday that the strike had closed three of the four container "
    "terminals, leaving dozens of ships waiting at anchor outside the port. "
)
PAGE = (
    "<html><head><title>Strike closes port | The Daily</title></head><body>"
    "<nav><a href='/'>Home</a> | <a href='/world'>World</a> | <a href='/sport'>Sport</a></nav>"
    f"<article><h1>Strike closes port</h1><p>{BODY * 2}</p><p>Union leaders met the owners late into the "
    "night without reaching an agreement on wages, a spokesman for the union told reporters.</p></article>"
    "<footer>Subscribe to our newsletter for daily updates</footer></body></html>"
)


def _page_set(root: Path) -> Path:
    (root / "set" / "html").mkdir(parents=True)
    (root / "set" / "html" / "a.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (root / "set" / "html" / "b.html").write_text(PAGE, encoding="utf-8")
    item = {
        "with": ["three of the four container terminals", "without reaching an agreement on wages"],
        "without": ["Subscribe to our newsletter", "Home"],
    }
    data = {"https://a.example/": {"file": "a.html.gz", **item}, "https://b.example/": {"file": "b.html", **item}}
    (root / "set" / "evaldata-test.json").write_text(json.dumps(data), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("alpha beta and gamma", (1, 1, 1, 1)),  # 'alpha' found, 'delta' missed; 'gamma' kept, 'menu' absent
        ("", (0, 0, 2, 2)),
        (None, (0, 0, 2, 2)),
        ("alpha\ndelta menu gamma", (2, 2, 0, 0)),
    ],
)
def test_count_is_plain_substring_per_snippet(output: str | None, expected: tuple[int, int, int, int]) -> None:
    page = EvalPage("u", Path("p.html"), ("alpha", "delta"), ("gamma", "menu"))
    assert count(page, output) == expected


def test_count_does_not_normalise_whitespace() -> None:
    # evaluate.py tests `snippet in result`: a snippet broken over two lines is missed.
    page = EvalPage("u", Path("p.html"), ("two words",), ("x y",))
    assert count(page, "two\nwords") == (0, 0, 1, 1)


def test_scores_from_counts() -> None:
    c = Counts(tp=9, fp=1, fn=1, tn=9)
    s = c.scores()
    assert s["precision"] == pytest.approx(0.9)
    assert s["recall"] == pytest.approx(0.9)
    assert s["f1"] == pytest.approx(0.9)
    assert s["accuracy"] == pytest.approx(0.9)
    assert Counts().scores()["f1"] == 0.0


def test_load_pages_reads_gzipped_and_plain_pages(tmp_path: Path) -> None:
    pages = load_pages(_page_set(tmp_path))
    assert [p.name for p in pages] == ["a.html", "b.html"]
    assert all(p.html_bytes().startswith(b"<html>") for p in pages)
    assert len(split_pages(pages, "tune")) + len(split_pages(pages, "report")) == 2


def test_load_pages_names_a_folder_without_a_snippet_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no evaldata"):
        load_pages(tmp_path)


def test_storyline_and_trafilatura_on_a_small_set(tmp_path: Path) -> None:
    pages = load_pages(_page_set(tmp_path))
    result = evaluate(pages, ("storyline", "trafilatura"), details=True)
    ours = result["systems"]["storyline"]
    assert (ours["tp"], ours["fp"], ours["fn"], ours["tn"]) == (4, 0, 0, 4)
    assert ours["empty"] == 0 and ours["ms_per_page"] > 0
    assert result["systems"]["storyline +headline"]["tp"] == 4
    assert result["documents"][0]["storyline"] == {"missed": [], "kept_boilerplate": []}
    assert result["snippets"] == {"with": 4, "without": 4}


def test_cli_table_and_json(tmp_path: Path) -> None:
    root = _page_set(tmp_path)
    runner = CliRunner()
    table = runner.invoke(command, [str(root), "--system", "storyline"])
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[0] == "2 pages, split all, 4 with / 4 without snippets"
    assert "storyline" in table.output.splitlines()[3]
    out = runner.invoke(command, [str(root), "--json", "--system", "storyline"])
    data = json.loads(out.output)
    assert data["systems"]["storyline"]["f1"] == 1.0 and data["split"] == "all"


def test_speed_reports_both_sides_and_their_ratio(tmp_path: Path) -> None:
    from storyline.eval.extraction import speed

    result = speed(load_pages(_page_set(tmp_path)), repeat=1)
    assert result["pages"] == 2 and result["ratio_target"] == 2.0
    assert result["trafilatura_ms_per_page"] > 0 and result["storyline_ms_per_page"] > 0
    assert result["ratio"] == pytest.approx(result["storyline_ms_per_page"] / result["trafilatura_ms_per_page"], rel=0.1)
