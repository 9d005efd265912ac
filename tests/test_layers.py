"""Imports point one way along the pipeline (STYLE.md layout)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "vnidmatch"

# lower layers first; a module may import its own layer or a lower one
# ("rules" and "match" are one layer: the data-quality report uses the linker's dedupe)
LAYER_OF = {"ids": 0, "normalize": 1, "block": 2, "compare": 3, "score": 4, "rules": 5,
            "match": 5, "evaluate": 6, "synth": 7, "io": 8, "cli": 9}
LAYERS = list(LAYER_OF)
SHARED = {"exceptions", "types", "registry", "_resources", "data", "__init__", "__main__"}


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "vnidmatch" or len(parts) < 2:
        return None
    return parts[1].removesuffix(".py")


def test_imports_point_one_way() -> None:
    bad = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        own = rel.parts[0].removesuffix(".py")
        if own in SHARED or own not in LAYERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                target = layer_of(name)
                if target is None or target in SHARED or target not in LAYERS:
                    continue
                if LAYER_OF[target] > LAYER_OF[own]:
                    bad.append(f"{rel} imports {name}")
    assert bad == []


def test_every_module_is_in_a_known_layer() -> None:
    unknown = sorted(
        str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
        if p.relative_to(SRC).parts[0].removesuffix(".py") not in set(LAYERS) | SHARED
    )
    assert unknown == []
