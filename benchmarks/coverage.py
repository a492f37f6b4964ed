"""Coverage of judgeaudit's 95% intervals and the level and power of its tests, on simulated judges.

Default: three grids over true rates {0.01, 0.05, 0.5, 0.95, 0.99} x items {10, 30, 100, 300} x judgments per
item {1, 2, 8}, for the estimators every metric is built from:

- rates over clustered judgments (``intervals.rate``): one judgment per item is exact (binomial sums, no
  Monte Carlo error); several per item are simulated with correlated judgments (a Gaussian copula, latent
  correlation 0.5 within an item, so every judgment keeps its marginal rate);
- differences of two rates with no true gap (``intervals.difference``), paired (each item judged in both
  groups, like a cue and its neutral insert) and in independent groups (each item in one, like gold-longer
  and gold-shorter pairs); coverage of 0 is one minus the test's level;
- regression terms (``regression.fit_logit``): a logit with an item-level term (like length), a term that
  varies within the item (like the slot) and a gold term, at base rate σ(intercept); coverage among the fits
  reported estimable, and how often a fit was.

``--scenarios`` adds the metric-level table: whole simulated audits (biased and null judges, three judges,
calibrated and over-confident logprob judges) through ``compute_metrics``.

    nice python benchmarks/coverage.py                      # the grids, ~3 minutes on 2 cores
    nice python benchmarks/coverage.py --scenarios --sims 500 --only-scenarios
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from scipy import stats as sps

RATES = (0.01, 0.05, 0.5, 0.95, 0.99)
ITEMS = (10, 30, 100, 300)
PER_ITEM = (1, 2, 8)
LATENT_CORR = 0.5
BAND = (0.92, 0.98)
RARE = 5  # expected judgments of the rarer outcome per group below which no valid test can reject
MIN_FITS = 30  # estimable fits below which a regression cell's coverage is not shown
COEF = {"x": 0.5, "s": 0.3, "g": 1.0}  # planted slopes of the regression grid


def mc_se(reps: int, p: float = 0.95) -> float:
    return math.sqrt(p * (1 - p) / reps)


def correlated_hits(
    rng: np.random.Generator, p: float, reps: int, items: int, per_item: int, shared: np.ndarray | None = None
) -> np.ndarray:
    """0/1 judgments (reps, items, per_item) with marginal rate ``p``, correlated within an item."""
    z = rng.standard_normal((reps, items, 1)) if shared is None else shared
    e = rng.standard_normal((reps, items, per_item))
    u = sps.norm.cdf(math.sqrt(LATENT_CORR) * z + math.sqrt(1 - LATENT_CORR) * e)
    return (u < p).astype(float)


def attainable(p: float, n: int) -> bool:
    """Whether any interval that covers p for a run of counts can cover it 92-98% of the time (Bin(n, p))."""
    pmf = sps.binom.pmf(np.arange(n + 1), n, p)
    cdf = np.r_[0.0, np.cumsum(pmf)]
    mode = int(np.argmax(pmf))
    return any(BAND[0] <= cdf[b + 1] - cdf[a] <= BAND[1] for a in range(mode + 1) for b in range(mode, n + 1))


def rate_grid(reps: int, seed: int) -> list[dict[str, Any]]:
    from judgeaudit.stats.intervals import rate

    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    for p in RATES:
        for m in PER_ITEM:
            for g in ITEMS:
                if m == 1:  # exact: the count is Binomial(g, p) and the interval is Wilson's
                    ks = np.arange(g + 1)
                    ones = (rate(np.column_stack([np.r_[np.ones(k), np.zeros(g - k)], np.ones(g)])) for k in ks)
                    cover = [lo <= p <= hi for lo, hi in (r.interval() for r in ones if r is not None)]
                    cov = float(np.sum(sps.binom.pmf(ks, g, p)[cover]))
                    rows.append({"p": p, "m": m, "g": g, "cov": cov, "exact": True, "can": attainable(p, g)})
                    continue
                hits = correlated_hits(rng, p, reps, g, m).sum(axis=2)
                ok = 0
                for r in range(reps):
                    est = rate(np.column_stack([hits[r], np.full(g, float(m))]))
                    assert est is not None
                    lo, hi = est.interval()
                    ok += lo <= p <= hi
                rows.append({"p": p, "m": m, "g": g, "cov": ok / reps, "exact": False, "can": None})
    return rows


def diff_grid(reps: int, seed: int, paired: bool) -> list[dict[str, Any]]:
    from judgeaudit.stats.intervals import difference

    rng = np.random.default_rng(seed)
    rows = []
    for p in RATES:
        for m in PER_ITEM:
            for g in ITEMS:
                z = rng.standard_normal((reps, g, 1))
                first = correlated_hits(rng, p, reps, g, m, z).sum(axis=2)
                second = correlated_hits(rng, p, reps, g, m, z).sum(axis=2)
                if paired:
                    n1 = n2 = np.full((reps, g), float(m))
                else:  # each item lands in one group
                    in1 = rng.random((reps, g)) < 0.5
                    n1, n2 = np.where(in1, float(m), 0.0), np.where(in1, 0.0, float(m))
                    first, second = first * in1, second * ~in1
                ok = done = 0
                for r in range(reps):
                    d = difference(np.column_stack([first[r], n1[r], second[r], n2[r]]))
                    if d is None:  # a group without judgments (independent design, tiny g)
                        continue
                    lo, hi = d.interval()
                    ok += lo <= 0.0 <= hi
                    done += 1
                per_group = g * m if paired else g * m / 2
                rows.append(
                    {
                        "p": p,
                        "m": m,
                        "g": g,
                        "cov": ok / done if done else None,
                        "runs": done,
                        "rare": per_group * min(p, 1 - p) < RARE,
                    }
                )
    return rows


def regression_grid(reps: int, seed: int) -> list[dict[str, Any]]:
    import pandas as pd

    from judgeaudit.stats.regression import fit_logit

    rng = np.random.default_rng(seed)
    rows = []
    for p in RATES:
        b0 = math.log(p / (1 - p))
        for m in PER_ITEM:
            for g in ITEMS:
                cov: dict[str, list[bool]] = {"x": [], "s": []}
                estimable = 0
                for _ in range(reps):
                    x = np.repeat(rng.standard_normal(g), m)
                    gold = np.repeat(rng.choice([-1.0, 1.0], g), m)
                    s = np.tile(np.resize([1.0, -1.0], m), g) if m > 1 else rng.choice([-1.0, 1.0], g)
                    prob = 1 / (1 + np.exp(-(b0 + COEF["x"] * x + COEF["s"] * s + COEF["g"] * gold)))
                    u = sps.norm.cdf(
                        math.sqrt(LATENT_CORR) * np.repeat(rng.standard_normal(g), m)
                        + math.sqrt(1 - LATENT_CORR) * rng.standard_normal(g * m)
                    )
                    fit = fit_logit(
                        (u < prob).astype(float), pd.DataFrame({"x": x, "s": s, "g": gold}), np.repeat(np.arange(g), m)
                    )
                    if not fit.estimable:
                        continue
                    estimable += 1
                    for term in cov:
                        e = fit.terms.get(term)
                        if e is not None and e["value"] is not None:
                            cov[term].append(e["ci"][0] <= COEF[term] <= e["ci"][1])
                rows.append(
                    {
                        "p": p,
                        "m": m,
                        "g": g,
                        "estimable": estimable / reps,
                        **{f"cov_{t}": (float(np.mean(v)) if v else None) for t, v in cov.items()},
                        **{f"n_{t}": len(v) for t, v in cov.items()},
                    }
                )
    return rows


def pct(x: float | None, flag: bool = True) -> str:
    if x is None:
        return "–"
    out = f"{100 * x:.1f}%"
    return out + ("*" if flag and not BAND[0] <= x <= BAND[1] else "")


def grid_table(rows: list[dict[str, Any]], cell: Callable[[dict[str, Any]], str], title: str) -> Iterable[str]:
    yield f"\n{title}\n"
    yield "| true rate | judgments per item | " + " | ".join(f"{g} items" for g in ITEMS) + " |"
    yield "| --- | --- | " + " | ".join("---" for _ in ITEMS) + " |"
    for p in RATES:
        for m in PER_ITEM:
            cells = [cell(r) for g in ITEMS for r in rows if r["p"] == p and r["m"] == m and r["g"] == g]
            yield f"| {p:g} | {m} | " + " | ".join(cells) + " |"


def rate_cell(r: dict[str, Any]) -> str:
    out = pct(r["cov"])
    if r["exact"]:
        out += "" if r["can"] else " ‡"
    return out


def diff_cell(r: dict[str, Any]) -> str:
    return pct(r["cov"]) + (" †" if r["rare"] else "")


def reg_cell(r: dict[str, Any]) -> str:
    if r["cov_x"] is None or r["n_x"] < MIN_FITS:
        return f"– ({100 * r['estimable']:.0f}% est.)"
    return f"{pct(r['cov_x'])} / {pct(r['cov_s'])} ({100 * r['estimable']:.0f}% est.)"


def grids(args: argparse.Namespace) -> None:
    t0 = time.time()
    rates = rate_grid(args.reps, args.seed)
    t1 = time.time()
    paired = diff_grid(args.reps, args.seed + 1, paired=True)
    apart = diff_grid(args.reps, args.seed + 2, paired=False)
    t2 = time.time()
    reg = regression_grid(args.reg_reps, args.seed + 3)
    t3 = time.time()
    print(
        f"Grids: {args.reps} simulated runs per rate and difference cell (Monte Carlo SE of a 95% coverage "
        f"±{100 * mc_se(args.reps):.1f} points), {args.reg_reps} per regression cell "
        f"(±{100 * mc_se(args.reg_reps):.1f}); latent within-item correlation {LATENT_CORR}; "
        f"{t1 - t0:.0f} s + {t2 - t1:.0f} s + {t3 - t2:.0f} s."
    )
    print(
        "* outside 92-98%. ‡ no interval can reach 92-98% there: every run with the same count gets the same "
        "interval, and no run of counts around the mode has probability 92-98%. † fewer than "
        f"{RARE} judgments of the rarer outcome expected per group. Regression: – where fewer than {MIN_FITS} "
        "fits were estimable."
    )
    for line in grid_table(
        rates, rate_cell, "Rates: 95% interval coverage of the true rate (one judgment per item: exact)"
    ):
        print(line)
    for rows, name in (
        (paired, "paired (both groups on every item)"),
        (apart, "independent groups (each item in one group)"),
    ):
        for line in grid_table(rows, diff_cell, f"Differences, {name}, both rates at the true rate: coverage of 0"):
            print(line)
    for line in grid_table(
        reg,
        reg_cell,
        "Regression terms: coverage of the item-level / within-item term among "
        "estimable fits (share of fits estimable); rows: base rate σ(intercept)",
    ):
        print(line)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=2000, help="simulated runs per rate / difference cell")
    ap.add_argument("--reg-reps", type=int, default=300, help="simulated runs per regression cell")
    ap.add_argument("--seed", type=int, default=1_000_000)
    ap.add_argument("--scenarios", action="store_true", help="also the metric-level scenario table")
    ap.add_argument("--only-scenarios", action="store_true", help="only the metric-level scenario table")
    ap.add_argument("--sims", type=int, default=500, help="simulated audits per scenario")
    ap.add_argument("--items", type=int, default=200, help="items per simulated audit")
    ap.add_argument("--truth-items", type=int, default=50_000)
    ap.add_argument("--n-boot", type=int, default=1000)
    ap.add_argument(
        "--only",
        choices=["biased", "null", "two-judges", "calibration"],
        action="append",
        help="scenarios to run (repeatable); default: all",
    )
    args = ap.parse_args(argv)
    if not args.only_scenarios:
        grids(args)
    if args.scenarios or args.only_scenarios:
        from scenarios import scenario_table  # the sibling script: benchmarks/ is on the path when run as a script

        scenario_table(args)
    print(file=sys.stderr)


if __name__ == "__main__":
    main()
