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

from typing import TYPE_CHECKING

from storyline.models import Quote
from storyline.nlp import doc_text
from storyline.stages.quotes.attribution import _attribute, _carry_speakers, _to_quote
from storyline.stages.quotes.paraphrase import _indirect
from storyline.stages.quotes.spans import _classify, _merge_adjacent, _merge_split, _scan
from storyline.stages.quotes.speech import SPEECH_LEMMAS

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["SPEECH_LEMMAS", "STAGE_NAME", "extract_quotes"]

STAGE_NAME = "storyline.quotes.v3"


def extract_quotes(doc: Doc) -> list[Quote]:
    """Direct, indirect and scare quotes of `doc`, with speakers, cues and channels."""
    text = doc_text(doc)
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
