"""Files as Excel and legacy systems write them: every record is a row or a reject."""

from __future__ import annotations

from pathlib import Path

import pytest

from vnidmatch.exceptions import VnidmatchError
from vnidmatch.io import output_format, read_table, write_table

HEADER = "id,ho_ten,ngay_sinh\n"


def _rows(n: int) -> str:
    return "".join(f"{i},Nguyễn Văn {i},01/02/1990\n" for i in range(1, n + 1))


def _write(tmp_path: Path, data: bytes, name: str = "f.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_a_stray_quote_loses_no_row(tmp_path: Path) -> None:
    lines = _rows(1000).splitlines(keepends=True)
    lines[9] = '10,"Nguyễn Văn 10,01/02/1990\n'  # an opening quote that never closes
    lines[500] = '501,Lê "Bé" Ba,01/02/1990\n'  # quotes inside an unquoted field
    t = read_table(_write(tmp_path, (HEADER + "".join(lines)).encode()))
    assert t.records == 1000 and len(t.rows) + len(t.rejects) == 1000
    assert [r.line for r in t.rejects] == [] or [r.line for r in t.rejects] == [11]
    by_id = {r["id"]: r for r in t.rows}
    assert by_id["11"]["ho_ten"] == "Nguyễn Văn 11"  # the row after the stray quote is kept
    assert by_id["501"]["ho_ten"] == 'Lê "Bé" Ba'
    assert len(t.rows) >= 999


def test_an_unreadable_quoted_row_is_one_reject(tmp_path: Path) -> None:
    data = HEADER + '1,"Lê, Lan",1990\n2,"a,b,c,d\n3,Tô Hà,1991\n'
    t = read_table(_write(tmp_path, data.encode()))
    assert [(r.line, r.reason) for r in t.rejects] == [(3, "unbalanced quote")]
    assert [r["id"] for r in t.rows] == ["1", "3"] and t.row_numbers == [1, 3]
    assert t.rows[0]["ho_ten"] == "Lê, Lan"


def test_blank_lines_inside_quotes_are_kept(tmp_path: Path) -> None:
    data = HEADER + '1,"Lê\n\nLan",1990\n\n2,Tô Hà,1991\n'
    t = read_table(_write(tmp_path, data.encode()))
    assert [r["ho_ten"] for r in t.rows] == ["Lê\n\nLan", "Tô Hà"] and not t.rejects
    assert t.row_numbers == [1, 2]


def test_cr_only_line_endings_and_a_cr_inside_a_field(tmp_path: Path) -> None:
    mac = (HEADER + _rows(3)).replace("\n", "\r").encode()
    assert [r["id"] for r in read_table(_write(tmp_path, mac)).rows] == ["1", "2", "3"]
    stray = (HEADER + "1,Lê\rLan,1990\r\n2,Tô Hà,1991\r\n").encode()
    t = read_table(_write(tmp_path, stray, "g.csv"))
    assert [r["ho_ten"] for r in t.rows] == ["Lê Lan", "Tô Hà"] and not t.rejects


def test_utf16_is_read_once(tmp_path: Path) -> None:
    t = read_table(_write(tmp_path, (HEADER + _rows(1000)).encode("utf-16")))
    assert (len(t.rows), len(t.rejects), t.encoding) == (1000, 0, "utf-16-le")
    assert t.rows[999]["ho_ten"] == "Nguyễn Văn 1000"


def test_mixed_utf8_and_windows_1258_rows_are_decoded_one_by_one(tmp_path: Path) -> None:
    data = HEADER.encode()
    for i in range(1, 201):
        if i % 2:  # Windows-1258 writes the dot below as a combining mark
            data += f"{i},Lê Thi\u0323 Hà {i},1990\n".encode("cp1258")
        else:
            data += f"{i},Lê Thị Hà {i},1990\n".encode()
    t = read_table(_write(tmp_path, data))
    assert (len(t.rows), len(t.rejects), t.encoding) == (200, 0, "utf-8+cp1258")
    assert {r["ho_ten"].rsplit(" ", 1)[0] for r in t.rows} == {"Lê Thị Hà"}


def test_vni_font_text_saved_as_cp1252_is_repaired(tmp_path: Path) -> None:
    data = (HEADER + "1,Traàn Vaên Dö,1990\n2,Nguyeãn Thò Thu,1991\n").encode("cp1252")
    t = read_table(_write(tmp_path, data))
    assert [r["ho_ten"] for r in t.rows] == ["Trần Văn Dư", "Nguyễn Thị Thu"]
    assert t.encoding.startswith("cp1252")


def test_encoding_option_overrides_the_guess(tmp_path: Path) -> None:
    p = _write(tmp_path, (HEADER + "1,Lê Lan,1990\n").encode("utf-8"))
    assert read_table(p, encoding="latin-1").rows[0]["ho_ten"] == "LÃª Lan"
    with pytest.raises(VnidmatchError, match="unknown encoding"):
        read_table(p, encoding="no-such-codec")


@pytest.mark.parametrize("data", [b"", b"\n\n", b"\xef\xbb\xbf"])
def test_empty_files_fail_with_one_line(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(VnidmatchError, match=r"no rows|no readable header"):
        read_table(_write(tmp_path, data))


def test_header_only_file_has_no_records(tmp_path: Path) -> None:
    t = read_table(_write(tmp_path, HEADER.encode()))
    assert (t.columns, t.rows, t.records) == (["id", "ho_ten", "ngay_sinh"], [], 0)


def test_a_nul_byte_is_a_reject_not_a_crash(tmp_path: Path) -> None:
    data = (HEADER + '1,"Lê\x00Lan",1990\n2,Tô Hà,1991\n').encode()
    t = read_table(_write(tmp_path, data))
    assert t.records == 2 and [r["id"] for r in t.rows][-1] == "2"


def test_output_formats(tmp_path: Path) -> None:
    rows = [{"id": "001", "n": 2}]
    with pytest.raises(VnidmatchError, match=r"cannot write .*\.json"):
        output_format(tmp_path / "x.json")
    pytest.importorskip("pyarrow")
    write_table(tmp_path / "x.parquet", rows)
    assert read_table(tmp_path / "x.parquet").rows == [{"id": "001", "n": 2}]


def test_xlsx_round_trip(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    write_table(tmp_path / "x.xlsx", [{"id": "0010", "ho_ten": "Lê Lan"},
                                      {"id": "0011", "ho_ten": "Tô Hà"}])
    t = read_table(tmp_path / "x.xlsx")
    assert t.columns == ["id", "ho_ten"] and t.rows[1] == {"id": "0011", "ho_ten": "Tô Hà"}
    assert t.row_numbers == [1, 2]
