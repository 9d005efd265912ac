"""Seeded synthetic Vietnamese registers with ground truth, for tests, demos and benchmarks.

Names follow real frequencies (Nguyễn 38.4 % as published; middle and given names by sex
from counted samples), birth years the 2019 census age structure with birth-date heaping,
addresses the official unit lists (legacy and 2025 units), CCCD numbers are consistent with
sex, birth year and birth province, phones use real prefixes. People live in households and
three-generation families (shared address and phone, children with the father's family
name, a few sons named like their father), with twins and people holding a CMND and a CCCD.
A derived register (vaccinations) copies people with the corruptions seen in real records,
some from an address before a move, and holds people absent from the population register,
namesakes among them. Rates are the fields of :class:`PopulationRates` and
:class:`CorruptionRates`; ``docs/synth.md`` gives the source of every default.

>>> pop = generate_population(200, seed=1)
>>> len(pop), sorted(pop[0])[:4]
(200, ['address', 'address_2025', 'address_legacy', 'birth_date'])
>>> reg = derive_register(pop, seed=2)
>>> all("true_id" in r for r in reg)
True
"""

from __future__ import annotations

from vnidmatch.synth.corrupt import CorruptionRates, corrupt_record, messy_address
from vnidmatch.synth.population import generate_population
from vnidmatch.synth.rates import PopulationRates
from vnidmatch.synth.register import derive_register

__all__ = [
    "CorruptionRates",
    "PopulationRates",
    "corrupt_record",
    "derive_register",
    "generate_population",
    "messy_address",
]
