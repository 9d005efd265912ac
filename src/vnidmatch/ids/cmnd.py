"""CMND (Chứng minh nhân dân, the old identity card: 9 digits, or 12 digits from 2012).

A 9-digit number starts with the code of the **issuing** provincial police (residence at
issue, not birthplace): two digits (``01`` Hà Nội, ``02`` Hồ Chí Minh ...) or three (``095``,
``230``, ``285`` ...). The prefix table is partial (see ``docs/identifiers.md``): a prefix in
the accepted range whose province is not known is valid, with ``province`` None. A holder
who moved province got a new number, and a few numbers were issued twice. The 12-digit CMND
(2012–2020) *is* the personal identification number, with the CCCD structure.
CMND cards stopped being valid documents on 31/12/2024; the numbers stay useful for linkage.

>>> validate("012345678")
'012345678'
>>> parse("280123456")
CmndInfo(kind='cmnd9', prefix='280', province='Bình Dương', sex=None, birth_year=None)
>>> validate("991234567")
Traceback (most recent call last):
    ...
vnidmatch.exceptions.InvalidComponent: prefix '99' is not a CMND province prefix
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from vnidmatch._tables import load_table, table_cache
from vnidmatch.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from vnidmatch.ids import cccd
from vnidmatch.ids._util import passes

__all__ = ["CmndInfo", "compact", "format", "is_valid", "parse", "validate"]


@table_cache
def _prefixes() -> dict[str, str]:
    return {r["prefix"]: r["province"] for r in load_table("cmnd_prefixes")}




@dataclass(frozen=True, slots=True)
class CmndInfo:
    """The decoded parts of a CMND number (``sex``/``birth_year`` only for 12 digits).

    >>> parse("001090012345").birth_year
    1990
    """

    kind: Literal["cmnd9", "cmnd12"]
    prefix: str
    province: str | None
    sex: Literal["M", "F"] | None
    birth_year: int | None


def compact(number: str) -> str:
    """Remove separators.

    >>> compact("012 345 678")
    '012345678'
    """
    return cccd.compact(number)


def _prefix(n: str) -> str | None:
    table = _prefixes()
    if n[:3] in table:
        return n[:3]
    if n[:2] in table:
        return n[:2]
    # accepted range without a known province: 01-38 and 09x (facts §2.1)
    if "01" <= n[:2] <= "38":
        return n[:2]
    return None


def validate(number: str) -> str:
    """Return the compact number (9 or 12 digits) or raise a ValidationError.

    >>> validate("001090012345")
    '001090012345'
    """
    n = compact(number)
    if not n.isdigit() or not n.isascii():
        raise InvalidFormat("CMND number must contain only digits")
    if len(n) == 12:
        return cccd.validate(n)
    if len(n) != 9:
        raise InvalidLength(f"CMND number must have 9 or 12 digits, got {len(n)}")
    if _prefix(n) is None:
        raise InvalidComponent(f"prefix '{n[:2]}' is not a CMND province prefix")
    if len(set(n)) == 1:
        raise InvalidComponent("a CMND number cannot repeat one digit")
    return n


def is_valid(number: object) -> bool:
    """True when ``number`` is a valid 9- or 12-digit CMND; never raises.

    >>> is_valid("012345678"), is_valid("12345"), is_valid(None)
    (True, False, False)
    """
    return passes(validate, number)


def format(number: str) -> str:
    """Group the digits in threes (9 digits) or as a CCCD (12 digits).

    >>> format("012345678")
    '012 345 678'
    """
    n = compact(number)
    if len(n) == 12:
        return cccd.format(n)
    return f"{n[:3]} {n[3:6]} {n[6:]}"


def parse(number: str) -> CmndInfo:
    """Validate and decode the prefix (9 digits) or the CCCD structure (12 digits).

    >>> parse("012345678").province
    'Hà Nội'
    """
    n = validate(number)
    if len(n) == 12:
        info = cccd.parse(n)
        return CmndInfo("cmnd12", info.province_code, info.province, info.sex, info.birth_year)
    p = _prefix(n)
    assert p is not None
    return CmndInfo("cmnd9", p, _prefixes().get(p) or None, None, None)
