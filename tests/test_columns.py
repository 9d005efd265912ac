"""One header mapping for every entry point: the headers Vietnamese registers use, in every
spelling, mapped once (records.columns) and read the same by link, dedupe, Matcher,
check, check_dataset and the command line (#15); a generic identifier column (#17)."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest

from vnidmatch import Matcher, check, check_dataset, dedupe, link
from vnidmatch.cli import main
from vnidmatch.exceptions import ConfigError
from vnidmatch.ids import parse_other_id
from vnidmatch.records import (
    CANONICAL_FIELDS,
    as_record,
    column_mapping,
    describe_columns,
    join_parts,
    map_columns,
    prepare_record,
    records_from,
    resolve_field,
)
from vnidmatch.rules import CheckOptions

#: (header as registers write it, the field it maps to)
HEADERS = [
    ("Mã công dân", "id_number"), ("Số định danh", "id_number"),
    ("Số định danh cá nhân", "id_number"), ("SỐ ĐỊNH DANH CÁ NHÂN", "id_number"),
    ("so dinh danh ca nhan", "id_number"), ("Số CCCD", "id_number"), ("CCCD", "id_number"),
    ("Số CMND", "old_id_number"), ("Số chứng minh nhân dân", "old_id_number"),
    ("Mã đối tượng", "id"), ("ID", "id"), ("rec_id", "id"),
    ("Họ tên", "full_name"), ("Họ và tên", "full_name"), ("HO VA TEN", "full_name"),
    ("  Họ  và   tên: ", "full_name"), ("Họ và tên (*)", "full_name"),
    ("Giới", "sex"), ("Giới tính", "sex"), ("gioi_tinh", "sex"), ("Phái", "sex"),
    ("Nơi thường trú", "address"), ("Địa chỉ thường trú", "address"),
    ("Nơi ở hiện tại", "address"), ("Địa chỉ", "address"),
    ("ĐT", "phone"), ("SĐT", "phone"), ("Số điện thoại", "phone"), ("sdt", "phone"),
    ("Số ĐT", "phone"), ("Điện thoại di động", "phone"),
    ("Ngày sinh", "birth_date"), ("Năm sinh", "birth_date"), ("Ngày/tháng/năm sinh", "birth_date"),
    ("date_of_birth", "birth_date"),
    ("soc_sec_id", "other_id"), ("Số BHXH", "other_id"), ("Số hộ chiếu", "other_id"),
]


@pytest.mark.parametrize(("header", "field"), HEADERS)
def test_a_register_header_maps_to_its_field(header: str, field: str) -> None:
    assert map_columns([header]) == {header: field}
    decomposed = unicodedata.normalize("NFD", header)
    assert map_columns([decomposed]) == {decomposed: field}
    assert resolve_field(header) == field


def test_a_whole_register_header_row() -> None:
    header = ["STT", "Họ và tên", "Ngày sinh", "Giới", "Mã công dân", "Số CMND", "SĐT",
              "Nơi thường trú", "Ghi chú"]
    assert map_columns(header) == {
        "Họ và tên": "full_name", "Ngày sinh": "birth_date", "Giới": "sex",
        "Mã công dân": "id_number", "Số CMND": "old_id_number", "SĐT": "phone",
        "Nơi thường trú": "address"}
    assert column_mapping(header)["STT"] == "row number"
    assert column_mapping(header)["Ghi chú"] == ""
    assert describe_columns(header).endswith(
        "; STT: a row number, not an id; kept as they are: Ghi chú")


def test_stt_is_a_row_number_not_an_id() -> None:
    rows = records_from([{"STT": "7", "Họ và tên": "Lê Lan"}, {"STT": "7", "Họ và tên": "Lê An"}],
                        keep_other=True)
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[0]["STT"] == "7"  # kept under its own name


def test_two_columns_for_one_field_the_better_header_wins() -> None:
    # the personal identification number before "số giấy tờ", whatever the column order
    assert map_columns(["Số giấy tờ", "Số định danh cá nhân"]) == {
        "Số định danh cá nhân": "id_number"}
    # the exact field name before an alias
    assert map_columns(["ho_ten", "full_name"]) == {"full_name": "full_name"}
    # permanent address before the current one (population registers hold the permanent)
    assert map_columns(["Nơi ở hiện tại", "Nơi thường trú"]) == {"Nơi thường trú": "address"}


def test_split_names_and_addresses_are_joined() -> None:
    row = {"Họ và tên đệm": "Nguyễn Thị", "Tên": "Lan", "Số nhà": "12",
           "Phường/Xã": "Phường Bến Thành", "Quận/Huyện": "Quận 1", "Tỉnh/Thành phố": "TP HCM"}
    assert join_parts(row) == {
        "full_name": ("Họ và tên đệm", "Tên"),
        "address": ("Số nhà", "Phường/Xã", "Quận/Huyện", "Tỉnh/Thành phố")}
    rec = records_from([row])[0]
    assert rec["full_name"] == "Nguyễn Thị Lan"
    assert rec["address"] == "12, Phường Bến Thành, Quận 1, TP HCM"
    three = records_from([{"Họ": "Lê", "Tên đệm": "Văn", "Tên": "Tám"}])[0]
    assert three["full_name"] == "Lê Văn Tám"
    # a whole name column wins over the parts
    assert records_from([{"Họ và tên": "Lê Văn Tám", "Tên": "Tám"}])[0]["full_name"] == \
        "Lê Văn Tám"


def test_options_that_name_no_field_fail_with_the_valid_list() -> None:
    with pytest.raises(ConfigError, match="valid fields: id, full_name, birth_date") as exc:
        resolve_field("Ho va tn", ["Họ và tên", "Ghi chú"])
    assert "Ghi chú" in str(exc.value)  # the file's own columns are valid too
    assert resolve_field("Ghi chú", ["Ghi chú"]) == "Ghi chú"
    assert resolve_field("Tên") == "full_name"  # a part of the name
    with pytest.raises(ConfigError, match="valid fields"):
        map_columns(["a"], {"hoten_x": "a"})
    assert map_columns(["a"], {"Họ và tên": "a"}) == {"a": "full_name"}  # --map by header
    assert set(CANONICAL_FIELDS) >= {"other_id", "id_number", "full_name"}


# -- the same mapping at every entry point ------------------------------------------------

_VN = {"Mã đối tượng": "V1", "Họ và tên": "NGUYEN VAN AN", "Ngày sinh": "5/3/1990",
       "Mã công dân": "01090012345", "SĐT": "0912 345 678",
       "Nơi thường trú": "Phường Phúc Xá, Quận Ba Đình, Hà Nội"}
_CANON = {"id": "V1", "full_name": "NGUYEN VAN AN", "birth_date": "5/3/1990",
          "id_number": "01090012345", "phone": "0912 345 678",
          "address": "Phường Phúc Xá, Quận Ba Đình, Hà Nội"}
_REF = [{"id": "P1", "full_name": "Nguyễn Văn An", "birth_date": "1990-03-05",
         "id_number": "001090012345", "phone": "0912345678",
         "address": "Phường Phúc Xá, Quận Ba Đình, Hà Nội"},
        {"id": "P2", "full_name": "Trần Thị Bình", "birth_date": "1985-12-01",
         "id_number": "079185001111"}]


def test_as_record_maps_one_record() -> None:
    assert as_record(_VN) == _CANON
    assert as_record({"Họ và tên": "Lê Lan"}, "query") == {"full_name": "Lê Lan", "id": "query"}
    assert as_record({"full_name": "Lê Lan"}, "q") == {"full_name": "Lê Lan", "id": "q"}


def test_match_one_reads_vietnamese_headers() -> None:
    m = Matcher(_REF)
    got = [(c.id, c.decision) for c in m.match_one(_VN)]
    assert got == [("P1", "match")]
    assert got == [(c.id, c.decision) for c in m.match_one(_CANON)]


def test_link_and_dedupe_read_vietnamese_headers() -> None:
    vn = link([_VN], _REF)
    canon = link([_CANON], _REF)
    assert [(p.left_id, p.right_id, p.decision) for p in vn.pairs] == \
        [(p.left_id, p.right_id, p.decision) for p in canon.pairs] == [("V1", "P1", "match")]
    twin = {**_VN, "Mã đối tượng": "V2", "Họ và tên": "Nguyễn Văn An"}
    assert dedupe([_VN, twin]).clusters == {"V1": "V1", "V2": "V1"}


def test_check_reads_vietnamese_headers() -> None:
    vn = [i.code for i in check(_VN)]
    assert vn == [i.code for i in check(_CANON)]
    assert "VN-REQ-001" not in vn and "VN-REQ-002" not in vn  # the name and date are read


def test_check_dataset_reads_headers_and_required_names() -> None:
    rows = [_VN, {**_VN, "Mã đối tượng": "V2", "Họ và tên": ""}]
    opts = CheckOptions(required=("Họ và tên", "Ngày sinh"))
    report = check_dataset(rows, ["du"], options=opts, duplicates=False)
    assert report.passed["du"] == 1  # V2 has no name; the dates are there
    assert sorted(report.issues) == ["V2"]
    same = check_dataset([as_record(r) for r in rows], ["du"],
                         options=CheckOptions(required=("full_name", "birth_date")),
                         duplicates=False)
    assert same.passed == report.passed
    with pytest.raises(ConfigError, match="valid fields"):
        check_dataset(rows, ["du"], options=CheckOptions(required=("Ho va tn",)),
                      duplicates=False)


def test_check_dataset_takes_a_dataframe() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame([_VN, {**_VN, "Mã đối tượng": "V2", "Ngày sinh": None}])
    report = check_dataset(df, ["du"], duplicates=False)
    assert report.records == 2
    assert [i.code for i in report.issues["V2"]] == ["VN-REQ-002", "VN-REQ-004"]


# -- the command line ---------------------------------------------------------------------

def _write(path: Path, rows: list[dict[str, str]]) -> str:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return str(path)


def test_cli_prints_the_mapping_and_validates_required(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    rows = [{"STT": "1", **_VN}, {"STT": "2", **_VN, "Mã đối tượng": "V2", "Họ và tên": ""}]
    path = _write(tmp_path / "vn.csv", rows)
    out = str(tmp_path / "r.txt")
    assert main(["check", path, "-o", out, "--required", "Họ và tên", "--rules", "du",
                 "--no-duplicates"]) == 0
    err = capsys.readouterr().err
    assert (f"columns of {path}: Mã đối tượng → id, Họ và tên → full_name, Ngày sinh → "
            "birth_date, Mã công dân → id_number, SĐT → phone, Nơi thường trú → address; "
            "STT: a row number, not an id") in err
    assert "50.0% pass" in Path(out).read_text(encoding="utf-8")  # Đủ: one of two has a name
    assert main(["check", path, "-o", out, "--required", "Ho va tn"]) == 1
    err = capsys.readouterr().err
    assert "unknown field 'Ho va tn'; valid fields: id, full_name" in err
    ref = _write(tmp_path / "ref.csv", [{k: v or "" for k, v in r.items()} for r in _REF])
    assert main(["link", path, ref, "-o", str(tmp_path / "l.csv")]) == 0
    err = capsys.readouterr().err
    assert f"columns of {path}: Mã đối tượng → id" in err
    assert f"columns of {ref}: id → id, full_name → full_name" in err
    assert main(["link", path, ref, "-o", str(tmp_path / "l.csv"), "--map",
                 "nghe_nghiep=STT"]) == 1
    assert "unknown field 'nghe_nghiep'; valid fields" in capsys.readouterr().err


# -- a generic identifier -----------------------------------------------------------------

def test_other_id_is_parsed_and_links() -> None:
    assert parse_other_id("530-42 18").number == "5304218"  # type: ignore[union-attr]
    assert parse_other_id("không có") is None
    r = prepare_record({"id": 1, "soc_sec_id": "5304218"} | {})
    assert r.ids == ()  # a raw record is not mapped: only canonical keys are read
    r = prepare_record(as_record({"soc_sec_id": "5304218.0"}))
    assert [(i.kind, i.number) for i in r.ids] == [("other", "5304218")]
    assert r.problems == ()
    left = [{"rec_id": "a", "given_name": "michaela", "surname": "neumann",
             "soc_sec_id": "5304218", "date_of_birth": "19151111"}]
    right = [{"rec_id": "b", "given_name": "mikaela", "surname": "neuman",
              "soc_sec_id": "5304218", "date_of_birth": "19151111"},
             {"rec_id": "c", "given_name": "michaela", "surname": "neumann",
              "soc_sec_id": "8812345", "date_of_birth": "19151111"}]
    res = link(left, right)
    levels = {p.right_id: dict(zip([c.field for c in res.config.comparisons], p.levels))
              for p in res.pairs}
    assert levels["b"]["ids"] == "exact"
    assert levels.get("c", {"ids": "else"})["ids"] == "else"
    assert [p.right_id for p in res.best()] == ["b"]


def test_an_other_id_is_not_a_cccd_for_the_rules() -> None:
    """A BHXH or passport number does not make a record's CCCD/CMND present, nor hide that
    its only national document is an expired CMND."""
    rec = {"Họ và tên": "Lê Thị Lan", "Số BHXH": "0123456789"}
    assert "VN-REQ-005" in [i.code for i in check(rec)]
    cmnd = {**rec, "Số CMND": "012345678"}
    assert "VN-LIVE-001" in [i.code for i in check(cmnd, options=CheckOptions())]
    assert "VN-REQ-005" not in [i.code for i in check(cmnd)]


def test_the_mapping_is_logged_and_printed_by_every_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
        ) -> None:
    import logging

    with caplog.at_level(logging.INFO, logger="vnidmatch.records"):
        records_from([{"STT": "1", "Họ và tên": "Lê Lan"}])
    assert caplog.messages == ["columns: Họ và tên → full_name; STT: a row number, not an id"]
    path = _write(tmp_path / "vn.csv", [{"STT": "1", **_VN}])
    for command in (["dedupe", path, "-o", str(tmp_path / "d.csv")],
                    ["normalize", path, "-o", str(tmp_path / "n.csv")]):
        assert main(command) == 0
        assert f"columns of {path}: Mã đối tượng → id, Họ và tên → full_name" in \
            capsys.readouterr().err
    assert main(["dedupe", path, "-o", str(tmp_path / "d.csv"), "-q"]) == 0
    assert "columns of" not in capsys.readouterr().err
