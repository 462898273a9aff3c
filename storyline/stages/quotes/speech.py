"""Speech vocabulary and the test of whether a token reports speech."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline import lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# Verbs that report speech (or writing) and so attribute a quote, from the lexicon.
SPEECH_LEMMAS = lexicon.speech_lemmas()
# Verbs that take an indirect ccomp only when they are clearly reporting speech: every
# speech verb but those whose clause is not what was said ("ask", "urge", "describe").
_INDIRECT_LEMMAS = frozenset(
    lemma for lemma, verb in lexicon.speech_verbs().items() if verb.reports_clause
)
# Word forms of the speech verbs, to locate candidate cues without a token loop.
_SPEECH_FORMS_RE = lexicon.speech_forms_re()
_SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")


# Speech verbs whose object is who is addressed or talked about, never an inverted subject.
_OBJECT_SPEECH_LEMMAS = lexicon.words("addressing_verbs")


# Nouns for something said; with a possessor ("his call for", "Obama's promise") they
# attribute the quote that follows them.
_SPEECH_NOUNS = lexicon.words("speech_nouns")
_PUT_PLACES = frozenset(["aside", "away", "down", "back", "off", "up", "out", "there", "here"])


# Capitalised words that open a new sentence rather than an attribution after a quote.
_SENTENCE_OPENERS = frozenset(
    ["He", "She", "They", "We", "It", "I", "You", "His", "Her", "Their", "Its", "The", "A", "An"]
    + ["This", "That", "These", "Those", "But", "And", "So", "Then"]
)


# Verbs that report speech with a particle only ("fired back", "cut in", "spoke out").
_PHRASAL_SPEECH = lexicon.phrasal_speech()


def _writers_aside(tok: Token) -> bool:
    """"Trump said, and I quote, “...”": the writer's "I quote" is no cue of its own."""
    return tok.lemma_.lower() == "quote" and any(
        c.dep_ == "nsubj" and c.lower_ == "i" for c in tok.children
    )


def _is_speech(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if lemma in ("read", "continue") and (
        tok.tag_ not in ("VBD", "VBZ", "VBP")
        or (lemma == "continue" and any(c.dep_ in ("dobj", "xcomp") for c in tok.children))
    ):
        # "a statement to read", "continue the dialogue": only "the sign read(s)",
        # "he continued" report words.
        return False
    if _writers_aside(tok):
        return False
    # "Rubio fired back:", "her husband cut in": a particle makes a speech verb.
    if (
        lemma in _PHRASAL_SPEECH
        and tok.pos_ == "VERB"
        and any(
            c.dep_ in ("prt", "advmod") and c.i == tok.i + 1 and c.lower_ in _PHRASAL_SPEECH[lemma]
            for c in tok.children
        )
    ):
        return True
    return lemma in SPEECH_LEMMAS and tok.pos_ in ("VERB", "AUX")


def _is_put_it(doc: Doc, tok: Token) -> bool:
    """`as X put it`: an attribution idiom with a verb that is not otherwise speech.

    Not "put it aside" or "put it on the table": a particle or a place after "it" makes
    it the plain verb.
    """
    if not (
        tok.lemma_.lower() == "put" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "it"
    ):
        return False
    if tok.i + 2 >= len(doc):
        return True
    nxt = doc[tok.i + 2]
    return nxt.dep_ != "prt" and nxt.pos_ not in ("ADP", "PART") and nxt.lower_ not in _PUT_PLACES
