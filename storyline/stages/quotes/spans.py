"""Quote spans: the scan of quote marks into pieces, windows around a quote, merging
adjacent and split quotes, and the kind of a finished quote (direct or scare)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


_OPENERS = {
    "''": "''",
    '"': '"',
    "\u201c": "\u201d",
    "\u00ab": "\u00bb",
    "\u201e": "\u201c",
    "\u201f": "\u201d",
}
_QUOTE_CHARS = '"\u201c\u201d\u00ab\u00bb\u201e\u201f'


# Two apostrophes stand for a double quote mark in some wire and archive copy.
_MARKS_RE = re.compile(f"''|[{_QUOTE_CHARS}\n]")
_ALL_MARKS = _QUOTE_CHARS + "'\u2018\u2019\u2039\u203a"


_QUOTE_INSIDE_RE = re.compile(f"[{_QUOTE_CHARS}]")
_TRAILING_MARKS_RE = re.compile(f"[\\s{_ALL_MARKS}]+$")


# A sentence end, but not the period of an initial or a title (Jeffrey M. Jones, Mr. Trump),
# nor one followed by a lower-case word (an abbreviation: `(D-Wash.) said`, `9 p.m. on`).
_SENT_END_RE = re.compile(
    r"(?<!\b[A-Z])(?<!\bMrs)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)(?<!\bSt)"
    r"(?<!\bJr)(?<!\bSr)(?<!\bRev)(?<!\bLt)(?<!\bCol)(?<!\bSgt)(?<!\bProf)(?<!\bNo)[.!?][)\]]?(?=\s)"
    r"(?![^\S\n]+[a-z])|\n"
)


# ‘...’ at the top level: opened after space or line start, closed before space or
# punctuation, so apostrophes (Clinton’s, ’90s) do not open or close it.
_SINGLE_RE = re.compile(
    r"(?:(?<=[\s(:\u2014-])|^)\u2018(?=\S)([^\u2018\u2019\n]{1,300}?\S)\u2019(?![^\W_])", re.M
)


# Words before a title in quote marks: on “Morning Joe”, CBS’s “This Morning”.
_TITLE_LEAD_RE = re.compile(
    r"(?:\b(?:on|in|of|at|from|titled|called|named|dubbed)|['\u2019]s)\s*$", re.I
)
_LETTER_RE = re.compile(r"[^\W\d_]")


_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "with",
        "on",
        "in",
        "at",
        "to",
        "for",
        "from",
        "by",
        "de",
        "la",
        "le",
    ]
)
_WORD_RE = re.compile(r"\w+(?:['\u2019\-]\w+)*")


_MAX_SCARE_WORDS = 3
_MAX_GAP = 160


_MAX_WINDOW = 320


@dataclass
class _Raw:
    """A direct quote while it is being built: its pieces and attribution."""

    pieces: list[tuple[int, int]]
    kind: str = "direct"
    speaker: tuple[int, int, str] | None = None
    """(start, end, speaker_kind)."""
    cue: tuple[int, int, str] | None = None
    channel: str | None = None
    cue_window: tuple[int, int] = (0, 0)
    closes_with_comma: bool = False
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


@dataclass
class _Scanner:
    """The state of the scan of quote marks: the quote open (if any) and those found."""

    text: str
    wrapped: bool
    raws: list[_Raw] = field(default_factory=list)
    pieces: list[tuple[int, int]] = field(default_factory=list)
    open_at: int = -1  # where the open quote's mark starts
    body: int = -1  # where its words start
    closer: str = ""
    nested: int = 0

    def close(self, end: int) -> None:
        """End the open quote's last piece at `end` and keep the quote."""
        self.pieces.append((self.body, end))
        self.raws.append(_Raw(pieces=self.pieces))
        self.pieces, self.open_at = [], -1

    def newline(self, i: int) -> None:
        if self.open_at < 0:
            return
        nxt = _next_paragraph_start(self.text, i, self.wrapped)
        if nxt is None:
            return  # a single line break inside a paragraph
        reopen = _MARKS_RE.match(self.text, nxt)
        if reopen is not None and reopen.group() in _OPENERS:
            # Multi-paragraph quote: the next paragraph reopens the quote.
            self.pieces.append((self.body, i))
            self.open_at, self.body, self.closer = nxt, reopen.end(), _OPENERS[reopen.group()]
            return
        self.close(i)

    def mark(self, ch: str, i: int, end: int) -> None:
        text = self.text
        if self.open_at >= 0 and i == self.open_at:
            return  # the reopening mark of a continued paragraph
        if self.open_at >= 0 and self.closer != "\u201d" and ch in "\u201c\u201d":
            # Curly marks inside a straight-quoted span are a nested quote.
            if ch == "\u201c" and not _is_closer_shaped(text, i, ch):
                self.nested += 1
                return
            if self.nested:
                self.nested -= 1
                return
        if self.open_at < 0:
            if ch in _OPENERS and not _is_closer_shaped(text, i, ch):
                self.open_at, self.body, self.closer, self.nested = i, end, _OPENERS[ch], 0
            return
        if (
            ch == self.closer
            or ch in "\u201d\u00bb"
            # A left mark or a straight one glued to the last word closes too:
            # scraped copy mixes styles (“I disagree," he said).
            or (ch in '\u201c"' and _is_closer_shaped(text, i, "\u201c"))
        ):
            self.close(i)
        elif ch == "\u201c" and self.closer == "\u201d":
            # A second curly opener: the first quote was never closed (nested
            # quotes use single marks). Keep finished paragraphs, restart here.
            if self.pieces:
                self.raws.append(_Raw(pieces=self.pieces))
            self.pieces, self.open_at, self.body = [], i, end
        # Any other mark inside an open quote (nested doubles) is left in the text.


