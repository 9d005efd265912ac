"""Prepared records: every field of a record normalised once, for blocking and comparison.

>>> r = prepare_record({"id": 1, "full_name": "NGUYEN VAN AN", "birth_date": "5/3/1990"})
>>> r.name_key, r.birth.iso
('nguyen van an', '1990-03-05')
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from vnidmatch._tables import table_cache
from vnidmatch.ids import IdNumber, parse_id, parse_other_id
from vnidmatch.normalize.address import Address, current_units, parse_address
from vnidmatch.normalize.birthdate import BirthDate, parse_birth_date
from vnidmatch.normalize.name import name_keys
from vnidmatch.normalize.phone import normalize_phone
from vnidmatch.normalize.sex import normalize_sex
from vnidmatch.records.columns import header_field, is_missing, text_of

__all__ = ["COLUMNS", "PARSERS", "PreparedRecord", "address_fields", "field_getter", "prepare_from",
           "prepare_record"]


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
        """The prepared value compared for a comparison field; ``address_text`` is the
        address as written; other names read the input column of that name (for custom
        comparisons; a column that the header mapping renamed is found under its field),
        missing or blank giving None.

        >>> prepare_record({"id": 1, "postcode": "4223"}).field_value("postcode")
        '4223'
        >>> prepare_record({"id": 1, "other_id": "5304218"}).field_value("soc_sec_id")
        '5304218'
        """
        if name == "birth_date":
            return self.birth
        if name == "ids":
            return tuple(zip(self.ids, self.id_consistent)) or None
        if name in _PREPARED_FIELDS:
            return getattr(self, name)
        if name == "address_text":  # the address as written (generic data)
            return text_of(self.raw.get("address"))
        raw = self.raw
        if name in raw:  # a custom comparison on a column of the input
            value = raw[name]
        else:  # a column that the mapping renamed (soc_sec_id is other_id)
            canon = header_field(name)
            value = raw.get(canon) if canon else None
        return None if is_missing(value) else value


_PREPARED_FIELDS = frozenset(PreparedRecord.__dataclass_fields__)


def field_getter(name: str) -> Callable[[PreparedRecord], Any]:
    """``lambda r: r.field_value(name)``, without its dispatch on every call (for batches).

    >>> field_getter("sex")(prepare_record({"id": 1, "sex": "Nữ"}))
    'F'
    """
    if name in _PREPARED_FIELDS and name not in ("birth_date", "ids"):
        return operator.attrgetter(name)
    return operator.methodcaller("field_value", name)


@table_cache(maxsize=262144)
def _name_fields(name: str) -> tuple[str, str | None, str | None, str | None, str | None] | None:
    """(normalised name, name key, family key, given key, phonetic key) of a raw name, or
    None when nothing is left after cleaning. Names repeat: each is worked out once."""
    keys = name_keys(name)
    if keys is None:
        return None
    norm, key, family, given, phonetic = keys
    return norm, key, family or None, given or None, phonetic


@table_cache(maxsize=262144)
def address_fields(text: str) -> tuple[Address | None, str | None, tuple[str, ...]]:
    """(parsed address when resolved, its 2025 province code, its 2025 ward codes), memoised.

    >>> address_fields("Phường Bến Thành, Quận 1, TP HCM")[1:]
    ('79', ('26743',))
    """
    a = parse_address(text)
    if not a.is_resolved:
        return None, None, ()
    return (a, *current_units(a))


#: the parser of each prepared field, by kind; ``prepare_from`` calls them through a table
#: (memoised per batch by :func:`prepare_records`)
PARSERS: dict[str, Callable[[Any], Any]] = {
    "name": _name_fields, "address": address_fields, "birth": parse_birth_date,
    "phone": normalize_phone, "id": parse_id, "cmnd": functools.partial(parse_id, hint="cmnd"),
    "other": parse_other_id,
}
#: (kind, input column, whether the parser gets the stripped text rather than the raw value)
COLUMNS = (("name", "full_name", True), ("address", "address", True),
            ("birth", "birth_date", False), ("phone", "phone", False),
            ("id", "id_number", False), ("cmnd", "old_id_number", False),
            ("other", "other_id", False))


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
    return prepare_from(record, sex_numeric, id_field, PARSERS)


def prepare_from(record: Mapping[str, Any], sex_numeric: Mapping[str, str] | None, id_field: str,
                 parsers: Mapping[str, Callable[[Any], Any]]) -> PreparedRecord:
    """:func:`prepare_record` with the parser of each kind given (a batch's memo tables).

    >>> prepare_from({"id": 1, "sex": "Nam"}, None, "id", PARSERS).sex
    'M'
    """
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


_ID_COLUMNS = (("id_number", "id"), ("old_id_number", "cmnd"), ("other_id", "other"))
