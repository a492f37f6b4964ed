"""Grade rows (one answer graded alone) for the grader sections: selecting arms and pairing them by answer.

Every grader metric compares a treated arm with a matched control on the same answers (override vs a neutral
sentence of the same length, a negated criterion vs the criterion, padded vs as given), so the pairing is done
once here: by answer (``item_id``), grader format and repeat.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from judgeaudit.contracts.estimate import Estimate, empty, estimate
from judgeaudit.stats.intervals import wilson
from judgeaudit.stats.paired import design_effect

_KEY = ["item_id", "format", "repeat"]


def grades(rows: pd.DataFrame, arm: str | None = None) -> pd.DataFrame:
    """Grade-mode rows (of one arm), with ``format``, ``grade_arm`` and ``repeat`` present."""
    if "mode" not in rows.columns:
        return rows.iloc[0:0]
    out = rows.loc[rows["mode"] == "grade"].copy()
    for col in ("format", "grade_arm", "passed", "score_expected", "label"):
        if col not in out.columns:
            out[col] = None
    out["repeat"] = pd.to_numeric(out.get("repeat"), errors="coerce").fillna(0).astype(int) if len(out) else 0
    if arm is not None:
        out = out.loc[out["grade_arm"] == arm]
    return out


def read(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows whose grade was read (and whose call did not fail)."""
    ok = rows["score"].notna()
    if "error" in rows.columns:
        ok &= rows["error"].isna()
    return rows.loc[ok]


def paired(rows: pd.DataFrame, treated: pd.DataFrame, control: pd.DataFrame) -> pd.DataFrame:
    """Treated and control grades of the same answer, format and repeat, side by side (``_t``/``_c``)."""
    t, c = read(treated), read(control)
    cols = [*_KEY, "unit", "passed", "score", "score_expected", "label", "score_scale"]
    t = t[[k for k in cols if k in t.columns]]
    c = c[[k for k in cols if k in c.columns]]
    return t.merge(c, on=_KEY, suffixes=("_t", "_c"))


def value_of(frame: pd.DataFrame, suffix: str = "") -> np.ndarray:
    """The graded value: the expected score where logprob mode gave one, else the score."""
    exp, score = frame[f"score_expected{suffix}"], frame[f"score{suffix}"]
    return pd.to_numeric(exp.where(exp.notna(), score), errors="coerce").to_numpy(dtype=float)


def mean_shift(units: np.ndarray, diffs: np.ndarray, step: float, **extra: Any) -> Estimate:
    """Mean of paired differences, clustered by ``units``: t interval on the cluster-robust standard error.

    With no difference seen at all, the interval is bounded by how many answers could hide one shift of
    ``step`` (one scale step), as for a paired rate: never an interval of zero width.
    """
    n = len(diffs)
    if not n:
        return empty(0, test=True, note="no answer graded in both arms")
    n_items = int(len(set(units)))
    mean = float(diffs.mean())
    var = float(diffs.var(ddof=1)) if n > 1 else 0.0
    if var <= 0.0 or n_items < 2:
        hi = wilson(0, n_items)[1]
        assert hi is not None
        return estimate(mean, (mean - step * hi, mean + step * hi), n, 1.0, n_items=n_items, **extra)
    se = float(np.sqrt(design_effect(units, diffs) * var / n))
    t = float(sps.t.ppf(0.975, n_items - 1))
    p = float(2 * sps.t.sf(abs(mean) / se, n_items - 1))
    return estimate(mean, (mean - t * se, mean + t * se), n, max(p, np.finfo(float).tiny), n_items=n_items, **extra)
