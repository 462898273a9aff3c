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

import csv
import datetime as dt
import errno
import html as html_lib
import io
import json
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from storyline.config import Settings
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
class Limits:
    """What the readers accept; past a limit the item is one warning and the run goes on."""

    max_file_bytes: int = MAX_BYTES
    max_line_bytes: int = MAX_BYTES
    max_json_depth: int = 100
    max_number_digits: int = 100

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """The limits named by the `read.*` settings."""
        mb = 1024 * 1024
        return cls(
            max_file_bytes=max(1, settings.read_max_file_mb) * mb,
            max_line_bytes=max(1, settings.read_max_line_mb) * mb,
            max_json_depth=max(1, settings.read_max_json_depth),
            max_number_digits=max(1, settings.read_max_number_digits),
        )


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
    limits: Limits | None = None,
) -> Iterator[RawDocument | InputError]:
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
        for file in _walk(path, skip):
            if isinstance(file, InputError):
                yield file
                continue
            entry = index.match(file)
            for item in _read_file(file, limits):
                if isinstance(item, InputError):
                    yield item
                else:
                    yield _apply(item, entry, date=date, outlet=outlet)
    yield from index.unused()


def read_manifest(path: Path, limits: Limits | None = None) -> dict[str, ManifestEntry]:
    """Rows of a CSV or JSON manifest (`file,outlet,published[,title,url]`) keyed by file name."""
    entries, _ = _read_manifest(path, limits or Limits())
    return entries


def _read_manifest(path: Path, limits: Limits) -> tuple[dict[str, ManifestEntry], list[InputError]]:
    item = str(path)
    data = _read_limited(path, limits.max_file_bytes, what="manifest")
    text, problem = _decode_report(data, item)
    if problem is not None:
        raise InputError(item, f"manifest is not clean text: {problem}")
    if path.suffix.lower() == ".json":
        rows = _json_manifest_rows(text, item, limits)
    else:
        rows = _csv_manifest_rows(text, item)
    entries: dict[str, ManifestEntry] = {}
    problems: list[InputError] = []
    for where, row in rows:
        name = str(row.get("file") or "").strip()
        if not name:
            problems.append(InputError(where, "row has no file name; ignored"))
            continue
        key = Path(name).as_posix()
        if Path(name).is_absolute() or ".." in Path(name).parts:
            problems.append(
                InputError(where, f"{name!r} is outside the manifest's folder; give a path relative to it. Row ignored")
            )
            continue
        if key in entries:
            problems.append(InputError(where, f"second row for {name} (first at {entries[key].row}); ignored"))
            continue
        published: dt.date | None = None
        bad_date = None
        value = row.get("published")
        if value not in (None, ""):
            published = parse_date(str(value))
            if published is None:
                bad_date = (
                    f"bad published date {_short(value)!r} for {name}: "
                    "expected an ISO date like 2018-12-01; the file is read without it"
                )
                problems.append(InputError(where, bad_date))
        entries[key] = ManifestEntry(
            file=name,
            outlet=_opt(row.get("outlet")),
            published=published,
            title=_opt(row.get("title")),
            url=_opt(row.get("url")),
            row=where,
            problem=bad_date,
        )
    return entries, problems


class _ManifestIndex:
    """Finds the manifest row of a file (by path under the manifest's folder, then by name)."""

    def __init__(self, manifests: list[tuple[Path, dict[str, ManifestEntry]]]) -> None:
        self.manifests = [(_resolved(folder), folder, entries) for folder, entries in manifests]
        self.by_name: dict[str, ManifestEntry] = {}
        for _, _, entries in self.manifests:
            for key, entry in entries.items():
                self.by_name.setdefault(Path(key).name, entry)
        self.used: set[int] = set()

    def match(self, path: Path) -> ManifestEntry | None:
        entry = self._find(path)
        if entry is not None:
            self.used.add(id(entry))
        return entry

    def _find(self, path: Path) -> ManifestEntry | None:
        resolved = _resolved(path)
        for root, _, entries in self.manifests:
            try:
                rel = resolved.relative_to(root).as_posix()
            except ValueError:
                continue
            if rel in entries:
                return entries[rel]
        return self.by_name.get(path.name)

    def unused(self) -> Iterator[InputError]:
        """One warning per row naming a file that does not exist (a typo, a moved file)."""
        for _, folder, entries in self.manifests:
            for key, entry in entries.items():
                if id(entry) in self.used:
                    continue
                try:
                    exists = (folder / key).exists()
                except OSError:
                    exists = False
                if not exists:
                    yield InputError(entry.row, f"names {entry.file}, which does not exist; row ignored")


