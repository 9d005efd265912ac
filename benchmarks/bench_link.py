"""End-to-end linkage: vnidmatch vs splink (DuckDB) on the same synthetic Vietnamese registers.

    python benchmarks/bench_link.py [--n 10000] [--engines vnidmatch,splink] [--seed 1]

A seeded population register of ``n`` people and a derived, hand-typed vaccination register
(80 % of the people, 5 % outsiders, the corruptions of ``vnidmatch.synth``). Each engine runs
in its own process (wall time and peak RSS of that process). Accuracy is measured on the best
candidate per vaccination record with decision ``match`` (one candidate per record).

splink gets a competent generic setup: accent-stripped lower-case names, digits-only ids and
phones, ``dateutil`` dates (day first), Jaro–Winkler names, EM on name and date blocks,
u from 1 M random pairs. splink is an optional benchmark dependency (``pip install splink``).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from typing import Any

from vnidmatch.evaluate import confusion
from vnidmatch.synth import derive_register, generate_population


def data(n: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    pop = generate_population(n, seed=seed)
    reg = derive_register(pop, seed=seed + 1)
    return reg, pop


def run_vnidmatch(reg: list[dict[str, Any]], pop: list[dict[str, Any]]) -> set[tuple[str, str]]:
    from vnidmatch import link

    res = link(reg, pop)
    STAGES.update(res.timings, candidate_pairs=res.candidate_pairs)
    return {(p.left_id, p.right_id) for p in res.best() if p and p.decision == "match"}


#: vnidmatch's stage times (seconds) and candidate-pair count, reported under its row
STAGES: dict[str, float] = {}


def run_splink(reg: list[dict[str, Any]], pop: list[dict[str, Any]]) -> set[tuple[str, str]]:
    df = splink_pairs(reg, pop)
    df = df.sort_values("match_weight", ascending=False).drop_duplicates("unique_id_l")
    return set(zip(df["unique_id_l"], df["unique_id_r"]))


def splink_pairs(reg: list[dict[str, Any]], pop: list[dict[str, Any]]) -> Any:
    """Every pair splink scores at match probability ≥ 0.9 (a pandas DataFrame with
    ``unique_id_l``, ``unique_id_r``, ``match_weight``, ``match_probability``)."""
    import re

    import pandas as pd
    import splink.comparison_library as cl
    from dateutil import parser as dparser
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    from unidecode import unidecode

    def prep(rows: list[dict[str, Any]], source: str) -> pd.DataFrame:
        out = []
        for r in rows:
            name = re.sub(r"\s+", " ", unidecode(str(r.get("full_name") or "")).lower()).strip()
            try:
                dob = dparser.parse(str(r.get("birth_date")), dayfirst=True).date().isoformat()
            except (ValueError, OverflowError):
                dob = None
            digits = re.sub(r"\D", "", str(r.get("id_number") or "")) or None
            phone = re.sub(r"\D", "", str(r.get("phone") or ""))[-9:] or None
            addr = unidecode(str(r.get("address") or "")).lower() or None
            out.append({"unique_id": r["id"], "full_name": name or None, "dob": dob,
                        "dob_year": dob[:4] if dob else None, "id_number": digits,
                        "phone": phone, "address": addr, "source_dataset": source})
        return pd.DataFrame(out)

    db = DuckDBAPI()
    left = db.register(prep(reg, "left"))
    right = db.register(prep(pop, "right"))
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("full_name", [0.95, 0.88, 0.7]),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("id_number"),
            cl.ExactMatch("phone"),
            cl.JaroWinklerAtThresholds("address", [0.9, 0.7]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("id_number"), block_on("phone"), block_on("full_name", "dob_year"),
            block_on("dob"),
        ],
    )
    linker = Linker([left, right], settings, log_level=40)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("full_name"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    df = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    return df[df["match_probability"] >= 0.9]


def run_recordlinkage(reg: list[dict[str, Any]], pop: list[dict[str, Any]]
                      ) -> set[tuple[str, str]]:
    """The Python Record Linkage Toolkit: the same generic preprocessing as splink, blocking
    on id, phone, name + year and date, Jaro–Winkler strings, the unsupervised ECM model."""
    import re

    import pandas as pd
    import recordlinkage as rl
    from dateutil import parser as dparser
    from unidecode import unidecode

    def prep(rows: list[dict[str, Any]]) -> pd.DataFrame:
        out = []
        for r in rows:
            try:
                dob = dparser.parse(str(r.get("birth_date")), dayfirst=True).date().isoformat()
            except (ValueError, OverflowError):
                dob = ""
            out.append({
                "name": re.sub(r"\s+", " ", unidecode(str(r.get("full_name") or "")).lower()).strip(),
                "dob": dob, "year": dob[:4],
                "id_number": re.sub(r"\D", "", str(r.get("id_number") or "")),
                "phone": re.sub(r"\D", "", str(r.get("phone") or ""))[-9:],
                "address": unidecode(str(r.get("address") or "")).lower(),
            })
        return pd.DataFrame(out, index=[r["id"] for r in rows])

    left, right = prep(reg), prep(pop)
    pairs = None
    for cols in (["id_number"], ["phone"], ["name", "year"], ["dob"]):
        idx = rl.Index()
        idx.block(left_on=cols, right_on=cols)
        got = idx.index(left[(left[cols] != "").all(axis=1)], right[(right[cols] != "").all(axis=1)])
        pairs = got if pairs is None else pairs.union(got)
    cmp = rl.Compare()
    cmp.string("name", "name", method="jarowinkler", threshold=0.9, label="name")
    cmp.exact("dob", "dob", label="dob")
    cmp.exact("id_number", "id_number", label="id")
    cmp.exact("phone", "phone", label="phone")
    cmp.string("address", "address", method="jarowinkler", threshold=0.85, label="address")
    features = cmp.compute(pairs, left, right)
    ecm = rl.ECMClassifier()
    matches = ecm.fit_predict(features)
    probs = pd.Series(ecm.prob(features), index=features.index)
    best = probs[probs.index.isin(matches)].sort_values(ascending=False)
    out: dict[str, str] = {}
    for (lid, rid), _ in best.items():
        out.setdefault(lid, rid)
    return set(out.items())


def child(engine: str, n: int, seed: int) -> None:
    reg, pop = data(n, seed)
    t0 = time.perf_counter()
    runner = {"vnidmatch": run_vnidmatch, "splink": run_splink,
              "recordlinkage": run_recordlinkage}[engine]
    pred = runner(reg, pop)
    elapsed = time.perf_counter() - t0
    truth = {(r["id"], r["true_id"]) for r in reg if r["true_id"]}
    c = confusion(pred, truth)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # vnidmatch forks up to one worker (copy-on-write): its own peak, reported apart
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"engine": engine, "n": n, "records": [len(reg), len(pop)],
                      "seconds": round(elapsed, 1), "peak_mb": round(rss),
                      "worker_peak_mb": round(worker),
                      "precision": round(c.precision, 4), "recall": round(c.recall, 4),
                      "f1": round(c.f1, 4), "stages": STAGES}))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--engines", default="vnidmatch",
                    help="comma-separated: vnidmatch, splink, recordlinkage")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, args.n, args.seed)
        return 0
    print(f"python {sys.version.split()[0]}; n = {args.n} people (population register)")
    print(f"{'engine':10s} {'left x right':>16s} {'seconds':>8s} {'peak MB':>8s} "
          f"{'worker MB':>9s} {'precision':>9s} {'recall':>7s} {'f1':>7s}")
    for engine in args.engines.split(","):
        out = subprocess.run([sys.executable, __file__, "--child", engine, "--n", str(args.n),
                              "--seed", str(args.seed)], capture_output=True, text=True,
                             check=False)
        if out.returncode != 0:
            print(f"{engine:10s} failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{engine:10s} {r['records'][0]:>7,} x {r['records'][1]:<7,} {r['seconds']:8.1f} "
              f"{r['peak_mb']:8d} {r['worker_peak_mb']:9d} {r['precision']:9.4f} "
              f"{r['recall']:7.4f} {r['f1']:7.4f}")
        if r["stages"]:
            print(" " * 11 + ", ".join(f"{k} {v:,.1f} s" if k != "candidate_pairs"
                                       else f"{v:,.0f} candidate pairs"
                                       for k, v in r["stages"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
