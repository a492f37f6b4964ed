"""Agreement with people: chance-corrected kappa, the confusion matrix with ties, balanced accuracy.

Raw agreement (accuracy) overstates how much a judge agrees with people when the labels are skewed: a judge
that always says "pass" agrees 90% with labels that are 90% "pass" and knows nothing. Cohen's kappa
subtracts the agreement the two marginals give by chance: κ = (p_o − p_e) / (1 − p_e); the weighted form
(for ordered scores) is κ_w = 1 − Σ w·O / Σ w·E with disagreement weights w (quadratic: (i − j)²). Both are
the same formula, κ = 1 − D_o / D_e, which is how it is computed here (equal to scikit-learn's
``cohen_kappa_score`` with ``labels`` the categories).

Its interval is clustered by item (both orders of a pair, or several answers of one item, are correlated):
the delta method on the influence of each judgment, summed within items, with the small-sample factor
C/(C − 1) and the t quantile on C − 1 degrees of freedom. Where that variance is zero (every judgment agrees
with gold, or every item agrees the same way) the interval comes from the observed agreement's own clustered
score interval with chance agreement held fixed, so it keeps its width; and it always contains at least that
interval, so a kappa near 1 on few items is never reported as certain. Coverage is checked in
``tests/stats/test_agreement.py`` and ``benchmarks/decide.py``.

Balanced accuracy is the mean of the per-gold-class recalls, as a weighted rate (each judgment weighing
1 / (K · n of its gold class)) with the clustered score interval of ``intervals.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats as sps

from judgeaudit.contracts.estimate import Estimate, empty, estimate, with_keys
from judgeaudit.metrics.sections.agreement import AgreementMetrics, Confusion
from judgeaudit.stats.intervals import cluster_sums, rate
from judgeaudit.stats.pairs import VERDICTS, parse_counts
from judgeaudit.stats.rates import rate_estimate
from judgeaudit.stats.sections import SectionInput, section_stats

Weights = Literal["none", "linear", "quadratic"]
UNREAD = "unread"
_Z = 1.959963984540054


def weight_matrix(k: int, weights: Weights) -> np.ndarray:
    """Disagreement weights between k ordered categories: 1 − δ (none), |i − j| or (i − j)²."""
    i, j = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
    if weights == "none":
        return (i != j).astype(float)
    d = np.abs(i - j).astype(float)
    return d if weights == "linear" else d**2


def _codes(values: Sequence[Any], categories: Sequence[Any]) -> np.ndarray:
    index = {c: n for n, c in enumerate(categories)}
    return np.array([index[v] for v in values], dtype=int)


def kappa_value(
    gold: Sequence[Any], judged: Sequence[Any], categories: Sequence[Any], weights: Weights = "none"
) -> float:
    """Cohen's kappa (weighted when ``weights`` is linear or quadratic); NaN when chance agreement is total."""
    g, j = _codes(gold, categories), _codes(judged, categories)
    w = weight_matrix(len(categories), weights)
    n = len(g)
    pg = np.bincount(g, minlength=len(categories)) / n
    pj = np.bincount(j, minlength=len(categories)) / n
    d_o = float(w[g, j].mean())
    d_e = float(pg @ w @ pj)
    return 1.0 - d_o / d_e if d_e > 0 else math.nan