def _scan(text: str) -> list[_Raw]:
    """Quoted spans from a scan of the quote marks, paragraph-aware."""
    scanner = _Scanner(text, _hard_wrapped(text))
    for m in _MARKS_RE.finditer(text):
        if m.group() == "\n":
            scanner.newline(m.start())
        else:
            scanner.mark(m.group(), m.start(), m.end())
    if scanner.open_at >= 0:
        scanner.close(len(text))
    raws = scanner.raws
    raws.extend(_single_quoted(text, raws))
    raws.sort(key=lambda r: r.pieces[0][0])
    out = []
    for raw in raws:
        trimmed = [p for p in (_trim(text, a, b) for a, b in raw.pieces) if p[1] > p[0]]
        # A quote needs letters; `attr="value"` is markup left in the text, not speech.
        if (
            trimmed
            and any(_LETTER_RE.search(text, a, b) for a, b in trimmed)
            and text[raw.start - 2 : raw.start - 1] != "="
        ):
            raw.pieces = trimmed
            out.append(raw)
    return out


def _single_quoted(text: str, raws: list[_Raw]) -> list[_Raw]:
    """Top-level ‘...’ quotes (headlines use them); never inside a double-quoted span."""
    doubles = _Positions(raws)
    out = []
    for m in _SINGLE_RE.finditer(text):
        a, b = m.start(1), m.end(1)
        if doubles.near_closed(a):
            continue
        out.append(_Raw(pieces=[(a, b)]))
    return out


def _next_paragraph_start(text: str, i: int, wrapped: bool) -> int | None:
    """Start of the next paragraph if the newline at `i` ends one, else None."""
    j = i + 1
    while j < len(text) and text[j] in " \t\r":
        j += 1
    if j < len(text) and text[j] != "\n" and wrapped:
        return None  # a hard-wrapped line inside a paragraph
    while j < len(text) and text[j].isspace():
        j += 1
    return j


def _hard_wrapped(text: str) -> bool:
    """Whether the text is wrapped at a fixed width (wire copy) rather than one line per paragraph."""
    lines = [len(line) for line in text.split("\n") if line.strip()]
    return len(lines) >= 5 and max(lines) <= 100


