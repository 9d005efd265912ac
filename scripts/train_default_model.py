"""Train the model shipped in ``src/vnidmatch/data/default_model.json``.

It is what ``link``/``dedupe``/``Matcher`` use when the data is too small to train on
(fewer than ``vnidmatch.match.MIN_TRAINING_PAIRS`` candidate pairs), and the starting point
otherwise. Trained without labels, exactly as users' data is, on a seeded synthetic
population and a derived vaccination register:

    python scripts/train_default_model.py [--n 20000] [--seed 11]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from vnidmatch.match import link
from vnidmatch.synth import derive_register, generate_population

OUT = Path(__file__).resolve().parent.parent / "src" / "vnidmatch" / "data" / "default_model.json"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    pop = generate_population(args.n, seed=args.seed)
    reg = derive_register(pop, seed=args.seed + 1)
    res = link(reg, pop, train=True)
    data = res.model.to_dict()
    data["trained"]["source"] = (f"scripts/train_default_model.py --n {args.n} --seed {args.seed}"
                                 " (synthetic, unsupervised)")
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
