"""Drift of every metric: B − A for each metrics.json estimate both judges give, paired by an item bootstrap.

The judgment-level outcomes of :mod:`judgeaudit.stats.drift` cover what one verdict says; a metric such as the
length coefficient, kappa or the score-vs-rank gap is a function of many verdicts, and its paired difference
has no closed form. Here both judges' metrics are computed on the items both judged, then recomputed on
``n_boot`` resamples of those items (clusters drawn with replacement), **the same resample for both runs**, so
the item-to-item variation both runs share cancels in the difference:

- ``value``: metric(B) − metric(A) on the shared items (``a``, ``b``: each run's value there; they can differ
  from the runs' metrics.json, which use all of each run's items);
- ``ci``: value ± t(0.975, items − 1) × ``se``, the standard deviation of the resampled differences times
  √(items / (items − 1)); ``p_value`` the matching t test; ``ci_percentile`` the 2.5 and 97.5 percentiles
  of the resampled differences, for reference (they undercover with few items or resamples);
- not estimable (with the reason) where fewer than 90% of resamples give both values, and where every resample
  gives the same difference (identical judgments: the difference is that number, and no interval is made).

Costs two metric computations per resample (about 1 s each for 100 items): ``n_boot`` 200 by default.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from judgeaudit.contracts.estimate import Estimate, empty, estimate
from judgeaudit.stats import SECTION_FUNCS, to_json_safe
from judgeaudit.stats.intervals import floor_p
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.sections import SectionInput

DEFAULT_BOOT = 200
MIN_USABLE = 0.9
_INNER_BOOT = 20  # the sections' own intervals are not used here: only their point values


def _flatten(node: Any, path: str, out: dict[str, float]) -> None:
    """Every estimate's value (dotted path → value); plot data (lists) are not walked."""
    if not isinstance(node, Mapping):
        return
    if "value" in node and "ci" in node and "n" in node:
        v = node.get("value")
        if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and node.get("estimable", True):
            out[path] = float(v)
        return
    for k, v in node.items():
        _flatten(v, f"{path}.{k}" if path else str(k), out)


def metric_values(
    rows: pd.DataFrame, judge: str, seed: int = 0, sections: tuple[str, ...] | None = None
) -> dict[str, float]:
    """The point value of every estimate the metric sections (all, or ``sections``) give for prepared
    single-judge ``rows``."""
    family = rows["judge_family"].dropna()
    given = SectionInput(
        rows=rows,
        all_rows=rows,
        judge=judge,
        judge_family=str(family.iloc[0]) if len(family) else None,
        seed=seed,
        n_boot=_INNER_BOOT,
    )
    out: dict[str, float] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, fn in SECTION_FUNCS.items():
            if sections is not None and name not in sections:
                continue
            try:
                section = to_json_safe(fn(given))
            except (ValueError, ZeroDivisionError, np.linalg.LinAlgError):
                continue  # a resample the section cannot use: this metric is missing in it
            _flatten(section, name, out)
    return out


def _blocks(rows: pd.DataFrame, units: list[str]) -> dict[str, np.ndarray]:
    pos = rows.groupby("unit", sort=False).indices
    return {u: np.asarray(pos[u]) for u in units}


def _resample(rows: pd.DataFrame, blocks: dict[str, np.ndarray], drawn: list[str]) -> pd.DataFrame:
    """The rows of the drawn items, each draw its own item (a unit drawn twice is two items)."""
    idx = np.concatenate([blocks[u] for u in drawn])
    out = rows.iloc[idx].copy()
    tag = np.repeat([f"#{k}" for k in range(len(drawn))], [len(blocks[u]) for u in drawn])
    out["unit"] = out["unit"].astype(str).to_numpy() + tag
    out["item_id"] = out["item_id"].astype(str).to_numpy() + tag
    return out.reset_index(drop=True)


def metric_drift(
    a: pd.DataFrame,
    b: pd.DataFrame,
    *,
    n_boot: int = DEFAULT_BOOT,
    seed: int = 0,
    sections: tuple[str, ...] | None = None,
) -> dict[str, Estimate]:
    """B − A for every metric both single-judge runs give on their shared items (of every section, or of
    ``sections``), with a paired item-bootstrap interval; ``{}`` where fewer than two items are shared."""
    da, db = prepare(a)[0], prepare(b)[0]
    shared = sorted(set(da["unit"].astype(str)) & set(db["unit"].astype(str)))
    if len(shared) < 2 or n_boot < 1:
        return {}
    da = da.loc[da["unit"].astype(str).isin(shared)].reset_index(drop=True)
    db = db.loc[db["unit"].astype(str).isin(shared)].reset_index(drop=True)
    da["unit"], db["unit"] = da["unit"].astype(str), db["unit"].astype(str)
    judge_a, judge_b = str(da["judge"].iloc[0]), str(db["judge"].iloc[0])
    va, vb = metric_values(da, judge_a, seed, sections), metric_values(db, judge_b, seed, sections)
    keys = sorted(set(va) & set(vb))
    if not keys:
        return {}
    ba, bb = _blocks(da, shared), _blocks(db, shared)
    rng = np.random.default_rng(seed)
    diffs: dict[str, list[float]] = {k: [] for k in keys}
    for _ in range(n_boot):
        drawn = [shared[i] for i in rng.integers(0, len(shared), len(shared))]
        ra = metric_values(_resample(da, ba, drawn), judge_a, seed, sections)
        rb = metric_values(_resample(db, bb, drawn), judge_b, seed, sections)
        for k in keys:
            if k in ra and k in rb:
                diffs[k].append(rb[k] - ra[k])
    return {k: _estimate(va[k], vb[k], np.asarray(diffs[k]), n_boot, len(shared)) for k in keys}


def _estimate(a: float, b: float, d: np.ndarray, n_boot: int, n_items: int) -> Estimate:
    point = b - a
    extra: dict[str, object] = {"a": a, "b": b, "n_items": n_items, "n_boot": int(len(d))}
    if len(d) < MIN_USABLE * n_boot:
        return empty(
            n_items, test=True, note=f"only {len(d)} of {n_boot} resamples give this metric in both runs", **extra
        )
    if float(d.max() - d.min()) == 0.0:
        out = empty(n_items, test=True, note="the same difference on every resample: no interval", **extra)
        out["value"] = point
        return out
    # the bootstrap's standard error (made unbiased for the items drawn: × √(G/(G−1))) with a t quantile on
    # G − 1 degrees of freedom: percentile intervals of a few hundred resamples over tens of items undercover
    # (15% of null intervals excluded 0 at 30 items, B = 25: benchmarks/drift_fpr.py)
    se = float(d.std(ddof=1)) * math.sqrt(n_items / (n_items - 1))
    t = float(sps.t.ppf(0.975, n_items - 1))
    p = floor_p(float(2 * sps.t.sf(abs(point) / se, n_items - 1)))
    pct = [float(v) for v in np.percentile(d, [2.5, 97.5])]
    return estimate(point, (point - t * se, point + t * se), n_items, p, test=True, se=se, ci_percentile=pct, **extra)
