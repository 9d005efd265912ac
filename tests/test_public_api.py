"""The public API: a snapshot of ``__all__`` and an example in every public docstring."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import vnidmatch

PUBLIC_MODULES = sorted(
    m.name for m in pkgutil.walk_packages(vnidmatch.__path__, "vnidmatch.")
    if not any(part.startswith("_") for part in m.name.split("."))
    and m.name != "vnidmatch.__main__"
)


def test_top_level_snapshot() -> None:
    assert sorted(vnidmatch.__all__) == sorted(EXPECTED_TOP_LEVEL)


def test_every_public_module_has_all_and_examples() -> None:
    missing = []
    for name in PUBLIC_MODULES:
        mod = importlib.import_module(name)
        assert hasattr(mod, "__all__"), f"{name} has no __all__"
        for attr in mod.__all__:
            obj = getattr(mod, attr)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if ">>>" not in (obj.__doc__ or ""):
                missing.append(f"{name}.{attr}")
    assert missing == []


EXPECTED_TOP_LEVEL = [
    "Address", "BirthDate", "IdNumber", "Issue", "MatchConfig", "Matcher", "Name", "Severity",
    "__version__", "address_similarity", "birth_date_similarity", "block_on",
    "check", "check_consistency", "check_dataset", "dedupe", "link", "name_key", "name_similarity", "normalize_name",
    "normalize_phone", "parse_address", "parse_birth_date", "parse_id", "parse_name",
    "phone_similarity", "phonetic_key", "to_current", "to_legacy",
]
