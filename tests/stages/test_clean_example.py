"""The cleaner on the three scraped articles of the example story."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from storyline.models import Cleaned
from storyline.stages.clean import LineStats, clean

pytestmark = pytest.mark.shared

DEBRIS_REASONS = {
    "navigation", "share", "subscribe", "caption", "credit", "tags", "related", "social",
    "advertisement", "cookie", "copyright", "boilerplate-recurring",
}


def _files(example_dir: Path) -> list[Path]:
    files = sorted(example_dir.glob("*.txt"))
    assert len(files) == 3
    return files


def _outlets(example_dir: Path) -> dict[str, str]:
    with (example_dir / "manifest.csv").open(encoding="utf-8") as fh:
        return {row["file"]: row["outlet"] for row in csv.DictReader(fh)}


def _cleaned(example_dir: Path, with_stats: bool) -> dict[str, tuple[str, Cleaned]]:
    outlets = _outlets(example_dir)
    texts = {p.name: p.read_text(encoding="utf-8") for p in _files(example_dir)}
    stats = None
    if with_stats:
        stats = LineStats()
        for name, text in texts.items():
            stats.add(text, outlets[name])
    return {name: (text, clean(text, stats=stats, outlet=outlets[name] if with_stats else None)) for name, text in texts.items()}


def _debris_lines(text: str) -> list[str]:
    """Lines that are, by their form, not article prose (found without knowing the file)."""
    found = []
    raw = text.splitlines()
    for i, line in enumerate(line.strip() for line in raw):
        if not line:
            continue
        words = line.split()
        if (
            re.search(r"\b(?:skip|skipping)\b.*\bmenu\b", line, re.I)
            or re.search(r"\((?:[^()]*\bvia AP|[A-Z][a-z]+)\)$", line)  # caption ending in a credit
            or re.search(r"\bsubscrib", line, re.I)
            or i + 1 < len(raw) and raw[i + 1].strip() and re.search(r"\bsubscrib", raw[i + 1], re.I)
            or re.match(r"Also in\b", line)
            or re.search(r"\bsocial media$", line)
            or line.startswith("•") and len(words) <= 4
            or len(words) >= 2 and len({w.casefold() for w in words}) == 1
        ):
            found.append(line)
    return found


@pytest.mark.parametrize("with_stats", [False, True])
def test_debris_removed_and_prose_kept(example_dir: Path, with_stats: bool) -> None:
    total_debris = 0
    for name, (text, result) in _cleaned(example_dir, with_stats).items():
        removed = {r.text: r.reason for r in result.removed}
        kept = set(result.text.split("\n\n"))
        for line in _debris_lines(text):
            total_debris += 1
            assert line in removed, f"{name}: debris kept: {line!r}"
            assert removed[line] in DEBRIS_REASONS | {"outlet", "byline"}, (name, line, removed[line])
        for line in text.splitlines():
            line = line.strip()
            # Every long sentence of the article stays, verbatim, as its own paragraph.
            if len(line.split()) > 25 and line.endswith((".", "”", '"')) and not line.endswith(")"):
                assert line in kept, f"{name}: prose removed: {line[:60]!r}"
        # Every paragraph kept is a line of the input.
        assert kept <= {line.strip() for line in text.splitlines()}
    assert total_debris >= 12


def test_metadata_lines_become_fields(example_dir: Path) -> None:
    results = _cleaned(example_dir, with_stats=False)
    for name, (text, result) in results.items():
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        removed = {r.text: r.reason for r in result.removed}
        # A headline: a short line without a final period standing before the prose.
        first_prose = next(i for i, line in enumerate(lines) if len(line.split()) > 20 and line.endswith("."))
        heads = [
            line for line in lines[:first_prose]
            if 5 <= len(line.split()) <= 20 and not line.endswith((".", ")")) and not line.startswith("•")
        ]
        if heads:
            assert result.title == heads[0], name
            assert removed[heads[0]] == "title"
        else:
            assert result.title is None, name
        bylines = [line for line in lines if re.search(r"\boriginal by\b|^By [A-Z][a-z]+ [A-Z]", line)]
        for line in bylines:
            assert removed[line] == "byline"
            assert result.byline is not None and result.byline in line
        bullets = [line for line in lines[:2] if line.startswith("•")]
        for line in bullets:
            assert removed[line] == "outlet"
            assert result.outlet == line.lstrip("• ").strip()
    assert sum(1 for _, r in results.values() if r.title) >= 2
    assert sum(1 for _, r in results.values() if r.byline) >= 1
    assert sum(1 for _, r in results.values() if r.outlet) >= 1


def test_dateline_detected_and_kept_in_text(example_dir: Path) -> None:
    for _name, (_text, result) in _cleaned(example_dir, with_stats=False).items():
        first = result.text.split("\n\n")[0]
        m = re.match(r"^([A-Z]{3,}(?: [A-Z]{3,})*) --? ", first)
        if m:
            assert result.dateline == m.group(1)
        else:
            assert result.dateline is None


def test_reuters_stories_keep_their_prose(data_dir: Path) -> None:
    """On real wire copy (headline, dateline, hard-wrapped body, sign-off) nothing but metadata goes."""
    import html
    import tarfile

    archive = data_dir / "newswire" / "reuters21578" / "reuters21578.tar.gz"
    stories: list[tuple[str, str]] = []
    with tarfile.open(archive) as tf:
        for member in tf:
            if not member.name.endswith(".sgm"):
                continue
            fh = tf.extractfile(member)
            assert fh is not None
            data = fh.read().decode("latin-1")
            for block in re.findall(r"<TEXT>(.*?)</TEXT>", data, re.S):
                title = re.search(r"<TITLE>(.*?)</TITLE>", block, re.S)
                dateline = re.search(r"<DATELINE>(.*?)</DATELINE>", block, re.S)
                body = re.search(r"<BODY>(.*?)</BODY>", block, re.S)
                if title and dateline and body:
                    head = html.unescape(title.group(1)).strip()
                    text = f"{head}\n\n{dateline.group(1).strip()} {html.unescape(body.group(1)).replace(chr(3), '').lstrip()}"
                    stories.append((head, text))
            break  # the first file holds a thousand stories; 300 are enough
    stories = stories[:300]
    assert len(stories) == 300
    reasons: set[str] = set()
    titled = 0
    for head, text in stories:
        result = clean(text)
        titled += result.title == head
        reasons |= {r.reason for r in result.removed}
        for r in result.removed:
            assert not (len(r.text.split()) >= 12 and r.text.endswith(".")), r.text
        assert result.text.strip()
    assert titled >= 295
    assert reasons <= {"title", "outlet", "related", "dateline"}
