"""The shipped administrative-unit tables checked against each other.

The tables come from two sources (the unit lists of thanglequoc/vietnamese-provinces-database
and the old→new conversion of dvhcvn); the build script joins them, and this test checks
that the result is consistent: counts from the official lists, every code in its scheme,
every conversion row between real units of the right provinces. The source defects found
so far are listed exactly (docs/data-sources.md), so a rebuild that adds one fails here.
"""

from __future__ import annotations

import csv
import importlib.resources
from collections import Counter, defaultdict

import pytest


def _rows(name: str) -> list[dict[str, str]]:
    text = (importlib.resources.files("vnidmatch.data") / f"{name}.tsv").read_text("utf-8")
    return list(csv.DictReader((ln for ln in text.splitlines() if not ln.startswith("#")),
                               delimiter="\t"))


@pytest.fixture(scope="module")
def tables() -> dict[str, list[dict[str, str]]]:
    return {n: _rows(f"admin_{n}") for n in ("provinces", "districts", "wards", "conversion")}


# conversion rows whose old code is not a ward of the last pre-2025 list (units merged
# before 2025-03 or district codes in the source) and the one pair whose codes look swapped
KNOWN_OLD_NOT_LEGACY = {"07693", "07732", "07744", "16387", "16411", "18448", "20176", "20674",
                        "25102", "25174", "25177", "25186", "318", "471", "498", "536", "755"}
# none since the build takes the resolved targets of the shared SOURCE.md §4.3 (dvhcvn had
# old 23938 → 23737, the code typo of dispatch 1027, and 30622 → 30259 across provinces)
KNOWN_NEW_NOT_2025: set[tuple[str, str]] = set()
KNOWN_CROSS_PROVINCE: set[tuple[str, str]] = set()
KNOWN_NEW_WITHOUT_OLD: set[str] = set()


def test_counts_match_the_official_lists(tables) -> None:  # type: ignore[no-untyped-def]
    assert Counter(p["scheme"] for p in tables["provinces"]) == {"legacy": 63, "2025": 34}
    wards = Counter(w["scheme"] for w in tables["wards"])
    assert wards["2025"] == 3321
    assert 10_000 <= wards["legacy"] <= 10_700
    assert 690 <= len(tables["districts"]) <= 710


def test_codes_carry_their_scheme(tables) -> None:  # type: ignore[no-untyped-def]
    """7 of the 34 province codes and most ward codes meant another unit before 2025."""
    old = {p["code"]: p["name"] for p in tables["provinces"] if p["scheme"] == "legacy"}
    new = {p["code"]: p["name"] for p in tables["provinces"] if p["scheme"] == "2025"}
    assert sum(c in old and old[c] != n for c, n in new.items()) == 7
    lw = {w["code"]: w["name"] for w in tables["wards"] if w["scheme"] == "legacy"}
    nw = {w["code"]: w["name"] for w in tables["wards"] if w["scheme"] == "2025"}
    assert sum(c in lw and lw[c] != n for c, n in nw.items()) > 1500


def test_hierarchy_is_consistent(tables) -> None:  # type: ignore[no-untyped-def]
    provinces = {(p["scheme"], p["code"]) for p in tables["provinces"]}
    districts = {d["code"]: d for d in tables["districts"]}
    assert all(("legacy", d["province_code"]) in provinces for d in districts.values())
    for w in tables["wards"]:
        assert (w["scheme"], w["province_code"]) in provinces, w["code"]
        if w["scheme"] == "legacy":
            assert districts[w["parent"]]["province_code"] == w["province_code"], w["code"]
        else:
            assert w["parent"] == w["province_code"], w["code"]
    successors = {p["code"]: p["successor"] for p in tables["provinces"]
                  if p["scheme"] == "legacy"}
    assert all(("2025", s) in provinces for s in successors.values())


def test_conversion_joins_real_units(tables) -> None:  # type: ignore[no-untyped-def]
    lw = {w["code"]: w for w in tables["wards"] if w["scheme"] == "legacy"}
    nw = {w["code"]: w for w in tables["wards"] if w["scheme"] == "2025"}
    successor = {p["code"]: p["successor"] for p in tables["provinces"]
                 if p["scheme"] == "legacy"}
    conv = tables["conversion"]
    assert {c["kind"] for c in conv} == {"full", "partial"}
    assert {c["old_code"] for c in conv if c["old_code"] not in lw} == KNOWN_OLD_NOT_LEGACY
    assert {(c["old_code"], c["new_code"]) for c in conv
            if c["new_code"] not in nw} == KNOWN_NEW_NOT_2025
    cross = {(c["old_code"], c["new_code"]) for c in conv
             if c["old_code"] in lw and c["new_code"] in nw
             and successor[lw[c["old_code"]]["province_code"]] != nw[c["new_code"]]["province_code"]}
    assert cross == KNOWN_CROSS_PROVINCE
    # every old ward goes somewhere; a whole ward goes to exactly one new ward
    targets: dict[str, list[dict[str, str]]] = defaultdict(list)
    for c in conv:
        targets[c["old_code"]].append(c)
    assert set(lw) <= set(targets)
    assert all(len(v) == 1 for v in targets.values() if any(x["kind"] == "full" for x in v))
    assert set(nw) - {c["new_code"] for c in conv} == KNOWN_NEW_WITHOUT_OLD
    # the resolved mapping (shared SOURCE.md §4.3): 10,035 old wards → 3,316 new wards in
    # 10,566 rows, 441 of them split (the 5 other new units are the island districts' đặc khu)
    last = [c for c in conv if c["old_code"] in lw]
    assert len(last) == 10_566 and len({c["new_code"] for c in last}) == 3_316
    assert sum(len(v) > 1 for k, v in targets.items() if k in lw) == 441
    assert [c["new_code"] for c in targets["23938"]] == ["23938"]  # Xã Ia Mơ stays itself
