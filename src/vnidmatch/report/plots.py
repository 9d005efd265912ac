"""The charts an analyst looks at: the waterfall of one decision, the match-weight
histogram, m and u per level, the threshold chart without ground truth (the estimated
share of matches by weight), the precision–recall curve with truth, and the cluster sizes
of a dedupe. Each returns a :class:`~vnidmatch.report.charts.Chart` (SVG).

>>> from vnidmatch.match import link
>>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
>>> weight_histogram(r).data[0]["series"]
'match'
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from vnidmatch.report.charts import Chart, bar_chart, hbar_chart, line_chart, waterfall_chart

if TYPE_CHECKING:
    from vnidmatch.results import DedupeResult, LinkResult, PairResult
    from vnidmatch.score import Explanation, FellegiSunter

__all__ = ["DECISION_COLOURS", "cluster_size_chart", "m_u_chart", "precision_recall",
           "precision_recall_chart", "threshold_chart", "threshold_weight", "waterfall",
           "weight_histogram"]

DECISION_COLOURS = {"match": "#1b9e77", "possible": "#e6ab02", "no_match": "#999999"}


def threshold_weight(probability: float) -> float:
    """The match weight at which a pair reaches a match probability.

    >>> threshold_weight(0.5), round(threshold_weight(0.9), 2)
    (0.0, 3.17)
    """
    p = min(max(probability, 1e-12), 1 - 1e-12)
    return math.log2(p / (1 - p))


def waterfall(explanation: Explanation) -> Chart:
    """The waterfall of one decision: the prior, then what each field adds or takes.

    >>> from vnidmatch.score import Explanation
    >>> e = Explanation("a", "b", -6.6, (("full_name", "exact", 9.0),), 2.4, 0.84, "possible")
    >>> [d["step"] for d in waterfall(e).data]
    ['prior', 'full_name: exact', 'total']
    """
    from vnidmatch.report.frames import masked_ids

    steps = [("prior", explanation.prior)] + [(f"{f}: {lvl}", w)
                                              for f, lvl, w in explanation.terms]
    title = (f"{masked_ids(explanation.left_id)} ↔ {masked_ids(explanation.right_id)}: "
             f"{explanation.decision} (p = {explanation.match_probability:.3f})")
    return waterfall_chart(title, steps, total="total")


def weight_histogram(result: LinkResult | DedupeResult, bins: int = 30) -> Chart:
    """How many kept pairs have each match weight, stacked by decision.

    >>> from vnidmatch.match import link
    >>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
    >>> sum(d["value"] for d in weight_histogram(r).data)
    1
    """
    w = np.array([p.match_weight for p in result.pairs], dtype=float)
    lo, hi = (float(w.min()), float(w.max())) if len(w) else (0.0, 1.0)
    edges = np.linspace(math.floor(lo), math.ceil(hi) + (1 if hi == lo else 0), bins + 1)
    cats = [f"{edges[k]:.1f}" for k in range(bins)]
    series = {}
    for d in ("match", "possible"):
        sel = np.array([p.decision == d for p in result.pairs], dtype=bool)
        counts, _ = np.histogram(w[sel] if len(w) else w, bins=edges)
        series[d] = [int(c) for c in counts]
    return bar_chart(f"Match weight of the {len(w):,} kept pairs", cats, series,
                     x_title="match weight (bin start)", y_title="pairs",
                     colours=DECISION_COLOURS)


def m_u_chart(model: FellegiSunter) -> Chart:
    """m (share among matches) and u (share among non-matches) of every level.

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> from vnidmatch.score import FellegiSunter
    >>> c = m_u_chart(FellegiSunter.default((sex_comparison(),)))
    >>> sorted({d["series"] for d in c.data})
    ['m', 'u']
    """
    labels, ms, us = [], [], []
    for k, comp in enumerate(model.comparisons):
        for lvl in range(1, len(comp.labels)):
            labels.append(f"{comp.field}: {comp.labels[lvl]}")
            ms.append(model.m[k][lvl])
            us.append(model.u[k][lvl])
    return hbar_chart("m and u probabilities per level", labels, {"m": ms, "u": us},
                      x_title="probability")


def threshold_chart(result: LinkResult | DedupeResult) -> Chart:
    """Without ground truth: for each weight threshold, the estimated precision of the pairs
    at or above it (their mean match probability) and the estimated share of the expected
    matches they hold (their summed probability over the sum of all kept pairs').

    >>> from vnidmatch.match import link
    >>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
    >>> sorted({d["series"] for d in threshold_chart(r).data})
    ['estimated precision', 'estimated share of matches kept']
    """
    order = sorted(result.pairs, key=lambda p: -p.match_weight)
    w = np.array([p.match_weight for p in order], dtype=float)
    prob = np.array([p.match_probability for p in order], dtype=float)
    cum = np.cumsum(prob)
    total = float(cum[-1]) if len(cum) else 1.0
    take = np.unique(np.linspace(0, max(len(w) - 1, 0), min(len(w), 200)).astype(int))
    xs = w[take].tolist()
    precision = (cum[take] / (take + 1)).tolist()
    share = (cum[take] / (total or 1.0)).tolist()
    cfg = result.config
    return line_chart("Choosing a threshold without ground truth",
                      {"estimated precision": (xs, precision),
                       "estimated share of matches kept": (xs, share)},
                      x_title="match weight threshold", y_title="estimated share",
                      rules={"match": threshold_weight(cfg.match_threshold),
                             "possible": threshold_weight(cfg.possible_threshold)},
                      y_range=(0.0, 1.0))


def precision_recall(pairs: Sequence[PairResult], truth: Iterable[tuple[str, str]], *,
                     unordered: bool = False) -> list[tuple[float, float, float]]:
    """(weight threshold, precision, recall) at every kept pair, strongest first, against
    the true pairs ``truth`` (left id, right id; ``unordered`` for dedupe, where a pair has
    no sides).

    >>> from vnidmatch.results import PairResult
    >>> ps = [PairResult("a", "b", 9.0, 0.99, "match", ()), PairResult("c", "d", 1.0, 0.6, "possible", ())]
    >>> precision_recall(ps, [("a", "b"), ("e", "f")])
    [(9.0, 1.0, 0.5), (1.0, 0.5, 0.5)]
    """
    def key(a: str, b: str) -> tuple[str, str]:
        return (min(a, b), max(a, b)) if unordered else (a, b)

    true = {key(str(a), str(b)) for a, b in truth}
    n_true = len(true)
    out = []
    tp = 0
    for k, p in enumerate(sorted(pairs, key=lambda p: -p.match_weight), 1):
        tp += key(p.left_id, p.right_id) in true
        out.append((p.match_weight, tp / k, tp / n_true if n_true else 0.0))
    return out


def precision_recall_chart(result: LinkResult | DedupeResult,
                           truth: Iterable[tuple[str, str]]) -> Chart:
    """The precision–recall curve of the kept pairs against known true pairs.

    >>> from vnidmatch.match import link
    >>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
    >>> [(d["x"], d["y"]) for d in precision_recall_chart(r, [("a", "b")]).data]
    [(1.0, 1.0)]
    """
    from vnidmatch.results import DedupeResult

    pts = precision_recall(result.pairs, truth, unordered=isinstance(result, DedupeResult))
    return line_chart("Precision and recall (with ground truth)",
                      {"precision–recall": ([r for _, _, r in pts], [p for _, p, _ in pts])},
                      x_title="recall", y_title="precision", y_range=(0.0, 1.0))


def cluster_size_chart(result: DedupeResult) -> Chart:
    """How many clusters have each size (1 = a record with no duplicate).

    >>> from vnidmatch.match import dedupe
    >>> r = dedupe([{"id": "1", "full_name": "Lê Lan"}, {"id": "2", "full_name": "Hồ Quý"}])
    >>> [(d["category"], d["value"]) for d in cluster_size_chart(r).data]
    [('1', 2)]
    """
    sizes = Counter(Counter(result.clusters.values()).values())
    keys = sorted(sizes)
    return bar_chart("Cluster sizes", [str(k) for k in keys],
                     {"clusters": [sizes[k] for k in keys]},
                     x_title="records in the cluster", y_title="clusters")
