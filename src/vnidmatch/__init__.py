"""vnidmatch: match, validate and clean Vietnamese identity records.

The pipeline, layer by layer: identifiers (:mod:`vnidmatch.ids`) → normalise
(:mod:`vnidmatch.normalize`) → records (:mod:`vnidmatch.records`) → block
(:mod:`vnidmatch.block`) → compare (:mod:`vnidmatch.compare`) → score
(:mod:`vnidmatch.score`) → configure, results, clusters (:mod:`vnidmatch.config`,
:mod:`vnidmatch.results`, :mod:`vnidmatch.cluster`) → match (:mod:`vnidmatch.match`) →
rules (:mod:`vnidmatch.rules`) → evaluate (:mod:`vnidmatch.evaluate`). This module holds
the few names most users need; everything else is reached through its layer.

>>> import vnidmatch
>>> vnidmatch.normalize_name("NGUYEENX vawn a")
'Nguyễn Văn A'
>>> vnidmatch.parse_id("79215000001.0").number
'079215000001'
>>> vnidmatch.parse_birth_date("ngày 5 tháng 3 năm 1990").iso
'1990-03-05'
>>> vnidmatch.normalize_phone("0169 123 4567")
'+84391234567'
>>> from vnidmatch.normalize import to_current
>>> to_current(vnidmatch.parse_address("P.Trúc Bạch, Q.Ba Đình, HN")).ward
'Phường Ba Đình'
>>> r = vnidmatch.link([{"id": "v1", "full_name": "LE VAN TAM", "birth_date": "1/1/1980"}],
...                    [{"id": "p1", "full_name": "Lê Văn Tám", "birth_date": "1980-01-01"}])
>>> [(p.left_id, p.right_id, p.decision) for p in r.pairs]
[('v1', 'p1', 'match')]
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

from vnidmatch.config import MatchConfig
from vnidmatch.ids import parse_id
from vnidmatch.match import Matcher, dedupe, link
from vnidmatch.normalize.address import parse_address
from vnidmatch.normalize.birthdate import parse_birth_date
from vnidmatch.normalize.name import normalize_name
from vnidmatch.normalize.phone import normalize_phone
from vnidmatch.rules import check, check_dataset
from vnidmatch.types import Issue, Severity

__version__ = "0.1.0.dev0"

__all__ = [
    "Issue",
    "MatchConfig",
    "Matcher",
    "Severity",
    "__version__",
    "check",
    "check_dataset",
    "dedupe",
    "link",
    "normalize_name",
    "normalize_phone",
    "parse_address",
    "parse_birth_date",
    "parse_id",
]

#: names this module exported before 0.2, and the layer module that holds each now
_MOVED = {
    "Address": "vnidmatch.normalize", "BirthDate": "vnidmatch.normalize",
    "IdNumber": "vnidmatch.ids", "Name": "vnidmatch.normalize",
    "address_similarity": "vnidmatch.compare", "birth_date_similarity": "vnidmatch.compare",
    "block_on": "vnidmatch.block", "check_consistency": "vnidmatch.rules",
    "name_key": "vnidmatch.normalize", "name_similarity": "vnidmatch.compare",
    "parse_name": "vnidmatch.normalize", "phone_similarity": "vnidmatch.compare",
    "phonetic_key": "vnidmatch.normalize", "to_current": "vnidmatch.normalize",
    "to_legacy": "vnidmatch.normalize",
}


def __getattr__(name: str) -> Any:
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module 'vnidmatch' has no attribute '{name}'")
    warnings.warn(f"vnidmatch.{name} is deprecated: import it from {module} "
                  f"(from {module} import {name}); the old name is removed in 0.3",
                  DeprecationWarning, stacklevel=2)
    return getattr(importlib.import_module(module), name)
