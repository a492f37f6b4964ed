"""False-positive rate and power of the paired drift tests (``compare --paired``) over simulated runs.

Each trial draws two runs of ``--items`` items judged in both orders and scored. Scenario ``null``: the same
judge (position 0.5, length 0.3, gold 1.0, 5% ties) drawn twice: any difference is noise, so each outcome's
95% interval should exclude 0 in about 5% of trials. Scenario ``planted``: version B has a stronger position
bias (1.0 instead of 0.5): the share of trials where the first-slot difference is significant is the power.

Part 1 (``--trials``): the judgment-level outcomes (McNemar / Newcombe, closed form). Part 2
(``--metric-trials``, 0 skips it): every metric of the ``--sections`` sections, B − A from the paired item
bootstrap (``ranking/metric_drift.py``, ``--boot`` resamples), which costs two metric computations per resample.

    nice python benchmarks/drift_fpr.py --trials 400 --items 100 --metric-trials 60 --boot 100

Prints, per scenario and outcome, the share of trials whose interval excludes 0, with its Wilson interval.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from judgeaudit.ranking.metric_drift import metric_drift
from judgeaudit.stats.drift import drift
from judgeaudit.stats.intervals import wilson
from judgeaudit.stats.simulate import simulate

OUTCOMES = ("accuracy", "first_slot", "tie", "longer", "consistency", "score")
BASE = {"position": 0.5, "length": 0.3, "gold": 1.0, "tie_rate": 0.05, "scores": True}
SCENARIOS = (("null", {}), ("planted", {"position": 1.0}))


def _line(scenario: str, name: str, hits: int, trials: int) -> str:
    lo, hi = wilson(hits, trials)
    return f"| {scenario} | {name} | {hits}/{trials} | {hits / trials:.3f} [{lo:.3f}, {hi:.3f}] |"


def outcomes(trials: int, items: int) -> None:
    print("| scenario | outcome | intervals excluding 0 | share [95% CI] |")
    print("| --- | --- | --- | --- |")
    for scenario, change in SCENARIOS:
        hits = dict.fromkeys(OUTCOMES, 0)
        for seed in range(trials):
            a = simulate(items, seed=seed, judge="v1", **BASE)  # type: ignore[arg-type]
            b = simulate(items, seed=seed, judge="v2", **{**BASE, **change})  # type: ignore[arg-type]
            d = drift(a, b)["differences"]
            for name in OUTCOMES:
                lo, hi = d[name]["ci"]
                hits[name] += not (lo <= 0 <= hi)
        for name in OUTCOMES:
            print(_line(scenario, name, hits[name], trials))


def metrics(trials: int, items: int, boot: int, sections: tuple[str, ...], scenarios: tuple[str, ...]) -> None:
    print(f"\n| scenario | metric (item bootstrap, B = {boot}) | intervals excluding 0 | share [95% CI] |")
    print("| --- | --- | --- | --- |")
    for scenario, change in SCENARIOS:
        if scenario not in scenarios:
            continue
        hits: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        for seed in range(trials):
            a = simulate(items, seed=seed, judge="v1", **BASE)  # type: ignore[arg-type]
            b = simulate(items, seed=seed, judge="v2", **{**BASE, **change})  # type: ignore[arg-type]
            for name, e in metric_drift(a, b, n_boot=boot, seed=seed, sections=sections).items():
                lo, hi = e["ci"]
                if lo is None or hi is None:
                    continue
                seen[name] += 1
                hits[name] += not (lo <= 0 <= hi)
        for name in sorted(seen):
            print(_line(scenario, name, hits[name], seen[name]))
        total_hits, total = sum(hits.values()), sum(seen.values())
        print(_line(scenario, "all metrics pooled", total_hits, total))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=400)
    ap.add_argument("--items", type=int, default=100)
    ap.add_argument("--metric-trials", type=int, default=60)
    ap.add_argument("--metric-items", type=int, default=60)
    ap.add_argument("--boot", type=int, default=100)
    ap.add_argument("--sections", default="position,verbosity,score_vs_rank,agreement")
    ap.add_argument("--scenarios", default="null,planted", help="part 2's scenarios (comma-separated)")
    args = ap.parse_args()
    t0 = time.time()
    if args.trials:
        outcomes(args.trials, args.items)
    if args.metric_trials:
        sections = tuple(s for s in args.sections.split(",") if s)
        metrics(args.metric_trials, args.metric_items, args.boot, sections, tuple(args.scenarios.split(",")))
    print(f"\n{time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
