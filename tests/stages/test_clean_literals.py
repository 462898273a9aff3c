"""The literal prefilter of the cleaner's keyword patterns: it may let a line through that no
pattern matches, never stop one that a pattern matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.stages.clean import lines
from storyline.stages.clean.literals import RequiredLiterals, required
from storyline.stages.clean.units import _KEYWORDS

KEYWORD_PATTERNS = [p.pattern for patterns in _KEYWORDS.values() for p, _ in patterns]

# Patterns of every shape the reader knows, and some it cannot read.
SHAPES = [
    r"\bshare (?:this|on)\b",
    r"^(?:menu|search|log ?in)$",
    r"^(?:home|news)\s*(?:>|/)",
    r"\b(?:reprints?|republish\w*)\b",
    r"^\d+\s+comments?$",
    r"(?:^|\s)@\w{2,}",
    r"\bfollow\b[^.]{0,40}\bon (?:x|line)\b",
    r"\d+",
    r"(?:ab)+c",
    r"\bwe(?:'d| would)? like\b",
]


@pytest.mark.parametrize(
    ("pattern", "need"),
    [
        (r"\bshare (?:this|on)\b", {("word", "share this"), ("word", "share on")}),
        (r"^(?:menu|log ?in)$", {("line", "menu"), ("line", "login"), ("line", "log in")}),
        (r"^(?:home|news)\s*>", {("start", "home"), ("start", "news")}),
        (r"\b(?:reprints?|republish\w*)\b", {("word", "reprint"), ("word", "reprints"), ("word", "republish")}),
        (r"^\d+\s+comments?$", {("word", "comment"), ("word", "comments")}),
        (r"(?:^|\s)@\w{2,}", {("any", "@")}),
        (r"\d+", None),
    ],
)
def test_required_reads_what_a_match_needs(pattern: str, need: set[tuple[str, str]] | None) -> None:
    found = required(pattern)
    assert (None if found is None else set(found)) == need


_PIECES = ["share", "this", "on", "menu", "log", "in", "login", "home", "news", ">", "/", "reprint", "republished",
           "comments", "12", "@", "ab", "abc", "c", "follow", "x", "line", "we'd", "would", "like", "we", ".", "\n"]


@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(st.characters(max_codepoint=127), max_size=4)), max_size=8),
       st.sampled_from(["", " ", "  "]))
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_may_match_is_false_only_when_no_pattern_matches(parts: list[str], sep: str) -> None:
    text = sep.join(parts)
    for patterns in (SHAPES, KEYWORD_PATTERNS):
        check = RequiredLiterals(patterns) if patterns is SHAPES else lines._KEYWORD_LITERALS
        matched = any(re.search(p, text, re.ASCII) for p in patterns)
        if matched:
            assert check.may_match(text), text


def test_a_pattern_it_cannot_read_is_tried_itself() -> None:
    check = RequiredLiterals([r"\d+", r"\bshare this\b"])
    assert check.rest is not None
    assert check.may_match("page 12")
    assert check.may_match("share this")
    assert not check.may_match("the shares rose")


def test_keyword_prefilter_lets_through_every_line_a_keyword_pattern_matches() -> None:
    # Lines built from what each keyword pattern needs, as written and inside prose.
    for pattern in KEYWORD_PATTERNS:
        found = required(pattern)
        assert found is not None, pattern  # every keyword pattern gives the prefilter something to look for
        for _, s in found:
            for text in (s, f"the {s}", f"{s}: more", f"x{s}"):
                if re.search(pattern, text, re.ASCII):
                    assert lines._KEYWORD_LITERALS.may_match(text), (pattern, text)


def test_prose_skips_the_keyword_alternation() -> None:
    assert not lines._KEYWORD_LITERALS.may_match("the council voted on tuesday to approve the budget.")


def test_ascii_separators_take_the_unicode_pattern() -> None:
    # `\x1f` is whitespace to Unicode `\s` (the `@handle` pattern needs a space before it) but not to ASCII's.
    assert lines._any_keyword("\x1f@handle") == (lines._ANY_KEYWORD.search("\x1f@handle") is not None)
    assert lines._any_keyword("\x1f@handle")
