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
    "Issue", "MatchConfig", "Matcher", "Severity", "__version__", "check", "check_dataset",
    "dedupe", "link", "normalize_name", "normalize_phone", "parse_address", "parse_birth_date",
    "parse_id",
]


def test_moved_names_still_work_with_a_deprecation_warning() -> None:
    import pytest

    from vnidmatch.normalize import to_current

    with pytest.warns(DeprecationWarning, match="import it from vnidmatch.normalize"):
        assert vnidmatch.to_current is to_current
    with pytest.raises(AttributeError, match="no attribute 'to_currant'"):
        vnidmatch.to_currant  # noqa: B018

