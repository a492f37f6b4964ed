"""Fitting the joint judge model: maximum marginal likelihood, item-cluster sandwich, identification.

The optimiser is deterministic (L-BFGS from fixed starting values, then Newton steps on a central-difference
Hessian of the analytic gradient), so the same judgments give the same numbers. Intervals come from the
cluster-robust sandwich by item with the factor G/(G − 1) and t quantiles on G − 1 degrees of freedom (G
items), as the project's other regression terms do (Cameron & Miller 2015).

A term is reported only when the data identify it: a direction along which the likelihood is flat (the
Hessian's null space, after scaling) names the terms it mixes, and each judge's terms need
``INFO_PER_TERM`` verdicts' worth of Fisher information, the rule the single-judge logit uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import minimize

from judgeaudit.stats.judgemodel.design import Design
from judgeaudit.stats.judgemodel.likelihood import Layout, evaluate, layout, start
from judgeaudit.stats.regression import INFO_PER_TERM

_NULL = 1e-7  # scaled-Hessian eigenvalue below which a direction is flat
_LOAD = 0.2  # a parameter's share of a flat direction that makes it unidentified
_LIMIT = 25.0  # |log-odds| past which a term runs off to infinity (separation)


@dataclass
class Fit:
    """The fitted model: estimates, their cluster-robust covariance and what could not be identified."""

    design: Design
    layout: Layout
    x: np.ndarray
    influence: np.ndarray  # (I, P) per-item influence: cov = influence.T @ influence
    loglik: float
    converged: bool
    unidentified: dict[int, str] = field(default_factory=dict)  # parameter -> why
    judge_info: dict[str, float] = field(default_factory=dict)
    row_info: np.ndarray | None = None
    posterior: np.ndarray | None = None
    logp: np.ndarray | None = None

    @property
    def cov(self) -> np.ndarray:
        return self.influence.T @ self.influence

    @property
    def df(self) -> int:
        return max(1, self.design.n_items - 1)

    def index(self, judge: str, term: str) -> int | None:
        name = f"{judge}\t{term}"
        return self.layout.names.index(name) if name in self.layout.names else None


def _hessian(design: Design, lay: Layout, x: np.ndarray) -> np.ndarray:
    """−∂²loglik by central differences of the analytic gradient."""
    P = len(x)
    H = np.zeros((P, P))
    for k in range(P):
        h = 1e-5 * max(1.0, abs(x[k]))
        up, down = x.copy(), x.copy()
        up[k] += h
        down[k] -= h
        H[:, k] = -(evaluate(design, lay, up).grad - evaluate(design, lay, down).grad) / (2 * h)
    return 0.5 * (H + H.T)


def _optimise(design: Design, lay: Layout, x0: np.ndarray) -> tuple[np.ndarray, bool]:
    n = len(design.y)

    def f(x: np.ndarray) -> tuple[float, np.ndarray]:
        e = evaluate(design, lay, x)
        return -e.loglik / n, -e.grad / n

    res = minimize(f, x0, jac=True, method="L-BFGS-B", options={"maxiter": 2000, "gtol": 1e-9, "ftol": 1e-15})
    return np.asarray(res.x), bool(res.success) or float(np.max(np.abs(res.jac))) < 1e-6


def _flat_directions(H: np.ndarray, names: list[str]) -> dict[int, str]:
    """Parameters on a flat direction of the scaled Hessian, each with the terms it cannot be told from."""
    d = np.sqrt(np.clip(np.diag(H), 1e-300, None))
    S = H / np.outer(d, d)
    vals, vecs = np.linalg.eigh(S)
    out: dict[int, str] = {}
    for v in vecs[:, vals < _NULL * max(1.0, float(vals.max()))].T:
        load = v**2 / np.sum(v**2)
        mixed = [int(k) for k in np.flatnonzero(load > _LOAD * load.max())]
        for k in mixed:
            others = [_readable(names[o]) for o in mixed if o != k]
            out.setdefault(
                k, "not identified: the data cannot tell it from " + (", ".join(others) if others else "nothing else")
            )
    for flat in np.flatnonzero(np.diag(H) <= 0):
        out.setdefault(int(flat), "not identified: the likelihood does not depend on it")
    return out


def _readable(name: str) -> str:
    judge, term = name.split("\t")
    return f"{judge}'s {term.replace('_', ' ')}" if judge else term.replace("quality:", "the quality of ")


def fit(design: Design, x0: np.ndarray | None = None) -> Fit:
    """Fit ``design`` (which must hold at least one judge)."""
    lay = layout(design)
    x = start(design, lay) if x0 is None else x0.copy()
    x, converged = _optimise(design, lay, x)
    H = _hessian(design, lay, x)
    moved = 0.0
    for _ in range(3):  # Newton steps polish what L-BFGS left
        e = evaluate(design, lay, x)
        step = np.linalg.lstsq(H, e.grad, rcond=1e-10)[0]
        t = 1.0
        while t > 1e-4 and evaluate(design, lay, x + t * step).loglik < e.loglik - 1e-9:
            t /= 2
        x = x + t * step
        moved = max(moved, float(np.max(np.abs(t * step))))
        if float(np.max(np.abs(t * step))) < 1e-8:
            break
    if moved > 1e-4:
        H = _hessian(design, lay, x)
    unidentified = _flat_directions(H, lay.names)
    for k in np.flatnonzero(np.abs(x) > _LIMIT):
        unidentified[int(k)] = "separation: the verdicts determine it, so it has no finite estimate"
    e = evaluate(design, lay, x, full=True)
    assert e.item_scores is not None and e.row_info is not None
    if lay.gold < 0 and (lay.disc >= 0).any() and np.mean(x[lay.disc[lay.disc >= 0]]) < 0:
        flip = np.r_[lay.disc[lay.disc >= 0], lay.quality]  # the same fit, quality measured the other way up
        x[flip] = -x[flip]
        e.item_scores[:, flip] = -e.item_scores[:, flip]
        H[flip, :] = -H[flip, :]
        H[:, flip] = -H[:, flip]
    keep = np.array([k not in unidentified for k in range(len(x))])
    bread = np.zeros_like(H)
    if keep.any():
        sub = H[np.ix_(keep, keep)]
        bread[np.ix_(keep, keep)] = np.linalg.pinv(sub, rcond=1e-12)
    G = design.n_items
    influence = e.item_scores @ bread * math.sqrt(G / max(G - 1, 1))
    info = {j: float(e.row_info[design.judge == i].sum()) for i, j in enumerate(design.judges)}
    out = Fit(design, lay, x, influence, e.loglik, converged, unidentified, info, e.row_info, e.posterior, e.logp)
    for name in design.judges:
        n_terms = sum(t != "tie" for t in design.terms[name])
        need = INFO_PER_TERM * max(1, n_terms)
        if info[name] < need:
            for what in design.terms[name]:
                at = out.index(name, what)
                if at is not None:
                    unidentified.setdefault(
                        at,
                        f"too little information: this judge's verdicts hold about {info[name]:.1f} verdicts' worth "
                        f"of uncertainty, under the {need:g} its {n_terms} terms need",
                    )
    return out
