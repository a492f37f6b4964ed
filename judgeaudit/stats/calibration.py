"""Calibration: do the judge's probabilities (logprob mode) mean what they say?

Each pair's probability that ``a`` is better is averaged over both orders (``p_a`` is already mapped
back to the response), so a slot preference does not pass for confidence. The verdict is the likelier
response; its confidence is max(p, 1 − p); gold ``a``/``b`` says whether it was right.

The binned (plug-in) ECE is biased upwards at finite n: each bin's accuracy is noisy and |noise| > 0.
``ece`` is therefore the debiased estimate of Kumar, Liang & Ma (2019, "Verified uncertainty calibration";
their ``normal_debiased_ce``), in closed form: each bin's |accuracy − confidence| minus the excess that
binomial noise alone adds to it under a normal approximation. Its interval is the cluster bootstrap of the
same debiased statistic, centred on the estimate, and reaches 0 whenever the test against a calibrated judge
(``ece_calibrated_baseline``) does not reject; ``ece.plug_in`` keeps the plug-in value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from judgeaudit.contracts.estimate import Estimate, empty, estimate
from judgeaudit.metrics.sections.calibration import CalibrationMetrics, ReliabilityBin, SelectiveRow
from judgeaudit.stats.bootstrap import bootstrap_reps, percentile, resample_counts
from judgeaudit.stats.intervals import cluster_sums, wilson
from judgeaudit.stats.pairs import pair_table, pairwise, parse_counts
from judgeaudit.stats.rates import rate_estimate
from judgeaudit.stats.sections import SectionInput, section_stats

N_BINS = 10
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)
_CELLS_PER_CHUNK = 2_000_000  # null draws × units at once


def equal_mass_bins(conf: np.ndarray, n_bins: int = N_BINS) -> np.ndarray:
    """Bin index of each confidence: sorted, then cut into ``n_bins`` groups of (nearly) equal size.

    Equal confidences never straddle a cut, so a bin can hold a few more units than its share.
    """
    n = len(conf)
    order = np.argsort(conf, kind="stable")
    rank_bin = np.minimum(np.arange(n) * n_bins // max(n, 1), n_bins - 1)
    bins = np.empty(n, dtype=int)
    bins[order] = rank_bin
    # equal values take the lowest bin any of them landed in
    first_bin = pd.Series(bins).groupby(conf).transform("min").to_numpy()
    return first_bin


def calibration_metrics(rows: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> CalibrationMetrics | None:
    """ECE (10 equal-mass bins), Brier score, AUROC of confidence for correctness, reliability bins and a
    selective-judging table. None when no verdict of the ``original`` variant carries ``p_a``.
    """
    orig = pairwise(rows)
    if orig.empty or not orig["p_a"].notna().any():
        return None
    with_p = orig[orig["p_a"].notna()]
    table = pair_table(orig)
    both = table["p_a_ab"].notna() & table["p_a_ba"].notna()
    out: CalibrationMetrics = {
        **parse_counts(orig),
        "n_incomplete_pairs": int((~both & table[["p_a_ab", "p_a_ba"]].notna().any(axis=1)).sum()),
        "n_judgments_with_p": int(len(with_p)),
    }
    pairs = table[both].reset_index(drop=True)
    p = ((pairs["p_a_ab"] + pairs["p_a_ba"]) / 2.0).to_numpy(float)
    conf = np.maximum(p, 1.0 - p)
    out["n_pairs"] = int(len(pairs))
    out["mean_confidence"] = float(conf.mean()) if len(conf) else None
    gold = pairs["label"].isin(["a", "b"]).to_numpy()
    out["n_pairs_gold"] = int(gold.sum())
    if not gold.any():
        out.update(
            {
                "ece": empty(note="no gold labels"),
                "brier": empty(note="no gold labels"),
                "auroc": empty(note="no gold labels"),
                "reliability": [],
                "selective": [],
            }
        )
        return out
    p, conf = p[gold], conf[gold]
    y = (pairs.loc[gold, "label"] == "a").to_numpy(float)
    correct = np.where(p > 0.5, y, np.where(p < 0.5, 1.0 - y, 0.0))  # p = 0.5 is a tie: not correct
    units = pairs.loc[gold, "unit"].to_numpy()
    out["accuracy"] = float(correct.mean())
    out["ece"] = _ece(conf, correct, units, seed, n_boot)
    out["ece_calibrated_baseline"] = _ece_null(conf, out["ece"], seed, n_boot)
    ece_p, ece_ci = out["ece"].get("p_value"), out["ece"]["ci"]
    if ece_p is not None and ece_p >= 0.05 and ece_ci is not None and ece_ci[0] is not None:
        # the test cannot tell this judge from a calibrated one, so the interval reaches 0 (test and interval agree)
        ece_ci[0] = 0.0
    out["brier"] = rate_estimate(units, (p - y) ** 2)
    out["auroc"] = _auroc(conf, correct, units, seed, n_boot)
    out["reliability"] = _reliability(conf, correct)
    out["selective"] = [_selective(t, conf, correct) for t in THRESHOLDS]
    return out


def _abs_normal_mean(mu: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """E|X| for X ~ N(mu, sd²) (|mu| where sd is 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(sd > 0, mu / sd, 0.0)
        folded = sd * np.sqrt(2 / np.pi) * np.exp(-0.5 * ratio**2) + mu * (1 - 2 * sps.norm.cdf(-ratio))
    return np.where(sd > 0, folded, np.abs(mu))


def _ece_stats(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(plug-in, debiased) ECE from totals (Σ correct per bin, Σ confidence per bin, count per bin, n)."""
    right, conf, count = t[..., :N_BINS], t[..., N_BINS : 2 * N_BINS], t[..., 2 * N_BINS : 3 * N_BINS]
    with np.errstate(divide="ignore", invalid="ignore"):
        acc = np.where(count > 0, right / count, 0.0)
        gap = np.where(count > 0, (right - conf) / count, 0.0)
        sd = np.where(count > 0, np.sqrt(np.clip(acc * (1 - acc), 0.0, None) / np.maximum(count, 1)), 0.0)
    weight = count / t[..., -1:]
    plug_in = (weight * np.abs(gap)).sum(axis=-1)
    return plug_in, (weight * (2 * np.abs(gap) - _abs_normal_mean(gap, sd))).sum(axis=-1)


def _ece(conf: np.ndarray, correct: np.ndarray, units: np.ndarray, seed: int, n_boot: int) -> Estimate:
    """Debiased ECE over 10 equal-mass bins fixed on the full sample, its bootstrap interval and the plug-in."""
    n = len(conf)
    bins = equal_mass_bins(conf)
    cols = np.zeros((n, 3 * N_BINS + 1))
    cols[np.arange(n), bins] = correct
    cols[np.arange(n), N_BINS + bins] = conf
    cols[np.arange(n), 2 * N_BINS + bins] = 1.0
    cols[:, -1] = 1.0
    _, s = cluster_sums(units, cols)
    plug_in, debiased = (float(v) for v in _ece_stats(s.sum(axis=0)))
    reps = bootstrap_reps(s, lambda t: _ece_stats(t)[1], n_boot=n_boot, seed=seed)
    lo_q, hi_q = percentile(reps)
    value = max(0.0, debiased)
    if lo_q is None or hi_q is None:
        return estimate(value, None, n, plug_in=plug_in, note="no spread between items: no interval")
    # the replicates' spread around their median, placed on the estimate: the point is inside by construction
    mid = float(np.median(reps[np.isfinite(reps)]))
    return estimate(value, (max(0.0, debiased - (mid - lo_q)), value + (hi_q - mid)), n, plug_in=plug_in)


def _ece_null(conf: np.ndarray, ece: Estimate, seed: int, n_draws: int) -> Estimate:
    """The ECE a perfectly calibrated judge would show with these confidences and this n.

    ECE is biased upwards at finite n (each bin's accuracy is noisy), so it is tested against this
    baseline, not against 0: outcomes are drawn as Bernoulli(confidence) with the same bins; the
    observed plug-in ECE gets a one-sided Monte Carlo p-value (written into ``ece``). The baseline is
    on the plug-in scale: compare it with ``ece.plug_in``.
    """
    n = len(conf)
    bins = equal_mass_bins(conf)
    rng = np.random.default_rng(seed)
    onehot = np.zeros((n, N_BINS))
    onehot[np.arange(n), bins] = 1.0
    conf_per_bin = conf @ onehot
    null = np.empty(n_draws)
    step = max(1, _CELLS_PER_CHUNK // max(n, 1))
    for start in range(0, n_draws, step):
        m = min(step, n_draws - start)
        draws = (rng.random((m, n)) < conf).astype(float)
        null[start : start + m] = np.abs(draws @ onehot - conf_per_bin).sum(axis=1) / n
    observed = ece.get("plug_in")  # a key of the ece estimate only
    if isinstance(observed, (int, float)):
        ece["p_value"] = float((1 + np.sum(null >= observed - 1e-12)) / (1 + n_draws))
    lo, hi = np.percentile(null, [2.5, 97.5])
    return estimate(float(null.mean()), (float(lo), float(hi)), n)


def _weighted_auc(w: np.ndarray, pos: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """AUC for weight rows ``w`` (… × n, units sorted by score; tie groups begin at ``starts``)."""
    wp = np.add.reduceat(w * pos, starts, axis=-1)
    wn = np.add.reduceat(w * ~pos, starts, axis=-1)
    below = np.cumsum(wn, axis=-1) - wn
    num = (wp * (below + 0.5 * wn)).sum(axis=-1)
    den = wp.sum(axis=-1) * wn.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return num / den


def _auroc(conf: np.ndarray, correct: np.ndarray, units: np.ndarray, seed: int, n_boot: int) -> Estimate:
    """P(a right verdict is more confident than a wrong one), ties half; cluster-bootstrap interval."""
    n = len(conf)
    order = np.argsort(conf, kind="stable")
    c_sorted, pos = conf[order], correct[order] > 0.5
    starts = np.flatnonzero(np.r_[True, np.diff(c_sorted) != 0])
    if pos.all() or not pos.any():
        return empty(n, note="all verdicts right" if pos.all() else "no verdict right")
    value = float(_weighted_auc(np.ones((1, n)), pos, starts)[0])
    codes, uniq = pd.factorize(pd.Series(units[order], dtype=object))
    reps = np.concatenate([_weighted_auc(c[:, codes], pos, starts) for c in resample_counts(len(uniq), n_boot, seed)])
    return estimate(value, percentile(reps), n)


def _reliability(conf: np.ndarray, correct: np.ndarray) -> list[ReliabilityBin]:
    """The reliability diagram: per equal-mass bin, mean confidence against accuracy (Wilson interval)."""
    bins = equal_mass_bins(conf)
    out: list[ReliabilityBin] = []
    for b in range(N_BINS):
        sel = bins == b
        k, m = float(correct[sel].sum()), int(sel.sum())
        if not m:
            continue
        out.append(
            {
                "bin": b,
                "conf_lo": float(conf[sel].min()),
                "conf_hi": float(conf[sel].max()),
                "confidence": float(conf[sel].mean()),
                "accuracy": k / m,
                "ci": list(wilson(k, m)),
                "n": m,
            }
        )
    return out


def _selective(threshold: float, conf: np.ndarray, correct: np.ndarray) -> SelectiveRow:
    """Keep only verdicts at least this confident: what share is kept and how accurate they are."""
    kept = conf >= threshold
    m = int(kept.sum())
    k = float(correct[kept].sum())
    return {
        "threshold": threshold,
        "kept_share": m / len(conf) if len(conf) else None,
        "accuracy": estimate(k / m if m else None, wilson(k, m), m),
    }


@section_stats("calibration")
def calibration_section(s: SectionInput) -> CalibrationMetrics | None:
    """The ``calibration`` section of metrics.json for one audit."""
    return calibration_metrics(s.rows, seed=s.seed, n_boot=s.n_boot)
