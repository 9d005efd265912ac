"""Vietnamese phone numbers: normalise to E.164, migrate the 2018 mobile renumbering.

Built on ``phonenumbers`` (region VN). Before validating, vnidmatch repairs what records do to
numbers: separators, ``+84``/``84``/``0084`` prefixes, an Excel float (``912345678.0``), the
leading zero a spreadsheet dropped, and the **2018 conversion of 11-digit mobile numbers** to
10 digits (``0169 xxx xxxx`` → ``039 xxx xxxx``: only the prefix changes). The 2017 landline
area-code change is known too: an old-format landline (``08 3822 3333``, Hồ Chí Minh before
2017) parses as a *valid mobile* in ``phonenumbers``; when the record's date is before the
change, pass ``recorded=`` and the number is converted to its new area code, otherwise it is
flagged ``possible_old_landline``.

>>> normalize_phone("0169 123 4567")
'+84391234567'
>>> normalize_phone("912.345.678")
'+84912345678'
>>> parse_phone("0838223333", recorded=datetime.date(2015, 5, 1)).e164
'+842838223333'
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

import phonenumbers

from vnidmatch._tables import load_table, table_cache
from vnidmatch.ids._util import mask

__all__ = ["Phone", "normalize_phone", "parse_phone", "phone_key"]

PhoneKind = Literal["mobile", "fixed_line", "unknown"]


@dataclass(frozen=True, slots=True)
class Phone:
    """A parsed phone number.

    ``e164`` is None when the number is not valid under current numbering; then ``error``
    says why. ``repairs``: ``"separators"``, ``"country_code"``, ``"lost_leading_zero"``,
    ``"excel_float"``, ``"mobile_2018"``, ``"landline_2017"``. ``possible_old_landline`` is
    True for a 10-digit number that is a valid mobile today but was also a landline before
    the 2017 change.

    >>> parse_phone("01691234567").repairs
    ('mobile_2018',)
    """

    e164: str | None
    kind: PhoneKind
    national: str
    repairs: tuple[str, ...] = ()
    possible_old_landline: bool = False
    error: str | None = None

    @property
    def is_valid(self) -> bool:
        """True when the number is valid under current numbering."""
        return self.e164 is not None

    def __repr__(self) -> str:
        return (f"Phone(kind={self.kind!r}, national={mask(self.national)!r}, "
                f"repairs={self.repairs!r}, "
                f"error={self.error!r})")


@table_cache
def _mobile_map() -> dict[str, str]:
    """'169' -> '39' (national significant digits, without the trunk 0)."""
    return {r["old_prefix"][1:]: r["new_prefix"][1:] for r in load_table("mobile_prefixes")}


@table_cache
def _landline_map() -> dict[str, tuple[str, datetime.date]]:
    """Old area code without the trunk 0 -> (new code without 0, date of the change)."""
    return {
        r["old_code"][1:]: (r["new_code"][1:], datetime.date.fromisoformat(r["phase_start"]))
        for r in load_table("landline_area_codes")
        if r["old_code"] != r["new_code"]
    }



_NON_DIGIT = re.compile(r"[\s.\-()/\u00a0]+")
_EXCEL = re.compile(r"^(\d+)\.0+$")
_SCIENTIFIC = re.compile(r"^(\d)[.,](\d+)[eE]\+?(\d{1,2})$")
# a label before the number ("SĐT: ", "ĐT ", "Tel: "): text before the first digit or "+"
_LABEL = re.compile(r"^[^\d+(]*[^\W\d_][^\d+(]*(?=[+(]?\d)")
# a note after the number ("0912345678 (nhà)", "... - Zalo"): text with letters, no digits
_NOTE = re.compile(r"(?<=\d)[\s,;:.\-–/(]*[^\d]*[^\W\d_][^\d]*$")
# several numbers in one cell ("0912345678 / 0987654321", "...; ...", "... hoặc ...")
_SEVERAL = re.compile(r"\s*(?:[/;,|]|\s-\s|\sho[aặ]c\s|\sor\s)\s*", re.IGNORECASE)
_PLACEHOLDERS = frozenset({"", "0", "không có", "khong co", "không", "ko", "null", "none", "nan",
                           "n/a", "-", "x"})
_TYPE = {
    phonenumbers.PhoneNumberType.MOBILE: "mobile",
    phonenumbers.PhoneNumberType.FIXED_LINE: "fixed_line",
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: "mobile",
}
_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"\uff0b": "+"})


def _old_landline(nsn: str) -> tuple[str, datetime.date] | None:
    """New national number for an old-format landline, with the date of the change."""
    table = _landline_map()
    for k in (3, 2, 1):  # longest old code first
        hit = table.get(nsn[:k])
        if hit is not None and len(nsn) - k in (7, 8):
            return hit[0] + nsn[k:], hit[1]
    return None


_TYPES: dict[tuple[str, int], int] = {}


def _number_type(nsn: str) -> int:
    """phonenumbers' type for a VN number. phonenumbers' VN patterns look at no more than
    the first four digits ("121[0-3]", "1800", "12(?:0[13]|28)") and the length, so the
    answer is cached per (first 4 digits, length): a few thousand entries instead of one
    per number (checked against phonenumbers by a test)."""
    key = (nsn[:4], len(nsn))
    found = _TYPES.get(key)
    if found is None:
        found = _TYPES[key] = int(phonenumbers.number_type(
            phonenumbers.PhoneNumber(country_code=84, national_number=int(nsn))))
    return found


@table_cache(maxsize=131072)
def _parse(raw: str, recorded: datetime.date | None) -> Phone | None:
    cleaned = _clean(raw)
    if cleaned is None:
        return None
    s, repairs = cleaned
    if not s.isdigit():  # several numbers in one cell ("... / ...")?
        several = _first_of_several(s, recorded, repairs)
        if several is not None:
            return several
    digits, plus = _digits(s, repairs)
    if not digits.isdigit() or not digits.isascii():
        return Phone(None, "unknown", digits, tuple(repairs), error="has characters other than digits")
    if set(digits) == {"0"}:
        return None
    return _current(digits, plus, recorded, repairs)


def _clean(raw: str) -> tuple[str, list[str]] | None:
    """The cell without fullwidth digits, quotes, a label before or a note after the
    number, with the repairs so far; None for a placeholder ("không có")."""
    if raw.isdigit() and raw.isascii() and len(raw) == 10 and raw[0] == "0" and raw[1] != "1":
        s = raw  # the common case: a current 10-digit number, nothing to clean
    else:
        s = raw.translate(_FULLWIDTH).strip().strip("'\"`")
    if s.lower() in _PLACEHOLDERS:
        return None
    repairs: list[str] = []
    labelled = s if s.isdigit() else _LABEL.sub("", s, count=1)
    if labelled != s:
        s = labelled
        repairs.append("label")
    if not s.isdigit():
        unnoted = _NOTE.sub("", s)
        if unnoted != s:
            s = unnoted
            repairs.append("note")
        s = s.rstrip(" ,;:")
    return s, repairs


def _first_of_several(s: str, recorded: datetime.date | None,
                      repairs: list[str]) -> Phone | None:
    """The first valid number of a cell with several; the others are left out (and said
    so). None when the cell holds one number or none of them is valid."""
    pieces = [s] if s.isdigit() else _SEVERAL.split(s)
    parts = [p for p in pieces if sum(map(str.isdigit, p)) >= 8] if len(pieces) > 1 else []
    if len(parts) > 1:
        for part in parts:
            got = _parse(part, recorded)
            if got is not None and got.e164 is not None:
                return Phone(got.e164, got.kind, got.national,
                             tuple(dict.fromkeys((*repairs, *got.repairs, "first_of_several"))),
                             got.possible_old_landline)
    return None


def _digits(s: str, repairs: list[str]) -> tuple[str, bool]:
    """(the number's characters without an Excel float, scientific notation, separators or
    leading "+", whether it had a "+")."""
    m = _EXCEL.match(s)
    if m:
        s = m.group(1)
        repairs.append("excel_float")
    m = _SCIENTIFIC.match(s)
    if m:
        whole = str(int(Decimal(s.replace(",", "."))))
        if len(m.group(2)) + 1 >= len(whole):  # every digit written: none was lost
            s = whole
            repairs.append("scientific_notation")
    digits = _NON_DIGIT.sub("", s)
    if digits != s:
        repairs.append("separators")
    plus = digits.startswith("+")
    return digits.lstrip("+"), plus


def _current(digits: str, plus: bool, recorded: datetime.date | None,
             repairs: list[str]) -> Phone:
    """The national number (no country code, no trunk 0) under current numbering (2018
    mobiles, 2017 landlines), validated."""
    if digits.startswith("0084"):
        nsn = digits[4:]
        repairs.append("country_code")
    elif plus and digits.startswith("84"):
        nsn = digits[2:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        nsn = digits[2:]
        repairs.append("country_code")
    elif plus:
        return Phone(None, "unknown", digits, tuple(repairs), error="not a Vietnamese number")
    elif digits.startswith("0"):
        nsn = digits[1:]
    else:
        nsn = digits
        repairs.append("lost_leading_zero")
    nsn = nsn.lstrip("0") if nsn.startswith("0") else nsn  # "+84 0912..." style
    # 2018: 11-digit mobiles (0 + 10) become 10 digits (0 + 9)
    if len(nsn) == 10 and nsn[:3] in _mobile_map():
        nsn = _mobile_map()[nsn[:3]] + nsn[3:]
        repairs.append("mobile_2018")
    possible_old = False
    if len(nsn) in (9, 10) and not nsn.startswith("2"):
        conv = _old_landline(nsn)
        if conv is not None:
            new, start = conv
            if recorded is not None and recorded < start:
                nsn = new
                repairs.append("landline_2017")
            elif len(nsn) == 9:
                possible_old = True
    national = "0" + nsn
    if not 8 <= len(nsn) <= 10:
        return Phone(None, "unknown", national, tuple(repairs), possible_old,
                     error="not a valid number under current Vietnamese numbering")
    ptype = _number_type(nsn)
    if ptype == phonenumbers.PhoneNumberType.UNKNOWN:
        return Phone(None, "unknown", national, tuple(repairs), possible_old,
                     error="not a valid number under current Vietnamese numbering")
    kind: PhoneKind = _TYPE.get(ptype, "unknown")  # type: ignore[assignment]
    if kind != "mobile":
        possible_old = False
    return Phone("+84" + nsn, kind, national, tuple(repairs), possible_old)


def parse_phone(value: object, *, recorded: datetime.date | None = None) -> Phone | None:
    """Parse a Vietnamese phone number; None when missing. Never raises.

    ``recorded``: when the record was written; an old-format landline from before the 2017
    change is then converted to its new area code instead of being read as a mobile.

    >>> parse_phone("+84 (0) 912-345-678").e164
    '+84912345678'
    >>> parse_phone("0838223333").possible_old_landline
    True
    >>> parse_phone("123").error
    'not a valid number under current Vietnamese numbering'
    >>> parse_phone(None) is None
    True
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if math.isnan(value) or not value.is_integer():
            return None
        value = str(int(value))
    elif isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        return None
    return _parse(value, recorded)


def normalize_phone(value: object, *, recorded: datetime.date | None = None) -> str | None:
    """E.164 form (``+84...``) of a valid Vietnamese number, else None.

    >>> normalize_phone("0084912345678"), normalize_phone("84912345678")
    ('+84912345678', '+84912345678')
    >>> normalize_phone("912345678.0"), normalize_phone("không có")
    ('+84912345678', None)
    """
    p = parse_phone(value, recorded=recorded)
    return p.e164 if p else None


def phone_key(value: object) -> str | None:
    """Blocking key: the last 9 national digits after repair and migration (None if invalid).

    >>> phone_key("01691234567") == phone_key("0391234567")
    True
    """
    p = parse_phone(value)
    if p is None or p.e164 is None:
        return None
    return p.e164[-9:]
