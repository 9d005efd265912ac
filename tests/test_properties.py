"""Invariants of the normalizers and keys (STYLE.md rule 10)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tests.strategies import messy, vn_full_names
from vnidmatch import name_key, normalize_name, parse_name, phonetic_key
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
