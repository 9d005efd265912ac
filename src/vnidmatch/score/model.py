"""The Fellegi–Sunter model: level → weight, weights → match probability. Immutable.

Each comparison level gets a match weight ``log2(m / u)``: ``m`` = P(level | same person),
``u`` = P(level | different people). ``u`` is estimated from random pairs, ``m`` by
expectation–maximisation on the candidate pairs (no labels needed) or from labelled pairs.
Level 0 (``null``, a side is missing) always weighs 0: missing is never disagreement.
Pairs are summarised by their *pattern* (the tuple of levels): real data has a few thousand
distinct patterns, so EM runs on pattern counts in pure Python, in milliseconds.
A model never changes: every estimation returns a new model.

>>> from vnidmatch.compare.comparison import sex_comparison
>>> model = FellegiSunter((sex_comparison(),), m=((0.0, 0.95, 0.05),), u=((0.0, 0.5, 0.5),))
>>> round(model.weight((1,)), 3), round(model.weight((2,)), 3), model.weight((0,))
(0.926, -3.322, 0.0)
"""

from __future__ import annotations

import dataclasses
import importlib.resources
import json
import math
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from vnidmatch._tables import table_cache
from vnidmatch.compare.comparison import COMPARISONS, Comparison
from vnidmatch.exceptions import ConfigError

__all__ = ["FellegiSunter", "Pattern", "pattern_counts", "probability"]

Pattern = tuple[int, ...]


def probability(weight: float) -> float:
    """Match probability of a total match weight (which includes the prior).

    >>> probability(0.0), round(probability(10.0), 4)
    (0.5, 0.999)
    """
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    return float(1.0 / (1.0 + 2.0 ** (-weight)))


#: no level is ever impossible: a real register has a mistyped sex or a swapped id now and then
M_FLOOR = 0.005


def _normalise(counts: Sequence[float], floor: float = 0.0) -> tuple[float, ...]:
    total = sum(counts[1:])
    if total <= 0:
        n = len(counts) - 1
        return (0.0, *([1.0 / n] * n))
    probs = [max(c / total, floor) for c in counts[1:]]
    total = sum(probs)
    return (0.0, *(p / total for p in probs))


