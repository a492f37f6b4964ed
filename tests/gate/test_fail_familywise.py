"""vet's FAIL keeps its family-wise error: every true value on its threshold, the policy fails at most ~2.5%."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pytest

from judgeaudit.gate.checks import evaluate, evaluate_judges, overall
from judgeaudit.gate.policy import Policy, load_policy, resolve_policy_path


@lru_cache(maxsize=2)
def policy_of(name: str) -> Policy:
    return load_policy(resolve_policy_path(name))


def on_threshold(policy_name: str, rng: np.random.Generator, se: float = 0.05) -> dict[str, Any]:
    """A metrics dict whose every gated estimate is its threshold plus normal noise (each check independent)."""
    metrics: dict[str, Any] = {}
    for check in policy_of(policy_name).checks:
        if check.bound == "value":
            continue
        v = check.threshold + se * float(rng.standard_normal())
        node = metrics
        *parents, leaf = check.metric.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = {"value": v, "ci": [v - 1.96 * se, v + 1.96 * se], "n": 400}
    return metrics


@pytest.mark.parametrize("policy", ["default", "strict"])
def test_false_fail_rate_with_every_truth_on_its_threshold(policy: str) -> None:
    rng = np.random.default_rng(7)
    checks = policy_of(policy).checks
    runs = 1000
    fails = sum(overall(evaluate(on_threshold(policy, rng), policy_of(policy))) == "FAIL" for _ in range(runs))
    # without a correction a policy of k checks fails 1 - 0.975^k of the time (default 16%, strict 59%);
    # with Holm at 0.025 it fails at most 2.5% (1000 runs: 37 or more has probability < 0.01 at 2.5%)
    assert len(checks) >= 5
    assert fails <= 37, fails


def test_a_clear_failure_still_fails_beside_many_checks() -> None:
    rng = np.random.default_rng(1)
    policy = policy_of("strict")
    metrics = on_threshold("strict", rng, se=1e-6)
    first = next(c for c in policy.checks if c.bound in ("lower", "upper"))
    node = metrics
    for key in first.metric.split("."):
        node = node[key]
    far = first.threshold + (-0.5 if first.bound == "lower" else 0.5)
    node.update(value=far, ci=[far - 0.01, far + 0.01])
    results = evaluate(metrics, policy)
    hit = next(r for r in results if r.metric == first.metric)
    assert hit.status == "FAIL" and hit.p_fail_holm is not None and hit.p_fail_holm < 0.025


def test_a_marginal_failure_is_inconclusive_after_holm_and_says_so() -> None:
    policy = policy_of("strict")
    rng = np.random.default_rng(2)
    metrics = on_threshold("strict", rng, se=1e-6)
    first = next(c for c in policy.checks if c.bound in ("lower", "upper"))
    node = metrics
    for key in first.metric.split("."):
        node = node[key]
    se = 0.05
    v = first.threshold + (-2.2 * se if first.bound == "lower" else 2.2 * se)  # one-sided p = 0.014 alone
    node.update(value=v, ci=[v - 1.96 * se, v + 1.96 * se])
    hit = next(r for r in evaluate(metrics, policy) if r.metric == first.metric)
    assert hit.status == "INCONCLUSIVE" and "Holm" in hit.reason


def test_several_judges_are_one_family_for_fail() -> None:
    """Four judges each on their thresholds: Holm per judge would fail the run up to 1 - 0.975^4 = 10% of the
    time; over judges x checks it stays at 2.5%."""
    rng = np.random.default_rng(11)
    policy = policy_of("default")
    runs, per_judge, joint = 400, 0, 0
    for _ in range(runs):
        judges = {f"j{i}": on_threshold("default", rng) for i in range(4)}
        per_judge += any(overall(evaluate(m, policy)) == "FAIL" for m in judges.values())
        joint += any(overall(rs) == "FAIL" for rs in evaluate_judges(judges, policy).values())
    # 400 runs: at 2.5% more than 18 has probability < 0.01; per judge (~7-10%) fails far more often
    assert joint <= 18, joint
    assert per_judge > joint


def test_a_clear_failure_of_one_judge_fails_beside_other_judges() -> None:
    rng = np.random.default_rng(3)
    policy = policy_of("strict")
    judges = {f"j{i}": on_threshold("strict", rng, se=1e-6) for i in range(3)}
    first = next(c for c in policy.checks if c.bound in ("lower", "upper"))
    node = judges["j1"]
    for key in first.metric.split("."):
        node = node[key]
    far = first.threshold + (-0.5 if first.bound == "lower" else 0.5)
    node.update(value=far, ci=[far - 0.01, far + 0.01])
    out = evaluate_judges(judges, policy)
    assert overall(out["j1"]) == "FAIL" and overall(out["j0"]) != "FAIL"
    hit = next(r for r in out["j1"] if r.metric == first.metric)
    assert hit.p_fail_holm is not None and hit.p_fail_holm < 0.025
