"""Quotes of a parsed document: direct, indirect and scare quotes with their speakers.

Reads the text and the dependency parse of a spaCy `Doc`; returns `Quote`s whose
offsets index `doc.text`. Quote marks are found by a scan of the text (cheap, and
independent of tokenisation); the parse is consulted only around each quote and
around each speech verb found by a regular expression, so the stage costs little
next to the parse itself.

Decisions worth knowing:
- A paragraph that ends inside an open quote continues the quote when the next
  paragraph opens with a quote mark (newspaper convention); otherwise the quote is
  closed at the paragraph end.
- Adjacent quotes with only an attribution (or nothing) between them in one
  paragraph are one quote with several `pieces` (“A,” Abe said, “B.”), and so is a
  quote with no cue of its own that opens right after the previous quote's
  attribution sentence (“A,” Abe said. “B.”), even in the next paragraph. Pieces are
  joined by ` ... ` in `text`. A second quote that follows a word rather than the
  attribution's comma or stop (`or calling him a “fraud”`) is a quote of its own.
- A quote of 1-3 words is `scare` unless the parse ties it to a speech verb, an
  attribution follows it, or it is an exclamation or question: `said it is
  “unacceptable”` is a partial quote (`direct`), `a “historic” year` is `scare`. A
  short title-case quote after `on`/`of`/`'s` (on “Morning Joe”) is a title: `scare`.
  Measured on PolNeAR train: most short quotes tied to a speech verb lie inside an
  annotated attribution, most of the others do not.
- "according to X" / "quoted by X as saying": when another speaker is found, X is the
  `channel`; "Tass reported" with nobody else gives the outlet as the speaker (it is
  the one asserting), with no channel.
- Where the small parser mangles an attribution, the word order of news copy is read
  from the text (“...,” Trump barked; Stated Stone: “...”; a "- Name" credit line).
- The cue nearest the quote wins: “...,” his aide said right after a quote that
  opens its sentence beats a verb of the clause before; a speech verb between a
  clause's verb and the quote beats that verb. After a quote that ends its sentence
  (“... .” or “...?” followed by a capitalised pronoun), only a bare attribution
  (“...” Hale said.) attributes it, not a sentence reporting something else.
- The parser's usual misattachments are undone: a participle or "but added" hung on
  a reported clause takes the reporter; "issued a statement saying" (or "sent an
  email to supporters stating") takes who issued it, "a sign saying" the sign; of
  two subjects the nearer speaks; who is called or praised is never the speaker.
- A quote with no attribution of its own takes the speaker of the adjacent quote when
  only that quote's attribution lies between them, or of the attribution sentence just
  before it in the paragraph ("Lau said in a statement. “...”"), or the possessor of
  a speech noun that introduces it ("her call for “...”"); otherwise its speaker is
  None.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.models import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

STAGE_NAME = "storyline.quotes.v2"

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

# Lemmas of verbs that report speech (or writing) and so attribute a quote.
SPEECH_LEMMAS = frozenset(
    [
        "say",
        "tell",
        "add",
        "stress",
        "note",
        "explain",
        "warn",
        "insist",
        "claim",
        "argue",
        "state",
        "announce",
        "declare",
        "reply",
        "respond",
        "answer",
        "ask",
        "write",
        "tweet",
        "post",
        "report",
        "suggest",
        "acknowledge",
        "admit",
        "confirm",
        "deny",
        "emphasize",
        "emphasise",
        "complain",
        "call",
        "describe",
        "recall",
        "predict",
        "promise",
        "vow",
        "urge",
        "assert",
        "contend",
        "observe",
        "remark",
        "comment",
        "conclude",
        "maintain",
        "reiterate",
        "testify",
        "quip",
        "joke",
        "shout",
        "yell",
        "indicate",
        "express",
        "agree",
        "concede",
        "caution",
        "quote",
        "point",
        "allege",
        "recount",
        "lament",
        "boast",
        "brag",
        "scoff",
        "muse",
        "wonder",
        "mention",
        "charge",
        "counter",
        "retort",
        "pledge",
        "exclaim",
        "add",
        "whisper",
        "cry",
        "chant",
        "proclaim",
        "demand",
        "threaten",
        "accuse",
        "criticize",
        "criticise",
        "praise",
        "blast",
        "slam",
        "attack",
        "tout",
        "insist",
        "affirm",
        "opine",
        "exhort",
        "interject",
        "sing",
        "read",
        "scream",
        "bellow",
        "mutter",
        "plead",
        "clarify",
        "concur",
        "thank",
        "cite",
        "blare",
        "continue",
    ]
)
# Verbs that take an indirect ccomp only when they are clearly reporting speech: every
# speech verb but those whose clause is not what was said ("ask", "urge", "describe").
_INDIRECT_LEMMAS = SPEECH_LEMMAS - frozenset(
    ["accuse", "answer", "ask", "attack", "bellow", "blare", "blast", "boast", "brag", "call", "chant", "cite", "continue", "criticise", "criticize", "cry", "demand", "describe", "exclaim", "express", "joke", "lament", "muse", "point", "post", "praise", "proclaim", "quip", "quote", "read", "recall", "recount", "scoff", "scream", "shout", "sing", "slam", "threaten", "thank", "tout", "urge", "whisper", "wonder", "yell"]
)
# Word forms of the speech verbs, to locate candidate cues without a token loop.
_SPEECH_FORMS_RE = re.compile(
    r"\b(?:say|says|said|saying|tell|tells|told|telling|add|adds|added|adding|stress(?:es|ed|ing)?"
    r"|not(?:e|es|ed|ing)|explain(?:s|ed|ing)?|warn(?:s|ed|ing)?|insist(?:s|ed|ing)?"
    r"|claim(?:s|ed|ing)?|argu(?:e|es|ed|ing)|stat(?:e|es|ed|ing)|announc(?:e|es|ed|ing)"
    r"|declar(?:e|es|ed|ing)|repl(?:y|ies|ied|ying)|respond(?:s|ed|ing)?|acknowledg(?:e|es|ed|ing)"
    r"|admit(?:s|ted|ting)?|confirm(?:s|ed|ing)?|den(?:y|ies|ied|ying)|emphasi[sz](?:e|es|ed|ing)"
    r"|complain(?:s|ed|ing)?|predict(?:s|ed|ing)?|promis(?:e|es|ed|ing)|vow(?:s|ed|ing)?"
    r"|assert(?:s|ed|ing)?|contend(?:s|ed|ing)?|observ(?:e|es|ed|ing)|remark(?:s|ed|ing)?"
    r"|comment(?:s|ed|ing)?|conclud(?:e|es|ed|ing)|maintain(?:s|ed|ing)?|reiterat(?:e|es|ed|ing)"
    r"|testif(?:y|ies|ied|ying)|indicat(?:e|es|ed|ing)|conced(?:e|es|ed|ing)|caution(?:s|ed|ing)?"
    r"|alleg(?:e|es|ed|ing)|report(?:s|ed|ing)?|wr(?:ite|ites|ote|itten|iting)|tweet(?:s|ed|ing)?"
    r"|suggest(?:s|ed|ing)?|agree(?:s|d|ing)?|pledg(?:e|es|ed|ing)|mention(?:s|ed|ing)?"
    r"|continu(?:e|es|ed|ing)|counter(?:s|ed|ing)?|reads?|retort(?:s|ed|ing)?|charg(?:e|es|ed|ing))\b",
    re.IGNORECASE,
)
_QUOTE_INSIDE_RE = re.compile(f"[{_QUOTE_CHARS}]")
_TRAILING_MARKS_RE = re.compile(f"[\\s{_ALL_MARKS}]+$")
_ACCORDING_RE = re.compile(r"\baccording to\b", re.IGNORECASE)
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
_NAME = r"(?:[A-Z][\w.'\u2019-]*\s){0,3}[A-Z][\w'\u2019-]*"
_PRONOUNS = frozenset(["he", "she", "they", "i", "we", "you", "it"])
# A role after "the" may be a hyphenated age: “...,” said the 46-year-old.
_WHO = rf"(?P<who>{_NAME}|[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e|the\s[a-z\d][\w-]*(?:\s[a-z]+)?)"
# “...,” Trump barked / “...,” the senator replied / “...,” Clinton has said.
_AFTER_NAME_VERB_RE = re.compile(
    rf"[\s,]*{_WHO}\s+(?:\w+ly\s+)?(?:(?:has|had|have)\s+)?"
    r"(?P<verb>[a-z]+(?:ed|s)|said|told|wrote|spoke|read)\b"
)
# “...,” said Trump.
_AFTER_VERB_NAME_RE = re.compile(rf"[\s,]*(?P<verb>[a-z]+)\s+{_WHO}\b")
# Ryan said,“Look ...
_BEFORE_NAME_VERB_RE = re.compile(rf"{_WHO}\s+(?:\w+ly\s+)?(?P<verb>[a-z]+)[\s,:]*$")
_AFTER_DESC_RE = re.compile(
    r"[\s,]*(?P<who>(?:[Aa]n?|[Aa]nother|[Oo]ne|[Ss]everal|[Ss]ome|[Tt]wo|[Tt]hree)\s[^,.;:\n]{1,60}?)"
    r"(?:,[^.;:\n]{1,160}?,)?\s+(?P<verb>[a-z]+)\b"
)
# “...”\n\n- Bernie Sanders.
_DASH_CREDIT_RE = re.compile(
    rf"[^\S\n]*[\"'\u201d]*\s*\n\s*(?P<dash>[-\u2014\u2013])\s*(?P<who>{_NAME})(?:[.,][^\n]*)?(?:\n|$)"
)
# Pollsters agree - Carl Bialik: “...
_DASH_NAME_COLON_RE = re.compile(rf"\s[-\u2014\u2013]\s+(?P<who>{_NAME}):\s*$")
# Michael P. McDonald: “...
_BEFORE_NAME_COLON_RE = re.compile(rf"(?:^|(?<=[\s\-\u2014]))(?P<who>{_NAME}):\s*$")
# Continued Stone: “...
_BEFORE_VERB_NAME_RE = re.compile(rf"\b(?P<verb>[A-Za-z]+)\s+{_WHO}\s*:\s*$")
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

_ANON_HEADS = frozenset(
    [
        "source",
        "person",
        "people",
        "individual",
        "insider",
        "aide",
        "official",
        "officer",
        "diplomat",
        "observer",
        "analyst",
        "expert",
        "member",
        "staffer",
        "adviser",
        "advisor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "participant",
        "witness",
        "resident",
        "voter",
        "supporter",
        "critic",
        "lawmaker",
        "someone",
    ]
)
# Role nouns that name a person (the president, the spokeswoman, his lawyer).
_ROLE_HEADS = frozenset(
    [
        "president",
        "minister",
        "secretary",
        "chairman",
        "chairwoman",
        "chair",
        "leader",
        "governor",
        "senator",
        "mayor",
        "premier",
        "chancellor",
        "king",
        "queen",
        "prince",
        "ambassador",
        "envoy",
        "negotiator",
        "lawyer",
        "attorney",
        "director",
        "chief",
        "executive",
        "ceo",
        "manager",
        "candidate",
        "nominee",
        "candidate",
        "representative",
        "congressman",
        "congresswoman",
        "lawmaker",
        "legislator",
        "judge",
        "prosecutor",
        "general",
        "commander",
        "officer",
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "aide",
        "adviser",
        "advisor",
        "founder",
        "owner",
        "host",
        "reporter",
        "author",
        "scientist",
        "researcher",
        "doctor",
        "professor",
        "expert",
        "analyst",
        "economist",
        "pollster",
        "strategist",
        "campaign",
        "administration",
        "government",
        "ministry",
    ]
)
_INDEFINITE = frozenset(
    [
        "a",
        "an",
        "another",
        "some",
        "one",
        "two",
        "three",
        "several",
        "many",
        "few",
        "other",
        "others",
    ]
)
_SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")
# Speech verbs whose object is who is addressed or talked about, never an inverted subject.
_OBJECT_SPEECH_LEMMAS = frozenset(
    ["tell", "ask", "call", "describe", "praise", "criticize", "criticise", "accuse", "attack"]
    + ["blast", "slam", "urge", "thank", "quote", "cite", "tout", "promise", "warn", "remind"]
)
# Nouns for something said; with a possessor ("his call for", "Obama's promise") they
# attribute the quote that follows them.
_SPEECH_NOUNS = frozenset(
    ["call", "promise", "pledge", "vow", "claim", "warning", "statement", "remark", "words"]
    + ["dictum", "message", "post", "tweet", "chant", "slogan", "motto", "mantra", "refrain"]
    + ["plea", "appeal", "demand", "insistence", "assurance", "argument", "comment", "quip"]
    + ["rejection", "description", "assessment", "verdict", "answer", "reply", "response"]
)
_PUT_PLACES = frozenset(["aside", "away", "down", "back", "off", "up", "out", "there", "here"])
# Capitalised words that open a new sentence rather than an attribution after a quote.
_SENTENCE_OPENERS = frozenset(
    ["He", "She", "They", "We", "It", "I", "You", "His", "Her", "Their", "Its", "The", "A", "An"]
    + ["This", "That", "These", "Those", "But", "And", "So", "Then"]
)
# Verbs that report speech with a particle only ("fired back", "cut in", "spoke out").
_PHRASAL_SPEECH = {
    "fire": ("back",),
    "shoot": ("back",),
    "hit": ("back",),
    "snap": ("back",),
    "strike": ("back",),
    "push": ("back",),
    "chime": ("in",),
    "cut": ("in",),
    "lash": ("out",),
    "speak": ("out", "up"),
}
# Heads through which a speech verb still governs what its clause reports.
_CLIMB_VERB_DEPS = frozenset({"ccomp", "xcomp", "conj", "parataxis", "dep", "pcomp", "advcl"})
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


def extract_quotes(doc: Doc) -> list[Quote]:
    """Direct, indirect and scare quotes of `doc`, with speakers, cues and channels."""
    text = doc.text
    raws = _merge_adjacent(text, _scan(text))
    for idx, raw in enumerate(raws):
        _attribute(doc, text, raw, raws, idx)
    raws = _merge_split(text, raws)
    _carry_speakers(text, raws)
    for raw in raws:
        raw.kind = _classify(text, raw)
    out = [_to_quote(text, raw) for raw in raws]
    out.extend(_indirect(doc, text, raws))
    out.sort(key=lambda q: (q.start, q.end))
    return out


# --- finding quote marks -------------------------------------------------------


def _scan(text: str) -> list[_Raw]:
    """Quoted spans from a scan of the quote marks, paragraph-aware."""
    raws: list[_Raw] = []
    wrapped = _hard_wrapped(text)
    nested = 0
    open_at = -1  # where the open quote's mark starts
    body = -1  # where its words start
    closer = ""
    pieces: list[tuple[int, int]] = []
    for m in _MARKS_RE.finditer(text):
        ch = m.group()
        i = m.start()
        if ch == "\n":
            if open_at < 0:
                continue
            nxt = _next_paragraph_start(text, i, wrapped)
            if nxt is None:
                continue  # a single line break inside a paragraph
            pieces.append((body, i))
            reopen = _MARKS_RE.match(text, nxt)
            if reopen is not None and reopen.group() in _OPENERS:
                # Multi-paragraph quote: the next paragraph reopens the quote.
                open_at, body, closer = nxt, reopen.end(), _OPENERS[reopen.group()]
                continue
            raws.append(_Raw(pieces=pieces))
            pieces, open_at = [], -1
            continue
        if open_at >= 0 and i == open_at:
            continue  # the reopening mark of a continued paragraph
        if open_at >= 0 and closer != "\u201d" and ch in "\u201c\u201d":
            # Curly marks inside a straight-quoted span are a nested quote.
            if ch == "\u201c" and not _is_closer_shaped(text, i, ch):
                nested += 1
                continue
            if nested:
                nested -= 1
                continue
        if open_at < 0:
            if ch in _OPENERS and not _is_closer_shaped(text, i, ch):
                open_at, body, closer, nested = i, m.end(), _OPENERS[ch], 0
            continue
        if (
            ch == closer
            or ch in "\u201d\u00bb"
            # A left mark or a straight one glued to the last word closes too:
            # scraped copy mixes styles (“I disagree," he said).
            or (ch in '\u201c"' and _is_closer_shaped(text, i, "\u201c"))
        ):
            pieces.append((body, i))
            raws.append(_Raw(pieces=pieces))
            pieces, open_at = [], -1
        elif ch == "\u201c" and closer == "\u201d":
            # A second curly opener: the first quote was never closed (nested
            # quotes use single marks). Keep finished paragraphs, restart here.
            if pieces:
                raws.append(_Raw(pieces=pieces))
            pieces, open_at, body = [], i, m.end()
        # Any other mark inside an open quote (nested doubles) is left in the text.
    if open_at >= 0:
        pieces.append((body, len(text)))
        raws.append(_Raw(pieces=pieces))
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


# --- attribution ---------------------------------------------------------------


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


_POSITIONS_CACHE: dict[str, tuple[list[_Raw], tuple[int, tuple[int, ...], tuple[int, ...]], _Positions]] = {}


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


def _attribute(doc: Doc, text: str, raw: _Raw, raws: list[_Raw], idx: int) -> None:
    """Find the cue and speaker of one direct quote, `raws[idx]` (its place given, not searched)."""
    prev_end = raws[idx - 1].end + 1 if idx > 0 else 0
    next_start = raws[idx + 1].start - 1 if idx + 1 < len(raws) else len(text)
    # 1. The parse: a speech verb governing the quoted words (partial quotes,
    #    "“...,” he said" where the quote is the verb's ccomp).
    verb = _governing_speech_verb(doc, text, raw)
    after = _window_after(text, raw.end, next_start)
    before = _window_before(text, raw.start, prev_end)
    # A nested quote may sit between the comma and the closing mark (“... ‘B,’” X said).
    tail = text[max(raw.start, raw.end - 3) : raw.end].rstrip(_ALL_MARKS)
    raw.closes_with_comma = tail.endswith(",") or text[raw.end + 1 : raw.end + 2] == ","
    if verb is not None and verb.idx < raw.start:
        verb = _nearer_cue(doc, text, raw, raws, verb, after, before)
    elif verb is not None and not _attributes_back(text, raw, after, verb):
        verb = None
    # 2. A cue after the quote, then one before it (nearest first).
    if verb is None:
        verb = _cue_after(doc, text, raw, raws, after)
    if verb is None:
        verb = _first_speech_verb(doc, before, raws, reverse=True)
    colon_name = None
    if verb is None:
        verb = _colon_intro(doc, text, before, raw.start)
        if verb is not None and not _is_speech(verb):
            colon_name = _name_before_colon(doc, text, before, raw.start)
    according = _according(doc, text, after, before)
    if verb is not None:
        _from_verb(doc, raw, verb)
        credit = _DASH_NAME_COLON_RE.search(text, before[0], before[1])
        if credit is not None:
            # "Pollsters agree - Carl Bialik: “...”" (digests): the name after the dash
            # is credited with the quote, whatever the clause before says.
            raw.speaker = _kind_of(text, credit.start("who"), credit.end("who"))
            raw.cue = (credit.end("who"), credit.end("who") + 1, ":")
        elif colon_name is not None:
            # "The surge doesn't surprise pollster Daron Shaw: “...”": without a
            # speech verb, the person the colon follows is the one quoted, not the
            # clause's subject.
            raw.speaker = colon_name
        if according is not None:
            if raw.speaker is None:
                raw.speaker = according
                raw.cue = (according[0], according[1], "according to")
            else:
                raw.channel = _channel_name(doc, according)
    elif according is not None:
        raw.speaker = according
        a = text.rfind("according to", 0, according[0])
        raw.cue = (a, a + len("according to"), "according to") if a >= 0 else None
    if verb is None and _ends_open(text, raw):
        # “...,” beamed Hart / “...?” the senator asked: the clause right after a
        # quote that ends in a comma is its attribution whatever the verb.
        verb = _clause_verb_after(doc, after)
        if verb is not None:
            _from_verb(doc, raw, verb)
    if raw.speaker is None:
        found = _text_speaker(text, raw, after, before)
        if found is not None:
            raw.speaker, cue = found
            raw.cue = raw.cue or cue
    if raw.speaker is None:
        ent = _person_in(doc, after) or _person_in(doc, before)
        if ent is not None and verb is not None:
            raw.speaker = ent
    if raw.speaker is None and raw.cue is None:
        prior = _cue_sentence_before(doc, text, raw, raws, before, prev_end)
        if prior is not None:
            _from_verb(doc, raw, prior)
    if raw.speaker is None and raw.cue is None:
        found_noun = _speech_noun_owner(doc, before)
        if found_noun is not None:
            noun, owner = found_noun
            raw.speaker = _speaker_span(doc, owner)
            raw.cue = (noun.idx, noun.idx + len(noun), noun.text)


def _speech_noun_owner(doc: Doc, before: tuple[int, int]) -> tuple[Token, Token] | None:
    """A speech noun just before the quote and who it belongs to.

    The possessor ("Obama's promise", "his call for “...”", "in Forbes' words, “...”"),
    or the subject of the verb it is the object of ("Trump issued a statement, “...”").
    """
    span = _tokens(doc, max(before[0], before[1] - 60), before[1])
    if span is None:
        return None
    only_punct = True  # nothing but punctuation between the noun and the quote
    for tok in reversed([t for t in span if before[0] <= t.idx < before[1]]):
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in _SPEECH_NOUNS:
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            if owner is None and tok.dep_ == "dobj" and only_punct:
                owner = next(
                    (c for c in tok.head.children if c.dep_ == "nsubj" and c.tag_ not in ("WP", "WDT")),
                    None,
                )
            return (tok, owner) if owner is not None else None
        if not (tok.is_punct or tok.lower_ in ("for", "of", "that")):
            return None  # only "for", "of" or punctuation between the noun and the quote
        only_punct = only_punct and tok.is_punct
    return None


def _cue_sentence_before(
    doc: Doc, text: str, raw: _Raw, raws: list[_Raw], before: tuple[int, int], limit: int
) -> Token | None:
    """The speech verb of the sentence just before an unattributed quote, same paragraph.

    "Lau said in a statement. “There are no ballots to recount.”", "Bystrom agreed.
    “...”", "Pike said the report was flawed. “We will review it.”": news copy gives
    the words that follow an attribution sentence to its speaker.
    """
    if text[before[0] : raw.start].strip(_ALL_MARKS + " \t"):
        return None  # the quote does not open its sentence
    k = before[0]
    while k > limit and text[k - 1].isspace():
        k -= 1
    if k <= limit or text[k - 1] not in ".!?" or "\n" in text[k : raw.start]:
        return None
    span = _window_before(text, k - 1, limit)
    if span[1] - span[0] < 3 or _QUOTE_INSIDE_RE.search(text, span[0], span[1]):
        return None
    verb = _first_speech_verb(doc, span, raws, reverse=True)
    if verb is None or verb.dep_ not in ("ROOT", "conj"):
        return None
    if not any(c.dep_ in _SUBJ_DEPS for c in verb.children):
        return None
    return verb


def _cue_after(
    doc: Doc, text: str, raw: _Raw, raws: list[_Raw], after: tuple[int, int]
) -> Token | None:
    """The first speech verb after a quote, if it can be that quote's attribution."""
    verb = _first_speech_verb(doc, after, raws, reverse=False)
    return verb if verb is not None and _attributes_back(text, raw, after, verb) else None


