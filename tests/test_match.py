"""The linkage engine on small hand-made cases with exact expected outcomes."""

from __future__ import annotations

import json

import pytest

from vnidmatch.block import DEFAULT_BLOCKING, blocking_report, candidate_pairs
from vnidmatch.exceptions import ConfigError
from vnidmatch.match import MatchConfig, Matcher, dedupe, link
from vnidmatch.records import map_columns, prepare_record, records_from
from vnidmatch.score import FellegiSunter

POPULATION = [
    # twins: same birthday, address, phone; different names and CCCDs
    {"id": "P1", "full_name": "Trần Minh Khang", "birth_date": "2010-04-02", "sex": "M",
     "id_number": "001210004512", "phone": "0912000111",
     "address": "Số 5 ngõ 3 Lê Lợi, Phường Phúc Xá, Quận Ba Đình, Hà Nội"},
    {"id": "P2", "full_name": "Trần Minh Khôi", "birth_date": "2010-04-02", "sex": "M",
     "id_number": "001210004598", "phone": "0912000111",
     "address": "Số 5 ngõ 3 Lê Lợi, Phường Phúc Xá, Quận Ba Đình, Hà Nội"},
    # father and son with the same name
    {"id": "P3", "full_name": "Nguyễn Văn Hùng", "birth_date": "1965-07-20", "sex": "M",
     "id_number": "038065001234", "phone": "0987654321",
     "address": "Thôn 2, Xã Quảng Tân, Huyện Quảng Xương, Thanh Hóa"},
    {"id": "P4", "full_name": "Nguyễn Văn Hùng", "birth_date": "1992-01-11", "sex": "M",
     "id_number": "038092005678", "phone": "0987654321",
     "address": "Thôn 2, Xã Quảng Tân, Huyện Quảng Xương, Thanh Hóa"},
    # a household sharing one phone
    {"id": "P5", "full_name": "Lê Thị Mai", "birth_date": "1970-03-15", "sex": "F",
     "id_number": "079170002222", "phone": "0903123456", "address": "Phường Bến Thành, Quận 1, TP HCM"},
    {"id": "P6", "full_name": "Phạm Văn Tư", "birth_date": "1968-11-30", "sex": "M",
     "id_number": "079068003333", "phone": "0903123456", "address": "Phường Bến Thành, Quận 1, TP HCM"},
    # somebody typed without diacritics with an Excel-mangled id
    {"id": "P7", "full_name": "Đặng Thị Thuỷ", "birth_date": "1988-09-09", "sex": "F",
     "id_number": "001188009999", "phone": "", "address": "Xã Ô Diên, Hà Nội"},
]

REGISTER = [
    {"id": "V1", "full_name": "TRAN MINH KHANG", "birth_date": "02/04/2010", "sex": "Nam",
     "id_number": "1210004512", "phone": "0912 000 111", "address": "P.Phúc Xá, Q.Ba Đình, HN"},
    {"id": "V2", "full_name": "Trần Minh Khôi", "birth_date": "2/4/2010", "sex": "Nam",
     "id_number": "", "phone": "0912000111", "address": "Phường Phúc Xá, Ba Đình, Hà Nội"},
    {"id": "V3", "full_name": "Ông Nguyễn Văn Hùng", "birth_date": "20/07/1965", "sex": "Nam",
     "id_number": "038065001234", "phone": "", "address": ""},
    {"id": "V4", "full_name": "Nguyen Van Hung", "birth_date": "1992", "sex": "nam",
     "id_number": "38092005678", "phone": "", "address": "Quảng Tân, Quảng Xương, Thanh Hoá"},
    {"id": "V5", "full_name": "Le Thi Mai", "birth_date": "15-03-1970", "sex": "nu",
     "id_number": "không có", "phone": "84903123456", "address": "Bến Thành, Q1, TPHCM"},
    {"id": "V7", "full_name": "DANG THI THUY", "birth_date": "32395", "sex": "F",
     "id_number": "1188009999.0", "phone": "", "address": "X.Ô Diên, TP Hà Nội"},
    {"id": "V9", "full_name": "Hoàng Văn Nam", "birth_date": "1/1/1950", "sex": "Nam",
     "id_number": "024050777777", "phone": "", "address": "Bắc Giang"},
]
TRUTH = {("V1", "P1"), ("V2", "P2"), ("V3", "P3"), ("V4", "P4"), ("V5", "P5"), ("V7", "P7")}


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return link(REGISTER, POPULATION)


