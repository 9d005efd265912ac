"""The text of an address cut up and typed: segments (at commas and other separators),
and chunks within them (at type words: ``P.``, ``Quận``, ``Tỉnh`` ...), each with the level
it names and the type word written."""

from __future__ import annotations

import re
from dataclasses import dataclass

from vnidmatch._tables import table_cache
from vnidmatch.normalize.address._units import _index
from vnidmatch.normalize.text import fold_diacritics

_TYPE_WORDS: dict[str, str] = {
    "phuong": "ward", "xa": "ward", "thi tran": "ward", "dac khu": "ward",
    "p": "ward", "f": "ward", "ph": "ward", "x": "ward", "tt": "ward",
    "quan": "district", "huyen": "district", "thi xa": "district", "q": "district",
    "h": "district", "tx": "district",
    "thanh pho": "city", "tp": "city", "t.p": "city",
    "tinh": "province", "t": "province",
}  # fmt: skip
# a type word: full words need a following space; abbreviations a dot, a space or a digit
_TYPE_RE = re.compile(
    r"(?<![a-z0-9\u00b7])(thanh pho|thi tran|thi xa|dac khu|phuong|quan|huyen|tinh|xa(?!\s+lo\b))(?=[\s.:]|\d)"
    r"|(?<![a-z0-9\u00b7])(t\.p|tp|tt|tx|ph|p|f|q|h|x|t)(?:\.|(?=\d)|\s(?=[a-z0-9]))"
)


@table_cache
def _dashed() -> re.Pattern[str]:
    """Unit names with a dash in them ("Bà Rịa - Vũng Tàu", "Xuân Hương - Đà Lạt", "Văn Miếu -
    Quốc Tử Giám"), folded, with any spacing around the dash: kept whole, not split there."""
    idx = _index()
    names = {fold_diacritics(u.name).lower()
             for table in (idx.provinces, idx.districts, idx.wards) for u in table.values()
             if "-" in u.name}
    alternatives = sorted((r"\s*-\s*".join(re.escape(part.strip()) for part in n.split("-"))
                           for n in names), key=len, reverse=True)
    return re.compile("|".join(rf"(?<![a-z0-9]){a}(?![a-z0-9])" for a in alternatives))


# "/" splits segments but not house numbers ("123/45 Nguyễn Trãi")
_SEGMENT_SPLIT = re.compile(r"\s*(?:[,;|\n]|(?<!\d)/|/(?!\d))\s*|\s+-\s+|\s*–\s*")
# a country name after the province
_COUNTRY = re.compile(r"(?:^|[\s,;.\-]+)(?:viet\s*nam|vn)[\s.]*$")


@dataclass(slots=True)
class _Chunk:
    kind: str | None  # ward / district / city / province / None
    words: list[str]
    raw: str
    unit_type: str | None = None  # "Xã", "Phường", ... when the text says so


_UNIT_TYPES = {
    "phuong": "Phường", "p": "Phường", "f": "Phường", "ph": "Phường", "xa": "Xã", "x": "Xã",
    "thi tran": "Thị trấn", "tt": "Thị trấn", "dac khu": "Đặc khu", "quan": "Quận",
    "q": "Quận", "huyen": "Huyện", "h": "Huyện", "thi xa": "Thị xã", "tx": "Thị xã",
    "thanh pho": "Thành phố", "tp": "Thành phố", "t.p": "Thành phố", "tinh": "Tỉnh", "t": "Tỉnh",
}  # fmt: skip


_WORD = re.compile(r"[a-z0-9]+")


def _protect(segment: str) -> str:
    """Join the words of unit names that contain a type word (``Đan Phượng``) with U+00B7."""
    # such a name has its type word after its first word: without one there, nothing to do
    phrases, triggers = _protected_phrases()
    if triggers.isdisjoint(_WORD.findall(segment)[1:]):
        return segment
    for phrase in phrases:
        if phrase in segment:
            segment = re.sub(rf"(?<![a-z0-9]){phrase}(?![a-z0-9])", phrase.replace(" ", "\u00b7"),
                             segment)
    return segment


@table_cache
def _protected_phrases() -> tuple[tuple[str, ...], frozenset[str]]:
    """Folded unit names with a type word after their first word, longest first, and
    those type words."""
    idx = _index()
    names = {fold_diacritics(u.name).lower() for u in idx.districts.values()}
    names |= {fold_diacritics(u.name).lower() for u in idx.wards.values()}
    names |= {fold_diacritics(u.name).lower() for u in idx.provinces.values()}
    out = []
    triggers = set()
    for n in names:
        inner = {w for w in n.split()[1:] if w in _TYPE_WORDS}
        if inner:
            out.append(n)
            triggers |= inner
    return tuple(sorted(out, key=lambda n: (-len(n), n))), frozenset(triggers)


