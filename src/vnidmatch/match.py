"""Layer 4b: the linkage engine. Normalise → block → compare → score → decide → cluster.

``link(left, right)`` links a register to a reference register (vaccinations to the
population register); ``dedupe(records)`` finds the duplicates within one register;
:class:`Matcher` answers for one incoming record at a time, in milliseconds, against a
reference set held in memory. The model is Fellegi–Sunter, trained without labels
(``u`` from random pairs, ``m`` by EM), with term-frequency adjustment for names; every
decision can be explained field by field.

>>> left = [{"id": "v1", "full_name": "NGUYEN VAN AN", "birth_date": "5/3/1990",
...          "id_number": "1090012345.0"}]
>>> right = [{"id": "p1", "full_name": "Nguyễn Văn An", "birth_date": "1990-03-05",
...           "id_number": "001090012345"},
...          {"id": "p2", "full_name": "Nguyễn Văn An", "birth_date": "1990-03-05",
...           "id_number": "079090555111"}]
>>> result = link(left, right)
>>> sorted((p.left_id, p.right_id, p.decision) for p in result.pairs)
[('v1', 'p1', 'match'), ('v1', 'p2', 'possible')]
>>> [p.right_id for p in result.best()]
['p1']
"""

from __future__ import annotations

import csv
import functools
import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from vnidmatch._parallel import default_workers, paused_gc
from vnidmatch.block import (
    BLOCKING_KEYS,
    DEFAULT_BLOCKING,
    BlockingRule,
    pair_arrays,
    pair_indexes,
)
from vnidmatch.compare.batch import FieldCodes, encode, encode_values, pattern_matrix
from vnidmatch.compare.comparison import (
    COMPARISONS,
    Comparison,
    address_comparison,
    birth_date_comparison,
    id_comparison,
    name_comparison,
    phone_comparison,
    sex_comparison,
)
from vnidmatch.exceptions import ConfigError
from vnidmatch.records import PreparedRecord, as_records, prepare_record, prepare_records
from vnidmatch.score import FellegiSunter, Pattern, probability

__all__ = [
    "DedupeResult",
    "Explanation",
    "LinkResult",
    "MatchConfig",
    "Matcher",
    "PairResult",
    "dedupe",
    "dedupe_prepared",
    "link",
]

Decision = Literal["match", "possible", "non_match"]


def _default_comparisons() -> tuple[Comparison, ...]:
    # each Comparison memoises its labels per distinct pair of values (Comparison.level)
    return (name_comparison(), birth_date_comparison(), sex_comparison(), id_comparison(),
            phone_comparison(), address_comparison())


@dataclass(frozen=True)
class MatchConfig:
    """Everything that decides how records are linked. Frozen; build variants with
    :func:`dataclasses.replace`, or from a plain dict with :meth:`from_dict`.

    ``match_threshold``/``possible_threshold`` are match probabilities; ``one_to_one`` keeps
    at most one link per record on each side (linking to a population register);
    ``cluster_guard`` is the weight below which a scored pair forbids two clusters from
    being merged (stops chaining through weak links).

    >>> MatchConfig().match_threshold
    0.9
    >>> MatchConfig.from_dict({"blocking": ["id_numbers", "phone_number"]}).blocking[1].name
    'phone_number'
    """

    comparisons: tuple[Comparison, ...] = field(default_factory=_default_comparisons)
    blocking: tuple[BlockingRule, ...] = DEFAULT_BLOCKING
    match_threshold: float = 0.9
    possible_threshold: float = 0.5
    one_to_one: bool = False
    term_frequency: bool = True
    u_sample_pairs: int = 30_000
    em_iterations: int = 25
    seed: int = 0
    cluster_guard: float = -6.0
    sex_numeric: tuple[tuple[str, str], ...] = ()
    #: processes for the slow stages of large inputs (names and addresses of 20 k+
    #: distinct values); 1 keeps everything in this process. Linux only (fork).
    workers: int = field(default_factory=default_workers)
    #: (field, level) pairs that cap a decision at "possible" whatever the weight: by default
    #: two different CCCD numbers that each fit their own record (a namesake born the same
    #: day), and names that clearly differ (a twin or a household member who shares the
    #: birthday, phone and address: household evidence is not evidence of the person)
    cap_at_possible: tuple[tuple[str, str], ...] = (
        ("ids", "conflict"), ("full_name", "else"), ("full_name", "low"))
    #: ... except a clearly different name when the identifier agrees exactly and the date
    #: of birth agrees (a badly mistyped name of the right person, not a household member)
    name_else_unless_id_and_birth: bool = True
    #: also cap at "possible" a pair whose dates of birth clearly differ ("else") unless an
    #: identifier or the phone agrees exactly: a shared name alone does not make a person
    cap_name_only: bool = True

    def __post_init__(self) -> None:
        if not 0.0 <= self.possible_threshold <= self.match_threshold <= 1.0:
            raise ConfigError("thresholds: 0 <= possible_threshold <= match_threshold <= 1")
        if not self.comparisons:
            raise ConfigError("at least one comparison is needed")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MatchConfig:
        """Build from names (resolved through the registries) and numbers."""
        kw: dict[str, Any] = dict(data)
        if "comparisons" in kw:
            kw["comparisons"] = tuple(
                c if isinstance(c, Comparison) else COMPARISONS.get(c)() for c in kw["comparisons"]
            )
        if "blocking" in kw:
            kw["blocking"] = tuple(
                b if isinstance(b, BlockingRule) else BLOCKING_KEYS.get(b) for b in kw["blocking"]
            )
        if "sex_numeric" in kw and isinstance(kw["sex_numeric"], Mapping):
            kw["sex_numeric"] = tuple(kw["sex_numeric"].items())
        unknown = set(kw) - set(cls.__dataclass_fields__)
        if unknown:
            raise ConfigError(f"unknown setting(s) {sorted(unknown)}; known: "
                              f"{', '.join(sorted(cls.__dataclass_fields__))}")
        return cls(**kw)