def _attributes_back(text: str, raw: _Raw, after: tuple[int, int], verb: Token) -> bool:
    """Whether a speech verb after a quote can be that quote's attribution.

    A quote that ends its sentence with a period is followed by a new sentence; a
    speech verb there attributes the quote back only as a bare attribution right at
    its start (“We will win.” Smith said.), not when it reports something else ("He
    added that ...", "Kasich said he would have fired him").
    """
    body = text[raw.start : raw.end].rstrip(_ALL_MARKS + " ")
    rest = text[after[0] : after[1]].lstrip(" \t\u00a0")
    opener = rest.split(" ", 1)[0] in _SENTENCE_OPENERS
    if not rest[:1].isupper() or not (body.endswith(".") or (body.endswith(("?", "!")) and opener)):
        return True  # “...?” Her critics said ...: a new sentence as after a full stop
    if len(_WORD_RE.findall(text, after[0], verb.idx)) > 6:
        return False
    deps = {c.dep_ for c in verb.children if c.idx >= after[0]}
    if deps & {"ccomp", "xcomp", "csubj"}:
        return False
    return "dobj" not in deps or verb.lemma_.lower() in ("tell", "ask", "answer")


def _nearer_cue(
    doc: Doc,
    text: str,
    raw: _Raw,
    raws: list[_Raw],
    verb: Token,
    after: tuple[int, int],
    before: tuple[int, int],
) -> Token:
    """A cue closer to the quote than the verb before it that the parse ties it to.

    “...,” she said right after the quote is its attribution, whatever verb of the
    sentence before governs it ("Rhimes declared the need for drive: “...,” she
    said"); and a speech verb between a clause's verb and the quote is the one that
    introduces it ("Cruz won the backing of Lee, who declared, “...”").
    """
    if _ends_open(text, raw) and _opens_sentence(text, raw):
        nxt = _cue_after(doc, text, raw, raws, after)
        if (
            nxt is not None
            and nxt.idx - after[0] <= 40
            and (
                any(c.dep_ in _SUBJ_DEPS and after[0] <= c.idx < nxt.idx for c in nxt.children)
                or _AFTER_NAME_VERB_RE.match(text, after[0], nxt.idx + len(nxt)) is not None
                or _AFTER_VERB_NAME_RE.match(text, after[0], after[1]) is not None
            )
        ):
            return nxt
    if not _is_speech(verb):
        near = _first_speech_verb(doc, (max(before[0], verb.idx + 1), before[1]), raws, reverse=True)
        if near is not None and near.i > verb.i:
            return near
    return verb


