"""The answering models' scores from one judge's pairwise verdicts: raw, position-balanced, and style-controlled.

A benchmark that publishes model win rates from an LLM judge inherits the judge's biases: a judge that favours
the first slot rewards the model shown first, one that favours long or heavily formatted answers rewards the
verbose model. Per answering model (``model_a`` / ``model_b`` of the rows):

- ``raw``: its mean credit over the judgments it played in: 1 a win, 0.5 a tie, 0 a loss, or the judge's soft
  preference where recorded (AlpacaEval's ``preference``, else ``p_a``), so AlpacaEval's own win rate is
  reproduced exactly; interval: the rate interval clustered by item.
- ``position_balanced``: the mean of its win rate when shown first and when shown second (n/a where it was
  shown in one slot only); interval: cluster-robust t on the linearised weighted mean.
- ``controlled``: a Bradley-Terry logistic regression of the verdict on the two models (+1/−1 indicators),
  the slot, the normalised length difference (len_a − len_b) / (len_a + len_b) and, where the answers' texts
  are recorded, the normalised markdown difference (headers, list items, bold spans), as in the arena's style
  control and AlpacaEval's length-controlled win rate; standard errors clustered by item. The controlled win
  rate is the model's predicted win probability against the same opponents with no slot, length or markdown
  difference; interval by the delta method.
- ``rank``: the models ranked on the controlled win rate (else raw) with 95% rank intervals from 2,000 draws of
  the fitted coefficients (or the raw rates' normal approximations).
"""

from __future__ import annotations

import math
import re
from typing import Any, TypedDict

import numpy as np
import pandas as pd
from scipy import stats as sps

from judgeaudit.contracts.estimate import Estimate, empty, estimate
from judgeaudit.stats.intervals import cluster_sums, floor_p
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.rates import rate_estimate


class _Fit(TypedDict):
    """The Bradley-Terry fit: model strengths (the first model's fixed at 0), their covariance, the style terms."""

    theta: np.ndarray
    cov: np.ndarray
    coefs: dict[str, Estimate]
    n_items: int


class ModelEntry(TypedDict, total=False):
    """One answering model's win rates: raw, position-balanced and controlled for slot and style."""

    raw: Estimate
    position_balanced: Estimate
    n_opponents: int
    controlled: Estimate


class RankEntry(TypedDict):
    """A model's rank (1 = best) and its 95% rank interval."""

    rank: int
    ci: list[int]


class Ranking(TypedDict):
    """The models ranked on one basis (``controlled`` or ``raw``), best first, with rank intervals."""

    basis: str
    order: list[str]
    ranks: dict[str, RankEntry]


class ModelScores(TypedDict, total=False):
    """What :func:`model_scores` returns for one judge (scores.json's per-judge record)."""

    n_judgments: int
    n_items: int
    models: dict[str, ModelEntry]
    note: str
    coefficients: dict[str, Estimate]
    ranking: Ranking


class TauEstimate(Estimate, total=False):
    """Kendall's tau between two judges' model rankings, with the models both scored and the resamples kept."""

    models: list[str]
    n_boot: int


class ScoresResult(TypedDict):
    """scores.json: per judge the models' scores, across judges the rankings' agreement."""

    run_dir: str
    by_judge: dict[str, ModelScores]
    ranking_agreement: dict[str, TauEstimate]


_MD = re.compile(r"(?m)^\s{0,3}#{1,6}\s|^\s*(?:[-*+]|\d+[.)])\s|\*\*[^*\n]+\*\*")
N_DRAWS = 2000


def credit_a(rows: pd.DataFrame) -> pd.Series:
    """Response a's credit per read pairwise row: the soft preference where recorded, else 1 / 0.5 / 0."""
    hard = rows["winner"].map({"a": 1.0, "tie": 0.5, "b": 0.0})
    soft = pd.Series(np.nan, index=rows.index)
    if "preference" in rows:
        soft = 2.0 - pd.to_numeric(rows["preference"], errors="coerce")  # AlpacaEval: 1 = a, 2 = b
    if "p_a" in rows:
        soft = soft.fillna(pd.to_numeric(rows["p_a"], errors="coerce"))
    return soft.fillna(hard).clip(0.0, 1.0)


def markdown_count(text: Any) -> float:
    """Headers, list items and bold spans in an answer (the arena's style-control features, summed)."""
    return float(len(_MD.findall(text))) if isinstance(text, str) else math.nan


