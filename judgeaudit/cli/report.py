"""``judgeaudit report``: re-render report.html of a run directory."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("report")
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--policy",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Policy whose thresholds the report's verdict cards use (default policy otherwise).",
)
def report_cmd(run_dir: Path, policy: Path | None) -> None:
    """Re-render RUN_DIR/report.html from its judgments, metrics and manifest."""
    from judgeaudit import report  # deferred: `judgeaudit --help` loads no verb

    click.echo(str(report(run_dir, policy)))


COMMANDS = [report_cmd]
