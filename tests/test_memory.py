"""Memory flat in the number of articles: exports written piece by piece, one file at a time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline import write_exports
from storyline.errors import OutputError
from storyline.export.files import write_text_atomic


def _story() -> dict[str, object]:
    doc = {"id": "d1", "path": "a.txt", "version": 1, "title": "Grève «générale» — día 2", "outlet": "Ñews",
           "url": None, "byline": None, "authors": [], "updated": None, "language": "en", "published_sources": {},
           "published": "2024-05-01", "published_inferred": False, "published_bounds": None, "content_hash": "x",
           "text": "Line one.\n\nZürich said \"no\" <b>.", "removed_lines": [], "report": "d1", "copies": []}
    return {"storyline_version": "0", "documents": [doc], "entities": [], "quotes": [], "events": [],
            "key_timeline": [], "timeline": [], "summary": [{"text": "Ünïcode \u2028 stays", "sources": []}],
            "failures": []}


def test_story_json_is_written_in_pieces_with_the_text_json_dumps_gives(tmp_path: Path) -> None:
    data = _story()
    files = write_exports(data, tmp_path)
    assert [f.name for f in files] == ["story.json", "story.md", "story.html"]
    assert (tmp_path / "story.json").read_text(encoding="utf-8") == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert "Grève «générale»" in (tmp_path / "story.md").read_text(encoding="utf-8")
    assert "Zürich said &quot;no&quot; &lt;b&gt;." in (tmp_path / "story.html").read_text(encoding="utf-8")


def test_pieces_are_written_in_order_and_a_failure_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_text_atomic(target, (p for p in ["a", "b", "\n"]))
    assert target.read_text(encoding="utf-8") == "ab\n"

    def broken() -> object:
        yield "partial"
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="No space left on device: free some space"):
        write_text_atomic(tmp_path / "other.txt", broken())  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_stored_texts_reads_each_text_from_the_store_when_asked(tmp_path: Path) -> None:
    import storyline
    from storyline.store import repo

    folder = tmp_path / "in"
    folder.mkdir()
    for name, body in (("a.txt", "Strike called\n\nThe union called a strike on Monday."),
                       ("b.txt", "Talks resume\n\nTalks with the port resumed on Friday.")):
        (folder / name).write_text(body, encoding="utf-8")
    with storyline.connect(tmp_path / "s.db") as store:
        storyline.ingest(store, [folder])
        texts = repo.StoredTexts(store)
        expected = {repo.doc_key(r["id"]): r["text"] for r in repo.iter_documents(store)}
        assert list(texts) == list(expected) and len(texts) == 2
        assert dict(texts.items()) == expected
        assert "d999" not in texts and "x" not in texts
        with pytest.raises(KeyError):
            texts["d999"]


class _Stream:
    """Items produced only when iterated, as `StoredDocuments` reads documents."""

    def __init__(self, items: list[object]) -> None:
        self.items = items

    def __iter__(self) -> object:
        return iter(self.items)


@pytest.mark.parametrize("documents", [[], [{"id": "d1", "text": "a\nb", "n": [1, {"x": []}]}, {"id": "d2"}]])
def test_json_parts_encode_a_stream_as_the_list_it_yields(documents: list[object]) -> None:
    from storyline.export.story import json_parts

    data = _story()
    expected = json.dumps({**data, "documents": documents}, ensure_ascii=False, indent=2) + "\n"
    assert "".join(json_parts({**data, "documents": _Stream(documents)})) == expected
    assert "".join(json_parts({})) == json.dumps({}) + "\n"


@pytest.mark.slow
def test_a_build_writes_from_the_store_the_bytes_the_story_dict_gives(tmp_path: Path) -> None:
    import storyline
    from storyline.config import Settings
    from storyline.export.story import StoredDocuments, StoredStory, iter_quotes, quotes, story
    from storyline.store import repo

    demo = Path(__file__).parent.parent / "examples" / "harbour-strike"
    result = storyline.build([demo], out=tmp_path / "built", db=tmp_path / "s.db", manifest=demo / "manifest.csv")
    timeline = result.section("timeline")  # read alone, before the whole story is
    files = write_exports(result.story, tmp_path / "from-dict")
    for f in files:
        assert (tmp_path / "built" / f.name).read_bytes() == f.read_bytes(), f.name
    with storyline.connect(tmp_path / "s.db") as store:
        lazy = StoredStory(store)
        assert list(lazy) == list(result.story) and isinstance(lazy["documents"], StoredDocuments)
        assert story(store) == result.story
        # The streamed quote book and cast are the listed ones, in the same order.
        assert list(iter_quotes(store, Settings())) == quotes(store, Settings()) == result.story["quotes"]
        assert list(lazy["entities"]) == repo.load_entities(store) and result.story["quotes"]
    assert timeline == result.story["timeline"] and timeline
