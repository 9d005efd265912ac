"""Each vectorised comparison gives exactly the levels of its scalar twin, on every pair.

One harness (:func:`assert_twins`, after RapidFuzz's ``tests/distance/common.py``) checks a
comparison's batch form against ``comparison.level``; it is fed hand-picked cases,
hypothesis strategies and the synthetic registers. The module layout it relies on (each
twin in its field's module, no import circle in ``vnidmatch.compare``) is checked at the end.
"""

from __future__ import annotations

import ast
import itertools
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vnidmatch
from tests.strategies import cccd_numbers
from vnidmatch.compare.batch import encode_values, levels
from vnidmatch.compare.comparison import (
    Comparison,
    address_comparison,
    birth_date_comparison,
    id_comparison,
)
from vnidmatch.ids import parse_id
from vnidmatch.normalize.address import parse_address
from vnidmatch.normalize.birthdate import parse_birth_date
from vnidmatch.records import field_getter, prepare_records
from vnidmatch.synth import derive_register, generate_population

#: all ordered pairs of at most this many values are compared (and random pairs beyond)
ALL_PAIRS_UP_TO = 80


def assert_twins(comparison: Comparison, values: Sequence[Any],
                 pairs: Sequence[tuple[int, int]] = (), *, random_pairs: int = 2000,
                 seed: int = 0) -> list[int]:
    """Assert that ``comparison.batch`` (through :func:`levels`, as the matcher calls it)
    gives ``comparison.level(a, b)`` for every ordered pair of the first values, for
    ``random_pairs`` random pairs and for the given index ``pairs``; both as a
    deduplication (one code array) and as a linkage (two). ``None`` values are missing.
    Returns the levels, in the order: all pairs, random pairs, given pairs."""
    assert comparison.batch is not None, f"{comparison.field} has no vectorised twin"
    n = len(values)
    k = min(n, ALL_PAIRS_UP_TO)
    rng = np.random.default_rng(seed)
    given_pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    i = np.concatenate([np.repeat(np.arange(k), k), rng.integers(0, n, random_pairs if n else 0),
                        given_pairs[:, 0]])
    j = np.concatenate([np.tile(np.arange(k), k), rng.integers(0, n, random_pairs if n else 0),
                        given_pairs[:, 1]])
    want = [comparison.level(values[a], values[b]) for a, b in zip(i.tolist(), j.tolist())]

    def identity(v: Any) -> Any:
        return v

    for side in ("dedupe", "link"):
        codes = encode_values(identity, values, None if side == "dedupe" else list(values))
        got = levels(comparison, codes, i, j).tolist()
        wrong = [t for t, (g, w) in enumerate(zip(got, want)) if g != w]
        assert not wrong, (
            f"{comparison.field} ({side}): {len(wrong)} of {len(got)} pairs differ; first: "
            f"values[{i[wrong[0]]}] vs values[{j[wrong[0]]}]: batch "
            f"{comparison.label(got[wrong[0]])}, scalar {comparison.label(want[wrong[0]])}")
    return want


def _labels(comparison: Comparison, found: list[int]) -> set[str]:
    return {comparison.label(x) for x in found}


# -- dates of birth ---------------------------------------------------------------------

_DATE_TEXT = st.one_of(
    st.builds(lambda d, m, y: f"{d}/{m}/{y}", st.integers(1, 31), st.integers(1, 12),
              st.integers(1940, 1945)),
    st.builds(lambda m, y: f"{m}/{y}", st.integers(1, 12), st.integers(1940, 1945)),
    st.builds(str, st.integers(1940, 1945)),
    st.builds(lambda y: f"01/01/{y}", st.integers(1940, 1945)),
)
_DATES = st.lists(_DATE_TEXT, min_size=1, max_size=12).map(
    lambda texts: [d for d in map(parse_birth_date, texts) if d is not None])

_DATE_CASES = ("05/03/1990", "03/05/1990", "05/03/1909", "06/03/1990", "28/02/1990",
               "02/03/1990", "31/04/1990", "1990", "3/1990", "01/01/1990", "05/03/1991", "1909")


def test_birth_date_twins_hand_cases() -> None:
    c = birth_date_comparison()
    found = assert_twins(c, [None, *map(parse_birth_date, _DATE_CASES)])
    # swapped, typo (year digits exchanged), near, year_only: each is reached
    assert _labels(c, found) >= {"exact", "swapped", "typo", "near", "year_only", "year",
                                 "else", "null"}


# -- identifiers ------------------------------------------------------------------------

_DIGITS = st.text(alphabet="0123456789", min_size=9, max_size=12)


