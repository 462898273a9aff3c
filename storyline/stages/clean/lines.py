"""Cleaning scraped article text: a clean body plus the metadata lines turned into fields.

Reads one raw text (as a scraper left it, or as `extract_html` made it from a page) and
returns a `Cleaned`: the body with paragraphs separated by blank lines, the headline,
byline, date line, place dateline and outlet, and every removed line with its reason.
Kept lines are never altered beyond stripping edge whitespace (but for a header glued
onto the opening sentence, which goes as its own piece), so a user can audit and
restore what was taken out. The patterns live in `units.py`, the metadata lines in
`metadata.py`. Lines are judged by cheap features (length, final
punctuation, capitalisation, bullets, credits, weighted appeal keywords), by position
(before or after the run of body sentences) and by recurrence across the input
(`LineStats`, built in a first streaming pass).
"""

from __future__ import annotations

import bisect
import re
import statistics
from array import array
from collections import Counter
from typing import Any

import numpy as np

from storyline.models import Cleaned, RemovedLine
from storyline.stages.clean.comments import comment_section
from storyline.stages.clean.literals import RequiredLiterals
from storyline.stages.clean.metadata import (
    _byline,
    _dateline,
    _glued_header,
    _headline_like,
    _metadata,
    _pick_date,
)
from storyline.stages.clean.units import (
    _BLANK,
    _BULLET,
    _BYLINE_START,
    _COPYRIGHT,
    _CREDIT_LINE,
    _CREDIT_WORDS,
    _KEYWORDS,
    _NUMBERED,
    _PAREN_END,
    _SEPARATORS,
    _TERMINAL,
    _TIME,
    _UNSPACED,
    _WORD,
    _key,
    _norm,
    _Unit,
)


class LineStats:
    """How many documents (per outlet and overall) contain each normalised line; hashes only.

    Counting appends each document's distinct line keys (8 bytes a line) and its outlet
    number to two flat arrays; the first lookup after an `add` turns them into counts
    (`freeze`): a dict for the keys of several documents, and for the rest (most lines
    of a pile are its own article's) a sorted array with each key's one outlet, searched
    by bisection. What a pile's statistics hold is a few bytes a line, never a text.
    """

    def __init__(self, min_docs: int = 3) -> None:
        self.min_docs = max(2, min_docs)
        self._keys = array("Q")
        self._outlets = array("I")
        """Outlet number of each key in `_keys`: 0 for none, else `_outlet_ids`'s."""
        self._outlet_ids: dict[str, int] = {}
        self._docs: Counter[str] = Counter()
        self._frozen: _Counts | None = None

    def add(self, text: str, outlet: str | None = None) -> None:
        """Count each distinct non-blank line of one document once."""
        keys: set[int] = set()
        for line in text.splitlines():
            stripped = line.strip()
            if stripped:
                key = _key(stripped)  # the cleaner looks the stripped line up: one hashing for both
                if key != _BLANK or _norm(stripped):
                    keys.add(key)
        number = 0
        self._docs[""] += 1
        if outlet:
            name = outlet.casefold()
            number = self._outlet_ids.setdefault(name, len(self._outlet_ids) + 1)
            self._docs[name] += 1
        self._keys.extend(keys)
        self._outlets.extend([number] * len(keys))
        self._frozen = None

    def freeze(self) -> LineStats:
        """Turn what was added into counts now (the first lookup does it otherwise); returns self."""
        if self._frozen is None:
            self._frozen = _Counts.of(self._keys, self._outlets)
        return self

    def count(self, line: str, outlet: str | None = None) -> int:
        """Documents containing this line: of `outlet` if given, else of the whole input."""
        counts = self.freeze()._frozen
        assert counts is not None
        key = _key(line)
        if outlet:
            number = self._outlet_ids.get(outlet.casefold())
            return 0 if number is None else counts.of_outlet(key, number)
        return counts.overall(key)

    def documents(self, outlet: str | None = None) -> int:
        """Documents added, of `outlet` if given."""
        return self._docs[outlet.casefold() if outlet else ""]

    def recurrence(self, line: str, outlet: str | None = None) -> int:
        """The larger of the line's count within its outlet and across the whole input."""
        return max(self.count(line, outlet) if outlet else 0, self.count(line))

    def is_recurring(self, line: str, outlet: str | None = None) -> bool:
        """Whether the line is seen in at least `min_docs` documents (of its outlet or overall)."""
        return self.recurrence(line, outlet) >= self.min_docs


