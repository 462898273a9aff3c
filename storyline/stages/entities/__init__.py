"""The cast: named, role-noun and pronoun mentions per document, linked across a story.

Two levels so a pipeline can stream documents: `document_mentions` reads one parsed
spaCy Doc and keeps only compact, picklable facts (`DocMentions`); `build_cast` links the
facts of every document of a story into entities (`Cast`), then resolves role nouns
("the president") and speaker pronouns ("he") within each document.
"""

from __future__ import annotations

from storyline.stages.entities.cast import Cast, StoredReader, build_cast
from storyline.stages.entities.mentions import (
    DocMentions,
    NamedMention,
    PronounMention,
    RoleMention,
    document_mentions,
)
from storyline.stages.entities.words import acronym, name_key, normalize_name_token

STAGE_NAME = "storyline.entities.v3"

__all__ = [
    "STAGE_NAME",
    "Cast",
    "DocMentions",
    "NamedMention",
    "PronounMention",
    "RoleMention",
    "StoredReader",
    "acronym",
    "build_cast",
    "document_mentions",
    "name_key",
    "normalize_name_token",
]
