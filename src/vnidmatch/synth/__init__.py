"""Seeded synthetic Vietnamese registers with ground truth, for tests, demos and benchmarks.

Names are sampled from real name-part counts, addresses from the official unit lists, CCCD
numbers are consistent with sex, birth year and province, phones use real prefixes.
People live in households (shared address and phone, children with the father's family
name); there are twins and namesakes. A derived register (vaccinations) copies people with
the corruptions seen in real records.

>>> pop = generate_population(200, seed=1)
>>> len(pop), sorted(pop[0])[:4]
(200, ['address', 'birth_date', 'full_name', 'household'])
>>> reg = derive_register(pop, seed=2)
>>> all("true_id" in r for r in reg)
True
"""

from __future__ import annotations

from vnidmatch.synth.corrupt import CorruptionRates, corrupt_record, messy_address
from vnidmatch.synth.population import derive_register, generate_population

__all__ = [
    "CorruptionRates",
    "corrupt_record",
    "derive_register",
    "generate_population",
    "messy_address",
]
