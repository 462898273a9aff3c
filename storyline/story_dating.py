"""Story-level publication dates: what a story's dated documents say of its undated ones.

`pipeline.story_dates` calls this before documents are analysed: the dct stage's story
pass (`stages.dct.infer_story_dcts`) and the pinning stage (`stages.pinning`) read the
texts from the store one at a time and give each undated document a `story_dct`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from storyline.models import DctGuess
from storyline.store import repo
from storyline.store.db import Store

# Story-level date inference matches each undated text against the dated events of
# every other text (quadratic in documents); past this many documents it is skipped.
# Texts are read from the store as it goes (repo.StoredTexts), never held together.
STORY_DCT_MAX_DOCS = 2000


def story_dates(store: Store, undated: set[int], inferred: set[int]) -> dict[int, DctGuess]:
    """Dates of undated documents to analyse, bounded by what the story's dated documents
    fix; with them, those of `inferred` (dates an earlier analysis inferred, not being
    analysed) that the story now pins elsewhere: they must be analysed again."""
    from storyline.dates import parse_day
    from storyline.stages import dct as dct_stage
    from storyline.stages import pinning

    ids = repo.current_ids(store)
    if not (undated or inferred) or len(ids) > STORY_DCT_MAX_DOCS:
        return {}
    texts = repo.StoredTexts(store)
    meta = list(repo.document_meta(store))
    # Only given and stated dates are evidence: a date an earlier analysis inferred is
    # unknown here, as in a first build (it would otherwise confirm itself).
    unknown = undated | inferred
    known: dict[str, dt.date | None] = {
        repo.doc_key(row["id"]): None if row["id"] in unknown else parse_day(row["published"]) for row in meta
    }
    guesses = dct_stage.infer_story_dcts(texts, known)
    # Then the events several texts date pin the undated ones (the pinning stage applies them).
    guesses.update(pinning.pin_dates(texts, known, guesses, first_comments(store, unknown)))
    wanted = undated | {
        row["id"]
        for row in meta
        if row["id"] in inferred and pinned_elsewhere(row, guesses.get(repo.doc_key(row["id"])))
    }
    return {repo.doc_id(k): g for k, g in guesses.items() if repo.doc_id(k) in wanted}


def first_comments(store: Store, ids: set[int]) -> dict[str, dt.date]:
    """The day of the first reader comment of each of `ids` whose comment section the
    cleaner removed, read from its removed lines one document at a time."""
    from storyline.stages import dct as dct_stage
    from storyline.stages.clean.comments import REASON

    out: dict[str, dt.date] = {}
    for i in sorted(ids):
        lines = [r.text for r in repo.removed_lines(store, i) if r.reason == REASON]
        if lines and (day := dct_stage.first_comment(lines)) is not None:
            out[repo.doc_key(i)] = day
    return out


def pinned_elsewhere(row: Any, guess: DctGuess | None) -> bool:
    """Whether the story pins a document elsewhere than its stored date and range."""
    from storyline.stages import pinning

    if guess is None or not pinning.is_pinned(guess):
        return False
    pinned = (guess.date.isoformat(), guess.earliest.isoformat(), guess.latest.isoformat())
    return pinned != (row["published"], row["published_earliest"], row["published_latest"])
