"""Indirect speech: clauses reported by a speech verb outside direct quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline import lexicon
from storyline.models import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc
from storyline.stages.quotes.cues import _cue_of
from storyline.stages.quotes.spans import _ALL_MARKS, _Positions, _Raw
from storyline.stages.quotes.speakers import _verb_speaker
from storyline.stages.quotes.speech import _INDIRECT_LEMMAS

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
    # Looked up by position, not scanned per verb: a long text has many of both.
    inside = _Positions(raws)
    spans = _Positions(direct)
    by_cue: dict[int, list[int]] = {}
    for r in direct:
        if r.cue is not None:
            by_cue.setdefault(r.cue[0], []).append(r.end)
    starts = {r.start for r in direct}
    out: list[Quote] = []
    for m in lexicon.find_speech_forms(text):  # _SPEECH_FORMS_RE.finditer(text), faster
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
