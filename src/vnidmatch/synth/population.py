"""A synthetic population register and registers derived from it."""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
from collections.abc import Sequence
from typing import Any

from vnidmatch._tables import load_table, table_cache
from vnidmatch.synth.corrupt import CorruptionRates, corrupt_record

__all__ = ["derive_register", "generate_population"]

Person = dict[str, Any]

_MOBILE_PREFIXES = ("090", "091", "093", "094", "096", "097", "098", "086", "088", "089",
                    "032", "033", "034", "035", "036", "037", "038", "039", "070", "076",
                    "077", "078", "079", "081", "082", "083", "084", "085", "056", "058")  # fmt: skip


class _Weighted:
    def __init__(self, items: Sequence[tuple[str, float]]) -> None:
        self.values = [v for v, _ in items]
        self.cum = list(itertools.accumulate(w for _, w in items))

    def draw(self, rng: random.Random) -> str:
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


@table_cache
def _name_tables() -> dict[str, _Weighted]:
    rows = load_table("name_tokens")
    fam = [(r["token"], float(r["surname"])) for r in rows
           if int(r["surname"]) >= 3 and int(r["surname"]) > int(r["middle_m"]) + int(r["given_m"])]
    out = {"family": _Weighted(fam)}
    for sex, col in (("M", "male_count"), ("F", "female_count")):
        mids = [(r["middle"], float(r[col])) for r in load_table("middle_names") if int(r[col]) > 0]
        out[f"middle_{sex}"] = _Weighted(mids)
        gcol = "given_m" if sex == "M" else "given_f"
        # popularity is sharpened a little: names cluster by cohort and region, so a real
        # register has more namesakes than independent draws from national counts give
        giv = [(r["token"], float(r[gcol]) ** 1.15) for r in rows if int(r[gcol]) > 0]
        out[f"given_{sex}"] = _Weighted(giv)
    return out


@table_cache
def _units() -> tuple[list[dict[str, str]], dict[str, str], dict[str, str]]:
    wards = [dict(r) for r in load_table("admin_wards") if r["scheme"] == "legacy"]
    districts = {r["code"]: r["full_name"] for r in load_table("admin_districts")}
    provinces = {r["code"]: r["full_name"] for r in load_table("admin_provinces")
                 if r["scheme"] == "legacy"}
    return wards, districts, provinces


@table_cache
def _cccd_provinces() -> tuple[str, ...]:
    return tuple(r["code"] for r in load_table("cccd_provinces"))


@table_cache
def _cmnd_prefixes() -> tuple[str, ...]:
    return tuple(r["prefix"] for r in load_table("cmnd_prefixes") if r["province"])


_STREETS = ("Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt",
            "Quang Trung", "Hùng Vương", "Nguyễn Huệ", "Phan Chu Trinh", "Lê Duẩn",
            "Hà Nội", "Điện Biên Phủ", "Bà Triệu", "Hoàng Diệu", "Trần Phú")  # fmt: skip


def _street(rng: random.Random, ward_type: str) -> str:
    if ward_type.startswith("Xã") and rng.random() < 0.7:
        return f"{rng.choice(['Thôn', 'Xóm', 'Ấp', 'Bản'])} {rng.randint(1, 12)}"
    if rng.random() < 0.3:
        return f"Số {rng.randint(1, 200)} ngõ {rng.randint(1, 150)} {rng.choice(_STREETS)}"
    return f"Số {rng.randint(1, 400)} {rng.choice(['đường', 'phố'])} {rng.choice(_STREETS)}"


def _full_name(rng: random.Random, sex: str, family: str | None = None) -> str:
    t = _name_tables()
    fam = family or t["family"].draw(rng)
    mid = t[f"middle_{sex}"].draw(rng)
    giv = t[f"given_{sex}"].draw(rng)
    return " ".join(p for p in (fam, mid, giv) if p)


