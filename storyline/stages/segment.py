"""Sentences of a parsed document, as offsets into its text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.models import Sentence
from storyline.nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

STAGE_NAME = "storyline.segment.v1"


def sentences(doc: Doc) -> list[Sentence]:
    """Sentences from the parser, split again at paragraph breaks and stripped of edge space."""
    text = doc_text(doc)
    out: list[Sentence] = []
    for sent in doc.sents:
        start = sent.start_char
        # The parser sometimes runs a sentence over a blank line (a headline into
        # the first paragraph); a paragraph break always ends a sentence.
        for piece_start, piece_end in _split_paragraphs(text, start, sent.end_char):
            a, b = _strip(text, piece_start, piece_end)
            if b > a:
                out.append(Sentence(a, b, text[a:b]))
    return out


def _split_paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    pos = start
    while True:
        brk = text.find("\n\n", pos, end)
        if brk < 0:
            pieces.append((pos, end))
            return pieces
        pieces.append((pos, brk))
        pos = brk + 2


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