@dataclass(frozen=True)
class FellegiSunter:
    """A Fellegi–Sunter model over a tuple of comparisons (immutable).

    ``m[k][l]`` and ``u[k][l]`` are the probabilities of level ``l`` of comparison ``k``
    (index 0, the null level, is unused); ``prior`` is the share of candidate pairs that are
    matches. The ``estimated_*`` methods return new models. Save with :meth:`to_json`, load
    with :meth:`from_json`.

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> FellegiSunter.default((sex_comparison(),)).prior
    0.01
    """

    comparisons: tuple[Comparison, ...]
    m: tuple[tuple[float, ...], ...]
    u: tuple[tuple[float, ...], ...]
    prior: float = 0.01
    trained: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for k, c in enumerate(self.comparisons):
            n = len(c.labels)
            if len(self.m[k]) != n or len(self.u[k]) != n:
                raise ConfigError(f"comparison '{c.field}' has {n} levels but the model gives "
                                  f"{len(self.m[k])} m and {len(self.u[k])} u values")
        if not 0.0 < self.prior < 1.0:
            raise ConfigError("prior must be between 0 and 1")
        self._derive()

    def _derive(self) -> None:
        object.__setattr__(self, "_weights", tuple(
            tuple(0.0 if lvl == 0 else math.log2(max(mk[lvl], 1e-9) / max(uk[lvl], 1e-9))
                  for lvl in range(len(mk)))
            for mk, uk in zip(self.m, self.u)
        ))
        object.__setattr__(self, "_cache", {})

    def _with(self, **changes: Any) -> FellegiSunter:
        return dataclasses.replace(self, **changes)

    # -- construction ---------------------------------------------------------------
    @classmethod
    def default(cls, comparisons: Sequence[Comparison]) -> FellegiSunter:
        """The shipped model when the comparisons are the default ones, else starting values
        (agreement levels likely for matches, the last level for non-matches). When the
        comparisons are the shipped ones by field but some levels differ, a warning says so:
        the starting values are then a poor model until it is trained.

        >>> from vnidmatch.compare.comparison import name_comparison
        >>> m = FellegiSunter.default((name_comparison(),))
        >>> m.weight((1,)) > m.weight((4,)) > 0 > m.weight((6,))
        True
        """
        shipped = _shipped_model()
        if shipped is not None:
            theirs = [(s["name"], s["levels"]) for s in shipped["comparisons"]]
            ours = [(c.field, list(c.labels)) for c in comparisons]
            if theirs == ours:
                return cls.from_dict(shipped, comparisons)
            if [f for f, _ in theirs] == [f for f, _ in ours]:
                changed = [f for (f, a), (_, b) in zip(theirs, ours) if a != b]
                warnings.warn(
                    f"the levels of comparison(s) {', '.join(changed)} differ from the shipped "
                    "model's: using untrained starting values; train the model on your data "
                    "(train=True) or pass one trained with these comparisons",
                    UserWarning, stacklevel=2)
        ms, us = [], []
        for c in comparisons:
            n = len(c.labels) - 1  # non-null levels
            m = [0.0] + [0.5 ** (i + 1) for i in range(n)]
            m[-1] = 0.02
            u = [0.0] + [0.002 * (2 ** i) for i in range(n)]
            u[-1] = 1.0
            ms.append(_normalise(m))
            us.append(_normalise(u))
        return cls(tuple(comparisons), tuple(ms), tuple(us))

    # -- scoring -------------------------------------------------------------------
    @property
    def prior_weight(self) -> float:
        """log2 of the prior odds of a match among candidate pairs."""
        return math.log2(self.prior / (1.0 - self.prior))

    def with_prior(self, prior: float) -> FellegiSunter:
        """The same model with another prior (``m`` and ``u`` unchanged).

        >>> from vnidmatch.compare.comparison import sex_comparison
        >>> FellegiSunter.default((sex_comparison(),)).with_prior(0.25).prior
        0.25
        """
        return self._with(prior=prior)

    def level_weights(self, k: int) -> tuple[float, ...]:
        """The weight of each level of comparison ``k``."""
        return self._weights[k]  # type: ignore[attr-defined,no-any-return]

    def weight(self, pattern: Pattern) -> float:
        """Sum of the level weights of a pattern (without the prior)."""
        cache: dict[Pattern, float] = self._cache  # type: ignore[attr-defined]
        w = cache.get(pattern)
        if w is None:
            weights = self._weights  # type: ignore[attr-defined]
            w = cache[pattern] = sum(weights[k][lvl] for k, lvl in enumerate(pattern))
        return w

    # -- estimation ------------------------------------------------------------------
    def estimated_u(self, patterns: Iterable[Pattern]) -> FellegiSunter:
        """A model with ``u`` estimated from the patterns of random (nearly all
        non-matching) pairs.

        >>> from vnidmatch.compare.comparison import sex_comparison
        >>> m = FellegiSunter.default((sex_comparison(),))
        >>> [round(x, 3) for x in m.estimated_u([(1,), (2,), (2,)]).u[0]]
        [0.0, 0.4, 0.6]
        """
        counts = [[1.0] * len(c.labels) for c in self.comparisons]  # add-one smoothing
        n = 0
        for p in patterns:
            n += 1
            for k, lvl in enumerate(p):
                counts[k][lvl] += 1
        return self._with(u=tuple(_normalise(c) for c in counts),
                          trained={**self.trained, "u_pairs": n})

    def estimated_m(self, pattern_counts: Mapping[Pattern, int], *, iterations: int = 25,
                    fix_prior: bool = False, fix_m: bool = False, tolerance: float = 1e-6
                    ) -> FellegiSunter:
        """A model with ``m`` (and the prior) estimated by EM over candidate-pair pattern
        counts, ``u`` fixed. ``fix_m`` estimates only the prior; ``fix_prior`` only ``m``.

        >>> from vnidmatch.compare.comparison import sex_comparison
        >>> m = FellegiSunter((sex_comparison(),), ((0.0, 0.9, 0.1),), ((0.0, 0.5, 0.5),), 0.5)
        >>> round(m.estimated_m({(1,): 90, (2,): 10}, fix_m=True).prior, 2)
        0.97
        """
        prior, m = self.prior, self.m
        items = list(pattern_counts.items())
        total = sum(c for _, c in items) or 1
        iterations_run = 0
        for it in range(iterations):
            m_counts, matched = self._expectation(items, prior, m)
            new_m = m if fix_m else tuple(_normalise(c, M_FLOOR) for c in m_counts)
            delta = max(abs(a - b) for x, y in zip(new_m, m) for a, b in zip(x, y))
            m = new_m
            if not fix_prior:
                new_prior = min(max(matched / total, 1e-6), 1 - 1e-6)
                delta = max(delta, abs(new_prior - prior))
                prior = new_prior
            iterations_run = it + 1
            if delta < tolerance:
                break
        trained = dict(self.trained)
        if iterations_run:
            trained["em_iterations"] = iterations_run
        trained["em_pairs"] = total
        return self._with(m=m, prior=prior, trained=trained)

    def _expectation(self, items: Sequence[tuple[Pattern, int]], prior: float,
                     m: tuple[tuple[float, ...], ...]) -> tuple[list[list[float]], float]:
        """One E step: expected level counts among matches, and the expected matches."""
        m_counts = [[0.5] * len(c.labels) for c in self.comparisons]
        matched = 0.0
        for p, cnt in items:
            wm = math.log2(prior)
            wu = math.log2(1 - prior)
            for k, lvl in enumerate(p):
                if lvl:
                    wm += math.log2(max(m[k][lvl], 1e-12))
                    wu += math.log2(max(self.u[k][lvl], 1e-12))
            post = probability(wm - wu) * cnt
            matched += post
            for k, lvl in enumerate(p):
                m_counts[k][lvl] += post
        return m_counts, matched

    def estimated_from_labels(self, matches: Iterable[Pattern],
                              non_matches: Iterable[Pattern]) -> FellegiSunter:
        """A model with ``m``, ``u`` and the prior estimated from labelled pairs' patterns.

        >>> from vnidmatch.compare.comparison import sex_comparison
        >>> m = FellegiSunter.default((sex_comparison(),))
        >>> m.estimated_from_labels([(1,)] * 9, [(2,)] * 9).prior
        0.5
        """
        mc = [[0.5] * len(c.labels) for c in self.comparisons]
        uc = [[0.5] * len(c.labels) for c in self.comparisons]
        nm = nu = 0
        for p in matches:
            nm += 1
            for k, lvl in enumerate(p):
                mc[k][lvl] += 1
        for p in non_matches:
            nu += 1
            for k, lvl in enumerate(p):
                uc[k][lvl] += 1
        if not nm or not nu:
            raise ConfigError("labelled training needs at least one match and one non-match")
        return self._with(m=tuple(_normalise(c) for c in mc), u=tuple(_normalise(c) for c in uc),
                          prior=nm / (nm + nu),
                          trained={**self.trained, "labelled_matches": nm,
                                   "labelled_non_matches": nu})

    def _replace_in_place(self, new: FellegiSunter, old_name: str) -> None:
        warnings.warn(f"FellegiSunter.{old_name} is deprecated (models are immutable): use "
                      f"model = model.{old_name.replace('estimate', 'estimated')}(...) instead; "
                      "removed in 0.3", DeprecationWarning, stacklevel=3)
        for name in ("m", "u", "prior", "trained"):
            object.__setattr__(self, name, getattr(new, name))
        self._derive()

    def estimate_u(self, patterns: Iterable[Pattern]) -> None:
        """Deprecated: ``model = model.estimated_u(patterns)``."""
        self._replace_in_place(self.estimated_u(patterns), "estimate_u")

    def estimate_m(self, pattern_counts: Mapping[Pattern, int], **kwargs: Any) -> None:
        """Deprecated: ``model = model.estimated_m(pattern_counts, ...)``."""
        self._replace_in_place(self.estimated_m(pattern_counts, **kwargs), "estimate_m")

    def estimate_from_labels(self, matches: Iterable[Pattern],
                             non_matches: Iterable[Pattern]) -> None:
        """Deprecated: ``model = model.estimated_from_labels(matches, non_matches)``."""
        self._replace_in_place(self.estimated_from_labels(matches, non_matches),
                               "estimate_from_labels")

    # -- persistence ----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description (comparisons by registered name; a copy).

        >>> from vnidmatch.compare.comparison import sex_comparison
        >>> sorted(FellegiSunter.default((sex_comparison(),)).to_dict())
        ['comparisons', 'format', 'prior', 'trained']
        """
        return {
            "format": "vnidmatch-fellegi-sunter/1",
            "prior": self.prior,
            "comparisons": [
                {"name": c.field, "levels": list(c.labels), "m": list(self.m[k]),
                 "u": list(self.u[k])}
                for k, c in enumerate(self.comparisons)
            ],
            "trained": json.loads(json.dumps(dict(self.trained))),
        }

    def to_json(self) -> str:
        """Serialise to JSON (see :meth:`from_json`)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any],
                  comparisons: Sequence[Comparison] | None = None) -> FellegiSunter:
        """Load a model; comparisons are rebuilt from the registry unless given.

        >>> from vnidmatch.compare.comparison import sex_comparison
        >>> m = FellegiSunter.default((sex_comparison(),))
        >>> FellegiSunter.from_json(m.to_json()).m == m.m
        True
        """
        if data.get("format") != "vnidmatch-fellegi-sunter/1":
            raise ConfigError("not a vnidmatch model file (format vnidmatch-fellegi-sunter/1)")
        specs = data["comparisons"]
        if comparisons is None:
            comparisons = tuple(COMPARISONS.get(s["name"])() for s in specs)
        for c, s in zip(comparisons, specs):
            if list(c.labels) != list(s["levels"]):
                raise ConfigError(f"comparison '{c.field}': the model's levels {s['levels']} "
                                  f"differ from {list(c.labels)}")
        return cls(tuple(comparisons), tuple(tuple(s["m"]) for s in specs),
                   tuple(tuple(s["u"]) for s in specs), float(data["prior"]),
                   dict(data.get("trained", {})))

    @classmethod
    def from_json(cls, text: str, comparisons: Sequence[Comparison] | None = None) -> FellegiSunter:
        """Load a model saved with :meth:`to_json`."""
        return cls.from_dict(json.loads(text), comparisons)


@table_cache
def _shipped_model() -> dict[str, Any] | None:
    try:
        text = (importlib.resources.files("vnidmatch.data") / "default_model.json").read_text(
            encoding="utf-8")
    except FileNotFoundError:
        return None
    return dict(json.loads(text))


def pattern_counts(patterns: Iterable[Pattern]) -> Counter[Pattern]:
    """Count identical patterns (what EM runs on).

    >>> pattern_counts([(1, 2), (1, 2), (0, 1)])[(1, 2)]
    2
    """
    return Counter(patterns)
