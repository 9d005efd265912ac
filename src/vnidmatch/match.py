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
[('v1', 'p1', 'match')]
>>> [p.right_id for p in result.best()]
['p1']
"""

from __future__ import annotations

import time
import warnings
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from vnidmatch._parallel import paused_gc
from vnidmatch.block import pair_arrays, pair_indexes
from vnidmatch.cluster import cluster, one_to_one
from vnidmatch.config import MatchConfig
from vnidmatch.exceptions import ConfigError
from vnidmatch.generic import GENERIC_TRAINING_PAIRS, config_for
from vnidmatch.records import (
    PreparedRecord,
    as_record,
    as_records,
    prepare_record,
    prepare_records,
)
from vnidmatch.report.review import labelled_model
from vnidmatch.results import (
    Candidate,
    DedupeResult,
    Explanation,
    LinkResult,
    PairResult,
    pair_results,
)
from vnidmatch.score import DECISIONS, FellegiSunter, Scorer, train
from vnidmatch.score.competition import compete

__all__ = [
    "Candidate",
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


def _scorer(config: MatchConfig, model: FellegiSunter | None, left: Sequence[PreparedRecord],
            right: Sequence[PreparedRecord] | None = None) -> Scorer:
    """The scorer of ``config`` (the shipped or starting model unless one is given)."""
    return Scorer(config.comparisons, model or FellegiSunter.default(config.comparisons),
                  left, right, match_threshold=config.match_threshold,
                  possible_threshold=config.possible_threshold, caps=config.caps,
                  term_frequency=config.term_frequency, workers=config.workers)


def _train(scorer: Scorer, config: MatchConfig, union: np.ndarray, i: np.ndarray,
           j: np.ndarray, per_rule: Mapping[str, np.ndarray]) -> np.ndarray:
    """Train the scorer's model on the candidate pairs; their pattern matrix."""
    _, patterns = train(scorer, union, i, j, per_rule, {r.name: r for r in config.blocking},
                        u_sample_pairs=config.u_sample_pairs,
                        em_iterations=config.em_iterations, seed=config.seed)
    return patterns


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


