"""Parsing: the text cleaned, folded and cut into segments, its units resolved (the much
repeated tail of an address once), the street kept in its original spelling."""

from __future__ import annotations

from typing import TypeAlias

from vnidmatch._tables import table_cache
from vnidmatch.normalize.address._chunks import (
    _COUNTRY,
    _HAS_DIGIT,
    _STATE_FARM,
    _THUA_THIEN_HUE,
    _Chunk,
    _chunk_specs,
    _chunks,
    _dashed,
    _protect,
    _segments,
    _Shape,
    _shape,
    _split_chunks,
)
from vnidmatch.normalize.address._convert import current_units
from vnidmatch.normalize.address._marks import _by_marks, _by_spelling
from vnidmatch.normalize.address._model import Address, Scheme
from vnidmatch.normalize.address._resolve import _Readings, _resolve_parts
from vnidmatch.normalize.address._units import _index, _key, _lookup_district
from vnidmatch.normalize.text import canonical_tone_marks, clean_unicode, fold_diacritics


def parse_address(value: object, *, prefer: Scheme | None = None) -> Address:
    """Parse an address and resolve it to official units. Never raises on any ``value``.

    ``prefer`` (``"2025"`` or ``"legacy"``): the units a register is known to be written in.
    Without it, a ward name that is a 2025 ward *and* an old ward elsewhere in the same
    province, written without its district, is ambiguous. When the name is one 2025 ward and
    one old ward elsewhere, the 2025 ward is taken as the likelier reading (an address
    without its district is most often a 2025 address, and a 2025 ward spans about three
    old ones), with confidence 0.6, a note in ``ambiguities``, and both readings in
    ``ward_candidates`` (comparisons use all of them); with more old wards of that name, the
    readings are candidates only. With ``prefer`` the ward is read in that scheme. Text that
    settles the scheme (a district, a province that no longer exists) is read as it says
    either way.

    >>> a = parse_address("Phường 7, Quận 3, TP HCM")  # merged into Võ Thị Sáu in 2020
    >>> a.ward, a.district, a.province_code, a.scheme
    ('Phường Võ Thị Sáu', 'Quận 3', '79', 'legacy')
    >>> parse_address("TP Vinh - Nghệ An").district
    'Thành phố Vinh'
    >>> parse_address("Xã Tân Thành, Tỉnh Long An").ward_candidates  # three communes in Long An
    ('27823', '27850', '28042')
    >>> parse_address(None).confidence
    0.0
    >>> a = parse_address("Xã Tân Tiến, Tỉnh Tuyên Quang")  # and an old Tân Tiến elsewhere
    >>> a.ward_code, a.ward_candidates, a.confidence
    ('01051', ('01051', '02470'), 0.6)
    >>> parse_address("Xã Tân Tiến, Tỉnh Tuyên Quang", prefer="2025").ward_code
    '01051'
    """
    if not isinstance(value, str) or not value.strip():
        return Address()
    if prefer is None:
        return _parse(value)
    if prefer not in ("2025", "legacy"):
        from vnidmatch.exceptions import ConfigError

        raise ConfigError(f"prefer must be '2025' or 'legacy', got {prefer!r}")
    return _parse_preferring(value, prefer)


def address_key(value: object) -> str | None:
    """Blocking key: the 2025 province code of an address (None when unresolved).

    >>> address_key("Phường Bến Thành, Quận 1, TP HCM"), address_key("xyz")
    ('79', None)
    """
    return current_units(parse_address(value))[0]


@table_cache(maxsize=65536)
def _parse(text: str) -> Address:
    return _parse_with(text, None)


@table_cache(maxsize=65536)
def _parse_preferring(text: str, prefer: Scheme) -> Address:
    return _parse_with(text, prefer)


def _parse_with(text: str, prefer: Scheme | None) -> Address:
    clean = clean_unicode(text)
    folded = fold_diacritics(clean).lower()
    aligned = len(folded) == len(clean)  # (before a trailing country is cut off)
    if folded.rstrip(" .\t\n\r\x0b\x0c").endswith(("vn", "nam")):  # else _COUNTRY cannot match
        folded = _COUNTRY.sub("", folded)
    if "n." in folded:  # "N.T" (nông trường) in a town's name: its "t" is no type word
        folded = _STATE_FARM.sub(lambda m: "nt".ljust(len(m.group(0))), folded)
    if "hue" in folded:  # "TT Huế", "Thừa Thiên - Huế": the "TT" is no thị trấn, the dash
        folded = _THUA_THIEN_HUE.sub(lambda m: "tthue".ljust(len(m.group(0))), folded)
    if "-" in folded:  # a dash inside a unit name is not a separator: same length, no dash
        folded = _dashed().sub(lambda m: m.group(0).replace("-", " "), folded)
    segments = [s for s in _segments(folded) if s.strip()]
    if not segments:
        return Address()
    address = _read(segments, clean, folded, aligned, prefer, True)
    if (address.ward_code is None and not address.ward_candidates
            and any(_protect(s) != s for s in segments)):
        # a type word taken for part of a unit name ("phuong ba lang quan cai rang": a
        # commune Lang Quán exists elsewhere): read again without joining such names
        other = _read(segments, clean, folded, aligned, prefer, False)
        if other.ward_code is not None and address.province_code in (None,
                                                                     other.province_code):
            return other
    return address


