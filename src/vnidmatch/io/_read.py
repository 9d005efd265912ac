"""Reading record files — CSV (delimiter and encoding guessed), Excel ``.xlsx`` and Parquet —
record by record, with per-row recovery.

A malformed row (an unbalanced quote, a wrong number of fields, bytes no encoding reads) is
not fatal: it is returned as a :class:`Reject` with its line number and reason, and reading
goes on with the next line. Every record of the file is either a row or a reject:
``len(table.rows) + len(table.rejects) == table.records`` always. Blank lines between records
are not records; blank lines inside a quoted field are kept.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
>>> _ = p.write_bytes("ho_ten;ngay_sinh\\nLê Lan;1990\\nx;y;z\\n".encode("utf-8-sig"))
>>> t = read_table(p)
>>> t.columns, t.rows, [(r.line, r.reason) for r in t.rejects]
(['ho_ten', 'ngay_sinh'], [{'ho_ten': 'Lê Lan', 'ngay_sinh': '1990'}], [(3, 'expected 2 fields, got 3')])
>>> t.records, t.row_numbers
(2, [1])
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vnidmatch.exceptions import VnidmatchError
from vnidmatch.io._decode import Line, decode_lines

__all__ = ["MAX_RECORD_LINES", "Reject", "Table", "read_table"]

#: a quoted field may run over at most this many lines; past it, the quote is a stray one
MAX_RECORD_LINES = 20


@dataclass(frozen=True)
class Reject:
    """A record that could not be read: the 1-based line it starts on, why, and its text
    (the rejects file holds personal data: see ``--mask-rejects``).

    >>> Reject(3, "expected 2 fields, got 3").line
    3
    """

    line: int
    reason: str
    text: str = ""


@dataclass
class Table:
    """Rows of a file as dicts of strings, what was rejected, and how it was read.

    ``row_numbers[i]`` is the data-row number of ``rows[i]`` in the file (1 for the first
    record after the header, counting rejected records too): the id of a record in a file
    with no id column. ``records`` is the number of records the file holds.

    >>> Table(["a"], [{"a": "1"}]).encoding
    'utf-8'
    """

    columns: list[str]
    rows: list[dict[str, Any]]
    rejects: list[Reject] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ","
    row_numbers: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.row_numbers and self.rows:
            self.row_numbers = list(range(1, len(self.rows) + 1))

    @property
    def records(self) -> int:
        """Records in the file: rows read plus rows rejected."""
        return len(self.rows) + len(self.rejects)


def _parse(text: str, delimiter: str) -> list[list[str]] | None:
    try:
        return list(csv.reader(_lines_of(text), delimiter=delimiter))
    except csv.Error:  # a NUL byte, a field past csv's size limit
        return None


def _lines_of(text: str) -> Iterator[str]:
    # csv.reader joins the pieces of a quoted field across the lines it is given
    parts = text.split("\n")
    for i, part in enumerate(parts):
        yield part + ("\n" if i < len(parts) - 1 else "")


def _salvage(text: str, delimiter: str, width: int) -> list[str] | None:
    """One line with a stray quote: the quote read as a character, if that gives the row."""
    rows = _parse(text, delimiter)
    if rows and len(rows) == 1 and _fit(rows[0], width) is not None:
        return _fit(rows[0], width)
    return _fit(text.split(delimiter), width)


def _fit(fields: list[str], width: int) -> list[str] | None:
    """``fields`` as a row of ``width``; trailing empty fields (Excel's) are dropped."""
    if len(fields) > width and not any(f.strip() for f in fields[width:]):
        fields = fields[:width]
    return fields if len(fields) == width else None


def _records(lines: list[Line], start: int, delimiter: str, width: int, encoding: str
             ) -> Iterator[tuple[int, list[str] | None, str, str]]:
    """(line, fields or None, reason, text) for each record after the header."""
    i = start
    while i < len(lines):
        line = lines[i]
        text = line.text
        if text is None:
            yield line.number, None, f"bytes that do not decode as {encoding}", line.raw
            i += 1
            continue
        if not text.strip():
            i += 1
            continue
        if '"' not in text:
            fields = _fit(text.split(delimiter), width)
            yield (line.number, fields, "" if fields is not None else
                   f"expected {width} fields, got {text.count(delimiter) + 1}", text)
            i += 1
            continue
        end, joined = i + 1, text
        while joined.count('"') % 2 and end < len(lines) and end - i < MAX_RECORD_LINES \
                and lines[end].text is not None:
            joined += "\n" + str(lines[end].text)
            end += 1
        rows = _parse(joined, delimiter) if joined.count('"') % 2 == 0 else None
        fields = _fit(rows[0], width) if rows and len(rows) == 1 else None
        if fields is not None:
            yield line.number, fields, "", joined
            i = end
            continue
        if end == i + 1 and rows and len(rows) == 1:
            yield line.number, None, f"expected {width} fields, got {len(rows[0])}", text
        else:
            salvaged = _salvage(text, delimiter, width)
            yield (line.number, salvaged, "" if salvaged is not None else
                   "unbalanced quote", text)
        i += 1


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _read_csv(p: Path, delimiter: str | None, encoding: str | None) -> Table:
    lines, enc = decode_lines(p.read_bytes(), encoding)
    head = next((k for k, ln in enumerate(lines) if ln.text is not None and ln.text.strip()),
                None)
    if head is None:
        raise VnidmatchError(f"{p}: no rows" if not lines else f"{p}: no readable header")
    header_text = str(lines[head].text)
    delimiter = delimiter or _delimiter(header_text)
    columns = [c.strip() for c in next(csv.reader([header_text], delimiter=delimiter))]
    rows: list[dict[str, Any]] = []
    rejects: list[Reject] = []
    numbers: list[int] = []
    for n, (line, fields, reason, text) in enumerate(
            _records(lines, head + 1, delimiter, len(columns), enc), 1):
        if fields is None:
            rejects.append(Reject(line, reason, text[:200]))
        else:
            rows.append(dict(zip(columns, fields)))
            numbers.append(n)
    return Table(columns, rows, rejects, enc, delimiter, numbers)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores an id typed as a number as a float
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10] if getattr(value, "hour", 0) == 0 else \
            str(value.isoformat())
    return str(value).strip()


