"""``judgeaudit leaderboard``: every judge of several run directories in one ranked table."""

from __future__ import annotations

from pathlib import Path

import click

from judgeaudit.errors import JudgeAuditError


@click.command("leaderboard")
@click.argument("run_dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports/leaderboard"),
    show_default=True,
    help="Where to write leaderboard.html, leaderboard.csv and leaderboard.json.",
)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Seed of the rank intervals.")
def leaderboard_cmd(run_dirs: tuple[Path, ...], out: Path, seed: int) -> None:
    """One row per judge of RUN_DIRS (single- or multi-judge), the headline biases with intervals and ranks."""
    from judgeaudit import leaderboard  # deferred: `judgeaudit --help` loads no verb

    try:
        made = leaderboard(run_dirs, out, seed=seed)
    except JudgeAuditError as exc:
        raise click.UsageError(str(exc)) from None
    board = made.board
    mixed = sum(board.mixed.values())
    click.echo(
        f"{len(board.rows)} judges on {len(board.batteries)} batteries; {len(board.columns)} columns"
        + (f" ({mixed} span several batteries: ranks within battery)" if mixed else "")
    )
    for p in made.paths:
        if p.name in ("leaderboard.html", "leaderboard.csv", "leaderboard.json"):
            click.echo(str(p))


COMMANDS = [leaderboard_cmd]
