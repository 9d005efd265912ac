"""Latency of ``Matcher.match_one`` against an in-memory reference register.

    python benchmarks/bench_match_one.py [--n 100000] [--queries 2000] [--seed 1]

The reference is a synthetic population register of ``n`` people; queries are hand-typed
records derived from it (new values, so nothing is served from a per-value cache the first
time). Reports build time and p50/p99 per query after a warm-up of 200 queries.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from vnidmatch.match import Matcher
from vnidmatch.synth import derive_register, generate_population


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    pop = generate_population(args.n, seed=args.seed)
    queries = derive_register(pop, seed=args.seed + 1, coverage=min(1.0, (args.queries + 200)
                                                                     / max(args.n, 1)))
    t0 = time.perf_counter()
    m = Matcher(pop)
    build = time.perf_counter() - t0
    for q in queries[:200]:
        m.match_one(q)
    times = []
    for q in queries[200 : 200 + args.queries]:
        t = time.perf_counter()
        m.match_one(q)
        times.append(time.perf_counter() - t)
    times.sort()
    if not times:
        times = [0.0]
    p50 = statistics.median(times) * 1000
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] * 1000
    print(f"reference {args.n:,} records built in {build:.1f} s; {len(times):,} queries")
    print(f"match_one p50 {p50:.2f} ms   p99 {p99:.2f} ms   ({1000 / max(p50, 1e-9):,.0f} /s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
