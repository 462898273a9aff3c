"""Stores the web tests browse, each built once per run, and clients over them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import storyline
from storyline.models import Article
from storyline.store import repo

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "harbour-strike"
SCHEMA = json.loads((ROOT / "docs" / "export-schema.json").read_text(encoding="utf-8"))

# Payloads an article may carry: each must reach the page as text, never as markup.
SCRIPT = "<script>window.__pwned = 1; alert('title')</script>"
ONERROR = '<img src=x onerror="window.__pwned = 2; alert(2)">'
JS_URL = "javascript:window.__pwned=3;alert(3)"
BODY = (
    "PORTVILLE, March 2 - The harbour board said on Monday it would meet the union on Friday. "
    f'"We will not give in," said Mara Quill, chair of the board. {SCRIPT} {ONERROR} '
    '<a href="javascript:alert(4)">click</a> <svg onload="alert(5)"></svg>\n\n'
    "The talks begin on March 6, the board said."
)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled demo story (examples/harbour-strike), built once."""
    work = tmp_path_factory.mktemp("web-demo")
    result = storyline.build([DEMO], out=work / "out", db=work / "demo.db", manifest=DEMO / "manifest.csv")
    assert result.report.ok, result.report.problems
    return work / "demo.db"


@pytest.fixture(scope="session")
def example_db(example_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The japan-russia example story from ../shared, built once."""
    work = tmp_path_factory.mktemp("web-example")
    result = storyline.build(
        [example_dir], out=work / "out", db=work / "example.db", manifest=example_dir / "manifest.csv"
    )
    assert result.report.ok, result.report.problems
    return work / "example.db"


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A story of one article carrying script payloads in its title, byline, body and URL."""
    work = tmp_path_factory.mktemp("web-hostile")
    record = {
        "title": f"Board meets union {SCRIPT}",
        "url": JS_URL,
        "published": "2025-03-02",
        "outlet": f"Portville Post {ONERROR}",
        "text": f"By Eve {ONERROR} Smith\n\n{BODY}",
    }
    src = work / "in"
    src.mkdir()
    (src / "hostile.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = work / "hostile.db"
    with storyline.connect(db) as store:
        storyline.ingest(store, [src])
        # The cleaner keeps as a byline only a line that reads like names, so a byline with
        # markup in it is stored directly, as a reader plug-in or a later cleaner might.
        article = Article(
            path="hand-made", text=BODY, content_hash=hashlib.sha256(BODY.encode()).hexdigest(),
            title=f"Second report {ONERROR}", outlet="Harbour Wire", url=f" {JS_URL}",
            byline=f"By Eve {SCRIPT} Smith {ONERROR}", published=dt.date(2025, 3, 3),
        )
        repo.insert_document(store, article, raw_hash="hand-made")
        storyline.analyze(store)
    return db


def make_client(db: Path) -> TestClient:
    from storyline.web.app import create_app

    # Requests name the loopback address the app is bound to (it refuses other Host names).
    return TestClient(create_app(db), base_url="http://127.0.0.1")


@pytest.fixture(scope="session")
def demo(demo_db: Path) -> TestClient:
    return make_client(demo_db)


@pytest.fixture(scope="session")
def example(example_db: Path) -> TestClient:
    return make_client(example_db)


@pytest.fixture(scope="session")
def hostile(hostile_db: Path) -> TestClient:
    return make_client(hostile_db)


class LiveServer:
    """uvicorn serving one app on 127.0.0.1 at a free port, in a thread of the test process."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        from storyline.web.app import create_app

        config = uvicorn.Config(create_app(db), host="127.0.0.1", port=0, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start within 20 s"
            assert self.thread.is_alive(), "uvicorn stopped while starting"
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def demo_url(demo_db: Path) -> Iterator[str]:
    with LiveServer(demo_db) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_url(hostile_db: Path) -> Iterator[str]:
    with LiveServer(hostile_db) as url:
        yield url


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium; its absence fails the browser tests (the Makefile installs it)."""
    path = shutil.which("chromium")
    assert path, "chromium is not on the PATH: run `make browser` (apt-get install -y chromium)"
    return path


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where browser tests save screenshots of the pages (gitignored)."""
    out = ROOT / "storyline-out" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    return out
