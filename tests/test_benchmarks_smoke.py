"""Each benchmark script runs once on tiny input, so the scripts cannot rot."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def load(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("name", sorted(p.stem for p in BENCH.glob("bench_*.py")))
def test_benchmark_runs(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert load(name).main(["--n", "300"]) == 0
    assert capsys.readouterr().out.strip()


def test_accuracy_benchmark_reports_both_readings_and_false_kinds(
        capsys: pytest.CaptureFixture[str]) -> None:
    bench = load("bench_accuracy")
    assert bench.main(["--n", "400", "--engines", "vnidmatch"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()
            if line.startswith("vnidmatch")]
    assert [r[2] for r in rows] == ["pairwise", "best"]
    for r in rows:
        precision, recall, f1 = map(float, r[4:7])
        assert 0.9 < precision <= 1 and 0.9 < recall <= 1
        assert f1 == pytest.approx(2 * precision * recall / (precision + recall), abs=2e-4)


def test_false_matches_are_sorted_by_what_the_wrong_person_is() -> None:
    bench = load("bench_accuracy")
    pop = [{"id": "P1", "full_name": "Lê Văn An", "birth_date": "1990-01-02", "household": "H1"},
           {"id": "P2", "full_name": "Lê Thị Hoa", "birth_date": "1992-05-06", "household": "H1"},
           {"id": "P3", "full_name": "LE VAN AN", "birth_date": "1990-07-08", "household": "H2"},
           {"id": "P4", "full_name": "Lê Văn An", "birth_date": "1991-01-02", "household": "H3"}]
    reg = [{"id": "V1", "true_id": "P1"}, {"id": "V2", "true_id": ""}]
    false = {("V1", "P2"), ("V1", "P3"), ("V1", "P4"), ("V2", "P1")}
    assert bench.false_match_kinds(false, reg, pop) == {
        "household member": 1, "namesake, same year": 1, "other": 1, "absent person": 1}