def _pairs(left: Sequence[PreparedRecord], right: Sequence[PreparedRecord] | None,
           config: MatchConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    union, per_rule = pair_arrays(left, right, config.blocking)
    i, j = pair_indexes(union, len(left) if right is None else len(right))
    return union, i, j, per_rule


@paused_gc()
def link(left: Any, right: Any, config: MatchConfig | None = None, *,
         model: FellegiSunter | None = None, train: bool | None = None,
         labels: Any = None, id_column: str | None = None) -> LinkResult:
    """Link ``left`` (e.g. a vaccination register) to ``right`` (e.g. the population register).

    Accepts iterables of mappings (canonical field names, or headers that
    :func:`~vnidmatch.records.map_columns` recognises) or pandas DataFrames. With no
    ``model`` the model is trained on the data (``train=False`` keeps the given or default
    parameters). Data that is not Vietnamese (most family names unknown to Vietnamese name
    lists) is compared generically unless ``config`` chooses its own comparisons, blocking
    or caps: :mod:`vnidmatch.generic`. A DataFrame's index is the record id unless
    ``id_column`` names a column. ``labels`` (pairs a person judged: ``(left_id, right_id,
    is_match)`` tuples, rows with ``left_id``/``right_id``/``label``, or the path of a
    filled-in :meth:`LinkResult.review_table` CSV) estimate ``m`` from the labelled
    matches, after any training; the prior is then re-estimated on the candidate pairs.
    Returns every kept pair (``match`` or ``possible``), ordered by left then
    right record; :meth:`LinkResult.best` and :meth:`LinkResult.status` account for every
    left record.

    >>> link([], [{"id": "p", "full_name": "Lê Lan"}]).pairs
    []
    """
    config = config or MatchConfig()
    t0 = time.perf_counter()
    lp, rp = _prepare_sides(config, as_records(left, id_column), as_records(right, id_column))
    chosen = config_for(config, lp, rp)  # data that is not Vietnamese: vnidmatch.generic
    # the generic comparisons have no shipped model: even a few hundred pairs train better
    minimum = MIN_TRAINING_PAIRS if chosen is config else GENERIC_TRAINING_PAIRS
    config = chosen
    t1 = time.perf_counter()
    union, i, j, per_rule = _pairs(lp, rp, config)
    t2 = time.perf_counter()
    scorer = _scorer(config, model, lp, rp)
    patterns = None
    if _should_train(train, model, len(union), minimum=minimum):
        patterns = _train(scorer, config, union, i, j, per_rule)
    del per_rule  # the per-rule copies of the pairs are only needed to train
    if labels is not None:
        patterns = scorer.patterns(i, j) if patterns is None else patterns
        scorer.use(labelled_model(scorer, labels, patterns))
    t3 = time.perf_counter()
    if config.register_prior and len(union):
        patterns = _register_prior(scorer, config, i, j, patterns, len(lp) * len(rp))
    scored = scorer.score(i, j, patterns)
    reasons = None
    if config.right_unique:
        scored, reasons = compete(scored, config.match_threshold, config.possible_threshold)
        reasons = reasons[scored.decision > 0]
    kept = scored.decision > 0
    scored = scored.take(kept)
    if config.one_to_one:
        keep = one_to_one(scored)
        scored = scored.take(keep)
        reasons = None if reasons is None else reasons[keep]
    results = pair_results(scored, scorer, reasons)
    t4 = time.perf_counter()
    return LinkResult(results, lp, rp, scorer.model, config,
                      {"prepare": t1 - t0, "block": t2 - t1, "train": t3 - t2, "score": t4 - t3},
                      len(union), scorer)


def _register_prior(scorer: Scorer, config: MatchConfig, i: np.ndarray, j: np.ndarray,
                    patterns: np.ndarray | None, all_pairs: int) -> np.ndarray:
    """Score with the prior of a pair of the two registers, not of a candidate pair.

    ``u`` is estimated on random pairs of the two registers, so the prior must be the share
    of true links among *all* pairs: EM's share among the candidate pairs (re-estimated with
    ``m`` and ``u`` fixed when the model was not trained on these data) times candidates /
    (left × right records). Blocking then counts once, and the evidence that a namesake
    with the same birth date is the same person weakens as the register grows, as it does
    in reality (docs/matching.md, "The prior and the size of the register").
    """
    if patterns is None:
        patterns = scorer.patterns(i, j)
        scorer.use(scorer.model.estimated_m(scorer.pattern_counts(patterns),
                                            iterations=config.em_iterations, fix_m=True))
    share = scorer.model.prior * len(i) / max(all_pairs, 1)
    scorer.use(scorer.model.with_prior(min(max(share, 1e-15), 0.5)))
    return patterns


#: below this many candidate pairs the data cannot train a model: the shipped one is used
MIN_TRAINING_PAIRS = 2000


def _should_train(train: bool | None, model: FellegiSunter | None, n_pairs: int,
                  dedupe: bool = False, minimum: int = MIN_TRAINING_PAIRS) -> bool:
    """Train by default only when linking two registers with enough candidate pairs.

    Within one register true duplicates are rare, and EM would then learn "the most similar
    different people" as matches; deduplication and :class:`Matcher` therefore use the
    shipped model unless asked to train.
    """
    if train is not None:
        return train
    return model is None and not dedupe and n_pairs >= minimum


@paused_gc()
def dedupe(records: Any, config: MatchConfig | None = None, *,
           model: FellegiSunter | None = None, train: bool | None = None,
           id_column: str | None = None) -> DedupeResult:
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
    rp = _prepare(as_records(records, id_column), config)
    config = config_for(config, rp, linking=False)
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
    scorer = _scorer(config, model, rp)
    patterns = None
    if _should_train(train, model, len(union), dedupe=True):
        patterns = _train(scorer, config, union, i, j, per_rule)
    elif model is None and len(union):
        # the shipped model's prior is that of linking two registers (most candidates are
        # matches); within one register few are: re-estimate the prior alone, m and u fixed
        patterns = scorer.patterns(i, j)
        scorer.use(scorer.model.estimated_m(scorer.pattern_counts(patterns),
                                            iterations=config.em_iterations, fix_m=True))
    del per_rule
    t3 = time.perf_counter()
    scored = scorer.score(i, j, patterns)
    clusters = cluster([r.id for r in rp], scored, config.cluster_guard)
    results = pair_results(scored.take(scored.decision > 0), scorer)
    t4 = time.perf_counter()
    return DedupeResult(results, rp, clusters, scorer.model, config,
                        {"prepare": prepare_time, "block": t2 - t1, "train": t3 - t2,
                         "score": t4 - t3})


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
        self._scorer = _scorer(self.config, model, self.reference)
        self._index: list[dict[Any, list[int]]] = []
        for rule in self.config.blocking:
            idx: dict[Any, list[int]] = defaultdict(list)
            for i, r in enumerate(self.reference):
                for k in rule.keys(r):
                    idx[k].append(i)
            self._index.append(dict(idx))
        if train:
            _train(self._scorer, self.config, *_pairs(self.reference, None, self.config))

    @property
    def model(self) -> FellegiSunter:
        """The Fellegi–Sunter model in use."""
        return self._scorer.model

    def match_one(self, record: Mapping[str, Any], *, top: int = 5,
                  include_non_matches: bool = False) -> list[Candidate]:
        """Ranked candidates for one record (best first), with decisions. The record's keys
        are mapped as :func:`link` maps a register's columns (``{"Họ và tên": ...}`` works).

        >>> m = Matcher([{"id": "p1", "full_name": "Lê Thị Lan", "birth_date": "1990-02-01"}])
        >>> [c.id for c in m.match_one({"Họ và tên": "LE THI LAN", "Ngày sinh": "1/2/1990"})]
        ['p1']
        """
        rec = dict(as_record(record, "query"))
        q = prepare_record(rec, sex_numeric=dict(self.config.sex_numeric) or None)
        cands: set[int] = set()
        for rule, idx in zip(self.config.blocking, self._index):
            for k in rule.keys(q):
                hits = idx.get(k)
                if hits and len(hits) <= rule.max_block:
                    cands.update(hits)
        found = [self.reference[i] for i in cands]
        scored = self._scorer.score_against(q, found)
        if self.config.right_unique and len(found) > 1:
            scored = compete(scored, self.config.match_threshold,
                             self.config.possible_threshold)[0]
        out = [Candidate(found[t].id, float(scored.weight[t]), float(scored.prob[t]),
                         DECISIONS[scored.decision[t]],
                         self._scorer.labels(scored.patterns[t].tolist()))
               for t in range(len(found)) if include_non_matches or scored.decision[t] > 0]
        out.sort(key=lambda c: -c.match_weight)
        return out[:top]


def __getattr__(name: str) -> Any:
    if name == "records_from":
        warnings.warn("vnidmatch.match.records_from moved to vnidmatch.records.records_from; "
                      "the old name is removed in 0.3", DeprecationWarning, stacklevel=2)
        from vnidmatch.records import records_from

        return records_from
    raise AttributeError(f"module 'vnidmatch.match' has no attribute '{name}'")
