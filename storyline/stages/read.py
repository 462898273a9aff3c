"""Readers for every input a user has: text, HTML, JSON, JSONL and WARC files, plus a manifest.

`iter_inputs` streams one `RawDocument` per article, or an `InputError` per item it
cannot read (yielded, not raised, so a caller records it and goes on). Nothing here
extracts or cleans article text: HTML stays HTML until `clean.extract_html`.
"""

from __future__ import annotations

import csv
import datetime as dt
import html as html_lib
import io
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from storyline.dates import parse_day
from storyline.errors import InputError
from storyline.models import RawDocument

STAGE_NAME = "storyline.read.v1"

MAX_BYTES = 20 * 1024 * 1024
"""Largest text, HTML or JSON file (or WARC record) read; news articles are far smaller."""

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MANIFEST_NAMES = ("manifest.csv", "manifest.json")
# Files a folder of articles commonly carries that are not articles; read only when named.
_NOT_ARTICLES = frozenset({"readme", "readme.md", "readme.txt", "license", "license.txt"})

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d)")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_CANONICAL = re.compile(
    r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*>|<meta\b[^>]*\bproperty=[\"']og:url[\"'][^>]*>",
    re.IGNORECASE,
)
_HREF = re.compile(r"\b(?:href|content)=[\"']([^\"']+)[\"']", re.IGNORECASE)
_CHARSET = re.compile(rb"charset=[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class ManifestEntry:
    """What a manifest row says about one input file."""

    file: str
    outlet: str | None = None
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    row: str = ""
    """Where the row is (`manifest.csv:3`), for error messages."""
    problem: str | None = None
    """Why part of the row was ignored (a bad date), reported once by `iter_inputs`."""


def iter_inputs(
    paths: Sequence[Path],
    *,
    manifest: Path | None = None,
    date: dt.date | None = None,
    outlet: str | None = None,
) -> Iterator[RawDocument | InputError]:
    """Stream every article found under `paths`, or an InputError for each item that cannot be read."""
    manifests: list[tuple[Path, dict[str, ManifestEntry]]] = []
    skip: set[Path] = set()
    candidates = [manifest] if manifest is not None else _auto_manifests(paths)
    for candidate in candidates:
        try:
            entries = read_manifest(candidate)
        except InputError as err:
            yield err
            continue
        manifests.append((candidate.parent, entries))
        skip.add(_resolved(candidate))
        for row in entries.values():
            if row.problem:
                yield InputError(row.row, row.problem)

    for path in paths:
        for file in _walk(path, skip):
            if isinstance(file, InputError):
                yield file
                continue
            entry = _match(file, manifests)
            for item in _read_file(file):
                if isinstance(item, InputError):
                    yield item
                else:
                    yield _apply(item, entry, date=date, outlet=outlet)


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """Rows of a CSV or JSON manifest (`file,outlet,published[,title,url]`) keyed by file name."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(str(path), f"cannot read manifest: {_os_reason(err)}") from err
    text = _decode(raw, str(path))
    if path.suffix.lower() == ".json":
        rows = _json_manifest_rows(text, str(path))
    else:
        rows = _csv_manifest_rows(text, str(path))
    entries: dict[str, ManifestEntry] = {}
    for where, row in rows:
        name = str(row.get("file") or "").strip()
        if not name:
            continue
        published: dt.date | None = None
        problem = None
        value = row.get("published")
        if value not in (None, ""):
            published = parse_date(str(value))
            if published is None:
                problem = (
                    f"bad published date {str(value)!r} for {name}: "
                    "expected an ISO date like 2018-12-01; the file is read without it"
                )
        entries[Path(name).as_posix()] = ManifestEntry(
            file=name,
            outlet=_opt(row.get("outlet")),
            published=published,
            title=_opt(row.get("title")),
            url=_opt(row.get("url")),
            row=where,
            problem=problem,
        )
    return entries


def parse_date(value: str) -> dt.date | None:
    """An ISO date (or the date part of an ISO timestamp), or None when it is not one."""
    m = _ISO_DATE.match(value)
    return parse_day(f"{m.group(1)}-{m.group(2)}-{m.group(3)}") if m else None


def decode_bytes(data: bytes, item: str) -> str:
    """Text of a file's bytes (UTF-8, UTF-16/32 with BOM, cp1252, latin-1), newlines normalised."""
    return _decode(data, item)


# --- walking -----------------------------------------------------------------------


def _walk(path: Path, skip: set[Path]) -> Iterator[Path | InputError]:
    try:
        is_dir = path.is_dir()
    except OSError as err:
        yield InputError(str(path), f"cannot read: {_os_reason(err)}")
        return
    if not is_dir:
        # A file named explicitly is read even if hidden or called README.
        yield path
        return
    yield from _walk_dir(path, skip, set())


def _walk_dir(folder: Path, skip: set[Path], seen: set[tuple[int, int]]) -> Iterator[Path | InputError]:
    try:
        st = folder.stat()
        key = (st.st_dev, st.st_ino)
        if key in seen:  # a symlink loop would otherwise recurse forever
            return
        seen.add(key)
        with os.scandir(folder) as it:
            # Only names are held, never contents, so a folder of many files is cheap.
            entries = sorted((e.name, e.is_dir()) for e in it if not e.name.startswith("."))
    except OSError as err:
        yield InputError(str(folder), f"cannot read folder: {_os_reason(err)}")
        return
    for name, is_dir in entries:
        child = folder / name
        if is_dir:
            yield from _walk_dir(child, skip, seen)
        elif name.lower() in _NOT_ARTICLES or _resolved(child) in skip:
            continue
        else:
            yield child


def _auto_manifests(paths: Sequence[Path]) -> list[Path]:
    # A folder given as input with a manifest at its top uses it without a flag.
    found = []
    for path in paths:
        if path.is_dir():
            for name in MANIFEST_NAMES:
                if (path / name).is_file():
                    found.append(path / name)
                    break
    return found


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


# --- one file ------------------------------------------------------------------------


def _read_file(path: Path) -> Iterator[RawDocument | InputError]:
    name = path.name.lower()
    item = str(path)
    if name.endswith((".warc", ".warc.gz")):
        yield from _read_warc(path)
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(path)
        return
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | {".json"}:
        yield InputError(
            item,
            f"unsupported file type {suffix or '(no extension)'!r}: "
            "use .txt, .md, .html, .json, .jsonl or .warc(.gz)",
        )
        return
    try:
        data = _read_limited(path)
        text = _decode(data, item)
    except InputError as err:
        yield err
        return
    if not text.strip():
        yield InputError(item, "empty file")
        return
    if suffix in TEXT_SUFFIXES:
        yield RawDocument(path=item, text=text)
    elif suffix in HTML_SUFFIXES:
        yield _html_document(item, text)
    else:
        yield from _read_json(item, text)


def _read_limited(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                str(path), f"too large ({size // (1024 * 1024)} MB, limit {MAX_BYTES // (1024 * 1024)} MB): split it or pass it as JSONL"
            )
        with path.open("rb") as fh:
            return fh.read(MAX_BYTES + 1)
    except OSError as err:
        raise InputError(str(path), f"cannot read: {_os_reason(err)}") from err


def _html_document(item: str, text: str, url: str | None = None) -> RawDocument:
    head = text[:200_000]
    title = None
    m = _TITLE.search(head)
    if m:
        title = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", m.group(1))).split()) or None
    if url is None:
        for tag in _CANONICAL.finditer(head):
            href = _HREF.search(tag.group(0))
            if href:
                url = html_lib.unescape(href.group(1))
                break
    return RawDocument(path=item, html=text, title=title, url=url)


def _read_json(item: str, text: str) -> Iterator[RawDocument | InputError]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        yield InputError(item, f"broken JSON at line {err.lineno}: {err.msg}")
        return
    if isinstance(data, dict):
        yield from _record(data, item)
    elif isinstance(data, list):
        for n, record in enumerate(data, start=1):
            yield from _record(record, f"{item}#{n}")
    else:
        yield InputError(item, "JSON is neither a record nor a list of records")


def _read_jsonl(path: Path) -> Iterator[RawDocument | InputError]:
    item = str(path)
    try:
        fh = path.open("rb")
    except OSError as err:
        yield InputError(item, f"cannot read: {_os_reason(err)}")
        return
    found = False
    with fh:
        n = 0
        while True:
            try:
                line = fh.readline(MAX_BYTES + 1)
            except OSError as err:
                yield InputError(item, f"cannot read: {_os_reason(err)}")
                return
            if not line:
                break
            n += 1
            where = f"{item}:{n}"
            if len(line) > MAX_BYTES:
                yield InputError(where, "line too large: split the record")
                # Skip the rest of the oversized line.
                while line and not line.endswith(b"\n"):
                    line = fh.readline(MAX_BYTES)
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(_decode(line, where))
            except InputError as err:
                yield err
                continue
            except json.JSONDecodeError as err:
                yield InputError(where, f"broken JSON line: {err.msg} at column {err.colno}")
                continue
            found = True
            yield from _record(record, f"{item}#{n}")
    if not found and n == 0:
        yield InputError(item, "empty file")


def _record(record: Any, item: str) -> Iterator[RawDocument | InputError]:
    if not isinstance(record, dict):
        yield InputError(item, "record is not a JSON object")
        return
    text = record.get("text")
    html = record.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        yield InputError(item, "record has no non-empty 'text' or 'html' field")
        return
    published = None
    value = _first(record, "published", "date", "published_at")
    if value is not None:
        published = parse_date(str(value))
        if published is None:
            # The record is still read; the bad value is reported so it can be fixed.
            yield InputError(
                item, f"bad published date {str(value)!r}: expected an ISO date like 2018-12-01; read without it"
            )
    if isinstance(text, str) and text.strip():
        doc = RawDocument(path=item, text=_normalise_newlines(text))
    else:
        doc = _html_document(item, str(html))
    yield replace(
        doc,
        title=_opt(record.get("title")) or doc.title,
        url=_opt(record.get("url")) or doc.url,
        published=published,
        outlet=_opt(_first(record, "outlet", "source", "site")),
    )


def _read_warc(path: Path) -> Iterator[RawDocument | InputError]:
    from warcio.archiveiterator import ArchiveIterator  # only WARC inputs need it

    item = str(path)
    try:
        fh = path.open("rb")
    except OSError as err:
        yield InputError(item, f"cannot read: {_os_reason(err)}")
        return
    found = False
    with fh:
        n = 0
        try:
            for record in ArchiveIterator(fh):
                n += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = record.http_headers.get_header("Content-Type") or ""
                if "html" not in ctype.lower():
                    continue  # images, scripts and styles are not articles
                status = record.http_headers.get_statuscode() or ""
                if not status.startswith("2"):
                    continue
                where = f"{item}#{n}"
                data = record.content_stream().read(MAX_BYTES + 1)
                if len(data) > MAX_BYTES:
                    yield InputError(where, "too large (over 20 MB of HTML)")
                    continue
                try:
                    text = _decode_html(data, ctype, where)
                except InputError as err:
                    yield err
                    continue
                if not text.strip():
                    yield InputError(where, "empty response")
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                found = True
                # WARC-Date is the crawl time, not the publication date: left out.
                yield _html_document(where, text, url=url)
        except Exception as err:  # warcio raises plain exceptions on broken archives
            yield InputError(item, f"broken WARC archive after record {n}: {err}")
            return
    if not found:
        yield InputError(item, "no HTML response records in the WARC archive")


def _decode_html(data: bytes, content_type: str, item: str) -> str:
    declared = _CHARSET.search(content_type.encode("ascii", "replace")) or _CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = declared.group(1).decode("ascii").lower()
        if name not in ("utf-8", "utf8"):  # utf-8 is tried first anyway
            try:
                return _normalise_newlines(data.decode(name))
            except (LookupError, UnicodeDecodeError):
                pass
    return _decode(data, item)


# --- decoding ------------------------------------------------------------------------

_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\x80-\x9f]")


