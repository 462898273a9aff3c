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


def _cites(sources: list[dict[str, Any]]) -> str:
    return ", ".join(dict.fromkeys(s["document"] for s in sources))


def _title(story: dict[str, Any]) -> str:
    titles = [d["title"] for d in story["documents"] if d.get("title")]
    return titles[0] if titles else "Story"


def markdown(story: dict[str, Any]) -> str:
    """The story as Markdown, every line citing its documents; article text is escaped."""
    labels = _doc_labels(story)
    out = [f"# {md(_title(story))}", ""]
    if story["summary"]:
        out += ["## Summary", ""]
        out += [f"- {md(s['text'])} \\[{md(_cites(s['sources']))}\\]" for s in story["summary"]]
        out.append("")
    out += ["## Timeline", ""]
    for day in story["timeline"]:
        out.append(f"### {md(day['date'])}")
        for e in day["entries"]:
            planned = " *(planned)*" if e.get("planned") else ""
            out.append(f"- {md(e['text'])}{planned} \\[{md(_cites(e['sources']))}\\]")
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
    for d in story["documents"]:
        out.append(f"- {md(d['id'])}: {md(d.get('title') or d['path'])} ({md(labels[d['id']])})")
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


def html_page(story: dict[str, Any]) -> str:
    """The story as one self-contained HTML page (inline CSS, no scripts, no remote assets)."""
    e = html.escape
    labels = _doc_labels(story)

    def cites(sources: list[dict[str, Any]]) -> str:
        docs = dict.fromkeys(s["document"] for s in sources)
        return " ".join(f'<a class="cite" href="#{e(d)}" title="{e(labels.get(d, d))}">[{e(d)}]</a>' for d in docs)

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(_title(story))}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(_title(story))}</h1>",
    ]
    if story["summary"]:
        parts.append("<h2>Summary</h2><ul>")
        parts += [f"<li>{e(s['text'])} {cites(s['sources'])}</li>" for s in story["summary"]]
        parts.append("</ul>")
    parts.append("<h2>Timeline</h2>")
    for day in story["timeline"]:
        parts.append(f'<div class="date">{e(day["date"])}</div><ul>')
        for en in day["entries"]:
            planned = ' <span class="planned">planned</span>' if en.get("planned") else ""
            why = f' <span class="why">dated from “{e(en.get("timex") or "")}”, {e(en.get("anchor") or "absolute")}</span>'
            parts.append(f"<li>{e(en['text'])}{planned} {cites(en['sources'])}{why}</li>")
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
            f'{cites([{"document": q["document"]}])}</p>'
        )
    parts.append("<h2>Sources</h2>")
    for d in story["documents"]:
        parts.append(f'<h3 id="{e(d["id"])}">{e(d["id"])}: {e(d.get("title") or d["path"])}</h3>')
        parts.append(f"<p class=\"why\">{e(labels[d['id']])}</p>")
        for para in d["text"].split("\n\n"):
            parts.append(f"<p>{e(para)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def timeline_text(story_timeline: list[dict[str, Any]]) -> str:
    """The timeline as plain terminal text."""
    lines = []
    for day in story_timeline:
        lines.append(day["date"])
        for en in day["entries"]:
            planned = " (planned)" if en.get("planned") else ""
            lines.append(f"  - {en['text']}{planned} [{_cites(en['sources'])}]")
            if en.get("timex"):
                lines.append(f"    dated from “{en['timex']}”, {en.get('anchor') or 'absolute'}")
    return "\n".join(lines)
