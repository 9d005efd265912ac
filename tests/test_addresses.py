"""Addresses: golden cases (``tests/data/parse_address.csv``), conversion, comparison."""

from __future__ import annotations

import dataclasses

import pytest

from vnidmatch import parse_address
from vnidmatch.normalize import address as address_module


def test_street_keeps_only_the_street_when_the_ward_is_found_under_the_province() -> None:
    # the ward was found through the province alone (no district): it used to stay in the street
    a = parse_address("Số 3 đường Lê Lợi, Phường Sông Hiến, Tỉnh Cao Bằng")
    assert (a.street, a.ward_code, a.scheme) == ("Số 3 đường Lê Lợi", "01267", "legacy")
    b = parse_address("Ấp 1, Xã Thọ Sơn, Tỉnh Bình Phước")
    assert (b.street, b.ward_code) == ("Ấp 1", "25402")


def test_one_segment_without_commas_splits_street_from_units() -> None:
    a = parse_address("So 111 duong Le Loi Xa Giao Ha Nam Dinh")
    assert (a.street, a.ward, a.ward_code, a.province_code) == (
        "So 111 duong Le Loi", "Xã Giao Hà", "14176", "36")


def test_spellings_of_one_tail_share_one_resolution() -> None:
    texts = ["12 Lý Tự Trọng, P. Bến Thành, Q.1, TP.HCM", "5 Lê Lợi, phuong ben thanh, quan 1, hcm",
             "7 Hàm Nghi, F.Bến Thành, Q1, TPHCM"]
    got = {(a.ward_code, a.district_code, a.province_code) for a in map(parse_address, texts)}
    assert got == {("26743", "760", "79")}


def test_with_street_copies_every_other_field() -> None:
    a = address_module.Address(*(f"v{i}" for i in range(len(dataclasses.fields(
        address_module.Address)))))
    assert address_module._with_street(a, "x") == dataclasses.replace(a, street="x")


@pytest.mark.parametrize("text", ["", "   ", ",,,", " - "])
def test_empty_addresses_resolve_to_nothing(text: str) -> None:
    assert parse_address(text) == address_module.Address()
