"""Name-part statistics and the word checks of name normalisation (private).

Counts of each word as a family, middle and given name (table ``name_tokens``), the
honorifics and placeholders that are no one's name, and the tests on them that
:mod:`vnidmatch.normalize.name` uses to clean, split and order names.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from vnidmatch._tables import load_table, table_cache
from vnidmatch.normalize._repair import _decode_telex
from vnidmatch.normalize.text import canonical_tone_marks, fold_diacritics, is_vietnamese_syllable

__all__: list[str] = []

#: words that precede a name in records: honorifics, kinship terms, "patient", "customer"
HONORIFICS = frozenset(
    ["bà", "ông", "cháu", "chị", "anh", "em", "cô", "chú", "bác", "dì", "mẹ", "bố", "bé", "bn", "kh", "a", "c", "e", "bệnh_nhân", "khách_hàng", "quý_ông", "quý_bà", "quý_cô"]
)
_HONORIFICS_FOLDED = frozenset(
    ["ba", "ong", "chau", "chi", "anh", "em", "co", "chu", "bac", "di", "me", "bo", "be", "bn", "kh", "a", "c", "e", "benh_nhan", "khach_hang", "quy_ong", "quy_ba", "quy_co"]
)


#: whole values that stand for "no name" in registers and sign-up forms (folded, lower case)
PLACEHOLDER_NAMES = frozenset({
    "student", "thanh vien moi", "thanh vien", "khach hang", "khach", "khong ro", "khong co",
    "khong", "chua co", "chua co ten", "chua dat ten", "chua ro", "an danh", "unknown",
    "none", "null", "n a", "test", "x", "xx", "xxx",
    # newborns not yet named
    "so sinh", "tre so sinh", "be so sinh", "be gai", "be trai", "baby", "baby girl", "baby boy",
})
#: a newborn recorded by a parent ("Con ông Nguyễn Văn A", "Sơ sinh con bà Lan"): the name is
#: the parent's, never the person's
_PARENT_WORDS = frozenset({"ong", "ba", "anh", "chi", "cua", "me", "bo", "co", "chu", "di"})
_PLACEHOLDER_FIRST = frozenset(p.split()[0] for p in PLACEHOLDER_NAMES) | {"con"}


def _is_placeholder(folded: list[str]) -> bool:
    """Folded, lower-case words that are no one's name (see :data:`PLACEHOLDER_NAMES`)."""
    if " ".join(folded) in PLACEHOLDER_NAMES:
        return True
    for k in range(min(3, len(folded) - 2)):  # "so sinh con ba ...", "con ong ..."
        if (folded[k] == "con" and folded[k + 1] in _PARENT_WORDS
                and all(w in ("so", "sinh", "tre", "be") for w in folded[:k])):
            return True
    return False


def _is_honorific(word: str) -> bool:
    word = word.lower().rstrip(".:")
    if word.isascii():
        return word in _HONORIFICS_FOLDED
    return word in HONORIFICS


def _stats_by(key_of: Callable[[str], str]) -> dict[str, tuple[int, int, int]]:
    """Token counts (surname, middle, given) summed over the tokens with the same key."""
    stats: dict[str, tuple[int, int, int]] = {}
    for row in load_table("name_tokens"):
        key = key_of(row["token"])
        s, m, g = stats.get(key, (0, 0, 0))
        stats[key] = (
            s + int(row["surname"]),
            m + int(row["middle_m"]) + int(row["middle_f"]),
            g + int(row["given_m"]) + int(row["given_f"]),
        )
    return stats


@table_cache
def _token_stats() -> dict[str, tuple[int, int, int]]:
    """Folded lower-case token -> (surname count, middle count, given count)."""
    return _stats_by(lambda t: fold_diacritics(t).lower())


@table_cache
def _surname_total() -> int:
    return sum(s for s, _, _ in _token_stats().values()) or 1


@table_cache
def _exact_stats() -> dict[str, tuple[int, int, int]]:
    """Lower-case token with canonical tone marks -> (surname, middle, given) counts."""
    return _stats_by(lambda t: canonical_tone_marks(t.lower()))


def _vocabulary(token: str, position: int, n: int) -> float:
    """How usual ``token`` is at this position of a name (family, middle or given)."""
    stats = _exact_stats().get(canonical_tone_marks(token.lower()))
    if not stats:
        return 0.0
    if position == 0:
        return float(stats[0])
    return float(stats[2] if position == n - 1 else stats[1])


