"""Birth dates from the 2019 census age structure, with heaping; CCCD, CMND and phone numbers.

Birth years follow :data:`~vnidmatch.synth.rates.AGE_SHARES_2019` (ages on 1 April 2019, so
a 5-year group is five birth cohorts; cohorts born after the census take the density of the
0–4 group; 80 and over spreads over ages 80–99, halving every 5 years). A register's date
is heaped on 1 January or known by its year only at the rates of
:class:`~vnidmatch.synth.rates.PopulationRates`.

>>> years = BirthYears(2025)
>>> lo, hi = years.first, years.last
>>> lo, hi
(1919, 2025)
>>> 1950 <= years.draw(random.Random(1), 1950, 1960) <= 1960
True
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random

from vnidmatch._tables import load_table, table_cache
from vnidmatch.synth.rates import AGE_SHARES_2019, PopulationRates

__all__ = ["BirthYears", "IdNumbers", "heaped_birth_date"]

_MOBILE_PREFIXES = ("090", "091", "093", "094", "096", "097", "098", "086", "088", "089",
                    "032", "033", "034", "035", "036", "037", "038", "039", "070", "076",
                    "077", "078", "079", "081", "082", "083", "084", "085", "056", "058")  # fmt: skip


def _year_weights(last_year: int) -> dict[int, float]:
    out: dict[int, float] = {}
    for start, share in AGE_SHARES_2019.items():
        if start < 80:
            for age in range(start, start + 5):
                out[2018 - age] = share / 5
        else:  # 80+: four 5-year steps, each half the one before (1 + .5 + .25 + .125)
            for age in range(80, 100):
                out[2018 - age] = share / 1.875 / 5 * 0.5 ** ((age - 80) // 5)
    for year in range(2019, last_year + 1):
        out[year] = AGE_SHARES_2019[0] / 5
    return dict(sorted(out.items()))


class BirthYears:
    """Birth years drawn from the census age structure, optionally within a range.

    >>> BirthYears(2025).weights[1990] > BirthYears(2025).weights[1940]
    True
    """

    def __init__(self, last_year: int) -> None:
        self.weights = {y: w for y, w in _year_weights(last_year).items() if y <= last_year}
        self.years = list(self.weights)
        self.cum = list(itertools.accumulate(self.weights.values()))
        self.first, self.last = self.years[0], self.years[-1]

    def _cum_before(self, year: int) -> float:
        i = year - self.first
        return 0.0 if i <= 0 else self.cum[min(i, len(self.cum)) - 1]

    def draw(self, rng: random.Random, lo: int | None = None, hi: int | None = None) -> int:
        """A birth year in ``[lo, hi]`` (the whole range by default)."""
        lo = max(self.first, self.first if lo is None else lo)
        hi = min(self.last, self.last if hi is None else hi)
        if lo > hi:
            return hi
        a, b = self._cum_before(lo), self._cum_before(hi + 1)
        return self.years[min(bisect.bisect_right(self.cum, a + rng.random() * (b - a)),
                              hi - self.first)]


def random_date(rng: random.Random, year: int, today: datetime.date) -> datetime.date:
    """A uniform day of ``year``, not after ``today``.

    >>> random_date(random.Random(0), 2025, datetime.date(2025, 1, 1)).isoformat()
    '2025-01-01'
    """
    start = datetime.date(year, 1, 1)
    days = (min(datetime.date(year, 12, 31), today) - start).days
    return start + datetime.timedelta(days=int(rng.random() * (max(days, 0) + 1)))


def heaped_birth_date(rng: random.Random, date: datetime.date, rates: PopulationRates) -> str:
    """The date a register holds: ISO, ``YYYY-01-01`` (heaped) or ``YYYY`` (year only).

    >>> heaped_birth_date(random.Random(0), datetime.date(1950, 6, 3),
    ...                   PopulationRates(jan1_born_before_1960=1.0))
    '1950-01-01'
    """
    y = date.year
    jan1 = (rates.jan1_born_before_1960 if y < 1960 else rates.jan1_born_1960_1979
            if y < 1980 else rates.jan1_born_after_1979)
    year_only = rates.year_only_born_before_1960 if y < 1960 else rates.year_only_born_after_1959
    r = rng.random()
    if r < year_only:
        return str(y)
    if r < year_only + jan1:
        return f"{y}-01-01"
    return date.isoformat()


@table_cache
def _cccd_codes() -> dict[str, str]:
    """Legacy province code (2 digits) → CCCD province code (3 digits)."""
    return {r["code"][1:]: r["code"] for r in load_table("cccd_provinces")}


@table_cache
def _cmnd_prefixes() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    named: dict[str, list[str]] = {}
    for r in load_table("cmnd_prefixes"):
        for prov in r["province"].split(","):
            if prov.strip():
                named.setdefault(prov.strip().removeprefix("TP. "), []).append(r["prefix"])
    every = tuple(r["prefix"] for r in load_table("cmnd_prefixes") if r["province"])
    return {k: tuple(v) for k, v in named.items()}, every


class IdNumbers:
    """Unique CCCD, CMND and mobile numbers, consistent with the person.

    >>> ids = IdNumbers(random.Random(1))
    >>> n = ids.cccd("01", 1990, "F")
    >>> n[:6]
    '001190'
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _fresh(self, make: object) -> str:
        while True:
            n = make()  # type: ignore[operator]
            if n not in self.used:
                self.used.add(n)
                return str(n)

    def cccd(self, province: str, birth_year: int, sex: str) -> str:
        """A CCCD: birth province, century and sex, year, 6-digit serial."""
        code = _cccd_codes().get(province) or self.rng.choice(tuple(_cccd_codes().values()))
        digit = 2 * ((birth_year - 1900) // 100) + (0 if sex == "M" else 1)
        head = f"{code}{digit}{birth_year % 100:02d}"
        rand = self.rng.random
        return self._fresh(lambda: f"{head}{int(rand() * 1_000_000):06d}")

    def cmnd(self, province_name: str = "") -> str:
        """A 9-digit CMND with the prefix of the issuing province when known."""
        named, every = _cmnd_prefixes()
        prefixes = named.get(province_name) or every
        p = self.rng.choice(prefixes)
        k, rand = 9 - len(p), self.rng.random
        return self._fresh(lambda: f"{p}{int(rand() * 10 ** k):0{k}d}")

    def phone(self) -> str:
        """A 10-digit mobile number."""
        rand = self.rng.random
        return self._fresh(lambda: _MOBILE_PREFIXES[int(rand() * len(_MOBILE_PREFIXES))]
                           + f"{int(rand() * 10_000_000):07d}")
