"""The quote stage on the example story, against hand-read gold (tests/golden)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from storyline.models import Quote
from storyline.stages.quotes import extract_quotes

if TYPE_CHECKING:
    from spacy.language import Language

GOLD = json.loads(
    (Path(__file__).resolve().parent.parent / "golden" / "japan_russia_quotes.json").read_text()
)
DIRECT = [(name, item) for name, entry in GOLD["files"].items() for item in entry["direct"]]
SCARE = [(name, text) for name, entry in GOLD["files"].items() for text in entry["scare"]]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,.").replace("’", "'").lower()


@pytest.fixture(scope="module")
def found(nlp: Language, example_dir: Path) -> dict[str, list[Quote]]:
    return {
        name: extract_quotes(nlp((example_dir / name).read_text(encoding="utf-8")))
        for name in GOLD["files"]
    }


def _speaker_ok(quote: Quote, item: dict[str, Any]) -> bool:
    name = quote.speaker_name
    if name is None:
        return False
    if item.get("anonymous"):
        return _norm(name) == _norm(item["speaker"])
    if name.split()[-1].lower() == item["speaker"].split()[-1].lower():
        return True
    # A role noun or pronoun as written: the cast stage resolves it to the person.
    return "as_written" in item and _norm(name) == _norm(item["as_written"])


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "item"), DIRECT, ids=[f"{n[:3]}:{i['text'][:30]}" for n, i in DIRECT]
)
def test_gold_direct_quote_found_with_speaker(
    found: dict[str, list[Quote]], name: str, item: dict[str, Any]
) -> None:
    hits = [q for q in found[name] if q.kind == "direct" and _norm(q.text) == _norm(item["text"])]
    assert hits, (
        f"missing {item['text']!r}; direct found: {[q.text for q in found[name] if q.kind == 'direct']}"
    )
    q = hits[0]
    assert _speaker_ok(q, item), (
        f"speaker {q.speaker_name!r} for {item['text']!r}, gold {item['speaker']!r}"
    )
    if "channel" in item:
        assert q.channel == item["channel"]


@pytest.mark.shared
@pytest.mark.parametrize(("name", "text"), SCARE)
def test_gold_scare_quote(found: dict[str, list[Quote]], name: str, text: str) -> None:
    hits = [q for q in found[name] if _norm(q.text) == _norm(text)]
    assert hits and all(q.kind == "scare" for q in hits), hits


@pytest.mark.shared
def test_no_extra_direct_quotes(found: dict[str, list[Quote]]) -> None:
    for name, entry in GOLD["files"].items():
        gold = {_norm(item["text"]) for item in entry["direct"]}
        extra = [q.text for q in found[name] if q.kind == "direct" and _norm(q.text) not in gold]
        assert extra == [], f"{name}: direct quotes not in gold: {extra}"
