"""The publication date of one document, from its own text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from storyline.models import DctGuess, Timex
from storyline.stages.dct.clues import date_clues
from storyline.stages.dct.comments import body_refs, comments
from storyline.stages.dct.dateline import find_dateline
from storyline.stages.dct.refs import DateRef
from storyline.stages.dct.scoring import bounded, score

if TYPE_CHECKING:
    import datetime as dt

    from spacy.tokens import Doc


def infer_dct(
    text: str,
    *,
    stated: dt.date | None = None,
    doc: Doc | None = None,
    timexes: Sequence[Timex] | None = None,
) -> DctGuess | None:
    """Infer the publication date of `text`; None when nothing in the text bounds it.

    `timexes`, when given, must be `timex.tag(text, None, doc)`: the text is not tagged again.
    """
    if stated is not None:
        return DctGuess(stated, stated, stated, 1.0, "dateline")
    if doc is not None and doc.text != text:
        doc = None
    return infer_with_clues(text, doc, timexes)[0]


def infer_with_clues(
    text: str, doc: Doc | None = None, timexes: Sequence[Timex] | None = None
) -> tuple[DctGuess | None, list[DateRef] | None]:
    """`infer_dct` of a text with no stated date, and the text's own date clues it read
    (None when a dateline's full date decided without them): the story-level pass scores
    the same clues again with the story's evidence, without tagging the text twice."""
    dateline = find_dateline(text)
    if dateline is not None and dateline.date is not None:
        d = dateline.date
        return DctGuess(d, d, d, 0.95, "dateline"), None
    refs = body_refs(date_clues(text, doc, timexes), comments(text))
    if not bounded(refs):
        return None, refs
    return score(refs, None, dateline.month_day if dateline else None), refs
