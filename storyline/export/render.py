"""Rendering the story dict as Markdown, a self-contained HTML page, or terminal text."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

# Markdown specials that could start emphasis, code, a link or an image, plus the three
# HTML characters (as entities): an article's text shows as text, never as markup. A
# `<script>`, an `onerror=` attribute or a `[x](javascript:...)` link from an article
# stays inert in every Markdown viewer.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]~])")
_MD_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x85]+\s*")


def md(text: object) -> str:
    """Text from an article made safe inside one Markdown line (escaped, no line breaks)."""
    flat = _LINE_BREAKS.sub(" ", str(text))
    return _MD_SPECIAL.sub(r"\\\1", flat).translate(_MD_ENTITIES)


def _doc_labels(documents: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    return {d["id"]: _doc_label(d) for d in documents}


def _doc_label(d: Mapping[str, Any]) -> str:
    bits = [d.get("outlet") or d["path"].rsplit("/", 1)[-1]]
    if d.get("published"):
        bits.append(d["published"] + (" (inferred)" if d.get("published_inferred") else ""))
    return ", ".join(bits)


def _cites(item: dict[str, Any]) -> str:
    """The citations of a summary sentence or timeline entry: one per independent report.

    A report that other outlets carried names them: `d3: Kyodo, carried by The Japan
    Times (d5), Mainichi (d7)`. Without copies, the document ids alone.
    """
    cited = item.get("reports") or []
    if not any(r["carried_by"] for r in cited):
        return ", ".join(dict.fromkeys(s["document"] for s in item["sources"]))
    return "; ".join(_report_label(r) for r in cited)


def _report_label(r: dict[str, Any]) -> str:
    if not r["carried_by"]:
        return f"{r['report']}: {r['outlet']}" if r["outlet"] else str(r["report"])
    copies = ", ".join(f"{c['outlet'] or 'unknown outlet'} ({c['document']})" for c in r["carried_by"])
    return f"{r['report']}: {r['outlet'] or 'unknown outlet'}, carried by {copies}"


def _title(documents: Iterable[Mapping[str, Any]]) -> str:
    return next((str(d["title"]) for d in documents if d.get("title")), "Story")


def document_facts(documents: Iterable[Mapping[str, Any]]) -> tuple[dict[str, str], str, str]:
    """What the pages say about their documents before listing them, in one pass over
    them: the citation labels, the title, and the copies count line (`_counts`)."""
    labels: dict[str, str] = {}
    title = None
    n = independent = 0
    for d in documents:
        labels[d["id"]] = _doc_label(d)
        if title is None and d.get("title"):
            title = str(d["title"])
        n += 1
        independent += d.get("report", d["id"]) == d["id"]
    return labels, title or "Story", _count_line(n, independent)


def markdown(story: Mapping[str, Any]) -> str:
    """The story as Markdown, every line citing its documents; article text is escaped."""
    return "".join(markdown_parts(story))


def markdown_parts(story: Mapping[str, Any]) -> Iterator[str]:
    """`markdown(story)` line by line.

    Each section of `story` is read once, when its part is written (the documents once
    per use), so a story that reads its sections from the store when asked
    (`export.story.StoredStory`) is never held whole.
    """
    labels = _doc_labels(story["documents"])
    yield f"# {md(_title(story['documents']))}\n\n"
    yield from md_summary(story["summary"])
    key = story.get("key_timeline")
    has_key = bool(key)
    if key:
        yield from md_key_timeline(key)
    del key
    yield from md_timeline(story["timeline"], has_key)
    yield from _md_cast(story["entities"])
    yield from _md_quotes(story["quotes"])
    yield md_sources_head(_counts(story["documents"]))
    for d in story["documents"]:
        yield md_source(d, labels)


def md_summary(summary: list[dict[str, Any]]) -> Iterator[str]:
    """The Summary section in Markdown (nothing when there is no summary)."""
    if summary:
        yield "## Summary\n\n"
        for s in summary:
            yield f"- {md(s['text'])} \\[{md(_cites(s))}\\]\n"
        yield "\n"


def md_key_timeline(days: list[dict[str, Any]]) -> Iterator[str]:
    """The Key timeline section in Markdown."""
    yield "## Key timeline\n\n"
    for day in days:
        yield f"### {day['date']}\n*{_key_line(day)}*\n\n"
        for e in day["entries"]:
            planned = " *(planned)*" if e.get("planned") else ""
            yield f"- {e['text']}{planned} [{md(_cites(e))}]\n"
        yield "\n"


def md_timeline(days: list[dict[str, Any]], full: bool) -> Iterator[str]:
    """The timeline section in Markdown, titled "Full timeline" when `full` (a key timeline came first)."""
    yield "## Full timeline\n\n" if full else "## Timeline\n\n"
    for day in days:
        yield f"### {md(day['date'])}\n"
        for e in day["entries"]:
            planned = " *(planned)*" if e.get("planned") else ""
            yield f"- {md(e['text'])}{planned} \\[{md(_cites(e))}\\]\n"
        yield "\n"


MD_CAST_HEAD = "## Cast\n\n"
MD_QUOTES_HEAD = "\n## Quotes\n\n"


def _md_cast(entities: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield MD_CAST_HEAD
    for ent in entities:
        yield md_entity(ent)


def md_entity(ent: Mapping[str, Any]) -> str:
    """One cast member's Markdown line."""
    aliases = ", ".join(a for a in ent["aliases"] if a != ent["name"])
    extra = f" (also: {md(aliases)})" if aliases else ""
    roles = f"; {md(', '.join(ent['roles']))}" if ent.get("roles") else ""
    return f"- **{md(ent['name'])}** ({md(ent['type'])}{roles}){extra}: {ent['mentions']} mentions\n"


