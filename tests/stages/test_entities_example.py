"""The cast of the example story against a hand-written gold cast."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from storyline.stages.entities import Cast, build_cast, document_mentions

if TYPE_CHECKING:
    from spacy.language import Language

GOLD = Path(__file__).resolve().parent.parent / "golden" / "japan_russia_cast.json"

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOLD.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def texts(example_dir: Path) -> dict[str, str]:
    files = sorted(example_dir.glob("*.txt"))
    assert len(files) == 3
    return {f.stem: f.read_text(encoding="utf-8") for f in files}


@pytest.fixture(scope="module")
def cast(nlp: Language, texts: dict[str, str]) -> Cast:
    return build_cast([document_mentions(nlp(t), name) for name, t in texts.items()])


def _holders(cast: Cast, alias: str) -> set[str]:
    return {e.id for e in cast.entities if any(a == alias for a, _ in e.aliases)}


def test_every_alias_of_a_person_lands_in_one_person_entity(
    cast: Cast, gold: dict[str, Any]
) -> None:
    for person in gold["people"]:
        ids = set().union(*(_holders(cast, a) for a in person["aliases"]))
        assert len(ids) == 1, (person["name"], ids)
        entity = cast.entity(ids.pop())
        assert entity is not None
        assert entity.type == "PERSON", person["name"]
        assert entity.name == person["name"]
        assert all(any(a == alias for alias, _ in entity.aliases) for a in person["aliases"])
        if person["role"]:
            assert any(person["role"].lower() in r.lower() for r in entity.roles), entity.roles


def test_no_two_gold_items_share_an_entity(cast: Cast, gold: dict[str, Any]) -> None:
    owner: dict[str, str] = {}
    for group in ("people", "organisations", "places"):
        for item in gold[group]:
            ids = set().union(*(_holders(cast, a) for a in item["aliases"]))
            # A found item is one entity: no split among the names the NER caught.
            assert len(ids) <= 1, (item["name"], ids)
            for eid in ids:
                assert owner.setdefault(eid, item["name"]) == item["name"], (eid, item["name"])


def test_places_are_places_and_both_island_names_are_one(
    cast: Cast, gold: dict[str, Any]
) -> None:
    for place in gold["places"]:
        ids = set().union(*(_holders(cast, a) for a in place["aliases"]))
        assert len(ids) == 1, place["name"]
        entity = cast.entity(ids.pop())
        assert entity is not None and entity.type in ("GPE", "LOC", "FAC"), (place, entity)


def test_outlets_are_not_people_or_places(cast: Cast, gold: dict[str, Any]) -> None:
    for outlet in gold["outlets"]:
        for eid in _holders(cast, outlet):
            entity = cast.entity(eid)
            assert entity is not None and entity.type == "ORG", entity


def test_junk_is_not_cast(cast: Cast, gold: dict[str, Any]) -> None:
    for junk in gold["junk"]:
        assert not _holders(cast, junk), junk
    for e in cast.entities:
        assert e.name[:1].isupper() or e.name[:1].isdigit(), e.name
        assert not any(a.startswith(("The ", "the ")) or a.endswith(("'s", "’s"))
                       for a, _ in e.aliases), e.aliases


def test_compounds_roles_and_pronouns_resolve(cast: Cast, texts: dict[str, str]) -> None:
    abe = _holders(cast, "Shinzo Abe").pop()
    putin = _holders(cast, "Vladimir Putin").pop()
    kono = _holders(cast, "Taro Kono").pop()
    lavrov = _holders(cast, "Sergey Lavrov").pop()
    for doc, text in texts.items():
        for compound, (left, right) in (("Abe-Putin", (abe, putin)),
                                        ("Kono-Lavrov", (kono, lavrov))):
            at = text.find(compound)
            while at >= 0:
                cut = at + compound.index("-")
                assert cast.resolve(doc, at, cut) == left
                assert cast.resolve(doc, cut + 1, at + len(compound)) == right
                at = text.find(compound, at + 1)
        # A role noun linked to someone is linked to a person holding that kind of role.
        for m in cast.mentions:
            if m.document == doc and m.kind == "role" and "president" in m.text.lower():
                assert m.entity == putin
            if m.document == doc and m.kind == "role" and "prime minister" in m.text.lower():
                assert m.entity == abe
    roles = {m.text.lower() for m in cast.mentions if m.kind == "role"}
    assert {"the president", "the prime minister"} <= roles
    assert any(m.kind == "pronoun" for m in cast.mentions)
