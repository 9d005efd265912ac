"""Dates of birth: parse the formats found in Vietnamese records into a partial date.

Day first is the national convention (``5/3/1990`` is 5 March); ISO ``yyyy-mm-dd`` is never
read day first. Two-digit years use a pivot: ``yy`` up to the current year's two digits is
20yy, above it 19yy (a date of birth is in the past). Excel serial numbers (1900 system) and
``ngày 5 tháng 3 năm 1990`` are understood; a bare year gives a year-only date; ``01/01/yyyy``
is kept as a full date but flagged as a possible placeholder for "year only". Impossible
dates from old papers (``29/02/1955``, ``31/04/1980``) give no date (``iso`` is empty,
``date`` None) but are kept as read (``reading``), marked invalid with a reason, and never
moved to another day.

>>> parse_birth_date("05/03/1990")
BirthDate(year=1990, month=3, day=5, precision='day')
>>> parse_birth_date("1990").precision
'year'
>>> parse_birth_date("29/02/1955").error
'29 February 1955 does not exist (1955 is not a leap year)'
"""

from __future__ import annotations

import datetime
import math
import re
import time
from dataclasses import dataclass
from typing import Any, Literal

from vnidmatch._tables import table_cache
from vnidmatch.normalize.text import fold_diacritics

__all__ = ["BirthDate", "parse_birth_date"]

Precision = Literal["year", "month", "day"]

