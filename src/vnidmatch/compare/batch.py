"""Comparison levels for many pairs at once (what :func:`~vnidmatch.link` scores with).

Each record's value of each comparison field is numbered once (:func:`encode`); a batch of
pairs then becomes, per field, an array of value-code pairs, and every *distinct* pair of
values is compared exactly once, however many record pairs share it (names, dates, places
and sexes repeat massively). The result is a pattern matrix: one row per pair, one column
per comparison, the level index in each cell (0 = missing).

>>> from vnidmatch.compare.comparison import name_comparison, sex_comparison
>>> from vnidmatch.records import prepare_record as p
>>> recs = [p({"id": 1, "full_name": "Lê Lan", "sex": "Nữ"}),
...         p({"id": 2, "full_name": "LE LAN", "sex": "F"}),
...         p({"id": 3, "full_name": "Trần Hùng"})]
>>> comps = (name_comparison(), sex_comparison())
>>> codes = encode(comps, recs, None)
>>> pattern_matrix(comps, codes, np.array([0, 0]), np.array([1, 2])).tolist()
[[2, 1], [6, 0]]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from vnidmatch._parallel import run_forked
from vnidmatch.compare.address import STREET_AGREES, admin_level, street_key
from vnidmatch.compare.identifier import _family
from vnidmatch.normalize.address import current_units
from vnidmatch.records import PreparedRecord, field_getter

if TYPE_CHECKING:
    from vnidmatch.compare.comparison import Comparison

__all__ = ["FieldCodes", "address_batch", "birth_date_batch", "encode", "encode_values",
           "id_batch", "levels", "pattern_matrix"]

#: a vectorised level function: (field codes, left value codes, right value codes, the
#: comparison) -> level index per pair; the codes are of distinct pairs, never 0 (missing)
BatchLevels = Callable[["FieldCodes", np.ndarray, np.ndarray, "Comparison"], np.ndarray]


class FieldCodes(NamedTuple):
    """One field's distinct values (``values[0]`` is the missing value) and the code of
    each record's value on the left and the right side (the same array when deduplicating).

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> from vnidmatch.records import prepare_record as p
    >>> fc = encode((sex_comparison(),), [p({"id": 1, "sex": "Nam"}), p({"id": 2})], None)[0]
    >>> fc.values, fc.left.tolist()
    ([None, 'M'], [1, 0])
    """

    values: list[Any]
    left: np.ndarray
    right: np.ndarray
    #: per-value features, computed once by the vectorised level functions
    cache: dict[str, Any]


def _numberer(values: list[Any]) -> Any:
    table: dict[Hashable, int] = {}

    def code(v: Any) -> int:
        if v is None:
            return 0
        try:
            c = table.get(v)
        except TypeError:  # an unhashable value: its own code, compared as it is
            values.append(v)
            return len(values) - 1
        if c is None:
            values.append(v)
            c = table[v] = len(values) - 1
        return c

    return code


def encode_values(value: Callable[[PreparedRecord], Any], left: Sequence[PreparedRecord],
                  right: Sequence[PreparedRecord] | None) -> FieldCodes:
    """Number one value of every record (None: missing, code 0), equal values getting equal
    codes on both sides (``right=None``: deduplication, one array).

    >>> from vnidmatch.records import prepare_record as p
    >>> fc = encode_values(lambda r: r.sex, [p({"id": 1, "sex": "F"})],
    ...                    [p({"id": 2, "sex": "M"}), p({"id": 3, "sex": "Nữ"}), p({"id": 4})])
    >>> fc.values, fc.left.tolist(), fc.right.tolist()
    ([None, 'F', 'M'], [1], [2, 1, 0])
    """
    sides = [list(map(value, left))] + ([] if right is None else [list(map(value, right))])
    table: dict[Any, int] = {None: 0}
    try:
        # a new value gets the next code; the table's keys, in order, are the values
        coded = [np.asarray([table.setdefault(v, len(table)) for v in side], dtype=np.int64)
                 for side in sides]
        values: list[Any] = list(table)
    except TypeError:  # an unhashable value: numbered one by one
        values = [None]
        code = _numberer(values)
        coded = [np.fromiter(map(code, side), dtype=np.int64, count=len(side))
                 for side in sides]
    return FieldCodes(values, coded[0], coded[-1], {})


def encode(comparisons: Sequence[Comparison], left: Sequence[PreparedRecord],
           right: Sequence[PreparedRecord] | None) -> list[FieldCodes]:
    """Number the values of every comparison field (``right=None``: deduplication).

    Equal values get equal codes on both sides:

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> from vnidmatch.records import prepare_record as p
    >>> fc = encode((sex_comparison(),), [p({"id": 1, "sex": "F"})],
    ...             [p({"id": 2, "sex": "M"}), p({"id": 3, "sex": "Nữ"})])[0]
    >>> fc.left.tolist(), fc.right.tolist()
    ([1], [2, 1])
    """
    return [encode_values(field_getter(c.field), left, right) for c in comparisons]


def levels(comparison: Comparison, codes: FieldCodes, i: np.ndarray, j: np.ndarray,
           workers: int = 1) -> np.ndarray:
    """The level of each pair ``(left[i[t]], right[j[t]])``: distinct value pairs once.

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> from vnidmatch.records import prepare_record as p
    >>> recs = [p({"id": 1, "sex": "F"}), p({"id": 2, "sex": "M"}), p({"id": 3, "sex": "F"})]
    >>> fc = encode((sex_comparison(),), recs, None)[0]
    >>> levels(sex_comparison(), fc, np.array([0, 0, 1]), np.array([2, 1, 2])).tolist()
    [1, 2, 2]
    """
    n = len(codes.values)
    key = codes.left[i] * n + codes.right[j]
    uniq, inverse = np.unique(key, return_inverse=True)
    a, b = uniq // n, uniq % n
    found = np.zeros(len(uniq), dtype=np.int8)
    present = np.flatnonzero((a != 0) & (b != 0))
    if len(present):
        batch = comparison.batch
        if batch is not None:
            found[present] = batch(codes, a[present], b[present], comparison)
        else:
            found[present] = _one_by_one(comparison, codes.values, a[present], b[present],
                                         workers)
    return found[inverse.reshape(-1)]


#: below this many distinct pairs a comparison is not spread over processes
POOL_MIN_PAIRS = 50_000


def _one_by_one(comparison: Comparison, values: Sequence[Any], a: np.ndarray, b: np.ndarray,
                workers: int = 1) -> np.ndarray:
    if workers > 1 and len(a) >= POOL_MIN_PAIRS:
        return _forked(comparison, values, a, b, workers)
    level = comparison.level
    return np.asarray([level(values[x], values[y]) for x, y in zip(a.tolist(), b.tolist())],
                      dtype=np.int8)


def _forked_chunk(shared: tuple[Comparison, Sequence[Any]],
                  ab: tuple[np.ndarray, np.ndarray]) -> list[int]:
    comparison, values = shared
    return _one_by_one(comparison, values, ab[0], ab[1]).tolist()  # type: ignore[no-any-return]


def _forked(comparison: Comparison, values: Sequence[Any], a: np.ndarray, b: np.ndarray,
            workers: int) -> np.ndarray:
    """The scalar comparison over ``workers`` processes: forked children inherit the
    comparison and the values (no pickling of either); only code arrays travel."""
    bounds = np.linspace(0, len(a), workers + 1).astype(int)
    parts = [(a[x:y], b[x:y]) for x, y in itertools.pairwise(bounds.tolist())]
    return np.asarray(run_forked(_forked_chunk, parts, shared=(comparison, values)),
                      dtype=np.int8)


def _label_indexes(comparison: Comparison) -> dict[str, int]:
    """Level index by label; ``different`` (what the scalar level functions say) is the
    comparison's last, catch-all level."""
    index = {label: k for k, label in enumerate(comparison.labels)}
    index["different"] = len(comparison.labels) - 1
    return index


