"""Comparison levels for many pairs at once (what :func:`~vnidmatch.link` scores with).

Each record's value of each comparison field is numbered once (:func:`encode`); a batch of
pairs then becomes, per field, an array of value-code pairs, and every *distinct* pair of
values is compared exactly once, however many record pairs share it (names, dates, places
and sexes repeat massively). The result is a pattern matrix: one row per pair, one column
per comparison, the level index in each cell (0 = missing).

This module is the field-independent machinery. A comparison with a vectorised twin
(``Comparison.batch``) is computed by it; one without is compared one value pair at a
time (in worker processes when there are many). The twins live next to their scalar level
functions: :func:`~vnidmatch.compare.birthdate.birth_date_batch`,
:func:`~vnidmatch.compare.identifier.id_batch`,
:func:`~vnidmatch.compare.address.address_batch` (re-exported here).

>>> from vnidmatch.compare.comparison import name_comparison, sex_comparison
>>> from vnidmatch.records import prepare_record as p
>>> recs = [p({"id": 1, "full_name": "Lê Lan", "sex": "Nữ"}),
...         p({"id": 2, "full_name": "LE LAN", "sex": "F"}),
...         p({"id": 3, "full_name": "Trần Hùng"})]
>>> comps = (name_comparison(), sex_comparison())
>>> codes = encode(comps, recs, None)
>>> pattern_matrix(comps, codes, np.array([0, 0]), np.array([1, 2])).tolist()
[[2, 1], [6, 0]]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import numpy as np

from vnidmatch._parallel import run_forked
from vnidmatch.compare._codes import ComparisonLike, FieldCodes, one_by_one
from vnidmatch.compare.address import address_batch
from vnidmatch.compare.birthdate import birth_date_batch
from vnidmatch.compare.identifier import id_batch
from vnidmatch.records import PreparedRecord, field_getter

__all__ = ["ComparisonLike", "FieldCodes", "address_batch", "birth_date_batch", "encode",
           "encode_values", "id_batch", "levels", "pattern_matrix"]


def _numberer(values: list[Any]) -> Any:
    table: dict[Hashable, int] = {}

    def code(v: Any) -> int:
        if v is None:
            return 0
        try:
            c = table.get(v)
        except TypeError:  # an unhashable value: its own code, compared as it is
            values.append(v)
            return len(values) - 1
        if c is None:
            values.append(v)
            c = table[v] = len(values) - 1
        return c

    return code


def encode_values(value: Callable[[PreparedRecord], Any], left: Sequence[PreparedRecord],
                  right: Sequence[PreparedRecord] | None) -> FieldCodes:
    """Number one value of every record (None: missing, code 0), equal values getting equal
    codes on both sides (``right=None``: deduplication, one array).

    >>> from vnidmatch.records import prepare_record as p
    >>> fc = encode_values(lambda r: r.sex, [p({"id": 1, "sex": "F"})],
    ...                    [p({"id": 2, "sex": "M"}), p({"id": 3, "sex": "Nữ"}), p({"id": 4})])
    >>> fc.values, fc.left.tolist(), fc.right.tolist()
    ([None, 'F', 'M'], [1], [2, 1, 0])
    """
    sides = [list(map(value, left))] + ([] if right is None else [list(map(value, right))])
    table: dict[Any, int] = {None: 0}
    try:
        # a new value gets the next code; the table's keys, in order, are the values
        coded = [np.asarray([table.setdefault(v, len(table)) for v in side], dtype=np.int64)
                 for side in sides]
        values: list[Any] = list(table)
    except TypeError:  # an unhashable value: numbered one by one
        values = [None]
        code = _numberer(values)
        coded = [np.fromiter(map(code, side), dtype=np.int64, count=len(side))
                 for side in sides]
    return FieldCodes(values, coded[0], coded[-1], {})


def encode(comparisons: Sequence[ComparisonLike], left: Sequence[PreparedRecord],
           right: Sequence[PreparedRecord] | None) -> list[FieldCodes]:
    """Number the values of every comparison field (``right=None``: deduplication).

    Equal values get equal codes on both sides:

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> from vnidmatch.records import prepare_record as p
    >>> fc = encode((sex_comparison(),), [p({"id": 1, "sex": "F"})],
    ...             [p({"id": 2, "sex": "M"}), p({"id": 3, "sex": "Nữ"})])[0]
    >>> fc.left.tolist(), fc.right.tolist()
    ([1], [2, 1])
    """
    return [encode_values(field_getter(c.field), left, right) for c in comparisons]


def levels(comparison: ComparisonLike, codes: FieldCodes, i: np.ndarray, j: np.ndarray,
           workers: int = 1) -> np.ndarray:
    """The level of each pair ``(left[i[t]], right[j[t]])``: distinct value pairs once.

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> from vnidmatch.records import prepare_record as p
    >>> recs = [p({"id": 1, "sex": "F"}), p({"id": 2, "sex": "M"}), p({"id": 3, "sex": "F"})]
    >>> fc = encode((sex_comparison(),), recs, None)[0]
    >>> levels(sex_comparison(), fc, np.array([0, 0, 1]), np.array([2, 1, 2])).tolist()
    [1, 2, 2]
    """
    n = len(codes.values)
    key = codes.left[i] * n + codes.right[j]
    uniq, inverse = np.unique(key, return_inverse=True)
    a, b = uniq // n, uniq % n
    found = np.zeros(len(uniq), dtype=np.int8)
    present = np.flatnonzero((a != 0) & (b != 0))
    if len(present):
        batch = comparison.batch
        if batch is not None:
            found[present] = batch(codes, a[present], b[present], comparison)
        else:
            found[present] = _one_by_one(comparison, codes.values, a[present], b[present],
                                         workers)
    return found[inverse.reshape(-1)]


#: below this many distinct pairs a comparison is not spread over processes
POOL_MIN_PAIRS = 50_000


def _one_by_one(comparison: ComparisonLike, values: Sequence[Any], a: np.ndarray, b: np.ndarray,
                workers: int = 1) -> np.ndarray:
    if workers > 1 and len(a) >= POOL_MIN_PAIRS:
        return _forked(comparison, values, a, b, workers)
    return one_by_one(comparison, values, a, b)


def _forked_chunk(shared: tuple[ComparisonLike, Sequence[Any]],
                  ab: tuple[np.ndarray, np.ndarray]) -> list[int]:
    comparison, values = shared
    return _one_by_one(comparison, values, ab[0], ab[1]).tolist()  # type: ignore[no-any-return]


def _forked(comparison: ComparisonLike, values: Sequence[Any], a: np.ndarray, b: np.ndarray,
            workers: int) -> np.ndarray:
    """The scalar comparison over ``workers`` processes: forked children inherit the
    comparison and the values (no pickling of either); only code arrays travel."""
    bounds = np.linspace(0, len(a), workers + 1).astype(int)
    parts = [(a[x:y], b[x:y]) for x, y in itertools.pairwise(bounds.tolist())]
    return np.asarray(run_forked(_forked_chunk, parts, shared=(comparison, values)),
                      dtype=np.int8)


def pattern_matrix(comparisons: Sequence[ComparisonLike], codes: Sequence[FieldCodes],
                   i: np.ndarray, j: np.ndarray, workers: int = 1) -> np.ndarray:
    """An ``int8`` matrix: one row per pair, one column per comparison (see the module
    example).

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> pattern_matrix((sex_comparison(),), encode((sex_comparison(),), [], None),
    ...                np.array([], dtype=np.int64), np.array([], dtype=np.int64)).shape
    (0, 1)
    """
    out = np.zeros((len(i), len(comparisons)), dtype=np.int8)
    for k, (c, fc) in enumerate(zip(comparisons, codes)):
        if len(i):
            out[:, k] = levels(c, fc, i, j, workers)
    return out
