"""docs/analyst.md runs: its Python blocks, in order, in one namespace, in a scratch
directory (#15)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "analyst.md"


def test_analyst_page_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 6
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    for n, block in enumerate(blocks):
        exec(compile(block, f"{DOC.name} block {n + 1}", "exec"), namespace)
    assert (tmp_path / "report.html").exists() and (tmp_path / "weights.svg").exists()
