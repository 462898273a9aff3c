"""The guards every input goes through before it is read: limits, file types, decoding, JSON.

Shared by the readers of `storyline.stages.read`: a named pipe, device or socket is
refused by its type before it is opened; files, JSONL lines, JSON nesting and JSON
numbers have size limits (`Limits`, the `read.*` settings); bytes that are not UTF-8 in
a mostly UTF-8 file are replaced and reported. Each problem is one `InputError`.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.config import Settings
from storyline.dates import parse_day
from storyline.errors import InputError

MAX_BYTES = 20 * 1024 * 1024
"""Largest text, HTML or JSON file (or WARC record) read; news articles are far smaller."""


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d)")


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


def parse_date(value: str) -> dt.date | None:
    """An ISO date (or the date part of an ISO timestamp), or None when it is not one."""
    m = _ISO_DATE.match(value)
    return parse_day(f"{m.group(1)}-{m.group(2)}-{m.group(3)}") if m else None


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

def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop on older Pythons
        return path.absolute()