Spec = tuple[int, frozenset[int]]


def _cap_level(spec: Spec, exact_id: Spec | None, birth_ok: Spec | None, p: Pattern) -> bool:
    """The pattern has the capped level, and is not excused by an exact id + agreeing birth
    date (a badly mistyped name of the right person)."""
    if p[spec[0]] not in spec[1]:
        return False
    if exact_id is None or birth_ok is None:
        return True
    return not (p[exact_id[0]] in exact_id[1] and p[birth_ok[0]] in birth_ok[1])


@dataclass(frozen=True, slots=True)
class PairResult:
    """One scored candidate pair.

    ``levels`` holds the label of each comparison's level, in the config's order.

    >>> r = link([{"id": "a", "full_name": "Lê Lan", "birth_date": "1990"}],
    ...          [{"id": "b", "full_name": "LE LAN", "birth_date": "1/1/1990"}])
    >>> r.pairs[0].levels[:2]
    ('folded', 'year_only')
    """

    left_id: str
    right_id: str
    match_weight: float
    match_probability: float
    decision: Decision
    levels: tuple[str, ...]


@dataclass(frozen=True)
class Explanation:
    """Why a pair got its weight: the prior, then each field's level and weight.

    ``str(explanation)`` is a text waterfall.

    >>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
    >>> print(str(r.explain("a", "b")).splitlines()[0])
    a ↔ b
    """

    left_id: str
    right_id: str
    prior: float
    terms: tuple[tuple[str, str, float], ...]
    match_weight: float
    match_probability: float
    decision: Decision

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


