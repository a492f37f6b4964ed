"""Statistics: pure functions from a judgments DataFrame to the metrics.json dict.

Every estimate is ``{"value", "ci": [lo, hi], "n"}`` (+ ``p_value``); the definitions are in
docs/metrics.md. Nothing here reads files or calls a model.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from judgeaudit.stats.calibration import calibration_metrics
from judgeaudit.stats.cues import cues_metrics
from judgeaudit.stats.intervals import holm
from judgeaudit.stats.joint import joint_metrics
from judgeaudit.stats.listwise import listwise_metrics
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.position import position_metrics
from judgeaudit.stats.power import pairs_needed, power_section
from judgeaudit.stats.robustness import robustness_metrics
from judgeaudit.stats.score_vs_rank import score_vs_rank_metrics
from judgeaudit.stats.self_preference import self_preference_metrics
from judgeaudit.stats.verbosity import verbosity_metrics

__all__ = ["EXTRA_SECTIONS", "SECTIONS", "compute_metrics", "compute_metrics_by_judge", "pairs_needed", "to_json_safe"]

SECTIONS = ("position", "verbosity", "self_preference", "score_vs_rank", "calibration", "joint")
# Sections of the other probes (cue, prompt-template and listwise), present when their rows are.
EXTRA_SECTIONS = ("cues", "robustness", "listwise")
# Not bias tests, so not in the Holm battery: the gold effect is meant to be large.
_CANONICAL = ["judge", "unit", "variant", "mode", "repeat", "order", "response"]
_NOT_IN_BATTERY = ("joint.coefficients.gold", "joint.coefficients.intercept")


def compute_metrics(df: pd.DataFrame, *, judge_family: str | None = None, seed: int = 0, n_boot: int = 2000,
                    judge: str | None = None) -> dict[str, Any]:
    """The metrics.json dict for one judge.

    Args:
        df: judgments (the judgments contract); may hold several judges.
        judge_family: the focal judge's model family (self-preference); default: its rows' ``judge_family``.
        seed: bootstrap seed; the same input and seed give byte-identical JSON.
        n_boot: bootstrap resamples per interval.
        judge: the focal judge when ``df`` holds several. Other judges' rows are used only where a metric
            compares judges (self-preference ``excess_win_rate``, ``family_matrix``). With several judges
            and no ``judge``, the single-judge sections are None and ``by_judge`` holds one dict per judge.

    Returns:
        A JSON-safe dict: the sections of :data:`SECTIONS` and :data:`EXTRA_SECTIONS` (each a dict or None),
        ``holm``, ``power``, ``meta``.
    """
    d, n_dup = prepare(df)
    # a canonical row order: clusters enter the bootstrap in order of appearance, so without this the
    # same judgments in another order would give (equally valid but) different intervals
    d = d.sort_values(_CANONICAL, kind="stable", na_position="first").reset_index(drop=True)
    judges = sorted(d["judge"].unique().tolist())
    if judge is not None and judge not in judges:
        raise ValueError(f"judge {judge!r} not in the judgments (present: {', '.join(judges) or 'none'})")
    if judge is None and len(judges) == 1:
        judge = judges[0]
    meta: dict[str, Any] = {
        "n_judgments": int(len(d)), "n_items": int(d["unit"].nunique()), "judges": judges,
        "judge": judge, "seed": int(seed), "n_boot": int(n_boot), "n_duplicate_rows": n_dup,
    }
    result: dict[str, Any] = {name: None for name in (*SECTIONS, *EXTRA_SECTIONS)}
    if judge is None:
        if judges:
            meta["note"] = "several judges and none selected: see by_judge"
            result["by_judge"] = compute_metrics_by_judge(df, seed=seed, n_boot=n_boot)
        result.update({"holm": {}, "power": power_section(None), "meta": meta})
        return to_json_safe(result)
    focal = d[d["judge"] == judge]
    if judge_family is None:
        fams = focal["judge_family"].dropna()
        judge_family = str(fams.iloc[0]) if len(fams) else None
    meta["judge_family"] = judge_family
    meta["n_judgments_judge"] = int(len(focal))
    meta["n_items_judge"] = int(focal["unit"].nunique())
    kw = {"n_boot": n_boot, "seed": seed}
    result["position"] = position_metrics(focal, **kw)
    result["verbosity"] = verbosity_metrics(focal, **kw)
    result["self_preference"] = self_preference_metrics(d, judge=judge, judge_family=judge_family, **kw)
    result["score_vs_rank"] = score_vs_rank_metrics(focal, **kw)
    result["calibration"] = calibration_metrics(focal, **kw)
    result["joint"] = joint_metrics(focal, judge_family=judge_family)
    for name, fn in (("cues", cues_metrics), ("robustness", robustness_metrics), ("listwise", listwise_metrics)):
        result[name] = _extra_section(fn, focal, kw)
    result["power"] = power_section(result["position"])
    result["holm"] = apply_holm(result)
    result["meta"] = meta
    return to_json_safe(result)


def _extra_section(fn: Any, rows: pd.DataFrame, kw: dict[str, Any]) -> dict[str, Any] | None:
    """An optional probe's section; if it fails, the failure is reported in the section, not raised,
    so one newer probe's bad rows never cost the audit its core metrics."""
    try:
        return fn(rows, **kw)
    except Exception as exc:  # noqa: BLE001 - reported in metrics.json, never silent
        return {"error": f"{type(exc).__name__}: {exc}"}


def compute_metrics_by_judge(df: pd.DataFrame, judge_families: dict[str, str] | None = None, *, seed: int = 0,
                             n_boot: int = 2000) -> dict[str, dict[str, Any]]:
    """One metrics dict per judge in ``df``; every judge sees the others' rows for cross-judge metrics."""
    judges = sorted(prepare(df)[0]["judge"].unique().tolist())
    fams = judge_families or {}
    return {j: compute_metrics(df, judge=j, judge_family=fams.get(j), seed=seed, n_boot=n_boot) for j in judges}


def _estimates(node: Any, path: str) -> list[tuple[str, dict[str, Any]]]:
    """(dotted path, estimate) for every estimate with a p-value; lists (plot data) are not walked."""
    if not isinstance(node, dict):
        return []
    if "value" in node and "ci" in node and "p_value" in node:
        return [(path, node)]
    return [hit for k, v in node.items() for hit in _estimates(v, f"{path}.{k}" if path else str(k))]


def apply_holm(result: dict[str, Any]) -> dict[str, float | None]:
    """Holm-adjust the battery's p-values; write ``p_value_holm`` into each estimate and return path → p."""
    found = [(p, e) for name in (*SECTIONS, *EXTRA_SECTIONS) for p, e in _estimates(result.get(name), name)
             if p not in _NOT_IN_BATTERY]
    adjusted = holm({p: e["p_value"] for p, e in found})
    for p, e in found:
        e["p_value_holm"] = adjusted[p]
    return {p: adjusted[p] for p, _ in found}


def to_json_safe(x: Any) -> Any:
    """Plain Python types only: numpy scalars unwrapped, NaN/inf → None, tuples → lists."""
    if isinstance(x, dict):
        return {str(k): to_json_safe(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [to_json_safe(v) for v in x]
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        v = float(x)
        return v if math.isfinite(v) else None
    if x is None or isinstance(x, str):
        return x
    if isinstance(x, np.ndarray):
        return [to_json_safe(v) for v in x.tolist()]
    if x is pd.NA or x is pd.NaT:
        return None
    return str(x)
