"""The plot of each report section, as inline SVG (None where the section has no data to plot).

Each function reads the whole metrics.json dict, so a plot may draw on a neighbour's numbers; a malformed
node gives no plot rather than an error (the caller catches what slips through).
"""

from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup

from judgeaudit.metrics import fmt_ci, fmt_num, fmt_value, info, interval, lookup, metric_paths, pct, read_estimate
from judgeaudit.metrics.words import Metrics
from judgeaudit.pages import svg


def fmt_p(p: Any) -> str | None:
    """A p-value for a table: ``0.012``, ``< 0.001``, or None when there is none."""
    if not isinstance(p, (int, float)) or not math.isfinite(p):
        return None
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def cell(node: Any, rate: bool = True) -> str:
    """``71% [60%, 80%]`` for a rate estimate node (``0.81 [0.52, 1.00]`` otherwise); ``n/a`` without a value."""
    est = read_estimate(node) if isinstance(node, dict) else None
    if est is None:
        return "n/a"
    show = pct if rate else fmt_num
    ci = interval(est)
    return f"{show(est['value'])} [{show(ci[0])}, {show(ci[1])}]" if ci else show(est["value"])


def pair(ci: Any) -> list[Any]:
    """An interval as [lo, hi], or [None, None] when the node has none."""
    return list(ci) if isinstance(ci, (list, tuple)) and len(ci) == 2 else [None, None]


def as_dict(x: Any) -> dict[str, Any]:
    """A node that should be a dict, or an empty one: a malformed section shows less, it does not fail."""
    return x if isinstance(x, dict) else {}


def _row(metrics: Metrics, path: str, label: str | None = None) -> svg.Row | None:
    node = lookup(metrics, path)
    if not isinstance(node, dict):
        return None
    meta = info(path)
    ci = pair(node.get("ci"))
    v = node.get("value")
    note = f"{fmt_value(meta, v)} {fmt_ci(meta, ci)} n={node.get('n')}" if isinstance(v, (int, float)) else ""
    return svg.Row(label or (meta.label if meta else path), v, ci[0], ci[1], note.replace("no interval", ""))


def _rows(metrics: Metrics, paths: list[str]) -> list[svg.Row]:
    return [r for r in (_row(metrics, p) for p in paths) if r is not None]


def section_plot(metrics: Metrics, key: str) -> Markup | None:
    """The plot of a section that has none of its own: each of its estimates with its 95% interval, on one axis
    (rates from 0 to 100%, anything else centred on 0), a dashed line at each no-bias value."""
    metas = [m for m in (info(p) for p in metric_paths(key, metrics)) if m is not None and m.kind != "count"]
    rows = _rows(metrics, [m.path for m in metas])
    if not rows:
        return None
    rates = all(m.kind == "rate" for m in metas)
    domain = (0.0, 1.0) if rates else svg.symmetric_range(*[v for r in rows for v in (r.value, r.lo, r.hi)])
    refs = sorted({(m.ideal, "no bias") for m in metas if m.ideal is not None})
    return svg.forest(
        rows,
        domain,
        refs=refs,
        fmt=svg._pct if rates else svg._num,
        label=f"{key.replace('_', ' ')} metrics with 95% intervals",
        axis_label="rate" if rates else "",
    )


def position_plot(metrics: Metrics) -> Markup | None:
    rows = _rows(
        metrics,
        [
            "position.consistency",
            "position.accuracy_both_orders",
            "position.accuracy_single",
            "position.first_slot_rate",
            "position.primacy_share",
            "position.repetition_stability",
        ],
    )
    if not rows:
        return None
    return svg.forest(
        rows,
        (0.0, 1.0),
        refs=[(0.5, "50% = no lean to a slot")],
        fmt=svg._pct,
        label="Position metrics with 95% intervals",
        axis_label="rate",
    )


def dose_plot(metrics: Metrics) -> Markup | None:
    curve = lookup(metrics, "verbosity.dose_curve")
    if not isinstance(curve, list) or not curve:
        return None
    flip, control = svg.Series("worse answer padded (flip rate)"), svg.Series("better answer padded (control)")
    for point in curve:
        if not isinstance(point, dict) or not isinstance(point.get("pad_ratio"), (int, float)):
            continue
        for series, key in ((flip, "flip_rate"), (control, "control_rate")):
            est = point.get(key)
            if isinstance(est, dict) and isinstance(est.get("value"), (int, float)):
                ci = pair(est.get("ci"))
                series.points.append((float(point["pad_ratio"]), est["value"], ci[0], ci[1]))
    curves = [s for s in (flip, control) if s.points]
    if not curves:
        return None
    return svg.line_ci(
        curves,
        x_label="padding added (× original length)",
        y_label="verdicts moved to padded answer",
        label="Padding dose-response: share of verdicts that moved to the padded answer by padding size",
        x_fmt=lambda x: f"{x:g}×",
    )


