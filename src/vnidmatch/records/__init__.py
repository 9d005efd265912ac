"""Layer 2: records. Column names mapped to canonical fields, every field of a record
normalised once (:class:`PreparedRecord`), batches prepared with each distinct value worked
out once.

>>> from vnidmatch.records import prepare_records, records_from
>>> rows = records_from([{"Họ và tên": "LE VAN TAM", "Ngày sinh": "1/1/1980"}])
>>> [(r.id, r.full_name, r.birth.iso) for r in prepare_records(rows)]
[('1', 'Le Van Tam', '1980-01-01')]
"""

from __future__ import annotations

from vnidmatch.records.batch import Derived, batch_preparer, prepare_batch, prepare_records
from vnidmatch.records.columns import (
    CANONICAL_FIELDS,
    as_record,
    as_records,
    column_mapping,
    describe_columns,
    header_field,
    is_missing,
    join_parts,
    map_columns,
    records_from,
    resolve_field,
    text_of,
)
from vnidmatch.records.prepared import PreparedRecord, field_getter, prepare_record

__all__ = [
    "CANONICAL_FIELDS",
    "Derived",
    "PreparedRecord",
    "as_record",
    "as_records",
    "batch_preparer",
    "column_mapping",
    "describe_columns",
    "field_getter",
    "header_field",
    "is_missing",
    "join_parts",
    "map_columns",
    "prepare_batch",
    "prepare_record",
    "prepare_records",
    "records_from",
    "resolve_field",
    "text_of",
]