class _Scorer:
    """Patterns, weights and decisions: per pair (explanations, :class:`Matcher`) and for
    arrays of pairs at once (``link``/``dedupe``: distinct values compared once, weights
    summed with numpy). ``right=None`` means deduplication within ``left``."""

    def __init__(self, config: MatchConfig, model: FellegiSunter | None,
                 left: Sequence[PreparedRecord], right: Sequence[PreparedRecord] | None = None
                 ) -> None:
        self.config = config
        self.comparisons = config.comparisons
        self.fields = tuple(c.field for c in self.comparisons)
        self.model = model or FellegiSunter.default(self.comparisons)
        if tuple(c.labels for c in self.model.comparisons) != tuple(
                c.labels for c in self.comparisons):
            raise ConfigError("the model's comparisons do not match the configuration's")
        self.left = left
        self.right = left if right is None else right
        self.dedupe = right is None
        self.tf: dict[str, float] = {}
        self.tf_slots: list[tuple[int, frozenset[int]]] = []
        if config.term_frequency:
            counts: Counter[str] = Counter(
                r.name_key for group in ((left,) if right is None else (left, right))
                for r in group if r.name_key)
            total = sum(counts.values())
            self.tf = {k: v / total for k, v in counts.items()} if total else {}
            for k, c in enumerate(self.comparisons):
                if c.term_frequency:
                    self.tf_slots.append((k, frozenset(c.labels.index(x) for x in c.tf_levels)))
        radix = [1]
        for c in self.comparisons[:-1]:
            radix.append(radix[-1] * len(c.labels))
        self._radix = np.asarray(radix, dtype=np.int64)

    # -- arrays of pairs ------------------------------------------------------------
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
        return pattern_matrix(self.comparisons, self._codes, i, j, self.config.workers)

    def pattern_codes(self, patterns: np.ndarray) -> np.ndarray:
        """One int64 per pattern row (mixed radix over the comparisons' levels)."""
        return patterns.astype(np.int64) @ self._radix

    def pattern_counts(self, patterns: np.ndarray) -> dict[Pattern, int]:
        """Distinct patterns and how often each occurs (what EM runs on)."""
        codes = self.pattern_codes(patterns)
        _, first, counts = np.unique(codes, return_index=True, return_counts=True)
        return {tuple(patterns[f].tolist()): int(n) for f, n in zip(first, counts)}

    def weights(self, patterns: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Total match weight (prior, levels, name frequency) of each pair."""
        w = np.full(len(patterns), self.model.prior_weight)
        for k in range(len(self.comparisons)):
            w += np.asarray(self.model.level_weights(k))[patterns[:, k]]
        if self.tf_slots and len(patterns):
            lk, rk, freq = self._name_codes
            a = lk[i]
            same = (a != 0) & (a == rk[j])
            for k, lv in self.tf_slots:
                sel = same & np.isin(patterns[:, k], list(lv))
                if sel.any():
                    u = np.asarray(self.model.u[k])[patterns[sel, k]]
                    tf = freq[a[sel]]
                    ok = tf > 0
                    adj = np.zeros(len(u))
                    adj[ok] = np.clip(np.log2(u[ok] / tf[ok]), -6.0, 6.0)
                    w[sel] += adj
        return w

    def decisions(self, patterns: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Match probability and decision code (0 non-match, 1 possible, 2 match) per pair."""
        prob = 1.0 / (1.0 + np.exp2(-np.clip(w, -60.0, 60.0)))
        dec = np.where(prob >= self.config.match_threshold, 2,
                       np.where(prob >= self.config.possible_threshold, 1, 0)).astype(np.int8)
        top = np.flatnonzero(dec == 2)
        if len(top) and self._cap_rules:
            codes = self.pattern_codes(patterns[top])
            _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
            capped = np.asarray([self._capped(tuple(patterns[top[f]].tolist())) for f in first],
                                dtype=bool)
            dec[top[capped[inverse.reshape(-1)]]] = 1
        return prob, dec

    def pattern(self, a: PreparedRecord, b: PreparedRecord) -> Pattern:
        return tuple(c.level(a.field_value(f), b.field_value(f))
                     for c, f in zip(self.comparisons, self.fields))

    def tf_adjust(self, a: PreparedRecord, b: PreparedRecord, pattern: Pattern) -> float:
        adj = 0.0
        for k, levels in self.tf_slots:
            lvl = pattern[k]
            if lvl in levels and a.name_key and a.name_key == b.name_key:
                tf = self.tf.get(a.name_key)
                if tf:
                    u = self.model.u[k][lvl]
                    adj += max(-6.0, min(6.0, math.log2(u / tf)))
        return adj

    def score(self, a: PreparedRecord, b: PreparedRecord) -> tuple[Pattern, float]:
        p = self.pattern(a, b)
        w = self.model.prior_weight + self.model.weight(p)
        if self.tf_slots:
            w += self.tf_adjust(a, b, p)
        return p, w

    def decide(self, weight: float, pattern: Pattern | None = None) -> tuple[float, Decision]:
        prob = probability(weight)
        if prob >= self.config.match_threshold:
            if pattern is not None and self._capped(pattern):
                return prob, "possible"
            return prob, "match"
        if prob >= self.config.possible_threshold:
            return prob, "possible"
        return prob, "non_match"

    @functools.cached_property
    def _cap_rules(self) -> tuple[Callable[[Pattern], bool], ...]:
        """Predicates on a pattern that cap the decision at "possible" (from the config)."""
        idx = {c.field: k for k, c in enumerate(self.comparisons)}

        def level(fld: str, *labels: str) -> tuple[int, frozenset[int]] | None:
            if fld not in idx:
                return None
            c = self.comparisons[idx[fld]]
            return idx[fld], frozenset(c.labels.index(x) for x in labels if x in c.labels)

        def agrees(spec: tuple[int, frozenset[int]] | None, p: Pattern) -> bool:
            return spec is not None and p[spec[0]] in spec[1]

        rules: list[Callable[[Pattern], bool]] = []
        exact_id = level("ids", "exact")
        birth_ok = level("birth_date", "exact", "swapped", "typo", "near")
        names = {"full_name"} if self.config.name_else_unless_id_and_birth else set()
        for fld, label in self.config.cap_at_possible:
            spec = level(fld, label)
            if spec is None:
                continue
            rules.append(functools.partial(_cap_level, spec, exact_id, birth_ok)
                         if fld in names else functools.partial(_cap_level, spec, None, None))
        if self.config.cap_name_only:
            birth_else = level("birth_date", "else")
            strong = [x for x in (exact_id, level("phone", "exact")) if x is not None]
            rules.append(lambda p: agrees(birth_else, p) and not any(agrees(x, p)
                                                                     for x in strong))
        return tuple(rules)

    def _capped(self, pattern: Pattern) -> bool:
        return any(rule(pattern) for rule in self._cap_rules)

    def explain(self, a: PreparedRecord, b: PreparedRecord) -> Explanation:
        p, w = self.score(a, b)
        terms = []
        tf = self.tf_adjust(a, b, p) if self.tf_slots else 0.0
        for k, c in enumerate(self.comparisons):
            terms.append((c.field, c.label(p[k]), self.model.level_weights(k)[p[k]]))
        if tf:
            terms.append(("full_name (frequency)", "tf", tf))
        prob, decision = self.decide(w, p)
        return Explanation(a.id, b.id, self.model.prior_weight, tuple(terms), w, prob, decision)

    def train(self, union: np.ndarray, i: np.ndarray, j: np.ndarray,
              per_rule: Mapping[str, np.ndarray]) -> np.ndarray:
        """Estimate u from random pairs, then m by EM, one session per blocking rule; returns
        the pattern matrix of the candidate pairs (sorted codes ``union``, indexes ``i, j``).

        Pairs found by a rule agree on the fields the rule is built from, so those fields
        say nothing about matching among them: each session trains only the other
        comparisons (as splink does), and the estimates are averaged, weighted by pairs.
        """
        rng = np.random.default_rng(self.config.seed)
        n_left, n_right = len(self.left), len(self.right)
        n = min(self.config.u_sample_pairs, n_left * n_right)
        ri = rng.integers(0, n_left, n)
        rj = rng.integers(0, n_right, n)
        if self.dedupe:
            ri, rj = ri[ri != rj], rj[ri != rj]
        self.model.estimate_u(map(tuple, self.patterns(ri, rj).tolist()))
        patterns = self.patterns(i, j)
        rules = {r.name: r for r in self.config.blocking}
        sums = [[0.0] * len(c.labels) for c in self.comparisons]
        weights = [0.0] * len(self.comparisons)
        for name, codes in per_rule.items():
            if not len(codes) or not rules[name].train:
                continue
            masked = [k for k, f in enumerate(self.fields) if f in rules[name].fields]
            sub = patterns[np.searchsorted(union, codes)]
            sub[:, masked] = 0
            session = FellegiSunter(self.model.comparisons, self.model.m, self.model.u, 0.5)
            session.estimate_m(self.pattern_counts(sub), iterations=self.config.em_iterations)
            for k in range(len(self.comparisons)):
                if k in masked:
                    continue
                for lvl, v in enumerate(session.m[k]):
                    sums[k][lvl] += v * len(codes)
                weights[k] += len(codes)
        self.model.m = tuple(
            tuple(v / weights[k] for v in sums[k]) if weights[k] else self.model.m[k]
            for k in range(len(self.comparisons))
        )
        # the prior: EM over all candidate pairs with m and u fixed
        self.model.estimate_m(self.pattern_counts(patterns),
                              iterations=self.config.em_iterations, fix_m=True)
        self.model.trained["sessions"] = sorted(per_rule)
        return patterns


@dataclass
class LinkResult:
    """The outcome of :func:`link`: kept pairs, and the fate of every left record.

    >>> r = link([{"id": "a", "full_name": "Lê Lan"}, {"id": "z", "full_name": "Hồ Quý"}],
    ...          [{"id": "b", "full_name": "Lê Lan"}])
    >>> [(lid, status) for lid, status, _ in r.status()]
    [('a', 'match'), ('z', 'unmatched')]
    """

    pairs: list[PairResult]
    left: list[PreparedRecord]
    right: list[PreparedRecord]
    model: FellegiSunter
    config: MatchConfig
    timings: dict[str, float] = field(default_factory=dict)
    candidate_pairs: int = 0
    _scorer: Any = None

    @property
    def fields(self) -> tuple[str, ...]:
        """The comparison fields, in the order of ``PairResult.levels``."""
        return tuple(c.field for c in self.config.comparisons)

    def best(self) -> list[PairResult | None]:
        """For each left record (input order), its best kept pair or None."""
        best: dict[str, PairResult] = {}
        for p in self.pairs:
            cur = best.get(p.left_id)
            if cur is None or p.match_weight > cur.match_weight:
                best[p.left_id] = p
        return [best.get(r.id) for r in self.left]

    def status(self) -> Iterator[tuple[str, str, tuple[str, ...]]]:
        """(left id, ``match``/``possible``/``unmatched``, problems) for every left record."""
        for r, p in zip(self.left, self.best()):
            yield r.id, p.decision if p else "unmatched", r.problems

    def explain(self, left_id: str, right_id: str) -> Explanation:
        """The field-by-field explanation of one pair (scored even if it was not a candidate).

        >>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
        >>> r.explain("a", "b").terms[0][:2]
        ('full_name', 'exact')
        """
        lmap = {r.id: r for r in self.left}
        rmap = {r.id: r for r in self.right}
        try:
            a, b = lmap[left_id], rmap[right_id]
        except KeyError as exc:
            raise ConfigError(f"unknown record id {exc.args[0]!r}") from None
        return self._scorer.explain(a, b)  # type: ignore[no-any-return]

    def rows(self, *, best: bool = False) -> Iterator[dict[str, Any]]:
        """Output rows: ``left_id, right_id, match_weight, match_probability, decision`` and
        one ``<field>_level`` column per comparison. With ``best``, one row per left record
        (``decision`` ``no_match`` and an empty ``right_id`` when nothing was kept)."""
        items: Iterable[tuple[str, PairResult | None]]
        if best:
            items = ((r.id, p) for r, p in zip(self.left, self.best()))
        else:
            items = ((p.left_id, p) for p in self.pairs)
        for lid, p in items:
            row: dict[str, Any] = {"left_id": lid}
            if p is None:
                row.update(right_id="", match_weight="", match_probability="",
                           decision="no_match")
                row.update({f"{f}_level": "" for f in self.fields})
            else:
                row.update(right_id=p.right_id, match_weight=round(p.match_weight, 3),
                           match_probability=round(p.match_probability, 6),
                           decision=p.decision)
                row.update({f"{f}_level": lvl for f, lvl in zip(self.fields, p.levels)})
            yield row

    def to_csv(self, path: str, *, best: bool = False) -> int:
        """Write :meth:`rows` to a UTF-8 CSV file; returns the number of rows."""
        n = 0
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer: csv.DictWriter[str] | None = None
            for row in self.rows(best=best):
                if writer is None:
                    writer = csv.DictWriter(f, fieldnames=list(row))
                    writer.writeheader()
                writer.writerow(row)
                n += 1
            if writer is None:
                f.write("left_id,right_id,match_weight,match_probability,decision\n")
        return n

    def to_pandas(self, *, best: bool = False) -> Any:
        """The rows as a pandas DataFrame (needs the ``pandas`` extra)."""
        import pandas as pd  # type: ignore[import-untyped,unused-ignore]

        return pd.DataFrame(list(self.rows(best=best)))


@dataclass
class DedupeResult:
    """The outcome of :func:`dedupe`: kept pairs and a cluster id for every record.

    >>> [row["cluster_size"] for row in dedupe([{"id": "1", "full_name": "Lê Lan"}]).rows()]
    [1]
    """

    pairs: list[PairResult]
    records: list[PreparedRecord]
    clusters: dict[str, str]
    model: FellegiSunter
    config: MatchConfig
    timings: dict[str, float] = field(default_factory=dict)

    def rows(self) -> Iterator[dict[str, Any]]:
        """``id, cluster_id, cluster_size`` for every record, in input order."""
        sizes = Counter(self.clusters.values())
        for r in self.records:
            c = self.clusters[r.id]
            yield {"id": r.id, "cluster_id": c, "cluster_size": sizes[c]}


def _prepare(records: Iterable[Mapping[str, Any]], config: MatchConfig) -> list[PreparedRecord]:
    return _prepare_sides(config, records)[0]


def _prepare_sides(config: MatchConfig, *sides: Iterable[Mapping[str, Any]]
                   ) -> list[list[PreparedRecord]]:
    """Prepare every side in one batch (a value both registers hold is worked out once),
    then check that ids are unique within each side."""
    numeric = dict(config.sex_numeric) or None
    lists = [list(side) for side in sides]
    every = prepare_records([r for side in lists for r in side], sex_numeric=numeric,
                            workers=config.workers)
    out = []
    start = 0
    for side in lists:
        part = every[start:start + len(side)]
        start += len(side)
        seen: set[str] = set()
        for r in part:
            if r.id in seen:
                raise ConfigError(f"duplicate record id {r.id!r}: ids must be unique per input")
            seen.add(r.id)
        out.append(part)
    return out


class _Scored:
    """Scored candidate pairs as arrays: left and right indexes, patterns, weights,
    probabilities and decision codes (0 non-match, 1 possible, 2 match)."""

    def __init__(self, scorer: _Scorer, i: np.ndarray, j: np.ndarray,
                 patterns: np.ndarray | None = None) -> None:
        self.i, self.j = i, j
        self.patterns = scorer.patterns(i, j) if patterns is None else patterns
        self.weight = scorer.weights(self.patterns, i, j)
        self.prob, self.decision = scorer.decisions(self.patterns, self.weight)

    def take(self, sel: np.ndarray) -> _Scored:
        """The subset at ``sel`` (indexes or a boolean mask)."""
        out = object.__new__(_Scored)
        for name in ("i", "j", "patterns", "weight", "prob", "decision"):
            setattr(out, name, getattr(self, name)[sel])
        return out

    def results(self, scorer: _Scorer) -> list[PairResult]:
        """A :class:`PairResult` for each pair above the possible threshold."""
        names = ("non_match", "possible", "match")
        labels: dict[int, tuple[str, ...]] = {}
        codes = scorer.pattern_codes(self.patterns).tolist()
        left, right, comps = scorer.left, scorer.right, scorer.comparisons
        out = []
        for t in np.flatnonzero(self.decision > 0).tolist():
            code = codes[t]
            lab = labels.get(code)
            if lab is None:
                lab = labels[code] = tuple(c.label(lvl) for c, lvl in
                                           zip(comps, self.patterns[t].tolist()))
            out.append(PairResult(left[self.i[t]].id, right[self.j[t]].id,
                                  float(self.weight[t]), float(self.prob[t]),
                                  names[self.decision[t]],  # type: ignore[arg-type]
                                  lab))
        return out


def _pairs(left: Sequence[PreparedRecord], right: Sequence[PreparedRecord] | None,
           config: MatchConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    union, per_rule = pair_arrays(left, right, config.blocking)
    i, j = pair_indexes(union, len(left) if right is None else len(right))
    return union, i, j, per_rule


@paused_gc()
def link(left: Any, right: Any, config: MatchConfig | None = None, *,
         model: FellegiSunter | None = None, train: bool | None = None) -> LinkResult:
    """Link ``left`` (e.g. a vaccination register) to ``right`` (e.g. the population register).

    Accepts iterables of mappings (canonical field names, or headers that
    :func:`~vnidmatch.records.map_columns` recognises) or pandas DataFrames. With no
    ``model`` the model is trained on the data (``train=False`` keeps the given or default
    parameters). Returns every kept pair (``match`` or ``possible``), ordered by left then
    right record; :meth:`LinkResult.best` and :meth:`LinkResult.status` account for every
    left record.

    >>> link([], [{"id": "p", "full_name": "Lê Lan"}]).pairs
    []
    """
    config = config or MatchConfig()
    t0 = time.perf_counter()
    lp, rp = _prepare_sides(config, as_records(left), as_records(right))
    t1 = time.perf_counter()
    union, i, j, per_rule = _pairs(lp, rp, config)
    t2 = time.perf_counter()
    scorer = _Scorer(config, model, lp, rp)
    patterns = None
    if _should_train(train, model, len(union)):
        patterns = scorer.train(union, i, j, per_rule)
    del per_rule  # the per-rule copies of the pairs are only needed to train
    t3 = time.perf_counter()
    scored = _Scored(scorer, i, j, patterns)
    scored = scored.take(scored.decision > 0)
    if config.one_to_one:
        scored = scored.take(_one_to_one(scored))
    results = scored.results(scorer)
    t4 = time.perf_counter()
    return LinkResult(results, lp, rp, scorer.model, config,
                      {"prepare": t1 - t0, "block": t2 - t1, "train": t3 - t2, "score": t4 - t3},
                      len(union), scorer)


#: below this many candidate pairs the data cannot train a model: the shipped one is used
MIN_TRAINING_PAIRS = 2000


def _should_train(train: bool | None, model: FellegiSunter | None, n_pairs: int,
                  dedupe: bool = False) -> bool:
    """Train by default only when linking two registers with enough candidate pairs.

    Within one register true duplicates are rare, and EM would then learn "the most similar
    different people" as matches; deduplication and :class:`Matcher` therefore use the
    shipped model unless asked to train.
    """
    if train is not None:
        return train
    return model is None and not dedupe and n_pairs >= MIN_TRAINING_PAIRS


def _one_to_one(scored: _Scored) -> np.ndarray:
    """Indexes of the pairs kept when each record may be used once, strongest first."""
    used_l: set[int] = set()
    used_r: set[int] = set()
    out = []
    order = np.argsort(-scored.weight, kind="stable")
    for t, a, b in zip(order.tolist(), scored.i[order].tolist(), scored.j[order].tolist()):
        if a in used_l or b in used_r:
            continue
        used_l.add(a)
        used_r.add(b)
        out.append(t)
    return np.asarray(sorted(out), dtype=np.int64)


@paused_gc()
def dedupe(records: Any, config: MatchConfig | None = None, *,
           model: FellegiSunter | None = None, train: bool | None = None) -> DedupeResult:
    """Find duplicates within one register and give every record a cluster id.

    Clusters are connected components of ``match`` pairs, merged strongest link first; two
    clusters are never merged when a scored pair between them weighs below
    ``config.cluster_guard`` (for example two different valid CCCD numbers), which stops
    chains of weak links from joining different people.

    >>> recs = [{"id": "1", "full_name": "Lê Văn Tám", "birth_date": "1/1/1980",
    ...          "id_number": "001080000001"},
    ...         {"id": "2", "full_name": "LE VAN TAM", "birth_date": "01/01/1980",
    ...          "id_number": "1080000001"},
    ...         {"id": "3", "full_name": "Trần Thị Bé", "birth_date": "2/2/1990"}]
    >>> dedupe(recs).clusters
    {'1': '1', '2': '1', '3': '3'}
    """
    config = config or MatchConfig()
    t0 = time.perf_counter()
    rp = _prepare(as_records(records), config)
    return dedupe_prepared(rp, config, model=model, train=train,
                           prepare_time=time.perf_counter() - t0)


@paused_gc()
def dedupe_prepared(rp: list[PreparedRecord], config: MatchConfig | None = None, *,
                    model: FellegiSunter | None = None, train: bool | None = None,
                    prepare_time: float = 0.0) -> DedupeResult:
    """:func:`dedupe` of records already prepared (ids must be unique), e.g. by
    :func:`~vnidmatch.records.prepare_records` for other uses too.

    >>> from vnidmatch.records import prepare_records
    >>> rs = prepare_records([{"id": "a", "full_name": "Lê Lan", "phone": "0912345678"},
    ...                       {"id": "b", "full_name": "LE LAN", "phone": "84912345678"}])
    >>> dedupe_prepared(rs).clusters
    {'a': 'a', 'b': 'a'}
    """
    config = config or MatchConfig()
    t1 = time.perf_counter()
    union, i, j, per_rule = _pairs(rp, None, config)
    t2 = time.perf_counter()
    scorer = _Scorer(config, model, rp)
    patterns = None
    if _should_train(train, model, len(union), dedupe=True):
        patterns = scorer.train(union, i, j, per_rule)
    elif model is None and len(union):
        # the shipped model's prior is that of linking two registers (most candidates are
        # matches); within one register few are: re-estimate the prior alone, m and u fixed
        patterns = scorer.patterns(i, j)
        scorer.model.estimate_m(scorer.pattern_counts(patterns),
                                iterations=config.em_iterations, fix_m=True)
    del per_rule
    t3 = time.perf_counter()
    scored = _Scored(scorer, i, j, patterns)
    clusters = _cluster(rp, scored, config.cluster_guard)
    results = scored.take(scored.decision > 0).results(scorer)
    t4 = time.perf_counter()
    return DedupeResult(results, rp, clusters, scorer.model, config,
                        {"prepare": prepare_time, "block": t2 - t1, "train": t3 - t2,
                         "score": t4 - t3})


def _cluster(records: Sequence[PreparedRecord], scored: _Scored, guard: float
             ) -> dict[str, str]:
    parent = list(range(len(records)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    cannot: dict[int, set[int]] = defaultdict(set)
    low = scored.weight < guard
    for i, j in zip(scored.i[low].tolist(), scored.j[low].tolist()):
        cannot[i].add(j)
        cannot[j].add(i)
    members: dict[int, set[int]] = {}
    forbid: dict[int, set[int]] = {}
    strong = scored.take(scored.decision == 2)
    order = np.argsort(-strong.weight, kind="stable")
    for i, j in zip(strong.i[order].tolist(), strong.j[order].tolist()):
        a, b = find(i), find(j)
        if a == b:
            continue
        ma, mb = members.get(a, {a}), members.get(b, {b})
        fa, fb = forbid.get(a, cannot.get(a, set())), forbid.get(b, cannot.get(b, set()))
        if fa & mb:
            continue
        if len(ma) < len(mb):
            a, b, ma, mb, fa, fb = b, a, mb, ma, fb, fa
        parent[b] = a
        members[a] = ma | mb
        forbid[a] = fa | fb
        members.pop(b, None)
        forbid.pop(b, None)
    out = {}
    for i, r in enumerate(records):
        root = find(i)
        out[r.id] = records[min(members.get(root, {root}))].id
    return out


@dataclass(frozen=True)
class Candidate:
    """One ranked candidate of :meth:`Matcher.match_one`."""

    id: str
    match_weight: float
    match_probability: float
    decision: Decision
    levels: tuple[str, ...]


class Matcher:
    """Match one record at a time against a reference set held in memory (the service case).

    Build it once (blocking indexes are made at start-up; the model is given, the shipped
    one, or trained on the reference set with ``train=True``), then call :meth:`match_one`
    per incoming record.

    >>> m = Matcher([{"id": "p1", "full_name": "Nguyễn Văn An", "birth_date": "1990-03-05",
    ...               "id_number": "001090012345"}])
    >>> [(c.id, c.decision) for c in m.match_one({"full_name": "NGUYEN VAN AN",
    ...                                            "id_number": "01090012345"})]
    [('p1', 'match')]
    """

    def __init__(self, reference: Any, config: MatchConfig | None = None, *,
                 model: FellegiSunter | None = None, train: bool = False) -> None:
        self.config = config or MatchConfig()
        self.reference = _prepare(as_records(reference), self.config)
        self._scorer = _Scorer(self.config, model, self.reference)
        self._index: list[dict[Any, list[int]]] = []
        for rule in self.config.blocking:
            idx: dict[Any, list[int]] = defaultdict(list)
            for i, r in enumerate(self.reference):
                for k in rule.keys(r):
                    idx[k].append(i)
            self._index.append(dict(idx))
        if train:
            self._scorer.train(*_pairs(self.reference, None, self.config))

    @property
    def model(self) -> FellegiSunter:
        """The Fellegi–Sunter model in use."""
        return self._scorer.model

    def match_one(self, record: Mapping[str, Any], *, top: int = 5,
                  include_non_matches: bool = False) -> list[Candidate]:
        """Ranked candidates for one record (best first), with decisions."""
        rec = dict(record)
        rec.setdefault("id", "query")
        q = prepare_record(rec, sex_numeric=dict(self.config.sex_numeric) or None)
        cands: set[int] = set()
        for rule, idx in zip(self.config.blocking, self._index):
            for k in rule.keys(q):
                hits = idx.get(k)
                if hits and len(hits) <= rule.max_block:
                    cands.update(hits)
        out = []
        for i in cands:
            p, w = self._scorer.score(q, self.reference[i])
            prob, decision = self._scorer.decide(w, p)
            if decision == "non_match" and not include_non_matches:
                continue
            out.append(Candidate(self.reference[i].id, w, prob, decision,
                                 tuple(c.label(lvl) for c, lvl in
                                       zip(self.config.comparisons, p))))
        out.sort(key=lambda c: -c.match_weight)
        return out[:top]
