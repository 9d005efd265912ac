"""What the vectorised level functions share: the numbered values of one field, what they
need of a comparison, and the helpers every field's batch form uses.

Imported by :mod:`vnidmatch.compare.batch` (the field-independent machinery) and by each
field module's batch form; it imports neither, so neither can import the other back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, Protocol

import numpy as np

__all__ = ["BatchLevels", "ComparisonLike", "FieldCodes", "label_indexes", "one_by_one",
           "one_edit"]


class FieldCodes(NamedTuple):
    """One field's distinct values (``values[0]`` is the missing value) and the code of
    each record's value on the left and the right side (the same array when deduplicating).

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> from vnidmatch.compare.batch import encode
    >>> from vnidmatch.records import prepare_record as p
    >>> fc = encode((sex_comparison(),), [p({"id": 1, "sex": "Nam"}), p({"id": 2})], None)[0]
    >>> fc.values, fc.left.tolist()
    ([None, 'M'], [1, 0])
    """

    values: list[Any]
    left: np.ndarray
    right: np.ndarray
    #: per-value features, computed once by the vectorised level functions
    cache: dict[str, Any]


class ComparisonLike(Protocol):
    """What the batch machinery needs of a :class:`~vnidmatch.compare.comparison.Comparison`:
    its field, its level labels, its scalar level and (optionally) its vectorised levels.

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> c: ComparisonLike = sex_comparison()
    >>> c.field, c.level("M", "F")
    ('sex', 2)
    """

    @property
    def field(self) -> str: ...

    @property
    def labels(self) -> tuple[str, ...]: ...

    @property
    def batch(self) -> BatchLevels | None: ...

    def level(self, a: Any, b: Any) -> int: ...


#: a vectorised level function: (field codes, left value codes, right value codes, the
#: comparison) -> level index per pair; the codes are of distinct pairs, never 0 (missing)
BatchLevels = Callable[[FieldCodes, np.ndarray, np.ndarray, ComparisonLike], np.ndarray]


def one_by_one(comparison: ComparisonLike, values: Sequence[Any], a: np.ndarray,
               b: np.ndarray) -> np.ndarray:
    """The scalar level of each value pair ``(values[a[t]], values[b[t]])``, in this process.

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> one_by_one(sex_comparison(), [None, "M", "F"], np.array([1, 1]), np.array([1, 2])).tolist()
    [1, 2]
    """
    level = comparison.level
    return np.asarray([level(values[x], values[y]) for x, y in zip(a.tolist(), b.tolist())],
                      dtype=np.int8)


def label_indexes(comparison: ComparisonLike) -> dict[str, int]:
    """Level index by label; ``different`` (what the scalar level functions say) is the
    comparison's last, catch-all level.

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> label_indexes(sex_comparison())
    {'null': 0, 'same': 1, 'else': 2, 'different': 2}
    """
    index = {label: k for k, label in enumerate(comparison.labels)}
    index["different"] = len(comparison.labels) - 1
    return index


def one_edit(da: np.ndarray, db: np.ndarray) -> np.ndarray:
    """Rows of two equal-width digit matrices one substitution or one adjacent
    transposition apart (Damerau distance exactly 1 for strings of equal length).

    >>> one_edit(np.array([[1, 2, 3], [1, 2, 3], [1, 2, 3]]),
    ...          np.array([[1, 2, 4], [2, 1, 3], [3, 2, 1]])).tolist()
    [True, True, False]
    """
    diff = da != db
    n_diff = diff.sum(axis=1)
    swap = np.zeros(len(da), bool)
    for k in range(da.shape[1] - 1):
        swap |= (diff[:, k] & diff[:, k + 1] & (da[:, k] == db[:, k + 1])
                 & (da[:, k + 1] == db[:, k]))
    one: np.ndarray = (n_diff == 1) | ((n_diff == 2) & swap)
    return one
