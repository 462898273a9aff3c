"""What text a regular expression cannot match without: literals read off its own syntax.

A line scanned for many patterns at once (the cleaner's appeal keywords) is mostly prose
that none of them matches, and trying a long alternation at every position of every
line is the costly part. `RequiredLiterals` reads, from each pattern's parsed form,
a set of literal strings at least one of which is in any text the pattern matches
(`\\bshare (?:this|on)\\b` needs `share this` or `share on`), and which of them start a
word there (after `\\b` or `^`). `may_match` is False only when no pattern can match:
a line it lets through still goes to the patterns themselves, so what is found never
changes. A pattern whose parts it cannot read (no literal every match contains) makes
`may_match` try that pattern itself.

The patterns are read as compiled with `re.ASCII` and no `IGNORECASE`, on text already
lower-cased: the caller checks both hold (`lines._any_keyword`).
"""

from __future__ import annotations

import importlib
import itertools
import re
from collections.abc import Sequence
from typing import Any

try:  # the standard library's own regex parser (`sre_parse` before Python 3.11)
    _parser: Any = importlib.import_module("re._parser")
    _c: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - a Python without it: every pattern is tried itself
    _parser = _c = None

_MAX_STRINGS = 256
"""Alternatives spelled out for one run of a pattern; past it the run is not used."""
_TOKEN = re.compile(r"\w+", re.ASCII)
_KEY = 3
"""Characters of a word the word-start table is keyed by (shorter words are keys whole)."""
_Strings = frozenset[str] | None


def _finite(items: Any) -> _Strings:
    """Every string a sequence of parsed items can match, if few and fixed; else None."""
    out: set[str] = {""}
    for op, av in items:
        part = _finite_item(op, av)
        if part is None:
            return None
        out = {a + b for a, b in itertools.product(out, part)}
        if len(out) > _MAX_STRINGS:
            return None
    return frozenset(out)


def _finite_item(op: Any, av: Any) -> _Strings:
    if op is _c.LITERAL:
        return frozenset({chr(av)})
    if op is _c.AT:  # zero-width: adds no character
        return frozenset({""})
    if op is _c.IN:
        if all(o is _c.LITERAL for o, _ in av):
            return frozenset(chr(v) for _, v in av)
        return None
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            part = _finite(branch)
            if part is None:
                return None
            out |= part
        return frozenset(out)
    if op is _c.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        return _finite(sub) if not add_flags and not del_flags else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, high, sub = av
        part = _finite(sub)
        if part is None or high > 2:
            return None
        out = set()
        for n in range(low, high + 1):
            out |= {"".join(p) for p in itertools.product(part, repeat=n)}
        return frozenset(out)
    return None


def _prefixes(items: Any) -> frozenset[str]:
    """Strings one of which starts any match of a sequence of parsed items ("" when none is read)."""
    out: frozenset[str] = frozenset({""})
    for op, av in items:
        part = _finite_item(op, av)
        fixed = part is not None
        if part is None:
            part = _open_prefixes(op, av)
        if part is None:
            return out
        grown = frozenset(a + b for a, b in itertools.product(out, part))
        if len(grown) > _MAX_STRINGS:
            return out
        out = grown
        if not fixed:
            return out
    return out


def _open_prefixes(op: Any, av: Any) -> frozenset[str] | None:
    # How a part of no fixed length begins: each branch's beginning, or its repeated part's.
    if op is _c.BRANCH:
        return frozenset().union(*(_prefixes(branch) for branch in av[1]))
    if op is _c.SUBPATTERN and not av[1] and not av[2]:
        return _prefixes(av[3])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
        return _prefixes(av[2])
    return None


Need = frozenset[tuple[str, str]]
"""What a match needs, as (kind, string) pairs one of which holds: "line" (the whole
text is the string), "start" (the text starts with it), "word" (a word of the text
starts with the string's leading word characters, and the text contains it) or "any"
(the text contains it)."""

_KIND_SCORE = {"line": 1000, "start": 500, "word": 3, "any": 0}


def _score(need: Need) -> int:
    return min(_KIND_SCORE[kind] + len(s) for kind, s in need)


def _kind(lead: Any, s: str) -> str:
    """The kind of need for a string matched right after `lead` (a zero-width item or the part before)."""
    if lead is None:
        return "any"
    op, av = lead
    if op is _c.AT and av == _c.AT_BEGINNING:
        return "start"
    if _TOKEN.match(s) and ((op is _c.AT and av == _c.AT_BOUNDARY) or _ends_nonword(op, av)):
        return "word"  # a word character right after a word boundary (or a space) starts a word
    return "any"


