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

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple, TypeAlias

from rapidfuzz.distance import Levenshtein

from vnidmatch._tables import load_table, table_cache
from vnidmatch.normalize.text import canonical_tone_marks, clean_unicode, fold_diacritics

__all__ = ["Address", "address_key", "current_units", "parse_address", "to_current",
           "to_legacy"]

Scheme = Literal["legacy", "2025"]


@dataclass(frozen=True, slots=True)
class Address:
    """A parsed address with its resolved official units.

    Names are official, with their type word (``Phường Bến Thành``, ``Thành phố Hồ Chí Minh``);
    codes are official codes **in** ``scheme``. ``district``/``district_code`` exist only in
    the legacy scheme. ``ward_candidates`` holds the codes a name could mean when it is not
    unique (or the new wards a split old ward went to); ``ward`` is then None, unless one
    reading is far the likelier (``ward`` is that one, ``confidence`` ≤ 0.6, and the
    candidates hold every reading). ``confidence`` is 1.0 when every level was named and
    found, lower when a level was inferred, 0.0 when nothing was recognised.

    >>> parse_address("P.Bến Thành, Q.1, TP.HCM").district_code
    '760'
    """

    street: str = ""
    ward: str | None = None
    ward_code: str | None = None
    district: str | None = None
    district_code: str | None = None
    province: str | None = None
    province_code: str | None = None
    scheme: Scheme | None = None
    ward_candidates: tuple[str, ...] = ()
    confidence: float = 0.0
    ambiguities: tuple[str, ...] = field(default=())

    @property
    def is_resolved(self) -> bool:
        """True when at least the province is known."""
        return self.province_code is not None


# ---------------------------------------------------------------------------
# Tables and indexes
# ---------------------------------------------------------------------------

_TYPE_PREFIX = re.compile(r"^(thanh pho|thi tran|thi xa|dac khu|tinh|quan|huyen|phuong|xa)\s+")


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



# ---------------------------------------------------------------------------
# Tokenising
# ---------------------------------------------------------------------------

_TYPE_WORDS: dict[str, str] = {
    "phuong": "ward", "xa": "ward", "thi tran": "ward", "dac khu": "ward",
    "p": "ward", "f": "ward", "ph": "ward", "x": "ward", "tt": "ward",
    "quan": "district", "huyen": "district", "thi xa": "district", "q": "district",
    "h": "district", "tx": "district",
    "thanh pho": "city", "tp": "city", "t.p": "city",
    "tinh": "province", "t": "province",
}  # fmt: skip
# a type word: full words need a following space; abbreviations a dot, a space or a digit
_TYPE_RE = re.compile(
    r"(?<![a-z0-9\u00b7])(thanh pho|thi tran|thi xa|dac khu|phuong|quan|huyen|tinh|xa(?!\s+lo\b))(?=[\s.:]|\d)"
    r"|(?<![a-z0-9\u00b7])(t\.p|tp|tt|tx|ph|p|f|q|h|x|t)(?:\.|(?=\d)|\s(?=[a-z0-9]))"
)


@table_cache
def _dashed() -> re.Pattern[str]:
    """Unit names with a dash in them ("Bà Rịa - Vũng Tàu", "Xuân Hương - Đà Lạt", "Văn Miếu -
    Quốc Tử Giám"), folded, with any spacing around the dash: kept whole, not split there."""
    idx = _index()
    names = {fold_diacritics(u.name).lower()
             for table in (idx.provinces, idx.districts, idx.wards) for u in table.values()
             if "-" in u.name}
    alternatives = sorted((r"\s*-\s*".join(re.escape(part.strip()) for part in n.split("-"))
                           for n in names), key=len, reverse=True)
    return re.compile("|".join(rf"(?<![a-z0-9]){a}(?![a-z0-9])" for a in alternatives))


# "/" splits segments but not house numbers ("123/45 Nguyễn Trãi")
_SEGMENT_SPLIT = re.compile(r"\s*(?:[,;|\n]|(?<!\d)/|/(?!\d))\s*|\s+-\s+|\s*–\s*")
# a country name after the province
_COUNTRY = re.compile(r"(?:^|[\s,;.\-]+)(?:viet\s*nam|vn)[\s.]*$")


@dataclass(slots=True)
class _Chunk:
    kind: str | None  # ward / district / city / province / None
    words: list[str]
    raw: str
    unit_type: str | None = None  # "Xã", "Phường", ... when the text says so


