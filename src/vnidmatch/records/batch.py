"""Preparing a batch of records: each distinct value worked out once, over a process pool.

>>> rs = prepare_records([{"id": 1, "full_name": "LE LAN"}, {"id": 2, "full_name": "LE LAN"}])
>>> [r.name_key for r in rs]
['le lan', 'le lan']
"""

from __future__ import annotations

import functools
import operator
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from vnidmatch._parallel import claimed, in_child, run_forked, shared_counter
from vnidmatch.ids import IdNumber
from vnidmatch.normalize.address import Address
from vnidmatch.normalize.birthdate import BirthDate
from vnidmatch.records.columns import text_of
from vnidmatch.records.prepared import COLUMNS, PARSERS, PreparedRecord, prepare_from

__all__ = ["Derived", "batch_preparer", "prepare_batch", "prepare_records"]

#: below this many distinct values in all a process pool costs more than it saves
POOL_MIN_VALUES = 20_000


#: a derived kind worked out with the preparation: (kind, input column, whether the function
#: gets the stripped text, function of one value)
Derived = tuple[str, str, bool, Callable[[Any], Any]]


_Column = tuple[str, Callable[[Any], Any], list[str]]  # (kind, function, distinct values)


_address_fields = operator.attrgetter(*Address.__dataclass_fields__)
_birth_fields = operator.attrgetter(*BirthDate.__dataclass_fields__)
#: kinds whose results travel from a forked worker as plain tuples, pickled and read back
#: several times faster than the objects: kind -> (pack, unpack)
_PACKING: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "address": (lambda r: (None if r[0] is None else _address_fields(r[0]), r[1], r[2]),
                lambda r: (None if r[0] is None else Address(*r[0]), r[1], r[2])),
    "birth": (lambda b: None if b is None else _birth_fields(b),
              lambda t: None if t is None else BirthDate(*t)),
    "id": (lambda i: None if i is None else tuple(i),
           lambda t: None if t is None else IdNumber._make(t)),
}
_PACKING["cmnd"] = _PACKING["other"] = _PACKING["id"]


#: values of one kind a process takes at a time in the preparation pool
VALUE_CHUNK = 2_000
_Work = list[tuple[int, int, int]]  # chunks of values: (kind's index, start, end)


def _work(shared: tuple[list[_Column], _Work, Any, int], from_end: bool) -> list[Any]:
    """The chunks of values this process takes from the shared counter, worked out: ``(chunk,
    packed, results)`` each, where a forked worker's results of :data:`_PACKING`'s kinds
    are plain tuples, and this process's (every chunk without a pool) as they are."""
    ordered, work, counter, parent = shared
    forked = in_child(parent)
    out: list[Any] = []
    for c in claimed(counter, len(work), from_end=from_end):
        k, start, end = work[c]
        kind, func, values = ordered[k]
        got = [func(v) for v in values[start:end]]
        packing = _PACKING.get(kind) if forked else None
        out.append((c, packing is not None, got if packing is None else
                    list(map(packing[0], got))))
    return out


def _distinct_maps(columns: list[_Column], workers: int,
                   by_address: frozenset[str] = frozenset({"address"})
                   ) -> dict[str, dict[str, Any]]:
    """Each distinct value of each kind worked out once; with ``workers > 1`` over that many
    processes (the caller is one), in one fork, a chunk of values at a time. The kinds in
    ``by_address`` are addresses: they come first in the work, the others after them in
    reverse, and the forked workers take chunks from the front while this process takes them
    from the back, so that the addresses of one ward (sorted together) and a name and its
    derived kinds are mostly worked out in one process, whose caches then serve them all."""
    if workers < 2 or sum(len(v) for _, _, v in columns) < POOL_MIN_VALUES:
        return {kind: {v: func(v) for v in values} for kind, func, values in columns}
    ordered = []
    for kind, func, values in columns:
        if kind in by_address:
            # addresses of one ward share their tail, which the parser resolves once per
            # process: kept together, they are resolved once in all
            values = sorted(values, key=lambda v: v.split(",", 1)[-1].strip().lower())
        ordered.append((kind, func, values))
    first = [k for k, (kind, _, _) in enumerate(ordered) if kind in by_address]
    rest = [k for k, (kind, _, _) in enumerate(ordered) if kind not in by_address]
    work: _Work = [(k, start, min(start + VALUE_CHUNK, len(ordered[k][2])))
                   for k in first + rest[::-1]
                   for start in range(0, len(ordered[k][2]), VALUE_CHUNK)]
    # the workers inherit the values and the work: a job only says which end to take from
    done = {c: (packed, got) for c, packed, got in run_forked(
        _work, [True] + [False] * (workers - 1),
        shared=(ordered, work, shared_counter(), os.getpid()))}
    out: dict[str, dict[str, Any]] = {}
    for k, (kind, func, values) in enumerate(ordered):
        results: list[Any] = []
        for c, (kk, start, end) in enumerate(work):
            if kk != k:
                continue
            if c not in done:  # a worker died (run_forked then keeps no pool result): here
                done[c] = (False, [func(v) for v in values[start:end]])
            packed, got = done[c]
            results += map(_PACKING[kind][1], got) if packed else got
        out[kind] = dict(zip(values, results))
    return out


