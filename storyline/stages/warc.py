"""WARC and WARC.gz crawls (Common Crawl News layout) streamed through the HTML reader.

Reads the response records of an archive with warcio; yields a `RawDocument` per HTML
page in English, an `InputError` per record that is broken (truncated, undecodable),
and one `Skipped` count per archive and reason for what is passed over on purpose
(requests, metadata, images and other non-HTML responses, error responses, pages in
another language). Publication dates come later, from the page (htmldate): WARC-Date
is the crawl time, not the publication date.
"""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import InputError
from storyline.models import RawDocument


@dataclass(frozen=True)
class Skipped:
    """Records of one archive passed over on purpose, counted by reason."""

    item: str
    reason: str
    count: int


_LANG_ATTR = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.IGNORECASE | re.DOTALL)
_WORD = re.compile(r"[^\W\d_]+")
# The commonest English function words: in English running text about a quarter of
# all words are among them, in other languages almost none.
_ENGLISH = frozenset(
    ["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with", "he", "it", "as", "at", "by", "from", "his", "be", "are", "have", "has", "had", "not", "but", "or", "this", "which", "an", "were", "they", "their", "been", "would", "said", "will", "who", "its"]
)
ENGLISH_SHARE = 0.08
"""Share of English function words below which an undeclared page is not English."""


def read_warc(path: Path) -> Iterator[RawDocument | InputError | Skipped]:
    """Stream the English HTML pages of a WARC or WARC.gz file."""
    from warcio.archiveiterator import ArchiveIterator  # only WARC inputs need it

    from storyline.stages import read
    from storyline.stages.guard import _os_reason

    item = str(path)
    try:
        fh = path.open("rb")
    except OSError as err:
        yield InputError(item, f"cannot read: {_os_reason(err)}")
        return
    skipped: Counter[str] = Counter()
    found = False
    with fh:
        n = 0
        try:
            for record in ArchiveIterator(fh):
                n += 1
                if record.rec_type != "response":
                    continue  # requests, metadata, warcinfo: never articles
                where = f"{item}#{n}"
                if record.http_headers is None:
                    skipped["non-HTML records"] += 1
                    continue
                ctype = record.http_headers.get_header("Content-Type") or ""
                if "html" not in ctype.lower():
                    skipped["non-HTML records"] += 1
                    continue
                status = record.http_headers.get_statuscode() or ""
                if not status.startswith("2"):
                    skipped["error or redirect responses"] += 1
                    continue
                data = record.content_stream().read(read.MAX_BYTES + 1)
                if len(data) > read.MAX_BYTES:
                    yield InputError(where, "too large (over 20 MB of HTML)")
                    continue
                if _truncated(record):
                    yield InputError(where, "truncated record: the archive ends inside it; read the rest again")
                    continue
                try:
                    text = read._decode_html(data, ctype, where)
                except InputError as err:
                    yield err
                    continue
                if not text.strip():
                    yield InputError(where, "empty response")
                    continue
                declared = record.http_headers.get_header("Content-Language")
                if not is_english(text, declared):
                    skipped["non-English pages"] += 1
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                found = True
                yield read._html_document(where, text, url=url)
        except Exception as err:  # warcio raises plain exceptions on broken archives
            yield InputError(item, f"broken WARC archive after record {n}: {err}")
            found = True  # the problem is named; "no HTML" would be a second, wrong reason
    for reason, count in sorted(skipped.items()):
        yield Skipped(item, reason, count)
    if not found:
        yield InputError(item, "no English HTML response records in the WARC archive")


def _truncated(record: object) -> bool:
    # warcio reads a record through a stream limited to its Content-Length; whatever
    # the limit still expects after the payload was read is missing from the file.
    stream = getattr(record, "raw_stream", None)
    limit = getattr(stream, "limit", 0)
    return isinstance(limit, int) and limit > 0


def is_english(page: str, declared: str | None = None) -> bool:
    """Whether an HTML page is in English: its declared language, else its words."""
    lang = (declared or "").split(",")[0].strip().lower()
    if not lang:
        m = _LANG_ATTR.search(page[:20_000].encode("utf-8", "replace"))
        lang = m.group(1).decode("ascii").lower() if m else ""
    if lang:
        return lang.startswith("en")
    words = [w.lower() for w in _WORD.findall(html_lib.unescape(_TAG.sub(" ", page[:400_000])))[:3000]]
    if len(words) < 20:
        return True  # too little text to tell; the cleaner judges the page
    return sum(w in _ENGLISH for w in words) / len(words) >= ENGLISH_SHARE
