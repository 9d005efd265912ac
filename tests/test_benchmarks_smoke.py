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
