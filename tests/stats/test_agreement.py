"""Agreement with people: kappa equals the reference implementations, recovers a planted kappa, keeps its
level where there is none and its coverage at the edges; Krippendorff's alpha reproduces the textbook values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from judgeaudit.contracts.judgments import frame_from_rows
from judgeaudit.importers import import_judgments
from judgeaudit.stats import compute_metrics
from judgeaudit.stats.agreement import agreement_metrics, balanced_accuracy, kappa_estimate, kappa_value
from judgeaudit.stats.krippendorff import alpha_estimate
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.simulate_graders import simulate_grades, true_kappa
from tests.support.paths import SHARED_DATA

sklearn_metrics = pytest.importorskip("sklearn.metrics")
LLMBAR = SHARED_DATA / "llmbar" / "LLMBar"


@pytest.fixture(scope="module")
def llmbar() -> pd.DataFrame:
    if not LLMBAR.exists():
        pytest.skip("shared LLMBar data not present")
    return prepare(frame_from_rows(import_judgments("llmbar", [LLMBAR]).rows))[0]


def test_kappa_equals_scikit_learn_on_llmbar_to_1e_12(llmbar: pd.DataFrame) -> None:
    for judge, rows in llmbar.groupby("judge"):
        sel = rows[(rows["mode"] == "pairwise") & (rows["variant"] == "original") & rows["parsed"]]
        sel = sel[sel["label"].isin(["a", "b"])]
        ours = agreement_metrics(rows)["kappa"]
        ref = sklearn_metrics.cohen_kappa_score(sel["label"], sel["winner"])
        assert abs(ours["value"] - ref) < 1e-12, judge
        assert ours["n"] == len(sel)
        bal = agreement_metrics(rows)["balanced_accuracy"]["value"]
        assert abs(bal - sklearn_metrics.balanced_accuracy_score(sel["label"], sel["winner"])) < 1e-12


def test_weighted_kappa_equals_scikit_learn_and_statsmodels_on_llmbar_ratings(llmbar: pd.DataFrame) -> None:
    from statsmodels.stats.inter_rater import cohens_kappa

    scores = llmbar[(llmbar["mode"] == "score") & llmbar["parsed"]]
    wide = scores.pivot_table(index=["unit", "response"], columns="judge", values="score", aggfunc="first").dropna()
    g, s = wide["gpt-4"].to_numpy(float), wide["gpt-3.5-turbo"].to_numpy(float)
    cats = [float(c) for c in range(int(min(g.min(), s.min())), int(max(g.max(), s.max())) + 1)]
    units = [u for u, _ in wide.index]
    ours = kappa_estimate(units, g.tolist(), s.tolist(), cats, "quadratic")
    ref = sklearn_metrics.cohen_kappa_score(g, s, labels=cats, weights="quadratic")
    assert abs(ours["value"] - ref) < 1e-12
    table = pd.crosstab(pd.Categorical(g, cats), pd.Categorical(s, cats), dropna=False).to_numpy()
    assert abs(ours["value"] - cohens_kappa(table, wt="quadratic").kappa) < 1e-12
    assert (
        abs(kappa_value(g, s, cats, "linear") - sklearn_metrics.cohen_kappa_score(g, s, labels=cats, weights="linear"))
        < 1e-12
    )


def test_krippendorff_alpha_reproduces_the_textbook_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 coders, 12 units
    data = {
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    }
    table = pd.DataFrame(
        [
            {"cluster": u, "unit": u, "coder": c, "value": float(v)}
            for c, vals in data.items()
            for u, v in enumerate(vals)
            if v is not None
        ]
    )
    assert round(alpha_estimate(table, "nominal", n_boot=50)["value"], 3) == 0.743
    assert round(alpha_estimate(table, "ordinal", n_boot=50)["value"], 3) == 0.815
    assert round(alpha_estimate(table, "interval", n_boot=50)["value"], 3) == 0.849


def _covers(est: dict, truth: float) -> bool:
    lo, hi = est["ci"]
    return lo <= truth <= hi


@pytest.mark.parametrize(
    ("gold", "judge", "accuracy", "n", "answers", "corr"),
    [
        ((0.5, 0.5), None, 0.6, 120, 1, 0.0),  # a planted kappa of 0.6
        ((0.9, 0.1), (0.7, 0.3), 0.4, 150, 2, 0.6),  # skewed labels, two correlated answers per item
        ((0.2, 0.3, 0.5), None, 0.95, 25, 1, 0.0),  # near 1, few items
    ],
)
def test_kappa_recovers_a_planted_kappa_with_its_coverage(
    gold: tuple[float, ...], judge: tuple[float, ...] | None, accuracy: float, n: int, answers: int, corr: float
) -> None:
    truth = true_kappa(accuracy, gold, judge or gold)
    values, covered = [], 0
    sims = 200
    for seed in range(sims):
        rows = simulate_grades(
            n, gold_shares=gold, judge_shares=judge, accuracy=accuracy, answers=answers, item_corr=corr, seed=seed
        )
        cats = [float(c) for c in range(len(gold))]
        est = kappa_estimate(rows["item_id"], rows["gold_score"].tolist(), rows["score"].tolist(), cats)
        if est["value"] is None:
            continue
        values.append(est["value"])
        covered += _covers(est, truth)
    assert abs(np.mean(values) - truth) < 0.05
    # 200 draws: a 95% interval covering less than ~90% would be rejected at p < 0.001
    assert covered / sims >= 0.9, covered / sims


def test_kappa_keeps_its_false_positive_rate_where_the_grader_guesses() -> None:
    # a grader that never looks (accuracy 0) has kappa 0 whatever the prevalence: its interval holds 0 ~95%
    excluded = 0
    for seed in range(300):
        rows = simulate_grades(80, gold_shares=(0.8, 0.2), judge_shares=(0.8, 0.2), accuracy=0.0, seed=seed)
        est = kappa_estimate(rows["item_id"], rows["gold_score"].tolist(), rows["score"].tolist(), [0.0, 1.0])
        excluded += not _covers(est, 0.0)
    assert excluded / 300 <= 0.09, excluded / 300


def test_raw_agreement_flatters_a_blind_grader_on_skewed_labels_and_kappa_does_not() -> None:
    rows = simulate_grades(400, gold_shares=(0.1, 0.9), judge_shares=(0.0, 1.0), accuracy=0.0, seed=1)
    df, _ = prepare(frame_from_rows(rows.to_dict("records")))
    section = agreement_metrics(df)
    assert section["score_exact_agreement"]["value"] > 0.85  # "always pass" agrees with 90% "pass" labels
    assert section["score_kappa"]["value"] == 0.0  # and knows nothing
    assert section["score_balanced_accuracy"]["value"] == 0.5


def test_perfect_agreement_keeps_an_interval_of_some_width() -> None:
    gold = ["a", "b"] * 10
    est = kappa_estimate(range(20), gold, gold, ["a", "b"])
    assert est["value"] == 1.0
    lo, hi = est["ci"]
    assert hi == 1.0 and lo < 0.95
    bal = balanced_accuracy(range(20), gold, gold)
    assert bal["ci"][0] < 1.0


def test_one_category_everywhere_is_not_estimable_and_says_why() -> None:
    est = kappa_estimate(range(5), ["a"] * 5, ["a"] * 5, ["a"])
    assert est["value"] is None and "chance agreement is total" in est["note"]


def test_the_section_counts_ties_and_unread_verdicts_in_the_confusion_matrix() -> None:
    rows = [
        {
            "judge": "j",
            "probe": "recorded",
            "item_id": f"i{i}",
            "variant": "original",
            "mode": "pairwise",
            "order": "ab",
            "winner": w,
            "label": lab,
        }
        for i, (w, lab) in enumerate([("a", "a"), ("b", "a"), ("tie", "b"), (None, "b"), ("b", "b")])
    ]
    m = compute_metrics(frame_from_rows(rows), n_boot=20)
    conf = m["agreement"]["confusion"]
    assert conf["cols"] == ["a", "b", "tie", "unread"]
    assert conf["counts"] == [[1, 1, 0, 0], [0, 1, 1, 1]]
    assert m["agreement"]["n_unparsed"] == 1
    assert m["agreement"]["kappa"]["n"] == 4
    assert math.isclose(m["agreement"]["observed_agreement"]["value"], 0.5)


def test_a_run_without_people_has_no_agreement_key() -> None:
    rows = [
        {
            "judge": "j",
            "probe": "recorded",
            "item_id": "i",
            "variant": "original",
            "mode": "pairwise",
            "order": "ab",
            "winner": "a",
        }
    ]
    assert "agreement" not in compute_metrics(frame_from_rows(rows), n_boot=20)


def test_panel_alpha_across_llmbar_judges_and_gold(llmbar: pd.DataFrame) -> None:
    natural = llmbar[llmbar["unit"].str.startswith("llmbar/Natural/")]
    m = compute_metrics(natural, n_boot=200)
    panel = m["panel"]
    assert panel["judges"] == ["gpt-3.5-turbo", "gpt-4", "llama-2-70b-chat"]
    a = panel["alpha_judges"]
    assert a["n_items"] == 100 and a["n_coders"] == 3 and a["ci"][0] < a["value"] < a["ci"][1]
    assert panel["alpha_with_people"]["people"] == ["gold"]