def forget_lines() -> None:
    """Empty the cache of line keys (lines of the last pile cleaned): ingest calls it when it ends."""
    _key.cache_clear()


class _Counts:
    """`LineStats`'s counts: keys of several documents in dicts, keys of one in sorted arrays."""

    def __init__(self, many: dict[int, int], many_by_outlet: dict[tuple[int, int], int],
                 single: array[int], single_outlet: array[int]) -> None:
        self.many = many
        self.many_by_outlet = many_by_outlet
        self.single = single
        self.single_outlet = single_outlet

    @classmethod
    def of(cls, keys: array[int], outlets: array[int]) -> _Counts:
        """Count `keys` (one entry per document containing the line), with each entry's outlet."""
        all_keys = np.frombuffer(keys, dtype=np.uint64) if keys else np.zeros(0, dtype=np.uint64)
        all_outlets = np.frombuffer(outlets, dtype=np.uint32) if outlets else np.zeros(0, dtype=np.uint32)
        distinct, first, counts = np.unique(all_keys, return_index=True, return_counts=True)
        once = counts == 1
        single = array("Q", distinct[once].tobytes())
        single_outlet = array("I", all_outlets[first[once]].tobytes())
        many = dict(zip(distinct[~once].tolist(), counts[~once].tolist(), strict=True))
        repeated = np.isin(all_keys, distinct[~once])
        many_by_outlet = Counter(zip(all_outlets[repeated].tolist(), all_keys[repeated].tolist(), strict=True))
        return cls(many, dict(many_by_outlet), single, single_outlet)

    def _single_at(self, key: int) -> int | None:
        i = bisect.bisect_left(self.single, key)
        return i if i < len(self.single) and self.single[i] == key else None

    def overall(self, key: int) -> int:
        """Documents containing the line of `key`."""
        found = self.many.get(key)
        if found is not None:
            return found
        return 0 if self._single_at(key) is None else 1

    def of_outlet(self, key: int, outlet: int) -> int:
        """Documents of outlet number `outlet` containing the line of `key`."""
        if key in self.many:
            return self.many_by_outlet.get((outlet, key), 0)
        i = self._single_at(key)
        return 1 if i is not None and self.single_outlet[i] == outlet else 0


def clean(
    text: str, *, stats: LineStats | None = None, outlet: str | None = None, title: str | None = None
) -> Cleaned:
    """Split a scraped text into a clean body and its metadata, recording every removed line."""
    units = _units(text)
    if not units:
        return Cleaned(text="")
    _mark_caseless(units)
    meta: dict[str, Any] = {}
    _debris(units)
    _propagate(units)
    comment_section(units)
    if stats is not None:
        _recurring(units, stats, outlet, *_body_range(units))
    _teasers(units)
    first, last = _body_range(units)
    _related_lists(units)
    _trailing_headlines(units, last)
    _author_bio(units)
    _metadata(units, first, last, meta, outlet, title)
    header = _glued_header(units, meta)
    _dateline(units, meta)

    removed: list[RemovedLine] = [header] if header else []
    paragraphs: list[str] = []
    for unit in units:
        if unit.reason is None:
            paragraphs.append("\n".join(t for _, t in unit.lines))
        else:
            removed.extend(
                RemovedLine(text=t, reason=unit.reason, line_no=n, confidence=unit.confidence) for n, t in unit.lines
            )
    removed.sort(key=lambda r: r.line_no)
    return Cleaned(
        text="\n\n".join(paragraphs),
        title=meta.get("title"),
        byline=meta.get("byline"),
        dateline=meta.get("dateline"),
        date=_pick_date(meta.get("dates", [])),
        # The agency in the dateline names the author of the copy itself.
        outlet=meta.get("dateline_outlet") or meta.get("outlet"),
        removed=tuple(removed),
    )


