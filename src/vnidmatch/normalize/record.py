"""Whole records: map column names to canonical fields and normalise every field once.

Canonical fields: ``id``, ``full_name``, ``birth_date``, ``sex``, ``id_number``,
``old_id_number``, ``phone``, ``address``. Column names found in files (``ho_ten``,
``Họ tên``, ``ngay_sinh``, ``so_cccd``, ``sdt``, ``dia_chi``, ...) are mapped by
:func:`map_columns`.

>>> map_columns(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "SĐT", "Địa chỉ"])
{'Họ và tên': 'full_name', 'Ngày sinh': 'birth_date', 'Giới tính': 'sex', 'Số CCCD': 'id_number', 'SĐT': 'phone', 'Địa chỉ': 'address'}
>>> r = prepare_record({"id": 1, "full_name": "NGUYEN VAN AN", "birth_date": "5/3/1990"})
>>> r.name_key, r.birth.iso
('nguyen van an', '1990-03-05')
"""

from __future__ import annotations

import functools
import math
import operator
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from vnidmatch._resources import claimed, register_cache, run_forked, shared_counter
from vnidmatch.exceptions import ConfigError
from vnidmatch.ids import IdNumber, parse_id
from vnidmatch.normalize.address import Address, current_units, parse_address
from vnidmatch.normalize.birthdate import BirthDate, parse_birth_date
from vnidmatch.normalize.name import name_keys
from vnidmatch.normalize.phone import normalize_phone
from vnidmatch.normalize.sex import normalize_sex
from vnidmatch.normalize.text import fold_diacritics

__all__ = [
    "CANONICAL_FIELDS",
    "PreparedRecord",
    "batch_preparer",
    "field_getter",
    "join_parts",
    "map_columns",
    "prepare_batch",
    "prepare_record",
    "prepare_records",
]

CANONICAL_FIELDS = ("id", "full_name", "birth_date", "sex", "id_number", "old_id_number",
                    "phone", "address")

_ALIASES = {
    "id": ("id", "ma", "ma_so", "stt_id", "record_id", "rec_id", "unique_id", "uid",
           "ma_ban_ghi", "ma_doi_tuong"),
    "full_name": ("full_name", "name", "fullname", "ho_ten", "ho_va_ten", "hoten",
                  "ho_ten_day_du", "ten_doi_tuong", "ho_ten_nguoi_tiem", "ten_day_du"),
    "birth_date": ("birth_date", "dob", "date_of_birth", "birthdate", "ngay_sinh",
                   "ngaysinh", "ngay_thang_nam_sinh", "nam_sinh", "sinh_ngay", "birth_year",
                   "yob", "year_of_birth"),
    "sex": ("sex", "gender", "gioi_tinh", "gioitinh", "gt"),
    "id_number": ("id_number", "national_id", "citizen_id", "id_card", "idcard", "cccd",
                  "so_cccd", "so_can_cuoc", "can_cuoc", "so_cccd_cmnd",
                  "so_dinh_danh", "so_dinh_danh_ca_nhan", "cmnd_cccd", "so_cmnd_cccd",
                  "cccd_cmnd", "so_giay_to", "so_cmt", "cmt"),
    "old_id_number": ("old_id_number", "cmnd", "so_cmnd", "cmnd_cu", "so_cmnd_cu"),
    "phone": ("phone", "phone_number", "mobile", "tel", "so_dien_thoai", "sdt", "dien_thoai",
              "dt", "so_dt"),
    "address": ("address", "addr", "dia_chi", "diachi", "noi_o", "noi_o_hien_tai", "thuong_tru",
                "dia_chi_thuong_tru", "tam_tru", "noi_cu_tru", "dia_chi_lien_he"),
}
_LOOKUP = {alias: canon for canon, aliases in _ALIASES.items() for alias in aliases}

#: name and address parts in separate columns, joined when there is no whole column
_PARTS = {
    "full_name": (("ho", "family_name", "last_name", "surname", "ho_nguoi"),
                  ("ten_dem", "chu_dem", "dem", "middle_name", "ten_lot"),
                  ("ten", "given_name", "first_name", "ten_goi")),
    "address": (("so_nha", "street", "dia_chi_chi_tiet", "thon_xom", "duong"),
                ("phuong_xa", "xa_phuong", "ward", "xa", "phuong", "commune"),
                ("quan_huyen", "huyen", "quan", "district"),
                ("tinh_thanh", "tinh_thanh_pho", "tinh", "province", "city")),
}


