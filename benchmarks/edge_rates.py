"""Each side's miss rate of the rate interval near 0 and 1, with few items and correlated judgments.

Every item is judged twice; with probability 0.9 both judgments share one draw (correlation 0.9). A side misses
when the true rate lies beyond it; nominal 2.5% a side.

    python benchmarks/edge_rates.py --reps 3000
"""

from __future__ import annotations

import argparse

import numpy as np

from judgeaudit.stats.intervals import rate_ci


def misses(p: float, items: int, reps: int, rho: float = 0.9, seed: int = 1) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    below = above = 0
    for _ in range(reps):
        u = rng.random(items) < p
        same = rng.random(items) < rho
        a = np.where(same, u, rng.random(items) < p)
        b = np.where(same, u, rng.random(items) < p)
        lo, hi = rate_ci(np.column_stack([a.astype(float) + b, np.full(items, 2.0)]))
        below += p < lo
        above += p > hi
    return below / reps, above / reps


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--reps", type=int, default=3000)
    args = ap.parse_args(argv)
    print("| true rate | items | interval above the truth (lower side) | interval below the truth (upper side) |")
    print("| --- | --- | --- | --- |")
    for p in (0.01, 0.05, 0.5, 0.95, 0.99):
        for items in (10, 30, 100):
            lo, hi = misses(p, items, args.reps)
            print(f"| {p} | {items} | {lo:.1%} | {hi:.1%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
