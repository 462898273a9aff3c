"""Re-analysis infers again the dates an analysis inferred, and only those.

A document's publication date is `given` with the input, `stated` in its text (a date
line read at ingest) or `inferred` by an analysis. A later analysis (a second `analyze`,
or every document after a stage's version changed) must not read an inferred date as
evidence, and must never replace a given or stated one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import storyline
from storyline.store import repo
from storyline.store.db import Store

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.slow

STAMPED = (
    "Dam gives way Tuesday 5 March 2019 18.02 GMT Officials said the Hartfield dam collapsed on Monday,"
    " flooding villages of the Varne valley.\n\nRescue teams searched the valley.\n"
)
STAMPED_TOO = (
    "Flood latest Tuesday 5 March 2019 20.40 GMT The Hartfield dam collapsed on Monday, officials said,"
    " flooding villages of the Varne valley.\n\nPolice closed the ring road near Orvale overnight.\n"
)
YESTERDAY = (
    "Valley flooded\n\nOfficials said the Hartfield dam collapsed yesterday, flooding villages of the Varne"
    " valley.\n\nFarmers in Lessing counted their losses as the water receded, and the regional council"
    " opened two schools as shelters for families.\n"
)
# A date line the cleaner reads at ingest: the date is stated, with no day of the week.
STATED = (
    "Relief convoy reaches Varne\n\nPublished: 7 March 2019\n\nA convoy of lorries carrying tents and"
    " drinking water reached the upper Varne valley, where volunteers from Lessing unloaded blankets.\n"
)
GIVEN = (
    "Engineers inspect spillway\n\nEngineers from Corlan arrived at the breach to inspect the spillway"
    " gates, and said the reservoir would stay closed to boats for the rest of the season.\n"
)


def _pile(folder: Path) -> Path:
    folder.mkdir()
    for name, text in (("a.txt", STAMPED), ("b.txt", YESTERDAY), ("c.txt", STAMPED_TOO), ("s.txt", STATED)):
        (folder / name).write_text(text, encoding="utf-8")
    given = folder / "given"
    given.mkdir()
    (given / "g.txt").write_text(GIVEN, encoding="utf-8")
    return given / "g.txt"


def _dates(store: Store) -> dict[str, tuple[str | None, ...]]:
    return {
        Path(r["path"]).name: (r["published"], r["published_earliest"], r["published_latest"], r["published_source"])
        for r in repo.document_meta(store)
    }


def _build(store: Store, folder: Path, given: Path, nlp: Language) -> None:
    storyline.ingest(store, [p for p in folder.iterdir() if p.is_file()])
    storyline.ingest(store, [given], date=dt.date(2019, 3, 9))
    storyline.analyze(store, nlp=nlp)


def _force_reanalysis(store: Store) -> None:
    """What a stage's new version does: every document waits for analysis again."""
    with store.atomic() as conn:
        conn.execute("UPDATE documents SET analyzed_with = NULL")


def _set_dates(store: Store, day: str, source: str) -> None:
    """Store `day` (and as its range) for every document whose date came from `source`."""
    with store.atomic() as conn:
        conn.execute(
            "UPDATE documents SET published = ?, published_earliest = ?, published_latest = ?"
            " WHERE published_source = ?",
            (day, day, day, source),
        )


def test_each_date_is_stored_with_where_it_came_from(nlp: Language, tmp_path: Path) -> None:
    given = _pile(tmp_path / "texts")
    with storyline.connect(tmp_path / "s.db") as store:
        _build(store, tmp_path / "texts", given, nlp)
        dates = _dates(store)
    assert dates["g.txt"] == ("2019-03-09", None, None, "given")
    assert dates["s.txt"] == ("2019-03-07", "2019-03-07", "2019-03-07", "stated")
    # The stamps are in the prose, not a date line: the analysis infers them, and pins b.txt.
    assert dates["a.txt"][0] == "2019-03-05" and dates["a.txt"][3] == "inferred"
    assert dates["b.txt"] == ("2019-03-05", "2019-03-05", "2019-03-05", "inferred")


def test_reanalysis_gives_the_dates_of_a_fresh_build(nlp: Language, tmp_path: Path) -> None:
    given = _pile(tmp_path / "texts")
    with storyline.connect(tmp_path / "fresh.db") as store:
        _build(store, tmp_path / "texts", given, nlp)
        fresh = _dates(store)
    with storyline.connect(tmp_path / "again.db") as store:
        _build(store, tmp_path / "texts", given, nlp)
        # An earlier analysis got every date wrong (an older stage, or a worse guess): the
        # inferred ones must be inferred again from the texts, the others kept as they are.
        _set_dates(store, "2018-01-01", "inferred")
        storyline.analyze(store, nlp=nlp)  # nothing changed: nothing is analysed again
        assert _dates(store)["b.txt"][0] == "2018-01-01"
        _force_reanalysis(store)
        report = storyline.analyze(store, nlp=nlp)
        assert report.analyzed == len(fresh)
        assert _dates(store) == fresh
        # Once more, from its own inferred dates: still the same.
        _force_reanalysis(store)
        storyline.analyze(store, nlp=nlp)
        assert _dates(store) == fresh
        # The events are dated on the inferred date again ("yesterday" of b.txt).
        b = next(r["id"] for r in repo.document_meta(store) if r["path"].endswith("b.txt"))
        assert {t.text: t.value for t in repo.timexes(store, b)}["yesterday"] == "2019-03-04"


def test_a_given_or_stated_date_is_never_replaced(nlp: Language, tmp_path: Path) -> None:
    given = _pile(tmp_path / "texts")
    with storyline.connect(tmp_path / "s.db") as store:
        _build(store, tmp_path / "texts", given, nlp)
        # Dates the texts do not support, given and stated: evidence all the same.
        with store.atomic() as conn:
            conn.execute("UPDATE documents SET published = '2019-02-01' WHERE published_source = 'given'")
        _set_dates(store, "2019-02-02", "stated")
        _force_reanalysis(store)
        storyline.analyze(store, nlp=nlp)
        dates = _dates(store)
    assert dates["g.txt"] == ("2019-02-01", None, None, "given")
    assert dates["s.txt"] == ("2019-02-02", "2019-02-02", "2019-02-02", "stated")


def test_documents_added_later_move_the_dates_the_story_inferred(nlp: Language, tmp_path: Path) -> None:
    given = _pile(tmp_path / "texts")
    with storyline.connect(tmp_path / "fresh.db") as store:
        _build(store, tmp_path / "texts", given, nlp)
        fresh = _dates(store)
    with storyline.connect(tmp_path / "grown.db") as store:
        # First b.txt alone: nothing dates its "yesterday".
        storyline.ingest(store, [tmp_path / "texts" / "b.txt"])
        storyline.analyze(store, nlp=nlp)
        assert _dates(store)["b.txt"][0] is None
        # The stamped pages arrive: the story now pins b.txt, which is analysed again.
        _build(store, tmp_path / "texts", given, nlp)
        assert _dates(store) == fresh
