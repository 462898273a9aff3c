"""Batches cut by size: spaCy's peak memory is its largest batch's."""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

from storyline.nlp import pipe_bounded


class _Model:
    max_length = 1_000_000  # no text here is long enough to be parsed in pieces

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def pipe(self, stream: Any, as_tuples: bool, batch_size: int) -> Any:
        items = list(stream)
        assert as_tuples and batch_size == len(items)
        self.batches.append([t for t, _ in items])
        for text, ctx in items:
            yield text.upper(), ctx


def test_batches_end_at_the_count_or_the_character_budget() -> None:
    model = _Model()
    items = [("a" * 40, 1), ("b" * 40, 2), ("c" * 40, 3), ("d" * 100, 4), ("e", 5), ("f", 6), ("g", 7)]
    out = list(pipe_bounded(model, iter(items), batch_size=2, max_chars=100))
    assert out == [(t.upper(), c) for t, c in items]
    assert [len(b) for b in model.batches] == [2, 1, 1, 2, 1]
    assert all(sum(map(len, b)) <= 100 or len(b) == 1 for b in model.batches)
    assert list(pipe_bounded(model, iter([]), batch_size=2, max_chars=100)) == []


class _ZonedModel(_Model):
    """A stand-in that records when its memory zone is open."""

    def __init__(self) -> None:
        super().__init__()
        self.open = False
        self.zones = 0

    @contextlib.contextmanager
    def memory_zone(self) -> Iterator[None]:
        assert not self.open, "memory zones must not be nested"
        self.open, self.zones = True, self.zones + 1
        try:
            yield
        finally:
            self.open = False


def test_each_batch_is_parsed_and_used_inside_its_own_memory_zone() -> None:
    model = _ZonedModel()
    items = [("a" * 40, 1), ("b" * 40, 2), ("c" * 40, 3), ("d" * 100, 4), ("e", 5)]
    seen = []
    for doc, ctx in pipe_bounded(model, iter(items), batch_size=2, max_chars=100):
        assert model.open  # the caller works on a document while its batch's zone is open
        seen.append((doc, ctx))
    assert seen == [(t.upper(), c) for t, c in items]
    assert model.zones == len(model.batches) == 4
    assert not model.open


def test_threads_sharing_a_model_never_open_two_zones_at_once() -> None:
    model = _ZonedModel()
    errors: list[BaseException] = []

    def parse(tag: str) -> None:
        try:
            for _doc, _ctx in pipe_bounded(model, ((f"{tag}{i}" * 10, i) for i in range(30)), 3, 1000):
                time.sleep(0.001)  # the other thread gets the GIL while this batch's zone is open
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=parse, args=(t,)) for t in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and model.zones == 20 and not model.open


def test_the_model_vocabulary_does_not_grow_with_the_texts_parsed(nlp: Any, monkeypatch: Any) -> None:
    from storyline import nlp as nlp_module

    monkeypatch.setattr(nlp_module, "VOCAB_LEXEMES", 0)  # every batch in a zone, as past the bound
    strings = len(nlp.vocab.strings)
    texts = [(f"Zorblaxian{i} met Quuxington{i} in Frobnia{i} on Tuesday, officials said.", i) for i in range(40)]
    out = [(doc.text, [t.lemma_ for t in doc], ctx) for doc, ctx in pipe_bounded(nlp, iter(texts), 8, 10_000)]
    assert [text for text, _, _ in out] == [t for t, _ in texts]
    assert all(lemmas[0].startswith("Zorblaxian") for _, lemmas, _ in out)  # str copies outlive the zone
    assert len(nlp.vocab.strings) == strings