def pairwise_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Read pairwise judgments of two known models, with ``credit`` (a's), ``first_a``, ``dlen`` and ``dmd``."""
    d, _ = prepare(df)
    keep = (d["mode"] == "pairwise") & d["parsed"].astype(bool) & d["model_a"].notna() & d["model_b"].notna()
    d = d.loc[keep & (d["model_a"] != d["model_b"])].copy()
    d["credit"] = credit_a(d)
    d["first_a"] = np.where(d["order"] == "ba", -1.0, np.where(d["order"] == "ab", 1.0, 0.0))
    la = pd.to_numeric(d.get("len_a"), errors="coerce") if "len_a" in d else pd.Series(np.nan, index=d.index)
    lb = pd.to_numeric(d.get("len_b"), errors="coerce") if "len_b" in d else pd.Series(np.nan, index=d.index)
    if "response_a" in d and "response_b" in d:
        la = la.fillna(d["response_a"].map(lambda t: float(len(t)) if isinstance(t, str) else math.nan))
        lb = lb.fillna(d["response_b"].map(lambda t: float(len(t)) if isinstance(t, str) else math.nan))
        ma, mb = d["response_a"].map(markdown_count), d["response_b"].map(markdown_count)
        d["dmd"] = (ma - mb) / (ma + mb + 1.0)
    else:
        d["dmd"] = np.nan
    d["dlen"] = (la - lb) / (la + lb).where(la + lb > 0)
    return d


def _sides(d: pd.DataFrame, model: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The rows ``model`` played in, its credit in each and whether it was shown first."""
    mine = d.loc[(d["model_a"] == model) | (d["model_b"] == model)]
    is_a = (mine["model_a"] == model).to_numpy()
    credit = np.where(is_a, mine["credit"], 1.0 - mine["credit"])
    first = np.where(is_a, mine["first_a"] > 0, mine["first_a"] < 0)
    return mine, credit.astype(float), first


def balanced(units: np.ndarray, credit: np.ndarray, first: np.ndarray, known: np.ndarray) -> Estimate:
    """Mean of the win rates shown first and shown second: a weighted mean, cluster-robust t interval."""
    units, credit, first = units[known], credit[known], first[known]
    n1, n2 = int(first.sum()), int((~first).sum())
    if not n1 or not n2:
        return empty(len(credit), note="shown in one slot only: the slot cannot be averaged out")
    m1, m2 = float(credit[first].mean()), float(credit[~first].mean())
    value = (m1 + m2) / 2
    infl = np.where(first, (credit - m1) / (2 * n1), (credit - m2) / (2 * n2))
    _, s = cluster_sums(units, infl[:, None])
    g = s.shape[0]
    if g < 2 or not np.any(s[:, 0] != 0):
        return empty(len(credit), note="too few items or no variation for an interval")
    se = math.sqrt(g / (g - 1) * float((s[:, 0] ** 2).sum()))
    t = float(sps.t.ppf(0.975, g - 1))
    ci = (max(0.0, value - t * se), min(1.0, value + t * se))
    return estimate(value, ci, len(credit), rates=[m1, m2], n_first=n1, n_second=n2, se=se)


def bradley_terry(d: pd.DataFrame, models: list[str]) -> _Fit | None:
    """Cluster-robust logistic fit of a's credit on model indicators, slot, length and markdown differences."""
    import statsmodels.api as sm

    if len(models) < 2 or len(d) < len(models) + 4:
        return None
    idx = {m: i for i, m in enumerate(models)}
    x = np.zeros((len(d), len(models) - 1 + 3))
    for r, (ma, mb) in enumerate(zip(d["model_a"], d["model_b"])):
        if idx[ma]:
            x[r, idx[ma] - 1] += 1.0
        if idx[mb]:
            x[r, idx[mb] - 1] -= 1.0
    k = len(models) - 1
    names = ["slot", "length", "markdown"]
    x[:, k] = d["first_a"].to_numpy(float)
    x[:, k + 1] = d["dlen"].fillna(0.0).to_numpy(float)
    x[:, k + 2] = d["dmd"].fillna(0.0).to_numpy(float)
    used = [c for c in range(x.shape[1]) if c < k or np.any(x[:, c] != 0)]
    if not (np.any(x[:, k] > 0) and np.any(x[:, k] < 0)):  # one order only: the slot is not identified
        used = [c for c in used if c != k]
    if np.linalg.matrix_rank(x[:, used]) < len(used):
        return None
    groups = pd.factorize(d["unit"])[0]
    try:
        fit = sm.GLM(d["credit"].to_numpy(float), x[:, used], family=sm.families.Binomial()).fit(
            cov_type="cluster", cov_kwds={"groups": groups}
        )
    except (np.linalg.LinAlgError, ValueError):
        return None
    params, cov = np.asarray(fit.params), np.asarray(fit.cov_params())
    if not np.all(np.isfinite(params)) or not np.all(np.isfinite(cov)):
        return None
    theta = np.zeros(len(models))
    theta[1:] = params[:k]
    coefs: dict[str, Estimate] = {}
    for j, c in enumerate(used):
        if c >= k:
            se = math.sqrt(max(cov[j, j], 0.0))
            lo, hi = params[j] - 1.959963984540054 * se, params[j] + 1.959963984540054 * se
            p = floor_p(float(2 * sps.norm.sf(abs(params[j]) / se))) if se > 0 else None
            coefs[names[c - k]] = estimate(float(params[j]), (lo, hi), len(d), p, test=True, se=se)
    return {"theta": theta, "cov": cov[:k, :k], "coefs": coefs, "n_items": int(groups.max() + 1)}


def _controlled(d: pd.DataFrame, models: list[str], fit: _Fit, model: str) -> tuple[float, np.ndarray]:
    """Predicted win probability of ``model`` against its opponents with no slot/style difference; gradient."""
    mine = d.loc[(d["model_a"] == model) | (d["model_b"] == model)]
    opp = np.where(mine["model_a"] == model, mine["model_b"], mine["model_a"])
    idx = {m: i for i, m in enumerate(models)}
    i = idx[model]
    js = np.array([idx[o] for o in opp])
    z = fit["theta"][i] - fit["theta"][js]
    p = 1.0 / (1.0 + np.exp(-z))
    w = p * (1 - p) / len(p)
    grad = np.zeros(len(models))
    grad[i] += w.sum()
    np.subtract.at(grad, js, w)
    return float(p.mean()), grad[1:]


def model_scores(df: pd.DataFrame, *, seed: int = 0) -> ModelScores:
    """The scores of every answering model in one judge's pairwise judgments (see the module docstring)."""
    d = pairwise_rows(df)
    models = sorted(set(d["model_a"]) | set(d["model_b"]))
    entries: dict[str, ModelEntry] = {}
    out: ModelScores = {"n_judgments": int(len(d)), "n_items": int(d["unit"].nunique()), "models": entries}
    if not models:
        out["note"] = "no read pairwise judgment names both answers' models (model_a, model_b)"
        return out
    fit = bradley_terry(d, models)
    if fit is not None:
        out["coefficients"] = fit["coefs"]
    for m in models:
        mine, credit, first = _sides(d, m)
        units = mine["unit"].to_numpy(object)
        known = (mine["first_a"] != 0).to_numpy()
        entry: ModelEntry = {
            "raw": rate_estimate(units, credit),
            "position_balanced": balanced(units, credit, first, known),
            "n_opponents": int(len(set(np.where(mine["model_a"] == m, mine["model_b"], mine["model_a"])))),
        }
        if fit is not None:
            value, grad = _controlled(d, models, fit, m)
            se = math.sqrt(max(float(grad @ fit["cov"] @ grad), 0.0))
            entry["controlled"] = (
                estimate(value, (max(0.0, value - 1.96 * se), min(1.0, value + 1.96 * se)), len(credit), se=se)
                if se > 0
                else empty(len(credit), note="no interval: the model's strength is not identified")
            )
        else:
            entry["controlled"] = empty(len(credit), note="the regression could not be fitted (too few judgments)")
        entries[m] = entry
    out["ranking"] = _ranks(d, models, fit, entries, seed=seed)
    return out


def _ranks(
    d: pd.DataFrame, models: list[str], fit: _Fit | None, entries: dict[str, ModelEntry], *, seed: int
) -> Ranking:
    """Rank (1 = best) on the controlled win rate, else raw, with 95% rank intervals from redrawn estimates."""
    rng = np.random.default_rng(seed)
    controlled = fit is not None and all(entries[m]["controlled"]["value"] is not None for m in models)
    basis = "controlled" if controlled else "raw"
    if basis == "controlled":
        assert fit is not None
        th = rng.multivariate_normal(fit["theta"][1:], fit["cov"], size=N_DRAWS, check_valid="ignore")
        sims = np.column_stack([_controlled_draw(d, models, th, m) for m in models])
    else:
        est = [entries[m]["raw"] for m in models]
        se = [_spread(e["ci"]) for e in est]
        sims = np.column_stack([rng.normal(e["value"] or 0.0, s, N_DRAWS) for e, s in zip(est, se)])
    point = np.array(
        [(entries[m]["controlled"] if controlled else entries[m]["raw"])["value"] for m in models], dtype=float
    )
    rank = (-point).argsort().argsort() + 1
    sim_rank = (-sims).argsort(axis=1).argsort(axis=1) + 1
    lo, hi = np.percentile(sim_rank, [2.5, 97.5], axis=0)
    return {
        "basis": basis,
        "order": [models[i] for i in np.argsort(rank)],
        "ranks": {m: {"rank": int(rank[i]), "ci": [int(lo[i]), int(hi[i])]} for i, m in enumerate(models)},
    }


def _spread(ci: list[float | None] | None) -> float:
    """The standard error a 95% interval implies (0 without an interval)."""
    if not ci or ci[0] is None or ci[1] is None:
        return 0.0
    return (ci[1] - ci[0]) / 3.92


def _controlled_draw(d: pd.DataFrame, models: list[str], th: np.ndarray, model: str) -> np.ndarray:
    mine = d.loc[(d["model_a"] == model) | (d["model_b"] == model)]
    opp = np.where(mine["model_a"] == model, mine["model_b"], mine["model_a"])
    idx = {m: i for i, m in enumerate(models)}
    full = np.column_stack([np.zeros(len(th)), th])
    z = full[:, [idx[model]]] - full[:, [idx[o] for o in opp]]
    return np.asarray((1.0 / (1.0 + np.exp(-z))).mean(axis=1))


def ranking_agreement(
    per_judge: dict[str, pd.DataFrame], *, seed: int = 0, n_boot: int = 1000
) -> dict[str, TauEstimate]:
    """Kendall's tau between every two judges' model rankings (raw win rates on the models both scored), with a
    percentile interval from resampling items (one draw of items serves both judges, so shared items stay
    paired)."""
    rng = np.random.default_rng(seed)
    rows = {j: pairwise_rows(f) for j, f in per_judge.items()}
    out: dict[str, TauEstimate] = {}
    names = sorted(rows)
    for x, jx in enumerate(names):
        for jy in names[x + 1 :]:
            a, b = rows[jx], rows[jy]
            common = sorted((set(a["model_a"]) | set(a["model_b"])) & (set(b["model_a"]) | set(b["model_b"])))
            key = f"{jx} vs {jy}"
            if len(common) < 3:
                out[key] = {**empty(len(common), note="fewer than 3 models scored by both judges")}
                continue
            units = sorted(set(a["unit"]) | set(b["unit"]))
            (ca, na), (cb, nb) = _win_matrix(a, common, units), _win_matrix(b, common, units)
            tau = _tau(ca.sum(0), na.sum(0), cb.sum(0), nb.sum(0))
            w = rng.multinomial(len(units), np.full(len(units), 1 / len(units)), size=n_boot).astype(float)
            boots = [t for t in (_tau(*(wi @ m for m in (ca, na, cb, nb))) for wi in w) if t is not None]
            if tau is None or len(boots) < n_boot / 2:
                out[key] = {**empty(len(common), note="a ranking is constant: tau undefined")}
                continue
            lo, hi = np.percentile(boots, [2.5, 97.5])
            if lo == hi:  # every resample ranks alike: widen by one discordant pair's worth, never zero width
                step = 4.0 / (len(common) * (len(common) - 1))
                lo, hi = max(-1.0, lo - step), min(1.0, hi + step)
            out[key] = {
                **estimate(tau, (round(float(lo), 12), round(float(hi), 12)), len(common)),
                "models": common,
                "n_boot": len(boots),
            }
    return out


def _win_matrix(d: pd.DataFrame, models: list[str], units: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Per unit (rows) and model (columns): the credit summed and the judgments counted."""
    at = {u: i for i, u in enumerate(units)}
    c, n = np.zeros((len(units), len(models))), np.zeros((len(units), len(models)))
    for k, m in enumerate(models):
        mine, credit, _ = _sides(d, m)
        rows = np.array([at[u] for u in mine["unit"]], dtype=int)
        np.add.at(c[:, k], rows, credit)
        np.add.at(n[:, k], rows, 1.0)
    return c, n


def _tau(ca: np.ndarray, na: np.ndarray, cb: np.ndarray, nb: np.ndarray) -> float | None:
    ok = (na > 0) & (nb > 0)
    if ok.sum() < 3:
        return None
    t = sps.kendalltau(ca[ok] / na[ok], cb[ok] / nb[ok]).statistic
    return None if not np.isfinite(t) else round(float(t), 12)
