"""The lexicon: word lists and tables as package data, one source for each."""

from __future__ import annotations

import json
import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

from storyline import lexicon
from storyline.stages.entities import words as entity_words
from storyline.stages.quotes import paraphrase, speech

ROOT = Path(__file__).resolve().parent.parent
LEXICON = ROOT / "storyline" / "lexicon"

# Written out here, independently of the data file: the forms English spelling gives.
_IRREGULAR = {
    "say": {"says", "said", "saying"},
    "tell": {"tells", "told", "telling"},
    "write": {"writes", "wrote", "written", "writing"},
    "read": {"reads", "reading"},  # past "read" is the lemma itself
    "sing": {"sings", "sang", "sung", "singing"},
}
_DOUBLED = {"admit", "brag", "concur", "quip", "slam"}


def _expected_forms(lemma: str) -> set[str]:
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    y = lemma.endswith("y") and lemma[-2] not in "aeiou"
    stem = lemma + lemma[-1] if lemma in _DOUBLED else lemma
    third = lemma[:-1] + "ies" if y else lemma + ("es" if re.search(r"(?:s|sh|ch|x|z)$", lemma) else "s")
    past = lemma[:-1] + "ied" if y else lemma + "d" if lemma.endswith("e") else stem + "ed"
    ing = lemma[:-1] + "ing" if lemma.endswith("e") and not lemma.endswith("ee") else stem + "ing"
    return {third, past, ing}


@pytest.mark.parametrize("lemma", sorted(lexicon.speech_lemmas()))
def test_every_speech_verb_has_all_its_forms(lemma: str) -> None:
    forms = set(lexicon.speech_verbs()[lemma].forms)
    assert forms == _expected_forms(lemma)


def test_the_forms_pattern_finds_every_form_and_nothing_longer() -> None:
    pattern = lexicon.speech_forms_re()
    for lemma, verb in lexicon.speech_verbs().items():
        for form in (lemma, *verb.forms):
            assert pattern.fullmatch(form), form
            assert pattern.fullmatch(form.capitalize()), form
    found = [m.group() for m in pattern.finditer("She sayeth, he says; they asked and were shouting.")]
    assert found == ["says", "asked", "shouting"]


@pytest.mark.parametrize("text", [
    "She sayeth, he says; they asked and were shouting.",
    "SAID_x said2 «Said» SAYS-told, tells’ ſaid Ｓaid réplied replied_ 'warned' announced.\nAsked",
    "",
])
def test_finding_forms_by_word_lookup_gives_the_patterns_matches(text: str) -> None:
    expected = [(m.span(), m.group()) for m in lexicon.speech_forms_re().finditer(text)]
    assert [(m.span(), m.group()) for m in lexicon.find_speech_forms(text)] == expected


def test_quotes_and_cast_read_one_speech_verb_list() -> None:
    assert lexicon.speech_lemmas() == speech.SPEECH_LEMMAS
    assert lexicon.speech_lemmas() == entity_words.SPEECH_VERBS
    assert speech._SPEECH_FORMS_RE is lexicon.speech_forms_re()
    clause = {lemma for lemma, v in lexicon.speech_verbs().items() if v.reports_clause}
    assert clause == speech._INDIRECT_LEMMAS
    assert "say" in clause and "ask" not in clause


def test_quotes_and_cast_read_one_role_head_list() -> None:
    assert lexicon.role_heads() == entity_words.ROLE_HEADS
    assert lexicon.role_heads() <= paraphrase._SPEAKER_HEADS
    assert lexicon.honorifics() == entity_words.HONORIFICS
    # People's roles, not the bodies that speak through them.
    assert not lexicon.role_heads() & lexicon.speaking_bodies()


def test_word_lists_are_lower_case_and_free_of_duplicates() -> None:
    for path in sorted(LEXICON.glob("*.txt")):
        entries = [line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
        entries = [e for e in entries if e]
        assert entries, path.name
        assert len(entries) == len(set(entries)), path.name
        assert all(e == e.lower() for e in entries), path.name
        assert lexicon.words(path.stem) == frozenset(entries)


def test_calendar_and_number_tables() -> None:
    months = lexicon.months()
    assert sorted(set(months.values())) == list(range(1, 13))
    for n, name in enumerate(["january", "february", "march", "april", "may", "june", "july",
                              "august", "september", "october", "november", "december"], start=1):
        assert months[name] == n and months[name[:3]] == n
    weekdays = lexicon.weekdays()
    for n, name in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]):
        assert weekdays[name] == n and weekdays[name[:3]] == n
    numbers = lexicon.numbers()
    assert numbers["one"] == 1 and numbers["twelve"] == 12 and numbers["ninety"] == 90
    assert lexicon.ordinals()["third"] == lexicon.ordinals()["3rd"] == 3


def test_loaders_are_cached_and_return_copies_of_tables() -> None:
    assert lexicon.words("role_heads") is lexicon.words("role_heads")
    months = lexicon.months()
    months["smarch"] = 13
    assert "smarch" not in lexicon.months()


def test_every_lexicon_file_ships_as_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["storyline"]
    data = [p for p in LEXICON.iterdir() if p.suffix in (".txt", ".json")]
    assert data
    for path in data:
        rel = path.relative_to(ROOT / "storyline").as_posix()
        assert any(fnmatch(rel, g) for g in globs), rel


def test_full_names_are_each_months_and_weekdays_longest_form() -> None:
    assert lexicon.month_names()[0] == "january" and lexicon.month_names()[8] == "september"
    assert len(lexicon.month_names()) == 12 and len(lexicon.weekday_names()) == 7
    assert lexicon.weekday_names() == ("monday", "tuesday", "wednesday", "thursday", "friday",
                                       "saturday", "sunday")


def test_dct_month_and_weekday_patterns_read_every_lexicon_form() -> None:
    # dct writes its month and weekday spellings (dots, capitals) as patterns; every form the
    # lexicon holds must be one of them and read back to its number.
    from storyline.stages.dct import refs

    month = re.compile(rf"^{refs.MONTH}$")
    for form, number in lexicon.months().items():
        for spelled in (form.title(), form.upper()):
            assert month.match(spelled), spelled
            assert refs.month_number(spelled) == number
    weekday = re.compile(rf"^{refs.WEEKDAY}$")
    for form in lexicon.weekdays():
        assert weekday.match(form.title()), form



def test_cast_and_quotes_read_their_vocabularies_from_the_lexicon() -> None:
    assert lexicon.gendered_roles() == entity_words.GENDERED_ROLES
    assert set(lexicon.gendered_roles().values()) == {"m", "f"}
    assert lexicon.role_heads() | lexicon.words("title_words") == entity_words.TITLE_WORDS
    assert lexicon.name_families() == entity_words.FIRST_NAME_FAMILIES
    for name in ("leader_titles", "rank_words", "loose_modifiers", "institution_nouns",
                 "trailing_titles", "place_nouns", "portfolio_titles", "outlet_nouns"):
        assert getattr(entity_words, name.upper()) == lexicon.words(name), name
    assert lexicon.words("speech_nouns") == speech._SPEECH_NOUNS
    assert lexicon.words("addressing_verbs") == speech._OBJECT_SPEECH_LEMMAS
    assert lexicon.phrasal_speech() == speech._PHRASAL_SPEECH
    assert lexicon.phrasal_speech()["speak"] == ("out", "up")


def test_every_table_says_what_it_holds() -> None:
    for path in sorted(LEXICON.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(data.pop("_about"), str), path.name
        assert len(data) >= 1, path.name
