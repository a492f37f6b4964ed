"""drift.html: one judge against another on the same judgments (paired), self-contained and escaped."""

from __future__ import annotations

from typing import Any

from judgeaudit.pages import svg
from judgeaudit.pages.html import environment
from judgeaudit.ranking.drift import DriftResult

# B − A for each paired outcome: its label, and whether it is a share (else a score difference)
OUTCOMES: dict[str, tuple[str, bool]] = {
    "readable": ("Readable verdicts", True),
    "accuracy": ("Accuracy against gold", True),
    "first_slot": ("Picks the first slot", True),
    "tie": ("Says tie", True),
    "longer": ("Picks the longer answer", True),
    "consistency": ("Same winner in both orders (per pair)", True),
    "score": ("Mean score", False),
    "pass_rate": ("Pass rate (graders)", True),
    "grade_accuracy": ("Right verdicts on known answers (graders)", True),
}
SHOWN_CHANGES = 500


def _fmt(v: float | None, share: bool) -> str:
    if v is None:
        return "n/a"
    return f"{v * 100:+.1f} pp" if share else f"{v:+.2f}"


def rows(result: DriftResult) -> list[dict[str, Any]]:
    """One line per paired outcome (also the CSV's summary lines)."""
    out = []
    for key, (label, share) in OUTCOMES.items():
        e = result.drift.get("differences", {}).get(key)
        if not e:
            continue
        ci = e.get("ci") or [None, None]
        rates = e.get("rates") or [None, None]
        out.append(
            {
                "outcome": key,
                "label": label,
                "a": None if rates[1] is None else rates[1],
                "b": None if rates[0] is None else rates[0],
                "difference": e.get("value"),
                "ci_lo": ci[0],
                "ci_hi": ci[1],
                "p_value": e.get("p_value"),
                "n": e.get("n"),
                "n_items": e.get("n_items"),
                "discordant": e.get("discordant"),
                "note": e.get("note"),
                "text": _fmt(e.get("value"), share)
                + ("" if ci[0] is None else f" [{_fmt(ci[0], share)}, {_fmt(ci[1], share)}]"),
                "share": share,
            }
        )
    return out


def render_drift(result: DriftResult) -> str:
    """The drift page as one HTML string."""
    lines = rows(result)
    shares = [r for r in lines if r["share"] and r["difference"] is not None and r["ci_lo"] is not None]
    plot = None
    if shares:
        pts = [svg.Row(r["label"], r["difference"], r["ci_lo"], r["ci_hi"], r["text"]) for r in shares]
        dom = svg.symmetric_range(*[v for r in pts for v in (r.value, r.lo, r.hi)], cap=1.0)
        plot = svg.forest(pts, dom, refs=[(0.0, "no change")], fmt=svg._num, label="B − A with 95% intervals")
    changes = result.drift.get("changes", [])
    return (
        environment()
        .get_template("drift.html.j2")
        .render(
            title=f"judgeaudit drift: {result.judge_a} → {result.judge_b}",
            r=result,
            d=result.drift,
            lines=lines,
            plot=plot,
            changes=changes[:SHOWN_CHANGES],
            n_hidden=max(0, len(changes) - SHOWN_CHANGES),
        )
    )
