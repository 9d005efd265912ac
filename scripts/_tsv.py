"""Shared by the ``scripts/update_*.py`` table builders: write one package TSV table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "vnidmatch" / "data"


def write_table(name: str, header_comment: str, columns: Sequence[str],
                rows: Iterable[Sequence[str]]) -> None:
    """Write ``src/vnidmatch/data/<name>.tsv``: ``#`` provenance lines, a header, the rows."""
    with open(OUT / f"{name}.tsv", "w", encoding="utf-8") as f:
        f.write(header_comment if header_comment.endswith("\n") else header_comment + "\n")
        f.write("\t".join(columns) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
