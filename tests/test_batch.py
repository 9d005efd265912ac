"""The batch machinery: pattern matrices equal the pairwise levels, process pools change
nothing, values are numbered alike on both sides. (That each vectorised comparison equals
its scalar twin is checked in ``test_compare_twins.py``.)"""

from __future__ import annotations

import itertools

import numpy as np


def test_pattern_matrix_matches_pairwise_patterns() -> None:
    from vnidmatch.compare.batch import encode, pattern_matrix
    from vnidmatch.match import MatchConfig
    from vnidmatch.records import prepare_record
    from vnidmatch.synth import derive_register, generate_population

    pop = generate_population(150, seed=3)
    reg = derive_register(pop, seed=4)
    left = [prepare_record(r) for r in reg]
    right = [prepare_record(r) for r in pop]
    comps = MatchConfig().comparisons
    pairs = list(itertools.product(range(0, len(left), 7), range(0, len(right), 5)))
    i = np.asarray([a for a, _ in pairs])
    j = np.asarray([b for _, b in pairs])
    got = pattern_matrix(comps, encode(comps, left, right), i, j).tolist()
    want = [[c.level(left[a].field_value(c.field), right[b].field_value(c.field))
             for c in comps] for a, b in pairs]
    assert got == want


def test_process_pools_give_the_same_results(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Preparation and comparison spread over a forked worker equal the one-process run."""
    import vnidmatch.compare.batch as batch
    import vnidmatch.records.batch as record
    from vnidmatch.match import MatchConfig, link
    from vnidmatch.synth import derive_register, generate_population

    pop = generate_population(300, seed=5)
    reg = derive_register(pop, seed=6)
    one = link(reg, pop, MatchConfig(workers=1))
    monkeypatch.setattr(record, "POOL_MIN_VALUES", 10)
    monkeypatch.setattr(batch, "POOL_MIN_PAIRS", 10)
    two = link(reg, pop, MatchConfig(workers=2))
    assert [(p.left_id, p.right_id, p.decision, p.levels) for p in one.pairs] == [
        (p.left_id, p.right_id, p.decision, p.levels) for p in two.pairs]
    assert [p.match_weight for p in one.pairs] == [p.match_weight for p in two.pairs]
    def fields(rs):  # type: ignore[no-untyped-def]
        return [(r.full_name, r.name_key, r.phonetic, r.birth, r.sex, r.ids, r.id_consistent,
                 r.phone, r.address, r.province, r.problems) for r in rs]

    assert fields(one.right) == fields(two.right)
    assert fields(one.left) == fields(two.left)
    from vnidmatch.records import prepare_record

    assert fields(two.left) == fields([prepare_record(r) for r in reg])
    assert len(one.pairs) > 200


def test_a_pool_that_cannot_start_falls_back_to_this_process(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import concurrent.futures

    from vnidmatch._parallel import run_forked

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("no processes in this sandbox")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    assert run_forked(lambda xs: [x + 1 for x in xs], [[1, 2], [3], [4]]) == [2, 3, 4, 5]
    assert run_forked(lambda xs: xs, []) == []


def test_array_scoring_equals_the_scalar_explanation() -> None:
    """Every kept pair's weight, probability and decision from the arrays equal the
    one-pair-at-a-time explanation (prior, level weights, name frequency, caps)."""
    from vnidmatch.match import MatchConfig, link
    from vnidmatch.synth import derive_register, generate_population

    pop = generate_population(400, seed=8)
    reg = derive_register(pop, seed=9)
    res = link(reg, pop, MatchConfig(workers=1))
    assert len(res.pairs) > 300
    assert {p.decision for p in res.pairs} == {"match", "possible"}
    for p in res.pairs:
        e = res.explain(p.left_id, p.right_id)
        assert abs(e.match_weight - p.match_weight) < 1e-9, (p, e)
        assert e.decision == p.decision
        assert tuple(label for _, label, _ in e.terms[: len(p.levels)]) == p.levels


def test_encode_values_numbers_equal_values_alike_on_both_sides() -> None:
    from vnidmatch.compare.batch import encode_values
    from vnidmatch.records import prepare_record

    left = [prepare_record({"id": i, "tag": t}) for i, t in enumerate(["a", "b", None, "a"])]
    right = [prepare_record({"id": i, "tag": t}) for i, t in enumerate(["b", "c"])]
    fc = encode_values(lambda r: r.field_value("tag"), left, right)
    assert fc.values == [None, "a", "b", "c"]
    assert (fc.left.tolist(), fc.right.tolist()) == ([1, 2, 0, 1], [2, 3])


def test_encode_values_falls_back_for_unhashable_values() -> None:
    from vnidmatch.compare.batch import encode_values
    from vnidmatch.records import prepare_record

    recs = [prepare_record({"id": i, "tags": t}) for i, t in enumerate([["x"], "y", "y", None])]
    fc = encode_values(lambda r: r.field_value("tags"), recs, None)
    assert fc.values == [None, ["x"], "y"]
    assert fc.left.tolist() == [1, 2, 2, 0]
    assert fc.right is fc.left


def test_prepare_records_reads_numbers_and_dates_as_prepare_record_does() -> None:
    import datetime

    from vnidmatch.records import prepare_record, prepare_records

    recs = [
        {"id": 1, "full_name": "Lê Lan", "id_number": 1090012345.0, "phone": 912345678,
         "birth_date": datetime.date(1990, 2, 1), "address": "P. Bến Thành, Q.1, HCM"},
        {"id": 2, "full_name": " LE LAN ", "id_number": "01090012345", "phone": "0912345678",
         "birth_date": "1/2/1990", "address": "P. Bến Thành, Q.1, HCM"},
        {"id": 3, "full_name": None, "id_number": ["not", "a", "number"], "phone": float("nan"),
         "birth_date": 32905, "address": 12},
    ]
    batch = prepare_records(recs)
    one = [prepare_record(r) for r in recs]
    assert batch == one
    assert batch[0].ids[0].number == batch[1].ids[0].number == "001090012345"
    assert batch[0].phone == batch[1].phone == "+84912345678"
    assert batch[0].birth == batch[1].birth
    assert batch[2].ids[0].kind == "invalid" and batch[2].problems


_DYING: dict[str, object] = {}


def _dying_work(shared, from_end):  # type: ignore[no-untyped-def]  # noqa: RET503
    """A preparation worker that takes one chunk and dies (this process works as usual)."""
    import os
    import time

    from vnidmatch._parallel import claimed

    if os.getpid() == _DYING["parent"]:
        time.sleep(0.3)  # long enough for the worker to start and take its chunk
        return _DYING["real"](shared, from_end)  # type: ignore[operator]
    next(claimed(shared[2], len(shared[1])))
    _DYING["taken"].write_text("1")  # type: ignore[attr-defined]
    os._exit(1)  # (never returns)


def test_preparation_pool_chunks_and_a_dead_worker_give_the_same_tables(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    import vnidmatch.records.batch as record
    from vnidmatch.records import prepare_batch
    from vnidmatch.synth import derive_register, generate_population

    recs = [{**r, "id": str(r["id"])} for r in
            derive_register(generate_population(300, seed=5), seed=6)]

    def fields(rs):  # type: ignore[no-untyped-def]
        return [(r.full_name, r.name_key, r.birth, r.ids, r.phone, r.address, r.wards,
                 r.problems) for r in rs]

    one, one_tables = prepare_batch(recs, workers=1)
    monkeypatch.setattr(record, "POOL_MIN_VALUES", 10)
    monkeypatch.setattr(record, "VALUE_CHUNK", 7)  # dozens of chunks, taken from both ends
    two, two_tables = prepare_batch(recs, workers=2)
    assert two_tables == one_tables and fields(two) == fields(one)
    _DYING.update(parent=os.getpid(), real=record._work, taken=tmp_path / "taken")
    monkeypatch.setattr(record, "_work", _dying_work)
    three, three_tables = prepare_batch(recs, workers=2)
    assert (tmp_path / "taken").exists()  # the worker took a chunk before it died
    assert three_tables == one_tables and fields(three) == fields(one)
