"""The synthetic registers hold the rates their docs promise (vnidmatch.synth, #17)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from vnidmatch.ids import cccd, cmnd
from vnidmatch.synth import CorruptionRates, PopulationRates, derive_register, generate_population
from vnidmatch.synth.rates import CENSUS_BROAD_AGE_SHARES
from vnidmatch.synth.stats import namesake_rates, population_summary

N = 20_000


@pytest.fixture(scope="module")
def pop() -> list[dict[str, Any]]:
    return generate_population(N, seed=11)


@pytest.fixture(scope="module")
def reg(pop: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return derive_register(pop, seed=12)


def test_same_seed_same_registers_other_seed_other_people() -> None:
    a, b = generate_population(500, seed=4), generate_population(500, seed=4)
    assert a == b
    assert derive_register(a, seed=5) == derive_register(b, seed=5)
    assert derive_register(a, seed=5) != derive_register(a, seed=6)
    other = generate_population(500, seed=7)
    assert sum(x["full_name"] == y["full_name"] for x, y in zip(a, other)) < 50


def test_every_cccd_is_valid_and_agrees_with_sex_year_and_birth_province(pop) -> None:  # type: ignore[no-untyped-def]
    assert len({p["id_number"] for p in pop}) == N
    for p in pop:
        info = cccd.parse(p["id_number"])
        assert cccd.is_valid(p["id_number"]), p["id"]
        assert (info.sex, info.birth_year) == (p["sex"], int(p["birth_date"][:4])), p["id"]
        assert info.province_code == "0" + p["birth_province"], p["id"]
    cmnds = [p["old_id_number"] for p in pop if p["old_id_number"]]
    assert all(cmnd.is_valid(c) for c in cmnds) and len(set(cmnds)) == len(cmnds)


def test_names_follow_the_published_family_shares_and_real_concentration(pop) -> None:  # type: ignore[no-untyped-def]
    fam = Counter(p["full_name"].split()[0] for p in pop)
    assert fam["Nguyễn"] / N == pytest.approx(0.384, abs=0.012)
    assert fam["Trần"] / N == pytest.approx(0.121, abs=0.008)
    top = Counter(p["full_name"] for p in pop).most_common(20)
    assert all(name.startswith("Nguyễn ") for name, _ in top[:5])
    assert sum(c for _, c in top) / N > 0.02  # 20 full names cover over 2 % of people
    women = [p for p in pop if p["sex"] == "F"]
    thi = sum(1 for p in women if p["full_name"].split()[1:2] == ["Thị"]) / len(women)
    assert 0.66 < thi < 0.8  # school lists: 66 % of girls; older cohorts more


def test_households_share_address_phone_and_family_name(pop) -> None:  # type: ignore[no-untyped-def]
    s = population_summary(pop)
    assert 3.2 < s["household_size"] < 3.9  # census 2019: 3.58
    homes: dict[str, list[dict[str, Any]]] = {}
    for p in pop:
        homes.setdefault(p["household"], []).append(p)
    fathers = sons_like_father = 0
    for members in homes.values():
        assert len({m["address"] for m in members}) == 1
        head = members[0]
        kids = [m for m in members if m["relation"] == "child"]
        if head["sex"] == "M" and kids:
            assert all(k["full_name"].split()[0] == head["full_name"].split()[0] for k in kids)
            sons = [k for k in kids if k["sex"] == "M"]
            fathers += len(sons)
            sons_like_father += sum(k["full_name"] == head["full_name"] for k in sons)
    assert 0.01 < sons_like_father / fathers < 0.04  # rate 0.02
    assert s["shared_phone"] > 0.3
    three = sum(1 for m in homes.values() if {"parent", "child"} <= {x["relation"] for x in m})
    assert 0.15 < three / len(homes) < 0.35


def test_twins_cmnd_holders_heaping_movers_and_age_structure(pop) -> None:  # type: ignore[no-untyped-def]
    r = PopulationRates()
    s = population_summary(pop)
    assert s["twins_per_child"] == pytest.approx(r.twin_deliveries, abs=0.004)
    twins = {p["id"]: p for p in pop}
    for p in pop:
        if p["twin_of"]:
            t = twins[p["twin_of"]]
            assert (t["birth_date"], t["household"]) == (p["birth_date"], p["household"])
    old = [p for p in pop if int(p["birth_date"][:4]) < 2003]
    assert sum(1 for p in old if p["old_id_number"]) / len(old) == pytest.approx(
        r.cmnd_holders, abs=0.03)
    assert not any(p["old_id_number"] for p in pop if int(p["birth_date"][:4]) >= 2003)
    assert 0.02 < s["jan1"] < 0.08 and 0.005 < s["year_only"] < 0.02
    assert 0.08 < s["born_elsewhere"] < 0.16
    assert s["address_2025"] == pytest.approx(r.address_2025_units, abs=0.04)
    for key, group in (("age_0_14", "0-14"), ("age_15_64", "15-64"), ("age_65_plus", "65+")):
        assert s[key] * 100 == pytest.approx(CENSUS_BROAD_AGE_SHARES[group], abs=4.0), key


def test_register_holds_absent_people_and_namesakes(pop, reg) -> None:  # type: ignore[no-untyped-def]
    absent = [r for r in reg if not r["true_id"]]
    assert len(absent) / len(reg) == pytest.approx(0.07, abs=0.006)
    present = len(reg) - len(absent)
    assert present / N == pytest.approx(0.8, abs=0.01)
    keys = {(p["full_name"], p["birth_date"][:4]) for p in pop}
    rates = CorruptionRates(name_no_diacritics=0, name_upper=0, name_nfd=0, name_honorific=0,
                            name_drop_middle=0, name_typo=0, name_telex=0, name_vni_mojibake=0,
                            name_old_tone_style=0, date_other_format=0, date_excel_serial=0,
                            date_year_only=0, date_placeholder=0, date_swap=0, date_typo=0)
    clean = [r for r in derive_register(pop, seed=12, rates=rates) if not r["true_id"]]
    # dates typed dd/mm/yyyy (or the year alone): the year is the last four characters
    named = sum(1 for r in clean if (r["full_name"], r["birth_date"][-4:]) in keys)
    assert named / len(clean) == pytest.approx(0.5, abs=0.06)


def test_records_carry_cmnd_cccd_both_or_a_relatives_number(pop, reg) -> None:  # type: ignore[no-untyped-def]
    people = {p["id"]: p for p in pop}
    kinds: Counter[str] = Counter()
    for r in reg:
        if not r["true_id"]:
            continue
        p = people[r["true_id"]]
        digits = "".join(c for c in r["id_number"] if c.isdigit())
        if not p["old_id_number"]:
            continue
        if r["old_id_number"]:
            kinds["both"] += 1
        elif digits.lstrip("0") == p["old_id_number"].lstrip("0"):
            kinds["cmnd"] += 1
        elif digits.lstrip("0") == p["id_number"].lstrip("0"):
            kinds["cccd"] += 1
    total = sum(kinds.values())
    rates = CorruptionRates()
    assert kinds["both"] / total == pytest.approx(rates.id_both, abs=0.03)
    assert kinds["cmnd"] / total == pytest.approx(rates.id_old_cmnd * 0.96, abs=0.04)


def test_movers_type_an_address_of_another_province(pop) -> None:  # type: ignore[no-untyped-def]
    exact = {"address_missing": 0.0, "address_messy": 0.0, "address_new_scheme": 0.0}
    moved = derive_register(pop[:3000], seed=3, outsiders=0.0, coverage=1.0,
                            rates=CorruptionRates(**exact, moved_province=1.0))
    people = {p["id"]: p for p in pop}
    by_address = {p["address_legacy"]: p["province"] for p in pop}
    assert all(by_address[r["address"]] != people[r["true_id"]]["province"] for r in moved)
    typed = derive_register(pop[:3000], seed=3, outsiders=0.0, coverage=1.0,
                            rates=CorruptionRates(**exact))
    share = sum(r["address"] != people[r["true_id"]]["address_legacy"] for r in typed) / 3000
    assert share == pytest.approx(0.07, abs=0.015)  # 3 % across, 4 % within provinces


def test_namesakes_grow_with_the_population() -> None:
    small = namesake_rates(generate_population(2_000, seed=1))
    big = namesake_rates(generate_population(20_000, seed=1))
    assert big["name_year"] > 2 * small["name_year"] > 0
    assert big["name_date"] >= small["name_date"]


def test_rates_out_of_range_are_refused_with_the_field_named() -> None:
    with pytest.raises(ValueError, match=r"PopulationRates\.cmnd_holders must be in"):
        PopulationRates(cmnd_holders=1.5)
    with pytest.raises(ValueError, match="household kinds"):
        PopulationRates(single=0, couple=0, nuclear=0, single_parent=0, three_generation=0)
    with pytest.raises(ValueError, match="outsiders must be in"):
        derive_register(generate_population(10, seed=1), outsiders=1.0)
    only_singles = PopulationRates(single=1, couple=0, nuclear=0, single_parent=0,
                                   three_generation=0)
    assert {p["relation"] for p in generate_population(200, seed=1, rates=only_singles)} == {
        "head"}