def _read_xlsx(p: Path) -> Table:
    try:
        import openpyxl  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise VnidmatchError("reading .xlsx needs openpyxl: pip install 'vnidmatch[xlsx]' "
                             "(or save the sheet as CSV UTF-8)") from None
    try:
        book = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise VnidmatchError(f"{p}: not a readable .xlsx file ({type(exc).__name__})") from None
    rows_iter = iter(book.worksheets[0].iter_rows(values_only=True))
    header = next((r for r in rows_iter if any(v is not None for v in r)), None)
    if header is None:
        raise VnidmatchError(f"{p}: no rows")
    columns = [_cell(v) for v in header]
    while columns and not columns[-1]:
        columns.pop()
    rows: list[dict[str, Any]] = []
    rejects: list[Reject] = []
    numbers: list[int] = []
    n = 0
    for k, values in enumerate(rows_iter, 2):
        cells = [_cell(v) for v in values]
        if not any(cells):
            continue
        n += 1
        fields = _fit(cells, len(columns)) if len(cells) >= len(columns) else \
            cells + [""] * (len(columns) - len(cells))
        if fields is None:
            rejects.append(Reject(k, f"values beyond the {len(columns)} named columns",
                                  ",".join(cells)[:200]))
        else:
            rows.append(dict(zip(columns, fields)))
            numbers.append(n)
    book.close()
    return Table(columns, rows, rejects, "xlsx", "", numbers)


def read_table(path: str | os.PathLike[str], *, delimiter: str | None = None,
               encoding: str | None = None) -> Table:
    """Read a CSV (UTF-8 with or without BOM, UTF-16, Windows-1258, cp1252 with VNI/TCVN3
    font text; guessed line by line unless ``encoding`` is given), an ``.xlsx`` (first
    sheet; needs the ``xlsx`` extra) or a Parquet file (``parquet`` extra).

    Raises :class:`~vnidmatch.exceptions.VnidmatchError` when the file is missing, empty,
    has no header or needs an extra that is not installed; bad rows go to ``Table.rejects``.

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
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(p)
    if suffix == ".xls":
        raise VnidmatchError(f"{p}: the old .xls format is not read; save it as .xlsx or CSV")
    if suffix in (".parquet", ".pq"):
        try:
            import pyarrow.parquet as pq  # type: ignore[import-untyped,import-not-found,unused-ignore]
        except ImportError:
            raise VnidmatchError("reading Parquet needs pyarrow: pip install 'vnidmatch[parquet]'"
                                 ) from None
        tbl = pq.read_table(p)
        rows = [{k: ("" if v is None else v) for k, v in r.items()} for r in tbl.to_pylist()]
        return Table([str(c) for c in tbl.column_names], rows, [], "parquet", "")
    return _read_csv(p, delimiter, encoding)
