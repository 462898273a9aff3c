"""Word lists and tables as data files, one source for each, loaded once.

The files sit beside this module and ship as package data: `<name>.txt` is a word
list (one entry per line, `#` starts a comment), `<name>.json` a table with an
`_about` line saying what it holds. Loaders are cached, so a stage may call them at
import time or per call alike; they return immutable values or fresh copies.

- `speech_verbs`: lemmas of verbs that report speech, with their inflected forms and
  whether a clause they govern is what was said; `speech_forms_re` finds those forms.
- `role_heads`, `speaking_bodies`, `anonymous_heads`: heads of phrases that may be a
  speaker (a person's role, a body that speaks, an unnamed source).
- `honorifics`: words that say "a person", with the gender they say; `gendered_roles`:
  role nouns that say a gender; `name_families`: first-name spellings that are one name.
- `words(name)` for the other word lists, each described in its file: `title_words`,
  `leader_titles`, `rank_words`, `loose_modifiers`, `institution_nouns`, `trailing_titles`,
  `place_nouns`, `portfolio_titles`, `outlet_nouns` (names and roles); `speech_nouns`,
  `addressing_verbs` (quotes); `event_stopwords` (matching events across documents).
- `phrasal_speech`: verbs that report speech only with a particle, with their particles.
- `months`, `weekdays` (and their full names, `month_names`, `weekday_names`), `numbers`,
  `ordinals`: calendar and number words for the date stages.
- `debris`: the cleaner's keywords of appeals, menus and notices by category, social
  networks and picture-credit words; `words("news_outlets")`: wire services and outlets
  named alone on a line; `weekday_forms`: the weekdays with rarer abbreviations, for the
  cleaner's date lines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

__all__ = [
    "Debris",
    "SpeechVerb",
    "anonymous_heads",
    "debris",
    "gendered_roles",
    "honorifics",
    "month_names",
    "months",
    "name_families",
    "numbers",
    "ordinals",
    "phrasal_speech",
    "role_heads",
    "speaking_bodies",
    "speech_forms_re",
    "find_speech_forms",
    "speech_lemmas",
    "speech_verbs",
    "weekday_forms",
    "weekday_names",
    "weekdays",
    "words",
]


@dataclass(frozen=True)
class SpeechVerb:
    """A verb that reports speech or writing."""

    lemma: str
    forms: tuple[str, ...]
    """Inflected forms besides the lemma: third person, past, participles, -ing."""
    reports_clause: bool
    """Whether a clause it governs is what was said (`said that ...`, not `asked to`)."""


def _read(name: str) -> str:
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


@cache
def words(name: str) -> frozenset[str]:
    """The word list `<name>.txt`."""
    out = set()
    for line in _read(f"{name}.txt").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            out.add(entry)
    return frozenset(out)


@cache
def _table(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_read(f"{name}.json"))
    return data


def speech_verbs() -> dict[str, SpeechVerb]:
    """Speech verbs by lemma."""
    return dict(_speech_verbs())


@cache
def _speech_verbs() -> tuple[tuple[str, SpeechVerb], ...]:
    return tuple(
        (lemma, SpeechVerb(lemma, tuple(v["forms"]), bool(v["reports_clause"])))
        for lemma, v in _table("speech_verbs")["verbs"].items()
    )


@cache
def speech_lemmas() -> frozenset[str]:
    """Lemmas of every speech verb."""
    return frozenset(lemma for lemma, _ in _speech_verbs())


@cache
def _speech_forms() -> frozenset[str]:
    return frozenset(f for lemma, v in _speech_verbs() for f in (lemma, *v.forms))


_WORD_RUN = re.compile(r"\w+")


def find_speech_forms(text: str) -> Iterator[re.Match[str]]:
    """The matches `speech_forms_re().finditer(text)` gives, found by looking words up.

    Every form is letters only, so the pattern matches a whole run of word characters
    or nothing: each run is looked up in the set of forms (lower-cased, which is the
    pattern's case folding for ASCII; any other run is checked with the pattern), instead
    of trying every alternative at every position (twenty times faster on news text).
    """
    forms = _speech_forms()
    pattern = speech_forms_re()
    for m in _WORD_RUN.finditer(text):
        word = m.group()
        if word.lower() in forms if word.isascii() else pattern.fullmatch(word):
            yield m


@cache
def speech_forms_re() -> re.Pattern[str]:
    """A case-insensitive pattern for any form (lemma included) of any speech verb."""
    forms = {f for lemma, v in _speech_verbs() for f in (lemma, *v.forms)}
    # Longest first, so that a form is never cut to a shorter one it starts with.
    alternatives = "|".join(sorted(forms, key=lambda f: (-len(f), f)))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def role_heads() -> frozenset[str]:
    """Nouns that head a person's role (`the president`, `his lawyer`)."""
    return words("role_heads")


def speaking_bodies() -> frozenset[str]:
    """Bodies that speak through someone (`the campaign said`)."""
    return words("speaking_bodies")


def anonymous_heads() -> frozenset[str]:
    """Heads of phrases for unnamed sources (`a senior official`)."""
    return words("anonymous_heads")


def honorifics() -> dict[str, str]:
    """Honorific (lower case, no dot) -> the gender it says: `m`, `f` or ``."""
    return dict(_table("honorifics")["honorifics"])


def gendered_roles() -> dict[str, str]:
    """Role noun that says a gender -> that gender: `m` or `f`."""
    return dict(_table("gendered_roles")["roles"])


def name_families() -> dict[str, str]:
    """First-name spelling (folded) -> the form its family shares (`mohamed` -> `muhamad`)."""
    return dict(_table("name_families")["families"])


def phrasal_speech() -> dict[str, tuple[str, ...]]:
    """Verb lemma -> the particles with which it reports speech (`fire` -> `back`)."""
    return {lemma: tuple(parts) for lemma, parts in _table("phrasal_speech")["verbs"].items()}


def months() -> dict[str, int]:
    """Month name or abbreviation (lower case, no dot) -> month number."""
    return dict(_table("months")["months"])


def weekdays() -> dict[str, int]:
    """Weekday name or abbreviation (lower case) -> Python weekday (Monday 0)."""
    return dict(_table("weekdays")["weekdays"])


@cache
def month_names() -> tuple[str, ...]:
    """The twelve full month names (lower case), January first: each month's longest form."""
    table = _table("months")["months"]
    return tuple(max((m for m in table if table[m] == n), key=len) for n in range(1, 13))


@cache
def weekday_names() -> tuple[str, ...]:
    """The seven full weekday names (lower case), Monday first: each day's longest form."""
    table = _table("weekdays")["weekdays"]
    return tuple(max((w for w in table if table[w] == n), key=len) for n in range(7))


def numbers() -> dict[str, int]:
    """Number word or phrase -> value."""
    return dict(_table("numbers")["numbers"])


def ordinals() -> dict[str, int]:
    """Ordinal word or numeral (`third`, `3rd`) -> value."""
    return dict(_table("numbers")["ordinals"])


@dataclass(frozen=True)
class Debris:
    """The cleaner's vocabulary of page debris (`debris.json`)."""

    keywords: dict[str, tuple[tuple[str, float], ...]]
    """Category -> (case-insensitive pattern, weight), `{networks}` already filled in."""
    social_networks: tuple[str, ...]
    credit_words: tuple[str, ...]


@cache
def _debris() -> Debris:
    data = _table("debris")
    networks = tuple(data["social_networks"])
    alternation = "|".join(networks)
    keywords = {
        category: tuple((str(pattern).replace("{networks}", alternation), float(weight)) for pattern, weight in rows)
        for category, rows in data["keywords"].items()
    }
    return Debris(keywords, networks, tuple(data["credit_words"]))


def debris() -> Debris:
    """Keywords of appeals, menus, notices and banners by category, networks, credit words."""
    d = _debris()
    return Debris(dict(d.keywords), d.social_networks, d.credit_words)


def weekday_forms() -> dict[str, int]:
    """`weekdays()` with rarer abbreviations (`thur`), which only the cleaner's date lines read."""
    table = _table("weekdays")
    return {**table["weekdays"], **table["other_forms"]}
