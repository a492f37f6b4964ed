"""The joint judge model's marginal likelihood, its gradient and each item's score.

For judge j, item i and the row's slot s (+1 when answer a is shown first):

    η = a_j·δ_i + β_j·s + λ_j·length + μ_j·markdown + γ_j·own_j      (log-odds that a beats b)
    δ_i = κ·gold_i + θ(model of a) − θ(model of b) + u_i,  u_i ~ N(0, 1)  (shared by every judge)

and the verdict follows Davidson's (1970) tie model: P(a) ∝ e^{η/2}, P(b) ∝ e^{−η/2}, P(tie) ∝ ν_j.
The item's latent quality gap u_i is integrated out on a fixed grid (the trapezoid rule, exact to many
digits for integrands this smooth), so the likelihood is a product over items and every score is a sum of
per-item terms: what the item-cluster sandwich needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from judgeaudit.stats.judgemodel.design import Design

GRID = np.linspace(-5.0, 5.0, 41)
_LOGW = -0.5 * GRID**2 - np.log(np.sum(np.exp(-0.5 * GRID**2)))
LINEAR = ("slot", "side", "length", "markdown", "own_family", "placebo")


@dataclass
class Layout:
    """Where each parameter sits in the vector: ``names`` and the index maps of each kind."""

    names: list[str]
    disc: np.ndarray  # (J,) index of a_j, -1 where the judge has none
    tie: np.ndarray  # (J,) index of tau_j (log nu), -1 where none
    linear: list[tuple[int, int, str]]  # (index, judge, feature)
    gold: int  # -1 when none
    quality: np.ndarray  # (U,) index of theta_u


def layout(design: Design) -> Layout:
    """The parameter vector of ``design``: per judge its terms, then gold and the quality units."""
    names: list[str] = []
    J = len(design.judges)
    disc, tie = np.full(J, -1), np.full(J, -1)
    linear = []
    for j, judge in enumerate(design.judges):
        for term in design.terms[judge]:
            k = len(names)
            names.append(f"{judge}\t{term}")
            if term == "discrimination":
                disc[j] = k
            elif term == "tie":
                tie[j] = k
            else:
                linear.append((k, j, term))
    gold = -1
    if (disc >= 0).any() and np.any(design.gold != 0):
        gold = len(names)
        names.append("\tgold")
    quality = np.arange(len(names), len(names) + len(design.quality))
    names += [f"\tquality:{u}" for u in design.quality]
    return Layout(names, disc, tie, linear, gold, quality)


def start(design: Design, lay: Layout) -> np.ndarray:
    """Starting values: discrimination 1, every other term 0, tie at the judge's tie share."""
    x = np.zeros(len(lay.names))
    x[lay.disc[lay.disc >= 0]] = 1.0
    for j, k in enumerate(lay.tie):
        if k >= 0:
            share = float(np.mean(design.y[design.judge == j] == 2))
            x[k] = np.log(max(share, 1e-3) * 2 / max(1 - share, 1e-3))
    if lay.gold >= 0:
        x[lay.gold] = 1.0
    return x


@dataclass
class Evaluation:
    """The log-likelihood at a parameter vector, its gradient, each item's score and each row's information."""

    loglik: float
    grad: np.ndarray
    item_scores: np.ndarray | None  # (I, P)
    row_info: np.ndarray | None  # (R,) Fisher information on η, averaged over the item's posterior
    posterior: np.ndarray | None  # (I, Q)
    logp: np.ndarray | None  # (R, Q)


def features(design: Design, feature: str) -> np.ndarray:
    if feature in ("slot", "side"):
        return design.slot
    if feature == "placebo":
        assert design.placebo is not None
        return design.placebo
    return {"length": design.length, "markdown": design.markdown, "own_family": design.own}[feature]


