"""Data-quality report over a whole register: counts per rule and per word, pass shares,
rendered as text, CSV, a DataFrame or HTML (what :func:`~vnidmatch.rules.check_dataset`
returns).

>>> from vnidmatch.types import Issue
>>> rep = QualityReport(1, {"7": [Issue("VN-REQ-002", "birth_date", "date of birth is missing",
...                                     word="du")]})
>>> [row["code"] for row in rep.rows()]
['VN-REQ-002']
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from vnidmatch.rules.engine import WORDS
from vnidmatch.types import Issue

__all__ = ["QualityReport"]

_WORD_TITLES = {"dung": "Đúng (correct)", "du": "Đủ (complete)", "sach": "Sạch (clean)",
                "song": "Sống (live)"}


@dataclass
class QualityReport:
    """Issues per record, counts per rule and per word, share of records passing each word.

    Render with ``str(report)`` (text), :meth:`rows`/:meth:`to_csv` (one row per issue) or
    :meth:`to_html` (a page with bar charts).

    >>> print(str(QualityReport(0)).splitlines()[0])
    0 records checked
    """

    records: int
    issues: dict[str, list[Issue]] = field(default_factory=dict)
    by_rule: Counter[str] = field(default_factory=Counter)
    by_word: Counter[str] = field(default_factory=Counter)
    by_field: Counter[str] = field(default_factory=Counter)
    passed: dict[str, int] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)

    def share_passing(self, word: str) -> float:
        """Share of records with no error or warning of ``word``."""
        return self.passed.get(word, 0) / self.records if self.records else 1.0

    def rows(self) -> Iterator[dict[str, Any]]:
        """One row per issue: record id, code, word, field, severity, message, suggestion."""
        for rid, issues in self.issues.items():
            for i in issues:
                yield {"id": rid, "code": i.code, "word": i.word, "field": i.field,
                       "severity": i.severity.name, "message": i.message,
                       "suggestion": i.suggestion or ""}

    def to_csv(self, path: str) -> int:
        """Write :meth:`rows` as CSV; returns the number of rows."""
        import csv

        cols = ["id", "code", "word", "field", "severity", "message", "suggestion"]
        n = 0
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=cols)
            writer.writeheader()
            for row in self.rows():
                writer.writerow(row)
                n += 1
        return n

    def to_pandas(self) -> Any:
        """:meth:`rows` as a typed DataFrame (pandas extra): string ids, categorical code,
        word, field and severity (severities in order).

        >>> rep = QualityReport(1, {"7": [Issue("VN-REQ-002", "birth_date", "missing", word="du")]})
        >>> df = rep.to_pandas()
        >>> str(df["severity"].dtype), list(df["word"].cat.categories)
        ('category', ['dung', 'du', 'sach', 'song'])
        """
        from vnidmatch.report.frames import frame
        from vnidmatch.types import Severity

        cols = ["id", "code", "word", "field", "severity", "message", "suggestion"]
        rows = list(self.rows())
        df = frame({c: [r[c] for r in rows] for c in cols}, categories={
            "word": list(WORDS), "severity": [s.name for s in Severity],
            "code": sorted({r["code"] for r in rows}),
            "field": sorted({r["field"] for r in rows})}, ordered=("severity",))
        for c in ("id", "message", "suggestion"):
            df[c] = df[c].astype("string")
        return df

    def to_arrow(self) -> Any:
        """:meth:`to_pandas` as a pyarrow Table (parquet extra)."""
        from vnidmatch.report.frames import to_arrow

        return to_arrow(self.to_pandas())

    def __repr__(self) -> str:
        """A few lines: records, share passing each word, the most frequent rules.

        >>> QualityReport(0)
        QualityReport: 0 records, 0 issues; pass: dung 100.0%, du 100.0%, sach 100.0%, song 100.0%
        """
        n = sum(len(v) for v in self.issues.values())
        head = (f"QualityReport: {self.records:,} records, {n:,} issues; pass: " + ", ".join(
            f"{w} {self.share_passing(w):.1%}" for w in WORDS))
        top = sorted(self.by_rule.items(), key=lambda x: (-x[1], x[0]))[:5]
        return "\n".join([head] + [f"  {code}: {k:,} records" for code, k in top])

    def _repr_html_(self) -> str:
        from vnidmatch.report.frames import html_table

        words = html_table(["word", "pass", "issues"], [
            [_WORD_TITLES[w], f"{self.share_passing(w):.1%}", f"{self.by_word.get(w, 0):,}"]
            for w in WORDS], caption=f"QualityReport: {self.records:,} records")
        top = sorted(self.by_rule.items(), key=lambda x: (-x[1], x[0]))[:10]
        rules = html_table(["rule", "records", "description"],
                           [[c, f"{k:,}", self.descriptions.get(c, "")] for c, k in top])
        return f"<div class='vnidmatch-summary'>{words}{rules}</div>"

    def __str__(self) -> str:
        lines = [f"{self.records:,} records checked", ""]
        for w in WORDS:
            lines.append(f"{_WORD_TITLES[w]:18s} {self.share_passing(w):7.1%} pass   "
                         f"{self.by_word.get(w, 0):,} issues")
        lines += ["", f"{'rule':14s} {'records':>8s}  description"]
        for code, n in sorted(self.by_rule.items(), key=lambda x: (-x[1], x[0])):
            lines.append(f"{code:14s} {n:8,d}  {self.descriptions.get(code, '')}")
        if self.by_field:
            lines += ["", "worst fields: " + ", ".join(
                f"{f} ({n:,})" for f, n in self.by_field.most_common(5))]
        return "\n".join(lines)

    def to_html(self) -> str:
        """A self-contained HTML page with bar charts (no JavaScript, no network)."""
        def bar(share: float, colour: str) -> str:
            return (f'<div style="background:#eee;width:300px"><div style="background:{colour};'
                    f'width:{300 * share:.0f}px;height:14px"></div></div>')

        out = ["<!doctype html><meta charset='utf-8'><title>vnidmatch data-quality report</title>",
               "<style>body{font-family:sans-serif}td{padding:2px 8px}</style>",
               f"<h1>Đúng, đủ, sạch, sống</h1><p>{self.records:,} records checked</p>",
               "<table><tr><th>word</th><th>pass</th><th></th><th>issues</th></tr>"]
        for w in WORDS:
            s = self.share_passing(w)
            out.append(f"<tr><td>{_WORD_TITLES[w]}</td><td>{s:.1%}</td>"
                       f"<td>{bar(s, '#2a7')}</td><td>{self.by_word.get(w, 0):,}</td></tr>")
        out.append("</table><h2>Rules</h2><table><tr><th>code</th><th>records</th><th></th>"
                   "<th>description</th></tr>")
        top = max(self.by_rule.values(), default=1)
        for code, n in sorted(self.by_rule.items(), key=lambda x: (-x[1], x[0])):
            out.append(f"<tr><td>{html.escape(code)}</td><td>{n:,}</td>"
                       f"<td>{bar(n / top, '#c44')}</td>"
                       f"<td>{html.escape(self.descriptions.get(code, ''))}</td></tr>")
        out.append("</table>")
        return "\n".join(out)
