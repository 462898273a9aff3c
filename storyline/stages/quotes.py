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
  paragraph are one quote with several `pieces`.
- A quote of 1-3 words is `scare` unless the parse ties it to a speech verb or an
  attribution follows it (`said it is "unacceptable"` is a partial quote, `direct`).
- "according to X" / "quoted by X as saying": when another speaker is found, X is the
  `channel`; "Tass reported" with nobody else gives the outlet as the speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.models import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

STAGE_NAME = "storyline.quotes.v1"

_OPENERS = {'"': '"', "\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c", "\u201f": "\u201d"}
_QUOTE_CHARS = "\"\u201c\u201d\u00ab\u00bb\u201e\u201f"
_MARKS_RE = re.compile(f"[{_QUOTE_CHARS}\n]")
_ALL_MARKS = _QUOTE_CHARS + "'\u2018\u2019\u2039\u203a"

# Lemmas of verbs that report speech (or writing) and so attribute a quote.
SPEECH_LEMMAS = frozenset(
    ["say", "tell", "add", "stress", "note", "explain", "warn", "insist", "claim", "argue", "state", "announce", "declare", "reply", "respond", "answer", "ask", "write", "tweet", "post", "report", "suggest", "acknowledge", "admit", "confirm", "deny", "emphasize", "emphasise", "complain", "call", "describe", "recall", "predict", "promise", "vow", "urge", "assert", "contend", "observe", "remark", "comment", "conclude", "maintain", "reiterate", "testify", "quip", "joke", "shout", "yell", "indicate", "express", "agree", "concede", "caution", "quote", "continue", "point", "allege", "recount", "lament", "boast", "brag", "scoff", "muse", "wonder", "mention", "charge", "counter", "retort", "pledge", "exclaim", "add", "whisper", "cry", "chant", "proclaim", "demand", "threaten", "accuse", "criticize", "criticise", "praise", "blast", "slam", "attack", "tout", "insist"]
)
# Verbs that take an indirect ccomp only when they are clearly reporting speech.
_INDIRECT_LEMMAS = frozenset(
    ["say", "tell", "add", "stress", "note", "explain", "warn", "insist", "claim", "argue", "state", "announce", "declare", "reply", "respond", "acknowledge", "admit", "confirm", "deny", "emphasize", "emphasise", "complain", "predict", "promise", "vow", "assert", "contend", "observe", "remark", "comment", "conclude", "maintain", "reiterate", "testify", "indicate", "concede", "caution", "allege", "report", "write", "tweet", "suggest", "agree", "pledge", "mention", "counter", "retort", "charge"]
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
    r"|counter(?:s|ed|ing)?|retort(?:s|ed|ing)?|charg(?:e|es|ed|ing))\b",
    re.IGNORECASE,
)
_QUOTE_INSIDE_RE = re.compile(f"[{_QUOTE_CHARS}]")
_ACCORDING_RE = re.compile(r"\baccording to\b", re.IGNORECASE)
_SENT_END_RE = re.compile(r"[.!?][)\]]?(?=\s)|\n")
_WORD_RE = re.compile(r"\w+(?:['\u2019\-]\w+)*")

_ANON_HEADS = frozenset(
    ["source", "person", "people", "individual", "insider", "aide", "official", "officer", "diplomat", "observer", "analyst", "expert", "member", "staffer", "adviser", "advisor", "spokesman", "spokeswoman", "spokesperson", "participant", "witness", "resident", "voter", "supporter", "critic", "lawmaker", "someone"]
)
_INDEFINITE = frozenset(["a", "an", "another", "some", "one", "two", "three", "several", "many", "few", "other", "others"])
_SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")
# Heads through which a speech verb still governs what its clause reports.
_CLIMB_VERB_DEPS = frozenset({"ccomp", "xcomp", "conj", "parataxis", "dep", "pcomp", "advcl"})
_MAX_SCARE_WORDS = 3
_MAX_GAP = 160


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
    for raw in raws:
        _attribute(doc, raw, raws)
    raws = _merge_split(text, raws)
    _carry_speakers(text, raws)
    for raw in raws:
        raw.kind = _classify(doc, raw)
    out = [_to_quote(text, raw) for raw in raws]
    out.extend(_indirect(doc, raws))
    out.sort(key=lambda q: (q.start, q.end))
    return out


# --- finding quote marks -------------------------------------------------------