def _text_speaker(
    text: str, raw: _Raw, after: tuple[int, int], before: tuple[int, int]
) -> tuple[tuple[int, int, str], tuple[int, int, str]] | None:
    """Speaker and cue read from the words around the quote when the parse gave none.

    The small parser mangles some attributions (`Ryan said,“Look` as one token,
    `Trump barked` as an apposition); the word order of news attribution is regular
    enough to read them from the text.
    """
    ends_open = _ends_open(text, raw)
    if ends_open:
        m = _AFTER_NAME_VERB_RE.match(text, after[0], after[1])
        if m and m.group("who") in _SENTENCE_OPENERS and not _SPEECH_FORMS_RE.fullmatch(
            m.group("verb")
        ):
            m = None  # “...?” He shrugged: a new sentence, not an attribution
        if m:
            return _kind_of(text, m.start("who"), m.end("who")), (
                m.start("verb"),
                m.end("verb"),
                m.group("verb"),
            )
        m = _AFTER_DESC_RE.match(text, after[0], after[1])
        if m and _SPEECH_FORMS_RE.fullmatch(m.group("verb")):
            # “...,” an intelligence source, who was not authorized to speak, told Fox.
            who = (m.start("who"), m.end("who"), "anonymous")
            return who, (m.start("verb"), m.end("verb"), m.group("verb"))
        m = _AFTER_VERB_NAME_RE.match(text, after[0], after[1])
        if m and _SPEECH_FORMS_RE.fullmatch(m.group("verb")):
            return _kind_of(text, m.start("who"), m.end("who")), (
                m.start("verb"),
                m.end("verb"),
                m.group("verb"),
            )
    m = _DASH_CREDIT_RE.match(text, raw.end)
    if m:
        # A fact-check or digest credits the quote on the next line: "- Sanders."
        return _kind_of(text, m.start("who"), m.end("who")), (
            m.start("dash"),
            m.end("dash"),
            m.group("dash"),
        )
    m = _BEFORE_NAME_COLON_RE.search(text, before[0], before[1])
    if m:
        # "Michael P. McDonald: “...”", "Ted Cruz: ‘...’" (headlines, digests).
        return _kind_of(text, m.start("who"), m.end("who")), (m.end("who"), m.end("who") + 1, ":")
    m = _BEFORE_VERB_NAME_RE.search(text, before[0], before[1])
    if m and _SPEECH_FORMS_RE.fullmatch(m.group("verb")):
        return _kind_of(text, m.start("who"), m.end("who")), (
            m.start("verb"),
            m.end("verb"),
            m.group("verb"),
        )
    m = _BEFORE_NAME_VERB_RE.search(text, before[0], before[1])
    if m and _SPEECH_FORMS_RE.fullmatch(m.group("verb")):
        return _kind_of(text, m.start("who"), m.end("who")), (
            m.start("verb"),
            m.end("verb"),
            m.group("verb"),
        )
    return None


