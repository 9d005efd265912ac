"""Every built-in rule: one record that passes and one that fails, with the exact code."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vnidmatch import check, check_dataset
from vnidmatch.exceptions import ConfigError, UnknownNameError
from vnidmatch.rules import RULES, CheckOptions, rule
from vnidmatch.types import Issue, Record, Rule, Severity

TODAY = datetime.date(2026, 11, 25)
GOOD: dict[str, Any] = {
    "id": "1", "full_name": "Lê Thị Lan", "birth_date": "1990-02-01", "sex": "F",
    "id_number": "001190012345", "phone": "+84912345678",
    "address": "Số 5 Lê Lợi, Phường Ba Đình, Thành phố Hà Nội",
}

# code -> (changes that make GOOD fail the rule, reference or None)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {
    "VN-ID-001": ({"id_number": "099190012345"}, None),
    "VN-CCCD-002": ({"sex": "M"}, None),
    "VN-CCCD-003": ({"birth_date": "1991-02-01"}, None),
    "VN-DOB-001": ({"birth_date": "31/04/1990"}, None),
    "VN-DOB-002": ({"birth_date": "2030-01-01", "id_number": "001330012345"}, None),
    "VN-DOB-003": ({"birth_date": "1899", "id_number": ""}, None),
    "VN-DOB-004": ({"event_date": "1989-05-05"}, None),
    "VN-PHONE-001": ({"phone": "0438253333"}, None),
    "VN-ADDR-001": ({"address": "xyz abc"}, None),
    "VN-REF-001": ({}, {"full_name": "Lê Thị Hoa"}),
    "VN-REF-002": ({}, {"birth_date": "1990-01-02"}),
    "VN-REF-003": ({}, {"sex": "M"}),
    "VN-REF-004": ({}, {"id_number": "079190000001"}),
    "VN-REQ-001": ({"full_name": "Lan"}, None),
    "VN-REQ-002": ({"birth_date": ""}, None),
    "VN-REQ-003": ({"birth_date": "1990"}, None),
    "VN-REQ-004": ({"sex": "1"}, None),
    "VN-REQ-005": ({"id_number": "không có"}, None),
    "VN-REQ-006": ({"address": "Hà Nội"}, None),
    "VN-CLEAN-001": ({"full_name": "LE THI  LAN"}, None),
    "VN-CLEAN-002": ({"id_number": "1190012345"}, None),
    "VN-CLEAN-003": ({"birth_date": "01/02/1990"}, None),
    "VN-CLEAN-004": ({"phone": "0912 345 678"}, None),
    "VN-CLEAN-005": ({"full_name": "Lê Thị Lan 2"}, None),
    "VN-LIVE-001": ({"id_number": "012345678"}, None),
    "VN-LIVE-002": ({"address": "Phường Trúc Bạch, Quận Ba Đình, Hà Nội"}, None),
    "VN-LIVE-003": ({"phone": "01691234567"}, None),
    "VN-LIVE-004": ({"deceased": "1"}, None),
    "VN-LIVE-005": ({"updated_at": "2020-01-01"}, None),
}


def run(record: dict[str, Any], reference: dict[str, Any] | None, code: str) -> list[str]:
    return [i.code for i in check(record, reference, rules=[code],
                                  options=CheckOptions(today=TODAY))]


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_passes_and_fails(code: str) -> None:
    changes, reference = CASES[code]
    good_ref = {**GOOD} if reference is not None else None
    assert run(GOOD, good_ref, code) == []
    bad = {**GOOD, **changes}
    ref = {**GOOD, **reference} if reference is not None else None
    assert run(bad, ref, code) == [code]


def test_every_builtin_rule_is_tested() -> None:
    tested_elsewhere = {"VN-REQ-007"}  # test_required_fields_are_configurable
    assert sorted(c for c in RULES.names() if c.startswith("VN-")) == sorted(
        set(CASES) | tested_elsewhere)


def test_required_fields_are_configurable() -> None:
    opts = CheckOptions(required=("full_name", "so_mui_tiem"), today=TODAY)
    codes = [i.code for i in check({"full_name": "Lê Lan"}, rules=["du"], options=opts)]
    assert codes == ["VN-REQ-007"]
    issue = check({"full_name": "Lê Lan"}, rules=["VN-REQ-007"], options=opts)[0]
    assert issue.field == "so_mui_tiem" and issue.word == "du"


def test_suggestions_and_no_raw_identifiers() -> None:
    issues = check({**GOOD, "id_number": "1190012345", "full_name": "le thi lan"},
                   options=CheckOptions(today=TODAY))
    by_code = {i.code: i for i in issues}
    assert by_code["VN-CLEAN-002"].suggestion == "001190012345"
    assert by_code["VN-CLEAN-001"].suggestion == "Le Thi Lan"
    bad = check({**GOOD, "id_number": "099190012345"}, rules=["VN-ID-001"])[0]
    assert "099190012345" not in bad.message and "0991******45" in bad.message


def test_words_and_severities() -> None:
    assert {r.word for r in (RULES.get(c) for c in RULES.names())} == {"dung", "du", "sach",
                                                                       "song"}
    # rules that could reject valid people are warnings at most
    for code in ("VN-CCCD-002", "VN-CCCD-003", "VN-REQ-003", "VN-LIVE-001"):
        assert RULES.get(code).severity <= Severity.WARNING
    with pytest.raises(UnknownNameError):
        check(GOOD, rules=["VN-NOPE"])
    with pytest.raises(ConfigError):
        rule("X-1", "sach sẽ", "f")


def test_check_dataset(tmp_path: Path) -> None:
    recs = [
        dict(GOOD),
        {**GOOD, "id": "2", "full_name": "LE THI LAN", "birth_date": "1/2/1990"},  # duplicate
        {**GOOD, "id": "3", "full_name": "Trần Văn Nam", "birth_date": "1985-05-05", "sex": "M",
         "id_number": "001190012345", "phone": ""},  # somebody else's number
        {"id": "4", "full_name": ""},
    ]
    rep = check_dataset(recs, options=CheckOptions(today=TODAY))
    assert rep.records == 4
    assert rep.by_rule["VN-DUP-001"] == 2
    assert rep.by_rule["VN-DUP-002"] == 3
    assert rep.passed["du"] == 3  # only the record without a name is incomplete
    assert 0 < rep.share_passing("dung") < 1
    text = str(rep)
    assert "Đúng (correct)" in text and "VN-DUP-002" in text
    assert "<h1>" in rep.to_html()
    assert rep.to_csv(str(tmp_path / "r.csv")) == sum(len(v) for v in rep.issues.values())


def test_check_dataset_reads_its_tables_as_check_reads_each_record() -> None:
    from vnidmatch.synth import derive_register, generate_population

    recs = derive_register(generate_population(300, seed=5), seed=5)
    rep = check_dataset(recs, options=CheckOptions(today=TODAY), duplicates=False, workers=1)
    seen = 0
    for r in recs:
        one = check(r, options=CheckOptions(today=TODAY))
        assert rep.issues.get(str(r["id"]), []) == one, r["id"]
        seen += len(one)
    assert seen > 300
    # the derived tables were read: names repaired and old-scheme addresses with suggestions
    codes = {i.code for issues in rep.issues.values() for i in issues if i.suggestion}
    assert {"VN-CLEAN-001", "VN-LIVE-002"} <= codes


def _spy_children(monkeypatch) -> list[object]:  # type: ignore[no-untyped-def]
    """The processes of the rules' children that check_dataset forks, as they start."""
    from vnidmatch import _parallel
    from vnidmatch.rules import dataset as report_module

    children: list[object] = []

    class Spy(_parallel.Background):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            children.append(self._proc)

    monkeypatch.setattr(report_module, "Background", Spy)
    monkeypatch.setattr(report_module, "POOL_MIN_RECORDS", 10)
    monkeypatch.setattr(report_module, "CLAIM", 7)  # many chunks for two processes
    return children


