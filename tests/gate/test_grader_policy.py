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