def _scan(text: str) -> list[_Raw]:
    """Quoted spans from a scan of the quote marks, paragraph-aware."""
    raws: list[_Raw] = []
    open_at = -1
    closer = ""
    pieces: list[tuple[int, int]] = []
    for m in _MARKS_RE.finditer(text):
        ch = m.group()
        i = m.start()
        if ch == "\n":
            if open_at < 0:
                continue
            nxt = _next_paragraph_start(text, i)
            if nxt is None:
                continue  # a single line break inside a paragraph
            para_end = i
            if nxt < len(text) and text[nxt] in _OPENERS:
                # Multi-paragraph quote: the next paragraph reopens the quote.
                pieces.append((open_at + 1, para_end))
                open_at = nxt
                closer = _OPENERS[text[nxt]]
                continue
            pieces.append((open_at + 1, para_end))
            raws.append(_Raw(pieces=pieces))
            pieces, open_at = [], -1
            continue
        if open_at >= 0 and i == open_at:
            continue  # the reopening mark of a continued paragraph
        if open_at < 0:
            if ch in _OPENERS and not _is_closer_shaped(text, i, ch):
                open_at, closer = i, _OPENERS[ch]
            continue
        if ch == closer or ch in "\u201d\u00bb" or (ch == "\u201c" and _is_closer_shaped(text, i, ch)):
            pieces.append((open_at + 1, i))
            raws.append(_Raw(pieces=pieces))
            pieces, open_at = [], -1
        # Any other mark inside an open quote (nested doubles) is left in the text.
    if open_at >= 0:
        pieces.append((open_at + 1, len(text)))
        raws.append(_Raw(pieces=pieces))
    out = []
    for raw in raws:
        trimmed = [p for p in (_trim(text, a, b) for a, b in raw.pieces) if p[1] > p[0]]
        if trimmed and any(_WORD_RE.search(text, a, b) for a, b in trimmed):
            raw.pieces = trimmed
            out.append(raw)
    return out


def _next_paragraph_start(text: str, i: int) -> int | None:
    """Start of the next paragraph if `i` is a paragraph break (blank line), else None."""
    j = i + 1
    while j < len(text) and text[j] in " \t\r":
        j += 1
    if j < len(text) and text[j] != "\n":
        # One newline: a paragraph break only for texts that use single newlines.
        if "\n\n" in text:
            return None
        return j
    while j < len(text) and text[j].isspace():
        j += 1
    return j


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


def _tokens(doc: Doc, a: int, b: int) -> Span | None:
    if b <= a:
        return None
    span = doc.char_span(a, b, alignment_mode="expand")
    return span


def _inside(raws: list[_Raw], i: int) -> bool:
    return any(raw.start - 1 <= i < raw.end + 1 for raw in raws)


def _window_after(text: str, end: int, limit: int) -> tuple[int, int]:
    """From a closing mark to the end of its sentence or the next quote."""
    a = min(end + 1, len(text))
    m = _SENT_END_RE.search(text, a, min(limit, a + _MAX_GAP))
    b = m.end() if m else min(limit, a + _MAX_GAP)
    return a, b


def _window_before(text: str, start: int, limit: int) -> tuple[int, int]:
    """From the start of the sentence (or the previous quote) to an opening mark."""
    b = max(start - 1, 0)
    lo = max(limit, b - 300)
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


def _attribute(doc: Doc, raw: _Raw, raws: list[_Raw]) -> None:
    """Find the cue and speaker of one direct quote."""
    text = doc.text
    idx = raws.index(raw)
    prev_end = raws[idx - 1].end + 1 if idx > 0 else 0
    next_start = raws[idx + 1].start - 1 if idx + 1 < len(raws) else len(text)
    # 1. The parse: a speech verb governing the quoted words (partial quotes,
    #    "“...,” he said" where the quote is the verb's ccomp).
    verb = _governing_speech_verb(doc, raw)
    after = _window_after(text, raw.end, next_start)
    before = _window_before(text, raw.start, prev_end)
    raw.closes_with_comma = text[raw.end - 1 : raw.end] == "," or text[raw.end + 1 : raw.end + 2] == ","
    # 2. A cue after the quote, then one before it (nearest first).
    if verb is None:
        verb = _first_speech_verb(doc, after, raws, reverse=False)
    if verb is None:
        verb = _first_speech_verb(doc, before, raws, reverse=True)
    if verb is None:
        verb = _colon_intro(doc, text, before, raw.start)
    according = _according(doc, text, after, before)
    if verb is not None:
        _from_verb(doc, raw, verb)
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
    if raw.speaker is None:
        ent = _person_in(doc, after) or _person_in(doc, before)
        if ent is not None and verb is not None:
            raw.speaker = ent


def _governing_speech_verb(doc: Doc, raw: _Raw) -> Token | None:
    span = _tokens(doc, raw.start, raw.end)
    if span is None:
        return None
    lo, hi = raw.start - 1, raw.end + 1
    for tok in span:
        if tok.is_punct:
            continue
        head = tok
        steps = 0
        # Climb out of the quote, then through clausal heads to a speech verb.
        while head.head.i != head.i and steps < 8:
            steps += 1
            dep = head.dep_
            head = head.head
            if lo <= head.idx < hi:
                continue
            if head.lemma_.lower() in SPEECH_LEMMAS and head.pos_ in ("VERB", "AUX"):
                return head
            if head.pos_ in ("VERB", "AUX") and dep not in _CLIMB_VERB_DEPS and steps > 1:
                pass
            if head.pos_ in ("VERB", "AUX") and head.dep_ not in _CLIMB_VERB_DEPS:
                break
        break  # the first content token's chain decides
    return None