def _kind_of(text: str, a: int, b: int) -> tuple[int, int, str]:
    word = text[a:b]
    if word.lower() in _PRONOUNS:
        return a, b, "pronoun"
    if word[:1].isupper():
        return a, b, "name"
    return a, b, "role"


def _governing_speech_verb(doc: Doc, text: str, raw: _Raw) -> Token | None:
    """A verb outside the quote that governs its words: a speech verb up the clause
    chain, or any verb whose clausal complement the quote is (“...,” Trump barked)."""
    span = _tokens(doc, raw.start, raw.end)
    if span is None:
        return None
    lo, hi = raw.start - 1, raw.end + 1
    for tok in span:
        if tok.is_punct:
            continue
        head = tok
        steps = 0
        first_out = True
        # Climb out of the quote, then through clausal heads to a speech verb.
        while head.head.i != head.i and steps < 8:
            steps += 1
            dep = head.dep_
            head = head.head
            if lo <= head.idx < hi:
                continue
            if "\n" in text[min(head.idx, lo) : max(head.idx, hi)]:
                break  # the parser ran a headline into the next paragraph
            if _is_speech(head):
                return head
            if (
                first_out
                and dep == "ccomp"
                and head.pos_ == "VERB"
                and not _writers_aside(head)
                and _LETTER_RE.search(text, raw.start, raw.start + 1)
                and any(c.dep_ in _SUBJ_DEPS and not lo <= c.idx < hi for c in head.children)
            ):
                return head
            first_out = False
            if head.pos_ in ("VERB", "AUX") and head.dep_ not in _CLIMB_VERB_DEPS:
                break
        break  # the first content token's chain decides
    return None


