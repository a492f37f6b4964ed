"""Krippendorff's alpha: agreement across several judges and human raters, any number of coders per unit.

α = 1 − D_o / D_e from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"):
each unit with m ≥ 2 values adds 1/(m − 1) for every ordered pair of its values, D_o is the metric-weighted
disagreement within units and D_e the one between all pairable values. Metrics: ``nominal`` (verdicts a, b,
tie), ``interval`` ((c − k)²) and ``ordinal`` (Krippendorff's rank-sum distance).

The interval is a bootstrap over items (a pair's two orders, or an item's several answers, stay together),
percentile, on per-item coincidence matrices so a resample is one matrix product. When no resample has any
spread (every coder agreed on every item) the lower end is set from how much disagreement could hide unseen
in that many items: D_o is at most the Wilson upper bound of 0 disagreeing items out of the items, times the
largest weight, so α ≥ 1 − that / D_e.

:func:`panel_agreement` is the ``panel`` key of a multi-judge metrics.json: α across the judges, and across the
judges with the gold label (and any ``human_labels``) as further coders.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from judgeaudit.contracts.estimate import Estimate, empty, estimate
from judgeaudit.stats.intervals import wilson
from judgeaudit.stats.pairs import VERDICTS

Metric = Literal["nominal", "ordinal", "interval"]


def distance(values: Sequence[Any], metric: Metric, counts: np.ndarray | None = None) -> np.ndarray:
    """δ² between every two of ``values`` (the categories, sorted for ordinal and interval)."""
    k = len(values)
    if metric == "nominal":
        return 1.0 - np.eye(k)
    if metric == "interval":
        v = np.asarray(values, dtype=float)
        return (v[:, None] - v[None, :]) ** 2
    assert counts is not None  # ordinal: (Σ_{g=k..l} n_g − (n_k + n_l)/2)²
    cum = np.concatenate([[0.0], np.cumsum(counts)])
    i, j = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    span = cum[hi + 1] - cum[lo]
    return (span - (counts[i] + counts[j]) / 2.0) ** 2


def coincidences(table: pd.DataFrame, categories: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Per-cluster coincidence matrices from ``table`` (columns ``cluster``, ``unit``, ``value``).

    Returns ``(clusters, matrices)``: matrices of shape (n_clusters, k, k); units with fewer than two values
    add nothing (they are not pairable).
    """
    index = {c: n for n, c in enumerate(categories)}
    k = len(categories)
    clusters = pd.unique(table["cluster"])
    cpos = {c: n for n, c in enumerate(clusters)}
    out = np.zeros((len(clusters), k, k))
    for (cluster, _), group in table.groupby(["cluster", "unit"], sort=False):
        codes = np.array([index[v] for v in group["value"]])
        m = len(codes)
        if m < 2:
            continue
        counts = np.bincount(codes, minlength=k).astype(float)
        mat = np.outer(counts, counts) - np.diag(counts)  # ordered pairs of different values within the unit
        out[cpos[cluster]] += mat / (m - 1)
    return np.asarray(clusters, dtype=object), out


def _alpha(o: np.ndarray, metric: Metric, categories: Sequence[Any]) -> float:
    n_c = o.sum(axis=-1)
    n = n_c.sum()
    if n <= 1:
        return float("nan")
    delta = distance(categories, metric, n_c)
    d_o = float((o * delta).sum())
    d_e = float(n_c @ delta @ n_c) / (n - 1)
    return 1.0 - d_o / d_e if d_e > 0 else float("nan")