_UNIT_TYPES = {
    "phuong": "Phường", "p": "Phường", "f": "Phường", "ph": "Phường", "xa": "Xã", "x": "Xã",
    "thi tran": "Thị trấn", "tt": "Thị trấn", "dac khu": "Đặc khu", "quan": "Quận",
    "q": "Quận", "huyen": "Huyện", "h": "Huyện", "thi xa": "Thị xã", "tx": "Thị xã",
    "thanh pho": "Thành phố", "tp": "Thành phố", "t.p": "Thành phố", "tinh": "Tỉnh", "t": "Tỉnh",
}  # fmt: skip


_WORD = re.compile(r"[a-z0-9]+")


def _protect(segment: str) -> str:
    """Join the words of unit names that contain a type word (``Đan Phượng``) with U+00B7."""
    # such a name has its type word after its first word: without one there, nothing to do
    phrases, triggers = _protected_phrases()
    if triggers.isdisjoint(_WORD.findall(segment)[1:]):
        return segment
    for phrase in phrases:
        if phrase in segment:
            segment = re.sub(rf"(?<![a-z0-9]){phrase}(?![a-z0-9])", phrase.replace(" ", "\u00b7"),
                             segment)
    return segment


@table_cache
def _protected_phrases() -> tuple[tuple[str, ...], frozenset[str]]:
    """Folded unit names with a type word after their first word, longest first, and
    those type words."""
    idx = _index()
    names = {fold_diacritics(u.name).lower() for u in idx.districts.values()}
    names |= {fold_diacritics(u.name).lower() for u in idx.wards.values()}
    names |= {fold_diacritics(u.name).lower() for u in idx.provinces.values()}
    out = []
    triggers = set()
    for n in names:
        inner = {w for w in n.split()[1:] if w in _TYPE_WORDS}
        if inner:
            out.append(n)
            triggers |= inner
    return tuple(sorted(out, key=lambda n: (-len(n), n))), frozenset(triggers)




_Shape = tuple[tuple[str | None, tuple[str, ...], str | None], ...]


def _shape(chunks: list[_Chunk]) -> _Shape:
    """What resolution reads of a segment's chunks: level, words, type word."""
    return tuple((c.kind, tuple(c.words), c.unit_type) for c in chunks)


def _chunks(segment: str) -> list[_Chunk]:
    """Fresh (mutable) chunks of a segment, from a cache of their immutable specs."""
    shape, raws = _chunk_specs(segment)
    return [_Chunk(kind, list(words), raw, unit_type)
            for (kind, words, unit_type), raw in zip(shape, raws)]


@table_cache(maxsize=65536)
def _chunk_specs(segment: str) -> tuple[_Shape, tuple[str, ...]]:
    """A segment's chunks: their shape (what resolution reads) and their raw texts."""
    chunks = _split_chunks(segment)
    return _shape(chunks), tuple(c.raw for c in chunks)




def _split_chunks(segment: str, protect: bool = True) -> list[_Chunk]:
    """A segment cut into chunks at its type words; with ``protect``, the words of unit
    names that contain a type word (``Đan Phượng``) stay together."""
    if "\u00b7" not in segment and _TYPE_RE.search(segment) is None:
        # no type word (most house-and-street parts): one untyped chunk; joining the words
        # of protected names could only remove type words, never add one
        text = segment.strip(" .:")
        return [_Chunk(None, text.split(), text, None)] if text else []
    if protect:
        segment = _protect(segment)
    out: list[_Chunk] = []
    pos = 0
    kind: str | None = None
    unit_type: str | None = None
    prev_end = -1
    for m in _TYPE_RE.finditer(segment):
        if prev_end >= 0 and not segment[prev_end : m.start()].strip(" .:"):
            continue  # "phuong phuong mai": the second word starts the name
        prev_end = m.end()
        text = segment[pos : m.start()].strip(" .:")
        if text or kind:
            out.append(_Chunk(kind, text.split(), text, unit_type))
        word = m.group(1) or m.group(2)
        kind = _TYPE_WORDS.get(word)
        unit_type = _UNIT_TYPES.get(word)
        pos = m.end()
    text = segment[pos:].strip(" .:")
    if text or kind:
        out.append(_Chunk(kind, text.split(), text, unit_type))
    if "\u00b7" in segment:
        for c in out:
            c.words = " ".join(c.words).replace("\u00b7", " ").split()
            c.raw = c.raw.replace("\u00b7", " ")
    return out


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------


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


def _drop_seps(chunks: list[_Chunk]) -> None:
    """Remove the separators at the end of ``chunks``."""
    while chunks and chunks[-1].kind == "sep":
        chunks.pop()


