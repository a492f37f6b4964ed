"""Grader self-preference against third-party graders, and score_vs_rank on single-answer grades."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from judgeaudit.contracts.items import Item
from judgeaudit.contracts.judgments import frame_from_rows
from judgeaudit.judges import load_judge
from judgeaudit.stats.grader_self_preference import self_preference_metrics
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.score_vs_rank import score_vs_rank_metrics
from tests.support.graders import answers, graded, grader, varied_answers
from tests.support.runner import judge_items
from tests.support.simulated import QUIET

FAMILIES = ("fa", "fb", "fc", "fd")


def panel_raw(bonus: float = 1.0, n: int = 80) -> list[dict[str, Any]]:
    """Four graders of four families (leniences 1.0-1.9) grade the same answers, four families in turn;
    the grader of ``fa`` adds ``bonus`` to its own family's answers."""
    items = varied_answers(n, families=FAMILIES)
    raw: list[dict[str, Any]] = []
    for j, fam in enumerate(FAMILIES):
        planted = {"grade_lenience": 1.0 + 0.3 * j, **({"grade_own_family": bonus} if fam == "fa" else {})}
        judge = load_judge("simulated", family=fam, options={**QUIET, **planted})
        rows = graded(judge, items, "grader_known")[1]
        raw += [{**r, "judge": f"g-{fam}"} for r in rows]
    return raw


def panel(bonus: float = 1.0, n: int = 80) -> pd.DataFrame:
    return prepare(frame_from_rows(panel_raw(bonus, n)))[0]


def test_a_planted_own_family_bonus_is_found_and_the_unbiased_graders_are_not() -> None:
    rows = panel()
    found = self_preference_metrics(rows, "g-fa")
    assert found is not None and found["third_party_graders"] == ["g-fb", "g-fc", "g-fd"]
    assert found["excess_score"]["value"] > 0.05 and found["excess_score"]["p_value"] < 0.01
    for fam in FAMILIES[1:]:  # more lenient than the others, but no own-family bonus: not flagged
        other = self_preference_metrics(rows, f"g-{fam}")
        assert other is not None and other["excess_score"]["p_value"] > 0.05, fam


def test_one_grader_is_not_estimable_and_says_why() -> None:
    m = self_preference_metrics(graded(grader(), varied_answers(8, families=FAMILIES), "grader_known")[0], "simulated")
    assert m is not None and m["excess_score"]["value"] is None
    assert "multi-grader run" in m["excess_score"]["note"]


def test_score_vs_rank_reads_single_answer_grades_of_the_ranked_answers() -> None:
    ans = answers(24)  # each known-wrong answer asked the question of the known-good one before it
    ans = [a if i % 2 == 0 else replace(a, instruction=ans[i - 1].instruction) for i, a in enumerate(ans)]
    pairs = [
        Item(id=f"p{i}", instruction=good.instruction, response_a=good.response, response_b=bad.response, label="a")
        for i, (good, bad) in enumerate(zip(ans[0::2], ans[1::2]))
    ]
    judge = grader(gold=1.5)
    raw = judge_items(judge, pairs, "position")[0] + judge_items(judge, ans, "grader_known")[0]
    m = score_vs_rank_metrics(prepare(frame_from_rows(raw))[0], n_boot=200)
    assert m is not None and m["n_score_pairs"] == 12
    assert m["agreement"]["value"] is not None and m["score_accuracy"]["n"] == 12
    only = score_vs_rank_metrics(graded(judge, ans, "grader_known")[0], n_boot=200)
    assert only is not None and only["agreement"]["value"] is None and "judged pairwise" in only["agreement"]["note"]


def test_a_run_of_several_graders_is_analysed_per_grader_with_self_preference() -> None:
    from judgeaudit.stats import compute_metrics

    # a multi-judge run of single-answer grades only: no pairwise verdict for the panel's agreement (was a crash)
    metrics = compute_metrics(frame_from_rows(panel_raw(n=24)), n_boot=50)
    by_judge = metrics["by_judge"]
    assert set(by_judge) == {f"g-{f}" for f in FAMILIES}
    assert by_judge["g-fa"]["grader_self_preference"]["excess_score"]["value"] is not None
