"""Speech vocabulary and the test of whether a token reports speech."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# Lemmas of verbs that report speech (or writing) and so attribute a quote.
SPEECH_LEMMAS = frozenset(
    [
        "say",
        "tell",
        "add",
        "stress",
        "note",
        "explain",
        "warn",
        "insist",
        "claim",
        "argue",
        "state",
        "announce",
        "declare",
        "reply",
        "respond",
        "answer",
        "ask",
        "write",
        "tweet",
        "post",
        "report",
        "suggest",
        "acknowledge",
        "admit",
        "confirm",
        "deny",
        "emphasize",
        "emphasise",
        "complain",
        "call",
        "describe",
        "recall",
        "predict",
        "promise",
        "vow",
        "urge",
        "assert",
        "contend",
        "observe",
        "remark",
        "comment",
        "conclude",
        "maintain",
        "reiterate",
        "testify",
        "quip",
        "joke",
        "shout",
        "yell",
        "indicate",
        "express",
        "agree",
        "concede",
        "caution",
        "quote",
        "point",
        "allege",
        "recount",
        "lament",
        "boast",
        "brag",
        "scoff",
        "muse",
        "wonder",
        "mention",
        "charge",
        "counter",
        "retort",
        "pledge",
        "exclaim",
        "add",
        "whisper",
        "cry",
        "chant",
        "proclaim",
        "demand",
        "threaten",
        "accuse",
        "criticize",
        "criticise",
        "praise",
        "blast",
        "slam",
        "attack",
        "tout",
        "insist",
        "affirm",
        "opine",
        "exhort",
        "interject",
        "sing",
        "read",
        "scream",
        "bellow",
        "mutter",
        "plead",
        "clarify",
        "concur",
        "thank",
        "cite",
        "blare",
        "continue",
    ]
)


# Verbs that take an indirect ccomp only when they are clearly reporting speech: every
# speech verb but those whose clause is not what was said ("ask", "urge", "describe").
_INDIRECT_LEMMAS = SPEECH_LEMMAS - frozenset(
    ["accuse", "answer", "ask", "attack", "bellow", "blare", "blast", "boast", "brag", "call", "chant", "cite", "continue", "criticise", "criticize", "cry", "demand", "describe", "exclaim", "express", "joke", "lament", "muse", "point", "post", "praise", "proclaim", "quip", "quote", "read", "recall", "recount", "scoff", "scream", "shout", "sing", "slam", "threaten", "thank", "tout", "urge", "whisper", "wonder", "yell"]
)


# Word forms of the speech verbs, to locate candidate cues without a token loop.
_SPEECH_FORMS_RE = re.compile(
    r"\b(?:say|says|said|saying|tell|tells|told|telling|add|adds|added|adding|stress(?:es|ed|ing)?"
    r"|not(?:e|es|ed|ing)|explain(?:s|ed|ing)?|warn(?:s|ed|ing)?|insist(?:s|ed|ing)?"
    r"|claim(?:s|ed|ing)?|argu(?:e|es|ed|ing)|stat(?:e|es|ed|ing)|announc(?:e|es|ed|ing)"
    r"|declar(?:e|es|ed|ing)|repl(?:y|ies|ied|ying)|respond(?:s|ed|ing)?|acknowledg(?:e|es|ed|ing)"
    r"|admit(?:s|ted|ting)?|confirm(?:s|ed|ing)?|den(?:y|ies|ied|ying)|emphasi[sz](?:e|es|ed|ing)"
    r"|complain(?:s|ed|ing)?|predict(?:s|ed|ing)?|promis(?:e|es|ed|ing)|vow(?:s|ed|ing)?"
    r"|assert(?:s|ed|ing)?|contend(?:s|ed|ing)?|observ(?:e|es|ed|ing)|remark(?:s|ed|ing)?"
    r"|comment(?:s|ed|ing)?|conclud(?:e|es|ed|ing)|maintain(?:s|ed|ing)?|reiterat(?:e|es|ed|ing)"
    r"|testif(?:y|ies|ied|ying)|indicat(?:e|es|ed|ing)|conced(?:e|es|ed|ing)|caution(?:s|ed|ing)?"
    r"|alleg(?:e|es|ed|ing)|report(?:s|ed|ing)?|wr(?:ite|ites|ote|itten|iting)|tweet(?:s|ed|ing)?"
    r"|suggest(?:s|ed|ing)?|agree(?:s|d|ing)?|pledg(?:e|es|ed|ing)|mention(?:s|ed|ing)?"
    r"|continu(?:e|es|ed|ing)|counter(?:s|ed|ing)?|reads?|retort(?:s|ed|ing)?|charg(?:e|es|ed|ing))\b",
    re.IGNORECASE,
)


_SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")


# Speech verbs whose object is who is addressed or talked about, never an inverted subject.
_OBJECT_SPEECH_LEMMAS = frozenset(
    ["tell", "ask", "call", "describe", "praise", "criticize", "criticise", "accuse", "attack"]
    + ["blast", "slam", "urge", "thank", "quote", "cite", "tout", "promise", "warn", "remind"]
)


# Nouns for something said; with a possessor ("his call for", "Obama's promise") they
# attribute the quote that follows them.
_SPEECH_NOUNS = frozenset(
    ["call", "promise", "pledge", "vow", "claim", "warning", "statement", "remark", "words"]
    + ["dictum", "message", "post", "tweet", "chant", "slogan", "motto", "mantra", "refrain"]
    + ["plea", "appeal", "demand", "insistence", "assurance", "argument", "comment", "quip"]
    + ["rejection", "description", "assessment", "verdict", "answer", "reply", "response"]
)


_PUT_PLACES = frozenset(["aside", "away", "down", "back", "off", "up", "out", "there", "here"])


# Capitalised words that open a new sentence rather than an attribution after a quote.
_SENTENCE_OPENERS = frozenset(
    ["He", "She", "They", "We", "It", "I", "You", "His", "Her", "Their", "Its", "The", "A", "An"]
    + ["This", "That", "These", "Those", "But", "And", "So", "Then"]
)


# Verbs that report speech with a particle only ("fired back", "cut in", "spoke out").
_PHRASAL_SPEECH = {
    "fire": ("back",),
    "shoot": ("back",),
    "hit": ("back",),
    "snap": ("back",),
    "strike": ("back",),
    "push": ("back",),
    "chime": ("in",),
    "cut": ("in",),
    "lash": ("out",),
    "speak": ("out", "up"),
}


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
