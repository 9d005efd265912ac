"""Two records with different valid CCCD numbers are never a ``match`` — whatever the other
columns hold, an old CMND (agreeing, disagreeing or absent) included — in ``link``,
``dedupe`` and ``Matcher.match_one`` (#17). "Valid" is valid for its record: a CCCD whose
century/sex and birth-year digits its own record contradicts is a relative's number typed
by mistake, and only counts as a disagreement (``else``)."""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.strategies import vn_full_names
from vnidmatch.compare.comparison import id_comparison
from vnidmatch.ids import cccd, parse_id
from vnidmatch.match import Matcher, dedupe, link

CMNDS = st.sampled_from(["", "012345678", "023456789", "381234567"])


def _own_cccd(draw: st.DrawFn, sex: str, year: int) -> str:
    """A valid CCCD that fits a person of ``sex`` born in ``year`` (century/sex and year
    digits), in a random province with a random serial."""
    province = draw(st.sampled_from(["001", "002", "031", "048", "079", "092"]))
    digit = {"Nam": 0, "Nữ": 1}.get(sex) if sex else draw(st.sampled_from([0, 1]))
    return f"{province}{digit}{year % 100:02d}{draw(st.integers(0, 999_999)):06d}"


@st.composite
def twins_on_paper(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two records alike in everything but their CCCD — each a valid number that its own
    record does not contradict — and each may carry an old CMND."""
    sex = draw(st.sampled_from(["Nữ", "Nam", ""]))
    birth = draw(st.sampled_from(["1990-03-05", "05/03/1990", "1990", ""]))
    year = 1990 if birth else draw(st.integers(1930, 1999))
    a_id, b_id = _own_cccd(draw, sex, year), _own_cccd(draw, sex, year)
    assume(cccd.is_valid(a_id) and cccd.is_valid(b_id))
    assume(sum(x != y for x, y in zip(a_id, b_id)) > 2)  # not a typing slip
    base = {"full_name": draw(vn_full_names()), "birth_date": birth, "sex": sex,
            "phone": draw(st.sampled_from(["0912345678", ""])),
            "address": draw(st.sampled_from(["Phường Phúc Xá, Quận Ba Đình, Hà Nội", ""]))}
    cmnd_a = draw(CMNDS)
    cmnd_b = draw(st.one_of(st.just(cmnd_a), CMNDS))
    a = {**base, "id": "a", "id_number": a_id, "old_id_number": cmnd_a}
    b = {**base, "id": "b", "id_number": b_id, "old_id_number": cmnd_b}
    return a, b


@settings(max_examples=60, deadline=None)
@given(twins_on_paper())
def test_different_valid_cccds_never_match(pair: tuple[dict[str, Any], dict[str, Any]]
                                           ) -> None:
    a, b = pair
    assert [p.decision for p in link([a], [b]).pairs if p.decision == "match"] == []
    assert [p.decision for p in link([b], [a]).pairs if p.decision == "match"] == []
    clusters = dedupe([a, b]).clusters
    assert clusters["a"] != clusters["b"]
    assert [c.decision for c in Matcher([b]).match_one(a, include_non_matches=True)
            if c.decision == "match"] == []


def test_the_reported_case_two_women_with_a_cmnd_each() -> None:
    """The issue's case: two women, two CCCDs, each with an old CMND that disagrees."""
    a = {"id": "1", "full_name": "Nguyễn Thị Hương", "birth_date": "12/04/1990", "sex": "Nữ",
         "id_number": "001190012345", "old_id_number": "012345678",
         "address": "Hà Nội"}
    b = {"id": "2", "full_name": "Nguyễn Thị Hương", "birth_date": "12/04/1990", "sex": "Nữ",
         "id_number": "001190067890", "old_id_number": "013579246",
         "address": "Hà Nội"}
    result = dedupe([a, b])
    assert result.clusters == {"1": "1", "2": "2"}
    c = id_comparison()
    both = lambda r: tuple((parse_id(r[k]), True) for k in ("id_number", "old_id_number"))  # noqa: E731
    assert c.label(c.level(both(a), both(b))) == "conflict"


def test_one_cccd_still_links_across_a_cmnd() -> None:
    """A CCCD on one side and the same person's CMND on the other is no conflict."""
    a = {"id": "v", "full_name": "Trần Văn Bình", "birth_date": "01/02/1985",
         "id_number": "079085001111"}
    b = {"id": "p", "full_name": "Trần Văn Bình", "birth_date": "1985-02-01",
         "id_number": "023456789", "phone": ""}
    assert [(p.right_id, p.decision) for p in link([a], [b]).pairs] == [("p", "match")]


def test_candidates_compete_and_ties_are_possible() -> None:
    """A record matches one person of the register: the namesake born the same year beside
    the true person is not kept; two near-equal namesakes are each `possible` (tie)."""
    from vnidmatch.config import MatchConfig

    left = [{"id": "v1", "full_name": "Nguyễn Văn Hùng", "birth_date": "12/04/1960",
             "phone": "0912345678", "sex": "Nam"},
            {"id": "v2", "full_name": "Nguyễn Thị Hoa", "birth_date": "1985", "sex": "Nữ"}]
    right = [{"id": "p1", "full_name": "Nguyễn Văn Hùng", "birth_date": "1960-04-12",
              "phone": "0912345678", "sex": "Nam"},
             {"id": "p2", "full_name": "Nguyễn Văn Hùng", "birth_date": "1960-08-30",
              "sex": "Nam"},
             {"id": "p3", "full_name": "Nguyễn Thị Hoa", "birth_date": "1985-01-02", "sex": "Nữ"},
             {"id": "p4", "full_name": "Nguyễn Thị Hoa", "birth_date": "1985-07-09", "sex": "Nữ"}]
    got = {(p.left_id, p.right_id): (p.decision, p.reason) for p in link(left, right).pairs}
    assert got[("v1", "p1")] == ("match", "")
    assert ("v1", "p2") not in got or got[("v1", "p2")][0] != "match"
    assert got.get(("v2", "p3")) == got.get(("v2", "p4")) == ("possible", "tie")
    free = link(left, right, MatchConfig(right_unique=False)).pairs
    assert {p.reason for p in free} == {""}
