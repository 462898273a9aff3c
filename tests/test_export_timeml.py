from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.export.timeml import document_timeml
from storyline.models import Timex


@pytest.mark.parametrize(
    ("text", "timexes"),
    [
        ("Talks on Jan. 22 & later <maybe>.", [Timex(9, 16, "Jan. 22", "DATE", "2019-01-22", "DCT")]),
        ("No dates here.", []),
        (
            "He met her on Monday. Two days later, they signed.",
            [
                Timex(14, 20, "Monday", "DATE", "2019-01-14", "DCT"),
                Timex(22, 36, "Two days later", "DATE", "2019-01-16", "timex:14"),
            ],
        ),
    ],
)
def test_timeml_is_well_formed_and_keeps_the_text(text: str, timexes: list[Timex]) -> None:
    xml = document_timeml("d1", "2019-01-15", text, timexes)
    root = ET.fromstring(xml.split("\n", 1)[1])
    body = root.find("TEXT")
    assert body is not None
    assert "".join(body.itertext()) == text
    tags = body.findall("TIMEX3")
    assert [(t.text, t.get("value")) for t in tags] == [(x.text, x.value) for x in timexes]
    if len(timexes) == 2:
        assert tags[1].get("anchorTimeID") == tags[0].get("tid")
    assert root.find("DCT/TIMEX3").get("value") == "2019-01-15"  # type: ignore[union-attr]


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=120))
def test_any_text_round_trips(text: str) -> None:
    xml = document_timeml("d1", None, text, [])
    inner = re.search(r"<TEXT>(.*)</TEXT>", xml, re.S)
    assert inner is not None
    root = ET.fromstring(f"<TEXT>{inner.group(1)}</TEXT>")
    assert "".join(root.itertext()) == text
