"""vnidmatch: match, validate and clean Vietnamese identity records.

The pipeline, layer by layer: identifiers (:mod:`vnidmatch.ids`) → normalise
(:mod:`vnidmatch.normalize`) → block (:mod:`vnidmatch.block`) → compare
(:mod:`vnidmatch.compare`) → score (:mod:`vnidmatch.score`) → rules and match
(:mod:`vnidmatch.rules`, :mod:`vnidmatch.match`) → evaluate (:mod:`vnidmatch.evaluate`).

>>> import vnidmatch
>>> vnidmatch.normalize_name("NGUYEENX vawn a")
'Nguyễn Văn A'
>>> vnidmatch.parse_id("79215000001.0").number
'079215000001'
>>> vnidmatch.parse_birth_date("ngày 5 tháng 3 năm 1990").iso
'1990-03-05'
>>> vnidmatch.normalize_phone("0169 123 4567")
'+84391234567'
>>> vnidmatch.to_current(vnidmatch.parse_address("P.Trúc Bạch, Q.Ba Đình, HN")).ward
'Phường Ba Đình'
>>> r = vnidmatch.link([{"id": "v1", "full_name": "LE VAN TAM", "birth_date": "1/1/1980"}],
...                    [{"id": "p1", "full_name": "Lê Văn Tám", "birth_date": "1980-01-01"}])
>>> [(p.left_id, p.right_id, p.decision) for p in r.pairs]
[('v1', 'p1', 'match')]
"""

from __future__ import annotations

from vnidmatch.block import block_on
from vnidmatch.compare.address import address_similarity
from vnidmatch.compare.birthdate import birth_date_similarity
from vnidmatch.compare.name import name_similarity
from vnidmatch.compare.phone import phone_similarity
from vnidmatch.ids import IdNumber, parse_id
from vnidmatch.match import MatchConfig, Matcher, dedupe, link
from vnidmatch.normalize.address import Address, parse_address, to_current, to_legacy
from vnidmatch.normalize.birthdate import BirthDate, parse_birth_date
from vnidmatch.normalize.name import Name, name_key, normalize_name, parse_name, phonetic_key
from vnidmatch.normalize.phone import normalize_phone
from vnidmatch.rules.consistency import check_consistency
from vnidmatch.rules.dataset import check_dataset
from vnidmatch.rules.engine import check
from vnidmatch.types import Issue, Severity

__version__ = "0.1.0.dev0"

__all__ = [
    "Address",
    "BirthDate",
    "IdNumber",
    "Issue",
    "MatchConfig",
    "Matcher",
    "Name",
    "Severity",
    "__version__",
    "address_similarity",
    "birth_date_similarity",
    "block_on",
    "check",
    "check_consistency",
    "check_dataset",
    "dedupe",
    "link",
    "name_key",
    "name_similarity",
    "normalize_name",
    "normalize_phone",
    "parse_address",
    "parse_birth_date",
    "parse_id",
    "parse_name",
    "phone_similarity",
    "phonetic_key",
    "to_current",
    "to_legacy",
]
