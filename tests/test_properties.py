"""Invariants of the normalizers and keys (STYLE.md rule 10)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tests.strategies import messy, vn_full_names
from vnidmatch.normalize import name_key, normalize_name, parse_name, phonetic_key
from vnidmatch.normalize.text import canonical_tone_marks

any_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40
)


@given(any_text)
def test_normalize_name_total_and_idempotent(s: str) -> None:
    once = normalize_name(s)
    assert isinstance(once, str)
    assert normalize_name(once) == once


@given(any_text)
def test_keys_total(s: str) -> None:
    assert name_key(s).isascii() or not name_key(s).isascii()  # returns a str
    assert isinstance(phonetic_key(s), str)
    assert isinstance(parse_name(s).full, str)
    assert name_key(s) == name_key(normalize_name(s))


@given(vn_full_names())
def test_key_stable_under_messy_typing(name: str) -> None:
    assert normalize_name(name) == normalize_name(normalize_name(name))


@given(vn_full_names().flatmap(lambda n: st.tuples(st.just(n), messy(n))))
def test_name_key_stable_under_nfd_case_spaces(pair: tuple[str, str]) -> None:
    clean, dirty = pair
    assert name_key(dirty) == name_key(clean)
    assert normalize_name(dirty) == normalize_name(clean)


@given(vn_full_names())
def test_tone_style_does_not_change_keys(name: str) -> None:
    new_style = canonical_tone_marks(name, style="new")
    assert normalize_name(new_style) == normalize_name(name)
    assert name_key(new_style) == name_key(name)
    assert unicodedata.is_normalized("NFC", normalize_name(new_style))


# identifiers, dates, phones ---------------------------------------------------

from tests.strategies import cccd_numbers  # noqa: E402
from vnidmatch import normalize_phone, parse_birth_date, parse_id  # noqa: E402
from vnidmatch.compare import (  # noqa: E402
    birth_date_similarity,
    name_similarity,
    phone_similarity,
)
from vnidmatch.ids import cccd, cmnd  # noqa: E402

junk = st.one_of(
    st.none(), st.integers(), st.floats(), st.binary(max_size=12), any_text,
    st.text(alphabet="0123456789０１２３４５６７８９ .-'eE+", max_size=16),
)


@given(any_text)
def test_compact_idempotent(s: str) -> None:
    assert cccd.compact(cccd.compact(s)) == cccd.compact(s)


@given(junk)
def test_validators_never_raise_on_junk(value: object) -> None:
    assert isinstance(cccd.is_valid(value), bool)
    assert isinstance(cmnd.is_valid(value), bool)
    parse_id(value)
    parse_birth_date(value)
    normalize_phone(value)


@given(cccd_numbers())
def test_format_validate_round_trip(number: str) -> None:
    if cccd.is_valid(number):
        assert cccd.validate(cccd.format(number)) == cccd.compact(number)


@given(cccd_numbers(), st.sampled_from(["{}", " {} ", "'{}", "{}.0", "CCCD: {}", "{:s}"]),
       st.booleans())
def test_parse_id_survives_noise(number: str, template: str, spaced: bool) -> None:
    if not cccd.is_valid(number):
        return
    spaced = spaced and ".0" not in template  # a spreadsheet float has no spaces
    noisy = " ".join([number[:3], number[3:6], number[6:9], number[9:]]) if spaced else number
    got = parse_id(template.format(noisy))
    assert got is not None and got.number == number
    lost_zero = parse_id(number.lstrip("0") if number.startswith("0") and number[1] != "0" else number)
    assert lost_zero is not None and lost_zero.number == number


pairs_of_names = st.tuples(vn_full_names(), vn_full_names())


@given(pairs_of_names)
def test_name_similarity_symmetric_bounded(pair: tuple[str, str]) -> None:
    a, b = pair
    s = name_similarity(a, b)
    assert s == name_similarity(b, a)
    assert s is not None and 0.0 <= s <= 1.0
    assert name_similarity(a, a) == 1.0


dates = st.dates(min_value=__import__("datetime").date(1920, 1, 1),
                 max_value=__import__("datetime").date(2025, 12, 31))


@given(dates, dates)
def test_birth_date_similarity_symmetric(a: object, b: object) -> None:
    pa, pb = parse_birth_date(a), parse_birth_date(b)
    s = birth_date_similarity(pa, pb)
    assert s == birth_date_similarity(pb, pa)
    assert s is not None and 0.0 <= s <= 1.0
    assert birth_date_similarity(pa, pa) == 1.0


@given(st.integers(100_000_000, 999_999_999))
def test_phone_similarity_identity(n: int) -> None:
    e = normalize_phone("0" + str(n))
    if e is not None:
        assert phone_similarity(e, e) == 1.0
