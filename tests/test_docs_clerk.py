"""docs/clerk.md runs: every ``$ vnidmatch ...`` line of its console blocks, in order, in an
empty folder; each exits 0 and writes the file it names (#15)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from vnidmatch.cli import main

DOC = Path(__file__).resolve().parent.parent / "docs" / "clerk.md"


def _commands() -> list[list[str]]:
    blocks = re.findall(r"```console\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return [shlex.split(line[2:]) for block in blocks for line in block.splitlines()
            if line.startswith("$ vnidmatch ")]


def test_clerk_page_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("openpyxl")  # the page writes an .xlsx
    commands = _commands()
    assert len(commands) >= 6
    monkeypatch.chdir(tmp_path)
    for argv in commands:
        assert argv[0] == "vnidmatch"
        assert main(argv[1:]) == 0, argv
        if "-o" in argv:
            assert (tmp_path / argv[argv.index("-o") + 1]).stat().st_size > 0, argv
    links = (tmp_path / "links.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "left_Họ và tên" in links and "right_Họ và tên" in links
    clean = (tmp_path / "clean.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "vn_province_code_2025" in clean
