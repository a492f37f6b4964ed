"""The joint logit: every bias as a partial effect, with a coding that says what +1 means."""

from __future__ import annotations

import numpy as np
import pandas as pd

from judgeaudit.stats.joint import joint_metrics
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.simulate import simulate


def joint(df: pd.DataFrame, **kw: object) -> dict:
    return joint_metrics(prepare(df)[0], **kw)


def test_every_fitted_term_is_explained_in_the_coding() -> None:
    j = joint(simulate(300, position=0.5, own_family=0.4), judge_family="fam0")
    assert set(j["coefficients"]) == {"intercept", "gold", "first_slot", "length", "same_family"}
    assert set(j["coefficients"]) <= set(j["coding"])
    assert j["n_items"] == 300 and j["length_scale"] > 0


def test_a_length_effect_is_not_mistaken_for_self_preference() -> None:
    # the judge's own family writes much longer answers, and the judge likes length, not its family
    df = simulate(1500, length=1.5, own_family=0.0, length_scale=300, seed=3)
    longer_is_own = df["len_a"] > df["len_b"]
    df["family_a"] = np.where(longer_is_own, "fam0", "fam1")
    df["family_b"] = np.where(longer_is_own, "fam1", "fam0")
    # redraw verdicts from the same model on these families: own_family is 0, so nothing changes
    j = joint(df, judge_family="fam0", length_scale=300)
    fam = j["coefficients"]["same_family"]
    assert fam["ci"][0] < 0.0 < fam["ci"][1] or fam["value"] is None
    assert j["coefficients"]["length"]["ci"][0] > 1.0


def test_without_a_judge_family_the_family_term_is_left_out() -> None:
    j = joint(simulate(100))
    assert "same_family" not in j["coefficients"]


def test_gold_is_dropped_when_no_item_has_gold() -> None:
    j = joint(simulate(200, gold_share=0.0, position=0.5))
    assert "gold" in j["dropped"] and "gold" not in j["coefficients"]
    assert j["coefficients"]["first_slot"]["value"] is not None


def test_a_content_blind_judge_is_flagged_not_given_a_huge_finite_coefficient() -> None:
    df = simulate(100)
    df["winner"] = np.where(df["order"] == "ab", "a", "b")  # always the first slot
    j = joint(df)
    assert j["note"] is not None
    first = j["coefficients"].get("first_slot")
    assert first is None or first["value"] is None


def test_cue_terms_enter_the_model_and_neutral_controls_do_not() -> None:
    df = simulate(300, position=0.3, seed=5)
    rng = np.random.default_rng(0)
    df["cue"] = rng.choice(["authority", "neutral:authority", None], size=len(df))
    df["cue_target"] = rng.choice(["a", "b"], size=len(df))
    j = joint(df)
    assert "cue_authority" in j["coefficients"]
    assert not any(t.startswith("cue_neutral") for t in j["coefficients"])
    assert "cue_<id>" in j["coding"]


def test_ties_are_left_out_of_the_fit_and_counted() -> None:
    j = joint(simulate(200, tie_rate=0.2, unparsed_rate=0.1))
    assert j["n_ties_excluded"] > 0 and j["n_unparsed"] > 0
    assert j["n"] == 400 - j["n_ties_excluded"] - j["n_unparsed"]
