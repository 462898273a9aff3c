"""Every page and its JSON twin, through Starlette's TestClient, on the demo and the example."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from starlette.testclient import TestClient

import storyline
from storyline.store.browse import open_readonly
from tests.web.conftest import SCHEMA

pytestmark = pytest.mark.slow

PAGES = ["/", "/timeline", "/timeline?view=full", "/cast", "/quotes", "/documents", "/outlets", "/search?q=strike"]


def _item_schema(name: str) -> dict[str, Any]:
    """The export schema of one item of `name` (quotes, events, ...), able to resolve its $refs."""
    return {"$defs": SCHEMA["$defs"], **SCHEMA["properties"][name]["items"]}


def _valid(items: list[dict[str, Any]], name: str) -> None:
    assert items, f"no {name} to check"
    for item in items:
        jsonschema.validate(item, _item_schema(name))


def _detail_pages(client: TestClient) -> list[str]:
    ent = client.get("/api/cast").json()["entities"][0]["id"]
    doc = client.get("/api/documents").json()["documents"][0]["id"]
    return [f"/cast/{ent}", f"/documents/{doc}"]


@pytest.mark.parametrize("story", ["demo", "example"])
def test_every_page_and_its_twin_answer(story: str, request: pytest.FixtureRequest) -> None:
    client: TestClient = request.getfixturevalue(story)
    for path in PAGES + _detail_pages(client):
        page = client.get(path)
        assert page.status_code == 200, (path, page.text[:300])
        assert page.headers["content-type"].startswith("text/html")
        api = client.get("/api/story" if path == "/" else "/api" + path)
        assert api.status_code == 200, (path, api.text[:300])
        assert api.headers["content-type"] == "application/json"


def test_story_page_has_summary_key_timeline_counts_and_chart(demo: TestClient) -> None:
    data = demo.get("/api/story").json()
    html = demo.get("/").text
    assert data["counts"]["articles"] == 8
    docs = demo.get("/api/documents").json()["documents"]
    assert data["counts"]["outlets"] == len({d["outlet"] for d in docs}) == 4
    dates = sorted(d["published"] for d in docs)
    assert (data["counts"]["first"], data["counts"]["last"]) == (dates[0], dates[-1]) == ("2025-02-27", "2025-03-21")
    _valid(data["summary"], "summary")
    _valid(data["timeline"], "key_timeline")
    assert sum(c["articles"] for c in data["coverage"]) == 8
    for s in data["summary"]:
        assert _escaped(s["text"]) in html
    # One bar segment per (day, outlet) with articles, each labelled with its count.
    rects = re.findall(r"<rect x=[^>]*><title>([^<]*)</title>", html)
    assert len(rects) == len(data["coverage"])
    assert {f"{c['date']}, {_escaped(c['outlet'])}: {c['articles']}" for c in data["coverage"]} == set(rects)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace("'", "&#39;")


def test_json_twins_hold_export_objects(demo: TestClient, demo_db: Path) -> None:
    with storyline.connect(demo_db) as store:
        exported = storyline.story(store)
    reports = {d["report"] for d in exported["documents"]}
    assert demo.get("/api/story").json()["counts"]["reports"] == len(reports)
    quotes = demo.get("/api/quotes").json()["quotes"]
    _valid(quotes, "quotes")
    assert quotes == exported["quotes"][: len(quotes)]
    _valid(demo.get("/api/timeline?view=full").json()["timeline"], "timeline")
    _valid(demo.get("/api/timeline").json()["timeline"], "key_timeline")
    assert demo.get("/api/timeline").json()["timeline"] == exported["key_timeline"]
    cast = demo.get("/api/cast").json()["entities"]
    _valid(cast, "entities")
    assert cast == exported["entities"][: len(cast)]
    for doc in exported["documents"]:
        got = demo.get(f"/api/documents/{doc['id']}").json()
        assert got["document"] == doc
        assert got["quotes"] == [q for q in exported["quotes"] if q["document"] == doc["id"]]
    person = next(e for e in exported["entities"] if e["type"] == "PERSON")
    detail = demo.get(f"/api/cast/{person['id']}").json()
    assert detail["entity"] == person
    assert detail["quotes"] == [q for q in exported["quotes"] if q["speaker"] == person["id"]]
    assert detail["events"] == [e for e in exported["events"] if person["id"] in e["entities"]]


def test_timeline_filters(demo: TestClient) -> None:
    full = demo.get("/api/timeline?view=full").json()["timeline"]
    entries = [e for day in full for e in day["entries"]]
    planned = demo.get("/api/timeline?view=full&status=planned").json()["timeline"]
    assert planned and all(e["planned"] for day in planned for e in day["entries"])
    assert sum(len(d["entries"]) for d in planned) == sum(e["planned"] for e in entries)
    march = demo.get("/api/timeline?view=full&from=2025-03-05&to=2025-03-10").json()["timeline"]
    assert march and all("2025-03-05" <= d["date"][:10] <= "2025-03-10" for d in march if len(d["date"]) == 10)
    herald = demo.get("/api/timeline?view=full&outlet=The Kerrhaven Herald").json()["timeline"]
    docs = {d["id"]: d["outlet"] for d in demo.get("/api/documents").json()["documents"]}
    assert herald and all(
        any(docs[s["document"]] == "The Kerrhaven Herald" for s in e["sources"]) for d in herald for e in d["entries"]
    )
    assert sum(len(d["entries"]) for d in herald) < len(entries)
    sokolov = demo.get("/api/timeline?view=full&entity=Sokolov").json()["timeline"]
    ent = demo.get("/api/quotes?speaker=Sokolov").json()["quotes"][0]["speaker"]
    assert sokolov and all(ent in e["entities"] for d in sokolov for e in d["entries"])


def test_timeline_entries_link_to_their_source_sentences(demo: TestClient) -> None:
    day = demo.get("/api/timeline").json()["timeline"][0]
    src = day["entries"][0]["sources"][0]
    html = demo.get("/timeline").text
    link = f'/documents/{src["document"]}?hl={src["start"]}-{src["end"]}#hl'
    assert f'href="{link}"' in html
    doc = demo.get(link).text
    cited = re.search(r'<span class="cited[^"]*" id="hl"', doc)
    assert cited, "the cited sentence is not marked"


@pytest.mark.parametrize("speaker", ["Sokolov", "Brandt", "Halvorsen", "union", "nobody-at-all"])
def test_speaker_filter_is_the_clis(demo: TestClient, demo_db: Path, speaker: str) -> None:
    from storyline.export.story import quotes

    with storyline.connect(demo_db) as store:
        expected = quotes(store, storyline.Settings(), speaker=speaker)
    assert demo.get(f"/api/quotes?speaker={speaker}").json()["quotes"] == expected[:50]


def test_quotes_filters_mark_direct_and_paraphrase(demo: TestClient) -> None:
    every = demo.get("/api/quotes").json()
    by_speaker = demo.get("/api/quotes?speaker=Sokolov").json()["quotes"]
    assert by_speaker and len(by_speaker) < every["page"]["total"]
    assert {q["speaker_name"] for q in by_speaker} == {"Yury Sokolov"}
    ent = by_speaker[0]["speaker"]
    assert demo.get(f"/api/quotes?speaker={ent}").json()["quotes"] == by_speaker
    direct = demo.get("/api/quotes?kind=direct").json()["quotes"]
    assert direct and {q["kind"] for q in direct} == {"direct"}
    dated = demo.get("/api/quotes?from=2025-03-06&to=2025-03-06").json()["quotes"]
    assert dated and {q["published"] for q in dated} == {"2025-03-06"}
    html = demo.get("/quotes").text
    assert 'class="quote direct"' in html and 'class="quote indirect"' in html
    assert ">paraphrase</span>" in html


def test_document_page_marks_quotes_timexes_entities_and_hides_removed_lines(demo: TestClient) -> None:
    docs = demo.get("/api/documents").json()["documents"]
    with_removed = [
        demo.get(f"/api/documents/{d['id']}").json() for d in docs
    ]
    view = next(v for v in with_removed if v["document"]["removed_lines"] and v["quotes"] and v["timexes"])
    html = demo.get(f"/documents/{view['document']['id']}").text
    assert '<details class="removed">' in html  # closed until clicked
    assert _escaped(view["document"]["removed_lines"][0]["reason"]) in html
    t = next(t for t in view["timexes"] if t["value"])
    assert f"<code>{t['value']}</code>" in html
    assert re.search(r'<span class="[^"]*timex[^"]*" title="[^"]*' + re.escape(t["value"]), html)
    assert f'<small class="tv">{t["value"]}</small>' in html
    assert 'class="quote' in html and "entity" in html
    text = view["document"]["text"]
    for q in view["quotes"]:
        assert text[q["start"] : q["end"]]
    inferred = [v for v in with_removed if v["document"]["published_inferred"]]
    assert inferred, "the demo has a document whose date is inferred"
    assert "inferred from the text" in demo.get(f"/documents/{inferred[0]['document']['id']}").text


def test_outlets_matrix(demo: TestClient) -> None:
    data = demo.get("/api/outlets").json()
    assert {o["outlet"] for o in data["outlets"]} == {
        d["outlet"] for d in demo.get("/api/documents").json()["documents"]
    }
    multi = [row for row in data["matrix"] if len(row["outlets"]) > 1]
    assert multi, "some key event of the demo is reported by more than one outlet"
    for o in data["outlets"]:
        for ev in o["exclusive"]:
            assert len(ev["sources"]) >= 1
    _valid([ev for o in data["outlets"] for ev in o["exclusive"]], "events")


def test_search_highlights_and_links(demo: TestClient) -> None:
    data = demo.get("/api/search?q=dockworkers").json()
    assert data["hits"] and data["page"]["total"] >= len(data["hits"])
    assert all("[" in h["snippet"] for h in data["hits"])
    html = demo.get("/search?q=dockworkers").text
    assert re.search(r"<mark>[Dd]ockworkers?</mark>", html)
    h = data["hits"][0]
    assert f'/documents/{h["document"]}?hl={h["start"]}-{h["end"]}#hl' in html


def test_pages_are_paginated(demo: TestClient) -> None:
    data = demo.get("/api/timeline?view=full").json()
    assert data["page"]["page"] == 1 and data["page"]["per_page"] == 100
    assert data["page"]["total"] == sum(len(d["entries"]) for d in data["timeline"])
    past = demo.get(f"/api/timeline?view=full&page={data['page']['pages'] + 1}").json()
    assert past["timeline"] == [] and past["page"]["total"] == data["page"]["total"]


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/api/documents/d999", 404, "document d999 is not in "),
        ("/api/documents/etc", 404, "document 'etc' is not in "),
        ("/api/cast/zz", 404, "entity 'zz' is not in the cast of "),
        ("/api/nowhere", 404, "Not Found"),
        ("/api/quotes?page=0", 400, "page=0: must be a whole number from 1"),
        ("/api/timeline?from=yesterday", 400, "from=yesterday: not a date; use YYYY-MM-DD"),
        ("/api/timeline?view=all", 400, "view=all: must be one of key, full"),
        ("/api/documents/d1?hl=9-3", 400, "hl=9-3: must be START-END character offsets, START < END"),
    ],
)
def test_one_error_shape(demo: TestClient, path: str, status: int, message: str) -> None:
    r = demo.get(path)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "title", "message"}
    assert body["error"]["status"] == status
    assert body["error"]["message"].startswith(message)
    html = demo.get(path.removeprefix("/api"))
    assert html.status_code == status
    assert f"<h1>{status} " in html.text


def test_database_is_opened_read_only(demo_db: Path) -> None:
    with open_readonly(demo_db) as store, pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.conn.execute("DELETE FROM documents")


@pytest.mark.parametrize(
    "path",
    ["/static/../pyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml", "/documents/..%2F..%2Fpyproject.toml",
     "/static/app.py", "/api/documents/%2Fetc%2Fpasswd"],
)
def test_no_route_reads_files_outside_the_database(demo: TestClient, path: str) -> None:
    r = demo.get(path)
    assert r.status_code == 404
    assert "[project]" not in r.text and "root:" not in r.text


def test_only_requests_to_this_machine_are_answered(demo_db: Path) -> None:
    from storyline.web.app import create_app

    client = TestClient(create_app(demo_db), base_url="http://attacker.example")
    assert client.get("/api/story").status_code == 400


def test_pages_forbid_inline_script(demo: TestClient) -> None:
    csp = demo.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert demo.get("/static/app.js").status_code == 200


def test_an_unexpected_error_is_a_500_in_the_same_shape(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.store import browse
    from storyline.web.app import create_app, fetch

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(browse, "entity_page", broken)
    app = create_app(demo_db)
    client = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    r = client.get("/api/cast")
    assert r.status_code == 500
    assert r.json() == {"error": {"status": 500, "title": "Internal Server Error",
                                  "message": "internal error; see the server's log"}}
    page = client.get("/cast")
    assert page.status_code == 500 and "secret" not in page.text
    assert fetch(app, "/api/cast")[0] == 500  # `serve --get` prints the answer, not a traceback
