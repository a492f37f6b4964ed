"""compare.html: the judges side by side, self-contained and escaped like report.html."""

from __future__ import annotations

from typing import TypedDict

from markupsafe import Markup

from judgeaudit.metrics import MetricInfo, fmt_ci, fmt_value, info, section
from judgeaudit.pages import svg
from judgeaudit.pages.html import environment
from judgeaudit.ranking.compare import CompareResult, KeptEstimate


class AxisPlot(TypedDict):
    """One axis's headline metric per judge, as the comparison page draws it."""

    title: str
    label: str
    svg: Markup


def _plots(result: CompareResult) -> list[AxisPlot]:
    plots: list[AxisPlot] = []
    for axis in result.axes.values():
        path = axis.get("metric")
        if not path:
            continue
        row = next(r for r in result.rows if r.path == path)
        meta = info(path)
        rows = []
        for j in result.judges:
            e = row.estimates.get(j.name)
            ci: list[float] | list[None] = (e["ci"] if e else None) or [None, None]
            note = (
                ""
                if e is None
                else f"{fmt_value(meta, e['value'])} {fmt_ci(meta, e.get('ci'))}".replace("no interval", "")
            )
            rows.append(
                svg.Row(
                    j.name + (" (best)" if row.best == j.name else ""),
                    None if e is None else e["value"],
                    ci[0],
                    ci[1],
                    note or "not measured",
                )
            )
        if meta is not None and meta.kind == "rate":
            dom, fmt = (0.0, 1.0), svg._pct
        else:
            dom = svg.symmetric_range(
                *[v for r in rows for v in (r.value, r.lo, r.hi)],
                cap=1.0 if meta is not None and meta.kind in ("diff", "signed") else None,
            )
            fmt = svg._num
        refs = [(meta.ideal, "no bias")] if meta is not None and meta.ideal is not None else []
        plots.append(
            {
                "title": axis["title"],
                "label": row.label,
                "svg": svg.forest(rows, dom, refs=refs, fmt=fmt, label=f"{row.label} per judge with 95% intervals"),
            }
        )
    return plots


def render_compare(result: CompareResult) -> str:
    """The comparison page as one HTML string."""

    def cell(e: KeptEstimate | None, meta: MetricInfo | None) -> str:
        if e is None:
            return "not measured"
        text = fmt_value(meta, e["value"])
        if e.get("ci"):
            text += f" {fmt_ci(meta, e['ci'])}"
        return text

    table = []
    for r in result.rows:
        meta = info(r.path)
        tests = {t.other: t for t in r.tests}
        cells = []
        for j in result.judges:
            t = tests.get(j.name)
            e = r.estimates.get(j.name)
            cells.append(
                {
                    "text": cell(e, meta),
                    "n": None if e is None else e.get("n"),
                    "best": r.best == j.name,
                    "p": None if t is None or t.p_value_holm is None else t.p_value_holm,
                    "significant": None if t is None else t.significant,
                    "overlap": None if t is None else t.ci_overlap,
                }
            )
        home, meta = section(r.axis), info(r.path)
        table.append(
            {
                "label": r.label,
                "path": r.path,
                "axis": home.title if home else r.axis,
                "cells": cells,
                "better": meta.better_words() if meta else r.better,
            }
        )
    return (
        environment()
        .get_template("compare.html.j2")
        .render(
            title="judgeaudit comparison: " + ", ".join(j.name for j in result.judges),
            judges=result.judges,
            axes=result.axes,
            table=table,
            plots=_plots(result),
            method=result.method,
        )
    )
