"""Items/second for ``parse_id``, ``parse_birth_date`` and ``normalize_phone``.

    python benchmarks/bench_fields.py [--n 1000000] [--seed 1]

Values are seeded synthetic messy values in the shapes registers hold: CCCD/CMND numbers
with spaces, dots, apostrophes, Excel floats and lost leading zeros; dates in a dozen
formats (day first, ISO, two-digit years, Excel serials, bare years); phones with +84/84
prefixes, separators, lost zeros and pre-2018 11-digit numbers. Each value is distinct per
person, but registers repeat values (a person appears in many rows): "cold" clears the
caches first; "warm" runs the same values again.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from vnidmatch import normalize_phone, parse_birth_date, parse_id
from vnidmatch.ids import _parse_plain
from vnidmatch.normalize import birthdate, phone

PROVINCES = ["001", "031", "038", "040", "048", "079", "092", "096", "036", "027"]
OLD_MOBILE = ["0169", "0168", "0166", "0122", "0126", "0123", "0127", "0186"]
NEW_MOBILE = ["090", "091", "098", "097", "086", "032", "035", "070", "077", "083", "088"]


def make_ids(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        y = rng.randint(1940, 2010)
        g = (0 if y < 2000 else 2) + rng.randint(0, 1)
        num = f"{rng.choice(PROVINCES)}{g}{y % 100:02d}{rng.randint(0, 999999):06d}"
        r = rng.random()
        if r < 0.15:
            num = f"{num[:3]} {num[3:6]} {num[6:9]} {num[9:]}"
        elif r < 0.25:
            num = num.lstrip("0")
        elif r < 0.3:
            num = num.lstrip("0") + ".0"
        elif r < 0.35:
            num = "'" + num
        elif r < 0.45:
            num = f"{rng.randint(10, 38):02d}{rng.randint(0, 9999999):07d}"
        out.append(num)
    return out


def make_dates(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        y, m, d = rng.randint(1930, 2020), rng.randint(1, 12), rng.randint(1, 28)
        fmt = rng.randrange(8)
        out.append([
            f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}", f"{y}-{m:02d}-{d:02d}", f"{d:02d}-{m:02d}-{y}",
            f"{d:02d}.{m:02d}.{y % 100:02d}", str(y), f"{y}{m:02d}{d:02d}",
            str(rng.randint(11000, 44000)),
        ][fmt])
    return out


def make_phones(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        if rng.random() < 0.2:
            num = rng.choice(OLD_MOBILE) + f"{rng.randint(0, 9999999):07d}"
        else:
            num = rng.choice(NEW_MOBILE) + f"{rng.randint(0, 9999999):07d}"
        r = rng.random()
        if r < 0.2:
            num = "+84 " + num[1:4] + " " + num[4:7] + " " + num[7:]
        elif r < 0.3:
            num = num[1:]
        elif r < 0.4:
            num = "84" + num[1:]
        elif r < 0.5:
            num = num[:4] + "." + num[4:7] + "." + num[7:]
        out.append(num)
    return out


def timed(fn, values, clear) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    clear()
    t0 = time.perf_counter()
    for v in values:
        fn(v)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    for v in values:
        fn(v)
    warm = time.perf_counter() - t0
    return len(values) / cold, len(values) / warm


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    cases = [
        ("parse_id", parse_id, make_ids(rng, args.n), _parse_plain.cache_clear),
        ("parse_birth_date", parse_birth_date, make_dates(rng, args.n),
         birthdate._parse_str.cache_clear),
        ("normalize_phone", normalize_phone, make_phones(rng, args.n), phone._parse.cache_clear),
    ]
    print(f"python {sys.version.split()[0]}, {args.n} values per field, 1 core")
    for label, fn, values, clear in cases:
        cold, warm = timed(fn, values, clear)
        print(f"{label:18s} cold {cold:12,.0f} items/s   warm {warm:12,.0f} items/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
