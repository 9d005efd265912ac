"""Layer 5: measure linkage quality against ground truth.

>>> m = confusion({("a", "x"), ("b", "y")}, {("a", "x"), ("c", "z")})
>>> m.precision, m.recall, round(m.f1, 3)
(0.5, 0.5, 0.5)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "Confusion",
    "confusion",
    "error_table",
    "pair_completeness",
    "pr_curve",
    "reduction_ratio",
    "weight_histogram",
]

Pair = tuple[str, str]


@dataclass(frozen=True)
class Confusion:
    """True/false positives and false negatives with the usual ratios.

    >>> Confusion(9, 1, 1).f1
    0.9
    """

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when there was nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (f"precision {self.precision:.4f}  recall {self.recall:.4f}  f1 {self.f1:.4f}  "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})")


def confusion(predicted: Iterable[Pair], truth: Iterable[Pair]) -> Confusion:
    """Compare predicted pairs with true pairs (order inside a pair matters for linkage).

    >>> str(confusion([("a", "x")], [("a", "x")]))
    'precision 1.0000  recall 1.0000  f1 1.0000  (tp 1, fp 0, fn 0)'
    """
    p, t = set(predicted), set(truth)
    return Confusion(len(p & t), len(p - t), len(t - p))


def pair_completeness(candidates: Iterable[Pair], truth: Iterable[Pair]) -> float:
    """Share of true pairs that blocking kept as candidates.

    >>> pair_completeness([("a", "x")], [("a", "x"), ("b", "y")])
    0.5
    """
    t = set(truth)
    return len(set(candidates) & t) / len(t) if t else 1.0


def reduction_ratio(n_candidates: int, n_left: int, n_right: int | None = None) -> float:
    """1 − candidates / all possible pairs (``n_right`` None: pairs within one set).

    >>> reduction_ratio(10, 100, 100)
    0.999
    """
    total = n_left * n_right if n_right is not None else n_left * (n_left - 1) // 2
    return 1.0 - n_candidates / total if total else 1.0


def pr_curve(scored: Sequence[tuple[Pair, float]], truth: Iterable[Pair],
             thresholds: Sequence[float] | None = None) -> list[tuple[float, Confusion]]:
    """Confusion at each weight threshold: ``[(threshold, Confusion), ...]``.

    >>> [round(c.precision, 2) for _, c in pr_curve([(("a", "x"), 5.0), (("b", "x"), 1.0)],
    ...                                               [("a", "x")], [0.0, 2.0])]
    [0.5, 1.0]
    """
    t = set(truth)
    if thresholds is None:
        ws = sorted({w for _, w in scored})
        thresholds = ws[:: max(1, len(ws) // 50)]
    out = []
    for th in thresholds:
        pred = {p for p, w in scored if w >= th}
        out.append((th, confusion(pred, t)))
    return out


def weight_histogram(weights: Iterable[float], *, width: float = 2.0) -> dict[float, int]:
    """Counts of match weights in bins of ``width`` (bin start → count).

    >>> weight_histogram([0.5, 1.5, 3.0])
    {0.0: 2, 2.0: 1}
    """
    out: dict[float, int] = {}
    for w in weights:
        b = (w // width) * width
        out[b] = out.get(b, 0) + 1
    return dict(sorted(out.items()))


def error_table(predicted: Iterable[Pair], truth: Iterable[Pair],
                classify: Mapping[Pair, str] | None = None) -> dict[str, dict[str, int]]:
    """False matches and false non-matches counted by error class (for error analysis).

    ``classify`` maps a pair to a class name (e.g. the corruption applied); unclassified
    pairs count as ``"other"``.

    >>> error_table([("a", "y")], [("a", "x")], {("a", "x"): "id_typo"})
    {'false_match': {'other': 1}, 'false_non_match': {'id_typo': 1}}
    """
    p, t = set(predicted), set(truth)
    classify = classify or {}
    out: dict[str, dict[str, int]] = {"false_match": {}, "false_non_match": {}}
    for kind, pairs in (("false_match", p - t), ("false_non_match", t - p)):
        for pair in pairs:
            c = classify.get(pair, "other")
            out[kind][c] = out[kind].get(c, 0) + 1
    return out
