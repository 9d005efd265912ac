"""The result of parsing an address: :class:`Address`, and the two schemes its codes are in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Address", "Scheme"]

Scheme = Literal["legacy", "2025"]


@dataclass(frozen=True, slots=True)
class Address:
    """A parsed address with its resolved official units.

    Names are official, with their type word (``Phường Bến Thành``, ``Thành phố Hồ Chí Minh``);
    codes are official codes **in** ``scheme``. ``district``/``district_code`` exist only in
    the legacy scheme. ``ward_candidates`` holds the codes a name could mean when it is not
    unique (or the new wards a split old ward went to); ``ward`` is then None, unless one
    reading is far the likelier (``ward`` is that one, ``confidence`` ≤ 0.6, and the
    candidates hold every reading). ``confidence`` is 1.0 when every level was named and
    found, lower when a level was inferred, 0.0 when nothing was recognised.

    >>> from vnidmatch.normalize.address import parse_address
    >>> parse_address("P.Bến Thành, Q.1, TP.HCM").district_code
    '760'
    """

    street: str = ""
    ward: str | None = None
    ward_code: str | None = None
    district: str | None = None
    district_code: str | None = None
    province: str | None = None
    province_code: str | None = None
    scheme: Scheme | None = None
    ward_candidates: tuple[str, ...] = ()
    confidence: float = 0.0
    ambiguities: tuple[str, ...] = field(default=())

    @property
    def is_resolved(self) -> bool:
        """True when at least the province is known."""
        return self.province_code is not None