def family_plot(metrics: Metrics) -> Markup | None:
    fm = lookup(metrics, "self_preference.family_matrix")
    if not isinstance(fm, dict) or not isinstance(fm.get("win_rate"), dict) or not fm["win_rate"]:
        return None
    table = fm["win_rate"]
    rows = [str(r) for r in (fm.get("judges") or fm.get("judge_families") or sorted(table))]
    fam_of: dict[str, Any] = fm["judge_family"] if isinstance(fm.get("judge_family"), dict) else {}
    cols = [
        str(c)
        for c in (fm.get("response_families") or sorted({c for v in table.values() if isinstance(v, dict) for c in v}))
    ]
    cells = {}
    for r in rows:
        for c in cols:
            est = (table.get(r) or {}).get(c)
            if isinstance(est, dict):
                ci = pair(est.get("ci"))
                cells[(r, c)] = svg.Cell(
                    est.get("value"), ci[0], ci[1], est.get("n"), "own" if fam_of.get(r, r) == c else ""
                )
    return svg.heatmap(
        rows,
        cols,
        cells,
        row_title="judge",
        col_title="response family",
        label="Win rate of each response family under each judge",
    )


def score_rank_plot(metrics: Metrics) -> Markup | None:
    rows = _rows(
        metrics,
        [
            "score_vs_rank.rank_accuracy",
            "score_vs_rank.score_accuracy",
            "score_vs_rank.agreement",
            "score_vs_rank.score_tie_rate",
            "score_vs_rank.transitivity_violations",
        ],
    )
    if not rows:
        return None
    return svg.forest(
        rows, (0.0, 1.0), fmt=svg._pct, label="Score versus rank metrics with 95% intervals", axis_label="rate"
    )


def reliability_plot(metrics: Metrics) -> Markup | None:
    bins = lookup(metrics, "calibration.reliability")
    if not isinstance(bins, list) or not bins:
        return None
    pts = []
    for b in bins:
        if (
            isinstance(b, dict)
            and isinstance(b.get("confidence"), (int, float))
            and isinstance(b.get("accuracy"), (int, float))
        ):
            ci = pair(b.get("ci"))
            pts.append((b["confidence"], b["accuracy"], ci[0], ci[1], b.get("n")))
    if not pts:
        return None
    return svg.reliability(pts, label="Reliability diagram: accuracy against stated confidence")


def joint_plot(metrics: Metrics) -> Markup | None:
    coef = lookup(metrics, "joint.coefficients")
    if not isinstance(coef, dict):
        return None
    rows = [
        r
        for r in (_row(metrics, f"joint.coefficients.{k}", k.replace("_", " ")) for k in coef if k != "intercept")
        if r is not None
    ]
    if not rows:
        return None
    return _log_odds_forest(rows, "Joint model: each bias as a log-odds effect with 95% intervals")


def _log_odds_forest(rows: list[svg.Row], label: str) -> Markup:
    """Log-odds effects with their intervals on a range symmetric about 0 (no effect)."""
    dom = svg.symmetric_range(*[v for r in rows for v in (r.lo, r.hi, r.value)], floor=0.5)
    return svg.forest(
        rows,
        dom,
        refs=[(0.0, "0 = no effect")],
        fmt=lambda x: "0" if abs(x) < 1e-9 else f"{x:+.1f}",
        label=label,
        axis_label="log-odds",
    )


def judge_model_plot(metrics: Metrics) -> Markup | None:
    terms = ("discrimination", "slot", "length", "markdown", "own_family")
    rows = _rows(metrics, [f"judge_model.{t}" for t in terms])
    rows = [r for r in rows if r.value is not None]
    if not rows:
        return None
    return _log_odds_forest(rows, "Judge model: this judge's terms as log-odds with 95% intervals")


def _est_row(node: Any, label: str) -> svg.Row | None:
    """A forest row for a rate estimate node (value, interval, n), or None when it has no value."""
    est = read_estimate(node) if isinstance(node, dict) else None
    if est is None:
        return None
    ci = pair(est.get("ci"))
    return svg.Row(label, est["value"], ci[0], ci[1], f"{cell(est)} n={est.get('n')}")


