"""A corpus of hostile inputs, each mixed with good articles: one warning line, the run goes on.

Every case builds its bad item in a fresh folder and runs `storyline build` over the good
articles and that folder. The good articles were analysed once into a template database
(copied per case), so a case costs the bad item only: the exit code is 3, stderr holds
exactly one `warning:` line naming the item, and every good article is stored, current and
analysed by the current pipeline.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.pipeline import ANALYSIS_VERSION

pytestmark = pytest.mark.slow

GOOD = {
    "council.txt": (
        "Harbour talks resume\n\nThe city council and the ferry operators met on Monday, March 3, 2025, "
        "to resume talks over harbour fees, officials said.\n\n\"We are close to an agreement,\" "
        "council leader Maria Olsen said after the meeting."
    ),
    "deal.txt": (
        "Ferry deal reached\n\nThe ferry operators and the city council reached a deal on harbour fees "
        "on Friday, March 7, 2025, ending a dispute that had halved services for two weeks."
    ),
    "strike.md": (
        "Dock workers vote\n\nDock workers voted on Tuesday, March 4, 2025, to suspend their strike while "
        "the talks go on, the union said in a statement."
    ),
}
ARTICLE = (
    "Ferry fares frozen\n\nThe council froze ferry fares on Wednesday, March 5, 2025, "
    "after the operators agreed to keep services running, a spokesman said."
)
LIMITS = ["--set", "read.max_file_mb=1", "--set", "read.max_line_mb=1"]


@dataclass(frozen=True)
class Case:
    """One kind of bad input: how to make it, which item the warning names, what is kept."""

    make: Callable[[Path], None]
    item: str
    """The name the one warning line must contain."""
    kept: tuple[str, ...] = ()
    """Paths (ending) of documents the case adds despite its warning (a record, a file read with a fix)."""


def _write(name: str, data: bytes | str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        path = folder / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)

    return make


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")


def _socket(folder: Path) -> None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    cwd = os.getcwd()
    os.chdir(folder)  # a socket path is limited to ~100 bytes: bind by its short name
    try:
        sock.bind("sock.txt")
    finally:
        os.chdir(cwd)
        sock.close()


def _symlink(name: str, target: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).symlink_to(target)

    return make


def _loop_pair(folder: Path) -> None:
    # The second link lives in a hidden folder, which the walk does not enter.
    (folder / ".h").mkdir()
    (folder / "a.txt").symlink_to(folder / ".h" / "b.txt")
    (folder / ".h" / "b.txt").symlink_to(folder / "a.txt")


def _dir_loop(folder: Path) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)


def _with_manifest(manifest: str, name: str = "manifest.csv") -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / "fares.txt").write_text(ARTICLE, encoding="utf-8")
        (folder / name).write_text(manifest, encoding="utf-8")

    return make


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


STRAY = ARTICLE.replace("council", "council \u201cnow\u201d").encode("utf-8").replace(b"froze", b"fr\xffoze")
CASES: dict[str, Case] = {
    "empty": Case(_write("empty.txt", b""), "empty.txt"),
    "whitespace": Case(_write("blank.txt", b"  \n\t\r\n "), "blank.txt"),
    "bom-only": Case(_write("bom.txt", b"\xef\xbb\xbf"), "bom.txt"),
    "binary-nul": Case(_write("zip.txt", b"PK\x03\x04\x00\x00binary\x00\x01"), "zip.txt"),
    "control-chars": Case(_write("ctl.txt", bytes(range(1, 32)) * 30), "ctl.txt"),
    "bad-utf16-bom": Case(_write("u16.md", b"\xff\xfe\x00"), "u16.md"),
    "nul-in-utf8": Case(_write("nul.txt", ARTICLE.encode() + b"\x00 tail"), "nul.txt"),
    "stray-byte-in-utf8": Case(_write("stray.txt", STRAY), "stray.txt", kept=("stray.txt",)),
    "unsupported-type": Case(_write("report.pdf", b"%PDF-1.4 ..."), "report.pdf"),
    "no-extension": Case(_write("NOTES", ARTICLE), "NOTES"),
    "too-large-file": Case(_write("huge.txt", "word " * 250_000), "huge.txt"),
    "json-deep": Case(_write("deep.json", _deep(100_000)), "deep.json"),
    "json-big-int": Case(_write("bigint.json", '{"text": "x", "n": ' + "9" * 5000 + "}"), "bigint.json"),
    "json-big-float": Case(_write("bigfloat.json", '{"text": "x", "n": 1.' + "5" * 5000 + "}"), "bigfloat.json"),
    "json-broken": Case(_write("broken.json", '{"text": "unterminated'), "broken.json"),
    "json-scalar": Case(_write("scalar.json", "42"), "scalar.json"),
    "json-no-text": Case(_write("notext.json", '{"title": "Only a title"}'), "notext.json"),
    "json-list-with-non-record": Case(
        _write("list.json", json.dumps([{"text": ARTICLE}, 5])), "list.json#2", kept=("list.json#1",)
    ),
    "json-bad-date": Case(
        _write("date.json", json.dumps({"text": ARTICLE, "published": "yesterday"})), "date.json",
        kept=("date.json",),
    ),
    "json-year-zero-date": Case(
        _write("zero.json", json.dumps({"text": ARTICLE, "published": "0000-01-01"})), "zero.json",
        kept=("zero.json",),
    ),
    "jsonl-broken-line": Case(
        _write("lines.jsonl", json.dumps({"text": ARTICLE}) + "\n{broken\n"), "lines.jsonl:2",
        kept=("lines.jsonl#1",),
    ),
    "jsonl-deep-line": Case(_write("deep.jsonl", _deep(50_000) + "\n"), "deep.jsonl:1"),
    "jsonl-big-number-line": Case(_write("num.jsonl", '{"text": "x", "n": -' + "1" * 5000 + "}\n"), "num.jsonl:1"),
    "jsonl-long-line": Case(_write("long.jsonl", '{"text": "' + "w " * 600_000 + '"}\n'), "long.jsonl:1"),
    "jsonl-empty": Case(_write("empty.jsonl", b""), "empty.jsonl"),
    "jsonl-not-object": Case(_write("arr.jsonl", "[1, 2, 3]\n"), "arr.jsonl#1"),
    "jsonl-stray-byte": Case(
        _write("stray.jsonl", b'{"text": "' + STRAY.replace(b"\n", b"\\n").replace(b'"', b"'") + b'"}\n'),
        "stray.jsonl:1", kept=("stray.jsonl#1",),
    ),
    "html-no-article": Case(_write("menu.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>"),
                            "menu.html"),
    "html-empty": Case(_write("empty.html", b""), "empty.html"),
    "html-binary": Case(_write("img.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "img.html"),
    "boilerplate-only": Case(_write("share.txt", "Share on Facebook\nShare on Twitter\n"), "share.txt"),
    "named-pipe": Case(_fifo, "pipe.txt"),
    "socket": Case(_socket, "sock.txt"),
    "device-via-symlink": Case(_symlink("null.txt", "/dev/null"), "null.txt"),
    "symlink-to-itself": Case(lambda f: (f / "self.txt").symlink_to(f / "self.txt"), "self.txt"),
    "symlink-loop-pair": Case(_loop_pair, "a.txt"),
    "broken-symlink": Case(_symlink("gone.txt", "/nonexistent/storyline/gone.txt"), "gone.txt"),
    "folder-link-loop": Case(_dir_loop, "up"),
    "newline-in-name": Case(_write("two\nlines.txt", b""), "two\\nlines.txt"),
    "manifest-bad-date": Case(_with_manifest("file,outlet,published\nfares.txt,AP,19/01/2019\n"),
                              "manifest.csv:2", kept=("fares.txt",)),
    "manifest-missing-file": Case(_with_manifest("file,outlet,published\nnowhere.txt,AP,2025-03-05\n"),
                                  "manifest.csv:2", kept=("fares.txt",)),
    "manifest-duplicate-row": Case(
        _with_manifest("file,outlet,published\nfares.txt,AP,2025-03-05\nfares.txt,AFP,2025-03-05\n"),
        "manifest.csv:3", kept=("fares.txt",),
    ),
    "manifest-outside-folder": Case(_with_manifest("file,outlet,published\n../x.txt,AP,2025-03-05\n"),
                                    "manifest.csv:2", kept=("fares.txt",)),
    "manifest-no-file-column": Case(_with_manifest("name,outlet\nfares.txt,AP\n"), "manifest.csv",
                                    kept=("fares.txt",)),
    "manifest-broken-json": Case(_with_manifest('{"fares.txt": ', "manifest.json"), "manifest.json",
                                 kept=("fares.txt",)),
    "manifest-deep-json": Case(_with_manifest(_deep(100_000), "manifest.json"), "manifest.json",
                               kept=("fares.txt",)),
    "broken-warc": Case(_write("crawl.warc", b"WARC/1.0\r\nnonsense\r\n\r\ngarbage"), "crawl.warc"),
}


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The good articles and a database where they are stored and analysed (made once)."""
    root = tmp_path_factory.mktemp("good")
    folder = root / "articles"
    folder.mkdir()
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = root / "template.db"
    result = CliRunner().invoke(main, ["build", str(folder), "--db", str(db), "--out", str(root / "out"), *LIMITS])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder, db


def test_the_corpus_has_forty_kinds() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("kind", sorted(CASES))
def test_one_bad_input_among_good_articles(kind: str, good: tuple[Path, Path], tmp_path: Path) -> None:
    case = CASES[kind]
    folder, template = good
    db = tmp_path / "s.db"
    shutil.copy(template, db)
    bad = tmp_path / "bad"
    bad.mkdir()
    case.make(bad)
    result = CliRunner().invoke(main, ["build", str(folder), str(bad), "--db", str(db), "--out",
                                       str(tmp_path / "out"), *LIMITS])
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert result.exit_code == 3, result.output
    assert len(warnings) == 1, result.stderr
    assert case.item in warnings[0], warnings
    assert "Traceback" not in result.output
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT path, current, analyzed_with FROM documents").fetchall()
    current = {p: a for p, c, a in rows if c}
    for name in GOOD:
        assert str(folder / name) in current, name
    for end in case.kept:
        assert any(p.endswith(end) for p in current), (end, sorted(current))
    assert len(current) == len(GOOD) + len(case.kept)
    assert all(a == ANALYSIS_VERSION for a in current.values())
    assert not list((tmp_path / "out").glob("*.tmp")) and not list((tmp_path / "out").glob(".*.tmp"))
