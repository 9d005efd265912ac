"""Compare dates of birth: exact, day/month swapped, one-digit typo, a few days off, year only.

>>> from vnidmatch.normalize.birthdate import parse_birth_date as p
>>> birth_date_level(p("05/03/1990"), p("03/05/1990"))
'swapped'
>>> birth_date_similarity(p("1990"), p("05/03/1990"))
0.75
"""

from __future__ import annotations

import numpy as np

from vnidmatch.compare._codes import ComparisonLike, FieldCodes, label_indexes, one_edit
from vnidmatch.compare.strings import damerau_distance
from vnidmatch.normalize.birthdate import BirthDate

__all__ = ["BIRTH_DATE_LEVELS", "birth_date_batch", "birth_date_level", "birth_date_similarity"]

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


# ---------------------------------------------------------------------------
# The vectorised twin of birth_date_level: exactly its level on every pair (checked by
# tests/test_compare_twins.py), falling back to it for rare hard cases.
# ---------------------------------------------------------------------------

_PRECISION = {"year": 0, "month": 1, "day": 2}
_NO_DATE = -(10**9)


def _birth_features(codes: FieldCodes) -> dict[str, np.ndarray]:
    got = codes.cache.get("birth")
    if got is None:
        n = len(codes.values)
        year, month, day, prec, ordinal = (np.zeros(n, np.int64) for _ in range(5))
        placeholder = np.zeros(n, bool)
        for k, v in enumerate(codes.values[1:], 1):
            year[k], month[k], day[k] = v.year, v.month or 0, v.day or 0
            prec[k] = _PRECISION[v.precision]
            placeholder[k] = v.placeholder
            d = v.date
            ordinal[k] = d.toordinal() if d is not None else _NO_DATE
        # the eight digits ddmmyyyy, for the one-typo test
        digits = np.stack([day // 10, day % 10, month // 10, month % 10, year // 1000 % 10,
                           year // 100 % 10, year // 10 % 10, year % 10], axis=1)
        got = codes.cache["birth"] = {"year": year, "month": month, "day": day, "prec": prec,
                                      "placeholder": placeholder, "ordinal": ordinal,
                                      "digits": digits}
    return got


def birth_date_batch(codes: FieldCodes, a: np.ndarray, b: np.ndarray,
                     comparison: ComparisonLike, near_days: int = 3) -> np.ndarray:
    """Vectorised :func:`birth_date_level` (``different`` is the
    comparison's last level).

    >>> from vnidmatch.compare.comparison import birth_date_comparison
    >>> from vnidmatch.normalize.birthdate import parse_birth_date as p
    >>> c = birth_date_comparison()
    >>> fc = FieldCodes([None, p("5/3/1990"), p("3/5/1990"), p("1990"), p("6/3/1990")],
    ...                 np.arange(5), np.arange(5), {})
    >>> [c.labels[x] for x in birth_date_batch(fc, np.array([1, 1, 1, 1]), np.array([1, 2, 3, 4]), c)]
    ['exact', 'swapped', 'year_only', 'typo']
    """
    f = _birth_features(codes)
    lab = label_indexes(comparison)
    other = lab["different"]
    ya, yb = f["year"][a], f["year"][b]
    ma, mb = f["month"][a], f["month"][b]
    da, db = f["day"][a], f["day"][b]
    pa, pb = f["prec"][a], f["prec"][b]
    ha, hb = f["placeholder"][a], f["placeholder"][b]
    oa, ob = f["ordinal"][a], f["ordinal"][b]
    typo = one_edit(f["digits"][a], f["digits"][b])
    same_year = ya == yb
    both_days = (pa == 2) & (pb == 2)
    exact = both_days & same_year & (ma == mb) & (da == db)
    full = both_days & ~ha & ~hb
    near = (oa != _NO_DATE) & (ob != _NO_DATE) & (np.abs(oa - ob) <= near_days)
    full_level = np.select(
        [same_year & (da == mb) & (ma == db), typo, near, same_year],
        [lab["swapped"], lab["typo"], lab["near"], lab["year"]], other)
    months_known = ((pa == 1) & (pb == 1)) | ((ma > 0) & (mb > 0) & (ma != mb) & ~ha & ~hb)
    partial_level = np.where(
        ~same_year, np.where((pa == pb) & typo, lab["typo"], other),
        np.where(months_known, np.where(ma == mb, lab["exact"], lab["year"]), lab["year_only"]))
    return np.where(exact, lab["exact"], np.where(full, full_level, partial_level)).astype(np.int8)