def _writers_aside(tok: Token) -> bool:
    """"Trump said, and I quote, “...”": the writer's "I quote" is no cue of its own."""
    return tok.lemma_.lower() == "quote" and any(
        c.dep_ == "nsubj" and c.lower_ == "i" for c in tok.children
    )


def _is_speech(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if lemma in ("read", "continue") and (
        tok.tag_ not in ("VBD", "VBZ", "VBP")
        or (lemma == "continue" and any(c.dep_ in ("dobj", "xcomp") for c in tok.children))
    ):
        # "a statement to read", "continue the dialogue": only "the sign read(s)",
        # "he continued" report words.
        return False
    if _writers_aside(tok):
        return False
    # "Rubio fired back:", "her husband cut in": a particle makes a speech verb.
    if (
        lemma in _PHRASAL_SPEECH
        and tok.pos_ == "VERB"
        and any(
            c.dep_ in ("prt", "advmod") and c.i == tok.i + 1 and c.lower_ in _PHRASAL_SPEECH[lemma]
            for c in tok.children
        )
    ):
        return True
    return lemma in SPEECH_LEMMAS and tok.pos_ in ("VERB", "AUX")


def _is_put_it(doc: Doc, tok: Token) -> bool:
    """`as X put it`: an attribution idiom with a verb that is not otherwise speech.

    Not "put it aside" or "put it on the table": a particle or a place after "it" makes
    it the plain verb.
    """
    if not (
        tok.lemma_.lower() == "put" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "it"
    ):
        return False
    if tok.i + 2 >= len(doc):
        return True
    nxt = doc[tok.i + 2]
    return nxt.dep_ != "prt" and nxt.pos_ not in ("ADP", "PART") and nxt.lower_ not in _PUT_PLACES


def _first_speech_verb(
    doc: Doc, window: tuple[int, int], raws: list[_Raw], *, reverse: bool
) -> Token | None:
    """The speech verb nearest to a quote within a (short) window of text around it."""
    span = _tokens(doc, *window)
    if span is None:
        return None
    toks = [t for t in span if window[0] <= t.idx < window[1]]
    if reverse:
        toks.reverse()
    for tok in toks:
        if (_is_speech(tok) or _is_put_it(doc, tok)) and not _inside(raws, tok.idx):
            return tok
    return None


def _clause_verb_after(doc: Doc, window: tuple[int, int]) -> Token | None:
    """A verb with a subject among the first few words after a quote.

    Not after a new sentence that opens with a capitalised pronoun or article (“...?”
    I had prepared a statement): an attribution after a quote has it in lower case
    (“...?” he asked).
    """
    span = _tokens(doc, *window)
    if span is None:
        return None
    first = next((t for t in span if not t.is_punct and not t.is_space), None)
    if first is not None and first.text in _SENTENCE_OPENERS:
        return None
    for tok in list(span)[:6]:
        if tok.pos_ == "VERB" and any(
            c.dep_ in _SUBJ_DEPS and c.pos_ in ("PROPN", "PRON", "NOUN") for c in tok.children
        ):
            return tok
    return None


def _colon_intro(doc: Doc, text: str, before: tuple[int, int], start: int) -> Token | None:
    """The verb of the clause that introduces the quote with a colon (`X said:`)."""
    colon = text.rfind(":", before[0], start)
    if colon < 0 or text[colon + 1 : before[1]].strip():
        return None
    span = _tokens(doc, before[0], colon)
    if span is None:
        return None
    verbs = [t for t in span if t.idx < colon and t.pos_ in ("VERB", "AUX")]
    for tok in reversed(verbs):
        if _is_speech(tok) or _is_put_it(doc, tok):
            return tok
    for tok in reversed(verbs):
        subj = [c for c in tok.children if c.dep_ in _SUBJ_DEPS]
        if subj and subj[0].tag_ not in ("WP", "WDT"):
            return tok
    return None


def _name_before_colon(
    doc: Doc, text: str, before: tuple[int, int], start: int
) -> tuple[int, int, str] | None:
    """A person's name that ends right at the colon introducing the quote."""
    colon = text.rfind(":", before[0], start)
    if colon < 0:
        return None
    span = _tokens(doc, before[0], colon)
    if span is None:
        return None
    for ent in reversed(span.ents):
        if ent.label_ == "PERSON" and not text[ent.end_char : colon].strip():
            return ent.start_char, ent.end_char, "name"
    return None


def _according(doc: Doc, text: str, *windows: tuple[int, int]) -> tuple[int, int, str] | None:
    for a, b in windows:
        m = _ACCORDING_RE.search(text, a, b)
        if m is None:
            continue
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        to = span[-1]
        objs = [c for c in to.children if c.dep_ == "pobj"]
        if not objs and to.i + 1 < len(doc):
            objs = [doc[to.i + 1]]
        if objs:
            return _speaker_span(doc, objs[0])
    return None


def _channel_name(doc: Doc, span: tuple[int, int, str]) -> str:
    """The outlet's name inside a channel phrase (`Russia's Tass news agency` -> `Tass`)."""
    a, b, _ = span
    sp = doc.char_span(a, b, alignment_mode="expand")
    if sp is not None:
        for ent in sp.ents:
            if ent.label_ in ("ORG", "PERSON", "WORK_OF_ART", "PRODUCT"):
                return ent.text
        propn = [t for t in sp if t.pos_ == "PROPN"]
        if propn:
            return propn[-1].text
    return sp.text if sp is not None else ""


def _quoted_as_saying(verb: Token) -> Token | None:
    """The `quoted` of "X was quoted (by Y) as saying ...", if `verb` is its `saying`."""
    tok = verb
    for _ in range(3):
        if tok.lemma_.lower() == "quote":
            return tok
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None


def _cue_of(verb: Token) -> tuple[int, int, str]:
    quoted = _quoted_as_saying(verb)
    if quoted is not None and quoted.i < verb.i:
        return quoted.idx, verb.idx + len(verb), f"{quoted.text} ... as {verb.text}"
    return verb.idx, verb.idx + len(verb), verb.text


def _from_verb(doc: Doc, raw: _Raw, verb: Token) -> None:
    raw.cue = _cue_of(verb)
    speaker, channel = _verb_speaker(doc, verb, raw.pieces)
    raw.speaker = speaker
    raw.channel = channel


def _across_paragraph(doc: Doc, a: Token, b: Token) -> bool:
    """Whether a line break lies between two tokens (the parser joins paragraphs)."""
    lo, hi = sorted((a.i, b.i))
    return any("\n" in doc[k].text or "\n" in doc[k].whitespace_ for k in range(lo, hi))


def _verb_speaker(
    doc: Doc, verb: Token, quoted: list[tuple[int, int]] | None = None
) -> tuple[tuple[int, int, str] | None, str | None]:
    """Speaker (and channel) of a speech verb from the parse, climbing to a governing clause."""
    tok = verb
    channel: str | None = None
    spans = quoted or []
    if verb.lemma_.lower() != "quote" and any(c.dep_ == "nsubjpass" for c in verb.children):
        # "Sanders was asked by host Bill Maher, “...”": a passive speech verb's
        # agent is the one speaking.
        agents = [
            g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
        ]
        if agents and not _inside_spans(agents[0], spans):
            return _speaker_span(doc, agents[0]), channel
    for _ in range(4):
        # A subject inside the quote ("“We were wrong,” Ramos told AFP" parsed with
        # `We` as subject of `told`) is the parser's mistake, never the speaker.
        subj = [
            c
            for c in tok.children
            if c.dep_ in _SUBJ_DEPS
            and not _inside_spans(c, spans)
            and not _across_paragraph(doc, c, verb)
        ]
        if tok.lemma_ == "quote":
            agents = [
                g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
            ]
            if agents:
                channel = _channel_name(doc, _speaker_span(doc, agents[0]))
        if (
            subj
            and tok is not verb
            and tok.dep_ == "ccomp"
            and _is_speech(tok.head)
            and tok.head.i < tok.i
        ):
            # "Byrne wrote the agents knew it, adding, “...”": the parser hangs the
            # participle (or "and said") on the reported clause, but who adds is who
            # reported it, the subject of the speech verb above.
            tok = tok.head
            continue
        if subj:
            # Two subjects is a parse error ("His final assessment: “...,” he said"):
            # the one nearer the verb is its subject.
            s = min(subj, key=lambda c: abs(c.i - tok.i))
            if s.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
                s = tok.head  # "Lavrov, who expressed ...": the relative's antecedent
            if s.tag_ in ("WP", "WDT") or s.ent_type_ in ("DATE", "TIME"):
                return None, channel  # "for what happened:"; never a day
            if s.lower_ in ("this", "that") or (s.lower_ == "it" and s.dep_ == "nsubjpass"):
                return None, channel  # "it is said": nobody in particular
            return _speaker_span(doc, s), channel
        if tok.dep_ in ("xcomp", "advcl", "conj", "pcomp", "acl", "prep", "dep") and tok.head.i != tok.i:
            tok = tok.head
            continue
        break
    if (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBG", "VBD")
        and verb.head.pos_ in ("NOUN", "PROPN")
        and verb.i > verb.head.i
    ):
        # "She released a statement saying ...": who released it speaks; with no such
        # clause the thing itself does ("a sign saying ...", "with a voice-over saying").
        noun = verb.head
        if noun.ent_type_ not in ("DATE", "TIME") and not _inside_spans(noun, spans):
            sent, owner = noun, noun.head
            if noun.dep_ == "pobj" and owner.lower_ == "to" and owner.head.pos_ == "VERB":
                # "sent an email to supporters saying": not the recipients speak.
                sent, owner = owner.head, owner.head
            if (sent.dep_ == "dobj" or sent.i == owner.i) and owner.pos_ == "VERB":
                for c in owner.children:
                    if (
                        c.dep_ == "nsubj"
                        and c.tag_ not in ("WP", "WDT")
                        and not _inside_spans(c, spans)
                        and not _across_paragraph(doc, c, owner)
                    ):
                        return _speaker_span(doc, c), channel
            a, b, kind = _phrase_span(doc, noun)
            if b > verb.idx:  # "a man yelled": the phrase ends before the verb
                last = doc[verb.i - 1]
                b = last.idx + len(last)
            return (a, b, kind), channel
    # "said Abe": an inverted subject parsed as an object ("told AFP" is the hearer,
    # "called Smith “a fraud”" names who is called).
    if verb.lemma_.lower() not in _OBJECT_SPEECH_LEMMAS:
        first = spans[0][0] if spans else 1 << 62
        for c in verb.children:
            if (
                c.i > verb.i
                and not _inside_spans(c, spans)
                and (c.idx < first or verb.idx > first)
                and c.dep_ in ("dobj", "attr", "npadvmod", "nsubj")
                # “...,” blared the front page: right after the quote, a noun too
                and (
                    c.pos_ == "PROPN"
                    or (
                        c.pos_ == "NOUN"
                        and verb.idx > first
                        and c.left_edge.i == verb.i + 1
                        and not _text_between(doc, spans[-1][1], verb.idx).strip(_ALL_MARKS + " ,")
                    )
                )
                and c.ent_type_ not in ("DATE", "TIME")
            ):
                return _speaker_span(doc, c), channel
    # "Ramos, 58, told": the nearest name or pronoun just before the verb.
    i = verb.i - 1
    while i >= 0 and verb.i - i <= 5 and not _inside_spans(doc[i], spans):
        tok = doc[i]
        if (
            tok.pos_ in ("PROPN", "PRON")
            and tok.dep_ != "poss"
            and tok.ent_type_ not in ("DATE", "TIME")
        ):
            return _speaker_span(doc, tok), channel
        if not (tok.is_punct or tok.pos_ in ("NUM", "ADV")):
            break
        i -= 1
    # "a White House official who spoke anonymously said": the noun whose relative
    # clause ends right before the verb is its subject, however the parser hung it.
    if verb.i > 0 and not _inside_spans(doc[verb.i - 1], spans):
        last = doc[verb.i - 1]
        for tok in [last, *last.ancestors]:
            if tok.i >= verb.i or tok.right_edge.i != verb.i - 1:
                break
            if tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "relcl" for c in tok.children):
                return _speaker_span(doc, tok), channel
    return None, channel


