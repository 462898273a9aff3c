"""Main text and metadata of a web page, from more than one candidate.

The page is parsed once. trafilatura gives the main text (tables included) and the
metadata; a second opinion is asked only when the page shows evidence that
trafilatura's text is not the whole article:
- the page's structured data (JSON-LD `articleBody`) holds much more prose than
  trafilatura kept, as on pages that render the body by script;
- the page's paragraphs hold much more prose than trafilatura kept, so readability-lxml
  is run, and its paragraphs that trafilatura missed are merged in when they are
  prose and sit among the paragraphs both candidates share (a body cut in two blocks
  around an advertisement), or follow them as a run of prose (a body whose later part
  trafilatura dropped), or when trafilatura kept almost no prose at all.
The page's standfirst (the summary under the headline, which pages also give as their
description) goes before the body when the page shows it as text and trafilatura left
it out.
The publication date is htmldate's (through trafilatura), with the page's JSON-LD date
kept beside it and used when htmldate finds none; authors become a list; the language
comes from the markup.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

from storyline.dates import parse_day
from storyline.errors import InputError

_BLOCK_TAGS = frozenset((
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote",
    "pre", "section", "article", "header", "footer", "figure", "figcaption", "dd", "dt", "td", "th",
))

_WORDS = re.compile(r"\w+")
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_KEY = re.compile(r"[\W_]+")

# A candidate needs this much more prose than trafilatura's text to be asked or used:
# readability is run when the page's text holds `_ASK_RATIO` times trafilatura's prose
# words (and `_ASK_MIN_WORDS` more); a candidate replaces a text holding less than `_THIN_WORDS`
# prose words when it holds `_REPLACE_RATIO` times as many.
_ASK_RATIO = 2.5
_ASK_MIN_WORDS = 300
_THIN_WORDS = 60
_REPLACE_RATIO = 3.0
# A merged paragraph is prose: at least this many words, ending in a full stop.
_MERGE_MIN_WORDS = 12
# Paragraphs after the last shared one are merged when there are this many prose ones,
# making this share of the lines there.
_TAIL_MIN_PARAGRAPHS = 3
_TAIL_PROSE_SHARE = 0.6


def html_to_text(html: str) -> str:
    """Text of an HTML fragment, one line per block element."""
    import lxml.html

    if not html.strip():
        return ""
    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml raises assorted errors on broken fragments
        return ""
    return _tree_text(root)


def _tree_text(root: Any) -> str:
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
    text: str = root.text_content()
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def extract_html(html: str, url: str | None = None, item: str = "<html>") -> tuple[str, dict[str, Any]]:
    """Article text of a web page and its metadata.

    The metadata: title, author (as written), authors (a list), sitename, date (the
    publication date), date_sources (what htmldate and the JSON-LD say), updated,
    language, url, and body_source (which candidates made the text).
    """
    import trafilatura
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
        doc = None if tree is None else trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, include_comments=False, include_tables=True,
            # htmldate's quick search: the JSON-LD date is read below as a second opinion.
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception as err:  # trafilatura raises assorted errors on broken markup
        raise InputError(item, f"cannot parse the HTML page: {err}") from err
    data: dict[str, Any] = {}
    if doc is not None:
        data = doc if isinstance(doc, dict) else doc.as_dict()
    ld = _jsonld_article(tree) if tree is not None else {}
    text = str(data.get("text") or "").strip()
    visible = _visible_text(tree) if tree is not None else None
    text, source = choose_body(text, html, tree, ld, visible)
    if text and visible is not None:
        standfirst = visible_standfirst(text, visible, data.get("description") or _text_value(ld.get("description")))
        if standfirst:
            text, source = f"{standfirst}\n{text}", f"{source}+standfirst"
    if not text:
        raise InputError(item, "no article text found in the HTML page")
    htmldate = _iso_date(data.get("date"))
    ld_date = _iso_date(ld.get("datePublished"))
    authors = _authors(data.get("author"), ld.get("author"))
    # htmldate's date wins: where the two differ on this project's test pages, the
    # JSON-LD one is mostly a UTC timestamp past midnight, a day after the URL's date.
    # The JSON-LD date is the fallback and is kept beside it.
    published = htmldate or ld_date
    updated = _iso_date(ld.get("dateModified")) or _meta_date(tree, _MODIFIED)
    if updated is not None and published is not None and updated <= published:
        updated = None  # an update is later than the publication, or is none
    meta: dict[str, Any] = {
        "title": data.get("title") or _text_value(ld.get("headline")) or None,
        "author": data.get("author") or ("; ".join(authors) if authors else None),
        "authors": authors,
        "sitename": data.get("sitename") or _name(ld.get("publisher")) or None,
        "date": published,
        "date_sources": {"htmldate": htmldate, "json-ld": ld_date},
        "updated": updated,
        "language": _language(tree, ld),
        "url": data.get("url") or url,
        "body_source": source,
    }
    return text, meta


# --- the second opinion --------------------------------------------------------------


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=\S)")


def _prose_words(lines: list[str]) -> int:
    """Words in the sentences of `lines` (8+ words ending in a full stop)."""
    total = 0
    for line in lines:
        for sentence in _SENTENCE_END.split(line):
            n = len(_WORDS.findall(sentence))
            if n >= 8 and _TERMINAL.search(sentence):
                total += n
    return total


_CONTENT_TEXT = (
    ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template"
    " or ancestor::nav or ancestor::footer or ancestor::aside or ancestor::header or ancestor::form)]"
)


def _visible_text(tree: Any) -> str:
    """The page's text outside navigation, footers and scripts, whitespace folded.

    All text counts, not only <p>: pages that set paragraphs in <div>s or with <br>
    hide their body from a count of paragraphs. Text nodes are joined with spaces.
    """
    from lxml import etree

    body = tree.find(".//body")
    texts = etree.XPath(_CONTENT_TEXT, smart_strings=False)(body if body is not None else tree)
    return " ".join(" ".join(texts).split())


def _worth_asking(have: int, page: int) -> bool:
    """Whether a page whose text holds `page` prose words may hold more article than `have`."""
    # Not on a difference in words alone: a long page holding 1500 prose words more
    # than trafilatura kept was, on this project's pages, mostly comments and lists,
    # where readability costs most (70 to 430 ms) and added article text once in seven.
    return page >= max(_ASK_RATIO * have, have + _ASK_MIN_WORDS)


def choose_body(
    text: str, html: str, tree: Any, ld: dict[str, Any], visible: str | None = None
) -> tuple[str, str]:
    """The body from trafilatura's `text` or a second candidate, and which made it.

    `visible` is the page's visible text (`_visible_text(tree)`), when already known.
    """
    lines = text.splitlines()
    have = _prose_words(lines)
    body = _text_value(ld.get("articleBody"))
    if body:
        body_lines = [" ".join(line.split()) for line in body.splitlines() if line.strip()]
        if have < _THIN_WORDS and _prose_words(body_lines) >= max(_REPLACE_RATIO * have, _THIN_WORDS):
            return "\n".join(body_lines), "json-ld"
    if tree is not None and visible is None:
        visible = _visible_text(tree)
    # The page's sentences are found by their full stops in its visible text.
    if visible is None or not _worth_asking(have, _prose_words([visible])):
        return text, "trafilatura"
    other = _readability_lines(html)
    if not other:
        return text, "trafilatura"
    if have < _THIN_WORDS and _prose_words(other) >= max(_REPLACE_RATIO * have, _THIN_WORDS):
        return "\n".join(other), "readability"
    merged = merge_candidates(lines, other)
    if len(merged) == len(lines):
        return text, "trafilatura"
    return "\n".join(merged), "trafilatura+readability"


# A standfirst is a sentence or two: at least this many words, at most `_STANDFIRST_MAX`.
_STANDFIRST_MIN = 6
_STANDFIRST_MAX = 80
_CUT_OFF = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])$")


def visible_standfirst(text: str, visible: str, description: str | None) -> str | None:
    """The page's description when it is shown on the page as text and `text` lacks it.

    Pages give their standfirst (the lead under the headline) as their description too;
    extractors often leave it out, being set apart from the body's paragraphs. Only a
    description the page's `visible` text (outside navigation, footers and scripts)
    holds verbatim counts: a summary written for search engines alone is not the article's.
    A description cut off with an ellipsis is a teaser of the body, not a standfirst.
    """
    if not description:
        return None
    line = " ".join(description.split())
    words = len(_WORDS.findall(line))
    if not _STANDFIRST_MIN <= words <= _STANDFIRST_MAX or _CUT_OFF.search(line):
        return None
    key = _key(line)
    if key in _key(text):
        return None
    if line not in visible:
        return None
    return line


def _readability_lines(html: str) -> list[str]:
    from readability import Document

    try:
        summary = Document(html).summary(html_partial=True)
    except Exception:  # readability gives up on some pages; trafilatura's text stands
        return []
    return html_to_text(summary).splitlines()


def _key(line: str) -> str:
    return _KEY.sub(" ", line.casefold()).strip()


def _position(key: str, base_keys: list[str], joined: str) -> int | None:
    """The `base` line a paragraph (keyed `key`) matches, if any."""
    if len(key.split()) < 4:
        return None
    if key in joined:
        for i, b in enumerate(base_keys):
            if key in b:
                return i
        return None  # spans two base lines: shared, placed at neither
    for i, b in enumerate(base_keys):
        if len(b.split()) >= 4 and b in key:
            return i
    return None


def merge_candidates(base: list[str], other: list[str]) -> list[str]:
    """`base` with the prose paragraphs of `other` it lacks, placed among shared paragraphs.

    A paragraph of `other` is shared when `base` holds it (or it holds a `base` line);
    a missing paragraph is added between two shared ones, after the `base` line
    matching the shared paragraph before it, and only if it is prose. After the last
    shared paragraph, the prose paragraphs `other` goes on with are added at the end
    when they are several and make most of its lines there.
    """
    base_keys = [_key(line) for line in base]
    joined = "\n".join(base_keys)

    positions = [_position(_key(line), base_keys, joined) for line in other]
    shared = [
        i for i, (line, p) in enumerate(zip(other, positions, strict=True))
        if p is not None or (len(_key(line).split()) >= 4 and _key(line) in joined)
    ]
    if len(shared) < 2:
        return base
    first, last = shared[0], shared[-1]
    inserts: dict[int, list[str]] = {}
    anchor: int | None = None
    for i in range(first, last + 1):
        line = other[i]
        if positions[i] is not None:
            anchor = positions[i]
            continue
        if _key(line) in joined or anchor is None:
            continue
        if _is_merge_prose(line):
            inserts.setdefault(anchor, []).append(line)
    later = _later_part(other[last + 1 :], joined)
    if later:
        inserts.setdefault(len(base) - 1, []).extend(later)
    if not inserts:
        return base
    out: list[str] = []
    for i, line in enumerate(base):
        out.append(line)
        out.extend(inserts.get(i, ()))
    return out


def _later_part(tail: list[str], joined: str) -> list[str]:
    """The prose paragraphs of `tail` (what follows the shared ones) when they are the article's.

    They are when they are several and make most of its lines: comments, teasers and
    link lists are short lines, headlines and names.
    """
    prose = [line for line in tail if _is_merge_prose(line) and _key(line) not in joined]
    if len(prose) >= _TAIL_MIN_PARAGRAPHS and len(prose) >= _TAIL_PROSE_SHARE * len(tail):
        return prose
    return []


def _is_merge_prose(line: str) -> bool:
    return len(_WORDS.findall(line)) >= _MERGE_MIN_WORDS and bool(_TERMINAL.search(line))


# --- metadata ------------------------------------------------------------------------

_ARTICLE_TYPE = re.compile(r"article|posting|report|blog", re.IGNORECASE)
_MODIFIED = ("article:modified_time", "og:updated_time", "dateModified", "last-modified")


def _jsonld_objects(tree: Any) -> Iterator[dict[str, Any]]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack: list[Any] = [data]
        while stack:
            obj = stack.pop()
            if isinstance(obj, list):
                stack.extend(reversed(obj))
            elif isinstance(obj, dict):
                if "@graph" in obj:
                    stack.append(obj["@graph"])
                yield obj


def _jsonld_article(tree: Any) -> dict[str, Any]:
    """The page's JSON-LD object describing an article (the first one typed so), or {}."""
    for obj in _jsonld_objects(tree):
        kinds = obj.get("@type")
        names = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and _ARTICLE_TYPE.search(k) for k in names):
            return obj
    return {}


