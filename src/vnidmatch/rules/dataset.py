"""The rules over a whole register: every record checked, then the register as a whole
(duplicates, VN-DUP-001, and identifiers shared by different people, VN-DUP-002), counted
into a :class:`~vnidmatch.rules.report.QualityReport`.

Large registers are checked over forked children, a chunk of records at a time
(:mod:`vnidmatch._parallel`), while this process looks for duplicates.

>>> recs = [{"id": "1", "full_name": "Lê Lan", "birth_date": "1990-01-02", "sex": "F",
...          "id_number": "001190012345", "address": "Phường Ba Đình, Hà Nội"},
...         {"id": "2", "full_name": "LE LAN", "birth_date": "2/1/1990",
...          "id_number": "001190012345"}]
>>> rep = check_dataset(recs, today=datetime.date(2026, 1, 1))
>>> rep.records, rep.passed["du"], rep.by_rule["VN-DUP-001"]
(2, 1, 2)
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from vnidmatch._parallel import (
    Background,
    claimed,
    default_workers,
    paused_gc,
    pickled,
    shared_counter,
    unpickled,
)
from vnidmatch.records import CANONICAL_FIELDS, PreparedRecord, as_records, batch_preparer
from vnidmatch.rules.builtin import DERIVED
from vnidmatch.rules.engine import (
    WORDS,
    AnyRule,
    CheckOptions,
    _rule_funcs,
    _run_funcs,
    make_context,
    resolve_options,
    select_rules,
)
from vnidmatch.rules.report import QualityReport
from vnidmatch.types import Issue, Severity

__all__ = ["check_dataset"]


def _dataset_issues(prepared: list[PreparedRecord]) -> dict[str, list[Issue]]:
    """Sạch across records: duplicates (the linker's dedupe) and identifiers shared by people."""
    from vnidmatch.match import dedupe_prepared

    out: dict[str, list[Issue]] = defaultdict(list)
    if len(prepared) > 1:
        res = dedupe_prepared(prepared)
        people = res.clusters
        # most clusters and most numbers are one record's: counted in C, grouped after
        size = Counter(people.values())
        members: dict[str, list[str]] = defaultdict(list)
        for rid, c in people.items():
            if size[c] > 1:
                members[c].append(rid)
        for group in members.values():
            for rid in group:
                others = ", ".join(x for x in group if x != rid)
                out[rid].append(Issue("VN-DUP-001", "*", f"duplicate of record(s) {others}",
                                      Severity.WARNING, "sach"))
        held = Counter(i.number for p in res.records for i in p.ids if i.is_valid)
        by_number: dict[str, set[str]] = defaultdict(set)
        for p in res.records:
            for i in p.ids:
                if held[i.number] > 1 and i.is_valid:
                    by_number[i.number].add(p.id)
        for holders in by_number.values():
            clusters = {people[h] for h in holders}
            if len(clusters) > 1:
                for h in holders:
                    out[h].append(Issue("VN-DUP-002", "id_number",
                                        "identifier also held by a different person "
                                        f"(records {', '.join(sorted(holders - {h}))})",
                                        Severity.ERROR, "sach"))
    return out


#: below this many records the rules run in this process only
POOL_MIN_RECORDS = 20_000
Tables = dict[str, dict[Any, Any]]
_Shared = tuple[list[Mapping[str, Any]], list[Mapping[str, Any]],
                Callable[[Mapping[str, Any]], PreparedRecord], CheckOptions,
                list[AnyRule], Tables]


def _check_share(shared: _Shared, bounds: tuple[int, int],
                 prepared: Sequence[PreparedRecord] | None = None) -> list[list[Issue]]:
    """A share of records checked, each prepared from the register's tables (or taken from
    ``prepared``, the whole register prepared already)."""
    recs, keyed, prepare, opts, selected, tables = shared
    funcs = _rule_funcs(selected)
    return [_run_funcs(make_context(recs[k], prepare(keyed[k]) if prepared is None
                                    else prepared[k], None, opts, tables), funcs)
            for k in range(*bounds)]


_Counts = tuple[Counter[str], Counter[str], Counter[str], dict[str, set[str]]]


def _new_counts() -> _Counts:
    return Counter(), Counter(), Counter(), defaultdict(set)


def _count(counts: _Counts, found: Mapping[str, list[Issue]]) -> _Counts:
    """Adds to ``counts`` what the report counts of the issues of some records (by record
    id): records per rule, issues per word and per field, and the records failing each word
    (an error or a warning of it). Counted in bulk: ``Counter`` counts an iterable in C."""
    by_rule, by_word, by_field, failed = counts
    every = found.values()
    by_rule.update(code for issues in every for code in {i.code for i in issues})
    by_word.update(i.word for issues in every for i in issues)
    by_field.update(i.field for issues in every for i in issues)
    for rid, issues in found.items():
        for i in issues:
            if i.severity >= Severity.WARNING:
                failed[i.word].add(rid)
    return counts


#: records a process takes at a time when the rules run over several processes
CLAIM = 2_000


def _chunks(counter: Any, total: int) -> Iterator[tuple[int, int]]:
    """The chunks of :data:`CLAIM` records this process takes from ``counter``."""
    for k in claimed(counter, -(-total // CLAIM)):
        yield k * CLAIM, min((k + 1) * CLAIM, total)


def _add_counts(counts: _Counts, more: _Counts) -> None:
    """Adds the counts a child made of its records to ``counts``."""
    for mine, theirs in zip(counts[:3], more[:3]):
        mine.update(theirs)
    for word, rids in more[3].items():
        counts[3][word].update(rids)


def _rules_claimed(shared: _Shared, counter: Any) -> list[Any]:
    """In a forked child: the chunks of records it takes from ``counter``, checked. Returns
    their first records' indexes, their issues as plain tuples (pickled several times faster
    than named tuples), pickled chunk by chunk as they are made (the parent is busy with the
    duplicates meanwhile: the result is then sent at once), and the counts of those issues."""
    keyed = shared[1]
    starts, rows = [], []
    counts = _new_counts()
    for bounds in _chunks(counter, len(keyed)):
        got = _check_share(shared, bounds)
        starts.append(bounds[0])
        rows.append(pickled([[tuple(i) for i in issues] for issues in got]))
        _count(counts, {keyed[k]["id"]: issues for k, issues in zip(range(*bounds), got)
                        if issues})
    return [starts, rows, counts]


def _check_pooled(shared: _Shared, ids: list[str], duplicates: bool, workers: int,
                  counts: _Counts) -> tuple[list[list[Issue]], dict[str, list[Issue]]]:
    """Every record's issues and the dataset rules' issues, over ``workers`` processes:
    forked children check records, a chunk at a time, while this process prepares the
    whole register and looks for duplicates; then it checks what is left with them. Adds
    the counts of all the issues to ``counts`` (each process counts what it checked)."""
    recs, keyed, prepare = shared[0], shared[1], shared[2]
    counter = shared_counter()
    helpers = [Background(_rules_claimed, counter, shared=shared) for _ in range(workers - 1)]
    prepared = [prepare(r) for r in keyed] if duplicates else None
    extra = _dataset_issues(prepared) if prepared is not None else {}
    chunks: dict[int, list[list[Issue]]] = {}
    mine: list[int] = []
    for bounds in _chunks(counter, len(recs)):
        chunks[bounds[0]] = _check_share(shared, bounds, prepared)
        mine.append(bounds[0])
    for job in helpers:
        starts, rows, theirs = job.result()
        for start, data in zip(starts, rows):
            chunks[start] = [[Issue(*t) for t in x] for x in unpickled(data)]
        _add_counts(counts, theirs)
    for start in range(0, len(recs), CLAIM):
        if start not in chunks:  # taken by a child that died: checked here
            chunks[start] = _check_share(shared, (start, min(start + CLAIM, len(recs))),
                                         prepared)
            mine.append(start)
    _count(counts, {ids[k]: issues for start in mine
                    for k, issues in enumerate(chunks[start], start) if issues})
    _count(counts, extra)
    return [issues for start in sorted(chunks) for issues in chunks[start]], extra


def _description(r: AnyRule) -> str:
    """What the report says a rule checks: its ``description``, if it has one."""
    return str(getattr(r, "description", "") or "")


@paused_gc()
def check_dataset(records: Iterable[Mapping[str, Any]] | Any,
                  rules: Sequence[str | AnyRule] | None = None, *,
                  options: CheckOptions | None = None, duplicates: bool = True,
                  today: datetime.date | None = None, workers: int | None = None,
                  id_column: str | None = None) -> QualityReport:
    """Check every record and the register as a whole.

    ``rules``: codes, words or rule objects, as for :func:`~vnidmatch.rules.check`
    (default: all). ``duplicates`` runs the dataset rules VN-DUP-001 (duplicates found by
    ``dedupe``) and VN-DUP-002 (one identifier held by two different people). Records are
    prepared once for both (names and addresses over ``workers`` processes; default: up
    to 2). ``records`` may be a DataFrame or rows with the headers of a file: their columns
    are mapped as :func:`~vnidmatch.link` maps them, and ``options.required`` may name a
    field by a header (``Họ và tên``); a name that is neither a field nor a column raises
    :class:`~vnidmatch.exceptions.ConfigError` listing the valid fields. A DataFrame's index
    is the record id (or ``id_column``).

    >>> sorted(check_dataset([{"full_name": "Lê Lan"}], rules=["du"], duplicates=False).by_rule)
    ['VN-REQ-002', 'VN-REQ-004', 'VN-REQ-005', 'VN-REQ-006']
    >>> opts = CheckOptions(required=("Họ và tên",))
    >>> check_dataset([{"Họ và tên": "Lê Thị Lan"}], ["du"], options=opts).passed["du"]
    1
    """
    opts = options or (CheckOptions(today=today) if today else CheckOptions())
    recs = list(as_records(records, id_column))  # columns mapped as link maps them
    if not set(opts.required) <= set(CANONICAL_FIELDS):
        opts = resolve_options(opts, dict.fromkeys(k for r in recs for k in r))
    ids = [str(r.get("id") if r.get("id") not in (None, "") else n)
           for n, r in enumerate(recs, 1)]
    if len(set(ids)) != len(ids):  # ids must be unique to report on records: number them
        ids = [str(n) for n in range(1, len(recs) + 1)]
    selected = select_rules(rules)
    report = QualityReport(len(recs), descriptions={r.code: _description(r) for r in selected})
    report.descriptions["VN-DUP-001"] = "no duplicate records in the register"
    report.descriptions["VN-DUP-002"] = "no identifier shared by two different people"
    workers = default_workers() if workers is None else workers
    # records with their ids as the report names them (copied only where that differs)
    keyed: list[Mapping[str, Any]] = [r if r.get("id") == rid else {**r, "id": rid}
                                      for r, rid in zip(recs, ids)]
    # the distinct values of every field worked out once, over the pool; with them the rules'
    # own readings of raw values (name repairs: DERIVED)
    prepare, tables = batch_preparer(keyed, workers=workers, derived=DERIVED)
    shared = (recs, keyed, prepare, opts, selected, tables)

    counts = _new_counts()
    counted_here = workers < 2 or len(recs) < POOL_MIN_RECORDS  # else counted as checked
    if counted_here:
        found = _check_share(shared, (0, len(recs)))
        extra = _dataset_issues([prepare(r) for r in keyed]) if duplicates else {}
    else:
        found, extra = _check_pooled(shared, ids, duplicates, workers, counts)
    for rid, issues in zip(ids, found):
        more = extra.get(rid)
        if more:
            issues = issues + more
        if issues:
            report.issues[rid] = issues
    if counted_here:
        _count(counts, report.issues)
    report.by_rule, report.by_word, report.by_field, failed = counts
    report.passed = {w: len(recs) - len(failed.get(w, ())) for w in WORDS}
    return report
