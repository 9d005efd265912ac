"""Layer 3: comparators ``(a, b) -> float in [0, 1] | None`` and their registry.

``None`` always means "missing on either side", never "disagree".

>>> COMPARATORS.get("name")("Nguyễn Văn A", "NGUYEN VAN A")
0.96
>>> COMPARATORS.names()
('birth_date', 'damerau', 'identifier', 'jaro_winkler', 'levenshtein', 'name', 'phone')
"""

from __future__ import annotations

from vnidmatch.compare.address import address_level, address_similarity
from vnidmatch.compare.birthdate import birth_date_level, birth_date_similarity
from vnidmatch.compare.comparators import COMPARATORS
from vnidmatch.compare.identifier import id_level, id_similarity
from vnidmatch.compare.name import name_level, name_similarity
from vnidmatch.compare.phone import phone_level, phone_similarity
from vnidmatch.compare.strings import jaro_winkler_similarity, levenshtein_similarity

__all__ = [
    "COMPARATORS",
    "address_level",
    "address_similarity",
    "birth_date_level",
    "birth_date_similarity",
    "id_level",
    "id_similarity",
    "jaro_winkler_similarity",
    "levenshtein_similarity",
    "name_level",
    "name_similarity",
    "phone_level",
    "phone_similarity",
]
