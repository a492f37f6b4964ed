"""Scale and rubric order: do the same answers get the same grades on 1-5, A-E, 1-10 and a reversed rubric?

Every grade is put on [0, 1] ((value − lo) / (hi − lo) of its format's scale; the probability-weighted score
in logprob mode) so scales of different lengths compare. Agreement is measured two ways:

- **Quadratic-weighted kappa** between the reference format and another, 1 − mean((x − y)²) / E[(x − y)²
  under independence], the expectation over the two marginals (mean over all pairs of answers). On two
  identical category sets it is Cohen's quadratic-weighted kappa; on normalised values of different scales
  it is the same formula (Lin's concordance coefficient with population moments), which needs no common
  category set.
- **ICC(A,1)** over all formats (McGraw & Wong 1996; Shrout & Fleiss' ICC(2,1) formula): two-way, because
  every answer is graded under every format; *absolute agreement*, because a format that grades everything
  a step higher disagrees with the others even when it ranks the answers alike (consistency, ICC(C,1),
  would forgive that shift, the very effect measured here); *single measure*, because a user deploys one
  format, not the average of several. The formats are fixed, not sampled, but ICC(A,1) has the same formula
  in the two-way random and mixed models.

Both intervals are on Fisher's z scale with the jackknife standard error over answers (the answer is the
cluster: its grades under every format move together), see :func:`_agreement`. Mean shifts are paired by answer with the answer-clustered t interval of
:func:`judgeaudit.stats.grader_rows.mean_shift`. Scale use: the share of the reference format's (argmax)
grades on its commonest value and on its two commonest, and the entropy of its grades over log(number of
values) (0: every grade the same; 1: every value used equally).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from judgeaudit.contracts.estimate import Estimate, empty, estimate
from judgeaudit.metrics.sections.grader_scale import FormatAgreement, GraderScaleMetrics
from judgeaudit.stats.bootstrap import percentile, resample_counts
from judgeaudit.stats.grader_rows import grades, mean_shift, read, value_of
from judgeaudit.stats.intervals import wilson
from judgeaudit.stats.pairs import parse_counts
from judgeaudit.stats.rates import rate_estimate
from judgeaudit.stats.sections import SectionInput, section_stats

REVERSED_SUFFIX = "-reversed"


def qwk(x: np.ndarray, y: np.ndarray) -> float | None:
    """Quadratic-weighted kappa of two graders' normalised grades (rows: answers); None without spread."""
    mx, my = x.mean(axis=-1), y.mean(axis=-1)
    expected = x.var(axis=-1) + y.var(axis=-1) + (mx - my) ** 2
    observed = ((x - y) ** 2).mean(axis=-1)
    if np.ndim(expected) == 0:
        return None if expected <= 1e-15 else float(1 - observed / expected)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected > 1e-15, 1 - observed / expected, np.nan)  # type: ignore[return-value]


def icc_a1(m: np.ndarray) -> float | None:
    """ICC(A,1) of an answers × formats matrix (two-way, absolute agreement, single measure)."""
    n, k = m.shape
    if n < 2 or k < 2:
        return None
    grand = m.mean()
    rows, cols = m.mean(axis=1), m.mean(axis=0)
    msr = k * float(((rows - grand) ** 2).sum()) / (n - 1)
    msc = n * float(((cols - grand) ** 2).sum()) / (k - 1)
    mse = float(((m - rows[:, None] - cols[None, :] + grand) ** 2).sum()) / ((n - 1) * (k - 1))
    den = msr + (k - 1) * mse + k * (msc - mse) / n
    return None if den <= 1e-15 else (msr - mse) / den


def _widened(value: float, n: int, floor: float, **extra: Any) -> Estimate:
    """``value`` with an interval reaching the Wilson bound of one disagreement in n answers away from it (below
    it, unless that passes ``floor``, the least the statistic can be): never an interval of zero width."""
    w = wilson(0, n)[1] or 1.0
    lo, hi = (value - w, value) if value - w >= floor else (value, value + w)
    return estimate(value, (lo, hi), n, **extra)