def _decode(data: bytes, item: str) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec.replace("-sig", ""))
            except UnicodeDecodeError as err:
                raise InputError(
                    item, f"not UTF-8, cp1252 or UTF-16 text (bad {codec} after a byte-order mark at byte {err.start})"
                ) from err
            return _check_text(_normalise_newlines(text), item)
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _check_text(_normalise_newlines(data.decode(utf16)), item)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise InputError(item, "binary file, not text")
    for codec in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return _check_text(_normalise_newlines(text), item)
    raise InputError(item, "not UTF-8, cp1252 or UTF-16 text")  # pragma: no cover - latin-1 decodes all


def _utf16_without_bom(data: bytes) -> str | None:
    # UTF-16 text without a BOM shows NULs in every other byte (for ASCII-range text).
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _check_text(text: str, item: str) -> str:
    sample = text[:8192]
    if "\x00" in sample or (sample and len(_CONTROL.findall(sample)) > 0.1 * len(sample)):
        raise InputError(item, "binary file, not text")
    return text


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- manifests -----------------------------------------------------------------------


def _csv_manifest_rows(text: str, item: str) -> list[tuple[str, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or "file" not in [f.strip().lower() for f in reader.fieldnames]:
        raise InputError(item, "manifest has no 'file' column: expected file,outlet,published[,title,url]")
    rows = []
    for row in reader:
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}
        rows.append((f"{item}:{reader.line_num}", clean))
    return rows


def _json_manifest_rows(text: str, item: str) -> list[tuple[str, dict[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(item, f"broken JSON manifest at line {err.lineno}: {err.msg}") from err
    if isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()):
        data = [{"file": k, **v} for k, v in data.items()]
    if not isinstance(data, list):
        raise InputError(item, "manifest must be a list of {file, outlet, published} objects")
    rows = []
    for n, row in enumerate(data, start=1):
        if isinstance(row, dict):
            rows.append((f"{item}#{n}", {str(k).lower(): v for k, v in row.items()}))
    return rows


def _match(path: Path, manifests: list[tuple[Path, dict[str, ManifestEntry]]]) -> ManifestEntry | None:
    for folder, entries in manifests:
        try:
            rel: str | None = _resolved(path).relative_to(_resolved(folder)).as_posix()
        except ValueError:
            rel = None
        if rel is not None and rel in entries:
            return entries[rel]
    for _, entries in manifests:
        if path.name in entries:
            return entries[path.name]
        for key, entry in entries.items():
            if Path(key).name == path.name:
                return entry
    return None


def _apply(
    doc: RawDocument, entry: ManifestEntry | None, *, date: dt.date | None, outlet: str | None
) -> RawDocument:
    if entry is not None:
        doc = replace(
            doc,
            outlet=entry.outlet or doc.outlet,
            published=entry.published or doc.published,
            title=entry.title or doc.title,
            url=entry.url or doc.url,
        )
    if date is not None or outlet is not None:
        doc = replace(doc, published=date or doc.published, outlet=outlet or doc.outlet)
    return doc


# --- small helpers -------------------------------------------------------------------


def _first(record: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if record.get(key) not in (None, ""):
            return record[key]
    return None


def _opt(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _os_reason(err: OSError) -> str:
    reason = err.strerror or str(err)
    if isinstance(err, FileNotFoundError) and err.filename and os.path.islink(err.filename):
        return f"{reason} (broken symbolic link)"
    return reason
