"""Column names and values as registers write them: headers mapped to canonical fields,
name and address parts joined, missing values recognised in one place.

Canonical fields (:data:`CANONICAL_FIELDS`): ``id``, ``full_name``, ``birth_date``, ``sex``,
``id_number``, ``old_id_number``, ``other_id``, ``phone``, ``address``. The headers found in
registers and exports (``Họ và tên``, ``HO TEN``, ``Số định danh cá nhân``, ``Mã công dân``,
``SĐT``, ``Nơi thường trú``, ``soc_sec_id``, ...) are mapped by :func:`map_columns`, with or
without diacritics, in any case, with punctuation and extra spaces, composed or decomposed;
this one mapping serves ``link``, ``dedupe``, ``Matcher``, ``check`` and ``check_dataset``.
``STT`` is a row number, not a record id. A name in parts (``Họ`` / ``Tên đệm`` / ``Tên``,
or ``Họ và tên đệm`` / ``Tên``) and an address in parts (street, ward, district, province)
are joined when there is no whole column.

>>> map_columns(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "SĐT", "Địa chỉ"])
{'Họ và tên': 'full_name', 'Ngày sinh': 'birth_date', 'Giới tính': 'sex', 'Số CCCD': 'id_number', 'SĐT': 'phone', 'Địa chỉ': 'address'}
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from vnidmatch._tables import table_cache
from vnidmatch.exceptions import ConfigError
from vnidmatch.normalize.text import fold_diacritics

__all__ = ["CANONICAL_FIELDS", "as_record", "as_records", "column_mapping", "describe_columns", "header_field",
           "is_missing",
           "join_parts", "map_columns", "records_from", "resolve_field", "text_of"]

_log = logging.getLogger("vnidmatch.records")

#: the fields every entry point reads (``other_id``: an identifier of another scheme, such
#: as a social security, insurance or passport number, compared with its own kind only)
CANONICAL_FIELDS = ("id", "full_name", "birth_date", "sex", "id_number", "old_id_number",
                    "other_id", "phone", "address")

#: header keys (folded, lower case, words joined by ``_``) of each field, best first: when
#: two columns of a file name one field, the better-ranked header wins and the other column
#: is kept under its own name
_ALIASES = {
    "id": ("id", "record_id", "rec_id", "unique_id", "uid", "ma", "ma_so", "ma_ban_ghi",
           "ma_doi_tuong", "ma_ho_so", "ma_nguoi", "stt_id"),
    "full_name": ("full_name", "name", "fullname", "ho_ten", "ho_va_ten", "hoten", "hovaten",
                  "ho_ten_day_du", "ten_day_du", "ho_ten_cong_dan", "ho_va_ten_cong_dan",
                  "ten_doi_tuong", "ho_ten_nguoi_tiem", "ho_ten_khai_sinh"),
    "birth_date": ("birth_date", "dob", "date_of_birth", "birthdate", "ngay_sinh",
                   "ngaysinh", "ngay_thang_nam_sinh", "sinh_ngay", "nam_sinh", "namsinh",
                   "birth_year", "yob", "year_of_birth"),
    "sex": ("sex", "gender", "gioi_tinh", "gioitinh", "gioi", "phai", "nam_nu", "gt"),
    "id_number": ("id_number", "national_id", "citizen_id", "cccd", "so_cccd",
                  "so_dinh_danh_ca_nhan", "so_dinh_danh", "ma_dinh_danh", "ma_so_dinh_danh",
                  "ma_cong_dan", "so_ddcn", "id_card", "idcard", "so_can_cuoc",
                  "so_can_cuoc_cong_dan", "can_cuoc_cong_dan", "can_cuoc", "so_the_can_cuoc",
                  "so_cccd_cmnd", "cmnd_cccd", "so_cmnd_cccd", "cccd_cmnd", "so_giay_to",
                  "so_giay_to_tuy_than", "so_cmt", "cmt"),
    "old_id_number": ("old_id_number", "cmnd", "so_cmnd", "cmnd_cu", "so_cmnd_cu",
                      "so_chung_minh_nhan_dan", "chung_minh_nhan_dan", "so_cmt_cu"),
    "other_id": ("other_id", "soc_sec_id", "ssn", "social_security_number",
                 "social_security_id", "national_insurance_number", "nino", "passport",
                 "passport_number", "passport_no", "so_ho_chieu", "ho_chieu", "so_bhxh",
                 "ma_so_bhxh", "ma_bhxh", "so_so_bhxh", "ma_the_bhyt", "so_the_bhyt",
                 "ma_bhyt", "tax_id", "ma_so_thue"),
    "phone": ("phone", "phone_number", "mobile", "telephone", "tel", "so_dien_thoai", "sdt",
              "so_dt", "dien_thoai", "dt", "dtdd", "di_dong", "so_di_dong",
              "dien_thoai_di_dong", "so_dien_thoai_lien_he", "sdt_lien_he"),
    "address": ("address", "addr", "full_address", "dia_chi", "diachi", "dia_chi_thuong_tru",
                "noi_thuong_tru", "thuong_tru", "ho_khau_thuong_tru", "noi_o_hien_tai",
                "cho_o_hien_tai", "dia_chi_hien_tai", "noi_o", "noi_cu_tru", "dia_chi_cu_tru",
                "tam_tru", "noi_tam_tru", "dia_chi_tam_tru", "dia_chi_lien_he"),
}
_LOOKUP = {alias: (canon, rank) for canon, aliases in _ALIASES.items()
           for rank, alias in enumerate(aliases)}

#: name and address parts in separate columns, joined (in this order) when there is no
#: whole column
_PARTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "full_name": (("ho", "family_name", "last_name", "surname", "ho_nguoi", "ho_va_ten_dem",
                   "ho_ten_dem", "ho_dem", "ho_va_dem", "ho_va_chu_dem"),
                  ("ten_dem", "chu_dem", "dem", "middle_name", "ten_lot"),
                  ("ten", "given_name", "first_name", "forename", "ten_goi")),
    "address": (("so_nha", "street_number", "house_number", "street", "duong", "thon_xom",
                 "dia_chi_chi_tiet", "address_1", "address_line_1", "address1",
                 "address_2", "address_line_2", "address2", "street_address"),
                ("phuong_xa", "xa_phuong", "ward", "xa", "phuong", "commune", "suburb",
                 "locality"),
                ("quan_huyen", "huyen", "quan", "district"),
                ("tinh_thanh_pho", "tinh_thanh", "tinh_tp", "tinh", "thanh_pho", "province",
                 "state", "city"),
                ("postcode", "zip", "zip_code", "postal_code", "ma_buu_chinh")),
}
_PART_OF = {alias: canon for canon, groups in _PARTS.items() for g in groups for alias in g}
#: headers of a row number (``STT``): not an identity, so not a record id
_ROW_NUMBER = frozenset({"stt", "so_thu_tu", "so_tt", "tt", "no", "row", "row_number"})


def join_parts(columns: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Columns that hold parts of a name or an address, in the order they are joined:
    ``{field: (column, ...)}``.

    >>> join_parts(["Tên", "Họ và tên đệm", "Tỉnh/Thành phố", "Phường/Xã"])
    {'full_name': ('Họ và tên đệm', 'Tên'), 'address': ('Phường/Xã', 'Tỉnh/Thành phố')}
    """
    keys: dict[str, str] = {}
    for c in columns:
        keys.setdefault(_header_key(c), c)
    out: dict[str, tuple[str, ...]] = {}
    for canon, groups in _PARTS.items():
        found = tuple(keys[a] for group in groups for a in group if a in keys)
        if found:
            out[canon] = found
    return out


