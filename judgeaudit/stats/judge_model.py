"""The judge_model section: the focal judge's terms in the one model of every judge (:mod:`.judgemodel`)."""

from __future__ import annotations

from judgeaudit.metrics.sections.judge_model import JudgeModelMetrics
from judgeaudit.stats.judgemodel.report import judge_model_metrics
from judgeaudit.stats.sections import SectionInput, section_stats
from judgeaudit.stats.third_party import judge_families


@section_stats("judge_model")
def judge_model_section(s: SectionInput) -> JudgeModelMetrics | None:
    """Left out (None) for a run of one judge; the judges' families from the rows, the options and the focal one."""
    fams = judge_families(s.all_rows, s.families)
    if s.judge_family is not None:
        fams[s.judge] = s.judge_family
    return judge_model_metrics(s.all_rows, s.judge, fams)
