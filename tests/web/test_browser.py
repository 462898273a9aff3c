"""The app in a real browser: Playwright for Python driving Debian's chromium.

Chromium comes from Debian (`make browser`, part of `make install`), never from
Playwright's own download; a missing chromium fails these tests instead of skipping them.
Screenshots of the main pages go to storyline-out/screenshots/ (gitignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect, sync_playwright

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as pw:
        # --no-sandbox: CI and these machines run as root, where chromium's sandbox refuses to start.
        b = pw.chromium.launch(executable_path=chromium_path, args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    p = ctx.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    p.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield p
    ctx.close()
    assert not errors, errors


def test_story_page(page: Page, demo_url: str, shots: Path) -> None:
    page.goto(demo_url + "/")
    expect(page.locator("h1")).to_contain_text("strike")
    expect(page.locator("figure.chart svg rect").first).to_be_visible()
    assert page.locator("ul.summary li").count() >= 1
    assert page.locator("ol.timeline .entry").count() >= 1
    page.screenshot(path=str(shots / "story.png"), full_page=True)
    # What a reader sees first; docs/story-page.png in the README is a copy of it.
    page.screenshot(path=str(shots / "story-top.png"))


def test_follow_a_timeline_entry_to_its_source_sentence(page: Page, demo_url: str, shots: Path) -> None:
    page.goto(demo_url + "/timeline")
    page.screenshot(path=str(shots / "timeline.png"), full_page=True)
    link = page.locator("ol.timeline .entry a.cite").first
    href = link.get_attribute("href")
    assert href
    link.click()
    page.wait_for_url("**/documents/**#hl")
    doc, span = href.split("?hl=")[0].rsplit("/", 1)[1], href.split("?hl=")[1].split("#")[0]
    start, end = (int(x) for x in span.split("-"))
    text = page.request.get(f"{demo_url}/api/documents/{doc}").json()["document"]["text"]
    marked = "".join(page.locator("article.doctext .cited").all_inner_texts())
    assert marked == text[start:end]
    target = page.locator("#hl")
    expect(target).to_be_in_viewport()
    page.screenshot(path=str(shots / "document.png"), full_page=False)


def test_removed_lines_are_hidden_until_clicked(page: Page, demo_url: str) -> None:
    docs: list[dict[str, Any]] = page.request.get(f"{demo_url}/api/documents").json()["documents"]
    for d in docs:
        removed = page.request.get(f"{demo_url}/api/documents/{d['id']}").json()["document"]["removed_lines"]
        if removed:
            break
    page.goto(f"{demo_url}/documents/{d['id']}")
    row = page.locator("details.removed tbody tr").first
    expect(row).to_be_hidden()
    page.locator("details.removed summary").click()
    expect(row).to_be_visible()
    expect(row).to_contain_text(removed[0]["reason"])


def test_filter_quotes_by_a_speaker(page: Page, demo_url: str, shots: Path) -> None:
    page.goto(demo_url + "/quotes")
    everyone = page.locator("ul.quotes li.quote").count()
    option = page.locator("#speaker option", has_text="Sokolov").first
    value = option.get_attribute("value")
    assert value
    # Choosing a speaker submits the filter by itself (static/app.js).
    page.locator("#speaker").select_option(value)
    page.wait_for_url(f"**/quotes?*speaker={value}*")
    speakers = page.locator("ul.quotes li.quote .speaker").all_inner_texts()
    assert speakers and set(speakers) == {"Yury Sokolov"}
    assert len(speakers) < everyone
    page.screenshot(path=str(shots / "quotes.png"), full_page=True)


def test_search(page: Page, demo_url: str, shots: Path) -> None:
    page.goto(demo_url + "/")
    box = page.get_by_role("searchbox", name="Search the articles")
    box.fill("dockworkers")
    box.press("Enter")
    page.wait_for_url("**/search?q=dockworkers")
    marks = page.locator("ol.hits mark")
    expect(marks.first).to_be_visible()
    assert {m.lower().rstrip("s") for m in marks.all_inner_texts()} == {"dockworker"}
    page.screenshot(path=str(shots / "search.png"), full_page=True)
    page.locator("ol.hits a.cite").first.click()
    page.wait_for_url("**/documents/**#hl")
    expect(page.locator("#hl")).to_be_in_viewport()


@pytest.mark.parametrize("name", ["cast", "outlets"])
def test_other_pages_render(page: Page, demo_url: str, shots: Path, name: str) -> None:
    page.goto(f"{demo_url}/{name}")
    expect(page.locator("table").first).to_be_visible()
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def test_injected_script_does_nothing(browser: Browser, hostile_url: str, shots: Path) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    dialogs: list[str] = []

    def on_dialog(d: Dialog) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    docs = [d["id"] for d in page.request.get(f"{hostile_url}/api/documents").json()["documents"]]
    doc = docs[-1]  # the one with markup in its byline too
    for path in ["/", "/timeline?view=full", "/quotes", "/documents", "/outlets", "/search?q=script", "/cast",
                 *(f"/documents/{d}" for d in docs)]:
        page.goto(hostile_url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
    # The payload is on the page, as text.
    page.goto(f"{hostile_url}/documents/{doc}")
    expect(page.locator("h1")).to_contain_text("onerror=")
    expect(page.locator("dl.meta")).to_contain_text("By Eve <script>window.__pwned = 1")
    expect(page.locator("article.doctext")).to_contain_text("onerror=")
    page.screenshot(path=str(shots / "hostile.png"), full_page=True)
    # The javascript: address is shown, not linked; clicking around runs nothing.
    assert page.locator("a[href^='javascript:' i]").count() == 0
    page.locator("article.doctext").click()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    ctx.close()
