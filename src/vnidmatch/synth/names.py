"""Vietnamese names drawn from real frequencies (package tables ``name_tokens``, ``middle_names``).

Family names follow Lê Trung Hoa's published shares (*Họ và tên người Việt Nam*, 3rd ed. 2005:
Nguyễn 38.4 %, Trần 12.1 %, Lê 9.5 %, Phạm 7.0 %, Hoàng/Huỳnh 5.1 %, Phan 4.5 %, Vũ/Võ 3.9 %,
Đặng 2.1 %, Bùi 2.0 %, Đỗ 1.4 %, Hồ 1.3 %, Ngô 1.3 %, Dương 1.0 %, Lý 0.5 %); a shared share
(Hoàng/Huỳnh, Vũ/Võ) is split between the two spellings as in the counted sample, and the
remaining 9.9 % follow the counted sample. The whole middle part (none, one or two words:
this gives the real name lengths) and the given name are drawn by sex from the counts of the
2021 school lists.

>>> d = NameDraws(PopulationRates(), seed=1)
>>> d.family() in d.families
True
>>> d.full("F", "Nguyễn").split()[0]
'Nguyễn'
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence

from vnidmatch._tables import load_table, table_cache
from vnidmatch.synth.rates import PopulationRates

__all__ = ["PUBLISHED_FAMILY_SHARES", "NameDraws", "family_name_weights"]

#: Lê Trung Hoa (2005) via /work/shared/data/names/family_name_frequency.csv (percent); a
#: tuple key is one family name with its northern and southern spelling
PUBLISHED_FAMILY_SHARES: dict[tuple[str, ...], float] = {
    ("Nguyễn",): 38.4, ("Trần",): 12.1, ("Lê",): 9.5, ("Phạm",): 7.0, ("Hoàng", "Huỳnh"): 5.1,
    ("Phan",): 4.5, ("Vũ", "Võ"): 3.9, ("Đặng",): 2.1, ("Bùi",): 2.0, ("Đỗ",): 1.4,
    ("Hồ",): 1.3, ("Ngô",): 1.3, ("Dương",): 1.0, ("Lý",): 0.5,
}
_BLOCK = 4096


@table_cache
def _sample_families() -> tuple[tuple[str, float], ...]:
    rows = load_table("name_tokens")
    return tuple((r["token"], float(r["surname"])) for r in rows
                 if int(r["surname"]) >= 3
                 and int(r["surname"]) > int(r["middle_m"]) + int(r["given_m"]))


def family_name_weights(shares: str = "published") -> tuple[tuple[str, float], ...]:
    """(family name, share) pairs; ``shares`` is ``"published"`` or ``"sample"``.

    >>> w = dict(family_name_weights())
    >>> round(w["Nguyễn"], 3), round(sum(w.values()), 6)
    (0.384, 1.0)
    """
    sample = _sample_families()
    total = sum(c for _, c in sample)
    if shares == "sample":
        return tuple((t, c / total) for t, c in sample)
    if shares != "published":
        raise ValueError(f"unknown family name shares {shares!r}: 'published' or 'sample'")
    counts = dict(sample)
    out: dict[str, float] = {}
    for spellings, pct in PUBLISHED_FAMILY_SHARES.items():
        within = sum(counts.get(s, 0.0) for s in spellings) or 1.0
        for s in spellings:
            out[s] = pct / 100 * counts.get(s, within / len(spellings)) / within
    rest = [(t, c) for t, c in sample if t not in out]
    rest_total = sum(c for _, c in rest)
    left = 1.0 - sum(out.values())
    out.update((t, left * c / rest_total) for t, c in rest)
    return tuple(out.items())


@table_cache
def _middles(sex: str) -> tuple[tuple[str, float], ...]:
    col = "male_count" if sex == "M" else "female_count"
    return tuple((r["middle"], float(r[col])) for r in load_table("middle_names")
                 if int(r[col]) > 0)


@table_cache
def _givens(sex: str) -> tuple[tuple[str, float], ...]:
    col = "given_m" if sex == "M" else "given_f"
    return tuple((r["token"], float(r[col])) for r in load_table("name_tokens")
                 if int(r[col]) > 0)


class _Pool:
    """Weighted draws in blocks (``random.choices`` with cumulative weights is C-fast)."""

    def __init__(self, items: Sequence[tuple[str, float]], rng: random.Random) -> None:
        self.values = [v for v, _ in items]
        self.cum = list(itertools.accumulate(w for _, w in items))
        self.rng = rng
        self._it: Iterator[str] = iter(())

    def draw(self) -> str:
        try:
            return next(self._it)
        except StopIteration:
            self._it = iter(self.rng.choices(self.values, cum_weights=self.cum, k=_BLOCK))
            return next(self._it)


class NameDraws:
    """Seeded draws of family, middle and given names by sex.

    >>> d = NameDraws(PopulationRates(), seed=2)
    >>> len(d.full("M").split()) >= 2
    True
    """

    def __init__(self, rates: PopulationRates, seed: int) -> None:
        rng = random.Random(seed)
        self.rates = rates
        self.families = [t for t, _ in family_name_weights(rates.family_shares)]
        self._family = _Pool(family_name_weights(rates.family_shares), rng)
        self._middle = {s: _Pool(_middles(s), rng) for s in "MF"}
        p = rates.given_name_sharpening
        self._given = {s: _Pool([(t, w ** p) for t, w in _givens(s)], rng) for s in "MF"}
        self.rng = rng

    def family(self) -> str:
        """A family name."""
        return self._family.draw()

    def middle(self, sex: str, birth_year: int = 2000) -> str:
        """A whole middle part ("" when the name has none); older cohorts: more Văn / Thị."""
        r = self.rates
        trad = (r.traditional_middle_before_1975 if birth_year < 1975
                else r.traditional_middle_1975_1995 if birth_year < 1995 else 0.0)
        if trad and self.rng.random() < trad:
            return "Văn" if sex == "M" else "Thị"
        return self._middle[sex].draw()

    def given(self, sex: str) -> str:
        """A given name."""
        return self._given[sex].draw()

    def full(self, sex: str, family: str | None = None, middle: str | None = None,
             birth_year: int = 2000) -> str:
        """A full name; ``family`` and ``middle`` fixed when given."""
        fam = family or self.family()
        mid = self.middle(sex, birth_year) if middle is None else middle
        return " ".join(p for p in (fam, mid, self.given(sex)) if p)
