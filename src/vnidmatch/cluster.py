"""Layer 6: groups of records. Guarded connected components for deduplication, and the
one-to-one assignment of linkage.

>>> import numpy as np
>>> from vnidmatch.score import Scored
>>> s = Scored(np.array([0, 1, 0]), np.array([1, 2, 2]), np.zeros((3, 0), np.int8),
...            np.array([9.0, 8.0, -9.0]), np.ones(3), np.array([2, 2, 0], np.int8))
>>> cluster(["a", "b", "c"], s, guard=-6.0)
{'a': 'a', 'b': 'a', 'c': 'c'}
>>> one_to_one(s).tolist()
[0, 1]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from vnidmatch.score import Scored

__all__ = ["cluster", "one_to_one"]


def one_to_one(scored: Scored) -> np.ndarray:
    """Indexes of the pairs kept when each record may be used once, strongest first.

    >>> s = Scored(np.array([0, 0]), np.array([0, 1]), np.zeros((2, 0), np.int8),
    ...            np.array([3.0, 7.0]), np.ones(2), np.array([2, 2], np.int8))
    >>> one_to_one(s).tolist()
    [1]
    """
    used_l: set[int] = set()
    used_r: set[int] = set()
    out = []
    order = np.argsort(-scored.weight, kind="stable")
    for t, a, b in zip(order.tolist(), scored.i[order].tolist(), scored.j[order].tolist()):
        if a in used_l or b in used_r:
            continue
        used_l.add(a)
        used_r.add(b)
        out.append(t)
    return np.asarray(sorted(out), dtype=np.int64)


def cluster(ids: Sequence[str], scored: Scored, guard: float) -> dict[str, str]:
    """A cluster id for every record (``ids`` in input order, indexes of ``scored``): the
    connected components of ``match`` pairs, merged strongest link first, never merging two
    clusters between which a scored pair weighs below ``guard``. A cluster's id is its
    first record's.

    >>> s = Scored(np.array([0]), np.array([1]), np.zeros((1, 0), np.int8),
    ...            np.array([9.0]), np.ones(1), np.array([2], np.int8))
    >>> cluster(["x", "y"], s, guard=-6.0)
    {'x': 'x', 'y': 'x'}
    """
    parent = list(range(len(ids)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    cannot: dict[int, set[int]] = defaultdict(set)
    low = scored.weight < guard
    for i, j in zip(scored.i[low].tolist(), scored.j[low].tolist()):
        cannot[i].add(j)
        cannot[j].add(i)
    members: dict[int, set[int]] = {}
    forbid: dict[int, set[int]] = {}
    strong = scored.take(scored.decision == 2)
    order = np.argsort(-strong.weight, kind="stable")
    for i, j in zip(strong.i[order].tolist(), strong.j[order].tolist()):
        a, b = find(i), find(j)
        if a == b:
            continue
        ma, mb = members.get(a, {a}), members.get(b, {b})
        fa, fb = forbid.get(a, cannot.get(a, set())), forbid.get(b, cannot.get(b, set()))
        if fa & mb:
            continue
        if len(ma) < len(mb):
            a, b, ma, mb, fa, fb = b, a, mb, ma, fb, fa
        parent[b] = a
        members[a] = ma | mb
        forbid[a] = fa | fb
        members.pop(b, None)
        forbid.pop(b, None)
    out = {}
    for i, rid in enumerate(ids):
        root = find(i)
        out[rid] = ids[min(members.get(root, {root}))]
    return out


