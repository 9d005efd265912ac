"""Fingerprint what the engine decides, to prove a refactoring changed nothing.

    python scripts/engine_fingerprint.py [--n 20000] [--seed 1] [--out fingerprint.txt]

On a seeded synthetic population register and a register derived from it, writes one line
per result: every kept pair of ``link`` (ids, weight to 9 decimals, probability, decision,
levels), every record's cluster of ``dedupe``, every issue of ``check_dataset``, the ranked
candidates of ``Matcher.match_one`` for 500 records, and ``parse_address`` of every
address. Prints a SHA-256 per section. Only the public API is used, so the script runs
unchanged on the code before and after a move: equal digests, equal engine.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Iterator
from typing import Any

import vnidmatch
from vnidmatch.synth import derive_register, generate_population


def _link(reg: list[dict[str, Any]], pop: list[dict[str, Any]]) -> Iterator[str]:
    res = vnidmatch.link(reg, pop)
    for p in sorted(res.pairs, key=lambda p: (p.left_id, p.right_id)):
        yield (f"{p.left_id}\t{p.right_id}\t{p.match_weight:.9f}\t{p.match_probability:.9f}"
               f"\t{p.decision}\t{','.join(p.levels)}")


def _dedupe(reg: list[dict[str, Any]]) -> Iterator[str]:
    res = vnidmatch.dedupe(reg)
    for p in sorted(res.pairs, key=lambda p: (p.left_id, p.right_id)):
        yield f"pair\t{p.left_id}\t{p.right_id}\t{p.match_weight:.9f}\t{p.decision}"
    for rid, cid in sorted(res.clusters.items()):
        yield f"cluster\t{rid}\t{cid}"


def _issues(reg: list[dict[str, Any]]) -> Iterator[str]:
    import datetime

    report = vnidmatch.check_dataset(reg, today=datetime.date(2026, 1, 1))
    for rid in sorted(report.issues):
        for i in report.issues[rid]:
            yield f"{rid}\t{i.code}\t{i.field}\t{i.message}\t{int(i.severity)}\t{i.suggestion}"
    for code, n in sorted(report.by_rule.items()):
        yield f"count\t{code}\t{n}"


def _match_one(reg: list[dict[str, Any]], pop: list[dict[str, Any]]) -> Iterator[str]:
    m = vnidmatch.Matcher(pop)
    for r in reg[:500]:
        for c in m.match_one(r, top=5, include_non_matches=True):
            yield (f"{r['id']}\t{c.id}\t{c.match_weight:.9f}\t{c.decision}"
                   f"\t{','.join(c.levels)}")


def _addresses(reg: list[dict[str, Any]]) -> Iterator[str]:
    for r in reg:
        text = r.get("address")
        if text:
            yield f"{text}\t{vnidmatch.parse_address(str(text))!r}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=None, help="write every line here too")
    ap.add_argument("--only", default=None, help="comma-separated sections")
    args = ap.parse_args(argv)
    pop = generate_population(args.n, seed=args.seed)
    reg = derive_register(pop, seed=args.seed + 1)
    sections = {"link": lambda: _link(reg, pop), "dedupe": lambda: _dedupe(reg),
                "issues": lambda: _issues(reg), "match_one": lambda: _match_one(reg, pop),
                "addresses": lambda: _addresses(reg)}
    chosen = args.only.split(",") if args.only else list(sections)
    out = open(args.out, "w", encoding="utf-8") if args.out else None  # noqa: SIM115
    try:
        for name in chosen:
            t0 = time.perf_counter()
            digest = hashlib.sha256()
            n = 0
            for line in sections[name]():
                digest.update(line.encode("utf-8") + b"\n")
                n += 1
                if out:
                    out.write(f"{name}\t{line}\n")
            print(f"{name:10s} {n:8d} lines  sha256 {digest.hexdigest()[:16]}  "
                  f"({time.perf_counter() - t0:.1f} s)")
            sys.stdout.flush()
    finally:
        if out:
            out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
