"""Calibration: do the judge's probabilities (logprob mode) mean what they say?

Each pair's probability that ``a`` is better is averaged over both orders (``p_a`` is already mapped
back to the response), so a slot preference does not pass for confidence. The verdict is the likelier
response; its confidence is max(p, 1 − p); gold ``a``/``b`` says whether it was right.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from judgeaudit.stats.estimates import empty, estimate
from judgeaudit.stats.intervals import bootstrap_ci, cluster_sums, ratio, wilson
from judgeaudit.stats.pairs import pair_table, pairwise, parse_counts

N_BINS = 10
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)
_CELLS_PER_CHUNK = 2_000_000


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


def calibration_metrics(rows: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> dict[str, Any] | None:
    """ECE (10 equal-mass bins), Brier score, AUROC of confidence for correctness, reliability bins and a
    selective-judging table. None when no verdict of the ``original`` variant carries ``p_a``.
    """
    orig = pairwise(rows)
    if orig.empty or not orig["p_a"].notna().any():
        return None
    with_p = orig[orig["p_a"].notna()]
    table = pair_table(orig)
    both = table["p_a_ab"].notna() & table["p_a_ba"].notna()
    out: dict[str, Any] = {
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
    n = len(p)
    out["accuracy"] = float(correct.mean())
    out["ece"] = _ece(conf, correct, units, seed, n_boot)
    out["ece_calibrated_baseline"] = _ece_null(conf, out["ece"], seed, n_boot)
    _, s = cluster_sums(units, np.column_stack([(p - y) ** 2, np.ones(n)]))
    out["brier"] = estimate(float(((p - y) ** 2).mean()), bootstrap_ci(s, ratio, n_boot=n_boot, seed=seed), n)
    out["auroc"] = _auroc(conf, correct, units, seed, n_boot)
    out["reliability"] = _reliability(conf, correct)
    out["selective"] = [_selective(t, conf, correct) for t in THRESHOLDS]
    return out


def _ece(conf: np.ndarray, correct: np.ndarray, units: np.ndarray, seed: int, n_boot: int) -> dict[str, Any]:
    """Σ_bins |Σ correct − Σ confidence| / n, with bins fixed on the full sample for every resample."""
    n = len(conf)
    bins = equal_mass_bins(conf)
    cols = np.zeros((n, 2 * N_BINS + 1))
    cols[np.arange(n), bins] = correct
    cols[np.arange(n), N_BINS + bins] = conf
    cols[:, -1] = 1.0

    def stat(t: np.ndarray) -> np.ndarray:
        return np.abs(t[..., :N_BINS] - t[..., N_BINS : 2 * N_BINS]).sum(axis=-1) / t[..., -1]

    _, s = cluster_sums(units, cols)
    return estimate(float(stat(s.sum(axis=0))), bootstrap_ci(s, stat, n_boot=n_boot, seed=seed), n)


def _ece_null(conf: np.ndarray, ece: dict[str, Any], seed: int, n_draws: int) -> dict[str, Any]:
    """The ECE a perfectly calibrated judge would show with these confidences and this n.

    ECE is biased upwards at finite n (each bin's accuracy is noisy), so it is tested against this
    baseline, not against 0: outcomes are drawn as Bernoulli(confidence) with the same bins; the
    observed ECE gets a one-sided Monte Carlo p-value (written into ``ece``).
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
    observed = ece["value"]
    if observed is not None:
        ece["p_value"] = float((1 + np.sum(null >= observed - 1e-12)) / (1 + n_draws))
    lo, hi = np.percentile(null, [2.5, 97.5])
    return estimate(float(null.mean()), (float(lo), float(hi)), n)


def _counts(n_clusters: int, n_boot: int, seed: int) -> Iterator[np.ndarray]:
    """Chunks of cluster-resample counts (resamples × clusters), as in ``intervals.bootstrap_totals``."""
    rng = np.random.default_rng(seed)
    chunk = max(1, _CELLS_PER_CHUNK // max(1, n_clusters))
    for start in range(0, n_boot, chunk):
        b = min(chunk, n_boot - start)
        idx = rng.integers(0, n_clusters, size=(b, n_clusters))
        flat = idx + n_clusters * np.arange(b)[:, None]
        yield np.bincount(flat.ravel(), minlength=b * n_clusters).reshape(b, n_clusters).astype(float)


def _weighted_auc(w: np.ndarray, pos: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """AUC for weight rows ``w`` (… × n, units sorted by score; tie groups begin at ``starts``)."""
    wp = np.add.reduceat(w * pos, starts, axis=-1)
    wn = np.add.reduceat(w * ~pos, starts, axis=-1)
    below = np.cumsum(wn, axis=-1) - wn
    num = (wp * (below + 0.5 * wn)).sum(axis=-1)
    den = wp.sum(axis=-1) * wn.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return num / den


def _auroc(conf: np.ndarray, correct: np.ndarray, units: np.ndarray, seed: int, n_boot: int) -> dict[str, Any]:
    """P(a right verdict is more confident than a wrong one), ties half; cluster-bootstrap interval."""
    n = len(conf)
    order = np.argsort(conf, kind="stable")
    c_sorted, pos = conf[order], correct[order] > 0.5
    starts = np.flatnonzero(np.r_[True, np.diff(c_sorted) != 0])
    if pos.all() or not pos.any():
        return empty(n, note="all verdicts right" if pos.all() else "no verdict right")
    value = float(_weighted_auc(np.ones((1, n)), pos, starts)[0])
    codes, uniq = pd.factorize(pd.Series(units[order], dtype=object))
    reps = np.concatenate([_weighted_auc(c[:, codes], pos, starts) for c in _counts(len(uniq), n_boot, seed)])
    reps = reps[np.isfinite(reps)]
    ci = tuple(np.percentile(reps, [2.5, 97.5])) if reps.size else None
    return estimate(value, ci, n)


def _reliability(conf: np.ndarray, correct: np.ndarray) -> list[dict[str, Any]]:
    """The reliability diagram: per equal-mass bin, mean confidence against accuracy (Wilson interval)."""
    bins = equal_mass_bins(conf)
    out = []
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


def _selective(threshold: float, conf: np.ndarray, correct: np.ndarray) -> dict[str, Any]:
    """Keep only verdicts at least this confident: what share is kept and how accurate they are."""
    kept = conf >= threshold
    m = int(kept.sum())
    k = float(correct[kept].sum())
    return {
        "threshold": threshold,
        "kept_share": m / len(conf) if len(conf) else None,
        "accuracy": estimate(k / m if m else None, wilson(k, m), m),
    }