@table_cache(maxsize=4096)
def _header_key(name: str) -> str:
    """A header as a key: folded, lower case, runs of anything else as one ``_``."""
    return re.sub(r"[^a-z0-9]+", "_", fold_diacritics(str(name)).lower()).strip("_")


def header_field(header: str) -> str | None:
    """The field a header names, or None (what :func:`map_columns` reads for one column).

    >>> header_field("Số định danh cá nhân"), header_field("soc_sec_id"), header_field("STT")
    ('id_number', 'other_id', None)
    """
    found = _LOOKUP.get(_header_key(header))
    return None if found is None else found[0]


def _option_field(name: str) -> str:
    """The canonical field an option names: a field, or a header that maps to one."""
    if name in CANONICAL_FIELDS:
        return name
    found = _LOOKUP.get(_header_key(name))
    if found is None:
        raise ConfigError(f"unknown field {name!r}; valid fields: {', '.join(CANONICAL_FIELDS)}")
    return found[0]


def map_columns(columns: Iterable[str], explicit: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map file columns to canonical fields: ``{column: field}``.

    ``explicit`` (``{field: column}``, as given with ``--map full_name=ho_ten``; a field may
    also be named by a header that maps to it) wins; other columns are recognised from
    common English and Vietnamese headers. Columns that map to no field (and ``STT``, a row
    number) are left out; when two columns name one field, the better-ranked header wins
    (``Số định danh cá nhân`` before ``Số giấy tờ``) and the other is left out. An explicit
    field or column that does not exist raises :class:`~vnidmatch.exceptions.ConfigError`
    with the valid names.

    >>> map_columns(["ho_ten", "ngaysinh", "x"], {"id": "x"})
    {'x': 'id', 'ho_ten': 'full_name', 'ngaysinh': 'birth_date'}
    >>> map_columns(["MÃ CÔNG DÂN", " Số  điện thoại: ", "Nơi ở hiện tại"])
    {'MÃ CÔNG DÂN': 'id_number', ' Số  điện thoại: ': 'phone', 'Nơi ở hiện tại': 'address'}
    >>> map_columns(["a"], {"ten": "a"})
    Traceback (most recent call last):
    vnidmatch.exceptions.ConfigError: unknown field 'ten'; valid fields: id, full_name, birth_date, sex, id_number, old_id_number, other_id, phone, address
    """
    columns = list(columns)
    out: dict[str, str] = {}
    for name, col in (explicit or {}).items():
        canon = _option_field(name)
        if col not in columns:
            raise ConfigError(f"column {col!r} (for {canon}) is not in the file; its columns: "
                              + ", ".join(map(repr, columns)))
        out[col] = canon
    taken = set(out.values())
    best: dict[str, tuple[int, int, str]] = {}  # field -> (rank of its header, position, column)
    for n, col in enumerate(columns):
        found = None if col in out else _LOOKUP.get(_header_key(col))
        if found is None or found[0] in taken:
            continue
        if found[0] not in best or (found[1], n) < best[found[0]][:2]:
            best[found[0]] = (found[1], n, col)
    chosen = {col: canon for canon, (_, _, col) in best.items()}
    out.update((col, chosen[col]) for col in columns if col in chosen)
    return out


def column_mapping(columns: Iterable[str], explicit: Mapping[str, str] | None = None
                   ) -> dict[str, str]:
    """What every column becomes: its field, ``"full_name (part)"`` / ``"address (part)"``
    for a part that is joined, ``"row number"`` for ``STT``, ``""`` for a column kept under
    its own name.

    >>> column_mapping(["STT", "Họ", "Tên", "Ngày sinh", "Ghi chú"])
    {'STT': 'row number', 'Họ': 'full_name (part)', 'Tên': 'full_name (part)', 'Ngày sinh': 'birth_date', 'Ghi chú': ''}
    """
    columns = list(columns)
    mapped = map_columns(columns, explicit)
    parts = {c: f"{f} (part)" for f, cols in join_parts(columns).items()
             if f not in mapped.values() for c in cols if c not in mapped}
    return {c: mapped.get(c) or parts.get(c)
            or ("row number" if _header_key(c) in _ROW_NUMBER else "") for c in columns}


def describe_columns(columns: Iterable[str], explicit: Mapping[str, str] | None = None) -> str:
    """The mapping of :func:`column_mapping` in one line (what the command line prints).

    >>> describe_columns(["STT", "Họ và tên", "Giới", "SĐT", "Ghi chú"])
    'Họ và tên → full_name, Giới → sex, SĐT → phone; STT: a row number, not an id; kept as they are: Ghi chú'
    """
    mapping = column_mapping(columns, explicit)
    used = ", ".join(f"{c} → {f}" for c, f in mapping.items() if f and f != "row number")
    out = used or "no column maps to a field"
    rows = [c for c, f in mapping.items() if f == "row number"]
    if rows:
        out += f"; {', '.join(rows)}: a row number, not an id"
    kept = [c for c, f in mapping.items() if not f]
    if kept:
        out += "; kept as they are: " + ", ".join(kept)
    return out


def resolve_field(name: str, columns: Iterable[str] = ()) -> str:
    """The field an option names (``--required``, ``CheckOptions.required``): a canonical
    field, a header that maps to one (``Họ và tên`` → ``full_name``), a name or address part
    (``Tên`` → ``full_name``), or one of ``columns`` kept under its own name. Anything else
    raises :class:`~vnidmatch.exceptions.ConfigError` listing the valid fields.

    >>> resolve_field("Họ và tên"), resolve_field("ngay_tiem", ["ngay_tiem"])
    ('full_name', 'ngay_tiem')
    >>> resolve_field("Ho va tn")
    Traceback (most recent call last):
    vnidmatch.exceptions.ConfigError: unknown field 'Ho va tn'; valid fields: id, full_name, birth_date, sex, id_number, old_id_number, other_id, phone, address
    """
    if name in CANONICAL_FIELDS:
        return name
    key = _header_key(name)
    found = _LOOKUP.get(key)
    if found is not None:
        return found[0]
    if key in _PART_OF:
        return _PART_OF[key]
    columns = list(columns)
    if name in columns:
        return name
    other = [c for c in columns if _LOOKUP.get(_header_key(c)) is None
             and _header_key(c) not in _PART_OF and c not in CANONICAL_FIELDS]
    raise ConfigError(f"unknown field {name!r}; valid fields: {', '.join(CANONICAL_FIELDS)}"
                      + (f" (or a column of the file: {', '.join(other)})" if other else ""))


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



def is_missing(value: Any) -> bool:
    """Whether a value counts as missing: None, NaN, blank text, or the text ``nan`` that a
    DataFrame written to CSV leaves.

    >>> [is_missing(v) for v in (None, float("nan"), " ", "nan", "NaN", 0, "Lê")]
    [True, True, True, True, True, False, False]
    """
    text = text_of(value)
    return text is None or text.lower() == "nan"


def records_from(data: Any, *, mapping: Mapping[str, str] | None = None,
                 id_column: str | None = None, keep_other: bool = False
                 ) -> list[dict[str, Any]]:
    """Turn a pandas DataFrame or an iterable of mappings into records with canonical fields.

    Columns are mapped with :func:`map_columns` (the mapping is logged at INFO level on the
    ``vnidmatch.records`` logger; :func:`describe_columns` gives it); a missing id becomes
    the row number (from 1), except in a DataFrame with no id column, where the index is the
    record id (as in recordlinkage; ``id_column`` names the column to use instead).
    ``keep_other`` keeps the columns that map to no field under their own names (custom
    comparisons, blocking keys and rules can read them).

    >>> records_from([{"ho_ten": "Lê Lan", "ngay_sinh": "1990"}])
    [{'full_name': 'Lê Lan', 'birth_date': '1990', 'id': '1'}]
    >>> records_from([{"ho": "Lê", "ten_dem": "Thị", "ten": "Lan", "tinh": "Hà Nội"}])
    [{'full_name': 'Lê Thị Lan', 'address': 'Hà Nội', 'id': '1'}]
    """
    if hasattr(data, "to_dict") and hasattr(data, "columns"):
        rows: list[Mapping[str, Any]] = data.to_dict("records")
        columns = [str(c) for c in data.columns]
        index: list[str] | None = [str(x) for x in data.index]
    else:
        rows = list(data)
        columns = list(rows[0].keys()) if rows else []
        index = None
    explicit = dict(mapping or {})
    if id_column:
        explicit["id"] = id_column
    colmap = map_columns(columns, explicit)
    if index is not None and "id" in colmap.values():
        index = None  # an id column wins over the index
    parts = {f: cols for f, cols in join_parts(columns).items() if f not in colmap.values()}
    if _log.isEnabledFor(logging.INFO):
        _log.info("columns: %s", describe_columns(columns, explicit))
    sep = {"full_name": " ", "address": ", "}
    out = []
    for n, row in enumerate(rows, 1):
        rec = {colmap[k]: v for k, v in row.items() if k in colmap}
        if keep_other:
            for k, v in row.items():
                if k not in colmap and k not in CANONICAL_FIELDS:
                    rec.setdefault(k, v)
        for fld, cols in parts.items():
            values = [str(row[c]).strip() for c in cols if not is_missing(row.get(c))]
            rec[fld] = sep[fld].join(values)
        if index is not None:
            rec["id"] = index[n - 1]
        elif is_missing(rec.get("id")):
            rec["id"] = str(n)
        else:
            rec["id"] = str(rec["id"])
        out.append(rec)
    return out


def as_records(data: Any, id_column: str | None = None) -> Sequence[Mapping[str, Any]]:
    """Input records as mappings: a DataFrame (its index the record id unless ``id_column``
    names a column), or rows with other column names, through :func:`records_from` (columns
    that map to no field kept); canonical rows as they are.

    >>> as_records([{"ho_ten": "Lê Lan"}])
    [{'full_name': 'Lê Lan', 'id': '1'}]
    >>> as_records([{"so": "x1", "full_name": "Lê Lan"}], id_column="so")[0]["id"]
    'x1'
    """
    if hasattr(data, "to_dict") and hasattr(data, "columns"):
        return records_from(data, keep_other=True, id_column=id_column)
    if id_column is not None:
        return records_from(list(data), keep_other=True, id_column=id_column)
    rows = list(data)
    canonical = set(CANONICAL_FIELDS)
    if rows and any(set(r) - canonical for r in rows[:100]):
        return records_from(rows, keep_other=True)  # other column names: map them
    return rows


_CANONICAL = frozenset(CANONICAL_FIELDS)


def as_record(record: Mapping[str, Any], default_id: str = "") -> Mapping[str, Any]:
    """One record with its columns mapped as :func:`as_records` maps a register's (what
    ``Matcher.match_one`` and ``check`` read); a record with canonical keys only is taken as
    it is. Its id is ``default_id`` unless it has one.

    >>> as_record({"Họ và tên": "Lê Lan", "Ngày tiêm": "2021"}, "query")
    {'full_name': 'Lê Lan', 'Ngày tiêm': '2021', 'id': 'query'}
    """
    if _CANONICAL.issuperset(record):
        return record if not is_missing(record.get("id")) else {**record, "id": default_id}
    id_column = next((c for c, f in map_columns(record).items() if f == "id"), None)
    mapped = records_from([record], keep_other=True)[0]
    if id_column is None or is_missing(record[id_column]):
        mapped["id"] = default_id
    return mapped
