"""A hand-typed register derived from a population register, with people absent from it.

Each chosen person is typed once with the corruptions of :class:`CorruptionRates`; some
records hold the address the person had before moving (within or across provinces). The
register also holds people who are not in the population register at all (``outsiders``, a
share of the register's size): ``namesakes`` of them carry the full name, sex and birth year
of a registered person (the same birth date for ``same_date`` of those, the same province for
half), the others are strangers drawn from another population.

>>> from vnidmatch.synth.population import generate_population
>>> reg = derive_register(generate_population(400, seed=1), seed=1, outsiders=0.1)
>>> absent = [r for r in reg if not r["true_id"]]
>>> round(len(absent) / len(reg), 2)
0.1
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from vnidmatch.synth.corrupt import CorruptionRates, corrupt_record
from vnidmatch.synth.people import IdNumbers, random_date
from vnidmatch.synth.population import Person, generate_population

__all__ = ["derive_register"]


def _moved(p: Person, rng: random.Random, rates: CorruptionRates,
           by_province: dict[str, list[Person]], everyone: Sequence[Person]) -> Person:
    """``p`` as it was before a move (the address of another household), or ``p``."""
    if "address_legacy" not in p:
        return p
    r = rng.random()
    if r < rates.moved_province:
        for _ in range(8):
            other = rng.choice(everyone)
            if other["province"] != p["province"]:
                break
    elif r < rates.moved_province + rates.moved_within_province:
        other = rng.choice(by_province[p["province"]])
    else:
        return p
    return {**p, "address": other["address"], "address_legacy": other["address_legacy"],
            "address_2025": other["address_2025"]}


def _namesake(p: Person, rng: random.Random, ids: IdNumbers, same_date: float,
              by_province: dict[str, list[Person]], everyone: Sequence[Person]) -> Person:
    """Another person with ``p``'s full name, sex and birth year, absent from the register."""
    year = int(p["birth_date"][:4])
    if rng.random() < same_date or len(p["birth_date"]) == 4:
        birth = p["birth_date"]
    else:
        birth = random_date(rng, year, datetime.date(year, 12, 31)).isoformat()
    home = rng.choice(by_province[p["province"]] if "province" in p and rng.random() < 0.5
                      else everyone)
    province = str(home.get("province") or "01")
    return {"id": "", "full_name": p["full_name"], "sex": p["sex"], "birth_date": birth,
            "id_number": ids.cccd(province, year, p["sex"]), "old_id_number": "",
            "phone": ids.phone() if rng.random() < 0.8 else "",
            **{k: home[k] for k in ("address", "address_legacy", "address_2025", "province")
               if k in home}}


def derive_register(
    population: Sequence[Person],
    *,
    seed: int = 0,
    coverage: float = 0.8,
    outsiders: float = 0.07,
    rates: CorruptionRates | None = None,
    prefix: str = "V",
    namesakes: float = 0.5,
    same_date: float = 0.3,
) -> list[Person]:
    """A hand-typed register (e.g. vaccinations) copied from ``population`` with corruptions.

    ``coverage`` of the population appear once; ``outsiders`` (a share of the register's
    size) are people who are not in the population register at all, ``namesakes`` of them
    namesakes (same full name, sex and birth year; ``same_date`` of those also the same
    birth date) of registered people. Every record has ``true_id``: the population ``id`` it
    was copied from, or ``""`` for an outsider.

    >>> pop = generate_population(50, seed=1)
    >>> reg = derive_register(pop, seed=1, coverage=1.0, outsiders=0.0)
    >>> len(reg), sum(1 for r in reg if r["true_id"])
    (50, 50)
    """
    for label, value, top in (("coverage", coverage, 1.0), ("namesakes", namesakes, 1.0),
                              ("same_date", same_date, 1.0), ("outsiders", outsiders, 0.99)):
        if not 0.0 <= value <= top:
            raise ValueError(f"derive_register: {label} must be in [0, {top}], not {value}")
    rng = random.Random(seed)
    rates = rates or CorruptionRates()
    chosen = [p for p in population if rng.random() < coverage]
    n_out = round(len(chosen) * outsiders / (1.0 - outsiders))
    n_names = round(n_out * namesakes) if population else 0
    strangers = generate_population(n_out - n_names, seed=seed + 7919) if n_out else []
    by_household: dict[str, list[Person]] = {}
    by_province: dict[str, list[Person]] = {}
    for p in population:
        by_household.setdefault(p["household"], []).append(p)
        if "province" in p:
            by_province.setdefault(p["province"], []).append(p)
    ids = IdNumbers(random.Random(seed + 104729))
    ids.used.update(p["id_number"] for p in population)
    records: list[tuple[Person, str, list[Person]]] = [
        (p, p["id"], by_household.get(p["household"], [])) for p in chosen]
    records += [(_namesake(rng.choice(population), rng, ids, same_date, by_province,
                           population), "", []) for _ in range(n_names)]
    records += [(s, "", []) for s in strangers]
    rng.shuffle(records)
    out = []
    for i, (p, true_id, family) in enumerate(records):
        if true_id:
            p = _moved(p, rng, rates, by_province, population)
        rec = corrupt_record(p, rng, rates, household=family)
        rec["id"] = f"{prefix}{i + 1:07d}"
        rec["true_id"] = true_id
        out.append(rec)
    return out