def _is_closer_shaped(text: str, i: int, ch: str) -> bool:
    """A mark glued to the word before it and followed by space or punctuation closes."""
    if ch == '"':
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)")


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _merge_adjacent(text: str, raws: list[_Raw]) -> list[_Raw]:
    """Join quotes separated by nothing but space in one paragraph (“A.” “B.”)."""
    out: list[_Raw] = []
    for raw in raws:
        if out:
            gap = text[out[-1].end : raw.start]
            gap = gap.strip(_ALL_MARKS + " \t")
            if not gap:
                out[-1].pieces.extend(raw.pieces)
                continue
        out.append(raw)
    return out


def _ends_open(text: str, raw: _Raw) -> bool:
    """Whether a quote ends on a comma, "?" or "!": its sentence goes on after it."""
    return raw.closes_with_comma or text[raw.end - 1 : raw.end] in "?!"


def _tokens(doc: Doc, a: int, b: int) -> Span | None:
    if b <= a:
        return None
    span = doc.char_span(a, b, alignment_mode="expand")
    return span


def _inside(raws: list[_Raw], i: int) -> bool:
    """Whether offset `i` is in one of the quotes or next to one."""
    # Asked for every speech-verb candidate near every quote: a scan of all quotes each
    # time made a long text quadratic. The quotes' positions are indexed once per list
    # (the list is held, so its identity cannot be reused by another while cached).
    cached = _POSITIONS_CACHE.get("last")
    key = (len(raws), tuple(r.start for r in raws[:1]), tuple(r.end for r in raws[-1:]))
    if cached is None or cached[0] is not raws or cached[1] != key:
        cached = _POSITIONS_CACHE["last"] = (raws, key, _Positions(raws))
    return cached[2].near(i)


class _Positions:
    """Quotes of a finished list, sorted by start, for lookups by offset in log time."""

    def __init__(self, raws: list[_Raw]) -> None:
        spans = sorted((r.start, r.end) for r in raws)
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.reach: list[int] = []  # the furthest end among the quotes up to each one
        for e in self.ends:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)
        self.longest = max((e - s for s, e in spans), default=0)

    def near(self, i: int) -> bool:
        """Whether `i` is in a quote or next to one (what `_inside` tells)."""
        k = bisect.bisect_right(self.starts, i + 1) - 1
        return k >= 0 and self.reach[k] + 1 > i

    def near_closed(self, i: int) -> bool:
        """Whether some quote has `start - 1 <= i <= end`."""
        k = bisect.bisect_right(self.starts, i + 1) - 1
        return k >= 0 and self.reach[k] >= i

    def covered(self, a: int, b: int) -> int:
        """Characters of `a..b` inside the quotes (overlaps counted as often as they occur)."""
        total = 0
        k = bisect.bisect_left(self.starts, b) - 1
        while k >= 0 and self.starts[k] + self.longest > a:
            total += max(0, min(b, self.ends[k]) - max(a, self.starts[k]))
            k -= 1
        return total


_POSITIONS_CACHE: dict[str, tuple[list[_Raw], tuple[int, tuple[int, ...], tuple[int, ...]], _Positions]] = {}


def _window_after(text: str, end: int, limit: int) -> tuple[int, int]:
    """From a closing mark to the end of its sentence or the next quote."""
    a = end
    while a < len(text) and text[a] in _ALL_MARKS:
        a += 1
    m = _SENT_END_RE.search(text, a, min(limit, a + _MAX_WINDOW))
    b = m.end() if m else min(limit, a + _MAX_WINDOW)
    return a, b


def _window_before(text: str, start: int, limit: int) -> tuple[int, int]:
    """From the start of the sentence (or the previous quote) to an opening mark."""
    b = start
    while b > 0 and text[b - 1] in _ALL_MARKS:
        b -= 1
    lo = min(max(limit, b - 300), b)
    a = lo
    for m in _SENT_END_RE.finditer(text, lo, b):
        a = m.end()
    head = text[a:b].rstrip()
    if not head.strip() and a > limit:
        # A paragraph that only opens with the quote: a colon at the end of the
        # previous paragraph introduces it ("He said:\n\n“...”").
        prev = text[limit:a].rstrip()
        if prev.endswith(":"):
            return _window_before(text, limit + len(prev), limit)
    return a, b


