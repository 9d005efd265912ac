"""Vietnamese text primitives: Unicode clean-up, tone-mark placement, folding, syllables.

Everything here is pure and total on ``str``. The functions are building blocks of the
field normalizers (:mod:`vnidmatch.normalize.name`, addresses, ...).

The canonical tone-mark placement is the **traditional ("old") style** used by the
official administrative-unit lists and most civil records: ``hòa``, ``thủy``, ``khỏe``.
Pass ``style="new"`` to get ``hoà``, ``thuỷ``, ``khoẻ`` instead.

>>> canonical_tone_marks("Hoà Thuỷ")
'Hòa Thủy'
>>> fold_diacritics("Đặng Văn Đức")
'Dang Van Duc'
>>> is_vietnamese_syllable("nguyễn"), is_vietnamese_syllable("ksor")
(True, False)
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from vnidmatch._tables import table_cache

__all__ = [
    "TONE_MARKS",
    "canonical_tone_marks",
    "clean_unicode",
    "fold_diacritics",
    "has_vietnamese_diacritics",
    "is_vietnamese_syllable",
    "split_tone",
    "squeeze_spaces",
    "strip_tone",
    "title_case",
    "with_tone",
]

ToneStyle = Literal["old", "new"]

#: combining tone marks: huyền, sắc, hỏi, ngã, nặng
TONE_MARKS = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_TONE_SET = frozenset(TONE_MARKS)
_QUALITY_MARKS = frozenset("\u0302\u0306\u031b")  # circumflex, breve, horn

# ---------------------------------------------------------------------------
# Unicode clean-up
# ---------------------------------------------------------------------------

_LOOKALIKES = {
    "\u00d0": "Đ",  # Icelandic eth, typed for Đ
    "\u00f0": "đ",
    "\u0189": "Đ",  # African D
    "\u0256": "đ",
}
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\n\r\v\f"
_CLEAN_TABLE = str.maketrans(
    {
        **_LOOKALIKES,
        **dict.fromkeys(_ZERO_WIDTH, None),
        **dict.fromkeys(_SPACES, " "),
        # fullwidth digits and letters to ASCII
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)
_MULTISPACE = re.compile(r" {2,}")
_NEEDS_CLEANING = re.compile("[" + re.escape("".join(map(chr, _CLEAN_TABLE))) + "]")


def squeeze_spaces(s: str) -> str:
    """Collapse runs of spaces into one and strip both ends.

    >>> squeeze_spaces("  Nguyễn   Văn  A ")
    'Nguyễn Văn A'
    """
    return _MULTISPACE.sub(" ", s).strip()


def clean_unicode(s: str) -> str:
    """NFC, look-alike letters (``Ð`` → ``Đ``), zero-width characters, odd spaces and dashes.

    >>> clean_unicode("\\u00d0\\u1ee9c\\u00a0\\u200bAnh")
    'Đức Anh'
    >>> clean_unicode("Nguye\\u0302\\u0303n") == "Nguyễn"
    True
    """
    if _NEEDS_CLEANING.search(s):  # most text has none of them: skip the (slow) translate
        s = s.translate(_CLEAN_TABLE)
    return squeeze_spaces(unicodedata.normalize("NFC", s))


# ---------------------------------------------------------------------------
# Letters, tones, folding
# ---------------------------------------------------------------------------

_BASE_VOWELS = "aăâeêioôơuưy"


@table_cache(maxsize=4096)
def split_tone(ch: str) -> tuple[str, str]:
    """Split one letter into its toneless NFC form and its combining tone mark (or ``""``).

    >>> split_tone("ễ")
    ('ê', '̃')
    >>> split_tone("a")
    ('a', '')
    """
    decomposed = unicodedata.normalize("NFD", ch)
    tone = ""
    rest = []
    for c in decomposed:
        if c in _TONE_SET:
            tone = c
        else:
            rest.append(c)
    return unicodedata.normalize("NFC", "".join(rest)), tone


def with_tone(letter: str, tone: str) -> str:
    """Put ``tone`` (a combining mark, or ``""``) on a toneless letter.

    >>> with_tone("ô", "\\u0301")
    'ố'
    """
    return unicodedata.normalize("NFC", letter + tone) if tone else letter


def strip_tone(s: str) -> str:
    """Remove tone marks but keep the letter marks (ˆ ˘ horn, đ).

    >>> strip_tone("Nguyễn Thị Hường")
    'Nguyên Thi Hương'
    """
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", s) if c not in _TONE_SET)
    )


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch and base.isascii() and base:
            table[cp] = base
    table[ord("đ")] = "d"
    table[ord("Đ")] = "D"
    table[ord("\u00d0")] = "D"
    table[ord("\u00f0")] = "d"
    for cp in range(0x300, 0x370):  # stray combining marks
        table[cp] = ""
    return table


_FOLD_TABLE = _build_fold_table()


def fold_diacritics(s: str) -> str:
    """Remove every diacritic, ``đ`` → ``d``; other non-ASCII letters through Unidecode.

    The Vietnamese alphabet goes through one ``str.translate`` table (fast); Unidecode is only
    imported for letters that the table does not know (``Č``, ``ß``, CJK, ...).

    >>> fold_diacritics("Hồ Thị Hương, Đắk Lắk")
    'Ho Thi Huong, Dak Lak'
    >>> fold_diacritics("H'Či Êban")
    "H'Ci Eban"
    """
    if s.isascii():
        return s
    # decomposed, every Vietnamese letter is an ASCII letter and combining marks: dropping
    # the marks (in C) folds it; any other character is dropped too, which shows as a
    # change of length, and then the table below decides
    out = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D")).encode(
        "ascii", "ignore").decode("ascii")
    if len(out) == len(s):
        return out
    out = s.translate(_FOLD_TABLE)
    if out.isascii():
        return out
    from unidecode import unidecode  # lazy: only foreign letters reach this

    return unidecode(out)


_VN_LETTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzđ"
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
)


def has_vietnamese_diacritics(s: str) -> bool:
    """True when ``s`` contains a Vietnamese letter with a diacritic (including ``đ``).

    >>> has_vietnamese_diacritics("Nguyen Van A"), has_vietnamese_diacritics("Đào")
    (False, True)
    """
    return any(c in _VN_LETTERS and not c.isascii() for c in s.lower())


# ---------------------------------------------------------------------------
# Syllable structure
# ---------------------------------------------------------------------------

_ONSETS = (
    "ngh", "ng", "nh", "gh", "gi", "kh", "ph", "th", "tr", "ch", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip
_FINALS = ("ng", "nh", "ch", "c", "m", "n", "p", "t")
_OPEN_RHYMES = frozenset(
    ["a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "âu", "ay", "ây", "eo", "êu", "ia", "iu", "iêu", "oa", "oai", "oao", "oay", "oe", "oeo", "oi", "ôi", "ơi", "ua", "uây", "uê", "ui", "uôi", "uơ", "ưa", "ưi", "ươi", "ươu", "ưu", "uy", "uya", "uyu", "yêu"]
)
_QU_RHYMES = frozenset({"a", "ê", "y", "ơ", "ya"})
_CLOSED_NUCLEI = frozenset(
    ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "iê", "yê", "oa", "oă", "oe", "oo", "uâ", "uê", "uô", "ươ", "uy", "uyê"]
)


@table_cache(maxsize=65536)
def _split_syllable(word: str) -> tuple[str, str, str] | None:
    """(onset, nucleus, final) of a toneless lower-case syllable, or None."""
    onset = ""
    for o in _ONSETS:
        if word.startswith(o):
            onset = o
            break
    rest = word[len(onset) :]
    if onset == "gi" and (not rest or rest[0] not in _BASE_VOWELS):
        # "gìn", "gi": the i is the vowel
        onset, rest = "g", word[1:]
    if onset == "qu" and not rest:
        return None
    final = ""
    for f in _FINALS:
        if rest.endswith(f) and len(rest) > len(f):
            final = f
            break
    nucleus = rest[: len(rest) - len(final)] if final else rest
    if not nucleus:
        return None
    if final:
        if nucleus not in _CLOSED_NUCLEI:
            return None
    elif nucleus not in _OPEN_RHYMES and not (onset == "qu" and nucleus in _QU_RHYMES):
        return None
    return onset, nucleus, final


_TONE_BEARERS = frozenset("aeiouy")  # base letters of every vowel in NFD (â = a + ̂ ...)


def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` (any case, with or without tone) is a well-formed Vietnamese syllable.

    >>> [is_vietnamese_syllable(w) for w in ("Nguyễn", "gìn", "quốc", "Lee", "Ksor", "ñinh")]
    [True, True, True, False, False, False]
    """
    lw = strip_tone(word.lower())
    if not lw or not all(c in _VN_LETTERS for c in lw):
        return False
    tones = 0
    base = ""
    for c in unicodedata.normalize("NFD", word.lower()):
        if c in _TONE_SET:
            tones += 1
            if tones > 1 or base not in _TONE_BEARERS:
                return False  # two tones, or a tone on a consonant ("ñinh" is mojibake)
        elif not unicodedata.combining(c):
            base = c
    return _split_syllable(lw) is not None


