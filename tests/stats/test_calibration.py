"""Calibration of logprob-mode probabilities: ECE, Brier, AUROC, reliability and selective judging."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from judgeaudit.stats import compute_metrics
from judgeaudit.stats.calibration import N_BINS, calibration_metrics, equal_mass_bins
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.simulate import simulate_calibration


def calib(df: pd.DataFrame) -> dict:
    return calibration_metrics(prepare(df)[0], n_boot=300)


def test_a_calibrated_judge_has_small_ece_and_an_overconfident_one_does_not() -> None:
    good = calib(simulate_calibration(3000, temperature=1.0))
    over = calib(simulate_calibration(3000, temperature=0.4))
    assert good["ece"]["value"] < 0.03
    assert over["ece"]["value"] > 0.08 and over["ece"]["ci"][0] > good["ece"]["ci"][1]
    assert over["brier"]["value"] > good["brier"]["value"]
    # the same ranking of confidence: AUROC does not see a monotone distortion
    assert over["auroc"]["value"] == pytest.approx(good["auroc"]["value"])


def test_ece_is_tested_against_what_a_calibrated_judge_shows_at_this_n() -> None:
    good = calib(simulate_calibration(300, temperature=1.0, seed=2))
    over = calib(simulate_calibration(300, temperature=0.4, seed=2))
    base = good["ece_calibrated_baseline"]
    assert base["value"] > 0.02, "finite n makes even a calibrated judge's ECE positive"
    assert base["ci"][0] <= good["ece"]["plug_in"] <= base["ci"][1]  # both plug-in: biased alike
    assert good["ece"]["p_value"] > 0.05 and over["ece"]["p_value"] < 0.01


def test_probabilities_are_averaged_over_both_orders() -> None:
    # p_a = 0.9 in order ab and 0.5 in ba: the pair's p is 0.7, so confidence 0.7
    rows = []
    for i in range(20):
        for order, p in (("ab", 0.9), ("ba", 0.5)):
            rows.append(
                {
                    "judge": "j",
                    "item_id": f"i{i}",
                    "variant": "original",
                    "mode": "pairwise",
                    "order": order,
                    "winner": "a",
                    "p_a": p,
                    "label": "a" if i < 14 else "b",
                }
            )
    c = calib(pd.DataFrame(rows))
    assert c["mean_confidence"] == pytest.approx(0.7)
    assert c["accuracy"] == pytest.approx(0.7)
    assert c["ece"]["value"] == pytest.approx(0.0, abs=1e-12)
    assert c["brier"]["value"] == pytest.approx(0.7 * 0.3**2 + 0.3 * 0.7**2)


def test_perfectly_ranked_confidence_has_auroc_one() -> None:
    rows = []
    for i in range(40):
        right = i >= 20
        p = 0.6 + 0.3 * right + 0.001 * i
        for order in ("ab", "ba"):
            rows.append(
                {
                    "judge": "j",
                    "item_id": f"i{i}",
                    "variant": "original",
                    "mode": "pairwise",
                    "order": order,
                    "winner": "a",
                    "p_a": p,
                    "label": "a" if right else "b",
                }
            )
    assert calib(pd.DataFrame(rows))["auroc"]["value"] == 1.0


def test_reliability_bins_hold_equal_mass_and_selective_table_keeps_less_when_stricter() -> None:
    c = calib(simulate_calibration(1000))
    assert len(c["reliability"]) == N_BINS
    assert all(b["n"] == 100 for b in c["reliability"])
    kept = [row["kept_share"] for row in c["selective"]]
    assert kept[0] == 1.0 and kept == sorted(kept, reverse=True)
    accs = [row["accuracy"]["value"] for row in c["selective"] if row["accuracy"]["n"] > 50]
    assert accs == sorted(accs), "keeping only confident verdicts raises accuracy for a calibrated judge"


def test_equal_confidences_never_straddle_a_bin_edge() -> None:
    conf = np.array([0.6] * 15 + [0.9] * 5)
    bins = equal_mass_bins(conf)
    assert len(set(bins[:15])) == 1 and len(set(bins[15:])) == 1


def test_pairs_with_one_probability_are_left_out_and_counted() -> None:
    df = simulate_calibration(50)
    df.loc[(df["order"] == "ba") & df["item_id"].isin(["sim-00000", "sim-00001"]), "p_a"] = np.nan
    c = calib(df)
    assert c["n_incomplete_pairs"] == 2 and c["n_pairs"] == 48


def test_no_probabilities_means_no_section_and_no_gold_means_no_scores() -> None:
    df = simulate_calibration(30)
    assert compute_metrics(df.assign(p_a=np.nan))["calibration"] is None
    c = calib(df.assign(label=None))
    assert c["ece"]["value"] is None and "gold" in c["ece"]["note"]


def _expect(f, spread: float) -> float:
    """E[f(d)] for the simulation's latent quality gap d ~ N(0, spread²)."""
    from scipy import integrate

    dens = lambda d: np.exp(-d * d / (2 * spread**2)) / (spread * np.sqrt(2 * np.pi))  # noqa: E731
    return float(integrate.quad(lambda d: f(d) * dens(d), -30 * spread, 30 * spread, limit=200)[0])


def _sig(x: float) -> float:
    return float(0.5 * (1 + np.tanh(x / 2)))  # σ(x), without overflow


@pytest.mark.parametrize("temperature", [0.4, 0.6, 1.0])
def test_planted_over_confidence_gives_its_ece_and_brier(temperature: float) -> None:
    # gold is a with probability σ(d) and the judge says σ(d / T): its verdict is right with probability σ(|d|)
    # at stated confidence σ(|d| / T). Over-confident (T < 1) everywhere, so every equal-mass bin's gap has
    # one sign and the binned ECE is E[σ(|d|/T) − σ(|d|)]; the Brier score is E[(σ(d/T) − y)²].
    t = temperature
    want_ece = _expect(lambda d: _sig(abs(d) / t) - _sig(abs(d)), 2.0)
    want_brier = _expect(lambda d: _sig(d / t) ** 2 - 2 * _sig(d / t) * _sig(d) + _sig(d), 2.0)
    covered = {"ece": 0, "brier": 0}
    for seed in range(5):
        m = calib(simulate_calibration(1000, temperature=t, seed=seed))
        covered["brier"] += m["brier"]["ci"][0] < want_brier < m["brier"]["ci"][1]
        covered["ece"] += m["ece"]["ci"][0] <= want_ece <= m["ece"]["ci"][1]
        assert m["ece"]["ci"][0] <= m["ece"]["value"] <= m["ece"]["ci"][1], "the debiased point lies in its interval"
    assert covered["brier"] >= 4 and covered["ece"] >= 4
    if t < 1:
        assert want_ece > 0.05
    else:  # calibrated: the plug-in ECE of a finite sample is not 0, the debiased one's interval reaches it
        assert want_ece == 0.0
