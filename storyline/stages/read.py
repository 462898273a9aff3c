"""Readers for every input a user has: text, HTML, JSON, JSONL and WARC files, plus a manifest.

`iter_inputs` streams one `RawDocument` per article, or an `InputError` per item it
cannot read (yielded, not raised, so a caller records it and goes on). Nothing here
extracts or cleans article text: HTML stays HTML until `clean.extract_html`.

Every path goes through the same guards (`Limits`, docs/reliability.md): a named pipe,
device or socket is refused by its type before it is opened; a symbolic link loop is one
entry's problem, not the folder's; files, JSONL lines, JSON nesting and JSON numbers have
size limits; bytes that are not UTF-8 in a mostly UTF-8 file are replaced and reported.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.models import RawDocument

# The guards and the manifest reader live beside this module; their public names are
# also read from here (`read.Limits`, `read.read_manifest`, ...).
from storyline.stages.guard import (
    MAX_BYTES,
    Limits,
    _decode,
    _decode_report,
    _mb,
    _normalise_newlines,
    _not_regular,
    _opt,
    _os_reason,
    _read_limited,
    _resolved,
    _short,
    loads_json,
    parse_date,
)
from storyline.stages.manifest import (
    ManifestEntry,
    _apply,
    _ManifestIndex,
    _read_manifest,
    read_manifest,
)
from storyline.stages.warc import Skipped

__all__ = [
    "MAX_BYTES",
    "STAGE_NAME",
    "Held",
    "Limits",
    "ManifestEntry",
    "decode_bytes",
    "iter_inputs",
    "loads_json",
    "parse_date",
    "read_manifest",
]

STAGE_NAME = "storyline.read.v1"


TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MANIFEST_NAMES = ("manifest.csv", "manifest.json")
# Files a folder of articles commonly carries that are not articles; read only when named.
_NOT_ARTICLES = frozenset({"readme", "readme.md", "readme.txt", "license", "license.txt"})

_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_CANONICAL = re.compile(
    r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*>|<meta\b[^>]*\bproperty=[\"']og:url[\"'][^>]*>",
    re.IGNORECASE,
)
_HREF = re.compile(r"\b(?:href|content)=[\"']([^\"']+)[\"']", re.IGNORECASE)
_CHARSET = re.compile(rb"charset=[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def iter_inputs(
    paths: Sequence[Path],
    *,
    manifest: Path | None = None,
    date: dt.date | None = None,
    outlet: str | None = None,
    limits: Limits | None = None,
) -> Iterator[RawDocument | InputError | Skipped]:
    """Stream every article found under `paths`, or an InputError for each item that cannot be read."""
    limits = limits or Limits()
    manifests: list[tuple[Path, dict[str, ManifestEntry]]] = []
    skip: set[Path] = set()
    candidates = [manifest] if manifest is not None else _auto_manifests(paths)
    for candidate in candidates:
        # A manifest is never read as an article, even when it cannot be read as a manifest:
        # one problem, one warning.
        skip.add(_resolved(candidate))
        try:
            entries, problems = _read_manifest(candidate, limits)
        except InputError as err:
            yield err
            continue
        manifests.append((candidate.parent, entries))
        yield from problems
    index = _ManifestIndex(manifests)

    for path in paths:
        for found in _walk(path, skip):
            if isinstance(found, InputError):
                yield found
                continue
            file, resolved = found
            entry = index.match(file, resolved)
            for item in _read_file(file, limits):
                if isinstance(item, RawDocument):
                    yield _apply(item, entry, date=date, outlet=outlet)
                else:  # an InputError, or a count of skipped WARC records
                    yield item
    yield from index.unused()


class Held:
    """The items of ingest's first pass, kept for the second while they fit in `budget` characters."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.items: list[Any] | None = []
        self.chars = 0

    def offer(self, item: Any) -> None:
        """Keep one item read (a document, an unreadable item, a count of skipped records)."""
        if self.items is None:
            return
        if isinstance(item, RawDocument):
            self.chars += len(item.html if item.html is not None else item.text or "")
        if self.chars > self.budget:
            self.items = None  # over the budget: the second pass reads everything again
        else:
            self.items.append(item)

    def replay(self, read_again: Callable[[], Iterable[Any]]) -> Iterator[Any]:
        """The items of the first pass, in order: those held, else read again (each dropped once given)."""
        if self.items is None:
            yield from read_again()
            return
        items, self.items = self.items, []
        items.reverse()
        while items:
            yield items.pop()


def decode_bytes(data: bytes, item: str) -> str:
    """Text of a file's bytes (UTF-8, UTF-16/32 with BOM, cp1252, latin-1), newlines normalised."""
    return _decode(data, item)


# --- walking -----------------------------------------------------------------------


def _walk(path: Path, skip: set[Path]) -> Iterator[tuple[Path, Path] | InputError]:
    """Every file to read under `path`, with its resolved path (or an InputError)."""
    try:
        st = path.stat()
    except OSError as err:
        yield InputError(str(path), f"cannot read: {_os_reason(err)}")
        return
    if stat.S_ISDIR(st.st_mode):
        yield from _walk_dir(path, skip, set(), ())
        return
    reason = _not_regular(st.st_mode)
    if reason:
        yield InputError(str(path), reason)
        return
    # A file named explicitly is read even if hidden or called README.
    yield path, _resolved(path)


