"""Addresses/second for ``parse_address``, import time and memory of the unit tables.

    python benchmarks/bench_addresses.py [--n 100000] [--seed 1]

Addresses are seeded messy addresses built from the unit lists (``scripts/eval_addresses.py``
shapes: abbreviations, no diacritics, capitals, missing district, 2025 forms), all distinct
(a street number makes each unique), so the "cold" figure has no memoisation to lean on.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
import tracemalloc

from vnidmatch._tables import load_table
from vnidmatch.normalize import address as address_module
from vnidmatch.normalize.address import parse_address
from vnidmatch.synth.corrupt import messy_address


def make(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    wards = [r for r in load_table("admin_wards") if r["scheme"] == "legacy"]
    districts = {r["code"]: r["full_name"] for r in load_table("admin_districts")}
    provinces = {r["code"]: r["full_name"] for r in load_table("admin_provinces")
                 if r["scheme"] == "legacy"}
    out = []
    for i in range(n):
        w = rng.choice(wards)
        a = ", ".join([f"Số {i} đường Lê Lợi", w["full_name"], districts[w["parent"]],
                       provinces[w["province_code"]]])
        out.append(messy_address(a, rng, new_scheme=False, messy=rng.random() < 0.8))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    code = ("import time; t=time.perf_counter(); import vnidmatch; "
            "from vnidmatch.normalize.address import parse_address; "
            "t1=time.perf_counter(); parse_address('Hà Nội'); t2=time.perf_counter(); "
            "print(t1-t, t2-t1)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    tracemalloc.start()
    address_module._index.cache_clear()
    address_module._index()
    address_module._protected_phrases()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    values = make(args.n, args.seed)
    address_module._parse.cache_clear()
    t0 = time.perf_counter()
    for v in values:
        parse_address(v)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    for v in values:
        parse_address(v)
    warm = time.perf_counter() - t0
    print(f"python {sys.version.split()[0]}, {args.n} distinct messy addresses, 1 core")
    print(f"import vnidmatch              {float(out[0]):8.3f} s")
    print(f"first parse (loads tables)    {float(out[1]):8.3f} s")
    print(f"tables in memory (tracemalloc) {peak / 2**20:7.1f} MB")
    print(f"parse_address cold   {args.n / cold:12,.0f} addresses/s")
    print(f"parse_address warm   {args.n / warm:12,.0f} addresses/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
