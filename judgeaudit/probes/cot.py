"""Chain of thought: the judge asked to reason before its verdict vs asked for the verdict directly.

CALM's chain-of-thought bias: whether a verdict depends on being asked to reason first. Both arms use a
prompt of their own, of nearly the same length (``generic-pairwise-cot``: reason, then ``[RESULT] A``;
``generic-pairwise-direct``: the same task, answer at once), so the control isolates the request to
reason from the prompt merely changing. The target is the gold-better answer, so ``target_shift`` is the
accuracy gained by reasoning. Reasoning needs generated text: the probe runs in generate mode only.
"""

from __future__ import annotations

from judgeaudit.contracts.items import Item
from judgeaudit.errors import JudgeAuditError
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.arms import gold_sides, treated_and_control
from judgeaudit.probes.base import Task, pair_tasks, probe

COT_FORMAT = "generic-pairwise-cot"
DIRECT_FORMAT = "generic-pairwise-direct"


@probe("chain_of_thought")
def chain_of_thought(
    judge: Judge,
    items: list[Item],
    *,
    suite: str,
    include_original: bool = True,
) -> list[Task]:
    """Per item: the original pair, and the pair under the reason-first and the answer-directly prompt.

    Args:
        judge: a judge in generate mode.
        items: the pairs (without gold, ``target_shift`` is not estimated; changes still are).
        suite: the suite name recorded in each row.
        include_original: judge the pair under the judge's own prompt too.
    """
    if judge.mode != "generate":
        raise JudgeAuditError(
            f"the chain_of_thought probe asks the judge to reason before its verdict, which needs generated "
            f"text; judge {judge.name!r} runs in {judge.mode} mode (run it with --mode generate)"
        )
    for fid in (COT_FORMAT, DIRECT_FORMAT):  # fail before any judging when a prompt does not fit this judge
        judge.pairwise_format(fid)
    tasks: list[Task] = []
    for item in items:
        sides = gold_sides(item)
        if include_original:
            tasks += pair_tasks(judge, item, probe_name="chain_of_thought", suite=suite)
        tasks += treated_and_control(
            judge,
            item,
            probe_name="chain_of_thought",
            suite=suite,
            bias="chain_of_thought",
            perturbation="chain_of_thought",
            target=sides[0] if sides else None,
            treated={},
            control={},
            treated_format=COT_FORMAT,
            control_format=DIRECT_FORMAT,
        )
    return tasks
