"""Line units and the patterns that judge them: words, final stops, bullets, appeal keywords,
credits, outlets, bylines and dates, as kinds of text (never strings of particular pages).

The grammar of those patterns is here; their vocabularies (appeal keywords, social
networks, credit words, outlets, month and weekday names) come from `storyline.lexicon`.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from storyline import lexicon

_WORD = re.compile(r"[^\W\d_](?:[\w'’.&-]*\w)?")


_BULLET = re.compile(r"^(?:[•·▪▸►‣◦○●■□*+>–—-]|\d{1,2}[.)])\s+")


# Final punctuation of a sentence, possibly inside closing quotes or brackets.
_TERMINAL = re.compile(r"[.!?…。！？][\"'”’»)\]」』）]*$|[\"”’][.!?]?$")


# Scripts written without spaces or letter case: a run of them is one `_WORD` match,
# so their length stands in for a word count (about two characters a word).
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


_URL = re.compile(r"https?://|www\.|\b[\w.-]+@[\w-]+\.\w+|(?:^|\s)@\w{2,}")


_PAREN_END = re.compile(r"\(([^()]{1,120})\)\s*$")


_MONTH_NUM = lexicon.months()
"""Month name or abbreviation (lower case, no dot) -> its number."""


def _alternation(forms: Iterable[str]) -> str:
    # Longest first, so that `sept` is not cut to `sep`.
    return "|".join(sorted(forms, key=lambda f: (-len(f), f)))


_MONTHS = _alternation(_MONTH_NUM)
"""Month names and abbreviations as a regex alternation (lower case: match with `(?i:...)`)."""


@dataclass
class _Unit:
    """One logical line: a raw line, or several raw lines of a hard-wrapped paragraph."""

    lines: list[tuple[int, str]]
    block: int
    text: str = ""
    words: list[str] = field(default_factory=list)
    reason: str | None = None
    confidence: float = 0.0
    caseless: bool = False
    """The document writes (almost) no lowercase: all capitals, or a script without case."""

    def __post_init__(self) -> None:
        self.text = " ".join(t for _, t in self.lines)
        self.words = _WORD.findall(_BULLET.sub("", self.text))

    @functools.cached_property
    def n_words(self) -> int:
        unspaced = 0 if self.text.isascii() else len(_UNSPACED.findall(self.text))
        return max(len(self.words), len(self.words) + unspaced // 2 - 1) if unspaced else len(self.words)

    def remove(self, reason: str, confidence: float) -> None:
        """Mark the unit removed for `reason`, with how sure the rule is (0..1)."""
        self.reason = reason
        self.confidence = round(min(max(confidence, 0.05), 0.99), 2)

    @functools.cached_property
    def lower_ratio(self) -> float:
        """Share of words that start lowercase: high in running prose, low in titles and names."""
        if not self.words:
            return 0.0
        cased = [w for w in self.words if w[0].islower() or w[0].isupper()]
        if not cased or self.caseless:
            # Without letter case, only length tells prose from a label.
            return 1.0 if self.n_words >= 8 else 0.0
        return sum(1 for w in cased if w[0].islower()) / len(cased)

    @functools.cached_property
    def terminal(self) -> bool:
        return bool(_TERMINAL.search(self.text))

    @functools.cached_property
    def strength(self) -> int:
        """How surely this is article prose: 2 a long sentence, 1 a sentence, 0 anything else."""
        if not self.terminal or self.lower_ratio < 0.35:
            return 0
        if self.n_words >= 25:
            return 2
        return 1 if self.n_words >= 8 else 0


_Patterns = tuple[tuple[re.Pattern[str], float], ...]


_DEBRIS = lexicon.debris()


# Weighted keywords of appeals, menus, notices and banners by category (navigation,
# share, subscribe, contact, copyright, cookie, advertisement, social, related).
_KEYWORDS: dict[str, _Patterns] = {
    category: tuple((re.compile(pattern, re.IGNORECASE), weight) for pattern, weight in rows)
    for category, rows in _DEBRIS.keywords.items()
}


_CREDIT_WORDS = re.compile(rf"\b(?:{'|'.join(_DEBRIS.credit_words)})\b", re.IGNORECASE)


_CREDIT_LINE = re.compile(
    r"^(?:\(?(?:photo|photograph|image|picture|video|illustration|graphic|credit|source|file photo|photo credit)s?"
    r"(?:\s+by)?\s*[:/|-]|\(?(?:photo|image|picture)s?\s+by\b|image copyright\b|image caption\b|"
    r"(?:photo|picture)\s*:)",
    re.IGNORECASE,
)


# Wire services and large outlets often named alone on a credit line, matched whole-line only.
_KNOWN_OUTLETS = lexicon.words("news_outlets")


_OUTLET_SUFFIX = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w'’.&-]*\s+){0,3}(?:News|Press|Agency|Times|Post|Journal|Herald|Tribune|Daily|Wire|"
    r"Mail|Telegraph|Guardian|Gazette|Chronicle|Shimbun|Mainichi|Observer|Independent|Express|Review)$"
)


_ROLE = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|staff|contributor|columnist|bureau|chief|analyst|journalist|"
    r"producer|news department|desk)\b",
    re.IGNORECASE,
)


_BY = re.compile(r"^(?:(?:written|story|words|text|reported|compiled|posted)\s+)?by\s+(.+)$", re.IGNORECASE)


_CREDIT_BY = re.compile(
    r"\b(?:original|reporting|additional reporting|writing|editing|compiled|translated|written)\s+by\s+[A-Z]",
    re.IGNORECASE,
)


_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.|and|&|de|van|von|der|da|del|al|bin|la|le|in|of|the)$")


_LABEL = re.compile(
    r"^(?:first\s+)?(?:published|updated|last updated|last modified|modified|posted|date|created|issued)\b\s*(?:on|at)?\s*:?\s*",
    re.IGNORECASE,
)


_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?", re.IGNORECASE)


_ZONE = re.compile(r"\b(?:[A-Z]{2,4}T|UTC|GMT|JST|KST|MSK|IST|CET|CEST|BST|ET|PT|CT|UTC[+-]\d{1,2})\b|[+-]\d{2}:?\d{2}\b")


_WEEKDAY = re.compile(rf"\b(?:{_alternation(lexicon.weekday_forms())})\.?\b", re.IGNORECASE)


_DATE_PATTERNS = (
    re.compile(rf"\b(?P<m>{_MONTHS})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTHS})\.?,?\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})\b"),
)


_TAGS_LABEL = re.compile(r"^(?:tags?|topics?|keywords?|filed under|categories|more about)\s*(?:[:|]|$)", re.IGNORECASE)


# An ordered list ("1. ...", "100) ...") is the article's own: rankings, steps.
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s")


_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b", re.IGNORECASE)


_DIGIT = re.compile(r"\d")


_NON_WORD = re.compile(r"[^\w@]+")


def _norm(line: str) -> str:
    text = _BULLET.sub("", line.strip())
    if text.isascii():
        return " ".join(text.translate(_ASCII_NORM).split())
    text = _DIGIT.sub("0", text.casefold())  # `© 2018` and `© 2019` are the same boilerplate
    return " ".join(_NON_WORD.sub(" ", text).split())


def _norm_slow(line: str) -> str:
    """`_norm` through its patterns alone (what the ASCII table must agree with; tests)."""
    text = _DIGIT.sub("0", _BULLET.sub("", line.strip()).casefold())
    return " ".join(_NON_WORD.sub(" ", text).split())


# `_norm` of an ASCII line in one `str.translate`: on ASCII text, case folding is
# lower-casing, `\d` is 0-9 and `\w` is letters, digits and `_`, so each character maps
# on its own: a digit to 0, a letter to its lower case, `_` and `@` to themselves, the
# rest to a space (runs of spaces are then joined as the pattern's runs are).
_ASCII_NORM = {
    c: "0" if chr(c).isdigit() else chr(c).lower() if chr(c).isalnum() or chr(c) in "_@" else " "
    for c in range(128)
}


def _hash(norm: str) -> int:
    """64-bit key of a normalised line (stable across processes, unlike `hash`)."""
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


# Lines are keyed once when counted and again when cleaned (by their stripped text both
# times); boilerplate repeats often. The cache holds the lines of a pile of a few hundred
# articles (a few MB at most) and ingest empties it when it ends.
@functools.lru_cache(maxsize=16384)
def _key(line: str) -> int:
    return _hash(_norm(line))


_BLANK = _hash("")
"""The key of a line with nothing to compare (blank, or only punctuation)."""


_SEPARATORS = re.compile(r"\s[|>»/•·]\s")


_BYLINE_START = re.compile(r"(?:By|BY|Por|Von|Par)\s+[A-Z]")
