"""Why each line of a document was kept or removed: the cleaner's decisions, line by line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storyline.models import Cleaned, RawDocument
from storyline.stages.clean.html import extract_html
from storyline.stages.clean.lines import LineStats, clean
from storyline.stages.clean.metadata import strip_site_name


@dataclass(frozen=True)
class LineDecision:
    """One non-blank line of the text the cleaner read, and what it decided."""

    line_no: int
    text: str
    kept: bool
    reason: str | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class Explanation:
    """A document's cleaning: the input's metadata, the result, and every line's decision."""

    item: str
    cleaned: Cleaned
    lines: tuple[LineDecision, ...]
    metadata: dict[str, Any] = field(default_factory=dict)


def page_text(raw: RawDocument) -> tuple[str, dict[str, Any]]:
    """The text the line cleaner reads (a page's extracted text) and the page's metadata."""
    if raw.html is None:
        return raw.text or "", {}
    text, meta = extract_html(raw.html, url=raw.url, item=raw.path)
    meta["title"] = strip_site_name(meta.get("title") or raw.title or "", meta.get("sitename")) or None
    return text, meta


def explain(raw: RawDocument, stats: LineStats | None = None) -> Explanation:
    """Clean one raw document and say, for each line, whether it stays and why not."""
    text, meta = page_text(raw)
    title = raw.title if raw.html is None else meta.get("title")
    cleaned = clean(text, stats=stats, outlet=raw.outlet or meta.get("sitename"), title=title)
    removed = {r.line_no: r for r in cleaned.removed}
    decisions = []
    for n, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        r = removed.get(n)
        if r is not None and r.text != line.strip():
            # A header glued onto the opening line goes; the rest of the line stays.
            decisions.append(LineDecision(n, r.text, False, r.reason, r.confidence))
            decisions.append(LineDecision(n, line.strip()[len(r.text) :].strip(), True))
            continue
        decisions.append(
            LineDecision(n, line.strip(), r is None, r.reason if r else None, r.confidence if r else None)
        )
    return Explanation(raw.path, cleaned, tuple(decisions), meta)


def format_explanation(explanation: Explanation) -> str:
    """The decisions as text: one line each, `keep` or the reason and confidence."""
    c, meta = explanation.cleaned, explanation.metadata
    head = [f"item: {explanation.item}"]
    if meta.get("body_source"):
        head.append(f"body from: {meta['body_source']}")
    fields = {
        "title": meta.get("title") or c.title,
        "byline": c.byline,
        "authors": ", ".join(meta.get("authors") or []) or None,
        "date": meta.get("date") or c.date,
        "updated": meta.get("updated"),
        "language": meta.get("language"),
        "dateline": c.dateline,
        "outlet": meta.get("sitename") or c.outlet,
    }
    head.extend(f"{k}: {v}" for k, v in fields.items() if v)
    sources = {k: v for k, v in (meta.get("date_sources") or {}).items() if v}
    if sources:
        head.append("date sources: " + ", ".join(f"{k} {v}" for k, v in sources.items()))
    rows = []
    for d in explanation.lines:
        verdict = "keep" if d.kept else f"drop {d.reason} {d.confidence:.2f}"
        rows.append(f"{d.line_no:>5}  {verdict:<28}  {d.text}")
    return "\n".join([*head, "", *rows])