def _tone_index(onset: str, nucleus: str, final: str, style: ToneStyle) -> int:
    """Index within the nucleus of the vowel that carries the tone."""
    marked = [i for i, c in enumerate(nucleus) if c in "ăâêôơư"]
    if marked:
        return marked[-1]  # ươ -> ơ, uyê -> ê
    if len(nucleus) == 1:
        return 0
    if final:
        return len(nucleus) - 1
    if len(nucleus) == 3:
        return 1
    if style == "new" and nucleus in {"oa", "oe", "uy"}:
        return 1
    return 0


@table_cache(maxsize=65536)
def _canonical_word(word: str, style: ToneStyle) -> str:
    decomposed = [split_tone(c) for c in word]
    tones = [t for _, t in decomposed if t]
    if len(tones) != 1:
        return word
    base = "".join(b for b, _ in decomposed)
    lower = base.lower()
    if not all(c in _VN_LETTERS for c in lower):
        return word
    parts = _split_syllable(lower)
    if parts is None:
        return word
    onset, nucleus, final = parts
    pos = len(onset) + _tone_index(onset, nucleus, final, style)
    chars = list(base)
    chars[pos] = with_tone(chars[pos], tones[0])
    return "".join(chars)


_WORD = re.compile(r"[^\W\d_]+")