def _mark_caseless(units: list[_Unit]) -> None:
    # An all-capitals page (wire copy, telex) or one in a script without case has no
    # lowercase prose to tell its sentences from headlines by.
    cased = [w for u in units for w in u.words if w[0].islower() or w[0].isupper()]
    lower = sum(1 for w in cased if w[0].islower())
    unspaced = sum(len(_UNSPACED.findall(u.text)) for u in units if not u.text.isascii())
    if (len(cased) >= 20 and lower < 0.05 * len(cased)) or unspaced > 2 * len(cased):
        for unit in units:
            unit.caseless = True


def _units(text: str) -> list[_Unit]:
    blocks: list[list[tuple[int, str]]] = [[]]
    for n, raw in enumerate(text.splitlines()):
        line = raw.strip()
        if line:
            blocks[-1].append((n, line))
        elif blocks[-1]:
            blocks.append([])
    units: list[_Unit] = []
    for b, block in enumerate(blocks):
        if not block:
            continue
        wrapped = _hard_wrapped(block)
        current = [block[0]]
        for prev, nxt in zip(block, block[1:], strict=False):
            if _continues(prev[1], nxt[1], wrapped=wrapped):
                current.append(nxt)
            else:
                units.append(_Unit(current, b))
                current = [nxt]
        units.append(_Unit(current, b))
    return units


_CONNECTOR = re.compile(r"(?:[,;(–-]|\b(?:a|an|the|of|and|or|to|in|on|at|for|with|by|as|from|that|its|their|his|her))$", re.IGNORECASE)


_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]\.){2,}\)?$|\b(?:Corp|Inc|Co|Ltd|Jr|Sr|St|Mr|Mrs|Ms|Dr|Gov|Gen|Sen|Rep|No|vs|etc|approx|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.\)?$"
)


def _continues(prev: str, nxt: str, *, wrapped: bool) -> bool:
    # A line broken mid-sentence continues on the next line of the same block.
    if _BULLET.match(nxt):
        return False
    if _TERMINAL.search(prev):
        # After an abbreviation (`U.S.`, `Corp.`) a sentence goes on in lowercase.
        return len(prev.split()) >= 3 and nxt[0].islower() and bool(_ABBREVIATION.search(prev))
    if wrapped:
        return True
    # Menus and breadcrumbs ("Sign in | Subscribe", "Home > News") and a following byline
    # are separate lines even when the previous one ends in a word like "in" or "on".
    if _SEPARATORS.search(prev) or _BYLINE_START.match(nxt):
        return False
    return len(prev.split()) >= 3 and (nxt[0].islower() or bool(_CONNECTOR.search(prev)))


def _hard_wrapped(block: list[tuple[int, str]]) -> bool:
    # Text wrapped at a fixed width: most lines but the last nearly as long as the longest,
    # most of them ending mid-sentence.
    if len(block) < 3:
        return False
    lengths = [len(t) for _, t in block]
    longest = max(lengths)
    if not 40 <= longest <= 100:
        return False
    head = block[:-1]
    full = sum(1 for _, t in head if len(t) >= 0.7 * longest)
    open_ends = sum(1 for _, t in head if not _TERMINAL.search(t))
    return full >= 0.7 * len(head) and open_ends >= 0.5 * len(head)


# One pass that rules out most lines (running prose) before the per-category patterns.
_ANY_PATTERN = "|".join(f"(?:{p.pattern})" for patterns in _KEYWORDS.values() for p, _ in patterns)
_ANY_KEYWORD = re.compile(_ANY_PATTERN, re.IGNORECASE)
# The same alternation for ASCII text, searched in its lower-cased form: when the keyword
# patterns hold no capital letter (escapes aside), and on ASCII text, where ASCII word
# boundaries and case folding are Unicode's, it finds exactly the lines the pattern above
# finds, at about half its cost (this prefilter was most of the cleaner's time).
_LOWER_CASE_PATTERNS = re.search(r"[A-Z]", re.sub(r"\\.", "", _ANY_PATTERN)) is None
_ANY_KEYWORD_ASCII = re.compile(_ANY_PATTERN, re.ASCII)
# The ASCII separators \x1c-\x1f are whitespace to `\s` in Unicode patterns only.
_UNICODE_SPACE = re.compile("[\x1c-\x1f]")
# What the keyword patterns cannot match without (literals read off the patterns): most
# prose lines hold none of them and skip the alternation.
_KEYWORD_LITERALS = RequiredLiterals([p.pattern for patterns in _KEYWORDS.values() for p, _ in patterns])


