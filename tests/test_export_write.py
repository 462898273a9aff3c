"""The three export files written together (export/write.py): the bytes each file's own
renderer gives, every section read from the store once, and nothing left behind on failure."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import storyline
from storyline.errors import OutputError
from storyline.export import render
from storyline.export.story import SECTIONS, StoredStory, json_parts, story
from storyline.export.write import NAMES, write_story_files
from storyline.store import repo

DEMO = Path(__file__).resolve().parents[1] / "examples" / "harbour-strike"


def _doc(i: int, **kw: Any) -> dict[str, Any]:
    doc = {"id": f"d{i}", "path": f"in/{i}.txt", "version": 1, "title": None, "outlet": None, "url": None,
           "byline": None, "authors": [], "updated": None, "language": "en", "published_sources": {},
           "published": None, "published_inferred": False, "published_bounds": None, "content_hash": str(i),
           "text": f"Text {i}.\n\nSecond <para> of {i}.", "removed_lines": [], "report": f"d{i}", "copies": []}
    return {**doc, **kw}


def _story() -> dict[str, Any]:
    """A small story touching every branch of the pages: copies, a key timeline, planned
    entries, an inferred date, a paraphrase, markup and line breaks in article text."""
    cite = {"report": "d1", "outlet": "Wire", "url": "https://w.example/1",
            "carried_by": [{"document": "d3", "outlet": "Daily", "url": None, "published": None}]}
    entry = {"text": "Dockers *walk* out <b>\u2028now", "sources": [{"document": "d1", "start": 0, "end": 9},
                                                                     {"document": "d2", "start": 3, "end": 7}],
             "planned": True, "timex": "Monday", "anchor": "publication", "outlets": ["Wire", "Daily"],
             "independent_sources": 2, "reports": [cite, {**cite, "report": "d2", "carried_by": []}]}
    return {
        "storyline_version": "0",
        "documents": [_doc(1, title="Strike «begins»", outlet="Wire", published="2024-05-01", copies=["d3"]),
                      _doc(2, published="2024-05-02", published_inferred=True),
                      _doc(3, outlet="Daily", url="https://d.example/3", report="d1")],
        "entities": [{"id": "e1", "name": "Ana [Ruiz]", "type": "PERSON", "aliases": ["Ana [Ruiz]", "Ruiz"],
                      "roles": ["minister"], "mentions": 3}],
        "quotes": [{"speaker_name": None, "kind": "indirect", "text": "no <deal>", "document": "d2"},
                   {"speaker_name": "Ruiz", "kind": "direct", "text": "We `stay`", "document": "d1"}],
        "events": [{"id": "ev1", "date": "2024-05-01", "text": "x", "n": [1.5, None, True, {"k": []}]}],
        "key_timeline": [{"date": "2024-05-01", "sources": 2, "outlets": ["Wire"], "entries": [entry]}],
        "timeline": [{"date": "2024-05-01", "entries": [entry, {**entry, "planned": False, "reports": []}]},
                     {"date": "2024-05", "entries": []}],
        "summary": [{"text": "A strike & a <deal>.", "sources": entry["sources"], "reports": entry["reports"]}],
        "failures": [{"item": "bad.txt", "stage": "read", "reason": "empty"}],
    }


def _expected(data: Any) -> list[str]:
    return ["".join(json_parts(data)), render.markdown(data), render.html_page(data)]


def _written(out: Path) -> list[str]:
    return [(out / name).read_text(encoding="utf-8") for name in NAMES]


def test_the_three_files_are_the_bytes_each_renderer_gives(tmp_path: Path) -> None:
    data = _story()
    assert write_story_files(data, tmp_path) == [tmp_path / n for n in NAMES]
    written = _written(tmp_path)
    assert written == _expected(data)
    assert written[0] == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert "carried by" in written[2] and "Full timeline" in written[1] and "3 articles, 2 independent" in written[1]


@pytest.mark.parametrize("drop", ["key_timeline", "summary-empty", "documents-empty"])
def test_without_a_key_timeline_a_summary_or_documents(tmp_path: Path, drop: str) -> None:
    data = _story()
    if drop == "key_timeline":
        del data["key_timeline"]
    elif drop == "summary-empty":
        data["summary"] = []
    else:
        data["documents"] = []
    write_story_files(data, tmp_path)
    assert _written(tmp_path) == _expected(data)


def test_a_failing_section_leaves_no_file_and_no_temporary_file(tmp_path: Path) -> None:
    class Broken(dict):  # type: ignore[type-arg]
        def __getitem__(self, key: str) -> Any:
            if key == "events":  # read after the documents: every file is half written
                raise OSError(28, "No space left on device")
            return super().__getitem__(key)

    (tmp_path / "story.md").write_text("before", encoding="utf-8")
    with pytest.raises(OutputError, match="No space left on device: free some space"):
        write_story_files(Broken(_story()), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.md"]
    assert (tmp_path / "story.md").read_text(encoding="utf-8") == "before"


class _Counting(StoredStory):
    """A StoredStory that counts how often each section, and each document, is read."""

    reads: Counter[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reads = Counter()

    def _read(self, key: str) -> Any:
        self.reads[key] += 1
        value = super()._read(key)
        if key in ("documents", "entities", "quotes"):
            return _CountedIteration(value, self.reads, key)
        return value

    def heads(self) -> Iterator[dict[str, Any]]:
        self.reads["heads"] += 1
        return super().heads()


class _CountedIteration:
    def __init__(self, value: Any, reads: Counter[str], key: str) -> None:
        self._value, self._reads, self._key = value, reads, key

    def __iter__(self) -> Iterator[Any]:
        self._reads[f"{self._key} iterated"] += 1
        return iter(self._value)


@pytest.mark.slow
def test_a_build_reads_each_section_once_for_the_three_files(tmp_path: Path) -> None:
    result = storyline.build([DEMO], out=tmp_path / "built", db=tmp_path / "s.db", manifest=DEMO / "manifest.csv")
    with storyline.connect(tmp_path / "s.db") as store:
        counting = _Counting(store)
        (tmp_path / "again").mkdir()
        write_story_files(counting, tmp_path / "again")
        data = story(store)
        # The documents with their removed lines, read in one pass, are those read one by one.
        assert [(dict(r), removed) for r, removed in repo.iter_documents_removed(store)] == [
            (dict(r), repo.removed_lines(store, r["id"])) for r in repo.iter_documents(store)]
    assert counting.reads == Counter({**dict.fromkeys(SECTIONS, 1), "heads": 1, "documents iterated": 1,
                                      "entities iterated": 1, "quotes iterated": 1})
    assert _written(tmp_path / "again") == _written(tmp_path / "built") == _expected(data)
    assert any(d["removed_lines"] for d in data["documents"]) and data["key_timeline"] and result.report.ok
