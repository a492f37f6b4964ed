"""Panels of judges with planted skill, slot, tie, style and family effects: the joint model's test bed.

Each answer has a latent quality q = θ(model) + e, e ~ N(0, ½), so the quality gap of a pair is
δ = θ(a) − θ(b) + u with u ~ N(0, 1), the joint model's own assumption. Judge J's verdict follows

    η = discrimination_J·δ + position_J·s + length_J·(len_a − len_b)/(len_a + len_b)
        + own_family_J·own_J + Σ_F affinity_J[F]·(1[a is F] − 1[b is F])

with Davidson's tie model (ν = e^tie, no ties when ``tie`` is None). Gold, where asked for, is the better
answer (sign of δ). ``length_quality`` makes better answers longer, so a judge that follows quality prefers
the longer answer without any length bias: the confound the length term must not fall for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from judgeaudit.stats.simulate import _seed


@dataclass(frozen=True)
class PanelJudge:
    """One simulated judge of a panel; every effect is on the log-odds scale."""

    name: str
    family: str
    discrimination: float = 1.0
    position: float = 0.0
    tie: float | None = None
    length: float = 0.0
    own_family: float = 0.0
    affinity: Mapping[str, float] = field(default_factory=dict)


# models (name, family, quality θ): two per family, so family and model effects can be told apart
MODELS: tuple[tuple[str, str, float], ...] = (
    ("f0-large", "f0", 0.0),
    ("f0-small", "f0", 0.0),
    ("f1-large", "f1", 0.0),
    ("f1-small", "f1", 0.0),
    ("f2-large", "f2", 0.0),
    ("f2-small", "f2", 0.0),
    ("f3-large", "f3", 0.0),
    ("f3-small", "f3", 0.0),
)


def with_quality(offsets: Mapping[str, float], models: Sequence[tuple[str, str, float]] = MODELS) -> tuple:
    """``models`` with each family's quality moved by ``offsets[family]``."""
    return tuple((m, f, q + offsets.get(f, 0.0)) for m, f, q in models)


def simulate_panel(
    n_items: int,
    judges: Sequence[PanelJudge],
    *,
    seed: int = 0,
    models: Sequence[tuple[str, str, float]] = MODELS,
    gold: bool = False,
    both_orders: bool = True,
    length_quality: float = 0.0,
) -> pd.DataFrame:
    """Judgments (the judgments contract) of every judge of the panel on the same ``n_items`` pairs.

    Items depend on ``seed`` only; each judge's verdicts on ``seed`` and its name.
    """
    rng = np.random.default_rng(_seed("panel-items", seed))
    k = len(models)
    first = rng.integers(0, k, n_items)
    second = (first + rng.integers(1, k, n_items)) % k  # a different model
    theta = np.array([q for _, _, q in models])
    names = np.array([m for m, _, _ in models], dtype=object)
    fams = np.array([f for _, f, _ in models], dtype=object)
    q_a = theta[first] + rng.normal(0, np.sqrt(0.5), n_items)
    q_b = theta[second] + rng.normal(0, np.sqrt(0.5), n_items)
    delta = q_a - q_b
    len_a = np.round(600 * np.exp(0.5 * rng.standard_normal(n_items) + length_quality * q_a)).astype(int) + 1
    len_b = np.round(600 * np.exp(0.5 * rng.standard_normal(n_items) + length_quality * q_b)).astype(int) + 1
    x_len = (len_a - len_b) / (len_a + len_b)
    label = np.where(delta > 0, "a", "b").astype(object) if gold else np.full(n_items, None, dtype=object)
    order_of = np.where(rng.random(n_items) < 0.5, "ab", "ba")
    frames = []
    for judge in judges:
        jr = np.random.default_rng(_seed("panel-verdicts", seed, judge.name))
        own = (fams[first] == judge.family).astype(float) - (fams[second] == judge.family).astype(float)
        lean = sum(
            v * ((fams[first] == f).astype(float) - (fams[second] == f).astype(float))
            for f, v in judge.affinity.items()
        )
        base = judge.discrimination * delta + judge.length * x_len + judge.own_family * own + lean
        for order in ("ab", "ba") if both_orders else (None,):
            orders = order_of if order is None else np.full(n_items, order)
            s = np.where(orders == "ab", 1.0, -1.0)
            eta = base + judge.position * s
            nu = 0.0 if judge.tie is None else float(np.exp(judge.tie))
            w_a, w_b = np.exp(0.5 * eta), np.exp(-0.5 * eta)
            u = jr.random(n_items) * (w_a + w_b + nu)
            winner = np.where(u < w_a, "a", np.where(u < w_a + w_b, "b", "tie")).astype(object)
            frames.append(
                pd.DataFrame(
                    {
                        "judge": judge.name,
                        "judge_family": judge.family,
                        "probe": "position",
                        "suite": "panel",
                        "item_id": [f"panel-{i:05d}" for i in range(n_items)],
                        "variant": "original",
                        "mode": "pairwise",
                        "order": orders,
                        "winner": winner,
                        "label": label,
                        "len_a": len_a,
                        "len_b": len_b,
                        "model_a": names[first],
                        "model_b": names[second],
                        "family_a": fams[first],
                        "family_b": fams[second],
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)
