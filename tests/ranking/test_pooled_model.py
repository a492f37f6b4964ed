"""Judges of one battery run one run each: the leaderboard fits the joint model over their pooled judgments."""

from __future__ import annotations

from pathlib import Path

from judgeaudit.ranking.leaderboard import build
from tests.support.runs import judge, write_run


def test_separately_run_judges_get_joint_model_cells_that_tell_their_slot_biases_apart(tmp_path: Path) -> None:
    fair = write_run(tmp_path / "fair", judge("fair", seed=5, n=120))
    primacy = write_run(tmp_path / "primacy", judge("primacy", seed=5, n=120, position=1.5))
    board = build([fair, primacy], tmp_path / "lb")
    slot = {r.judge: r.cells["judge_model.slot"] for r in board.rows}
    assert slot["fair"].ci and slot["fair"].ci[0] < 0 < slot["fair"].ci[1]  # type: ignore[operator]
    assert slot["primacy"].ci and slot["primacy"].ci[0] > 0  # type: ignore[operator]
    assert slot["fair"].rank == 1 and slot["primacy"].rank == 2
    assert all("judge_model.discrimination" in r.cells for r in board.rows)


def test_a_judge_alone_on_its_battery_gets_no_joint_model_cells(tmp_path: Path) -> None:
    one = write_run(tmp_path / "one", judge("one", seed=1, n=120))
    other = write_run(tmp_path / "other", judge("other", seed=2, n=80))
    board = build([one, other], tmp_path / "lb")
    assert not any(p.startswith("judge_model.") for r in board.rows for p in r.cells)
