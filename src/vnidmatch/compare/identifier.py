"""Compare identifier numbers (CCCD / CMND), knowing which kinds can be compared.

A CCCD and a 9-digit CMND of the same person share no digits (the CCCD is a new number), so
comparing them says nothing: the level is None (missing), never "different". Two valid
numbers of the same kind that differ by more than one typo are strong evidence of two people.

>>> from vnidmatch.ids import parse_id
>>> id_level(parse_id("001090012345"), parse_id("001090012354"))
'typo'
>>> id_level(parse_id("001090012345"), parse_id("012345678")) is None
True
"""

from __future__ import annotations

import numpy as np

from vnidmatch.compare._codes import (
    ComparisonLike,
    FieldCodes,
    label_indexes,
    one_by_one,
    one_edit,
)
from vnidmatch.compare.strings import damerau_distance
from vnidmatch.ids import IdNumber

__all__ = ["ID_LEVELS", "id_batch", "id_level", "id_similarity"]

ID_LEVELS: dict[str, float] = {"exact": 1.0, "typo": 0.7, "different": 0.0}


def _family(kind: str, number: str) -> str:
    if kind in ("cccd", "cmnd12"):
        return "12"
    if kind == "cmnd9":
        return "9"
    if kind == "other":  # another scheme: comparable with its own kind only
        return "other"
    return {12: "12", 11: "12", 9: "9", 8: "9"}.get(len(number), "?")


def id_level(a: IdNumber | None, b: IdNumber | None) -> str | None:
    """``exact``, ``typo`` (one digit wrong or two adjacent digits exchanged), ``different``,
    or None when either is missing or the two are of kinds that cannot be compared.

    >>> from vnidmatch.ids import parse_id
    >>> id_level(parse_id("01090012345"), parse_id("001090012345"))
    'exact'
    >>> id_level(parse_id("001090012345"), parse_id("079215000001"))
    'different'
    """
    if a is None or b is None:
        return None
    if a.number == b.number:
        return "exact"
    fa, fb = _family(a.kind, a.number), _family(b.kind, b.number)
    if fa != fb or fa == "?":
        return None
    return "typo" if damerau_distance(a.number, b.number) <= 1 else "different"


def id_similarity(a: IdNumber | None, b: IdNumber | None) -> float | None:
    """Similarity in [0, 1] of two identifiers (see :func:`id_level`).

    >>> from vnidmatch.ids import parse_id
    >>> id_similarity(parse_id("001090012345"), parse_id("001090012345"))
    1.0
    """
    level = id_level(a, b)
    return None if level is None else ID_LEVELS[level]


# ---------------------------------------------------------------------------
# The vectorised twin of id_level: exactly its level on every pair (checked by
# tests/test_compare_twins.py), falling back to it for rare hard cases.
# ---------------------------------------------------------------------------

def _id_features(codes: FieldCodes) -> dict[str, np.ndarray]:
    """For values holding exactly one identifier: its number, family (12 or 9 digits),
    whether it may make a conflict (valid and consistent with its record) and its digits."""
    got = codes.cache.get("ids")
    if got is None:
        n = len(codes.values)
        single = np.zeros(n, bool)
        family = np.zeros(n, np.int8)  # 0 unknown
        strong = np.zeros(n, bool)
        width = np.zeros(n, np.int8)
        number: list[str] = [""] * n
        for k, v in enumerate(codes.values[1:], 1):
            if len(v) != 1:
                continue
            x, consistent = v[0]
            fam = _family(x.kind, x.number)
            if not x.number.isascii() or not x.number.isdigit() or len(x.number) > 12:
                continue
            single[k] = True
            number[k] = x.number
            family[k] = {"12": 12, "9": 9, "other": 1}.get(fam, 0)
            strong[k] = bool(consistent) and x.is_valid
            width[k] = len(x.number)
        # every number's digits, right-aligned in 12 columns (zeros before): one buffer
        padded = "".join(x.rjust(12, "0") for x in number).encode("ascii")
        digits = (np.frombuffer(padded, np.uint8).reshape(n, 12) - 48).astype(np.int8)
        got = codes.cache["ids"] = {"single": single, "family": family, "strong": strong,
                                    "width": width, "digits": digits,
                                    "number": np.asarray(number, dtype=object)}
    return got


def id_batch(codes: FieldCodes, a: np.ndarray, b: np.ndarray, comparison: ComparisonLike
             ) -> np.ndarray:
    """Vectorised identifier levels for records with one identifier each (the common case);
    records with several go through the scalar comparison.

    >>> from vnidmatch.compare.comparison import id_comparison
    >>> from vnidmatch.ids import parse_id
    >>> c = id_comparison()
    >>> v = [None] + [((parse_id(x), True),) for x in ("001090012345", "001090012354",
    ...                                                   "079090555111", "012345678")]
    >>> fc = FieldCodes(v, np.arange(5), np.arange(5), {})
    >>> [c.labels[x] for x in id_batch(fc, np.array([1, 1, 1, 1]), np.array([1, 2, 3, 4]), c)]
    ['exact', 'typo', 'conflict', 'null']
    """
    f = _id_features(codes)
    out = np.zeros(len(a), np.int8)
    fast = f["single"][a] & f["single"][b] & (f["width"][a] == f["width"][b])
    slow = np.flatnonzero(~fast)
    if len(slow):
        out[slow] = one_by_one(comparison, codes.values, a[slow], b[slow])
    k = np.flatnonzero(fast)
    ka, kb = a[k], b[k]
    exact = f["number"][ka] == f["number"][kb]
    fa, fb = f["family"][ka], f["family"][kb]
    comparable = (fa == fb) & (fa != 0)
    typo = one_edit(f["digits"][ka], f["digits"][kb])
    conflict = f["strong"][ka] & f["strong"][kb]
    lab = label_indexes(comparison)
    out[k] = np.select([exact, ~comparable, typo, conflict],
                       [lab["exact"], 0, lab["typo"], lab["conflict"]], lab["else"])
    return out