def _text_value(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return _text_value(value)


_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&|\|)\s*")


def _authors(written: Any, ld_author: Any) -> list[str]:
    """Author names as a list: the JSON-LD persons when given, else the byline split."""
    names: list[str] = []
    values = ld_author if isinstance(ld_author, list) else [ld_author]
    for value in values:
        name = _name(value)
        if name and not name.startswith(("http://", "https://")):
            names.append(name)
    if not names and isinstance(written, str):
        names = [n.strip() for n in _AUTHOR_SPLIT.split(written) if len(n.strip().split()) >= 1 and n.strip()]
    seen: set[str] = set()
    out = []
    for n in names:
        if n.casefold() not in seen:
            seen.add(n.casefold())
            out.append(n)
    return out


def _iso_date(value: Any) -> dt.date | None:
    text = _text_value(value)
    return parse_day(text[:10]) if text else None


def _meta_date(tree: Any, names: tuple[str, ...]) -> dt.date | None:
    if tree is None:
        return None
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        if key and key.strip() in names:
            found = _iso_date(meta.get("content"))
            if found:
                return found
    return None


_LANG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$", re.IGNORECASE)


def _language(tree: Any, ld: dict[str, Any]) -> str | None:
    """The page's declared language (`<html lang>`, JSON-LD, og:locale), as `en` or `en-gb`."""
    candidates: list[Any] = []
    if tree is not None:
        root = tree.getroottree().getroot()
        candidates.append(root.get("lang") or root.get("xml:lang"))
    candidates.append(ld.get("inLanguage"))
    if tree is not None:
        for meta in tree.iter("meta"):
            if (meta.get("property") or meta.get("name") or "").lower() in ("og:locale", "language", "content-language"):
                candidates.append(meta.get("content"))
            if (meta.get("http-equiv") or "").lower() == "content-language":
                candidates.append(meta.get("content"))
    for value in candidates:
        text = _text_value(value)
        if text:
            code = text.replace("_", "-").split(",")[0].strip().lower()
            if _LANG.match(code):
                return code
    return None
