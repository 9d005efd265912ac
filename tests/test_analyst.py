"""The analyst's front door (#15) and the masked reprs (#18): DataFrames in and out, short
reprs without raw identifiers, charts, the HTML link report, clerical review and labels."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from vnidmatch.config import MatchConfig
from vnidmatch.ids._util import mask
from vnidmatch.match import dedupe, link
from vnidmatch.report import MissingExtraError, read_review
from vnidmatch.report.review import LABEL_PRIOR_PAIRS
from vnidmatch.rules import check_dataset
from vnidmatch.synth import derive_register, generate_population

pd = pytest.importorskip("pandas")

LEFT = [{"id": "L1", "full_name": "Nguyễn Văn An", "birth_date": "1990", "address": "Hà Nội"},
        {"id": "L2", "full_name": "Trần Thị Bình", "birth_date": "12/03/1985",
         "phone": "0912345678"},
        {"id": "L3", "full_name": "Lê Văn Cường", "birth_date": "1970-05-05",
         "id_number": "001070012345"}]
RIGHT = [{"id": "R1", "full_name": "Nguyễn Văn An", "birth_date": "1991", "address": "Hà Nội"},
         {"id": "R2", "full_name": "Trần Thị Bình", "birth_date": "1985", "phone": "0987654321"},
         {"id": "R3", "full_name": "Lê Văn Cường", "birth_date": "05/05/1970",
          "id_number": "001070012345"}]
#: the shipped model with a strict match threshold: two pairs to review, one match
STRICT = MatchConfig(match_threshold=0.9999)


# -- DataFrames in --------------------------------------------------------------------------
def test_dataframe_index_is_the_record_id() -> None:
    left = pd.DataFrame(LEFT).drop(columns="id").set_index(pd.Index(["a", "b", "c"]))
    right = pd.DataFrame(RIGHT).drop(columns="id").set_index(pd.Index(["x", "y", "z"]))
    r = link(left, right, STRICT, train=False)
    assert [(p.left_id, p.right_id) for p in r.pairs] == [("a", "x"), ("b", "y"), ("c", "z")]


def test_id_column_wins_over_the_index() -> None:
    left = pd.DataFrame([{**x, "so": f"S{n}"} for n, x in enumerate(LEFT)]).drop(columns="id")
    right = [{**x, "so": f"T{n}"} for n, x in enumerate(RIGHT)]
    r = link(left, right, STRICT, train=False, id_column="so")
    assert [(p.left_id, p.right_id) for p in r.pairs] == [("S0", "T0"), ("S1", "T1"),
                                                          ("S2", "T2")]
    with pytest.raises(ValueError, match=r"column 'nope' \(for id\) is not in the file"):
        link(left, RIGHT, id_column="nope")


def test_check_dataset_accepts_a_dataframe() -> None:
    df = pd.DataFrame({"full_name": ["Lê Lan", "Hồ Quý"], "birth_date": ["1990", None]},
                      index=["x7", "y9"])
    rep = check_dataset(df, duplicates=False)
    assert rep.records == 2
    assert set(rep.issues) == {"x7", "y9"}
    assert "VN-REQ-002" in {i.code for i in rep.issues["y9"]}  # birth date missing
    frame = rep.to_pandas()
    assert set(frame["id"]) == {"x7", "y9"}
    assert str(frame["severity"].dtype) == "category"
    assert list(frame["severity"].cat.categories) == ["INFO", "WARNING", "ERROR"]
    assert frame["severity"].cat.ordered
    assert "<caption>QualityReport: 2 records</caption>" in rep._repr_html_()


def test_dedupe_of_a_dataframe_keys_clusters_by_index() -> None:
    df = pd.DataFrame([{"full_name": "Lê Văn Tám", "birth_date": "1/1/1980",
                        "id_number": "001080000001"},
                       {"full_name": "LE VAN TAM", "birth_date": "01/01/1980",
                        "id_number": "001080000001"}], index=[101, 202])
    r = dedupe(df)
    assert r.clusters == {"101": "101", "202": "101"}
    out = r.to_pandas()
    assert out["cluster_size"].tolist() == [2, 2]
    assert str(out["id"].dtype) == "string"
    pairs = r.to_pandas(pairs=True)
    assert (pairs["left_id"].tolist(), pairs["right_id"].tolist()) == (["101"], ["202"])
    assert pairs["ids_level"].tolist() == ["exact"]
    assert "<caption>DedupeResult</caption>" in r._repr_html_()
    assert repr(r).startswith("DedupeResult: 2 records in 1 clusters (1 with duplicates")


# -- DataFrames out -------------------------------------------------------------------------
def test_to_pandas_is_typed() -> None:
    r = link([*LEFT, {"id": "L4", "full_name": "Hồ Quý"}], RIGHT, STRICT, train=False)
    df = r.to_pandas(best=True)
    assert df["left_id"].tolist() == ["L1", "L2", "L3", "L4"]
    assert df["decision"].tolist() == ["possible", "possible", "match", "no_match"]
    assert list(df["decision"].cat.categories) == ["no_match", "possible", "match"]
    assert df[df["decision"] >= "possible"]["left_id"].tolist() == ["L1", "L2", "L3"]
    assert str(df["match_weight"].dtype) == "float64"
    assert df["match_weight"].isna().tolist() == [False, False, False, True]
    labels = r.config.comparisons[1].labels
    assert list(df["birth_date_level"].cat.categories) == list(labels)
    assert df["birth_date_level"].tolist()[:3] == ["typo", "year_only", "exact"]


def test_arrow_and_parquet_round_trip(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    r = link(LEFT, RIGHT, STRICT, train=False)
    table = r.to_arrow()
    assert table.num_rows == 3
    assert str(table.schema.field("decision").type).startswith("dictionary")
    path = tmp_path / "pairs.parquet"
    assert r.to_parquet(str(path)) == 3
    back = pd.read_parquet(path)
    assert back["right_id"].tolist() == ["R1", "R2", "R3"]
    assert back["match_weight"].round(3).tolist() == [round(p.match_weight, 3) for p in r.pairs]
    assert str(back["decision"].dtype) == "category"


def test_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    r = link(LEFT, RIGHT, train=False)
    monkeypatch.setitem(sys.modules, "pandas", None)  # what an install without it sees
    with pytest.raises(MissingExtraError, match=r"pip install 'vnidmatch\[pandas\]'"):
        r.to_pandas()
    monkeypatch.undo()
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingExtraError, match=r"vnidmatch\[parquet\]"):
        r.to_arrow()


# -- reprs: short, and no identifier from the input ------------------------------------------
def _numbers(records: list[dict[str, Any]]) -> set[str]:
    return {m for r in records for v in r.values() if isinstance(v, str)
            for m in re.findall(r"(?<!\d)\d{9,12}(?!\d)", v)}


def test_reprs_are_short_and_hold_no_identifier() -> None:
    pop = generate_population(400, seed=1)
    reg = derive_register(pop, seed=2)
    for n, rec in enumerate(reg):  # ids that are CCCDs themselves, as registers often have
        if rec.get("id_number") and n % 2 == 0:
            rec["id"] = rec["id_number"]
    seen: set[str] = set()
    reg = [r for r in reg if not (r["id"] in seen or seen.add(r["id"]))]  # type: ignore[func-returns-value]
    numbers = _numbers(reg) | _numbers(pop)
    assert len(numbers) > 500
    r = link(reg, pop)
    d = dedupe(pop)
    q = check_dataset(reg, workers=1)
    explained = [r.explain(p.left_id, p.right_id) for p in r.pairs[:50]]
    shown = [repr(r), r._repr_html_(), repr(r.pairs), repr(d), d._repr_html_(), repr(q),
             q._repr_html_(), r.to_html(), repr(r.pairs[0]), repr(explained)]
    shown += [repr(i) for issues in q.issues.values() for i in issues]
    shown.append(dedupe(reg).to_html())
    assert any(rec["id"] in numbers for rec in reg)  # the test can fail
    text = "\n".join(shown)
    leaked = {m for m in re.findall(r"\d{9,12}", text) if m in numbers}
    assert leaked == set()
    assert len(repr(r)) < 2000 and len(repr(q)) < 2000 and len(repr(d)) < 2000
    cccd_ids = [rec["id"] for rec in reg if rec["id"] in numbers]
    assert any(mask(i) in text for i in cccd_ids)  # shown, masked


# -- charts and the report -----------------------------------------------------------------
def test_charts_have_axes_ticks_and_legends() -> None:
    r = link(LEFT, RIGHT, STRICT, train=False)
    for kind in ("weights", "threshold", "m_u"):
        svg = r.chart(kind).svg
        assert svg.count('class="tick"') >= 3, kind
        assert 'class="legend"' in svg and 'class="axis-title"' in svg, kind
    wf = r.chart("waterfall", left_id="L3", right_id="R3")
    steps = [d["step"] for d in wf.data]
    assert steps[0] == "prior" and steps[-1] == "total"
    assert wf.data[-1]["end"] == pytest.approx(r.explain("L3", "R3").match_weight)
    pr = r.chart("precision_recall", truth=[("L1", "R1"), ("L3", "R3")])
    assert [(d["x"], round(d["y"], 3)) for d in pr.data] == [(0.5, 1.0), (1.0, 1.0), (1.0, 0.667)]
    sizes = dedupe(LEFT + RIGHT).chart("cluster_sizes")
    assert sum(d["value"] * int(d["category"]) for d in sizes.data) == 6


def test_link_report_without_truth(tmp_path: Path) -> None:
    r = link(LEFT, RIGHT, STRICT, train=False)
    page = r.to_html(str(tmp_path / "report.html"))
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == page
    for section in ("What was linked", "How confidently", "What to review", "The model"):
        assert section in page
    assert "Against ground truth" not in page
    assert page.count("<svg") == 4  # histogram, threshold, waterfall of a review pair, m/u
    assert "the 2 most uncertain pairs" in page
    assert "<script" not in page and "http" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert "0912345678" not in page and "0912****78" in page


# -- clerical review and labels -------------------------------------------------------------
def test_review_round_trip(tmp_path: Path) -> None:
    r = link(LEFT, RIGHT, STRICT, train=False)
    path = tmp_path / "review.csv"
    rows = r.review_table(str(path))
    assert [(x["left_id"], x["right_id"]) for x in rows] == [("L2", "R2"), ("L1", "R1")]
    assert rows[0]["left_phone"] == "0912345678" and rows[0]["right_phone"] == "0987654321"
    with open(path, encoding="utf-8-sig", newline="") as f:
        filled = list(csv.DictReader(f))
    assert [x["label"] for x in filled] == ["", ""]
    filled[0]["label"], filled[1]["label"] = "sai", "đúng"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(filled[0]))
        w.writeheader()
        w.writerows(filled)
    assert read_review(str(path)) == [("L2", "R2", False), ("L1", "R1", True)]

    again = link(LEFT, RIGHT, STRICT, train=False, labels=str(path))
    assert again.model.trained["labelled_matches"] == 1
    assert again.model.trained["labelled_non_matches"] == 1
    k = [c.field for c in STRICT.comparisons].index("birth_date")
    typo = STRICT.comparisons[k].labels.index("typo")
    m0 = r.model.m[k][typo]
    assert again.model.m[k][typo] == pytest.approx((1 + LABEL_PRIOR_PAIRS * m0)
                                                   / (1 + LABEL_PRIOR_PAIRS))
    assert again.model.u == r.model.u


def test_bad_labels_say_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("left_id,right_id,label\nL1,R1,maybe\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2: label 'maybe'"):
        read_review(str(path))
    with pytest.raises(ValueError, match="at least one pair labelled a match"):
        link(LEFT, RIGHT, labels=[("L1", "R1", False)])
    with pytest.raises(ValueError, match=r"not in the inputs \(first: '0010\*+45'\)"):
        link(LEFT, RIGHT, labels=[("001070012345", "R1", True)])
