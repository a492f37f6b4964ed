"""The summary table printed at the end of ``probe`` and ``analyze``."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from judgeaudit.metrics import CATALOG, MetricInfo, lookup, read_estimate
from judgeaudit.metrics.diagnosis import content_blind_slot
from judgeaudit.metrics.words import Metrics


def fmt(node: Any, pct: bool = False) -> str:
    """``0.71 [0.62, 0.79] n=120 p=0.003`` from a metrics.json estimate node."""
    est = read_estimate(node)
    value = None if est is None else est["value"]
    reason = why_not(node)
    if est is None or value is None:
        return f"n/a: {reason}" if reason else "n/a"
    scale, unit = (100.0, "%") if pct else (1.0, "")
    ci = est.get("ci") or [None, None]
    lo, hi = ("?" if c is None else f"{c * scale:.2f}{unit}" for c in ci)
    s = f"{value * scale:.2f}{unit} [{lo}, {hi}] n={est.get('n')}"
    if est.get("p_value") is not None:
        s += f" p={est['p_value']:.3g}"
    if reason:  # a caveat on a number that has one (e.g. judged in one order only)
        s += f" ({reason})"
    return s


def why_not(node: Any) -> str:
    """The first clause of an estimate's note: why it has no value, or its caveat (the full note is in metrics.json)."""
    note = node.get("note") if isinstance(node, dict) else None
    return note.split(" (")[0].split(": ")[0].split("; ")[0] if isinstance(note, str) else ""


def summary_metrics() -> list[MetricInfo]:
    """The metrics the summary prints, in the catalogue's ``summary_rank`` order."""
    return sorted((m for m in CATALOG.values() if m.summary_rank is not None), key=lambda m: m.summary_rank or 0)


def print_summary(manifest: dict[str, Any], metrics: Metrics | None, run_dir: Path) -> None:
    c = manifest.get("counters", {})
    click.echo("")
    click.echo(
        f"judge        {manifest.get('judge')}"
        + (f" ({manifest['judge_family']})" if manifest.get("judge_family") else "")
        + ", "
        f"{manifest.get('mode')} mode, backend {(manifest.get('backend') or {}).get('backend')}"
    )
    failed = manifest.get("n_backend_errors")
    errors = f", backend errors {failed} (calls that failed; left out of the metrics)" if failed else ""
    click.echo(
        f"judgments    {manifest.get('n_judgments')}, unparsed {manifest.get('n_unparsed')}{errors}; "
        f"{c.get('unique_requests', 0)} model calls ({c.get('cache_misses', 0)} computed, "
        f"{c.get('cache_hits', 0)} from cache)"
        + (f", wall {manifest['wall_s']} s" if manifest.get("wall_s") is not None else "")
    )
    by_judge = (metrics or {}).get("by_judge")
    if metrics and isinstance(by_judge, dict) and by_judge:
        print_side_by_side(by_judge)
    elif metrics:
        click.echo("metric                                      estimate [95% CI] n")
        for meta in summary_metrics():
            node = lookup(metrics, meta.path)
            if node is not None:
                click.echo(f"  {meta.summary_label:<42}{fmt(node)}")
        if content_blind_slot(metrics):
            click.echo(
                "\nWARNING: this judge picks the same slot whatever the content: its verdicts carry no "
                "information about quality (extreme position bias, chance accuracy)."
            )
        print_unknown_families({"": metrics})
    report = run_dir / "report.html"
    click.echo(f"\nrun directory {run_dir}")
    if report.exists():
        click.echo(f"report        {report}")


def _short(node: Any) -> str:
    """``0.71 [0.62, 0.79] n=120``: a cell of the side-by-side table."""
    est = read_estimate(node)
    if est is None or est["value"] is None:
        return "n/a"
    lo, hi = ("?" if c is None else f"{c:.2f}" for c in (est.get("ci") or [None, None]))
    return f"{est['value']:.2f} [{lo}, {hi}] n={est.get('n')}"


def print_side_by_side(by_judge: Mapping[str, Metrics]) -> None:
    """Every judge of a multi-judge run in one table: a column per judge, a row per metric measured."""
    judges = sorted(by_judge)
    table = []
    for meta in summary_metrics():
        cells = [_short(lookup(by_judge[j], meta.path)) for j in judges]
        if any(c != "n/a" for c in cells):
            table.append((meta.summary_label or meta.path, cells))
    width = max([len(j) for j in judges] + [len(c) for _, cells in table for c in cells]) + 2
    click.echo(f"{'metric':<44}" + "".join(f"{j:<{width}}" for j in judges))
    for label, cells in table:
        click.echo(f"  {label:<42}" + "".join(f"{c:<{width}}" for c in cells))
    blind = [j for j in judges if content_blind_slot(by_judge[j])]
    if blind:
        click.echo(
            f"\nWARNING: {', '.join(blind)} pick(s) the same slot whatever the content: those verdicts carry "
            "no information about quality."
        )
    print_unknown_families(by_judge)


def print_unknown_families(by_judge: Mapping[str, Metrics]) -> None:
    """Models and judges whose family is unknown, with the pairs each cost self-preference (once per run)."""
    seen: dict[tuple[str, str], int] = {}
    for metrics in by_judge.values():
        unknown = lookup(metrics, "self_preference.unknown_families") or {}
        for kind in ("models", "judges"):
            for name, n in (unknown.get(kind) or {}).items():
                seen[(kind[:-1], name)] = max(n, seen.get((kind[:-1], name), 0))
    if not seen:
        return
    click.echo("\nunknown family (left out of self-preference; declare with --family NAME=FAMILY):")
    for (kind, name), n in sorted(seen.items()):
        click.echo(f"  {kind} {name}: {n} pairs")
