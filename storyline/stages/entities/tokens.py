"""Tokens of a parsed document picked without reading every token from Python.

The entity stage looks at few tokens of a document (hyphens, proper nouns, pronouns,
role nouns); these find them from the text or with one array test over `Doc.to_array`,
in token order, so the loops over them see exactly the tokens a scan of the whole
document would have kept.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def hyphen_tokens(doc: Doc, text: str) -> list[Token]:
    """The tokens whose text is `-`, found from the hyphens of `text` (the doc's text)."""
    out = []
    pos = text.find("-")
    while pos >= 0:
        span = doc.char_span(pos, pos + 1)
        if span is not None and len(span) == 1:
            out.append(span[0])
        pos = text.find("-", pos + 1)
    return out


def proper_noun_indexes(doc: Doc) -> list[int]:
    """Indexes of the tokens tagged PROPN, in order."""
    from spacy.attrs import POS
    from spacy.parts_of_speech import PROPN

    return [int(i) for i in (doc.to_array(POS) == PROPN).nonzero()[0]]


def indexes_of_lowers(doc: Doc, words: Iterable[str]) -> list[int]:
    """Indexes of the tokens whose lower-case form may be one of `words`, in order.

    Picked by spaCy's hash of the form (the LOWER attribute): the caller still checks
    `token.lower_`, so a hash collision can only add a token it then passes over.
    """
    from spacy.attrs import LOWER

    return [int(i) for i in np.isin(doc.to_array(LOWER), _hashes(frozenset(words))).nonzero()[0]]


@functools.cache
def _hashes(words: frozenset[str]) -> npt.NDArray[np.uint64]:
    from spacy.strings import hash_string  # type: ignore[attr-defined]  # in the .pyx, not the stub

    return np.array(sorted(hash_string(w) for w in words), dtype=np.uint64)
