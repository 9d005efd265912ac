"""Households and three-generation families: who lives together, and what they share.

A household shares an address and, for the members without a phone of their own, the head's
phone; children carry the father's family name, siblings of one sex often share a middle
name, a few sons carry their father's or grandfather's full name, twins share a birth date.

>>> from vnidmatch.synth.names import NameDraws
>>> from vnidmatch.synth.people import BirthYears
>>> rng = random.Random(3)
>>> fam = household_members(rng, NameDraws(PopulationRates(), 3), BirthYears(2025),
...                         PopulationRates(nuclear=1.0, single=0, couple=0, single_parent=0,
...                                         three_generation=0), 2025)
>>> fam[0].relation, fam[1].relation
('head', 'spouse')
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from vnidmatch.synth.names import NameDraws
from vnidmatch.synth.people import BirthYears
from vnidmatch.synth.rates import PopulationRates

__all__ = ["Member", "household_members"]

_KIDS = ((1, 2, 3, 4), (0.16, 0.44, 0.26, 0.14))


@dataclass
class Member:
    """One member of a household before ids, dates and addresses are attached.

    >>> Member("child", "M", "Lê Văn An", 2010).twin_of
    -1
    """

    relation: str  # head, spouse, child, parent
    sex: str
    full_name: str
    birth_year: int
    twin_of: int = -1  # index of the twin inside the household


def _spouse_year(rng: random.Random, husband: int, last: int) -> int:
    return min(last - 18, husband + rng.choice((-2, -1, 0, 1, 2, 2, 3, 3, 4, 5, 6, 8)))


def _couple(rng: random.Random, names: NameDraws, year: int, last: int,
            family: str | None = None) -> list[Member]:
    head = Member("head", "M", names.full("M", family, birth_year=year), year)
    wy = _spouse_year(rng, year, last)
    return [head, Member("spouse", "F", names.full("F", birth_year=wy), wy)]


def _children(rng: random.Random, names: NameDraws, rates: PopulationRates, family: str,
              mother_year: int, last: int, fathers: list[Member]) -> list[Member]:
    """Children of a mother born in ``mother_year``; ``fathers``: the father (and his own
    father) whose full name a son may take."""
    kids: list[Member] = []
    shared = {s: (names.middle(s, mother_year + 25)
                  if rng.random() < rates.siblings_share_middle else None) for s in "MF"}
    for _ in range(rng.choices(*_KIDS)[0]):
        year = mother_year + rng.randint(19, 38)
        if year > last:
            continue
        sex = rng.choice("MF")
        births = 2 if rng.random() < rates.twin_deliveries else 1
        first = len(kids)
        for b in range(births):
            if b and rng.random() >= rates.twins_same_sex:
                sex = "F" if sex == "M" else "M"
            name = _child_name(rng, names, rates, family, sex, year, shared[sex], fathers)
            for _ in range(5):  # siblings have different names (twins too)
                if all(k.full_name != name for k in kids):
                    break
                name = names.full(sex, family, shared[sex], year)
            kids.append(Member("child", sex, name, year, first if b else -1))
    return kids


def _child_name(rng: random.Random, names: NameDraws, rates: PopulationRates, family: str,
                sex: str, year: int, middle: str | None, fathers: list[Member]) -> str:
    if sex == "M" and fathers:
        r = rng.random()
        if r < rates.son_named_like_father:
            return fathers[0].full_name
        if len(fathers) > 1 and r < rates.son_named_like_father + rates.son_named_like_grandfather:
            return fathers[1].full_name
    return names.full(sex, family, middle, year)


def _kind(rng: random.Random, rates: PopulationRates) -> str:
    kinds = ("single", "couple", "nuclear", "single_parent", "three_generation")
    return rng.choices(kinds, [getattr(rates, k) for k in kinds])[0]


def household_members(rng: random.Random, names: NameDraws, years: BirthYears,
                      rates: PopulationRates, last: int) -> list[Member]:
    """The members of one household (head first); ``last`` is the latest birth year.

    >>> from vnidmatch.synth.names import NameDraws
    >>> from vnidmatch.synth.people import BirthYears
    >>> r = PopulationRates()
    >>> m = household_members(random.Random(1), NameDraws(r, 1), BirthYears(2025), r, 2025)
    >>> m[0].relation
    'head'
    """
    kind = _kind(rng, rates)
    if kind == "single":
        sex = rng.choice("MF")
        # widowed elders live alone more often than the young (assumption)
        y = (years.draw(rng, last - 95, last - 65) if rng.random() < 0.6
             else years.draw(rng, last - 64, last - 20))
        return [Member("head", sex, names.full(sex, birth_year=y), y)]
    if kind == "couple":  # young couples and empty nests
        y = (years.draw(rng, last - 90, last - 60) if rng.random() < 0.6
             else years.draw(rng, last - 59, last - 20))
        return _couple(rng, names, y, last)
    if kind == "single_parent":
        y = years.draw(rng, last - 60, last - 20)
        mother = Member("head", "F", names.full("F", birth_year=y), y)
        return _join([mother], _children(rng, names, rates, names.family(), y, last, []))
    if kind == "nuclear":
        couple = _couple(rng, names, years.draw(rng, last - 56, last - 21), last)
        family = couple[0].full_name.split()[0]
        return _join(couple, _children(rng, names, rates, family, couple[1].birth_year, last,
                                       [couple[0]]))
    return _three_generations(rng, names, years, rates, last)


def _three_generations(rng: random.Random, names: NameDraws, years: BirthYears,
                       rates: PopulationRates, last: int) -> list[Member]:
    hy = years.draw(rng, last - 60, last - 22)
    gy = min(hy - rng.randint(22, 36), last - 40)
    family = names.family()
    grandpa = Member("parent", "M", names.full("M", family, birth_year=gy), gy)
    couple = _couple(rng, names, hy, last, family)
    if rng.random() < rates.son_named_like_father:
        couple[0].full_name = grandpa.full_name
    elders: list[Member] = []
    r = rng.random()
    if r < 0.8 and last - gy <= 100:
        elders.append(grandpa)
    if r >= 0.5:
        gmy = _spouse_year(rng, gy, last)
        if last - gmy <= 100:
            elders.append(Member("parent", "F", names.full("F", birth_year=gmy), gmy))
    kids = _children(rng, names, rates, family, couple[1].birth_year, last,
                     [couple[0], grandpa])
    return _join(couple + elders, kids)


def _join(adults: list[Member], kids: list[Member]) -> list[Member]:
    for k in kids:  # a twin's index was inside the children; make it inside the household
        if k.twin_of >= 0:
            k.twin_of += len(adults)
    return adults + kids