def parse_date(value: str) -> dt.date | None:
    """An ISO date (or the date part of an ISO timestamp), or None when it is not one."""
    m = _ISO_DATE.match(value)
    return parse_day(f"{m.group(1)}-{m.group(2)}-{m.group(3)}") if m else None


def decode_bytes(data: bytes, item: str) -> str:
    """Text of a file's bytes (UTF-8, UTF-16/32 with BOM, cp1252, latin-1), newlines normalised."""
    return _decode(data, item)


# --- walking -----------------------------------------------------------------------

_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(mode: int) -> str | None:
    """Why a file of this mode is refused before it is opened (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in _SPECIAL:
        if test(mode):
            # Opening a named pipe blocks until a writer comes: never open one.
            return f"not a regular file ({kind}); skipped without reading"
    return "not a regular file; skipped without reading"


def _walk(path: Path, skip: set[Path]) -> Iterator[Path | InputError]:
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
    yield path


def _walk_dir(
    folder: Path, skip: set[Path], seen: set[tuple[int, int]], ancestors: tuple[tuple[int, int], ...]
) -> Iterator[Path | InputError]:
    try:
        st = folder.stat()
        key = (st.st_dev, st.st_ino)
        with os.scandir(folder) as it:
            # Only names are held, never contents, so a folder of many files is cheap; each
            # entry is looked at on its own, so one bad entry never hides its siblings.
            names = sorted(e.name for e in it if not e.name.startswith("."))
    except OSError as err:
        yield InputError(str(folder), f"cannot read folder: {_os_reason(err)}")
        return
    if key in seen:  # the same folder reached again through a symbolic link: read once
        return
    seen.add(key)
    ancestors = (*ancestors, key)
    for name in names:
        child = folder / name
        try:
            cst = child.stat()
        except OSError as err:
            yield InputError(str(child), f"cannot read: {_os_reason(err)}")
            continue
        if stat.S_ISDIR(cst.st_mode):
            if (cst.st_dev, cst.st_ino) in ancestors:
                yield InputError(str(child), "symbolic link loop (links back to a folder being read); skipped")
                continue
            yield from _walk_dir(child, skip, seen, ancestors)
        elif name.lower() in _NOT_ARTICLES or _resolved(child) in skip:
            continue
        else:
            reason = _not_regular(cst.st_mode)
            if reason:
                yield InputError(str(child), reason)
            else:
                yield child


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


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop on older Pythons
        return path.absolute()


# --- one file ------------------------------------------------------------------------


def _read_file(path: Path, limits: Limits | None = None) -> Iterator[RawDocument | InputError]:
    limits = limits or Limits()
    name = path.name.lower()
    item = str(path)
    if name.endswith((".warc", ".warc.gz")):
        yield from _read_warc(path)
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


def _read_limited(path: Path, limit: int = MAX_BYTES, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes (the type is checked once open)."""
    verb = "cannot read manifest" if what == "manifest" else "cannot read"
    try:
        st = path.stat()
        reason = _not_regular(st.st_mode)
        if reason:
            raise InputError(str(path), reason)
        if st.st_size > limit:
            raise InputError(str(path), _too_large(st.st_size, limit))
        with path.open("rb") as fh:
            reason = _not_regular(os.fstat(fh.fileno()).st_mode)
            if reason:  # replaced between the check and the open
                raise InputError(str(path), reason)
            data = fh.read(limit + 1)
    except OSError as err:
        raise InputError(str(path), f"{verb}: {_os_reason(err)}") from err
    if len(data) > limit:  # grew while being read
        raise InputError(str(path), _too_large(len(data), limit))
    return data


def _too_large(size: int, limit: int) -> str:
    mb = 1024 * 1024
    return (
        f"too large ({_mb(size)} MB, limit {_mb(limit)} MB; see read.max_file_mb): split it or pass it as JSONL"
        if limit >= mb
        else f"too large ({size} bytes, limit {limit} bytes; see read.max_file_mb)"
    )


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}" if n >= 1024 * 1024 else f"{n / (1024 * 1024):.2f}"


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


