"""A union-find over 0..n-1: the cast and the timeline both group items by it."""

from __future__ import annotations


class UnionFind:
    """Disjoint sets of the integers 0..n-1; each set's root is its smallest member."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        """The root of `x`'s set (paths are halved on the way)."""
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        """Join the sets of `a` and `b`; the smaller root stays the root."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
