"""The diacritics of the text weighed: among wards whose names differ only in their marks,
or a ward name that means different places in the two schemes, the readings the text
writes with its marks."""

from __future__ import annotations

import re
from dataclasses import replace

from vnidmatch.normalize.address._model import Address
from vnidmatch.normalize.address._resolve import _SEVERAL_WARDS, _Readings, _weigh_schemes
from vnidmatch.normalize.address._units import _index, _key, _Unit
from vnidmatch.normalize.text import canonical_tone_marks, fold_diacritics


def _by_spelling(a: Address, clean: str) -> Address:
    """One of several wards whose names fold to the same letters ("Trực Hưng" / "Trực Hùng"
    in one district, "Tân Thành" / "Tân Thạnh"), chosen by the diacritics the text has: when
    exactly one candidate's name is written in the text, with its marks. Candidates of other
    kinds (the same name in both schemes) are left alone."""
    if a.ambiguities != (_SEVERAL_WARDS,) or a.scheme is None:
        return a
    idx = _index()
    units = [idx.wards[(a.scheme, c)] for c in a.ward_candidates]
    spelled = _spelled(units, _marked(clean))
    if len(spelled) != 1 or len({u.name for u in units}) < 2 or len(
            {_key(u.name) for u in units}) > 1:
        # no name, or every candidate's name, is written, or the candidates are not one
        # spelling without marks (a renamed ward and the ward now called so): marks do not
        # decide
        return a
    ward = spelled[0]
    district = a.district
    district_code = a.district_code
    if a.scheme == "legacy" and district_code is None:
        district_code = ward.parent
        district = idx.districts[ward.parent].full_name
    return replace(a, ward=ward.full_name, ward_code=ward.code, district=district,
                   district_code=district_code, ward_candidates=(),
                   confidence=round(min(1.0, a.confidence + 0.2), 2), ambiguities=(_BY_MARKS,))


_BY_MARKS = "ward chosen among names that differ only in diacritics"


def _marked(clean: str) -> str:
    """The text as :func:`_spelled` and :func:`_marks_contradict` read it: tone marks in
    place, lower case."""
    return canonical_tone_marks(clean).lower()


def _marks_contradict(unit: _Unit, text: str) -> bool:
    """The (:func:`_marked`) text writes ``unit``'s name only with other diacritics ("Tân
    Thành" for "Tân Thanh"); False when it writes it right somewhere, or only without
    marks."""
    folded = fold_diacritics(text)
    if len(folded) != len(text):
        return False
    name = unit.name.lower()
    other = False
    for m in re.finditer(rf"(?<!\w){re.escape(fold_diacritics(name))}(?!\w)", folded):
        span = text[m.start():m.end()]
        if span == name:
            return False
        other = other or not span.isascii()
    return other


def _spelled(units: list[_Unit] | tuple[_Unit, ...], text: str) -> list[_Unit]:
    """The units whose names are written, with their diacritics, in the (:func:`_marked`)
    text."""
    return [u for u in units
            if re.search(rf"(?<!\w){re.escape(u.name.lower())}(?!\w)", text)]


def _by_marks(a: Address, readings: _Readings, clean: str) -> Address:
    """A ward name that means different places in the two schemes (``readings``), weighed
    again on the readings whose names the text writes with its diacritics: "Xã Tân Thành"
    is not the 2025 "Xã Tân Thanh" when an old "Xã Tân Thành" is in the province. Left as it
    is when the marks rule out no reading, or every one (a typo in the marks).

    A ward taken from elsewhere in the province (``moved_from``) is dropped when the text
    writes its name with other marks: "Xã Tân Thành, H.Bình Đại" is not the Xã Tân Thanh of
    Giồng Trôm; the district named stays."""
    text = _marked(clean)
    if readings.moved_from:
        if not _marks_contradict(readings.olds[0], text):
            return a
        named = readings.moved_from[0] if len(readings.moved_from) == 1 else None
        return replace(a, ward=None, ward_code=None,
                       district=named.full_name if named else None,
                       district_code=named.code if named else None, ward_candidates=(),
                       confidence=round(a.confidence - 0.1, 2),
                       ambiguities=("ward not found in the district named",))
    news, olds = _spelled(readings.news, text), _spelled(readings.olds, text)
    if not (news or olds) or len(news) + len(olds) == len(readings.news) + len(readings.olds):
        return a
    idx = _index()
    if news:
        units, guessed, ambiguity = _weigh_schemes(news, olds)
        ward = units[0] if len(units) == 1 else None
        return Address(
            street=a.street, ward=ward.full_name if ward else None,
            ward_code=ward.code if ward else None, province=a.province,
            province_code=a.province_code, scheme="2025",
            ward_candidates=guessed or (tuple(u.code for u in units) if ward is None else ()),
            confidence=0.6 if ward else 0.4,
            ambiguities=(_BY_MARKS, ambiguity or _SEVERAL_WARDS) if ambiguity or not ward
            else (_BY_MARKS,))
    # only old wards are written so: the text is in the old units
    ward = olds[0] if len(olds) == 1 else None
    district = idx.districts[ward.parent] if ward else None
    provinces = {u.province for u in olds}
    province = idx.provinces[("legacy", provinces.pop())] if len(provinces) == 1 else None
    return Address(
        street=a.street, ward=ward.full_name if ward else None,
        ward_code=ward.code if ward else None,
        district=district.full_name if district else None,
        district_code=district.code if district else None,
        province=province.full_name if province else None,
        province_code=province.code if province else None, scheme="legacy",
        ward_candidates=() if ward else tuple(sorted(u.code for u in olds)),
        confidence=0.6 if ward else 0.4,
        ambiguities=(_BY_MARKS,) if ward else (_BY_MARKS, _SEVERAL_WARDS))