def _any_keyword(text: str) -> bool:
    """Whether any appeal keyword pattern matches `text` (the cheap check before `_score`)."""
    if _LOWER_CASE_PATTERNS and text.isascii() and not _UNICODE_SPACE.search(text):
        lowered = text.lower()
        # The literal check rules out most prose lines without trying the alternation
        # at every position; a line it lets through gets the alternation itself.
        return _KEYWORD_LITERALS.may_match(lowered) and _ANY_KEYWORD_ASCII.search(lowered) is not None
    return _ANY_KEYWORD.search(text) is not None


def _score(text: str) -> tuple[str | None, float]:
    best: tuple[str | None, float] = (None, 0.0)
    if not _any_keyword(text):
        return best
    for category, patterns in _KEYWORDS.items():
        score = sum(w for p, w in patterns if p.search(text))
        if score > best[1]:
            best = (category, score)
    return best


def _edge(index: int, total: int) -> bool:
    return index < 3 or index >= total - 5 or index < 0.15 * total or index >= 0.85 * total


# Appeals, banners and notices are shorter than this many words; a longer paragraph is
# the article's (or goes by recurrence, never by its keywords).
_LONGEST_APPEAL = 80


def _debris(units: list[_Unit]) -> None:
    total = len(units)
    for i, unit in enumerate(units):
        text = _BULLET.sub("", unit.text)
        strength = unit.strength
        edge = _edge(i, total)
        # Prose-like lines need more evidence, and long sentences are removed only at
        # the edges with strong evidence: real paragraphs mention subscribers and cookies.
        if strength == 0:
            # A fragment of prose (a wrapped line, a sentence missing its stop) is mostly
            # lowercase words; debris lines are short or title-cased.
            prose_fragment = unit.n_words >= 8 and unit.lower_ratio >= 0.5
            needed = 3.5 if unit.n_words > 25 or prose_fragment else 2.0
            # At the top or bottom of a page an unpunctuated appeal is furniture.
            if edge and unit.n_words <= 15:
                needed = min(needed, 2.5)
        elif strength == 1:
            needed = 3.5 if edge else 5.0
        else:
            needed = 6.0 if edge else float("inf")
        if unit.n_words > _LONGEST_APPEAL:
            needed = float("inf")
        # Long sentences inside the body, and paragraphs longer than any appeal, are
        # never debris by keywords: no need to score them (scoring is the costly part).
        category, score = _score(text) if needed != float("inf") else (None, 0.0)
        if category and score >= needed:
            unit.remove(category, 0.6 + 0.1 * (score - needed))
            continue
        if strength == 0 and _repeated_words(unit.words):
            unit.remove("share", 0.8)
            continue
        if strength == 0 and _menu_like(text):
            unit.remove("navigation", 0.8)
            continue
        if strength == 0 and _breadcrumb(text):
            unit.remove("breadcrumb", 0.8)
            continue
        if strength == 0 and _print_credit(unit, text):
            unit.remove("credit", 0.7)
            continue
        # A picture's people placed "(left)", "(right)" make a caption even when it is long.
        if strength < 2 or (_POSITIONAL.search(text) and unit.n_words <= 60):
            caption = _caption(unit)
            if caption:
                unit.remove(caption, 0.8 if caption == "credit" else 0.6)


def _repeated_words(words: list[str]) -> bool:
    # Widget labels doubled by the scraper (an icon's alt text and its label).
    return len(words) >= 2 and len({w.casefold() for w in words}) == 1


def _menu_like(text: str) -> bool:
    """Three or more short items between separators: a menu, not a sentence."""
    items = [p.strip() for p in re.split(r"\s[|•·]\s", text)]
    return len(items) >= 3 and all(0 < len(p.split()) <= 3 for p in items)


# A caption that ends by crediting the picture: "... quay on Saturday. Photograph: J. Berg/Agency".
_TRAILING_CREDIT = re.compile(
    r"(?:Photo(?:graph)?|Picture|Image|Foto|Credit)s?\s*(?::|by)\s*[A-Z][^!?]{1,60}$"
)


