"""The cast input round-trips through JSON exactly (it replaced a pickle)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from storyline.codec import dumps, from_json, to_json
from storyline.models import Quote, Timex

if TYPE_CHECKING:
    from spacy.language import Language


def test_cast_inputs_of_real_articles_round_trip(example_dir: Path, nlp: Language) -> None:
    from storyline.stages import entities

    texts = sorted(example_dir.glob("*.txt"))
    assert texts
    for i, path in enumerate(texts):
        made = entities.document_mentions(nlp(path.read_text(encoding="utf-8")), f"d{i + 1}")
        assert made.names and made.sentences
        back = from_json(entities.DocMentions, json.loads(json.dumps(to_json(made))))
        assert back == made
        assert dumps(made) == json.dumps(to_json(made), separators=(",", ":"))


@pytest.mark.parametrize(
    "value",
    [
        Timex(0, 6, "Monday", "DATE", "2021-05-03", "DCT", None, "weekday"),
        Quote(3, 9, "no deal", "direct", speaker_name=None, pieces=((3, 5), (6, 9))),
    ],
)
def test_annotations_round_trip(value: object) -> None:
    assert from_json(type(value), json.loads(json.dumps(to_json(value)))) == value


def test_a_value_json_cannot_hold_is_refused() -> None:
    with pytest.raises(TypeError, match="cannot store a date"):
        to_json(dt.date(2020, 1, 1))
    with pytest.raises(TypeError, match="cannot store a date"):
        dumps([Timex(0, 6, "Monday", "DATE", None, None, None, "weekday"), dt.date(2020, 1, 1)])


def test_dumps_writes_what_to_json_gives() -> None:
    value = {"a": [Timex(0, 6, "Monday", "DATE", "2021-05-03", "DCT", None, "weekday")], "b": (1.5, None, True, "é\n")}
    assert dumps(value) == json.dumps(to_json(value), separators=(",", ":"))
