"""Decision caps: level patterns that keep a pair at ``possible`` whatever its weight.

A :class:`Cap` names levels by field and label (``Cap.at("ids", "conflict")``); it is
checked against the comparisons when the scorer is built, so that a mistyped field or label
raises :class:`~vnidmatch.exceptions.UnknownNameError` instead of never applying.

>>> from vnidmatch.compare.comparison import id_comparison, name_comparison
>>> comps = (name_comparison(), id_comparison())
>>> cap = Cap.at("ids", "conflict").resolve(comps)
>>> cap((1, 3)), cap((1, 1))
(True, False)
>>> Cap.at("ids", "conflit").resolve(comps)
Traceback (most recent call last):
UnknownNameError: unknown level 'conflit' of comparison 'ids'; known: null, exact, typo, conflict, else
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from vnidmatch.compare.comparison import Comparison
from vnidmatch.exceptions import UnknownNameError

__all__ = ["Cap", "CompiledCap", "Condition"]

#: a field and the labels of its levels that satisfy the condition
Condition = tuple[str, tuple[str, ...]]
#: a resolved cap: pattern -> whether the decision is capped
CompiledCap = Callable[[tuple[int, ...]], bool]


@dataclass(frozen=True)
class Cap:
    """Cap a decision at ``possible`` when every condition of ``when`` holds, unless every
    condition of one of the ``unless`` clauses holds.

    >>> Cap.at("full_name", "else", unless=((("ids", ("exact",)),),)).when
    (('full_name', ('else',)),)
    """

    when: tuple[Condition, ...]
    unless: tuple[tuple[Condition, ...], ...] = ()

    @classmethod
    def at(cls, field: str, *labels: str,
           unless: tuple[tuple[Condition, ...], ...] = ()) -> Cap:
        """The cap of one field's levels.

        >>> Cap.at("ids", "conflict")
        Cap(when=(('ids', ('conflict',)),), unless=())
        """
        return cls(((field, labels),), unless)

    def resolve(self, comparisons: Sequence[Comparison], *, strict: bool = True
                ) -> CompiledCap | None:
        """The cap as a predicate on patterns of ``comparisons``.

        With ``strict`` (a cap a user wrote), a field without a comparison or a label its
        comparison lacks raises :class:`~vnidmatch.exceptions.UnknownNameError`. Otherwise
        (the built-in caps, whose fields and levels a configuration may leave out) a missing
        label is ignored, a cap on a missing field never applies (None), and an ``unless``
        clause that needs one never excuses.

        >>> from vnidmatch.compare.comparison import sex_comparison
        >>> Cap.at("ids", "conflict").resolve((sex_comparison(),), strict=False) is None
        True
        """
        index = {c.field: k for k, c in enumerate(comparisons)}

        def condition(cond: Condition) -> tuple[int, frozenset[int]] | None:
            field, labels = cond
            if field not in index:
                if strict:
                    raise UnknownNameError(f"unknown comparison field '{field}' in a cap; "
                                           f"known: {', '.join(index)}")
                return None
            comp = comparisons[index[field]]
            unknown = [x for x in labels if x not in comp.labels]
            if unknown and strict:
                raise UnknownNameError(f"unknown level '{unknown[0]}' of comparison '{field}'; "
                                       f"known: {', '.join(comp.labels)}")
            return index[field], frozenset(comp.labels.index(x) for x in labels
                                           if x in comp.labels)

        when = [condition(c) for c in self.when]
        if any(w is None for w in when):
            return None
        clauses = []
        for clause in self.unless:
            got = [condition(c) for c in clause]
            if all(g is not None for g in got):
                clauses.append(tuple(g for g in got if g is not None))
        return _compiled(tuple(w for w in when if w is not None), tuple(clauses))


def _compiled(when: tuple[tuple[int, frozenset[int]], ...],
              unless: tuple[tuple[tuple[int, frozenset[int]], ...], ...]) -> CompiledCap:
    def capped(p: tuple[int, ...]) -> bool:
        if not all(p[k] in levels for k, levels in when):
            return False
        return not any(all(p[k] in levels for k, levels in clause) for clause in unless)

    return capped