_POSITIONAL = re.compile(
    r"\((?:(?:far|second|third|from|pictured|seated|standing)\s+)?(?:left|right|centre|center|middle|top|bottom|"
    r"front|back|l|r|l-r|l to r|clockwise from (?:top )?left)\)",
    re.IGNORECASE,
)


# Words that say a parenthesis credits a picture, not a person or an agency's copy.
_PICTURE_WORDS = re.compile(
    r"\b(?:photo\w*|image|picture|pool|getty|file|handout|courtesy|via|screenshot|illustration|video)\b|/",
    re.IGNORECASE,
)


_DIGIT = re.compile(r"\d")


_ADDRESS = re.compile(r"\b(?:you|your|please)\b", re.IGNORECASE)


_BREADCRUMB_SEP = re.compile(r"\s[>»›/]\s")


_PAGE_REF = re.compile(r"\b(?:p|pp|pg|page)\.?\s?\d{1,3}\b", re.IGNORECASE)


_TRANSLATION = re.compile(r"^(?:\(?(?:translated|translation)\s+(?:by|from)\b|\S.{0,40}\btranslations?\)?$)", re.IGNORECASE)


def _breadcrumb(text: str) -> bool:
    """`WORLD > Europe`, `Home » News » Asia`: short items between arrows."""
    items = [p.strip() for p in _BREADCRUMB_SEP.split(text)]
    if "<" in text or _TIME.search(text) or sum(1 for p in items if p[:1].isupper()) < len(items):
        return False  # `<SRD>` tickers; breadcrumb items are names
    return len(items) >= 2 and all(0 < len(p.split()) <= 4 for p in items) and len(text.split()) <= 14


def _print_credit(unit: _Unit, text: str) -> bool:
    """A print-edition credit (`The Daily News, p. 4`) or a translation credit line."""
    if unit.n_words > 8 or unit.terminal:
        return False
    return bool(_PAGE_REF.search(text) and not _TIME.search(text)) or bool(_TRANSLATION.match(text))


def _caption(unit: _Unit) -> str | None:
    text = _BULLET.sub("", unit.text)
    if _CREDIT_LINE.match(text) and unit.n_words <= 40:
        return "credit"
    if _TRAILING_CREDIT.search(text) and unit.n_words <= 60:
        return "caption"
    if _POSITIONAL.search(text) and unit.n_words <= 60:
        return "caption"
    m = _PAREN_END.search(text)
    if not m or _byline(text):
        return None
    inner = m.group(1).strip()
    inner_words = _WORD.findall(inner)
    if not inner_words or len(inner_words) > 14:
        return None
    # `(Mainichi)` or `(Jane Doe)` credit a picture; `(U.S.)` or `(LDP)` are abbreviations.
    credit_like = bool(_CREDIT_WORDS.search(inner)) or "/" in inner or (
        len(inner_words) <= 4
        and all(w[0].isupper() for w in inner_words)
        and any(len(w) >= 3 and not w.isupper() for w in inner_words)
        # `(Price 2019)` gives a figure, not a name.
        and not _DIGIT.search(inner)
    )
    if not credit_like:
        return None
    # A caption describes the picture; it does not address the reader.
    if _ADDRESS.search(text[: m.start()]):
        return None
    # A paragraph signed by its agency (`... next month. (Kyodo)`) closes an article;
    # only a picture credit makes a paragraph-length line a caption.
    if unit.n_words >= 20 and not _PICTURE_WORDS.search(inner):
        return None
    before = text[: m.start()].strip()
    if not before:
        return "credit"
    # A caption describes the picture; it does not end in a full stop before the credit
    # more often than not, but many do, so only the credit parentheses decide.
    return "caption" if len(_WORD.findall(before)) >= 2 else "credit"


def _propagate(units: list[_Unit]) -> None:
    # An appeal box is several lines in one block; a line of it with weaker keywords goes
    # with the neighbour that was removed for the same reason.
    changed = True
    while changed:
        changed = False
        for i, unit in enumerate(units):
            if unit.reason is not None or unit.strength == 2:
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(units) and units[j].block == unit.block and units[j].reason in _KEYWORDS:
                    category = units[j].reason
                    assert category is not None
                    score = sum(w for p, w in _KEYWORDS[category] if p.search(unit.text))
                    if score >= 1.0:
                        unit.remove(category, 0.5)
                        changed = True
                        break