def kappa_estimate(
    units: Sequence[Any],
    gold: Sequence[Any],
    judged: Sequence[Any],
    categories: Sequence[Any],
    weights: Weights = "none",
    **extra: Any,
) -> Estimate:
    """Cohen's kappa of ``judged`` against ``gold`` over judgments clustered by ``units``, with its interval.

    Carries ``observed`` (1 − D_o, the raw agreement when unweighted), ``chance`` (1 − D_e), ``weights``,
    ``categories`` and ``n_items``.
    """
    n = len(gold)
    if n == 0:
        return empty(0, note="no judgment with both a verdict and a gold label")
    k = len(categories)
    g, j = _codes(gold, categories), _codes(judged, categories)
    w = weight_matrix(k, weights)
    pg = np.bincount(g, minlength=k) / n
    pj = np.bincount(j, minlength=k) / n
    wi = w[g, j]
    d_o = float(wi.mean())
    d_e = float(pg @ w @ pj)
    unit_arr = np.asarray(list(units), dtype=object)
    n_items = len(pd.unique(unit_arr))
    names = [str(c) for c in categories]
    if d_e <= 0:
        return empty(
            n,
            note="gold and verdicts all in one and the same category: chance agreement is total, kappa undefined",
            weights=weights,
            categories=names,
            n_items=n_items,
            **extra,
        )
    value = 1.0 - d_o / d_e
    # influence of each judgment on κ = 1 − D_o/D_e (delta method; D_e moves with both marginals)
    de_g = (w @ pj)[g] - d_e  # d D_e from judgment i's gold label
    de_j = (pg @ w)[j] - d_e  # ... and from its verdict
    infl = -((wi - d_o) / d_e - d_o / d_e**2 * (de_g + de_j)) / n
    _, sums = cluster_sums(unit_arr, infl[:, None])
    c = sums.shape[0]
    var = c / (c - 1) * float((sums[:, 0] ** 2).sum()) if c > 1 else 0.0
    # the observed agreement's clustered score interval, chance agreement held fixed (on the 0..1 scale of 1 − D_o/w_max)
    w_max = float(w.max()) or 1.0
    _, agree_sums = cluster_sums(unit_arr, np.column_stack([1.0 - wi / w_max, np.ones(n)]))
    agree = rate(agree_sums)
    assert agree is not None
    a_lo, a_hi = agree.interval()
    lo_fixed = 1.0 - (1.0 - a_lo) * w_max / d_e
    hi_fixed = 1.0 - (1.0 - a_hi) * w_max / d_e
    se: float | None = None
    if var > 0 and c > 1:
        q = float(sps.t.ppf(0.975, c - 1))
        se = math.sqrt(var)
        lo, hi = min(value - q * se, lo_fixed), max(value + q * se, hi_fixed)
    else:
        lo, hi = lo_fixed, hi_fixed
    lo, hi = max(-1.0, lo), min(1.0, hi)
    out = estimate(
        value,
        (lo, hi),
        n,
        observed=1.0 - d_o / w_max,
        chance=1.0 - d_e / w_max,
        weights=weights,
        categories=names,
        n_items=n_items,
        **extra,
    )
    return out if se is None else with_keys(out, se=se)  # se last, after the caller's keys


def balanced_accuracy(units: Sequence[Any], gold: Sequence[Any], judged: Sequence[Any]) -> Estimate:
    """Mean over gold classes of the share of that class's judgments the judge got right (a tie counts wrong)."""
    gold_arr = np.asarray(list(gold), dtype=object)
    n = len(gold_arr)
    if n == 0:
        return empty(0, note="no judgment with both a verdict and a gold label")
    hit = (gold_arr == np.asarray(list(judged), dtype=object)).astype(float)
    classes, counts = np.unique(gold_arr.astype(str), return_counts=True)
    size = dict(zip(classes, counts))
    k = len(classes)
    weight = np.array([n / (k * size[str(v)]) for v in gold_arr])  # sums to n: each class weighs 1/k
    _, s = cluster_sums(np.asarray(list(units), dtype=object), np.column_stack([weight * hit, weight]))
    r = rate(s)
    assert r is not None
    recalls = {str(c): float(hit[gold_arr.astype(str) == c].mean()) for c in classes}
    return estimate(r.value, r.interval(), n, recalls=recalls, n_classes=k)


def confusion(gold: Sequence[Any], judged: Sequence[Any], rows: Sequence[str], cols: Sequence[str]) -> Confusion:
    """Counts of (gold, verdict): ``{"rows": gold categories, "cols": verdicts, "counts": [[...]]}``."""
    table = [[0] * len(cols) for _ in rows]
    ri, ci = {r: n for n, r in enumerate(rows)}, {c: n for n, c in enumerate(cols)}
    for g, v in zip(gold, judged):
        table[ri[g]][ci[v]] += 1
    return {"rows": list(rows), "cols": list(cols), "counts": table}


def _shares(values: Sequence[str], categories: Sequence[str]) -> dict[str, float]:
    n = len(values)
    return {c: (sum(v == c for v in values) / n if n else 0.0) for c in categories}