def test_link_hand_made_cases(result) -> None:  # type: ignore[no-untyped-def]
    best = {p.left_id: p.right_id for p in result.best() if p and p.decision == "match"}
    assert best == dict(TRUTH)


def test_nothing_is_lost(result) -> None:  # type: ignore[no-untyped-def]
    status = {lid: s for lid, s, _ in result.status()}
    assert set(status) == {r["id"] for r in REGISTER}
    assert status["V9"] == "unmatched"
    rows = list(result.rows(best=True))
    assert [r["left_id"] for r in rows] == [r["id"] for r in REGISTER]
    assert rows[-1]["decision"] == "no_match" and rows[-1]["right_id"] == ""


def test_twin_is_not_a_match(result) -> None:  # type: ignore[no-untyped-def]
    pairs = {(p.left_id, p.right_id): p for p in result.pairs}
    twin = pairs.get(("V1", "P2"))
    assert twin is None or twin.match_weight < pairs[("V1", "P1")].match_weight - 10


def test_father_and_son_with_the_same_name(result) -> None:  # type: ignore[no-untyped-def]
    pairs = {(p.left_id, p.right_id): p for p in result.pairs}
    assert ("V3", "P4") not in pairs or pairs[("V3", "P4")].decision != "match"
    assert pairs[("V3", "P3")].decision == "match"


def test_household_sharing_a_phone(result) -> None:  # type: ignore[no-untyped-def]
    pairs = {(p.left_id, p.right_id): p for p in result.pairs}
    assert pairs[("V5", "P5")].decision == "match"
    other = pairs.get(("V5", "P6"))  # the husband: same phone and address
    assert other is None or (other.decision != "match"
                             and other.match_weight < pairs[("V5", "P5")].match_weight - 15)


def test_twins_sharing_birthday_phone_and_address(result) -> None:  # type: ignore[no-untyped-def]
    pairs = {(p.left_id, p.right_id): p for p in result.pairs}
    assert pairs[("V2", "P2")].decision == "match"
    assert ("V2", "P1") not in pairs or pairs[("V2", "P1")].decision != "match"


def test_explanation_adds_up(result) -> None:  # type: ignore[no-untyped-def]
    e = result.explain("V7", "P7")
    assert e.prior + sum(w for _, _, w in e.terms) == pytest.approx(e.match_weight)
    levels = {f: lvl for f, lvl, _ in e.terms}
    assert levels["ids"] == "exact"  # the Excel float lost two zeros
    assert levels["birth_date"] == "exact"  # an Excel serial
    assert levels["full_name"] == "folded"
    assert "V7 ↔ P7" in str(e)


def test_unreadable_values_are_reported_not_dropped() -> None:
    r = link([{"id": "a", "full_name": "Lê Lan", "id_number": "12AB", "birth_date": "hôm qua"}],
             [{"id": "b", "full_name": "Lê Lan"}])
    assert r.left[0].problems == ("birth_date: not a date",
                                  "id_number: has characters other than digits")
    assert [s for _, s, _ in r.status()] == ["match"]


def test_deterministic_for_a_seed() -> None:
    a = [(p.left_id, p.right_id, round(p.match_weight, 9)) for p in
         link(REGISTER, POPULATION).pairs]
    b = [(p.left_id, p.right_id, round(p.match_weight, 9)) for p in
         link(REGISTER, POPULATION).pairs]
    assert a == b


def test_one_to_one() -> None:
    r = link(REGISTER, POPULATION, MatchConfig(one_to_one=True))
    rights = [p.right_id for p in r.pairs]
    lefts = [p.left_id for p in r.pairs]
    assert len(rights) == len(set(rights)) and len(lefts) == len(set(lefts))


