"""Fast coverage check: over repeated simulations the 95% intervals cover the planted value about 95%
of the time, and with no bias the tests reject about 5% of the time.

The full version (≥500 simulations per metric, more metrics) is ``benchmarks/coverage.py``; its table
is in docs/validity.md. Seeds are fixed, so this test is deterministic.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from judgeaudit.stats.joint import joint_metrics
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.position import position_metrics
from judgeaudit.stats.simulate import simulate

pytestmark = pytest.mark.slow

N_SIMS = 120  # per planted position; 240 in all
N_ITEMS = 150
GOLD = 1.0


def planted(beta: float) -> dict[str, float]:
    """Population values of the position metrics when P(first) = σ(β ± γ) (gold a or b, equally likely)."""
    p1, p2 = 1 / (1 + math.exp(-(beta + GOLD))), 1 / (1 + math.exp(-(beta - GOLD)))
    return {
        "consistency": p1 * (1 - p2) + (1 - p1) * p2,
        "primacy_share": p1 * p2 / (p1 * p2 + (1 - p1) * (1 - p2)),
        "first_slot_rate": (p1 + p2) / 2,
    }


def run(beta: float, seed0: int) -> tuple[dict[str, list[bool]], dict[str, list[bool]]]:
    covered: dict[str, list[bool]] = {k: [] for k in (*planted(beta), "joint.first_slot")}
    rejected: dict[str, list[bool]] = {"primacy_share": [], "joint.first_slot": []}
    truth = {**planted(beta), "joint.first_slot": beta}
    for s in range(N_SIMS):
        d = prepare(simulate(N_ITEMS, position=beta, gold=GOLD, seed=seed0 + s))[0]
        pos = position_metrics(d, n_boot=400, seed=s)
        first = joint_metrics(d)["coefficients"]["first_slot"]
        ests = {k: pos[k] for k in planted(beta)} | {"joint.first_slot": first}
        for k, est in ests.items():
            lo, hi = est["ci"]
            covered[k].append(lo is not None and lo <= truth[k] <= hi)
        rejected["primacy_share"].append((pos["primacy_share"]["p_value"] or 1.0) < 0.05)
        rejected["joint.first_slot"].append(first["p_value"] < 0.05)
    return covered, rejected


def test_intervals_cover_the_planted_value_and_tests_hold_their_level() -> None:
    biased_cov, biased_rej = run(0.5, 10_000)
    null_cov, null_rej = run(0.0, 20_000)
    for k in biased_cov:
        rate = np.mean(biased_cov[k] + null_cov[k])
        assert 0.90 <= rate <= 0.985, f"{k}: 95% interval covered the planted value {rate:.1%} of the time"
    for k, hits in null_rej.items():
        assert np.mean(hits) <= 0.10, f"{k}: rejected a true null {np.mean(hits):.1%} of the time"
    assert np.mean(null_rej["joint.first_slot"]) >= 0.01, "a 5% test that never rejects has no power"
    for k, hits in biased_rej.items():  # and a planted position log-odds of 0.5 is found
        assert np.mean(hits) > 0.5, k


def _correlated(rng: np.random.Generator, p: float, items: int, per_item: int, z: np.ndarray) -> np.ndarray:
    """Hits per item: ``per_item`` judgments at rate ``p``, correlated through the item's shared ``z``."""
    from scipy import stats as sps

    u = sps.norm.cdf(np.sqrt(0.5) * z[:, None] + np.sqrt(0.5) * rng.standard_normal((items, per_item)))
    return (u < p).sum(axis=1).astype(float)


def test_rate_and_difference_intervals_hold_their_level_near_the_edges() -> None:
    # the cells of benchmarks/coverage.py most likely to break: a rate of 0.05 on 30 items judged twice,
    # and a paired difference of two rates of 0.5 on 10 items
    from judgeaudit.stats.intervals import diff_ci, rate_ci

    rng = np.random.default_rng(99)
    rate_hits, diff_hits = [], []
    for _ in range(600):
        hits = _correlated(rng, 0.05, 30, 2, rng.standard_normal(30))
        lo, hi = rate_ci(np.column_stack([hits, np.full(30, 2.0)]))
        rate_hits.append(lo <= 0.05 <= hi)
        z = rng.standard_normal(10)
        a, b = _correlated(rng, 0.5, 10, 1, z), _correlated(rng, 0.5, 10, 1, z)
        lo, hi = diff_ci(np.column_stack([a, np.ones(10), b, np.ones(10)]))
        diff_hits.append(lo <= 0.0 <= hi)
    assert 0.92 <= np.mean(rate_hits) <= 0.985
    assert 0.92 <= np.mean(diff_hits) <= 0.985
