"""Shared fixtures: the spaCy model (loaded once per run) and paths to ../shared."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from spacy.language import Language

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLE = SHARED / "examples" / "japan-russia"
DATA = SHARED / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-baseline", action="store_true", help="Write current gold-set scores to tests/eval_baseline.json."
    )
    parser.addoption(
        "--allow-regression", action="store_true", help="Accept scores below the pinned floors."
    )


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The pinned English pipeline, loaded once for the whole test run."""
    from storyline import nlp as nlp_module

    return nlp_module.load()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` beside the checkout; its absence is a failure, not a skip."""
    assert SHARED.is_dir(), f"{SHARED} is missing: clone the project beside shared/"
    return SHARED


@pytest.fixture(scope="session")
def example_dir(shared_dir: Path) -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def data_dir(shared_dir: Path) -> Path:
    return DATA
