"""``judgeaudit compare``: judges side by side in one report and one table."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("compare")
@click.argument("run_dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("reports/compare"),
              show_default=True)
def compare_cmd(run_dirs: tuple[Path, ...], out: Path) -> None:
    """Compare run directories: compare.html, compare.csv and compare.json in --out."""
    from judgeaudit.compare import compare_runs, write_compare

    if len(run_dirs) < 2:
        raise click.UsageError("compare needs at least two run directories")
    result = compare_runs(list(run_dirs))
    paths = write_compare(result, out)
    for p in paths if isinstance(paths, (list, tuple)) else [paths]:
        click.echo(str(p))


COMMANDS = [compare_cmd]
