"""The HTML link report: one self-contained page (inline SVG charts, no JavaScript, no
network) that is useful without ground truth — what was linked, how confidently, and what a
person should review — plus, when true pairs are given, the precision–recall curve.

Identifiers in the page are masked; the full values are in the review CSV
(:func:`~vnidmatch.report.review.write_review`).

>>> from vnidmatch.match import link
>>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
>>> page = link_report(r)
>>> page.count("<svg") >= 3 and "What to review" in page
True
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from vnidmatch.records.columns import CANONICAL_FIELDS
from vnidmatch.report.frames import html_table, masked_ids
from vnidmatch.report.plots import (
    cluster_size_chart,
    m_u_chart,
    precision_recall_chart,
    threshold_chart,
    waterfall,
    weight_histogram,
)
from vnidmatch.report.review import review_rows
from vnidmatch.report.summary import link_counts

if TYPE_CHECKING:
    from vnidmatch.results import DedupeResult, LinkResult

__all__ = ["confidence_bands", "dedupe_report", "link_report", "write_link_report"]

_STYLE = ("body{font-family:sans-serif;max-width:1100px;margin:1em auto;color:#222}"
          "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;"
          "padding:2px 8px;text-align:left}caption{font-weight:bold;text-align:left}"
          "section{margin-bottom:2em}.note{color:#555}")
_BANDS = ((0.99, 1.01, "almost certain (p ≥ 0.99)"), (0.9, 0.99, "confident (0.9 ≤ p < 0.99)"),
          (0.5, 0.9, "uncertain (0.5 ≤ p < 0.9)"), (0.0, 0.5, "unlikely (p < 0.5)"))


def confidence_bands(result: LinkResult | DedupeResult) -> list[tuple[str, int]]:
    """Kept pairs per band of match probability.

    >>> from vnidmatch.match import link
    >>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
    >>> [n for _, n in confidence_bands(r)]
    [1, 0, 0, 0]
    """
    return [(label, sum(1 for p in result.pairs if lo <= p.match_probability < hi))
            for lo, hi, label in _BANDS]


def _review_section(result: LinkResult, n: int) -> str:
    rows = review_rows(result, limit=n)
    if not rows:
        return "<p>No pair is uncertain: every kept pair is a match.</p>"
    shown = set(CANONICAL_FIELDS)  # the page shows the matching fields; the CSV has all
    cols = [c for c in rows[0] if c.startswith("left_") and c.removeprefix("left_") in shown
            and c != "left_id"]
    header = ["left id", "right id", "probability"] + [
        f"{c.removeprefix('left_')} (left | right)" for c in cols]
    body = [[masked_ids(r["left_id"]), masked_ids(r["right_id"]), f"{r['match_probability']:.3f}"]
            + [masked_ids(f"{r[c]} | {r['right_' + c.removeprefix('left_')]}") for c in cols]
            for r in rows]
    first = result.explain(rows[0]["left_id"], rows[0]["right_id"])
    return (html_table(header, body, caption=f"the {len(rows)} most uncertain pairs") +
            "<p class='note'>Why the most uncertain pair got its weight:</p>" +
            waterfall(first).svg)


def link_report(result: LinkResult, *, truth: Iterable[tuple[str, str]] | None = None,
                review: int = 20, title: str = "vnidmatch link report") -> str:
    """The report page as text (see the module docstring); ``review`` uncertain pairs are
    listed, the first one explained by its waterfall.

    >>> from vnidmatch.match import link
    >>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
    >>> "Against ground truth" in link_report(r, truth=[("a", "b")])
    True
    """
    c = link_counts(result)
    left = max(c["left"], 1)
    linked = html_table(["left records", "count", "share"], [
        ["matched", f"{c['left_matched']:,}", f"{c['left_matched'] / left:.1%}"],
        ["possible only (to review)", f"{c['left_possible']:,}",
         f"{c['left_possible'] / left:.1%}"],
        ["unmatched", f"{c['left_unmatched']:,}", f"{c['left_unmatched'] / left:.1%}"],
        ["with unreadable fields", f"{c['left_with_problems']:,}",
         f"{c['left_with_problems'] / left:.1%}"]],
        caption=f"{c['left']:,} left records against {c['right']:,} right records "
                f"({c['candidates']:,} candidate pairs compared)")
    bands = html_table(["match probability", "kept pairs"],
                       [[label, f"{n:,}"] for label, n in confidence_bands(result)])
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
             f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>",
             "<section id='linked'><h2>What was linked</h2>", linked, "</section>",
             "<section id='confidence'><h2>How confidently</h2>", bands,
             weight_histogram(result).svg, threshold_chart(result).svg,
             "<p class='note'>Without ground truth, a pair's match probability is the model's "
             "estimate; the threshold chart shows, for each weight threshold, the estimated "
             "precision of the pairs kept and the estimated share of all matches they "
             "hold.</p></section>",
             "<section id='review'><h2>What to review</h2>",
             _review_section(result, review), "</section>",
             "<section id='model'><h2>The model</h2>", m_u_chart(result.model).svg,
             "</section>"]
    if truth is not None:
        parts += ["<section id='truth'><h2>Against ground truth</h2>",
                  precision_recall_chart(result, truth).svg, "</section>"]
    parts.append("</body></html>")
    return "\n".join(parts)


def write_link_report(result: LinkResult, path: str, **kwargs: Any) -> None:
    """Write :func:`link_report` to ``path`` (UTF-8).

    >>> import os, tempfile
    >>> from vnidmatch.match import link
    >>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
    >>> p = os.path.join(tempfile.mkdtemp(), "r.html"); write_link_report(r, p)
    >>> open(p, encoding="utf-8").read().startswith("<!doctype html>")
    True
    """
    with open(path, "w", encoding="utf-8") as f:
        f.write(link_report(result, **kwargs))


def dedupe_report(result: DedupeResult, *, largest: int = 10,
                  title: str = "vnidmatch dedupe report") -> str:
    """The dedupe report page: records and clusters, the cluster-size distribution, how
    confident the kept pairs are, the largest clusters (ids masked) and the model.

    >>> from vnidmatch.match import dedupe
    >>> page = dedupe_report(dedupe([{"id": "1", "full_name": "Lê Lan"}]))
    >>> "Cluster sizes" in page and page.count("<svg") == 3
    True
    """
    from collections import Counter

    from vnidmatch.report.summary import dedupe_summary_html

    members: dict[str, list[str]] = {}
    for rid, cid in result.clusters.items():
        members.setdefault(cid, []).append(rid)
    big = sorted((m for m in members.values() if len(m) > 1), key=lambda m: (-len(m), m[0]))
    sizes = Counter(len(m) for m in members.values())
    table = html_table(["records", "ids"], [[len(m), ", ".join(masked_ids(x) for x in m[:12])
                                             + (" …" if len(m) > 12 else "")]
                                            for m in big[:largest]],
                       caption=f"the {min(largest, len(big))} largest of {len(big):,} "
                               "clusters with duplicates")
    bands = html_table(["match probability", "kept pairs"],
                       [[label, f"{n:,}"] for label, n in confidence_bands(result)])
    return "\n".join([
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>", dedupe_summary_html(result),
        "<section id='clusters'><h2>Clusters</h2>", cluster_size_chart(result).svg,
        f"<p class='note'>{sizes.get(1, 0):,} records have no duplicate.</p>", table,
        "</section><section id='confidence'><h2>How confidently</h2>", bands,
        weight_histogram(result).svg, "</section>",
        "<section id='model'><h2>The model</h2>", m_u_chart(result.model).svg, "</section>",
        "</body></html>"])
