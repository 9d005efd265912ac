"""Layer 2: blocking. Which pairs of records are worth comparing at all.

A blocking key is any callable ``PreparedRecord -> Hashable | None`` (or an iterable of keys
for multi-valued fields); two records become a candidate pair when they share a key of any
blocking rule. Keys work on **repaired, normalised** values, so an Excel-mangled id, a
reformatted phone or a date written as a serial number still meets its twin.

>>> from vnidmatch.records import prepare_record as p
>>> a = p({"id": "a", "full_name": "Nguyễn Văn An", "birth_date": "05/03/1990"})
>>> b = p({"id": "b", "full_name": "NGUYEN VAN AN", "birth_date": "32937"})
>>> name_birth_year(a) == name_birth_year(b)
True
>>> sorted(candidate_pairs([a], [b], DEFAULT_BLOCKING))
[(0, 0)]
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from vnidmatch.normalize.address import current_units
from vnidmatch.records import PreparedRecord
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
    "family_given_ward",
    "id_numbers",
    "name_birth_year",
    "pair_arrays",
    "pair_indexes",
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

    >>> from vnidmatch.records import prepare_record as p
    >>> id_numbers(p({"id": 1, "id_number": "'1090012345.0"}))
    ['001090012345']
    """
    return [i.number for i in r.ids]


def phone_number(r: PreparedRecord) -> str | None:
    """The E.164 phone number (after the 2018 migration).

    >>> from vnidmatch.records import prepare_record as p
    >>> phone_number(p({"id": 1, "phone": "01691234567"}))
    '+84391234567'
    """
    return r.phone


def name_birth_year(r: PreparedRecord) -> tuple[str, int] | None:
    """Folded name and year of birth.

    >>> from vnidmatch.records import prepare_record as p
    >>> name_birth_year(p({"id": 1, "full_name": "Lê Lan", "birth_date": "1990"}))
    ('le lan', 1990)
    """
    if not r.name_key or r.birth is None:
        return None
    return (r.name_key, r.birth.year)


def phonetic_birth_date(r: PreparedRecord) -> tuple[str, int, int, int] | None:
    """Phonetic family + given name and the full date of birth (catches name typos).

    >>> from vnidmatch.records import prepare_record as p
    >>> a = p({"id": 1, "full_name": "Trần Văn Dũng", "birth_date": "1/2/1990"})
    >>> b = p({"id": 2, "full_name": "Chần Văn Giũng", "birth_date": "01-02-1990"})
    >>> phonetic_birth_date(a) == phonetic_birth_date(b)
    True
    """
    return _with_day(r.phonetic, r)


def family_given_province(r: PreparedRecord) -> tuple[str, str, str] | None:
    """Family name, given name and current province (catches broken dates and ids).

    >>> from vnidmatch.records import prepare_record as p
    >>> family_given_province(p({"id": 1, "full_name": "Lê Thị Lan", "address": "Hà Nội"}))
    ('le', 'lan', '01')
    """
    if not r.family_key or not r.given_key or not r.province:
        return None
    return (r.family_key, r.given_key, r.province)


def family_given_ward(r: PreparedRecord) -> list[tuple[str, str, str]]:
    """Family name, given name and 2025 ward (every candidate ward of a split old ward):
    the fine-grained form of :func:`family_given_province`.

    >>> from vnidmatch.records import prepare_record as p
    >>> a = p({"id": 1, "full_name": "Lê Thị Lan", "address": "P. Trúc Bạch, Q. Ba Đình, HN"})
    >>> b = p({"id": 2, "full_name": "LE THI LAN", "address": "Phường Ba Đình, Hà Nội"})
    >>> family_given_ward(a) == family_given_ward(b) == [("le", "lan", "00004")]
    True
    """
    if not r.family_key or not r.given_key or r.address is None:
        return []
    wards = r.wards if r.wards is not None else current_units(r.address)[1]
    return [(r.family_key, r.given_key, w) for w in wards]


def _with_day(part: str | None, r: PreparedRecord) -> tuple[str, int, int, int] | None:
    """``(part, year, month, day)`` when both the name part and a full date are there (the
    date as integers: cheaper to hash than its ISO text, and the same blocks)."""
    b = r.birth
    if not part or b is None or b.precision != "day" or b.month is None or b.day is None:
        return None
    return (part, b.year, b.month, b.day)


def _family_birth_date(r: PreparedRecord) -> tuple[str, int, int, int] | None:
    return _with_day(r.family_key, r)


def _given_birth_date(r: PreparedRecord) -> tuple[str, int, int, int] | None:
    return _with_day(r.given_key, r)


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
    # family + given name + place: people whose date and identifier are both broken. By
    # ward (every candidate of a split or ambiguous ward); by province only on request
    # (MatchConfig(blocking=...)), in small blocks: at 100 k people it made 41 % of the
    # candidate pairs and found no true pair the others missed
    BlockingRule("family_given_ward", family_given_ward, multi=True, max_block=100,
                 fields=("full_name", "address")),
    BlockingRule("family_given_province", family_given_province, max_block=10,
                 fields=("full_name", "address")),
    # a rare full name alone (records with no usable date, id, phone or address)
    BlockingRule("rare_name", lambda r: r.name_key, max_block=3, fields=("full_name",)),
):
    BLOCKING_KEYS.add(_rule.name, _rule)

#: the union used by default: every registered rule but the province-level one
DEFAULT_BLOCKING: tuple[BlockingRule, ...] = tuple(
    BLOCKING_KEYS.get(n) for n in BLOCKING_KEYS if n != "family_given_province")