def _copies(chunks: list[_Chunk]) -> list[_Chunk]:
    """Fresh copies of the chunks (resolution shortens their words as it takes names)."""
    return [_Chunk(c.kind, list(c.words), c.raw, c.unit_type) for c in chunks]


def _names_level(chunks: list[_Chunk], kinds: tuple[str | None, ...]) -> bool:
    """The last chunk is typed as one of ``kinds``, or untyped and a whole segment: what may
    be read with one letter wrong."""
    last = chunks[-1]
    if last.kind is not None:
        return last.kind in kinds
    return len(chunks) == 1 or chunks[-2].kind == "sep"


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


def _typed_or_promoted(written: str, unit: _Unit, words: list[str]) -> bool:
    """``unit`` is of the type written, or a phường of the name written where a xã or thị
    trấn is written: a commune or town that joined a city became a phường of the same name
    (not a ward that merely took in a commune of that former name)."""
    return unit.full_name.startswith(written + " ") or (
        written in ("Xã", "Thị trấn") and unit.full_name.startswith("Phường ")
        and _key(unit.name) == _key("".join(words)))


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


@table_cache(maxsize=65536)
def _parse(text: str) -> Address:
    return _parse_with(text, None)


@table_cache(maxsize=65536)
def _parse_preferring(text: str, prefer: Scheme) -> Address:
    return _parse_with(text, prefer)




def _parse_with(text: str, prefer: Scheme | None) -> Address:
    clean = clean_unicode(text)
    folded = fold_diacritics(clean).lower()
    aligned = len(folded) == len(clean)  # (before a trailing country is cut off)
    if folded.rstrip(" .\t\n\r\x0b\x0c").endswith(("vn", "nam")):  # else _COUNTRY cannot match
        folded = _COUNTRY.sub("", folded)
    if "n." in folded:  # "N.T" (nông trường) in a town's name: its "t" is no type word
        folded = _STATE_FARM.sub(lambda m: "nt".ljust(len(m.group(0))), folded)
    if "hue" in folded:  # "TT Huế", "Thừa Thiên - Huế": the "TT" is no thị trấn, the dash
        folded = _THUA_THIEN_HUE.sub(lambda m: "tthue".ljust(len(m.group(0))), folded)
    if "-" in folded:  # a dash inside a unit name is not a separator: same length, no dash
        folded = _dashed().sub(lambda m: m.group(0).replace("-", " "), folded)
    segments = [s for s in _segments(folded) if s.strip()]
    if not segments:
        return Address()
    address = _read(segments, clean, folded, aligned, prefer, True)
    if (address.ward_code is None and not address.ward_candidates
            and any(_protect(s) != s for s in segments)):
        # a type word taken for part of a unit name ("phuong ba lang quan cai rang": a
        # commune Lang Quán exists elsewhere): read again without joining such names
        other = _read(segments, clean, folded, aligned, prefer, False)
        if other.ward_code is not None and address.province_code in (None,
                                                                     other.province_code):
            return other
    return address


def _read(segments: list[str], clean: str, folded: str, aligned: bool,
          prefer: Scheme | None, protect: bool) -> Address:
    """:func:`_parse_with` on the folded segments of ``clean`` (``aligned``: each character
    of ``folded`` at the position of the one of ``clean`` it folds). Without ``protect``
    (a second reading, rare) nothing is cached."""
    # the first segment is mostly house and street, different in every address: not cached
    head = _split_chunks(segments[0], protect)
    if protect and not _names_province(head):
        # "house and street, ward, district, province": the units are read from the end, so
        # when what follows the street resolves down to a ward by itself, the units of that
        # (much repeated) tail are worked out once. The street is the first segment, or, in
        # one segment without commas, the untyped words before the first type word.
        if len(segments) > 1:
            street, tail = head, _resolve_tail(tuple(segments[1:]), prefer)
        else:
            cut = next((k for k, c in enumerate(head) if c.kind is not None), 0)
            street, tail = (head[:cut], _resolve_shape((_shape(head[cut:]),), prefer) if cut
                            else None)
        if tail is not None and not (head and head[-1].kind == "ward"):
            # (a ward typed before a tail that is a ward by itself: the tail is more likely
            # its district, read with the whole address below)
            if isinstance(tail, Address):
                address, readings = tail, None
            else:
                address, readings = tail
            if readings and not clean.isascii():
                address = _by_marks(address, readings, clean)
            return _with_street(address, _street(_without_district(street, address), clean,
                                                 folded, aligned))
    address, remaining, readings = _resolve_parts(
        [head, *(_chunks(s) if protect else _split_chunks(s, False) for s in segments[1:])],
        prefer)
    if readings and not clean.isascii():
        address = _by_marks(address, readings, clean)
    elif len(address.ward_candidates) > 1 and not clean.isascii():
        address = _by_spelling(address, clean)
    return _with_street(address, _street(_without_district(remaining, address), clean, folded,
                                         aligned))


