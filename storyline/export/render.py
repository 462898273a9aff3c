"""Rendering the story dict as Markdown, a self-contained HTML page, or terminal text."""

from __future__ import annotations

import html
import re
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


def _doc_labels(story: dict[str, Any]) -> dict[str, str]:
    labels = {}
    for d in story["documents"]:
        bits = [d.get("outlet") or d["path"].rsplit("/", 1)[-1]]
        if d.get("published"):
            bits.append(d["published"] + (" (inferred)" if d.get("published_inferred") else ""))
        labels[d["id"]] = ", ".join(bits)
    return labels


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


def _title(story: dict[str, Any]) -> str:
    titles = [d["title"] for d in story["documents"] if d.get("title")]
    return titles[0] if titles else "Story"


def markdown(story: dict[str, Any]) -> str:
    """The story as Markdown, every line citing its documents; article text is escaped."""
    labels = _doc_labels(story)
    out = [f"# {md(_title(story))}", ""]
    if story["summary"]:
        out += ["## Summary", ""]
        out += [f"- {md(s['text'])} \\[{md(_cites(s))}\\]" for s in story["summary"]]
        out.append("")
    if story.get("key_timeline"):
        out += ["## Key timeline", ""]
        for day in story["key_timeline"]:
            out.append(f"### {day['date']}")
            out.append(f"*{_key_line(day)}*")
            out.append("")
            for e in day["entries"]:
                planned = " *(planned)*" if e.get("planned") else ""
                out.append(f"- {e['text']}{planned} [{md(_cites(e))}]")
            out.append("")
    out += ["## Full timeline" if story.get("key_timeline") else "## Timeline", ""]
    for day in story["timeline"]:
        out.append(f"### {md(day['date'])}")
        for e in day["entries"]:
            planned = " *(planned)*" if e.get("planned") else ""
            out.append(f"- {md(e['text'])}{planned} \\[{md(_cites(e))}\\]")
        out.append("")
    out += ["## Cast", ""]
    for ent in story["entities"]:
        aliases = ", ".join(a for a in ent["aliases"] if a != ent["name"])
        extra = f" (also: {md(aliases)})" if aliases else ""
        roles = f"; {md(', '.join(ent['roles']))}" if ent.get("roles") else ""
        out.append(f"- **{md(ent['name'])}** ({md(ent['type'])}{roles}){extra}: {ent['mentions']} mentions")
    out += ["", "## Quotes", ""]
    for q in story["quotes"]:
        who = md(q["speaker_name"] or "unattributed")
        kind = " (paraphrase)" if q["kind"] == "indirect" else ""
        out.append(f"- **{who}**{kind}: “{md(q['text'])}” \\[{md(q['document'])}\\]")
    out += ["", "## Sources", ""]
    if _counts(story):
        out += [f"*{_counts(story)}*", ""]
    for d in story["documents"]:
        out.append(f"- {md(d['id'])}: {md(d.get('title') or d['path'])} ({md(labels[d['id']])}){md(_copy_note(d))}")
    return "\n".join(out) + "\n"


_CSS = """
body{font:16px/1.5 Georgia,serif;max-width:52em;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.8em}h2{border-bottom:1px solid #ccc;margin-top:2em}
.date{font:bold 0.95em sans-serif;color:#555;margin-top:1em}
.cite{font:0.8em sans-serif;color:#06c}.planned{font:0.8em sans-serif;color:#a60}
.why{font:0.75em sans-serif;color:#888}
.quote{margin:0.5em 0}.who{font-weight:bold}
table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #eee;text-align:left}
"""


def _html_cites(item: dict[str, Any], labels: dict[str, str]) -> str:
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


def html_page(story: dict[str, Any]) -> str:
    """The story as one self-contained HTML page (inline CSS, no scripts, no remote assets)."""
    e = html.escape
    labels = _doc_labels(story)

    def cites(item: dict[str, Any]) -> str:
        return _html_cites(item, labels)

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(_title(story))}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(_title(story))}</h1>",
    ]
    if story["summary"]:
        parts.append("<h2>Summary</h2><ul>")
        parts += [f"<li>{e(s['text'])} {cites(s)}</li>" for s in story["summary"]]
        parts.append("</ul>")
    if story.get("key_timeline"):
        parts.append("<h2>Key timeline</h2>")
        for day in story["key_timeline"]:
            parts.append(f'<div class="date">{e(day["date"])} <span class="why">{e(_key_line(day))}</span></div><ul>')
            for en in day["entries"]:
                planned = ' <span class="planned">planned</span>' if en.get("planned") else ""
                parts.append(f"<li>{e(en['text'])}{planned} {cites(en)}</li>")
            parts.append("</ul>")
    parts.append("<h2>Full timeline</h2>" if story.get("key_timeline") else "<h2>Timeline</h2>")
    for day in story["timeline"]:
        parts.append(f'<div class="date">{e(day["date"])}</div><ul>')
        for en in day["entries"]:
            planned = ' <span class="planned">planned</span>' if en.get("planned") else ""
            why = f' <span class="why">dated from “{e(en.get("timex") or "")}”, {e(en.get("anchor") or "absolute")}</span>'
            parts.append(f"<li>{e(en['text'])}{planned} {cites(en)}{why}</li>")
        parts.append("</ul>")
    parts.append("<h2>Cast</h2><table><tr><th>Name</th><th>Type</th><th>Also called</th><th>Mentions</th></tr>")
    for ent in story["entities"]:
        aliases = ", ".join(a for a in ent["aliases"] if a != ent["name"])
        parts.append(
            f"<tr><td>{e(ent['name'])}</td><td>{e(ent['type'])}</td><td>{e(aliases)}</td><td>{ent['mentions']}</td></tr>"
        )
    parts.append("</table><h2>Quotes</h2>")
    for q in story["quotes"]:
        who = e(q["speaker_name"] or "unattributed")
        kind = " (paraphrase)" if q["kind"] == "indirect" else ""
        parts.append(
            f'<p class="quote"><span class="who">{who}</span>{kind}: “{e(q["text"])}” '
            f'{cites({"sources": [{"document": q["document"]}]})}</p>'
        )
    parts.append("<h2>Sources</h2>")
    if _counts(story):
        parts.append(f'<p class="why">{e(_counts(story))}</p>')
    for d in story["documents"]:
        parts.append(f'<h3 id="{e(d["id"])}">{e(d["id"])}: {e(d.get("title") or d["path"])}</h3>')
        parts.append(f"<p class=\"why\">{e(labels[d['id']] + _copy_note(d))}</p>")
        for para in d["text"].split("\n\n"):
            parts.append(f"<p>{e(para)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _counts(story: dict[str, Any]) -> str:
    """"12 articles, 9 independent reports" when some articles are copies of others, else ""."""
    docs = story["documents"]
    independent = sum(1 for d in docs if d.get("report", d["id"]) == d["id"])
    if independent == len(docs):
        return ""
    return f"{len(docs)} articles, {independent} independent reports (copies of one text count once)"


def _copy_note(d: dict[str, Any]) -> str:
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
