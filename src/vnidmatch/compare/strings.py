"""Generic string similarities on the [0, 1] scale (RapidFuzz wrappers).

>>> round(jaro_winkler_similarity("nguyen", "nguyn"), 3)
0.967
>>> levenshtein_distance("079215000001", "079215000010")
2
>>> damerau_distance("079215000001", "079215000010")
1
"""

from __future__ import annotations

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler, Levenshtein

__all__ = [
    "damerau_distance",
    "jaro_winkler_similarity",
    "levenshtein_distance",
    "levenshtein_similarity",
]


def jaro_winkler_similarity(a: str | None, b: str | None) -> float | None:
    """Jaro–Winkler similarity in [0, 1]; None when either side is missing or empty.

    >>> jaro_winkler_similarity("", "a") is None
    True
    """
    if not a or not b:
        return None
    return float(JaroWinkler.similarity(a, b))


def levenshtein_similarity(a: str | None, b: str | None) -> float | None:
    """Normalised Levenshtein similarity in [0, 1]; None when either side is missing.

    >>> levenshtein_similarity("hung", "hùng")
    0.75
    """
    if not a or not b:
        return None
    return float(Levenshtein.normalized_similarity(a, b))


def levenshtein_distance(a: str, b: str) -> int:
    """Number of insertions, deletions and substitutions.

    >>> levenshtein_distance("abc", "abd")
    1
    """
    return int(Levenshtein.distance(a, b))


def damerau_distance(a: str, b: str) -> int:
    """Like Levenshtein, an adjacent transposition counting as one edit.

    >>> damerau_distance("1990", "1909")
    1
    """
    return int(DamerauLevenshtein.distance(a, b))
