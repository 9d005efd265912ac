"""Measure how many of the real garbled names in ``noise_examples.csv`` normalize_name repairs.

    python scripts/eval_noise_examples.py [--shared ../shared] [--misses]

A row counts as repairable when the file gives a repair and the row is a name (not the
gender field, not a placeholder). It counts as repaired when ``normalize_name(raw)`` equals
``normalize_name(repaired)``: both sides go through the same canonical tone placement, so
"Thuỳ" and "Thùy" agree.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

from vnidmatch import normalize_name

HERE = Path(__file__).resolve().parent


def unescape(s: str) -> str:
    if s.startswith("NFD form of: "):
        import unicodedata

        return unicodedata.normalize("NFD", s[len("NFD form of: ") :])
    return s.encode("latin-1", "backslashreplace").decode("unicode-escape")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    path = Path(args.shared) / "data" / "names" / "derived" / "noise_examples.csv"
    total: Counter[str] = Counter()
    ok: Counter[str] = Counter()
    misses = []
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if not row["repaired"] or row["issue"] == "nbsp_in_gender_field":
                continue
            raw = unescape(row["raw_escaped"])
            total[row["issue"]] += 1
            got, want = normalize_name(raw), normalize_name(row["repaired"])
            if got == want:
                ok[row["issue"]] += 1
            else:
                misses.append((row["issue"], row["raw_escaped"], got, want))
    print(f"{'issue':45} repaired / repairable")
    for issue in sorted(total):
        print(f"{issue:45} {ok[issue]:4d} / {total[issue]:4d}")
    n, k = sum(total.values()), sum(ok.values())
    print(f"{'all':45} {k:4d} / {n:4d} = {100 * k / n:.1f} %")
    if args.misses:
        for m in misses:
            print(" | ".join(m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