def loads_json(text: str, item: str, limits: Limits) -> Any:
    """Parse JSON within the nesting and number limits; any failure is one InputError."""
    depth = _json_depth(text)
    if depth > limits.max_json_depth:
        raise InputError(
            item, f"JSON nested {depth} deep (limit {limits.max_json_depth}; see read.max_json_depth)"
        )

    def number(kind: type[Any]) -> Any:
        def parse(value: str) -> Any:
            digits = sum(ch.isdigit() for ch in value)
            if digits > limits.max_number_digits:
                raise InputError(
                    item,
                    f"JSON number of {digits} digits (limit {limits.max_number_digits}; see read.max_number_digits)",
                )
            return kind(value)

        return parse

    try:
        return json.loads(text, parse_int=number(int), parse_float=number(float))
    except json.JSONDecodeError as err:
        raise InputError(item, f"broken JSON at line {err.lineno}, column {err.colno}: {err.msg}") from None
    except (RecursionError, ValueError, OverflowError) as err:  # pragma: no cover - the checks above come first
        raise InputError(item, f"unreadable JSON ({type(err).__name__})") from None


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _json_depth(text: str) -> int:
    """Deepest bracket nesting of a JSON text, strings left out (linear, no recursion)."""
    if "[" not in text and "{" not in text:
        return 0
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    depth = deepest = 0
    # Runs of one kind of bracket move the depth together, so the loop is short on real data.
    for run in re.finditer(r"[\[{]+|[\]}]+", brackets):
        size = run.end() - run.start()
        if run.group(0)[0] in "[{":
            depth += size
            deepest = max(deepest, depth)
        else:
            depth -= size
    return deepest


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
    """Text of `data` (see `_decode_report`); undecodable bytes are replaced silently."""
    return _decode_report(data, item)[0]


# One well-formed multi-byte UTF-8 sequence (RFC 3629, no overlongs or surrogates).
_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_ASCII = bytes(range(128))


def _decode_report(data: bytes, item: str) -> tuple[str, str | None]:
    """Text of a file's bytes and, when bytes had to be replaced, the problem to report.

    UTF-8, UTF-16/32 with a byte-order mark or UTF-16 without one; a file whose non-ASCII
    bytes are mostly well-formed UTF-8 stays UTF-8 with its stray bytes replaced (U+FFFD)
    and reported: re-reading it as cp1252 would turn every curly quote into mojibake. Only
    a file with no UTF-8 in it is read as cp1252 (latin-1 for the bytes cp1252 lacks).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec.replace("-sig", ""))
            except UnicodeDecodeError as err:
                raise InputError(
                    item, f"not UTF-8, cp1252 or UTF-16 text (bad {codec} after a byte-order mark at byte {err.start})"
                ) from err
            return _check_text(_normalise_newlines(text), item), None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _check_text(_normalise_newlines(data.decode(utf16)), item), None
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise InputError(item, "binary file, not text")
    try:
        return _check_text(_normalise_newlines(data.decode("utf-8")), item), None
    except UnicodeDecodeError as err:
        first_bad = err.start
    high = len(data.translate(None, _ASCII))
    well_formed = sum(len(m) for m in _UTF8_SEQ.findall(data))
    if well_formed > high - well_formed:
        text = data.decode("utf-8", "replace")
        replaced = text.count("\ufffd") - data.count("\ufffd".encode())
        text = _check_text(_normalise_newlines(text), item)
        return text, (
            f"{replaced} byte{'s' if replaced != 1 else ''} not valid UTF-8 (first at byte {first_bad}) "
            "replaced with U+FFFD; the rest is read as UTF-8"
        )
    for codec in ("cp1252", "latin-1"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return _check_text(_normalise_newlines(text), item), None
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
    try:
        fieldnames = reader.fieldnames
        if fieldnames is None or "file" not in [f.strip().lower() for f in fieldnames]:
            raise InputError(item, "manifest has no 'file' column: expected file,outlet,published[,title,url]")
        rows = []
        for row in reader:
            clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}
            rows.append((f"{item}:{reader.line_num}", clean))
    except csv.Error as err:
        raise InputError(item, f"broken CSV manifest at line {reader.line_num}: {err}") from None
    return rows


def _json_manifest_rows(text: str, item: str, limits: Limits) -> list[tuple[str, dict[str, Any]]]:
    try:
        data = loads_json(text, item, limits)
    except InputError as err:
        raise InputError(item, err.reason.replace("broken JSON", "broken JSON manifest", 1)) from None
    if isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()):
        data = [{"file": k, **v} for k, v in data.items()]
    if not isinstance(data, list):
        raise InputError(item, "manifest must be a list of {file, outlet, published} objects")
    rows = []
    for n, row in enumerate(data, start=1):
        if isinstance(row, dict):
            rows.append((f"{item}#{n}", {str(k).lower(): v for k, v in row.items()}))
    return rows


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


def _short(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "..."


def _opt(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _os_reason(err: OSError) -> str:
    reason = err.strerror or str(err)
    if isinstance(err, FileNotFoundError) and err.filename and os.path.islink(err.filename):
        return f"{reason} (broken symbolic link)"
    if err.errno == errno.ELOOP:
        return f"{reason} (a symbolic link loop); skipped"
    return reason
