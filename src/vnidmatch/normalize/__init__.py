"""Layer 1: raw field values → canonical values. Pure, total, idempotent functions.

>>> from vnidmatch.normalize import normalize_name, name_key
>>> name_key(normalize_name("NGUYỄN văn a"))
'nguyen van a'
"""

from __future__ import annotations

from vnidmatch.normalize.address import (
    Address,
    address_key,
    current_units,
    parse_address,
    to_current,
    to_legacy,
)
from vnidmatch.normalize.birthdate import BirthDate, parse_birth_date
from vnidmatch.normalize.name import (
    Name,
    name_key,
    normalize_name,
    parse_name,
    phonetic_key,
    surname_share,
)
from vnidmatch.normalize.phone import Phone, normalize_phone, parse_phone, phone_key
from vnidmatch.normalize.sex import normalize_sex
from vnidmatch.normalize.text import (
    canonical_tone_marks,
    clean_unicode,
    fold_diacritics,
    squeeze_spaces,
)

__all__ = [
    "Address",
    "BirthDate",
    "Name",
    "Phone",
    "address_key",
    "canonical_tone_marks",
    "clean_unicode",
    "current_units",
    "fold_diacritics",
    "name_key",
    "normalize_name",
    "normalize_phone",
    "normalize_sex",
    "parse_address",
    "parse_birth_date",
    "parse_name",
    "parse_phone",
    "phone_key",
    "phonetic_key",
    "squeeze_spaces",
    "surname_share",
    "to_current",
    "to_legacy",
]
