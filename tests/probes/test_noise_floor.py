"""The noise floor: sampled repeats are distinct requests, and repetition stability recovers the dice."""

from __future__ import annotations

from math import comb

import pytest

from judgeaudit.probes.suites import ProbeSpec, get_suite
from judgeaudit.stats.position import position_metrics
from tests.support.simulated import pairs, run, sigmoid, simulated


def expected_stability(p: float, k: int) -> float:
    """E[count of the modal verdict / k] for k independent draws with P(first) = p."""
    return sum(comb(k, x) * p**x * (1 - p) ** (k - x) * max(x, k - x) for x in range(k + 1)) / k


def test_sampled_repeats_are_distinct_requests_with_a_seed_each() -> None:
    judge = simulated(mode="generate")
    _, rows, counters = run(judge, pairs(3), ProbeSpec("position", {"repeats": 4, "temperature": 0.7}))
    assert len(rows) == 3 * 2 * 4 and counters["unique_requests"] == 24
    from judgeaudit.probes.position import position

    reqs = [t.requests[0] for t in position(judge, pairs(1), suite="t", repeats=4, temperature=0.7)]
    assert sorted((r.seed, r.temperature) for r in reqs) == sorted((k, 0.7) for k in range(4) for _ in range(2))


def test_a_logprob_judge_reads_one_judgment_per_prompt_however_many_repeats() -> None:
    judge = simulated()
    _, rows, counters = run(judge, pairs(3), ProbeSpec("position", {"repeats": 4}))
    assert len(rows) == 24 and counters["unique_requests"] == 6
    from judgeaudit.probes.position import position

    reqs = [t.requests[0] for t in position(judge, pairs(1), suite="t", repeats=4)]
    assert {(r.kind, r.temperature, r.seed) for r in reqs} == {("choice", 0.0, 0)}


def test_one_repeat_is_the_plain_greedy_request() -> None:
    judge = simulated(mode="generate")
    from judgeaudit.probes.position import position

    req = position(judge, pairs(1), suite="t")[0].requests[0]
    assert (req.temperature, req.seed) == (0.0, 0)
    assert req == judge.pairwise_request("Question number 0?", "Answer 0000 one.", "Answer 0000 two.", "ab")


@pytest.mark.parametrize("gold", [0.0, 1.5])
def test_repetition_stability_recovers_the_planted_verdict_probability(gold: float) -> None:
    d, _, _ = run(simulated(mode="generate", gold=gold), pairs(150), ProbeSpec("position", {"repeats": 5}))
    m = position_metrics(d, n_boot=500)
    assert m is not None
    stab = m["repetition_stability"]
    assert stab["n"] == 300 and stab["n_repeats"] == 5
    want = expected_stability(sigmoid(gold), 5)
    assert stab["ci"][0] < want < stab["ci"][1]


def test_the_noise_suite_samples_five_repeats() -> None:
    suite = get_suite("noise-starter")
    (spec,) = suite.probes
    assert spec.name == "position" and spec.options["repeats"] == 5 and spec.options["temperature"] > 0
