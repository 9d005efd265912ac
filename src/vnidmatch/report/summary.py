"""Short summaries of results for ``repr`` and notebooks (``_repr_html_``), and their typed
DataFrames. What is shown never holds a raw identifier: ids are masked
(:func:`~vnidmatch.report.frames.masked_ids`).

>>> from vnidmatch.match import link
>>> r = link([{"id": "001090012345", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
>>> link_summary(r).splitlines()[2].split("  ")[1]
'top: 0010******45 ↔ b'

"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from vnidmatch.report.frames import frame, html_table, masked_ids

if TYPE_CHECKING:
    from vnidmatch.results import DedupeResult, LinkResult, PairResult

__all__ = ["DECISION_ORDER", "dedupe_frame", "dedupe_summary", "dedupe_summary_html",
           "link_counts", "link_frame", "link_summary", "link_summary_html", "pairs_frame"]

#: the decisions as ordered categories (weakest first)
DECISION_ORDER = ("no_match", "possible", "match")
_TOP = 5


def _top(pairs: Sequence[PairResult], n: int = _TOP) -> list[PairResult]:
    return sorted(pairs, key=lambda p: -p.match_weight)[:n]


def link_counts(result: LinkResult) -> dict[str, int]:
    """The counts a summary shows.

    >>> from vnidmatch.match import link
    >>> link_counts(link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}]))["left_matched"]
    1
    """
    kept = Counter(p.decision for p in result.pairs)
    fate = Counter(status for _, status, _ in result.status())
    return {"left": len(result.left), "right": len(result.right),
            "candidates": result.candidate_pairs, "match_pairs": kept["match"],
            "possible_pairs": kept["possible"], "left_matched": fate["match"],
            "left_possible": fate["possible"], "left_unmatched": fate["unmatched"],
            "left_with_problems": sum(1 for r in result.left if r.problems)}


def link_summary(result: LinkResult) -> str:
    """A few lines: sizes, kept pairs by decision, the fate of the left records, top pairs.

    >>> from vnidmatch.match import link
    >>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
    >>> link_summary(r).splitlines()[0]
    'LinkResult: 1 left × 1 right records, 1 candidate pairs, kept 1 match + 0 possible'
    """
    c = link_counts(result)
    lines = [f"LinkResult: {c['left']:,} left × {c['right']:,} right records, "
             f"{c['candidates']:,} candidate pairs, kept {c['match_pairs']:,} match + "
             f"{c['possible_pairs']:,} possible",
             f"  left records: {c['left_matched']:,} matched, {c['left_possible']:,} possible "
             f"only, {c['left_unmatched']:,} unmatched ({c['left_with_problems']:,} with "
             "unreadable fields)"]
    for p in _top(result.pairs):
        lines.append(f"  top: {masked_ids(p.left_id)} ↔ {masked_ids(p.right_id)}  "
                     f"{p.match_weight:+.2f}  {p.decision}")
    if len(result.pairs) > _TOP:
        lines.append(f"  … {len(result.pairs) - _TOP:,} more pairs (.to_pandas(), .pairs)")
    return "\n".join(lines)


def _pairs_table(pairs: Sequence[PairResult], caption: str) -> str:
    return html_table(["left id", "right id", "match weight", "probability", "decision"],
                      [[masked_ids(p.left_id), masked_ids(p.right_id), p.match_weight,
                        f"{p.match_probability:.4f}", p.decision] for p in pairs],
                      caption=caption)


def link_summary_html(result: LinkResult) -> str:
    """The summary as HTML tables: counts, then the strongest pairs.

    >>> from vnidmatch.match import link
    >>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
    >>> link_summary_html(r).count("<table>")
    2
    """
    c = link_counts(result)
    counts = html_table(["", "count"], [
        ["left records", f"{c['left']:,}"], ["right records", f"{c['right']:,}"],
        ["candidate pairs", f"{c['candidates']:,}"], ["kept pairs: match", f"{c['match_pairs']:,}"],
        ["kept pairs: possible", f"{c['possible_pairs']:,}"],
        ["left records matched", f"{c['left_matched']:,}"],
        ["left records possible only", f"{c['left_possible']:,}"],
        ["left records unmatched", f"{c['left_unmatched']:,}"]], caption="LinkResult")
    return (f"<div class='vnidmatch-summary'>{counts}"
            f"{_pairs_table(_top(result.pairs), 'strongest pairs')}</div>")


def pairs_frame(pairs: Sequence[PairResult | None], left_ids: Sequence[str],
                fields: Sequence[str], levels: Sequence[Sequence[str]]) -> Any:
    """Typed DataFrame of pairs (None: a left record with no pair): float weights with NaN,
    categorical levels (categories in level order) and decisions (ordered: ``no_match <
    possible < match``, so ``df[df.decision >= "possible"]`` works).

    >>> pairs_frame([None], ["a"], ["sex"], [("null", "same", "different")])["decision"].tolist()
    ['no_match']
    """
    nan = float("nan")
    cols: dict[str, list[Any]] = {
        "left_id": list(left_ids),
        "right_id": [p.right_id if p else None for p in pairs],
        "match_weight": [p.match_weight if p else nan for p in pairs],
        "match_probability": [p.match_probability if p else nan for p in pairs],
        "decision": [p.decision if p else "no_match" for p in pairs]}
    cats: dict[str, Sequence[str]] = {"decision": DECISION_ORDER}
    for k, (f, labels) in enumerate(zip(fields, levels)):
        cols[f"{f}_level"] = [p.levels[k] if p else None for p in pairs]
        cats[f"{f}_level"] = list(labels)
    df = frame(cols, categories=cats, ordered=("decision",))
    for c in ("left_id", "right_id"):
        df[c] = df[c].astype("string")
    return df


def link_frame(result: LinkResult, *, best: bool = False) -> Any:
    """:meth:`LinkResult.to_pandas`.

    >>> from vnidmatch.match import link
    >>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
    >>> link_frame(r)["right_id"].tolist()
    ['b']
    """
    levels = [c.labels for c in result.config.comparisons]
    if best:
        return pairs_frame(result.best(), [r.id for r in result.left], result.fields, levels)
    return pairs_frame(result.pairs, [p.left_id for p in result.pairs], result.fields, levels)


def dedupe_frame(result: DedupeResult, *, pairs: bool = False) -> Any:
    """:meth:`DedupeResult.to_pandas`: one row per record, or with ``pairs`` per kept pair.

    >>> from vnidmatch.match import dedupe
    >>> dedupe_frame(dedupe([{"id": "1", "full_name": "Lê Lan"}]))["cluster_size"].tolist()
    [1]
    """
    if pairs:
        levels = [c.labels for c in result.config.comparisons]
        fields = [c.field for c in result.config.comparisons]
        return pairs_frame(result.pairs, [p.left_id for p in result.pairs], fields, levels)
    rows = list(result.rows())
    df = frame({"id": [r["id"] for r in rows], "cluster_id": [r["cluster_id"] for r in rows],
                "cluster_size": [r["cluster_size"] for r in rows]})
    for c in ("id", "cluster_id"):
        df[c] = df[c].astype("string")
    df["cluster_size"] = df["cluster_size"].astype("int64")
    return df


def _dedupe_counts(result: DedupeResult) -> tuple[int, int, int, int]:
    sizes = Counter(result.clusters.values())
    multi = [n for n in sizes.values() if n > 1]
    return len(result.records), len(sizes), len(multi), max(sizes.values(), default=0)


def dedupe_summary(result: DedupeResult) -> str:
    """A few lines: records, clusters, duplicate groups, kept pairs, the largest cluster.

    >>> from vnidmatch.match import dedupe
    >>> print(dedupe_summary(dedupe([{"id": "1", "full_name": "Lê Lan"}])).splitlines()[0])
    DedupeResult: 1 records in 1 clusters (0 with duplicates, largest 1), 0 kept pairs
    """
    n, clusters, multi, largest = _dedupe_counts(result)
    lines = [f"DedupeResult: {n:,} records in {clusters:,} clusters ({multi:,} with "
             f"duplicates, largest {largest:,}), {len(result.pairs):,} kept pairs"]
    for p in _top(result.pairs):
        lines.append(f"  top: {masked_ids(p.left_id)} ↔ {masked_ids(p.right_id)}  "
                     f"{p.match_weight:+.2f}  {p.decision}")
    return "\n".join(lines)


def dedupe_summary_html(result: DedupeResult) -> str:
    """The dedupe summary as HTML tables.

    >>> from vnidmatch.match import dedupe
    >>> "<caption>DedupeResult</caption>" in dedupe_summary_html(dedupe([]))
    True
    """
    n, clusters, multi, largest = _dedupe_counts(result)
    counts = html_table(["", "count"], [["records", f"{n:,}"], ["clusters", f"{clusters:,}"],
                                        ["clusters with duplicates", f"{multi:,}"],
                                        ["largest cluster", f"{largest:,}"],
                                        ["kept pairs", f"{len(result.pairs):,}"]],
                        caption="DedupeResult")
    return (f"<div class='vnidmatch-summary'>{counts}"
            f"{_pairs_table(_top(result.pairs), 'strongest pairs')}</div>")
