"""Reading and writing record files: CSV (delimiter and encoding sniffed) and Parquet.

A malformed row (wrong number of columns, bytes that do not decode) is not fatal: it is
returned as a :class:`Reject` with its line number and reason, and reading goes on.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
>>> _ = p.write_bytes("ho_ten;ngay_sinh\\nLê Lan;1990\\nx;y;z\\n".encode("utf-8-sig"))
>>> t = read_table(p)
>>> t.columns, t.rows, [(r.line, r.reason) for r in t.rejects]
(['ho_ten', 'ngay_sinh'], [{'ho_ten': 'Lê Lan', 'ngay_sinh': '1990'}], [(3, 'expected 2 fields, got 3')])
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vnidmatch.exceptions import VnidmatchError

__all__ = ["Reject", "Table", "read_table", "write_csv"]


@dataclass(frozen=True)
class Reject:
    """A row that could not be read: its 1-based line number and why.

    >>> Reject(3, "expected 2 fields, got 3").line
    3
    """

    line: int
    reason: str
    text: str = ""


@dataclass
class Table:
    """Rows of a file as dicts of strings, plus what was rejected and how it was read.

    >>> Table(["a"], [{"a": "1"}]).encoding
    'utf-8'
    """

    columns: list[str]
    rows: list[dict[str, Any]]
    rejects: list[Reject] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ","


def _decode_lines(data: bytes) -> tuple[list[tuple[int, str | None, bytes]], str]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    raw = data.split(b"\n")
    if raw and raw[-1] == b"":
        raw.pop()
    ok = 0
    for line in raw:
        try:
            line.decode("utf-8")
            ok += 1
        except UnicodeDecodeError:
            pass
    encoding = "utf-8" if ok >= 0.9 * max(len(raw), 1) else "cp1258"
    out: list[tuple[int, str | None, bytes]] = []
    for n, line in enumerate(raw, 1):
        try:
            text = line.decode(encoding)
            if encoding == "cp1258":
                import unicodedata

                text = unicodedata.normalize("NFC", text)  # cp1258 writes tones as combining marks
            out.append((n, text.rstrip("\r") + "\n", line))
        except UnicodeDecodeError:
            out.append((n, None, line))
    return out, encoding


def read_table(path: str | os.PathLike[str], *, delimiter: str | None = None) -> Table:
    """Read a CSV (UTF-8 with or without BOM, or Windows-1258) or a Parquet file.

    Raises :class:`~vnidmatch.exceptions.VnidmatchError` when the file is missing, empty or
    has no header; bad rows go to ``Table.rejects``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "w.csv"
    >>> _ = p.write_bytes("ho_ten,nam_sinh\\nLê Văn Tâm,1950\\n".encode("cp1258"))
    >>> t = read_table(p)
    >>> t.encoding, t.rows[0]["ho_ten"]
    ('cp1258', 'Lê Văn Tâm')
    """
    p = Path(path)
    if not p.exists():
        raise VnidmatchError(f"file not found: {p}")
    if p.suffix.lower() in (".parquet", ".pq"):
        try:
            import pyarrow.parquet as pq  # type: ignore[import-untyped,import-not-found,unused-ignore]
        except ImportError:
            raise VnidmatchError("reading Parquet needs pyarrow: pip install 'vnidmatch[parquet]'"
                                 ) from None
        tbl = pq.read_table(p)
        rows = [{k: ("" if v is None else v) for k, v in r.items()} for r in tbl.to_pylist()]
        return Table([str(c) for c in tbl.column_names], rows, [], "parquet", "")
    lines, encoding = _decode_lines(p.read_bytes())
    good = [(n, t) for n, t, _ in lines if t is not None and t.strip()]
    if not good:
        raise VnidmatchError(f"{p}: no rows")
    if delimiter is None:
        header = good[0][1]
        counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
        delimiter = max(counts, key=lambda d: (counts[d], d == ","))
    rejects = [Reject(n, "bytes that do not decode as " + encoding, b.decode("latin-1")[:200])
               for n, t, b in lines if t is None]
    header_line, header_text = good[0]
    columns = next(csv.reader([header_text], delimiter=delimiter))
    columns = [c.strip() for c in columns]
    rows = []
    reader = csv.reader(io.StringIO("".join(t for _, t in good[1:])), delimiter=delimiter)
    line_numbers = [n for n, _ in good[1:]]
    previous = 0
    for fields in reader:
        line = line_numbers[previous] if previous < len(line_numbers) else header_line
        previous = reader.line_num
        if len(fields) != len(columns):
            rejects.append(Reject(line, f"expected {len(columns)} fields, got {len(fields)}",
                                  delimiter.join(fields)[:200]))
            continue
        rows.append(dict(zip(columns, fields)))
    rejects.sort(key=lambda r: r.line)
    return Table(columns, rows, rejects, encoding, delimiter)


def write_csv(path: str | os.PathLike[str], rows: Iterable[Mapping[str, Any]],
              columns: Sequence[str] | None = None) -> int:
    """Write rows to a UTF-8 CSV (with a BOM so that Excel shows Vietnamese correctly).

    >>> import tempfile, pathlib
    >>> write_csv(pathlib.Path(tempfile.mkdtemp()) / "o.csv", [{"a": 1}])
    1
    """
    n = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer: csv.DictWriter[str] | None = None
        for row in rows:
            if writer is None:
                writer = csv.DictWriter(f, fieldnames=list(columns or row), extrasaction="ignore")
                writer.writeheader()
            writer.writerow(row)
            n += 1
        if writer is None and columns:
            csv.writer(f).writerow(columns)
    return n
