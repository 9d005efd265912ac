"""Clerical review: the uncertain pairs of a link with both records side by side and an
empty ``label`` column, written as CSV for a person to fill in; the filled-in file read back
as labels; and the model whose ``m`` is estimated from labelled pairs (``link(labels=)``).

The review file holds the records' raw values (identifiers included): it is a file with
personal data, to be kept like the inputs.

>>> parse_label("đúng"), parse_label("0"), parse_label("")
(True, False, None)
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from vnidmatch.exceptions import ConfigError
from vnidmatch.records.columns import is_missing

if TYPE_CHECKING:
    from vnidmatch.records import PreparedRecord
    from vnidmatch.results import LinkResult
    from vnidmatch.score import FellegiSunter, Scorer

__all__ = ["LABEL_PRIOR_PAIRS", "Label", "labelled_model", "normalise_labels", "parse_label", "read_review",
           "review_rows", "write_review"]

#: (left id, right id, is a match)
Label = tuple[str, str, bool]
#: how many labelled pairs the current m is worth when labels update it
LABEL_PRIOR_PAIRS = 10

_YES = {"1", "y", "yes", "true", "t", "x", "match", "m", "đúng", "dung", "có", "co", "phải",
        "phai", "trùng", "trung"}
_NO = {"0", "n", "no", "false", "f", "non-match", "nonmatch", "no_match", "non_match", "sai",
       "không", "khong", "k", "khác", "khac"}


def parse_label(value: Any) -> bool | None:
    """A reviewer's answer: True (the same person), False (not), None (not answered).

    ``1/0``, ``yes/no``, ``y/n``, ``true/false``, ``match/non-match``, ``đúng/sai``,
    ``có/không``; anything else is an error.

    >>> parse_label("Yes"), parse_label(" KHÔNG "), parse_label(None)
    (True, False, None)
    """
    if isinstance(value, bool):
        return value
    if is_missing(value):
        return None
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ConfigError(f"label {value!r} is not one of 1/0, yes/no, đúng/sai, có/không")


def review_rows(result: LinkResult, *, decisions: Sequence[str] = ("possible",),
                limit: int | None = None) -> list[dict[str, Any]]:
    """One row per pair to review (the ``possible`` pairs by default, most uncertain first:
    match probability closest to 0.5): ids, weight, probability, decision, each input column
    of both records side by side (``left_<col>``, ``right_<col>``) and an empty ``label``.

    >>> from vnidmatch.match import link
    >>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
    >>> [row["left_full_name"] for row in review_rows(r, decisions=("match",))]
    ['Lê Lan']
    """
    pairs = [p for p in result.pairs if p.decision in decisions]
    pairs.sort(key=lambda p: (abs(p.match_probability - 0.5), p.left_id, p.right_id))
    if limit is not None:
        pairs = pairs[:limit]
    lmap = {r.id: r for r in result.left}
    rmap = {r.id: r for r in result.right}
    cols = _columns([lmap[p.left_id] for p in pairs] + [rmap[p.right_id] for p in pairs])
    out = []
    for p in pairs:
        a, b = lmap[p.left_id], rmap[p.right_id]
        row: dict[str, Any] = {"left_id": p.left_id, "right_id": p.right_id,
                               "match_weight": round(p.match_weight, 3),
                               "match_probability": round(p.match_probability, 6),
                               "decision": p.decision}
        for c in cols:
            row[f"left_{c}"] = _cell(a.raw.get(c))
            row[f"right_{c}"] = _cell(b.raw.get(c))
        row["label"] = ""
        out.append(row)
    return out


def _columns(records: Iterable[PreparedRecord]) -> list[str]:
    seen: dict[str, None] = {}
    for r in records:
        for k in r.raw:
            if k != "id":
                seen.setdefault(str(k), None)
    return list(seen)


def _cell(value: Any) -> str:
    return "" if is_missing(value) else str(value)


def write_review(result: LinkResult, path: str, **kwargs: Any) -> int:
    """Write :func:`review_rows` as a CSV (UTF-8 with BOM, so Excel reads the Vietnamese);
    returns the number of pairs.

    >>> import os, tempfile
    >>> from vnidmatch.match import link
    >>> r = link([{"id": "a", "full_name": "Lê Lan"}], [{"id": "b", "full_name": "Lê Lan"}])
    >>> write_review(r, os.path.join(tempfile.mkdtemp(), "review.csv"))
    0
    """
    rows = review_rows(result, **kwargs)
    header = list(rows[0]) if rows else ["left_id", "right_id", "match_weight",
                                         "match_probability", "decision", "label"]
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def read_review(path: str) -> list[Label]:
    """The answered rows of a filled-in review file: ``(left_id, right_id, is_match)``.
    Rows with an empty label are skipped; an unreadable label is an error naming its line.

    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "r.csv")
    >>> _ = open(p, "w", encoding="utf-8").write("left_id,right_id,label\\na,b,1\\nc,d,\\ne,f,sai\\n")
    >>> read_review(p)
    [('a', 'b', True), ('e', 'f', False)]
    """
    out: list[Label] = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"left_id", "right_id", "label"} - set(reader.fieldnames or ())
        if missing:
            raise ConfigError(f"{path}: a review file needs the columns left_id, right_id and "
                              f"label (missing: {', '.join(sorted(missing))})")
        for row in reader:
            try:
                answer = parse_label(row["label"])
            except ConfigError as exc:
                raise ConfigError(f"{path}, line {reader.line_num}: {exc}") from None
            if answer is not None:
                out.append((row["left_id"], row["right_id"], answer))
    return out


def normalise_labels(labels: Any) -> list[Label]:
    """Labels as ``(left_id, right_id, is_match)``: from such tuples, from mappings (or a
    DataFrame) with ``left_id``, ``right_id`` and ``label``/``is_match``, or from the path of
    a filled-in review file. Unanswered rows are skipped.

    >>> normalise_labels([("a", "b", 1), {"left_id": "c", "right_id": "d", "label": "no"}])
    [('a', 'b', True), ('c', 'd', False)]
    """
    if isinstance(labels, str):
        return read_review(labels)
    if hasattr(labels, "to_dict") and hasattr(labels, "columns"):
        labels = labels.to_dict("records")
    out: list[Label] = []
    for item in labels:
        if isinstance(item, Mapping):
            answer = parse_label(item.get("label", item.get("is_match")))
            a, b = item.get("left_id"), item.get("right_id")
        else:
            a, b, value = item
            answer = parse_label(value)
        if answer is not None:
            out.append((str(a), str(b), answer))
    return out


def labelled_model(scorer: Scorer, labels: Any, candidates: np.ndarray | None = None
                   ) -> FellegiSunter:
    """The scorer's model with ``m`` estimated from the labelled matches (u kept: labelled
    non-matches are near misses, not a sample of non-matching pairs), and with the prior
    re-estimated on the candidate pairs' ``candidates`` patterns when given.

    The current ``m`` counts as :data:`LABEL_PRIOR_PAIRS` pseudo-pairs, so that a handful
    of labels moves the model without replacing it: m = (count + k·m₀) / (n + k).

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> from vnidmatch.records import prepare_record as p
    >>> from vnidmatch.score import FellegiSunter, Scorer
    >>> comps = (sex_comparison(),)
    >>> s = Scorer(comps, FellegiSunter.default(comps), [p({"id": "a", "sex": "F"})],
    ...            [p({"id": "b", "sex": "F"}), p({"id": "c", "sex": "M"})])
    >>> m0 = s.model.m[0][1]
    >>> new = labelled_model(s, [("a", "b", True), ("a", "c", True)])
    >>> round(new.m[0][1], 6) == round((1 + LABEL_PRIOR_PAIRS * m0) / (2 + LABEL_PRIOR_PAIRS), 6)
    True
    """
    pairs = normalise_labels(labels)
    lpos = {r.id: k for k, r in enumerate(scorer.left)}
    rpos = {r.id: k for k, r in enumerate(scorer.right)}
    matches = [(a, b) for a, b, yes in pairs if yes]
    if not matches:
        raise ConfigError("labels: estimating m needs at least one pair labelled a match")
    unknown = [x for a, b in matches for x, pos in ((a, lpos), (b, rpos)) if x not in pos]
    if unknown:
        from vnidmatch.report.frames import masked_ids

        raise ConfigError(f"labels: {len(unknown)} record ids are not in the inputs "
                          f"(first: {masked_ids(unknown[0])!r})")
    i = np.array([lpos[a] for a, _ in matches], dtype=np.int64)
    j = np.array([rpos[b] for _, b in matches], dtype=np.int64)
    patterns = scorer.patterns(i, j)
    model = scorer.model
    m = []
    k0 = LABEL_PRIOR_PAIRS
    for k, comp in enumerate(model.comparisons):
        counts = np.bincount(patterns[:, k].astype(np.int64), minlength=len(comp.labels))
        n = float(counts[1:].sum())  # pairs where the field is present
        m.append((0.0, *((float(c) + k0 * m0) / (n + k0)
                         for c, m0 in zip(counts[1:], model.m[k][1:]))))
    trained = {**model.trained, "labelled_matches": len(matches),
               "labelled_non_matches": len(pairs) - len(matches)}
    new = dataclasses.replace(model, m=tuple(m), trained=trained)
    if candidates is not None and len(candidates):
        new = new.estimated_m(scorer.pattern_counts(candidates), fix_m=True)
    return new