_Shape = tuple[tuple[str | None, tuple[str, ...], str | None], ...]


def _shape(chunks: list[_Chunk]) -> _Shape:
    """What resolution reads of a segment's chunks: level, words, type word."""
    return tuple((c.kind, tuple(c.words), c.unit_type) for c in chunks)


def _chunks(segment: str) -> list[_Chunk]:
    """Fresh (mutable) chunks of a segment, from a cache of their immutable specs."""
    shape, raws = _chunk_specs(segment)
    return [_Chunk(kind, list(words), raw, unit_type)
            for (kind, words, unit_type), raw in zip(shape, raws)]


@table_cache(maxsize=65536)
def _chunk_specs(segment: str) -> tuple[_Shape, tuple[str, ...]]:
    """A segment's chunks: their shape (what resolution reads) and their raw texts."""
    chunks = _split_chunks(segment)
    return _shape(chunks), tuple(c.raw for c in chunks)


def _split_chunks(segment: str, protect: bool = True) -> list[_Chunk]:
    """A segment cut into chunks at its type words; with ``protect``, the words of unit
    names that contain a type word (``Đan Phượng``) stay together."""
    if "\u00b7" not in segment and _TYPE_RE.search(segment) is None:
        # no type word (most house-and-street parts): one untyped chunk; joining the words
        # of protected names could only remove type words, never add one
        text = segment.strip(" .:")
        return [_Chunk(None, text.split(), text, None)] if text else []
    if protect:
        segment = _protect(segment)
    out: list[_Chunk] = []
    pos = 0
    kind: str | None = None
    unit_type: str | None = None
    prev_end = -1
    for m in _TYPE_RE.finditer(segment):
        if prev_end >= 0 and not segment[prev_end : m.start()].strip(" .:"):
            continue  # "phuong phuong mai": the second word starts the name
        prev_end = m.end()
        text = segment[pos : m.start()].strip(" .:")
        if text or kind:
            out.append(_Chunk(kind, text.split(), text, unit_type))
        word = m.group(1) or m.group(2)
        kind = _TYPE_WORDS.get(word)
        unit_type = _UNIT_TYPES.get(word)
        pos = m.end()
    text = segment[pos:].strip(" .:")
    if text or kind:
        out.append(_Chunk(kind, text.split(), text, unit_type))
    if "\u00b7" in segment:
        for c in out:
            c.words = " ".join(c.words).replace("\u00b7", " ").split()
            c.raw = c.raw.replace("\u00b7", " ")
    return out


def _drop_seps(chunks: list[_Chunk]) -> None:
    """Remove the separators at the end of ``chunks``."""
    while chunks and chunks[-1].kind == "sep":
        chunks.pop()


def _copies(chunks: list[_Chunk]) -> list[_Chunk]:
    """Fresh copies of the chunks (resolution shortens their words as it takes names)."""
    return [_Chunk(c.kind, list(c.words), c.raw, c.unit_type) for c in chunks]


def _names_level(chunks: list[_Chunk], kinds: tuple[str | None, ...]) -> bool:
    """The last chunk is typed as one of ``kinds``, or untyped and a whole segment: what may
    be read with one letter wrong."""
    last = chunks[-1]
    if last.kind is not None:
        return last.kind in kinds
    return len(chunks) == 1 or chunks[-2].kind == "sep"


def _segments(folded: str) -> list[str]:
    """``_SEGMENT_SPLIT.split(folded)``; with commas as the only separators (most addresses),
    by ``str.split``."""
    if _OTHER_SEPARATORS.search(folded):
        return _SEGMENT_SPLIT.split(folded)
    return [part.strip() for part in folded.split(",")]


_STATE_FARM = re.compile(r"(?<![a-z0-9])n\.\s*t(?![a-z0-9])")
# Thừa Thiên Huế abbreviated (TT Huế, T.T.Huế, TT-Huế) or written with a dash
_THUA_THIEN_HUE = re.compile(
    r"(?<![a-z0-9])(?:t\.?\s?t\.?|thua\s*thien)\s*[-\u2013]?\s*hue(?![a-z0-9])")
_OTHER_SEPARATORS = re.compile(r"[;|\n/\-\u2013]")


_HAS_DIGIT = re.compile(r"\d")
