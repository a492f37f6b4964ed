"""Model scores: the controlled win rate recovers a model's true strength under a planted length bias (raw does
not), keeps its coverage where nothing is planted, the position-balanced rate removes a slot bias, and
AlpacaEval's own win rates are reproduced exactly from its recorded annotations."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from judgeaudit.errors import JudgeAuditError
from judgeaudit.stats.model_scores import markdown_count, model_scores, ranking_agreement
from judgeaudit.stats.simulate_models import simulate_models
from tests.support.paths import SHARED_DATA

STRENGTH = {"m1": 0.0, "m2": 0.4, "m3": 0.8, "verbose": 0.0}
LENGTH = {"m1": 800.0, "m2": 800.0, "m3": 800.0, "verbose": 2400.0}


def _covers(e: dict, truth: float) -> bool:
    return e["ci"][0] <= truth <= e["ci"][1]


def test_the_controlled_win_rate_recovers_the_truth_under_a_planted_length_bias() -> None:
    df, truth = simulate_models(600, STRENGTH, LENGTH, length=1.0, seed=1)
    r = model_scores(df)
    verbose = r["models"]["verbose"]
    assert verbose["raw"]["ci"][0] > truth["verbose"] + 0.2  # raw rewards the long answers
    assert _covers(verbose["controlled"], truth["verbose"])
    assert all(_covers(r["models"][m]["controlled"], truth[m]) for m in STRENGTH)
    length = r["coefficients"]["length"]
    assert length["ci"][0] < 4.0 < length["ci"][1]  # the planted coefficient (1.0 per quarter of the scale)
    assert r["ranking"]["order"][0] == "m3" and r["ranking"]["ranks"]["m3"]["ci"][0] == 1


def test_the_position_balanced_rate_removes_a_slot_bias_and_needs_both_slots() -> None:
    df, _ = simulate_models(1500, STRENGTH, {m: 800.0 for m in STRENGTH}, position=1.5, seed=2)
    # the estimand: m3's win rate when shown first and second equally often (every item in both orders)
    target = model_scores(df)["models"]["m3"]["raw"]["value"]
    # m3 shown first three times as often as second: raw inherits the slot bias, balanced does not
    m3_second = ((df["order"] == "ab") & (df["model_b"] == "m3")) | ((df["order"] == "ba") & (df["model_a"] == "m3"))
    keep = ~m3_second | (np.arange(len(df)) % 3 == 0)
    r = model_scores(df.loc[keep])["models"]["m3"]
    bal = r["position_balanced"]
    assert _covers(bal, target) and bal["n_first"] > 2 * bal["n_second"]
    assert r["raw"]["ci"][0] > target
    one_order = model_scores(df.loc[(df["order"] == "ab") & (df["model_a"] == "m1")])  # m1 always first
    assert one_order["models"]["m1"]["position_balanced"]["value"] is None
    assert "one slot" in one_order["models"]["m1"]["position_balanced"]["note"]


@pytest.mark.slow
def test_the_controlled_interval_keeps_its_coverage_where_nothing_is_planted() -> None:
    misses, trials = 0, 40
    for seed in range(trials):
        df, truth = simulate_models(200, STRENGTH, LENGTH, seed=100 + seed)
        r = model_scores(df)
        misses += sum(not _covers(r["models"][m]["controlled"], truth[m]) for m in STRENGTH)
    assert misses <= 16, misses  # 160 intervals at 95%: 8 expected; 16 or more is p < 0.01


def test_rankings_of_two_judges_agree_where_they_share_the_truth() -> None:
    same = {j: simulate_models(400, STRENGTH, {m: 800.0 for m in STRENGTH}, seed=3, judge=j)[0] for j in ("x", "y")}
    tau = ranking_agreement(same, n_boot=200)["x vs y"]
    assert tau["value"] > 0 and tau["ci"][0] < tau["ci"][1]
    few = {j: f.loc[f["model_a"].isin(["m1", "m2"]) & f["model_b"].isin(["m1", "m2"])] for j, f in same.items()}
    assert ranking_agreement(few)["x vs y"]["value"] is None


def test_markdown_features_and_edge_cases() -> None:
    assert markdown_count("# Title\n- one\n- two\n**bold** text") == 4
    assert np.isnan(markdown_count(None))
    empty = model_scores(simulate_models(10, STRENGTH, LENGTH)[0].drop(columns=["model_a"]))
    assert empty["models"] == {} and "model_a" in empty["note"]


def test_alpaca_eval_win_rates_are_reproduced_exactly(tmp_path: Path) -> None:
    src = SHARED_DATA / "alpaca_eval"
    if not src.is_dir():
        pytest.skip("shared AlpacaEval data not present")
    from judgeaudit import import_, scores

    import_("alpaca_eval", [src / "results"], tmp_path / "run", analyze=False)
    made = scores(tmp_path / "run", tmp_path / "out")
    board = src / "leaderboards" / "data_AlpacaEval_2" / "weighted_alpaca_eval_gpt4_turbo_leaderboard.csv"
    published = {r[""]: float(r["win_rate"]) for r in csv.DictReader(board.open(encoding="utf-8"))}
    models = made.by_judge["gpt-4-turbo"]["models"]
    for model in ("gemma-7b-it", "vicuna-13b-v1.5"):
        assert models[model]["raw"]["value"] * 100 == pytest.approx(published[model], abs=1e-9)
    with pytest.raises(JudgeAuditError, match="nobody"):
        scores(tmp_path / "run", tmp_path / "out2", judges=["nobody"])
