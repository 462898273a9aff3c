"""Text helpers several stages share: the opening place dateline and content words.

They live here, not in the stage that first needed them, so that no stage imports
another stage's helpers (events and summary cut the dateline; timeline and summary
compare content words).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from itertools import repeat
from operator import mul

MONTHS_PATTERN = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
"""Month names and their abbreviations, lower case, as a regex alternation."""

DATELINE = re.compile(
    r"^(?P<dl>(?P<place>[A-Z][A-Za-z.'’-]*(?:[ ][A-Z][A-Za-z.'’-]*){0,3}"
    r"(?:,[ ][A-Z][A-Za-z.'’-]*(?:[ ][A-Z][A-Za-z.'’-]*){0,2})?)"
    rf"(?:,?[ ](?P<date>(?i:{MONTHS_PATTERN})\.?[ ]\d{{1,2}}))?"
    r"(?:[ ]?\((?P<agency>[A-Z][\w .&-]{0,30})\))?)"
    r"[ ]?(?P<sep>--|—|–|-|:)[ ]+",
)
"""A place dateline opening a paragraph: `TOKYO, Jan. 5 (Kyodo) -- `."""


def dateline_ok(m: re.Match[str]) -> bool:
    """Whether a `DATELINE` match is a dateline rather than a sentence opening `Name: ...`."""
    place = m.group("place")
    first = place.split()[0].rstrip(",")
    if m.group("agency") or m.group("date"):
        return True
    # Without an agency or date, only an upper-case place counts: `TOKYO --`.
    return len(first) >= 2 and first.isupper() and m.group("sep") != "-" or (first.isupper() and len(first) >= 3)


def dateline_length(text: str) -> int:
    """Length of the place dateline opening `text` (`TOKYO, Jan. 5 (Kyodo) -- `), or 0."""
    m = DATELINE.match(text)
    return m.end() if m and dateline_ok(m) and m.end() < len(text) else 0


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+|\d{4}")
_STOP = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "said", "says", "say", "told", "mr", "mrs", "ms", "according", "since", "also", "still"]
)


def terms(text: str) -> list[str]:
    """Lower-cased content words of a sentence."""
    return list(_terms(text))


@functools.lru_cache(maxsize=8192)
def _terms(text: str) -> tuple[str, ...]:
    # Cached: the timeline, the key timeline and the summary read the words of the same
    # sentences several times over (vectors, rarity, the story's centroid).
    if text.isascii():
        # Lowering ASCII text keeps every character in or out of `_WORD`'s classes, so
        # the words of the lowered text are the lowered words (not so for "K", U+212A).
        return tuple(w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2)
    return tuple(w for w in (t.lower() for t in _WORD.findall(text)) if w not in _STOP and len(w) > 2)


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem so that "strikes"/"strike" and "talks"/"talk" meet."""
    word = word.replace("’", "'").removesuffix("'s")
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def norm(v: Mapping[str, float]) -> float:
    """Euclidean length of a sparse vector."""
    # map over the values: the same products summed in the same order as a generator
    # expression would (so the same float), about three times faster.
    values = v.values()
    return math.sqrt(sum(map(mul, values, values)))


def cosine(a: Mapping[str, float], b: Mapping[str, float], *, norm_b: float | None = None) -> float:
    """Cosine similarity of two sparse vectors (0.0 when either is empty).

    `norm_b`, when given, is `norm(b)`: a caller comparing many vectors with one large
    vector (a centroid) computes its length once instead of at every call.
    """
    na: float | None = None
    nb = norm_b
    if len(a) > len(b):
        a, b, na, nb = b, a, nb, na
    dot = sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))
    na = norm(a) if na is None else na
    nb = norm(b) if nb is None else nb
    return dot / (na * nb) if na and nb else 0.0
