"""Tables for notebooks: typed DataFrames and Arrow tables built lazily from plain columns,
Parquet output, short HTML tables, and the masking of identifiers in what is shown.

pandas and pyarrow are optional (extras ``pandas`` and ``parquet``): they are imported
inside the functions that need them, and a missing one is named with its extra.

>>> masked_ids("001090012345 / 0912345678 / P12")
'0010******45 / 0912****78 / P12'
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from vnidmatch.exceptions import VnidmatchError
from vnidmatch.ids._util import mask_digit_runs

__all__ = ["MissingExtraError", "frame", "html_table", "masked_ids", "masked_repr", "require", "to_arrow",
           "write_parquet"]


class MissingExtraError(VnidmatchError, ImportError):
    """An optional dependency is not installed; the message names the extra that brings it.

    >>> str(MissingExtraError("pandas", "pandas"))
    "this needs pandas: pip install 'vnidmatch[pandas]'"
    """

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(f"this needs {module}: pip install 'vnidmatch[{extra}]'")
        self.module, self.extra = module, extra


def require(module: str, extra: str) -> Any:
    """Import an optional dependency, or raise :class:`MissingExtraError` naming its extra.

    >>> require("json", "none").dumps(1)
    '1'
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(module.split(".")[0], extra) from None


def masked_ids(text: str) -> str:
    """``text`` with every run of 9 or more digits masked (first 4 and last 2 kept): what a
    repr or a report shows of a record id that may be a CCCD, a CMND or a phone number.

    >>> masked_ids("row 12")
    'row 12'
    """
    return mask_digit_runs(text)


def masked_repr(obj: Any) -> str:
    """The dataclass repr of ``obj`` with :func:`masked_ids` applied to its text fields.

    >>> from vnidmatch.results import Candidate
    >>> Candidate("001090012345", 9.0, 0.99, "match", ("exact",))
    Candidate(id='0010******45', match_weight=9.0, match_probability=0.99, decision='match', levels=('exact',))
    """
    import dataclasses

    parts = []
    for f in dataclasses.fields(obj):
        if not f.repr:
            continue
        v = getattr(obj, f.name)
        parts.append(f"{f.name}={masked_ids(repr(v)) if isinstance(v, str) else repr(v)}")
    return f"{type(obj).__name__}({', '.join(parts)})"


def frame(columns: Mapping[str, Sequence[Any]], *, categories: Mapping[str, Sequence[str]]
          | None = None, ordered: Sequence[str] = (), index: str | None = None) -> Any:
    """A pandas DataFrame of ``columns``: numbers as they are (float columns with NaN for
    missing), the columns in ``categories`` as categoricals with those categories in order
    (ordered categoricals for the columns named in ``ordered``).

    >>> df = frame({"w": [1.5, float("nan")], "d": ["match", "possible"]},
    ...            categories={"d": ["possible", "match"]})
    >>> str(df["d"].dtype), str(df["w"].dtype), list(df["d"].cat.categories)
    ('category', 'float64', ['possible', 'match'])
    """
    pd = require("pandas", "pandas")
    data: dict[str, Any] = {}
    for name, values in columns.items():
        cats = (categories or {}).get(name)
        if cats is not None:
            data[name] = pd.Categorical(list(values), categories=list(cats),
                                        ordered=name in ordered)
        else:
            data[name] = list(values) if not hasattr(values, "dtype") else values
    df = pd.DataFrame(data)
    if index is not None:
        df = df.set_index(index)
    return df


def to_arrow(df: Any) -> Any:
    """A pyarrow Table of a DataFrame (categoricals become dictionary columns).

    >>> t = to_arrow(frame({"d": ["match"]}, categories={"d": ["possible", "match"]}))
    >>> str(t.schema.field("d").type)
    'dictionary<values=string, indices=int8, ordered=0>'
    """
    pa = require("pyarrow", "parquet")
    return pa.Table.from_pandas(df, preserve_index=df.index.name is not None)


def write_parquet(df: Any, path: str) -> int:
    """Write a DataFrame as a Parquet file; returns the number of rows.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "x.parquet")
    >>> write_parquet(frame({"w": [1.0, 2.0]}), p)
    2
    """
    pq = require("pyarrow.parquet", "parquet")
    pq.write_table(to_arrow(df), path)
    return len(df)


def html_table(header: Sequence[str], rows: Iterable[Sequence[Any]], *,
               caption: str = "") -> str:
    """A small HTML table (cells escaped; floats with 2 decimals).

    >>> html_table(["a"], [[1.234]])
    '<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1.23</td></tr></tbody></table>'
    """
    def cell(v: Any) -> str:
        return html.escape(f"{v:.2f}" if isinstance(v, float) else str(v))

    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in r) + "</tr>" for r in rows)
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
