"""Training without labels: ``u`` from random pairs, ``m`` by EM, one session per blocking
rule, then the prior. Returns a new model; the one given is never changed.

>>> from vnidmatch.compare.comparison import name_comparison, sex_comparison
>>> from vnidmatch.records import prepare_records
>>> from vnidmatch.score.model import FellegiSunter
>>> from vnidmatch.score.scorer import Scorer
>>> recs = prepare_records([{"id": str(k), "full_name": "Lê Lan", "sex": "Nữ"} for k in range(4)])
>>> comps = (name_comparison(), sex_comparison())
>>> start = FellegiSunter.default(comps)
>>> scorer = Scorer(comps, start, recs)
>>> model = estimate_u(scorer, sample_pairs=100, seed=0)
>>> model.trained["u_pairs"] > 0, start.trained.get("u_pairs")
(True, None)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from vnidmatch.block import BlockingRule
from vnidmatch.score.model import FellegiSunter
from vnidmatch.score.scorer import Scorer

__all__ = ["estimate_u", "train"]


def estimate_u(scorer: Scorer, *, sample_pairs: int, seed: int) -> FellegiSunter:
    """The scorer's model with ``u`` estimated from ``sample_pairs`` random pairs (nearly
    all of them different people).

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> from vnidmatch.records import prepare_records
    >>> from vnidmatch.score.scorer import Scorer
    >>> recs = prepare_records([{"id": str(k), "sex": "MF"[k % 2]} for k in range(10)])
    >>> comps = (sex_comparison(),)
    >>> s = Scorer(comps, FellegiSunter.default(comps), recs)
    >>> [round(x, 2) for x in estimate_u(s, sample_pairs=1000, seed=0).u[0]]
    [0.0, 0.38, 0.62]
    """
    rng = np.random.default_rng(seed)
    n_left, n_right = len(scorer.left), len(scorer.right)
    n = min(sample_pairs, n_left * n_right)
    ri = rng.integers(0, n_left, n)
    rj = rng.integers(0, n_right, n)
    if scorer.dedupe:
        ri, rj = ri[ri != rj], rj[ri != rj]
    return scorer.model.estimated_u(map(tuple, scorer.patterns(ri, rj).tolist()))


def _sessions(scorer: Scorer, model: FellegiSunter, patterns: np.ndarray, union: np.ndarray,
              per_rule: Mapping[str, np.ndarray], rules: Mapping[str, BlockingRule],
              iterations: int) -> tuple[tuple[float, ...], ...]:
    """``m`` averaged over one EM session per blocking rule, weighted by the rule's pairs.

    Pairs found by a rule agree on the fields the rule is built from, so those fields say
    nothing about matching among them: each session trains only the other comparisons (as
    splink does)."""
    k_all = range(len(scorer.comparisons))
    sums = [[0.0] * len(c.labels) for c in scorer.comparisons]
    weights = [0.0] * len(scorer.comparisons)
    for name, codes in per_rule.items():
        if not len(codes) or not rules[name].train:
            continue
        masked = [k for k, f in enumerate(scorer.fields) if f in rules[name].fields]
        sub = patterns[np.searchsorted(union, codes)]
        sub[:, masked] = 0
        session = FellegiSunter(model.comparisons, model.m, model.u, 0.5)
        session = session.estimated_m(scorer.pattern_counts(sub), iterations=iterations)
        for k in k_all:
            if k in masked:
                continue
            for lvl, v in enumerate(session.m[k]):
                sums[k][lvl] += v * len(codes)
            weights[k] += len(codes)
    return tuple(tuple(v / weights[k] for v in sums[k]) if weights[k] else model.m[k]
                 for k in k_all)


def train(scorer: Scorer, union: np.ndarray, i: np.ndarray, j: np.ndarray,
          per_rule: Mapping[str, np.ndarray], rules: Mapping[str, BlockingRule], *,
          u_sample_pairs: int, em_iterations: int, seed: int
          ) -> tuple[FellegiSunter, np.ndarray]:
    """A model trained on the candidate pairs (sorted codes ``union``, indexes ``i, j``,
    the codes each rule found in ``per_rule``), and their pattern matrix.

    ``u`` from random pairs, ``m`` by EM sessions per blocking rule (averaged), then the
    prior by EM over all candidate pairs with ``m`` and ``u`` fixed.

    >>> from vnidmatch.block import pair_arrays, pair_indexes, DEFAULT_BLOCKING
    >>> from vnidmatch.compare.comparison import name_comparison, sex_comparison
    >>> from vnidmatch.records import prepare_records
    >>> from vnidmatch.score.scorer import Scorer
    >>> recs = prepare_records([{"id": str(k), "full_name": "Lê Lan", "phone": "0912345678"}
    ...                         for k in range(3)])
    >>> comps = (name_comparison(), sex_comparison())
    >>> scorer = Scorer(comps, FellegiSunter.default(comps), recs)
    >>> union, per_rule = pair_arrays(recs, None, DEFAULT_BLOCKING)
    >>> i, j = pair_indexes(union, len(recs))
    >>> model, patterns = train(scorer, union, i, j, per_rule,
    ...                         {r.name: r for r in DEFAULT_BLOCKING},
    ...                         u_sample_pairs=100, em_iterations=5, seed=0)
    >>> patterns.tolist(), model is scorer.model, "sessions" in model.trained
    ([[1, 0], [1, 0], [1, 0]], True, True)
    """
    model = estimate_u(scorer, sample_pairs=u_sample_pairs, seed=seed)
    scorer.use(model)
    patterns = scorer.patterns(i, j)
    m = _sessions(scorer, model, patterns, union, per_rule, rules, em_iterations)
    model = FellegiSunter(model.comparisons, m, model.u, model.prior, model.trained)
    model = model.estimated_m(scorer.pattern_counts(patterns), iterations=em_iterations,
                              fix_m=True)
    model = FellegiSunter(model.comparisons, model.m, model.u, model.prior,
                          {**model.trained, "sessions": sorted(per_rule)})
    scorer.use(model)
    return model, patterns