def _first_speech_verb(doc: Doc, window: tuple[int, int], raws: list[_Raw], *, reverse: bool) -> Token | None:
    """The speech verb nearest to a quote within a (short) window of text around it."""
    span = _tokens(doc, *window)
    if span is None:
        return None
    toks = [t for t in span if window[0] <= t.idx < window[1]]
    if reverse:
        toks.reverse()
    for tok in toks:
        if tok.lemma_.lower() in SPEECH_LEMMAS and tok.pos_ in ("VERB", "AUX") and not _inside(raws, tok.idx):
            return tok
    return None


def _colon_intro(doc: Doc, text: str, before: tuple[int, int], start: int) -> Token | None:
    """The main verb of a sentence that introduces the quote with a colon."""
    colon = text.rfind(":", before[0], start)
    if colon < 0 or text[colon + 1 : start - 1].strip():
        return None
    span = doc.char_span(colon, colon + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span[0].sent.root
    if root.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJ_DEPS for c in root.children):
        return root
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
    return doc.text[a:b]


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
    speaker, channel = _verb_speaker(doc, verb)
    raw.speaker = speaker
    raw.channel = channel


def _verb_speaker(doc: Doc, verb: Token) -> tuple[tuple[int, int, str] | None, str | None]:
    """Speaker (and channel) of a speech verb from the parse, climbing to a governing clause."""
    tok = verb
    channel: str | None = None
    for _ in range(4):
        subj = [c for c in tok.children if c.dep_ in _SUBJ_DEPS]
        if tok.lemma_ == "quote":
            agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if agents:
                channel = _channel_name(doc, _speaker_span(doc, agents[0]))
        if subj:
            s = subj[0]
            if s.lower_ in ("it", "this", "that") and tok.lemma_ != "quote":
                return None, channel
            return _speaker_span(doc, s), channel
        if tok.dep_ in ("xcomp", "advcl", "conj", "pcomp", "acl", "prep") and tok.head.i != tok.i:
            tok = tok.head
            continue
        break
    # "said Abe": an inverted subject parsed as an object.
    for c in verb.children:
        if c.i > verb.i and c.dep_ in ("dobj", "attr", "npadvmod", "nsubj") and c.pos_ in ("PROPN",):
            return _speaker_span(doc, c), channel
    return None, channel


def _speaker_span(doc: Doc, head: Token) -> tuple[int, int, str]:
    """(start, end, kind) of the speaker phrase headed by `head`."""
    if head.pos_ == "PRON":
        return head.idx, head.idx + len(head), "pronoun"
    if head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC") and head.text[:1].isupper():
        for ent in doc.ents:
            if ent.start <= head.i < ent.end:
                return ent.start_char, ent.end_char, "name"
    if head.pos_ == "PROPN" and head.text[:1].isupper():
        first = head
        while first.i > 0 and doc[first.i - 1].pos_ == "PROPN" and doc[first.i - 1].head.i in (head.i, first.i):
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
    anon = indefinite or (head.lemma_.lower() in ("source", "person", "people", "individual", "insider"))
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
    for ent in sp.ents:
        if ent.label_ == "PERSON":
            return ent.start_char, ent.end_char, "name"
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
                same_sentence = "\n" not in gap and (raw.cue is None or raw.cue == cue)
                window_end = _window_after(text, prev.end, raw.start - 1)[1]
                continued = raw.cue is None and not text[window_end : raw.start - 1].strip()
                if same_sentence or continued:
                    prev.pieces.extend(raw.pieces)
                    continue
        out.append(raw)
    return out


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


def _classify(doc: Doc, raw: _Raw) -> str:
    text = doc.text
    words = sum(len(_WORD_RE.findall(text, a, b)) for a, b in raw.pieces)
    if words > _MAX_SCARE_WORDS or len(raw.pieces) > 1:
        return "direct"
    if raw.cue is not None and raw.cue[2] != "according to":
        # Tied to a speech verb by the parse or followed by "X said".
        return "direct"
    if raw.closes_with_comma and raw.speaker is not None:
        return "direct"
    return "scare"


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


def _indirect(doc: Doc, raws: list[_Raw]) -> list[Quote]:
    """Reported clauses (`X said that ...`) of speech verbs outside direct quotes."""
    text = doc.text
    direct = [r for r in raws if r.kind == "direct"]
    out: list[Quote] = []
    for m in _SPEECH_FORMS_RE.finditer(text):
        if _inside(raws, m.start()):
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
        covered = sum(max(0, min(b, r.end) - max(a, r.start)) for r in direct)
        if covered > 0.5 * (b - a):
            continue
        speaker, channel = _verb_speaker(doc, verb)
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
