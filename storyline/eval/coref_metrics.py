"""Coreference scores: MUC, B-cubed, CEAF-e, their CoNLL mean, and pairwise error counts.

Clusters are collections of hashable mention ids. Key = gold, response = system. Mentions
present on one side only count as they do in the reference scorer (a mention missing from
the response is a singleton there, and vice versa), so callers restrict both sides to the
same mention set when they want to score linking alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

Cluster = frozenset[Hashable]


@dataclass(frozen=True)
class PRF:
    """Recall, precision and F1 of one metric."""

    recall: float
    precision: float
    f1: float


@dataclass(frozen=True)
class PairErrors:
    """Pairwise link errors of a response against a key, over mentions on both sides."""

    missed: int
    """Pairs coreferent in the key but in different response clusters (missed merges)."""
    wrong: int
    """Pairs in one response cluster but not coreferent in the key (wrong merges)."""
    correct: int
    """Pairs coreferent on both sides."""


def _prf(r_num: float, r_den: float, p_num: float, p_den: float) -> PRF:
    recall = r_num / r_den if r_den else 0.0
    precision = p_num / p_den if p_den else 0.0
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return PRF(recall, precision, f1)


def _clean(clusters: Iterable[Iterable[Hashable]]) -> list[Cluster]:
    return [frozenset(c) for c in clusters if c]


def _index(clusters: Sequence[Cluster]) -> dict[Hashable, int]:
    return {m: i for i, c in enumerate(clusters) for m in c}


def _muc_side(a: Sequence[Cluster], b: Sequence[Cluster]) -> tuple[float, float]:
    # Vilain et al. 1995: each cluster needs |c|-1 links; count the partitions of c by b.
    where = _index(b)
    num = den = 0.0
    for cluster in a:
        parts = {where.get(m, ("alone", m)) for m in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num, den


def muc(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    """MUC link-based score (Vilain et al. 1995)."""
    k, r = _clean(key), _clean(response)
    r_num, r_den = _muc_side(k, r)
    p_num, p_den = _muc_side(r, k)
    return _prf(r_num, r_den, p_num, p_den)


def _b3_side(a: Sequence[Cluster], b: Sequence[Cluster]) -> tuple[float, float]:
    where = _index(b)
    num = 0.0
    total = 0
    for cluster in a:
        for m in cluster:
            other = b[where[m]] if m in where else frozenset((m,))
            num += len(cluster & other) / len(cluster)
            total += 1
    return num, float(total)


def b_cubed(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    """B-cubed mention-based score (Bagga and Baldwin 1998)."""
    k, r = _clean(key), _clean(response)
    r_num, r_den = _b3_side(k, r)
    p_num, p_den = _b3_side(r, k)
    return _prf(r_num, r_den, p_num, p_den)


def _hungarian_max(weights: list[list[float]]) -> float:
    """Total weight of a maximum-weight assignment in a (rows <= cols) matrix."""
    n, m = len(weights), len(weights[0])
    inf = float("inf")
    # Shortest augmenting path version of Kuhn-Munkres on costs = -weights, 1-based.
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -weights[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    return sum(weights[p[j] - 1][j - 1] for j in range(1, m + 1) if p[j])


def ceaf_e(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    """Entity-based CEAF with the phi4 similarity (Luo 2005)."""
    k, r = _clean(key), _clean(response)
    # Only overlapping clusters have non-zero phi4, so the assignment splits into
    # connected components; solving each alone keeps large topics fast.
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    where_r = _index(r)
    for i, cluster in enumerate(k):
        find(("k", i))
        for m in cluster:
            if m in where_r:
                a, b = find(("k", i)), find(("r", where_r[m]))
                if a != b:
                    parent[a] = b
    for j in range(len(r)):
        find(("r", j))
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for node in list(parent):
        side, idx = node
        ks, rs = groups.setdefault(find(node), ([], []))
        (ks if side == "k" else rs).append(idx)
    total = 0.0
    for ks, rs in groups.values():
        if not ks or not rs:
            continue
        rows, cols = (ks, rs) if len(ks) <= len(rs) else (rs, ks)
        rows_c = [k[i] for i in rows] if rows is ks else [r[i] for i in rows]
        cols_c = [r[j] for j in cols] if cols is rs else [k[j] for j in cols]
        w = [[2 * len(a & b) / (len(a) + len(b)) for b in cols_c] for a in rows_c]
        total += _hungarian_max(w)
    return _prf(total, float(len(k)), total, float(len(r)))


def conll_f1(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> float:
    """CoNLL-2012 score: the mean of MUC, B-cubed and CEAF-e F1."""
    k, r = _clean(key), _clean(response)
    return (muc(k, r).f1 + b_cubed(k, r).f1 + ceaf_e(k, r).f1) / 3


def pair_errors(
    key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]
) -> PairErrors:
    """Count missed and wrong merges as mention pairs, over mentions present on both sides."""
    k, r = _clean(key), _clean(response)
    wk, wr = _index(k), _index(r)
    # Counted from the contingency table rather than by enumerating pairs.
    cells: Counter[tuple[int, int]] = Counter()
    for m in set(wk) & set(wr):
        cells[(wk[m], wr[m])] += 1
    per_k: Counter[int] = Counter()
    per_r: Counter[int] = Counter()
    for (i, j), n in cells.items():
        per_k[i] += n
        per_r[j] += n
    correct = sum(_pairs(n) for n in cells.values())
    missed = sum(_pairs(n) for n in per_k.values()) - correct
    wrong = sum(_pairs(n) for n in per_r.values()) - correct
    return PairErrors(missed, wrong, correct)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2
