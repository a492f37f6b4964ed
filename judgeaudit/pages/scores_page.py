"""scores.html: the answering models' win rates per judge, raw and corrected, self-contained and escaped."""

from __future__ import annotations

from typing import Literal

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.pages import svg
from judgeaudit.pages.html import environment
from judgeaudit.stats.model_scores import ScoresResult, TauEstimate

KINDS: dict[Literal["raw", "position_balanced", "controlled"], str] = {
    "raw": "raw",
    "position_balanced": "position-balanced",
    "controlled": "length/style-controlled",
}


def _cell(e: Estimate | None) -> str:
    value = e.get("value") if e else None
    if not e or value is None:
        return "n/a" + (f": {e['note']}" if e and e.get("note") else "")
    ci = e.get("ci")
    return f"{100 * value:.1f}%" + (f" [{_pct1(ci[0])}, {_pct1(ci[1])}]" if ci else "")


def _pct1(x: float | None) -> str:
    """An interval end as a percentage with one decimal (a missing end fails, as it always did)."""
    if x is None:
        raise TypeError("an interval end is missing")
    return f"{100 * x:.1f}"


def render_scores(result: ScoresResult) -> str:
    """The scores page as one HTML string."""
    judges = []
    for judge, res in result["by_judge"].items():
        ranking = res.get("ranking")
        models = res.get("models", {})
        order = ranking["order"] if ranking else list(models)
        rows, plot_rows = [], []
        for model in order:
            entry = models[model]
            r = ranking["ranks"].get(model) if ranking else None
            rows.append(
                {
                    "model": model,
                    "rank": f"{r['rank']} ({r['ci'][0]}–{r['ci'][1]})" if r else "",
                    "cells": [_cell(entry.get(k)) for k in KINDS],
                    "n": (entry.get("raw") or {}).get("n"),
                }
            )
            for k, label in KINDS.items():
                e: Estimate = entry.get(k) or {}
                ci = e.get("ci") or [None, None]
                plot_rows.append(svg.Row(f"{model}, {label}", e.get("value"), ci[0], ci[1], _cell(e)))
        coefs = [{"name": k, "text": _signed(e), "p": e.get("p_value")} for k, e in res.get("coefficients", {}).items()]
        plot = svg.forest(plot_rows, (0.0, 1.0), refs=[(0.5, "even")], fmt=svg._pct, label=f"{judge}: win rates")
        judges.append(
            {
                "name": judge,
                "res": res,
                "rows": rows,
                "coefs": coefs,
                "plot": plot,
                "basis": ranking["basis"] if ranking else None,
            }
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


def _tau(e: TauEstimate) -> str:
    if e.get("value") is None:
        return "n/a: " + str(e.get("note"))
    return _signed(e)


def _signed(e: Estimate) -> str:
    """``+0.42 [+0.10, +0.70]``: a signed estimate with its interval."""
    ci = e.get("ci") or [None, None]
    return f"{e['value']:+.2f} [{ci[0]:+.2f}, {ci[1]:+.2f}]"
