"""``judgeaudit scores``: the answering models' win rates from a run's pairwise verdicts, corrected for the
judge's slot, length and markdown preferences: scores.html, scores.csv and scores.json.

The estimators are :mod:`judgeaudit.stats.model_scores`; this verb reads the run, scores every judge's
verdicts (or the ones named) and, with several judges, how far their model rankings agree.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.contracts.rundir import RunDir
from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.atomic import replace_file
from judgeaudit.io.csvsafe import write_csv
from judgeaudit.pages.scores_page import render_scores
from judgeaudit.stats.model_scores import ModelScores, ScoresResult, TauEstimate, model_scores, ranking_agreement

KINDS: tuple[Literal["raw", "position_balanced", "controlled"], ...] = ("raw", "position_balanced", "controlled")


@dataclass
class ScoresOutcome:
    """Per judge the models' scores, across judges the rankings' agreement, and the files written."""

    by_judge: dict[str, ModelScores]
    agreement: dict[str, TauEstimate]
    paths: list[Path]


def _csv_rows(by_judge: dict[str, ModelScores]) -> list[dict[str, str | float | None]]:
    """scores.csv: one row per judge and model, each kind's value, interval and n, then the rank."""
    out = []
    for judge, res in by_judge.items():
        ranking = res.get("ranking")
        ranks = ranking["ranks"] if ranking else {}
        for model, entry in res["models"].items():
            row: dict[str, str | float | None] = {"judge": judge, "model": model}
            for kind in KINDS:
                e: Estimate = entry.get(kind) or {}
                ci = e.get("ci") or [None, None]
                row.update(
                    {kind: e.get("value"), f"{kind}_ci_lo": ci[0], f"{kind}_ci_hi": ci[1], f"{kind}_n": e.get("n")}
                )
            r = ranks.get(model)
            row.update(
                {"rank": r["rank"], "rank_lo": r["ci"][0], "rank_hi": r["ci"][1]}
                if r
                else {"rank": None, "rank_lo": None, "rank_hi": None}
            )
            out.append(row)
    return out


def scores(
    run_dir: str | Path, out: str | Path = "reports/scores", *, judges: Sequence[str] = (), seed: int = 0
) -> ScoresOutcome:
    """Score the answering models of ``run_dir`` per judge (``judgeaudit scores``) and write the three files.

    Raises:
        JudgeAuditError: a named judge not in the run, or no pairwise judgment naming both answers' models.
    """
    frame = RunDir.at(run_dir).judgments().frame
    present = sorted({str(j) for j in frame["judge"].dropna()})
    missing = [j for j in judges if j not in present]
    if missing:
        raise JudgeAuditError(f"--judge {', '.join(missing)}: not a judge of {run_dir} (judges: {', '.join(present)})")
    chosen = list(judges) or present
    frames = {j: frame.loc[frame["judge"] == j] for j in chosen}
    by_judge = {j: model_scores(f, seed=seed) for j, f in frames.items()}
    if not any(r["models"] for r in by_judge.values()):
        raise JudgeAuditError(f"{run_dir}: no read pairwise judgment names both answers' models (model_a and model_b)")
    agreement = ranking_agreement(frames, seed=seed) if len(frames) > 1 else {}
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "scores.html", out / "scores.csv", out / "scores.json"]
    result: ScoresResult = {"run_dir": str(run_dir), "by_judge": by_judge, "ranking_agreement": agreement}
    replace_file(paths[0], render_scores(result))
    rows = _csv_rows(by_judge)
    write_csv(paths[1], rows, list(rows[0]) if rows else ["judge", "model"])
    replace_file(paths[2], json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n")
    return ScoresOutcome(by_judge, agreement, paths)
