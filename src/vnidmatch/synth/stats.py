"""What a generated population holds: namesake rates and the shares the rates aim at.

>>> from vnidmatch.synth.population import generate_population
>>> s = population_summary(generate_population(2000, seed=1))
>>> 3.0 < s["household_size"] < 4.2
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import Any

__all__ = ["namesake_rates", "population_summary"]

Person = dict[str, Any]


def _shared(people: Sequence[Person], key: Callable[[Person], Hashable]) -> float:
    counts = Counter(map(key, people))
    return sum(1 for p in people if counts[key(p)] > 1) / len(people) if people else 0.0


def namesake_rates(people: Sequence[Person]) -> dict[str, float]:
    """Share of people who share their full name and birth year / birth date / birth date and
    province with someone else in ``people``.

    >>> p = [{"full_name": "Lê An", "birth_date": "1990-01-01", "province": "01"},
    ...      {"full_name": "Lê An", "birth_date": "1990-05-01", "province": "01"},
    ...      {"full_name": "Lê Bình", "birth_date": "1990-05-01", "province": "01"}]
    >>> namesake_rates(p)["name_year"], namesake_rates(p)["name_date"]
    (0.6666666666666666, 0.0)
    """
    return {
        "name_year": _shared(people, lambda p: (p["full_name"], p["birth_date"][:4])),
        "name_date": _shared(people, lambda p: (p["full_name"], p["birth_date"])),
        "name_date_province": _shared(
            people, lambda p: (p["full_name"], p["birth_date"], p.get("province"))),
    }


def population_summary(people: Sequence[Person], census_year: int = 2019) -> dict[str, float]:
    """Shares to set beside the rates: household size, twins, CMND holders, family names,
    heaped dates, people born in another province, broad age groups (age in ``census_year``
    of those born before it).

    >>> population_summary([])["people"]
    0.0
    """
    n = len(people)
    if not n:
        return {"people": 0.0}
    children = [p for p in people if p.get("relation") == "child"]
    ages = [census_year - int(p["birth_date"][:4]) for p in people
            if int(p["birth_date"][:4]) < census_year]
    fam = Counter(p["full_name"].split()[0] for p in people)
    out = {
        "people": float(n),
        "household_size": n / len({p["household"] for p in people}),
        "twins_per_child": sum(1 for p in children if p.get("twin_of")) / max(len(children), 1),
        "cmnd_holders": sum(1 for p in people if p.get("old_id_number")) / n,
        "nguyen": fam["Nguyễn"] / n,
        "jan1": sum(1 for p in people if p["birth_date"].endswith("-01-01")) / n,
        "year_only": sum(1 for p in people if len(p["birth_date"]) == 4) / n,
        "born_elsewhere": sum(1 for p in people
                              if p.get("birth_province") not in (None, p.get("province"))) / n,
        "address_2025": sum(1 for p in people
                            if p.get("address_2025") and p["address"] == p["address_2025"]
                            and p["address"] != p.get("address_legacy")) / n,
    }
    phones = Counter(p["phone"] for p in people if p.get("phone"))
    out["shared_phone"] = sum(1 for p in people if phones.get(p.get("phone") or "", 0) > 1) / n
    for label, lo, hi in (("age_0_14", 0, 15), ("age_15_64", 15, 65), ("age_65_plus", 65, 200)):
        out[label] = sum(1 for a in ages if lo <= a < hi) / max(len(ages), 1)
    return out
