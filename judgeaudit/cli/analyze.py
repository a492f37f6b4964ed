"""``judgeaudit analyze``: metrics and report from judgments alone, no model."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from judgeaudit.cli.summary import print_summary


def resolve_run(path: Path) -> tuple[Path, Path]:
    """(judgments.jsonl, run directory) from a run directory or a judgments file."""
    if path.is_dir():
        return path / "judgments.jsonl", path
    return path, path.parent


@click.command("analyze")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write metrics.json and report.html (default: the run directory, or beside the file).")
@click.option("--judge-family", default=None, help="Family of the judge (for self-preference), if not in the rows.")
@click.option("--seed", type=int, default=0, show_default=True, help="Bootstrap seed.")
@click.option("--mde", type=float, default=None, help="Also say how many pairs detect this effect at 80% power.")
def analyze_cmd(path: Path, out: Path | None, judge_family: str | None, seed: int, mde: float | None) -> None:
    """Recompute metrics.json and report.html from a judgments.jsonl or a run directory."""
    from judgeaudit.judgments import read_judgments
    from judgeaudit.manifest import utc_now, versions
    from judgeaudit.run import render, write_json
    from judgeaudit.stats import compute_metrics

    jpath, run_dir = resolve_run(path)
    out = out or run_dir
    out.mkdir(parents=True, exist_ok=True)
    read = read_judgments(jpath)
    for problem in read.problems[:20]:
        click.echo(f"skipped: {problem}", err=True)
    if len(read.problems) > 20:
        click.echo(f"skipped: ... and {len(read.problems) - 20} more", err=True)
    df = read.frame
    family = judge_family or (df["judge_family"].dropna().iloc[0] if df["judge_family"].notna().any() else None)
    metrics = compute_metrics(df, judge_family=family, seed=seed)
    if mde is not None:
        from judgeaudit.stats.power import pairs_needed

        metrics.setdefault("power", {})["requested_mde"] = {"effect": mde, "pairs_needed": pairs_needed(mde)}
    write_json(out / "metrics.json", metrics)
    manifest_path = run_dir / "manifest.json"
    if out != run_dir and manifest_path.exists():
        shutil.copy(manifest_path, out / "manifest.json")
    if out != run_dir or not (out / "judgments.jsonl").exists():
        if jpath.resolve() != (out / "judgments.jsonl").resolve():
            shutil.copy(jpath, out / "judgments.jsonl")
    import json

    manifest = json.loads((out / "manifest.json").read_text()) if (out / "manifest.json").exists() else {
        "judge": ", ".join(sorted(df["judge"].dropna().unique())), "judge_family": family, "mode": "recorded",
        "source": str(jpath), "analyzed": utc_now(), "versions": versions()}
    manifest["problems"] = [str(p) for p in read.problems]
    manifest["n_judgments"] = len(df)
    manifest["n_unparsed"] = int((df["mode"].isin(["pairwise", "listwise"]) & df["winner"].isna()).sum()
                                 + ((df["mode"] == "score") & df["score"].isna()).sum())
    write_json(out / "manifest.json", manifest)
    render(out)
    print_summary(manifest, metrics, out)


COMMANDS = [analyze_cmd]
