"""Layer 6: what linkage returns. Kept pairs, the fate of every record, explanations,
ranked candidates; rows, CSV and DataFrames.

>>> from vnidmatch.match import link
>>> r = link([{"id": "a", "full_name": "Lê Lan"}, {"id": "z", "full_name": "Hồ Quý"}],
...          [{"id": "b", "full_name": "Lê Lan"}])
>>> [(lid, status) for lid, status, _ in r.status()]
[('a', 'match'), ('z', 'unmatched')]
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from vnidmatch.config import MatchConfig
from vnidmatch.exceptions import ConfigError
from vnidmatch.records import PreparedRecord
from vnidmatch.report.frames import masked_repr
from vnidmatch.score import DECISIONS, Decision, Explanation, FellegiSunter, Scored, Scorer
from vnidmatch.score.competition import REASONS

__all__ = ["Candidate", "DedupeResult", "Explanation", "LinkResult", "PairResult",
           "pair_results"]


@dataclass(frozen=True, slots=True)
class PairResult:
    """One scored candidate pair.

    ``levels`` holds the label of each comparison's level, in the config's order.

    >>> from vnidmatch.match import link
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
    #: why the decision is lower than the pair alone gives ("" when it is not): ``tie`` or
    #: ``weaker`` (:data:`~vnidmatch.score.competition.REASON_TEXT`)
    reason: str = ""

    def __repr__(self) -> str:  # ids masked: a record id may be a CCCD or a phone number
        return masked_repr(self)


@dataclass
class LinkResult:
    """The outcome of :func:`link`: kept pairs, and the fate of every left record.

    >>> from vnidmatch.match import link
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

        >>> from vnidmatch.match import link
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
        """Output rows: ``left_id, right_id, match_weight, match_probability, decision,
        reason`` and
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
                           decision="no_match", reason="")
                row.update({f"{f}_level": "" for f in self.fields})
            else:
                row.update(right_id=p.right_id, match_weight=round(p.match_weight, 3),
                           match_probability=round(p.match_probability, 6),
                           decision=p.decision, reason=p.reason)
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
        """The pairs (or with ``best`` one row per left record) as a typed DataFrame:
        string ids, float weights and probabilities (NaN where no pair), categorical
        ``decision`` and ``<field>_level`` columns (needs the ``pandas`` extra).

        >>> from vnidmatch.match import link
        >>> r = link([{"id": "a", "full_name": "Lê Lan"}, {"id": "z", "full_name": "Hồ Quý"}],
        ...          [{"id": "b", "full_name": "Lê Lan"}])
        >>> df = r.to_pandas(best=True)
        >>> df["decision"].tolist(), str(df["full_name_level"].dtype), df["match_weight"].isna().tolist()
        (['match', 'no_match'], 'category', [False, True])
        """
        from vnidmatch.report.summary import link_frame

        return link_frame(self, best=best)

    def to_arrow(self, *, best: bool = False) -> Any:
        """:meth:`to_pandas` as a pyarrow Table (needs the ``parquet`` extra).

        >>> from vnidmatch.match import link
        >>> link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}]).to_arrow().num_rows
        1
        """
        from vnidmatch.report.frames import to_arrow

        return to_arrow(self.to_pandas(best=best))

    def to_parquet(self, path: str, *, best: bool = False) -> int:
        """Write :meth:`to_pandas` as Parquet; returns the number of rows."""
        from vnidmatch.report.frames import write_parquet

        return write_parquet(self.to_pandas(best=best), path)

    def review_table(self, path: str | None = None, *, decisions: tuple[str, ...] = ("possible",),
                     limit: int | None = None) -> list[dict[str, Any]]:
        """The pairs to review by hand (``possible`` ones, most uncertain first), both
        records' input columns side by side and an empty ``label`` column; written as CSV to
        ``path`` when given. Fill in ``label`` (1/0, yes/no, đúng/sai) and pass the file back
        as ``link(..., labels=path)`` (or read it with
        :func:`~vnidmatch.report.read_review`). The file holds raw personal data.

        >>> from vnidmatch.match import link
        >>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
        >>> r.review_table(decisions=("match",))[0]["label"]
        ''
        """
        from vnidmatch.report.review import review_rows, write_review

        if path is not None:
            write_review(self, path, decisions=decisions, limit=limit)
        return review_rows(self, decisions=decisions, limit=limit)

    def to_html(self, path: str | None = None, *, truth: Iterable[tuple[str, str]] | None = None,
                review: int = 20) -> str:
        """The HTML link report (self-contained, charts inline, identifiers masked): what was
        linked, how confidently, what to review; with ``truth`` (true pairs) also the
        precision–recall curve. Written to ``path`` when given; returns the page.

        >>> from vnidmatch.match import link
        >>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
        >>> "<svg" in r.to_html()
        True
        """
        from vnidmatch.report.page import link_report

        page = link_report(self, truth=truth, review=review)
        if path is not None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(page)
        return page

    def chart(self, kind: str = "weights", *, truth: Iterable[tuple[str, str]] | None = None,
              left_id: str | None = None, right_id: str | None = None) -> Any:
        """One chart (SVG, shown inline by a notebook): ``weights`` (histogram),
        ``threshold`` (estimated precision and share of matches by weight, no truth needed),
        ``m_u`` (the model's levels), ``precision_recall`` (needs ``truth``) or
        ``waterfall`` (of the pair ``left_id``, ``right_id``).

        >>> from vnidmatch.match import link
        >>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
        >>> r.chart("waterfall", left_id="a", right_id="b").kind
        'waterfall'
        """
        from vnidmatch.report import plots

        if kind == "waterfall":
            if left_id is None or right_id is None:
                raise ConfigError("chart('waterfall') needs left_id and right_id")
            return plots.waterfall(self.explain(left_id, right_id))
        if kind == "precision_recall":
            if truth is None:
                raise ConfigError("chart('precision_recall') needs truth (the true pairs)")
            return plots.precision_recall_chart(self, truth)
        makers: dict[str, Callable[[LinkResult], Any]] = {
            "weights": plots.weight_histogram, "threshold": plots.threshold_chart,
            "m_u": lambda r: plots.m_u_chart(r.model)}
        if kind not in makers:
            raise ConfigError(f"unknown chart {kind!r}; known: weights, threshold, m_u, "
                              "precision_recall, waterfall")
        return makers[kind](self)

    def __repr__(self) -> str:
        from vnidmatch.report.summary import link_summary

        return link_summary(self)

    def _repr_html_(self) -> str:
        from vnidmatch.report.summary import link_summary_html

        return link_summary_html(self)


