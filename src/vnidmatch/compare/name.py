"""Compare Vietnamese names: robust to lost diacritics, a dropped middle name, swapped order.

The comparison folds diacritics and puts both names in family–middle–given order
(:func:`~vnidmatch.normalize.parse_name`) as part of the algorithm; it does not otherwise
normalise: pass normalised names (``normalize_name``) for the best results.

>>> name_similarity("Nguyễn Văn Hùng", "Nguyễn Văn Hùng")
1.0
>>> name_similarity("Nguyễn Văn Hùng", "NGUYEN VAN HUNG")
0.96
>>> name_similarity("Nguyễn Văn Hùng", "Nguyễn Hùng") > name_similarity("Nguyễn Văn Hùng", "Nguyễn Văn Dũng")
True
"""

from __future__ import annotations

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from vnidmatch._tables import table_cache
from vnidmatch.normalize.name import _phonetic_syllable, is_known_name_part, parse_name
from vnidmatch.normalize.text import fold_diacritics

__all__ = ["NAME_LEVELS", "name_level", "name_similarity"]

#: levels from most to least similar, with the lowest similarity that reaches them
NAME_LEVELS: dict[str, float] = {
    "exact": 1.0,
    "folded": 0.95,
    "high": 0.9,
    "medium": 0.8,
    "low": 0.65,
    "different": 0.0,
}
_FAMILY_PAIRS = {frozenset({"vu", "vo"}), frozenset({"hoang", "huynh"})}


@table_cache(maxsize=262144)
def _parts(s: str) -> tuple[tuple[str, str, str], tuple[str, str, str], tuple[str, ...]]:
    """((family, middle, given) lower with diacritics, the same folded, sorted folded words)."""
    n = parse_name(s)
    exact = (n.family.lower(), n.middle.lower(), n.given.lower())
    folded = tuple(fold_diacritics(x) for x in exact)
    return exact, (folded[0], folded[1], folded[2]), tuple(sorted(" ".join(folded).split()))


def _jw(a: str, b: str) -> float:
    return 1.0 if a == b else float(JaroWinkler.similarity(a, b))


def _accent_penalty(ea: tuple[str, ...], eb: tuple[str, ...]) -> float:
    """1.0 when the diacritics agree or one side lost them; lower when they differ."""
    penalty = 1.0
    pairs = [
        (wa, wb)
        for pa, pb in zip(ea, eb)
        if len(pa.split()) == len(pb.split())
        for wa, wb in zip(pa.split(), pb.split())
    ]
    for wa, wb in pairs:
        if wa == wb or wa.isascii() or wb.isascii() or fold_diacritics(wa) != fold_diacritics(wb):
            continue
        same = _phonetic(fold_diacritics(wa)) == _phonetic(fold_diacritics(wb))
        penalty = min(penalty, 0.9 if same else 0.85)
    return penalty


@table_cache(maxsize=65536)
def _phonetic(folded: str) -> str:
    return " ".join(_phonetic_syllable(t) for t in folded.split())


@table_cache(maxsize=65536)
def _known(word: str) -> bool:
    return is_known_name_part(word)


def _part_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if _phonetic(a) == _phonetic(b):
        return 0.93  # i/y, d/gi, s/x, Vũ/Võ ...
    jw = _jw(a, b)
    if (len(a) >= 2 and len(b) >= 2 and DamerauLevenshtein.distance(a, b) <= 1
            and not (_known(a) and _known(b))):
        return max(jw, 0.9)  # a typo: one letter wrong, missing or swapped, not another name
    return jw


@table_cache(maxsize=262144)
def _similarity(a: str, b: str) -> float:
    if a.lower() == b.lower():
        return 1.0
    ea, (fa, ma, ga), ta = _parts(a)
    eb, (fb, mb, gb), tb = _parts(b)
    if ea == eb:
        return 0.97  # the same name written in another order
    both_marked = not (a.isascii() or b.isascii())
    if (fa, ma, ga) == (fb, mb, gb):
        penalty = _accent_penalty(ea, eb) if both_marked else 1.0
        return 0.96 if penalty == 1.0 else penalty
    if ta == tb:  # same words, order not recognised
        return 0.93
    gs = _part_similarity(ga, gb) if ga and gb else 0.5
    if fa and fb:
        fs = 1.0 if frozenset({fa, fb}) in _FAMILY_PAIRS else _part_similarity(fa, fb)
    else:
        fs = 0.7
    if ma == mb:
        ms = 1.0
    elif not ma or not mb or set(ma.split()) <= set(mb.split()) or set(mb.split()) <= set(ma.split()):
        ms = 0.75  # a dropped (part of the) middle name
    else:
        ms = _part_similarity(ma, mb)
    score = gs * gs * (0.55 + 0.3 * fs + 0.15 * ms)
    if gs < 0.6 and min(len(ga), len(gb)) >= 3:
        return round(score, 4)  # clearly different given names: nothing below can lift it
    if both_marked:
        score *= _accent_penalty(ea, eb)
    # a typo anywhere in the whole name (one or two edits) keeps the name "high"/"medium"
    words_a, words_b = set(" ".join((fa, ma, ga)).split()), set(" ".join((fb, mb, gb)).split())
    differing = words_a ^ words_b
    if not all(_known(w) for w in differing):
        d = DamerauLevenshtein.distance(" ".join((fa, ma, ga)), " ".join((fb, mb, gb)))
        if d == 1:
            score = max(score, 0.9)
        elif d == 2 and min(len(" ".join(ta)), len(" ".join(tb))) >= 10:
            score = max(score, 0.8)
    # only the same letters (or a dropped middle name) reach "folded"
    cap = 0.96 if (fa, ga) == (fb, gb) else 0.94
    return round(min(score, cap), 4)


def name_similarity(a: str | None, b: str | None) -> float | None:
    """Similarity in [0, 1] of two full names; None when either is missing.

    The given name weighs most (it is squared), then the family name, then the middle name;
    a missing middle name costs less than a different one; ``Vũ``/``Võ`` and
    ``Hoàng``/``Huỳnh`` count as the same family name. Symmetric.

    >>> name_similarity("Văn A Nguyễn", "Nguyễn Văn A")
    0.97
    >>> name_similarity("Võ Thị Lan", "Vũ Thị Lan") >= 0.9
    True
    >>> name_similarity("", "Lan") is None
    True
    """
    if not a or not b or not isinstance(a, str) or not isinstance(b, str):
        return None
    if a > b:
        a, b = b, a
    return _similarity(a, b)


def name_level(a: str | None, b: str | None) -> str | None:
    """The :data:`NAME_LEVELS` label of two names, or None when either is missing.

    >>> name_level("Nguyễn Văn Hùng", "Nguyen Van Hung"), name_level("Lê Lan", "Trần Hùng")
    ('folded', 'different')
    """
    sim = name_similarity(a, b)
    if sim is None:
        return None
    for label, threshold in NAME_LEVELS.items():
        if sim >= threshold:
            return label
    return "different"  # pragma: no cover
