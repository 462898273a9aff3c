"""Manifests: what a CSV or JSON manifest says about each input file, checked row by row."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.models import RawDocument
from storyline.stages.guard import (
    Limits,
    _decode_report,
    _opt,
    _read_limited,
    _resolved,
    _short,
    loads_json,
    parse_date,
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

    def match(self, path: Path, resolved: Path | None = None) -> ManifestEntry | None:
        """The row of `path` (whose resolved path may be given, when known)."""
        entry = self._find(path, resolved)
        if entry is not None:
            self.used.add(id(entry))
        return entry

    def _find(self, path: Path, resolved: Path | None = None) -> ManifestEntry | None:
        if resolved is None:
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
