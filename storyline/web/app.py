"""The Starlette application: routes (each page with its JSON twin), one error handler,
read-only access to one database, and the headers that keep article text inert.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import threading
import urllib.parse
from collections.abc import AsyncIterator, Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline.config import Settings
from storyline.errors import StorylineError
from storyline.store.browse import open_readonly
from storyline.web import views
from storyline.web.cache import StoryCache

logger = logging.getLogger(__name__)

# Pages and their JSON twins: `/timeline` renders HTML, `/api/timeline` returns its data.
ROUTES: tuple[tuple[str, str, views.View], ...] = (
    ("/", "/api/story", views.story),
    ("/timeline", "/api/timeline", views.timeline),
    ("/cast", "/api/cast", views.cast),
    ("/cast/{entity}", "/api/cast/{entity}", views.entity),
    ("/quotes", "/api/quotes", views.quotes),
    ("/documents", "/api/documents", views.documents),
    ("/documents/{document}", "/api/documents/{document}", views.document),
    ("/outlets", "/api/outlets", views.outlets),
    ("/search", "/api/search", views.search_page),
)

# Article text is data, never markup: even if a template forgot to escape, the browser
# would run no inline script, no event handler attribute and no script from elsewhere.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    """Whether binding `host` keeps the app on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("storyline.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.globals["cite"] = cite_url
    env.globals["with_query"] = with_query
    return env


def safe_url(url: str | None) -> str | None:
    """`url` when it is an http(s) address a link may point at; None for anything else."""
    if not url:
        return None
    parsed = urllib.parse.urlsplit(url.strip())
    if parsed.scheme.lower() in ("http", "https") and parsed.netloc:
        return url.strip()
    return None


def cite_url(source: dict[str, Any]) -> str:
    """The link from a citation to its sentence, highlighted, in its document."""
    doc = urllib.parse.quote(str(source["document"]), safe="")
    return f"/documents/{doc}?hl={int(source['start'])}-{int(source['end'])}#hl"


def with_query(query: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters changed (None drops one)."""
    merged = {k: v for k, v in {**query, **changes}.items() if v not in (None, "")}
    return "?" + urllib.parse.urlencode(merged) if merged else "?"


def create_app(db: str | Path, settings: Settings | None = None, *, host: str = "127.0.0.1") -> Starlette:
    """The web app over the database at `db`, opened read-only for every request."""
    open_readonly(db).close()  # fail now, with the CLI's one-line error, if it cannot be read
    settings = settings or Settings()
    env = _templates()
    cache = StoryCache(db)

    def endpoint(view: views.View, as_json: bool) -> Callable[[Request], Response]:
        def handle(request: Request) -> Response:
            with open_readonly(db) as store:
                page = view(views.Request(dict(request.path_params), dict(request.query_params), store, settings, cache))
            if as_json:
                return JSONResponse(page.data)
            html = env.get_template(page.template).render(
                data=page.data, query=dict(request.query_params), path=request.url.path, **page.html
            )
            return HTMLResponse(html)

        return handle

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Served by uvicorn, the story-wide results are computed in the background as the
        # server starts, so the first reader does not wait for them.
        threading.Thread(target=_warm, args=(db, settings, cache), daemon=True, name="storyline-warm").start()
        yield

    routes: list[Route | Mount] = []
    for path, api_path, view in ROUTES:
        routes.append(Route(path, endpoint(view, as_json=False), name=view.__name__))
        routes.append(Route(api_path, endpoint(view, as_json=True), name=f"api_{view.__name__}"))
    routes.append(Mount("/static", StaticFiles(packages=[("storyline.web", "static")]), name="static"))

    def on_error(request: Request, exc: Exception) -> Response:
        return error_response(env, request, exc)

    # Bound to this machine, the app answers only requests addressed to it, so a web page
    # elsewhere cannot reach it through a DNS name that resolves to 127.0.0.1.
    allowed = [*LOOPBACK_NAMES] if is_loopback(host) else ["*"]
    return Starlette(
        routes=routes,
        middleware=[Middleware(_SecurityHeaders), Middleware(TrustedHostMiddleware, allowed_hosts=allowed)],
        exception_handlers={StorylineError: on_error, HTTPException: on_error, Exception: on_error},
        lifespan=lifespan,
    )


def _warm(db: str | Path, settings: Settings, cache: StoryCache) -> None:
    try:
        with open_readonly(db) as store:
            views.warm(store, settings, cache)
    except Exception as exc:  # a warm-up only: the pages compute what is missing
        logger.warning("storyline: warming the story-wide results failed: %s", exc)


def error_status(exc: Exception) -> tuple[int, str]:
    """The HTTP status and the message of any error a request can meet."""
    if isinstance(exc, HTTPException):
        return exc.status_code, str(exc.detail)
    if isinstance(exc, StorylineError):
        return exc.status, str(exc)
    # Anything else is a bug: say so without showing internals to the browser.
    return 500, "internal error; see the server's log"


def error_response(env: jinja2.Environment, request: Request, exc: Exception) -> Response:
    """One error shape: `{"error": {"status", "title", "message"}}` for /api/, a page otherwise."""
    status, message = error_status(exc)
    title = HTTPStatus(status).phrase
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"status": status, "title": title, "message": message}}, status_code=status)
    html = env.get_template("error.html").render(status=status, title=title, message=message,
                                                 query={}, path=request.url.path)
    return HTMLResponse(html, status_code=status)


def fetch(app: ASGIApp, path: str) -> tuple[int, str]:
    """GET `path` from the app in this process, without opening a port: (status, body)."""
    target = urllib.parse.urlsplit(path)
    scope: Scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": urllib.parse.unquote(target.path or "/"),
        "raw_path": (target.path or "/").encode(), "query_string": target.query.encode(),
        "root_path": "", "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 80),
    }
    status = 0
    body = bytearray()

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    async def call() -> None:
        try:
            await app(scope, receive, send)
        except Exception:
            # Starlette re-raises an unexpected error after its handler answered, for the
            # server's log; here the answer is what was asked for.
            if not status:
                raise
            logger.debug("GET %s failed", path, exc_info=True)

    asyncio.run(call())
    return status, body.decode("utf-8")


def pretty(body: str) -> str:
    """A JSON body indented for reading; any other body as it is."""
    try:
        return json.dumps(json.loads(body), ensure_ascii=False, indent=2)
    except ValueError:
        return body
