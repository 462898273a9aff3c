"""The tense of the clause holding an expression: past, present, future or unknown."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

from storyline.stages.timex.specs import _Ctx

# ------------------------------------------------------------------ tense

_FUTURE_WORDS = re.compile(
    r"\b(will|'ll|shall|going\s+to|scheduled|expected\s+to|plans?\s+to|planned|planning|due\s+to|set\s+to|"
    r"to\s+be\s+held|is\s+to|are\s+to|would|intends?\s+to|upcoming|next)\b",
    re.IGNORECASE,
)
_PAST_WORDS = re.compile(
    r"\b(was|were|had|did|said|ago|last|earlier|told|announced|\w+ed)\b", re.IGNORECASE
)
_FUTURE_LEMMAS = {"will", "shall", "schedule", "plan", "expect", "intend", "due", "set"}


_UNTIL = re.compile(r"\b(?:until|till|by|effective)\s+(?:early\s+|late\s+|mid-?)?$", re.IGNORECASE)


_QUOTE_MARK = re.compile(r"``|''|[\"“”]")
_HAD = re.compile(r"\b(?:had|'d)\b", re.IGNORECASE)


def _sentence_around(text: str, start: int, end: int, before: int, after: int) -> tuple[int, int]:
    """(left, right) of the sentence holding `text[start:end]`, at most `before` and
    `after` characters away: `left` is the index just before the sentence starts."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), start - before)
    ends = [p for p in (text.find(". ", end), text.find("\n", end)) if p >= 0]
    return left, min([*ends, end + after])


def _past_perfect(text: str, start: int) -> bool:
    """Whether the sentence around `start` speaks in the past perfect ("had filed")."""
    left, right = _sentence_around(text, start, start, 200, 200)
    return _HAD.search(text, left + 1, right) is not None


def _tense(ctx: _Ctx, start: int, end: int) -> str:
    """`past`, `future` or `` for the clause holding the span at `start`."""
    if start in ctx.tense_cache:
        return ctx.tense_cache[start]
    if _UNTIL.search(ctx.text, max(0, start - 16), start) and not _past_perfect(ctx.text, start):
        # "postponed until Tuesday", "must be returned by Jan. 14": a deadline lies ahead;
        # "had filed reports by Wednesday" looks back from it.
        result = "future"
    else:
        result = (
            _tense_doc(ctx, start, end) if ctx.doc is not None else _tense_regex(ctx.text, start, end)
        )
    ctx.tense_cache[start] = result
    return result


def _tense_regex(text: str, start: int, end: int) -> str:
    left, right = _sentence_around(text, start, end, 80, 60)
    window = text[left + 1 : start] + " " + text[end:right]
    fut = [x.start() for x in _FUTURE_WORDS.finditer(window)]
    past = [x.start() for x in _PAST_WORDS.finditer(window)]
    near = start - left - 1
    best_f = min((abs(p - near) for p in fut), default=10**6)
    best_p = min((abs(p - near) for p in past), default=10**6)
    if best_f < best_p:
        return "future"
    if best_p < 10**6:
        return "past"
    return ""


def _plans(verb: Token) -> bool:
    """Whether 'set' plans something ('set to vote', 'set for Friday'), not 'a record set on Aug. 6'."""
    return any(c.dep_ == "xcomp" or c.lower_ == "for" for c in verb.children)


_NEGATIVE_SUBJECTS = frozenset({"neither", "nobody", "none", "no-one"})


def _refused(verb: Token) -> bool:
    """Whether the clause of `verb` is negated: `not`, `never`, or a subject like `neither`."""
    return any(
        c.dep_ == "neg"
        or (c.dep_ in ("nsubj", "nsubjpass") and (
            c.lower_ in _NEGATIVE_SUBJECTS
            or any(d.dep_ in ("det", "preconj") and d.lower_ in ("no", "neither")
                   for d in c.children)))
        for c in verb.children
    )


# Verbs whose past is spelt like their present: "hurt", "cut", "set", "put".
_SAME_PAST = frozenset({
    "bet", "bid", "broadcast", "burst", "cast", "cost", "cut", "forecast", "hit", "hurt", "let",
    "put", "quit", "read", "rid", "set", "shed", "shut", "split", "spread", "thrust", "upset",
})
_SINGULAR_PRONOUNS = frozenset({"he", "she", "it", "this", "that", "one"})


def _bare_past(verb: Token) -> bool:
    """Whether a "present" verb spelt like its past must be past: a singular subject.

    "Weakness in big stocks hurt the composite": a present would be "hurts".
    """
    if verb.tag_ != "VBP" or verb.lower_ not in _SAME_PAST:
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(subjects) and all(
        (s.tag_ in ("NN", "NNP") or s.lower_ in _SINGULAR_PRONOUNS)
        and not any(c.dep_ in ("conj", "cc") for c in s.children)
        for s in subjects
    )


