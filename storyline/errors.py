"""Typed exceptions. Each message names the item, the reason and what to try."""

from __future__ import annotations


class StorylineError(Exception):
    """Base class of every error storyline raises on purpose."""

    status = 500


class InputError(StorylineError):
    """An input item cannot be read or holds no article."""

    status = 400

    def __init__(self, item: str, reason: str) -> None:
        self.item = item
        self.reason = reason
        super().__init__(f"{item}: {reason}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # Raised on a Dask worker (cleaning an input) and reported by the client: it
        # must travel back whole, with its item and reason.
        return type(self), (self.item, self.reason)


class StoreError(StorylineError):
    """The database cannot be opened, migrated or written."""

    status = 500


class NotFound(StorylineError):
    """A requested document, entity or story does not exist."""

    status = 404


class SettingsError(StorylineError):
    """A setting has an unknown name or a value of the wrong type."""

    status = 400


class OutputError(StorylineError):
    """An output file or folder cannot be written (missing folder, a folder in the way, no space)."""

    status = 500
