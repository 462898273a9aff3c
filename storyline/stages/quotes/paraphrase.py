"""Indirect speech: clauses reported by a speech verb outside direct quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline import lexicon
from storyline.models import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc
from storyline.stages.quotes.cues import _cue_of
from storyline.stages.quotes.spans import _ALL_MARKS, _inside, _Raw
from storyline.stages.quotes.speakers import _verb_speaker
from storyline.stages.quotes.speech import _INDIRECT_LEMMAS, _SPEECH_FORMS_RE

# Heads of a role phrase that may report speech: unnamed sources, people's roles and
# bodies that speak through someone ("the campaign said").
_SPEAKER_HEADS = lexicon.anonymous_heads() | lexicon.role_heads() | lexicon.speaking_bodies()


def _is_person_noun(phrase: str) -> bool:
    words = phrase.lower().split()
    if not words:
        return False
    last = words[-1].rstrip("s") if words[-1] not in ("people",) else "people"
    return last in _SPEAKER_HEADS


def _indirect(doc: Doc, text: str, raws: list[_Raw]) -> list[Quote]:
    """Reported clauses (`X said that ...`) of speech verbs outside direct quotes."""
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
        if any(r.cue is not None and r.cue[0] == verb.idx and r.end < verb.idx for r in direct):
            continue  # “...,” Abe said at a meeting, part of which ...: the quote is its report
        if any(abs(r.start - a) <= 2 for r in direct):
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