_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A possibly partial date of birth.

    ``precision`` is ``"year"``, ``"month"`` or ``"day"``. ``placeholder`` is True for
    ``01/01/yyyy`` (often "year only" in disguise). ``error`` is None for a real calendar date,
    else why the date cannot exist. ``repairs`` lists interpretations made
    (``"two_digit_year"``, ``"excel_serial"``, ``"month_day_swapped"``, ...).

    >>> BirthDate(1990, 3, 5).date
    datetime.date(1990, 3, 5)
    >>> BirthDate(1990).iso
    '1990'
    """

    year: int
    month: int | None = None
    day: int | None = None
    precision: Precision = "day"
    placeholder: bool = False
    error: str | None = None
    repairs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.month is None and self.precision != "year":
            object.__setattr__(self, "precision", "year")
        elif self.month is not None and self.day is None and self.precision == "day":
            object.__setattr__(self, "precision", "month")

    def __repr__(self) -> str:
        extra = ""
        if self.placeholder:
            extra += ", placeholder=True"
        if self.error:
            extra += f", error={self.error!r}"
        return (f"BirthDate(year={self.year}, month={self.month}, day={self.day}, "
                f"precision={self.precision!r}{extra})")

    @property
    def is_valid(self) -> bool:
        """True when the date exists in the calendar."""
        return self.error is None

    @property
    def date(self) -> datetime.date | None:
        """The full date, or None when partial or impossible."""
        if self.precision != "day" or self.error or self.month is None or self.day is None:
            return None
        return datetime.date(self.year, self.month, self.day)

    @property
    def iso(self) -> str:
        """ISO 8601 text at the date's precision: ``1990``, ``1990-03``, ``1990-03-05``;
        empty for an impossible date (:attr:`reading` has what was read).

        >>> parse_birth_date("29/02/1955").iso, parse_birth_date("29/02/1955").reading
        ('', '1955-02-29')
        """
        return "" if self.error else self.reading

    @property
    def reading(self) -> str:
        """The date as read, in ISO order, even when it does not exist (for messages)."""
        if self.precision == "year" or self.month is None:
            return f"{self.year:04d}"
        if self.precision == "month" or self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def _leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _make(y: int, m: int | None, d: int | None, repairs: tuple[str, ...] = ()) -> BirthDate | None:
    if not 1800 <= y <= 2200:
        return None
    if m is None:
        return BirthDate(y, precision="year", repairs=repairs)
    if m == 0:  # "00/00/1990": day and month not known
        return BirthDate(y, precision="year", repairs=(*repairs, "unknown_day_month"))
    if not 1 <= m <= 12:
        return None
    if d is None:
        return BirthDate(y, m, precision="month", repairs=repairs)
    if d == 0:  # "00/03/1990"
        return BirthDate(y, m, precision="month", repairs=(*repairs, "unknown_day"))
    if not 1 <= d <= 31:
        return None
    error = None
    dim = [31, 29 if _leap(y) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    if d > dim:
        if m == 2 and d == 29:
            error = f"29 February {y} does not exist ({y} is not a leap year)"
        else:
            error = f"{d} {_MONTHS[m - 1]} does not exist"
    return BirthDate(y, m, d, "day", placeholder=(d == 1 and m == 1), error=error, repairs=repairs)


def _from_excel(serial: int) -> BirthDate | None:
    if not 1 <= serial <= 80000 or serial == 60:
        return None  # 60 is Excel's fictitious 29/02/1900
    d = _EXCEL_EPOCH + datetime.timedelta(days=serial)
    if serial < 60:
        d += datetime.timedelta(days=1)
    return _make(d.year, d.month, d.day, ("excel_serial",))


def _year2(yy: int, today: datetime.date) -> int:
    return 2000 + yy if yy <= today.year % 100 else 1900 + yy


_SEP = r"\s*[/\-.\s]\s*"
_DMY = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})$")
_YMD = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})$")
_MY = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{4}})$")
_YM = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}})$")
_TIME = re.compile(r"[ tT]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?( ?(am|pm))?(z|[+-]\d{2}:?\d{2})?$")
_WORDS = re.compile(
    r"^(?:ngay\s*(\d{1,2})\s*,?\s*)?(?:thang\s*(\d{1,2})\s*,?\s*)?(?:nam\s*(\d{4}))$"
)
# "?" or "x" for a day or month nobody knew: read as 0 (not known)
_UNKNOWN = re.compile(r"(?<![^/.\-\s])[?x]{1,2}(?=[/.\-\s])")
# a label before the date ("NS: 1990", "sinh năm 1990", "tháng 3/1990"), folded
_LABEL = re.compile(r"^(?:ngay thang nam sinh|ngay sinh|nam sinh|sinh ngay|sinh nam|sinh|ns|dob|"
                    r"date of birth|birth date|ngay|thang)\s*[:.\-]?\s*(?=\d)")
# a date in the lunar calendar, or an estimate: read for its year only
_ONLY_THE_YEAR = (
    (re.compile(r"\(?\s*\b(?:am lich|al)\b\s*\)?"), "lunar_date"),
    (re.compile(r"\(?\s*(?:\b(?:khoang|uoc tinh|uoc chung|tam|chung|khong ro ngay)\b|~|\?)\s*\)?"),
     "approximate"),
)
# English month names, as spreadsheets export them ("05-Mar-1990", "Mar 5, 1990")
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
_D_MON_Y = re.compile(r"^(\d{1,2})[\s\-/.]*([a-z]{3,9})\.?[\s\-/.,]*(\d{4}|\d{2})$")
_MON_D_Y = re.compile(r"^([a-z]{3,9})\.?\s*(\d{1,2}),?\s+(\d{4})$")
_MON_Y = re.compile(r"^([a-z]{3,9})\.?[\s\-/.,]+(\d{4})$")


def _month_name(word: str) -> int | None:
    """1-12 for an English month name or its abbreviation (``Mar``, ``Sept``, ``March``)."""
    for k, name in enumerate(_MONTH_NAMES, 1):
        if len(word) >= 3 and name.startswith(word):
            return k
    return None


@table_cache(maxsize=65536)
def _parse_str(s: str, today: datetime.date) -> BirthDate | None:
    if len(s) == 10 and s[2] == s[5] and s[2] in "/-." and s.isascii():
        # the common dd/mm/yyyy and yyyy-mm-dd shapes, without regular expressions
        dd_, mm_, yyyy = s[:2], s[3:5], s[6:]
        if dd_.isdigit() and mm_.isdigit() and yyyy.isdigit() and int(mm_) <= 12:
            return _make(int(yyyy), int(mm_), int(dd_))
    elif len(s) == 10 and s[4] == s[7] == "-" and s[:4].isdigit() and s[5:7].isdigit() and s[8:].isdigit():
        return _make(int(s[:4]), int(s[5:7]), int(s[8:]))
    s = s.strip().strip("'\"").rstrip(".,;").lower()
    if not s:
        return None
    s = _UNKNOWN.sub("0", _TIME.sub("", s).strip())
    if s.isdigit():
        n = len(s)
        if n == 4:
            return _make(int(s), None, None)
        if n == 8:
            yy, mm, dd = int(s[:4]), int(s[4:6]), int(s[6:])
            if 1800 <= yy <= 2200 and 1 <= mm <= 12:
                return _make(yy, mm, dd, ("yyyymmdd",))
            return _make(int(s[4:]), int(s[2:4]), int(s[:2]), ("ddmmyyyy",))
        if n == 5:
            return _from_excel(int(s))
        return None
    m = re.fullmatch(r"(\d{4,5})\.0+", s)  # a number read back from a spreadsheet
    if m:
        n = int(m.group(1))
        return _make(n, None, None) if len(m.group(1)) == 4 else _from_excel(n)
    m = _YMD.match(s)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DMY.match(s)
    if m:
        a, b, ytxt = int(m.group(1)), int(m.group(2)), m.group(3)
        repairs: tuple[str, ...] = ()
        y = int(ytxt)
        if len(ytxt) == 2:
            y = _year2(y, today)
            repairs = ("two_digit_year",)
        if b > 12 and a <= 12:  # month/day/year written the US way
            return _make(y, a, b, (*repairs, "month_day_swapped"))
        return _make(y, b, a, repairs)
    m = _MY.match(s)
    if m:
        return _make(int(m.group(2)), int(m.group(1)), None)
    m = _YM.match(s)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), None)
    folded = re.sub(r"\s+", " ", fold_diacritics(s)).strip()
    m = _WORDS.match(folded)
    if m:
        dtxt, mtxt = m.group(1), m.group(2)
        return _make(int(m.group(3)), int(mtxt) if mtxt else None,
                     int(dtxt) if dtxt and mtxt else None)
    for marker, repair in _ONLY_THE_YEAR:
        rest = marker.sub(" ", folded).strip()
        if rest != folded:
            # a lunar-calendar date, or an estimate: only its year can be compared
            got = _parse_str(rest, today) if rest else None
            return None if got is None else BirthDate(got.year, precision="year",
                                                      repairs=(*got.repairs, repair))
    unlabelled = _LABEL.sub("", folded, count=1)
    if unlabelled != folded:
        return _parse_str(unlabelled, today)
    return _english(folded, today)


def _english(s: str, today: datetime.date) -> BirthDate | None:
    """Dates with an English month name."""
    if m := _D_MON_Y.match(s):
        day, month, ytxt = int(m.group(1)), _month_name(m.group(2)), m.group(3)
    elif m := _MON_D_Y.match(s):
        month, day, ytxt = _month_name(m.group(1)), int(m.group(2)), m.group(3)
    elif m := _MON_Y.match(s):
        month, day, ytxt = _month_name(m.group(1)), None, m.group(2)
    else:
        return None
    if month is None:
        return None
    if len(ytxt) == 2:
        return _make(_year2(int(ytxt), today), month, day, ("two_digit_year",))
    return _make(int(ytxt), month, day)


def parse_birth_date(value: object, *, today: datetime.date | None = None) -> BirthDate | None:
    """Parse a date of birth; None when missing or unreadable. Never raises.

    Accepts strings, ``datetime.date``/``datetime``, Excel serial numbers (int or float) and
    bare years.

    >>> parse_birth_date("1990-03-05").day, parse_birth_date("5-3-1990").day
    (5, 5)
    >>> parse_birth_date("ngày 5 tháng 3 năm 1990")
    BirthDate(year=1990, month=3, day=5, precision='day')
    >>> parse_birth_date("32874").iso, parse_birth_date(32874.0).iso
    ('1990-01-01', '1990-01-01')
    >>> parse_birth_date("05/03/85", today=datetime.date(2026, 1, 1)).year
    1985
    >>> parse_birth_date("01/01/1960").placeholder
    True
    >>> parse_birth_date("31/04/1980").is_valid
    False
    >>> parse_birth_date("không rõ") is None
    True
    """
    if value is None:
        return None
    if isinstance(value, BirthDate):
        return value
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return _make(value.year, value.month, value.day)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or not value.is_integer()):
            return None
        n = int(value)
        if 1800 <= n <= 2200:
            return _make(n, None, None)
        return _from_excel(n)
    if not isinstance(value, str):
        return None
    return _parse_str(value, today or _today())


def _today() -> datetime.date:
    """Today's date, asked of the clock at most once a second (it decides two-digit years)."""
    now = time.monotonic()
    if now - _TODAY[0] > 1.0:
        _TODAY[:] = [now, datetime.date.today()]
    return _TODAY[1]  # type: ignore[no-any-return]


_TODAY: list[Any] = [-2.0, None]
