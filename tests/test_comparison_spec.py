"""Comparisons built from a comparator or from a configuration's spec."""

from __future__ import annotations

from typing import Any

import pytest

from vnidmatch.compare import COMPARATORS
from vnidmatch.compare.comparison import (
    COMPARISONS,
    SIMILARITY_THRESHOLDS,
    Comparison,
    comparison_from_spec,
    similarity_comparison,
)
from vnidmatch.exceptions import ConfigError, UnknownNameError


def test_every_registered_comparator_makes_a_comparison() -> None:
    for name in COMPARATORS.names():
        c = similarity_comparison("x", name)
        assert c.labels == ("null", ">=0.95", ">=0.8", "else")
        assert c.level(None, "a") == 0


def test_levels_follow_the_thresholds() -> None:
    sims = {("a", "b"): 0.97, ("a", "c"): 0.95, ("a", "d"): 0.9, ("a", "e"): 0.5,
            ("a", "f"): None}
    c = similarity_comparison("tag", lambda a, b: sims[a, b], (0.95, 0.8),
                              labels=("close", "near"))
    assert [c.label(c.level("a", x)) for x in "bcdef"] == ["close", "close", "near", "else",
                                                            "null"]
    assert c.field == "tag" and c.batch is None and not c.term_frequency


def test_a_name_resolves_through_the_registry() -> None:
    by_name = similarity_comparison("postcode", "levenshtein", (0.9,))
    by_function = similarity_comparison("postcode", COMPARATORS.get("levenshtein"), (0.9,))
    pairs = [("700000", "700000"), ("700000", "700001"), ("700000", "123456"), ("", "1")]
    assert [by_name.level(a, b) for a, b in pairs] == [by_function.level(a, b) for a, b in pairs]


def test_unknown_comparator_names_list_the_known_ones() -> None:
    with pytest.raises(UnknownNameError) as err:
        similarity_comparison("postcode", "jw")
    assert "jaro_winkler" in str(err.value) and "levenshtein" in str(err.value)
    with pytest.raises(KeyError):  # UnknownNameError is a KeyError too
        comparison_from_spec({"field": "postcode", "comparator": "jw"})


@pytest.mark.parametrize("thresholds", [(), (0.8, 0.95), (0.9, 0.9), ("0.9",), (True,),
                                        (float("nan"),), "0.9", None, 0.9])
def test_thresholds_must_decrease(thresholds: Any) -> None:
    with pytest.raises(ConfigError, match="strictly decreasing"):
        similarity_comparison("postcode", "jaro_winkler", thresholds)


@pytest.mark.parametrize("labels", [("a",), ("a", "a"), ("null", "a"), ("a", "else"),
                                    ("a", "")])
def test_labels_one_per_threshold(labels: tuple[str, ...]) -> None:
    with pytest.raises(ConfigError, match="labels"):
        similarity_comparison("postcode", "jaro_winkler", (0.95, 0.8), labels=labels)


def test_a_comparator_must_be_callable_and_a_field_named() -> None:
    with pytest.raises(ConfigError, match="callable"):
        similarity_comparison("postcode", 3)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="field"):
        similarity_comparison("", "jaro_winkler")


def test_spec_forms() -> None:
    c = comparison_from_spec({"field": "postcode", "comparator": "jaro_winkler",
                              "thresholds": [0.95, 0.8], "labels": ["same", "close"]})
    assert (c.field, c.labels) == ("postcode", ("null", "same", "close", "else"))
    assert comparison_from_spec(c) is c
    default = comparison_from_spec({"field": "postcode", "comparator": "damerau"})
    assert default.labels == ("null", *(f">={t:g}" for t in SIMILARITY_THRESHOLDS), "else")
    for name in COMPARISONS.names():
        built = comparison_from_spec(name)
        assert isinstance(built, Comparison)
        assert built.labels == COMPARISONS.get(name)().labels


def test_bad_specs_say_what_is_wrong() -> None:
    with pytest.raises(UnknownNameError, match="unknown comparison 'dob'; known: address"):
        comparison_from_spec("dob")
    with pytest.raises(ConfigError, match="unknown key 'threshold'"):
        comparison_from_spec({"field": "postcode", "comparator": "damerau", "threshold": 0.9})
    with pytest.raises(ConfigError, match="'comparator' is required"):
        comparison_from_spec({"field": "postcode"})
    with pytest.raises(ConfigError, match="'field' is required"):
        comparison_from_spec({"comparator": "damerau"})
    with pytest.raises(ConfigError, match="got int"):
        comparison_from_spec(3)  # type: ignore[arg-type]
