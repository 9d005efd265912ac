"""Decisions that know the competition: a record's candidates are rival explanations.

When the register on the right holds each person once, a left record is at most one of its
candidates. The pairwise match probability ``p_k`` of candidate ``k`` treats every pair on
its own, so a namesake born the same year scores ``match`` beside the true person. Here the
hypotheses "the record is candidate ``k``" and "the record is none of them" are exclusive;
with the pairwise odds ``o_k = p_k / (1 - p_k)`` (prior included, as in the pairwise
probability),

    P(record is candidate k) = o_k / (1 + sum_l o_l)

over the record's candidates. A candidate far behind the best one gets almost nothing; two
near-equal candidates share the probability and both fall below the match threshold, so a
tie becomes ``possible`` (reason ``tie``: every candidate within :data:`TIE_BITS` of the best
stays ``possible``) instead of two matches. A pair capped at
``possible`` (two different valid CCCDs, a different name) competes with odds at most 1:
evidence that refutes it does not let it crowd out the others.

>>> import numpy as np
>>> from vnidmatch.score.scorer import Scored
>>> s = Scored(np.array([0, 0, 1, 1]), np.array([0, 1, 2, 3]), np.zeros((4, 0), np.int8),
...            np.array([30.0, 12.0, 20.0, 20.5]), np.ones(4), np.array([2, 2, 2, 2], np.int8))
>>> out, reasons = compete(s, 0.9, 0.5)
>>> out.decision.tolist(), [REASONS[r] for r in reasons]
([2, 0, 1, 1], ['', 'weaker', 'tie', 'tie'])
"""

from __future__ import annotations

import numpy as np

from vnidmatch.score.scorer import Scored

__all__ = ["REASONS", "REASON_TEXT", "TIE_BITS", "compete"]

#: reason codes of a decision lowered by the competition ("" = not lowered)
REASONS = ("", "tie", "weaker")
#: what each reason means, for reports and explanations
REASON_TEXT = {
    "": "",
    "tie": "another candidate of the record is about as likely (within a factor of 8)",
    "weaker": "another candidate of the record is far likelier",
}
#: two candidates whose weights differ by less than this many bits are a tie
TIE_BITS = 3.0


def compete(scored: Scored, match_threshold: float, possible_threshold: float
            ) -> tuple[Scored, np.ndarray]:
    """Competition-aware probabilities and decisions of ``scored`` among the candidates of
    each left record (``scored.i``); returns the new :class:`Scored` and a reason code per
    pair (:data:`REASONS`). A decision is never raised, only lowered.

    >>> import numpy as np
    >>> from vnidmatch.score.scorer import Scored
    >>> one = Scored(np.array([4]), np.array([7]), np.zeros((1, 0), np.int8),
    ...              np.array([5.0]), np.array([0.97]), np.array([2], np.int8))
    >>> round(float(compete(one, 0.9, 0.5)[0].prob[0]), 4)
    0.9697
    """
    n = len(scored.i)
    if n == 0:
        return scored, np.zeros(0, np.int8)
    w = np.minimum(np.maximum(scored.weight.astype(np.float64), -60.0), 60.0)
    capped = (scored.decision == 1) & (scored.prob >= match_threshold)
    w = np.where(capped, np.minimum(w, 0.0), w)
    order = np.argsort(scored.i, kind="stable")
    keys = scored.i[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    group = np.cumsum(np.r_[True, keys[1:] != keys[:-1]]) - 1
    ws = w[order]
    total = np.logaddexp2(0.0, np.logaddexp2.reduceat(ws, starts))  # log2(1 + sum o_l)
    top = np.maximum.reduceat(ws, starts)
    prob = np.empty(n)
    prob[order] = np.exp2(ws - total[group])
    best = np.empty(n)
    best[order] = top[group]
    decision = (prob >= possible_threshold).astype(np.int8)
    decision += prob >= match_threshold
    decision = np.minimum(decision, scored.decision)
    lowered = decision < scored.decision
    reasons = np.zeros(n, np.int8)
    tie = lowered & (best - w < TIE_BITS)
    decision[tie] = 1  # near-equal rivals: each is worth a look, none is a match
    reasons[tie] = 1
    reasons[lowered & ~tie] = 2
    return Scored(scored.i, scored.j, scored.patterns, scored.weight, prob, decision), reasons
