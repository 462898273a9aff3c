"""Several writes in one transaction: a batch committed every `size` items.

Ingest stores each document in its own savepoint (`Store.atomic` nested) inside a
transaction that `Batch` opens before the first and commits after the `size`-th: one
commit per document wrote the same pages to the write-ahead log again for each.
"""

from __future__ import annotations

import contextlib
import sqlite3

from storyline.store.db import Store


class Batch:
    """One open transaction over up to `size` items written through `Store.atomic`."""

    def __init__(self, store: Store, size: int) -> None:
        self.store = store
        self.size = max(1, size)
        self.held: contextlib.ExitStack | None = None
        self.count = 0

    def open(self) -> None:
        """Start a transaction unless one is open."""
        if self.held is None:
            held = contextlib.ExitStack()
            held.enter_context(self.store.atomic())
            self.held = held

    def done(self) -> None:
        """One more item written (or reported): commit when the batch is full."""
        self.count += 1
        if self.count >= self.size:
            self.commit()

    def commit(self, failing: bool = False) -> None:
        """Commit what the open transaction holds (nothing when none is open).

        `failing`: the run is stopping on an error; what can be committed is, and a
        transaction the database already abandoned is let go without a second error.
        """
        held, self.held, self.count = self.held, None, 0
        if held is None:
            return
        try:
            held.close()
        except sqlite3.Error:
            if not failing:
                raise
            with contextlib.suppress(sqlite3.Error):
                self.store.conn.execute("ROLLBACK")
