"""Drift: a paired comparison of two runs on the same judgments finds a planted change and keeps its level."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from judgeaudit.stats.drift import drift, paired_mean
from judgeaudit.stats.simulate import simulate

OUTCOMES = ("accuracy", "first_slot", "longer", "consistency", "score")


def test_two_identical_runs_change_nothing_and_every_interval_holds_zero() -> None:
    a = simulate(40, seed=3, judge="v1", position=0.4, scores=True, unparsed_rate=0.05, tie_rate=0.1)
    r = drift(a, a.assign(judge="v2"))
    assert r["n_matched"] == len(a) and r["n_changed"] == 0 and r["changes"] == []
    assert r["changed"]["value"] == 0 and r["changed"]["ci"][0] == 0 < r["changed"]["ci"][1]
    for name, e in r["differences"].items():
        assert e["value"] == 0 and e["ci"][0] < 0 < e["ci"][1], name  # never a zero-width interval


def test_a_planted_position_bias_and_a_planted_loss_of_skill_are_found() -> None:
    a = simulate(150, seed=1, judge="v1", position=0.0, gold=1.5)
    b = simulate(150, seed=1, judge="v2", position=1.2, gold=0.5)
    d = drift(a, b)["differences"]
    assert d["first_slot"]["ci"][0] > 0 and d["first_slot"]["p_value"] < 0.01
    assert d["accuracy"]["ci"][1] < 0 and d["consistency"]["ci"][1] < 0


def test_a_planted_score_shift_is_found() -> None:
    a = simulate(80, seed=2, judge="v1", scores=True, score_noise=0.5)
    b = a.copy()
    b["judge"] = "v2"
    scored = b["mode"] == "score"
    b.loc[scored, "score"] = np.minimum(b.loc[scored, "score"] + (np.arange(scored.sum()) % 3 == 0), 10)
    e = drift(a, b)["differences"]["score"]
    assert 0.2 < e["value"] < 0.45 and e["ci"][0] > 0


@pytest.mark.slow
def test_two_versions_of_one_judge_keep_the_nominal_level() -> None:
    # the same judge (same biases, same skill) drawn twice on the same items: any difference is noise
    trials, hits = 60, dict.fromkeys(OUTCOMES, 0)
    for seed in range(trials):
        kw = dict(seed=seed, position=0.5, length=0.3, gold=1.0, tie_rate=0.05, scores=True)
        r = drift(simulate(50, judge="v1", **kw), simulate(50, judge="v2", **kw))["differences"]
        for name in OUTCOMES:
            hits[name] += not (r[name]["ci"][0] <= 0 <= r[name]["ci"][1])
    assert all(h <= 8 for h in hits.values()), hits  # 5% of 60 is 3; 8 or more: p < 0.02 at a 5% level


def test_runs_with_no_judgment_in_common_say_so() -> None:
    a = simulate(5, seed=1, judge="v1")
    b = simulate(5, seed=2, judge="v2").assign(item_id=lambda f: "other-" + f["item_id"])
    r = drift(a, b)
    assert r["n_matched"] == 0 and "share no judgment" in r["note"]
    assert r["n_only_a"] == len(a) and r["n_only_b"] == len(b)


def test_paired_mean_edges() -> None:
    units = np.array(["i1", "i1", "i2"], dtype=object)
    assert paired_mean(units[:0], np.array([]))["value"] is None
    flat = paired_mean(units, np.zeros(3), spread=4)
    assert flat["value"] == 0 and flat["ci"][0] < 0 < flat["ci"][1]
    one = paired_mean(np.array(["i1", "i1"], dtype=object), np.array([1.0, 2.0]))
    assert one["value"] is None and "one item" in one["note"]


def test_only_the_matched_judgments_are_compared() -> None:
    a = simulate(30, seed=4, judge="v1")
    b = pd.concat(
        [
            simulate(30, seed=4, judge="v2").iloc[:40],
            simulate(3, seed=9, judge="v2").assign(item_id=lambda f: "new-" + f["item_id"]),
        ]
    )
    r = drift(a, b)
    assert r["n_matched"] == 40 and r["n_only_a"] == len(a) - 40 and r["n_only_b"] == len(b) - 40
