"""Vietnamese personal names: normalise, parse, and make matching keys.

>>> normalize_name("  NGUYỄN  văn   a ")
'Nguyễn Văn A'
>>> normalize_name("Bà Nguyễn Thị Hoà")
'Nguyễn Thị Hòa'
>>> name_key("Nguyễn Thị Hoà") == name_key("NGUYEN THI HOA")
True
>>> parse_name("Tôn Nữ Hiếu Thảo").family
'Tôn Nữ'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from vnidmatch._tables import table_cache
from vnidmatch.normalize._name_tables import (
    _PLACEHOLDER_FIRST,
    PLACEHOLDER_NAMES,
    _exact_stats,
    _is_honorific,
    _is_placeholder,
    _is_surname,
    _log_share,
    _strip_honorifics,
    _surname_score,
    _surname_total,
    _telex_family,
    _token_stats,
    _vocabulary,
)
from vnidmatch.normalize._name_tables import HONORIFICS as HONORIFICS  # re-exported
from vnidmatch.normalize._repair import repair_text
from vnidmatch.normalize.text import (
    canonical_tone_marks,
    fold_diacritics,
    is_vietnamese_syllable,
    squeeze_spaces,
    title_case,
)

__all__ = [
    "PLACEHOLDER_NAMES",
    "Name",
    "is_known_name_part",
    "name_key",
    "name_keys",
    "name_repairs",
    "normalize_name",
    "parse_name",
    "phonetic_key",
    "surname_share",
]

_PRE_TABLE = str.maketrans(
    {
        "\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ",
        "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
        "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u3000": " ", "\t": " ", "\n": " ",
        "\r": " ", "\u00ad": None, "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u00b4": "'",
        "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-",
    }
)  # fmt: skip
_SPACE_RUN = re.compile(" {2,}")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# keep letters, combining marks, apostrophes and hyphens; everything else separates words
_NON_NAME = re.compile(r"[^\w'\- ]|[\d_]")
_EDGE_PUNCT = re.compile(r"(?<![^\W\d_])['\-]+|['\-]+(?![^\W\d_])")


def is_known_name_part(token: str, min_count: int = 3) -> bool:
    """True when ``token`` is a family, middle or given name seen at least ``min_count`` times.

    >>> is_known_name_part("Hùng"), is_known_name_part("Hùnh")
    (True, False)
    """
    stats = _exact_stats().get(canonical_tone_marks(token.lower()))
    if stats is None and token.isascii():
        stats = _token_stats().get(token.lower())
    return bool(stats and sum(stats) >= min_count)


def surname_share(token: str) -> float:
    """Share of people (0–1) whose family name is ``token``, diacritics ignored.

    Counted from real name lists (see ``docs/data-sources.md``); 0.0 for unknown tokens.

    >>> round(surname_share("Nguyễn"), 2), surname_share("Xyz")
    (0.25, 0.0)
    """
    stats = _token_stats().get(fold_diacritics(token).lower())
    return stats[0] / _surname_total() if stats else 0.0


Order = Literal["family_first", "given_first"]


@dataclass(frozen=True, slots=True)
class Name:
    """A parsed Vietnamese name.

    ``family``, ``middle`` and ``given`` are in normalised display form (``middle`` may be
    empty); ``order`` says how the input was written; ``repairs`` lists what normalisation
    changed (``"mojibake_vni"``, ``"telex"``, ``"honorific"``, ``"tone_placement"``, ...).

    >>> n = parse_name("Hung Nguyen Van")
    >>> (n.family, n.middle, n.given, n.order)
    ('Nguyen', 'Van', 'Hung', 'given_first')
    >>> n.full
    'Nguyen Van Hung'
    """

    family: str
    middle: str
    given: str
    order: Order = "family_first"
    repairs: tuple[str, ...] = ()

    @property
    def full(self) -> str:
        """The name in family–middle–given order."""
        return " ".join(p for p in (self.family, self.middle, self.given) if p)


@table_cache(maxsize=262144)
def _normalize(s: str) -> tuple[str, tuple[str, ...]]:
    text, repairs = _normalize_once(s)
    for _ in range(2):  # a repair can expose another (rare): run to a fixed point
        if _fast_normalize(text) == text:
            break  # the fast path finds nothing to change: already a fixed point
        again, more = _normalize_once(text)
        if again == text:
            break
        text, repairs = again, repairs + tuple(r for r in more if r not in repairs)
    return text, repairs


def _normalize_once(s: str) -> tuple[str, tuple[str, ...]]:
    repairs: list[str] = []
    text = unicodedata.normalize("NFC", s)
    if text != s:
        repairs.append("nfc")
    text, fixes = repair_text(_SPACE_RUN.sub(" ", text).strip(" "), _vocabulary)
    repairs.extend(fixes)
    cleaned = squeeze_spaces(text.translate(_PRE_TABLE))
    if cleaned != text:
        repairs.append("unicode")
    text = cleaned
    split = _CAMEL.sub(lambda m: _split_word(m.group(0)), text)
    if split != text:
        text = split
        repairs.append("joined_words")
    cleaned = _PARENS.sub(" ", text)
    cleaned = _NON_NAME.sub(" ", cleaned)
    cleaned = _EDGE_PUNCT.sub(" ", cleaned)
    cleaned = squeeze_spaces(cleaned)
    if cleaned != squeeze_spaces(text):
        repairs.append("punctuation")
    if _is_placeholder(fold_diacritics(cleaned).lower().split()):
        return "", (*repairs, "placeholder")
    tokens, stripped = _strip_honorifics(cleaned.split(" ") if cleaned else [])
    if stripped:
        repairs.append("honorific")
    if tokens and _telex_family(tokens):
        repairs.append("telex")
    text = " ".join(tokens)
    if _is_placeholder(fold_diacritics(text).lower().split()):
        return "", (*repairs, "placeholder")
    titled = title_case(text)
    if titled != text:
        repairs.append("case")
    toned = canonical_tone_marks(titled)
    if toned != titled:
        repairs.append("tone_placement")
    return toned, tuple(repairs)


_CAMEL = re.compile(r"[^\W\d_]+")


def _name_word(word: str) -> bool:
    return is_vietnamese_syllable(word.lower()) or is_known_name_part(word)


def _split_word(word: str) -> str:
    """A word with a capital inside ("NguyễnVăn") split there when both halves are
    Vietnamese syllables or known name words (so "McDonald" stays whole)."""
    for k in range(1, len(word)):
        if word[k].isupper() and word[k - 1].islower():
            head, rest = word[:k], _split_word(word[k:])
            if _name_word(head) and _name_word(rest.split(" ")[0]):
                return f"{head} {rest}"
            return word
    return word


@table_cache(maxsize=65536)
def _simple_token(tok: str) -> str | None:
    """The normalised form of a token that needs no repair, else None (use the full path)."""
    low = tok.lower()
    if tok[1:] != low[1:] and tok != tok.upper():
        return None  # "NguyễnVăn": two words run together (the full path splits them)
    if is_vietnamese_syllable(low):
        pass
    elif not (low.isascii() and low.isalpha()) or _telex_candidate(low):
        return None
    return canonical_tone_marks(low[:1].upper() + low[1:])


def _telex_candidate(low: str) -> bool:
    return any(p in low for p in ("aa", "ee", "oo", "dd", "w")) or low[-1:] in "sfrxj"


def _fast_normalize(s: str) -> str | None:
    """normalize_name for the common case: clean tokens, no honorific. None otherwise."""
    if not s.isascii():
        s = unicodedata.normalize("NFC", s)
    tokens = s.split()
    out = []
    for tok in tokens:
        norm = _simple_token(tok)
        if norm is None:
            return None
        out.append(norm)
    if len(out) >= 3 and (_is_honorific(out[0]) or _is_honorific(f"{out[0]}_{out[1]}")):
        return None
    joined = " ".join(out)
    if out and _key_token(out[0]) in _PLACEHOLDER_FIRST and _is_placeholder(
            fold_diacritics(joined).lower().split()):
        return None
    return joined


def normalize_name(s: str | None) -> str:
    """Return the canonical display form of a Vietnamese name.

    NFC; spaces squeezed; Vietnamese title case; traditional tone-mark placement
    (``Hoà`` → ``Hòa``, ``Thuỷ`` → ``Thủy``); look-alike letters (``Ð`` → ``Đ``); honorifics
    such as ``Bà``, ``Ông``, ``Cháu``, ``BN`` removed when a full name follows; legacy-encoding
    mojibake (VNI-Windows, TCVN3, UTF-8 read as cp1252) and input-method residue (Telex, VNI,
    VIQR) repaired where unambiguous. Total (``None`` and junk give a string) and idempotent.

    >>> normalize_name("Traàn Vaên Dö")
    'Trần Văn Dư'
    >>> normalize_name("Nguyeenx Thij Thuyr")
    'Nguyễn Thị Thủy'
    >>> normalize_name("h'hen niê"), normalize_name("Anh Tuấn"), normalize_name("Lee Van A")
    ("H'Hen Niê", 'Anh Tuấn', 'Lee Van A')
    >>> normalize_name(None), normalize_name("Thành viên mới"), normalize_name("Student")
    ('', '', '')
    """
    if not isinstance(s, str):
        return ""
    fast = _fast_normalize(s)
    return fast if fast is not None else _normalize(s)[0]


_COMPOUND_SURNAMES = tuple(
    tuple(x.split())
    for x in (
        "cong tang ton nu",
        "cong huyen ton nu",
        "huyen ton nu",
        "cong ton nu",
        "ton that",
        "ton nu",
        "au duong",
    )
)
_COMPOUND_FIRST = frozenset(c[0] for c in _COMPOUND_SURNAMES)
_EDE_PREFIXES = ("H'", "Y")


def _family_len(folded: list[str]) -> int:
    if folded[0] not in _COMPOUND_FIRST:
        return 1
    for comp in _COMPOUND_SURNAMES:
        if len(folded) > len(comp) and tuple(folded[: len(comp)]) == comp:
            return len(comp)
    return 1


@table_cache(maxsize=262144)
def _parse(s: str) -> Name:
    return _split(*_normalized(s))


def _normalized(s: str) -> tuple[str, tuple[str, ...]]:
    """(normalised name, what was repaired), through the fast path when it applies."""
    fast = _fast_normalize(s)
    if fast is None:
        return _normalize(s)
    return fast, (() if fast == s else _fast_repairs(s, fast))


def name_repairs(s: str | None) -> tuple[str, ...]:
    """What :func:`normalize_name` repairs in ``s`` (the codes of :attr:`Name.repairs`),
    without splitting the name.

    >>> name_repairs("NGUYỄN VĂN  HOÀ"), name_repairs("Bà Lê Thị Lan"), name_repairs("Lê Lan")
    (('case', 'tone_placement'), ('honorific',), ())
    """
    return _normalized(s)[1] if isinstance(s, str) else ()


def _fast_repairs(s: str, fast: str) -> tuple[str, ...]:
    """The repairs :func:`_normalize` reports for a name :func:`_fast_normalize` accepted as
    ``fast``: its steps that can change such a name (NFC, odd spaces, case, tone placement),
    without the ones that cannot (mojibake, typing residue, joined words, punctuation,
    honorifics)."""
    repairs = []
    text = unicodedata.normalize("NFC", s)
    if text != s:
        repairs.append("nfc")
    spaced = _SPACE_RUN.sub(" ", text).strip(" ")
    cleaned = squeeze_spaces(spaced.translate(_PRE_TABLE))
    if cleaned != spaced:
        repairs.append("unicode")
    titled = title_case(cleaned)
    if titled != cleaned:
        repairs.append("case")
    if fast != titled:
        repairs.append("tone_placement")
    return tuple(repairs)


def _split(full: str, repairs: tuple[str, ...]) -> Name:
    """Family, middle and given name of a normalised name."""
    tokens, _, (family, middle, given), order = _split_words(full)
    return Name(" ".join(tokens[family]), " ".join(tokens[middle]), " ".join(tokens[given]),
                order, repairs)


_Slices = tuple[slice, slice, slice]


def _split_words(full: str) -> tuple[list[str], list[str], _Slices, Order]:
    """The words of a normalised name, the same folded to lower-case ASCII, and where its
    family, middle and given name are among them (slices), with the order it was written
    in."""
    tokens = full.split()
    if len(tokens) < 2:
        return tokens, [_key_token(t) for t in tokens], _ONE_WORD, "family_first"
    whole = fold_diacritics(full).lower()  # one pass for every word
    folded = whole.split()
    if len(whole) != len(full) or len(folded) != len(tokens):
        # a letter folded into several (foreign letters through Unidecode): word by word
        folded = [fold_diacritics(t).lower() for t in tokens]
    if tokens[0].startswith(_EDE_PREFIXES[0]) or (tokens[0] == "Y" and not _is_surname(tokens[1], 50)):
        return tokens, folded, (slice(-1, None), slice(0, 0), slice(None, -1)), "given_first"
    k = _family_len(folded)
    # given-name-first order is only considered when the first word is a *known* middle or
    # given name that is rarely a family name (an unknown word is more likely a typo'd family
    # name: "Trịh Hoàng Dương"), and another word is a clear, frequent family name
    first_stats = _token_stats().get(folded[0])
    if k == 1 and len(tokens) >= 3 and first_stats and _surname_score(folded[0]) < 0.1:
        first = _surname_score(folded[0]) * (_log_share(folded[0]) + 1)
        # Given Family Middle... ("Hung Nguyen Van")
        second = _surname_score(folded[1]) * (_log_share(folded[1]) + 1)
        # Middle... Given Family ("Văn A Nguyễn")
        last = _surname_score(folded[-1]) * (_log_share(folded[-1]) + 1)
        if second > 4 * max(first, 0.5) and second >= last and _surname_score(folded[1]) > 0.5:
            return tokens, folded, (slice(1, 2), slice(2, None), slice(0, 1)), "given_first"
        if last > 4 * max(first, 0.5) and _surname_score(folded[-1]) > 0.5:
            return tokens, folded, (slice(-1, None), slice(None, -2), slice(-2, -1)), "given_first"
    if k >= len(tokens):
        k = len(tokens) - 1
    return tokens, folded, (slice(None, k), slice(k, -1), slice(-1, None)), "family_first"


_ONE_WORD = (slice(0, 0), slice(0, 0), slice(None))  # a lone word is the given name


def parse_name(s: str | None) -> Name:
    """Split a name into family, middle and given name (after :func:`normalize_name`).

    Knows compound family names (``Tôn Thất``, ``Tôn Nữ``, ``Công Tằng Tôn Nữ``, ``Âu Dương``)
    and detects given-name-first order (``Hung Nguyen Van``, ``Văn A Nguyễn``) from real
    family-name frequencies. Ê Đê names (``H'Hen Niê``, ``Y Ngông Niê``) are given-name first.

    >>> parse_name("Nguyễn Văn An")
    Name(family='Nguyễn', middle='Văn', given='An', order='family_first', repairs=())
    >>> parse_name("Văn A Nguyễn").full
    'Nguyễn Văn A'
    >>> parse_name("Tôn Thất Bách").family, parse_name("H'Hen Niê").given
    ('Tôn Thất', "H'Hen")
    """
    if not isinstance(s, str):
        return Name("", "", "")
    return _parse(s)


@table_cache(maxsize=65536)
def _key_token(tok: str) -> str:
    return fold_diacritics(tok).lower()


def _folded(normalized: str) -> str:
    """The folded, lower-case words of an already normalised name (or part of one)."""
    return " ".join(_key_token(t) for t in normalized.split())


def _key(s: str) -> str:
    return _folded(normalize_name(s))


def name_key(s: str | None) -> str:
    """The diacritic-free key of a name: normalised, folded (``đ`` → ``d``), lower case.

    >>> name_key("  Đặng  THỊ Thuỷ ")
    'dang thi thuy'
    """
    if not isinstance(s, str):
        return ""
    return _key(s)


# Phonetic key ---------------------------------------------------------------

_ONSET_MAP = (
    ("ngh", "ng"), ("gh", "g"), ("gi", "z"), ("tr", "c"), ("ch", "c"), ("ph", "f"),
    ("kh", "k"), ("th", "t"), ("nh", "nh"), ("ng", "ng"), ("qu", "kw"),
    ("d", "z"), ("r", "z"), ("v", "z"), ("x", "s"), ("k", "k"), ("c", "k"), ("q", "k"),
    ("n", "l"), ("l", "l"),
)  # fmt: skip
_FINAL_MAP = (("ng", "N"), ("nh", "N"), ("ch", "T"), ("n", "N"), ("c", "T"), ("t", "T"))
_SURNAME_PAIRS = {"vo": "vu", "huynh": "hoang"}


@table_cache(maxsize=65536)
def _phonetic_syllable(syl: str) -> str:
    syl = _SURNAME_PAIRS.get(syl, syl)
    onset = ""
    for src, dst in _ONSET_MAP:
        if syl.startswith(src) and len(syl) > len(src):
            onset, syl = dst, syl[len(src) :]
            break
    final = ""
    for src, dst in _FINAL_MAP:
        if syl.endswith(src) and len(syl) > len(src):
            final, syl = dst, syl[: -len(src)]
            break
    vowel = syl.replace("y", "i")
    return onset + vowel + final


def name_keys(s: str | None) -> tuple[str, str, str, str, str] | None:
    """Everything the linker keys on, normalising once: (normalised name, :func:`name_key`,
    folded family name, folded given name, :func:`phonetic_key` of family and given name);
    None when nothing is left after cleaning.

    >>> name_keys("TRAN THI  Thuỷ")
    ('Tran Thi Thủy', 'tran thi thuy', 'tran', 'thuy', 'caN tui')
    >>> name_keys("Student") is None
    True
    """
    norm = normalize_name(s)
    if not norm:
        return None
    _, folded, (family, middle, given), _ = _split_words(norm)
    family_key, given_key = " ".join(folded[family]), " ".join(folded[given])
    key = " ".join(folded[family] + folded[middle] + folded[given])
    return norm, key, family_key, given_key, _phonetic_of(f"{family_key} {given_key}")


def phonetic_key(s: str | None) -> str:
    """A Vietnamese phonetic key that merges what speakers and typists confuse.

    Onsets ``d/gi/r/v`` → one sound, ``tr/ch``, ``s/x``, ``l/n``, ``c/k/q``; finals
    ``-n/-ng/-nh`` and ``-c/-t/-ch``; ``i/y``; tones and vowel marks are dropped; the regional
    surname pairs ``Vũ/Võ`` and ``Hoàng/Huỳnh`` are merged. Unlike soundex, it keeps ``Trần``
    and ``Trịnh`` apart. See ``docs/names.md``.

    >>> phonetic_key("Trần Thị Dung") == phonetic_key("Chần Thị Giung")
    True
    >>> phonetic_key("Trần") == phonetic_key("Trịnh")
    False
    >>> phonetic_key("Võ Hoàng Lan") == phonetic_key("Vũ Huỳnh Nan")
    True
    """
    return _phonetic_of(name_key(s))


def _phonetic_of(key: str) -> str:
    """The phonetic key of a folded name key (:func:`name_key`)."""
    return " ".join(_phonetic_syllable(t) for t in key.replace("-", " ").split())