def _without_district(chunks: list[_Chunk], a: Address) -> list[_Chunk]:
    """The chunks but the district found, written before its ward ("Quận 1, Phường Bến
    Nghé, TP HCM"): it is no part of the street."""
    if a.district_code is None:
        return chunks
    for c in chunks:
        if c.kind in ("district", "city"):
            break
    else:
        return chunks
    return [c for c in chunks if c.kind not in ("district", "city") or a.district_code not in
            {u.code for u in _lookup_district(c.words, {a.province_code or ""})[0]}]


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
    return Address(a.street, ward.full_name, ward.code, district, district_code, a.province,
                   a.province_code, a.scheme, (), round(min(1.0, a.confidence + 0.2), 2),
                   (_BY_MARKS,))


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
        return Address(a.street, None, None, named.full_name if named else None,
                       named.code if named else None, a.province, a.province_code, a.scheme,
                       (), round(a.confidence - 0.1, 2),
                       ("ward not found in the district named",))
    news, olds = _spelled(readings.news, text), _spelled(readings.olds, text)
    if not (news or olds) or len(news) + len(olds) == len(readings.news) + len(readings.olds):
        return a
    idx = _index()
    if news:
        units, guessed, ambiguity = _weigh_schemes(news, olds)
        ward = units[0] if len(units) == 1 else None
        return Address(a.street, ward.full_name if ward else None, ward.code if ward else None,
                       None, None, a.province, a.province_code, "2025",
                       guessed or (tuple(u.code for u in units) if ward is None else ()),
                       0.6 if ward else 0.4,
                       (_BY_MARKS, ambiguity or _SEVERAL_WARDS) if ambiguity or not ward
                       else (_BY_MARKS,))
    # only old wards are written so: the text is in the old units
    ward = olds[0] if len(olds) == 1 else None
    district = idx.districts[ward.parent] if ward else None
    provinces = {u.province for u in olds}
    province = idx.provinces[("legacy", provinces.pop())] if len(provinces) == 1 else None
    return Address(a.street, ward.full_name if ward else None, ward.code if ward else None,
                   district.full_name if district else None, district.code if district else None,
                   province.full_name if province else None, province.code if province else None,
                   "legacy", () if ward else tuple(sorted(u.code for u in olds)),
                   0.6 if ward else 0.4, (_BY_MARKS,) if ward else (_BY_MARKS, _SEVERAL_WARDS))


def _segments(folded: str) -> list[str]:
    """``_SEGMENT_SPLIT.split(folded)``; with commas as the only separators (most addresses),
    by ``str.split``."""
    if _OTHER_SEPARATORS.search(folded):
        return _SEGMENT_SPLIT.split(folded)
    return [part.strip() for part in folded.split(",")]


_STATE_FARM = re.compile(r"(?<![a-z0-9])n\.\s*t(?![a-z0-9])")
# Thừa Thiên Huế abbreviated (TT Huế, T.T.Huế, TT-Huế) or written with a dash
_THUA_THIEN_HUE = re.compile(
    r"(?<![a-z0-9])(?:t\.?\s?t\.?|thua\s*thien)\s*[-\u2013]?\s*hue(?![a-z0-9])")
_OTHER_SEPARATORS = re.compile(r"[;|\n/\-\u2013]")


def _with_street(a: Address, street: str) -> Address:
    """``replace(a, street=street)``, without ``replace``'s field-by-field introspection."""
    return Address(street, a.ward, a.ward_code, a.district, a.district_code, a.province,
                   a.province_code, a.scheme, a.ward_candidates, a.confidence, a.ambiguities)


def _names_province(chunks: list[_Chunk]) -> bool:
    """The first chunk (of a segment: no separators) is a province name and nothing else
    (reversed order)."""
    first = chunks[0] if chunks else None
    if first is None or first.kind not in (None, "province", "city") or len(first.words) > 5:
        return False
    joined = "".join(first.words)
    # no province name has a digit; a house number is in most first chunks (and would
    # only crowd the memo of keys)
    return not _HAS_DIGIT.search(joined) and _key(joined) in _index().province_by_key


_HAS_DIGIT = re.compile(r"\d")


_Tail: TypeAlias = "Address | tuple[Address, _Readings]"