def _tense_doc(ctx: _Ctx, start: int, end: int) -> str:
    """The tense read from the parse: the verb governing the span, its auxiliaries, and
    up to two more verbs it hangs on (an infinitive's governor, a participle's clause)."""
    verb = _governing_verb(ctx, start, end)
    if verb is None:
        return _tense_regex(ctx.text, start, end)
    lo, hi = sorted((end, verb.idx))
    if _QUOTE_MARK.search(ctx.text, lo, hi):
        # "Wechsler on Thursday: ``Without commenting ... is inaccurate'' ": the verb the
        # parse found is inside a quotation the date is not in, so it tells nothing.
        return ""
    for _ in range(3):
        got = _clause_step(ctx, verb, start, end)
        if got is None:
            break
        if isinstance(got, str):
            return got
        verb = got
    return _tense_regex(ctx.text, start, end)


def _governing_verb(ctx: _Ctx, start: int, end: int) -> Token | None:
    """The verb (or auxiliary) the span hangs on, at most eight heads up; None if none."""
    assert ctx.doc is not None
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verb = span.root
    for _ in range(8):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    return verb if verb.pos_ in ("VERB", "AUX") else None


def _clause_step(ctx: _Ctx, verb: Token, start: int, end: int) -> str | Token | None:
    """What `verb` says of the tense: a tense (str), another verb to read instead, or
    None when it says nothing (the text around decides)."""
    lowers = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    marked = _marked_tense(verb, lowers)
    if marked is not None:
        return marked
    if (
        lowers & {"to"}
        or verb.tag_ == "VB"
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
    ):
        return _infinitive_tense(ctx, verb, start, end)
    return _finite_tense(verb, lowers)


def _marked_tense(verb: Token, lowers: set[str]) -> str | Token | None:
    """A tense marked by an auxiliary or a verb of planning; None if none is."""
    if lowers & {"will", "'ll", "shall", "wo"}:
        return "future"
    if "had" in lowers:
        return "past"  # "had been scheduled for Friday": a plan seen from the past
    if (
        verb.dep_ == "acl"
        and verb.tag_ == "VBN"
        and verb.lemma_ in _FUTURE_LEMMAS
        and verb.head.head.pos_ in ("VERB", "AUX")
        and verb.head.head is not verb.head
    ):
        # "a service planned for Saturday was canceled": the clause verb sets the time.
        return verb.head.head
    if (
        verb.lemma_ in _FUTURE_LEMMAS
        and verb.tag_ in ("VBN", "VBZ", "VBP", "VBG")
        and (verb.lemma_ != "set" or _plans(verb))
    ):
        return "future"
    if verb.tag_ == "VBG" and lowers & {"is", "are", "'s", "'re", "am"}:
        return "future"
    return None


def _infinitive_tense(ctx: _Ctx, verb: Token, start: int, end: int) -> str | Token:
    """An infinitive's tense, from what governs it ("agreed to meet", "plans to meet")."""
    head = verb.head
    if head is verb:
        return "future"
    if head.pos_ not in ("VERB", "AUX") and head.head is not head:
        head = head.head  # "had been due to expire Friday": the copula carries the tense
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had" for c in head.children):
        return "past"  # "had been scheduled to expire Friday": a plan seen from the past
    if head.lemma_ in _FUTURE_LEMMAS or head.tag_ in ("VBZ", "VBP", "VB"):
        return "future"
    if head.tag_ == "VBD":
        return _tense_regex(ctx.text, start, end) or "past"
    return head


def _finite_tense(verb: Token, lowers: set[str]) -> str | Token | None:
    """The tense of a finite verb or participle with no marking auxiliary."""
    if verb.tag_ == "VBD" or lowers & {"was", "were", "had", "did", "has", "have"}:
        return "past"
    if not lowers and _bare_past(verb):
        return "past"
    if verb.tag_ == "VBN" and verb.dep_ == "acl" and not lowers:
        return "past"  # "its record high set on Aug. 6": a participle reports a done act
    if verb.tag_ in ("VBZ", "VBP") or (
        verb.tag_ == "VBN" and lowers & {"is", "are", "am", "'s", "'re"}
    ):
        return "present"  # "is believed to be seeking ... in June": not a report of the past
    if (verb.tag_ == "VBG" and not lowers and verb.dep_ in ("advcl", "conj")
            and verb.head.pos_ in ("VERB", "AUX") and verb.head is not verb):
        # "has fluctuated ..., rising to $42 in June from $29 in March": a participle
        # clause happens when the clause it hangs on does.
        return verb.head
    if lowers & {"would", "could", "might", "may", "should", "must", "can"}:
        if lowers & {"would", "could"} and verb.dep_ == "ROOT" and _refused(verb):
            # "Neither side would confirm the figures on Wednesday", "he could not
            # say Friday": a refusal reported in a main clause happened already.
            return "past"
        return "future"
    return None
