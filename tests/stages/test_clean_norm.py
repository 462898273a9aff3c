"""A line's normal form (the key of the pile's line statistics): the ASCII table agrees with the patterns."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.stages.clean.units import _key, _norm, _norm_slow


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
@settings(max_examples=500)
def test_ascii_lines_normalise_as_the_patterns_do(line: str) -> None:
    assert _norm(line) == _norm_slow(line)


@given(st.text(max_size=40))
@settings(max_examples=200)
def test_other_lines_take_the_patterns(line: str) -> None:
    assert _norm(line) == _norm_slow(line)


def test_the_normal_form_keeps_what_lines_of_boilerplate_share() -> None:
    assert _norm("• © 2019 Harbour Media, all rights reserved.") == "0000 harbour media all rights reserved"
    assert _norm("Follow @harbour_news on X!") == "follow @harbour_news on x"
    assert _key("© 2018 HARBOUR MEDIA") == _key("© 2019 Harbour Media")
