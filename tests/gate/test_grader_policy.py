from __future__ import annotations

from judgeaudit.contracts.judgments import frame_from_rows
from judgeaudit.gate.checks import evaluate
from judgeaudit.gate.policy import load_policy
from judgeaudit.stats import compute_metrics
from tests.support.graders import answers, graded, grader

PROBES = ("grader_known", "grader_override", "grader_polarity", "grader_padding")


def _statuses(**planted: float) -> dict[str, str]:
    _, rows = graded(grader(**planted), answers(80), *PROBES)
    metrics = compute_metrics(frame_from_rows(rows), n_boot=100)
    return {r.metric: r.status for r in evaluate(metrics, load_policy("graders"))}


def test_the_grader_policy_fails_a_grader_that_obeys_overrides_and_ignores_negations() -> None:
    bad = _statuses(grade_override=3.0, grade_negation=1.0, grade_padding=2.0)
    assert bad["grader_override.excess_pass_rate"] == "FAIL"
    assert bad["grader_polarity.violation_rate"] == "FAIL"
    assert bad["grader_padding.score_shift"] == "FAIL"
    good = _statuses()
    assert good["grader_known.balanced_accuracy"] == "PASS" and good["grader_polarity.violation_rate"] == "PASS"
    assert "FAIL" not in good.values()


def test_the_grader_policy_gates_rubric_order_length_and_skips_self_preference_for_one_grader() -> None:
    from tests.support.graders import varied_answers

    def results(**planted: float) -> dict[str, object]:
        _, rows = graded(grader(**planted), varied_answers(60), "grader_known", "grader_scale")
        metrics = compute_metrics(frame_from_rows(rows), n_boot=100)
        return {r.metric: r for r in evaluate(metrics, load_policy("graders"))}

    bad = results(**{"grade_shift:grader-rubric5-reversed": 2.0, "grade_length": 4.0})
    assert bad["grader_scale.order_shift"].status == "FAIL"  # type: ignore[attr-defined]
    # a pass/fail grader's slope saturates near +0.2: past the threshold, FAIL or (after Holm) INCONCLUSIVE, never PASS
    assert bad["grader_length.slope"].status in ("FAIL", "INCONCLUSIVE")  # type: ignore[attr-defined]
    assert bad["grader_length.slope"].value > 0.1  # type: ignore[attr-defined]
    good = results()
    assert good["grader_scale.scale_agreement"].status == "PASS"  # type: ignore[attr-defined]
    assert good["grader_scale.order_shift"].status != "FAIL" and good["grader_length.slope"].status != "FAIL"  # type: ignore[attr-defined]
    own = good["grader_self_preference.excess_score"]
    assert own.status == "SKIPPED" and "multi-grader run" in own.reason  # type: ignore[attr-defined]