def _md_quotes(quotes: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield MD_QUOTES_HEAD
    for q in quotes:
        yield md_quote(q)


def md_quote(q: Mapping[str, Any]) -> str:
    """One quote's Markdown line."""
    who = md(q["speaker_name"] or "unattributed")
    kind = " (paraphrase)" if q["kind"] == "indirect" else ""
    return f"- **{who}**{kind}: “{md(q['text'])}” \\[{md(q['document'])}\\]\n"


def md_sources_head(counts: str) -> str:
    """The Markdown Sources heading, with the copies count line when `counts` is not empty."""
    return "\n## Sources\n\n" + (f"*{counts}*\n\n" if counts else "")


def md_source(d: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """One document's Markdown line among the Sources."""
    return f"- {md(d['id'])}: {md(d.get('title') or d['path'])} ({md(labels[d['id']])}){md(_copy_note(d))}\n"


_CSS = """
body{font:16px/1.5 Georgia,serif;max-width:52em;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.8em}h2{border-bottom:1px solid #ccc;margin-top:2em}
.date{font:bold 0.95em sans-serif;color:#555;margin-top:1em}
.cite{font:0.8em sans-serif;color:#06c}.planned{font:0.8em sans-serif;color:#a60}
.why{font:0.75em sans-serif;color:#888}
.quote{margin:0.5em 0}.who{font-weight:bold}
table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #eee;text-align:left}
"""


def _html_cites(item: dict[str, Any], labels: Mapping[str, str]) -> str:
    """One citation per report; the copies that carried it link to their own text."""
    e = html.escape

    def link(d: str) -> str:
        return f'<a class="cite" href="#{e(d)}" title="{e(labels.get(d, d))}">[{e(d)}]</a>'

    out = []
    carried = {r["report"]: r["carried_by"] for r in item.get("reports") or []}
    for d in dict.fromkeys(s["document"] for s in item["sources"]):
        copies = carried.get(d)
        if copies:
            names = ", ".join(
                f'<a class="cite" href="#{e(c["document"])}">{e(c["outlet"] or c["document"])}</a>' for c in copies
            )
            out.append(f'{link(d)} <span class="why">carried by {names}</span>')
        else:
            out.append(link(d))
    return " ".join(out)


def html_page(story: Mapping[str, Any]) -> str:
    """The story as one self-contained HTML page (inline CSS, no scripts, no remote assets)."""
    return "".join(html_parts(story))


def html_parts(story: Mapping[str, Any]) -> Iterator[str]:
    """`html_page(story)` piece by piece, each section of `story` read once, when its part is written."""
    labels = _doc_labels(story["documents"])
    yield html_head(_title(story["documents"]))
    yield from html_summary(story["summary"], labels)
    key = story.get("key_timeline")
    has_key = bool(key)
    if key:
        yield from html_key_timeline(key, labels)
    del key
    yield from html_timeline(story["timeline"], labels, has_key)
    yield from _html_cast(story["entities"])
    yield from _html_quotes(story["quotes"], labels)
    yield html_sources_head(_counts(story["documents"]))
    for d in story["documents"]:
        yield from html_source(d, labels)
    yield HTML_END


HTML_END = "</body></html>\n"


def html_head(title: str) -> str:
    """The page's opening up to its heading; `title` is the story's title, not escaped yet."""
    t = html.escape(title)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f"<title>{t}</title><style>{_CSS}</style></head><body>\n<h1>{t}</h1>\n")


def html_sources_head(counts: str) -> str:
    """The Sources heading, with the copies count line when `counts` is not empty."""
    return "<h2>Sources</h2>\n" + (f'<p class="why">{html.escape(counts)}</p>\n' if counts else "")


def html_source(d: Mapping[str, Any], labels: Mapping[str, str]) -> Iterator[str]:
    """One document among the Sources: its heading, its label and its text, paragraph by paragraph."""
    e = html.escape
    yield f'<h3 id="{e(d["id"])}">{e(d["id"])}: {e(d.get("title") or d["path"])}</h3>\n'
    yield f"<p class=\"why\">{e(labels[d['id']] + _copy_note(d))}</p>\n"
    for para in d["text"].split("\n\n"):
        yield f"<p>{e(para)}</p>\n"


def html_summary(summary: list[dict[str, Any]], labels: Mapping[str, str]) -> Iterator[str]:
    """The Summary section in HTML (nothing when there is no summary)."""
    if summary:
        yield "<h2>Summary</h2><ul>\n"
        for s in summary:
            yield f"<li>{html.escape(s['text'])} {_html_cites(s, labels)}</li>\n"
        yield "</ul>\n"


def html_key_timeline(days: list[dict[str, Any]], labels: Mapping[str, str]) -> Iterator[str]:
    """The Key timeline section in HTML."""
    e = html.escape
    yield "<h2>Key timeline</h2>\n"
    for day in days:
        yield f'<div class="date">{e(day["date"])} <span class="why">{e(_key_line(day))}</span></div><ul>\n'
        for en in day["entries"]:
            planned = ' <span class="planned">planned</span>' if en.get("planned") else ""
            yield f"<li>{e(en['text'])}{planned} {_html_cites(en, labels)}</li>\n"
        yield "</ul>\n"


def html_timeline(days: list[dict[str, Any]], labels: Mapping[str, str], full: bool) -> Iterator[str]:
    """The timeline section in HTML, titled "Full timeline" when `full`."""
    e = html.escape
    yield "<h2>Full timeline</h2>\n" if full else "<h2>Timeline</h2>\n"
    for day in days:
        yield f'<div class="date">{e(day["date"])}</div><ul>\n'
        for en in day["entries"]:
            planned = ' <span class="planned">planned</span>' if en.get("planned") else ""
            why = f' <span class="why">dated from “{e(en.get("timex") or "")}”, {e(en.get("anchor") or "absolute")}</span>'
            yield f"<li>{e(en['text'])}{planned} {_html_cites(en, labels)}{why}</li>\n"
        yield "</ul>\n"


HTML_CAST_HEAD = "<h2>Cast</h2><table><tr><th>Name</th><th>Type</th><th>Also called</th><th>Mentions</th></tr>\n"
HTML_QUOTES_HEAD = "</table><h2>Quotes</h2>\n"


def _html_cast(entities: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield HTML_CAST_HEAD
    for ent in entities:
        yield html_entity(ent)


def html_entity(ent: Mapping[str, Any]) -> str:
    """One cast member's table row."""
    e = html.escape
    aliases = ", ".join(a for a in ent["aliases"] if a != ent["name"])
    return f"<tr><td>{e(ent['name'])}</td><td>{e(ent['type'])}</td><td>{e(aliases)}</td><td>{ent['mentions']}</td></tr>\n"


def _html_quotes(quotes: Iterable[dict[str, Any]], labels: Mapping[str, str]) -> Iterator[str]:
    yield HTML_QUOTES_HEAD
    for q in quotes:
        yield html_quote(q, labels)


def html_quote(q: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """One quote's paragraph, citing its document."""
    e = html.escape
    who = e(q["speaker_name"] or "unattributed")
    kind = " (paraphrase)" if q["kind"] == "indirect" else ""
    return (f'<p class="quote"><span class="who">{who}</span>{kind}: “{e(q["text"])}” '
            f'{_html_cites({"sources": [{"document": q["document"]}]}, labels)}</p>\n')


def _counts(documents: Iterable[Mapping[str, Any]]) -> str:
    """"12 articles, 9 independent reports" when some articles are copies of others, else ""."""
    n = independent = 0
    for d in documents:
        n += 1
        independent += d.get("report", d["id"]) == d["id"]
    return _count_line(n, independent)


def _count_line(n: int, independent: int) -> str:
    if independent == n:
        return ""
    return f"{n} articles, {independent} independent reports (copies of one text count once)"


def _copy_note(d: Mapping[str, Any]) -> str:
    """How a document stands among copies of one text: the report it copies, or its copies."""
    url = f"; {d['url']}" if d.get("url") else ""
    if d.get("report") and d["report"] != d["id"]:
        return f"; copy of {d['report']}{url}, analysed as it"
    if d.get("copies"):
        return f"; also carried as {', '.join(d['copies'])}{url}"
    return ""


def _key_line(day: dict[str, Any]) -> str:
    n = day["sources"]
    outlets = f"; {', '.join(day['outlets'])}" if day.get("outlets") else ""
    return f"{n} independent source{'s' if n != 1 else ''}{outlets}"


def key_timeline_text(days: list[dict[str, Any]]) -> str:
    """The key timeline as plain terminal text."""
    lines = []
    for day in days:
        lines.append(f"{day['date']}  ({_key_line(day)})")
        for en in day["entries"]:
            planned = " (planned)" if en.get("planned") else ""
            lines.append(f"  - {en['text']}{planned} [{_cites(en)}]")
    return "\n".join(lines)


def timeline_text(story_timeline: list[dict[str, Any]]) -> str:
    """The timeline as plain terminal text."""
    lines = []
    for day in story_timeline:
        lines.append(day["date"])
        for en in day["entries"]:
            planned = " (planned)" if en.get("planned") else ""
            lines.append(f"  - {en['text']}{planned} [{_cites(en)}]")
            if en.get("timex"):
                lines.append(f"    dated from “{en['timex']}”, {en.get('anchor') or 'absolute'}")
    return "\n".join(lines)
