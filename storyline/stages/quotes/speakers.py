"""Speakers: from the parse around a speech verb, or from the word order of news
attribution when the parse is wrong."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token
from storyline.stages.quotes.spans import (
    _ALL_MARKS,
    _LETTER_RE,
    _QUOTE_CHARS,
    _ends_open,
    _Raw,
    _tokens,
)
from storyline.stages.quotes.speech import (
    _OBJECT_SPEECH_LEMMAS,
    _SENTENCE_OPENERS,
    _SPEECH_FORMS_RE,
    _SPEECH_NOUNS,
    _SUBJ_DEPS,
    _is_speech,
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
    if m and _SPEECH_FORMS_RE.fullmatch(m.group("verb")) and not _noun_compound(m):
        return _kind_of(text, m.start("who"), m.end("who")), (
            m.start("verb"),
            m.end("verb"),
            m.group("verb"),
        )
    return None


def _noun_compound(m: re.Match[str]) -> bool:
    """"Facebook post:", "Trump claim:": a bare speech noun after a name is a noun, not a
    verb; a third-person name would take an inflected verb ("Trump posts:")."""
    verb = m.group("verb").lower()
    return verb in _SPEECH_NOUNS and m.group("who").lower() not in ("i", "we", "you", "they")


def _kind_of(text: str, a: int, b: int) -> tuple[int, int, str]:
    word = text[a:b]
    if word.lower() in _PRONOUNS:
        return a, b, "pronoun"
    if word[:1].isupper():
        return a, b, "name"
    return a, b, "role"


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
    for ent in reversed(_ents_within(span)):
        if ent.label_ == "PERSON" and not text[ent.end_char : colon].strip():
            return ent.start_char, ent.end_char, "name"
    return None


def _channel_name(doc: Doc, span: tuple[int, int, str]) -> str:
    """The outlet's name inside a channel phrase (`Russia's Tass news agency` -> `Tass`)."""
    a, b, _ = span
    sp = doc.char_span(a, b, alignment_mode="expand")
    if sp is not None:
        for ent in _ents_within(sp):
            if ent.label_ in ("ORG", "PERSON", "WORK_OF_ART", "PRODUCT"):
                return ent.text
        propn = [t for t in sp if t.pos_ == "PROPN"]
        if propn:
            return propn[-1].text
    return sp.text if sp is not None else ""


def _across_paragraph(doc: Doc, a: Token, b: Token) -> bool:
    """Whether a line break lies between two tokens (the parser joins paragraphs)."""
    lo, hi = sorted((a.i, b.i))
    return any("\n" in doc[k].text or "\n" in doc[k].whitespace_ for k in range(lo, hi))


_Speaker = tuple[int, int, str]
"""(start, end, speaker_kind) of a speaker phrase."""


def _verb_speaker(
    doc: Doc, verb: Token, quoted: list[tuple[int, int]] | None = None
) -> tuple[_Speaker | None, str | None]:
    """Speaker (and channel) of a speech verb from the parse, climbing to a governing clause.

    The subject found by climbing the clause chain wins; without one, the fallbacks
    below are tried in order, each for one of the parser's usual misreadings.
    """
    spans = quoted or []
    agent = _passive_agent(doc, verb, spans)
    if agent is not None:
        return agent, None
    decided, speaker, channel = _climb_to_subject(doc, verb, spans)
    if decided:
        return speaker, channel
    for fallback in (_issued_by, _inverted_subject, _name_just_before, _relative_antecedent):
        found = fallback(doc, verb, spans)
        if found is not None:
            return found, channel
    return None, channel


def _agents(tok: Token) -> list[Token]:
    """The objects of a verb's `by` agent phrase."""
    return [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _passive_agent(doc: Doc, verb: Token, spans: list[tuple[int, int]]) -> _Speaker | None:
    """"Sanders was asked by host Bill Maher, “...”": a passive speech verb's agent speaks."""
    if verb.lemma_.lower() == "quote" or not any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    agents = _agents(verb)
    if agents and not _inside_spans(agents[0], spans):
        return _speaker_span(doc, agents[0])
    return None


def _climb_to_subject(
    doc: Doc, verb: Token, spans: list[tuple[int, int]]
) -> tuple[bool, _Speaker | None, str | None]:
    """(decided, speaker, channel): the subject of the verb or of a clause governing it.

    `decided` is true when a subject was found, even one that names nobody ("it is
    said"): the fallbacks are then not tried.
    """
    tok = verb
    channel: str | None = None
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
            agents = _agents(tok)
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
            return True, _subject_speaker(doc, tok, subj), channel
        if tok.dep_ in ("xcomp", "advcl", "conj", "pcomp", "acl", "prep", "dep") and tok.head.i != tok.i:
            tok = tok.head
            continue
        break
    return False, None, channel


def _subject_speaker(doc: Doc, tok: Token, subj: list[Token]) -> _Speaker | None:
    """The speaker among a clause's subjects, or None when it names nobody."""
    # Two subjects is a parse error ("His final assessment: “...,” he said"):
    # the one nearer the verb is its subject.
    s = min(subj, key=lambda c: abs(c.i - tok.i))
    if s.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
        s = tok.head  # "Lavrov, who expressed ...": the relative's antecedent
    if s.tag_ in ("WP", "WDT") or s.ent_type_ in ("DATE", "TIME"):
        return None  # "for what happened:"; never a day
    if s.lower_ in ("this", "that") or (s.lower_ == "it" and s.dep_ == "nsubjpass"):
        return None  # "it is said": nobody in particular
    return _speaker_span(doc, s)


def _issued_by(doc: Doc, verb: Token, spans: list[tuple[int, int]]) -> _Speaker | None:
    """"She released a statement saying ...": who released it speaks; with no such
    clause the thing itself does ("a sign saying ...", "with a voice-over saying")."""
    if not (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBG", "VBD")
        and verb.head.pos_ in ("NOUN", "PROPN")
        and verb.i > verb.head.i
    ):
        return None
    noun = verb.head
    if noun.ent_type_ in ("DATE", "TIME") or _inside_spans(noun, spans):
        return None
    issuer = _issuer(doc, noun, spans)
    if issuer is not None:
        return issuer
    a, b, kind = _phrase_span(doc, noun)
    if b > verb.idx:  # "a man yelled": the phrase ends before the verb
        last = doc[verb.i - 1]
        b = last.idx + len(last)
    return a, b, kind


def _issuer(doc: Doc, noun: Token, spans: list[tuple[int, int]]) -> _Speaker | None:
    """The subject of the verb whose object is `noun` ("issued a statement")."""
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
                return _speaker_span(doc, c)
    return None


def _inverted_subject(doc: Doc, verb: Token, spans: list[tuple[int, int]]) -> _Speaker | None:
    """"said Abe": an inverted subject parsed as an object ("told AFP" is the hearer,
    "called Smith “a fraud”" names who is called)."""
    if verb.lemma_.lower() in _OBJECT_SPEECH_LEMMAS:
        return None
    first = spans[0][0] if spans else 1 << 62
    for c in verb.children:
        if (
            c.i > verb.i
            and not _inside_spans(c, spans)
            and (c.idx < first or verb.idx > first)
            and c.dep_ in ("dobj", "attr", "npadvmod", "nsubj")
            and _speaker_shaped(doc, verb, c, spans, first)
            and c.ent_type_ not in ("DATE", "TIME")
        ):
            return _speaker_span(doc, c)
    return None


def _speaker_shaped(
    doc: Doc, verb: Token, c: Token, spans: list[tuple[int, int]], first: int
) -> bool:
    """A proper noun; or, right after the quote (“...,” blared the front page), a noun."""
    return c.pos_ == "PROPN" or (
        c.pos_ == "NOUN"
        and verb.idx > first
        and c.left_edge.i == verb.i + 1
        and not _text_between(doc, spans[-1][1], verb.idx).strip(_ALL_MARKS + " ,")
    )


def _name_just_before(doc: Doc, verb: Token, spans: list[tuple[int, int]]) -> _Speaker | None:
    """"Ramos, 58, told": the nearest name or pronoun just before the verb."""
    i = verb.i - 1
    while i >= 0 and verb.i - i <= 5 and not _inside_spans(doc[i], spans):
        tok = doc[i]
        if (
            tok.pos_ in ("PROPN", "PRON")
            and tok.dep_ != "poss"
            and tok.ent_type_ not in ("DATE", "TIME")
        ):
            return _speaker_span(doc, tok)
        if not (tok.is_punct or tok.pos_ in ("NUM", "ADV")):
            break
        i -= 1
    return None


def _relative_antecedent(doc: Doc, verb: Token, spans: list[tuple[int, int]]) -> _Speaker | None:
    """"a White House official who spoke anonymously said": the noun whose relative
    clause ends right before the verb is its subject, however the parser hung it."""
    if verb.i == 0 or _inside_spans(doc[verb.i - 1], spans):
        return None
    last = doc[verb.i - 1]
    for tok in [last, *last.ancestors]:
        if tok.i >= verb.i or tok.right_edge.i != verb.i - 1:
            break
        if tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "relcl" for c in tok.children):
            return _speaker_span(doc, tok)
    return None


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
    for ent in _ents_within(sp):
        if ent.label_ == "PERSON":
            return ent.start_char, ent.end_char, "name"
    return None


def _ents_within(sp: Span) -> list[Span]:
    """The entities wholly inside `sp`, from the tokens' IOB tags.

    `Span.ents` filters every entity of the document; asked once per quote, that made a
    long text quadratic. This reads the span's own tokens (and an entity's tail past it).
    """
    from spacy.tokens import Span

    doc = sp.doc
    out = []
    i = sp.start
    while i < sp.end:
        if doc[i].ent_iob_ != "B":
            i += 1
            continue
        j = i + 1
        while j < len(doc) and doc[j].ent_iob_ == "I":
            j += 1
        if j <= sp.end:
            out.append(Span(doc, i, j, label=doc[i].ent_type_))
        i = j
    return out