def _may_be_surname(token: str) -> bool:
    """A known family name, or a word never seen as a middle or given name (a rare surname)."""
    stats = _exact_stats().get(canonical_tone_marks(token.lower()))
    if stats is None and token.isascii():
        stats = _token_stats().get(token.lower())
    if stats is None:
        return True
    s, m, g = stats
    return (s >= 1 and s >= 0.3 * (s + m + g)) or _is_surname(token)


def _stats_of(token: str) -> tuple[int, int, int] | None:
    return _exact_stats().get(canonical_tone_marks(token.lower()))


def _rare_surname_after(word: str, token: str) -> bool:
    """Whether ``token``, after the register word ``word`` in a name of four or more words,
    is the family name (``BN Giao Thị Lan``, ``Ông Vạn Văn Tài``): it has been seen as a
    family name (or never seen at all), and — when ``word`` is itself a family name
    (``Ông``) — it is not mostly a middle name (``Ông Thị Kim Lan`` keeps its family name)."""
    stats = _stats_of(token)
    if stats is not None and stats[0] < 1:
        return False
    own = _stats_of(word)
    if own is None or own[0] < 3:
        return True
    s, m, g = stats or (0, 0, 0)
    return m < 0.9 * (s + m + g + 1)


def _is_surname(token: str, min_count: int = 5) -> bool:
    """True when ``token`` is mostly seen as a family name (not only as a middle/given name)."""
    stats = _token_stats().get(fold_diacritics(token).lower())
    return bool(stats and stats[0] >= min_count and stats[0] >= 0.3 * sum(stats))


def _strip_honorifics(tokens: list[str]) -> tuple[list[str], bool]:
    stripped = False
    while len(tokens) >= 3:
        if _is_honorific(f"{tokens[0]}_{tokens[1]}") and len(tokens) >= 4 and _may_be_surname(
                tokens[2]):
            tokens = tokens[2:]
        elif _is_honorific(tokens[0]) and (_may_be_surname(tokens[1]) or (
                len(tokens) >= 4 and _rare_surname_after(tokens[0], tokens[1]))):
            tokens = tokens[1:]
        else:
            break
        stripped = True
    return tokens, stripped


def _surname_score(tok: str) -> float:
    stats = _token_stats().get(tok)
    if not stats:
        return 0.0
    s, m, g = stats
    return s / (s + m + g + 1.0)


def _log_share(tok: str) -> float:
    stats = _token_stats().get(tok)
    return math.log((stats[0] if stats else 0) + 0.5)


#: middle names that say a name is Vietnamese even typed without diacritics
_VN_MIDDLE = frozenset({"thi"})  # not "van": Lee Van Cleef


def _telex_family(tokens: list[str]) -> bool:
    """Decode Telex residue in the family name of an otherwise Vietnamese name (in place):
    ``Lee Thị Kim Nhung`` is Lê, ``Ngoo Văn Hậu`` Ngô. A doubled vowel (``ee``, ``oo``,
    ``aa``) is not a Vietnamese spelling, but ``Lee`` alone is a foreign name too, so the
    first word is decoded only when its decoding is a known family name and every other word
    is a Vietnamese syllable, one of them with Vietnamese diacritics or the middle name
    Thị (``Lee Min Ho``, ``Lee Van A`` and ``John Lee`` stay)."""
    first = tokens[0]
    if len(tokens) < 2 or not first.isascii() or not first.isalpha() or not any(
            d in first.lower() for d in ("aa", "ee", "oo")):
        return False
    rest = tokens[1:]
    if not all(is_vietnamese_syllable(t.lower()) for t in rest):
        return False
    if not any(not t.isascii() for t in rest) and fold_diacritics(rest[0]).lower() \
            not in _VN_MIDDLE:
        return False
    decoded = _telex_word(first)
    stats = _stats_of(decoded) if decoded else None  # with its tone: Hoo (Hô) is not Hồ
    if decoded is None or not stats or stats[0] < 5 or stats[0] < 0.3 * sum(stats):
        return False
    tokens[0] = decoded
    return True


def _telex_word(word: str) -> str | None:
    got = _decode_telex(word)
    return got[0] if got and is_vietnamese_syllable(got[0].lower()) else None
