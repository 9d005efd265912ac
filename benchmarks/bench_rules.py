"""Time of ``check_dataset`` (every rule, plus the dedupe-based duplicate rules).

    python benchmarks/bench_rules.py [--n 100000] [--seed 1]

Records are a synthetic hand-typed register (``vnidmatch.synth``) of ``n`` records.
"""

from __future__ import annotations

import argparse
import sys
import time

from vnidmatch.rules import check_dataset
from vnidmatch.synth import derive_register, generate_population


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    pop = generate_population(int(args.n / 0.84) + 1, seed=args.seed)
    reg = derive_register(pop, seed=args.seed + 1)[: args.n]
    for dup in (False, True):
        t0 = time.perf_counter()
        rep = check_dataset(reg, duplicates=dup)
        dt = time.perf_counter() - t0
        print(f"check_dataset n={len(reg):,} duplicates={dup!s:5s} {dt:7.1f} s "
              f"({len(reg) / dt:,.0f} records/s)")
    print(rep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