class _Ids:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def cccd(self, birth: datetime.date, sex: str) -> str:
        while True:
            prov = self.rng.choice(_cccd_provinces())
            digit = 2 * ((birth.year - 1900) // 100) + (0 if sex == "M" else 1)
            n = f"{prov}{digit}{birth.year % 100:02d}{self.rng.randint(0, 999999):06d}"
            if n not in self.used:
                self.used.add(n)
                return n

    def cmnd(self) -> str:
        while True:
            p = self.rng.choice(_cmnd_prefixes())
            n = p + "".join(str(self.rng.randint(0, 9)) for _ in range(9 - len(p)))
            if n not in self.used:
                self.used.add(n)
                return n

    def phone(self) -> str:
        while True:
            n = self.rng.choice(_MOBILE_PREFIXES) + f"{self.rng.randint(0, 9999999):07d}"
            if n not in self.used:
                self.used.add(n)
                return n


def _birth(rng: random.Random, lo: int, hi: int, today: datetime.date) -> datetime.date:
    age_days = rng.randint(lo * 365, hi * 365 + 364)
    return today - datetime.timedelta(days=age_days)


def generate_population(
    n: int, *, seed: int = 0, today: datetime.date = datetime.date(2025, 12, 31)
) -> list[Person]:
    """``n`` people of a population register, in households, with clean canonical values.

    Fields: ``id``, ``full_name``, ``sex`` (``M``/``F``), ``birth_date`` (ISO), ``id_number``
    (CCCD), ``old_id_number`` (9-digit CMND or empty), ``phone`` (10 digits or empty),
    ``address`` (legacy-scheme text), ``household``, ``twin_of``.

    >>> p = generate_population(5, seed=3)
    >>> [len(x["id_number"]) for x in p]
    [12, 12, 12, 12, 12]
    """
    rng = random.Random(seed)
    ids = _Ids(rng)
    wards, districts, provinces = _units()
    people: list[Person] = []
    household = 0
    while len(people) < n:
        household += 1
        w = rng.choice(wards)
        address = ", ".join([_street(rng, w["full_name"]), w["full_name"],
                             districts[w["parent"]], provinces[w["province_code"]]])
        home_phone = ids.phone() if rng.random() < 0.5 else ""
        members: list[tuple[str, str, datetime.date, str | None]] = []
        size = rng.choices([1, 2, 3, 4, 5], [0.15, 0.25, 0.25, 0.25, 0.10])[0]
        father_family = _name_tables()["family"].draw(rng)
        adults = min(size, rng.choice([1, 2, 2, 2]))
        for i in range(adults):
            sex = "M" if i == 0 else "F"
            members.append((sex, _full_name(rng, sex, father_family if sex == "M" else None),
                            _birth(rng, 25, 85, today), None))
        children = size - adults
        twin_date = None
        for j in range(children):
            sex = rng.choice("MF")
            if twin_date is not None and j == 1:
                bd = twin_date
                twin: str | None = "prev"
            else:
                bd = _birth(rng, 0, 24, today)
                twin = None
                if j == 0 and children >= 2 and rng.random() < 0.08:
                    twin_date = bd
            members.append((sex, _full_name(rng, sex, father_family), bd, twin))
        for sex, name, bd, twin in members:
            if len(people) >= n:
                break
            pid = f"P{len(people) + 1:07d}"
            old = ids.cmnd() if bd.year < 1995 and rng.random() < 0.5 else ""
            own_phone = ids.phone() if today.year - bd.year >= 16 and rng.random() < 0.8 else ""
            people.append({
                "id": pid,
                "full_name": name,
                "sex": sex,
                "birth_date": bd.isoformat(),
                "id_number": ids.cccd(bd, sex),
                "old_id_number": old,
                "phone": own_phone or home_phone,
                "address": address,
                "household": f"H{household:07d}",
                "twin_of": people[-1]["id"] if twin and people else "",
            })
    return people


def derive_register(
    population: Sequence[Person],
    *,
    seed: int = 0,
    coverage: float = 0.8,
    outsiders: float = 0.05,
    rates: CorruptionRates | None = None,
    prefix: str = "V",
) -> list[Person]:
    """A hand-typed register (e.g. vaccinations) copied from ``population`` with corruptions.

    ``coverage`` of the population appear once; ``outsiders`` (a share of the register's
    size) are people who are not in the population register at all. Every record has
    ``true_id``: the population ``id`` it was copied from, or ``""`` for an outsider.

    >>> pop = generate_population(50, seed=1)
    >>> reg = derive_register(pop, seed=1, coverage=1.0, outsiders=0.0)
    >>> len(reg), sum(1 for r in reg if r["true_id"])
    (50, 50)
    """
    rng = random.Random(seed)
    rates = rates or CorruptionRates()
    chosen = [p for p in population if rng.random() < coverage]
    n_out = round(len(chosen) * outsiders)
    strangers = generate_population(n_out, seed=seed + 7919) if n_out else []
    by_household: dict[str, list[Person]] = {}
    for p in population:
        by_household.setdefault(p["household"], []).append(p)
    records = []
    for p in chosen:
        family = by_household.get(p["household"], [])
        records.append((p, p["id"], family))
    for s in strangers:
        records.append((s, "", []))
    rng.shuffle(records)
    out = []
    for i, (p, true_id, family) in enumerate(records):
        rec = corrupt_record(p, rng, rates, household=family)
        rec["id"] = f"{prefix}{i + 1:07d}"
        rec["true_id"] = true_id
        out.append(rec)
    return out