@pytest.mark.parametrize("duplicates", [False, True])
def test_check_dataset_over_forked_children_reports_the_same(monkeypatch, duplicates) -> None:  # type: ignore[no-untyped-def]
    from vnidmatch.synth import derive_register, generate_population

    recs = derive_register(generate_population(300, seed=6), seed=6)
    recs += [{**r, "id": f"dup{r['id']}", "full_name": str(r["full_name"]).upper()}
             for r in recs[:20]]  # the same people entered twice
    opts = CheckOptions(today=TODAY)
    alone = check_dataset(recs, options=opts, duplicates=duplicates, workers=1)
    children = _spy_children(monkeypatch)
    pooled = check_dataset(recs, options=opts, duplicates=duplicates, workers=2)
    assert pooled.issues == alone.issues
    assert pooled.by_rule == alone.by_rule and pooled.passed == alone.passed
    assert pooled.by_word == alone.by_word and pooled.by_field == alone.by_field
    assert sum(map(len, alone.issues.values())) > 100
    assert (alone.by_rule["VN-DUP-001"] > 0) == duplicates
    assert len(children) == 1 and children[0] is not None  # one forked child, and this process


def test_check_dataset_checks_here_what_a_dead_child_took(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    from vnidmatch.rules import dataset as report_module
    from vnidmatch.synth import derive_register, generate_population

    recs = derive_register(generate_population(200, seed=7), seed=7)
    opts = CheckOptions(today=TODAY)
    alone = check_dataset(recs, options=opts, workers=1)
    children = _spy_children(monkeypatch)
    parent = os.getpid()
    taken = tmp_path / "taken"
    real = report_module._rules_claimed

    def dies(shared, counter):  # type: ignore[no-untyped-def]
        if os.getpid() == parent:
            return real(shared, counter)
        start, _ = next(report_module._chunks(counter, len(shared[1])))
        taken.write_text(str(start))
        os._exit(1)  # took a chunk, died

    monkeypatch.setattr(report_module, "_rules_claimed", dies)
    # this process looks for duplicates first: the child has taken its chunk by then
    pooled = check_dataset(recs, options=opts, workers=2)
    assert len(children) == 1 and children[0] is not None
    assert taken.read_text() == "0"
    assert pooled.issues == alone.issues and pooled.passed == alone.passed


def test_background_job_runs_here_when_its_child_dies() -> None:
    import os
    import signal

    from vnidmatch._parallel import Background

    job = Background(lambda _, n: [os.getpid()], 1)
    assert job.result() != [os.getpid()]  # done in the child
    job = Background(lambda _, n: [os.getpid()], 1)
    os.kill(job._proc.pid, signal.SIGKILL)
    assert job.result() == [os.getpid()]  # the child died: done here


def test_cccd_rules_on_a_record_prepared_without_agreement_flags() -> None:
    # the preparation flags identifiers that agree with the record; a record made by hand
    # has no flags, and its identifiers are checked in full
    from dataclasses import replace

    from vnidmatch.records import prepare_record
    from vnidmatch.rules.engine import make_context, run_rules, select_rules

    bad = prepare_record({**GOOD, "sex": "M", "birth_date": "1991-02-01"})
    assert bad.id_consistent == (False,)
    for p in (bad, replace(bad, id_consistent=())):
        ctx = make_context({}, p, options=CheckOptions(today=TODAY))
        assert [i.code for i in run_rules(ctx, select_rules(["VN-CCCD-002", "VN-CCCD-003"]))
                ] == ["VN-CCCD-002", "VN-CCCD-003"]
    good = prepare_record(GOOD)
    assert good.id_consistent == (True,)
    ctx = make_context({}, replace(good, id_consistent=()), options=CheckOptions(today=TODAY))
    assert run_rules(ctx, select_rules(["VN-CCCD-002", "VN-CCCD-003"])) == []


class DoseNumber:
    """A rule of the user's own, not made with ``rule``: only the ``Rule`` protocol."""

    code, word, severity, field = "X-DOSE-001", "du", Severity.WARNING, "so_mui_tiem"
    description = "dose number present and as in the reference"

    def check(self, record: Record, reference: Record | None = None) -> Iterator[Issue]:
        dose = record.get("so_mui_tiem")
        if not dose:
            yield Issue(self.code, self.field, "no dose number", self.severity, self.word)
        elif reference is not None and reference.get("so_mui_tiem") not in (None, dose):
            yield Issue(self.code, self.field, f"dose {dose} differs from the reference",
                        self.severity, self.word, str(reference["so_mui_tiem"]))


NO_DOSE = Issue("X-DOSE-001", "so_mui_tiem", "no dose number", Severity.WARNING, "du")


def test_a_protocol_rule_runs_in_check() -> None:
    dose = DoseNumber()
    assert isinstance(dose, Rule)
    assert check({**GOOD, "so_mui_tiem": "2"}, rules=[dose]) == []
    assert check(GOOD, rules=[dose]) == [NO_DOSE]
    assert check({**GOOD, "so_mui_tiem": "2"}, {**GOOD, "so_mui_tiem": "1"}, rules=[dose]) == [
        Issue("X-DOSE-001", "so_mui_tiem", "dose 2 differs from the reference",
              Severity.WARNING, "du", "1")]
    # alongside built-in rules, in the order given
    got = check({**GOOD, "sex": "M"}, rules=["VN-CCCD-002", dose],
                options=CheckOptions(today=TODAY))
    assert [i.code for i in got] == ["VN-CCCD-002", "X-DOSE-001"]
    with pytest.raises(ConfigError):
        check(GOOD, rules=[object()])  # type: ignore[list-item]


def test_a_protocol_rule_runs_in_check_dataset() -> None:
    recs = [{**GOOD, "so_mui_tiem": "1"}, {**GOOD, "id": "2"},
            {**GOOD, "id": "3", "birth_date": ""}]
    rep = check_dataset(recs, rules=[DoseNumber(), "VN-REQ-002"], duplicates=False,
                        options=CheckOptions(today=TODAY), workers=1)
    assert rep.issues == {
        "2": [NO_DOSE],
        "3": [NO_DOSE, Issue("VN-REQ-002", "birth_date", "date of birth is missing",
                             Severity.ERROR, "du")]}
    assert rep.by_rule == Counter({"X-DOSE-001": 2, "VN-REQ-002": 1})
    assert rep.by_word == Counter({"du": 3}) and rep.by_field["so_mui_tiem"] == 2
    assert rep.passed == {"dung": 3, "du": 1, "sach": 3, "song": 3}
    assert rep.descriptions["X-DOSE-001"] == "dose number present and as in the reference"


def test_a_protocol_rule_runs_in_forked_children(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from vnidmatch.synth import derive_register, generate_population

    recs = derive_register(generate_population(60, seed=8), seed=8)
    recs = [{**r, "so_mui_tiem": "1"} if n % 2 else r for n, r in enumerate(recs)]
    rules: list[Any] = [DoseNumber(), "du"]
    opts = CheckOptions(today=TODAY)
    alone = check_dataset(recs, rules=rules, options=opts, duplicates=False, workers=1)
    children = _spy_children(monkeypatch)
    pooled = check_dataset(recs, rules=rules, options=opts, duplicates=False, workers=2)
    assert len(children) == 1 and children[0] is not None
    assert pooled.issues == alone.issues and pooled.by_rule == alone.by_rule
    assert pooled.passed == alone.passed and pooled.by_word == alone.by_word
    without = [r for n, r in enumerate(recs) if not n % 2]
    assert pooled.by_rule["X-DOSE-001"] == len(without) > 10
    assert all(NO_DOSE in pooled.issues[str(r["id"])] for r in without)