def _text_between(doc: Doc, a: int, b: int) -> str:
    """The text of the tokens from offset `a` to `b` (without rebuilding `doc.text`)."""
    sp = _tokens(doc, a, b)
    return sp.text if sp is not None else ""


def _inside_spans(tok: Token, spans: list[tuple[int, int]]) -> bool:
    """Whether a token lies inside (or on the marks of) one of the quoted spans."""
    return any(a - 1 <= tok.idx < b + 1 for a, b in spans)


def _speaker_span(doc: Doc, head: Token) -> tuple[int, int, str]:
    """(start, end, kind) of the speaker phrase headed by `head`."""
    a, b, kind = _phrase_span(doc, head)
    # A closing mark glued to the next word (`see,”Clinton said`) is one token for
    # the tokenizer: the speaker starts after the mark. (`doc.text` is rebuilt on
    # every access, so only the phrase's own text is read.)
    sp = doc.char_span(a, b, alignment_mode="expand")
    if sp is None:
        return a, b, kind
    words = sp.text
    base = sp.start_char
    cut = max((words.rfind(ch, a - base, b - base) for ch in _QUOTE_CHARS), default=-1)
    if cut >= 0 and _LETTER_RE.search(words, cut + 1, b - base):
        a = base + cut + 1
        if words[a - base : b - base].lower() in _PRONOUNS:
            kind = "pronoun"
    return a, b, kind


