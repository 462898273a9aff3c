"""The shared text helpers: content words, stems, cosine."""

from __future__ import annotations

import math

import pytest

from storyline.text import cosine, norm, stem, terms


def _reference_cosine(a: dict[str, float], b: dict[str, float]) -> float:
    # The formula as first written: generator sums, the smaller vector's items in order.
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    na = math.sqrt(sum(w * w for w in a.values()))
    nb = math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb) if na and nb else 0.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ({"strike": 0.3, "port": 1.7, "union": 0.1}, {"port": 0.2, "strike": 2.9, "vote": 1 / 3, "pay": 0.7}),
        ({"port": 0.2, "strike": 2.9, "vote": 1 / 3, "pay": 0.7}, {"strike": 0.3, "port": 1.7}),
        ({}, {"port": 1.0}),
        ({"a": 1e-300}, {"a": 1e-300, "b": 3.0}),
    ],
)
def test_cosine_with_a_given_length_is_the_same_float(a: dict[str, float], b: dict[str, float]) -> None:
    expected = _reference_cosine(a, b)
    assert cosine(a, b) == expected
    assert cosine(a, b, norm_b=norm(b)) == expected
    assert norm(b) == math.sqrt(sum(w * w for w in b.values()))


def test_terms_are_fresh_lists_from_a_cache() -> None:
    first = terms("Dockers STRIKE at the port of Kerrhaven in 2019")
    assert first == ["dockers", "strike", "port", "kerrhaven", "2019"]
    first.append("changed")
    assert terms("Dockers STRIKE at the port of Kerrhaven in 2019") == ["dockers", "strike", "port", "kerrhaven", "2019"]


@pytest.mark.parametrize("text", ["Strike \u212aelvin talks", "İstanbul dockers strike", "Café workers’ strike"])
def test_terms_of_non_ascii_text_lower_each_word(text: str) -> None:
    import re

    words = [t.lower() for t in re.findall(r"[A-Za-z][A-Za-z'’-]+|\d{4}", text)]
    assert terms(text) == [w for w in words if len(w) > 2 and w not in ("the",)]


def test_stem_is_unchanged_by_its_cache() -> None:
    words = ("strikes", "talks", "striking", "union’s", "ends", "used", "strikes")
    assert [stem(w) for w in words] == [stem.__wrapped__(w) for w in words]
    assert [stem(w) for w in words[:4]] == ["strik", "talk", "strik", "union"]