def _recurring(units: list[_Unit], stats: LineStats, outlet: str | None, first: int, last: int) -> None:
    counts = [min(stats.recurrence(t, outlet) for _, t in u.lines) for u in units]
    prose = [c for u, c in zip(units, counts, strict=True) if u.strength >= 1 and u.reason is None]
    # A document repeated in the input (syndicated copy) makes its own sentences recur;
    # only lines recurring more than its prose typically does are boilerplate then.
    level = statistics.median(prose) if prose else 0
    threshold = max(stats.min_docs, int(level) + 1)
    for i, (unit, count) in enumerate(zip(units, counts, strict=True)):
        if unit.reason is not None or count < threshold:
            continue
        # A sentence between the article's first and last long sentences is the article's.
        if unit.strength == 2 or (unit.strength == 1 and first <= i <= last):
            continue
        unit.remove("boilerplate-recurring", 0.6 + 0.1 * (count - threshold))


def _related_lists(units: list[_Unit]) -> None:
    # Under a `Related articles` header come the linked headlines themselves.
    for i, unit in enumerate(units):
        if unit.reason != "related" or unit.n_words > 6 or unit.text.endswith((".", ":")) and unit.n_words > 4:
            continue
        for follower in units[i + 1 :]:
            if follower.reason is not None:
                if follower.reason == "related":
                    continue
                break
            if follower.strength >= 1 or follower.terminal or not _headline_like(follower):
                break
            if _COPYRIGHT.search(follower.text) or _byline(follower.text):
                break
            follower.remove("related", 0.6)


_ELLIPSIS_END = re.compile(r"(?:…|\.\.\.)\s*\]?\s*$")


_BRACKET_ELLIPSIS = re.compile(r"[\[(](?:…|\.\.\.)[\])]\s*$")


def _teasers(units: list[_Unit]) -> None:
    # Excerpts of other posts: a text cut off with `[…]`, or several cut off with `…`
    # each under its linked headline.
    cut = [i for i, u in enumerate(units) if u.reason is None and _ELLIPSIS_END.search(u.text)]
    under_headline = [
        i for i in cut
        if i > 0 and units[i - 1].reason is None and not units[i - 1].terminal and _headline_like(units[i - 1])
    ]
    for i in cut:
        unit = units[i]
        if _BRACKET_ELLIPSIS.search(unit.text):
            unit.remove("teaser", 0.8)
        elif i in under_headline and len(under_headline) >= 2:
            unit.remove("teaser", 0.7)
            units[i - 1].remove("related", 0.7)


# `Jane Doe is a freelance writer based in ...`: a note on the author closing the page.
_BIO = re.compile(
    r"^(?:[A-Z][\w'’.-]+\s+){1,3}is\s+(?:a|an|the)\s+(?:[\w&'’,-]+\s+){0,8}?"
    r"(?i:writer|journalist|editor|founder|consultant|correspondent|author|columnist|contributor|reporter|"
    r"professor|lecturer|researcher|analyst|director|fellow|blogger|photographer|novelist)\b"
)


def _author_bio(units: list[_Unit]) -> None:
    kept = [u for u in units if u.reason is None]
    if len(kept) >= 3 and kept[-1].n_words <= 90 and _BIO.match(kept[-1].text):
        kept[-1].remove("bio", 0.6)


def _trailing_headlines(units: list[_Unit], last: int) -> None:
    # Headlines of other articles listed after the body without a `Related` header:
    # three or more headline-form lines with nothing else up to the end of the page.
    run: list[_Unit] = []
    for unit in reversed(units[last + 1 :]):
        if unit.reason is not None:
            continue
        if unit.terminal or unit.n_words < 5 or not _headline_like(unit) or _BULLET.match(unit.text) or _NUMBERED.match(unit.text):
            break
        run.append(unit)
    if len(run) >= 3:
        for unit in run:
            unit.remove("related", 0.6)


def _body_range(units: list[_Unit]) -> tuple[int, int]:
    core = [i for i, u in enumerate(units) if u.reason is None and u.strength >= 1 and u.n_words >= 12]
    if not core:
        core = [i for i, u in enumerate(units) if u.reason is None and u.strength >= 1]
    if not core:
        return len(units), len(units) - 1
    return core[0], core[-1]
