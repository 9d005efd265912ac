"""Vietnamese addresses across the 2025 reform: parse, resolve to official units, convert.

On 2025-07-01 Vietnam went from 63 provinces in three tiers (province → district → ward) to
34 provinces in two tiers (province → ward). :func:`parse_address` reads either form, typed
by hand (abbreviations ``P.``, ``F.``, ``Q.``, ``H.``, ``X.``, ``TT.``, ``TX.``, ``TP.``; aliases
``HN``, ``HCM``, ``Sài Gòn``; no diacritics; capitals; NFD; either order), and resolves it to
official units **with their scheme**: a code always comes with ``scheme`` (``"legacy"`` for the
units in force until 2025-06-30, ``"2025"`` after), because codes were reused.
When a ward name is ambiguous the result lists ``ward_candidates`` instead of guessing (one
case is read as its likelier meaning, flagged, with a lower confidence: see
:func:`parse_address`).
No network call is ever made: the unit tables ship with the package (``docs/data-sources.md``).

>>> a = parse_address("X.Tân Lập, H.Đan Phượng, HN")
>>> a.ward, a.district, a.province, a.scheme
('Xã Tân Lập', 'Huyện Đan Phượng', 'Thành phố Hà Nội', 'legacy')
>>> to_current(a).ward_candidates, to_current(a).scheme  # Tân Lập was split in two
(('09817', '09832'), '2025')
>>> parse_address("Xã Ô Diên, Thành phố Hà Nội").ward_code
'09817'
"""

from __future__ import annotations

from vnidmatch.normalize.address._chunks import _protected_phrases as _protected_phrases
from vnidmatch.normalize.address._convert import current_units, to_current, to_legacy
from vnidmatch.normalize.address._model import Address
from vnidmatch.normalize.address._parse import _parse as _parse
from vnidmatch.normalize.address._parse import _with_street as _with_street
from vnidmatch.normalize.address._parse import address_key, parse_address
from vnidmatch.normalize.address._units import _index as _index

__all__ = ["Address", "address_key", "current_units", "parse_address", "to_current",
           "to_legacy"]
# (the private names imported above are reached by benchmarks/bench_addresses.py,
# scripts/eval_addresses.py and tests/test_addresses.py)
