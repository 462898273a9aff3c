"""End to end on the real example story in ../shared (three articles and a manifest)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import storyline

pytestmark = [pytest.mark.shared, pytest.mark.slow]

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def built(example_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("example")
    result = storyline.build(
        [example_dir], out=work / "out", db=work / "s.db", manifest=example_dir / "manifest.csv"
    )
    assert result.report.ok, result.report.problems
    data: dict[str, Any] = json.loads((work / "out" / "story.json").read_text())
    assert data == json.loads(json.dumps(result.story))
    return data


def _doc(data: dict[str, Any], name_part: str) -> dict[str, Any]:
    return next(d for d in data["documents"] if name_part in d["path"])


def test_export_matches_schema(built: dict[str, Any]) -> None:
    schema = json.loads((ROOT / "docs" / "export-schema.json").read_text())
    jsonschema.validate(built, schema)


def test_documents_carry_manifest_metadata(built: dict[str, Any]) -> None:
    assert len(built["documents"]) == 3
    kyodo = _doc(built, "001_")
    assert kyodo["outlet"] == "Kyodo News"
    assert kyodo["published"] == "2018-12-01"
    assert kyodo["published_inferred"] is False


def test_debris_removed_and_headline_became_title(built: dict[str, Any], example_dir: Path) -> None:
    for d in built["documents"]:
        raw = (example_dir / Path(d["path"]).name).read_text(encoding="utf-8")
        first = next(line.strip() for line in raw.splitlines() if line.strip())
        # The first line of every file here is site furniture or a headline: never body text.
        assert first not in d["text"].split("\n\n")
        assert d["removed_lines"], d["path"]
        for r in d["removed_lines"]:
            assert r["text"] in raw and r["reason"]
        # Long prose lines of the raw file all survive.
        for line in raw.splitlines():
            words = line.split()
            if len(words) > 25 and line.rstrip().endswith((".", "”", '"')):
                assert line.strip() in d["text"], line[:60]
    titled = [d for d in built["documents"] if d["title"]]
    assert len(titled) >= 2
    for d in titled:
        assert d["title"] not in d["text"]


def _entity_of(built: dict[str, Any], alias: str) -> dict[str, Any]:
    hits: list[dict[str, Any]] = [
        e for e in built["entities"] if alias in e["aliases"] or e["name"] == alias
    ]
    assert len(hits) == 1, (alias, hits)
    return hits[0]


def test_lavrov_is_one_entity(built: dict[str, Any]) -> None:
    full = _entity_of(built, "Sergey Lavrov")
    assert full["type"] == "PERSON"
    assert "Lavrov" in full["aliases"]
    assert len(full["documents"]) == 3


def test_summit_of_22_january_has_two_sources(built: dict[str, Any]) -> None:
    days = {d["date"]: d for d in built["timeline"]}
    assert "2019-01-22" in days
    docs = {s["document"] for e in days["2019-01-22"]["entries"] for s in e["sources"]}
    assert len(docs) >= 2


@pytest.mark.parametrize(
    ("doc_part", "phrase", "date"),
    [
        ("001_", "on Saturday appointed their foreign ministers", "2018-12-01"),
        ("000_", "sometime this spring", "2019-SP"),
    ],
)
def test_relative_dates_resolve(built: dict[str, Any], doc_part: str, phrase: str, date: str) -> None:
    doc = _doc(built, doc_part)
    matching = [
        e for e in built["events"]
        if e["date"] == date and any(s["document"] == doc["id"] and phrase in doc["text"][s["start"]:s["end"]] for s in e["sources"])
    ]
    assert matching, [(e["date"], e["text"][:50]) for e in built["events"]]


def test_putin_quote_in_buenos_aires_article(built: dict[str, Any]) -> None:
    doc = _doc(built, "001_")
    putin = _entity_of(built, "Vladimir Putin")
    said = [q for q in built["quotes"] if q["document"] == doc["id"] and q["speaker"] == putin["id"]]
    assert any("every opportunity" in q["text"] for q in said), [(q["speaker_name"], q["text"][:40]) for q in built["quotes"]]
    assert not any(q["kind"] == "scare" for q in built["quotes"])


def test_every_offset_points_at_the_cited_text(built: dict[str, Any]) -> None:
    texts = {d["id"]: d["text"] for d in built["documents"]}
    for ev in built["events"]:
        for s in ev["sources"]:
            assert s["end"] > s["start"]
        first = ev["sources"][0]
        assert texts[first["document"]][first["start"]:first["end"]] in {ev["text"]} | {
            texts[s["document"]][s["start"]:s["end"]] for s in ev["sources"]
        }
    for day in built["timeline"]:
        for entry in day["entries"]:
            cited = {texts[s["document"]][s["start"]:s["end"]] for s in entry["sources"]}
            assert entry["text"] in cited
    for s in built["summary"]:
        cited = {texts[x["document"]][x["start"]:x["end"]] for x in s["sources"]}
        assert s["text"] in cited
    for q in built["quotes"]:
        text = texts[q["document"]]
        span = text[q["start"]:q["end"]]
        for a, b in q["pieces"]:
            assert q["start"] <= a < b <= q["end"]
            assert text[a:b] in q["text"]
        assert span
        if q["speaker_start"] is not None:
            assert text[q["speaker_start"]:q["speaker_end"]] == q["speaker_as_written"]


def test_summary_has_five_cited_sentences(built: dict[str, Any]) -> None:
    assert len(built["summary"]) == 5


def test_anonymous_sources_stay_anonymous(built: dict[str, Any]) -> None:
    anonymous = [q for q in built["quotes"] if q["speaker_kind"] == "anonymous"]
    assert anonymous
    for q in anonymous:
        assert q["speaker"] is None
        assert q["speaker_name"] == q["speaker_as_written"]
