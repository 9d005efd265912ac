"""vnidmatch: match, validate and clean Vietnamese identity records.

>>> import vnidmatch
>>> vnidmatch.normalize_name("NGUYEENX vawn a")
'Nguyễn Văn A'
"""

from __future__ import annotations

from vnidmatch.normalize.name import Name, name_key, normalize_name, parse_name, phonetic_key

__version__ = "0.1.0.dev0"

__all__ = [
    "Name",
    "__version__",
    "name_key",
    "normalize_name",
    "parse_name",
    "phonetic_key",
]
