"""Comparisons: ordered levels per field, missing first ("null"), disagreement last ("else").

A :class:`Comparison` turns a pair of prepared values into a level index. Level 0 is always
``null`` (either side missing: no evidence either way); the last level is the catch-all.
The Fellegi–Sunter model (:mod:`vnidmatch.score`) learns a weight per level.

>>> c = name_comparison()
>>> c.labels
('null', 'exact', 'folded', 'high', 'medium', 'low', 'else')
>>> c.level("Nguyễn Văn Hùng", "NGUYEN VAN HUNG"), c.label(c.level("Lê Lan", "Trần Hùng"))
(2, 'else')
>>> c.level(None, "Lan")
0
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vnidmatch._tables import table_cache
from vnidmatch.compare._codes import BatchLevels
from vnidmatch.compare.address import address_batch, address_level
from vnidmatch.compare.birthdate import birth_date_batch, birth_date_level
from vnidmatch.compare.comparators import COMPARATORS
from vnidmatch.compare.identifier import id_batch, id_level
from vnidmatch.compare.name import name_similarity
from vnidmatch.compare.phone import phone_level
from vnidmatch.exceptions import ConfigError
from vnidmatch.registry import Registry
from vnidmatch.types import Comparator

__all__ = [
    "COMPARISONS",
    "Comparison",
    "address_comparison",
    "birth_date_comparison",
    "comparison_from_spec",
    "id_comparison",
    "name_comparison",
    "phone_comparison",
    "sex_comparison",
    "similarity_comparison",
]


@dataclass(frozen=True)
class Comparison:
    """A field comparison with ordered levels.

    ``field`` names the prepared field both records are compared on; ``labels`` are the level
    names, ``null`` first and the catch-all last; ``function(a, b)`` returns a label (or
    ``None`` for missing). Any callable returning one of the labels can be plugged in.
    ``batch``, optional, computes the levels of many pairs at once with numpy (see
    :mod:`vnidmatch.compare.batch`); it must agree with ``function``.

    >>> sex = Comparison("sex", ("null", "same", "else"), lambda a, b: "same" if a == b else "else")
    >>> sex.level("M", "M"), sex.level("M", "F")
    (1, 2)
    """

    field: str
    labels: tuple[str, ...]
    function: Callable[[Any, Any], str | None]
    term_frequency: bool = False
    tf_levels: tuple[str, ...] = ()
    batch: BatchLevels | None = dataclasses.field(default=None, compare=False)

    def __post_init__(self) -> None:
        if len(self.labels) < 3 or self.labels[0] != "null":
            raise ConfigError(f"comparison '{self.field}': levels must start with 'null' and "
                              "have at least one agreement level and a last catch-all level")
        object.__setattr__(self, "_index", {label: i for i, label in enumerate(self.labels)})
        # the same pair of values recurs across record pairs (names, dates, places): the
        # label of each distinct pair of hashable values is computed once
        object.__setattr__(self, "_label", table_cache(maxsize=262144)(self.function))

    def level(self, a: Any, b: Any) -> int:
        """Index of the level for a pair of values (0 = missing)."""
        if a is None or b is None:
            return 0
        try:
            label = self._label(a, b)  # type: ignore[attr-defined]
        except TypeError:  # unhashable values (a custom comparison on lists, say)
            label = self.function(a, b)
        if label is None:
            return 0
        try:
            return self._index[label]  # type: ignore[attr-defined,no-any-return]
        except KeyError:
            raise ConfigError(
                f"comparison '{self.field}' returned unknown level '{label}'; "
                f"known: {', '.join(self.labels)}"
            ) from None

    def label(self, level: int) -> str:
        """The label of a level index."""
        return self.labels[level]


def _thresholds(sim: Callable[[Any, Any], float | None], names: Sequence[str],
                thresholds: Sequence[float]) -> Callable[[Any, Any], str | None]:
    def fn(a: Any, b: Any) -> str | None:
        s = sim(a, b)
        if s is None:
            return None
        for name, t in zip(names, thresholds):
            if s >= t:
                return name
        return "else"

    return fn


def name_comparison(thresholds: tuple[float, ...] = (1.0, 0.95, 0.9, 0.8, 0.65)) -> Comparison:
    """Full names by :func:`~vnidmatch.compare.name_similarity`.

    Levels: ``exact`` (1.0), ``folded`` (≥ 0.95: diacritics lost, a middle name dropped),
    ``high`` (≥ 0.9), ``medium`` (≥ 0.8), ``low`` (≥ 0.65), ``else``. Exact and folded
    agreement are adjusted for the frequency of the name.

    >>> name_comparison().level("Lê Thị Lan", "Lê Thị Lan")
    1
    """
    names = ("exact", "folded", "high", "medium", "low")
    if len(thresholds) != len(names) or list(thresholds) != sorted(thresholds, reverse=True):
        raise ConfigError("name thresholds: five decreasing numbers")
    return Comparison("full_name", ("null", *names, "else"),
                      _thresholds(name_similarity, names, thresholds),
                      term_frequency=True, tf_levels=("exact", "folded"))


def birth_date_comparison() -> Comparison:
    """Dates of birth: ``exact``, ``swapped``, ``typo``, ``year_only``, ``near``, ``year``,
    ``else`` (see :func:`~vnidmatch.compare.birth_date_level`).

    >>> birth_date_comparison().labels[-1]
    'else'
    """
    return Comparison("birth_date",
                      ("null", "exact", "swapped", "typo", "year_only", "near", "year", "else"),
                      lambda a, b: _else(birth_date_level(a, b)), batch=birth_date_batch)


def _else(label: str | None) -> str | None:
    return "else" if label == "different" else label


def id_comparison() -> Comparison:
    """Identifier numbers (all of a record's CCCD/CMND numbers): ``exact``, ``typo``,
    ``conflict``, ``else``.

    Values are tuples of ``(IdNumber, consistent)``, where ``consistent`` says the CCCD's
    century/sex and birth-year digits agree with its own record. Two different valid numbers
    that are each consistent with their own record are ``conflict``: strong evidence of two
    people (a namesake with the same birthday carries her own CCCD), and when the two are
    CCCDs nothing else the records hold — an old CMND that agrees or disagrees — softens it:
    a person has one CCCD number for life. A number that does not fit its record (a
    parent's CCCD typed for a child: its century/sex or birth-year digits contradict the
    record) only reaches ``else``; a CMND against a CCCD is not compared (the CCCD replaced
    it).

    >>> from vnidmatch.ids import parse_id
    >>> c = id_comparison()
    >>> c.label(c.level(((parse_id("001090012345"), True),), ((parse_id("01090012345"), True),)))
    'exact'
    >>> c.label(c.level(((parse_id("001090012345"), True),), ((parse_id("079090555111"), True),)))
    'conflict'
    >>> c.label(c.level(((parse_id("001090012345"), False),), ((parse_id("079090555111"), True),)))
    'else'
    >>> cmnd = parse_id("012345678")
    >>> c.label(c.level(((parse_id("001090012345"), True), (cmnd, True)),
    ...                 ((parse_id("079090555111"), True), (parse_id("023456789"), True))))
    'conflict'
    >>> c.label(c.level(((parse_id("012345678"), False),), ((parse_id("023456789"), True),)))
    'else'
    """

    def best(a: Sequence[Any], b: Sequence[Any]) -> str | None:
        found: set[str] = set()
        for x, cx in a:
            for y, cy in b:
                lvl = id_level(x, y)
                if lvl == "exact" and x.kind == y.kind == "cccd":
                    return "exact"  # one person has one CCCD
                if lvl == "different":
                    refutes = bool(cx and cy and x.is_valid and y.is_valid)
                    lvl = "conflict" if refutes else "else"
                    if refutes and x.kind == y.kind == "cccd":
                        lvl = "cccd_conflict"
                if lvl is not None:
                    found.add(lvl)
        # two valid CCCDs that disagree refute the link whatever else agrees: an old CMND
        # that agrees or disagrees beside them never softens that
        for lvl in ("cccd_conflict", "exact", "typo", "conflict", "else"):
            if lvl in found:
                return "conflict" if lvl == "cccd_conflict" else lvl
        return None

    return Comparison("ids", ("null", "exact", "typo", "conflict", "else"),
                      lambda a, b: best(a, b) if a and b else None, batch=id_batch)


def phone_comparison() -> Comparison:
    """Phone numbers after migration: ``exact``, ``typo``, ``else``.

    >>> phone_comparison().level("+84912345678", "+84912345678")
    1
    """
    return Comparison("phone", ("null", "exact", "typo", "else"),
                      lambda a, b: _else(phone_level(a, b)))


def address_comparison() -> Comparison:
    """Addresses at the level both share: ``street``, ``ward``, ``ward_overlap``,
    ``district``, ``province``, ``else``.

    >>> address_comparison().labels[1]
    'street'
    """
    return Comparison("address",
                      ("null", "street", "ward", "ward_overlap", "district", "province", "else"),
                      lambda a, b: _else(address_level(a, b)), batch=address_batch)


def sex_comparison() -> Comparison:
    """Sex: ``same`` or ``else``.

    >>> sex_comparison().level("M", "F")
    2
    """
    return Comparison("sex", ("null", "same", "else"), lambda a, b: "same" if a == b else "else")


#: the default levels of :func:`similarity_comparison`
SIMILARITY_THRESHOLDS = (0.95, 0.8)


def similarity_comparison(field: str, comparator: Comparator | str,
                          thresholds: Sequence[float] = SIMILARITY_THRESHOLDS, *,
                          labels: Sequence[str] | None = None) -> Comparison:
    """Any comparator ``(a, b) -> float | None`` as a comparison with threshold levels.

    ``comparator`` is a callable or a name in :data:`~vnidmatch.compare.COMPARATORS`.
    A pair reaches the first level whose threshold its similarity meets (``thresholds``
    strictly decreasing), ``else`` when it meets none, ``null`` when the comparator says
    None (missing). ``labels`` name the levels, one per threshold (default ``>=0.95``, ...).

    >>> c = similarity_comparison("postcode", "jaro_winkler", (0.95, 0.8))
    >>> c.labels
    ('null', '>=0.95', '>=0.8', 'else')
    >>> [c.label(c.level("700000", x)) for x in ("700000", "700001", "150999", "")]
    ['>=0.95', '>=0.8', 'else', 'null']
    >>> similarity_comparison("ethnic", lambda a, b: float(a == b), (1.0,), labels=("same",)).labels
    ('null', 'same', 'else')
    >>> similarity_comparison("postcode", "jw")
    Traceback (most recent call last):
        ...
    vnidmatch.exceptions.UnknownNameError: unknown comparator 'jw'; known: birth_date, ...
    """
    where = f"comparison '{field}'"
    if not isinstance(field, str) or not field:
        raise ConfigError("a similarity comparison needs a field name")
    sim = COMPARATORS.get(comparator) if isinstance(comparator, str) else comparator
    if not callable(sim):
        raise ConfigError(f"{where}: the comparator must be a callable or a registered name")
    cuts = _cuts(where, thresholds)
    names = tuple(f">={t:g}" for t in cuts) if labels is None else tuple(labels)
    if (len(names) != len(cuts) or len(set(names)) != len(names)
            or not all(isinstance(x, str) and x and x not in ("null", "else") for x in names)):
        raise ConfigError(f"{where}: labels must be {len(cuts)} distinct names (one per "
                          "threshold, neither 'null' nor 'else')")
    return Comparison(field, ("null", *names, "else"), _thresholds(sim, names, cuts))


def _cuts(where: str, thresholds: object) -> tuple[float, ...]:
    """The thresholds as floats, checked: finite, at least one, strictly decreasing."""
    items = list(thresholds) if isinstance(thresholds, Iterable) and not isinstance(
        thresholds, str | bytes) else []
    cuts = tuple(float(t) for t in items if isinstance(t, int | float) and not isinstance(t, bool))
    if (not cuts or len(cuts) != len(items) or not all(map(math.isfinite, cuts))
            or any(x <= y for x, y in itertools.pairwise(cuts))):
        raise ConfigError(f"{where}: thresholds must be one or more strictly decreasing numbers")
    return cuts


_SPEC_KEYS = ("field", "comparator", "thresholds", "labels")


def comparison_from_spec(spec: Comparison | str | Mapping[str, Any]) -> Comparison:
    """A comparison from what a configuration holds: a :class:`Comparison` (as it is), the
    name of a built-in one (:data:`COMPARISONS`) or a dict for
    :func:`similarity_comparison` (keys ``field``, ``comparator``, optional ``thresholds``
    and ``labels``).

    >>> comparison_from_spec("birth_date").labels[:3]
    ('null', 'exact', 'swapped')
    >>> c = comparison_from_spec({"field": "postcode", "comparator": "jaro_winkler",
    ...                           "thresholds": [0.95, 0.8]})
    >>> c.field, c.labels
    ('postcode', ('null', '>=0.95', '>=0.8', 'else'))
    >>> comparison_from_spec(c) is c
    True
    >>> comparison_from_spec({"field": "postcode", "comparator": "jaro_winkler", "cut": 0.9})
    Traceback (most recent call last):
        ...
    vnidmatch.exceptions.ConfigError: comparison spec: unknown key 'cut'; known: field, ...
    """
    if isinstance(spec, Comparison):
        return spec
    if isinstance(spec, str):
        return COMPARISONS.get(spec)()
    if not isinstance(spec, Mapping):
        raise ConfigError("a comparison spec is a Comparison, a registered comparison name or "
                          f"a dict; got {type(spec).__name__}")
    for key in spec:
        if key not in _SPEC_KEYS:
            raise ConfigError(f"comparison spec: unknown key '{key}'; known: "
                              f"{', '.join(_SPEC_KEYS)}")
    for key in _SPEC_KEYS[:2]:
        if key not in spec:
            raise ConfigError(f"comparison spec: '{key}' is required "
                              f"(a similarity comparison needs {' and '.join(_SPEC_KEYS[:2])})")
    return similarity_comparison(spec["field"], spec["comparator"],
                                 spec.get("thresholds", SIMILARITY_THRESHOLDS), labels=spec.get("labels"))


#: comparison builders by name, for configurations written as dicts or JSON
COMPARISONS: Registry[Callable[[], Comparison]] = Registry("comparison")
for _name, _builder in (("full_name", name_comparison), ("birth_date", birth_date_comparison),
                        ("ids", id_comparison), ("phone", phone_comparison),
                        ("address", address_comparison), ("sex", sex_comparison)):
    COMPARISONS.add(_name, _builder)