def _read(segments: list[str], clean: str, folded: str, aligned: bool,
          prefer: Scheme | None, protect: bool) -> Address:
    """:func:`_parse_with` on the folded segments of ``clean`` (``aligned``: each character
    of ``folded`` at the position of the one of ``clean`` it folds). Without ``protect``
    (a second reading, rare) nothing is cached."""
    # the first segment is mostly house and street, different in every address: not cached
    head = _split_chunks(segments[0], protect)
    if protect and not _names_province(head):
        # "house and street, ward, district, province": the units are read from the end, so
        # when what follows the street resolves down to a ward by itself, the units of that
        # (much repeated) tail are worked out once. The street is the first segment, or, in
        # one segment without commas, the untyped words before the first type word.
        if len(segments) > 1:
            street, tail = head, _resolve_tail(tuple(segments[1:]), prefer)
        else:
            cut = next((k for k, c in enumerate(head) if c.kind is not None), 0)
            street, tail = (head[:cut], _resolve_shape((_shape(head[cut:]),), prefer) if cut
                            else None)
        if tail is not None and not (head and head[-1].kind == "ward"):
            # (a ward typed before a tail that is a ward by itself: the tail is more likely
            # its district, read with the whole address below)
            if isinstance(tail, Address):
                address, readings = tail, None
            else:
                address, readings = tail
            if readings and not clean.isascii():
                address = _by_marks(address, readings, clean)
            return _with_street(address, _street(_without_district(street, address), clean,
                                                 folded, aligned))
    address, remaining, readings = _resolve_parts(
        [head, *(_chunks(s) if protect else _split_chunks(s, False) for s in segments[1:])],
        prefer)
    if readings and not clean.isascii():
        address = _by_marks(address, readings, clean)
    elif len(address.ward_candidates) > 1 and not clean.isascii():
        address = _by_spelling(address, clean)
    return _with_street(address, _street(_without_district(remaining, address), clean, folded,
                                         aligned))


def _without_district(chunks: list[_Chunk], a: Address) -> list[_Chunk]:
    """The chunks but the district found, written before its ward ("Quận 1, Phường Bến
    Nghé, TP HCM"): it is no part of the street."""
    if a.district_code is None:
        return chunks
    for c in chunks:
        if c.kind in ("district", "city"):
            break
    else:
        return chunks
    return [c for c in chunks if c.kind not in ("district", "city") or a.district_code not in
            {u.code for u in _lookup_district(c.words, {a.province_code or ""})[0]}]


def _with_street(a: Address, street: str) -> Address:
    """``replace(a, street=street)``, without ``replace``'s field-by-field introspection."""
    return Address(street=street, ward=a.ward, ward_code=a.ward_code, district=a.district,
                   district_code=a.district_code, province=a.province,
                   province_code=a.province_code, scheme=a.scheme,
                   ward_candidates=a.ward_candidates, confidence=a.confidence,
                   ambiguities=a.ambiguities)


def _names_province(chunks: list[_Chunk]) -> bool:
    """The first chunk (of a segment: no separators) is a province name and nothing else
    (reversed order)."""
    first = chunks[0] if chunks else None
    if first is None or first.kind not in (None, "province", "city") or len(first.words) > 5:
        return False
    joined = "".join(first.words)
    # no province name has a digit; a house number is in most first chunks (and would
    # only crowd the memo of keys)
    return not _HAS_DIGIT.search(joined) and _key(joined) in _index().province_by_key


_Tail: TypeAlias = "Address | tuple[Address, _Readings]"


@table_cache(maxsize=65536)
def _resolve_tail(segments: tuple[str, ...], prefer: Scheme | None) -> _Tail | None:
    """The units of the segments when they resolve to a ward with nothing left over (with
    the readings of the ward name, when there are any: see :func:`_resolve_parts`).

    Resolution reads only each chunk's level, words and type word, so spellings that differ
    in abbreviation or punctuation alone ("P. Bến Thành" / "phuong ben thanh") share one
    resolution."""
    return _resolve_shape(tuple(_chunk_specs(s)[0] for s in segments), prefer)


@table_cache(maxsize=65536)
def _resolve_shape(shape: tuple[_Shape, ...], prefer: Scheme | None) -> _Tail | None:
    address, remaining, readings = _resolve_parts(
        [[_Chunk(kind, list(words), " ".join(words), unit_type)
          for kind, words, unit_type in segment] for segment in shape], prefer)
    if address.ward_code is None or any(c.kind != "sep" and c.raw for c in remaining):
        return None
    # the address alone when there are no readings (nearly always): tens of thousands of
    # cached tails are scanned by every full garbage collection
    return address if readings is None else (address, readings)


def _street(remaining: list[_Chunk], clean: str, folded: str, aligned: bool) -> str:
    """The street part: what is left once the units are taken, in its original spelling."""
    street_chunks = [c.raw for c in remaining if c.kind != "sep" and c.raw]
    if aligned:
        # take the original spelling from the cleaned input, chunk by chunk, in order
        pieces = []
        pos = 0
        for raw in street_chunks:
            found = folded.find(raw, pos)
            if found < 0:
                break
            pieces.append(clean[found : found + len(raw)])
            pos = found + len(raw)
        else:
            street_chunks = pieces
    return canonical_tone_marks(", ".join(street_chunks).strip(" ,.-"))
