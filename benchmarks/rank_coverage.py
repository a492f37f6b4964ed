"""Coverage of the leaderboard's rank intervals on simulated batteries, before and after the joint sets.

Each battery: judges of equal skill (or one better and the rest equal) judge the same items, whose difficulty
is shared, so their rates move together. *Before*: the old intervals (each judge's estimate redrawn
independently from a normal with its standard error, 2.5-97.5 percentiles of its rank). *After*: the
simultaneous sets of the leaderboard (``ranksets.from_item_sums``: Holm over all pairwise differences on the shared
items). A judge's interval covers when it
holds its whole block of true ranks (equal judges share the block 1..J); *all at once* asks it of every
judge of the battery.

    python benchmarks/rank_coverage.py --reps 1000
"""

from __future__ import annotations

import argparse

import numpy as np

from judgeaudit.ranking.leaderboard import N_DRAWS
from tests.ranking.test_ranksets import battery, joint_sets, true_blocks


def before(sums: list, seed: int) -> list[tuple[int, int]]:
    """The old rank_column: independent normal redraws around each rate, percentile intervals."""
    rates = np.array([s["k"].sum() / s["m"].sum() for s in sums])
    ses = np.sqrt(rates * (1 - rates) / np.array([s["m"].sum() for s in sums]))
    rng = np.random.default_rng(seed)
    sim = -(rates + rng.standard_normal((N_DRAWS, len(sums))) * ses)
    draws = np.argsort(np.argsort(sim, axis=1, kind="stable"), axis=1) + 1
    lo, hi = np.percentile(draws, [2.5, 97.5], axis=0)
    return [(int(np.floor(a)), int(np.ceil(b))) for a, b in zip(lo, hi, strict=True)]


def fixed_se(sums: list, seed: int) -> list[tuple[int, int]]:
    """The previous joint sets: max-t over pairwise differences scaled by the bootstrap's own standard error."""
    k = np.column_stack([x["k"].to_numpy(float) for x in sums])
    n, J = k.shape
    w = np.random.default_rng(seed).multinomial(n, np.full(n, 1 / n), size=N_DRAWS).astype(float)
    bad = -k.mean(axis=0)
    draws = -(w @ k) / n
    d_hat = bad[:, None] - bad[None, :]
    d = draws[:, :, None] - draws[:, None, :]
    se = d.std(axis=0, ddof=1)
    pair = ~np.eye(J, dtype=bool) & (se > 0)
    crit = float(np.quantile((np.abs(d[:, pair] - d_hat[pair]) / se[pair]).max(axis=1), 0.95))
    above = np.zeros((J, J), dtype=bool)
    above[pair] = (d_hat + crit * se)[pair] < 0
    return [(1 + int(above[:, j].sum()), J - int(above[j, :].sum())) for j in range(J)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--reps", type=int, default=1000)
    ap.add_argument("--items", type=int, default=300)
    ap.add_argument("--case", action="append", help="only the cases whose label starts with this (repeatable)")
    ap.add_argument("--new-only", action="store_true", help="only the studentized sets the leaderboard uses")
    args = ap.parse_args(argv)
    print(f"{args.reps} batteries of {args.items} items per case\n")
    print("| judges | method | each judge covered | all at once | mean width | best judge alone at rank 1 |")
    print("| --- | --- | --- | --- | --- | --- |")
    cases = [
        (label, skills)
        for n in (5, 10)
        for label, skills in (
            (f"{n} equal", [0.8] * n),
            (f"1 better + {n - 1} equal", [1.3] + [0.8] * (n - 1)),
            (f"{n} spread out (skill 1.4 to 0.2)", list(np.linspace(1.4, 0.2, n))),
        )
    ]
    methods = {
        "independent percentiles (old)": before,
        "max-t, fixed se (previous)": fixed_se,
        "Holm over pairs (leaderboard)": joint_sets,
    }
    if args.case:
        cases = [(label, skills) for label, skills in cases if any(label.startswith(c) for c in args.case)]
    if args.new_only:
        methods = {"Holm over pairs (leaderboard)": joint_sets}
    for label, skills in cases:
        n = len(skills)
        rng = np.random.default_rng(n + 100 * len(label))
        stats: dict[str, list[list[float]]] = {name: [] for name in methods}
        blocks = true_blocks(skills)
        for rep in range(args.reps):
            sums = battery(rng, skills, args.items)
            for name, method in methods.items():
                sets = method(sums, rep)
                each = [lo <= b0 and b1 <= hi for (lo, hi), (b0, b1) in zip(sets, blocks, strict=True)]
                width = np.mean([hi - lo + 1 for lo, hi in sets])
                stats[name].append([np.mean(each), float(all(each)), width, float(sets[0] == (1, 1))])
        for name, rows in stats.items():
            each, joint, width, first = np.mean(rows, axis=0)
            best = f"{first:.1%}" if "equal" not in label or "better" in label else "-"
            print(f"| {label} | {name} | {each:.1%} | {joint:.1%} | {width:.2f} of {n} | {best} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
