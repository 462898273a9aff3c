"""The timex package's structure: rules with their trigger words, typed specs, resolvers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storyline.stages import timex
from storyline.stages.timex import prefilter, resolve, rule, specs

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [ROOT / "examples" / "harbour-strike", ROOT.parent / "shared" / "examples" / "japan-russia"]


def _texts() -> list[str]:
    return [
        path.read_text(encoding="utf-8")
        for folder in EXAMPLES
        for path in sorted(folder.iterdir())
        if path.suffix in (".txt", ".html")
    ]


def test_trigger_words_find_every_match_in_the_example_articles() -> None:
    texts = _texts()
    assert len(texts) >= 5
    for text in texts:
        starts = prefilter._word_starts(text)
        assert starts is not None
        for r in timex._RULES:
            fast = [m.span() for m in prefilter._rule_matches(r, text, starts)]
            assert fast == [m.span() for m in r.pattern.finditer(text)], r.name


def test_word_starts_for_the_rules_keys_are_those_of_the_full_index() -> None:
    keys = prefilter.all_keys(r.prefixes for r in timex._RULES)
    assert "jan" in keys and "janu" not in keys  # a key another begins adds nothing
    texts = [*_texts(), "Jan. 5, Janet's 1st-quarter 1990s ... 21st the-day ÉTÉ ﬁve 2nd-day", ""]
    prefilter._heads(keys).clear()
    for _ in range(2):  # filling the table of word heads, then reading it
        for text in texts:
            full, keyed = prefilter._word_starts(text), prefilter._word_starts(text, keys)
            assert full is not None and keyed is not None
            assert {k: v for k, v in full.items() if k in keys} == keyed


def test_the_table_of_word_heads_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    keys = frozenset({"a", "ab"})
    monkeypatch.setattr(prefilter, "_HEADS_KEPT", 3)
    text = "abc abd abe abf abg xyz ab a"
    assert prefilter._word_starts(text, keys) == {"a": [0, 4, 8, 12, 16, 24, 27], "ab": [0, 4, 8, 12, 16, 24]}
    assert len(prefilter._heads(keys)) <= 3


def test_every_rule_is_registered_in_the_order_of_candidates() -> None:
    assert [r.name for r in timex._RULES] == list(rule._ORDER)
    assert len(set(rule._ORDER)) == len(rule._ORDER)


def test_most_rules_declare_trigger_words() -> None:
    without = sorted(r.name for r in timex._RULES if r.prefixes is None)
    assert without == ["decade_short", "ordinal_day", "slash_date", "the_quarter", "the_year"]


def test_a_trigger_needs_a_pattern_opening_at_a_word_boundary() -> None:
    with pytest.raises(ValueError, match="toy"):
        prefilter._trigger_keys("toy", r"(?<=on )the day", ["the"])
    with pytest.raises(ValueError, match="toy"):
        prefilter._trigger_keys("toy", r"\b'90s", ["'90s"])
    assert prefilter._trigger_keys("toy", r"\bseptember", ["September"]) == frozenset({"sept"})


def test_the_prefilter_reads_no_regex_internals() -> None:
    source = (ROOT / "storyline" / "stages" / "timex" / "prefilter.py").read_text(encoding="utf-8")
    assert "re._parser" not in source and "sre_parse" not in source


def test_every_spec_kind_but_a_fixed_value_has_a_resolver() -> None:
    kinds = {cls for cls in vars(specs).values() if isinstance(cls, type) and issubclass(cls, specs.Spec)}
    assert set(resolve._RESOLVERS) == kinds - {specs.Spec, specs.Fixed}


def test_a_fixed_value_needs_no_dct_and_others_do() -> None:
    ctx = specs._Ctx(text="x", dct=None, doc=None)
    fixed = specs._Cand(0, 1, "year", specs.Fixed(type="DATE", value="1998"), 4)
    shift = specs._Cand(0, 1, "ago", specs.Shift(type="DATE", n=-2, unit="D", anchored=False), 9)
    assert resolve._resolve(fixed, ctx) == ("1998", None)
    assert resolve._resolve(shift, ctx) == (None, None)
    ctx.dct = dt.date(2019, 1, 15)
    assert resolve._resolve(shift, ctx) == ("2019-01-13", "DCT")


def test_a_lone_may_without_a_date_cue_is_dropped() -> None:
    ctx = specs._Ctx(text="They May agree.", dct=dt.date(2019, 1, 15), doc=None)
    weak = specs._Cand(5, 8, "month", specs.Month(type="DATE", month=5, rel="", weak=True), 5)
    assert resolve._resolve(weak, ctx) is None
    assert [t.text for t in timex.tag("They May agree, in May.", dt.date(2019, 1, 15))] == ["May"]


def test_calendar_and_number_words_come_from_the_lexicon() -> None:
    import re

    from storyline import lexicon
    from storyline.stages.timex import dates, vocab

    month = re.compile(rf"{vocab._MONTH_RE}$", re.IGNORECASE)
    assert all(month.match(name) for name in lexicon.months())
    weekday = re.compile(rf"{vocab._WD_RE}$", re.IGNORECASE)
    assert sorted(n for n in lexicon.weekdays() if weekday.match(n)) == sorted(vocab._WEEKDAY_WORDS)
    assert len(vocab._WEEKDAY_WORDS) == 7
    assert dates._ORD_WORDS["twenty-first"] == 21 and dates._ORD_WORDS["thirtieth"] == 30
    assert dates._TENS["nineties"] == 9 and dates._TEN_WORDS["forty"] == 4
    found = timex.tag("The vote is on Sunday, March eighth, not in the nineties.", dt.date(2020, 3, 1))
    assert [(t.text, t.value) for t in found] == [("Sunday, March eighth", "2020-03-08"), ("the nineties", "199X")]


@pytest.mark.parametrize(
    "text",
    [
        "Sales rose on the 5th and fell ON THE 21st; the 2nd was quiet.",
        "In the '90s and the early ’80s prices were higher.",
        "The deal closed 3/12/2019, not 12/3/19.",
        "Profit in the latest quarter beat the year-ago period.",
        "For the fiscal year ended March 31, and the most recent year, of the year.",
        "Nothing here holds a slash, a decade or a quarter.",
    ],
)
def test_a_rule_without_triggers_finds_in_a_text_what_it_needs(text: str) -> None:
    starts = prefilter._word_starts(text)
    for r in timex._RULES:
        if r.needs is not None:
            found = list(r.pattern.finditer(text))
            assert [m.span() for m in prefilter._rule_matches(r, text, starts)] == [m.span() for m in found], r.name
            assert all(r.needs.search(m.group()) for m in found), r.name


def test_rules_without_triggers_declare_what_they_need() -> None:
    assert sorted(r.name for r in timex._RULES if r.prefixes is None and r.needs is not None) == [
        "decade_short", "ordinal_day", "slash_date", "the_quarter", "the_year"]


def test_trigger_keys_begun_by_a_shorter_key_are_dropped() -> None:
    assert prefilter._minimal_keys(frozenset({"jan", "janu", "j", "feb", "fe"})) == ("fe", "j")
