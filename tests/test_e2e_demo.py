"""End to end on the project's own example story, against hand-written expectations."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import storyline

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parent.parent
DEMO = ROOT / "examples" / "harbour-strike"
GOLD = json.loads((ROOT / "tests" / "golden" / "demo_expectations.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("demo")
    result = storyline.build([DEMO], out=work / "out", db=work / "s.db", manifest=DEMO / "manifest.csv")
    assert result.report.ok, result.report.problems
    return result.story


def _by_gold_id(built: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for d in built["documents"]:
        rel = str(Path(d["path"].split("#")[0]).relative_to(DEMO))
        key = rel + ("#" + d["path"].split("#")[1] if "#" in d["path"] else "")
        out[key] = d
    return out


def test_every_document_is_read(built: dict[str, Any]) -> None:
    docs = _by_gold_id(built)
    assert set(docs) == {g["id"] for g in GOLD["documents"]}


@pytest.mark.parametrize("gold", GOLD["documents"], ids=lambda g: g["id"])
def test_document_metadata_and_cleaning(built: dict[str, Any], gold: dict[str, Any]) -> None:
    doc = _by_gold_id(built)[gold["id"]]
    assert doc["outlet"] == gold["outlet"]
    assert doc["title"] == gold["title"]
    published = dt.date.fromisoformat(doc["published"]) if doc["published"] else None
    truth = dt.date.fromisoformat(gold["published"])
    if "infer" in gold["published_source"]:
        assert doc["published_inferred"] is True
        assert published is not None and abs((published - truth).days) <= 3
    else:
        assert published == truth
    for line in gold["debris"]:
        assert line not in doc["text"], line
    for sentence in gold["kept"]:
        assert sentence in doc["text"], sentence


@pytest.mark.parametrize("person", GOLD["people"], ids=lambda p: p["name"])
def test_people_are_one_entity_with_all_their_names(built: dict[str, Any], person: dict[str, Any]) -> None:
    owners = {
        e["id"] for e in built["entities"] for alias in person["aliases"] if alias in e["aliases"] or alias == e["name"]
    }
    assert len(owners) == 1, (person["name"], owners)
    ent = next(e for e in built["entities"] if e["id"] in owners)
    assert ent["type"] == "PERSON"


def test_bylines_are_not_cast(built: dict[str, Any]) -> None:
    names = {a for e in built["entities"] if e["type"] == "PERSON" for a in e["aliases"]}
    assert not names & set(GOLD["not_cast_people"]["names"])


def test_multi_outlet_events_merge(built: dict[str, Any]) -> None:
    docs = _by_gold_id(built)
    merged = 0
    for gold in GOLD["events"]:
        wanted = {docs[r["document"]]["id"] for r in gold["reported_by"]}
        found = [
            e for e in built["events"]
            if e["date"] == gold["date"] and len(wanted & {s["document"] for s in e["sources"]}) >= 2
        ]
        merged += bool(found)
    # Measured share of the hand-marked multi-outlet events found as one event with 2+ of their sources.
    assert merged / len(GOLD["events"]) >= 0.6, merged


def test_quotes_found_with_their_speakers(built: dict[str, Any]) -> None:
    docs = _by_gold_id(built)
    direct = [q for q in GOLD["quotes"] if q["kind"] == "direct"]
    right = 0
    for g in direct:
        doc_id = docs[g["document"]]["id"]
        for q in built["quotes"]:
            if q["document"] == doc_id and g["first_words"][:20] in q["text"]:
                who = (q["speaker_name"] or "").lower()
                right += g["speaker"].split()[-1].lower() in who or who in g["speaker"].lower()
                break
    assert right / len(direct) >= 0.8, (right, len(direct))
    assert not any(q["kind"] == "scare" for q in built["quotes"])