def alpha_estimate(
    table: pd.DataFrame, metric: Metric = "nominal", *, seed: int = 0, n_boot: int = 2000, **extra: Any
) -> Estimate:
    """Krippendorff's alpha of ``table`` (``cluster``, ``unit``, ``coder``, ``value``) with a cluster bootstrap."""
    table = table.dropna(subset=["value"])
    if table.empty:
        return empty(0, note="no values")
    categories = sorted(pd.unique(table["value"]).tolist(), key=lambda v: (str(type(v)), v))
    clusters, mats = coincidences(table, categories)
    pairable = mats.sum(axis=(1, 2)) > 0
    n_values = float(mats.sum())
    n_coders = int(table["coder"].nunique())
    common = {"metric": metric, "n_items": int(pairable.sum()), "n_coders": n_coders, **extra}
    if n_values < 2:
        return empty(0, note="no unit has values from two coders", **common)
    total = mats.sum(axis=0)
    value = _alpha(total, metric, categories)
    if not np.isfinite(value):
        return empty(
            int(n_values), note="every value in one category: expected disagreement is 0, alpha undefined", **common
        )
    mats, c = mats[pairable], int(pairable.sum())
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(c, np.full(c, 1.0 / c), size=n_boot).astype(float)
    boot_o = np.tensordot(draws, mats, axes=1)
    boots = np.array([_alpha(b, metric, categories) for b in boot_o])
    boots = boots[np.isfinite(boots)]
    lo, hi = np.percentile(boots, [2.5, 97.5]) if len(boots) else (np.nan, np.nan)
    if not len(boots) or hi - lo <= 1e-12:
        # no spread in any resample: bound the disagreement that could hide unseen in c items
        delta = distance(categories, metric, total.sum(axis=-1))
        n_c = total.sum(axis=-1)
        d_e = float(n_c @ delta @ n_c) / (n_c.sum() - 1)
        f = wilson(0, c)[1] or 1.0
        lo = min(value, 1.0 - f * float(delta.max()) * n_c.sum() / d_e)
        hi = max(value, min(1.0, value + f))
    return estimate(value, (max(-1.0, float(lo)), min(1.0, float(hi))), int(n_values), **common)


def _verdict_table(rows: pd.DataFrame, judges: Sequence[str], with_people: bool) -> pd.DataFrame:
    """One value per (item and order, coder): each judge's read verdict, and the people's labels."""
    sel = rows.loc[(rows["mode"] == "pairwise") & (rows["variant"] == "original") & rows["judge"].isin(judges)]
    read = sel.loc[sel["parsed"].astype(bool)]
    parts = [
        pd.DataFrame(
            {
                "cluster": read["unit"],
                "unit": read["unit"].astype(str) + "|" + read["order"].astype(str) + "|" + read["repeat"].astype(str),
                "coder": read["judge"],
                "value": read["winner"],
            }
        ).drop_duplicates(["unit", "coder"])
    ]
    if with_people:
        units = sel.drop_duplicates(["unit", "order", "repeat"])
        unit_key = units["unit"].astype(str) + "|" + units["order"].astype(str) + "|" + units["repeat"].astype(str)
        gold = units["label"].where(units["label"].isin(VERDICTS))
        parts.append(pd.DataFrame({"cluster": units["unit"], "unit": unit_key, "coder": "gold", "value": gold}))
        if "human_labels" in units.columns:
            for key, cluster, labels in zip(unit_key, units["unit"], units["human_labels"]):
                if isinstance(labels, dict):
                    parts.append(
                        pd.DataFrame(
                            [
                                {"cluster": cluster, "unit": key, "coder": f"human:{r}", "value": v}
                                for r, v in labels.items()
                                if v in VERDICTS
                            ]
                        )
                    )
    kept = [p for p in parts if not p.empty]  # a multi-grader run has no pairwise verdict at all
    table = pd.concat(kept, ignore_index=True) if kept else pd.DataFrame()
    return table.dropna(subset=["value"]) if not table.empty else table


def panel_agreement(
    rows: pd.DataFrame, judges: Sequence[str], *, seed: int = 0, n_boot: int = 2000
) -> dict[str, Any] | None:
    """Krippendorff's alpha (nominal) of the judges' pairwise verdicts on shared items; with people's labels as
    coders too where there are any. None with fewer than two judges or no item two of them judged."""
    if len(judges) < 2:
        return None
    judges_only = _verdict_table(rows, judges, with_people=False)
    if judges_only.empty or judges_only.groupby("unit")["coder"].nunique().max() < 2:
        return None
    out: dict[str, Any] = {
        "judges": list(judges),
        "alpha_judges": alpha_estimate(judges_only, "nominal", seed=seed, n_boot=n_boot),
    }
    with_people = _verdict_table(rows, judges, with_people=True)
    people = sorted(c for c in pd.unique(with_people["coder"]) if c == "gold" or str(c).startswith("human:"))
    if people:
        out["alpha_with_people"] = alpha_estimate(with_people, "nominal", seed=seed, n_boot=n_boot, people=people)
    return out
