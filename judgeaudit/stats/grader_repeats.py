"""Repeat stability: does the same answer, graded again at temperature > 0, get the same verdict?

Per answer i with n_i readable repeats and s_i passes: the flip rate is the chance that two of its repeats
disagree, 2·s_i·(n_i − s_i) / (n_i·(n_i − 1)) (unbiased); its majority is *stable* when k = n_i fresh repeats
would give the same majority with probability ≥ 95% at the estimated pass probability p̂_i = s_i / n_i; the
repeats it needs are the smallest odd k with P(majority of k = its majority) ≥ 95%, at p̂_i (none where p̂_i
is one half: capped at ``MAX_REPEATS``). Near the threshold: p̂_i within [0.25, 0.75], a coin toss.

Intervals resample answers. Where every resample agrees (every answer's repeats unanimous), a share is given
the Wilson interval over the answers, and the repeats needed the count at the Wilson lower bound of a
unanimous answer's pass probability: k unanimous repeats cannot show more stability than that.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import stats as sps

from judgeaudit.contracts.estimate import Estimate, empty, estimate
from judgeaudit.metrics.sections.grader_repeats import GraderRepeatsMetrics
from judgeaudit.stats.bootstrap import percentile
from judgeaudit.stats.grader_rows import grades, read
from judgeaudit.stats.intervals import wilson
from judgeaudit.stats.pairs import parse_counts
from judgeaudit.stats.sections import SectionInput, section_stats

MAX_REPEATS = 99
NEAR = (0.25, 0.75)


def p_majority(k: int, q: float) -> float:
    """P(more than half of k independent repeats give the verdict of probability q)."""
    return float(sps.binom.sf(k // 2, k, q))


@lru_cache(maxsize=4096)
def repeats_needed(q: float) -> int:
    """The smallest odd k with P(majority of k = the likelier verdict) ≥ 95%, for q = max(p, 1 − p)."""
    for k in range(1, MAX_REPEATS + 1, 2):
        if p_majority(k, q) >= 0.95:
            return k
    return MAX_REPEATS


def per_answer(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per answer and format: repeats read, passes, flip rate, stable, repeats needed, near threshold."""
    got = read(grades(rows, "repeat"))
    got = got.loc[got["passed"].notna()]
    if got.empty:
        return got
    g = got.assign(p=got["passed"].astype(float)).groupby(["unit", "item_id", "format"], sort=True)["p"]
    out = pd.DataFrame({"n": g.size(), "s": g.sum()}).reset_index()
    out = out.loc[out["n"] >= 2].reset_index(drop=True)
    n, s = out["n"].to_numpy(float), out["s"].to_numpy(float)
    p = s / n
    q = np.round(np.maximum(p, 1 - p), 6)
    out["flip"] = 2 * s * (n - s) / (n * (n - 1))
    out["stable"] = [p_majority(int(k), float(qq)) >= 0.95 for k, qq in zip(out["n"], q)]
    out["needed"] = [repeats_needed(float(qq)) for qq in q]
    out["near"] = (p >= NEAR[0]) & (p <= NEAR[1])
    return out


def _share(values: np.ndarray, reps: np.ndarray, n_rows: int) -> Estimate:
    value = float(values.mean())
    lo, hi = percentile(reps)
    if lo is None or hi is None or hi - lo < 1e-12:
        lo, hi = wilson(value * len(values), len(values))
    return estimate(value, (lo, hi), n_rows, n_items=int(len(values)))


def repeats_metrics(rows: pd.DataFrame, seed: int = 0, n_boot: int = 2000) -> GraderRepeatsMetrics | None:
    """Flip rate, stable-majority share, repeats a stable 95% majority needs (median), share near the threshold."""
    arm = grades(rows, "repeat")
    if arm.empty:
        return None
    per = per_answer(arm)
    n_rows = int(per["n"].sum()) if len(per) else 0
    out: GraderRepeatsMetrics = {**parse_counts(arm)}
    if per.empty:
        none = empty(0, note="no answer has two readable repeats")
        out["flip_rate"] = out["stable_share"] = out["repeats_needed"] = out["near_threshold_share"] = none
        return out
    idx = np.random.default_rng(seed).integers(0, len(per), size=(n_boot, len(per)))
    flip, stable = per["flip"].to_numpy(float), per["stable"].to_numpy(float)
    need, near = per["needed"].to_numpy(float), per["near"].to_numpy(float)
    median = float(np.median(need))
    lo, hi = percentile(np.median(need[idx], axis=1))
    if lo is None or hi is None or hi - lo < 1e-12:
        k_min = int(per["n"].min())
        lo, hi = median, float(max(median + 2, repeats_needed(round(float(wilson(k_min, k_min)[0] or 0.5), 6))))
    out["flip_rate"] = _share(flip, flip[idx].mean(axis=1), n_rows)
    out["stable_share"] = _share(stable, stable[idx].mean(axis=1), n_rows)
    out["repeats_needed"] = estimate(median, (lo, hi), n_rows, n_items=int(len(per)), cap=MAX_REPEATS)
    out["near_threshold_share"] = _share(near, near[idx].mean(axis=1), n_rows)
    out["repeats_per_answer"] = int(per["n"].median())
    if "sampled" in arm.columns:
        out["sampled"] = bool(arm["sampled"].fillna(False).astype(bool).any())
    return out


@section_stats("grader_repeats")
def grader_repeats_section(s: SectionInput) -> GraderRepeatsMetrics | None:
    return repeats_metrics(s.rows, s.seed, s.n_boot)