def test_below_the_vocabulary_bound_a_batch_keeps_its_words_and_from_the_bound_on_none_does(
    nlp: Any, monkeypatch: Any
) -> None:
    from storyline import nlp as nlp_module

    monkeypatch.setattr(nlp_module, "VOCAB_LEXEMES", len(nlp.vocab) + 1)
    texts = [(f"Quorblatian{i} visited Plinktown{i} on Monday.", i) for i in range(6)]
    out = [(doc.text, [t.text for t in doc][:1]) for doc, _ in pipe_bounded(nlp, iter(texts), 2, 10_000)]
    assert out == [(t, [f"Quorblatian{i}"]) for t, i in texts]
    # The first batch was parsed under the bound: its words stay (the next batches find them).
    assert all(f"Quorblatian{i}" in nlp.vocab.strings for i in (0, 1))
    # It took the vocabulary to the bound: every later batch was parsed in a zone.
    assert not any(f"{w}{i}" in nlp.vocab.strings for w in ("Quorblatian", "Plinktown") for i in range(2, 6))
    size = len(nlp.vocab.strings)
    list(pipe_bounded(nlp, iter([("Zentrovax met Quillamy.", 0)]), 2, 10_000))
    assert len(nlp.vocab.strings) == size


class _Spy:
    """The real model, recording the texts it is given to parse."""

    def __init__(self, nlp: Any) -> None:
        self.nlp, self.max_length = nlp, nlp.max_length
        self.parsed: list[str] = []

    def pipe(self, stream: Any, as_tuples: bool, batch_size: int) -> Any:
        def seen() -> Any:
            for text, ctx in stream:
                self.parsed.append(text)
                yield text, ctx

        return self.nlp.pipe(seen(), as_tuples=as_tuples, batch_size=batch_size)

    def memory_zone(self) -> Any:
        return self.nlp.memory_zone()


def test_a_text_over_the_character_budget_is_parsed_in_pieces_of_the_budget(nlp: Any) -> None:
    para = "The union said the strike would go on. Talks with the port resumed on Monday in Kerrhaven."
    text = "\n\n".join(f"{para} Day {i}." for i in range(40))  # about 3,800 characters
    spy = _Spy(nlp)
    # What a stage takes from a Doc is taken while its batch's memory zone is open.
    seen = [(doc.text, [t.idx for t in doc if t.text == "Kerrhaven"], ctx)
            for doc, ctx in pipe_bounded(spy, iter([(text, "long"), ("A short one.", "short")]), 8, 1000)]
    assert [(t, c) for t, _, c in seen] == [(text, "long"), ("A short one.", "short")]
    assert len(spy.parsed) > 4 and max(len(p) for p in spy.parsed) <= 1000  # never more than the budget at once
    assert "".join(spy.parsed[:-1]) == text  # the pieces cover the text
    assert seen[0][1] == [m.start() for m in re.finditer("Kerrhaven", text)]  # offsets into the stored text


def test_free_memory_is_given_back_every_few_batches_and_at_the_end(monkeypatch: Any) -> None:
    from storyline import nlp

    calls: list[int] = []
    parsed: list[int] = []
    monkeypatch.setattr(nlp, "release_free_memory", lambda: calls.append(len(parsed)))
    items = [("x" * 100, i) for i in range(10)]  # one text per batch of 100 characters
    for _doc, ctx in pipe_bounded(_Model(), iter(items), batch_size=5, max_chars=100):
        parsed.append(ctx)
    # After each TRIM_BATCHES full batches, then once more when the parse ends.
    every = nlp.TRIM_BATCHES
    assert calls == [*range(every, len(items) + 1, every), len(items)]


def test_doc_text_is_the_docs_text_and_takes_only_the_parsed_text(nlp: Any) -> None:
    from storyline.nlp import doc_text, share_text

    text = "The union said on Monday.\n\nTalks resume  tomorrow. "
    doc = nlp(text)
    assert doc_text(doc) == doc.text == text
    other = nlp(text)
    share_text(other, text + "!")  # another length: refused, the doc's own text is read
    assert doc_text(other) == text
    shared = nlp(text)
    share_text(shared, text)
    assert doc_text(shared) is text
    empty = nlp("")
    share_text(empty, "")
    assert doc_text(empty) == ""
