"""Coverage of judgeaudit's 95% intervals and the level of its tests, on simulated judges.

For each scenario, a judge with planted biases judges ``--items`` items, ``--sims`` times with fresh
draws; every metric's interval is checked against the planted (population) value, and under a null
scenario every test's rejection rate at 0.05 is counted. Where the population value has a closed
form (position metrics, the joint logit's coefficients) it is used; otherwise it is the point estimate
on one very large simulation (``--truth-items``), the value the estimator converges to.

    nice python benchmarks/coverage.py --sims 500 --items 200 > coverage.txt

Prints a markdown table (the one in docs/validity.md). Takes ~15-30 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from judgeaudit.stats import compute_metrics
from judgeaudit.stats.joint import joint_metrics
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.simulate import simulate, simulate_calibration

PAD = (0.25, 0.5, 1.0)
BIASED = {
    "position": 0.5,
    "gold": 1.0,
    "length": 0.6,
    "length_scale": 300.0,
    "own_family": 0.4,
    "tie_rate": 0.05,
    "unparsed_rate": 0.05,
}
NULL = {**BIASED, "position": 0.0, "length": 0.0, "own_family": 0.0}

RATES = [
    "position.consistency",
    "position.primacy_share",
    "position.preference_fairness",
    "position.first_slot_rate",
    "position.accuracy_single",
    "position.accuracy_both_orders",
    "verbosity.prefer_longer_rate",
    "verbosity.eo_gap",
    "verbosity.length_coef",
    "verbosity.padding_flip_rate",
    "verbosity.padding_control_rate",
    "verbosity.padding_flip_excess",
    "verbosity.padding_dose_slope",
    "self_preference.eo_gap",
]
JOINT = {
    "joint.first_slot": "position",
    "joint.gold": "gold",
    "joint.length": "length",
    "joint.same_family": "own_family",
}


def get(m: dict[str, Any], path: str) -> dict[str, Any] | None:
    node: Any = m
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, dict) and "value" in node else None


def metrics_for(df: pd.DataFrame, seed: int, n_boot: int, params: dict[str, float]) -> dict[str, Any]:
    """compute_metrics, with the joint logit refitted at the planted length scale (so β_length is planted)."""
    m = compute_metrics(df, judge_family="fam0", seed=seed, n_boot=n_boot)
    j = joint_metrics(prepare(df)[0], judge_family="fam0", length_scale=params["length_scale"])
    for key, term in (
        ("joint.first_slot", "first_slot"),
        ("joint.gold", "gold"),
        ("joint.length", "length"),
        ("joint.same_family", "same_family"),
    ):
        m.setdefault("_joint", {})[key.split(".")[1]] = j["coefficients"].get(term)
    return m


def position_truth(beta: float, gold: float, tie: float) -> dict[str, float]:
    """Population values of the position metrics (gold a or b equally likely, no length/family terms)."""
    p1, p2 = 1 / (1 + math.exp(-(beta + gold))), 1 / (1 + math.exp(-(beta - gold)))
    # conditional on parsed: tie with t, else first slot with p
    t = tie
    a1, b1, a2, b2 = (1 - t) * p1, (1 - t) * (1 - p1), (1 - t) * p2, (1 - t) * (1 - p2)
    cons = a1 * b2 + b1 * a2 + t * t
    prim = a1 * a2 + a1 * t + t * a2
    rec = b1 * b2 + b1 * t + t * b2
    ipr = prim / (prim + rec)
    return {
        "position.consistency": cons,
        "position.primacy_share": ipr,
        "position.preference_fairness": rec * (1 - ipr) - prim * ipr,
        "position.first_slot_rate": (p1 + p2) / 2,
        "position.accuracy_single": (a1 + b2) / 2,
        "position.accuracy_both_orders": a1 * b2,
    }


def scenario(
    name: str, params: dict[str, float], sims: int, items: int, truth_items: int, n_boot: int, seed0: int, is_null: bool
) -> list[dict[str, Any]]:
    t0 = time.time()
    tp = dict(params)
    unparsed = tp["unparsed_rate"]
    big = metrics_for(simulate(truth_items, seed=seed0 - 1, pad_sizes=PAD, **tp), seed0, 20, tp)
    truth: dict[str, tuple[float | None, str]] = {}
    for path in RATES:
        est = get(big, path)
        truth[path] = (None if est is None else est["value"], f"{truth_items:,}-item sim")
    tie_parsed = tp["tie_rate"] / (1 - unparsed)
    # position metrics have closed forms only without length and family terms
    if tp["length"] == 0 and tp["own_family"] == 0:
        for k, v in position_truth(tp["position"], tp["gold"], tie_parsed).items():
            truth[k] = (v, "closed form")
    for key, param in JOINT.items():
        truth[key] = (tp[param], "planted")
    if is_null:  # no length or family effect: these are 0 (0.5 for a rate) by symmetry
        for k in (
            "verbosity.eo_gap",
            "verbosity.length_coef",
            "verbosity.padding_flip_excess",
            "verbosity.padding_dose_slope",
            "self_preference.eo_gap",
        ):
            truth[k] = (0.0, "0 by symmetry")
        truth["verbosity.prefer_longer_rate"] = (0.5, "0.5 by symmetry")
    hits: dict[str, list[bool]] = {k: [] for k in truth}
    rejects: dict[str, list[bool]] = {k: [] for k in truth}
    values: dict[str, list[float]] = {k: [] for k in truth}
    family_wise: list[bool] = []
    for s in range(sims):
        m = metrics_for(simulate(items, seed=seed0 + s, pad_sizes=PAD, **tp), s, n_boot, tp)
        for k in truth:
            est = m["_joint"].get(k.split(".")[1]) if k.startswith("joint.") else get(m, k)
            if est is None or est["value"] is None:
                continue
            values[k].append(est["value"])
            lo, hi = est["ci"]
            if truth[k][0] is not None and lo is not None:
                hits[k].append(lo <= truth[k][0] <= hi)
            if est.get("p_value") is not None:
                rejects[k].append(est["p_value"] < 0.05)
        family_wise.append(any(p is not None and p < 0.05 for p in m["holm"].values()))
    rows = []
    for k in truth:
        rows.append(
            {
                "scenario": name,
                "metric": k,
                "truth": truth[k][0],
                "source": truth[k][1],
                "mean": float(np.mean(values[k])) if values[k] else None,
                "sims": len(hits[k]),
                "coverage": float(np.mean(hits[k])) if hits[k] else None,
                "reject": float(np.mean(rejects[k])) if rejects[k] else None,
            }
        )
    if is_null:
        rows.append(
            {
                "scenario": name,
                "metric": "holm: any test rejects (family-wise)",
                "truth": None,
                "source": "",
                "mean": None,
                "sims": sims,
                "coverage": None,
                "reject": float(np.mean(family_wise)),
            }
        )
    print(f"# {name}: {sims} sims in {time.time() - t0:.0f} s", file=sys.stderr)
    return rows


def two_judges(
    sims: int, items: int, truth_items: int, n_boot: int, seed0: int, bonus: float, name: str
) -> list[dict[str, Any]]:
    """excess_win_rate: judge j0 (family fam0, own-family bonus) against third-party judges on the same pairs.

    Three judges of three families: on j0's pairs of fam0 against fam1 the fam2 judge is the third party, and
    the other way round.
    """
    fams = ("fam0", "fam1", "fam2")

    def pool(n: int, seed: int) -> pd.DataFrame:
        return pd.concat(
            [
                simulate(
                    n,
                    judge=f"j{i}",
                    judge_family=f,
                    families=fams,
                    own_family=bonus if i == 0 else 0.0,
                    gold_share=0.0,
                    seed=seed,
                )
                for i, f in enumerate(fams)
            ]
        )

    path = "self_preference.excess_win_rate"
    if bonus == 0:
        truth, source = 0.0, "0 by symmetry"
    else:
        truth = get(compute_metrics(pool(truth_items, seed0 - 1), judge="j0", n_boot=20), path)["value"]
        source = f"{truth_items:,}-item sim"
    hits, rejects, values = [], [], []
    for s in range(sims):
        est = get(compute_metrics(pool(items, seed0 + s), judge="j0", seed=s, n_boot=n_boot), path)
        values.append(est["value"])
        hits.append(est["ci"][0] <= truth <= est["ci"][1])
        if est.get("p_value") is not None:
            rejects.append(est["p_value"] < 0.05)
    return [
        {
            "scenario": name,
            "metric": path,
            "truth": truth,
            "source": source,
            "mean": float(np.mean(values)),
            "sims": sims,
            "coverage": float(np.mean(hits)),
            "reject": float(np.mean(rejects)) if rejects else None,
        }
    ]


def calibration(sims: int, items: int, truth_items: int, n_boot: int, seed0: int) -> list[dict[str, Any]]:
    """Brier, ECE and AUROC of a calibrated logprob judge.

    ECE is biased upwards at finite n, so its interval does not cover 0; its test is against the ECE a
    calibrated judge shows at the same n (``ece_calibrated_baseline``), and should reject ~5% here.
    """
    big = compute_metrics(simulate_calibration(truth_items, seed=seed0 - 1), n_boot=20)["calibration"]
    rows = []
    ests: dict[str, list[dict[str, Any]]] = {k: [] for k in ("brier", "ece", "auroc")}
    for s in range(sims):
        c = compute_metrics(simulate_calibration(items, seed=seed0 + s), seed=s, n_boot=n_boot)["calibration"]
        for k in ests:
            ests[k].append(c[k])
    for k, lst in ests.items():
        truth = 0.0 if k == "ece" else big[k]["value"]
        tested = [e["p_value"] < 0.05 for e in lst if e.get("p_value") is not None]
        rows.append(
            {
                "scenario": "calibrated logprob judge",
                "metric": f"calibration.{k}",
                "truth": truth,
                "source": "calibrated by construction" if k == "ece" else f"{truth_items:,}-item sim",
                "mean": float(np.mean([e["value"] for e in lst])),
                "sims": sims,
                "coverage": float(np.mean([e["ci"][0] <= truth <= e["ci"][1] for e in lst])),
                "reject": float(np.mean(tested)) if tested else None,
            }
        )
    return rows


def fmt(x: float | None, pct: bool = False) -> str:
    if x is None:
        return "–"
    return f"{100 * x:.1f}%" if pct else f"{x:.3f}"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sims", type=int, default=500)
    ap.add_argument("--items", type=int, default=200)
    ap.add_argument("--truth-items", type=int, default=50_000)
    ap.add_argument("--n-boot", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1_000_000)
    ap.add_argument(
        "--only",
        choices=["biased", "null", "two-judges", "calibration"],
        action="append",
        help="run only these scenarios (repeatable); default: all",
    )
    args = ap.parse_args(argv)
    t0 = time.time()
    jobs: list[tuple[str, Callable[[], list[dict[str, Any]]]]] = [
        (
            "biased",
            lambda: scenario(
                "biased (β_pos 0.5, β_len 0.6, β_fam 0.4)",
                BIASED,
                args.sims,
                args.items,
                args.truth_items,
                args.n_boot,
                args.seed,
                False,
            ),
        ),
        (
            "null",
            lambda: scenario(
                "null (no bias)", NULL, args.sims, args.items, args.truth_items, args.n_boot, args.seed + 100_000, True
            ),
        ),
        (
            "two-judges",
            lambda: two_judges(
                args.sims,
                args.items,
                args.truth_items,
                args.n_boot,
                args.seed + 200_000,
                1.0,
                "three judges, j0 own-family bonus 1.0",
            ),
        ),
        (
            "two-judges",
            lambda: two_judges(
                args.sims,
                args.items,
                args.truth_items,
                args.n_boot,
                args.seed + 300_000,
                0.0,
                "three judges, no bonus (null)",
            ),
        ),
        ("calibration", lambda: calibration(args.sims, args.items, args.truth_items, args.n_boot, args.seed + 400_000)),
    ]
    rows = [r for name, job in jobs if not args.only or name in args.only for r in job()]
    print(
        f"{args.sims} simulations per scenario, {args.items} items each, {args.n_boot} bootstrap resamples; "
        f"population values from {args.truth_items:,}-item simulations; {time.time() - t0:.0f} s.\n"
    )
    print("| scenario | metric | population value | source | mean estimate | 95% CI coverage | rejects at 0.05 |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['scenario']} | {r['metric']} | {fmt(r['truth'])} | {r['source']} | {fmt(r['mean'])} | "
            f"{fmt(r['coverage'], True)} | {fmt(r['reject'], True)} |"
        )


if __name__ == "__main__":
    main()