@dataclass
class DedupeResult:
    """The outcome of :func:`dedupe`: kept pairs and a cluster id for every record.

    >>> from vnidmatch.match import dedupe
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

    def to_pandas(self, *, pairs: bool = False) -> Any:
        """:meth:`rows` as a typed DataFrame (string ids, int sizes), or with ``pairs`` the
        kept pairs as :meth:`LinkResult.to_pandas` types them (needs the ``pandas`` extra).

        >>> from vnidmatch.match import dedupe
        >>> dedupe([{"id": "1", "full_name": "Lê Lan"}]).to_pandas().dtypes.astype(str).tolist()
        ['string', 'string', 'int64']
        """
        from vnidmatch.report.summary import dedupe_frame

        return dedupe_frame(self, pairs=pairs)

    def to_arrow(self, *, pairs: bool = False) -> Any:
        """:meth:`to_pandas` as a pyarrow Table (needs the ``parquet`` extra)."""
        from vnidmatch.report.frames import to_arrow

        return to_arrow(self.to_pandas(pairs=pairs))

    def to_parquet(self, path: str, *, pairs: bool = False) -> int:
        """Write :meth:`to_pandas` as Parquet; returns the number of rows."""
        from vnidmatch.report.frames import write_parquet

        return write_parquet(self.to_pandas(pairs=pairs), path)

    def to_html(self, path: str | None = None) -> str:
        """The HTML dedupe report (self-contained, ids masked): clusters and their sizes, how
        confident the kept pairs are, the largest clusters, the model. Written to ``path``
        when given; returns the page.

        >>> from vnidmatch.match import dedupe
        >>> "Cluster sizes" in dedupe([{"id": "1", "full_name": "Lê Lan"}]).to_html()
        True
        """
        from vnidmatch.report.page import dedupe_report

        page = dedupe_report(self)
        if path is not None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(page)
        return page

    def chart(self, kind: str = "cluster_sizes") -> Any:
        """``cluster_sizes`` (how many clusters of each size), ``weights`` or ``m_u``.

        >>> from vnidmatch.match import dedupe
        >>> dedupe([{"id": "1", "full_name": "Lê Lan"}]).chart().data[0]["value"]
        1
        """
        from vnidmatch.report import plots

        makers: dict[str, Callable[[DedupeResult], Any]] = {
            "cluster_sizes": plots.cluster_size_chart, "weights": plots.weight_histogram,
            "m_u": lambda r: plots.m_u_chart(r.model)}
        if kind not in makers:
            raise ConfigError(f"unknown chart {kind!r}; known: {', '.join(makers)}")
        return makers[kind](self)

    def __repr__(self) -> str:
        from vnidmatch.report.summary import dedupe_summary

        return dedupe_summary(self)

    def _repr_html_(self) -> str:
        from vnidmatch.report.summary import dedupe_summary_html

        return dedupe_summary_html(self)


@dataclass(frozen=True)
class Candidate:
    """One ranked candidate of :meth:`~vnidmatch.match.Matcher.match_one`.

    >>> Candidate("p1", 12.5, 0.9998, "match", ("exact",)).decision
    'match'
    """

    id: str
    match_weight: float
    match_probability: float
    decision: Decision
    levels: tuple[str, ...]

    def __repr__(self) -> str:
        return masked_repr(self)


def pair_results(scored: Scored, scorer: Scorer, reasons: np.ndarray | None = None
                 ) -> list[PairResult]:
    """A :class:`PairResult` for each scored pair above the possible threshold (the labels
    of each distinct pattern worked out once).

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> from vnidmatch.records import prepare_record as p
    >>> comps = (sex_comparison(),)
    >>> s = Scorer(comps, FellegiSunter.default(comps), [p({"id": "a", "sex": "F"}), p({"id": "b", "sex": "F"})])
    >>> [(r.left_id, r.right_id, r.levels) for r in pair_results(s.score(np.array([0]), np.array([1])), s)]
    [('a', 'b', ('same',))]
    """
    labels: dict[int, tuple[str, ...]] = {}
    codes = scorer.pattern_codes(scored.patterns).tolist()
    left, right = scorer.left, scorer.right
    out = []
    for t in np.flatnonzero(scored.decision > 0).tolist():
        code = codes[t]
        lab = labels.get(code)
        if lab is None:
            lab = labels[code] = scorer.labels(scored.patterns[t].tolist())
        out.append(PairResult(left[scored.i[t]].id, right[scored.j[t]].id,
                              float(scored.weight[t]), float(scored.prob[t]),
                              DECISIONS[scored.decision[t]], lab,
                              REASONS[reasons[t]] if reasons is not None else ""))
    return out
