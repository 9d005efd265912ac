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
    "html_report",
    "pair_completeness",
    "pr_curve",
    "reduction_ratio",
    "svg_pr_curve",
    "svg_weight_histogram",
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


def _svg_frame(width: int, height: int, title: str, xlabel: str, ylabel: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'font-family="sans-serif" font-size="11">',
            f'<text x="{width // 2}" y="14" text-anchor="middle" font-size="13">{title}</text>',
            f'<text x="{width // 2}" y="{height - 4}" text-anchor="middle">{xlabel}</text>',
            f'<text x="12" y="{height // 2}" transform="rotate(-90 12 {height // 2})" '
            f'text-anchor="middle">{ylabel}</text>',
            f'<rect x="40" y="24" width="{width - 60}" height="{height - 60}" fill="none" '
            'stroke="#999"/>']


def svg_pr_curve(curve: Sequence[tuple[float, Confusion]], *, width: int = 420,
                 height: int = 320) -> str:
    """A precision–recall curve as an SVG string (no plotting library needed).

    >>> svg_pr_curve([(0.0, Confusion(9, 1, 0)), (5.0, Confusion(8, 0, 1))]).startswith("<svg")
    True
    """
    out = _svg_frame(width, height, "precision–recall", "recall", "precision")
    w, h = width - 60, height - 60
    pts = sorted((c.recall, c.precision) for _, c in curve)
    path = " ".join(f"{40 + r * w:.1f},{24 + (1 - p) * h:.1f}" for r, p in pts)
    out.append(f'<polyline points="{path}" fill="none" stroke="#c33" stroke-width="2"/>')
    for r, p in pts:
        out.append(f'<circle cx="{40 + r * w:.1f}" cy="{24 + (1 - p) * h:.1f}" r="2" '
                   'fill="#c33"/>')
    out.append("</svg>")
    return "\n".join(out)


def svg_weight_histogram(true_weights: Iterable[float], false_weights: Iterable[float], *,
                         bin_width: float = 2.0, width: int = 420, height: int = 320) -> str:
    """Match-weight histogram of true (green) and false (red) pairs as an SVG string.

    >>> svg_weight_histogram([10.0, 12.0], [-3.0]).count("<rect") > 2
    True
    """
    t = weight_histogram(true_weights, width=bin_width)
    f = weight_histogram(false_weights, width=bin_width)
    bins = sorted(set(t) | set(f)) or [0.0]
    top = max([*t.values(), *f.values(), 1])
    out = _svg_frame(width, height, "match weight", "match weight", "pairs")
    w, h = width - 60, height - 60
    lo, hi = bins[0], bins[-1] + bin_width
    scale = w / (hi - lo)
    for b in bins:
        for counts, colour, off in ((t, "#2a7", 0.0), (f, "#c33", 0.5)):
            n = counts.get(b, 0)
            if n:
                bh = h * n / top
                out.append(f'<rect x="{40 + (b - lo + off * bin_width) * scale:.1f}" '
                           f'y="{24 + h - bh:.1f}" width="{max(scale * bin_width / 2 - 1, 1):.1f}"'
                           f' height="{bh:.1f}" fill="{colour}"><title>{b:+.0f}: {n}</title>'
                           '</rect>')
    out.append(f'<text x="42" y="{height - 18}">{lo:+.0f}</text>')
    out.append(f'<text x="{width - 22}" y="{height - 18}" text-anchor="end">{hi:+.0f}</text>')
    out.append("</svg>")
    return "\n".join(out)


def html_report(scored: Sequence[tuple[Pair, float]], truth: Iterable[Pair], *,
                title: str = "vnidmatch linkage evaluation") -> str:
    """A self-contained HTML page: confusion at several thresholds, the precision–recall
    curve and the weight histogram (inline SVG; no JavaScript, no network).

    >>> page = html_report([(("a", "x"), 12.0), (("b", "y"), -2.0)], [("a", "x")])
    >>> "<svg" in page and "precision" in page
    True
    """
    t = set(truth)
    curve = pr_curve(scored, t)
    rows = "".join(f"<tr><td>{th:+.1f}</td><td>{c.precision:.4f}</td><td>{c.recall:.4f}</td>"
                   f"<td>{c.f1:.4f}</td><td>{c.tp}</td><td>{c.fp}</td><td>{c.fn}</td></tr>"
                   for th, c in curve[:: max(1, len(curve) // 12)])
    return "\n".join([
        f"<!doctype html><meta charset='utf-8'><title>{title}</title>",
        "<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:right}</style>",
        f"<h1>{title}</h1><p>{len(scored):,} scored pairs, {len(t):,} true links</p>",
        "<table><tr><th>weight ≥</th><th>precision</th><th>recall</th><th>F1</th>"
        f"<th>tp</th><th>fp</th><th>fn</th></tr>{rows}</table>",
        svg_pr_curve(curve),
        svg_weight_histogram([w for p, w in scored if p in t], [w for p, w in scored if p not in t]),
    ])
