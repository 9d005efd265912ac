"""Addresses: golden cases (``tests/data/parse_address.csv``), conversion, comparison."""

from __future__ import annotations

import dataclasses

import pytest

from tests._golden import golden
from vnidmatch import parse_address
from vnidmatch.compare import address_similarity
from vnidmatch.compare.address import address_level
from vnidmatch.normalize import address as address_module
from vnidmatch.normalize import to_current
from vnidmatch.normalize.address import to_legacy

GOLDEN = golden("parse_address")


@pytest.mark.parametrize("row", GOLDEN, ids=[r["case"] for r in GOLDEN])
def test_golden(row: dict[str, str]) -> None:
    a = parse_address(row["text"])
    got = (a.street, a.ward_code or "", a.district_code or "", a.province_code or "",
           a.scheme or "", "|".join(a.ward_candidates))
    assert got == (row["street"], row["ward_code"], row["district_code"], row["province_code"],
                   row["scheme"], row["ward_candidates"])


def test_golden_names_carry_their_type_word() -> None:
    a = parse_address("p.ben thanh q1 hcm")
    assert (a.ward, a.district, a.province) == (
        "Phường Bến Thành", "Quận 1", "Thành phố Hồ Chí Minh")


def test_to_current_split_ward_gives_candidates() -> None:
    a = to_current(parse_address("X.Tân Lập, H.Đan Phượng, HN"))
    assert (a.scheme, a.ward_code, a.ward_candidates, a.province_code, a.district) == (
        "2025", None, ("09817", "09832"), "01", None)


def test_to_current_whole_ward_and_merged_province() -> None:
    a = to_current(parse_address("Phường Trúc Bạch, Quận Ba Đình, Hà Nội"))
    assert (a.ward, a.ward_code, a.province_code) == ("Phường Ba Đình", "00004", "01")
    # Bà Rịa - Vũng Tàu went into Thành phố Hồ Chí Minh
    b = to_current(parse_address("Phường 1, TP Vũng Tàu, Bà Rịa - Vũng Tàu"))
    assert (b.ward, b.ward_code, b.province, b.province_code) == (
        "Phường Vũng Tàu", "26506", "Thành phố Hồ Chí Minh", "79")


def test_to_current_keeps_a_2025_address() -> None:
    a = parse_address("Phường Ba Đình, Hà Nội")
    assert to_current(a) is a


def test_to_legacy_of_a_merged_ward_lists_its_old_wards() -> None:
    a = to_legacy(parse_address("Phường Bình Phước, Tỉnh Đồng Nai"))
    assert (a.scheme, a.ward_code, a.province_code, a.ward_candidates) == (
        "legacy", None, "70", ("25195", "25198", "25201", "25204", "25205", "25213"))


@pytest.mark.parametrize(("left", "right", "level"), [
    ("Phường Trúc Bạch, Quận Ba Đình, Hà Nội", "Phường Ba Đình, Hà Nội", "ward"),
    # two old wards that became one new ward agree at the ward level
    ("Phường Trúc Bạch, Quận Ba Đình, Hà Nội", "Phường Quán Thánh, Quận Ba Đình, Hà Nội", "ward"),
    ("Xã Tân Lập, Huyện Đan Phượng, Hà Nội", "Xã Ô Diên, Hà Nội", "ward_overlap"),
    ("Phường Trúc Bạch, Quận Ba Đình, Hà Nội", "Phường Phương Mai, Quận Đống Đa, Hà Nội",
     "province"),
    ("Phường Trúc Bạch, Quận Ba Đình, Hà Nội", "Hà Nội", "province"),
    ("Quận 1, TP HCM", "Hà Nội", "different"),
    ("12 Lý Tự Trọng, P. Bến Thành, Q.1, HCM", "12 Ly Tu Trong, Phuong Ben Thanh, TP HCM",
     "street"),
    ("12 Lý Tự Trọng, P. Bến Thành, Q.1, HCM", "90 Lê Lợi, Phường Bến Thành, TP HCM", "ward"),
    ("xyz", "Hà Nội", None),
])
def test_address_level(left: str, right: str, level: str | None) -> None:
    assert address_level(parse_address(left), parse_address(right)) == level
    assert address_level(parse_address(right), parse_address(left)) == level


def test_address_similarity_values() -> None:
    same = address_similarity(parse_address("P.7, Q.3, TP HCM"),
                              parse_address("Phường Võ Thị Sáu, Quận 3, Hồ Chí Minh"))
    assert same == 0.9
    assert address_similarity(parse_address("Quận 1, TP HCM"), parse_address("Hà Nội")) == 0.0
    assert address_similarity(None, parse_address("Hà Nội")) is None


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
    assert parse_address(text) == parse_address(None)


