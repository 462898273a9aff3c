"""The clean stage: from a raw text or web page to a clean body and its metadata.

`extract_html` takes a page's main text and metadata (`html.py`); `clean` removes the
lines that are not the article's and turns headline, byline, date and dateline lines
into fields, keeping every removed line with its reason (`lines.py`), a page's reader
comments among them (`comments.py`, reason `comments`); `explain` shows
those decisions line by line (`explain.py`).
"""

from __future__ import annotations

from storyline.stages.clean.explain import (
    Explanation,
    LineDecision,
    explain,
    format_explanation,
    page_text,
)
from storyline.stages.clean.html import extract_html, html_to_text
from storyline.stages.clean.lines import LineStats, clean, forget_lines
from storyline.stages.clean.metadata import byline_authors, dateline_length, strip_site_name

STAGE_NAME = "storyline.clean.v4"

__all__ = [
    "STAGE_NAME",
    "Explanation",
    "LineDecision",
    "LineStats",
    "byline_authors",
    "clean",
    "dateline_length",
    "explain",
    "extract_html",
    "forget_lines",
    "format_explanation",
    "html_to_text",
    "page_text",
    "strip_site_name",
]
