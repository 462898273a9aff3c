"""Cues: the speech verb (or `according to`, a colon, a speech noun) that attributes a
direct quote, nearest first."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
from storyline.stages.quotes.spans import (
    _ALL_MARKS,
    _LETTER_RE,
    _QUOTE_INSIDE_RE,
    _WORD_RE,
    _ends_open,
    _inside,
    _opens_sentence,
    _Raw,
    _tokens,
    _window_before,
)
from storyline.stages.quotes.speakers import _AFTER_NAME_VERB_RE, _AFTER_VERB_NAME_RE, _speaker_span
from storyline.stages.quotes.speech import (
    _SENTENCE_OPENERS,
    _SPEECH_NOUNS,
    _SUBJ_DEPS,
    _is_put_it,
    _is_speech,
    _writers_aside,
)

_ACCORDING_RE = re.compile(r"\baccording to\b", re.IGNORECASE)


# Heads through which a speech verb still governs what its clause reports.
_CLIMB_VERB_DEPS = frozenset({"ccomp", "xcomp", "conj", "parataxis", "dep", "pcomp", "advcl"})


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
