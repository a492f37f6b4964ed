"""Simulated judgments of answering models of known strength by a judge with a planted length or slot bias.

Each item pairs two models drawn at random, both orders judged. A model has a true strength ``q`` and a mean
answer length; the judge picks a with probability sigmoid(q_a − q_b + length·(len_a − len_b)/(len_a + len_b)
·4 + position·slot). The *true* win rate of a model is its mean sigmoid(q_m − q_opponent) over the judgments
it played in, what a style-controlled win rate should recover.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd


def simulate_models(
    n_items: int,
    strengths: Mapping[str, float],
    lengths: Mapping[str, float],
    *,
    length: float = 0.0,
    position: float = 0.0,
    seed: int = 0,
    judge: str = "sim-judge",
) -> tuple[pd.DataFrame, dict[str, float]]:
    """(judgments-contract rows, each model's true win rate)."""
    rng = np.random.default_rng(seed)
    models = sorted(strengths)
    rows = []
    truth: dict[str, list[float]] = {m: [] for m in models}
    for i in range(n_items):
        ma, mb = rng.choice(models, 2, replace=False)
        la = float(rng.lognormal(np.log(lengths[ma]), 0.3))
        lb = float(rng.lognormal(np.log(lengths[mb]), 0.3))
        qa, qb = strengths[ma], strengths[mb]
        dlen = (la - lb) / (la + lb)
        for order, slot in (("ab", 1.0), ("ba", -1.0)):
            z = qa - qb + length * 4 * dlen + position * slot
            winner = "a" if rng.random() < 1 / (1 + np.exp(-z)) else "b"
            rows.append(
                {
                    "judge": judge,
                    "judge_family": "fam",
                    "probe": "recorded",
                    "suite": "models",
                    "item_id": f"m-{i:05d}",
                    "variant": "original",
                    "mode": "pairwise",
                    "order": order,
                    "winner": winner,
                    "model_a": ma,
                    "model_b": mb,
                    "len_a": round(la),
                    "len_b": round(lb),
                }
            )
            p = 1 / (1 + np.exp(-(qa - qb)))
            truth[ma].append(float(p))
            truth[mb].append(float(1 - p))
    return pd.DataFrame(rows), {m: float(np.mean(v)) for m, v in truth.items() if v}
