"""Sex values in the wild (``Nam``/``Nữ``/``M``/``F``/``1``/``0``) to ``"M"``/``"F"``/None.

>>> normalize_sex("Nữ")
'F'
"""

from __future__ import annotations

__all__ = ["normalize_sex"]

_SEX = {
    "m": "M", "male": "M", "nam": "M", "trai": "M", "ông": "M", "ong": "M",
    "f": "F", "female": "F", "nữ": "F", "nu": "F", "gái": "F", "gai": "F", "bà": "F", "ba": "F",
}  # fmt: skip


def normalize_sex(value: object, *, numeric: dict[str, str] | None = None) -> str | None:
    """``"M"``, ``"F"`` or None (missing or ambiguous).

    ``1``/``0`` mean different things in different systems, so they are missing unless you
    say what they mean with ``numeric={"1": "M", "0": "F"}``.

    >>> [normalize_sex(v) for v in ("Nam", "nữ", "NU", "F", "1", "", None)]
    ['M', 'F', 'F', 'F', None, None, None]
    >>> normalize_sex("1", numeric={"1": "M", "0": "F"})
    'M'
    """
    if value is None:
        return None
    s = str(value).replace("\u00a0", " ").strip().lower()
    if numeric and s in numeric:
        return numeric[s]
    return _SEX.get(s)