def _ends_nonword(op: Any, av: Any) -> bool:
    """Whether a parsed item always ends in a character that is not a word character."""
    if op is _c.LITERAL:
        return not _TOKEN.match(chr(av))
    if op is _c.IN:
        return all(
            (o is _c.LITERAL and not _TOKEN.match(chr(v))) or (o is _c.CATEGORY and v == _c.CATEGORY_SPACE)
            for o, v in av
        )
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        return bool(av[0] >= 1 and len(av[2]) == 1 and _ends_nonword(*av[2][0]))
    return False


def _need(items: Any, context: Any = None) -> Need | None:
    """What any match of a sequence of parsed items needs, the most telling found; None if nothing.

    `context` is the parsed item just before the sequence (for a branch, the one before its alternation).
    """
    items = list(items)
    if not items:
        return None
    whole = _finite(items)
    if (
        whole is not None
        and items[0] == (_c.AT, _c.AT_BEGINNING)
        and items[-1][0] is _c.AT
        and items[-1][1] in (_c.AT_END, _c.AT_END_STRING)
    ):
        return frozenset(("line", s) for s in whole)
    candidates: list[Need] = []
    for i, (op, av) in enumerate(items):
        starts = _prefixes(items[i:])
        if "" not in starts:
            lead = (op, av) if op is _c.AT else (items[i - 1] if i else context)
            candidates.append(frozenset((_kind(lead, s), s) for s in starts))
        inner: list[Any] = []
        if op is _c.BRANCH:
            inner = list(av[1])
        elif op is _c.SUBPATTERN and not av[1] and not av[2]:
            inner = [av[3]]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            inner = [av[2]]
        if inner:
            needs = [_need(branch, items[i - 1] if i else context) for branch in inner]
            if all(n is not None for n in needs):
                candidates.append(frozenset().union(*(n for n in needs if n is not None)))
    return max(candidates, key=_score) if candidates else None


def required(pattern: str) -> Need | None:
    """What any match of `pattern` needs (see `Need`), or None when nothing can be read.

    Every place in the pattern gives a candidate: the strings a match begins with from
    there, or, at an alternation, what each of its branches needs; the most telling is
    kept (a whole line over a line start over a word start over a bare substring, then
    longer strings).
    """
    if _parser is None:
        return None
    try:
        items = _parser.parse(pattern, re.ASCII)
    except re.error:
        return None
    return _need(items)


def _word_part(s: str) -> str:
    m = _TOKEN.match(s)
    return m.group(0) if m else ""


class RequiredLiterals:
    """A check that no pattern of a set can match a text: False only when none can."""

    def __init__(self, patterns: Sequence[str]) -> None:
        line: set[str] = set()
        start: set[str] = set()
        anywhere: set[str] = set()
        whole_word: dict[str, set[str]] = {}
        word_start: dict[str, set[tuple[str, str]]] = {}
        rest: list[str] = []
        for pattern in patterns:
            need = required(pattern)
            if need is None:
                rest.append(pattern)
                continue
            for kind, s in need:
                if kind == "line":
                    line.add(s)
                elif kind == "start":
                    start.add(s)
                elif kind == "word":
                    head = _word_part(s)
                    if len(head) < len(s):
                        # A character that is not a word's follows: the word is `head` itself.
                        whole_word.setdefault(head, set()).add(s)
                    else:
                        word_start.setdefault(head[:_KEY], set()).add((head, s))
                else:
                    anywhere.add(s)
        self.line = frozenset(line)
        self.start = tuple(sorted(start))
        self.anywhere = tuple(sorted(anywhere))
        self.whole_word = {k: tuple(sorted(v)) for k, v in whole_word.items()}
        self.word_start = {k: tuple(sorted(v)) for k, v in word_start.items()}
        self.key_lengths = tuple(sorted({len(k) for k in self.word_start}))
        self.rest = re.compile("|".join(f"(?:{p})" for p in rest), re.ASCII) if rest else None
        self.patterns = tuple(patterns)

    def may_match(self, text: str) -> bool:
        """False when no pattern can match `text` (read as the patterns' own case and flags)."""
        if text in self.line or (text.endswith("\n") and text[:-1] in self.line):
            return True  # `$` also matches before a final newline
        if text.startswith(self.start):
            return True
        for s in self.anywhere:
            if s in text:
                return True
        whole = self.whole_word
        table = self.word_start
        lengths = self.key_lengths
        for word in set(_TOKEN.findall(text)):
            for s in whole.get(word, ()):
                if s in text:
                    return True
            for n in lengths:
                for head, s in table.get(word[:n], ()):
                    if word.startswith(head) and s in text:
                        return True
        return self.rest is not None and self.rest.search(text) is not None
