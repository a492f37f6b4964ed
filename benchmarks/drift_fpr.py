"""False-positive rate and power of the paired drift test (``compare --paired``) over simulated runs.

Each trial draws two runs of ``--items`` items judged in both orders and scored. Scenario ``null``: the same
judge (position 0.5, length 0.3, gold 1.0, 5% ties) drawn twice: any difference is noise, so each outcome's
95% interval should exclude 0 in about 5% of trials. Scenario ``planted``: version B has a stronger position
bias (1.0 instead of 0.5): the share of trials where the first-slot difference is significant is the power.

    nice python benchmarks/drift_fpr.py --trials 400 --items 100

Prints, per scenario and outcome, the share of trials whose interval excludes 0, with its Wilson interval.
"""

from __future__ import annotations

import argparse
import time

from judgeaudit.stats.drift import drift
from judgeaudit.stats.intervals import wilson
from judgeaudit.stats.simulate import simulate

OUTCOMES = ("accuracy", "first_slot", "tie", "longer", "consistency", "score")
BASE = {"position": 0.5, "length": 0.3, "gold": 1.0, "tie_rate": 0.05, "scores": True}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=400)
    ap.add_argument("--items", type=int, default=100)
    args = ap.parse_args()
    t0 = time.time()
    print("| scenario | outcome | intervals excluding 0 | share [95% CI] |")
    print("| --- | --- | --- | --- |")
    for scenario, change in (("null", {}), ("planted", {"position": 1.0})):
        hits = dict.fromkeys(OUTCOMES, 0)
        for seed in range(args.trials):
            a = simulate(args.items, seed=seed, judge="v1", **BASE)  # type: ignore[arg-type]
            b = simulate(args.items, seed=seed, judge="v2", **{**BASE, **change})  # type: ignore[arg-type]
            d = drift(a, b)["differences"]
            for name in OUTCOMES:
                lo, hi = d[name]["ci"]
                hits[name] += not (lo <= 0 <= hi)
        for name in OUTCOMES:
            lo, hi = wilson(hits[name], args.trials)
            print(
                f"| {scenario} | {name} | {hits[name]}/{args.trials} | "
                f"{hits[name] / args.trials:.3f} [{lo:.3f}, {hi:.3f}] |"
            )
    print(f"\n{args.trials} trials per scenario, {args.items} items each, {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
