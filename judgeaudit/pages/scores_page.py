"""scores.html: the answering models' win rates per judge, raw and corrected, self-contained and escaped."""

from __future__ import annotations

from typing import Any

from judgeaudit.pages import svg
from judgeaudit.pages.html import environment

KINDS = {"raw": "raw", "position_balanced": "position-balanced", "controlled": "length/style-controlled"}


def _cell(e: dict[str, Any] | None) -> str:
    if not e or e.get("value") is None:
        return "n/a" + (f": {e['note']}" if e and e.get("note") else "")
    ci = e.get("ci")
    return f"{100 * e['value']:.1f}%" + (f" [{100 * ci[0]:.1f}, {100 * ci[1]:.1f}]" if ci else "")


def render_scores(result: dict[str, Any]) -> str:
    """The scores page as one HTML string."""
    judges = []
    for judge, res in result["by_judge"].items():
        ranking = res.get("ranking", {})
        order = ranking.get("order", list(res["models"]))
        rows, plot_rows = [], []
        for model in order:
            entry = res["models"][model]
            r = ranking.get("ranks", {}).get(model, {})
            rows.append(
                {
                    "model": model,
                    "rank": f"{r['rank']} ({r['ci'][0]}–{r['ci'][1]})" if r else "",
                    "cells": [_cell(entry.get(k)) for k in KINDS],
                    "n": (entry.get("raw") or {}).get("n"),
                }
            )
            for k, label in KINDS.items():
                e = entry.get(k) or {}
                ci = e.get("ci") or [None, None]
                plot_rows.append(svg.Row(f"{model}, {label}", e.get("value"), ci[0], ci[1], _cell(e)))
        coefs = [
            {"name": k, "text": f"{e['value']:+.2f} [{e['ci'][0]:+.2f}, {e['ci'][1]:+.2f}]", "p": e.get("p_value")}
            for k, e in res.get("coefficients", {}).items()
        ]
        plot = svg.forest(plot_rows, (0.0, 1.0), refs=[(0.5, "even")], fmt=svg._pct, label=f"{judge}: win rates")
        judges.append(
            {"name": judge, "res": res, "rows": rows, "coefs": coefs, "plot": plot, "basis": ranking.get("basis")}
        )
    taus = [
        {"pair": k, "text": _tau(e), "models": ", ".join(e.get("models", [])), "n": e.get("n")}
        for k, e in result.get("ranking_agreement", {}).items()
    ]
    return (
        environment()
        .get_template("scores.html.j2")
        .render(
            title="judgeaudit model scores: " + str(result["run_dir"]),
            run_dir=result["run_dir"],
            judges=judges,
            kinds=list(KINDS.values()),
            taus=taus,
        )
    )


def _tau(e: dict[str, Any]) -> str:
    if e.get("value") is None:
        return "n/a: " + str(e.get("note"))
    return f"{e['value']:+.2f} [{e['ci'][0]:+.2f}, {e['ci'][1]:+.2f}]"
