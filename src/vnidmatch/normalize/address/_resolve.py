"""Resolution of the units an address names, stage by stage from its end: the province,
the district, the ward (in the districts found, in the provinces found in either scheme,
or alone), then the address they make. :class:`_Resolver` holds what each stage found."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from vnidmatch.normalize.address._chunks import (
    _HAS_DIGIT,
    _Chunk,
    _copies,
    _drop_seps,
    _names_level,
)
from vnidmatch.normalize.address._model import Address, Scheme
from vnidmatch.normalize.address._units import (
    _elsewhere,
    _index,
    _key,
    _lookup_district,
    _lookup_province,
    _lookup_ward,
    _near,
    _one_name,
    _typed_or_promoted,
    _Unit,
    _wards_by_name,
)

_SEVERAL_WARDS = "ward name matches several wards; give the district"
_SEVERAL_DISTRICTS = "district name matches several districts"
_PROVINCE_FROM_WARD = "no province or district; taken from the ward, the one of its name"
# the letter of a type word that is also the first letter of a province's name
_TYPE_LETTER = {"Quận": "q", "Tỉnh": "t", "Huyện": "h", "Phường": "p"}
_UNKNOWN_TAIL = "text after the district is no province; the province taken from the district"
_MERGED_PROVINCE = ("an old district written with the 2025 province it is in; the old "
                    "province taken from the district")
_MOVED = "ward is not in the district named; district taken from the ward"
_BOTH_SCHEMES = "ward name exists in both schemes as different places"
_BOTH_SCHEMES_GUESSED = ("ward name exists in both schemes as different places; read in the "
                         "2025 units, the likelier")
#: how much less sure a ward read in the likelier of two schemes is (1.0 -> 0.6)
_GUESS_PENALTY = 0.4
#: how much less sure a unit read with one letter wrong is, and what is said of it
_TYPO_PENALTY = 0.2
_TYPO = "{} name read with one letter wrong"


class _Readings(NamedTuple):
    """What a ward name without its district can mean in a province whose name is the same
    in both schemes: 2025 wards of that name, and old wards of that name. Or, with
    ``moved_from``, the one old ward of that name in the province, taken because the
    districts named have none."""

    news: tuple[_Unit, ...]
    olds: tuple[_Unit, ...]
    moved_from: tuple[_Unit, ...] = ()


def _weigh_schemes(news: list[_Unit], olds: list[_Unit]
                   ) -> tuple[list[_Unit], tuple[str, ...], str | None]:
    """How to read a ward name that names the 2025 wards ``news`` and the old wards
    ``olds`` of one province: the wards it is read as, every reading when the likeliest one
    is taken (else ``()``), and the ambiguity to report (None when the readings agree: each
    old ward became one of the 2025 wards).

    One 2025 ward against one old ward elsewhere: an address without its district is most
    often written in the 2025 units, and a 2025 ward (three old ones on average) is named
    more often than any one old ward, so the 2025 reading is the likeliest; it is taken,
    every reading kept in the candidates. With more than one of either, candidates only.
    """
    idx = _index()
    codes = {u.code for u in news}
    elsewhere = _elsewhere(news, olds)
    if not elsewhere:
        return news, (), None
    readings = tuple(sorted(c for c in codes.union(*(idx.conversion.get(u.code, ())
                                                      for u in olds))
                            if ("2025", c) in idx.wards))
    if len(news) == 1 and len(elsewhere) == 1:
        return news, readings, _BOTH_SCHEMES_GUESSED
    return [idx.wards[("2025", c)] for c in readings], (), _BOTH_SCHEMES


def _only_ward_of_its_name(chunk: _Chunk) -> tuple[Scheme | None, list[_Unit]]:
    """The one 2025 ward of the chunk's name and type in the country (any old ward of that
    name and type became it), or the one old ward when no 2025 ward has the name."""
    key = _key("".join(chunk.words))
    typed = f"{chunk.unit_type} "
    news = [u for u in _wards_by_name().get(("2025", key), ()) if u.full_name.startswith(typed)]
    olds = [u for u in _wards_by_name().get(("legacy", key), ())
            if u.full_name.startswith(typed)]
    if len(news) == 1 and not _elsewhere(news, olds):
        return "2025", news
    if not news and len(olds) == 1:
        return "legacy", olds
    return None, []


def _unknown_tail(chunks: list[_Chunk]) -> bool:
    """The last chunk is a short untyped word or two that names no unit, after a whole
    chunk that names districts of one province only (and the tail is no ward of theirs:
    "Quận 1, Bến Nghé" is the reversed order, not an unknown province)."""
    if not chunks or chunks[-1].kind is not None or len(chunks[-1].words) > 2:
        return False
    last = chunks[-1]
    before = [c for c in chunks[:-1] if c.kind != "sep"]
    if not before or _HAS_DIGIT.search(last.raw) or not before[-1].words:
        return False
    if before[-1].kind not in (None, "district", "city"):
        return False
    units, n = _lookup_district(before[-1].words, set())
    if n != len(before[-1].words) or len({u.province for u in units}) != 1:
        return False
    return not _lookup_ward(last.words, "legacy", {u.code for u in units}, "district")[0]


#: a lookup of the units named by the last words of a chunk: (units, words used)
_Lookup = Callable[[list[str]], tuple[list[_Unit], int]]


def _resolve_parts(parts: list[list[_Chunk]], prefer: Scheme | None = None
                   ) -> tuple[Address, list[_Chunk], _Readings | None]:
    """Resolve the units of an address from the chunks of its folded segments, from the end;
    returns the address (without its street), the chunks left over (the street) and, when
    the ward name means different places in the two schemes, its readings.
    ``prefer``: the scheme to read a ward in when the text could be either."""
    return _Resolver(parts, prefer).resolve()


def _in_reading_order(parts: list[list[_Chunk]]) -> list[_Chunk]:
    """The chunks of the segments, a separator after each segment, in the order they are
    read from the end: reversed ("Hà Nội, Đan Phượng, Tân Lập") when the province is the
    first segment (and not the last)."""
    chunks: list[_Chunk] = [c for p in parts for c in (*p, _Chunk("sep", [], ""))]
    first = [c for c in chunks if c.kind != "sep"][:1]
    if first and first[0].kind in (None, "province", "city") and len(parts) > 1:
        units, n = _lookup_province(first[0].words)
        if units and n == len(first[0].words):
            last = [c for c in chunks if c.kind != "sep"][-1]
            lu, ln = _lookup_province(last.words)
            if not (lu and ln == len(last.words)):
                chunks = [c for p in reversed(parts) for c in (*p, _Chunk("sep", [], ""))]
    return chunks


class _Resolver:
    """One resolution (:func:`_resolve_parts`): each stage takes its units from the end of
    ``remaining`` and leaves what it found on the instance for the stages after it."""

    __slots__ = ("ambiguities", "confidence", "dist_units", "guessed", "idx", "prefer",
                 "prov_units", "readings", "remaining", "scheme", "ward_units")

    def __init__(self, parts: list[list[_Chunk]], prefer: Scheme | None) -> None:
        self.idx = _index()
        self.prefer = prefer
        self.remaining = _in_reading_order(parts)  # worked from the end
        self.ambiguities: list[str] = []
        self.confidence = 1.0
        self.guessed: tuple[str, ...] = ()  # every reading, when the likeliest one is taken
        self.readings: _Readings | None = None  # the wards a name means in either scheme
        self.prov_units: list[_Unit] = []
        self.dist_units: list[_Unit] = []
        self.ward_units: list[_Unit] = []
        self.scheme: Scheme | None = None

    def resolve(self) -> tuple[Address, list[_Chunk], _Readings | None]:
        """Every stage in turn: (address, chunks left over, readings)."""
        self._abbreviated_province()
        self._province()
        self._district()
        self._ward()
        return self._address(), self.remaining, self.readings

    def _pop_named(self, kinds: tuple[str | None, ...], lookup: _Lookup,
                   near: str = "") -> list[_Unit]:
        """The units named by the last non-empty chunk (skipping separators), taken off it;
        ``near``: the level to read with one letter wrong when no name is found (the
        province, or a district or ward below the units found so far)."""
        remaining = self.remaining
        _drop_seps(remaining)
        if not remaining:
            return []
        chunk = remaining[-1]
        if not chunk.words:
            return []
        units, n = lookup(chunk.words)
        if not units and near and _names_level(remaining, kinds):
            # a name typed as this level, or a whole segment, with one letter wrong
            places = [("", "")] if near == "province" else [
                ("legacy", u.code)
                for u in (self.prov_units if near == "district" else self.dist_units)
                if u.scheme == "legacy"]
            units, n = _one_name(_near(near, places, chunk.words)), len(chunk.words)
            if units:
                self.confidence -= _TYPO_PENALTY
                self.ambiguities.append(_TYPO.format(kinds[0]))
        if not units:
            return []
        if (chunk.kind is not None and chunk.kind in kinds and n != len(chunk.words)
                and not (chunk.kind == "city" and "province" in kinds)):
            return []  # a typed chunk must be the whole name, but for "TP Vinh Nghệ An"
        if chunk.kind not in kinds and (n == len(chunk.words) or "province" not in kinds):
            return []  # typed as another level; only a trailing province ("Q3 HCM") may hide in it
        units = list(units)
        if len(units) > 1 and chunk.unit_type and n == len(chunk.words):
            typed = [u for u in units if u.full_name.startswith(chunk.unit_type + " ")]
            units = typed or units
        if n == len(chunk.words):
            remaining.pop()
        else:
            chunk.words = chunk.words[:-n]
            chunk.raw = " ".join(chunk.words)
        return units

    def _abbreviated_province(self) -> None:
        """"Q.Ngãi", "T.Hóa", "H.Nội": a province with its first word cut to a letter, which
        was read as a type word (quận, tỉnh, huyện), made one untyped chunk of its key.
        ("Đ.Lắk", "K.Hòa", "N.An" have no type word: their keys are in the province index.)"""
        remaining = self.remaining
        _drop_seps(remaining)
        letter = _TYPE_LETTER.get(remaining[-1].unit_type or "") if remaining else None
        if letter and len(remaining[-1].words) < 3:
            last = remaining[-1]
            key = _key(letter + "".join(last.words))
            if key in self.idx.province_abbreviations:
                remaining[-1] = _Chunk(None, [key], last.raw)

    def _province(self) -> None:
        """The province at the end (or a tail no index knows after a district, dropped), and
        its repeat before it."""
        remaining = self.remaining
        self.prov_units = self._pop_named(("province", "city", None), _lookup_province,
                                          "province")
        _drop_seps(remaining)
        if not self.prov_units and _unknown_tail(remaining):
            # "..., TP Nha Trang, KH": a province written in a way no index knows (initials)
            # after a district of one province: the district is read, the tail flagged
            remaining.pop()
            _drop_seps(remaining)
            self.ambiguities.append(_UNKNOWN_TAIL)
        if self.prov_units and remaining and remaining[-1].kind in ("province", None):
            # the province written twice ("Bà Rịa, Vũng Tàu", "Hà Nội, HN"): drop the repeat
            again, n_again = _lookup_province(remaining[-1].words)
            if n_again == len(remaining[-1].words) and {u.code for u in again} & {
                u.code for u in self.prov_units
            }:
                remaining.pop()

    def _district(self) -> None:
        """The district before the province (in an old province, or in one merged into the
        2025 province named); the province from the district when none is named."""
        self.dist_units = self._pop_named(
            ("district", "city", None),
            lambda w: _lookup_district(w, {u.code for u in self.prov_units
                                           if u.scheme == "legacy"}),
            "district",
        )
        if not self.dist_units and self.prov_units:
            self._district_of_merged_province()
        if self.dist_units and not self.prov_units:
            codes = {u.province for u in self.dist_units}
            if len(codes) == 1:
                self.prov_units = [self.idx.provinces[("legacy", codes.pop())]]
                self.confidence -= 0.1
        if len(self.dist_units) > 1:
            self.ambiguities.append(_SEVERAL_DISTRICTS)

    def _district_of_merged_province(self) -> None:
        """An old district written with the 2025 province it is now in ("TP Đồng Xoài, Đồng
        Nai": Bình Phước was merged into Đồng Nai): the old provinces merged into it."""
        merged = {old for u in self.prov_units if u.scheme == "2025"
                  for old in self.idx.predecessors.get(u.code, ())} - {
            u.code for u in self.prov_units if u.scheme == "legacy"}
        if not merged:
            return
        # untyped too when a typed ward comes before it ("Xã Tiến Thành, Đồng Xoài,
        # Đồng Nai"); alone, "Đồng Xoài, Đồng Nai" is the 2025 ward of that name
        before = [c for c in self.remaining[:-1] if c.kind != "sep"]
        kinds: tuple[str | None, ...] = ("district", "city", None) if (
            before and before[-1].kind == "ward") else ("district", "city")
        self.dist_units = self._pop_named(kinds, lambda w: _lookup_district(w, merged))
        if self.dist_units:
            self.prov_units = []
            self.ambiguities.append(_MERGED_PROVINCE)

    def _ward(self) -> None:
        """The ward before the district, or in the province, or alone."""
        if len(self.dist_units) > 1 and not self.prov_units:
            self.dist_units = []  # "Tân Thành" alone: too ambiguous to say anything
        if self.dist_units:
            self._ward_in_districts()
        elif self.prov_units:
            self._ward_in_provinces()
        else:
            self._ward_alone()

    def _ward_in_districts(self) -> None:
        """A ward of the (old) districts found; else one moved out of them; else one with
        one letter wrong."""
        self.scheme = "legacy"
        self.ward_units = self._pop_named(
            ("ward", None),
            lambda w: _lookup_ward(w, "legacy", {u.code for u in self.dist_units}, "district"),
        )
        if not self.ward_units and self.remaining and self.remaining[-1].kind == "ward":
            self._moved_ward()
        if not self.ward_units:
            # no ward of that name in the district or (moved) the province: one letter wrong
            self.ward_units = self._pop_named(("ward", None), lambda w: ([], 0), "ward")

    def _moved_ward(self) -> None:
        """A ward typed as such but not in the district named: wards moved between
        districts (Nghi Phong, Nghi Lộc -> Vinh in 2019), communes often becoming phường of
        the city they joined (Xã Hương Vinh of Hương Trà -> Phường Hương Vinh of Phú Xuân,
        2025). The one ward of that name and type (or a phường for a xã or thị trấn) in the
        province is taken, flagged; anything less certain is left."""
        chunk = self.remaining[-1]
        units, n = _lookup_ward(chunk.words, "legacy", {u.province for u in self.dist_units},
                                "province")
        if (n == len(chunk.words) and len(units) == 1 and chunk.unit_type
                and _typed_or_promoted(chunk.unit_type, units[0], chunk.words)):
            self.remaining.pop()
            self.readings = _Readings((), tuple(units), tuple(self.dist_units))
            self.ward_units = units
            self.dist_units = [self.idx.districts[units[0].parent]]
            self.confidence -= 0.2
            self.ambiguities.append(_MOVED)

    def _ward_in_provinces(self) -> None:
        """A ward of the provinces found, in the scheme the text says (or the new one first),
        else with one letter wrong; weighed against an old ward of that name elsewhere."""
        remaining = self.remaining
        legacy_provs = {u.code for u in self.prov_units if u.scheme == "legacy"}
        new_provs = {u.code for u in self.prov_units if u.scheme == "2025"}
        legacy_only = bool(legacy_provs) and not new_provs
        _drop_seps(remaining)
        saved = _copies(remaining)
        order = self._scheme_order(legacy_provs, new_provs, legacy_only)
        for sch, provs in order:
            remaining[:] = _copies(saved)
            found = self._pop_named(
                ("ward", None), partial(_lookup_ward, scheme=sch, parents=provs, by="province"))
            if found:
                self.scheme, self.ward_units = sch, found
                break
        if (self.scheme is None and saved and saved[-1].words
                and _names_level(saved, ("ward",))):
            self._ward_with_typo(saved, order)
        if (self.scheme == "2025" and legacy_provs and not legacy_only
                and self.prefer != "2025"):
            self._ward_in_both_schemes(saved, legacy_provs)
        elif not self.ward_units:
            remaining[:] = saved
        if self.scheme is None:
            self.scheme = "2025" if new_provs and not legacy_provs else (
                "legacy" if legacy_provs and not new_provs else None)

    def _scheme_order(self, legacy_provs: set[str], new_provs: set[str], legacy_only: bool
                      ) -> list[tuple[Scheme, set[str]]]:
        """The schemes to look the ward up in, in turn, with the provinces of each: a
        province that no longer exists says "old scheme"; otherwise the new one first."""
        order: list[tuple[Scheme, set[str]]] = [("2025", new_provs), ("legacy", legacy_provs)]
        if legacy_only:
            # ... but an old province may be written with its new wards
            succ = {self.idx.successor[c] for c in legacy_provs if c in self.idx.successor}
            order = [("legacy", legacy_provs), ("2025", succ)]
        elif self.prefer == "legacy":
            order.reverse()  # the register is known to be written in the old units
        return order

    def _ward_with_typo(self, saved: list[_Chunk], order: list[tuple[Scheme, set[str]]]
                        ) -> None:
        """No ward of that name in either scheme: one letter wrong, when that gives one name
        in 2025 (and any old ward one letter away became it), or one old name and nothing in
        2025."""
        hits = {sch: _near("ward", [(sch, p) for p in provs], saved[-1].words)
                for sch, provs in order}
        news, olds = _one_name(hits.get("2025", [])), hits.get("legacy", [])
        if news and not _elsewhere(news, olds):
            self.scheme, self.ward_units = "2025", news
        elif _one_name(olds) and not hits.get("2025"):
            self.scheme, self.ward_units = "legacy", olds
        if self.ward_units:
            self.remaining[:] = saved[:-1]
            self.confidence -= _TYPO_PENALTY
            self.ambiguities.append(_TYPO.format("ward"))

    def _ward_in_both_schemes(self, saved: list[_Chunk], legacy_provs: set[str]) -> None:
        """The 2025 ward found may also be an old ward elsewhere in the province that did
        not become this new ward ("Xã Tân Thành" of two different districts): then it is
        ambiguous, or read in the old units when only those have the type written."""
        remaining = self.remaining
        after = _copies(remaining)
        remaining[:] = _copies(saved)
        old_units = self._pop_named(
            ("ward", None), lambda w: _lookup_ward(w, "legacy", legacy_provs, "province"))
        after_old = remaining[:]
        remaining[:] = after
        typed_as = saved[-1].unit_type if saved else None
        if typed_as:
            # the type word is part of the name: an old ward of another type ("Thị trấn
            # X") is not what "Xã X" names, and when only the old ward has the type
            # written (no 2025 unit is a thị trấn) the text names the old ward
            old_units = [u for u in old_units if u.full_name.startswith(typed_as + " ")]
            if old_units and not any(u.full_name.startswith(typed_as + " ")
                                     for u in self.ward_units):
                self.scheme, self.ward_units = "legacy", old_units
                remaining[:] = after_old
        if self.scheme == "2025":
            units, self.guessed, ambiguity = _weigh_schemes(self.ward_units, old_units)
            if ambiguity:
                # kept for the diacritics of the text to weigh again (_by_marks)
                self.readings = _Readings(tuple(self.ward_units), tuple(old_units))
                self.ward_units = units
                self.ambiguities.append(ambiguity)
                if self.guessed:
                    self.confidence -= _GUESS_PENALTY

    def _ward_alone(self) -> None:
        """No province, no district: a ward typed as such ("Phường Bến Nghé") is read only
        when its name and type are one unit in the whole country."""
        remaining = self.remaining
        _drop_seps(remaining)
        if remaining and remaining[-1].kind == "ward" and remaining[-1].unit_type:
            self.scheme, self.ward_units = _only_ward_of_its_name(remaining[-1])
            if self.ward_units:
                remaining.pop()
                self.confidence -= 0.3
                self.ambiguities.append(_PROVINCE_FROM_WARD)

    def _province_of_scheme(self) -> _Unit | None:
        """The province found in the scheme of the ward (the one the district or ward below
        it says, when the name is of several); the scheme from it when no ward is found."""
        scheme, prov_units, ward_units = self.scheme, self.prov_units, self.ward_units
        if scheme is not None:
            cands = [u for u in prov_units if u.scheme == scheme]
            if not cands and ward_units:
                cands = [self.idx.provinces[(scheme, ward_units[0].province)]]
            below = {u.province
                     for u in (self.dist_units if scheme == "legacy" else []) + ward_units}
            if len(cands) > 1 and len(below) == 1:
                # a name of several provinces ("H.Giang": Hà Giang, Hậu Giang): the district
                # or ward found says which
                cands = [u for u in cands if u.code in below]
            return cands[0] if len(cands) == 1 else None
        if not prov_units:
            return None
        province = prov_units[0]
        self.scheme = province.scheme  # type: ignore[assignment]
        if len({u.code for u in prov_units}) == 1 and len(prov_units) == 2:
            self.scheme = None
            self.ambiguities.append("province name exists in both schemes; no unit below it")
        return province

    def _address(self) -> Address:
        """The address of the units found (without its street), with its confidence."""
        province = self._province_of_scheme()
        scheme, ward_units, ambiguities = self.scheme, self.ward_units, self.ambiguities
        confidence = self.confidence
        district = self.dist_units[0] if len(self.dist_units) == 1 else None
        ward = None
        if len(ward_units) == 1:
            ward = ward_units[0]
            if scheme == "legacy" and district is None:
                district = self.idx.districts[ward.parent]
                confidence -= 0.1
                if _SEVERAL_DISTRICTS in ambiguities:  # the ward says which district
                    ambiguities.remove(_SEVERAL_DISTRICTS)
        elif len(ward_units) > 1:
            ambiguities.append(_SEVERAL_WARDS)
            confidence -= 0.3
        if province is None and ward is None and district is None:
            confidence = 0.0
        elif ward is None:
            confidence -= 0.3
        if province is None:
            confidence = min(confidence, 0.3)
        candidates = self.guessed or (tuple(sorted(u.code for u in ward_units))
                                      if len(ward_units) > 1 else ())
        legacy = district is not None and scheme == "legacy"
        return Address(
            ward=ward.full_name if ward else None,
            ward_code=ward.code if ward else None,
            district=district.full_name if district and legacy else None,
            district_code=district.code if district and legacy else None,
            province=province.full_name if province else None,
            province_code=province.code if province else None,
            scheme=scheme,
            ward_candidates=candidates,
            confidence=round(max(confidence, 0.0), 2),
            ambiguities=tuple(ambiguities),
        )
