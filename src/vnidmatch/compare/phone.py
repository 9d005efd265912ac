"""Compare phone numbers after normalisation (E.164) and the 2018 migration.

>>> from vnidmatch.normalize.phone import normalize_phone as n
>>> phone_level(n("01691234567"), n("0391234567"))
'exact'
>>> phone_similarity(n("0912345678"), n("0912345687"))
0.7
"""

from __future__ import annotations

from vnidmatch.compare.strings import damerau_distance

__all__ = ["PHONE_LEVELS", "phone_level", "phone_similarity"]

PHONE_LEVELS: dict[str, float] = {"exact": 1.0, "typo": 0.7, "different": 0.0}


def phone_level(a: str | None, b: str | None) -> str | None:
    """``exact``, ``typo`` (one digit or one adjacent swap), ``different``; None if missing.

    >>> phone_level("+84912345678", None) is None
    True
    """
    if not a or not b:
        return None
    if a == b:
        return "exact"
    return "typo" if damerau_distance(a, b) <= 1 else "different"


def phone_similarity(a: str | None, b: str | None) -> float | None:
    """Similarity in [0, 1] of two E.164 numbers (see :func:`phone_level`).

    >>> phone_similarity("+84912345678", "+84987654321")
    0.0
    """
    level = phone_level(a, b)
    return None if level is None else PHONE_LEVELS[level]
