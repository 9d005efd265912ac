"""The command line, end to end, on files the tests write."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from vnidmatch.cli import main


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed base letters, tone marks as combining bytes."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        quality = [m for m in marks if m in "\u0302\u0306\u031b"]
        tones = [m for m in marks if m not in quality]
        out += unicodedata.normalize("NFC", base + "".join(quality)).encode("cp1258")
        out += "".join(tones).encode("cp1258")
    return bytes(out)


POP_HEADER = ["ma_dinh_danh", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "SĐT", "Địa chỉ"]
POP = [
    ["P1", "Nguyễn Văn An", "1990-03-05", "Nam", "001090012345", "0912345678",
     "Phường Phúc Xá, Quận Ba Đình, Hà Nội"],
    ["P2", "Trần Thị Bình", "1985-12-01", "Nữ", "079185001111", "0903111222",
     "Phường Bến Thành, Quận 1, TP HCM"],
    ["P3", "Lê Văn Cường", "1970-07-07", "Nam", "038070002222", "", "Xã Quảng Tân, Thanh Hóa"],
]
REG_HEADER = ["id", "ho_ten", "ngay_sinh", "gioi_tinh", "cccd", "sdt", "dia_chi", "truth"]
REG = [
    ["V1", "NGUYEN VAN AN", "05/03/1990", "nam", "1090012345", "0912 345 678", "P.Phúc Xá, HN",
     "P1"],
    ["V2", "Bà Trần Thị Bình", "1/12/1985", "nu", "79185001111.0", "84903111222", "Q1 TPHCM",
     "P2"],
    ["V3", "Phạm Văn Dũng", "1999", "Nam", "", "", "", ""],
]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    pop = tmp_path / "population.csv"
    with open(pop, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(POP_HEADER)
        w.writerows(POP)
    reg = tmp_path / "register.csv"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(REG_HEADER)
    w.writerows(REG)
    w.writerow(["V4", "too", "few"])
    reg.write_bytes(cp1258(buf.getvalue()))
    return reg, pop


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_link_best(files: tuple[Path, Path], tmp_path: Path,
                   capsys: pytest.CaptureFixture[str]) -> None:
    reg, pop = files
    out = tmp_path / "out.csv"
    code = main(["link", str(reg), str(pop), "-o", str(out), "--best",
                 "--right-id", "ma_dinh_danh", "--save-model", str(tmp_path / "m.json")])
    assert code == 0
    rows = read(out)
    assert [(r["left_id"], r["right_id"], r["decision"]) for r in rows] == [
        ("V1", "P1", "match"), ("V2", "P2", "match"), ("V3", "", "no_match")]
    assert {"full_name_level", "ids_level", "address_level"} <= set(rows[0])
    rejects = read(tmp_path / "out.rejects.csv")
    assert [(r["line"], r["reason"]) for r in rejects] == [("5", "expected 8 fields, got 3")]
    err = capsys.readouterr().err
    assert "rejected rows: 1" in err and "left records: 3" in err
    assert (tmp_path / "m.json").read_text(encoding="utf-8").startswith("{")
    # the saved model loads and gives the same answer
    out2 = tmp_path / "out2.csv"
    assert main(["link", str(reg), str(pop), "-o", str(out2), "--best", "-q",
                 "--right-id", "ma_dinh_danh", "--model", str(tmp_path / "m.json")]) == 0
    assert [r["right_id"] for r in read(out2)] == ["P1", "P2", ""]


def test_link_report(files: tuple[Path, Path], tmp_path: Path) -> None:
    reg, pop = files
    page = tmp_path / "eval.html"
    assert main(["link", str(reg), str(pop), "-o", str(tmp_path / "o.csv"), "-q",
                 "--right-id", "ma_dinh_danh", "--truth", "truth", "--report", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "Against ground truth" in html and "What to review" in html
    assert "Precision and recall (with ground truth)" in html
    # without truth (what a clerk has): the same report, less the precision-recall curve
    assert main(["link", str(reg), str(pop), "-o", str(tmp_path / "o.csv"), "-q",
                 "--right-id", "ma_dinh_danh", "--report", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "What was linked" in html and "Against ground truth" not in html
    assert main(["link", str(reg), str(pop), "-o", str(tmp_path / "o.csv"), "-q",
                 "--truth", "truth"]) == 1  # --truth without --report is a mistake


def test_link_review_and_labels(tmp_path: Path) -> None:
    reg, pop = tmp_path / "reg.csv", tmp_path / "pop.csv"
    reg.write_text("id,ho_ten,ngay_sinh,sdt\nL1,Nguyễn Văn An,1990,\n"
                   "L2,Trần Thị Bình,12/03/1985,0912345678\n", encoding="utf-8")
    pop.write_text("id,ho_ten,ngay_sinh,sdt\nR1,Nguyễn Văn An,1991,\n"
                   "R2,Trần Thị Bình,1985,0987654321\n", encoding="utf-8")
    review = tmp_path / "review.csv"
    assert main(["link", str(reg), str(pop), "-o", str(tmp_path / "o.csv"), "-q",
                 "--threshold", "0.9999", "--review", str(review)]) == 0
    rows = read(review)
    assert [(r["left_id"], r["right_id"], r["label"]) for r in rows] == [("L2", "R2", ""),
                                                                        ("L1", "R1", "")]
    assert (rows[0]["left_phone"], rows[0]["right_phone"]) == ("0912345678", "0987654321")
    rows[0]["label"], rows[1]["label"] = "0", "1"
    with open(review, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    model = tmp_path / "m.json"
    assert main(["link", str(reg), str(pop), "-o", str(tmp_path / "o.csv"), "-q",
                 "--labels", str(review), "--save-model", str(model)]) == 0
    trained = json.loads(model.read_text(encoding="utf-8"))["trained"]
    assert (trained["labelled_matches"], trained["labelled_non_matches"]) == (1, 1)


def test_link_all_pairs_and_explicit_map(files: tuple[Path, Path], tmp_path: Path) -> None:
    reg, pop = files
    out = tmp_path / "pairs.csv"
    assert main(["link", str(reg), str(pop), "-o", str(out), "-q",
                 "--right-map", "id=ma_dinh_danh,full_name=Họ và tên"]) == 0
    rows = read(out)
    assert {(r["left_id"], r["right_id"]) for r in rows if r["decision"] == "match"} == {
        ("V1", "P1"), ("V2", "P2")}
    assert list(rows[0])[:5] == ["left_id", "right_id", "match_weight", "match_probability",
                                 "decision"]


def test_dedupe_and_normalize(files: tuple[Path, Path], tmp_path: Path) -> None:
    reg, _pop = files
    both = tmp_path / "both.csv"
    rows = [dict(zip(POP_HEADER, r)) for r in POP]
    rows.append({"ma_dinh_danh": "P9", "Họ và tên": "NGUYEN VAN AN", "Ngày sinh": "5/3/1990",
                 "Giới tính": "Nam", "Số CCCD": "1090012345", "SĐT": "", "Địa chỉ": ""})
    with open(both, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=POP_HEADER)
        w.writeheader()
        w.writerows(rows)
    out = tmp_path / "clusters.csv"
    assert main(["dedupe", str(both), "-o", str(out), "--id", "ma_dinh_danh", "-q"]) == 0
    clusters = {r["id"]: r["cluster_id"] for r in read(out)}
    assert clusters["P9"] == clusters["P1"] and len(set(clusters.values())) == 3
    norm = tmp_path / "norm.csv"
    assert main(["normalize", str(reg), "-o", str(norm), "-q"]) == 0
    got = read(norm)
    assert got[1]["vn_full_name"] == "Trần Thị Bình"
    assert got[1]["vn_id_number"] == "079185001111"
    assert got[0]["vn_birth_date"] == "1990-03-05"
    assert got[0]["vn_phone"] == "+84912345678"


def test_explain(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    reg, pop = files
    assert main(["explain", str(reg), str(pop), "V1", "P1", "--right-id", "ma_dinh_danh"]) == 0
    out = capsys.readouterr().out
    assert "V1 ↔ P1" in out and "ids" in out and "match" in out


def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["link", str(tmp_path / "nope.csv"), "x.csv", "-o", "o.csv"]) == 1
    assert "file not found" in capsys.readouterr().err
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert main(["dedupe", str(empty), "-o", str(tmp_path / "o.csv"), "-q"]) == 1
    with pytest.raises(SystemExit) as exc:
        main(["link"])
    assert exc.value.code == 2
    assert main([]) == 2


def test_module_entry_point_and_demo() -> None:
    done = subprocess.run([sys.executable, "-m", "vnidmatch", "demo", "--n", "400",
                           "--report", os.devnull],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "best match per record: precision" in done.stdout


def test_check_report(files: tuple[Path, Path], tmp_path: Path) -> None:
    reg, _ = files
    html = tmp_path / "report.html"
    assert main(["check", str(reg), "-o", str(html), "-q"]) == 0
    assert "Đúng (correct)" in html.read_text(encoding="utf-8")
    rows = tmp_path / "issues.csv"
    assert main(["check", str(reg), "-o", str(rows), "-q", "--rules", "du"]) == 0
    got = read(rows)
    assert {r["word"] for r in got} == {"du"}
    assert ("V3", "VN-REQ-005") in {(r["id"], r["code"]) for r in got}
