"""The cleaner's vocabularies come from the lexicon: one source for each, behaviour kept."""

from __future__ import annotations

import re

from storyline import lexicon
from storyline.stages.clean import units
from storyline.stages.clean.lines import _score
from storyline.stages.clean.metadata import _date_line


def test_the_debris_keywords_are_the_lexicon_s() -> None:
    table = lexicon.debris()
    assert set(units._KEYWORDS) == set(table.keywords)
    for category, rows in table.keywords.items():
        assert [(p.pattern, w) for p, w in units._KEYWORDS[category]] == list(rows)
        for pattern, weight in rows:
            assert "{networks}" not in pattern and weight > 0
    assert lexicon.words("news_outlets") == units._KNOWN_OUTLETS
    assert all(units._CREDIT_WORDS.fullmatch(w) for w in table.credit_words)


def test_networks_are_filled_into_the_patterns_that_name_them() -> None:
    # `Facebook Twitter WhatsApp` under a story is a row of share buttons.
    assert _score("Facebook Twitter WhatsApp")[0] == "share"
    assert _score("Follow the council on Instagram")[0] == "social"
    assert "instagram" in lexicon.debris().social_networks


def test_month_and_weekday_names_are_the_lexicon_s() -> None:
    assert lexicon.months() == units._MONTH_NUM
    for form in lexicon.weekday_forms():
        assert units._WEEKDAY.fullmatch(form) and units._WEEKDAY.match(form.capitalize() + ". 3")
    for form in lexicon.months():
        assert re.fullmatch(units._MONTHS, form)


def test_a_rarer_weekday_form_is_the_cleaner_s_alone() -> None:
    # The date stages read `weekdays()`; the cleaner also knows `Thur`.
    assert "thur" in lexicon.weekday_forms() and "thur" not in lexicon.weekdays()
    assert lexicon.weekday_forms()["thur"] == lexicon.weekdays()["thursday"]
    assert _date_line("Thur, Apr 16, 2009 5:56 am EDT") is not None
    assert _date_line("Published Sept. 3rd, 2019") is not None
