"""Layer 5: scoring. The Fellegi–Sunter model (:mod:`~vnidmatch.score.model`, immutable),
the one array scorer (:mod:`~vnidmatch.score.scorer`: weights, name frequencies, caps,
decisions), decision caps (:mod:`~vnidmatch.score.caps`) and training without labels
(:mod:`~vnidmatch.score.train`).

>>> from vnidmatch.compare.comparison import sex_comparison
>>> model = FellegiSunter((sex_comparison(),), m=((0.0, 0.95, 0.05),), u=((0.0, 0.5, 0.5),))
>>> round(probability(model.prior_weight + model.weight((1,))), 4)
0.0188
"""

from __future__ import annotations

from vnidmatch.score.caps import Cap
from vnidmatch.score.model import FellegiSunter, Pattern, pattern_counts, probability
from vnidmatch.score.scorer import DECISIONS, Decision, Explanation, Scored, Scorer
from vnidmatch.score.train import estimate_u, train

__all__ = [
    "DECISIONS",
    "Cap",
    "Decision",
    "Explanation",
    "FellegiSunter",
    "Pattern",
    "Scored",
    "Scorer",
    "estimate_u",
    "pattern_counts",
    "probability",
    "train",
]