def _agreement(value: float | None, n: int, stat: Any, **extra: Any) -> Estimate:
    """An agreement coefficient (kappa, ICC) with its interval on Fisher's z scale: atanh(value) ± t·SE, the SE
    from the jackknife over answers (each left out in turn), t on n − 1 degrees of freedom, mapped back by tanh.

    Near 1, where these coefficients live for a decent grader, their sampling distribution is skewed: percentile
    and basic bootstrap intervals covered 89–92% in the simulation of benchmarks/graders_validity.py with 40
    answers, this one 94–95%. Where the value is ±1 or the jackknife does not spread, the interval is widened.
    """
    if value is None:
        return empty(n, note="no spread: every answer got the same grade under every format", **extra)
    if n < 3 or abs(value) >= 1 - 1e-12:
        return _widened(value, n, -1.0, **extra)
    jack = np.array([stat(np.delete(np.arange(n), i)) for i in range(n)], dtype=float)
    jack = np.arctanh(np.clip(jack[np.isfinite(jack)], -1 + 1e-12, 1 - 1e-12))
    se = float(np.sqrt((len(jack) - 1) / len(jack) * ((jack - jack.mean()) ** 2).sum())) if len(jack) > 1 else 0.0
    if se <= 1e-12:
        return _widened(value, n, -1.0, **extra)
    half = float(sps.t.ppf(0.975, n - 1)) * se
    z = float(np.arctanh(value))
    return estimate(value, (float(np.tanh(z - half)), float(np.tanh(z + half))), n, **extra)


def _normalised(frame: pd.DataFrame, argmax: bool = False) -> pd.Series:
    """Grades on [0, 1] of their format's scale (the argmax grade with ``argmax``, else the weighted score)."""
    lo = frame["score_scale"].map(lambda s: float(s[0]))
    hi = frame["score_scale"].map(lambda s: float(s[1]))
    raw = pd.to_numeric(frame["score"], errors="coerce").to_numpy(float) if argmax else value_of(frame)
    return pd.Series((raw - lo.to_numpy()) / (hi - lo).to_numpy(), index=frame.index)


def scale_use(frame: pd.DataFrame, seed: int, n_boot: int) -> dict[str, Estimate]:
    """Share of (argmax) grades on the commonest value and the two commonest, and normalised entropy.

    The commonest values are picked on all the grades, then their share is a rate over answers (Wilson-type,
    clustered). The plug-in entropy is biased low in small samples, as in every resample: its interval is the
    basic bootstrap (2·value − the percentiles), which corrects that, clipped to [0, 1].
    """
    lo, hi = (float(v) for v in frame["score_scale"].iloc[0])
    n_values = int(round(hi - lo)) + 1 if hi - lo > 1 else 2
    scores = frame["score"].astype(float)
    top = scores.value_counts().sort_index(kind="stable").sort_values(ascending=False, kind="stable").index
    units = frame["unit"].to_numpy()
    codes, uniq = pd.factorize(scores)

    def entropy(idx: np.ndarray) -> float:
        p = np.bincount(codes[idx], minlength=len(uniq)) / len(idx)
        p = p[p > 0]
        return float(-(p * np.log(p)).sum() / np.log(n_values))

    n = len(codes)
    value = entropy(np.arange(n))
    reps = [
        entropy(np.repeat(np.arange(n), c.astype(int))) for counts in resample_counts(n, n_boot, seed) for c in counts
    ]
    p_lo, p_hi = percentile(np.asarray(reps))
    if p_lo is None or p_hi is None or p_hi - p_lo < 1e-12:
        ent = _widened(value, n, 0.0, n_values=n_values)
    else:
        ent = estimate(value, (max(0.0, 2 * value - p_hi), min(1.0, 2 * value - p_lo)), n, n_values=n_values)
    return {
        "top1_share": rate_estimate(units, scores.isin(top[:1]).to_numpy(), values=[float(v) for v in top[:1]]),
        "top2_share": rate_estimate(units, scores.isin(top[:2]).to_numpy(), values=[float(v) for v in top[:2]]),
        "entropy": ent,
    }


