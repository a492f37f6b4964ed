from __future__ import annotations

from pathlib import Path

from judgeaudit import probe
from judgeaudit.judges.options import JudgeOptions
from judgeaudit.pages.html import build_context
from judgeaudit.runner.plan import SuiteSelection


def test_a_grader_run_ends_in_a_report_with_the_grader_sections_gated_by_the_grader_policy(tmp_path: Path) -> None:
    out = tmp_path / "run"
    probe(JudgeOptions("simulated-grader"), SuiteSelection(suites=("graders-starter",), limit=12), out=out, cache=False)
    context = build_context(out)
    assert context["policy"]["name"] == "graders"
    html = (out / "report.html").read_text(encoding="utf-8")
    for title in (
        "Grader: known answers",
        "Grader: override text",
        "Grader: criterion polarity",
        "Grader: padding",
        "Grader: scale and rubric order",
        "Grader: natural length",
        "Grader: self-preference",
    ):
        assert title in html
