"""Conversion between the schemes: an address in the 2025 units (:func:`to_current`,
:func:`current_units`) or in the pre-2025 ones (:func:`to_legacy`)."""

from __future__ import annotations

from dataclasses import replace

from vnidmatch._tables import table_cache
from vnidmatch.normalize.address._model import Address
from vnidmatch.normalize.address._units import _index, _Unit


def to_current(address: Address) -> Address:
    """The same place in the 2025 scheme (34 provinces, two tiers).

    A split old ward gives ``ward_candidates`` (every new ward it went to) and no ``ward``.

    >>> from vnidmatch.normalize.address import parse_address
    >>> to_current(parse_address("Phường Trúc Bạch, Quận Ba Đình, Hà Nội")).ward
    'Phường Ba Đình'
    """
    if address.scheme != "legacy":
        return address
    ward, province, ward_codes = _current_of(address.province_code, address.ward_code,
                                             address.ward_candidates)
    # built by keyword, not by ``replace``, which introspects the fields on every call (a
    # register converts every old-scheme address)
    return Address(street=address.street, ward=ward.full_name if ward else None,
                   ward_code=ward.code if ward else None,
                   province=province.full_name if province else None,
                   province_code=province.code if province else None, scheme="2025",
                   ward_candidates=ward_codes if len(ward_codes) > 1 else (),
                   confidence=address.confidence, ambiguities=address.ambiguities)


@table_cache(maxsize=65536)
def _current_of(province_code: str | None, ward_code: str | None,
                ward_candidates: tuple[str, ...]) -> tuple[_Unit | None, _Unit | None,
                                                           tuple[str, ...]]:
    """The 2025 ward (when one), province and ward codes of old-scheme units (cached by the
    units alone: addresses differ in their streets, not in these)."""
    idx = _index()
    province_code = idx.successor.get(province_code or "")
    ward_codes: list[str] = []
    if ward_code:
        ward_codes = idx.conversion.get(ward_code, [])
    elif ward_candidates:
        ward_codes = sorted({n for c in ward_candidates for n in idx.conversion.get(c, [])})
    ward = idx.wards.get(("2025", ward_codes[0])) if len(ward_codes) == 1 else None
    if ward is not None:
        province_code = ward.province
    return ward, idx.provinces.get(("2025", province_code or "")), tuple(ward_codes)


def current_units(address: Address) -> tuple[str | None, tuple[str, ...]]:
    """The 2025 province code of an address and its 2025 ward codes (every candidate when
    the old ward was split or the name is ambiguous; none when no ward is known).

    >>> from vnidmatch.normalize.address import parse_address
    >>> current_units(parse_address("Xã Tân Lập, Huyện Đan Phượng, Hà Nội"))
    ('01', ('09817', '09832'))
    """
    if address.scheme != "legacy":
        # a ward read as the likelier of two schemes is compared by all its readings
        return address.province_code, (address.ward_candidates or (
            (address.ward_code,) if address.ward_code else ()))
    ward, province, ward_codes = _current_of(address.province_code, address.ward_code,
                                             address.ward_candidates)
    return (province.code if province else None,
            (ward.code,) if ward else (ward_codes if len(ward_codes) > 1 else ()))


def to_legacy(address: Address) -> Address:
    """The same place in the pre-2025 scheme, where that is unique.

    A new ward made of several old ones gives their codes as ``ward_candidates``.

    >>> from vnidmatch.normalize.address import parse_address
    >>> to_legacy(parse_address("Xã Ô Diên, Hà Nội")).ward_candidates
    ('00607', '09013', '09796', '09799', '09802', '09805', '09808', '09817', '09820')
    """
    if address.scheme != "2025":
        return address
    idx = _index()
    olds = sorted(idx.reverse.get(address.ward_code or "", []))
    ward = idx.wards.get(("legacy", olds[0])) if len(olds) == 1 else None
    district = idx.districts.get(ward.parent) if ward else None
    provs = {idx.wards[("legacy", o)].province for o in olds if ("legacy", o) in idx.wards}
    province = idx.provinces.get(("legacy", provs.pop())) if len(provs) == 1 else None
    return replace(
        address,
        ward=ward.full_name if ward else None,
        ward_code=ward.code if ward else None,
        district=district.full_name if district else None,
        district_code=district.code if district else None,
        province=province.full_name if province else None,
        province_code=province.code if province else None,
        scheme="legacy",
        ward_candidates=tuple(olds) if len(olds) > 1 else (),
    )
