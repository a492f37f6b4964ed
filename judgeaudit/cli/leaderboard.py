"""``judgeaudit leaderboard``: every judge of several run directories in one ranked table."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("leaderboard")
@click.argument("run_dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports/leaderboard"),
    show_default=True,
    help="Where to write leaderboard.html, leaderboard.csv and leaderboard.json.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the rank intervals.")
def leaderboard_cmd(run_dirs: tuple[Path, ...], out: Path, seed: int) -> None:
    """One row per judge of RUN_DIRS (single- or multi-judge), the headline biases with intervals and ranks."""
    from judgeaudit.leaderboard import build
    from judgeaudit.report.leaderboard_html import write_leaderboard

    board = build(list(run_dirs), out, seed=seed)
    if not board.rows:
        raise click.UsageError("no judge found in the run directories")
    paths = write_leaderboard(board, out)
    click.echo(
        f"{len(board.rows)} judges on {len(board.batteries)} batteries; {len(board.columns)} columns"
        + (
            f" ({sum(board.mixed.values())} span several batteries: ranks within battery)"
            if any(board.mixed.values())
            else ""
        )
    )
    for p in paths:
        if p.name in ("leaderboard.html", "leaderboard.csv", "leaderboard.json"):
            click.echo(str(p))


COMMANDS = [leaderboard_cmd]
