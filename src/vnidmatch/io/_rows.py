"""Rows for the command line's output files: the input columns beside each pair, the 2025
address columns of ``normalize``, the ``dedupe`` summary and report, masked rejects."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from vnidmatch.ids._util import mask
from vnidmatch.io._read import Reject, Table

__all__ = ["address_2025", "dedupe_report", "dedupe_summary", "mask_digits", "with_columns"]


def dedupe_summary(result: Any, rejects: list[tuple[str, Reject]]) -> str:
    members = Counter(result.clusters.values())
    sizes = Counter(members.values())
    dup = sum(v for k, v in sizes.items() if k > 1)
    decisions = Counter(p.decision for p in result.pairs)
    lines = [f"records: {len(result.records):,}   clusters: {len(members):,}   "
             f"clusters with duplicates: {dup:,}   records in them: "
             f"{sum(k * v for k, v in sizes.items() if k > 1):,}",
             "clusters by size: " + ", ".join(f"{k}: {v:,}" for k, v in sorted(sizes.items())),
             "pairs: " + (", ".join(f"{k} {v:,}" for k, v in sorted(decisions.items()))
                          or "none")]
    if rejects:
        lines.append(f"rejected rows: {len(rejects):,}")
    return "\n".join(lines)


def dedupe_report(result: Any, summary: str, limit: int = 200) -> str:
    """A text report: the summary, then the largest clusters with their records' names."""
    by_cluster: dict[str, list[str]] = {}
    for rid, cid in result.clusters.items():
        by_cluster.setdefault(cid, []).append(rid)
    names = {r.id: r.full_name or "" for r in result.records}
    out = ["vnidmatch dedupe report", "", summary, "", "largest clusters:"]
    big = sorted((m for m in by_cluster.values() if len(m) > 1), key=lambda m: (-len(m), m))
    for members in big[:limit]:
        out.append("  " + "; ".join(f"{m} {names.get(m, '')}".strip() for m in members))
    return "\n".join(out) + "\n"


def with_columns(rows: Iterable[dict[str, Any]], *sides: tuple[Table, list[dict[str, Any]]]
                  ) -> list[dict[str, Any]]:
    """``rows`` with the input columns of both records beside each pair (``left_<column>``,
    ``right_<column>``), as splink's ``retain_matching_columns``."""
    lookups = []
    for (table, records), prefix in zip(sides, ("left_", "right_")):
        by_id = {str(rec["id"]): raw for rec, raw in zip(records, table.rows)}
        lookups.append((prefix, table.columns, by_id))
    out = []
    for row in rows:
        row = dict(row)
        for prefix, columns, by_id in lookups:
            raw = by_id.get(str(row.get(prefix + "id")), {})
            for c in columns:
                row.setdefault(prefix + c, raw.get(c, ""))
        out.append(row)
    return out


def address_2025(address: Any) -> dict[str, str]:
    """The 2025 units of a parsed address (ward and province names and codes, one line)."""
    from vnidmatch.normalize.address import to_current

    keys = ("vn_ward_2025", "vn_ward_code_2025", "vn_province_2025", "vn_province_code_2025",
            "vn_address_2025")
    if address is None:
        return dict.fromkeys(keys, "")
    a = to_current(address)
    line = ", ".join(x for x in (a.street, a.ward, a.province) if x)
    return dict(zip(keys, (a.ward or "", a.ward_code or "", a.province or "",
                           a.province_code or "", line)))


_DIGITS = re.compile(r"\d{8,13}")


def mask_digits(text: str) -> str:
    """The text with every run of 8-13 digits (an id or a phone) masked.

    >>> mask_digits("12,Lê Lan,001090012345,0912345678")
    '12,Lê Lan,0010******45,0912****78'
    """
    return _DIGITS.sub(lambda m: mask(m.group(0)), text)