def scale_metrics(rows: pd.DataFrame, seed: int = 0, n_boot: int = 2000) -> GraderScaleMetrics | None:
    """Agreement, shift and scale use of the same answers graded under several formats; None without them."""
    scope = grades(rows, "scale")
    if scope.empty:
        return None
    ok = read(scope)
    ref = str(scope["scale_reference"].dropna().iloc[0]) if "scale_reference" in scope else str(scope["format"].iloc[0])
    skipped = sorted({str(s) for lst in scope.get("scale_skipped", pd.Series([], dtype=object)).dropna() for s in lst})
    wide = (
        pd.DataFrame({"unit": ok["unit"], "format": ok["format"], "u": _normalised(ok)})
        .groupby(["unit", "format"])["u"]
        .mean()
        .unstack("format")
    )
    formats = [ref, *sorted(f for f in wide.columns if f != ref)] if ref in wide.columns else []
    out: GraderScaleMetrics = {**parse_counts(scope), "reference_format": ref, "formats_skipped": skipped}
    if len(formats) < 2:
        note = f"needs answers graded under the reference format ({ref}) and one more"
        for key in ("order_shift", "order_agreement", "scale_shift", "scale_agreement", "icc"):
            out[key] = empty(0, test=key.endswith("shift"), note=note)  # type: ignore[literal-required]
        return out
    by_format: dict[str, FormatAgreement] = {}
    for fmt in formats[1:]:
        both = wide[[ref, fmt]].dropna()
        by_format[fmt] = _versus(
            both[ref].to_numpy(), both[fmt].to_numpy(), both.index.to_numpy(), ok, fmt, seed, n_boot
        )
    reversed_fmt = ref + REVERSED_SUFFIX
    out["by_format"] = by_format
    if reversed_fmt in by_format:
        out["order_shift"] = by_format[reversed_fmt]["shift"]
        out["order_agreement"] = by_format[reversed_fmt]["qwk"]
    else:
        note = f"no answer graded under {reversed_fmt} (the reference format with its rubric reversed)"
        out["order_shift"] = empty(0, test=True, note=note)
        out["order_agreement"] = empty(0, note=note)
    scales = [f for f in formats[1:] if not f.endswith(REVERSED_SUFFIX)]
    out["scale_agreement"], out["scale_shift"] = _pooled(wide, ref, scales, ok, seed, n_boot)
    full = wide[formats].dropna().to_numpy()
    out["icc"] = _agreement(icc_a1(full), len(full), lambda idx: icc_a1(full[idx]), n_formats=len(formats))
    ref_rows = ok.loc[ok["format"] == ref]
    use = scale_use(ref_rows, seed, n_boot)
    out["top1_share"], out["top2_share"], out["entropy"] = use["top1_share"], use["top2_share"], use["entropy"]
    return out


def _versus(
    x: np.ndarray, y: np.ndarray, units: np.ndarray, ok: pd.DataFrame, fmt: str, seed: int, n_boot: int
) -> FormatAgreement:
    fmt_rows = ok.loc[ok["format"] == fmt]
    lo, hi = (float(v) for v in fmt_rows["score_scale"].iloc[0])
    step = 1.0 / max(1.0, hi - lo)
    return {
        "qwk": _agreement(qwk(x, y), len(x), lambda idx: qwk(x[idx], y[idx])),
        "shift": mean_shift(units, y - x, step),
        **scale_use(fmt_rows, seed, n_boot),  # type: ignore[typeddict-item]
    }


def _pooled(
    wide: pd.DataFrame, ref: str, scales: list[str], ok: pd.DataFrame, seed: int, n_boot: int
) -> tuple[Estimate, Estimate]:
    """Agreement and shift of every other scale with the reference, pooled (each answer one cluster)."""
    if not scales:
        note = "no answer graded on a scale other than the reference's (and its reversed rubric)"
        return empty(0, note=note), empty(0, test=True, note=note)
    sub = wide[[ref, *scales]].dropna()
    x = np.repeat(sub[ref].to_numpy()[:, None], len(scales), axis=1)
    y = sub[scales].to_numpy()
    units = np.repeat(sub.index.to_numpy()[:, None], len(scales), axis=1)
    steps = []
    for fmt in scales:
        lo, hi = (float(v) for v in ok.loc[ok["format"] == fmt, "score_scale"].iloc[0])
        steps.append(1.0 / max(1.0, hi - lo))
    agreement = _agreement(qwk(x.ravel(), y.ravel()), len(sub), lambda idx: qwk(x[idx].ravel(), y[idx].ravel()))
    return agreement, mean_shift(units.ravel(), (y - x).ravel(), min(steps), formats=scales)


@section_stats("grader_scale")
def grader_scale_section(s: SectionInput) -> GraderScaleMetrics | None:
    return scale_metrics(s.rows, s.seed, s.n_boot)
