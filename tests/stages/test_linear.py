"""Near-linear helpers of the date stages agree with the plain scans they replaced."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.stages import timex
from storyline.stages.dct import sentences

if TYPE_CHECKING:
    from spacy.language import Language


def _old_sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    # The scan from the start of the text the cached version replaced (quadratic on long texts).
    left = 0
    for m in sentences.SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m2 = sentences.SENTENCE_END.search(text, end)
    return left, (m2.start() + 1 if m2 else len(text))


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet='Aa1. \n!?")(\'', min_size=1, max_size=80), st.data())
def test_sentence_bounds_match_the_scan(text: str, data: st.DataObject) -> None:
    words = [m.span() for m in re.finditer(r"[Aa1][Aa1. ]*[Aa1.]|[Aa1]", text)]
    if not words:
        return
    start, end = data.draw(st.sampled_from(words))
    assert sentences.sentence_bounds(text, start, end) == _old_sentence_bounds(text, start, end)


def _old_select(cands: list[timex._Cand]) -> list[timex._Cand]:
    ordered = sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    taken: list[tuple[int, int]] = []
    chosen = []
    for c in ordered:
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        taken.append((c.start, c.end))
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12), st.integers(0, 3)), max_size=30))
def test_select_matches_the_scan(spans: list[tuple[int, int, int]]) -> None:
    cands = [timex._Cand(s, s + n, "rule", None, p) for s, n, p in spans]  # type: ignore[arg-type]
    assert _old_select(cands) == timex._select(cands)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 80), st.integers(1, 15)), max_size=20),
    st.integers(-2, 100),
    st.integers(0, 30),
)
def test_quote_positions_match_the_scans(spans: list[tuple[int, int]], i: int, width: int) -> None:
    from storyline.stages.quotes import spans as quote_spans

    raws = [quote_spans._Raw(pieces=[(s, s + n)]) for s, n in spans]
    pos = quote_spans._Positions(raws)
    assert pos.near(i) == any(r.start - 1 <= i < r.end + 1 for r in raws)
    assert quote_spans._inside(raws, i) == pos.near(i)
    assert pos.near_closed(i) == any(r.start - 1 <= i <= r.end for r in raws)
    a, b = i, i + width
    assert pos.covered(a, b) == sum(max(0, min(b, r.end) - max(a, r.start)) for r in raws)


def test_person_in_a_window_matches_span_ents(nlp: Language) -> None:
    from storyline.stages.quotes import speakers

    text = ('"We will sign," Maria Olsen said on Monday. Prime Minister Shinzo Abe told reporters in Tokyo '
            'that John Smith and the Acme Corporation would meet. "No," said Ann Berg, a spokeswoman.')
    doc = nlp(text)

    def old(a: int, b: int) -> tuple[int, int, str] | None:
        sp = doc.char_span(a, b, alignment_mode="expand")
        for ent in sp.ents if sp is not None else ():
            if ent.label_ == "PERSON":
                return ent.start_char, ent.end_char, "name"
        return None

    windows = [(a, b) for a in range(0, len(text), 7) for b in range(a + 1, len(text) + 1, 11)]
    assert any(old(a, b) for a, b in windows)
    assert [speakers._person_in(doc, w) for w in windows] == [old(a, b) for a, b in windows]


@pytest.mark.parametrize(("text", "start", "end", "bounds"), [("?\n\nA", 3, 4, (3, 4)), ("Go. A b.", 4, 5, (0, 8))])
def test_sentence_bounds_after_a_blank_line_or_a_stop(text: str, start: int, end: int, bounds: tuple[int, int]) -> None:
    assert sentences.sentence_bounds(text, start, end) == _old_sentence_bounds(text, start, end) == bounds
