"""report.html: one self-contained file a busy engineer can act on, offline and by mail.

The page makes no network request: styles are inline, plots are inline SVG, there is no script, and a
Content-Security-Policy meta tag forbids anything else. Every model output and judge output on it is
untrusted text and goes through Jinja2's autoescaping.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from judgeaudit.diagnosis import content_blind_slot
from judgeaudit.errors import InputError
from judgeaudit.judgments import is_read
from judgeaudit.report import svg
from judgeaudit.report.catalog import (
    AXIS_TITLES,
    CATALOG,
    CUE_METRICS,
    SECTIONS,
    MetricInfo,
    fmt_ci,
    fmt_value,
    info,
    lookup,
    num,
    pct,
    sentence,
)
from judgeaudit.report.evidence import padded_wins, swap_flips
from judgeaudit.rundir import RunDir
from judgeaudit.vet import CheckResult, Policy, evaluate, load_policy, overall

T = TypeVar("T")

MAX_PROBLEMS_SHOWN = 200
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
CONTENT_BLIND_TEXT = ("This judge picks the {slot} slot regardless of content; its verdicts carry no "
                      "information about quality.")

ABSENT_REASONS = {
    "position": "needs pairwise judgments of the original pairs in both orders (the position probe).",
    "verbosity": "needs pairwise judgments with response lengths, and padded variants for the dose curve "
                 "(the verbosity probe).",
    "self_preference": "needs the model family of each response (family_a, family_b) and of the judge "
                       "(the family probe).",
    "score_vs_rank": "needs each response also scored on its own (score-mode judgments of the score_vs_rank probe).",
    "calibration": "needs verdict probabilities (p_a, from logprob mode) and gold labels.",
    "joint": "needs pairwise judgments with enough variation in slot, length and family to fit one model.",
}
# the sections of the probes beyond the classic biases are shown only where a run has them
OPTIONAL_SECTIONS = ("robustness", "cues", "listwise")


def environment() -> Environment:
    """The Jinja2 environment of the report and the comparison page (autoescape always on)."""
    env = Environment(loader=PackageLoader("judgeaudit.report", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = pct
    env.filters["thousands"] = lambda n: "n/a" if n is None else f"{int(n):,}"
    env.globals["CSP"] = CSP
    return env


def _read_json(path: Path, read: Callable[[], T], problems: list[str]) -> T | None:
    """A JSON file of the run, read by ``read``; missing or unreadable, it is a problem the page shows."""
    if not path.exists():
        problems.append(f"{path.name} is missing from the run directory")
        return None
    try:
        return read()
    except InputError as exc:
        problems.append(f"{path.name} could not be read: {exc.message}")
        return None


def _read_rows(run: RunDir, problems: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """Judgment rows as read (JSON types kept, unlike a DataFrame's) and the rows the contract left out."""
    if not run.judgments_path.exists():
        problems.append("judgments.jsonl is missing from the run directory: no examples can be shown")
        return [], []
    try:
        read = run.judgments()
    except InputError as exc:
        problems.append(f"judgments.jsonl could not be read: {exc.message}")
        return [], []
    return cast("list[dict[str, Any]]", read.rows), [str(p) for p in read.problems]


# --- the verdict ----------------------------------------------------------------------------------------

def _strip_domain(meta: MetricInfo | None, r: CheckResult) -> tuple[float, float]:
    if meta is not None and meta.kind == "rate":
        return 0.0, 1.0
    xs = [r.value, r.threshold, *(r.ci or [])]
    if r.check.bound == "abs" and r.threshold is not None:
        xs.append(-r.threshold)
    cap = 1.0 if meta is not None and meta.kind in ("diff", "signed") else None
    return svg.symmetric_range(*xs, cap=cap)


def card(r: CheckResult, metrics: dict[str, Any] | None) -> dict[str, Any]:
    """What one verdict card shows."""
    meta = info(r.check.metric)
    axis = r.check.metric.split(".", 1)[0]
    axis_title = ("Reliability" if r.check.metric.endswith((".extraction_success_rate", ".n_unparsed"))
                  else AXIS_TITLES.get(axis, axis))
    est = lookup(metrics, r.check.metric)
    fmt = (lambda x: pct(x, 0)) if meta is not None and meta.kind == "rate" else (lambda x: svg._num(x))
    strip = None
    if r.value is not None:
        strip = svg.interval_strip(r.value, r.ci, r.threshold, r.check.bound, _strip_domain(meta, r), fmt=fmt,
                                   op=r.check.op,
                                   label=f"{r.check.title}: estimate {fmt_value(meta, r.value)}, "
                                         f"95% interval {fmt_ci(meta, r.ci)}, policy: {r.check.rule()}")
    return {
        "status": r.status, "axis": axis_title, "title": r.check.title, "metric": r.check.metric,
        "value": fmt_value(meta, r.value) if r.value is not None else None,
        "ci": fmt_ci(meta, r.ci) if r.ci else None, "n": r.n, "unit": r.unit, "rule": r.check.rule(),
        "why": r.check.why, "words": r.words, "reason": r.reason, "more_pairs": r.more_pairs_needed,
        "more_units": r.more_units_needed, "strip": strip,
        "p_value": r.p_value_holm if r.p_value_holm is not None else r.p_value,
        "p_kind": "Holm-adjusted p" if r.p_value_holm is not None else "p",
        "note": est.get("note") if isinstance(est, dict) and r.value is None else None,
    }


def content_blind(metrics: dict[str, Any] | None) -> str | None:
    """The plain warning for a judge that picks one slot whatever the content, or None."""
    slot = content_blind_slot(metrics)
    return None if slot is None else CONTENT_BLIND_TEXT.format(slot=slot)


# --- sections ---------------------------------------------------------------------------------------------

def _fmt_p(p: Any) -> str | None:
    if not isinstance(p, (int, float)) or not math.isfinite(p):
        return None
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def metric_rows(metrics: dict[str, Any], section: str) -> list[dict[str, Any]]:
    """The catalogued estimates of one section, in catalogue order, as table rows."""
    rows = []
    paths = [p for p in CATALOG if p.startswith(section + ".") and not p.endswith(".n_unparsed")]
    if section == "cues":  # cue ids are data: one block of rows per cue the run has, control rows included
        ids = lookup(metrics, "cues.cue_ids")
        paths = [p for p in paths if p.count(".") == 1]
        paths += [f"cues.{c}.{m}" for c in (ids if isinstance(ids, list) else []) for m in CUE_METRICS]
    coef = lookup(metrics, "joint.coefficients") if section == "joint" else None
    if isinstance(coef, dict):
        paths += [f"joint.coefficients.{k}" for k in coef]
    for path in paths:
        node = lookup(metrics, path)
        if node is None:
            continue
        meta = info(path)
        if isinstance(node, dict):
            value = node.get("value")
            estimable = isinstance(value, (int, float))
            rows.append({
                "label": meta.label if meta else path, "path": path,
                "value": fmt_value(meta, value) if estimable else "n/a",
                "ci": fmt_ci(meta, node.get("ci")) if estimable else "",
                "n": node.get("n"), "p": _fmt_p(node.get("p_value")), "p_holm": _fmt_p(node.get("p_value_holm")),
                "words": sentence(path, node, metrics) if estimable else (node.get("note") or "not estimable"),
            })
        elif isinstance(node, (int, float)):
            rows.append({"label": meta.label if meta else path, "path": path, "value": fmt_value(meta, node),
                         "ci": "", "n": None, "p": None, "p_holm": None,
                         "words": sentence(path, {"value": node}, metrics)})
    return rows


def _pair(ci: Any) -> list[Any]:
    """An interval as [lo, hi], or [None, None] when the node has none."""
    return list(ci) if isinstance(ci, (list, tuple)) and len(ci) == 2 else [None, None]


def _dict(x: Any) -> dict[str, Any]:
    return x if isinstance(x, dict) else {}


def _row(metrics: dict[str, Any], path: str, label: str | None = None) -> svg.Row | None:
    node = lookup(metrics, path)
    if not isinstance(node, dict):
        return None
    meta = info(path)
    ci = _pair(node.get("ci"))
    v = node.get("value")
    note = f"{fmt_value(meta, v)} {fmt_ci(meta, ci)} n={node.get('n')}" if isinstance(v, (int, float)) else ""
    return svg.Row(label or (meta.label if meta else path), v, ci[0], ci[1], note.replace("no interval", ""))


def _rows(metrics: dict[str, Any], paths: list[str]) -> list[svg.Row]:
    return [r for r in (_row(metrics, p) for p in paths) if r is not None]


def position_plot(metrics: dict[str, Any]) -> Any:
    rows = _rows(metrics, ["position.consistency", "position.accuracy_both_orders", "position.accuracy_single",
                           "position.first_slot_rate", "position.primacy_share", "position.repetition_stability"])
    if not rows:
        return None
    return svg.forest(rows, (0.0, 1.0), refs=[(0.5, "50% = no lean to a slot")], fmt=svg._pct,
                      label="Position metrics with 95% intervals", axis_label="rate")


def dose_plot(metrics: dict[str, Any]) -> Any:
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
                ci = _pair(est.get("ci"))
                series.points.append((float(point["pad_ratio"]), est["value"], ci[0], ci[1]))
    curves = [s for s in (flip, control) if s.points]
    if not curves:
        return None
    return svg.line_ci(curves, x_label="padding added (× original length)", y_label="verdicts moved to padded answer",
                       label="Padding dose-response: share of verdicts that moved to the padded answer by padding size",
                       x_fmt=lambda x: f"{x:g}×")


def family_plot(metrics: dict[str, Any]) -> Any:
    fm = lookup(metrics, "self_preference.family_matrix")
    if not isinstance(fm, dict) or not isinstance(fm.get("win_rate"), dict) or not fm["win_rate"]:
        return None
    table = fm["win_rate"]
    rows = [str(r) for r in (fm.get("judge_families") or sorted(table))]
    cols = [str(c) for c in (fm.get("response_families")
                             or sorted({c for v in table.values() if isinstance(v, dict) for c in v}))]
    cells = {}
    for r in rows:
        for c in cols:
            est = (table.get(r) or {}).get(c)
            if isinstance(est, dict):
                ci = _pair(est.get("ci"))
                cells[(r, c)] = svg.Cell(est.get("value"), ci[0], ci[1], est.get("n"), "own" if r == c else "")
    return svg.heatmap(rows, cols, cells, row_title="judge family", col_title="response family",
                       label="Win rate of each response family under each judge family")


def score_rank_plot(metrics: dict[str, Any]) -> Any:
    rows = _rows(metrics, ["score_vs_rank.rank_accuracy", "score_vs_rank.score_accuracy", "score_vs_rank.agreement",
                           "score_vs_rank.score_tie_rate", "score_vs_rank.transitivity_violations"])
    if not rows:
        return None
    return svg.forest(rows, (0.0, 1.0), fmt=svg._pct, label="Score versus rank metrics with 95% intervals",
                      axis_label="rate")


def reliability_plot(metrics: dict[str, Any]) -> Any:
    bins = lookup(metrics, "calibration.reliability")
    if not isinstance(bins, list) or not bins:
        return None
    pts = []
    for b in bins:
        if isinstance(b, dict) and isinstance(b.get("confidence"), (int, float)) \
                and isinstance(b.get("accuracy"), (int, float)):
            ci = _pair(b.get("ci"))
            pts.append((b["confidence"], b["accuracy"], ci[0], ci[1], b.get("n")))
    if not pts:
        return None
    return svg.reliability(pts, label="Reliability diagram: accuracy against stated confidence")


def joint_plot(metrics: dict[str, Any]) -> Any:
    coef = lookup(metrics, "joint.coefficients")
    if not isinstance(coef, dict):
        return None
    rows = [r for r in (_row(metrics, f"joint.coefficients.{k}", k.replace("_", " ")) for k in coef
                        if k != "intercept") if r is not None]
    if not rows:
        return None
    dom = svg.symmetric_range(*[v for r in rows for v in (r.lo, r.hi, r.value)], floor=0.5)
    return svg.forest(rows, dom, refs=[(0.0, "0 = no effect")], fmt=lambda x: "0" if abs(x) < 1e-9 else f"{x:+.1f}",
                      label="Joint model: each bias as a log-odds effect with 95% intervals", axis_label="log-odds")


def _est_row(node: Any, label: str) -> svg.Row | None:
    """A forest row for a rate estimate node (value, interval, n), or None when it has no value."""
    if not isinstance(node, dict) or not isinstance(node.get("value"), (int, float)):
        return None
    ci = _pair(node.get("ci"))
    return svg.Row(label, node["value"], ci[0], ci[1], f"{_cell(node)} n={node.get('n')}")


def robustness_plot(metrics: dict[str, Any]) -> Any:
    per = lookup(metrics, "robustness.per_template")
    if not isinstance(per, dict):
        return None
    base = lookup(metrics, "robustness.base_template")
    ordered = sorted(per, key=lambda t: (t != base, t))
    rows = [r for r in (_est_row(_dict(per[t]).get("first_slot_rate"), f"{t} (own prompt)" if t == base else t)
                        for t in ordered) if r is not None]
    if not rows:
        return None
    return svg.forest(rows, (0.0, 1.0), refs=[(0.5, "50% = no lean to a slot")], fmt=svg._pct,
                      label="First-slot rate under each prompt wording, with 95% intervals", axis_label="first-slot rate")


def cues_plot(metrics: dict[str, Any]) -> Any:
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
    return svg.forest(rows, (0.0, 1.0), fmt=svg._pct, axis_label="verdicts moved to the cued answer",
                      label="Flip rate toward the cued answer under each cue and under its neutral insert, with 95% "
                            "intervals")


def listwise_plot(metrics: dict[str, Any]) -> Any:
    shares = lookup(metrics, "listwise.slot_shares")
    if not isinstance(shares, list):
        return None
    rows = [r for r in (_est_row(s, f"slot {s.get('slot')}") for s in shares if isinstance(s, dict)) if r is not None]
    if not rows:
        return None
    k = lookup(metrics, "listwise.k")
    refs = [(1.0 / k, f"1/{k} = no lean")] if isinstance(k, int) and k > 0 else []
    return svg.forest(rows, (0.0, 1.0), refs=refs, fmt=svg._pct, axis_label="share of picks",
                      label="Share of picks per slot with 95% intervals, each answer shown once in every slot")


SECTION_SPECS: list[dict[str, Any]] = [
    {"key": "position", "plot": position_plot,
     "caption": "Each dot is an estimate and its bar the 95% interval. Consistency and accuracy should sit far "
                "right; the first-slot rate and primacy share should sit on the dashed 50% line (no lean)."},
    {"key": "verbosity", "plot": dose_plot,
     "caption": "Each point is the share of verdicts that moved to the padded answer at one padding size, with "
                "its 95% interval. A flat solid line near 0 means filler does not sway the judge; a rising one "
                "means more filler wins more often. The dashed line pads the better answer, a control.",
     "no_plot": "No dose-response curve: this run has no padded variants (the verbosity probe's padding sizes)."},
    {"key": "self_preference", "plot": family_plot,
     "caption": "Each cell is how often answers from the column's family win under judges of the row's family "
                "(50% = neutral; blue above, orange below), with its 95% interval and n. Outlined cells are a family judging itself: "
                "compare each with the other judges' cell in the same column.",
     "no_plot": "No family matrix: the responses' model families are not recorded."},
    {"key": "score_vs_rank", "plot": score_rank_plot,
     "caption": "Accuracy of side-by-side verdicts and of scores against gold, how often the two agree, and how "
                "often scores tie, each with its 95% interval. Higher is better, except for ties and cycles."},
    {"key": "calibration", "plot": reliability_plot,
     "caption": "Each point is a bin of verdicts with similar stated confidence: the share that was right "
                "(with 95% interval) against the confidence the judge stated. Points under the dashed diagonal "
                "mean over-confidence, points over it under-confidence.",
     "no_plot": "No reliability diagram: no bins could be formed (no gold labels with verdict probabilities)."},
    {"key": "joint", "plot": joint_plot,
     "caption": "One model over all pairwise verdicts: each bar is one influence on the log-odds of choosing an "
                "answer with the others held fixed, with its 95% interval (0 = none). 'gold' is the quality "
                "signal a good judge follows; every other term is a bias."},
    {"key": "robustness", "plot": robustness_plot,
     "caption": "Each bar is the share of non-tie verdicts that went to the first-shown answer under one prompt "
                "wording, with its 95% interval. The judge's own prompt is the control; the others mean the same "
                "thing. Agreement (kappa) is high for a judge that follows the slot under every wording, so read "
                "it with these rates: robust is not the same as right.",
     "no_plot": "No per-template plot: no template gave a non-tie verdict."},
    {"key": "cues", "plot": cues_plot,
     "caption": "For each cue, the share of verdicts not already on the cued answer that moved to it, with its "
                "95% interval, beside the same share under a neutral insert of the same length in the same place "
                "(the control). The gap between the two is the cue's pull (flip excess in the table).",
     "no_plot": "No flip-rate plot: no verdict could move toward a cued answer."},
    {"key": "listwise", "plot": listwise_plot,
     "caption": "Each bar is the share of picks that went to one slot, with its 95% interval. Every answer is "
                "shown once in every slot (a Latin square of orders, the control), so a judge that reads only "
                "content puts every bar on the dashed 1/k line.",
     "no_plot": "No slot plot: no pick could be read."},
]


def sections(metrics: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Every section, present (with plot, caption and table) or absent (with the reason in one line)."""
    out = []
    for spec in SECTION_SPECS:
        key = spec["key"]
        node = (metrics or {}).get(key)
        if key in OPTIONAL_SECTIONS and not isinstance(node, dict):
            continue
        sec: dict[str, Any] = {"id": key.replace("_", "-"), "title": AXIS_TITLES[key], "present": isinstance(node, dict)}
        if not sec["present"]:
            why = "metrics.json is missing" if metrics is None else ABSENT_REASONS[key]
            sec["absent"] = f"Not measured in this run: {why}"
            out.append(sec)
            continue
        try:
            plot = spec["plot"](metrics)
        except (TypeError, ValueError, KeyError, AttributeError):  # a malformed section must not sink the report
            plot = None
        sec.update(plot=plot, caption=spec["caption"] if plot is not None else None,
                   no_plot=None if plot is not None else spec.get("no_plot", "No plot: no estimate in this section."),
                   rows=metric_rows(metrics or {}, key), extras=_extras(key, _dict(node)))
        out.append(sec)
    return out


def _extras(key: str, node: dict[str, Any]) -> dict[str, Any]:
    """Section-specific facts: pair classes, the protocol recommendation, parse counts."""
    ex: dict[str, Any] = {"n_unparsed": node.get("n_unparsed"), "extraction": node.get("extraction_success_rate"),
                          "classes": None, "recommendation": None, "recommendation_reason": None, "note": None,
                          "tables": []}
    if key in OPTIONAL_SECTIONS and node.get("error"):
        ex["note"] = f"This section could not be computed: {node['error']}"
    if key == "robustness":
        ex["tables"] = _robustness_tables(node)
    if key == "listwise":
        ex["tables"] = _listwise_tables(node)
    if key == "position":
        ex["classes"] = [(name, node.get(k)) for name, k in (
            ("consistent (same verdict both orders)", "n_consistent"), ("primacy (first slot won the flip)", "n_primacy"),
            ("recency (second slot won the flip)", "n_recency"), ("tie verdicts", "n_ties"),
            ("pairs left out (a verdict did not parse)", "n_unparsed_pairs"),
            ("pairs judged in one order only", "n_incomplete_pairs")) if node.get(k) is not None]
    if key == "score_vs_rank" and node.get("recommendation"):
        ex["recommendation"] = node.get("recommendation")
        ex["recommendation_reason"] = node.get("recommendation_reason")
    if key == "joint" and node.get("note"):
        ex["note"] = node.get("note")
    return ex


def _cell(node: Any, rate: bool = True) -> str:
    """``71% [60%, 80%]`` for a rate estimate node (``0.81 [0.52, 1.00]`` otherwise); ``n/a`` without a value."""
    if not isinstance(node, dict) or not isinstance(node.get("value"), (int, float)):
        return "n/a"
    show = pct if rate else num
    ci = node.get("ci")
    if isinstance(ci, (list, tuple)) and len(ci) == 2 and all(isinstance(c, (int, float)) for c in ci):
        return f"{show(node['value'])} [{show(ci[0])}, {show(ci[1])}]"
    return show(node["value"])


def _robustness_tables(node: dict[str, Any]) -> list[dict[str, Any]]:
    per, base = _dict(node.get("per_template")), node.get("base_template")
    rows = []
    for t in sorted(per, key=lambda t: (t != base, t)):
        e = _dict(per[t])
        fsr = _dict(e.get("first_slot_rate"))
        p = _fmt_p(fsr.get("p_value"))
        rows.append([f"{t} (the judge's own prompt: control)" if t == base else t, e.get("template_set") or "",
                     _cell(e.get("accuracy")), _cell(fsr) + (f" (p {p})" if p else ""),
                     "control" if t == base else _cell(e.get("agreement_with_base")),
                     "" if e.get("n_unparsed") is None else str(e["n_unparsed"])])
    tables = []
    if rows:
        tables.append({"caption": "Per prompt wording, with 95% intervals (p: first-slot rate against 50%)",
                       "head": ["template", "set", "accuracy", "first-slot rate", "same verdict as own prompt",
                                "unreadable"], "rows": rows})
    sets = _dict(node.get("by_set"))
    if sets:
        tables.append({"caption": "Each set of wordings against the judge's own prompt, with 95% intervals",
                       "head": ["set", "templates", "Fleiss' kappa", "verdict depends on the wording"],
                       "rows": [[name, str(len(_dict(v).get("templates") or [])),
                                 _cell(_dict(v).get("fleiss_kappa"), rate=False),
                                 _cell(_dict(v).get("template_dependence"))] for name, v in sorted(sets.items())]})
    return tables


def _listwise_tables(node: dict[str, Any]) -> list[dict[str, Any]]:
    shares = [s for s in node.get("slot_shares") or [] if isinstance(s, dict)]
    if not shares:
        return []
    rows = [[str(s.get("slot")), _cell(s), pct(s.get("expected")), _fmt_p(s.get("p_value")) or ""] for s in shares]
    chi = _dict(node.get("position_chi2"))
    caption = "Share of picks per slot against the share of a judge that reads only content, with 95% intervals"
    if isinstance(chi.get("value"), (int, float)):
        caption += (f"; chi-square {chi['value']:.1f} on {chi.get('df')} df against equal slots, "
                    f"p {_fmt_p(chi.get('p_value'))}, counts {chi.get('counts')}")
    return [{"caption": caption, "head": ["slot", "share of picks", "no lean", "p (against no lean)"], "rows": rows}]


def power_rows(metrics: dict[str, Any] | None) -> list[dict[str, Any]]:
    power = (metrics or {}).get("power")
    if not isinstance(power, dict):
        return []
    out = []
    for key, label in (("consistency", "consistency"), ("primacy_share", "primacy share")):
        e = power.get(key)
        if isinstance(e, dict):
            out.append({"label": label, "n": e.get("n"), "mde": e.get("mde"), "target": e.get("target_effect"),
                        "needed": e.get("pairs_needed", e.get("needed")), "enough": e.get("enough")})
    return out


# --- manifest ---------------------------------------------------------------------------------------------

def manifest_facts(manifest: dict[str, Any] | None, metrics: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The manifest's key facts as (label, value) rows; 'not recorded' where the manifest is silent."""
    m = manifest or {}
    backend = _dict(m.get("backend")) or {"backend": m.get("backend")}
    counters, host, formats = _dict(m.get("counters")), _dict(m.get("host")), _dict(m.get("formats"))
    template = "; ".join(f"{mode}: {f.get('id')} v{f.get('version')} sha256 {str(f.get('sha256'))[:16]}…"
                         for mode, f in formats.items() if isinstance(f, dict)) or m.get("template")

    def show(v: Any) -> str:
        return "not recorded" if v in (None, "", {}, []) else str(v)

    wall = m.get("wall_s")
    facts = [
        ("judge", show(m.get("judge") or lookup(metrics, "meta.judge"))),
        ("judge family", show(m.get("judge_family") or lookup(metrics, "meta.judge_family"))),
        ("mode", show(m.get("mode"))),
        ("model file", show(backend.get("model_path") or m.get("model_path"))),
        ("model sha256", show(backend.get("model_sha256") or m.get("model_sha256"))),
        ("backend", show(backend.get("backend"))),
        ("dtype / device", f"{show(backend.get('dtype') or m.get('dtype'))} / {show(backend.get('device'))}"),
        ("prompt template", show(template)),
        ("chat template", show(backend.get("chat_template"))),
        ("seed", show(m.get("seed", lookup(metrics, "meta.seed")))),
        ("started / finished", f"{show(m.get('started'))} / {show(m.get('finished'))}"),
        ("wall time", "not recorded" if not isinstance(wall, (int, float)) else f"{wall:.1f} s"),
        ("judgments", show(m.get("n_judgments", lookup(metrics, "meta.n_judgments")))),
        ("cache hits / misses", f"{show(counters.get('cache_hits'))} / {show(counters.get('cache_misses'))}"),
        ("host", show(", ".join(f"{k} {v}" for k, v in host.items() if v is not None))),
        ("command", show(m.get("command"))),
    ]
    return facts


def suites(manifest: dict[str, Any] | None) -> list[dict[str, Any]]:
    out = []
    for s in (manifest or {}).get("suites") or []:
        if isinstance(s, dict):
            out.append({"name": s.get("name"), "version": s.get("version"), "n_items": s.get("n_items"),
                        "data": s.get("data"), "sha256": s.get("sha256"), "items_sha256": s.get("items_sha256"),
                        "probes": ", ".join(map(str, s.get("probes") or []))})
    return out


def _n_unparsed(manifest: dict[str, Any] | None, rows: list[dict[str, Any]]) -> int | None:
    v = (manifest or {}).get("n_unparsed")
    if isinstance(v, int):
        return v
    if not rows:
        return None
    return sum(1 for r in rows if not is_read(r))


# --- the page ---------------------------------------------------------------------------------------------

def build_context(run_dir: Path, policy: Policy | None = None) -> dict[str, Any]:
    """Everything report.html shows, as plain data (tests inspect it; the template only lays it out)."""
    run_dir = Path(run_dir)
    load_problems: list[str] = []
    run = RunDir(run_dir)
    recorded_manifest = _read_json(run.manifest_path, run.manifest, load_problems)
    manifest = recorded_manifest.to_json() if recorded_manifest else None
    metrics = _read_json(run.metrics_path, run.metrics, load_problems)
    rows, left_out = _read_rows(run, load_problems)
    policy = policy or load_policy("default")
    results = evaluate(metrics, policy) if metrics is not None else []
    judge = (manifest or {}).get("judge") or lookup(metrics, "meta.judge")
    focal = [r for r in rows if judge is None or r.get("judge") == judge] or rows
    recorded = [str(p) for p in (manifest or {}).get("problems") or []]
    problems = list(dict.fromkeys(recorded + left_out))
    counts = {s: sum(r.status == s for r in results) for s in ("PASS", "FAIL", "INCONCLUSIVE", "SKIPPED")}
    by_judge = (metrics or {}).get("by_judge")
    return {
        "title": f"judgeaudit report: {judge or run_dir.name}",
        "judge": judge, "judge_family": (manifest or {}).get("judge_family") or lookup(metrics, "meta.judge_family"),
        "run_dir": run_dir.name, "generated": (manifest or {}).get("finished") or (manifest or {}).get("analyzed"),
        "policy": {"name": policy.name, "version": policy.version, "description": policy.description,
                   "path": policy.path},
        "overall": overall(results) if results else "INCONCLUSIVE",
        "counts": counts,
        "cards": [card(r, metrics) for r in results if r.status != "SKIPPED"],
        "skipped": [card(r, metrics) for r in results if r.status == "SKIPPED"],
        "content_blind": content_blind(metrics),
        "load_problems": load_problems,
        "multi_judge": sorted(by_judge) if isinstance(by_judge, dict) else None,
        "sections": sections(metrics),
        "power": power_rows(metrics),
        "flips": swap_flips(focal),
        "padded": padded_wins(focal),
        "have_judgments": bool(rows),
        "facts": manifest_facts(manifest, metrics),
        "suites": suites(manifest),
        "versions": sorted(((str(k), str(v)) for k, v in ((manifest or {}).get("versions") or {}).items())),
        "n_unparsed": _n_unparsed(manifest, rows),
        "n_judgments": (manifest or {}).get("n_judgments", len(rows) if rows else None),
        "problems": problems[:MAX_PROBLEMS_SHOWN], "n_problems": len(problems),
        "manifest_json": json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) if manifest else None,
        "sections_list": SECTIONS,
    }


def render_html(context: dict[str, Any]) -> str:
    return environment().get_template("report.html.j2").render(**context)


def render_report(run_dir: Path, policy: Policy | None = None) -> Path:
    """Write ``run_dir/report.html`` from its judgments, metrics and manifest; return its path.

    Missing or unreadable files do not stop the report: each absent part says why it is absent.

    Args:
        run_dir: a run directory (judgments.jsonl, manifest.json, metrics.json).
        policy: the policy whose thresholds the verdict cards use; the shipped default when None.
    """
    run_dir = Path(run_dir)
    out = run_dir / "report.html"
    out.write_text(render_html(build_context(run_dir, policy)), encoding="utf-8")
    return out
