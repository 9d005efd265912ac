"""Layer 2: blocking. Which pairs of records are worth comparing at all.

A blocking key is any callable ``PreparedRecord -> Hashable | None`` (or an iterable of keys
for multi-valued fields); two records become a candidate pair when they share a key of any
blocking rule. Keys work on **repaired, normalised** values, so an Excel-mangled id, a
reformatted phone or a date written as a serial number still meets its twin.

>>> from vnidmatch.normalize.record import prepare_record as p
>>> a = p({"id": "a", "full_name": "Nguyễn Văn An", "birth_date": "05/03/1990"})
>>> b = p({"id": "b", "full_name": "NGUYEN VAN AN", "birth_date": "32937"})
>>> name_birth_year(a) == name_birth_year(b)
True
>>> sorted(candidate_pairs([a], [b], DEFAULT_BLOCKING))
[(0, 0)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from vnidmatch.normalize.record import PreparedRecord
from vnidmatch.registry import Registry

__all__ = [
    "BLOCKING_KEYS",
    "DEFAULT_BLOCKING",
    "BlockingReport",
    "BlockingRule",
    "block_on",
    "blocking_report",
    "candidate_pairs",
    "family_given_province",
    "id_numbers",
    "name_birth_year",
    "phone_number",
    "phonetic_birth_date",
]

KeyFunc = Callable[[PreparedRecord], "Hashable | Iterable[Hashable] | None"]


@dataclass(frozen=True)
class BlockingRule:
    """A named blocking key; ``multi`` when the key function returns several keys.

    Blocks larger than ``max_block`` records on one side are skipped (counted in the
    report): a key shared by thousands of records carries no information.

    >>> block_on(phone_number).name
    'phone_number'
    """

    name: str
    key: KeyFunc
    multi: bool = False
    max_block: int = 1000
    #: comparison fields the key is built from (excluded when this rule's pairs train them)
    fields: tuple[str, ...] = ()
    #: whether this rule's pairs train the model; phone pairs do not, because household
    #: members share one phone and would be learnt as "matches"
    train: bool = True

    def keys(self, r: PreparedRecord) -> list[Hashable]:
        """The keys of a record (empty when the fields are missing)."""
        k = self.key(r)
        if k is None:
            return []
        if self.multi:
            return [x for x in k if x is not None]  # type: ignore[union-attr]
        return [k]  # type: ignore[list-item]


def block_on(key: KeyFunc, *, name: str | None = None, multi: bool = False,
             max_block: int = 1000, fields: tuple[str, ...] = ()) -> BlockingRule:
    """Make a blocking rule from a key function.

    >>> rule = block_on(lambda r: r.given_key, name="given")
    >>> rule.name
    'given'
    """
    return BlockingRule(name or str(getattr(key, "__name__", "key")), key, multi, max_block,
                        fields)


def id_numbers(r: PreparedRecord) -> list[str]:
    """Every identifier number of the record (after repair).

    >>> from vnidmatch.normalize.record import prepare_record as p
    >>> id_numbers(p({"id": 1, "id_number": "'1090012345.0"}))
    ['001090012345']
    """
    return [i.number for i in r.ids]


def phone_number(r: PreparedRecord) -> str | None:
    """The E.164 phone number (after the 2018 migration).

    >>> from vnidmatch.normalize.record import prepare_record as p
    >>> phone_number(p({"id": 1, "phone": "01691234567"}))
    '+84391234567'
    """
    return r.phone


def name_birth_year(r: PreparedRecord) -> tuple[str, int] | None:
    """Folded name and year of birth.

    >>> from vnidmatch.normalize.record import prepare_record as p
    >>> name_birth_year(p({"id": 1, "full_name": "Lê Lan", "birth_date": "1990"}))
    ('le lan', 1990)
    """
    if not r.name_key or r.birth is None:
        return None
    return (r.name_key, r.birth.year)


def phonetic_birth_date(r: PreparedRecord) -> tuple[str, str] | None:
    """Phonetic family + given name and the full date of birth (catches name typos).

    >>> from vnidmatch.normalize.record import prepare_record as p
    >>> a = p({"id": 1, "full_name": "Trần Văn Dũng", "birth_date": "1/2/1990"})
    >>> b = p({"id": 2, "full_name": "Chần Văn Giũng", "birth_date": "01-02-1990"})
    >>> phonetic_birth_date(a) == phonetic_birth_date(b)
    True
    """
    if not r.phonetic or r.birth is None or r.birth.precision != "day":
        return None
    return (r.phonetic, r.birth.iso)


def family_given_province(r: PreparedRecord) -> tuple[str, str, str] | None:
    """Family name, given name and current province (catches broken dates and ids).

    >>> from vnidmatch.normalize.record import prepare_record as p
    >>> family_given_province(p({"id": 1, "full_name": "Lê Thị Lan", "address": "Hà Nội"}))
    ('le', 'lan', '01')
    """
    if not r.family_key or not r.given_key or not r.province:
        return None
    return (r.family_key, r.given_key, r.province)


def _family_birth_date(r: PreparedRecord) -> tuple[str, str] | None:
    if not r.family_key or r.birth is None or r.birth.precision != "day":
        return None
    return (r.family_key, r.birth.iso)


def _given_birth_date(r: PreparedRecord) -> tuple[str, str] | None:
    if not r.given_key or r.birth is None or r.birth.precision != "day":
        return None
    return (r.given_key, r.birth.iso)


#: blocking keys by name (for configurations written as dicts or JSON)
BLOCKING_KEYS: Registry[BlockingRule] = Registry("blocking key")
for _rule in (
    BlockingRule("id_numbers", id_numbers, multi=True, fields=("ids",)),
    BlockingRule("phone_number", phone_number, max_block=50, fields=("phone",), train=False),
    # common name + year blocks grow quadratically with the register: keep them small
    BlockingRule("name_birth_year", name_birth_year, max_block=200,
                 fields=("full_name", "birth_date")),
    BlockingRule("phonetic_birth_date", phonetic_birth_date, fields=("full_name", "birth_date")),
    BlockingRule("given_birth_date", _given_birth_date, max_block=200,
                 fields=("full_name", "birth_date")),
    # a mistyped given name ("Tuyết Lc") with the family name and the full date
    BlockingRule("family_birth_date", _family_birth_date, max_block=100,
                 fields=("full_name", "birth_date")),
    BlockingRule("family_given_province", family_given_province, max_block=300,
                 fields=("full_name", "address")),
    # a rare full name alone (records with no usable date, id, phone or address)
    BlockingRule("rare_name", lambda r: r.name_key, max_block=20, fields=("full_name",)),
):
    BLOCKING_KEYS.add(_rule.name, _rule)

#: the union used by default
DEFAULT_BLOCKING: tuple[BlockingRule, ...] = tuple(BLOCKING_KEYS.get(n) for n in BLOCKING_KEYS)


def _index(records: Sequence[PreparedRecord], rule: BlockingRule) -> dict[Hashable, list[int]]:
    index: dict[Hashable, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        for k in rule.keys(r):
            index[k].append(i)
    return index


def candidate_pairs(
    left: Sequence[PreparedRecord],
    right: Sequence[PreparedRecord] | None,
    rules: Sequence[BlockingRule],
    *,
    per_rule: dict[str, set[tuple[int, int]]] | None = None,
) -> set[tuple[int, int]]:
    """Union of the pairs ``(i, j)`` that share a key of any rule.

    With ``right=None`` the pairs are within ``left`` (deduplication), each once with i < j.
    ``per_rule``, when given, receives each rule's own pairs (for :func:`blocking_report`).

    >>> from vnidmatch.normalize.record import prepare_record as p
    >>> recs = [p({"id": i, "phone": ph}) for i, ph in enumerate(["0912345678", "x", "84912345678"])]
    >>> candidate_pairs(recs, None, [block_on(phone_number)])
    {(0, 2)}
    """
    pairs: set[tuple[int, int]] = set()
    dedupe = right is None
    for rule in rules:
        found: set[tuple[int, int]] = set()
        lidx = _index(left, rule)
        ridx = lidx if dedupe else _index(right, rule)  # type: ignore[arg-type]
        for k, li in lidx.items():
            rj = ridx.get(k)
            if not rj or len(li) > rule.max_block or len(rj) > rule.max_block:
                continue
            if dedupe:
                for a in range(len(li)):
                    for b in range(a + 1, len(li)):
                        found.add((li[a], li[b]))
            else:
                found.update((i, j) for i in li for j in rj)
        if per_rule is not None:
            per_rule[rule.name] = found
        pairs |= found
    return pairs


@dataclass
class BlockingReport:
    """Candidate pairs, reduction ratio and (given the truth) pair completeness, per rule.

    >>> BlockingReport(100, {"all": 10}, {"all": 0.9}).reduction_ratio["all"]
    0.9
    """

    comparisons_possible: int
    pairs: dict[str, int] = field(default_factory=dict)
    pair_completeness: dict[str, float] = field(default_factory=dict)

    @property
    def reduction_ratio(self) -> dict[str, float]:
        """1 − candidate pairs / all possible pairs, per rule."""
        n = max(self.comparisons_possible, 1)
        return {k: 1 - v / n for k, v in self.pairs.items()}

    def __str__(self) -> str:
        lines = [f"{'rule':24s} {'pairs':>12s} {'reduction':>10s} {'completeness':>13s}"]
        rr = self.reduction_ratio
        for k, v in self.pairs.items():
            pc = self.pair_completeness.get(k)
            lines.append(f"{k:24s} {v:12,d} {rr[k]:10.6f} "
                         f"{'' if pc is None else f'{pc:13.4f}'}")
        return "\n".join(lines)


def blocking_report(
    left: Sequence[PreparedRecord],
    right: Sequence[PreparedRecord] | None,
    rules: Sequence[BlockingRule],
    true_pairs: set[tuple[int, int]] | None = None,
) -> BlockingReport:
    """Measure each blocking rule and their union.

    >>> from vnidmatch.normalize.record import prepare_record as p
    >>> l = [p({"id": 1, "phone": "0912345678"})]; r = [p({"id": 2, "phone": "84912345678"})]
    >>> blocking_report(l, r, DEFAULT_BLOCKING, {(0, 0)}).pair_completeness["union"]
    1.0
    """
    per: dict[str, set[tuple[int, int]]] = {}
    union = candidate_pairs(left, right, rules, per_rule=per)
    per["union"] = union
    n = len(left) * (len(right) if right is not None else len(left) - 1) // (
        1 if right is not None else 2)
    rep = BlockingReport(n, {k: len(v) for k, v in per.items()})
    if true_pairs:
        rep.pair_completeness = {k: len(v & true_pairs) / len(true_pairs) for k, v in per.items()}
    return rep
