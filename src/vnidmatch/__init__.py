"""vnidmatch: match, validate and clean Vietnamese identity records.

The pipeline, layer by layer: identifiers (:mod:`vnidmatch.ids`) → normalise
(:mod:`vnidmatch.normalize`) → compare (:mod:`vnidmatch.compare`) → rules
(:mod:`vnidmatch.rules`).

>>> import vnidmatch
>>> vnidmatch.normalize_name("NGUYEENX vawn a")
'Nguyễn Văn A'
>>> vnidmatch.parse_id("79215000001.0").number
'079215000001'
>>> vnidmatch.parse_birth_date("ngày 5 tháng 3 năm 1990").iso
'1990-03-05'
>>> vnidmatch.normalize_phone("0169 123 4567")
'+84391234567'
"""

from __future__ import annotations

from vnidmatch.compare.birthdate import birth_date_similarity
from vnidmatch.compare.name import name_similarity
from vnidmatch.compare.phone import phone_similarity
from vnidmatch.ids import IdNumber, parse_id
from vnidmatch.normalize.birthdate import BirthDate, parse_birth_date
from vnidmatch.normalize.name import Name, name_key, normalize_name, parse_name, phonetic_key
from vnidmatch.normalize.phone import normalize_phone
from vnidmatch.rules.consistency import check_consistency
from vnidmatch.types import Issue, Severity

__version__ = "0.1.0.dev0"

__all__ = [
    "BirthDate",
    "IdNumber",
    "Issue",
    "Name",
    "Severity",
    "__version__",
    "birth_date_similarity",
    "check_consistency",
    "name_key",
    "name_similarity",
    "normalize_name",
    "normalize_phone",
    "parse_birth_date",
    "parse_id",
    "parse_name",
    "phone_similarity",
    "phonetic_key",
]