def canonical_tone_marks(s: str, *, style: ToneStyle = "old") -> str:
    """Move each syllable's tone mark to its canonical vowel (``style`` "old" or "new").

    Words that are not Vietnamese syllables are left as they are.

    >>> canonical_tone_marks("hoà khoẻ thuỷ quý giá Hòang")
    'hòa khỏe thủy quý giá Hoàng'
    >>> canonical_tone_marks("hòa thủy", style="new")
    'hoà thuỷ'
    """
    if s.isascii():
        return s  # no tone marks to move
    s = unicodedata.normalize("NFC", s)
    if style == "old" and not any(map(_moves_tone, _WORD.findall(s))):
        return s  # every word is in place already (most text): no rewriting
    return _WORD.sub(lambda m: _canonical_word(m.group(0), style), s)


@table_cache(maxsize=65536)
def _moves_tone(word: str) -> bool:
    """Whether the old-style canonical form of ``word`` differs from it."""
    return _canonical_word(word, "old") != word


def title_case(s: str) -> str:
    """Vietnamese title case: every word capitalised, also after ``'`` and ``-``.

    >>> title_case("NGUYỄN văn a"), title_case("h'hen niê"), title_case("y-blô")
    ('Nguyễn Văn A', "H'Hen Niê", 'Y-Blô')
    """
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), s)
