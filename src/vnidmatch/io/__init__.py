"""Reading and writing record files: CSV (encoding and delimiter guessed, read record by
record with per-row recovery), ``.xlsx`` and Parquet.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.csv").write_text('id,ho_ten\\n1,"Lê\\n\\nLan"\\n2,"Tô Hà\\n3,Lâm\\n', "utf-8")
>>> t = read_table(d / "a.csv")
>>> [r["ho_ten"] for r in t.rows], [(r.line, r.reason) for r in t.rejects], t.records
(['Lê\\n\\nLan', 'Tô Hà', 'Lâm'], [], 3)
"""

from __future__ import annotations

from vnidmatch.io._read import MAX_RECORD_LINES, Reject, Table, read_table
from vnidmatch.io._write import FORMATS, output_format, write_csv, write_table

__all__ = ["FORMATS", "MAX_RECORD_LINES", "Reject", "Table", "output_format", "read_table",
           "write_csv", "write_table"]
