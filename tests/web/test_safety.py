"""Article text is data, never markup: payloads in title, byline, outlet, body and URL render inert."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from storyline.store.browse import open_readonly
from tests.web.conftest import JS_URL, ONERROR, SCRIPT

pytestmark = pytest.mark.slow


def test_the_payloads_are_stored(hostile_db: Path) -> None:
    # Otherwise the tests below could pass on an article the cleaner had already defused.
    with open_readonly(hostile_db) as store:
        row, made = store.conn.execute("SELECT * FROM documents ORDER BY id").fetchall()
    assert SCRIPT in row["title"]
    assert row["url"] == JS_URL
    assert ONERROR in row["outlet"]
    assert SCRIPT in row["text"] and ONERROR in row["text"]
    assert SCRIPT in made["byline"] and ONERROR in made["title"] and JS_URL in made["url"]


def _pages(client: TestClient) -> list[str]:
    docs = [d["id"] for d in client.get("/api/documents").json()["documents"]]
    ents = client.get("/api/cast").json()["entities"]
    return ["/", "/timeline?view=full", "/cast", "/quotes", "/documents", "/outlets", "/search?q=script",
            "/search?q=onerror", "/search?q=board"] + [f"/documents/{d}" for d in docs] + [
        f"/cast/{e['id']}" for e in ents]


class _Tags(HTMLParser):
    """Every element a browser would build from the page, with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_no_payload_reaches_a_page_as_markup(hostile: TestClient) -> None:
    for path in _pages(hostile):
        r = hostile.get(path)
        assert r.status_code == 200, path
        parser = _Tags()
        parser.feed(r.text)
        assert parser.tags, path
        scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
        assert scripts == [{"src": "/static/app.js", "defer": None}], path
        assert not [t for t, _ in parser.tags if t in ("img", "iframe", "object", "embed")], path
        for tag, attrs in parser.tags:
            assert not [a for a in attrs if a.startswith("on")], (path, tag, attrs)
            for a in ("href", "src", "action", "formaction"):
                assert not (attrs.get(a) or "").strip().lower().startswith("javascript:"), (path, tag, attrs)


def test_payloads_are_shown_as_text(hostile: TestClient) -> None:
    for doc in hostile.get("/api/documents").json()["documents"]:
        html = hostile.get(f"/documents/{doc['id']}").text
        assert "&lt;script&gt;window.__pwned = 1" in html
        assert "javascript:window.__pwned=3" in html and "not linked" in html
    made = hostile.get("/api/documents").json()["documents"][-1]["id"]
    assert "By Eve &lt;script&gt;" in hostile.get(f"/documents/{made}").text


@pytest.mark.parametrize(
    "path",
    [
        "/search?q={p}", "/quotes?speaker={p}", "/timeline?entity={p}", "/timeline?outlet={p}",
        "/documents?outlet={p}", "/cast?type={p}", "/timeline?from={p}", "/documents/{p}", "/cast/{p}",
        "/nowhere/{p}",
    ],
)
def test_request_values_echoed_on_a_page_stay_inert(hostile: TestClient, path: str) -> None:
    payload = '"><script>window.__pwned=9</script><img src=x onerror=alert(9)>'
    from urllib.parse import quote

    r = hostile.get(path.format(p=quote(payload, safe="")))
    parser = _Tags()
    parser.feed(r.text)
    assert [a for t, a in parser.tags if t == "script"] == [{"src": "/static/app.js", "defer": None}], path
    assert not [t for t, _ in parser.tags if t == "img"], path
