"""Identifiers, dates of birth and phone numbers (issue: identifiers, birth dates, phones)."""

from __future__ import annotations

import datetime

import pytest

from tests._golden import golden
from vnidmatch import normalize_phone, parse_birth_date, parse_id
from vnidmatch.compare import birth_date_similarity, id_level, phone_similarity
from vnidmatch.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from vnidmatch.ids import cccd, cmnd, get_id_module
from vnidmatch.normalize import BirthDate, parse_phone
from vnidmatch.rules import check_consistency

TODAY = datetime.date(2026, 11, 25)


@pytest.mark.parametrize("row", golden("parse_id"), ids=lambda r: r["input"][:24])
def test_parse_id_golden(row: dict[str, str]) -> None:
    got = parse_id(row["input"])
    if not row["kind"]:
        assert got is None
        return
    assert got is not None
    assert got.kind == row["kind"]
    assert got.number == row["number"]
    assert "|".join(got.repairs) == row["repairs"]
    assert (got.error or "") == row["error"].replace(";", ",")


def test_parse_id_decodes_parts() -> None:
    got = parse_id("079215000001")
    assert got is not None
    assert (got.province_code, got.province, got.sex, got.birth_year) == (
        "079", "Hồ Chí Minh", "M", 2015)
    assert parse_id("001190012345").sex == "F"  # type: ignore[union-attr]
    assert parse_id("036305000123").birth_year == 2005  # type: ignore[union-attr]


def test_parse_id_non_string_inputs() -> None:
    assert parse_id(None) is None
    assert parse_id(float("nan")) is None
    assert parse_id(1234567890).kind == "invalid"  # type: ignore[union-attr]
    assert parse_id(1090012345).number == "001090012345"  # type: ignore[union-attr]
    assert parse_id(1090012345.0).number == "001090012345"  # type: ignore[union-attr]
    assert parse_id(79215000001).number == "079215000001"  # type: ignore[union-attr]


def test_no_raw_identifier_in_repr_or_errors() -> None:
    got = parse_id("001090012345")
    assert "001090012345" not in repr(got)
    assert "0010******45" in repr(got)
    bad = parse_id("099090012345")
    assert "099090012345" not in repr(bad)
    issues = check_consistency("12345678901234")
    assert all("12345678901234" not in i.message for i in issues)


def test_cccd_module() -> None:
    assert cccd.validate("001 0 90 012345") == "001090012345"
    assert cccd.format("001090012345") == "001 0 90 012345"
    with pytest.raises(InvalidLength):
        cccd.validate("0010900123")
    with pytest.raises(InvalidFormat):
        cccd.validate("00109001234A")
    with pytest.raises(InvalidComponent, match="province code '003'"):
        cccd.validate("003090012345")
    with pytest.raises(InvalidComponent, match="future"):
        cccd.validate("001230012345", today=TODAY)  # 2030
    assert cccd.validate("001225012345", today=TODAY) == "001225012345"
    assert get_id_module("cccd") is cccd


def test_cmnd_module() -> None:
    assert cmnd.parse("012345678").province == "Hà Nội"
    assert cmnd.parse("045678901").province is None  # prefix in range, province unknown
    assert cmnd.parse("001090012345").kind == "cmnd12"
    assert not cmnd.is_valid("111111111")
    with pytest.raises(InvalidLength):
        cmnd.validate("0123456")


@pytest.mark.parametrize("row", golden("parse_birth_date"), ids=lambda r: r["input"])
def test_parse_birth_date_golden(row: dict[str, str]) -> None:
    got = parse_birth_date(row["input"], today=TODAY)
    assert got is not None
    assert got.iso == row["iso"]
    assert got.precision == row["precision"]
    assert got.is_valid == (row["valid"] == "1")
    assert got.placeholder == (row["placeholder"] == "1")
    assert "|".join(got.repairs) == row["repairs"]


@pytest.mark.parametrize("junk", ["", "không rõ", "abc", "32/13/1990", "05/03", "1/2/3/4",
                                  "99999999999", None, float("nan"), object(), True])
def test_parse_birth_date_rejects_junk(junk: object) -> None:
    assert parse_birth_date(junk) is None


def test_parse_birth_date_objects() -> None:
    assert parse_birth_date(datetime.date(1990, 3, 5)) == BirthDate(1990, 3, 5)
    assert parse_birth_date(datetime.datetime(1990, 3, 5, 8, 0)).iso == "1990-03-05"  # type: ignore[union-attr]
    assert parse_birth_date(1990).precision == "year"  # type: ignore[union-attr]
    bad = parse_birth_date("29/02/1955")
    assert bad is not None and bad.date is None and "leap" in (bad.error or "")


