"""Namesake rates of ``vnidmatch.synth`` populations at growing sizes (for docs/synth.md).

    python scripts/synth_namesakes.py [--sizes 10000,100000,1000000,10000000] [--seed 1]

One pass over the largest size (``iter_population``; the first ``n`` people are
``generate_population(n)``); each person is kept as three 64-bit hashes only, so 10 M people
fit in a few hundred MB. For each size: the share of people who share their full name and
birth year, full name and birth date, full name, birth date and province with someone else,
and the size of the largest such group.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time

import numpy as np

from vnidmatch.synth.population import iter_population


def _shared(keys: np.ndarray) -> tuple[float, int]:
    _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    return float((counts[inverse] > 1).mean()), int(counts.max())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    top = sizes[-1]
    keys = np.empty((3, top), dtype=np.int64)
    t0 = time.perf_counter()
    for i, p in enumerate(itertools.islice(iter_population(seed=args.seed), top)):
        name, date = p["full_name"], p["birth_date"]
        keys[0, i] = hash((name, date[:4]))
        keys[1, i] = hash((name, date))
        keys[2, i] = hash((name, date, p["province"]))
    print(f"{top:,} people generated in {time.perf_counter() - t0:.1f} s (names and dates)")
    print(f"{'people':>12s} {'name+year':>10s} {'name+date':>10s} {'+province':>10s} "
          f"{'largest name+year group':>24s}")
    for n in sizes:
        (y, gy), (d, _), (dp, _) = (_shared(keys[k, :n]) for k in range(3))
        print(f"{n:12,d} {y:10.2%} {d:10.2%} {dp:10.3%} {gy:24,d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
