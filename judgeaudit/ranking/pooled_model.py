"""The joint judge model across run directories: judges of one battery that were run separately.

A multi-judge run carries its ``judge_model`` section in metrics.json. Judges of the same battery that were
probed one run each (the local judges on the default battery, say) have no such section: each run holds one
judge, and the model's point is to measure every judge's slot, discrimination, tie and style terms apart
from the answers' quality, which takes the other judges of the same items. The leaderboard therefore pools
the judgments of every judge of a battery that lacks the section and fits the one model over them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from judgeaudit.contracts.rundir import RunDir
from judgeaudit.stats.judgemodel.report import judge_model_metrics
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.third_party import judge_families

SECTION = "judge_model"


def pooled_sections(
    members: Sequence[tuple[str, str, str | None]],
) -> dict[str, Mapping[str, object]]:
    """Judge → its ``judge_model`` section, fitted over the pooled judgments of ``members``.

    Args:
        members: (judge, run directory, family) of each judge of one battery, each from its own run.

    Returns:
        An empty dict where the pool cannot hold a model: fewer than two judges, or a judge named twice.
    """
    names = [m[0] for m in members]
    if len(set(names)) < 2 or len(set(names)) != len(names):
        return {}
    frames = []
    for judge, run_dir, _ in members:
        frame, _ = prepare(RunDir(Path(run_dir)).judgments().frame)
        frames.append(frame.loc[frame["judge"].astype(str) == judge])
    pooled = pd.concat(frames, ignore_index=True)
    fams = judge_families(pooled, {judge: family for judge, _, family in members})
    out: dict[str, Mapping[str, object]] = {}
    for judge in names:
        section = judge_model_metrics(pooled, judge, fams, placebo=False)
        if section is not None:
            out[judge] = dict(section)
    return out
