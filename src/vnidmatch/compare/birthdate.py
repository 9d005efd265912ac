"""Compare dates of birth: exact, day/month swapped, one-digit typo, a few days off, year only.

>>> from vnidmatch.normalize.birthdate import parse_birth_date as p
>>> birth_date_level(p("05/03/1990"), p("03/05/1990"))
'swapped'
>>> birth_date_similarity(p("1990"), p("05/03/1990"))
0.75
"""

from __future__ import annotations

from vnidmatch.compare.strings import damerau_distance
from vnidmatch.normalize.birthdate import BirthDate

__all__ = ["BIRTH_DATE_LEVELS", "birth_date_level", "birth_date_similarity"]

#: levels from most to least similar, with their similarity
BIRTH_DATE_LEVELS: dict[str, float] = {
    "exact": 1.0,
    "swapped": 0.85,
    "typo": 0.8,
    "year_only": 0.75,
    "near": 0.7,
    "year": 0.3,
    "different": 0.0,
}


def _digits(d: BirthDate) -> str:
    return f"{d.day or 0:02d}{d.month or 0:02d}{d.year:04d}"


def birth_date_level(a: BirthDate | None, b: BirthDate | None, *, near_days: int = 3) -> str | None:
    """The comparison level of two dates of birth, or None when either is missing.

    ``exact``: the same full date (or the same partial date); ``swapped``: day and month
    exchanged; ``typo``: one digit wrong or two adjacent digits exchanged in ``ddmmyyyy``;
    ``year_only``: one side knows only the year (or holds a ``01/01`` placeholder) and the
    years agree; ``near``: at most ``near_days`` apart; ``year``: same year otherwise;
    ``different``.

    >>> from vnidmatch.normalize.birthdate import parse_birth_date as p
    >>> [birth_date_level(p(x), p("05/03/1990")) for x in
    ...  ("5/3/1990", "05/03/1980", "06/03/1990", "01/01/1990", "12/11/1990", "1990", None)]
    ['exact', 'typo', 'typo', 'year_only', 'year', 'year_only', None]
    >>> birth_date_level(p("28/02/1990"), p("02/03/1990"))
    'near'
    """
    if a is None or b is None:
        return None
    if a.precision == b.precision == "day" and (a.year, a.month, a.day) == (b.year, b.month, b.day):
        return "exact"
    full = a.precision == b.precision == "day" and not (a.placeholder or b.placeholder)
    if full:
        if a.year == b.year and a.day == b.month and a.month == b.day:
            return "swapped"
        if damerau_distance(_digits(a), _digits(b)) == 1:
            return "typo"
        da, db = a.date, b.date
        if da is not None and db is not None and abs((da - db).days) <= near_days:
            return "near"
        return "year" if a.year == b.year else "different"
    if a.year != b.year:
        if a.precision == b.precision and damerau_distance(_digits(a), _digits(b)) == 1:
            return "typo"
        return "different"
    # same year, at least one side partial or a placeholder
    if a.precision == b.precision == "month" or (
        a.month is not None and b.month is not None and a.month != b.month
        and not (a.placeholder or b.placeholder)
    ):
        return "exact" if a.month == b.month else "year"
    return "year_only"


def birth_date_similarity(a: BirthDate | None, b: BirthDate | None) -> float | None:
    """Similarity in [0, 1] of two dates of birth (see :func:`birth_date_level`).

    >>> from vnidmatch.normalize.birthdate import parse_birth_date as p
    >>> birth_date_similarity(p("05/03/1990"), p("05/03/1990")), birth_date_similarity(None, p("1990"))
    (1.0, None)
    """
    level = birth_date_level(a, b)
    return None if level is None else BIRTH_DATE_LEVELS[level]
