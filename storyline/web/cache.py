"""Story-wide results kept between requests while the database stays the same.

Some pages need a result computed over the whole story (the key timeline, every event
with the entities it names, the quote book); at 2,000 articles computing one takes a few
hundred milliseconds, too slow to repeat for every page. The app only reads, so such a
result stays right until the database file changes: the cache is keyed by the size and
modification time of the database and its write-ahead log, and emptied when they move
(another process ran `storyline analyze`, say).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

Stamp = tuple[tuple[int, int], ...]


class StoryCache:
    """A small LRU of computed results, valid while the database files are unchanged."""

    def __init__(self, db: str | Path, size: int = 64) -> None:
        self.files = [Path(db), Path(f"{db}-wal")]
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._stamp: Stamp | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def stamp(self) -> Stamp:
        """Size and modification time of each database file (zeros for one that is absent)."""
        out = []
        for f in self.files:
            try:
                st = os.stat(f)
            except FileNotFoundError:
                out.append((0, 0))
            else:
                out.append((st.st_size, st.st_mtime_ns))
        return tuple(out)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached result for `key`, computing it with `compute()` when absent or stale."""
        stamp = self.stamp()
        with self._lock:
            if stamp != self._stamp:
                self._items.clear()
                self._stamp = stamp
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]  # type: ignore[no-any-return]
        # Computed outside the lock: two requests may both compute a missing value, and
        # neither waits for the other.
        value = compute()
        with self._lock:
            self.misses += 1
            if self._stamp == stamp:
                self._items[key] = value
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return value
