from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests._golden import golden
from tests.strategies import messy, vn_full_names
from vnidmatch.normalize import name_key, normalize_name, parse_name, phonetic_key, surname_share
from vnidmatch.normalize.text import canonical_tone_marks, fold_diacritics


@pytest.mark.parametrize("row", golden("normalize_name"), ids=lambda r: r["input"][:30])
def test_normalize_name_golden(row: dict[str, str]) -> None:
    assert normalize_name(row["input"]) == row["expected"]


def test_normalize_name_missing_values() -> None:
    assert normalize_name(None) == ""
    assert normalize_name(float("nan")) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "family", "middle", "given", "order"),
    [
        ("Nguyễn Văn An", "Nguyễn", "Văn", "An", "family_first"),
        ("Tôn Nữ Hiếu Thảo", "Tôn Nữ", "Hiếu", "Thảo", "family_first"),
        ("Tôn Hiếu Anh", "Tôn", "Hiếu", "Anh", "family_first"),
        ("Công Tằng Tôn Nữ Thị Hà", "Công Tằng Tôn Nữ", "Thị", "Hà", "family_first"),
        ("Âu Dương Phong", "Âu Dương", "", "Phong", "family_first"),
        ("Hung Nguyen Van", "Nguyen", "Van", "Hung", "given_first"),
        ("Văn A Nguyễn", "Nguyễn", "Văn", "A", "given_first"),
        ("H'Hen Niê", "Niê", "", "H'Hen", "given_first"),
        ("Lan", "", "", "Lan", "family_first"),
        ("Lê Anh", "Lê", "", "Anh", "family_first"),
    ],
)
def test_parse_name(raw: str, family: str, middle: str, given: str, order: str) -> None:
    n = parse_name(raw)
    assert (n.family, n.middle, n.given, n.order) == (family, middle, given, order)


def test_parse_name_reports_repairs() -> None:
    assert "mojibake_vni" in parse_name("Traàn Vaên Dö").repairs
    assert "telex" in parse_name("Nguyeenx Vawn A").repairs
    assert "honorific" in parse_name("Bà Lê Thị B").repairs
    assert "tone_placement" in parse_name("Lê Thị Hoà").repairs
    assert parse_name("Lê Thị Hòa").repairs == ()


@pytest.mark.parametrize(
    ("raw", "repairs"),
    [
        ("Lê Thị Hòa", ()),
        ("LÊ THỊ HOÀ", ("case", "tone_placement")),
        ("  lê  thị   hòa ", ("case",)),
        ("Lê\u00a0Thị\u00a0Hòa", ("unicode",)),
        ("Le\u0302 Thi\u0323 Ho\u0300a", ("nfc",)),
        ("Bà Lê Thị Hòa", ("honorific",)),
        ("Nguyeenx Vawn A", ("telex",)),
    ],
)
def test_name_repairs_as_the_full_normalisation_reports_them(
        raw: str, repairs: tuple[str, ...]) -> None:
    from vnidmatch.normalize.name import _normalize, name_repairs

    assert name_repairs(raw) == repairs == parse_name(raw).repairs
    assert name_repairs(raw) == _normalize(raw)[1]  # the fast path reports what the full one does


def test_name_repairs_fast_path_agrees_with_the_full_path_on_garbled_names() -> None:
    import unicodedata

    from tests._golden import golden as rows
    from vnidmatch.normalize.name import _fast_normalize, _normalize, name_repairs

    names = [r["input"] for r in rows("normalize_name")]
    variants = [v for n in names for v in (n.upper(), n.lower(), unicodedata.normalize("NFD", n),
                                           f" {n}  ".replace(" ", "\u00a0"), n.replace(" ", "  "))]
    checked = 0
    for s in names + variants:
        fast = _fast_normalize(s)
        if fast is not None and fast != s:
            assert name_repairs(s) == _normalize(s)[1], s
            checked += 1
    assert checked > 50


def test_a_tone_mark_on_a_consonant_is_mojibake_not_a_syllable() -> None:
    from vnidmatch.normalize.text import is_vietnamese_syllable

    assert not is_vietnamese_syllable("ñinh")  # VNI-Windows "Đ" read as Latin-1
    assert normalize_name("ñinh Thị Hằng") == "Đinh Thị Hằng"


