"""Which word starts a rule may match at, so that a rule is not run over the whole text.

Running every rule's regex over the whole text dominated the stage's cost. Each rule
declares its trigger words: the words (or word beginnings) one of which begins every
match, which then starts at a word start (its pattern opens with `\b` and a word
character). Such a rule is tried with `match` only at the word starts whose first
letters are those of a trigger, which yields exactly what `finditer` yields; a rule
whose match may begin elsewhere (after a lookbehind, with a quote mark or spaces)
declares none and keeps `finditer`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from itertools import chain
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyline.stages.timex.rule import _Rule

_PREFIX_LEN = 4
"""Word starts are indexed by their first 1 to 4 letters; longer triggers are cut to 4."""
# Characters that match an ASCII letter case-insensitively without lowering to it: the
# lowered copy used to find word starts would miss them, so such texts take the slow path.
_ODD_FOLD = re.compile("[\u017f\u0130\u0131\u212a\u212b]")
_WORD = re.compile(r"\w+")


def _trigger_keys(name: str, pattern: str, triggers: Iterable[str] | None) -> frozenset[str] | None:
    """The word-start keys of a rule's trigger words; None when it declares none."""
    if triggers is None:
        return None
    keys = frozenset(t.lower()[:_PREFIX_LEN] for t in triggers)
    bad = sorted(k for k in keys if not _WORD.fullmatch(k))
    if not keys or bad or not pattern.startswith(r"\b"):
        raise ValueError(
            f"timex rule {name!r}: trigger words need a pattern opening with \\b and must "
            f"begin with word characters (got {bad or 'no trigger'})"
        )
    return keys


def _rule_matches(
    rule: _Rule, text: str, starts: dict[str, list[int]] | None
) -> Iterable[re.Match[str]]:
    """The same matches as `rule.pattern.finditer(text)`, trying only plausible starts."""
    prefixes = rule.prefixes
    if starts is None or prefixes is None:
        # A rule without triggers is searched only in a text holding what it needs.
        if rule.needs is None or rule.needs.search(text) is not None:
            yield from rule.pattern.finditer(text)
        return
    # No key of `_minimal_keys` begins another, so no word start is listed under two of
    # them: the lists are disjoint and their sorted concatenation is the sorted union.
    # Only the keys the text has are read (a set intersection: a year rule has 150 keys).
    present = _minimal_key_set(prefixes) & starts.keys()
    if not present:
        return
    positions = sorted(chain.from_iterable(starts[pre] for pre in present))
    pos = 0
    for p in positions:
        if p < pos:
            continue
        m = rule.pattern.match(text, p)
        if m is not None and m.end() > p:
            yield m
            pos = m.end()


@functools.cache
def _minimal_keys(prefixes: frozenset[str]) -> tuple[str, ...]:
    """The keys of `prefixes` that no shorter key of it begins: a word start under "janu"
    is under "jan" too, so "janu" adds nothing when "jan" is there."""
    return tuple(sorted(k for k in prefixes if not any(k[:n] in prefixes for n in range(1, len(k)))))


@functools.cache
def _minimal_key_set(prefixes: frozenset[str]) -> frozenset[str]:
    return frozenset(_minimal_keys(prefixes))


def _word_starts(text: str, keys: frozenset[str] | None = None) -> dict[str, list[int]] | None:
    """Word-start offsets of the lowered text keyed by each of their short prefixes.

    With `keys` (the keys the rules will ask for, see `all_keys`), only those prefixes
    are indexed: the lists under them are the same, and a word none of whose prefixes
    is a key (most words) costs one lookup of its first letters.
    """
    low = text.lower()
    if len(low) != len(text) or _ODD_FOLD.search(text):
        return None
    starts: dict[str, list[int]] = {}
    if keys is None:
        for w in _WORD.finditer(low):
            word, p = w.group(0), w.start()
            for n in range(1, min(len(word), _PREFIX_LEN) + 1):
                starts.setdefault(word[:n], []).append(p)
        return starts
    table = _heads(keys)
    for w in _HEAD.finditer(low):
        head = w.group(0)
        found = table.get(head)
        if found is None:
            if len(table) >= _HEADS_KEPT:
                table.clear()
            found = table[head] = tuple(head[:n] for n in range(1, len(head) + 1) if head[:n] in keys)
        for key in found:
            if key in starts:
                starts[key].append(w.start())
            else:
                starts[key] = [w.start()]
    return starts


# A word's first 1 to 4 word characters, at a word start: `\b` before a word character
# is where a run of them (`_WORD`) begins.
_HEAD = re.compile(rf"\b\w{{1,{_PREFIX_LEN}}}")
_HEADS_KEPT = 50_000
"""Word heads remembered per key set (with the keys each begins with); the table is
emptied when full, so it stays bounded whatever the corpus."""


@functools.cache
def _heads(keys: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Each word head seen so far, with its prefixes that are in `keys` (filled as texts come)."""
    return {}


def all_keys(prefixes: Iterable[frozenset[str] | None]) -> frozenset[str]:
    """The word-start keys rules with these `prefixes` ask `_word_starts` for (`_minimal_keys` of each)."""
    return frozenset(k for p in prefixes if p is not None for k in _minimal_keys(p))