@pytest.mark.parametrize(
    ("a", "b", "sim"),
    [("05/03/1990", "05/03/1990", 1.0), ("05/03/1990", "03/05/1990", 0.85),
     ("05/03/1990", "05/03/1991", 0.8), ("05/03/1990", "1990", 0.75),
     ("05/03/1990", "01/01/1990", 0.75), ("05/03/1990", "07/03/1990", 0.8),
     ("01/03/1990", "27/02/1990", 0.7), ("05/03/1990", "20/08/1990", 0.3),
     ("05/03/1990", "20/08/1970", 0.0), ("05/03/1990", None, None)],
)
def test_birth_date_similarity(a: str, b: str | None, sim: float | None) -> None:
    pa, pb = parse_birth_date(a), parse_birth_date(b)
    assert birth_date_similarity(pa, pb) == sim
    assert birth_date_similarity(pb, pa) == sim


@pytest.mark.parametrize("row", golden("normalize_phone"), ids=lambda r: r["input"])
def test_normalize_phone_golden(row: dict[str, str]) -> None:
    assert normalize_phone(row["input"]) == (row["e164"] or None)
    parsed = parse_phone(row["input"])
    if row["e164"]:
        assert parsed is not None
        assert "|".join(parsed.repairs) == row["repairs"]


def test_old_landline_is_not_taken_for_a_mobile() -> None:
    # phonenumbers reads the pre-2017 HCMC landline 08 3822 3333 as a valid mobile
    p = parse_phone("0838223333")
    assert p is not None and p.possible_old_landline
    old = parse_phone("0838223333", recorded=datetime.date(2016, 1, 1))
    assert old is not None and old.e164 == "+842838223333" and old.kind == "fixed_line"
    assert "landline_2017" in old.repairs
    assert not parse_phone("0912345678").possible_old_landline  # type: ignore[union-attr]


def test_phone_similarity() -> None:
    assert phone_similarity(normalize_phone("01691234567"), normalize_phone("0391234567")) == 1.0
    assert phone_similarity("+84912345678", "+84912345687") == 0.7
    assert phone_similarity("+84912345678", "+84987654321") == 0.0
    assert phone_similarity(None, "+84912345678") is None


def test_id_level() -> None:
    assert id_level(parse_id("001090012345"), parse_id("1234567890")) is None  # invalid
    assert id_level(parse_id("001090012345"), parse_id("01090012345")) == "exact"
    assert id_level(parse_id("001090012345"), parse_id("001090012354")) == "typo"
    assert id_level(parse_id("001090012345"), parse_id("079215000001")) == "different"
    assert id_level(parse_id("001090012345"), parse_id("012345678")) is None


def test_check_consistency() -> None:
    assert check_consistency("001090012345", birth_date="05/03/1990", sex="Nam") == []
    issues = check_consistency("001090012345", birth_date=datetime.date(1991, 1, 1), sex="Nữ")
    assert [(i.code, i.field) for i in issues] == [("VN-CCCD-002", "sex"),
                                                   ("VN-CCCD-003", "birth_date")]
    assert check_consistency("001090012345", birth_date=BirthDate(1990)) == []
    assert check_consistency(None) == []
    assert check_consistency("012345678", sex="F") == []  # a 9-digit CMND encodes neither
    assert [i.code for i in check_consistency("099090012345")] == ["VN-ID-001"]


def test_phone_type_cache_agrees_with_phonenumbers() -> None:
    import random

    import phonenumbers

    rng = random.Random(7)
    # every leading digit, and the special ranges whose patterns look deepest
    heads = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "1800", "1900", "1210", "1213", "1214",
             "1201", "1228", "672", "699", "799", "99"]
    for _ in range(6000):
        head = rng.choice(heads)
        nsn = head + "".join(str(rng.randint(0, 9)) for _ in range(rng.choice([7, 8, 9]) - len(head)
                                                                   + 1))
        ours = parse_phone("0" + nsn)
        if ours is not None and "mobile_2018" in ours.repairs:
            continue  # an 11-digit mobile of before 2018: phonenumbers no longer knows it
        theirs = phonenumbers.parse("+84" + nsn, None)
        assert (ours is not None and ours.e164 is not None) == phonenumbers.is_valid_number(
            theirs), nsn


@pytest.mark.parametrize("text", ["9.1234567E+8", "abc", "123456"])
def test_phone_lossy_or_junk_is_invalid_and_masked(text: str) -> None:
    parsed = parse_phone(text)
    assert parsed is not None and parsed.e164 is None
    assert text not in repr(parsed)
