"""Layer 6: data that is not Vietnamese through the same front door.

The default configuration reads Vietnamese registers: a name is compared as a Vietnamese
name (family, middle and given name, with the frequencies of Vietnamese names), an address
through the 2025 administrative units, and the decision caps encode Vietnamese households
(a relative who shares the birthday, the address and the family name). Other data — the
FEBRL benchmark, an export from another country — has names the Vietnamese tables do not
know and addresses no Vietnamese unit resolves, so that half of its evidence would be
missing. :func:`is_vietnamese` tells the two apart from the names themselves, and
:func:`generic_config` compares such data generically:

- the family and the given name each by Jaro–Winkler (``exact``, ``high`` ≥ 0.92,
  ``medium`` ≥ 0.8, ``else``), so a replaced given name still leaves the family name;
- the date of birth as for Vietnamese data (every common date format is read, ``yyyymmdd``
  included), identifiers (``other_id`` too) exactly or with one typo;
- the address as text (token-sorted similarity: ``exact``, ``high`` ≥ 0.9, ``medium``
  ≥ 0.75, ``else``);
- blocking on the default keys plus the full date of birth, family + given name and the
  numbers of the address (house number and postcode);
- no household caps (the Vietnamese household rules do not hold), the identifier conflict
  cap kept; and, when linking two registers, each record linked to at most one on the other
  side (``one_to_one``: each register holds a person once); ``link`` trains the model from
  :data:`GENERIC_TRAINING_PAIRS` candidate pairs (there is no shipped model to fall back on).

:func:`~vnidmatch.link` and :func:`~vnidmatch.dedupe` use it when fewer than half of
the named records carry a Vietnamese family name and the configuration keeps the default
comparisons, blocking and caps (thresholds and other settings are kept); a configuration
that chooses its own comparisons, blocking or caps is used as it is.

>>> from vnidmatch.records import prepare_records
>>> rs = prepare_records([{"id": 1, "full_name": "neumann michaela"},
...                       {"id": 2, "full_name": "Nguyễn Thị Lan"}])
>>> is_vietnamese(rs[:1]), is_vietnamese(rs[1:])
(False, True)
>>> [c.field for c in generic_config().comparisons][:4]
['family_key', 'given_key', 'birth_date', 'ids']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from vnidmatch.block import DEFAULT_BLOCKING, BlockingRule
from vnidmatch.compare.comparison import (
    Comparison,
    birth_date_comparison,
    id_comparison,
    phone_comparison,
    sex_comparison,
    similarity_comparison,
)
from vnidmatch.config import MatchConfig
from vnidmatch.normalize.name import surname_share
from vnidmatch.records import PreparedRecord, text_of

__all__ = ["GENERIC_BLOCKING", "GENERIC_TRAINING_PAIRS", "SAMPLE", "address_text_similarity", "config_for", "generic_config", "is_vietnamese"]

#: records of each side looked at to decide whether the data is Vietnamese
SAMPLE = 2000
#: candidate pairs from which ``link`` trains the generic comparisons (they have no shipped
#: model, and their starting values are poorer than a model trained on a few hundred pairs)
GENERIC_TRAINING_PAIRS = 100


def is_vietnamese(records: Sequence[PreparedRecord]) -> bool:
    """Whether at least half of the named records (of the first :data:`SAMPLE`) carry a
    family name that Vietnamese name lists know; True when none has a name.

    >>> from vnidmatch.records import prepare_record as p
    >>> is_vietnamese([p({"id": 1, "full_name": "white william"}), p({"id": 2})])
    False
    """
    named = [r.family_key for r in records[:SAMPLE] if r.family_key]
    if not named:
        return True
    known = sum(1 for f in named if surname_share(f) > 0.0)
    return 2 * known >= len(named)


def address_text_similarity(a: str | None, b: str | None) -> float | None:
    """Similarity in [0, 1] of two addresses as text, word order ignored; None when
    either is missing.

    >>> address_text_similarity("8, stanley street, winston hills", "stanley street 8 winston hills")
    1.0
    >>> address_text_similarity("8, stanley street", "8 stanley st"), address_text_similarity("", "x")
    (0.6429, None)
    """
    if not a or not b:
        return None
    return round(fuzz.token_sort_ratio(a, b, processor=default_process) / 100.0, 4)


def _birth_day(r: PreparedRecord) -> tuple[int, int, int] | None:
    b = r.birth
    if b is None or b.precision != "day" or b.month is None or b.day is None:
        return None
    return (b.year, b.month, b.day)


def _family_given(r: PreparedRecord) -> tuple[str, str] | None:
    return (r.family_key, r.given_key) if r.family_key and r.given_key else None


def _address_numbers(r: PreparedRecord) -> tuple[str, ...] | None:
    """The numbers of an address (house number, postcode), when it has two or more."""
    text = text_of(r.raw.get("address"))
    if not text:
        return None
    numbers = tuple(w for w in text.replace(",", " ").split() if w.isdigit())
    return numbers if len(numbers) >= 2 else None


#: the blocking keys added to the default ones for generic data
GENERIC_BLOCKING: tuple[BlockingRule, ...] = (
    BlockingRule("birth_day", _birth_day, max_block=50, fields=("birth_date",)),
    BlockingRule("family_given", _family_given, max_block=50, fields=("full_name",)),
    BlockingRule("address_numbers", _address_numbers, max_block=50, fields=("address",)),
)


def _levels(field: str, comparator: object, cuts: tuple[float, float, float]) -> Comparison:
    return similarity_comparison(field, comparator, cuts,  # type: ignore[arg-type]
                                 labels=("exact", "high", "medium"))


def generic_config(base: MatchConfig | None = None) -> MatchConfig:
    """The configuration for data that is not Vietnamese (see the module text), built on
    ``base`` (its thresholds, workers and seed kept).

    >>> cfg = generic_config()
    >>> cfg.one_to_one, [c.when for c, _ in cfg.cap_objects()]
    (True, [(('ids', ('conflict',)),)])
    """
    base = base or MatchConfig()
    comparisons = (
        _levels("family_key", "jaro_winkler", (1.0, 0.92, 0.8)),
        _levels("given_key", "jaro_winkler", (1.0, 0.92, 0.8)),
        birth_date_comparison(), id_comparison(),
        _levels("address_text", address_text_similarity, (1.0, 0.9, 0.75)),
        sex_comparison(), phone_comparison())
    return dataclasses.replace(
        base, comparisons=comparisons, blocking=DEFAULT_BLOCKING + GENERIC_BLOCKING,
        cap_at_possible=(("ids", "conflict"),), cap_name_only=False,
        name_else_unless_id_and_birth=False, one_to_one=True)


def _chooses_nothing(config: MatchConfig) -> bool:
    """Whether ``config`` keeps the default comparisons, blocking and caps (it may change
    thresholds, workers, training sizes)."""
    default = MatchConfig()
    return ([(c.field, c.labels) for c in config.comparisons]
            == [(c.field, c.labels) for c in default.comparisons]
            and config.blocking == default.blocking
            and config.cap_objects() == default.cap_objects())


def config_for(base: MatchConfig, *sides: Sequence[PreparedRecord], linking: bool = True
               ) -> MatchConfig:
    """``base`` for Vietnamese data or when it chooses its own comparisons, blocking or
    caps; otherwise :func:`generic_config` on ``base`` (``one_to_one`` only when ``linking``
    two registers, or when ``base`` asks for it).

    >>> from vnidmatch.records import prepare_record as p
    >>> base = MatchConfig()
    >>> config_for(base, [p({"id": 1, "full_name": "Lê Lan"})]) is base
    True
    """
    if not _chooses_nothing(base):
        return base
    every = [r for side in sides for r in side[:SAMPLE]]
    if is_vietnamese(every):
        return base
    cfg = generic_config(base)
    return cfg if linking else dataclasses.replace(cfg, one_to_one=base.one_to_one)
