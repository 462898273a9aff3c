"""The README's stage table and docs/architecture.md stay in step with the registry."""

from __future__ import annotations

import importlib
from pathlib import Path

from storyline import registry

ROOT = Path(__file__).parent.parent


def _table_rows(text: str, header: str) -> list[list[str]]:
    lines = text.splitlines()
    start = lines.index(header)
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_readme_stage_table_is_the_registry() -> None:
    rows = _table_rows((ROOT / "README.md").read_text(encoding="utf-8"), "| stage | scope | module | reads | adds |")
    expected = [
        [f"`{s.name}`", s.scope, f"`{s.module}`", ", ".join(s.requires) or "—", s.adds] for s in registry.stages()
    ]
    assert rows == expected, "update the README's stage table from storyline/registry.py"


def test_every_stage_names_an_importable_module() -> None:
    for s in registry.stages():
        assert importlib.import_module(s.module).STAGE_NAME in {x.name for x in registry.stages()}, s.name


def test_architecture_page_lists_every_stage() -> None:
    rows = _table_rows((ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"), "| stage | reads | writes (table, columns) |")
    assert [r[0] for r in rows] == [f"`{s.name}`" for s in registry.stages()]