# ---------------------------------------------------------------------------
# Vectorised levels of the built-in comparisons. Each gives exactly the level of the
# scalar function (checked by property tests) and falls back to it for rare hard cases.
# ---------------------------------------------------------------------------

_PRECISION = {"year": 0, "month": 1, "day": 2}
_NO_DATE = -(10**9)


def _birth_features(codes: FieldCodes) -> dict[str, np.ndarray]:
    got = codes.cache.get("birth")
    if got is None:
        n = len(codes.values)
        year, month, day, prec, ordinal = (np.zeros(n, np.int64) for _ in range(5))
        placeholder = np.zeros(n, bool)
        for k, v in enumerate(codes.values[1:], 1):
            year[k], month[k], day[k] = v.year, v.month or 0, v.day or 0
            prec[k] = _PRECISION[v.precision]
            placeholder[k] = v.placeholder
            d = v.date
            ordinal[k] = d.toordinal() if d is not None else _NO_DATE
        # the eight digits ddmmyyyy, for the one-typo test
        digits = np.stack([day // 10, day % 10, month // 10, month % 10, year // 1000 % 10,
                           year // 100 % 10, year // 10 % 10, year % 10], axis=1)
        got = codes.cache["birth"] = {"year": year, "month": month, "day": day, "prec": prec,
                                      "placeholder": placeholder, "ordinal": ordinal,
                                      "digits": digits}
    return got


def _one_edit(da: np.ndarray, db: np.ndarray) -> np.ndarray:
    """Rows of two equal-width digit matrices one substitution or one adjacent
    transposition apart (Damerau distance exactly 1 for strings of equal length)."""
    diff = da != db
    n_diff = diff.sum(axis=1)
    swap = np.zeros(len(da), bool)
    for k in range(da.shape[1] - 1):
        swap |= (diff[:, k] & diff[:, k + 1] & (da[:, k] == db[:, k + 1])
                 & (da[:, k + 1] == db[:, k]))
    one: np.ndarray = (n_diff == 1) | ((n_diff == 2) & swap)
    return one


def birth_date_batch(codes: FieldCodes, a: np.ndarray, b: np.ndarray,
                     comparison: Comparison, near_days: int = 3) -> np.ndarray:
    """Vectorised :func:`~vnidmatch.compare.birth_date_level` (``different`` is the
    comparison's last level).

    >>> from vnidmatch.compare.comparison import birth_date_comparison
    >>> from vnidmatch.normalize.birthdate import parse_birth_date as p
    >>> c = birth_date_comparison()
    >>> fc = FieldCodes([None, p("5/3/1990"), p("3/5/1990"), p("1990"), p("6/3/1990")],
    ...                 np.arange(5), np.arange(5), {})
    >>> [c.labels[x] for x in birth_date_batch(fc, np.array([1, 1, 1, 1]), np.array([1, 2, 3, 4]), c)]
    ['exact', 'swapped', 'year_only', 'typo']
    """
    f = _birth_features(codes)
    lab = _label_indexes(comparison)
    other = lab["different"]
    ya, yb = f["year"][a], f["year"][b]
    ma, mb = f["month"][a], f["month"][b]
    da, db = f["day"][a], f["day"][b]
    pa, pb = f["prec"][a], f["prec"][b]
    ha, hb = f["placeholder"][a], f["placeholder"][b]
    oa, ob = f["ordinal"][a], f["ordinal"][b]
    typo = _one_edit(f["digits"][a], f["digits"][b])
    same_year = ya == yb
    both_days = (pa == 2) & (pb == 2)
    exact = both_days & same_year & (ma == mb) & (da == db)
    full = both_days & ~ha & ~hb
    near = (oa != _NO_DATE) & (ob != _NO_DATE) & (np.abs(oa - ob) <= near_days)
    full_level = np.select(
        [same_year & (da == mb) & (ma == db), typo, near, same_year],
        [lab["swapped"], lab["typo"], lab["near"], lab["year"]], other)
    months_known = ((pa == 1) & (pb == 1)) | ((ma > 0) & (mb > 0) & (ma != mb) & ~ha & ~hb)
    partial_level = np.where(
        ~same_year, np.where((pa == pb) & typo, lab["typo"], other),
        np.where(months_known, np.where(ma == mb, lab["exact"], lab["year"]), lab["year_only"]))
    return np.where(exact, lab["exact"], np.where(full, full_level, partial_level)).astype(np.int8)


def _id_features(codes: FieldCodes) -> dict[str, np.ndarray]:
    """For values holding exactly one identifier: its number, family (12 or 9 digits),
    whether it may make a conflict (valid and consistent with its record) and its digits."""
    got = codes.cache.get("ids")
    if got is None:
        n = len(codes.values)
        single = np.zeros(n, bool)
        family = np.zeros(n, np.int8)  # 0 unknown
        strong = np.zeros(n, bool)
        width = np.zeros(n, np.int8)
        number: list[str] = [""] * n
        for k, v in enumerate(codes.values[1:], 1):
            if len(v) != 1:
                continue
            x, consistent = v[0]
            fam = _family(x.kind, x.number)
            if not x.number.isascii() or not x.number.isdigit() or len(x.number) > 12:
                continue
            single[k] = True
            number[k] = x.number
            family[k] = {"12": 12, "9": 9}.get(fam, 0)
            strong[k] = bool(consistent) and x.is_valid
            width[k] = len(x.number)
        # every number's digits, right-aligned in 12 columns (zeros before): one buffer
        padded = "".join(x.rjust(12, "0") for x in number).encode("ascii")
        digits = (np.frombuffer(padded, np.uint8).reshape(n, 12) - 48).astype(np.int8)
        got = codes.cache["ids"] = {"single": single, "family": family, "strong": strong,
                                    "width": width, "digits": digits,
                                    "number": np.asarray(number, dtype=object)}
    return got


def id_batch(codes: FieldCodes, a: np.ndarray, b: np.ndarray, comparison: Comparison
             ) -> np.ndarray:
    """Vectorised identifier levels for records with one identifier each (the common case);
    records with several go through the scalar comparison.

    >>> from vnidmatch.compare.comparison import id_comparison
    >>> from vnidmatch.ids import parse_id
    >>> c = id_comparison()
    >>> v = [None] + [((parse_id(x), True),) for x in ("001090012345", "001090012354",
    ...                                                   "079090555111", "012345678")]
    >>> fc = FieldCodes(v, np.arange(5), np.arange(5), {})
    >>> [c.labels[x] for x in id_batch(fc, np.array([1, 1, 1, 1]), np.array([1, 2, 3, 4]), c)]
    ['exact', 'typo', 'conflict', 'null']
    """
    f = _id_features(codes)
    out = np.zeros(len(a), np.int8)
    fast = f["single"][a] & f["single"][b] & (f["width"][a] == f["width"][b])
    slow = np.flatnonzero(~fast)
    if len(slow):
        out[slow] = _one_by_one(comparison, codes.values, a[slow], b[slow])
    k = np.flatnonzero(fast)
    ka, kb = a[k], b[k]
    exact = f["number"][ka] == f["number"][kb]
    fa, fb = f["family"][ka], f["family"][kb]
    comparable = (fa == fb) & (fa != 0)
    typo = _one_edit(f["digits"][ka], f["digits"][kb])
    conflict = f["strong"][ka] & f["strong"][kb]
    lab = _label_indexes(comparison)
    out[k] = np.select([exact, ~comparable, typo, conflict],
                       [lab["exact"], 0, lab["typo"], lab["conflict"]], lab["else"])
    return out


def _admin_features(codes: FieldCodes) -> dict[str, Any]:
    """Per value: integer ids of the units :func:`admin_level` compares (0 = none)."""
    got = codes.cache.get("admin")
    if got is None:
        numbers: dict[Any, int] = {}

        def num(x: Any) -> int:
            return 0 if not x else numbers.setdefault(x, len(numbers) + 1)

        n = len(codes.values)
        feats = {k: np.zeros(n, np.int64) for k in
                 ("resolved", "legacy_ward", "ward", "district", "province", "candidates")}
        for k, v in enumerate(codes.values[1:], 1):
            if not v.is_resolved:
                continue
            province, wards = current_units(v)
            feats["resolved"][k] = 1
            feats["legacy_ward"][k] = num(v.ward_code) if v.scheme == "legacy" else 0
            feats["ward"][k] = num(wards[0]) if len(wards) == 1 else 0
            feats["district"][k] = num(v.district_code)
            feats["province"][k] = num(province)
            # a split or ambiguous ward: compared by its candidate set, one by one
            feats["candidates"][k] = 0 if len(wards) == 1 else len(wards)
        # the street part as streets_agree compares it ("" when there is none)
        feats["street"] = np.asarray([""] + [street_key(v.street) if v.street else ""
                                             for v in codes.values[1:]], dtype=object)
        got = codes.cache["admin"] = feats
    return got


def address_batch(codes: FieldCodes, a: np.ndarray, b: np.ndarray, comparison: Comparison
                  ) -> np.ndarray:
    """Vectorised :func:`~vnidmatch.compare.address_level`: the units compared as integer
    ids (pairs with a split or ambiguous ward one by one), the street compared only where
    the ward agrees.

    >>> from vnidmatch.compare.comparison import address_comparison
    >>> from vnidmatch.normalize.address import parse_address as p
    >>> c = address_comparison()
    >>> v = [None, p("12 Lý Tự Trọng, P. Bến Thành, Q.1, HCM"),
    ...      p("12 Ly Tu Trong, Phuong Ben Thanh, TP Ho Chi Minh"), p("Hà Nội")]
    >>> fc = FieldCodes(v, np.arange(4), np.arange(4), {})
    >>> [c.labels[x] for x in address_batch(fc, np.array([1, 1]), np.array([2, 3]), c)]
    ['street', 'else']
    """
    f = _admin_features(codes)
    index = _label_indexes(comparison)

    def same(name: str) -> np.ndarray:
        x = f[name][a]
        agree: np.ndarray = (x != 0) & (x == f[name][b])
        return agree

    level = np.select(
        [same("legacy_ward") | same("ward"), same("district"), same("province")],
        [index["ward"], index["district"], index["province"]], index["different"])
    level[(f["resolved"][a] == 0) | (f["resolved"][b] == 0)] = 0
    values = codes.values
    # a candidate set may overlap the other side's ward: those pairs go one by one
    slow = np.flatnonzero(((f["candidates"][a] > 0) | (f["candidates"][b] > 0))
                          & (level != index["ward"]) & (level != 0))
    for t in slow.tolist():
        level[t] = index[admin_level(values[a[t]], values[b[t]])]
    out = level.astype(np.int8)
    if "street" in index:
        # streets_agree on every pair whose ward agrees, in one rapidfuzz call
        streets = f["street"]
        ward = np.flatnonzero(out == index["ward"])
        ward = ward[(streets[a[ward]] != "") & (streets[b[ward]] != "")]
        if len(ward):
            score = process.cpdist(streets[a[ward]].tolist(), streets[b[ward]].tolist(),
                                   scorer=fuzz.token_sort_ratio, dtype=np.float64)
            out[ward[score >= STREET_AGREES]] = index["street"]
    return out


def pattern_matrix(comparisons: Sequence[Comparison], codes: Sequence[FieldCodes],
                   i: np.ndarray, j: np.ndarray, workers: int = 1) -> np.ndarray:
    """An ``int8`` matrix: one row per pair, one column per comparison (see the module
    example).

    >>> from vnidmatch.compare.comparison import sex_comparison
    >>> pattern_matrix((sex_comparison(),), encode((sex_comparison(),), [], None),
    ...                np.array([], dtype=np.int64), np.array([], dtype=np.int64)).shape
    (0, 1)
    """
    out = np.zeros((len(i), len(comparisons)), dtype=np.int8)
    for k, (c, fc) in enumerate(zip(comparisons, codes)):
        if len(i):
            out[:, k] = levels(c, fc, i, j, workers)
    return out
