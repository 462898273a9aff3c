"""Per-stage status: a stage that fails is reported, left un-analysed, and filled in by the next run."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from storyline import pipeline, registry
from storyline.store.db import Store, connect

if TYPE_CHECKING:
    from spacy.language import Language

TEXT = (
    "Dock workers walked out on Monday, the union said.\n\n"
    '"We will not go back without a deal," said Maria Lopez, the union\'s leader.\n'
)
UNDATED = "The talks that collapsed on Monday resumed, the union said.\n"


def _boom(*args: object, **kwargs: object) -> object:
    raise RuntimeError("boom")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    src = tmp_path / "strike.txt"
    src.write_text(TEXT, encoding="utf-8")
    s = connect(tmp_path / "s.db")
    pipeline.ingest(s, [src], date=dt.date(2021, 5, 4))
    return s


def _count(store: Store, table: str) -> int:
    return int(store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def _analyzed_with(store: Store) -> list[str]:
    return str(store.conn.execute("SELECT analyzed_with FROM documents").fetchone()[0]).split("+")


def test_a_failing_document_stage_is_reported_and_retried(
    store: Store, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.stages import quotes

    lines: list[str] = []
    monkeypatch.setattr(quotes, "extract_quotes", _boom)
    report = pipeline.analyze(store, nlp=nlp, on_problem=lambda item, reason: lines.append(f"{item}: {reason}"))
    assert report.analyzed == 1
    assert len(lines) == 1 and lines[0].endswith("strike.txt: storyline.quotes.v3: RuntimeError: boom")
    assert report.problems == [(lines[0].split(": ", 1)[0], "storyline.quotes.v3: RuntimeError: boom")]
    # The other stages are stored; the failed one is not claimed.
    assert _count(store, "quotes") == 0
    assert _count(store, "sentences") == 2 and _count(store, "timexes") == 1 and _count(store, "event_mentions") == 1
    assert "storyline.quotes.v3" not in _analyzed_with(store)
    assert "storyline.timex.v4" in _analyzed_with(store)
    failure = store.conn.execute("SELECT stage, reason FROM failures").fetchone()
    assert tuple(failure) == ("storyline.quotes.v3", "RuntimeError: boom")

    monkeypatch.undo()  # the bug is fixed: the next run fills the stage in
    again = pipeline.analyze(store, nlp=nlp)
    assert again.ok and again.analyzed == 1
    assert _count(store, "quotes") == 1
    assert _analyzed_with(store) == registry.analysis_version().split("+")
    assert pipeline.analyze(store, nlp=nlp).analyzed == 0


def test_stages_that_need_a_failed_stage_wait_for_it(
    store: Store, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.stages import timex

    monkeypatch.setattr(timex, "tag", _boom)
    report = pipeline.analyze(store, nlp=nlp)
    # One warning, for the stage that raised; events, which reads its timexes, does not run.
    assert [reason for _, reason in report.problems] == ["storyline.timex.v4: RuntimeError: boom"]
    done = _analyzed_with(store)
    assert "storyline.timex.v4" not in done and "storyline.events.v3" not in done
    assert "storyline.quotes.v3" in done
    assert _count(store, "timexes") == 0 and _count(store, "event_mentions") == 0 and _count(store, "quotes") == 1

    monkeypatch.undo()
    assert pipeline.analyze(store, nlp=nlp).ok
    assert _count(store, "timexes") == 1 and _count(store, "event_mentions") == 1
    assert _count(store, "events") == 1


def test_a_failing_story_stage_is_reported_and_rebuilt(
    store: Store, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.stages import entities

    lines: list[str] = []
    monkeypatch.setattr(entities, "build_cast", _boom)
    report = pipeline.analyze(store, nlp=nlp, on_problem=lambda item, reason: lines.append(f"{item}: {reason}"))
    assert lines == ["story: storyline.cast.v2: RuntimeError: boom"]
    assert not report.ok
    # The per-document results are stored; the cast and the stages that need it (the
    # timeline reads its mentions, the summary the timeline's events) are empty, not stale.
    assert _count(store, "quotes") == 1 and _count(store, "sentences") == 2
    assert _count(store, "entities") == 0 and _count(store, "events") == 0 and _count(store, "summary") == 0

    monkeypatch.undo()
    again = pipeline.analyze(store, nlp=nlp)
    assert again.ok and again.analyzed == 0
    assert _count(store, "entities") > 0 and _count(store, "events") == 1 and _count(store, "summary") > 0
    assert store.conn.execute("SELECT entity_id FROM quotes").fetchone()[0] is not None


def test_a_failing_story_date_is_reported_and_the_undated_document_waits(
    tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.stages import dct

    (tmp_path / "dated.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "undated.txt").write_text(UNDATED, encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,published\ndated.txt,2021-05-04\n", encoding="utf-8")
    store = connect(tmp_path / "s.db")
    pipeline.ingest(store, [tmp_path], manifest=manifest)
    monkeypatch.setattr(dct, "infer_story_dcts", _boom)
    report = pipeline.analyze(store, nlp=nlp)
    stages = [(Path(item).name, reason.split(":")[0]) for item, reason in report.problems]
    assert ("story", "storyline.dct.v3") in stages and ("undated.txt", "storyline.dct.v3") in stages
    undated = store.conn.execute(
        "SELECT published, analyzed_with FROM documents WHERE path LIKE '%undated.txt'"
    ).fetchone()
    assert undated["published"] is None and "storyline.dct.v3" not in undated["analyzed_with"]

    monkeypatch.undo()
    again = pipeline.analyze(store, nlp=nlp)
    assert again.ok and again.analyzed == 1
    assert store.conn.execute("SELECT COUNT(*) FROM documents WHERE analyzed_with = ?",
                              (registry.analysis_version(),)).fetchone()[0] == 2


def test_analyze_document_touches_no_store_and_travels(nlp: Language) -> None:
    import hashlib

    from storyline.models import Article, DocumentAnalysis

    article = Article("strike.txt", TEXT, hashlib.sha256(TEXT.encode()).hexdigest(), published=dt.date(2021, 5, 4))
    analysis = pipeline.analyze_document(article, nlp(TEXT), doc_id=7)
    assert analysis.failed == ()
    assert analysis.done == tuple(s.name for s in registry.stages("document") if s.run is not None)
    assert len(analysis.results["storyline.quotes.v3"]["quotes"]) == 1  # type: ignore[arg-type]
    # Plain data: a worker process can send it to the one writer.
    assert pickle.loads(pickle.dumps(analysis)) == analysis
    assert isinstance(analysis, DocumentAnalysis)
