"""The SQLite store: connection, WAL mode, migrations, and atomic writes."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator
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


APPLICATION_ID = 0x53544C4E
"""`PRAGMA application_id` of a storyline database ("STLN"): another program's file is told apart."""

BUSY_TIMEOUT_MS = 30_000
"""How long a connection waits for another process's write before giving up."""

_SQLITE_MAGIC = b"SQLite format 3\x00"


def connect(path: str | Path) -> Store:
    """Open (creating if needed) and migrate the database at `path`; `:memory:` works too.

    A file that is not a storyline database (not SQLite, another program's tables, a schema
    newer than this storyline knows) is refused before a single byte of it is written.
    Creation and migration run in one immediate transaction, so two processes opening a
    new database at once both succeed and the schema is made once.
    """
    target = str(path)
    if target != ":memory:":
        parent = Path(target).parent
        if not parent.is_dir():
            raise StoreError(f"{target}: folder {parent} does not exist; create it or pick another --db")
        _check_header(Path(target))
    conn: sqlite3.Connection | None = None
    try:
        # isolation_level=None: transactions are explicit (see Store.atomic), so nothing
        # is committed behind our back half-way through a document. The busy timeout is
        # set first: every later statement may meet another process's lock.
        conn = sqlite3.connect(
            target, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.row_factory = sqlite3.Row
        _retry_locked(lambda: check_identity(conn, target))  # reads only
        conn.execute("PRAGMA foreign_keys = ON")
        if target != ":memory:":
            # Two processes switching a new file to WAL at once deadlock on the lock
            # upgrade; SQLite then fails one at once instead of waiting: it tries again.
            _retry_locked(lambda: conn.execute("PRAGMA journal_mode = WAL"))
            conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn, lambda: check_identity(conn, target), application_id=APPLICATION_ID)
    except StoreError:
        if conn is not None:
            conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise StoreError(f"{target}: cannot open as a storyline database ({_reason(exc)})") from exc
    return Store(conn, target)


def _retry_locked(step: Callable[[], object]) -> None:
    """Run `step`, again after a short pause while the database is locked (up to the busy timeout)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.01
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def _check_header(path: Path) -> None:
    """Refuse a non-empty file that does not start as a SQLite database does."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise StoreError(f"{path}: is a folder; give a database file to --db") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the database ({exc.strerror or exc})") from None
    if head and head != _SQLITE_MAGIC:
        raise StoreError(f"{path}: cannot open as a storyline database (not a SQLite file); pick another --db")


def check_identity(conn: sqlite3.Connection, target: str) -> None:
    """Raise StoreError unless the database is empty or a storyline database this version knows."""
    from storyline.store.migrations import MIGRATIONS

    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables and app_id in (0, APPLICATION_ID):
        return
    # Databases made before the application id was set are known by their own tables.
    ours = app_id == APPLICATION_ID or (app_id == 0 and {"schema_migrations", "documents"} <= tables)
    if not ours:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(
            f"{target}: not a storyline database (it holds other tables: {shown or 'none'}); "
            "it was left untouched: pick another --db"
        )
    if "schema_migrations" not in tables:
        return
    known = max(v for v, _, _ in MIGRATIONS)
    newest = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] or 0
    if newest > known:
        raise StoreError(
            f"{target}: made by a newer storyline (schema version {newest}, this one knows up to {known}); "
            "it was left untouched: upgrade storyline"
        )


def _reason(exc: sqlite3.DatabaseError) -> str:
    text = str(exc)
    if "disk is full" in text or "disk I/O" in text:
        return f"{text}: free some space and run again; documents already stored are kept"
    return text