def test_name_key() -> None:
    assert name_key("  Đặng  THỊ Thuỷ ") == "dang thi thuy"
    assert name_key("Nguyễn Văn Hùng") == name_key("NGUYEN VAN HUNG")
    assert name_key(None) == ""


def test_phonetic_key_merges_dialect_confusions() -> None:
    assert phonetic_key("Trần Thị Dung") == phonetic_key("Chần Thị Giung")
    assert phonetic_key("Sơn") == phonetic_key("Xơn")
    assert phonetic_key("Lan") == phonetic_key("Nan") == phonetic_key("Lang")
    assert phonetic_key("Vy") == phonetic_key("Vi")
    assert phonetic_key("Võ Văn Kiệt") == phonetic_key("Vũ Văn Kiệc")
    assert phonetic_key("Hoàng") == phonetic_key("Huỳnh")


@pytest.mark.parametrize(("a", "b"), [("Trần", "Trịnh"), ("Phạm", "Phan"), ("Đặng", "Dương"),
                                      ("Lê", "Lý"), ("Hằng", "Hùng")])
def test_phonetic_key_keeps_distinct_surnames_apart(a: str, b: str) -> None:
    # soundex merges each of these pairs (facts §5.7)
    assert phonetic_key(a) != phonetic_key(b)


def test_tone_styles() -> None:
    assert canonical_tone_marks("Hoà Thuý Khoẻ Quỳnh Giàu") == "Hòa Thúy Khỏe Quỳnh Giàu"
    assert canonical_tone_marks("Hòa Thúy", style="new") == "Hoà Thuý"
    assert canonical_tone_marks("Hoàn Toán") == canonical_tone_marks("Hoàn Toán", style="new")


def test_fold_diacritics_foreign_letters() -> None:
    assert fold_diacritics("Đỗ Hữu Ích") == "Do Huu Ich"
    assert fold_diacritics("Müller Čapek") == "Muller Capek"


def test_surname_share() -> None:
    assert surname_share("Nguyễn") > surname_share("Trần") > surname_share("Lý") > 0
    assert surname_share("Văn") < 0.02


def test_name_keys_do_not_renormalise_a_reordered_name() -> None:
    # a given-name-first name reordered to "Anh Y Thanh" once lost "Anh" (read as an
    # honorific) when its key was normalised again; every key keeps every word
    from vnidmatch.normalize.name import name_keys

    assert name_keys("Y Thanh Anh") == ("Y Thanh Anh", "anh y thanh", "anh", "y thanh",
                                        "aN i taN")
    assert name_keys("Nhữ Thị Anh Bé")[1] == "be nhu thi anh"
    assert name_keys("  ") is None


# The twins of name normalisation (issue 16): the fast path for clean names and the full
# path, and name_keys (what the records layer keys on) and the one-key functions, live side
# by side in normalize/name.py; these tests keep them in agreement.

def _check_twins(s: str) -> None:
    from vnidmatch.normalize.name import _fast_normalize, _normalize, name_keys

    norm = normalize_name(s)
    keys = name_keys(s)
    if not norm:
        assert keys is None, s
    else:
        n = parse_name(s)
        def fold(part: str) -> str:
            return " ".join(fold_diacritics(t).lower() for t in part.split())

        # the key is in family-middle-given order; name_key keeps the order as written
        assert keys == (norm, fold(n.full), fold(n.family), fold(n.given),
                        phonetic_key(f"{n.family} {n.given}")), s
        assert sorted(keys[1].split()) == sorted(name_key(s).split()), s
    assert name_key(s) == " ".join(fold_diacritics(t).lower() for t in norm.split()), s
    fast = _fast_normalize(s)
    if fast is not None:  # wherever the fast path answers, the full path agrees
        assert fast == _normalize(s)[0], s


@pytest.mark.parametrize("row", golden("normalize_name"), ids=lambda r: r["input"][:30])
def test_name_twins_agree_on_golden_names(row: dict[str, str]) -> None:
    import unicodedata

    s = row["input"]
    for v in (s, s.upper(), s.lower(), unicodedata.normalize("NFD", s)):
        _check_twins(v)


@given(st.data())
def test_name_twins_agree_on_generated_names(data: st.DataObject) -> None:
    _check_twins(data.draw(messy(data.draw(vn_full_names()))))
