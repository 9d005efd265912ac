"""Compare addresses at the level both share, after converting both to the 2025 units.

Never penalises one record for being written in the old scheme and the other in the new:
``X.Tân Lập, H.Đan Phượng, HN`` and ``Xã Ô Diên, Thành phố Hà Nội`` can be the same ward.

>>> from vnidmatch.normalize.address import parse_address as p
>>> address_level(p("Phường Trúc Bạch, Quận Ba Đình, Hà Nội"), p("Phường Ba Đình, Hà Nội"))
'ward'
>>> address_level(p("Xã Tân Lập, Huyện Đan Phượng, Hà Nội"), p("Xã Ô Diên, Hà Nội"))
'ward_overlap'
>>> address_level(p("Quận 1, TP HCM"), p("Hà Nội"))
'different'
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from vnidmatch._tables import table_cache
from vnidmatch.compare._codes import ComparisonLike, FieldCodes, label_indexes
from vnidmatch.normalize.address import Address, current_units
from vnidmatch.normalize.text import fold_diacritics

__all__ = ["ADDRESS_LEVELS", "STREET_AGREES", "address_batch", "address_level",
           "address_similarity", "admin_level", "street_key", "streets_agree"]

ADDRESS_LEVELS: dict[str, float] = {
    "street": 1.0,
    "ward": 0.9,
    "ward_overlap": 0.75,
    "district": 0.6,
    "province": 0.4,
    "different": 0.0,
}


def address_level(a: Address | None, b: Address | None) -> str | None:
    """The most precise level at which two addresses agree (see :data:`ADDRESS_LEVELS`).

    ``street`` (same ward and a similar street part), ``ward``, ``ward_overlap`` (a split or
    ambiguous ward whose candidates overlap), ``district`` (same old district), ``province``,
    ``different``; None when either address has no recognised province.

    >>> from vnidmatch.normalize.address import parse_address as p
    >>> address_level(p("12 Lý Tự Trọng, P. Bến Thành, Q.1, HCM"),
    ...               p("12 Ly Tu Trong, Phuong Ben Thanh, TP Ho Chi Minh"))
    'street'
    """
    if a is None or b is None or not a.is_resolved or not b.is_resolved:
        return None
    level = admin_level(a, b)
    if level == "ward" and streets_agree(a.street, b.street):
        return "street"
    return level


def admin_level(a: Address, b: Address) -> str:
    """:func:`address_level` of two resolved addresses without their street parts: it
    depends only on the units, so many record pairs share one answer.

    >>> from vnidmatch.normalize.address import parse_address as p
    >>> admin_level(p("12 Lý Tự Trọng, P. Bến Thành, Q.1, HCM"), p("P. Bến Thành, Q.1, HCM"))
    'ward'
    """
    if a.scheme == b.scheme == "legacy" and a.ward_code and a.ward_code == b.ward_code:
        return "ward"
    (pa, wa), (pb, wb) = current_units(a), current_units(b)
    if len(wa) == 1 and wa == wb:
        return "ward"
    if not set(wa).isdisjoint(wb):
        return "ward_overlap"
    if a.district_code and a.district_code == b.district_code:
        return "district"
    if pa and pa == pb:
        return "province"
    return "different"


#: the lowest token-sort ratio (0–100) of two folded street parts that name the same place
STREET_AGREES = 85


@table_cache(maxsize=65536)
def street_key(street: str) -> str:
    """A street part as :func:`streets_agree` compares it: folded, lower case.

    >>> street_key("Số 12 Phố Huế")
    'so 12 pho hue'
    """
    return fold_diacritics(street).lower()


def streets_agree(a: str, b: str) -> bool:
    """Two street parts (house number, lane, road) of the same ward name the same place:
    both present and alike once folded (token order ignored).

    >>> streets_agree("Số 12 ngõ 5 Phố Huế", "so 12 ngo 5 pho Hue"), streets_agree("", "Số 1")
    (True, False)
    """
    return bool(a and b) and fuzz.token_sort_ratio(street_key(a), street_key(b)) >= STREET_AGREES


def address_similarity(a: Address | None, b: Address | None) -> float | None:
    """Similarity in [0, 1] of two parsed addresses (see :func:`address_level`).

    >>> from vnidmatch.normalize.address import parse_address as p
    >>> address_similarity(p("P.7, Q.3, TP HCM"), p("Phường Võ Thị Sáu, Quận 3, Hồ Chí Minh"))
    0.9
    """
    level = address_level(a, b)
    return None if level is None else ADDRESS_LEVELS[level]


# ---------------------------------------------------------------------------
# The vectorised twin of address_level: exactly its level on every pair (checked by
# tests/test_compare_twins.py), falling back to it for rare hard cases.
# ---------------------------------------------------------------------------

def _admin_features(codes: FieldCodes) -> dict[str, Any]:
    """Per value: integer ids of the units :func:`admin_level` compares (0 = none)."""
    got = codes.cache.get("admin")
    if got is None:
        numbers: dict[Any, int] = {}

        def num(x: Any) -> int:
            return 0 if not x else numbers.setdefault(x, len(numbers) + 1)

        n = len(codes.values)
        feats = {k: np.zeros(n, np.int64) for k in
                 ("resolved", "legacy_ward", "ward", "district", "province", "candidates")}
        for k, v in enumerate(codes.values[1:], 1):
            if not v.is_resolved:
                continue
            province, wards = current_units(v)
            feats["resolved"][k] = 1
            feats["legacy_ward"][k] = num(v.ward_code) if v.scheme == "legacy" else 0
            feats["ward"][k] = num(wards[0]) if len(wards) == 1 else 0
            feats["district"][k] = num(v.district_code)
            feats["province"][k] = num(province)
            # a split or ambiguous ward: compared by its candidate set, one by one
            feats["candidates"][k] = 0 if len(wards) == 1 else len(wards)
        # the street part as streets_agree compares it ("" when there is none)
        feats["street"] = np.asarray([""] + [street_key(v.street) if v.street else ""
                                             for v in codes.values[1:]], dtype=object)
        got = codes.cache["admin"] = feats
    return got


def address_batch(codes: FieldCodes, a: np.ndarray, b: np.ndarray, comparison: ComparisonLike
                  ) -> np.ndarray:
    """Vectorised :func:`address_level`: the units compared as integer
    ids (pairs with a split or ambiguous ward one by one), the street compared only where
    the ward agrees.

    >>> from vnidmatch.compare.comparison import address_comparison
    >>> from vnidmatch.normalize.address import parse_address as p
    >>> c = address_comparison()
    >>> v = [None, p("12 Lý Tự Trọng, P. Bến Thành, Q.1, HCM"),
    ...      p("12 Ly Tu Trong, Phuong Ben Thanh, TP Ho Chi Minh"), p("Hà Nội")]
    >>> fc = FieldCodes(v, np.arange(4), np.arange(4), {})
    >>> [c.labels[x] for x in address_batch(fc, np.array([1, 1]), np.array([2, 3]), c)]
    ['street', 'else']
    """
    f = _admin_features(codes)
    index = label_indexes(comparison)

    def same(name: str) -> np.ndarray:
        x = f[name][a]
        agree: np.ndarray = (x != 0) & (x == f[name][b])
        return agree

    level = np.select(
        [same("legacy_ward") | same("ward"), same("district"), same("province")],
        [index["ward"], index["district"], index["province"]], index["different"])
    level[(f["resolved"][a] == 0) | (f["resolved"][b] == 0)] = 0
    values = codes.values
    # a candidate set may overlap the other side's ward: those pairs go one by one
    slow = np.flatnonzero(((f["candidates"][a] > 0) | (f["candidates"][b] > 0))
                          & (level != index["ward"]) & (level != 0))
    for t in slow.tolist():
        level[t] = index[admin_level(values[a[t]], values[b[t]])]
    out = level.astype(np.int8)
    if "street" in index:
        # streets_agree on every pair whose ward agrees, in one rapidfuzz call
        streets = f["street"]
        ward = np.flatnonzero(out == index["ward"])
        ward = ward[(streets[a[ward]] != "") & (streets[b[ward]] != "")]
        if len(ward):
            score = process.cpdist(streets[a[ward]].tolist(), streets[b[ward]].tolist(),
                                   scorer=fuzz.token_sort_ratio, dtype=np.float64)
            out[ward[score >= STREET_AGREES]] = index["street"]
    return out
