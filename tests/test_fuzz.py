"""Hypothesis fuzzing of the readers and stages: no input makes them raise or hang.

In the suite each property runs a few dozen cases; `make fuzz` runs 10,000 a property
(STORYLINE_FUZZ_EXAMPLES). Text is drawn from news-like pieces (dates, quotes, names,
markup, control characters, odd Unicode) mixed with arbitrary characters, so the cases
reach the date, quote and cleaning rules, not only their early exits.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.export.render import markdown, md
from storyline.models import RawDocument
from storyline.stages import clean, dct, events, guard, read, segment, timex

if TYPE_CHECKING:
    from spacy.language import Language

EXAMPLES = int(os.environ.get("STORYLINE_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow]
)

PIECES = [
    "On Monday", "March 3, 2025", "0000-01-01", "9999-12-31", "the year 0", "Jan. 32", "2025-02-30",
    "yesterday", "next week", "in 1999", "last Tuesday", "10,000 BC", "12:30 p.m.", "Q4 2024",
    '"We will win," Olsen said.', "“Never,” she said", "‘Maybe’", "said that", "according to",
    "Maria Olsen", "the council", "\n\n", "\n", "\r\n", "\t", " ", ".", "!", "?", "(", ")", "--",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "*", "_",
    "\u202e", "\u200b", "\ufeff", "\x00", "\x85", "\u2028", "é", "日本", "🙂", "9" * 60, "Share on Facebook",
    "By Jane Roe", "Published: 2025-03-04", "Reuters", "MOSCOW, Jan. 23 (Reuters) --",
]
news_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join)
dates = st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))


@FUZZ
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.md", "a.html", "a.json", "a.jsonl", "manifest.csv"]))
def test_readers_never_raise(tmp_path_factory: pytest.TempPathFactory, data: bytes, name: str) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / name).write_bytes(data)
    items = list(read.iter_inputs([folder], limits=read.Limits(max_json_depth=20, max_number_digits=30)))
    assert all(isinstance(i, RawDocument | InputError) for i in items)
    assert all("\x00" not in (i.text or i.html or "") for i in items if isinstance(i, RawDocument))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | news_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "html", "title", "published", "outlet", "url", "x"]), inner, max_size=5
    ),
    max_leaves=20,
)


@FUZZ
@given(json_values)
def test_json_records_never_raise(value: Any) -> None:
    text = json.dumps(value)
    items = list(read._read_json("x.json", text, read.Limits()))
    assert all(isinstance(i, RawDocument | InputError) for i in items)


@FUZZ
@given(st.binary(max_size=300))
def test_decoding_gives_text_or_one_input_error(data: bytes) -> None:
    try:
        text, problem = guard._decode_report(data, "x")
    except InputError:
        return
    assert isinstance(text, str) and "\r" not in text
    assert problem is None or "U+FFFD" in problem


@FUZZ
@given(news_text, dates)
def test_text_stages_never_raise(text: str, published: dt.date | None) -> None:
    cleaned = clean.clean(text)
    assert isinstance(cleaned.text, str)
    dct.find_date_refs(text)
    dct.infer_dct(text)
    for t in timex.tag(text, published):
        assert 0 <= t.start <= t.end <= len(text) and text[t.start : t.end] == t.text


@FUZZ
@given(news_text)
def test_html_extraction_gives_text_or_one_input_error(text: str) -> None:
    try:
        body, _ = clean.extract_html(f"<html><body><article><p>{text}</p></article></body></html>")
    except InputError:
        return
    assert body.strip()


@FUZZ
@given(news_text)
def test_markdown_keeps_article_markup_inert(text: str) -> None:
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(f"- {md(text)}")
    assert "<script" not in rendered and "<img" not in rendered and 'href="javascript' not in rendered
    story = {"documents": [{"id": "d1", "path": text or "p", "title": text}], "summary": [],
             "timeline": [], "entities": [], "quotes": []}
    assert "<script" not in MarkdownIt("commonmark").render(markdown(story))


@pytest.fixture(scope="module")
def parsed_stages(nlp: Language) -> Language:
    return nlp


@FUZZ
@given(news_text, dates)
def test_parsed_stages_never_raise(parsed_stages: Language, text: str, published: dt.date | None) -> None:
    from storyline.stages import entities, quotes

    doc = parsed_stages(text)
    sentences = segment.sentences(doc)
    for s in sentences:
        assert text[s.start : s.end] == s.text
    dct.infer_dct(text, doc=doc)
    entities.document_mentions(doc, "d1")
    tx = timex.tag(text, published, doc)
    for q in quotes.extract_quotes(doc):
        assert 0 <= q.start <= q.end <= len(text)
    events.event_mentions("d1", sentences, tx, published)


def test_pieces_reach_the_date_and_markup_rules() -> None:
    # The drawn text is made of these pieces: they must hit the rules, not only early exits.
    text = " ".join(PIECES)
    assert len(timex.tag(text, dt.date(2025, 3, 5))) >= 5
    assert "&lt;script&gt;" in md(text) and dct.find_date_refs(text)


@pytest.mark.parametrize("published", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_dates_at_the_ends_of_the_calendar(published: dt.date) -> None:
    # "year 0 is out of range" and date overflows once stopped the timex stage.
    text = ("Tomorrow the council meets, and next year, next week and next month again. It met last "
            "year on January 1, last Tuesday and in March, officials said on Friday, 0000-01-01.")
    found = timex.tag(text, published)
    assert {t.text for t in found} >= {"Tomorrow", "next year", "last year"}
    assert any(t.value is None for t in found)  # the days past the calendar's ends stay unresolved
    events.event_mentions("d1", [], found, published)
