"""Writing rows in the format the output file's name asks for: CSV (UTF-8 with a BOM, so
that Excel shows Vietnamese), TSV, Parquet (``parquet`` extra) or ``.xlsx`` (``xlsx``
extra). A name the writer cannot honour is refused, never silently written as CSV."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from vnidmatch.exceptions import VnidmatchError

__all__ = ["FORMATS", "output_format", "write_csv", "write_table"]

#: output suffix → format; no suffix is CSV
FORMATS = {"": "csv", ".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".parquet": "parquet",
           ".pq": "parquet", ".xlsx": "xlsx"}


def output_format(path: str | os.PathLike[str]) -> str:
    """The format a file name asks for; raises for a name that no writer honours.

    >>> output_format("links.parquet"), output_format("out")
    ('parquet', 'csv')
    >>> output_format("links.json")
    Traceback (most recent call last):
    vnidmatch.exceptions.VnidmatchError: cannot write 'links.json': ...
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise VnidmatchError(f"cannot write {str(path)!r}: the output name must end in "
                             + ", ".join(s for s in FORMATS if s) + " (or have no suffix)")
    return FORMATS[suffix]


def write_csv(path: str | os.PathLike[str], rows: Iterable[Mapping[str, Any]],
              columns: Sequence[str] | None = None, *, delimiter: str = ",") -> int:
    """Write rows to a UTF-8 CSV (with a BOM so that Excel shows Vietnamese correctly);
    returns the number of rows written.

    >>> import tempfile, pathlib
    >>> write_csv(pathlib.Path(tempfile.mkdtemp()) / "o.csv", [{"a": 1}])
    1
    """
    n = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer: csv.DictWriter[str] | None = None
        for row in rows:
            if writer is None:
                writer = csv.DictWriter(f, fieldnames=list(columns or row), extrasaction="ignore",
                                        delimiter=delimiter)
                writer.writeheader()
            writer.writerow(row)
            n += 1
        if writer is None and columns:
            csv.writer(f, delimiter=delimiter).writerow(columns)
    return n


def _columns(rows: list[Mapping[str, Any]], columns: Sequence[str] | None) -> list[str]:
    if columns:
        return list(columns)
    seen: dict[str, None] = {}
    for r in rows:
        seen.update(dict.fromkeys(r))
    return list(seen)


def write_table(path: str | os.PathLike[str], rows: Iterable[Mapping[str, Any]],
                columns: Sequence[str] | None = None) -> int:
    """Write rows in the format of ``path``'s suffix (:data:`FORMATS`); returns the row count.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_table(d / "o.tsv", [{"a": 1, "b": "x"}]), (d / "o.tsv").read_text("utf-8-sig")
    (1, 'a\\tb\\n1\\tx\\n')
    """
    kind = output_format(path)
    if kind in ("csv", "tsv"):
        return write_csv(path, rows, columns, delimiter="\t" if kind == "tsv" else ",")
    data = list(rows)
    names = _columns(data, columns)
    if kind == "parquet":
        try:
            import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
            import pyarrow.parquet as pq  # type: ignore[import-untyped,import-not-found,unused-ignore]
        except ImportError:
            raise VnidmatchError("writing Parquet needs pyarrow: pip install 'vnidmatch[parquet]'"
                                 ) from None
        table = pa.table({c: [_plain(r.get(c)) for r in data] for c in names})
        pq.write_table(table, path)
        return len(data)
    try:
        import openpyxl  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise VnidmatchError("writing .xlsx needs openpyxl: pip install 'vnidmatch[xlsx]'"
                             ) from None
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(names)
    for r in data:
        sheet.append([_plain(r.get(c)) for c in names])
    book.save(path)
    return len(data)


def _plain(value: Any) -> Any:
    """A cell value: numbers stay numbers, anything else is text (ids keep leading zeros)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)