def test_model_round_trip(result, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "model.json"
    path.write_text(result.model.to_json(), encoding="utf-8")
    loaded = FellegiSunter.from_json(path.read_text(encoding="utf-8"))
    again = link(REGISTER, POPULATION, model=loaded)
    assert [(p.left_id, p.right_id, p.decision) for p in again.pairs] == [
        (p.left_id, p.right_id, p.decision) for p in result.pairs]
    with pytest.raises(ConfigError):
        FellegiSunter.from_json(json.dumps({"format": "other"}))


def test_weights_monotone_in_agreement() -> None:
    model = FellegiSunter.default(MatchConfig().comparisons)
    for k, c in enumerate(model.comparisons):
        w = model.level_weights(k)
        assert w[0] == 0.0
        assert w[1] == max(w[1:]), c.field  # the best agreement level weighs most
        assert w[-1] < 0 or c.field == "address", c.field


def test_comparisons_are_symmetric() -> None:
    cfg = MatchConfig()
    recs = [prepare_record(r) for r in POPULATION + REGISTER]
    for a in recs:
        for b in recs:
            for c in cfg.comparisons:
                assert c.level(a.field_value(c.field), b.field_value(c.field)) == c.level(
                    b.field_value(c.field), a.field_value(c.field)), (c.field, a.id, b.id)


def test_dedupe_clusters_and_guard() -> None:
    recs = [*POPULATION, {"id": "D1", "full_name": "Nguyen Van Hung", "birth_date": "20/7/1965", "id_number": "38065001234"}]
    res = dedupe(recs)
    assert res.clusters["D1"] == res.clusters["P3"]
    assert res.clusters["P4"] != res.clusters["P3"]  # father and son stay apart
    assert res.clusters["P1"] != res.clusters["P2"]  # twins stay apart
    assert len({row["id"] for row in res.rows()}) == len(recs)


def test_matcher_match_one() -> None:
    m = Matcher(POPULATION)
    got = m.match_one({"full_name": "tran minh khoi", "birth_date": "02/04/2010",
                       "phone": "0912000111"})
    assert got[0].id == "P2" and got[0].decision == "match"
    assert m.match_one({"full_name": "Không Ai Cả"}) == []


def test_blocking_recall_on_repaired_values() -> None:
    left = [prepare_record(r) for r in REGISTER]
    right = [prepare_record(r) for r in POPULATION]
    li = {r.id: i for i, r in enumerate(left)}
    ri = {r.id: i for i, r in enumerate(right)}
    truth = {(li[a], ri[b]) for a, b in TRUTH}
    rep = blocking_report(left, right, DEFAULT_BLOCKING, truth)
    assert rep.pair_completeness["union"] == 1.0
    assert truth <= candidate_pairs(left, right, DEFAULT_BLOCKING)
    assert "union" in str(rep)


def test_config_errors() -> None:
    with pytest.raises(ConfigError, match="thresholds"):
        MatchConfig(match_threshold=0.3, possible_threshold=0.5)
    with pytest.raises(ConfigError, match="unknown setting"):
        MatchConfig.from_dict({"treshold": 1})
    with pytest.raises(ConfigError, match="duplicate record id"):
        link([{"id": 1, "full_name": "A B"}, {"id": 1, "full_name": "C D"}], [])


def test_column_mapping() -> None:
    assert map_columns(["Họ và tên", "Ngày sinh", "Số CMND", "CCCD"]) == {
        "Họ và tên": "full_name", "Ngày sinh": "birth_date", "Số CMND": "old_id_number",
        "CCCD": "id_number"}
    assert records_from([{"HO TEN": "Lê Lan"}]) == [{"full_name": "Lê Lan", "id": "1"}]
    with pytest.raises(ConfigError):
        map_columns(["a"], {"full_name": "b"})


def test_mistyped_name_with_the_right_id_and_birth_date_is_a_match() -> None:
    person = {"id": "P", "full_name": "Trịnh Thị Thùy Vui", "birth_date": "1972-02-11",
              "id_number": "040172277044", "sex": "F"}
    typed = {"id": "V", "full_name": "Trinh Thuy Vi", "birth_date": "11/02/1972",
             "id_number": "40172277044", "sex": "F"}
    r = link([typed], [person])
    assert [(p.right_id, p.decision, p.levels[0]) for p in r.pairs] == [("P", "match", "else")]
    # the same name but the birth date of somebody else: the id alone does not excuse it
    other = {**typed, "birth_date": "03/09/2001"}
    r = link([other], [person])
    assert all(p.decision != "match" for p in r.pairs)


def test_name_only_agreement_is_not_a_match() -> None:
    person = {"id": "P", "full_name": "Nguyễn Thanh Long", "birth_date": "2002-01-07"}
    namesake = {"id": "V", "full_name": "Nguyễn Thanh Long", "birth_date": "26/02/2018"}
    r = link([namesake], [person])
    assert all(p.decision != "match" for p in r.pairs)


def _synthetic(n: int = 600):  # type: ignore[no-untyped-def]
    from vnidmatch.synth import derive_register, generate_population

    pop = generate_population(n, seed=3)
    return derive_register(pop, seed=4), pop


def test_link_leaves_a_passed_model_unchanged() -> None:
    reg, pop = _synthetic()
    model = FellegiSunter.default(MatchConfig().comparisons)
    before = model.to_json()
    res = link(reg, pop, model=model, train=True)
    assert model.to_json() == before
    assert res.model is not model and res.model.m != model.m
    assert res.model.trained["em_pairs"] == res.candidate_pairs != model.trained["em_pairs"]


def test_models_are_immutable_and_old_estimators_warn() -> None:
    import dataclasses

    from vnidmatch.compare.comparison import sex_comparison

    model = FellegiSunter((sex_comparison(),), ((0.0, 0.9, 0.1),), ((0.0, 0.5, 0.5),), 0.5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.prior = 0.2  # type: ignore[misc]
    new = model.estimated_u([(1,), (2,), (2,)])
    assert model.u == ((0.0, 0.5, 0.5),) and new.u == ((0.0, 0.4, 0.6),)
    with pytest.warns(DeprecationWarning, match="model = model.estimated_u"):
        model.estimate_u([(1,), (2,), (2,)])
    assert model.u == ((0.0, 0.4, 0.6),)  # the shim keeps the old in-place behaviour


def test_match_one_scores_as_the_batch_does() -> None:
    """Matcher.match_one and link score with one scorer: the same levels, weights and
    decisions for the same pairs (name frequencies off: the Matcher counts them over the
    reference set alone, link over both registers)."""
    reg, pop = _synthetic()
    config = MatchConfig(term_frequency=False, register_prior=False)
    model = FellegiSunter.default(config.comparisons)
    matcher = Matcher(pop, config, model=model)
    res = link(reg, pop, config, model=model, train=False)
    by_id = {str(r["id"]): r for r in reg}
    assert len(res.pairs) > 300
    for p in res.pairs:
        got = {c.id: c for c in matcher.match_one(by_id[p.left_id], top=10_000)}
        c = got[p.right_id]
        assert (c.levels, c.decision) == (p.levels, p.decision)
        assert c.match_weight == pytest.approx(p.match_weight, abs=1e-9)


def test_cap_labels_are_checked_against_the_comparisons() -> None:
    from vnidmatch.exceptions import UnknownNameError

    with pytest.raises(UnknownNameError, match="unknown level 'conflit' of comparison 'ids'"):
        MatchConfig(cap_at_possible=(("ids", "conflit"),))
    with pytest.raises(UnknownNameError, match="unknown comparison field 'fullname'"):
        MatchConfig(cap_at_possible=(("fullname", "else"),))
    # the default caps apply to the comparisons present and skip the others
    from vnidmatch.compare.comparison import name_comparison

    assert len(MatchConfig(comparisons=(name_comparison(),)).caps) == 2


def test_changed_levels_without_a_trained_model_warn() -> None:
    import dataclasses

    comps = list(MatchConfig().comparisons)
    comps[2] = dataclasses.replace(comps[2], labels=("null", "same", "other", "else"))
    with pytest.warns(UserWarning, match="levels of comparison.s. sex differ"):
        FellegiSunter.default(comps)


def test_scorer_small_and_large_batches_give_the_same_bits() -> None:
    """The scorer's few-row paths (memo per pattern) equal its array paths exactly."""
    import numpy as np

    from vnidmatch.records import prepare_records
    from vnidmatch.score import Scorer

    config = MatchConfig()
    _, pop = _synthetic(200)
    recs = prepare_records(pop)
    scorer = Scorer(config.comparisons, FellegiSunter.default(config.comparisons), recs,
                    caps=config.caps)
    rng = np.random.default_rng(0)
    patterns = np.stack([rng.integers(0, len(c.labels), 2000) for c in config.comparisons],
                        axis=1).astype(np.int8)
    big = scorer._level_sums(patterns)
    small = np.concatenate([scorer._level_sums(patterns[k:k + 7]) for k in range(0, 2000, 7)])
    assert big.tobytes() == small.tobytes()
    w = big + 30.0  # most pairs reach "match": the caps decide
    dec_big = scorer.decisions(patterns, w)[1]
    dec_small = np.concatenate([scorer.decisions(patterns[k:k + 7], w[k:k + 7])[1]
                                for k in range(0, 2000, 7)])
    assert (dec_big == dec_small).all() and (dec_big == 1).sum() > 100