def _phrase_span(doc: Doc, head: Token) -> tuple[int, int, str]:
    """(start, end, kind) of the phrase headed by `head`, as the parse gives it."""
    if head.pos_ == "PRON":
        return head.idx, head.idx + len(head), "pronoun"
    if head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC") and head.text[:1].isupper():
        # The entity around `head`, from its IOB tags (`doc.ents` is rebuilt on each access).
        first_i, last_i = head.i, head.i
        while doc[first_i].ent_iob_ == "I" and first_i > 0:
            first_i -= 1
        while last_i + 1 < len(doc) and doc[last_i + 1].ent_iob_ == "I":
            last_i += 1
        return doc[first_i].idx, doc[last_i].idx + len(doc[last_i]), "name"
    if head.pos_ == "PROPN" and head.text[:1].isupper():
        first = head
        while (
            first.i > 0
            and doc[first.i - 1].pos_ == "PROPN"
            and doc[first.i - 1].head.i in (head.i, first.i)
        ):
            first = doc[first.i - 1]
        return first.idx, head.idx + len(head), "name"
    # Nouns: the phrase up to the head, plus post-modifiers for anonymous sources.
    left = head.left_edge
    while left.i < head.i and (left.is_punct or left.dep_ == "cc"):
        left = doc[left.i + 1]
    dets = [c.lower_ for c in head.children if c.dep_ in ("det", "nummod", "amod") and c.i < head.i]
    indefinite = any(d in _INDEFINITE for d in dets) or (
        head.tag_ == "NNS" and not any(c.dep_ in ("det", "poss") for c in head.children)
    )
    anon = indefinite or (
        head.lemma_.lower() in ("source", "person", "people", "individual", "insider")
    )
    end = head.idx + len(head)
    if anon:
        for c in head.rights:
            if c.dep_ in ("relcl", "appos", "acl") and c.lower_ in ("who", "which"):
                break
            if c.is_punct or c.dep_ in ("appos", "relcl", "cc", "conj"):
                break
            end = max(end, c.right_edge.idx + len(c.right_edge))
        return left.idx, end, "anonymous"
    return left.idx, end, "role"


