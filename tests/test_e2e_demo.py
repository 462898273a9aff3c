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


def _same_speaker(found: str | None, gold: str) -> bool:
    """The found speaker names the gold one: its surname, or a non-empty part of its name."""
    who = (found or "").lower().strip()
    if not who:
        return False
    return gold.split()[-1].lower() in who or who in gold.lower()


def test_same_speaker_needs_a_speaker() -> None:
    assert not _same_speaker(None, "Yury Sokolov")
    assert not _same_speaker("", "Yury Sokolov")
    assert not _same_speaker("Helena Brandt", "Yury Sokolov")
    assert _same_speaker("NPWU chairman Yury Sokolov", "Yury Sokolov")
    assert _same_speaker("Sokolov", "Yury Sokolov")


def test_quotes_found_with_their_speakers(built: dict[str, Any]) -> None:
    docs = _by_gold_id(built)
    direct = [q for q in GOLD["quotes"] if q["kind"] == "direct"]
    right = 0
    for g in direct:
        doc_id = docs[g["document"]]["id"]
        for q in built["quotes"]:
            if q["document"] == doc_id and g["first_words"][:20] in q["text"]:
                right += _same_speaker(q["speaker_name"], g["speaker"])
                break
    assert right / len(direct) >= 0.8, (right, len(direct))
    assert not any(q["kind"] == "scare" for q in built["quotes"])


def _share(hits: list[bool]) -> float:
    return sum(hits) / len(hits)


def _entities_named(built: dict[str, Any], alias: str) -> list[dict[str, Any]]:
    return [e for e in built["entities"] if alias in e["aliases"] or alias == e["name"]]


def test_organisations_and_places_are_entities_of_their_type(built: dict[str, Any]) -> None:
    hits = []
    for gold in GOLD["organisations_and_places"]:
        owners = _entities_named(built, gold["name"])
        hits.append(len(owners) == 1 and owners[0]["type"] == gold["type"])
    # Measured 8 of 9: a place named only in passing (Sandvik) is typed ORG.
    assert _share(hits) >= 8 / 9, hits


def test_organisations_keep_their_names_together(built: dict[str, Any]) -> None:
    hits = []
    for gold in GOLD["organisations_and_places"]:
        if gold["type"] != "ORG":
            continue
        # Proper names only; "the union" and such are descriptions, not aliases the cast keeps.
        names = [a for a in gold["aliases"] if a[0].isupper()]
        owners = {e["id"] for a in names for e in _entities_named(built, a)}
        hits.append(len(owners) == 1)
    # Measured 6 of 7: "Baltrans" alone is a second entity beside "Baltrans Terminals".
    assert _share(hits) >= 6 / 7, hits


def test_scare_quotes_are_not_speech(built: dict[str, Any]) -> None:
    docs = _by_gold_id(built)
    hits = []
    for gold in GOLD["scare_quotes"]:
        doc = docs[gold["document"]]
        assert gold["text"] in doc["text"], gold
        hits.append(not any(
            q["document"] == doc["id"] and q["text"].strip() == gold["text"] for q in built["quotes"]
        ))
    # Measured 1 of 2: "flexible rostering" (two words after a speech verb's object) is
    # taken for a partial quote.
    assert _share(hits) >= 1 / 2, hits


def test_not_quotes_are_not_quotes(built: dict[str, Any]) -> None:
    docs = _by_gold_id(built)
    hits = []
    for gold in GOLD["not_quotes"]:
        doc = docs[gold["document"]]
        assert gold["text"] in doc["text"], gold
        quoted = any(
            q["document"] == doc["id"]
            and (gold["text"] in q["text"] or gold["text"] in (q["speaker_as_written"] or ""))
            for q in built["quotes"]
        )
        hits.append(not quoted)
    # Measured 1 of 2: the placard's words are read as a quote with no speaker.
    assert _share(hits) >= 1 / 2, hits


def test_single_source_events_are_dated_where_reported(built: dict[str, Any]) -> None:
    docs = _by_gold_id(built)
    hits = []
    for gold in GOLD["single_source_events"]:
        for report in gold["reported_by"]:
            doc = docs[report["document"]]
            written = report["as_written"].lower()
            hits.append(any(
                e["date"] == gold["date"]
                and any(s["document"] == doc["id"] and written in doc["text"][s["start"]:s["end"]].lower()
                        for s in e["sources"])
                for e in built["events"]
            ))
    # Measured 5 of 7 reports: "next June" said in March is read as this June, and the
    # Meridian report of the working group's deadline is not an event of its own.
    assert _share(hits) >= 5 / 7, hits


def test_time_expressions_have_their_values(built: dict[str, Any]) -> None:
    from storyline import nlp
    from storyline.stages.timex import tag

    docs = _by_gold_id(built)
    model = nlp.load()
    hits = []
    for gold in GOLD["time_expressions"]:
        text = docs[gold["document"]]["text"]
        at = text.find(gold["context"])
        assert at >= 0, gold["context"]
        found = tag(text, dt.date.fromisoformat(gold["dct"]), model(text))
        near = [t for t in found if at <= t.start <= at + len(gold["context"])
                and (gold["text"] in t.text or t.text in gold["text"])]
        # A time of day on the gold day ("6 a.m. on Saturday") holds the gold date.
        hits.append(any(t.value == gold["value"] or (t.value or "").startswith(gold["value"] + "T") for t in near))
    # Measured 22 of 23: "next June" said in March 2025 is read as 2025-06.
    assert _share(hits) >= 22 / 23, hits
