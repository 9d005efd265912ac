"""The comparator registry: ``(a, b) -> float in [0, 1] | None`` by name.

Configurations written as dicts or JSON name a comparator (``"jaro_winkler"``);
:func:`~vnidmatch.compare.comparison.similarity_comparison` resolves the name here.

>>> COMPARATORS.get("damerau")("1990", "1909")
0.75
"""

from __future__ import annotations

from vnidmatch.compare.birthdate import birth_date_similarity
from vnidmatch.compare.identifier import id_similarity
from vnidmatch.compare.name import name_similarity
from vnidmatch.compare.phone import phone_similarity
from vnidmatch.compare.strings import (
    damerau_distance,
    jaro_winkler_similarity,
    levenshtein_similarity,
)
from vnidmatch.registry import Registry
from vnidmatch.types import Comparator

__all__ = ["COMPARATORS"]


def _damerau_similarity(a: str | None, b: str | None) -> float | None:
    if not a or not b:
        return None
    return 1.0 - damerau_distance(a, b) / max(len(a), len(b))


#: comparators by name, for configurations written as dicts or JSON
COMPARATORS: Registry[Comparator] = Registry("comparator")
COMPARATORS.add("name", name_similarity)
COMPARATORS.add("birth_date", birth_date_similarity)
COMPARATORS.add("identifier", id_similarity)
COMPARATORS.add("phone", phone_similarity)
COMPARATORS.add("jaro_winkler", jaro_winkler_similarity)
COMPARATORS.add("levenshtein", levenshtein_similarity)
COMPARATORS.add("damerau", _damerau_similarity)