def evaluate(design: Design, lay: Layout, x: np.ndarray, *, full: bool = False) -> Evaluation:
    """Log-likelihood and gradient at ``x``; with ``full``, also per-item scores and row information."""
    R = len(design.y)
    item, judge = design.item, design.judge
    a_j = np.where(lay.disc >= 0, x[np.maximum(lay.disc, 0)], 0.0)
    a = a_j[judge]
    theta = np.r_[x[lay.quality], 0.0]  # code -1 reads the trailing 0
    kappa = x[lay.gold] if lay.gold >= 0 else 0.0
    m = kappa * design.gold + theta[design.qa] - theta[design.qb]
    lin = np.zeros(R)
    for k, j, feat in lay.linear:
        on = judge == j
        lin[on] += x[k] * features(design, feat)[on]
    eta = np.clip(a[:, None] * (m[item][:, None] + GRID[None, :]) + lin[:, None], -60.0, 60.0)
    nu_j = np.where(lay.tie >= 0, np.exp(x[np.maximum(lay.tie, 0)]), 0.0)
    nu = nu_j[judge][:, None]
    e_a = np.exp(0.5 * eta)
    e_b = 1.0 / e_a
    total = e_a + e_b + nu
    p_a, p_b = e_a / total, e_b / total
    y = design.y[:, None]
    p_t = nu / total
    logp = np.log(np.where(y == 0, p_a, np.where(y == 1, p_b, p_t)))
    per_item = np.add.reduceat(logp, design.starts, axis=0) + _LOGW[None, :]
    lik = _logsumexp_rows(per_item)
    post = np.exp(per_item - lik[:, None])
    post_r = post[item]
    ysign = np.where(design.y == 0, 1.0, np.where(design.y == 1, -1.0, 0.0))[:, None]
    d_eta = 0.5 * ysign - 0.5 * (p_a - p_b)
    weighted = post_r * d_eta
    g0 = np.sum(weighted, axis=1)
    g1 = np.sum(weighted * GRID[None, :], axis=1)
    gt = np.sum(post_r * ((design.y == 2)[:, None] - p_t), axis=1)
    if not full:  # the optimiser's thousands of calls: the gradient without the (rows x parameters) matrix
        grad = _gradient(design, lay, m, g0, g1, gt, g0 * a)
        return Evaluation(float(lik.sum()), grad, None, None, None, None)
    ga = g0 * a
    rows = np.zeros((R, len(lay.names)))
    for k, on, values in _row_terms(design, lay, m, g0, g1, gt, ga):
        rows[on, k] = values
    if len(lay.quality):
        qa, qb = design.qa[item], design.qb[item]
        r = np.arange(R)
        np.add.at(rows, (r[qa >= 0], lay.quality[qa[qa >= 0]]), ga[qa >= 0])
        np.add.at(rows, (r[qb >= 0], lay.quality[qb[qb >= 0]]), -ga[qb >= 0])
    out = Evaluation(float(lik.sum()), rows.sum(axis=0), None, None, None, None)
    out.item_scores = np.add.reduceat(rows, design.starts, axis=0)
    out.row_info = np.sum(post_r * 0.25 * (p_a + p_b - (p_a - p_b) ** 2), axis=1)
    out.posterior, out.logp = post, logp
    return out


def _in_row_order(values: np.ndarray, bins: np.ndarray | None = None, size: int = 1) -> np.ndarray:
    """Sums of ``values`` per bin, added one row after another as the column sums of the (rows x parameters)
    matrix add them (bincount adds in input order): the gradient is the one ``full`` gives, bit for bit."""
    where = np.zeros(len(values), dtype=np.intp) if bins is None else bins
    return np.bincount(where, weights=values, minlength=size)


def _gradient(
    design: Design, lay: Layout, m: np.ndarray, g0: np.ndarray, g1: np.ndarray, gt: np.ndarray, ga: np.ndarray
) -> np.ndarray:
    """The log-likelihood's gradient: each parameter's per-row terms summed in row order (see _in_row_order)."""
    grad = np.zeros(len(lay.names))
    for k, _, values in _row_terms(design, lay, m, g0, g1, gt, ga):
        grad[k] = _in_row_order(values)[0]
    item = design.item
    if len(lay.quality):
        qa, qb = design.qa[item], design.qb[item]
        # a row adds +ga to the quality of answer a's model and -ga to answer b's; a model against itself adds
        # ga - ga = 0, which leaves its sum as it was
        left, right = (qa >= 0) & (qa != qb), (qb >= 0) & (qa != qb)
        order = np.argsort(np.r_[np.flatnonzero(left), np.flatnonzero(right)], kind="stable")
        bins, values = np.r_[qa[left], qb[right]][order], np.r_[ga[left], -ga[right]][order]
        grad[lay.quality] = _in_row_order(values, bins, size=len(lay.quality))
    return grad


def _row_terms(
    design: Design, lay: Layout, m: np.ndarray, g0: np.ndarray, g1: np.ndarray, gt: np.ndarray, ga: np.ndarray
) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """Each judge term's and gold's score per row: (parameter, the rows it touches, their values). The
    full evaluation writes them into the (rows x parameters) matrix, the optimiser's sums them directly."""
    item, judge = design.item, design.judge
    for j in range(len(design.judges)):
        on = judge == j
        if lay.disc[j] >= 0:
            yield int(lay.disc[j]), on, g0[on] * m[item[on]] + g1[on]
        if lay.tie[j] >= 0:
            yield int(lay.tie[j]), on, gt[on]
    for k, j, feat in lay.linear:
        on = judge == j
        yield k, on, g0[on] * features(design, feat)[on]
    if lay.gold >= 0:
        yield lay.gold, np.ones(len(ga), dtype=bool), ga * design.gold[item]


def _logsumexp_rows(a: np.ndarray) -> np.ndarray:
    """``scipy.special.logsumexp(a, axis=1)`` for finite real ``a``, computed as scipy computes it (the largest
    terms apart, then log1p of the others' scaled sum), without its per-call overhead."""
    a_max = np.max(a, axis=1, keepdims=True)
    is_max = a == a_max
    m = np.sum(is_max.astype(a.dtype), axis=1, keepdims=True)
    s = np.sum(np.exp(np.where(is_max, -np.inf, a) - a_max), axis=1, keepdims=True)
    s = np.where(s == 0, s, s / m)
    return (np.log1p(s) + np.log(m) + a_max)[:, 0]