def _id_values(specs: list[tuple[str, bool, int, bool]]) -> list[Any]:
    """Values of the ``ids`` field: each number, a near copy (one digit changed, so that typo
    pairs are likely) and sometimes a record holding both."""
    values: list[Any] = []
    for number, consistent, k, two in specs:
        first = parse_id(number)
        if first is None:
            continue
        near = number[:k] + str((int(number[k % len(number)]) + 1) % 10) + number[k + 1:]
        item = [(first, consistent)]
        second = parse_id(near)
        if two and second is not None:
            item.append((second, not consistent))
        values.append(tuple(item))
        if second is not None:
            values.append(((second, consistent),))
    return values


_ID_SPECS = st.tuples(st.one_of(_DIGITS, cccd_numbers()), st.booleans(), st.integers(0, 11),
                      st.booleans())
_IDS = st.lists(_ID_SPECS, min_size=1, max_size=10).map(_id_values)

_ID_CASES = ("001090012345", "001090012354", "010090012345", "079090555111", "012345678",
             "012345687", "1090012345")


def test_id_twins_transposition_and_kinds() -> None:
    c = id_comparison()
    values = [None] + [((parse_id(x), True),) for x in _ID_CASES]
    found = assert_twins(c, values, random_pairs=0)
    n = len(values)
    assert c.label(found[1 * n + 2]) == "typo"  # adjacent digits exchanged
    assert c.label(found[1 * n + 5]) == "null"  # a CCCD and a CMND: not comparable
    assert _labels(c, found) >= {"exact", "typo", "conflict", "null"}


# -- addresses --------------------------------------------------------------------------

_ADDRESS_CASES = (
    "12 Lý Tự Trọng, P. Bến Thành, Q.1, HCM", "12 Ly Tu Trong, Phuong Ben Thanh, TP Ho Chi Minh",
    "Phường Bến Thành, TP HCM", "Phường 7, Quận 3, TP HCM",
    "Phường Võ Thị Sáu, Quận 3, Hồ Chí Minh", "X.Tân Lập, H.Đan Phượng, HN",
    "Xã Ô Diên, Thành phố Hà Nội", "Thôn 5, Xã Ô Diên, Hà Nội", "Hà Nội",
    "Phường Trúc Bạch, Quận Ba Đình, Hà Nội", "Phường Ba Đình, Hà Nội",
    "Xã Tân Thành, Tỉnh Long An", "Quận 1, TP HCM", "không rõ")


def _address_text(street: str, ward: str, district: str, province: str) -> str:
    return ", ".join(x for x in (street, ward, district, province) if x)


_ADDRESS_TEXT = st.builds(
    _address_text,
    st.sampled_from(["", "12 Lý Tự Trọng", "12 Ly Tu Trong", "Số 5 ngõ 3 Phố Huế", "Thôn 5"]),
    st.sampled_from(["", "P. Bến Thành", "Phường Bến Thành", "Phường 7", "Phường Võ Thị Sáu",
                     "X.Tân Lập", "Xã Ô Diên", "Phường Trúc Bạch", "Phường Ba Đình",
                     "Xã Tân Thành"]),
    st.sampled_from(["", "Q.1", "Quận 3", "H.Đan Phượng", "Quận Ba Đình"]),
    st.sampled_from(["", "HCM", "TP Ho Chi Minh", "Hà Nội", "HN", "Tỉnh Long An"]),
)
_ADDRESSES = st.lists(st.one_of(st.sampled_from(_ADDRESS_CASES), _ADDRESS_TEXT),
                      min_size=1, max_size=12).map(lambda texts: [parse_address(t) for t in texts])


def test_address_twins_hand_cases() -> None:
    c = address_comparison()
    found = assert_twins(c, [None, *map(parse_address, _ADDRESS_CASES)])
    assert _labels(c, found) >= {"street", "ward", "ward_overlap", "district", "province",
                                 "else", "null"}


# -- every twin, on generated values and on the synthetic registers ---------------------

TWINS: dict[str, tuple[Callable[[], Comparison], st.SearchStrategy[list[Any]]]] = {
    "birth_date": (birth_date_comparison, _DATES),
    "ids": (id_comparison, _IDS),
    "address": (address_comparison, _ADDRESSES),
}


