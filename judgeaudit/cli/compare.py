"""``judgeaudit compare``: judges side by side in one report and one table."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("compare")
@click.argument("run_dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("reports/compare"), show_default=True
)
@click.option(
    "--judge",
    "judge_names",
    multiple=True,
    metavar="NAME",
    help="Compare only these judges (repeatable); a multi-judge run brings all its judges otherwise.",
)
@click.option(
    "--paired/--unpaired",
    default=None,
    help="Also compare RUN_A and RUN_B paired on the judgments both gave (drift.html, drift.csv, drift.json): "
    "changed verdicts, McNemar and paired intervals. Default: paired when two single-judge runs hold the same "
    "judgments.",
)
@click.option(
    "--metric-boot",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    metavar="N",
    help="With --paired, also B − A for every metric both judges give, from N item-bootstrap resamples of the "
    "shared items (drift_metrics.csv; 200 is a good N; each resample recomputes every metric twice).",
)
def compare_cmd(
    run_dirs: tuple[Path, ...], out: Path, judge_names: tuple[str, ...], paired: bool | None, metric_boot: int
) -> None:
    """Compare run directories: compare.html, compare.csv and compare.json in --out (and drift.* when paired)."""
    from judgeaudit import compare  # deferred: `judgeaudit --help` loads no verb

    try:
        paths = compare(run_dirs, out, judge_names, paired=paired, metric_boot=metric_boot)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    for p in paths:
        click.echo(str(p))


COMMANDS = [compare_cmd]
