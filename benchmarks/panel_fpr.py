"""False-positive rate and power of the third-party self-preference test over simulated panels.

Each panel is four simulated judges of four families judging the same ``--items`` pairs in both orders
(answers' families drawn at random, gold for every pair). Judges differ in position bias and in how well
they follow gold, as real panels do. In scenario ``planted`` judge j0 has an own-family bonus and the
others none; in ``null`` nobody has one; in ``blind`` j0 is content-blind (picks the first slot) and has
no bonus. For every judge without a bonus the share of panels where ``excess_win_rate`` is significant
(p < 0.05) is its false-positive rate, which should be near the nominal 5%; for j0 in ``planted`` it is
the power.

    nice python benchmarks/panel_fpr.py --panels 200 --items 200

Prints a markdown table and, per scenario, the pooled false-positive rate with its Wilson interval.
Takes about 5 minutes on 1 core for 200 panels of each scenario.
"""

from __future__ import annotations

import argparse
import sys
import time

import pandas as pd

from judgeaudit.stats.intervals import wilson
from judgeaudit.stats.pairs import pairwise, prepare
from judgeaudit.stats.simulate import simulate
from judgeaudit.stats.third_party import judge_families, third_party_excess

FAMILIES = ("f0", "f1", "f2", "f3")
# unlike judges: position log-odds and gold log-odds per judge
BASE = [
    {"position": 0.0, "gold": 1.5},
    {"position": 0.6, "gold": 1.0},
    {"position": -0.4, "gold": 2.0},
    {"position": 1.0, "gold": 0.7},
]
SCENARIOS = {
    "planted": {0: {"own_family": 1.0}},
    "null": {},
    "blind": {0: {"position": 8.0, "gold": 0.0}},
}


def panel(seed: int, items: int, planted: dict[int, dict[str, float]]) -> pd.DataFrame:
    """One panel's judgments: four judges, the same pairs, both orders."""
    frames = []
    for i, family in enumerate(FAMILIES):
        params = {**BASE[i], **planted.get(i, {})}
        frames.append(simulate(items, seed=seed, judge=f"j{i}", judge_family=family, families=FAMILIES, **params))
    return pd.concat(frames, ignore_index=True)


def run(scenario: str, panels: int, items: int) -> dict[str, list[float | None]]:
    """p-value of each judge's excess_win_rate in each panel (None when not estimable)."""
    out: dict[str, list[float | None]] = {f"j{i}": [] for i in range(len(FAMILIES))}
    offset = 10_000 * (1 + list(SCENARIOS).index(scenario))  # fresh panels for every scenario
    for k in range(panels):
        rows = pairwise(prepare(panel(offset + k, items, SCENARIOS[scenario]))[0])
        fams = judge_families(rows)
        for judge in out:
            out[judge].append(third_party_excess(rows, judge=judge, families=fams).get("p_value"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--panels", type=int, default=200)
    ap.add_argument("--items", type=int, default=200)
    args = ap.parse_args(argv)
    print(f"{args.panels} panels of 4 judges x {args.items} pairs, both orders; significant = p < 0.05\n")
    print("| scenario | judge | planted own-family bonus | estimable | significant | rate |")
    print("| --- | --- | --- | --- | --- | --- |")
    t0 = time.time()
    for scenario, planted in SCENARIOS.items():
        res = run(scenario, args.panels, args.items)
        null_hits = null_n = 0
        for judge, ps in res.items():
            bonus = planted.get(int(judge[1:]), {}).get("own_family", 0.0)
            made = [p for p in ps if p is not None]
            hits = sum(p < 0.05 for p in made)
            rate = hits / len(made) if made else float("nan")
            print(f"| {scenario} | {judge} | {bonus:g} | {len(made)}/{len(ps)} | {hits} | {rate:.3f} |")
            if bonus == 0.0:
                null_hits, null_n = null_hits + hits, null_n + len(made)
        lo, hi = wilson(null_hits, null_n)
        summary = f"{null_hits / null_n:.3f} [{lo:.3f}, {hi:.3f}]" if null_n else "n/a"
        print(f"| {scenario} | all judges without a bonus | 0 | {null_n} | {null_hits} | {summary} |")
    print(f"\n{time.time() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
