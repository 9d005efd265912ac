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

from vnidmatch.compare.strings import damerau_distance
from vnidmatch.ids import IdNumber

__all__ = ["ID_LEVELS", "id_level", "id_similarity"]

ID_LEVELS: dict[str, float] = {"exact": 1.0, "typo": 0.7, "different": 0.0}


def _family(kind: str, number: str) -> str:
    if kind in ("cccd", "cmnd12"):
        return "12"
    if kind == "cmnd9":
        return "9"
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
