"""WARC crawls: English HTML pages read, the rest counted, broken records named."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.models import RawDocument
from storyline.stages.warc import Skipped, is_english, read_warc

ENGLISH = (
    "<html><head><title>Port strike</title></head><body><p>The dockers of the port said on Monday that"
    " the strike would go on until the owners of the terminal agreed to talks with the union, and"
    " that it was not their aim to stop the ships from the north.</p></body></html>"
)
FRENCH = (
    "<html><body><p>Les dockers du port ont annoncé lundi que la grève continuerait jusqu'à ce que"
    " les propriétaires du terminal acceptent de négocier avec le syndicat, sans bloquer les navires"
    " venus du nord selon leurs déclarations.</p></body></html>"
)


def _warc(path: Path, records: list[tuple[str, str, bytes, str]], *, compress: bool = False) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for uri, ctype, body, status in records:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("compress", [False, True])
def test_english_html_is_read_and_the_rest_counted(tmp_path: Path, compress: bool) -> None:
    path = _warc(tmp_path / ("c.warc.gz" if compress else "c.warc"), [
        ("https://a.example/1", "text/html", ENGLISH.encode(), "200 OK"),
        ("https://a.example/logo.png", "image/png", b"\x89PNG", "200 OK"),
        ("https://a.example/style.css", "text/css", b"p{}", "200 OK"),
        ("https://a.example/fr", "text/html", FRENCH.encode(), "200 OK"),
        ("https://a.example/moved", "text/html", b"<p>moved</p>", "301 Moved"),
    ], compress=compress)
    items = list(read_warc(path))
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert [d.url for d in docs] == ["https://a.example/1"]
    skipped = {i.reason: i.count for i in items if isinstance(i, Skipped)}
    assert skipped == {"non-HTML records": 2, "non-English pages": 1, "error or redirect responses": 1}
    assert not [i for i in items if isinstance(i, InputError)]


def test_truncated_record_is_a_warning_and_earlier_records_are_kept(tmp_path: Path) -> None:
    body = ENGLISH.encode()
    path = _warc(tmp_path / "t.warc", [
        ("https://a.example/1", "text/html", body, "200 OK"),
        ("https://a.example/2", "text/html", body * 3, "200 OK"),
    ])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - len(body)])  # the crawl stopped inside the second record
    items = list(read_warc(path))
    assert [d.url for d in items if isinstance(d, RawDocument)] == ["https://a.example/1"]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 1 and errors[0].item == f"{path}#2" and "truncated" in errors[0].reason


@pytest.mark.parametrize(
    ("page", "declared", "expected"),
    [
        (ENGLISH, None, True),
        (FRENCH, None, False),
        (FRENCH, "en-GB", True),  # a declared language wins
        (ENGLISH.replace("<html>", '<html lang="de">'), None, False),
        ("<p>Tokyo 2020</p>", None, True),  # too little text to tell
    ],
)
def test_is_english(page: str, declared: str | None, expected: bool) -> None:
    assert is_english(page, declared) is expected


@pytest.mark.slow
def test_ingest_counts_skipped_records_and_filters_dates(tmp_path: Path) -> None:
    import datetime as dt

    from storyline import pipeline
    from storyline.store.db import connect

    def page(day: str, words: str) -> bytes:
        return (f'<html><head><meta property="article:published_time" content="{day}"><title>{words}</title>'
                f"</head><body><article><p>{ENGLISH[70:-30]} {words}.</p><p>{words} was the word"
                f" of the day, the union said.</p></article></body></html>").encode()

    path = _warc(tmp_path / "c.warc.gz", [
        ("https://a.example/old", "text/html", page("2018-03-01", "Early harbour news"), "200 OK"),
        ("https://a.example/new", "text/html", page("2018-06-01", "Later harbour news"), "200 OK"),
        ("https://a.example/fr", "text/html", FRENCH.encode(), "200 OK"),
        ("https://a.example/x.js", "application/javascript", b"var x;", "200 OK"),
    ], compress=True)
    store = connect(tmp_path / "s.db")
    report = pipeline.ingest(store, [path], since=dt.date(2018, 5, 1), until=dt.date(2018, 12, 31))
    assert report.problems == []
    assert report.added == 1
    assert report.skipped == {
        "non-HTML records": 1, "non-English pages": 1, "published outside --since/--until": 1,
    }
    (url,) = [r[0] for r in store.conn.execute("SELECT url FROM documents")]
    assert url == "https://a.example/new"
