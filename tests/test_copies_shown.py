"""Copies are shown, not only counted: every citation names the outlets that carried its report.

One pile holds a wire story carried by two other outlets (one with page debris around it, one trimmed)
and a different follow-up story. The story's exports, `storyline timeline` and the web
pages cite the wire story once, as one report, with the two outlets and URLs that
carried it; the counts are of independent reports.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

import storyline
from storyline.cli import main
from tests.stages.test_dedup import OTHER, WIRE

ROOT = Path(__file__).resolve().parents[1]

RECORDS = [
    {"title": "Port strike halts Valmora", "outlet": "Valmora Wire", "url": "https://wire.example/strike",
     "published": "2018-03-05", "text": WIRE},
    {"title": "Dockers walk out", "outlet": "Castel Daily", "url": "https://castel.example/dockers",
     "published": "2018-03-05", "text": "Share this article\n\n" + WIRE + "\n\nRead more: port news"},
    {"title": "Valmora strike", "outlet": "Port Gazette", "url": "https://gazette.example/valmora",
     "published": "2018-03-06", "text": WIRE.rsplit(" The transport", 1)[0] + "\n\nCopyright Port Gazette."},
    {"title": "Mediator named", "outlet": "Harbour Times", "url": "https://harbour.example/mediator",
     "published": "2018-03-09", "text": OTHER},
]


@pytest.fixture(scope="module")
def pile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    work = tmp_path_factory.mktemp("copies-shown")
    (work / "in").mkdir()
    (work / "in" / "pile.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    result = storyline.build([work / "in"], out=work / "out", db=work / "pile.db")
    assert result.report.ok, result.report.problems
    assert result.report.copies == 2 and result.report.analyzed == 2
    return work, result.story


def _wire_reports(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for it in items for r in it["reports"] if r["report"] == "d1"]


CARRIERS = [("d2", "Castel Daily", "https://castel.example/dockers"),
            ("d3", "Port Gazette", "https://gazette.example/valmora")]


def _check_report(r: dict[str, Any]) -> None:
    assert (r["outlet"], r["url"]) == ("Valmora Wire", "https://wire.example/strike")
    assert [(c["document"], c["outlet"], c["url"]) for c in r["carried_by"]] == CARRIERS


@pytest.mark.slow
def test_story_json_cites_one_report_with_the_outlets_that_carried_it(pile: tuple[Path, dict[str, Any]]) -> None:
    _, story = pile
    jsonschema.validate(story, json.loads((ROOT / "docs" / "export-schema.json").read_text(encoding="utf-8")))
    entries = [e for day in story["timeline"] for e in day["entries"]]
    key_entries = [e for day in story["key_timeline"] for e in day["entries"]]
    for items in (entries, key_entries, story["summary"], story["events"]):
        wire = _wire_reports(items)
        assert wire, "the wire story is cited"
        for r in wire:
            _check_report(r)
    for e in entries + key_entries:
        # A copy is never cited as a source of its own: the report stands for it.
        assert {s["document"] for s in e["sources"]} <= {"d1", "d4"}
        assert e["independent_sources"] == len(e["reports"]) == len({s["document"] for s in e["sources"]})
        if any(r["report"] == "d1" for r in e["reports"]):
            assert {"Valmora Wire", "Castel Daily", "Port Gazette"} <= set(e["outlets"])
    for s in story["summary"]:
        assert s["independent_sources"] == len({x["document"] for x in s["sources"]})


@pytest.mark.slow
def test_markdown_and_html_name_the_copies(pile: tuple[Path, dict[str, Any]]) -> None:
    work, _ = pile
    md = (work / "out" / "story.md").read_text(encoding="utf-8")
    assert "d1: Valmora Wire, carried by Castel Daily (d2), Port Gazette (d3)" in md
    assert "4 articles, 2 independent reports" in md
    assert "copy of d1; https://castel.example/dockers" in md
    page = (work / "out" / "story.html").read_text(encoding="utf-8")
    assert 'carried by <a class="cite" href="#d2">Castel Daily</a>, <a class="cite" href="#d3">Port Gazette</a>' in page


@pytest.mark.slow
def test_cli_timeline_names_the_copies(pile: tuple[Path, dict[str, Any]]) -> None:
    work, _ = pile
    db = str(work / "pile.db")
    for args in (["timeline"], ["timeline", "--all"]):
        out = CliRunner().invoke(main, [*args, "--db", db])
        assert out.exit_code == 0, out.output
        assert "d1: Valmora Wire, carried by Castel Daily (d2), Port Gazette (d3)" in out.output
    out = CliRunner().invoke(main, ["timeline", "--json", "--db", db])
    data = json.loads(out.output)
    assert set(data) == {"timeline"}
    day = data["timeline"][0]
    assert {"date", "entries"} <= set(day) and {"text", "sources"} <= set(day["entries"][0])
    for r in _wire_reports([e for d in data["timeline"] for e in d["entries"]]):
        _check_report(r)


@pytest.mark.slow
def test_web_pages_show_the_outlets_that_carried_a_report(pile: tuple[Path, dict[str, Any]]) -> None:
    from tests.web.conftest import make_client

    work, _ = pile
    client = make_client(work / "pile.db")
    for path in ("/", "/timeline", "/timeline?view=full"):
        html = client.get(path).text
        assert '<span class="carried">carried by <a class="copy" href="/documents/d2"' in html, path
        assert "Port Gazette</a></span>" in html, path
    api = client.get("/api/timeline?view=full").json()
    for r in _wire_reports([e for d in api["timeline"] for e in d["entries"]]):
        _check_report(r)
    counts = client.get("/api/story").json()["counts"]
    assert (counts["articles"], counts["reports"], counts["outlets"]) == (4, 2, 4)
