"""The architecture, enforced: imports point one way along the pipeline, only ``_parallel``
forks or pickles, every memo over table data is cleared by ``override_tables``, and no
module or function grows past what a reader can hold."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import vnidmatch
from vnidmatch._tables import cached_over_tables

SRC = Path(__file__).resolve().parent.parent / "src" / "vnidmatch"

# lower layers first; a module may import its own layer or a lower one
LAYERS = (("ids",), ("normalize",), ("records",), ("block",), ("compare",), ("score",),
          ("config", "results", "cluster", "generic", "report"), ("match",), ("rules",), ("evaluate",),
          ("synth",), ("io",), ("cli",))
LAYER_OF = {name: rank for rank, names in enumerate(LAYERS) for name in names}
SHARED = {"exceptions", "types", "registry", "_tables", "_parallel", "data", "__init__",
          "__main__"}
#: what only _parallel may import: process pools, pickling, the garbage collector
PROCESS_MODULES = {"pickle", "gc", "multiprocessing", "concurrent"}

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(SRC.rglob("*.py"))]


def _imports(tree: ast.Module) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
    return names


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "vnidmatch" or len(parts) < 2:
        return None
    return parts[1].removesuffix(".py")


def test_imports_point_one_way() -> None:
    bad = []
    for path, tree in _modules():
        rel = path.relative_to(SRC)
        own = rel.parts[0].removesuffix(".py")
        if own in SHARED:
            continue
        for name in _imports(tree):
            target = layer_of(name)
            if target is None or target in SHARED:
                continue
            if LAYER_OF[target] > LAYER_OF[own]:
                bad.append(f"{rel} imports {name}")
    assert bad == []


def test_shared_modules_import_no_layer() -> None:
    bad = [f"{path.relative_to(SRC)} imports {name}" for path, tree in _modules()
           if path.relative_to(SRC).parts[0].removesuffix(".py") in SHARED - {"__init__", "__main__"}
           for name in _imports(tree) if (layer_of(name) or "_tables") not in SHARED]
    assert bad == []


def test_every_module_is_in_a_known_layer() -> None:
    unknown = sorted(
        str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
        if p.relative_to(SRC).parts[0].removesuffix(".py") not in set(LAYER_OF) | SHARED
    )
    assert unknown == []


def test_only_parallel_forks_pickles_or_touches_gc() -> None:
    bad = []
    for path, tree in _modules():
        if path.name == "_parallel.py":
            continue
        bad += [f"{path.relative_to(SRC)} imports {name}" for name in _imports(tree)
                if name.split(".")[0] in PROCESS_MODULES]
        bad += [f"{path.relative_to(SRC)}:{node.lineno} calls os.{node.attr}"
                for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name) and node.value.id == "os"
                and node.attr in {"fork", "forkpty", "register_at_fork"}]
    assert bad == []


def test_memos_go_through_table_cache() -> None:
    """No module memoises with functools itself: every memo is made by
    ``_tables.table_cache``, which ``override_tables`` clears."""
    bad = []
    for path, tree in _modules():
        if path.name == "_tables.py":
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr in {"cache", "lru_cache"}
                    and isinstance(node.value, ast.Name) and node.value.id == "functools"):
                bad.append(f"{path.relative_to(SRC)}:{node.lineno} functools.{node.attr}")
            if isinstance(node, ast.ImportFrom) and node.module == "functools":
                bad += [f"{path.relative_to(SRC)}:{node.lineno} imports {a.name}"
                        for a in node.names if a.name in {"cache", "lru_cache"}]
    assert bad == []


def test_every_memo_in_the_package_is_cleared_by_overrides() -> None:
    """Walk every module and class of the package: each object with ``cache_clear`` is one
    that ``override_tables`` clears."""
    memos = []
    for info in pkgutil.walk_packages(vnidmatch.__path__, "vnidmatch."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        spaces = [vars(module)] + [vars(c) for c in vars(module).values()
                                   if inspect.isclass(c) and c.__module__ == info.name]
        for space in spaces:
            for name, obj in space.items():
                obj = getattr(obj, "__func__", obj)  # staticmethod / classmethod
                if callable(getattr(obj, "cache_clear", None)):
                    memos.append((f"{info.name}.{name}", obj))
    registered = {id(f) for f in cached_over_tables()}  # now that every module is loaded
    assert len(memos) > 30  # the walk sees the package's memos
    assert [name for name, obj in memos if id(obj) not in registered] == []


def test_no_module_or_function_is_too_long() -> None:
    long_modules, long_functions = [], []
    for path, tree in _modules():
        rel = path.relative_to(SRC)
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            long_modules.append(f"{rel}: {lines} lines")
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long_functions.append(f"{rel}:{node.name}: {n} lines")
    assert long_modules == []
    assert long_functions == []
