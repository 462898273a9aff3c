"""Copies and syndication: which clean bodies are the same text (one *report*).

Reads an article's clean body; adds a `Fingerprint` (a datasketch MinHash over word
shingles, with the number of shingles) and, through a `CopyIndex` (datasketch
MinHashLSH), the earlier document whose text this one copies. A wire story in two
outlets, a corrected resend, a trimmed reprint or the same text with a new headline
and some page debris are one report; two stories that share a background paragraph
are not.

The index is incremental: a new fingerprint is checked against the candidates LSH
returns, never against every stored article. Nothing here touches the store; the
pipeline loads stored fingerprints into an index and saves new ones.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

STAGE_NAME = "storyline.dedup.v1"

NUM_PERM = 128
"""MinHash permutations: 128 estimates a Jaccard of 0.5 within about +-0.09 (2 sd)."""
SHINGLE = 4
"""Words per shingle. Light rewording changes one word in twenty; with 4-word shingles
that still leaves most shingles of a copy intact, while two different stories of one
topic share few 4-word runs beyond a quoted sentence or a background paragraph."""
LSH_THRESHOLD = 0.3
"""Jaccard at which LSH proposes a candidate: low, so trimmed reprints (whose Jaccard
with the full text is about their share of it) are still proposed; `is_copy` decides."""
MIN_SHINGLES = 8
"""Texts with fewer shingles (a one-line brief) are too short to call copies on."""

# What decides a copy (tuned on the copy pairs of `storyline eval copies`).
COPY_JACCARD = 0.5
"""Estimated Jaccard of the two shingle sets at or above which two texts are one report."""
COPY_CONTAINMENT = 0.6
"""Share of the shorter text's shingles found in the longer one that makes a trimmed
reprint (or a text with added debris) a copy, if it is at least `MIN_TRIM_SHARE` of it."""
MIN_TRIM_SHARE = 0.3
"""A text shorter than this share of the other is an excerpt or brief, not a reprint."""
COPY_DAYS = 3
"""Copies of one report appear within days of each other. Two dated texts further apart
are different reports even when they read alike: a recurring report (weekly money
supply, a daily market table) repeats most of its wording with new figures."""

# Stored signatures are only comparable under one hashing scheme: it is named, not left
# to datasketch's default.
_SCHEME = "affine32"
_WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Fingerprint:
    """A text's MinHash signature and its number of distinct shingles."""

    hashvalues: bytes
    size: int
    day: int | None = None
    """Publication day as a proleptic ordinal, when known."""

    def minhash(self) -> LeanMinHash:
        """The signature as a datasketch LeanMinHash (made once: the copy check reads it several times)."""
        made: LeanMinHash | None = self.__dict__.get("_minhash")
        if made is None:
            values = np.frombuffer(self.hashvalues, dtype=np.uint64)
            made = LeanMinHash(seed=1, hashvalues=values, scheme=_SCHEME)
            object.__setattr__(self, "_minhash", made)
        return made

    def __getstate__(self) -> dict[str, object]:
        # Sent to and from Dask workers and stored by value: without the LeanMinHash made here.
        return {k: v for k, v in self.__dict__.items() if k != "_minhash"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Distinct k-word shingles of a text (case-folded words, punctuation dropped)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The 128 hash permutations of seed 1, drawn once: MinHash would draw them again for every text."""
    a, b = MinHash(num_perm=NUM_PERM, seed=1, scheme=_SCHEME).permutations
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def fingerprint(text: str, published: dt.date | None = None) -> Fingerprint | None:
    """The fingerprint of a clean body (and its day), or None when it is too short to compare."""
    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=_SCHEME, permutations=_permutations())
    m.update_batch(list(sh))
    day = published.toordinal() if published is not None else None
    return Fingerprint(m.hashvalues.astype(np.uint64).tobytes(), len(sh), day)


def similarity(a: Fingerprint, b: Fingerprint) -> tuple[float, float]:
    """(estimated Jaccard, estimated containment of the smaller set in the larger)."""
    j = float(a.minhash().jaccard(b.minhash()))
    inter = j * (a.size + b.size) / (1.0 + j)
    return j, min(1.0, inter / max(1, min(a.size, b.size)))


def is_copy(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether two fingerprints are of one text (copy, resend, reprint, trimmed reprint)."""
    if a.day is not None and b.day is not None and abs(a.day - b.day) > COPY_DAYS:
        return False
    j, contained = similarity(a, b)
    if j >= COPY_JACCARD:
        return True
    share = min(a.size, b.size) / max(a.size, b.size)
    return share >= MIN_TRIM_SHARE and contained >= COPY_CONTAINMENT


LSH_PARAMS = (37, 3)
"""The (bands, rows) that datasketch's MinHashLSH picks for `LSH_THRESHOLD` and `NUM_PERM`
(tests/stages/test_dedup.py checks it still does), given to it: picking them integrates
the false positive and negative rates, about 0.1 CPU s for each new index."""


class CopyIndex:
    """An incremental LSH index of fingerprints keyed by document id."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, params=LSH_PARAMS)
        self._prints: dict[int, Fingerprint] = {}

    def __len__(self) -> int:
        return len(self._prints)

    def add(self, key: int, fp: Fingerprint) -> None:
        """Index one document's fingerprint (a key already indexed is ignored)."""
        if key in self._prints:
            return
        self._lsh.insert(key, fp.minhash(), check_duplication=False)
        self._prints[key] = fp

    def match(self, fp: Fingerprint, exclude: Collection[int] = ()) -> int | None:
        """The indexed document this fingerprint copies (the most similar, earliest on ties).

        Keys in `exclude` are passed over: an earlier version of the same input is the
        text this one replaces, not a copy of it.
        """
        best: tuple[float, int] | None = None
        for key in self._lsh.query(fp.minhash()):
            if key in exclude:
                continue
            other = self._prints[key]
            if not is_copy(fp, other):
                continue
            j, _ = similarity(fp, other)
            if best is None or (j, -key) > (best[0], -best[1]):
                best = (j, key)
        return None if best is None else best[1]


def group(items: Iterable[tuple[int, str, dt.date | None]]) -> dict[int, int]:
    """Report of every (key, text, date) in order: the key of the first text it copies, or its own."""
    index = CopyIndex()
    report: dict[int, int] = {}
    for key, text, published in items:
        fp = fingerprint(text, published)
        if fp is None:
            report[key] = key
            continue
        found = index.match(fp)
        report[key] = key if found is None else report[found]
        index.add(key, fp)
    return report