def pairwise_agreement(rows: pd.DataFrame) -> AgreementMetrics | None:
    """Verdicts on the original pairs against gold ``a``/``b``/``tie``; None without gold-labelled pairwise rows."""
    sel = rows.loc[(rows["mode"] == "pairwise") & (rows["variant"] == "original") & rows["label"].isin(VERDICTS)]
    if sel.empty:
        return None
    read = sel.loc[sel["parsed"].astype(bool)]
    gold, judged, units = read["label"].tolist(), read["winner"].tolist(), read["unit"].to_numpy(object)
    gold_cats = [c for c in VERDICTS if c in set(sel["label"])]
    cats = [c for c in VERDICTS if c in set(gold) | set(judged)]
    out: AgreementMetrics = {
        **parse_counts(sel),
        "kappa": kappa_estimate(units, gold, judged, cats) if len(read) else empty(0, note="no verdict was read"),
        "observed_agreement": rate_estimate(units, np.asarray(gold, dtype=object) == np.asarray(judged, dtype=object))
        if len(read)
        else empty(0, note="no verdict was read"),
        "balanced_accuracy": balanced_accuracy(units, gold, judged)
        if len(read)
        else empty(0, note="no verdict was read"),
        "prevalence": {"gold": _shares(gold, cats), "judge": _shares(judged, cats)},
        "confusion": confusion(
            sel["label"].tolist(),
            [w if p else UNREAD for w, p in zip(sel["winner"], sel["parsed"].astype(bool))],
            gold_cats,
            [*VERDICTS, UNREAD],
        ),
    }
    return out


def score_categories(values: Sequence[float] | np.ndarray, scale: Sequence[float] | None = None) -> list[float] | None:
    """The ordered categories of a score: every whole number of the scale (or of the range seen); None when
    the scores are not whole numbers on a scale of at most 101 points (no kappa: use Krippendorff's alpha)."""
    arr = np.asarray(values, dtype=float)
    if not len(arr) or not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
        return None
    lo, hi = (min(scale), max(scale)) if scale else (arr.min(), arr.max())
    lo, hi = min(lo, arr.min()), max(hi, arr.max())
    if hi - lo > 100:
        return None
    return [float(x) for x in np.arange(lo, hi + 1)]


def score_agreement(rows: pd.DataFrame) -> AgreementMetrics | None:
    """Score-mode verdicts (graders) against the people's score ``gold_score``; None without such rows.

    Two categories (pass/fail) give Cohen's kappa; an ordered scale the quadratic-weighted kappa over every
    point of the scale.
    """
    if "gold_score" not in rows.columns:
        return None
    gold_score = pd.to_numeric(rows["gold_score"], errors="coerce")
    sel = rows.loc[(rows["mode"] == "score") & gold_score.notna()]
    if sel.empty:
        return None
    read = sel.loc[sel["parsed"].astype(bool)]
    g = pd.to_numeric(read["gold_score"], errors="coerce").to_numpy(float)
    s = read["score"].to_numpy(float)
    units = read["unit"].to_numpy(object)
    cats = score_categories(np.concatenate([g, s]))
    out: AgreementMetrics = {**parse_counts(sel)}
    if not len(read):
        out["score_kappa"] = empty(0, note="no score was read")
        return out
    if cats is None:
        out["score_kappa"] = empty(len(read), note="scores are not whole numbers on a scale: no kappa")
    else:
        weights: Weights = "none" if len(cats) <= 2 else "quadratic"
        out["score_kappa"] = kappa_estimate(units, g.tolist(), s.tolist(), cats, weights)
        out["score_balanced_accuracy"] = balanced_accuracy(units, g.tolist(), s.tolist())
        labels = [_fmt_score(c) for c in cats]
        out["score_confusion"] = confusion(
            [_fmt_score(x) for x in pd.to_numeric(sel["gold_score"], errors="coerce")],
            [_fmt_score(x) if p else UNREAD for x, p in zip(sel["score"], sel["parsed"].astype(bool))],
            labels,
            [*labels, UNREAD],
        )
    out["score_exact_agreement"] = rate_estimate(units, g == s)
    return out


def _fmt_score(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def agreement_metrics(rows: pd.DataFrame) -> AgreementMetrics | None:
    """The agreement section for one judge: pairwise verdicts against gold labels, scores against people's
    scores; None when the rows hold neither."""
    pair = pairwise_agreement(rows)
    score = score_agreement(rows)
    if pair is None and score is None:
        return None
    if pair is None:
        return score
    if score is not None:
        # the score_* keys, in the order score_agreement wrote them
        if "score_kappa" in score:
            pair["score_kappa"] = score["score_kappa"]
        if "score_balanced_accuracy" in score:
            pair["score_balanced_accuracy"] = score["score_balanced_accuracy"]
        if "score_confusion" in score:
            pair["score_confusion"] = score["score_confusion"]
        if "score_exact_agreement" in score:
            pair["score_exact_agreement"] = score["score_exact_agreement"]
    return pair


@section_stats("agreement")
def agreement_section(s: SectionInput) -> AgreementMetrics | None:
    """The ``agreement`` section of metrics.json for one audit."""
    return agreement_metrics(s.rows)
