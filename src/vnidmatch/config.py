"""Layer 6: :class:`MatchConfig`, everything that decides how records are linked.

Frozen; build variants with :func:`dataclasses.replace`, or from a plain dict (names
resolved through the registries) with :meth:`MatchConfig.from_dict`.

>>> MatchConfig().match_threshold
0.9
>>> MatchConfig(cap_at_possible=(("ids", "conflit"),))
Traceback (most recent call last):
UnknownNameError: unknown level 'conflit' of comparison 'ids'; known: null, exact, typo, conflict, else
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from vnidmatch._parallel import default_workers
from vnidmatch.block import BLOCKING_KEYS, DEFAULT_BLOCKING, BlockingRule
from vnidmatch.compare.comparison import (
    Comparison,
    address_comparison,
    birth_date_comparison,
    comparison_from_spec,
    id_comparison,
    name_comparison,
    phone_comparison,
    sex_comparison,
)
from vnidmatch.exceptions import ConfigError
from vnidmatch.score.caps import Cap, CompiledCap

__all__ = ["DEFAULT_CAP_AT_POSSIBLE", "MatchConfig"]

#: the (field, level) caps of the default configuration
DEFAULT_CAP_AT_POSSIBLE: tuple[tuple[str, str], ...] = (
    ("ids", "conflict"), ("full_name", "else"), ("full_name", "low"))
#: date-of-birth levels that, with an exactly agreeing identifier, excuse a different name
_BIRTH_AGREES = ("exact", "swapped", "typo", "near")


def _default_comparisons() -> tuple[Comparison, ...]:
    # each Comparison memoises its labels per distinct pair of values (Comparison.level)
    return (name_comparison(), birth_date_comparison(), sex_comparison(), id_comparison(),
            phone_comparison(), address_comparison())


@dataclass(frozen=True)
class MatchConfig:
    """Everything that decides how records are linked.

    ``match_threshold``/``possible_threshold`` are match probabilities; ``right_unique``
    (the default) says the right register holds each person once, so the candidates of a
    left record compete (:mod:`vnidmatch.score.competition`: a record does not match two
    people; near-equal rivals are ``possible`` with reason ``tie``); ``register_prior`` (the
    default) scores :func:`~vnidmatch.match.link` with the prior of a pair of the two
    registers, so a decision holds as the register grows; ``one_to_one`` keeps
    at most one link per record on each side (linking to a population register);
    ``cluster_guard`` is the weight below which a scored pair forbids two clusters from
    being merged (stops chaining through weak links). Caps are checked against the
    comparisons when the configuration is made.

    >>> MatchConfig.from_dict({"blocking": ["id_numbers", "phone_number"]}).blocking[1].name
    'phone_number'
    >>> len(MatchConfig().caps)
    4
    """

    comparisons: tuple[Comparison, ...] = field(default_factory=_default_comparisons)
    blocking: tuple[BlockingRule, ...] = DEFAULT_BLOCKING
    match_threshold: float = 0.9
    possible_threshold: float = 0.5
    one_to_one: bool = False
    right_unique: bool = True
    register_prior: bool = True
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
    #: birthday, phone and address: household evidence is not evidence of the person).
    #: Fields and levels are checked against the comparisons (``UnknownNameError``).
    cap_at_possible: tuple[tuple[str, str], ...] = DEFAULT_CAP_AT_POSSIBLE
    #: ... except a clearly different name when the identifier agrees exactly and the date
    #: of birth agrees (a badly mistyped name of the right person, not a household member)
    name_else_unless_id_and_birth: bool = True
    #: also cap at "possible" a pair whose dates of birth clearly differ ("else") unless an
    #: identifier or the phone agrees exactly: a shared name alone does not make a person
    cap_name_only: bool = True
    #: more caps, as :class:`~vnidmatch.score.caps.Cap` objects (always checked strictly)
    extra_caps: tuple[Cap, ...] = ()

    def __post_init__(self) -> None:
        if not 0.0 <= self.possible_threshold <= self.match_threshold <= 1.0:
            raise ConfigError("thresholds: 0 <= possible_threshold <= match_threshold <= 1")
        if not self.comparisons:
            raise ConfigError("at least one comparison is needed")
        object.__setattr__(self, "_caps", self._resolve_caps())

    @property
    def caps(self) -> tuple[CompiledCap, ...]:
        """The decision caps, resolved against the comparisons."""
        return self._caps  # type: ignore[attr-defined,no-any-return]

    def cap_objects(self) -> tuple[tuple[Cap, bool], ...]:
        """Every cap of the settings, with whether it is checked strictly (a user's own).

        >>> [c.when for c, _ in MatchConfig(cap_name_only=False).cap_objects()][0]
        (('ids', ('conflict',)),)
        """
        strict = self.cap_at_possible != DEFAULT_CAP_AT_POSSIBLE
        excuse = ((("ids", ("exact",)), ("birth_date", _BIRTH_AGREES)),)
        out = [(Cap.at(fld, label, unless=excuse if fld == "full_name"
                       and self.name_else_unless_id_and_birth else ()), strict)
               for fld, label in self.cap_at_possible]
        if self.cap_name_only:
            out.append((Cap.at("birth_date", "else",
                               unless=((("ids", ("exact",)),), (("phone", ("exact",)),))), False))
        out += [(cap, True) for cap in self.extra_caps]
        return tuple(out)

    def _resolve_caps(self) -> tuple[CompiledCap, ...]:
        resolved = (cap.resolve(self.comparisons, strict=strict)
                    for cap, strict in self.cap_objects())
        return tuple(c for c in resolved if c is not None)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MatchConfig:
        """Build from names (resolved through the registries) and numbers. A comparison is
        a registered name, a :class:`~vnidmatch.compare.comparison.Comparison`, or a dict
        naming a registered comparator (``COMPARATORS``) and its thresholds.

        >>> cfg = MatchConfig.from_dict({"comparisons": [
        ...     "full_name", "sex",
        ...     {"field": "postcode", "comparator": "levenshtein", "thresholds": [1.0, 0.75]}]})
        >>> cfg.comparisons[1].field, cfg.comparisons[2].labels
        ('sex', ('null', '>=1', '>=0.75', 'else'))
        >>> MatchConfig.from_dict({"treshold": 0.8})
        Traceback (most recent call last):
        ConfigError: unknown setting(s) ['treshold']; known: ...
        """
        kw: dict[str, Any] = dict(data)
        if "comparisons" in kw:
            kw["comparisons"] = tuple(comparison_from_spec(c) for c in kw["comparisons"])
        if "blocking" in kw:
            kw["blocking"] = tuple(
                b if isinstance(b, BlockingRule) else BLOCKING_KEYS.get(b) for b in kw["blocking"]
            )
        if "sex_numeric" in kw and isinstance(kw["sex_numeric"], Mapping):
            kw["sex_numeric"] = tuple(kw["sex_numeric"].items())
        for name in ("cap_at_possible", "sex_numeric"):
            if name in kw and not isinstance(kw[name], tuple):
                kw[name] = tuple(tuple(x) for x in kw[name])
        unknown = set(kw) - set(cls.__dataclass_fields__)
        if unknown:
            raise ConfigError(f"unknown setting(s) {sorted(unknown)}; known: "
                              f"{', '.join(sorted(cls.__dataclass_fields__))}")
        return cls(**kw)
