"""Infer the publication date (DCT) of an article that does not state one.

Reads the article text (and its spaCy doc when given, for tense); returns a `DctGuess`:
a point estimate, an interval meant to contain the true date, a confidence and the kind
of evidence used. Evidence, strongest first: a date line or dateline in the text; then
explicit dated references (past ones bound the date from below, future ones from above,
year-less month/day references fix the year, weekday references pick the day). With
several documents of one story, `infer_story_dcts` lets an event dated in one article
bound the date of another that names the same event relatively ("yesterday's summit").

The clues come from the temporal tagger (`timex.tag`) run with no DCT, so only what
the text fixes by itself counts; a caller that already holds those expressions passes
them in (`timexes=`) and the text is not tagged again. The pipeline does so, and reuses
them as the timex stage's result when no date is found. A small recogniser of explicit
dates (`find_date_refs`) reads the dateline and the words inside each expression. A
page's reader comments ("At 2:10 pm on 02 Jun 2009, jo wrote: ...", `comments`) are not
the article: their dates are no clue (they come after it).
"""

from __future__ import annotations

from storyline.stages.dct.comments import Comments, body_refs, comments, first_comment
from storyline.stages.dct.document import infer_dct
from storyline.stages.dct.refs import DateRef, find_date_refs
from storyline.stages.dct.story import infer_story_dcts

STAGE_NAME = "storyline.dct.v3"

__all__ = ["Comments", "DateRef", "body_refs", "comments", "find_date_refs", "first_comment", "infer_dct", "infer_story_dcts"]
