"""Planted biases are recovered: the simulation matches the simulated backend, and the estimators find
the planted position log-odds, length slope and own-family bonus."""

from __future__ import annotations

import math

import numpy as np
import pytest

from judgeaudit.backends.base import Request
from judgeaudit.backends.simulated import SimulatedBackend
from judgeaudit.contracts.estimate import Estimate
from judgeaudit.stats import compute_metrics
from judgeaudit.stats.joint import joint_metrics
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.self_preference import self_preference_metrics
from judgeaudit.stats.simulate import p_first_slot, simulate

PLANTED = {"position": 0.6, "gold": 1.2, "length": 0.8, "length_scale": 300.0, "own_family": 0.5}


def test_simulation_uses_the_simulated_backends_probability_model() -> None:
    backend = SimulatedBackend("fam0", PLANTED)
    params = backend.params
    for gold_first, len_first, len_second, fam_first, fam_second in [
        (1, 900, 300, "fam0", "fam1"),
        (-1, 200, 800, "fam1", "fam0"),
        (0, 500, 500, "fam0", "fam0"),
        (1, 100, 1500, "fam1", "fam1"),
    ]:
        meta = {
            "request": "pairwise",
            "gold_first": gold_first,
            "len_first": len_first,
            "len_second": len_second,
            "family_first": fam_first,
            "family_second": fam_second,
        }
        res = backend.run([Request(kind="generate", prompt="q", choices=("A", "B"), meta=meta)])[0]
        mine = p_first_slot(
            params,
            np.array([gold_first]),
            np.array([len_first - len_second]),
            np.array([fam_first == "fam0"]),
            np.array([fam_second == "fam0"]),
        )[0]
        assert mine == pytest.approx(res.extra["p_first"], abs=1e-12)


def test_unknown_parameters_are_an_error_as_in_the_backend() -> None:
    with pytest.raises(ValueError, match="posiiton"):
        simulate(10, posiiton=1.0)


def test_simulation_is_seeded() -> None:
    a, b = simulate(50, position=0.5, seed=1), simulate(50, position=0.5, seed=1)
    assert a.equals(b)
    assert not a["winner"].equals(simulate(50, position=0.5, seed=2)["winner"])


def test_joint_logit_recovers_position_length_and_own_family() -> None:
    df = simulate(2500, seed=11, tie_rate=0.05, unparsed_rate=0.05, **PLANTED)
    j = joint_metrics(prepare(df)[0], judge_family="fam0", length_scale=PLANTED["length_scale"])
    for term, planted in (
        ("first_slot", "position"),
        ("length", "length"),
        ("same_family", "own_family"),
        ("gold", "gold"),
    ):
        est = j["coefficients"][term]
        assert est["ci"][0] <= PLANTED[planted] <= est["ci"][1], term
        assert est["value"] == pytest.approx(PLANTED[planted], abs=0.12), term


def test_position_metrics_recover_their_planted_values() -> None:
    beta, gamma = 0.8, 1.0
    df = simulate(3000, position=beta, gold=gamma, seed=12)
    pos = compute_metrics(df, n_boot=500)["position"]
    p1, p2 = 1 / (1 + math.exp(-(beta + gamma))), 1 / (1 + math.exp(-(beta - gamma)))
    truth = {
        "consistency": p1 * (1 - p2) + (1 - p1) * p2,
        "primacy_share": p1 * p2 / (p1 * p2 + (1 - p1) * (1 - p2)),
        "first_slot_rate": (p1 + p2) / 2,
        "accuracy_single": (p1 + 1 - p2) / 2,
        "accuracy_both_orders": p1 * (1 - p2),
    }
    for key, value in truth.items():
        est = pos[key]
        assert est["ci"][0] <= value <= est["ci"][1], key


def test_tie_and_unparsed_rates_are_recovered() -> None:
    pos = compute_metrics(simulate(3000, tie_rate=0.1, unparsed_rate=0.08, seed=13), n_boot=200)["position"]
    assert pos["extraction_success_rate"] == pytest.approx(0.92, abs=0.01)
    ties = pos["n_ties"] / (2 * pos["n_pairs"])
    assert ties == pytest.approx(0.1 / 0.92, abs=0.015)


def test_a_length_bias_shows_in_every_verbosity_estimate_and_none_without_it() -> None:
    biased = compute_metrics(simulate(800, length=1.5, pad_sizes=(0.25, 0.5, 1.0), seed=14), n_boot=300)["verbosity"]
    fair = compute_metrics(simulate(800, length=0.0, pad_sizes=(0.25, 0.5, 1.0), seed=14), n_boot=300)["verbosity"]
    assert biased["length_coef"]["ci"][0] > 0 and fair["length_coef"]["ci"][0] < 0 < fair["length_coef"]["ci"][1]
    assert biased["padding_flip_rate"]["value"] > biased["padding_control_rate"]["value"]
    assert biased["padding_dose_slope"]["ci"][0] > 0
    assert fair["padding_dose_slope"]["ci"][0] < 0 < fair["padding_dose_slope"]["ci"][1]
    assert biased["prefer_longer_rate"]["value"] > fair["prefer_longer_rate"]["value"]