def _walk_dir(
    folder: Path, skip: set[Path], seen: set[tuple[int, int]], ancestors: tuple[tuple[int, int], ...]
) -> Iterator[tuple[Path, Path] | InputError]:
    try:
        st = folder.stat()
        key = (st.st_dev, st.st_ino)
        with os.scandir(folder) as it:
            # Only names are held, never contents, so a folder of many files is cheap; each
            # entry is looked at on its own, so one bad entry never hides its siblings.
            entries = sorted(((e.name, e) for e in it if not e.name.startswith(".")), key=lambda pair: pair[0])
    except OSError as err:
        yield InputError(str(folder), f"cannot read folder: {_os_reason(err)}")
        return
    if key in seen:  # the same folder reached again through a symbolic link: read once
        return
    seen.add(key)
    ancestors = (*ancestors, key)
    # The folder is resolved once: a child that is not a symbolic link resolves to it
    # plus its own name.
    resolved_folder = _resolved(folder)
    for name, entry in entries:
        child = folder / name
        try:
            cst = child.stat()
            link = entry.is_symlink()
        except OSError as err:
            yield InputError(str(child), f"cannot read: {_os_reason(err)}")
            continue
        if stat.S_ISDIR(cst.st_mode):
            if (cst.st_dev, cst.st_ino) in ancestors:
                yield InputError(str(child), "symbolic link loop (links back to a folder being read); skipped")
                continue
            yield from _walk_dir(child, skip, seen, ancestors)
            continue
        resolved = _resolved(child) if link else resolved_folder / name
        if name.lower() in _NOT_ARTICLES or resolved in skip:
            continue
        reason = _not_regular(cst.st_mode)
        if reason:
            yield InputError(str(child), reason)
        else:
            yield child, resolved


def _auto_manifests(paths: Sequence[Path]) -> list[Path]:
    # A folder given as input with a manifest at its top uses it without a flag.
    found = []
    for path in paths:
        try:
            if not path.is_dir():
                continue
        except OSError:
            continue  # reported by the walk
        for name in MANIFEST_NAMES:
            try:
                if (path / name).is_file():
                    found.append(path / name)
                    break
            except OSError:
                continue
    return found




# --- one file ------------------------------------------------------------------------


def _read_file(path: Path, limits: Limits | None = None) -> Iterator[RawDocument | InputError | Skipped]:
    limits = limits or Limits()
    name = path.name.lower()
    item = str(path)
    if name.endswith((".warc", ".warc.gz")):
        from storyline.stages.warc import read_warc

        yield from read_warc(path)
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(path, limits)
        return
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | {".json"}:
        yield InputError(
            item,
            f"unsupported file type {suffix or '(no extension)'!r}: "
            "use .txt, .md, .html, .json, .jsonl or .warc(.gz)",
        )
        return
    try:
        data = _read_limited(path, limits.max_file_bytes)
        text, problem = _decode_report(data, item)
    except InputError as err:
        yield err
        return
    if not text.strip():
        yield InputError(item, "empty file")
        return
    if suffix == ".json":
        # A broken JSON file holds no article to keep: its decoding problem is not news.
        yield from _read_json(item, text, limits, problem)
        return
    if problem is not None:
        yield InputError(item, problem)
    if suffix in TEXT_SUFFIXES:
        yield RawDocument(path=item, text=text)
    else:
        yield _html_document(item, text)


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


def _read_json(
    item: str, text: str, limits: Limits | None = None, problem: str | None = None
) -> Iterator[RawDocument | InputError]:
    try:
        data = loads_json(text, item, limits or Limits())
    except InputError as err:
        yield err
        return
    if problem is not None:
        yield InputError(item, problem)
    if isinstance(data, dict):
        yield from _record(data, item)
    elif isinstance(data, list):
        for n, record in enumerate(data, start=1):
            yield from _record(record, f"{item}#{n}")
    else:
        yield InputError(item, "JSON is neither a record nor a list of records")


def _read_jsonl(path: Path, limits: Limits | None = None) -> Iterator[RawDocument | InputError]:
    limits = limits or Limits()
    item = str(path)
    try:
        st = path.stat()
        reason = _not_regular(st.st_mode)
        if reason:
            yield InputError(item, reason)
            return
        fh = path.open("rb")
    except OSError as err:
        yield InputError(item, f"cannot read: {_os_reason(err)}")
        return
    found = False
    limit = limits.max_line_bytes
    with fh:
        n = 0
        while True:
            try:
                line = fh.readline(limit + 1)
            except OSError as err:
                yield InputError(item, f"cannot read: {_os_reason(err)}")
                return
            if not line:
                break
            n += 1
            where = f"{item}:{n}"
            if len(line) > limit and not line.endswith(b"\n"):
                yield InputError(where, f"line too large (over {_mb(limit)} MB; see read.max_line_mb): split the record")
                # Skip the rest of the oversized line.
                while line and not line.endswith(b"\n"):
                    line = fh.readline(limit)
                continue
            if not line.strip():
                continue
            try:
                text, problem = _decode_report(line, where)
                record = loads_json(text, where, limits)
            except InputError as err:
                yield InputError(where, err.reason.replace("broken JSON", "broken JSON line", 1))
                continue
            if problem is not None:
                yield InputError(where, problem)
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
        published = parse_date(str(value)) if isinstance(value, str) else None
        if published is None:
            # The record is still read; the bad value is reported so it can be fixed.
            yield InputError(
                item, f"bad published date {_short(value)!r}: expected an ISO date like 2018-12-01; read without it"
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


# --- manifests -----------------------------------------------------------------------


# --- small helpers -------------------------------------------------------------------


def _first(record: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if record.get(key) not in (None, ""):
            return record[key]
    return None