def _merge_split(text: str, raws: list[_Raw]) -> list[_Raw]:
    """Join a quote split around its attribution (“A,” Abe said, “and B.”) into one.

    Also joins a quote with no cue of its own that opens right after the previous
    quote's attribution sentence (“A,” Abe said. “B.”), even in the next paragraph.
    """
    out: list[_Raw] = []
    for raw in raws:
        if out:
            prev = out[-1]
            gap = text[prev.end + 1 : raw.start - 1]
            cue = prev.cue
            if (
                cue is not None
                and cue[2] != "according to"
                and prev.end <= cue[0] < raw.start
                and len(gap) <= _MAX_GAP
                and not _QUOTE_INSIDE_RE.search(gap)
            ):
                # The next piece follows the attribution's comma or colon; after a
                # word it is a partial quote of its own ("or calling him a “fraud”").
                joined = _TRAILING_MARKS_RE.sub("", gap).endswith(
                    (",", ":", ";", ".", "-", "\u2013", "\u2014")
                ) or _SENT_END_RE.search(text, cue[1], raw.start) is not None
                same_sentence = (
                    "\n" not in gap and joined and (raw.cue is None or raw.cue == cue)
                )
                window_end = _window_after(text, prev.end, raw.start - 1)[1]
                between = text[window_end : raw.start].strip(_ALL_MARKS + " \t\n")
                continued = raw.cue is None and not between and _opens_sentence(text, prev)
                if same_sentence or continued:
                    prev.pieces.extend(raw.pieces)
                    continue
        out.append(raw)
    return out


def _opens_sentence(text: str, raw: _Raw) -> bool:
    """Whether the quote opens its sentence (or follows a colon or dash), not a partial quote."""
    a, b = _window_before(text, raw.start, 0)
    lead = text[a:b].strip(_ALL_MARKS + " \t\n")
    return not lead or lead.endswith((":", "-", "\u2013", "\u2014", "("))


def _whole_paragraph(text: str, raw: _Raw) -> bool:
    """Whether the quote is all its paragraph holds (besides quote marks)."""
    a = text.rfind("\n", 0, raw.start) + 1
    b = text.find("\n", raw.end)
    b = len(text) if b < 0 else b
    outside = text[a : raw.start] + text[raw.end : b]
    return not outside.strip(_ALL_MARKS + " \t.,;:")


def _classify(text: str, raw: _Raw) -> str:
    words = sum(len(_WORD_RE.findall(text, a, b)) for a, b in raw.pieces)
    if words > _MAX_SCARE_WORDS or len(raw.pieces) > 1:
        return "direct"
    body = " ".join(text[a:b] for a, b in raw.pieces)
    if body.endswith(("?", "!", "?,", "!,")):
        return "direct"  # an exclamation or a question is an utterance
    cue_next = (
        raw.cue is not None
        and raw.cue[1] <= raw.start
        and not text[raw.cue[1] : raw.start - 1].strip(" ,:")
    )
    cue_after = raw.cue is not None and raw.cue[0] >= raw.end and raw.closes_with_comma
    named = _TITLE_LEAD_RE.search(text, max(0, raw.start - 12), max(0, raw.start - 1)) is not None
    if _is_title(body) and (named or not (cue_next or cue_after)):
        return "scare"  # a show, book or slogan named in title case
    if raw.cue is not None and raw.cue[2] != "according to":
        # Tied to a speech verb by the parse or followed by "X said".
        return "direct"
    if raw.closes_with_comma and raw.speaker is not None:
        return "direct"
    return "scare"


def _is_title(body: str) -> bool:
    words = _WORD_RE.findall(body)
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    return (
        bool(big)
        and all(w[:1].isupper() or w[:1].isdigit() for w in big)
        or body.startswith(("@", "#"))
    )
