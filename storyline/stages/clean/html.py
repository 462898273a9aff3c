"""Main text and metadata of a web page.

trafilatura finds the article's text and metadata; htmldate dates the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from storyline.errors import InputError

_BLOCK_TAGS = frozenset((
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote",
    "pre", "section", "article", "header", "footer", "figure", "figcaption", "dd", "dt", "td", "th",
))


def html_to_text(html: str) -> str:
    """Text of an HTML fragment, one line per block element."""
    import lxml.html

    if not html.strip():
        return ""
    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml raises assorted errors on broken fragments
        return ""
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
    text: str = root.text_content()
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def extract_html(html: str, url: str | None = None, item: str = "<html>") -> tuple[str, dict[str, Any]]:
    """Article text of a web page (trafilatura) and its metadata: title, author, sitename, date, url."""
    import trafilatura  # heavy; only HTML inputs need it
    from htmldate import find_date

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as err:  # trafilatura raises assorted errors on broken markup
        raise InputError(item, f"cannot parse the HTML page: {err}") from err
    data: dict[str, Any] = {}
    if doc is not None:
        data = doc if isinstance(doc, dict) else doc.as_dict()
    text = str(data.get("text") or "").strip()
    if not text:
        raise InputError(item, "no article text found in the HTML page")
    date: dt.date | None = None
    try:
        found = find_date(html, url=url, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # a date is optional; a failure to find one is not an error
        found = None
    for value in (found, data.get("date")):
        if isinstance(value, str):
            try:
                date = dt.date.fromisoformat(value[:10])
                break
            except ValueError:
                continue
    meta = {
        "title": data.get("title") or None,
        "author": data.get("author") or None,
        "sitename": data.get("sitename") or None,
        "date": date,
        "url": data.get("url") or url,
    }
    return text, meta