def _key_codes(records: Sequence[PreparedRecord], rule: BlockingRule,
               codes: dict[Hashable, int]) -> tuple[np.ndarray, np.ndarray]:
    """(key code, record index) of every key of every record, sorted by key code.

    ``codes`` numbers the distinct keys; it is shared by both sides of a link so that equal
    keys get equal codes.
    """
    keys: list[int] = []
    rows: list[int] = []
    key = rule.key
    if rule.multi:
        for i, r in enumerate(records):
            for k in key(r) or ():  # type: ignore[union-attr]
                if k is not None:
                    keys.append(codes.setdefault(k, len(codes)))
                    rows.append(i)
    else:
        for i, k in enumerate(map(key, records)):
            if k is not None:
                keys.append(codes.setdefault(k, len(codes)))  # type: ignore[arg-type]
                rows.append(i)
    key_arr = np.asarray(keys, dtype=np.int64)
    row_arr = np.asarray(rows, dtype=np.int64)
    order = np.argsort(key_arr, kind="stable")
    return key_arr[order], row_arr[order]


def _blocks(keys: np.ndarray, n_codes: int) -> tuple[np.ndarray, np.ndarray]:
    """Start offset and size of each key code's run in a sorted key array."""
    sizes = np.bincount(keys, minlength=n_codes)
    starts = np.zeros(n_codes, dtype=np.int64)
    np.cumsum(sizes[:-1], out=starts[1:])
    return starts, sizes


def _rule_pairs(left: Sequence[PreparedRecord], right: Sequence[PreparedRecord] | None,
                rule: BlockingRule, n_right: int) -> np.ndarray:
    """The pairs one rule makes, as sorted unique codes ``i * n_right + j``.

    Vectorised: records are sorted by key code and each block's cross product is laid out
    with ``np.repeat``, never a Python loop per pair.
    """
    codes: dict[Hashable, int] = {}
    lk, lr = _key_codes(left, rule, codes)
    if right is None:
        rk, rr = lk, lr
    else:
        rk, rr = _key_codes(right, rule, codes)
    n_codes = len(codes)
    if n_codes == 0:
        return np.empty(0, dtype=np.int64)
    ls, ln = _blocks(lk, n_codes)
    rs, rn = _blocks(rk, n_codes)
    keep = (ln > 0) & (rn > 0) & (ln <= rule.max_block) & (rn <= rule.max_block)
    if right is None:
        keep &= ln > 1
    ks = np.flatnonzero(keep)
    counts = ln[ks] * rn[ks]
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    block = np.repeat(np.arange(len(ks)), counts)
    first = np.zeros(len(ks), dtype=np.int64)
    np.cumsum(counts[:-1], out=first[1:])
    offset = np.arange(total, dtype=np.int64) - first[block]
    width = rn[ks][block]
    i = lr[ls[ks][block] + offset // width]
    j = rr[rs[ks][block] + offset % width]
    if right is None:
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        sel = lo != hi
        i, j = lo[sel], hi[sel]
    return np.unique(i * n_right + j)


def pair_arrays(left: Sequence[PreparedRecord], right: Sequence[PreparedRecord] | None,
                rules: Sequence[BlockingRule]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Candidate pairs as sorted unique int64 codes ``i * n_right + j`` (the union) and each
    rule's own codes; ``n_right`` is ``len(left)`` when deduplicating (``right=None``, pairs
    with i < j). This is what :func:`~vnidmatch.link` uses; :func:`candidate_pairs` is the
    same as a set of tuples.

    >>> from vnidmatch.records import prepare_record as p
    >>> recs = [p({"id": i, "phone": ph}) for i, ph in enumerate(["0912345678", "x", "84912345678"])]
    >>> union, per_rule = pair_arrays(recs, None, [block_on(phone_number)])
    >>> union.tolist(), per_rule["phone_number"].tolist()  # (0, 2) -> 0 * 3 + 2
    ([2], [2])
    """
    n_right = len(left) if right is None else len(right)
    per_rule = {rule.name: _rule_pairs(left, right, rule, max(n_right, 1)) for rule in rules}
    parts = list(per_rule.values())
    union = np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.int64)
    return union, per_rule


def pair_indexes(codes: np.ndarray, n_right: int) -> tuple[np.ndarray, np.ndarray]:
    """The left and right record indexes of pair codes ``i * n_right + j``.

    >>> [x.tolist() for x in pair_indexes(np.array([2, 7]), 3)]
    [[0, 2], [2, 1]]
    """
    width = max(n_right, 1)
    return codes // width, codes % width


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
    For millions of pairs use :func:`pair_arrays`, which returns the same as numpy arrays.

    >>> from vnidmatch.records import prepare_record as p
    >>> recs = [p({"id": i, "phone": ph}) for i, ph in enumerate(["0912345678", "x", "84912345678"])]
    >>> candidate_pairs(recs, None, [block_on(phone_number)])
    {(0, 2)}
    """
    union, rule_codes = pair_arrays(left, right, rules)
    n_right = len(left) if right is None else len(right)

    def as_set(codes: np.ndarray) -> set[tuple[int, int]]:
        i, j = pair_indexes(codes, n_right)
        return set(zip(i.tolist(), j.tolist()))

    if per_rule is not None:
        per_rule.update({name: as_set(c) for name, c in rule_codes.items()})
    return as_set(union)


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

    >>> from vnidmatch.records import prepare_record as p
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
