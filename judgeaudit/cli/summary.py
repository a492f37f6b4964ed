"""The summary table printed at the end of ``probe`` and ``analyze``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from judgeaudit.diagnosis import content_blind_slot


def fmt(est: Any, pct: bool = False) -> str:
    """``0.71 [0.62, 0.79] n=120 p=0.003`` from a metrics estimate object."""
    if not isinstance(est, dict) or est.get("value") is None:
        return "n/a"
    scale, unit = (100.0, "%") if pct else (1.0, "")
    ci = est.get("ci") or [None, None]
    lo, hi = ("?" if c is None else f"{c * scale:.2f}{unit}" for c in ci)
    s = f"{est['value'] * scale:.2f}{unit} [{lo}, {hi}] n={est.get('n')}"
    if est.get("p_value") is not None:
        s += f" p={est['p_value']:.3g}"
    return s


ROWS = [
    ("position", "consistency", "consistency (same verdict both orders)"),
    ("position", "primacy_share", "primacy_share (first slot, among flips)"),
    ("position", "preference_fairness", "preference_fairness (<0 primacy)"),
    ("position", "first_slot_rate", "first_slot_rate"),
    ("position", "accuracy_single", "accuracy_single (vs gold)"),
    ("position", "accuracy_both_orders", "accuracy_both_orders"),
    ("verbosity", "prefer_longer_rate", "prefer_longer_rate"),
    ("verbosity", "padding_flip_rate", "padding_flip_rate"),
    ("verbosity", "padding_control_rate", "padding_control_rate"),
    ("verbosity", "length_coef", "length_coef (logit)"),
    ("self_preference", "eo_gap", "self_preference eo_gap"),
    ("score_vs_rank", "rank_accuracy", "rank_accuracy"),
    ("score_vs_rank", "score_accuracy", "score_accuracy"),
    ("score_vs_rank", "score_tie_rate", "score_tie_rate"),
]


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
        for section, key, label in ROWS:
            est = (metrics.get(section) or {}).get(key)
            if est is not None:
                click.echo(f"  {label:<42}{fmt(est)}")
        if content_blind_slot(metrics):
            click.echo("\nWARNING: this judge picks the same slot whatever the content: its verdicts carry no "
                       "information about quality (extreme position bias, chance accuracy).")
    report = run_dir / "report.html"
    click.echo(f"\nrun directory {run_dir}")
    if report.exists():
        click.echo(f"report        {report}")
