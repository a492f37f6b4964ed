"""The summary table printed at the end of ``probe`` and ``analyze``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from judgeaudit.diagnosis import content_blind_slot
from judgeaudit.metrics import CATALOG, MetricInfo, lookup, read_estimate


def fmt(node: Any, pct: bool = False) -> str:
    """``0.71 [0.62, 0.79] n=120 p=0.003`` from a metrics.json estimate node."""
    est = read_estimate(node)
    value = None if est is None else est["value"]
    if est is None or value is None:
        return "n/a"
    scale, unit = (100.0, "%") if pct else (1.0, "")
    ci = est.get("ci") or [None, None]
    lo, hi = ("?" if c is None else f"{c * scale:.2f}{unit}" for c in ci)
    s = f"{value * scale:.2f}{unit} [{lo}, {hi}] n={est.get('n')}"
    if est.get("p_value") is not None:
        s += f" p={est['p_value']:.3g}"
    return s


def summary_metrics() -> list[MetricInfo]:
    """The metrics the summary prints, in the catalogue's ``summary_rank`` order."""
    return sorted((m for m in CATALOG.values() if m.summary_rank is not None), key=lambda m: m.summary_rank or 0)


def print_summary(manifest: dict[str, Any], metrics: dict[str, Any] | None, run_dir: Path) -> None:
    c = manifest.get("counters", {})
    click.echo("")
    click.echo(f"judge        {manifest.get('judge')} ({manifest.get('judge_family')}), "
               f"{manifest.get('mode')} mode, backend {manifest.get('backend', {}).get('backend')}")
    click.echo(f"judgments    {manifest.get('n_judgments')}, unparsed {manifest.get('n_unparsed')}; "
               f"{c.get('unique_requests', 0)} model calls ({c.get('cache_misses', 0)} computed, "
               f"{c.get('cache_hits', 0)} from cache), wall {manifest.get('wall_s')} s")
    if metrics:
        click.echo("metric                                      estimate [95% CI] n")
        for meta in summary_metrics():
            node = lookup(metrics, meta.path)
            if node is not None:
                click.echo(f"  {meta.summary_label:<42}{fmt(node)}")
        if content_blind_slot(metrics):
            click.echo("\nWARNING: this judge picks the same slot whatever the content: its verdicts carry no "
                       "information about quality (extreme position bias, chance accuracy).")
    report = run_dir / "report.html"
    click.echo(f"\nrun directory {run_dir}")
    if report.exists():
        click.echo(f"report        {report}")
