"""Names/second for ``normalize_name`` and ``name_key`` over names drawn from real distributions.

    python benchmarks/bench_names.py [--n 1000000] [--seed 1]

The names are sampled (seeded) from the package's aggregated name-part counts: family name,
middle name and given name by sex, with realistic typing noise (capitals, no diacritics,
NFD, double spaces) on 30 % of them. Real registers repeat names massively, so the
functions memoise; the figure "cold" clears the caches first, "warm" runs again on the same
values.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import unicodedata

from vnidmatch._tables import load_table
from vnidmatch.normalize import name as name_module
from vnidmatch.normalize import name_key, normalize_name
from vnidmatch.normalize.text import fold_diacritics


def sample_names(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    rows = load_table("name_tokens")
    fam = [(r["token"], int(r["surname"])) for r in rows if int(r["surname"]) > 0]
    giv = [(r["token"], int(r["given_m"]) + int(r["given_f"])) for r in rows
           if int(r["given_m"]) + int(r["given_f"]) > 0]
    mids = [(r["middle"], int(r["male_count"]) + int(r["female_count"]))
            for r in load_table("middle_names")]
    f = rng.choices([x for x, _ in fam], [w for _, w in fam], k=n)
    m = rng.choices([x for x, _ in mids], [w for _, w in mids], k=n)
    g = rng.choices([x for x, _ in giv], [w for _, w in giv], k=n)
    out = []
    for a, b, c in zip(f, m, g):
        s = " ".join(p for p in (a, b, c) if p)
        r = rng.random()
        if r < 0.1:
            s = s.upper()
        elif r < 0.2:
            s = fold_diacritics(s)
        elif r < 0.25:
            s = unicodedata.normalize("NFD", s)
        elif r < 0.3:
            s = "  " + s.replace(" ", "  ")
        out.append(s)
    return out


def clear() -> None:
    for fn in (name_module._normalize, name_module._parse, name_module._simple_token,
               name_module._key_token):
        fn.cache_clear()


def run(n: int, seed: int) -> dict[str, float]:
    names = sample_names(n, seed)
    results = {}
    for label, fn in (("normalize_name", normalize_name), ("name_key", name_key)):
        clear()
        t0 = time.perf_counter()
        for s in names:
            fn(s)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        for s in names:
            fn(s)
        warm = time.perf_counter() - t0
        results[f"{label} cold"] = n / cold
        results[f"{label} warm"] = n / warm
    results["distinct"] = float(len(set(names)))
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    res = run(args.n, args.seed)
    print(f"python {sys.version.split()[0]}, {args.n} names, {int(res.pop('distinct'))} distinct")
    for k, v in res.items():
        print(f"{k:22s} {v:12,.0f} names/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