def robustness_plot(metrics: Metrics) -> Markup | None:
    per = lookup(metrics, "robustness.per_template")
    if not isinstance(per, dict):
        return None
    base = lookup(metrics, "robustness.base_template")
    ordered = sorted(per, key=lambda t: (t != base, t))
    rows = [
        r
        for r in (
            _est_row(as_dict(per[t]).get("first_slot_rate"), f"{t} (own prompt)" if t == base else t) for t in ordered
        )
        if r is not None
    ]
    if not rows:
        return None
    return svg.forest(
        rows,
        (0.0, 1.0),
        refs=[(0.5, "50% = no lean to a slot")],
        fmt=svg._pct,
        label="First-slot rate under each prompt wording, with 95% intervals",
        axis_label="first-slot rate",
    )


def cues_plot(metrics: Metrics) -> Markup | None:
    ids = lookup(metrics, "cues.cue_ids")
    if not isinstance(ids, list):
        return None
    rows = []
    for cue in ids:
        for key, label in (("flip_rate", f"{cue}: cue"), ("flip_rate_neutral", f"{cue}: neutral insert")):
            row = _est_row(lookup(metrics, f"cues.{cue}.{key}"), label)
            if row is not None:
                rows.append(row)
    if not rows:
        return None
    return svg.forest(
        rows,
        (0.0, 1.0),
        fmt=svg._pct,
        axis_label="verdicts moved to the cued answer",
        label="Flip rate toward the cued answer under each cue and under its neutral insert, with 95% intervals",
    )


def listwise_plot(metrics: Metrics) -> Markup | None:
    shares = lookup(metrics, "listwise.slot_shares")
    if not isinstance(shares, list):
        return None
    rows = [r for r in (_est_row(s, f"slot {s.get('slot')}") for s in shares if isinstance(s, dict)) if r is not None]
    if not rows:
        return None
    k = lookup(metrics, "listwise.k")
    refs = [(1.0 / k, f"1/{k} = no lean")] if isinstance(k, int) and k > 0 else []
    return svg.forest(
        rows,
        (0.0, 1.0),
        refs=refs,
        fmt=svg._pct,
        axis_label="share of picks",
        label="Share of picks per slot with 95% intervals, each answer shown once in every slot",
    )


def arms_plot(metrics: Metrics, section: str) -> Markup | None:
    """Each treatment's pull net of its placebo (``target_shift``, else ``change_excess``), with intervals."""
    ids = lookup(metrics, f"{section}.perturbations")
    if not isinstance(ids, list):
        return None
    rows = []
    for pid in ids:
        for key, label in (("target_shift", pid), ("change_excess", f"{pid} (changes)")):
            node = lookup(metrics, f"{section}.{pid}.{key}")
            est = read_estimate(node) if isinstance(node, dict) else None
            if est is None:
                continue
            ci = pair(est.get("ci"))
            meta = info(f"{section}.{pid}.{key}")
            rows.append(
                svg.Row(
                    label,
                    est["value"],
                    ci[0],
                    ci[1],
                    f"{fmt_value(meta, est['value'])} {fmt_ci(meta, ci)} n={est.get('n')}",
                )
            )
            break
    if not rows:
        return None
    return svg.forest(
        rows,
        svg.symmetric_range(*(v for r in rows for v in (r.lo, r.hi)), cap=1.0),
        refs=[(0.0, "0 = no effect beyond the placebo")],
        fmt=svg._pct,
        axis_label="treatment minus placebo",
        label="Each treatment's pull net of its placebo, with 95% intervals",
    )


def agreement_plot(metrics: Metrics) -> Markup | None:
    """Kappa beside the raw agreement it corrects and the balanced accuracy, on one axis from -1 to 1."""
    paths = [
        "agreement.kappa",
        "agreement.observed_agreement",
        "agreement.balanced_accuracy",
        "agreement.score_kappa",
        "agreement.score_exact_agreement",
    ]
    rows = _rows(metrics, paths)
    if not rows:
        return None
    return svg.forest(
        rows,
        (-0.2, 1.0),
        refs=[(0.0, "0 = chance agreement (kappa)")],
        fmt=svg._num,
        label="Agreement with people, with 95% intervals",
        axis_label="kappa or share",
    )


def jury_plot(metrics: Metrics) -> Markup | None:
    """How often the members agree, and how often the jury had to declare a tie."""
    rows = _rows(metrics, ["jury.unanimous_share", "jury.declared_tie_share"])
    if not rows:
        return None
    return svg.forest(rows, (0.0, 1.0), refs=[], fmt=svg._pct, label="The jury's verdicts", axis_label="share")
