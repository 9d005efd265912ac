"""Golden-file helper: ``tests/data/<name>.csv`` with ``\\uXXXX`` escapes allowed."""

from __future__ import annotations

import csv
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def unescape(s: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), s)


def golden(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as f:
        return [{k: unescape(v) for k, v in row.items()} for row in csv.DictReader(f)]
