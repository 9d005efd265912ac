"""CCCD (Căn cước công dân, 12-digit Vietnamese personal identification number).

The number (also printed on the 2024 "thẻ căn cước" and on 12-digit CMND cards) is
``PPP G YY RRRRRR``: ``PPP`` the province or city where the birth was registered (63 codes,
Circular 07/2016/TT-BCA Annex I), ``G`` century and sex (1900s: 0 male, 1 female; 2000s: 2/3;
2100s: 4/5 ...), ``YY`` the last two digits of the birth year, ``RRRRRR`` random. There is
**no check digit** (Decree 137/2015/NĐ-CP Art. 13): typos in the last six digits cannot be
detected; the first six can be checked against the record's province, sex and birth year.
Sources: ``docs/identifiers.md``.

>>> validate("001 0 90 012345")
'001090012345'
>>> parse("079215000001")
CccdInfo(province_code='079', province='Hồ Chí Minh', sex='M', birth_year=2015, serial='000001')
>>> validate("099090012345")
Traceback (most recent call last):
    ...
vnidmatch.exceptions.InvalidComponent: province code '099' is not a CCCD province code
>>> validate("12345")
Traceback (most recent call last):
    ...
vnidmatch.exceptions.InvalidLength: CCCD number must have 12 digits, got 5
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from vnidmatch._tables import load_table, table_cache
from vnidmatch.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from vnidmatch.ids._util import passes

__all__ = ["CccdInfo", "compact", "format", "is_valid", "parse", "province_name", "validate"]

_SEPARATORS = str.maketrans("", "", " .-_/\u00a0'")


@table_cache
def _provinces() -> dict[str, str]:
    return {r["code"]: r["province"] for r in load_table("cccd_provinces")}




def province_name(code: str) -> str | None:
    """Name of the province of birth registration for a 3-digit code, or None.

    >>> province_name("001"), province_name("099")
    ('Hà Nội', None)
    """
    return _provinces().get(code)


@dataclass(frozen=True, slots=True)
class CccdInfo:
    """The decoded parts of a CCCD number.

    >>> parse("001190012345").sex
    'F'
    """

    province_code: str
    province: str
    sex: Literal["M", "F"]
    birth_year: int
    serial: str


def compact(number: str) -> str:
    """Remove spaces, dots, dashes and a leading apostrophe.

    >>> compact("'001 090-012.345")
    '001090012345'
    """
    return str(number).translate(_SEPARATORS).strip()


def validate(number: str, *, today: datetime.date | None = None) -> str:
    """Return the compact number, or raise a :class:`~vnidmatch.exceptions.ValidationError`.

    Checks the length, the province code and that the century digit with the birth-year
    digits does not give a birth in the future.

    >>> validate("036 3 05 000123")
    '036305000123'
    """
    n = compact(number)
    if not n.isdigit() or not n.isascii():
        raise InvalidFormat("CCCD number must contain only digits")
    if len(n) != 12:
        raise InvalidLength(f"CCCD number must have 12 digits, got {len(n)}")
    if n[:3] not in _provinces():
        raise InvalidComponent(f"province code '{n[:3]}' is not a CCCD province code")
    year = 1900 + 100 * (int(n[3]) // 2) + int(n[4:6])
    this_year = (today or datetime.date.today()).year
    if year > this_year:
        raise InvalidComponent(
            f"century digit '{n[3]}' and year digits '{n[4:6]}' give birth year {year}, "
            "which is in the future"
        )
    return n


def is_valid(number: object) -> bool:
    """True when ``number`` is a valid CCCD number; never raises.

    >>> is_valid("001090012345"), is_valid("00109001234"), is_valid(None)
    (True, False, False)
    """
    return passes(validate, number)


def format(number: str) -> str:
    """Group the number as ``PPP G YY RRRRRR``.

    >>> format("001090012345")
    '001 0 90 012345'
    """
    n = compact(number)
    return f"{n[:3]} {n[3]} {n[4:6]} {n[6:]}"


def parse(number: str) -> CccdInfo:
    """Validate and decode province of birth registration, sex and birth year.

    >>> parse("001090012345").birth_year
    1990
    """
    n = validate(number)
    d = int(n[3])
    return CccdInfo(
        province_code=n[:3],
        province=_provinces()[n[:3]],
        sex="M" if d % 2 == 0 else "F",
        birth_year=1900 + 100 * (d // 2) + int(n[4:6]),
        serial=n[6:],
    )
