"""Layer 0: Vietnamese identifiers, one module per kind (stdnum style), and :func:`parse_id`.

Each module (:mod:`~vnidmatch.ids.cccd`, :mod:`~vnidmatch.ids.cmnd`) provides ``compact``,
``validate`` (raises), ``is_valid`` (never raises), ``format`` and ``parse``.
:func:`parse_id` recognises which kind a messy value is and repairs what is safely repairable.

>>> parse_id("'01090012345").number
'001090012345'
>>> parse_id("01090012345").repairs
('leading_zero',)
>>> get_id_module("cccd").is_valid("001090012345")
True
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Literal, NamedTuple, Protocol

from vnidmatch._tables import table_cache
from vnidmatch.exceptions import UnknownNameError, ValidationError
from vnidmatch.ids import cccd, cmnd
from vnidmatch.ids._util import clean_digits, mask

__all__ = ["KINDS", "IdModule", "IdNumber", "get_id_module", "mask", "parse_id", "parse_other_id"]

#: ``other``: an identifier of another scheme (social security, insurance, passport, staff
#: or patient number), compared as a string of characters only
IdKind = Literal["cccd", "cmnd9", "cmnd12", "other", "invalid"]


class IdModule(Protocol):
    """The interface every identifier module provides.

    >>> isinstance(get_id_module("cmnd"), ModuleType)
    True
    """

    def compact(self, number: str) -> str: ...
    def validate(self, number: str) -> str: ...
    def is_valid(self, number: object) -> bool: ...
    def format(self, number: str) -> str: ...


_MODULES: dict[str, ModuleType] = {"cccd": cccd, "cmnd": cmnd, "national_id": cccd}
#: names accepted by :func:`get_id_module`
KINDS = tuple(sorted(_MODULES))


def get_id_module(kind: str) -> ModuleType:
    """Return the module for an identifier kind (``"cccd"``, ``"cmnd"``, ``"national_id"``).

    >>> get_id_module("national_id").__name__
    'vnidmatch.ids.cccd'
    >>> get_id_module("ssn")
    Traceback (most recent call last):
        ...
    vnidmatch.exceptions.UnknownNameError: unknown identifier kind 'ssn'; known: cccd, cmnd, national_id
    """
    try:
        return _MODULES[kind]
    except KeyError:
        raise UnknownNameError(
            f"unknown identifier kind '{kind}'; known: {', '.join(KINDS)}"
        ) from None


class IdNumber(NamedTuple):
    """A recognised identifier (immutable; a named tuple, so it is cheap to make).

    ``kind`` is ``"cccd"``, ``"cmnd9"``, ``"cmnd12"``, ``"other"`` (:func:`parse_other_id`) or
    ``"invalid"`` (then ``error`` says why);
    ``number`` is the compact digits (after repairs); ``repairs`` what was repaired.
    The ``repr`` masks the number, so an IdNumber can be logged.

    >>> parse_id("001090012345")
    IdNumber(kind='cccd', number='0010******45', province_code='001', sex='M', birth_year=1990)
    >>> parse_id("123").error
    'an identifier has 9 or 12 digits, got 3'
    """

    kind: IdKind
    number: str
    repairs: tuple[str, ...] = ()
    error: str | None = None
    province_code: str | None = None
    province: str | None = None
    sex: Literal["M", "F"] | None = None
    birth_year: int | None = None

    @property
    def is_valid(self) -> bool:
        """True unless ``kind`` is ``"invalid"``."""
        return self.kind != "invalid"

    @property
    def masked(self) -> str:
        """The number with its middle digits hidden (for logs)."""
        return mask(self.number)

    def __repr__(self) -> str:
        if not self.is_valid:
            return f"IdNumber(kind='invalid', number={self.masked!r}, error={self.error!r})"
        return (
            f"IdNumber(kind={self.kind!r}, number={self.masked!r}, "
            f"province_code={self.province_code!r}, sex={self.sex!r}, "
            f"birth_year={self.birth_year!r})"
        )


_new_id = tuple.__new__  # IdNumber(...) without the named tuple's keyword-handling layer


def _twelve_fast(n: str, hint: str | None, repairs: tuple[str, ...] = ()) -> IdNumber | None:
    """A clean 12-digit string: decode without the general cleaning path."""
    code = n[:3]
    province = cccd._provinces().get(code)
    if province is None:
        return None
    d = ord(n[3]) - 48
    year = 1900 + 100 * (d >> 1) + 10 * ord(n[4]) + ord(n[5]) - 528  # int(n[4:6]), faster
    if d > 1 and year > _this_year():  # born in the 1900s: never in the future
        return None
    return _new_id(IdNumber, ("cmnd12" if hint == "cmnd" else "cccd", n, repairs, None, code,
                              province, "F" if d & 1 else "M", year))


@table_cache(maxsize=1)
def _this_year() -> int:
    import datetime

    return datetime.date.today().year


def _nine(n: str, repairs: tuple[str, ...]) -> IdNumber | None:
    """A 9-digit CMND (what ``cmnd.parse`` decodes, without its exception path), or None."""
    prefix = cmnd._prefix(n)
    if prefix is None or n.count(n[0]) == 9:
        return None
    return _new_id(IdNumber, ("cmnd9", n, repairs, None, prefix,
                              cmnd._prefixes().get(prefix) or None, None, None))


_LEADING_ZERO = ("leading_zero",)
# runs of at least 8 digits, with the separators people type inside a number
_NUMBERS = re.compile(r"\d(?:[ .\-]?\d){7,}")


def _parse_uncached(value: str, hint: str | None) -> IdNumber | None:
    digits, repairs, problem = clean_digits(value)
    if digits is None:
        return None
    if problem:
        return _first_of_several(value, hint) or IdNumber("invalid", digits, repairs, problem)
    n = len(digits)
    if n == 12:
        got = _twelve_fast(digits, hint, repairs)
        if got:
            return got
        try:
            cccd.validate(digits)
        except ValidationError as exc:
            return IdNumber("invalid", digits, repairs, str(exc))
    if n in (10, 11):
        # a spreadsheet drops every leading zero: 001... loses two, 079... one
        got = _twelve_fast(digits.zfill(12), hint, (*repairs, "leading_zero") if repairs
                           else _LEADING_ZERO)
        if got:
            return got
        return IdNumber("invalid", digits, repairs,
                        f"{n} digits: not a CCCD with lost leading zeros")
    if n == 9:
        got = _nine(digits, repairs)
        if got:
            return got
        return IdNumber("invalid", digits, repairs, "9 digits with an unknown CMND prefix")
    if n == 8:
        got = _nine("0" + digits, (*repairs, "leading_zero"))
        if got:
            return got
    return _first_of_several(value, hint) or IdNumber(
        "invalid", digits, repairs, f"an identifier has 9 or 12 digits, got {n}")


# one cache per hint: a cache keyed by the value alone skips building and hashing a key tuple
@table_cache(maxsize=262144)
def _parse_plain(value: str) -> IdNumber | None:
    return _parse_uncached(value, None)


@table_cache(maxsize=65536)
def _parse_hinted(value: str, hint: str) -> IdNumber | None:
    return _parse_uncached(value, hint)


def _parse_str(value: str, hint: str | None) -> IdNumber | None:
    return _parse_plain(value) if hint is None else _parse_hinted(value, hint)


def _first_of_several(value: str, hint: str | None) -> IdNumber | None:
    """One valid number of a cell that holds several ("001090012345 (cũ: 012345678)",
    "CMND ... / CCCD ..."): the first CCCD, the current document, else the first valid one,
    flagged ``first_of_several``; None when the cell does not hold several numbers."""
    found = _NUMBERS.findall(value)
    if len(found) < 2:
        return None
    valid = [got for got in (_parse_str(text, hint) for text in found)
             if got is not None and got.is_valid]
    valid.sort(key=lambda got: got.kind != "cccd")  # stable: CCCDs first, in cell order
    return valid[0]._replace(repairs=(*valid[0].repairs, "first_of_several")) if valid else None




def parse_id(value: object, *, hint: Literal["cccd", "cmnd"] | None = None) -> IdNumber | None:
    """Recognise a CCCD / CMND number in a messy value and repair what is safe to repair.

    Repairs: spaces, dots, dashes, a leading apostrophe, fullwidth digits, labels (``CCCD:``),
    Excel floats (``1090012345.0``), scientific notation (when no digit was lost), and the
    leading zeros a spreadsheet dropped (10 or 11 digits whose zero-padded form is a valid
    CCCD: codes 001–009 lose two zeros; 8 digits whose 0-prefixed form is a valid CMND). Missing values and placeholders (``0``,
    ``000000000000``, ``không có``, ``chưa có``) give None; anything else that is not a valid
    number gives ``kind="invalid"`` with an ``error``. ``hint="cmnd"`` marks 12-digit numbers
    from a CMND column as ``cmnd12``. Never raises.

    >>> parse_id("CCCD: 001 090 012 345").kind
    'cccd'
    >>> parse_id("1.09001234567E+11").number
    '109001234567'
    >>> parse_id("không có") is None, parse_id("000000000000") is None
    (True, True)
    >>> parse_id("079215000001", hint="cmnd").kind
    'cmnd12'
    """
    if isinstance(value, str):
        return _parse_plain(value) if hint is None else _parse_hinted(value, hint)
    digits, _, problem = clean_digits(value)
    if digits is None and problem is None:
        return None
    return _parse_str(digits if digits is not None else str(value), hint)


_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")


@table_cache(maxsize=262144)
def _other_str(value: str) -> IdNumber | None:
    digits, repairs, problem = clean_digits(value)
    if digits is None:
        return None
    if problem is None:
        return _new_id(IdNumber, ("other", digits, repairs, None, None, None, None, None))
    compact = _NOT_ALNUM.sub("", value.strip().upper())
    if not compact or compact.strip("0") == "":
        return None
    return _new_id(IdNumber, ("other", compact, ("separators",) if compact != value else (),
                              None, None, None, None, None))


def parse_other_id(value: object) -> IdNumber | None:
    """An identifier of another scheme (a social security, insurance, passport, staff or
    patient number): ``kind="other"``, its digits (or upper-case letters and digits) with
    separators, an Excel ``.0`` and a leading apostrophe removed; None for missing values and
    placeholders. It is never checked against a CCCD/CMND layout and compares only with
    other identifiers of its kind. Never raises.

    >>> parse_other_id("530-42 18").number, parse_other_id("5304218.0").number
    ('5304218', '5304218')
    >>> parse_other_id(" b 123-4567 ").number, parse_other_id("không có")
    ('B1234567', None)
    """
    if isinstance(value, str):
        return _other_str(value)
    digits, _, problem = clean_digits(value)
    if digits is None or problem is not None:
        return None
    return _other_str(digits)