@pytest.mark.parametrize("field", sorted(TWINS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_twins_agree_on_generated_values(field: str, data: st.DataObject) -> None:
    build, values = TWINS[field]
    assert_twins(build(), data.draw(values), random_pairs=0)


@pytest.fixture(scope="module")
def registers() -> tuple[list[Any], list[Any], list[tuple[int, int]]]:
    """A prepared population register, a derived register and the index pairs of the same
    person in both (the pairs that reach the agreeing levels)."""
    pop = generate_population(400, seed=11)
    reg = derive_register(pop, seed=12)
    left, right = prepare_records(reg), prepare_records(pop)
    where = {str(r["id"]): k for k, r in enumerate(pop)}
    true = [(a, len(left) + where[str(r["true_id"])]) for a, r in enumerate(reg)
            if r["true_id"] != ""]
    return left, right, true


@pytest.mark.parametrize("field", sorted(TWINS))
def test_twins_agree_on_the_synthetic_registers(field: str, registers: Any) -> None:
    left, right, true = registers
    c = TWINS[field][0]()
    get = field_getter(c.field)
    values = [get(r) for r in itertools.chain(left, right)]
    found = assert_twins(c, values, true, random_pairs=20_000, seed=13)
    assert len(_labels(c, found)) >= 4  # the true pairs reach agreement levels, not only else


# -- the layout: each compare module imports alone, and none imports another back -------

COMPARE = Path(vnidmatch.__file__).resolve().parent / "compare"
PACKAGE = "vnidmatch.compare"


def _module_name(path: Path) -> str:
    return PACKAGE if path.stem == "__init__" else f"{PACKAGE}.{path.stem}"


def _compare_imports() -> dict[str, set[str]]:
    """Module → the ``vnidmatch.compare`` modules it imports (anywhere in it, under
    ``TYPE_CHECKING`` too)."""
    modules = {_module_name(p) for p in COMPARE.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in COMPARE.glob("*.py"):
        me = _module_name(path)
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: from the package
                    base = ".".join([PACKAGE, base]).rstrip(".")
                found.add(base)
                found.update(f"{base}.{a.name}" for a in node.names)
        graph[me] = {m for m in found if m in modules and m != me}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle of the graph, or []."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(m: str) -> list[str]:
        state[m] = 1
        path.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                return [*path[path.index(n):], n]
            if n not in state and (found := visit(n)):
                return found
        state[m] = 2
        path.pop()
        return []

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return []


def test_compare_modules_import_no_circle() -> None:
    graph = _compare_imports()
    assert _cycle(graph) == []
    # the walk sees the imports: the machinery and the twins share the private codes
    assert {f"{PACKAGE}._codes", f"{PACKAGE}.birthdate"} <= graph[f"{PACKAGE}.batch"]
    assert f"{PACKAGE}._codes" in graph[f"{PACKAGE}.address"]
    assert f"{PACKAGE}.batch" not in graph[f"{PACKAGE}.comparison"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


_IMPORT_EACH_ALONE = """
import importlib, sys
failed = {}
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "vnidmatch" or m.startswith("vnidmatch.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as e:
        failed[name] = type(e).__name__ + ": " + str(e)
print(failed)
"""


def test_each_compare_module_imports_alone() -> None:
    """Each in a clean slate (no vnidmatch module loaded before it), in a fresh interpreter
    so that the test run's own imports have not prepared the way."""
    src = str(COMPARE.parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    names = sorted(_module_name(p) for p in COMPARE.glob("*.py"))
    assert len(names) >= 10
    run = subprocess.run([sys.executable, "-c", _IMPORT_EACH_ALONE, *names], env=env,
                         capture_output=True, text=True, timeout=300, check=False)
    assert (run.returncode, run.stdout.strip()) == (0, "{}"), run.stderr[-2000:]


def test_old_batch_names_still_import() -> None:
    from vnidmatch.compare import address, batch, birthdate, identifier

    assert batch.birth_date_batch is birthdate.birth_date_batch
    assert batch.id_batch is identifier.id_batch
    assert batch.address_batch is address.address_batch
    assert birth_date_comparison().batch is birthdate.birth_date_batch


def test_id_twins_other_kind() -> None:
    """An identifier of another scheme (``other_id``): exact, typo or else against its own
    kind, never comparable with a CCCD/CMND, in the scalar level and the batch twin."""
    from vnidmatch.ids import parse_other_id

    c = id_comparison()
    others = ("5304218", "5304281", "5304219", "9999999", "B1234567", "B1234568", "012345678")
    values = [None] + [((parse_other_id(x), False),) for x in others] + [
        ((parse_id("001090012345"), True),), ((parse_id("012345678"), True),),
        ((parse_id("001090012345"), True), (parse_other_id("5304218"), False))]
    found = assert_twins(c, values, random_pairs=0)
    n = len(values)
    label = [c.label(x) for x in found]
    assert label[1 * n + 1] == "exact"
    assert label[1 * n + 2] == "typo"  # adjacent digits exchanged
    assert label[1 * n + 3] == "typo"  # one digit wrong
    assert label[1 * n + 4] == "else"  # a different number of its kind: never a conflict
    assert label[5 * n + 6] == "typo"  # letters and digits
    assert label[1 * n + 8] == "null"  # against a CCCD: not comparable
    assert label[7 * n + 9] == "exact"  # the same digits as a CMND: the same number
    assert label[10 * n + 1] == "exact"  # a record with a CCCD and the other id
