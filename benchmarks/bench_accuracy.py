"""Accuracy at growing population sizes: pairwise decisions and best candidate, vs splink.

    python benchmarks/bench_accuracy.py --n 10000,100000 [--engines vnidmatch,splink] [--seed 1]

For each size ``n``: a seeded population register of ``n`` people (``vnidmatch.synth``
defaults: real name frequencies, households, heaped birth dates) and a hand-typed
vaccination register derived from it (80 % of the people, 7 % of the records absent from
the population register, half of those namesakes of registered people). Two readings of
each engine's output are scored against the ground truth:

- **pairwise**: every pair the engine decides is a match (for vnidmatch, every pair with
  decision ``match``: what ``vnidmatch link`` writes by default; for splink, every pair at
  match probability ≥ 0.9);
- **best**: the best of those pairs per vaccination record (``--best``).

The population register is given with the columns a real extract has (id, name, sex, birth
date, CCCD, CMND, phone, address); the ground truth never reaches the engines. For
vnidmatch the false pairwise matches are broken down by kind (a member of the true
person's household, a namesake born the same year elsewhere, a record of a person absent
from the population register, other). Each engine runs in its own process; splink uses the
setup of ``bench_link.py``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from vnidmatch.evaluate import confusion
from vnidmatch.normalize.text import fold_diacritics
from vnidmatch.synth import derive_register, generate_population

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_link import splink_pairs

COLUMNS = ("id", "full_name", "sex", "birth_date", "id_number", "old_id_number", "phone",
           "address")
Pair = tuple[str, str]


def data(n: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    pop = generate_population(n, seed=seed)
    reg = derive_register(pop, seed=seed + 1)
    return reg, pop


def _best(scored: list[tuple[str, str, float]]) -> set[Pair]:
    best: dict[str, tuple[float, str]] = {}
    for left, right, w in scored:
        if left not in best or w > best[left][0]:
            best[left] = (w, right)
    return {(left, right) for left, (_, right) in best.items()}


def run_vnidmatch(reg: list[dict[str, Any]], pop: list[dict[str, Any]]
                  ) -> list[tuple[str, str, float]]:
    from vnidmatch import link

    res = link(reg, pop)
    return [(p.left_id, p.right_id, p.match_weight) for p in res.pairs if p.decision == "match"]


def run_splink(reg: list[dict[str, Any]], pop: list[dict[str, Any]]
               ) -> list[tuple[str, str, float]]:
    df = splink_pairs(reg, pop)
    return list(zip(df["unique_id_l"], df["unique_id_r"], df["match_weight"].astype(float)))


def false_match_kinds(false: set[Pair], reg: list[dict[str, Any]],
                      pop: list[dict[str, Any]]) -> dict[str, int]:
    """Count false pairs by what the wrong right-hand person is to the true one."""
    truth = {r["id"]: r["true_id"] for r in reg}
    people = {p["id"]: p for p in pop}
    kinds: Counter[str] = Counter()
    for left, right in false:
        t, wrong = truth[left], people[right]
        if not t:
            kinds["absent person"] += 1
            continue
        true = people[t]
        if true["household"] == wrong["household"]:
            kinds["household member"] += 1
        elif (fold_diacritics(true["full_name"]).lower()
              == fold_diacritics(wrong["full_name"]).lower()
              and true["birth_date"][:4] == wrong["birth_date"][:4]):
            kinds["namesake, same year"] += 1
        else:
            kinds["other"] += 1
    return dict(kinds)


def child(engine: str, n: int, seed: int) -> None:
    reg, pop = data(n, seed)
    left = [{k: v for k, v in r.items() if k != "true_id"} for r in reg]
    right = [{k: p[k] for k in COLUMNS} for p in pop]
    t0 = time.perf_counter()
    scored = {"vnidmatch": run_vnidmatch, "splink": run_splink}[engine](left, right)
    elapsed = time.perf_counter() - t0
    truth = {(r["id"], r["true_id"]) for r in reg if r["true_id"]}
    pairwise = {(a, b) for a, b, _ in scored}
    out: dict[str, Any] = {"engine": engine, "n": n, "records": [len(reg), len(pop)],
                           "seconds": round(elapsed, 1)}
    for label, pred in (("pairwise", pairwise), ("best", _best(scored))):
        c = confusion(pred, truth)
        out[label] = {"precision": round(c.precision, 4), "recall": round(c.recall, 4),
                      "f1": round(c.f1, 4), "tp": c.tp, "fp": c.fp, "fn": c.fn}
    out["false_kinds"] = false_match_kinds(pairwise - truth, reg, pop)
    print(json.dumps(out))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", default="10000", help="comma-separated population sizes")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--engines", default="vnidmatch,splink")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, int(args.n), args.seed)
        return 0
    print(f"python {sys.version.split()[0]}; vnidmatch.synth defaults, seed {args.seed}")
    print(f"{'engine':10s} {'n':>9s} {'decisions':9s} {'seconds':>8s} {'precision':>9s} "
          f"{'recall':>7s} {'f1':>7s} {'false':>7s}")
    for n in (int(x) for x in args.n.split(",")):
        for engine in args.engines.split(","):
            proc = subprocess.run([sys.executable, __file__, "--child", engine, "--n", str(n),
                                   "--seed", str(args.seed)], capture_output=True, text=True,
                                  check=False)
            if proc.returncode != 0:
                print(f"{engine:10s} {n:9,d} failed: {proc.stderr.strip().splitlines()[-1:]}")
                continue
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            for label in ("pairwise", "best"):
                m = r[label]
                print(f"{engine:10s} {n:9,d} {label:9s} {r['seconds']:8.1f} "
                      f"{m['precision']:9.4f} {m['recall']:7.4f} {m['f1']:7.4f} {m['fp']:7,d}")
            kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(r["false_kinds"].items(),
                                                               key=lambda kv: -kv[1]))
            print(" " * 11 + f"false pairwise matches: {kinds or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
