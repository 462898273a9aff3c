"""Whether a date expression is placed before or after the publication date: its tense."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from storyline.stages.dct.refs import DateRef
from storyline.stages.dct.sentences import sentence_bounds

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_FUTURE_CUE = re.compile(
    r"\b(?:will|'ll|shall|wo n't|won't|would|is to|are to|going to|scheduled|slated|due|plans?|"
    r"planned|planning|expected to|expects to|upcoming|coming|next|set to|set for|ahead of|"
    r"until|deadline|expects?|forecasts?|projects?|projected|estimates?|predict\w*|projections?|"
    r"anticipat\w*|outlook|payable|of record|to be|(?-i:may|might|could))\b",
    re.IGNORECASE,
)
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|said|ago|last|earlier|began|met|held|took|came|went|won|lost|"
    r"fell|rose|made|told|announced|(?<!be )[a-z]{3,}ed)\b",
    re.IGNORECASE,
)


def _tense_from_text(text: str, ref: DateRef) -> str:
    """Guess tense from cue words of the sentence, nearest the expression first."""
    if ref.kind == "relative" and ref.offset is not None:
        return "past" if ref.offset < 0 else "future" if ref.offset > 0 else "unknown"
    low = ref.text.lower()
    if low.startswith(("last", "past")):
        return "past"
    if low.startswith(("next", "coming")):
        return "future"
    left, right = sentence_bounds(text, ref.start, ref.end)
    if _is_deadline(text, ref):
        return "future"
    # Clause before the expression, closest cue wins; a comma-free window keeps it local.
    before = text[max(left, ref.start - 120) : ref.start]
    after = text[ref.end : min(right, ref.end + 60)]
    best: tuple[int, str] | None = None
    for cue, tense in ((_FUTURE_CUE, "future"), (_PAST_CUE, "past")):
        for m in cue.finditer(before):
            distance = len(before) - m.end()
            if best is None or distance < best[0]:
                best = (distance, tense)
        m_after = cue.search(after)
        if m_after is not None:
            # Cues after the date count less: they often belong to the next clause.
            distance = m_after.start() + 60
            if best is None or distance < best[0]:
                best = (distance, tense)
    return best[1] if best is not None else "unknown"


_FUTURE_LEMMAS = frozenset({"schedule", "slate", "plan", "set", "expect", "due", "intend"})
_FORECAST_LEMMAS = frozenset({"predict", "forecast", "project", "estimate", "anticipate", "expect"})
_DEADLINE = re.compile(r"\b(?:by|until|till|before)\s+(?:the\s+end\s+of\s+)?$")


def _is_deadline(text: str, ref: DateRef) -> bool:
    """Whether the expression is a deadline ("by Friday", "until March 3"): still to come."""
    return _DEADLINE.search(text[max(0, ref.start - 30) : ref.start]) is not None


def _tense_from_doc(doc: Doc, ref: DateRef) -> str | None:
    """Tense of the verb governing the expression, from the parse; None if not found."""
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok: Token = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxes}
    if words & {"will", "'ll", "shall", "wo", "ca", "would", "'d"} and "have" not in words:
        # "would" is the future of reported speech: "said it would sign on Friday".
        return "future"
    first = span.root.head
    if tok.lemma_ in _FORECAST_LEMMAS and first is not tok and first.pos_ in ("NOUN", "PROPN"):
        return "future"  # what a forecast is about: "predicting 1990 earnings"
    if tok.lemma_ in _FUTURE_LEMMAS and tok.tag_ in ("VBN", "VBZ", "VBP"):
        return "future"
    if any(c.lower_ == "to" and c.dep_ == "aux" for c in auxes) and tok.head is not tok:
        governor = tok.head
        if governor.lemma_ in _FUTURE_LEMMAS or governor.lower_ in ("is", "are"):
            return "future"
        return "unknown"
    if tok.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes):
        return "past"
    if tok.tag_ == "VBN" and words & {"has", "have", "had"}:
        return "past"
    if words & {"could", "might", "may"}:
        return "unknown"
    return None


def with_tense(text: str, refs: Iterable[DateRef], doc: Doc | None) -> list[DateRef]:
    out = []
    # `doc.text` is rebuilt from the tokens on every access: checked once, not per date.
    parsed = doc is not None and len(doc.text) == len(text)
    for ref in refs:
        tense = None
        if doc is not None and parsed and ref.kind != "relative":
            tense = "future" if _is_deadline(text, ref) else _tense_from_doc(doc, ref)
        if tense is None:
            tense = _tense_from_text(text, ref)
        out.append(replace(ref, tense=tense))
    return out
