"""Attribution of direct quotes: the cue and speaker of each quote, in order of
evidence, and speakers carried to adjacent quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.models import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
from storyline.stages.quotes.cues import (
    _according,
    _attributes_back,
    _clause_verb_after,
    _colon_intro,
    _cue_after,
    _cue_of,
    _cue_sentence_before,
    _first_speech_verb,
    _governing_speech_verb,
    _nearer_cue,
    _speech_noun_owner,
)
from storyline.stages.quotes.spans import (
    _ALL_MARKS,
    _ends_open,
    _Raw,
    _whole_paragraph,
    _window_after,
    _window_before,
)
from storyline.stages.quotes.speakers import (
    _DASH_NAME_COLON_RE,
    _channel_name,
    _kind_of,
    _name_before_colon,
    _person_in,
    _speaker_span,
    _text_speaker,
    _verb_speaker,
)
from storyline.stages.quotes.speech import _is_speech


def _attribute(doc: Doc, text: str, raw: _Raw, raws: list[_Raw], idx: int) -> None:
    """Find the cue and speaker of one direct quote, `raws[idx]` (its place given, not searched)."""
    prev_end = raws[idx - 1].end + 1 if idx > 0 else 0
    next_start = raws[idx + 1].start - 1 if idx + 1 < len(raws) else len(text)
    after = _window_after(text, raw.end, next_start)
    before = _window_before(text, raw.start, prev_end)
    # A nested quote may sit between the comma and the closing mark (“... ‘B,’” X said).
    tail = text[max(raw.start, raw.end - 3) : raw.end].rstrip(_ALL_MARKS)
    raw.closes_with_comma = tail.endswith(",") or text[raw.end + 1 : raw.end + 2] == ","
    verb, colon_name = _find_cue(doc, text, raw, raws, after, before)
    according = _according(doc, text, after, before)
    if verb is not None:
        _from_verb(doc, raw, verb)
        _credited_name(text, raw, before, colon_name)
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
    _last_resort_speaker(doc, text, raw, raws, verb, after, before, prev_end)


def _find_cue(
    doc: Doc,
    text: str,
    raw: _Raw,
    raws: list[_Raw],
    after: tuple[int, int],
    before: tuple[int, int],
) -> tuple[Token | None, tuple[int, int, str] | None]:
    """The verb that attributes the quote, and a name before a colon that introduces it."""
    # 1. The parse: a speech verb governing the quoted words (partial quotes,
    #    "“...,” he said" where the quote is the verb's ccomp).
    verb = _governing_speech_verb(doc, text, raw)
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
    return verb, colon_name


def _credited_name(
    text: str, raw: _Raw, before: tuple[int, int], colon_name: tuple[int, int, str] | None
) -> None:
    """A name the quote is credited to before a colon overrides the clause's subject."""
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


def _last_resort_speaker(
    doc: Doc,
    text: str,
    raw: _Raw,
    raws: list[_Raw],
    verb: Token | None,
    after: tuple[int, int],
    before: tuple[int, int],
    prev_end: int,
) -> None:
    """With no speaker from the cue: the word order of the text, a person next to the
    quote, the attribution sentence before it, or the owner of a speech noun."""
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


def _from_verb(doc: Doc, raw: _Raw, verb: Token) -> None:
    raw.cue = _cue_of(verb)
    speaker, channel = _verb_speaker(doc, verb, raw.pieces)
    raw.speaker = speaker
    raw.channel = channel


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
