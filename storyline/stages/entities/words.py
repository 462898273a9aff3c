"""Vocabulary of names and roles, and the keys that make surface forms comparable."""

from __future__ import annotations

import functools
import re
import unicodedata

from storyline import lexicon

NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


# Honorifics say "a person" (and sometimes a gender) but are not a role worth keeping.
HONORIFICS = lexicon.honorifics()


# Role nouns that say a gender ("chairman" does not: it is used for women too).
GENDERED_ROLES = lexicon.gendered_roles()


# Words that head a role description and, with "the", can stand for a named person.
ROLE_HEADS = lexicon.role_heads()


# Words that may sit inside a title before a name ("Deputy Foreign Minister").
TITLE_WORDS = ROLE_HEADS | lexicon.words("title_words")


# "the Russian leader": heads of state and government, whatever their title.
LEADER_TITLES = lexicon.words("leader_titles")


RANK_WORDS = lexicon.words("rank_words")


# Modifiers of a role noun that do not narrow who it is.
LOOSE_MODIFIERS = lexicon.words("loose_modifiers")
INSTITUTION_NOUNS = lexicon.words("institution_nouns")
TRAILING_TITLES = lexicon.words("trailing_titles")
PLACE_NOUNS = lexicon.words("place_nouns")
PORTFOLIO_TITLES = lexicon.words("portfolio_titles")


OUTLET_NOUNS = lexicon.words("outlet_nouns")
SPEECH_VERBS = lexicon.speech_lemmas()


STATED_ALIAS = re.compile(r"\b(?:also |otherwise |better |formerly )?(?:known|referred to) as\b"
                          r"|\balso called\b|\bformerly called\b")
STATED_CUES = ("known as", "referred to as", "also called", "formerly called")
"""What every `STATED_ALIAS` match holds: a sentence without any is not searched."""


PAREN_ACRONYM = re.compile(r"\(([A-Z][A-Z&]{1,7})\)")
CREDIT = re.compile(r"\b(?:by|photo|photos|photograph|pool|via|credit|file|reporting|editing)\b",
                    re.IGNORECASE)


BYLINE = re.compile(r"^\W*(?:by|photo(?:s|graph)? by|reporting by|written by|editing by)\s",
                    re.IGNORECASE)


BULLETS = "•·▪●◦*-–—►>|"
SEPARATORS = frozenset({"-", "–", "—", "|", ":"})


NOT_NAME_POS = frozenset({"VERB", "AUX", "ADV", "ADP", "SCONJ", "CCONJ", "PRON", "PART", "INTJ"})
FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "de", "&", "on", "in", "a", "an"})


FIRST_NAME_FAMILIES = lexicon.name_families()


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


# Name words and surface forms recur across a story's mentions: each is folded once. The
# caches are bounded, so memory stays flat however large the story.
@functools.lru_cache(maxsize=1 << 16)
def normalize_name_token(word: str) -> str:
    """Fold a name word so transliteration variants agree (Sergey/Sergei, Aleksey/Alexei)."""
    w = re.sub(r"[^a-z]", "", _fold(word))
    if not w:
        return w
    w = w.replace("ks", "x").replace("ph", "f").replace("kh", "h")
    if w.startswith("ye") and len(w) > 4:
        w = "e" + w[2:]
    w = re.sub(r"(.)\1+", r"\1", w)
    w = re.sub(r"(?:iy|yi|ii|ie|y)$", "i", w)
    w = re.sub(r"tre$", "ter", w)
    w = re.sub(r"andr$", "ander", w)
    return FIRST_NAME_FAMILIES.get(w, w)


@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """A matching key for a surface form: folded, without articles, possessives or dots."""
    t = re.sub(r"[’']s?$", "", text.strip())
    t = re.sub(r"^(?:the|The)\s+", "", t)
    # "G-20" and "G20", "U.S." and "US" share a key.
    t = re.sub(r"(?<=[A-Za-z])-(?=\d)", "", t)
    words = re.findall(r"[\w&]+", _fold(t).replace(".", ""))
    # "Arcade Joseph Comeaux Jr" is "Arcade Joseph Comeaux" for matching.
    if len(words) > 2 and words[-1] in ("jr", "sr", "ii", "iii", "iv"):
        words = words[:-1]
    return " ".join(normalize_name_token(w) if w.isalpha() else w for w in words)


def acronym(text: str) -> str:
    """Initials of the capitalised words (`Liberal Democratic Party` -> `LDP`)."""
    words = [w for w in re.findall(r"[\w&]+", text) if w.lower() not in FUNCTION_WORDS]
    if len(words) < 2:
        return ""
    return "".join(w[0].upper() for w in words if w[0].isupper())


def _acronym_fits(acr: str, long: str) -> bool:
    caps = acronym(long)
    if caps == acr:
        return True
    # Letters in order, starting with the first initial ("NATO" in North Atlantic Treaty Org.).
    it = iter(long.upper())
    return bool(caps) and acr[0] == caps[0] and all(c in it for c in acr)
