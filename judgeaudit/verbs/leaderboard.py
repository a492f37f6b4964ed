"""``judgeaudit leaderboard``: every judge of several run directories in one ranked table.

The table is built by :mod:`judgeaudit.ranking.leaderboard`; this verb writes leaderboard.html (one page
per sort order), leaderboard.csv and leaderboard.json into one directory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from judgeaudit.errors import JudgeAuditError
from judgeaudit.pages.leaderboard_html import write_leaderboard
from judgeaudit.ranking.leaderboard import Leaderboard, build


@dataclass
class LeaderboardOutcome:
    """The board and the files written."""

    board: Leaderboard
    paths: list[Path]


def leaderboard(run_dirs: Sequence[str | Path], out: str | Path, *, seed: int = 0) -> LeaderboardOutcome:
    """Rank every judge of ``run_dirs`` within its battery and write the board into ``out``.

    Every run directory is read and checked (its judgments place each judge on a battery; its metrics
    must hold finite numbers) before any file is written, and the files are replaced as one set.

    Raises:
        JudgeAuditError: no judge in the run directories, or a negative ``seed``.
        InputError: a run without judgments, a judge it holds no judgment of, a metric that is not a
            finite number, or an ``out`` that cannot be written.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise JudgeAuditError(f"--seed {seed!r}: must be an integer >= 0 (the rank intervals' random seed)")
    out = Path(out)
    board = build([Path(p) for p in run_dirs], out, seed=seed)
    if not board.rows:
        raise JudgeAuditError("no judge found in the run directories")
    return LeaderboardOutcome(board, write_leaderboard(board, out))