def _person_in(doc: Doc, window: tuple[int, int]) -> tuple[int, int, str] | None:
    sp = _tokens(doc, *window)
    if sp is None:
        return None
    # The entities wholly inside the window, from the tokens' IOB tags: `Span.ents` filters
    # every entity of the document, once per quote (quadratic on a long text).
    i = sp.start
    while i < sp.end:
        tok = doc[i]
        if tok.ent_iob_ != "B":
            i += 1
            continue
        j = i + 1
        while j < len(doc) and doc[j].ent_iob_ == "I":
            j += 1
        if j <= sp.end and tok.ent_type_ == "PERSON":
            return tok.idx, doc[j - 1].idx + len(doc[j - 1]), "name"
        i = j
    return None


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


def _carry_speakers(text: str, raws: list[_Raw]) -> None:
    """Give an unattributed quote the speaker of an adjacent quote the text ties it to."""
    for i, raw in enumerate(raws):
        if raw.speaker is not None:
            continue
        if i > 0 and raws[i - 1].speaker is not None:
            prev = raws[i - 1]
            gap = text[prev.end + 1 : raw.start - 1]
            after = _window_after(text, prev.end, raw.start - 1)
            rest = text[after[1] : raw.start - 1] if after[1] < raw.start - 1 else ""
            # Only the previous quote's own attribution lies between them.
            if not rest.strip(_ALL_MARKS + " \t\n") or not gap.strip(_ALL_MARKS + " \t\n.,;:"):
                raw.speaker, raw.cue, raw.channel = prev.speaker, prev.cue, prev.channel
                continue
        if i + 1 < len(raws) and raws[i + 1].speaker is not None:
            nxt = raws[i + 1]
            gap = text[raw.end + 1 : nxt.start - 1]
            if not gap.strip(_ALL_MARKS + " \t.,;:") and "\n" not in gap:
                raw.speaker, raw.cue, raw.channel = nxt.speaker, nxt.cue, nxt.channel
            elif not gap.strip(_ALL_MARKS + " \t\n") and _whole_paragraph(text, raw):
                # A paragraph that is nothing but a quote, followed by a quote
                # paragraph that names its speaker: news copy gives one speaker's
                # run of quotes one attribution.
                raw.speaker, raw.cue, raw.channel = nxt.speaker, nxt.cue, nxt.channel


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


def _to_quote(text: str, raw: _Raw) -> Quote:
    sp = raw.speaker
    cue = raw.cue
    if raw.kind == "scare":
        sp, cue = None, None
    return Quote(
        start=raw.start,
        end=raw.end,
        text=" ... ".join(text[a:b] for a, b in raw.pieces),
        kind=raw.kind,
        speaker_name=text[sp[0] : sp[1]] if sp else None,
        speaker_start=sp[0] if sp else None,
        speaker_end=sp[1] if sp else None,
        speaker_kind=sp[2] if sp else None,
        cue=cue[2] if cue else None,
        cue_start=cue[0] if cue else None,
        cue_end=cue[1] if cue else None,
        channel=raw.channel if raw.kind != "scare" else None,
        pieces=tuple(raw.pieces),
    )


# --- indirect speech -------------------------------------------------------------


def _is_person_noun(phrase: str) -> bool:
    words = phrase.lower().split()
    if not words:
        return False
    last = words[-1].rstrip("s") if words[-1] not in ("people",) else "people"
    return last in _ANON_HEADS or last in _ROLE_HEADS


def _indirect(doc: Doc, text: str, raws: list[_Raw]) -> list[Quote]:
    """Reported clauses (`X said that ...`) of speech verbs outside direct quotes."""
    direct = [r for r in raws if r.kind == "direct"]
    # Looked up by position, not scanned per verb: a long text has many of both.
    inside = _Positions(raws)
    spans = _Positions(direct)
    by_cue: dict[int, list[int]] = {}
    for r in direct:
        if r.cue is not None:
            by_cue.setdefault(r.cue[0], []).append(r.end)
    starts = {r.start for r in direct}
    out: list[Quote] = []
    for m in _SPEECH_FORMS_RE.finditer(text):
        if inside.near(m.start()):
            continue
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        verb = span[0]
        if verb.lemma_.lower() not in _INDIRECT_LEMMAS or verb.pos_ not in ("VERB", "AUX"):
            continue
        clauses = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
        if not clauses:
            continue
        clause = clauses[0]
        toks = [t for t in clause.subtree]
        first = toks[0]
        if first.dep_ == "mark" and first.lower_ in ("that", "whether", "if") and len(toks) > 1:
            first = toks[1]
        last = toks[-1]
        while last.i > first.i and (last.is_punct or last.text in _ALL_MARKS):
            last = doc[last.i - 1]
        a, b = first.idx, last.idx + len(last)
        if b - a < 8:
            continue
        covered = spans.covered(a, b)
        if covered > 0.5 * (b - a):
            continue
        if any(end < verb.idx for end in by_cue.get(verb.idx, ())):
            continue  # “...,” Abe said at a meeting, part of which ...: the quote is its report
        if any(a + k in starts for k in range(-2, 3)):
            continue  # `said "..."`: the direct quote already holds it
        speaker, channel = _verb_speaker(doc, verb)
        if speaker is None or (
            speaker[2] == "role" and not _is_person_noun(text[speaker[0] : speaker[1]])
        ):
            continue  # "the document says", "his focus indicates": not reported speech
        cue = _cue_of(verb)
        out.append(
            Quote(
                start=a,
                end=b,
                text=text[a:b],
                kind="indirect",
                speaker_name=text[speaker[0] : speaker[1]] if speaker else None,
                speaker_start=speaker[0] if speaker else None,
                speaker_end=speaker[1] if speaker else None,
                speaker_kind=speaker[2] if speaker else None,
                cue=cue[2],
                cue_start=cue[0],
                cue_end=cue[1],
                channel=channel,
                pieces=((a, b),),
            )
        )
    return out
