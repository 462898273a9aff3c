"""Complexity ratchets: no function over McCabe complexity 15 and no module over 600
lines, unless listed here.

ruff enforces C901 (max-complexity 15, pyproject.toml) everywhere except in the files
of `pyproject.toml`'s per-file-ignores, which hold the functions below. This test runs
ruff's C901 without any ignore and compares what it flags with the list: a new function
over the limit fails (split it, or list it with a reason), and so does a listed one that
is no longer over it (delete its line), so the list only shrinks. A listed function that
moves to another file is listed again under its new path.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_COMPLEXITY = 15

# "path::function": why it is still over the limit.
ALLOWED: dict[str, str] = {}

MAX_LINES = 600

# Modules still over MAX_LINES: why.
LONG_MODULES: dict[str, str] = {}

_NAME_RE = re.compile(r"`([^`]+)` is too complex")


def _over_limit() -> set[str]:
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--select", "C901",
         "--config", f"lint.mccabe.max-complexity={MAX_COMPLEXITY}",
         "--output-format", "json", "storyline"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert out.returncode in (0, 1), out.stderr
    found = set()
    for item in json.loads(out.stdout):
        match = _NAME_RE.search(item["message"])
        assert match is not None, item["message"]
        path = Path(item["filename"]).resolve().relative_to(ROOT).as_posix()
        found.add(f"{path}::{match.group(1)}")
    return found


def test_no_unlisted_function_over_the_limit() -> None:
    unlisted = sorted(_over_limit() - set(ALLOWED))
    assert not unlisted, f"over complexity {MAX_COMPLEXITY}, split or list with a reason: {unlisted}"


def test_every_listed_function_is_still_over_the_limit() -> None:
    stale = sorted(set(ALLOWED) - _over_limit())
    assert not stale, f"no longer over complexity {MAX_COMPLEXITY}, remove from ALLOWED: {stale}"


def test_every_listed_file_is_ignored_in_pyproject_and_no_other() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text.split("[tool.ruff.lint.per-file-ignores]", 1)[1].split("\n[", 1)[0]
    ignored = {m.group(1) for m in re.finditer(r'^"([^"]+)" = \[[^\]]*"C901"', section, re.M)}
    assert ignored == {key.split("::")[0] for key in ALLOWED}


def test_no_module_over_the_line_limit_unless_listed() -> None:
    long = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "storyline").rglob("*.py")
        if len(p.read_text(encoding="utf-8").splitlines()) > MAX_LINES
    }
    assert long - set(LONG_MODULES) == set(), f"over {MAX_LINES} lines: split, or list with a reason"
    assert set(LONG_MODULES) - long == set(), f"no longer over {MAX_LINES} lines: remove from LONG_MODULES"
