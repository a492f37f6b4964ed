"""Metric-level coverage, level and power: whole simulated audits through ``compute_metrics``.

For each scenario, a judge with planted biases judges ``--items`` items, ``--sims`` times with fresh draws;
every metric's interval is checked against the population value and every test's rejection rate at 0.05 is
counted: power under a biased judge, level under a null one. The population value is a closed form where
there is one (position metrics, the joint logit's planted coefficients, calibration), otherwise the point
estimate on one ``--truth-items`` simulation. Run through ``coverage.py --scenarios``.

Only the public statistics API is used, so the same script measures an older checkout (for power before and
after a change, put that checkout first on PYTHONPATH).
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
from scipy import integrate

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

METRICS = [
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
    j = joint_metrics(prepare(df)[0], judge_family="fam0", length_scale=params["length_scale"]) or {}
    for key in JOINT:
        m.setdefault("_joint", {})[key.split(".")[1]] = j["coefficients"].get(key.split(".")[1])
    return m


def position_truth(beta: float, gold: float, tie: float) -> dict[str, float]:
    """Population values of the position metrics (gold a or b equally likely, no length/family terms)."""
    p1, p2 = 1 / (1 + math.exp(-(beta + gold))), 1 / (1 + math.exp(-(beta - gold)))
    t = tie  # conditional on parsed: tie with t, else first slot with p
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


def _tally(
    rows: list[dict[str, Any]],
    name: str,
    truth: dict[str, tuple[float | None, str]],
    ests: dict[str, list[dict[str, Any] | None]],
) -> None:
    for k, (value, source) in truth.items():
        got = [e for e in ests[k] if e is not None and e.get("value") is not None]
        with_ci = [e for e in got if e["ci"][0] is not None]
        tested = [e["p_value"] < 0.05 for e in got if e.get("p_value") is not None]
        rows.append(
            {
                "scenario": name,
                "metric": k,
                "truth": value,
                "source": source,
                "mean": float(np.mean([e["value"] for e in got])) if got else None,
                "coverage": (
                    float(np.mean([e["ci"][0] <= value <= e["ci"][1] for e in with_ci]))
                    if with_ci and value is not None
                    else None
                ),
                "reject": float(np.mean(tested)) if tested else None,
                "reported": len(got) / max(1, len(ests[k])),
            }
        )


def scenario(
    name: str, params: dict[str, float], args: argparse.Namespace, seed0: int, is_null: bool
) -> list[dict[str, Any]]:
    t0 = time.time()
    tp: dict[str, Any] = dict(params)
    big = metrics_for(simulate(args.truth_items, seed=seed0 - 1, pad_sizes=PAD, **tp), seed0, 20, tp)
    truth: dict[str, tuple[float | None, str]] = {}
    for path in METRICS:
        est = get(big, path)
        truth[path] = (None if est is None else est["value"], f"{args.truth_items:,}-item sim")
    tie_parsed = tp["tie_rate"] / (1 - tp["unparsed_rate"])
    if tp["length"] == 0 and tp["own_family"] == 0:  # closed forms only without length and family terms
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
    ests: dict[str, list[dict[str, Any] | None]] = {k: [] for k in truth}
    family_wise: list[bool] = []
    for s in range(args.sims):
        m = metrics_for(simulate(args.items, seed=seed0 + s, pad_sizes=PAD, **tp), s, args.n_boot, tp)
        for k in truth:
            ests[k].append(m["_joint"].get(k.split(".")[1]) if k.startswith("joint.") else get(m, k))
        family_wise.append(any(p is not None and p < 0.05 for p in m["holm"].values()))
    rows: list[dict[str, Any]] = []
    _tally(rows, name, truth, ests)
    if is_null:
        rows.append(
            {
                "scenario": name,
                "metric": "holm: any test rejects (family-wise)",
                "truth": None,
                "source": "",
                "mean": None,
                "coverage": None,
                "reject": float(np.mean(family_wise)),
                "reported": 1.0,
            }
        )
    print(f"# {name}: {args.sims} sims in {time.time() - t0:.0f} s", file=sys.stderr)
    return rows


def two_judges(args: argparse.Namespace, seed0: int, bonus: float, name: str) -> list[dict[str, Any]]:
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
        truth: tuple[float | None, str] = (0.0, "0 by symmetry")
    else:
        big = get(compute_metrics(pool(args.truth_items, seed0 - 1), judge="j0", n_boot=20), path)
        truth = (None if big is None else big["value"], f"{args.truth_items:,}-item sim")
    ests = [
        get(compute_metrics(pool(args.items, seed0 + s), judge="j0", seed=s, n_boot=args.n_boot), path)
        for s in range(args.sims)
    ]
    rows: list[dict[str, Any]] = []
    _tally(rows, name, {path: truth}, {path: ests})
    return rows


def _ece_truth(temperature: float, spread: float = 2.0) -> float:
    """Binned ECE of ``simulate_calibration`` at population level: E[σ(|d|/T) − σ(|d|)], d ~ N(0, spread²).

    Over-confident everywhere (T < 1), so every equal-mass bin's gap has one sign and binning loses nothing.
    """

    def sig(x: float) -> float:
        return float(0.5 * (1 + math.tanh(x / 2)))

    def f(d: float) -> float:
        return (
            (sig(abs(d) / temperature) - sig(abs(d)))
            * math.exp(-d * d / (2 * spread**2))
            / (spread * math.sqrt(2 * math.pi))
        )

    return float(integrate.quad(f, -30 * spread, 30 * spread, limit=200)[0])


def calibration(args: argparse.Namespace, seed0: int, temperature: float) -> list[dict[str, Any]]:
    """Brier, ECE and AUROC of a logprob judge; calibrated at temperature 1, over-confident below."""
    big = compute_metrics(simulate_calibration(args.truth_items, seed=seed0 - 1, temperature=temperature), n_boot=20)[
        "calibration"
    ]
    keys = ("brier", "ece", "auroc")
    ests: dict[str, list[dict[str, Any] | None]] = {k: [] for k in keys}
    for s in range(args.sims):
        c = compute_metrics(
            simulate_calibration(args.items, seed=seed0 + s, temperature=temperature), seed=s, n_boot=args.n_boot
        )["calibration"]
        for k in keys:
            ests[k].append(c[k])
    truth = {f"calibration.{k}": (big[k]["value"], f"{args.truth_items:,}-item sim") for k in ("brier", "auroc")}
    truth["calibration.ece"] = (
        _ece_truth(temperature),
        "closed form" if temperature != 1 else "calibrated by construction",
    )
    name = "calibrated logprob judge" if temperature == 1 else f"over-confident logprob judge (T = {temperature:g})"
    rows: list[dict[str, Any]] = []
    _tally(rows, name, truth, {f"calibration.{k}": v for k, v in ests.items()})
    return rows


def fmt(x: float | None, pct: bool = False) -> str:
    if x is None:
        return "–"
    return f"{100 * x:.1f}%" if pct else f"{x:.3f}"


def scenario_table(args: argparse.Namespace) -> None:
    t0 = time.time()
    jobs: list[tuple[str, Callable[[], list[dict[str, Any]]]]] = [
        ("biased", lambda: scenario("biased (β_pos 0.5, β_len 0.6, β_fam 0.4)", BIASED, args, args.seed, False)),
        ("null", lambda: scenario("null (no bias)", NULL, args, args.seed + 100_000, True)),
        ("two-judges", lambda: two_judges(args, args.seed + 200_000, 1.0, "three judges, j0 own-family bonus 1.0")),
        ("two-judges", lambda: two_judges(args, args.seed + 300_000, 0.0, "three judges, no bonus (null)")),
        ("calibration", lambda: calibration(args, args.seed + 400_000, 1.0)),
        ("calibration", lambda: calibration(args, args.seed + 500_000, 0.6)),
    ]
    rows = [r for name, job in jobs if not args.only or name in args.only for r in job()]
    print(
        f"\nScenarios: {args.sims} simulated audits each, {args.items} items, {args.n_boot} bootstrap resamples; "
        f"population values from {args.truth_items:,}-item simulations; {time.time() - t0:.0f} s.\n"
    )
    print("| scenario | metric | population value | source | mean estimate | 95% CI coverage | rejects at 0.05 |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        shown = "" if r["reported"] >= 0.995 else f" ({100 * r['reported']:.0f}% reported)"
        print(
            f"| {r['scenario']} | {r['metric']} | {fmt(r['truth'])} | {r['source']} | {fmt(r['mean'])} | "
            f"{fmt(r['coverage'], True)}{shown} | {fmt(r['reject'], True)} |"
        )