@table_cache(maxsize=65536)
def _resolve_tail(segments: tuple[str, ...], prefer: Scheme | None) -> _Tail | None:
    """The units of the segments when they resolve to a ward with nothing left over (with
    the readings of the ward name, when there are any: see :func:`_resolve_parts`).

    Resolution reads only each chunk's level, words and type word, so spellings that differ
    in abbreviation or punctuation alone ("P. Bến Thành" / "phuong ben thanh") share one
    resolution."""
    return _resolve_shape(tuple(_chunk_specs(s)[0] for s in segments), prefer)


@table_cache(maxsize=65536)
def _resolve_shape(shape: tuple[_Shape, ...], prefer: Scheme | None) -> _Tail | None:
    address, remaining, readings = _resolve_parts(
        [[_Chunk(kind, list(words), " ".join(words), unit_type)
          for kind, words, unit_type in segment] for segment in shape], prefer)
    if address.ward_code is None or any(c.kind != "sep" and c.raw for c in remaining):
        return None
    # the address alone when there are no readings (nearly always): tens of thousands of
    # cached tails are scanned by every full garbage collection
    return address if readings is None else (address, readings)




def _street(remaining: list[_Chunk], clean: str, folded: str, aligned: bool) -> str:
    """The street part: what is left once the units are taken, in its original spelling."""
    street_chunks = [c.raw for c in remaining if c.kind != "sep" and c.raw]
    if aligned:
        # take the original spelling from the cleaned input, chunk by chunk, in order
        pieces = []
        pos = 0
        for raw in street_chunks:
            found = folded.find(raw, pos)
            if found < 0:
                break
            pieces.append(clean[found : found + len(raw)])
            pos = found + len(raw)
        else:
            street_chunks = pieces
    return canonical_tone_marks(", ".join(street_chunks).strip(" ,.-"))