def test_prefer_reads_a_ward_of_both_schemes_in_the_register_s_scheme() -> None:
    from vnidmatch.exceptions import ConfigError

    text = "Xã Tân Tiến, Tỉnh Tuyên Quang"  # a 2025 commune, and an old one of Yên Sơn
    assert parse_address(text).ward_candidates == ("01051", "02470")  # the likelier taken
    new = parse_address(text, prefer="2025")
    assert (new.scheme, new.ward_code, new.ward_candidates) == ("2025", "01051", ())
    old = parse_address(text, prefer="legacy")
    assert (old.scheme, old.ward_code, old.district_code) == ("legacy", "02461", "075")
    # a district settles the scheme whatever the preference
    told = parse_address("Xã Tân Tiến, Huyện Yên Sơn, Tuyên Quang", prefer="2025")
    assert (told.scheme, told.ward_code) == ("legacy", "02461")
    assert parse_address(text) == parse_address(text)  # the preference is not cached into it
    with pytest.raises(ConfigError):
        parse_address(text, prefer="2024")  # type: ignore[arg-type]


def test_a_ward_of_both_schemes_is_read_as_the_likelier_but_compared_by_every_reading() -> None:
    from vnidmatch.compare.address import address_level
    from vnidmatch.normalize.address import current_units

    a = parse_address("Xã Tân Tiến, Tỉnh Tuyên Quang")
    assert (a.scheme, a.ward, a.ward_code, a.confidence) == ("2025", "Xã Tân Tiến", "01051", 0.6)
    assert a.ambiguities == ("ward name exists in both schemes as different places; read in "
                             "the 2025 units, the likelier",)
    # the old Tân Tiến of Yên Sơn went into 02470: a record written so is not a different
    # ward, and the 2025 commune itself is not "the same ward" on a guess either
    assert current_units(a) == ("08", ("01051", "02470"))
    old = parse_address("Xã Tân Tiến, Huyện Yên Sơn, Tỉnh Tuyên Quang")
    assert address_level(a, old) == "ward_overlap"
    assert address_level(a, parse_address("Xã Tân Tiến, Tuyên Quang", prefer="2025")) == (
        "ward_overlap")
    # two or more old wards elsewhere: no reading is taken
    several = parse_address("Xa Tan Thanh, Tinh Lang Son")
    assert (several.ward_code, several.confidence) == (None, 0.4)


def test_the_marks_of_the_text_weigh_the_readings_of_both_schemes() -> None:
    # Ninh Bình: a 2025 "Xã Tân Thanh" and an old "Xã Tân Thành" of Kim Sơn (now elsewhere)
    old = parse_address("Xã Tân Thành, Ninh Bình")
    assert (old.scheme, old.ward_code, old.district, old.confidence) == (
        "legacy", "14668", "Huyện Kim Sơn", 0.6)
    assert old.ambiguities == ("ward chosen among names that differ only in diacritics",)
    new = parse_address("Xã Tân Thanh, Ninh Bình")
    assert (new.scheme, new.ward_code, new.ward_candidates) == ("2025", "13474", ())
    # marks that name no reading (a typo) leave the reading to the odds
    typo = parse_address("Xã Tân Thạnh, Ninh Bình")
    assert (typo.scheme, typo.ward_code, typo.ward_candidates) == (
        "2025", "13474", ("13474", "14674"))


def test_a_name_with_one_letter_wrong_is_read_flagged_and_less_sure() -> None:
    a = parse_address("12 Lê Lợi, P. Bến Ngé, Q.1, TP HCM")
    assert (a.ward, a.confidence, a.ambiguities) == (
        "Phường Bến Nghé", 0.8, ("ward name read with one letter wrong",))
    # a name the index has is read as itself, never as another one letter away ...
    assert parse_address("Xã Tân Hà, Huyện Tân Châu, Tây Ninh").ward_code == "25519"
    assert parse_address("Phường Bến Thàn, Quận 1, TP HCM").ward_code == "26743"  # Bến Thành
    # ... and names of fewer than six letters are not read with a typo at all
    assert parse_address("Phường 71, Quận 3, TP HCM").ward_code is None
    # a moved ward (exact, elsewhere in the province) wins over a neighbour one letter away
    moved = parse_address("Xã Nghi Phong, Huyện Nghi Lộc, Nghệ An")
    assert (moved.ward_code, moved.district) == ("17902", "Thành phố Vinh")
