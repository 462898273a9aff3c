"""Markup from articles stays inert in story.md and story.html."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from markdown_it import MarkdownIt

from storyline.export.render import html_page, markdown

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "<javascript:alert(1)>",
    "`code` *bold* _it_ ~~gone~~",
    "line one\n# a heading\n- a list\n<script>x</script>",
]


def _story(text: str) -> dict[str, Any]:
    src = [{"document": "d1", "start": 0, "end": 5}]
    return {
        "documents": [{"id": "d1", "path": text, "title": text, "outlet": text, "published": "2025-03-03",
                       "text": text}],
        "summary": [{"text": text, "sources": src}],
        "timeline": [{"date": "2025-03-03", "entries": [{"text": text, "sources": src, "timex": text}]}],
        "entities": [{"id": "e1", "name": text, "type": "PERSON", "aliases": [text, "other " + text],
                      "roles": [text], "mentions": 2}],
        "quotes": [{"speaker_name": text, "kind": "direct", "text": text, "document": "d1"}],
    }


class _Tags(HTMLParser):
    """Start tags with their attributes, and the text of each list item."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.items: list[str] = []
        self._in_li = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag == "li":
            self._in_li = True
            self.items.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._in_li = False

    def handle_data(self, data: str) -> None:
        if self._in_li:
            self.items[-1] += data


SAFE_TAGS = {"h1", "h2", "h3", "ul", "li", "p", "strong", "em"}


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_export_keeps_article_markup_inert(text: str) -> None:
    md = markdown(_story(text))
    parsed = _Tags()
    parsed.feed(MarkdownIt("commonmark").render(md))
    # Only the export's own structure becomes markup: no article tag, attribute or link.
    assert {tag for tag, _ in parsed.tags} <= SAFE_TAGS, parsed.tags
    assert all(not attrs for _, attrs in parsed.tags)
    # The article's words are shown as they were, on one line.
    assert parsed.items[0] == " ".join(text.split()) + " [d1]"


@pytest.mark.parametrize("text", HOSTILE)
def test_html_export_escapes_article_text(text: str) -> None:
    page = html_page(_story(text))
    body = page.split("<body>", 1)[1]
    assert "<script" not in body and "<img" not in body and "javascript:alert(1)'>" not in body
    assert "onerror=\"" not in body