def _resolve_parts(parts: list[list[_Chunk]], prefer: Scheme | None = None
                   ) -> tuple[Address, list[_Chunk], _Readings | None]:
    """Resolve the units of an address from the chunks of its folded segments, from the end;
    returns the address (without its street), the chunks left over (the street) and, when
    the ward name means different places in the two schemes, its readings.
    ``prefer``: the scheme to read a ward in when the text could be either."""
    idx = _index()
    chunks: list[_Chunk] = [c for p in parts for c in (*p, _Chunk("sep", [], ""))]
    # reversed order ("Hà Nội, Đan Phượng, Tân Lập"): the province is the first segment
    first = [c for c in chunks if c.kind != "sep"][:1]
    if first and first[0].kind in (None, "province", "city") and len(parts) > 1:
        units, n = _lookup_province(first[0].words)
        if units and n == len(first[0].words):
            last = [c for c in chunks if c.kind != "sep"][-1]
            lu, ln = _lookup_province(last.words)
            if not (lu and ln == len(last.words)):
                chunks = [c for p in reversed(parts) for c in (*p, _Chunk("sep", [], ""))]

    ambiguities: list[str] = []
    confidence = 1.0
    guessed: tuple[str, ...] = ()  # every reading, when the likeliest one is taken
    readings: _Readings | None = None  # the wards a name means in either scheme
    # work from the end
    remaining = list(chunks)
    prov_units: list[_Unit] = []
    dist_units: list[_Unit] = []

    def pop_named(kinds: tuple[str | None, ...], lookup, allow_untyped: bool,  # type: ignore[no-untyped-def]
                  near: str = "") -> list[_Unit]:
        # the last non-empty chunk (skipping separators); ``near``: the level to read with
        # one letter wrong when no name is found (the province, or a district or ward below
        # the units found so far)
        nonlocal confidence
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
                ("legacy", u.code) for u in (prov_units if near == "district" else dist_units)
                if u.scheme == "legacy"]
            units, n = _one_name(_near(near, places, chunk.words)), len(chunk.words)
            if units:
                confidence -= _TYPO_PENALTY
                ambiguities.append(_TYPO.format(kinds[0]))
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

    _drop_seps(remaining)
    letter = _TYPE_LETTER.get(remaining[-1].unit_type or "") if remaining else None
    if letter and len(remaining[-1].words) < 3:
        # "Q.Ngãi", "T.Hóa", "H.Nội": a province with its first word cut to a letter, which
        # was read as a type word (quận, tỉnh, huyện). ("Đ.Lắk", "K.Hòa", "N.An" have no
        # type word: their keys are in the province index.)
        last = remaining[-1]
        key = _key(letter + "".join(last.words))
        if key in idx.province_abbreviations:
            remaining[-1] = _Chunk(None, [key], last.raw)
    prov_units = pop_named(("province", "city", None), _lookup_province, True, "province")
    _drop_seps(remaining)
    if not prov_units and _unknown_tail(remaining):
        # "..., TP Nha Trang, KH": a province written in a way no index knows (initials)
        # after a district of one province: the district is read, the tail flagged
        remaining.pop()
        _drop_seps(remaining)
        ambiguities.append(_UNKNOWN_TAIL)
    if prov_units and remaining and remaining[-1].kind in ("province", None):
        # the province written twice ("Bà Rịa, Vũng Tàu", "Hà Nội, HN"): drop the repeat
        again, n_again = _lookup_province(remaining[-1].words)
        if n_again == len(remaining[-1].words) and {u.code for u in again} & {
            u.code for u in prov_units
        }:
            remaining.pop()
    dist_units = pop_named(
        ("district", "city", None),
        lambda w: _lookup_district(w, {u.code for u in prov_units if u.scheme == "legacy"}),
        True,
        "district",
    )
    if not dist_units and prov_units:
        # an old district written with the 2025 province it is now in ("TP Đồng Xoài, Đồng
        # Nai": Bình Phước was merged into Đồng Nai): the old provinces merged into it
        merged = {old for u in prov_units if u.scheme == "2025"
                  for old in idx.predecessors.get(u.code, ())} - {
            u.code for u in prov_units if u.scheme == "legacy"}
        if merged:
            # untyped too when a typed ward comes before it ("Xã Tiến Thành, Đồng Xoài,
            # Đồng Nai"); alone, "Đồng Xoài, Đồng Nai" is the 2025 ward of that name
            before = [c for c in remaining[:-1] if c.kind != "sep"]
            kinds: tuple[str | None, ...] = ("district", "city", None) if (
                before and before[-1].kind == "ward") else ("district", "city")
            dist_units = pop_named(kinds, lambda w: _lookup_district(w, merged), True)
            if dist_units:
                prov_units = []
                ambiguities.append(_MERGED_PROVINCE)
    if dist_units and not prov_units:
        codes = {u.province for u in dist_units}
        if len(codes) == 1:
            prov_units = [idx.provinces[("legacy", codes.pop())]]
            confidence -= 0.1
    if len(dist_units) > 1:
        ambiguities.append(_SEVERAL_DISTRICTS)

    legacy_provs = {u.code for u in prov_units if u.scheme == "legacy"}
    new_provs = {u.code for u in prov_units if u.scheme == "2025"}
    legacy_only = bool(legacy_provs) and not new_provs
    scheme: Scheme | None = None
    ward_units: list[_Unit] = []
    if len(dist_units) > 1 and not prov_units:
        dist_units = []  # "Tân Thành" alone: too ambiguous to say anything
    if dist_units:
        scheme = "legacy"
        ward_units = pop_named(
            ("ward", None),
            lambda w: _lookup_ward(w, "legacy", {u.code for u in dist_units}, "district"),
            True,
        )
        if not ward_units and remaining and remaining[-1].kind == "ward":
            # a ward typed as such but not in the district named: wards moved between
            # districts (Nghi Phong, Nghi Lộc -> Vinh in 2019), communes often becoming
            # phường of the city they joined (Xã Hương Vinh of Hương Trà -> Phường Hương Vinh
            # of Phú Xuân, 2025). The one ward of that name and type (or a phường for a xã
            # or thị trấn) in the province is taken, flagged; anything less certain is left
            chunk = remaining[-1]
            units, n = _lookup_ward(chunk.words, "legacy", {u.province for u in dist_units},
                                    "province")
            if (n == len(chunk.words) and len(units) == 1 and chunk.unit_type
                    and _typed_or_promoted(chunk.unit_type, units[0], chunk.words)):
                remaining.pop()
                readings = _Readings((), tuple(units), tuple(dist_units))
                ward_units = units
                dist_units = [idx.districts[units[0].parent]]
                confidence -= 0.2
                ambiguities.append(_MOVED)
        if not ward_units:
            # no ward of that name in the district or (moved) the province: one letter wrong
            ward_units = pop_named(("ward", None), lambda w: ([], 0), True, "ward")
    elif prov_units:
        _drop_seps(remaining)
        saved = _copies(remaining)
        # a province that no longer exists says "old scheme"; otherwise try the new one first
        order: list[tuple[Scheme, set[str]]] = [("2025", new_provs), ("legacy", legacy_provs)]
        if legacy_only:
            # ... but an old province may be written with its new wards
            succ = {idx.successor[c] for c in legacy_provs if c in idx.successor}
            order = [("legacy", legacy_provs), ("2025", succ)]
        elif prefer == "legacy":
            order.reverse()  # the register is known to be written in the old units
        for sch, provs in order:
            remaining[:] = _copies(saved)
            found = pop_named(("ward", None),
                              lambda w, sch=sch, provs=provs: _lookup_ward(w, sch, provs, "province"),
                              True)
            if found:
                scheme, ward_units = sch, found
                break
        if scheme is None and saved and saved[-1].words and _names_level(saved, ("ward",)):
            # no ward of that name in either scheme: one letter wrong, when that gives one
            # name in 2025 (and any old ward one letter away became it), or one old name
            # and nothing in 2025
            hits = {sch: _near("ward", [(sch, p) for p in provs], saved[-1].words)
                    for sch, provs in order}
            news, olds = _one_name(hits.get("2025", [])), hits.get("legacy", [])
            if news and not _elsewhere(news, olds):
                scheme, ward_units = "2025", news
            elif _one_name(olds) and not hits.get("2025"):
                scheme, ward_units = "legacy", olds
            if ward_units:
                remaining[:] = saved[:-1]
                confidence -= _TYPO_PENALTY
                ambiguities.append(_TYPO.format("ward"))
        if scheme == "2025" and legacy_provs and not legacy_only and prefer != "2025":
            # the same name may be an old ward elsewhere in the province that did not become
            # this new ward ("Xã Tân Thành" of two different districts): then it is ambiguous
            after = _copies(remaining)
            remaining[:] = _copies(saved)
            old_units = pop_named(("ward", None),
                                  lambda w: _lookup_ward(w, "legacy", legacy_provs, "province"),
                                  True)
            after_old = remaining[:]
            remaining[:] = after
            typed_as = saved[-1].unit_type if saved else None
            if typed_as:
                # the type word is part of the name: an old ward of another type ("Thị trấn
                # X") is not what "Xã X" names, and when only the old ward has the type
                # written (no 2025 unit is a thị trấn) the text names the old ward
                old_units = [u for u in old_units if u.full_name.startswith(typed_as + " ")]
                if old_units and not any(u.full_name.startswith(typed_as + " ")
                                         for u in ward_units):
                    scheme, ward_units = "legacy", old_units
                    remaining[:] = after_old
            if scheme == "2025":
                units, guessed, ambiguity = _weigh_schemes(ward_units, old_units)
                if ambiguity:
                    # kept for the diacritics of the text to weigh again (_by_marks)
                    readings = _Readings(tuple(ward_units), tuple(old_units))
                    ward_units = units
                    ambiguities.append(ambiguity)
                    if guessed:
                        confidence -= _GUESS_PENALTY
        elif not ward_units:
            remaining[:] = saved
        if scheme is None:
            scheme = "2025" if new_provs and not legacy_provs else (
                "legacy" if legacy_provs and not new_provs else None)
    else:
        # no province, no district: a ward typed as such ("Phường Bến Nghé") is read only
        # when its name and type are one unit in the whole country
        _drop_seps(remaining)
        if remaining and remaining[-1].kind == "ward" and remaining[-1].unit_type:
            scheme, ward_units = _only_ward_of_its_name(remaining[-1])
            if ward_units:
                remaining.pop()
                confidence -= 0.3
                ambiguities.append(_PROVINCE_FROM_WARD)

    # choose the province of the scheme
    province: _Unit | None = None
    if scheme is not None:
        cands = [u for u in prov_units if u.scheme == scheme]
        if not cands and ward_units:
            cands = [idx.provinces[(scheme, ward_units[0].province)]]
        below = {u.province for u in (dist_units if scheme == "legacy" else []) + ward_units}
        if len(cands) > 1 and len(below) == 1:
            # a name of several provinces ("H.Giang": Hà Giang, Hậu Giang): the district or
            # ward found says which
            cands = [u for u in cands if u.code in below]
        province = cands[0] if len(cands) == 1 else None
    elif prov_units:
        province = prov_units[0]
        scheme = province.scheme  # type: ignore[assignment]
        if len({u.code for u in prov_units}) == 1 and len(prov_units) == 2:
            scheme = None
            ambiguities.append("province name exists in both schemes; no unit below it")
    district = dist_units[0] if len(dist_units) == 1 else None
    ward = None
    if len(ward_units) == 1:
        ward = ward_units[0]
        if scheme == "legacy" and district is None:
            district = idx.districts[ward.parent]
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
    candidates = guessed or (tuple(sorted(u.code for u in ward_units)) if len(ward_units) > 1
                             else ())
    return Address(
        ward=ward.full_name if ward else None,
        ward_code=ward.code if ward else None,
        district=district.full_name if district and scheme == "legacy" else None,
        district_code=district.code if district and scheme == "legacy" else None,
        province=province.full_name if province else None,
        province_code=province.code if province else None,
        scheme=scheme,
        ward_candidates=candidates,
        confidence=round(max(confidence, 0.0), 2),
        ambiguities=tuple(ambiguities),
    ), remaining, readings


