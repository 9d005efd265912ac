"""The unit tables loaded into lookup structures: index keys of unit names, the units of
both schemes by code and by key, and the lookups resolution makes in them (by the longest
name at the end of a chunk, or with one letter wrong)."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from vnidmatch._tables import load_table, table_cache
from vnidmatch.normalize.text import fold_diacritics

_NOT_KEY = re.compile(r"[^a-z0-9]")


@table_cache(maxsize=131072)
def _key(text: str) -> str:
    """Index key of a unit name: folded, lower case, no spaces or punctuation; '07' -> '7'.
    Memoised: resolution looks up the same few thousand suffixes of unit names again and
    again."""
    k = _NOT_KEY.sub("", fold_diacritics(text).lower())
    return k.lstrip("0") or k if k.isdigit() else k


def _keys(name: str) -> set[str]:
    """Index keys of a unit name: :func:`_key` and the spellings with ``c`` for a word-final
    ``k`` that registers use for highland names (Đắk Lắk / Đắc Lắc / Đắk Lắc).

    >>> sorted(_keys("Đắk Lắk"))
    ['daclac', 'daclak', 'daklac', 'daklak']

    State-farm towns are written ``NT``, ``N.T`` or ``Nông trường``, in the lists and in
    registers alike:

    >>> sorted(_keys("N.T Phong Hải"))
    ['nongtruongphonghai', 'ntphonghai']
    """
    words = fold_diacritics(name).lower().replace("nong truong", "nt").split()
    options = [(w, w[:-1] + "c") if w.endswith("k") else
               ("nt", "nongtruong") if w in ("nt", "n.t") else (w,) for w in words]
    return {_key("".join(spelling)) for spelling in itertools.product(*options)}


@dataclass(frozen=True, slots=True)
class _Unit:
    scheme: str
    code: str
    name: str
    full_name: str
    parent: str  # district (legacy ward) or province code
    province: str


class _Index:
    def __init__(self) -> None:
        self.provinces: dict[tuple[str, str], _Unit] = {}
        self.districts: dict[str, _Unit] = {}
        self.wards: dict[tuple[str, str], _Unit] = {}
        self.successor: dict[str, str] = {}
        self.predecessors: dict[str, set[str]] = defaultdict(set)  # 2025 -> old provinces
        self.province_by_key: dict[str, list[_Unit]] = defaultdict(list)
        self.district_by_key: dict[str, list[_Unit]] = defaultdict(list)
        self.ward_by_parent_key: dict[tuple[str, str, str], list[_Unit]] = defaultdict(list)
        self.ward_by_province_key: dict[tuple[str, str, str], list[_Unit]] = defaultdict(list)
        self.conversion: dict[str, list[str]] = defaultdict(list)
        self.reverse: dict[str, list[str]] = defaultdict(list)
        self.max_words = 1
        self.province_abbreviations: set[str] = set()

        for r in load_table("admin_provinces"):
            u = _Unit(r["scheme"], r["code"], r["name"], r["full_name"], "", r["code"])
            self.provinces[(u.scheme, u.code)] = u
            if r["successor"]:
                self.successor[u.code] = r["successor"]
                self.predecessors[r["successor"]].add(u.code)
            for k in _keys(u.name) | _keys(u.full_name):
                self._add(self.province_by_key, k, u)
            if u.full_name.startswith("Thành phố "):  # "Hồ Chí Minh city", "Ha Noi City"
                for k in _keys(u.name):
                    self._add(self.province_by_key, k + "city", u)
            words = fold_diacritics(u.name).lower().split()
            if len(words) > 1:  # "Q.Ngãi", "T.Hóa", "Đ.Lắk": its first letter, the rest
                for k in _keys(words[0][0] + " ".join(words[1:])):
                    self.province_abbreviations.add(k)
                    self._add(self.province_by_key, k, u)
        for alias, code, scheme in _PROVINCE_ALIASES:
            self._add(self.province_by_key, alias, self.provinces[(scheme, code)])
        for r in load_table("admin_districts"):
            u = _Unit("legacy", r["code"], r["name"], r["full_name"], r["province_code"],
                      r["province_code"])
            self.districts[u.code] = u
            for k in _keys(u.name):
                self._add(self.district_by_key, k, u)
            for alias in filter(None, r["aliases"].split("|")):
                self._add(self.district_by_key, _strip_type_key(alias), u)
        for r in load_table("admin_wards"):
            u = _Unit(r["scheme"], r["code"], r["name"], r["full_name"], r["parent"],
                      r["province_code"])
            self.wards[(u.scheme, u.code)] = u
            keys = _keys(u.name) | {_strip_type_key(a) for a in r["aliases"].split("|") if a}
            for k in keys:
                if u.scheme == "legacy":
                    self._add(self.ward_by_parent_key, ("legacy", u.parent, k), u)
                self._add(self.ward_by_province_key, (u.scheme, u.province, k), u)
            self.max_words = max(self.max_words, len(u.name.split()))
        for r in load_table("admin_conversion"):
            self.conversion[r["old_code"]].append(r["new_code"])
            self.reverse[r["new_code"]].append(r["old_code"])

    @staticmethod
    def _add(index: dict, key: object, unit: _Unit) -> None:  # type: ignore[type-arg]
        if key and unit not in index[key]:
            index[key].append(unit)


def _strip_type_key(alias: str) -> str:
    for p in ("thanhpho", "thitran", "thixa", "phuong", "huyen", "quan", "ward", "xa", "tt", "tx",
              "tp", "p", "f", "q", "h", "x"):
        if alias.startswith(p) and len(alias) > len(p):
            rest = alias[len(p):]
            return rest.lstrip("0") or rest if rest.isdigit() else rest
    return alias


_PROVINCE_ALIASES = (
    ("hn", "01", "legacy"), ("hn", "01", "2025"), ("tphn", "01", "legacy"),
    ("tphn", "01", "2025"),
    ("hcm", "79", "legacy"), ("hcm", "79", "2025"), ("tphcm", "79", "legacy"),
    ("tphcm", "79", "2025"), ("hcmc", "79", "2025"), ("hcmc", "79", "legacy"),
    ("hcmcity", "79", "2025"), ("hcmcity", "79", "legacy"),
    ("saigon", "79", "legacy"), ("saigon", "79", "2025"), ("sg", "79", "legacy"),
    ("sg", "79", "2025"), ("hochiminh", "79", "2025"), ("hochiminh", "79", "legacy"),
    ("hatay", "01", "legacy"),  # merged into Hà Nội in 2008
    ("brvt", "77", "legacy"), ("baria", "77", "legacy"), ("vungtau", "77", "legacy"),
    ("hue", "46", "legacy"), ("hue", "46", "2025"), ("thuathienhue", "46", "2025"),
    ("thudohanoi", "01", "legacy"), ("thudohanoi", "01", "2025"),  # "Thủ đô Hà Nội"
    ("thuathienhue", "46", "legacy"),  # a province until 2025-01-01, then Thành phố Huế
    ("tthue", "46", "legacy"), ("tthue", "46", "2025"), ("tth", "46", "legacy"),
    ("tth", "46", "2025"),
    ("daklak", "66", "legacy"), ("daklak", "66", "2025"), ("daknong", "67", "legacy"),
)  # fmt: skip


@table_cache
def _index() -> _Index:
    return _Index()


def _lookup_province(words: list[str]) -> tuple[list[_Unit], int]:
    """Longest suffix of ``words`` that names a province: (units, words used)."""
    idx = _index()
    for n in range(min(5, len(words)), 0, -1):
        units = idx.province_by_key.get(_key("".join(words[-n:])))
        if units:
            return units, n
    return [], 0


def _lookup_district(words: list[str], provinces: set[str]) -> tuple[list[_Unit], int]:
    idx = _index()
    for n in range(min(5, len(words)), 0, -1):
        k = _key("".join(words[-n:]))
        units = [u for u in idx.district_by_key.get(k, []) if not provinces or u.province in provinces]
        if units:
            return units, n
    return [], 0


def _lookup_ward(
    words: list[str], scheme: str, parents: set[str], by: str
) -> tuple[list[_Unit], int]:
    idx = _index()
    table = idx.ward_by_parent_key if by == "district" else idx.ward_by_province_key
    for n in range(min(idx.max_words + 1, len(words)), 0, -1):
        k = _key("".join(words[-n:]))
        if len(k) < 4 and n < len(words) and not k.isdigit():
            # a name of a syllable or two ("Hồ", "Chờ", the former name "Đô") read only as
            # a whole chunk: as the last words of a longer one it is mostly something else
            # ("thủ đô", "ấp chợ")
            continue
        units = [u for p in parents for u in table.get((scheme, p, k), [])]
        if units:
            return units, n
    return [], 0


@table_cache
def _near_tables() -> dict[tuple[str, str, str], tuple[tuple[str, ...], tuple[_Unit, ...]]]:
    """(level, scheme, parent) -> the index keys of every unit there and the units, side by
    side: the wards of each old district and of each province in either scheme, the
    districts of each old province, and every province (parent ""). (Two tuples per place,
    not a pair per unit: full garbage collections scan every object kept.)"""
    idx = _index()
    pairs: dict[tuple[str, str, str], list[tuple[str, _Unit]]] = defaultdict(list)
    for (scheme, parent, key), units in idx.ward_by_parent_key.items():
        pairs[("ward", scheme, parent)] += [(key, u) for u in units]
    for (scheme, province, key), units in idx.ward_by_province_key.items():
        pairs[("ward", scheme, province)] += [(key, u) for u in units]  # (codes of 2 digits)
    for key, units in idx.district_by_key.items():
        for u in units:
            pairs[("district", "legacy", u.province)].append((key, u))
    for key, units in idx.province_by_key.items():
        pairs[("province", "", "")] += [(key, u) for u in units]
    return {place: (tuple(k for k, _ in kus), tuple(u for _, u in kus))
            for place, kus in pairs.items()}


def _near(level: str, places: list[tuple[str, str]], words: list[str]) -> list[_Unit]:
    """The units of ``level`` in ``places`` ((scheme, parent) pairs) whose name is one letter
    (an insertion, deletion or substitution) away from ``words`` ("Bến Ngé" for Bến Nghé):
    the last resort for a name no index has. Names of fewer than six letters are left alone
    (too many are one letter apart). See :func:`_one_name`."""
    key = _key("".join(words))
    if len(key) < 6 or not places:
        return []
    tables = _near_tables()
    hits: set[_Unit] = set()
    for scheme, parent in places:
        keys, units = tables.get((level, scheme, parent), ((), ()))
        hits.update(u for k, u in zip(keys, units) if abs(len(k) - len(key)) <= 1
                    and Levenshtein.distance(key, k, score_cutoff=1) <= 1)
    return sorted(hits, key=lambda u: (u.scheme, u.code))


def _one_name(units: list[_Unit]) -> list[_Unit]:
    """``units`` when they are all one name (one place, or homonyms the levels above tell
    apart), else none: a typo that is one letter from two names is not read."""
    return units if len({u.name for u in units}) == 1 else []


@table_cache
def _wards_by_name() -> dict[tuple[str, str], list[_Unit]]:
    """(scheme, key) -> the wards of that name in the whole country."""
    out: dict[tuple[str, str], list[_Unit]] = defaultdict(list)
    for (scheme, _province, key), units in _index().ward_by_province_key.items():
        out[(scheme, key)] += units
    return out


def _elsewhere(news: list[_Unit], olds: list[_Unit]) -> list[_Unit]:
    """The old wards that became none of the 2025 wards ``news``."""
    conversion = _index().conversion
    codes = {u.code for u in news}
    return [u for u in olds if codes.isdisjoint(conversion.get(u.code, ()))]


def _typed_or_promoted(written: str, unit: _Unit, words: list[str]) -> bool:
    """``unit`` is of the type written, or a phường of the name written where a xã or thị
    trấn is written: a commune or town that joined a city became a phường of the same name
    (not a ward that merely took in a commune of that former name)."""
    return unit.full_name.startswith(written + " ") or (
        written in ("Xã", "Thị trấn") and unit.full_name.startswith("Phường ")
        and _key(unit.name) == _key("".join(words)))
