"""Resolution accuracy of ``parse_address`` on seeded messy addresses built from the unit lists.

    python scripts/eval_addresses.py [--n 1000] [--seed 1 | --seeds 1-30] [--show-errors 20]

Each case takes a random pre-2025 ward (a third of them from the names shared by many
communes: Tân Lập, Tân Thành, Tân Hòa, ...), writes it as a register would (abbreviations, a
province cut to its first letter as in "Q.Ngãi", no diacritics, capitals, NFD, a missing
district, the 2025 form, a street part that names a place such as "Xa lộ Hà Nội"; with
``--typos R``, a share R of the old-form ward names with a slip of the hand) and checks the
resolved province and ward against the truth in the same scheme. A ward is "confidently wrong" when the parser returns a ward code and it
is not the true one (a ward taken as the likelier of two readings counts, although it keeps
its candidates). Ambiguous answers (candidates and no ward, or no ward) are not counted as
wrong, but as unresolved. Besides the whole set, the figures are given for the
two kinds of case apart: a ward drawn from all wards alike, and a ward drawn from the names
many communes share (a stress set: many old wards of one name are far likelier to be drawn
than any one 2025 ward of that name).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter

from vnidmatch._tables import load_table
from vnidmatch.normalize.address import parse_address, to_current
from vnidmatch.synth.corrupt import messy_address

COMMON = ("Tân Lập", "Tân Thành", "Tân Hòa", "Tân Phú", "Bình Minh", "Tân Tiến", "Quang Trung")
STREETS = ("Số 5 Xa lộ Hà Nội", "Số 12 đường Hà Nội", "Thôn Đông", "Số 8 phố Huế",
           "Ấp Bình Phước", "Tổ 3 khu phố Long An", "Số 40 Lê Lợi")


Case = tuple[str, str, str, str, bool]  # text, scheme, province, ward, a shared name


def cases(n: int, seed: int, typos: float = 0.0) -> list[Case]:
    rng = random.Random(seed)
    typo_rng = random.Random(seed + 1_000_003)  # its own draws: the set is the same otherwise
    wards = [r for r in load_table("admin_wards") if r["scheme"] == "legacy"]
    common = [r for r in wards if r["name"] in COMMON]
    districts = {r["code"]: r["full_name"] for r in load_table("admin_districts")}
    provinces = {r["code"]: r["full_name"] for r in load_table("admin_provinces")
                 if r["scheme"] == "legacy"}
    out = []
    for i in range(n):
        w = rng.choice(common if i % 3 == 0 else wards)
        province = provinces[w["province_code"]]
        if rng.random() < 0.1:
            province = abbreviated(province)
        parts = [rng.choice(STREETS), w["full_name"], districts[w["parent"]], province]
        address = ", ".join(parts)
        new = rng.random() < 0.3
        written = address
        if typos and not new and typo_rng.random() < typos:
            # (a 2025 form is written from the units the address resolves to: no typo)
            written = ", ".join([parts[0], typo(w["full_name"], w["name"], typo_rng),
                                 *parts[2:]])
        text = messy_address(written, rng, new_scheme=new, messy=rng.random() < 0.8,
                             drop_district=0.2)
        if new:
            cur = to_current(parse_address(address))
            if not cur.ward_code:
                continue  # a split ward has no single 2025 form to write
            out.append((text, "2025", cur.province_code or "", cur.ward_code, i % 3 == 0))
        else:
            out.append((text, "legacy", w["province_code"], w["code"], i % 3 == 0))
    return out


def typo(full_name: str, name: str, rng: random.Random) -> str:
    """``full_name`` with one slip of the hand in its ``name`` part: a letter dropped,
    doubled, replaced, or two letters swapped (the last is two edits away)."""
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    if len(letters) < 2:
        return full_name
    i = rng.choice(letters[:-1])
    op = rng.choice(("drop", "double", "replace", "swap"))
    if op == "drop":
        wrong = name[:i] + name[i + 1:]
    elif op == "double":
        wrong = name[:i] + name[i] + name[i:]
    elif op == "replace":
        wrong = name[:i] + rng.choice("aeinoghtu") + name[i + 1:]
    else:
        wrong = name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return full_name[: len(full_name) - len(name)] + wrong


def abbreviated(province: str) -> str:
    """A province as registers shorten it: ``Tỉnh Quảng Ngãi`` -> ``Q.Ngãi`` (a name of one
    word, and the cities, stay as they are)."""
    words = province.removeprefix("Tỉnh ").split()
    if province.startswith("Thành phố") or len(words) < 2:
        return province
    return f"{words[0][0]}.{' '.join(words[1:])}"


def parse_address_truth(code: str):  # type: ignore[no-untyped-def]
    """The legacy Address of a ward code, built from the tables (not from parsing)."""
    from vnidmatch.normalize.address import Address, _index

    idx = _index()
    w = idx.wards[("legacy", code)]
    return Address(ward=w.full_name, ward_code=w.code, district_code=w.parent,
                   province_code=w.province, scheme="legacy")


STRATA = ("all", "wards alike", "shared names")


def _seeds(text: str) -> list[int]:
    """``"3"`` or ``"1-30"``."""
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def _report(title: str, counts: dict[str, Counter[str]], per_seed: list[tuple[float, float]]
            ) -> None:
    print(title)
    print(f"{'':23}" + "".join(f"{s:>15}" for s in STRATA))
    print(f"{'addresses':23}" + "".join(f"{counts[s]['total']:>15,}" for s in STRATA))
    for key, label in (("province_ok", "province correct"), ("ward_ok", "ward correct"),
                       ("ward_candidates", "ward among candidates"),
                       ("ward_unresolved", "ward unresolved"),
                       ("ward_wrong", "ward confidently wrong")):
        if key in counts["all"] or key != "ward_candidates":
            print(f"{label:23}" + "".join(
                f"{counts[s][key] / max(counts[s]['total'], 1):>15.1%}" for s in STRATA))
    if len(per_seed) > 1:
        oks, wrongs = [o for o, _ in per_seed], [w for _, w in per_seed]
        print(f"per seed: ward correct {min(oks):.1%}–{max(oks):.1%}, "
              f"confidently wrong {min(wrongs):.1%}–{max(wrongs):.1%}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000, help="addresses drawn per seed")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seeds", help="a range of seeds, e.g. 1-30 (figures over all of them)")
    ap.add_argument("--show-errors", type=int, default=0)
    ap.add_argument("--typos", type=float, default=0.0,
                    help="share of old-form ward names written with one slip of the hand "
                         "(default 0)")
    ap.add_argument("--told", action="store_true",
                    help="tell parse_address the scheme each address is written in (prefer=)")
    ap.add_argument("--compare-vau", metavar="PYTHON",
                    help="a Python with vietnamadminunits installed: score it on the same set, "
                         "told the true scheme of each address")
    args = ap.parse_args(argv)
    seeds = _seeds(args.seeds) if args.seeds else [args.seed]
    counts: dict[str, Counter[str]] = {s: Counter() for s in STRATA}
    per_seed = []
    errors = []
    every: list[Case] = []
    for seed in seeds:
        these = cases(args.n, seed, args.typos)
        every += these
        c: Counter[str] = Counter()
        for text, scheme, prov, ward, shared in these:
            a = parse_address(text, prefer=scheme if args.told else None)  # type: ignore[arg-type]
            # compare in the truth's scheme; a legacy truth read as a 2025 ward is compared
            # in 2025
            truth_prov, truth_wards = prov, {ward}
            got = a
            if scheme == "legacy" and a.scheme == "2025":
                cur = to_current(parse_address_truth(ward))
                truth_prov = cur.province_code or ""
                truth_wards = {cur.ward_code} if cur.ward_code else set(cur.ward_candidates)
            elif scheme == "2025" and a.scheme == "legacy":
                got = to_current(a)
            if got.ward_code in truth_wards:
                outcome = "ward_ok"
            elif got.ward_code is not None:
                outcome = "ward_wrong"
                errors.append((text, scheme, ward, got.ward_code, got.ward))
            elif truth_wards & set(got.ward_candidates):
                outcome = "ward_candidates"
            else:
                outcome = "ward_unresolved"
                errors.append((text, scheme, ward, None, got.ambiguities))
            for counter in (c, counts["all"], counts[STRATA[2] if shared else STRATA[1]]):
                counter["total"] += 1
                counter["province_ok"] += got.province_code == truth_prov
                counter[outcome] += 1
        per_seed.append((c["ward_ok"] / c["total"], c["ward_wrong"] / c["total"]))
    told = (", told the scheme" if args.told else "") + (
        f", {args.typos:.0%} of old-form ward names with a typo" if args.typos else "")
    _report(f"seed{'s' if len(seeds) > 1 else ''} {args.seeds or args.seed}{told}", counts,
            per_seed)
    for e in errors[: args.show_errors]:
        print("  ", e)
    if args.compare_vau:
        compare_vau(args.compare_vau, every)
    return 0


_VAU_CHILD = """
import json, sys
from vietnamadminunits import parse_address
out = []
for text, scheme in json.load(sys.stdin):
    try:
        r = parse_address(text, mode="LEGACY" if scheme == "legacy" else "FROM_2025")
        out.append([r.province_code, r.ward_code])
    except Exception as exc:  # noqa: BLE001 - a crash counts as unresolved
        out.append([None, None])
print(json.dumps(out))
"""


def compare_vau(python: str, items: list[Case]) -> None:
    """Score vietnamadminunits (told the true scheme) on the same addresses."""
    import json
    import subprocess
    import time

    payload = json.dumps([[t, s] for t, s, _, _, _ in items])
    t0 = time.perf_counter()
    done = subprocess.run([python, "-c", _VAU_CHILD], input=payload, capture_output=True,
                          text=True, check=True)
    elapsed = time.perf_counter() - t0
    got = json.loads(done.stdout)
    counts: dict[str, Counter[str]] = {s: Counter() for s in STRATA}
    for (_, _, prov, ward, shared), (gp, gw) in zip(items, got):
        outcome = "ward_ok" if gw == ward else "ward_wrong" if gw else "ward_unresolved"
        for counter in (counts["all"], counts[STRATA[2] if shared else STRATA[1]]):
            counter["total"] += 1
            counter["province_ok"] += gp == prov
            counter[outcome] += 1
    _report(f"vietnamadminunits (told the scheme), {len(items) / elapsed:,.0f} addresses/s "
            "incl. start", counts, [])


if __name__ == "__main__":
    sys.exit(main())