def prepare_records(records: Sequence[Mapping[str, Any]], *,
                    sex_numeric: Mapping[str, str] | None = None, id_field: str = "id",
                    workers: int = 1) -> list[PreparedRecord]:
    """:func:`prepare_record` for many records: each distinct name, address, date, phone and
    identifier text is worked out once, and with ``workers > 1`` (on Linux) over a process
    pool, each process taking a share of every field. The result is the same as preparing
    the records one by one.

    >>> rs = prepare_records([{"id": 1, "full_name": "LE LAN"}, {"id": 2, "full_name": "LE LAN"}])
    >>> [r.name_key for r in rs]
    ['le lan', 'le lan']
    """
    return prepare_batch(records, sex_numeric=sex_numeric, id_field=id_field,
                         workers=workers)[0]


def prepare_batch(records: Sequence[Mapping[str, Any]], *,
                  sex_numeric: Mapping[str, str] | None = None, id_field: str = "id",
                  workers: int = 1, derived: Sequence[Derived] = ()
                  ) -> tuple[list[PreparedRecord], dict[str, dict[Any, Any]]]:
    """:func:`prepare_records`, and the tables of what each distinct value gave: kind
    (``"name"``, ``"address"``, ``"birth"``, ``"phone"``, ``"id"``, ``"cmnd"``, and each
    ``derived`` kind) → input value → result. ``derived`` kinds are worked out in the same
    pool, per distinct value of their column, while that value's parses are still cached
    (the rule engine reads the repairs of names this way).

    >>> rs, tables = prepare_batch([{"id": 1, "phone": "0912 345 678"}],
    ...                            derived=[("digits", "phone", True, len)])
    >>> tables["phone"], tables["digits"]
    ({'0912 345 678': '+84912345678'}, {'0912 345 678': 12})
    """
    prepare, tables = batch_preparer(records, sex_numeric=sex_numeric, id_field=id_field,
                                     workers=workers, derived=derived)
    return [prepare(r) for r in records], tables


def batch_preparer(records: Sequence[Mapping[str, Any]], *,
                   sex_numeric: Mapping[str, str] | None = None, id_field: str = "id",
                   workers: int = 1, derived: Sequence[Derived] = ()
                   ) -> tuple[Callable[[Mapping[str, Any]], PreparedRecord],
                              dict[str, dict[Any, Any]]]:
    """What :func:`prepare_batch` works out before it assembles the records: a function that
    prepares one record of ``records`` from the tables, and the tables. Forked workers can
    then assemble their own share (the rule engine does, while this process prepares the
    whole register for the duplicate search).

    >>> prepare, tables = batch_preparer([{"id": 1, "full_name": "LE LAN"}])
    >>> prepare({"id": 1, "full_name": "LE LAN"}).full_name
    'Le Lan'
    """
    columns = []
    mixed = set()  # kinds whose column holds values other than text (numbers, dates)
    scanned: dict[tuple[str, bool], tuple[list[str], bool]] = {}  # a column read once
    for kind, column, stripped, func in (*((k, c, s, PARSERS[k]) for k, c, s in COLUMNS),
                                         *derived):
        got = scanned.get((column, stripped))
        if got is None:
            got = scanned[column, stripped] = _distinct_texts(records, column, stripped)
        if got[1]:
            mixed.add(kind)
        columns.append((kind, func, got[0]))
    tables = _distinct_maps(columns, workers, frozenset(
        {"address", *(kind for kind, column, _, _ in derived if column == "address")}))
    parsers: dict[str, Callable[[Any], Any]] = {}
    for kind, table in tables.items():
        if kind not in PARSERS:
            continue
        if kind in mixed:  # other types are rare: parsed as they come
            parsers[kind] = lambda v, table=table, func=PARSERS[kind]: (  # type: ignore[misc]
                table[v] if isinstance(v, str) else func(v))
        else:
            parsers[kind] = table.__getitem__
    return functools.partial(prepare_from, sex_numeric=sex_numeric, id_field=id_field,
                             parsers=parsers), tables


def _distinct_texts(records: Sequence[Mapping[str, Any]], column: str, stripped: bool
                    ) -> tuple[list[str], bool]:
    """The distinct texts of a column, in order of first appearance (stripped, blank ones
    left out, with ``stripped``), and whether the column holds values other than text."""
    values: list[Any] = [r.get(column) for r in records]
    if stripped:  # text_of, inlined for text
        values = [(v.strip() or None) if type(v) is str else text_of(v) for v in values]
    mixed = not stripped and any(v is not None and not isinstance(v, str) for v in values)
    texts: dict[Any, None] = dict.fromkeys(
        (v for v in values if isinstance(v, str)) if mixed else values)
    texts.pop(None, None)
    return list(texts), mixed

