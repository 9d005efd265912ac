"""A synthetic population register: households at real rates, clean canonical values.

>>> pop = generate_population(300, seed=1)
>>> len(pop), len({p["household"] for p in pop}) < 150
(300, True)
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Iterator
from typing import Any

from vnidmatch._tables import load_table, table_cache
from vnidmatch.synth.households import Member, household_members
from vnidmatch.synth.names import NameDraws
from vnidmatch.synth.people import BirthYears, IdNumbers, heaped_birth_date, random_date
from vnidmatch.synth.rates import PopulationRates

__all__ = ["Person", "derive_register", "generate_population", "iter_population"]

Person = dict[str, Any]

_STREETS = ("Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt",
            "Quang Trung", "Hùng Vương", "Nguyễn Huệ", "Phan Chu Trinh", "Lê Duẩn",
            "Hà Nội", "Điện Biên Phủ", "Bà Triệu", "Hoàng Diệu", "Trần Phú")  # fmt: skip


@table_cache
def _units() -> tuple[list[dict[str, str]], dict[str, str], dict[str, str], dict[str, str]]:
    """Legacy wards, and the full names of legacy districts, legacy provinces and their
    plain names."""
    wards = [dict(r) for r in load_table("admin_wards") if r["scheme"] == "legacy"]
    districts = {r["code"]: r["full_name"] for r in load_table("admin_districts")}
    legacy = [r for r in load_table("admin_provinces") if r["scheme"] == "legacy"]
    return (wards, districts, {r["code"]: r["full_name"] for r in legacy},
            {r["code"]: r["name"] for r in legacy})


@table_cache
def _units_2025() -> dict[str, str]:
    """Legacy ward code → ``"<2025 ward>, <2025 province>"`` (first successor ward)."""
    wards = {r["code"]: r for r in load_table("admin_wards") if r["scheme"] == "2025"}
    provinces = {r["code"]: r["full_name"] for r in load_table("admin_provinces")
                 if r["scheme"] == "2025"}
    out: dict[str, str] = {}
    for r in sorted(load_table("admin_conversion"), key=lambda r: r["kind"] != "full"):
        new = wards.get(r["new_code"])
        if new and r["old_code"] not in out and new["province_code"] in provinces:
            out[r["old_code"]] = f"{new['full_name']}, {provinces[new['province_code']]}"
    return out


def _street(rng: random.Random, ward_type: str) -> str:
    if ward_type.startswith("Xã") and rng.random() < 0.7:
        return f"{rng.choice(['Thôn', 'Xóm', 'Ấp', 'Bản'])} {rng.randint(1, 12)}"
    if rng.random() < 0.3:
        return f"Số {rng.randint(1, 200)} ngõ {rng.randint(1, 150)} {rng.choice(_STREETS)}"
    return f"Số {rng.randint(1, 400)} {rng.choice(['đường', 'phố'])} {rng.choice(_STREETS)}"


class _Builder:
    def __init__(self, seed: int, today: datetime.date, rates: PopulationRates) -> None:
        self.rng = random.Random(seed)
        self.names = NameDraws(rates, seed + 1)
        self.years = BirthYears(today.year)
        self.ids = IdNumbers(self.rng)
        self.today, self.rates = today, rates
        self.wards, self.districts, self.provinces, self.province_names = _units()
        self.province_codes = tuple(self.provinces)

    def address(self) -> tuple[str, str, str, str]:
        """(legacy address, 2025 address, legacy province code, legacy ward code)."""
        w = self.rng.choice(self.wards)
        street = _street(self.rng, w["full_name"])
        legacy = ", ".join([street, w["full_name"], self.districts[w["parent"]],
                            self.provinces[w["province_code"]]])
        new = _units_2025().get(w["code"])
        return legacy, f"{street}, {new}" if new else legacy, w["province_code"], w["code"]

    def household(self, number: int, start: int) -> list[Person]:
        rng, rates, today = self.rng, self.rates, self.today
        members = household_members(rng, self.names, self.years, rates, today.year)
        legacy, new, province, ward = self.address()
        shown = new if rng.random() < rates.address_2025_units else legacy
        dates: dict[int, str] = {}
        out: list[Person] = []
        for k, m in enumerate(members):
            if m.twin_of >= 0:
                dates[k] = dates[m.twin_of]
            else:
                dates[k] = heaped_birth_date(rng, random_date(rng, m.birth_year, today), rates)
            out.append(self._person(m, start + k, dates[k], province, number))
            out[-1].update(address=shown, address_legacy=legacy, address_2025=new,
                           province=province, ward=ward,
                           twin_of=f"P{start + m.twin_of + 1:07d}" if m.twin_of >= 0 else "")
        self._phones(members, out)
        return out

    def _person(self, m: Member, index: int, birth: str, province: str, number: int) -> Person:
        rng, rates = self.rng, self.rates
        elsewhere = rates.born_in_other_province * (1.0 if m.relation != "child" else 0.3)
        born_in = rng.choice(self.province_codes) if rng.random() < elsewhere else province
        cmnd = (self.ids.cmnd(self.province_names[province])
                if m.birth_year < 2003 and rng.random() < rates.cmnd_holders else "")
        return {"id": f"P{index + 1:07d}", "full_name": m.full_name, "sex": m.sex,
                "birth_date": birth, "id_number": self.ids.cccd(born_in, m.birth_year, m.sex),
                "old_id_number": cmnd, "phone": "", "household": f"H{number:07d}",
                "relation": m.relation, "birth_province": born_in}

    def _phones(self, members: list[Member], people: list[Person]) -> None:
        rng, rates, year = self.rng, self.rates, self.today.year
        for m, p in zip(members, people):
            age = year - m.birth_year
            own = (rates.own_phone_adults if 16 <= age < 75
                   else rates.own_phone_elderly if age >= 75 else 0.0)
            if rng.random() < own:
                p["phone"] = self.ids.phone()
        shared = next((p["phone"] for p in people if p["phone"]), "")
        if shared and rng.random() < rates.household_phone:
            for p in people:
                p["phone"] = p["phone"] or shared


def generate_population(
    n: int, *, seed: int = 0, today: datetime.date = datetime.date(2025, 12, 31),
    rates: PopulationRates | None = None,
) -> list[Person]:
    """``n`` people of a population register, in households, with clean canonical values.

    Fields: ``id``, ``full_name``, ``sex`` (``M``/``F``), ``birth_date`` (ISO, or the year
    alone when the register knows no more), ``id_number`` (CCCD), ``old_id_number``
    (9-digit CMND or empty), ``phone`` (10 digits or empty), ``address`` (as the register
    holds it: legacy or 2025 units), ``address_legacy``, ``address_2025``, ``province`` and
    ``ward`` (legacy codes of the residence), ``birth_province``, ``household``,
    ``relation`` (head, spouse, child, parent), ``twin_of``.

    >>> p = generate_population(5, seed=3)
    >>> [len(x["id_number"]) for x in p]
    [12, 12, 12, 12, 12]
    """
    return list(itertools.islice(iter_population(seed=seed, today=today, rates=rates), n))


def iter_population(
    *, seed: int = 0, today: datetime.date = datetime.date(2025, 12, 31),
    rates: PopulationRates | None = None,
) -> Iterator[Person]:
    """The people of :func:`generate_population`, one household after another, without end
    (``generate_population(n)`` is the first ``n``; for sizes that do not fit in memory).

    >>> people = iter_population(seed=3)
    >>> [p["id"] for p in itertools.islice(people, 3)]
    ['P0000001', 'P0000002', 'P0000003']
    """
    b = _Builder(seed, today, rates or PopulationRates())
    count = number = 0
    while True:
        number += 1
        members = b.household(number, count)
        count += len(members)
        yield from members


def derive_register(*args: Any, **kwargs: Any) -> list[Person]:
    """See :func:`vnidmatch.synth.register.derive_register` (kept here for old imports).

    >>> len(derive_register(generate_population(20, seed=1), seed=1, coverage=1.0,
    ...                     outsiders=0.0))
    20
    """
    from vnidmatch.synth.register import derive_register as derive

    return derive(*args, **kwargs)
