"""The SQLite store: connection, WAL mode, migrations, and atomic writes."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from storyline.errors import StoreError
from storyline.store.migrations import migrate


class Store:
    """One SQLite database holding a story; every write goes through `atomic()`."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        self._depth = 0

    @contextlib.contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one transaction (a savepoint when nested); roll back on error."""
        name = f"sp{self._depth}"
        if self._depth == 0:
            self.conn.execute("BEGIN IMMEDIATE")
        else:
            self.conn.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield self.conn
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self.conn.execute("ROLLBACK")
            else:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
            raise
        else:
            self._depth -= 1
            if self._depth == 0:
                self.conn.execute("COMMIT")
            else:
                self.conn.execute(f"RELEASE {name}")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(path: str | Path) -> Store:
    """Open (creating if needed) and migrate the database at `path`; `:memory:` works too."""
    target = str(path)
    if target != ":memory:":
        parent = Path(target).parent
        if not parent.is_dir():
            raise StoreError(f"{target}: folder {parent} does not exist; create it or pick another --db")
    try:
        # isolation_level=None: transactions are explicit (see Store.atomic), so nothing
        # is committed behind our back half-way through a document.
        conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        if target != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA busy_timeout = 5000")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{target}: cannot open as a storyline database ({exc})") from exc
    return Store(conn, target)
