"""Input readers: every format, every bad input, manifests and streaming."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.models import RawDocument
from storyline.stages import read
from storyline.stages.read import iter_inputs, read_manifest

ARTICLE = "Officials met on Monday.\n\nThey agreed to talk again in March."


def _all(paths: list[Path], **kwargs: object) -> list[RawDocument | InputError]:
    return list(iter_inputs(paths, **kwargs))  # type: ignore[arg-type]


def _docs(items: list[RawDocument | InputError]) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def _errors(items: list[RawDocument | InputError]) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


@pytest.mark.parametrize("name", ["a.txt", "a.md", "A.TXT"])
def test_plain_text(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    (doc,) = _all([tmp_path / name])
    assert isinstance(doc, RawDocument)
    assert doc.text == ARTICLE and doc.html is None
    assert doc.path == str(tmp_path / name)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Café “quoted” — déjà vu\r\nline two\rline three".encode(), "Café “quoted” — déjà vu\nline two\nline three"),
        (b"\xef\xbb\xbfWith a BOM: \xc3\xa9t\xc3\xa9", "With a BOM: été"),
        ("UTF-16 text: naïve “quotes”".encode("utf-16"), "UTF-16 text: naïve “quotes”"),
        (b"\xfe\xff" + "Big-endian: Zoë".encode("utf-16-be"), "Big-endian: Zoë"),
        (b"\xff\xfe" + "Little-endian: Zoë".encode("utf-16-le"), "Little-endian: Zoë"),
        ("Windows quotes “smart” – and € sign".encode("cp1252"), "Windows quotes “smart” – and € sign"),
        # 0x81 is undefined in cp1252, so this falls back to latin-1.
        (b"Latin-1 only \x81 caf\xe9", "Latin-1 only \x81 café"),
        ("No BOM UTF-16 article text here".encode("utf-16-le"), "No BOM UTF-16 article text here"),
    ],
)
def test_decoding(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    (doc,) = _all([path])
    assert isinstance(doc, RawDocument), doc
    assert doc.text == expected


def test_html_keeps_markup_and_reads_title_and_url(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Talks resume &amp; stall | The Daily</title>"
        '<link rel="canonical" href="https://example.com/news/1"></head>'
        "<body><article><p>Body.</p></article></body></html>"
    )
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    (tmp_path / "q.htm").write_text("<p>Only a paragraph here.</p>", encoding="utf-8")
    docs = _docs(_all([tmp_path]))
    assert [Path(d.path).name for d in docs] == ["p.html", "q.htm"]
    assert docs[0].html == page and docs[0].text is None
    assert docs[0].title == "Talks resume & stall | The Daily"
    assert docs[0].url == "https://example.com/news/1"
    assert docs[1].title is None and docs[1].url is None


def test_jsonl_records_and_broken_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": "First article.", "title": "One", "url": "https://a/1", "published": "2019-01-15", "outlet": "Kyodo"}),
        "{not json",
        "",
        json.dumps({"html": "<p>Second.</p>", "published": "2019-01-16T09:00:00+09:00"}),
        json.dumps({"title": "no body"}),
        json.dumps(["not", "a", "record"]),
        json.dumps({"text": "Third.", "published": "15/01/2019"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _all([path])
    docs = _docs(items)
    errors = _errors(items)
    assert [d.path for d in docs] == [f"{path}#1", f"{path}#4", f"{path}#7"]
    assert docs[0] == RawDocument(
        path=f"{path}#1", text="First article.", title="One", url="https://a/1", published=dt.date(2019, 1, 15), outlet="Kyodo"
    )
    assert docs[1].html == "<p>Second.</p>" and docs[1].published == dt.date(2019, 1, 16)
    assert docs[2].published is None
    items_by_name = {e.item: e.reason for e in errors}
    assert items_by_name[f"{path}:2"].startswith("broken JSON line")
    assert "no non-empty 'text' or 'html'" in items_by_name[f"{path}#5"]
    assert items_by_name[f"{path}#6"] == "record is not a JSON object"
    assert "bad published date '15/01/2019'" in items_by_name[f"{path}#7"]
    assert all("\n" not in e.reason for e in errors)


def test_json_record_and_list(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"text": "Alone.", "outlet": "AP"}), encoding="utf-8")
    (tmp_path / "many.json").write_text(json.dumps([{"text": "A."}, {"html": "<p>B.</p>", "title": "B"}, 3]), encoding="utf-8")
    (tmp_path / "bad.json").write_text("{\"text\": ", encoding="utf-8")
    items = _all([tmp_path])
    paths = [i.path if isinstance(i, RawDocument) else i.item for i in items]
    assert paths == [
        str(tmp_path / "bad.json"),
        f"{tmp_path / 'many.json'}#1",
        f"{tmp_path / 'many.json'}#2",
        f"{tmp_path / 'many.json'}#3",
        str(tmp_path / "one.json"),
    ]
    assert isinstance(items[0], InputError) and items[0].reason.startswith("broken JSON")
    assert isinstance(items[4], RawDocument) and items[4].outlet == "AP"


def _warc_bytes(compress: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)

    def response(uri: str, ctype: str, body: bytes, status: str = "200 OK") -> None:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))

    response("https://news.example/a", "text/html; charset=utf-8", "<html><title>A</title><p>Été.</p></html>".encode())
    response("https://news.example/logo.png", "image/png", b"\x89PNG\x00\x00")
    response("https://news.example/gone", "text/html", b"<p>gone</p>", status="404 Not Found")
    response("https://news.example/b", "text/html; charset=windows-1252", "<p>caf\u00e9 “b”</p>".encode("cp1252"))
    return out.getvalue()


@pytest.mark.parametrize("compress", [False, True])
def test_warc_html_responses(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(_warc_bytes(compress))
    items = _all([path])
    docs = _docs(items)
    assert _errors(items) == []
    assert [d.url for d in docs] == ["https://news.example/a", "https://news.example/b"]
    assert docs[0].html is not None and "Été" in docs[0].html and docs[0].title == "A"
    assert docs[1].html == "<p>café “b”</p>"
    assert all(d.published is None for d in docs)  # WARC-Date is the crawl date
    assert all(d.path.startswith(f"{path}#") for d in docs)


def test_broken_warc(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(gzip.compress(b"WARC/1.0\r\nnonsense\r\n\r\n") + b"garbage")
    items = _all([path])
    assert items and all(isinstance(i, InputError) for i in items)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.txt", b"", "empty file"),
        ("b.txt", b"  \n\t\r\n ", "empty file"),
        ("c.txt", b"\xef\xbb\xbf", "empty file"),
        ("d.txt", b"PK\x03\x04\x00\x00binary\x00\x01\x02", "binary file, not text"),
        ("e.txt", bytes(range(0, 32)) * 20, "binary file, not text"),
        ("f.md", b"\xff\xfe\x00", "not UTF-8, cp1252 or UTF-16 text (bad utf-16-le after a byte-order mark at byte 0)"),
    ],
)
def test_bad_text_files(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(data)
    (err,) = _all([tmp_path / name])
    assert isinstance(err, InputError)
    assert err.item == str(tmp_path / name)
    assert err.reason == reason


def test_unsupported_extension(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "noext").write_text("text", encoding="utf-8")
    errors = _errors(_all([tmp_path]))
    assert [Path(e.item).name for e in errors] == ["a.pdf", "noext"]
    assert all(e.reason.startswith("unsupported file type") for e in errors)
    assert "'.pdf'" in errors[0].reason


def test_too_large(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("word " * 1000, encoding="utf-8")
    (err,) = _all([tmp_path / "big.txt"], limits=read.Limits(max_file_bytes=1000))
    assert isinstance(err, InputError) and err.reason.startswith("too large (5000 bytes, limit 1000 bytes")


def test_missing_and_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    items = _all([tmp_path / "missing.txt", tmp_path])
    errors = _errors(items)
    assert len(errors) == 2 and not _docs(items)
    assert errors[0].item == str(tmp_path / "missing.txt")
    assert errors[0].reason == "cannot read: No such file or directory"
    assert errors[1].reason == "cannot read: No such file or directory (broken symbolic link)"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated, because tests may run as root, who can read a chmod 000 file.
    secret = tmp_path / "secret.txt"
    secret.write_text(ARTICLE, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text(ARTICLE, encoding="utf-8")
    real_open, real_scandir = Path.open, os.scandir

    def deny_open(self: Path, *args: object, **kwargs: object) -> object:
        if self == secret:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    def deny_scandir(path: object) -> object:
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", deny_open)
    monkeypatch.setattr(os, "scandir", deny_scandir)
    errors = _errors(_all([tmp_path]))
    assert [(Path(e.item).name, e.reason) for e in errors] == [
        ("locked", "cannot read folder: Permission denied"),
        ("secret.txt", "cannot read: Permission denied"),
    ]


def test_folder_walk_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for rel in ["b/2.txt", "b/1.txt", "a.txt", "c/d/e.md", ".hidden.txt", ".git/x.txt", "b/.DS_Store", "README.md"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Article {rel}.", encoding="utf-8")
    names = [Path(d.path).relative_to(tmp_path).as_posix() for d in _docs(_all([tmp_path]))]
    assert names == ["a.txt", "b/1.txt", "b/2.txt", "c/d/e.md"]
    # Named explicitly, a hidden file is read.
    assert _docs(_all([tmp_path / ".hidden.txt"]))


def test_symlink_loop_terminates(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    docs = _docs(_all([tmp_path]))
    assert [Path(d.path).name for d in docs] == ["a.txt"]


def test_large_folder_streams(tmp_path: Path) -> None:
    for i in range(2000):
        (tmp_path / f"{i:05d}.txt").write_text(f"Article number {i} says something.", encoding="utf-8")
    stream = iter_inputs([tmp_path])
    first = next(stream)
    # A generator: the first document arrives before the others are read.
    assert isinstance(first, RawDocument) and first.text == "Article number 0 says something."
    rest = list(stream)
    assert len(rest) == 1999 and all(isinstance(d, RawDocument) for d in rest)
    assert isinstance(rest[-1], RawDocument) and rest[-1].path.endswith("01999.txt")


def test_manifest_csv_matching_and_bad_rows(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "c.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "d.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,outlet,published,title,url\n"
        "a.txt,Kyodo News,2018-12-01,Talks,https://k/1\n"
        "b.txt,The Mainichi,2019-01-19,,\n"
        "c.txt,AP,19/01/2019,,\n",
        encoding="utf-8",
    )
    items = _all([tmp_path])
    errors = _errors(items)
    assert len(errors) == 1
    assert errors[0].item == f"{tmp_path / 'manifest.csv'}:4"
    assert errors[0].reason.startswith("bad published date '19/01/2019' for c.txt")
    docs = {Path(d.path).name: d for d in _docs(items)}
    assert set(docs) == {"a.txt", "b.txt", "c.txt", "d.txt"}  # the manifest itself is skipped
    assert (docs["a.txt"].outlet, docs["a.txt"].published, docs["a.txt"].title, docs["a.txt"].url) == (
        "Kyodo News", dt.date(2018, 12, 1), "Talks", "https://k/1")
    # Matched by base name although it lives in a subfolder.
    assert (docs["b.txt"].outlet, docs["b.txt"].published, docs["b.txt"].title) == ("The Mainichi", dt.date(2019, 1, 19), None)
    # A bad date drops only the date.
    assert (docs["c.txt"].outlet, docs["c.txt"].published) == ("AP", None)
    assert (docs["d.txt"].outlet, docs["d.txt"].published) == (None, None)


def test_manifest_json_explicit_and_overrides(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "b.jsonl").write_text(json.dumps({"text": "x", "outlet": "Own"}) + "\n", encoding="utf-8")
    manifest = tmp_path / "meta.json"
    manifest.write_text(json.dumps([
        {"file": "in/a.txt", "outlet": "Reuters", "published": "2019-01-22"},
        {"file": "b.jsonl", "outlet": "Tass"},
    ]), encoding="utf-8")
    docs = _docs(_all([tmp_path / "in"], manifest=manifest))
    assert [(d.outlet, d.published) for d in docs] == [("Reuters", dt.date(2019, 1, 22)), ("Tass", None)]
    docs = _docs(_all([tmp_path / "in"], manifest=manifest, date=dt.date(2020, 2, 2), outlet="Mine"))
    assert [(d.outlet, d.published) for d in docs] == [("Mine", dt.date(2020, 2, 2))] * 2


def test_read_manifest_dict_form_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"x.txt": {"outlet": "AFP", "published": "2019-02-01"}}), encoding="utf-8")
    entries = read_manifest(path)
    assert entries["x.txt"].outlet == "AFP" and entries["x.txt"].published == dt.date(2019, 2, 1)
    bad = tmp_path / "m.csv"
    bad.write_text("name,outlet\nx.txt,AP\n", encoding="utf-8")
    with pytest.raises(InputError, match="no 'file' column"):
        read_manifest(bad)
    with pytest.raises(InputError, match="cannot read manifest: No such file"):
        read_manifest(tmp_path / "none.csv")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    items = _all([tmp_path / "a.txt"], manifest=tmp_path / "none.csv")
    assert isinstance(items[0], InputError) and isinstance(items[1], RawDocument)


@pytest.mark.shared
def test_example_folder_uses_its_manifest(example_dir: Path) -> None:
    items = _all([example_dir])
    assert _errors(items) == []
    docs = _docs(items)
    assert len(docs) == 3  # README.md and manifest.csv are not articles
    assert all(d.outlet and d.published and d.text for d in docs)
