"""Row accounting on broken files through every command: output rows + rejected rows =
records in the input, and the CLI never prints a traceback."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from vnidmatch.cli import main

HEADER = "Họ và tên,Ngày sinh,Giới tính,Số CCCD,SĐT,Địa chỉ\n"
PEOPLE = [
    ("Nguyễn Văn An", "05/03/1990", "Nam", "001090012345", "0912345678",
     '"Phường Phúc Xá, Quận Ba Đình, Hà Nội"'),
    ("Trần Thị Bình", "01/12/1985", "Nữ", "079185001111", "0903111222",
     '"Phường Bến Thành, Quận 1, TP HCM"'),
    ("Lê Văn Cường", "1970", "Nam", "", "", "Hà Nội"),
    ("Phạm Thị Dung", "12/07/2001", "Nữ", "", "0987654321", "Đà Nẵng"),
]


def _line(p: tuple[str, ...]) -> str:
    return ",".join(p) + "\n"


def _broken(tmp_path: Path, name: str = "in.csv") -> tuple[Path, int]:
    """A file of 8 records: a stray quote, an unreadable row, a blank line in quotes."""
    lines = [_line(p) for p in PEOPLE]
    lines.insert(1, '"Võ Thị Em,01/01/1999,Nữ,,,"Huế"x,extra,fields,here\n')  # unreadable
    lines.insert(3, 'Đỗ "Bé" Hai,02/02/2002,Nam,,,Huế\n')  # quotes kept as characters
    lines.insert(5, '"Hồ\n\nThị Hoa",03/03/1993,Nữ,,,Huế\n')  # blank line inside quotes
    lines.insert(6, "Mai Văn Ít,04/04/1994,Nam\n")  # too few fields
    p = tmp_path / name
    p.write_text(HEADER + "".join(lines) + "\n\n", encoding="utf-8")
    return p, 8


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_normalize_accounts_for_every_record(tmp_path: Path) -> None:
    src, n = _broken(tmp_path)
    out = tmp_path / "out.csv"
    assert main(["normalize", str(src), "-o", str(out), "-q"]) == 0
    rows, rejects = _csv(out), _csv(tmp_path / "out.rejects.csv")
    assert len(rows) + len(rejects) == n
    assert [r["line"] for r in rejects] == ["3", "10"]
    # ids are data-row numbers in the file, not positions among the kept rows
    assert [r["vn_id"] for r in rows] == ["1", "3", "4", "5", "6", "8"]
    assert rows[2]["Họ và tên"] == "Đỗ \"Bé\" Hai" and rows[4]["Họ và tên"] == "Hồ\n\nThị Hoa"
    assert rows[0]["vn_province_2025"] == "Thành phố Hà Nội"
    assert rows[0]["vn_ward_2025"] and rows[0]["vn_address_2025"].endswith("Thành phố Hà Nội")


def test_dedupe_and_check_account_for_every_record(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    src, n = _broken(tmp_path)
    out, report = tmp_path / "d.csv", tmp_path / "d.txt"
    assert main(["dedupe", str(src), "-o", str(out), "--report", str(report)]) == 0
    err = capsys.readouterr().err
    assert "records: 6" in err and "clusters by size: 1: 6" in err
    assert len(_csv(out)) + len(_csv(tmp_path / "d.rejects.csv")) == n
    assert report.read_text(encoding="utf-8").startswith("vnidmatch dedupe report")
    chk = tmp_path / "c.txt"
    assert main(["check", str(src), "-o", str(chk), "-q"]) == 0
    assert chk.read_text(encoding="utf-8").startswith("6 records checked")
    assert len(_csv(tmp_path / "c.rejects.csv")) == 2


def test_link_best_keeps_columns_and_accounts(tmp_path: Path) -> None:
    left, n = _broken(tmp_path, "left.csv")
    right = tmp_path / "right.csv"
    right.write_text(HEADER + "".join(_line(p) for p in PEOPLE), encoding="utf-8")
    out = tmp_path / "links.csv"
    assert main(["link", str(left), str(right), "-o", str(out), "--best", "--keep-columns",
                 "-q"]) == 0
    rows = _csv(out)
    assert len(rows) + len(_csv(tmp_path / "links.rejects.csv")) == n
    first = rows[0]
    assert (first["left_id"], first["right_id"], first["decision"]) == ("1", "1", "match")
    assert first["left_Họ và tên"] == first["right_Họ và tên"] == "Nguyễn Văn An"
    assert rows[2]["left_Họ và tên"] == "Đỗ \"Bé\" Hai" and rows[2]["right_id"] == ""


def test_mask_rejects(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(HEADER + _line(PEOPLE[0]) + "Lê Lan,1990,Nữ,001090012345\n", encoding="utf-8")
    assert main(["normalize", str(src), "-o", str(tmp_path / "o.csv"), "-q",
                 "--mask-rejects"]) == 0
    text = (tmp_path / "o.rejects.csv").read_text(encoding="utf-8-sig")
    assert "0010******45" in text and "001090012345" not in text


@pytest.mark.parametrize("name", ["links.json", "links.xls"])
def test_an_output_name_no_writer_honours_is_refused(tmp_path: Path, name: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    src, _ = _broken(tmp_path)
    assert main(["normalize", str(src), "-o", str(tmp_path / name), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("vnidmatch: cannot write") and "Traceback" not in err
    assert not (tmp_path / name).exists()


def test_parquet_and_xlsx_outputs(tmp_path: Path) -> None:
    src, _ = _broken(tmp_path)
    pytest.importorskip("pyarrow")
    pytest.importorskip("openpyxl")
    from vnidmatch.io import read_table

    for name in ("o.parquet", "o.xlsx"):
        assert main(["normalize", str(src), "-o", str(tmp_path / name), "-q"]) == 0
        t = read_table(tmp_path / name)
        assert len(t.rows) == 6 and t.rows[0]["vn_full_name"] == "Nguyễn Văn An"


def test_empty_and_header_only_files_fail_cleanly(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    empty, header = tmp_path / "e.csv", tmp_path / "h.csv"
    empty.write_bytes(b"")
    header.write_text(HEADER, encoding="utf-8")
    for p in (empty, header):
        assert main(["dedupe", str(p), "-o", str(tmp_path / "o.csv"), "-q"]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err


def test_xlsx_input(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Ngày sinh", "Số CCCD"])
    sheet.append(["Nguyễn Văn An", "05/03/1990", "001090012345"])
    sheet.append(["Trần Thị Bình", "01/12/1985", 79185001111])  # the zero Excel dropped
    book.save(tmp_path / "in.xlsx")
    assert main(["normalize", str(tmp_path / "in.xlsx"), "-o", str(tmp_path / "o.csv"),
                 "-q"]) == 0
    rows = _csv(tmp_path / "o.csv")
    assert [r["vn_id_number"] for r in rows] == ["001090012345", "079185001111"]