def join_parts(columns: Iterable[str]) -> dict[str, tuple[str | None, ...]]:
    """Columns that hold parts of a name or an address: ``{field: (column or None, ...)}``.

    >>> join_parts(["ho", "ten_dem", "ten", "tinh"])
    {'full_name': ('ho', 'ten_dem', 'ten'), 'address': (None, None, None, 'tinh')}
    """
    keys = {_header_key(c): c for c in columns}
    out: dict[str, tuple[str | None, ...]] = {}
    for canon, groups in _PARTS.items():
        found = tuple(next((keys[a] for a in group if a in keys), None) for group in groups)
        if any(found):
            out[canon] = found
    return out


def _header_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold_diacritics(str(name)).lower()).strip("_")


def map_columns(columns: Iterable[str], explicit: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map file columns to canonical fields: ``{column: field}``.

    ``explicit`` (``{field: column}``, as given with ``--map full_name=ho_ten``) wins; other
    columns are recognised from common English and Vietnamese headers. Unknown columns are
    left out; two columns for one field raise :class:`~vnidmatch.exceptions.ConfigError`.

    >>> map_columns(["ho_ten", "ngaysinh", "x"], {"id": "x"})
    {'x': 'id', 'ho_ten': 'full_name', 'ngaysinh': 'birth_date'}
    """
    columns = list(columns)
    out: dict[str, str] = {}
    for canon, col in (explicit or {}).items():
        if canon not in CANONICAL_FIELDS:
            raise ConfigError(f"unknown field '{canon}'; known: {', '.join(CANONICAL_FIELDS)}")
        if col not in columns:
            raise ConfigError(f"column '{col}' (for {canon}) is not in the file")
        out[col] = canon
    taken = set(out.values())
    for col in columns:
        if col in out:
            continue
        found = _LOOKUP.get(_header_key(col))
        if found is None or found in taken:
            continue
        canon = found
        out[col] = canon
        taken.add(canon)
    return out


def text_of(value: Any) -> str | None:
    """A value as stripped text; None for missing, NaN and blank values.

    >>> text_of("  Lê Lan "), text_of(float("nan")), text_of("  "), text_of(12)
    ('Lê Lan', None, None, '12')
    """
    if type(value) is str:
        return value.strip() or None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    s = str(value).strip()
    return s or None


@dataclass(slots=True)
class PreparedRecord:
    """A record with every field normalised once (what blocking and comparison use).

    ``problems`` lists fields that were present but could not be read, with the reason;
    ``raw`` keeps the input mapping.

    >>> prepare_record({"id": 7, "full_name": "Bà Lê Thị Hoà"}).full_name
    'Lê Thị Hòa'
    """

    id: str
    full_name: str | None = None
    name_key: str | None = None
    family_key: str | None = None
    given_key: str | None = None
    phonetic: str | None = None
    birth: BirthDate | None = None
    sex: str | None = None
    ids: tuple[IdNumber, ...] = ()
    #: per id: a CCCD whose century/sex and year digits agree with this record's own data
    id_consistent: tuple[bool, ...] = ()
    phone: str | None = None
    address: Address | None = None
    #: the 2025 province code of the address, and its 2025 ward codes (``None``: not worked
    #: out, for records made by hand; see :func:`~vnidmatch.normalize.address.current_units`)
    province: str | None = None
    wards: tuple[str, ...] | None = None
    problems: tuple[str, ...] = ()
    raw: Mapping[str, Any] = field(default_factory=dict)

    def field_value(self, name: str) -> Any:
        """The prepared value compared for a comparison field; other names read the input
        column of that name (for custom comparisons), missing or blank giving None.

        >>> prepare_record({"id": 1, "postcode": "4223"}).field_value("postcode")
        '4223'
        """
        if name == "birth_date":
            return self.birth
        if name == "ids":
            return tuple(zip(self.ids, self.id_consistent)) or None
        if name in _PREPARED_FIELDS:
            return getattr(self, name)
        value = self.raw.get(name)  # a custom comparison on a column of the input
        return None if value is None or str(value).strip() in ("", "nan") else value


_PREPARED_FIELDS = frozenset(PreparedRecord.__dataclass_fields__)


def field_getter(name: str) -> Callable[[PreparedRecord], Any]:
    """``lambda r: r.field_value(name)``, without its dispatch on every call (for batches).

    >>> field_getter("sex")(prepare_record({"id": 1, "sex": "Nữ"}))
    'F'
    """
    if name in _PREPARED_FIELDS and name not in ("birth_date", "ids"):
        return operator.attrgetter(name)
    return operator.methodcaller("field_value", name)


@functools.lru_cache(maxsize=262144)
def _name_fields(name: str) -> tuple[str, str | None, str | None, str | None, str | None] | None:
    """(normalised name, name key, family key, given key, phonetic key) of a raw name, or
    None when nothing is left after cleaning. Names repeat: each is worked out once."""
    keys = name_keys(name)
    if keys is None:
        return None
    norm, key, family, given, phonetic = keys
    return norm, key, family or None, given or None, phonetic


@functools.lru_cache(maxsize=262144)
def address_fields(text: str) -> tuple[Address | None, str | None, tuple[str, ...]]:
    """(parsed address when resolved, its 2025 province code, its 2025 ward codes), memoised.

    >>> address_fields("Phường Bến Thành, Quận 1, TP HCM")[1:]
    ('79', ('26743',))
    """
    a = parse_address(text)
    if not a.is_resolved:
        return None, None, ()
    return (a, *current_units(a))


register_cache(_name_fields)
register_cache(address_fields)


#: the parser of each prepared field, by kind; ``_prepare`` calls them through a table
#: (memoised per batch by :func:`prepare_records`)
_PARSERS: dict[str, Callable[[Any], Any]] = {
    "name": _name_fields, "address": address_fields, "birth": parse_birth_date,
    "phone": normalize_phone, "id": parse_id, "cmnd": functools.partial(parse_id, hint="cmnd"),
}
#: (kind, input column, whether the parser gets the stripped text rather than the raw value)
_COLUMNS = (("name", "full_name", True), ("address", "address", True),
            ("birth", "birth_date", False), ("phone", "phone", False),
            ("id", "id_number", False), ("cmnd", "old_id_number", False))
#: below this many distinct values in all a process pool costs more than it saves
POOL_MIN_VALUES = 20_000


#: a derived kind worked out with the preparation: (kind, input column, whether the function
#: gets the stripped text, function of one value)
Derived = tuple[str, str, bool, Callable[[Any], Any]]


_Column = tuple[str, Callable[[Any], Any], list[str]]  # (kind, function, distinct values)


_address_fields = operator.attrgetter(*Address.__dataclass_fields__)
_birth_fields = operator.attrgetter(*BirthDate.__dataclass_fields__)
#: kinds whose results travel from a forked worker as plain tuples, pickled and read back
#: several times faster than the objects: kind -> (pack, unpack)
_PACKING: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "address": (lambda r: (None if r[0] is None else _address_fields(r[0]), r[1], r[2]),
                lambda r: (None if r[0] is None else Address(*r[0]), r[1], r[2])),
    "birth": (lambda b: None if b is None else _birth_fields(b),
              lambda t: None if t is None else BirthDate(*t)),
    "id": (lambda i: None if i is None else tuple(i),
           lambda t: None if t is None else IdNumber._make(t)),
}
_PACKING["cmnd"] = _PACKING["id"]


#: values of one kind a process takes at a time in the preparation pool
VALUE_CHUNK = 2_000
_Work = list[tuple[int, int, int]]  # chunks of values: (kind's index, start, end)


def _work(shared: tuple[list[_Column], _Work, Any, int], from_end: bool) -> list[Any]:
    """The chunks of values this process takes from the shared counter, worked out: ``(chunk,
    packed, results)`` each, where a forked worker's results of :data:`_PACKING`'s kinds
    are plain tuples, and this process's (every chunk without a pool) as they are."""
    ordered, work, counter, parent = shared
    forked = os.getpid() != parent
    out: list[Any] = []
    for c in claimed(counter, len(work), from_end=from_end):
        k, start, end = work[c]
        kind, func, values = ordered[k]
        got = [func(v) for v in values[start:end]]
        packing = _PACKING.get(kind) if forked else None
        out.append((c, packing is not None, got if packing is None else
                    list(map(packing[0], got))))
    return out


def _distinct_maps(columns: list[_Column], workers: int,
                   by_address: frozenset[str] = frozenset({"address"})
                   ) -> dict[str, dict[str, Any]]:
    """Each distinct value of each kind worked out once; with ``workers > 1`` over that many
    processes (the caller is one), in one fork, a chunk of values at a time. The kinds in
    ``by_address`` are addresses: they come first in the work, the others after them in
    reverse, and the forked workers take chunks from the front while this process takes them
    from the back, so that the addresses of one ward (sorted together) and a name and its
    derived kinds are mostly worked out in one process, whose caches then serve them all."""
    if workers < 2 or sum(len(v) for _, _, v in columns) < POOL_MIN_VALUES:
        return {kind: {v: func(v) for v in values} for kind, func, values in columns}
    ordered = []
    for kind, func, values in columns:
        if kind in by_address:
            # addresses of one ward share their tail, which the parser resolves once per
            # process: kept together, they are resolved once in all
            values = sorted(values, key=lambda v: v.split(",", 1)[-1].strip().lower())
        ordered.append((kind, func, values))
    first = [k for k, (kind, _, _) in enumerate(ordered) if kind in by_address]
    rest = [k for k, (kind, _, _) in enumerate(ordered) if kind not in by_address]
    work: _Work = [(k, start, min(start + VALUE_CHUNK, len(ordered[k][2])))
                   for k in first + rest[::-1]
                   for start in range(0, len(ordered[k][2]), VALUE_CHUNK)]
    # the workers inherit the values and the work: a job only says which end to take from
    done = {c: (packed, got) for c, packed, got in run_forked(
        _work, [True] + [False] * (workers - 1),
        shared=(ordered, work, shared_counter(), os.getpid()))}
    out: dict[str, dict[str, Any]] = {}
    for k, (kind, func, values) in enumerate(ordered):
        results: list[Any] = []
        for c, (kk, start, end) in enumerate(work):
            if kk != k:
                continue
            if c not in done:  # a worker died (run_forked then keeps no pool result): here
                done[c] = (False, [func(v) for v in values[start:end]])
            packed, got = done[c]
            results += map(_PACKING[kind][1], got) if packed else got
        out[kind] = dict(zip(values, results))
    return out


def prepare_records(records: Sequence[Mapping[str, Any]], *,
                    sex_numeric: Mapping[str, str] | None = None, id_field: str = "id",
                    workers: int = 1) -> list[PreparedRecord]:
    """:func:`prepare_record` for many records: each distinct name, address, date, phone and
    identifier text is worked out once, and with ``workers > 1`` (on Linux) over a process
    pool, each process taking a share of every field. The result is the same as preparing
    the records one by one.

    >>> rs = prepare_records([{"id": 1, "full_name": "LE LAN"}, {"id": 2, "full_name": "LE LAN"}])
    >>> [r.name_key for r in rs]
    ['le lan', 'le lan']
    """
    return prepare_batch(records, sex_numeric=sex_numeric, id_field=id_field,
                         workers=workers)[0]


def prepare_batch(records: Sequence[Mapping[str, Any]], *,
                  sex_numeric: Mapping[str, str] | None = None, id_field: str = "id",
                  workers: int = 1, derived: Sequence[Derived] = ()
                  ) -> tuple[list[PreparedRecord], dict[str, dict[Any, Any]]]:
    """:func:`prepare_records`, and the tables of what each distinct value gave: kind
    (``"name"``, ``"address"``, ``"birth"``, ``"phone"``, ``"id"``, ``"cmnd"``, and each
    ``derived`` kind) → input value → result. ``derived`` kinds are worked out in the same
    pool, per distinct value of their column, while that value's parses are still cached
    (the rule engine reads the repairs of names this way).

    >>> rs, tables = prepare_batch([{"id": 1, "phone": "0912 345 678"}],
    ...                            derived=[("digits", "phone", True, len)])
    >>> tables["phone"], tables["digits"]
    ({'0912 345 678': '+84912345678'}, {'0912 345 678': 12})
    """
    prepare, tables = batch_preparer(records, sex_numeric=sex_numeric, id_field=id_field,
                                     workers=workers, derived=derived)
    return [prepare(r) for r in records], tables


def batch_preparer(records: Sequence[Mapping[str, Any]], *,
                   sex_numeric: Mapping[str, str] | None = None, id_field: str = "id",
                   workers: int = 1, derived: Sequence[Derived] = ()
                   ) -> tuple[Callable[[Mapping[str, Any]], PreparedRecord],
                              dict[str, dict[Any, Any]]]:
    """What :func:`prepare_batch` works out before it assembles the records: a function that
    prepares one record of ``records`` from the tables, and the tables. Forked workers can
    then assemble their own share (the rule engine does, while this process prepares the
    whole register for the duplicate search).

    >>> prepare, tables = batch_preparer([{"id": 1, "full_name": "LE LAN"}])
    >>> prepare({"id": 1, "full_name": "LE LAN"}).full_name
    'Le Lan'
    """
    columns = []
    mixed = set()  # kinds whose column holds values other than text (numbers, dates)
    scanned: dict[tuple[str, bool], tuple[list[str], bool]] = {}  # a column read once
    for kind, column, stripped, func in (*((k, c, s, _PARSERS[k]) for k, c, s in _COLUMNS),
                                         *derived):
        got = scanned.get((column, stripped))
        if got is None:
            got = scanned[column, stripped] = _distinct_texts(records, column, stripped)
        if got[1]:
            mixed.add(kind)
        columns.append((kind, func, got[0]))
    tables = _distinct_maps(columns, workers, frozenset(
        {"address", *(kind for kind, column, _, _ in derived if column == "address")}))
    parsers: dict[str, Callable[[Any], Any]] = {}
    for kind, table in tables.items():
        if kind not in _PARSERS:
            continue
        if kind in mixed:  # other types are rare: parsed as they come
            parsers[kind] = lambda v, table=table, func=_PARSERS[kind]: (  # type: ignore[misc]
                table[v] if isinstance(v, str) else func(v))
        else:
            parsers[kind] = table.__getitem__
    return functools.partial(_prepare, sex_numeric=sex_numeric, id_field=id_field,
                             parsers=parsers), tables


def _distinct_texts(records: Sequence[Mapping[str, Any]], column: str, stripped: bool
                    ) -> tuple[list[str], bool]:
    """The distinct texts of a column, in order of first appearance (stripped, blank ones
    left out, with ``stripped``), and whether the column holds values other than text."""
    values: list[Any] = [r.get(column) for r in records]
    if stripped:  # text_of, inlined for text
        values = [(v.strip() or None) if type(v) is str else text_of(v) for v in values]
    mixed = not stripped and any(v is not None and not isinstance(v, str) for v in values)
    texts: dict[Any, None] = dict.fromkeys(
        (v for v in values if isinstance(v, str)) if mixed else values)
    texts.pop(None, None)
    return list(texts), mixed


def prepare_record(record: Mapping[str, Any], *, sex_numeric: Mapping[str, str] | None = None,
                   id_field: str = "id") -> PreparedRecord:
    """Normalise a record's fields. Never raises on bad values: they become ``problems``.

    >>> r = prepare_record({"id": "a", "id_number": "01090012345", "phone": "0169 123 4567",
    ...                     "sex": "Nữ", "address": "P.Bến Thành, Q.1, HCM"})
    >>> r.ids[0].number, r.phone, r.sex, r.province
    ('001090012345', '+84391234567', 'F', '79')
    >>> prepare_record({"id": "b", "id_number": "12345"}).problems
    ('id_number: an identifier has 9 or 12 digits, got 5',)
    """
    return _prepare(record, sex_numeric, id_field, _PARSERS)


def _prepare(record: Mapping[str, Any], sex_numeric: Mapping[str, str] | None, id_field: str,
             parsers: Mapping[str, Callable[[Any], Any]]) -> PreparedRecord:
    # one pass over the fields into locals, one constructor call: this runs once per record
    # of a register, in one process
    problems: list[str] = []
    get = record.get
    rid = get(id_field)
    full_name = name_key = family_key = given_key = phonetic = None
    name = text_of(get("full_name"))
    if name:
        fields = parsers["name"](name)
        if fields is not None:
            full_name, name_key, family_key, given_key, phonetic = fields
        else:
            problems.append("full_name: no name left after cleaning")
    birth = None
    bd = get("birth_date")
    if text_of(bd) is not None:
        birth = parsers["birth"](bd)
        if birth is None:
            problems.append("birth_date: not a date")
    sex = normalize_sex(get("sex"), numeric=dict(sex_numeric) if sex_numeric else None)
    ids: tuple[IdNumber, ...] = ()
    consistent: tuple[bool, ...] = ()
    for fname, kind in _ID_COLUMNS:
        v = get(fname)
        if text_of(v) is None:
            continue
        got = parsers[kind](v)
        if got is None:
            continue
        if got.kind == "invalid":
            problems.append(f"{fname}: {got.error}")
        ids += (got,)
        consistent += (got.birth_year is not None and birth is not None
                       and got.birth_year == birth.year and (sex is None or got.sex == sex),)
    phone = None
    ph = get("phone")
    ph_text = text_of(ph)
    if ph_text is not None:
        phone = parsers["phone"](ph)
        if phone is None and ph_text not in ("0", "không có"):
            problems.append("phone: not a valid Vietnamese number")
    address = province = wards = None
    addr = text_of(get("address"))
    if addr:
        address, province, wards = parsers["address"](addr)
        if address is None:
            problems.append("address: no province recognised")
    return PreparedRecord("" if rid is None else str(rid), full_name, name_key, family_key,
                          given_key, phonetic, birth, sex, ids, consistent, phone, address,
                          province, wards, tuple(problems), record)


_ID_COLUMNS = (("id_number", "id"), ("old_id_number", "cmnd"))
