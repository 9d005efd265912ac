"""Helpers shared by the identifier modules: cleaning and masking digits."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from vnidmatch.exceptions import ValidationError

__all__ = ["PLACEHOLDERS", "clean_digits", "mask", "mask_digit_runs", "passes"]

_TRANS = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "\u00a0": " ", "\u2013": "-", "\u2014": "-"}
)
_SEPARATORS = re.compile(r"[\s.\-_/,;]+")
_LABEL = re.compile(
    r"^(?:s[ốo]\s*)?(?:cccd|cmnd|cmt|cc|id|so dinh danh|số định danh|căn cước|can cuoc)?\s*[:#]?\s*",
    re.IGNORECASE,
)
_EXCEL_FLOAT = re.compile(r"^(\d+)\.0+$")
_SCIENTIFIC = re.compile(r"^(\d)(?:[.,](\d+))?[eE]\+?(\d{1,2})$")

#: values that mean "no number" in Vietnamese records
PLACEHOLDERS = frozenset(
    ["không có", "khong co", "chưa có", "chua co", "không", "khong", "ko", "k", "chưa cấp", "chua cap", "null", "none", "nan", "n/a", "na", "-", "--", "x", "xx", "?", "0"]
)


def passes(validate: Callable[[str], str], number: object) -> bool:
    """``validate(number)`` succeeded; False for any ValidationError or non-string junk.

    >>> passes(str.strip, " x "), passes(int, "x")
    (True, False)
    """
    try:
        return bool(validate(number))  # type: ignore[arg-type]
    except (ValidationError, TypeError, ValueError):
        return False


def mask(number: str) -> str:
    """Mask an identifier for logs and messages: first 4 and last 2 characters kept.

    >>> mask("001090012345"), mask("0912345678"), mask("123")
    ('0010******45', '0912****78', '***')
    """
    if len(number) <= 6:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 6) + number[-2:]


#: a run of digits as long as an identifier or a phone number (CMND 9, phone 9-11, CCCD 12)
_DIGIT_RUN = re.compile(r"\d{9,}")


def mask_digit_runs(text: str) -> str:
    """``text`` with every run of 9 or more digits masked by :func:`mask`: what a repr or a
    report shows of a record id or a message that may hold a CCCD, a CMND or a phone.

    >>> mask_digit_runs("001090012345 / 0912345678 / P12")
    '0010******45 / 0912****78 / P12'
    """
    return _DIGIT_RUN.sub(lambda m: mask(m.group()), text)


_APOSTROPHE = ("apostrophe_or_fullwidth",)
_EXCEL = ("excel_float",)
_SEPARATED = ("separators",)
_DROP_SEPARATORS = str.maketrans("", "", " .-")


def _common_shape(value: str) -> tuple[str, tuple[str, ...], None] | None:
    """What :func:`clean_digits` gives for the shapes most cells have — plain digits, a
    leading apostrophe, an Excel ``.0``, digits grouped by spaces, dots or dashes — without
    its general path (an ASCII ``value``); None for anything else."""
    if value.isdigit():
        return value, (), None
    if value[:1] == "'" and value[1:].isdigit():
        return value[1:], _APOSTROPHE, None
    if value[-2:] == ".0" and value[:-2].isdigit():
        return value[:-2], _EXCEL, None
    digits = value.translate(_DROP_SEPARATORS)
    if (digits.isdigit() and value[0] != " " and value[-1] != " "
            and not _EXCEL_FLOAT.match(value)):
        return digits, _SEPARATED, None
    return None


def clean_digits(value: object) -> tuple[str | None, tuple[str, ...], str | None]:
    """Return ``(digits, repairs, problem)`` for a messy identifier value.

    ``digits`` is None for missing values and placeholders. ``problem`` names why the value
    cannot be a number (letters left over, lossy scientific notation) or is None.

    >>> clean_digits(" 001.090.012-345 ")
    ('001090012345', ('separators',), None)
    >>> clean_digits("1090012345.0")
    ('1090012345', ('excel_float',), None)
    >>> clean_digits("không có")
    (None, (), None)
    """
    if type(value) is str and value.isascii():
        shape = _common_shape(value)
        if shape is not None:
            return shape if shape[0].strip("0") else (None, (), None)  # "000...": placeholder
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, (), None
    if isinstance(value, bool):
        return None, (), "not an identifier"
    repairs: list[str] = []
    if isinstance(value, int):
        s = str(value)
    elif isinstance(value, float):
        if not value.is_integer():
            return None, (), "not a whole number"
        s = str(int(value))
        repairs.append("excel_float")
    else:
        s = str(value)
    s = s.translate(_TRANS).strip().strip("'\"`")
    if s.lower() in PLACEHOLDERS or not s:
        return None, (), None
    if s != str(value).strip():
        repairs.append("apostrophe_or_fullwidth")
    labelled = _LABEL.sub("", s, count=1)
    if labelled != s and labelled:
        s = labelled
        repairs.append("label")
    m = _EXCEL_FLOAT.match(s)
    if m:
        s = m.group(1)
        repairs.append("excel_float")
    m = _SCIENTIFIC.match(s)
    if m:
        try:
            n = Decimal(s.replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the regex only lets numbers through
            return None, (), "not a number"
        digits = str(int(n))
        significant = 1 + len(m.group(2) or "")
        repairs.append("scientific_notation")
        if significant < len(digits.rstrip("0")) or significant < len(digits) - 1:
            return digits, tuple(repairs), "scientific notation lost digits"
        return digits, tuple(repairs), None
    stripped = _SEPARATORS.sub("", s)
    if stripped != s:
        repairs.append("separators")
    if not stripped.isdigit() or not stripped.isascii():
        return stripped, tuple(repairs), "has characters other than digits"
    if set(stripped) == {"0"}:
        return None, (), None
    return stripped, tuple(repairs), None