def test_an_own_family_bonus_shows_as_self_preference_and_a_fair_judge_shows_none() -> None:
    biased = compute_metrics(simulate(1500, own_family=1.0, seed=15), n_boot=300)["self_preference"]
    fair = compute_metrics(simulate(1500, own_family=0.0, seed=15), n_boot=300)["self_preference"]
    assert biased["eo_gap"]["ci"][0] > 0
    assert fair["eo_gap"]["ci"][0] < 0 < fair["eo_gap"]["ci"][1]


def test_excess_win_rate_sets_one_judge_against_third_party_judges_on_the_same_pairs() -> None:
    import pandas as pd

    fams = ("fam0", "fam1", "fam2")

    def pool(bonus: float) -> pd.DataFrame:
        return pd.concat(
            [
                simulate(
                    1500,
                    judge=f"j{i}",
                    judge_family=f,
                    families=fams,
                    own_family=bonus if i == 0 else 0.0,
                    gold_share=0.0,
                    seed=17,
                )
                for i, f in enumerate(fams)
            ]
        )

    def excess(df: pd.DataFrame) -> Estimate:
        """The self_preference section alone (the whole audit would also fit the joint judge model)."""
        section = self_preference_metrics(prepare(df)[0], judge="j0", judge_family="fam0", n_boot=300)
        assert section is not None
        return section["excess_win_rate"]

    biased, fair = excess(pool(1.0)), excess(pool(0.0))
    # σ(1) − 0.5 ≈ 0.23 on pairs where the own-family response is one of two
    assert biased["ci"][0] <= 1 / (1 + math.exp(-1.0)) - 0.5 <= biased["ci"][1]
    assert fair["ci"][0] < 0 < fair["ci"][1]


def test_repeated_sampling_gives_repetition_stability() -> None:
    pos = compute_metrics(simulate(200, repeats=4, gold=3.0, seed=17), n_boot=200)["position"]
    rs = pos["repetition_stability"]
    assert 0.5 < rs["value"] <= 1.0 and rs["n"] == 400


@pytest.mark.parametrize(("gold", "position"), [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)])
def test_repetition_stability_recovers_its_binomial_closed_form(gold: float, position: float) -> None:
    # each prompt (item, order) is k independent draws with P(first) = σ(position ± gold): the modal verdict's
    # expected share is E[max(X, k − X)] / k, X ~ Binomial(k, p), averaged over the two orders
    k = 5

    def stability(p: float) -> float:
        return sum(math.comb(k, x) * p**x * (1 - p) ** (k - x) * max(x, k - x) for x in range(k + 1)) / k

    want = (stability(1 / (1 + math.exp(-(position + gold)))) + stability(1 / (1 + math.exp(-(position - gold))))) / 2
    rs = compute_metrics(simulate(300, repeats=k, gold=gold, position=position, seed=18), n_boot=400)["position"][
        "repetition_stability"
    ]
    assert rs["n"] == 600 and rs["n_repeats"] == k
    assert rs["ci"][0] < want < rs["ci"][1]
    if gold == position == 0.0:
        assert want == pytest.approx(0.6875)  # a fair coin five times: 11/16


def test_the_whole_pipeline_with_the_simulated_backend_recovers_the_planted_position() -> None:
    from judgeaudit.contracts.items import Item
    from judgeaudit.judges import load_judge
    from judgeaudit.probes import probes
    from judgeaudit.runner.execute import execute
    from judgeaudit.runner.plan import Plan

    judge = load_judge("simulated", options={"position": 1.0, "length": 0.0, "gold": 1.0})
    rng = np.random.default_rng(0)
    items = [
        Item(
            id=f"q{i}",
            instruction=f"Question {i}?",
            response_a=f"Answer {i} " + "x" * int(rng.integers(10, 90)),
            response_b=f"Reply {i} " + "y" * int(rng.integers(10, 90)),
            label="a" if i % 2 else "b",
        )
        for i in range(400)
    ]
    rows, _ = execute(judge, Plan(tasks=probes.get("position")(judge, items, suite="t")), None)
    import pandas as pd

    j = compute_metrics(pd.DataFrame(rows), n_boot=200)["joint"]["coefficients"]
    assert j["first_slot"]["ci"][0] <= 1.0 <= j["first_slot"]["ci"][1]
    assert j["gold"]["ci"][0] <= 1.0 <= j["gold"]["ci"][1]
