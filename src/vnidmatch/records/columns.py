"""Column names and values as registers write them: headers mapped to canonical fields,
name and address parts joined, missing values recognised in one place.

Canonical fields: ``id``, ``full_name``, ``birth_date``, ``sex``, ``id_number``,
``old_id_number``, ``phone``, ``address``. Column names found in files (``ho_ten``,
``Họ tên``, ``ngay_sinh``, ``so_cccd``, ``sdt``, ``dia_chi``, ...) are mapped by
:func:`map_columns`.

>>> map_columns(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "SĐT", "Địa chỉ"])
{'Họ và tên': 'full_name', 'Ngày sinh': 'birth_date', 'Giới tính': 'sex', 'Số CCCD': 'id_number', 'SĐT': 'phone', 'Địa chỉ': 'address'}
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from vnidmatch.exceptions import ConfigError
from vnidmatch.normalize.text import fold_diacritics

__all__ = ["CANONICAL_FIELDS", "as_records", "is_missing", "join_parts", "map_columns",
           "records_from", "text_of"]

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

    Columns are mapped with :func:`map_columns`; a missing id becomes the row number (from
    1), except in a DataFrame with no id column, where the index is the record id (as in
    recordlinkage; ``id_column`` names the column to use instead). ``keep_other`` keeps the columns that map to no field
    under their own names (custom comparisons and blocking keys can read them).

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
    if id_column and id_column not in columns:
        raise ConfigError(f"id_column {id_column!r} is not a column "
                          f"(columns: {', '.join(columns)})")
    colmap = map_columns(columns, explicit)
    if index is not None and "id" in colmap.values():
        index = None  # an id column wins over the index
    parts = {f: cols for f, cols in join_parts(columns).items() if f not in colmap.values()}
    sep = {"full_name": " ", "address": ", "}
    out = []
    for n, row in enumerate(rows, 1):
        rec = {colmap[k]: v for k, v in row.items() if k in colmap}
        if keep_other:
            for k, v in row.items():
                if k not in colmap and k not in CANONICAL_FIELDS:
                    rec.setdefault(k, v)
        for fld, cols in parts.items():
            values = [str(row[c]).strip() for c in cols if c and not is_missing(row.get(c))]
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