class _Readings(NamedTuple):
    """What a ward name without its district can mean in a province whose name is the same
    in both schemes: 2025 wards of that name, and old wards of that name. Or, with
    ``moved_from``, the one old ward of that name in the province, taken because the
    districts named have none."""

    news: tuple[_Unit, ...]
    olds: tuple[_Unit, ...]
    moved_from: tuple[_Unit, ...] = ()


def _elsewhere(news: list[_Unit], olds: list[_Unit]) -> list[_Unit]:
    """The old wards that became none of the 2025 wards ``news``."""
    conversion = _index().conversion
    codes = {u.code for u in news}
    return [u for u in olds if codes.isdisjoint(conversion.get(u.code, ()))]


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


def parse_address(value: object, *, prefer: Scheme | None = None) -> Address:
    """Parse an address and resolve it to official units. Never raises on any ``value``.

    ``prefer`` (``"2025"`` or ``"legacy"``): the units a register is known to be written in.
    Without it, a ward name that is a 2025 ward *and* an old ward elsewhere in the same
    province, written without its district, is ambiguous. When the name is one 2025 ward and
    one old ward elsewhere, the 2025 ward is taken as the likelier reading (an address
    without its district is most often a 2025 address, and a 2025 ward spans about three
    old ones), with confidence 0.6, a note in ``ambiguities``, and both readings in
    ``ward_candidates`` (comparisons use all of them); with more old wards of that name, the
    readings are candidates only. With ``prefer`` the ward is read in that scheme. Text that
    settles the scheme (a district, a province that no longer exists) is read as it says
    either way.

    >>> a = parse_address("Phường 7, Quận 3, TP HCM")  # merged into Võ Thị Sáu in 2020
    >>> a.ward, a.district, a.province_code, a.scheme
    ('Phường Võ Thị Sáu', 'Quận 3', '79', 'legacy')
    >>> parse_address("TP Vinh - Nghệ An").district
    'Thành phố Vinh'
    >>> parse_address("Xã Tân Thành, Tỉnh Long An").ward_candidates  # three communes in Long An
    ('27823', '27850', '28042')
    >>> parse_address(None).confidence
    0.0
    >>> a = parse_address("Xã Tân Tiến, Tỉnh Tuyên Quang")  # and an old Tân Tiến elsewhere
    >>> a.ward_code, a.ward_candidates, a.confidence
    ('01051', ('01051', '02470'), 0.6)
    >>> parse_address("Xã Tân Tiến, Tỉnh Tuyên Quang", prefer="2025").ward_code
    '01051'
    """
    if not isinstance(value, str) or not value.strip():
        return Address()
    if prefer is None:
        return _parse(value)
    if prefer not in ("2025", "legacy"):
        from vnidmatch.exceptions import ConfigError

        raise ConfigError(f"prefer must be '2025' or 'legacy', got {prefer!r}")
    return _parse_preferring(value, prefer)


def to_current(address: Address) -> Address:
    """The same place in the 2025 scheme (34 provinces, two tiers).

    A split old ward gives ``ward_candidates`` (every new ward it went to) and no ``ward``.

    >>> to_current(parse_address("Phường Trúc Bạch, Quận Ba Đình, Hà Nội")).ward
    'Phường Ba Đình'
    """
    if address.scheme != "legacy":
        return address
    ward, province, ward_codes = _current_of(address.province_code, address.ward_code,
                                             address.ward_candidates)
    # built field by field: ``replace`` introspects the fields on every call (a register
    # converts every old-scheme address)
    return Address(address.street, ward.full_name if ward else None,
                   ward.code if ward else None, None, None,
                   province.full_name if province else None,
                   province.code if province else None, "2025",
                   ward_codes if len(ward_codes) > 1 else (), address.confidence,
                   address.ambiguities)


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


def address_key(value: object) -> str | None:
    """Blocking key: the 2025 province code of an address (None when unresolved).

    >>> address_key("Phường Bến Thành, Quận 1, TP HCM"), address_key("xyz")
    ('79', None)
    """
    return current_units(parse_address(value))[0]
