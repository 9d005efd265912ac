"""The scorer: pattern matrix → match weights (levels, name frequency) → probabilities →
decisions (with caps). One array scorer serves every caller: ``link`` and ``dedupe`` score
millions of candidate pairs at once, and :meth:`Scorer.explain` and
:meth:`Scorer.score_against` (what ``Matcher.match_one`` calls) are small batches of it.

>>> from vnidmatch.compare.comparison import name_comparison, sex_comparison
>>> from vnidmatch.records import prepare_record as p
>>> from vnidmatch.score.model import FellegiSunter
>>> left = [p({"id": "a", "full_name": "Lê Lan", "sex": "Nữ"})]
>>> right = [p({"id": "b", "full_name": "LE LAN", "sex": "F"}), p({"id": "c", "full_name": "Hồ Quý"})]
>>> comps = (name_comparison(), sex_comparison())
>>> scorer = Scorer(comps, FellegiSunter.default(comps), left, right)
>>> scored = scorer.score(np.array([0, 0]), np.array([0, 1]))
>>> scored.patterns.tolist(), [DECISIONS[d] for d in scored.decision]
([[2, 1], [6, 0]], ['possible', 'non_match'])
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from vnidmatch.compare.batch import FieldCodes, encode, encode_values, pattern_matrix
from vnidmatch.compare.comparison import Comparison
from vnidmatch.exceptions import ConfigError
from vnidmatch.ids._util import mask_digit_runs
from vnidmatch.records import PreparedRecord
from vnidmatch.score.caps import CompiledCap
from vnidmatch.score.model import FellegiSunter, Pattern

__all__ = ["DECISIONS", "Decision", "Explanation", "Scored", "Scorer"]

Decision = Literal["match", "possible", "non_match"]
#: decision names by code (0 non-match, 1 possible, 2 match)
DECISIONS: tuple[Decision, ...] = ("non_match", "possible", "match")
#: the name-frequency adjustment of a weight is clipped to ± this many bits
TF_CLIP = 6.0


@dataclass(frozen=True)
class Explanation:
    """Why a pair got its weight: the prior, then each field's level and weight.

    ``str(explanation)`` is a text waterfall.

    >>> e = Explanation("a", "b", -6.6, (("full_name", "exact", 9.0),), 2.4, 0.84, "possible")
    >>> print(str(e).splitlines()[0])
    a ↔ b
    """

    left_id: str
    right_id: str
    prior: float
    terms: tuple[tuple[str, str, float], ...]
    match_weight: float
    match_probability: float
    decision: Decision

    def __repr__(self) -> str:  # ids masked: a record id may be a CCCD or a phone number
        return (f"Explanation({mask_digit_runs(self.left_id)!r} ↔ "
                f"{mask_digit_runs(self.right_id)!r}, weight {self.match_weight:+.2f}, "
                f"p={self.match_probability:.4f}, {self.decision}, {len(self.terms)} terms)")

    def __str__(self) -> str:
        lines = [f"{self.left_id} ↔ {self.right_id}",
                 f"  {'prior':24s} {'':14s} {self.prior:+7.2f}"]
        running = self.prior
        for fld, label, w in self.terms:
            running += w
            bar = ("+" if w >= 0 else "-") * min(int(abs(w) + 0.5), 20)
            lines.append(f"  {fld:24s} {label:14s} {w:+7.2f}  {running:+7.2f} {bar}")
        lines.append(f"  {'total':24s} {'':14s} {self.match_weight:+7.2f}  "
                     f"p={self.match_probability:.4f}  {self.decision}")
        return "\n".join(lines)


class Scored:
    """Scored pairs as arrays: left and right indexes, patterns, weights, probabilities and
    decision codes (0 non-match, 1 possible, 2 match; names in :data:`DECISIONS`).

    >>> s = Scored(np.array([0]), np.array([3]), np.zeros((1, 0), np.int8), np.array([9.0]),
    ...            np.array([0.998]), np.array([2], np.int8))
    >>> DECISIONS[s.decision[0]]
    'match'
    """

    __slots__ = ("decision", "i", "j", "patterns", "prob", "weight")

    def __init__(self, i: np.ndarray, j: np.ndarray, patterns: np.ndarray, weight: np.ndarray,
                 prob: np.ndarray, decision: np.ndarray) -> None:
        self.i, self.j, self.patterns = i, j, patterns
        self.weight, self.prob, self.decision = weight, prob, decision

    def take(self, sel: np.ndarray) -> Scored:
        """The subset at ``sel`` (indexes or a boolean mask).

        >>> s = Scored(*(np.arange(3) for _ in range(6)))
        >>> s.take(s.weight > 0).i.tolist()
        [1, 2]
        """
        return Scored(self.i[sel], self.j[sel], self.patterns[sel], self.weight[sel],
                      self.prob[sel], self.decision[sel])


class Scorer:
    """Weights and decisions of pairs ``(left[i], right[j])``; ``right=None`` means
    deduplication within ``left``. ``caps`` are resolved :class:`~vnidmatch.score.caps.Cap`
    predicates; ``term_frequency`` adjusts name agreement for how common the name is.

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> from vnidmatch.records import prepare_record as p
    >>> from vnidmatch.score.model import FellegiSunter
    >>> comps = (sex_comparison(),)
    >>> s = Scorer(comps, FellegiSunter.default(comps), [p({"id": "a", "sex": "F"})])
    >>> s.labels((1,)), s.pattern_codes(np.array([[2]])).tolist()
    (('same',), [2])
    """

    def __init__(self, comparisons: Sequence[Comparison], model: FellegiSunter,
                 left: Sequence[PreparedRecord], right: Sequence[PreparedRecord] | None = None,
                 *, match_threshold: float = 0.9, possible_threshold: float = 0.5,
                 caps: Sequence[CompiledCap] = (), term_frequency: bool = True,
                 workers: int = 1) -> None:
        self.comparisons = tuple(comparisons)
        self.fields = tuple(c.field for c in self.comparisons)
        self.left = left
        self.right = left if right is None else right
        self.dedupe = right is None
        self.thresholds = (possible_threshold, match_threshold)
        self.caps = tuple(caps)
        self.workers = workers
        self.model = model
        self.use(model)
        self.tf: dict[str, float] = {}
        self.tf_slots: list[tuple[int, frozenset[int]]] = []
        if term_frequency:
            counts: Counter[str] = Counter(
                r.name_key for group in ((left,) if right is None else (left, right))
                for r in group if r.name_key)
            total = sum(counts.values())
            self.tf = {k: v / total for k, v in counts.items()} if total else {}
            self.tf_slots = [(k, frozenset(c.labels.index(x) for x in c.tf_levels))
                             for k, c in enumerate(self.comparisons) if c.term_frequency]
        #: per term-frequency slot, whether each level is one the frequency adjusts
        self._tf_masks = [np.isin(np.arange(len(self.comparisons[k].labels)), list(lv))
                          for k, lv in self.tf_slots]
        self._cap_memo: dict[Pattern, bool] = {}
        radix = [1]
        for c in self.comparisons[:-1]:
            radix.append(radix[-1] * len(c.labels))
        self._radix = np.asarray(radix, dtype=np.int64)

    def use(self, model: FellegiSunter) -> None:
        """Score with ``model`` from now on (its comparisons must be this scorer's)."""
        if tuple(c.labels for c in model.comparisons) != tuple(c.labels for c in self.comparisons):
            raise ConfigError("the model's comparisons do not match the configuration's")
        self.model = model
        self._level_weights = [np.asarray(model.level_weights(k))
                               for k in range(len(self.comparisons))]
        self._u = [np.asarray(model.u[k]) for k in range(len(self.comparisons))]
        self._weight_memo: dict[Pattern, float] = {}

    # -- patterns ---------------------------------------------------------------------
    @functools.cached_property
    def _codes(self) -> list[FieldCodes]:
        return encode(self.comparisons, self.left, None if self.dedupe else self.right)

    @functools.cached_property
    def _name_codes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Name-key code per left and right record (0 = none) and the frequency per code."""
        fc = encode_values(lambda r: r.name_key or None, self.left,
                           None if self.dedupe else self.right)
        freq = np.asarray([0.0] + [self.tf.get(k, 0.0) for k in fc.values[1:]])
        return fc.left, fc.right, freq

    def patterns(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The pattern matrix of the pairs ``(left[i], right[j])``."""
        return pattern_matrix(self.comparisons, self._codes, i, j, self.workers)

    def pattern_codes(self, patterns: np.ndarray) -> np.ndarray:
        """One int64 per pattern row (mixed radix over the comparisons' levels)."""
        return patterns.astype(np.int64) @ self._radix

    def pattern_counts(self, patterns: np.ndarray) -> dict[Pattern, int]:
        """Distinct patterns and how often each occurs (what EM runs on)."""
        codes = self.pattern_codes(patterns)
        _, first, counts = np.unique(codes, return_index=True, return_counts=True)
        return {tuple(patterns[f].tolist()): int(n) for f, n in zip(first, counts)}

    def labels(self, pattern: Sequence[int]) -> tuple[str, ...]:
        """The level label of each comparison in ``pattern``."""
        return tuple(c.label(lvl) for c, lvl in zip(self.comparisons, pattern))

    # -- weights and decisions ----------------------------------------------------------
    def _name_frequency(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Whether each pair shares its name key, and that name's frequency."""
        lk, rk, freq = self._name_codes
        a = lk[i]
        return (a != 0) & (a == rk[j]), freq[a]

    def _tf_adjustment(self, patterns: np.ndarray, same: np.ndarray, freq: np.ndarray
                       ) -> np.ndarray:
        """log2(u / frequency) of the shared name, where the name level is one that the
        frequency adjusts, clipped to ± :data:`TF_CLIP`."""
        adj = np.zeros(len(patterns))
        for (k, _), mask in zip(self.tf_slots, self._tf_masks):
            sel = same & mask[patterns[:, k]]
            if sel.any():
                u = self._u[k][patterns[sel, k]]
                tf = freq[sel]
                ok = tf > 0
                add = np.zeros(len(u))
                add[ok] = np.minimum(np.maximum(np.log2(u[ok] / tf[ok]), -TF_CLIP), TF_CLIP)
                adj[sel] += add
        return adj

    def _weights(self, patterns: np.ndarray, same: np.ndarray, freq: np.ndarray) -> np.ndarray:
        w = self._level_sums(patterns)
        if self.tf_slots and same.any():
            w += self._tf_adjustment(patterns, same, freq)
        return w

    def _level_sums(self, patterns: np.ndarray) -> np.ndarray:
        """The prior plus each pattern's level weights, added in comparison order (a few
        rows from a per-pattern memo: the same additions, so the same bits)."""
        if len(patterns) <= self._FEW_ROWS:
            return np.asarray(_per_pattern(patterns, self._weight_memo, self._level_sum),
                              dtype=np.float64)
        w = np.full(len(patterns), self.model.prior_weight)
        for k, lw in enumerate(self._level_weights):
            w += lw[patterns[:, k]]
        return w

    def _level_sum(self, row: Pattern) -> float:
        got = self.model.prior_weight
        for lw, lvl in zip(self._level_weights, row):
            got += float(lw[lvl])
        return got

    def decisions(self, patterns: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Match probability and decision code (0 non-match, 1 possible, 2 match) per pair."""
        # np.minimum/np.maximum rather than np.clip: the same values, less overhead on the
        # few rows of one record's candidates
        prob = 1.0 / (1.0 + np.exp2(-np.minimum(np.maximum(w, -60.0), 60.0)))
        possible, match = self.thresholds  # possible <= match: the codes add up
        dec = (prob >= possible).astype(np.int8)
        dec += prob >= match
        top = np.flatnonzero(dec == 2)
        if len(top) and self.caps:
            dec[top[self._capped_rows(patterns[top])]] = 1
        return prob, dec

    #: above this many rows the caps are worked out per distinct pattern with numpy
    _FEW_ROWS = 256

    def _capped_rows(self, patterns: np.ndarray) -> np.ndarray:
        """Whether each row's pattern is capped (each distinct pattern checked once)."""
        if len(patterns) <= self._FEW_ROWS:
            return np.asarray(_per_pattern(patterns, self._cap_memo, self.capped), dtype=bool)
        codes = self.pattern_codes(patterns)
        _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
        capped = np.asarray([self.capped(tuple(patterns[f].tolist())) for f in first],
                            dtype=bool)
        return capped[inverse.reshape(-1)]

    def capped(self, pattern: Pattern) -> bool:
        """Whether a cap keeps a pair of this pattern at ``possible``."""
        return any(cap(pattern) for cap in self.caps)

    def score(self, i: np.ndarray, j: np.ndarray, patterns: np.ndarray | None = None) -> Scored:
        """Score the pairs ``(left[i], right[j])`` (their pattern matrix, when known)."""
        if patterns is None:
            patterns = self.patterns(i, j)
        same, freq = self._name_frequency(i, j)
        w = self._weights(patterns, same, freq)
        prob, dec = self.decisions(patterns, w)
        return Scored(i, j, patterns, w, prob, dec)

    # -- a few pairs (one record against candidates) --------------------------------------
    def _pairs_of(self, a: PreparedRecord, others: Sequence[PreparedRecord]
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Patterns (by the comparisons' scalar levels), shared-name flags and name
        frequencies of ``a`` against each of ``others``."""
        values = [a.field_value(f) for f in self.fields]
        patterns = np.asarray(
            [[c.level(v, b.field_value(f)) for c, f, v in zip(self.comparisons, self.fields,
                                                              values)] for b in others],
            dtype=np.int8).reshape(len(others), len(self.comparisons))
        key = a.name_key
        same = np.asarray([bool(key) and b.name_key == key for b in others], dtype=bool)
        freq = np.full(len(others), self.tf.get(key, 0.0) if key else 0.0)
        return patterns, same, freq

    def score_against(self, a: PreparedRecord, others: Sequence[PreparedRecord]) -> Scored:
        """Score one record against each of ``others`` (``j`` indexes ``others``), with the
        same weights and decisions as a batch.

        >>> from vnidmatch.compare.comparison import name_comparison
        >>> from vnidmatch.records import prepare_record as p
        >>> from vnidmatch.score.model import FellegiSunter
        >>> comps = (name_comparison(),)
        >>> s = Scorer(comps, FellegiSunter.default(comps), [p({"id": "r", "full_name": "Lê Lan"})])
        >>> s.score_against(p({"id": "q", "full_name": "LE LAN"}), s.left).patterns.tolist()
        [[2]]
        """
        return self._score_rows(*self._pairs_of(a, others))

    def _score_rows(self, patterns: np.ndarray, same: np.ndarray, freq: np.ndarray) -> Scored:
        w = self._weights(patterns, same, freq)
        prob, dec = self.decisions(patterns, w)
        n = len(patterns)
        return Scored(np.zeros(n, np.int64), np.arange(n), patterns, w, prob, dec)

    def explain(self, a: PreparedRecord, b: PreparedRecord) -> Explanation:
        """Field-by-field terms of the weight of the pair ``(a, b)``."""
        patterns, same, freq = self._pairs_of(a, [b])
        scored = self._score_rows(patterns, same, freq)
        p = patterns[0].tolist()
        terms = [(c.field, c.label(lvl), self.model.level_weights(k)[lvl])
                 for k, (c, lvl) in enumerate(zip(self.comparisons, p))]
        tf = float(self._tf_adjustment(patterns, same, freq)[0]) if self.tf_slots else 0.0
        if tf:
            terms.append(("full_name (frequency)", "tf", tf))
        return Explanation(a.id, b.id, self.model.prior_weight, tuple(terms),
                           float(scored.weight[0]), float(scored.prob[0]),
                           DECISIONS[int(scored.decision[0])])


def _per_pattern(patterns: np.ndarray, memo: dict[Pattern, Any], compute: Any) -> list[Any]:
    """``compute(row)`` for each row of ``patterns``, each distinct row worked out once."""
    out = []
    for row in map(tuple, patterns.tolist()):
        got = memo.get(row)
        if got is None:
            got = memo[row] = compute(row)
        out.append(got)
    return out
