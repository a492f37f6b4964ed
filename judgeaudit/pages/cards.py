"""One judge's verdict cards, content-blind warning and power table, as the report and each judge's view show them."""

from __future__ import annotations

from judgeaudit.gate import CheckResult
from judgeaudit.metrics import MetricInfo, fmt_ci, fmt_value, info, lookup, pct, section
from judgeaudit.metrics.diagnosis import content_blind_slot
from judgeaudit.metrics.words import Metrics
from judgeaudit.pages import svg
from judgeaudit.pages.views import Card, PowerRow

CONTENT_BLIND_TEXT = (
    "This judge picks the {slot} slot regardless of content; its verdicts carry no information about quality."
)


def _strip_domain(meta: MetricInfo | None, r: CheckResult) -> tuple[float, float]:
    if meta is not None and meta.kind == "rate":
        return 0.0, 1.0
    xs = [r.value, r.threshold, *(r.ci or [])]
    if r.check.bound == "abs" and r.threshold is not None:
        xs.append(-r.threshold)
    cap = 1.0 if meta is not None and meta.kind in ("diff", "signed") else None
    return svg.symmetric_range(*xs, cap=cap)


def card(r: CheckResult, metrics: Metrics | None) -> Card:
    """What one verdict card shows."""
    meta = info(r.check.metric)
    axis = r.check.metric.split(".", 1)[0]
    home = section(axis)
    axis_title = (
        "Reliability"
        if r.check.metric.endswith((".extraction_success_rate", ".n_unparsed"))
        else home.title
        if home
        else axis
    )
    est = lookup(metrics, r.check.metric)
    fmt = (lambda x: pct(x, 0)) if meta is not None and meta.kind == "rate" else (lambda x: svg._num(x))
    strip = None
    if r.value is not None:
        strip = svg.interval_strip(
            r.value,
            r.ci,
            r.threshold,
            r.check.bound,
            _strip_domain(meta, r),
            fmt=fmt,
            op=r.check.op,
            label=f"{r.check.title}: estimate {fmt_value(meta, r.value)}, "
            f"95% interval {fmt_ci(meta, r.ci)}, policy: {r.check.rule()}",
        )
    return {
        "status": r.status,
        "axis": axis_title,
        "title": r.check.title,
        "metric": r.check.metric,
        "value": fmt_value(meta, r.value) if r.value is not None else None,
        "ci": fmt_ci(meta, r.ci) if r.ci else None,
        "n": r.n,
        "unit": r.unit,
        "rule": r.check.rule(),
        "why": r.check.why,
        "words": r.words,
        "reason": r.reason,
        "more_pairs": r.more_pairs_needed,
        "more_units": r.more_units_needed,
        "mde": fmt_value(meta, r.mde).lstrip("+") if r.mde is not None else None,
        "strip": strip,
        "p_value": r.p_value_holm if r.p_value_holm is not None else r.p_value,
        "p_kind": "Holm-adjusted p" if r.p_value_holm is not None else "p",
        "note": est.get("note") if isinstance(est, dict) and r.value is None else None,
    }


def content_blind(metrics: Metrics | None) -> str | None:
    """The plain warning for a judge that picks one slot whatever the content, or None."""
    slot = content_blind_slot(metrics)
    return None if slot is None else CONTENT_BLIND_TEXT.format(slot=slot)


def power_rows(metrics: Metrics | None) -> list[PowerRow]:
    power = (metrics or {}).get("power")
    if not isinstance(power, dict):
        return []
    out: list[PowerRow] = []
    for key, label in (("consistency", "consistency"), ("primacy_share", "primacy share")):
        e = power.get(key)
        if isinstance(e, dict):
            out.append(
                {
                    "label": label,
                    "n": e.get("n"),
                    "mde": e.get("mde"),
                    "target": e.get("target_effect"),
                    "needed": e.get("pairs_needed", e.get("needed")),
                    "enough": e.get("enough"),
                }
            )
    return out


# --- manifest ---------------------------------------------------------------------------------------------
